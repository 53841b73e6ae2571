package lessons

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/ciphergram/ciphergram/seeds"
)

// roundTripFiles are every built-in lesson and the good fixtures, with
// the documents each may cite.
func roundTripFiles(t *testing.T) map[string][]*seeds.Document {
	t.Helper()
	files := map[string][]*seeds.Document{}
	builtin, err := filepath.Glob("[0-9]*.md")
	if err != nil || len(builtin) == 0 {
		t.Fatalf("no built-in lessons: %v", err)
	}
	for _, f := range builtin {
		files[f] = seeds.All()
	}
	files["testdata/good/01-first-look.md"] = seeds.All()
	files["testdata/multi/01-two-sources.md"] = withFixture(t)
	return files
}

// TestDraftRoundTrip: what the builder's forms read from a lesson file
// and write back parses to the same lesson: the same questions, keys,
// feedback and grading, the same reading and glossary.
func TestDraftRoundTrip(t *testing.T) {
	for name, docs := range roundTripFiles(t) {
		data := mustRead(t, name)
		want, probs := Parse(name, []byte(data), docs)
		if len(probs) > 0 {
			t.Fatalf("%s: %v", name, probs)
		}
		d, err := ReadDraft(data)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		text, fields := d.Write()
		if n := strings.Count(text, "\n") + 1; n != len(fields) {
			t.Errorf("%s: %d lines, %d fields", name, n, len(fields))
		}
		got, probs := Parse(name, []byte(text), docs)
		if len(probs) > 0 {
			t.Fatalf("%s written back: %v\n%s", name, probs, text)
		}
		sameLesson(t, name, want, got)
		// Writing is stable: read again, written again, the same text.
		again, err := ReadDraft(text)
		if err != nil {
			t.Fatal(err)
		}
		if text2, _ := again.Write(); text2 != text {
			t.Errorf("%s: writing twice gives another text", name)
		}
	}
}

func sameLesson(t *testing.T, name string, want, got *Lesson) {
	t.Helper()
	if want.Slug != got.Slug || want.Title != got.Title || want.Summary != got.Summary {
		t.Errorf("%s: details %q %q %q, want %q %q %q", name, got.Slug, got.Title, got.Summary, want.Slug, want.Title, want.Summary)
	}
	if !reflect.DeepEqual(want.Sources, got.Sources) || !reflect.DeepEqual(want.Skills, got.Skills) || !reflect.DeepEqual(want.Glossary, got.Glossary) {
		t.Errorf("%s: sources, skills or glossary differ", name)
	}
	if !reflect.DeepEqual(want.Sections, got.Sections) {
		t.Errorf("%s: sections differ:\n%+v\n%+v", name, got.Sections, want.Sections)
	}
	if len(want.Questions) != len(got.Questions) {
		t.Fatalf("%s: %d questions, want %d", name, len(got.Questions), len(want.Questions))
	}
	for i, q := range want.Questions {
		g := *got.Questions[i]
		g.Line = q.Line
		if !reflect.DeepEqual(*q, g) {
			t.Errorf("%s: question %s differs:\n got %+v\nwant %+v", name, q.ID, g, *q)
		}
	}
}

// TestDraftWritesWhatCheckAccepts: the written files pass the checks of
// `ciphergram check` (LoadSources on a folder), together.
func TestDraftWritesWhatCheckAccepts(t *testing.T) {
	dir := t.TempDir()
	for name := range roundTripFiles(t) {
		if strings.HasPrefix(name, "testdata/") {
			continue // their slugs are the tests', loaded on their own below
		}
		d, err := ReadDraft(mustRead(t, name))
		must(t, err)
		text, _ := d.Write()
		must(t, os.WriteFile(filepath.Join(dir, filepath.Base(name)), []byte(text), 0o644))
	}
	u, err := LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(u.Lessons) < 8 {
		t.Errorf("%d lessons loaded", len(u.Lessons))
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestDraftProblemFields: each problem the check finds in what a draft
// writes is at a line Write names the draft's field for, so the builder
// can show it beside that field.
func TestDraftProblemFields(t *testing.T) {
	d := &Draft{Slug: "mine", Title: "Mine", Summary: "Mine.", Sources: []string{"roshchin-1950-10-03"},
		Sections: []DraftSection{{Heading: "Read", Body: "See [[p99.s1]]."}},
		Items: []*DraftQuestion{
			{ID: "pick", Type: "single", Prompt: "Which?", Explanation: "Because.",
				Choices: []DraftChoice{{ID: "a", Text: "A", Feedback: "No."}, {ID: "b", Text: "", Feedback: "No."}}},
			{ID: "ev", Type: "evidence", Prompt: "Tick.", Explanation: "So.", Evidence: []string{"p5.s1", "p77.s1"}},
			{ID: "essay", Type: "written", Prompt: "Write.", Explanation: "So.", ModelAnswer: "This.",
				Rubric: []DraftCriterion{{Criterion: "Cites", Points: "lots"}}},
			{ID: "tf", Type: "truefalse", Prompt: "True?", Explanation: ""},
			{ID: "essay2", Type: "written", Prompt: "Write.", Explanation: "So.", ModelAnswer: "This."},
		}}
	text, fields := d.Write()
	_, probs := Parse("mine.md", []byte(text), seeds.All())
	want := map[string]string{
		"sections.0.body":     "unknown sentence ID",
		"q.0.choices":         "exactly one choice must be correct",
		"q.0.choices.1.text":  "empty text",
		"q.1.evidence":        `unknown sentence ID "p77.s1"`,
		"q.2.rubric.0.points": "points must be a number",
		"q.3.answer":          "must be true or false",
		"q.3.explanation":     "empty explanation",
		"q.4.rubric":          "has an empty rubric",
		"skills":              "has no skills",
	}
	got := map[string]string{}
	for _, p := range probs {
		got[ProblemField(fields, p)] += p.Msg + "; "
	}
	for field, msg := range want {
		if !strings.Contains(got[field], msg) {
			t.Errorf("field %s: problems %q, want one with %q\nall: %v", field, got[field], msg, probs)
		}
	}
	if len(probs) != len(want) {
		t.Errorf("%d problems, want %d: %v\n%s", len(probs), len(want), probs, text)
	}
}

// TestReadDraftLenient: an unfinished lesson still reads into the forms;
// only text that is not YAML at all is refused, with its line.
func TestReadDraftLenient(t *testing.T) {
	d, err := ReadDraft("---\nslug: x\nskills: sourcing\n---\n\n## Questions\n\n```question\ntype: short\naccept: Stalin\n```\n")
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Items) != 1 || d.Items[0].Type != "short" || strings.Join(d.Items[0].Accept, ",") != "Stalin" || strings.Join(d.Skills, ",") != "sourcing" {
		t.Errorf("read %+v", d)
	}
	if _, err := ReadDraft("---\nslug: x\n---\n\n## Questions\n\n```question\nid: [oops\n```\n"); err == nil || !strings.Contains(err.Error(), "line 8") {
		t.Errorf("broken YAML: %v, want its line", err)
	}
	if _, err := ReadDraft("no front matter"); err != ErrNoFrontMatter {
		t.Errorf("no front matter: %v", err)
	}
}

// TestDraftEveryField: a draft with every field of every type, pinned
// choices and points included (no built-in lesson pins a choice), reads
// back as written, and passes the check.
func TestDraftEveryField(t *testing.T) {
	common := func(id, typ string) *DraftQuestion {
		return &DraftQuestion{ID: id, Type: typ, Prompt: "Prompt of " + id + ": see (p5.s1).", Explanation: "Because.\n\nSee p5.s1.", Cites: []string{"p5.s1"}}
	}
	single := common("one", "single")
	single.Points = "2"
	single.Choices = []DraftChoice{{ID: "a", Text: "true", Feedback: "Yes.", Correct: true}, {ID: "b", Text: "12", Feedback: "No: 'quoted' \"text\"."},
		{ID: "none", Text: "None of these", Feedback: "No.", Pin: true}}
	multiple := common("many", "multiple")
	multiple.Choices = []DraftChoice{{ID: "a", Text: "A", Feedback: "Yes.", Correct: true}, {ID: "b", Text: "B: yes", Feedback: "Yes.", Correct: true}}
	tf := common("tf", "truefalse")
	tf.Answer = "false"
	short := common("short", "short")
	short.Accept = []string{"Stalin", "Filippov: Stalin"}
	order := common("order", "ordering")
	order.Order = []DraftItem{{"x", "First"}, {"y", "- Second"}}
	match := common("match", "matching")
	match.Pairs = []DraftPair{{"m1", "Filippov", "Stalin"}, {"m2", "Roshchin", "# ambassador"}}
	ev := common("ev", "evidence")
	ev.Cites = nil
	ev.Evidence, ev.Also, ev.Among = []string{"p15.s2"}, []string{"p15.s3"}, []string{"p15", "p16.s1"}
	written := common("essay", "written")
	written.Rubric = []DraftCriterion{{"Cites a sentence", "2"}, {"Says why", "1.5"}}
	written.ModelAnswer = "Mao waits:\n\n- a list\n- of points"
	d := &Draft{Slug: "every-field", Title: "Every field: all", Summary: "All of them.", Sources: []string{"roshchin-1950-10-03"},
		Skills: []string{"corroboration", "sourcing"}, Glossary: []DraftTerm{{"cover name", "A false name."}},
		Sections: []DraftSection{{"One", "Text [[p5.s1]].\n\n```\n## not a heading\n```"}, {"Two", "More."}},
		Items:    []*DraftQuestion{single, multiple, tf, short, order, match, ev, written}}
	text, _ := d.Write()
	if _, probs := Parse("every-field.md", []byte(text), seeds.All()); len(probs) > 0 {
		t.Fatalf("%v\n%s", probs, text)
	}
	back, err := ReadDraft(text)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, d) {
		for i, q := range d.Items {
			if i < len(back.Items) && !reflect.DeepEqual(q, back.Items[i]) {
				t.Errorf("question %s:\n got %+v\nwant %+v", q.ID, back.Items[i], q)
			}
		}
		t.Errorf("read back:\n%+v\nwant\n%+v\n%s", back, d, text)
	}
}
