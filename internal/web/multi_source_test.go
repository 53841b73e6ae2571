package web_test

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/ciphergram/ciphergram/internal/web"
	"github.com/ciphergram/ciphergram/lessons"
	"github.com/ciphergram/ciphergram/seeds"
)

// twoSourceUnit is the lessons package's test lesson on the telegram and a
// neutral fixture text (lessons/testdata/multi), with both as its sources.
func twoSourceUnit(t testing.TB) *lessons.Unit {
	t.Helper()
	text, err := os.ReadFile("../../lessons/testdata/fixture-source.txt")
	if err != nil {
		t.Fatal(err)
	}
	fixture := seeds.NewDocument("test-fixture-notes", "Test fixture: a second source", "Written for the tests.", string(text), seeds.Split(string(text)))
	u, err := lessons.LoadSources(os.DirFS("../../lessons/testdata/multi"), append(slices.Clone(seeds.All()), fixture))
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func withUnit(u *lessons.Unit) func(*web.Config) { return func(c *web.Config) { c.Unit = u } }

var htmlID = regexp.MustCompile(` id="([^"]*)"`)

// duplicateIDs lists the HTML ids a page uses more than once.
func duplicateIDs(body string) []string {
	seen := map[string]bool{}
	var dups []string
	for _, m := range htmlID.FindAllStringSubmatch(body, -1) {
		if seen[m[1]] {
			dups = append(dups, m[1])
		}
		seen[m[1]] = true
	}
	return dups
}

// TestTwoSourceLesson renders a lesson on two sources: its reading quotes
// each source by name, its evidence question offers the sentences of both
// under their titles; one student answers it right, another partly; the
// teacher's insight draws a heatmap on each source; the sources read side
// by side with no id twice in the page.
func TestTwoSourceLesson(t *testing.T) {
	unit := twoSourceUnit(t)
	c := newClassroom(t, withUnit(unit))
	ctx := context.Background()
	class := "/teach/classes/" + itoa(int(c.classA))
	if p := c.browsers["teacher A"].post(class+"/assign", url.Values{"lesson": {"two-sources"}}); p.status != http.StatusSeeOther {
		t.Fatalf("assign: %d\n%s", p.status, p.body)
	}
	l, _ := unit.Lesson("two-sources")
	q, _ := l.Question("both")

	page := c.browsers["student A"].get("/lessons/two-sources")
	if page.status != 200 {
		t.Fatalf("lesson page: %d", page.status)
	}
	for _, want := range []string{
		`<span class="quote-source">Test fixture: a second source,</span>`,
		`href="/sources/test-fixture-notes#p3.s2"`,
		`href="/sources/roshchin-1950-10-03#p5.s1"`,
		`href="/lessons/two-sources/sources"`,
		`data-testid="evidence-source" data-source="roshchin-1950-10-03"`,
		`data-testid="evidence-source" data-source="test-fixture-notes"`,
		`value="p5.s1"`, `value="test-fixture-notes:p3.s2"`,
		"No sentence of these sources supports this claim",
	} {
		if !strings.Contains(page.body, want) {
			t.Errorf("lesson page lacks %s", want)
		}
	}
	if d := duplicateIDs(page.body); len(d) > 0 {
		t.Errorf("lesson page repeats ids %v", d)
	}

	answer := func(role string, picks ...string) string {
		b := c.browsers[role]
		f := rightForm(q, attemptOf(b.get("/lessons/two-sources").body))
		f["choice"] = picks
		if p := b.post("/lessons/two-sources/questions/both", f); p.status != http.StatusSeeOther {
			t.Fatalf("%s answers: %d\n%s", role, p.status, p.body)
		}
		return b.get("/lessons/two-sources").body
	}
	right := answer("student A", "p5.s1", "test-fixture-notes:p3.s2")
	// The feedback lists each picked sentence with its source.
	picked := `<span class="quote-source">Test fixture: a second source</span> <a class="quote-link" href="/sources/test-fixture-notes#p3.s2">p3.s2</a> <span class="tag tag-picked">`
	if !strings.Contains(right, "Correct.") || !strings.Contains(right, picked) {
		t.Errorf("right answer's feedback:\n%s", right)
	}
	partly := answer("student AB", "p5.s1", "test-fixture-notes:p3.s3")
	if !strings.Contains(partly, "Partly right: 0.5 of 1 point.") {
		t.Errorf("partly right answer's feedback:\n%s", partly)
	}
	stored, err := c.db.LessonProgress(ctx, c.studentA, "two-sources")
	if err != nil || len(stored.Responses) != 1 || stored.Responses[0].Answer != `{"choices":["p5.s1","test-fixture-notes:p3.s2"]}` {
		t.Errorf("stored answer = %+v, %v", stored.Responses, err)
	}

	insight := c.browsers["teacher A"].get(class + "/lessons/two-sources/insight")
	if insight.status != 200 {
		t.Fatalf("insight: %d", insight.status)
	}
	for _, want := range []string{
		`data-testid="heat-doc" data-source="roshchin-1950-10-03"`,
		`data-testid="heat-doc" data-source="test-fixture-notes"`,
		`data-id="p5.s1" data-count="2"`,
		`data-id="test-fixture-notes:p3.s2" data-count="1"`,
		`data-id="test-fixture-notes:p3.s3" data-count="1"`,
		`data-id="test-fixture-notes:p2.s1" data-count="0"`,
	} {
		if !strings.Contains(insight.body, want) {
			t.Errorf("insight lacks %s", want)
		}
	}

	side := c.browsers["student A"].get("/lessons/two-sources/sources")
	if side.status != 200 {
		t.Fatalf("sources side by side: %d", side.status)
	}
	for _, want := range []string{`id="p5.s1"`, `id="test-fixture-notes:p3.s2"`, `href="#test-fixture-notes:p3.s2"`, `class="sources-side"`} {
		if !strings.Contains(side.body, want) {
			t.Errorf("sources page lacks %s", want)
		}
	}
	if d := duplicateIDs(side.body); len(d) > 0 {
		t.Errorf("sources page repeats ids %v", d)
	}
	if p := c.browsers["anonymous"].get("/sources/test-fixture-notes"); p.status != 200 || !strings.Contains(p.body, `id="p3.s2"`) {
		t.Errorf("the fixture's own reader: %d", p.status)
	}
	// The printed worksheet and the teacher's edition print both sources.
	for _, path := range []string{"/lessons/two-sources/worksheet", "/lessons/two-sources/teacher"} {
		p := c.browsers["teacher A"].get(path)
		if p.status != 200 || !strings.Contains(p.body, `id="test-fixture-notes:p2.s1"`) || !strings.Contains(p.body, `id="p5.s1"`) {
			t.Errorf("%s: %d, want both documents printed", path, p.status)
		}
		if d := duplicateIDs(p.body); len(d) > 0 {
			t.Errorf("%s repeats ids %v", path, d)
		}
	}
}
