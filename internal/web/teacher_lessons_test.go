package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ciphergram/ciphergram/internal/store"
	"github.com/ciphergram/ciphergram/lessons"
	"github.com/ciphergram/ciphergram/seeds"
)

// newLesson creates a lesson as the browser's teacher and returns its slug.
func newLesson(t *testing.T, b *browser, title string) string {
	t.Helper()
	p := b.post("/teach/lessons", url.Values{"title": {title}})
	loc := p.header.Get("Location")
	if p.status != http.StatusSeeOther || !strings.HasPrefix(loc, "/teach/lessons/") || !strings.HasSuffix(loc, "/text") {
		t.Fatalf("new lesson: status %d, to %q\n%s", p.status, loc, p.body)
	}
	return strings.TrimSuffix(strings.TrimPrefix(loc, "/teach/lessons/"), "/text")
}

// lessonFile is a lesson on the telegram with the given reading and
// question blocks.
func lessonFile(slug, reading, questions string) string {
	return "---\nslug: " + slug + "\ntitle: \"Who signed it: a lesson\"\nsummary: Who wrote the telegram.\nsource: roshchin-1950-10-03\nskills: [sourcing]\n---\n\n## Reading\n\n" +
		reading + "\n\n## Questions\n\n" + questions
}

func tfQuestion(id, answer string) string {
	return "```question\nid: " + id + "\ntype: truefalse\nprompt: Roshchin signs the telegram.\ncites: [p21.s1]\nanswer: " + answer + "\nexplanation: He signs it (p21.s1).\n```\n"
}

// saveText posts the text view and expects it saved.
func saveText(t *testing.T, b *browser, slug string, edits int, text string) {
	t.Helper()
	p := b.post("/teach/lessons/"+slug+"/text", url.Values{"edits": {fmt.Sprint(edits)}, "text": {text}})
	if p.status != http.StatusSeeOther {
		t.Fatalf("save text: status %d\n%s", p.status, p.body)
	}
}

// editsOf reads the hidden edits field of a page.
func editsOf(body string) string {
	m := regexp.MustCompile(`name="edits" value="(\d+)"`).FindStringSubmatch(body)
	if m == nil {
		return ""
	}
	return m[1]
}

// parsed is a lesson file as the server reads it, for its keys.
func parsed(t *testing.T, text string) *lessons.Lesson {
	t.Helper()
	l, probs := lessons.Parse("x.md", []byte(text), seeds.All())
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	return l
}

// TestTeacherLessonLifecycle: a teacher starts a lesson, saves a problem
// and sees it at its line, cannot publish it, fixes it, previews,
// publishes and assigns it; a student of the class answers it; nobody
// else finds it; the class's pages show it.
func TestTeacherLessonLifecycle(t *testing.T) {
	c := newClassroom(t)
	ta, tb := c.browsers["teacher A"], c.browsers["teacher B"]
	if p := ta.get("/teach"); !strings.Contains(p.body, `href="/teach/lessons"`) {
		t.Error("the teacher's home does not link to their lessons")
	}
	slug := newLesson(t, ta, "Who signed: it?")
	text := "/teach/lessons/" + slug + "/text"
	p := ta.get(text)
	if p.status != 200 || !strings.Contains(p.body, "slug: "+slug) || strings.Contains(p.body, `data-testid="lesson-problems"`) {
		t.Fatalf("the starter draft: %d, problems or no slug\n%s", p.status, p.body)
	}

	// A problem: an unknown sentence, at line 19 of the file.
	broken := lessonFile(slug, "Read [[p21.s1]] closely.", strings.Replace(tfQuestion("who-signed", "true"), "cites: [p21.s1]", "cites: [p99.s9]", 1))
	saveText(t, ta, slug, 0, broken)
	p = ta.get(text)
	if !strings.Contains(p.body, "<strong>Line 19:</strong>") || !strings.Contains(p.body, "unknown sentence ID") {
		t.Errorf("the problem is not shown at its line\n%s", p.body)
	}
	if p := ta.post("/teach/lessons/"+slug+"/publish", url.Values{"edits": {"1"}}); p.status != http.StatusUnprocessableEntity {
		t.Errorf("publishing a draft with problems: %d, want 422", p.status)
	}
	if p := ta.get("/teach/lessons/" + slug + "/preview"); p.status != http.StatusUnprocessableEntity {
		t.Errorf("previewing a draft with problems: %d, want 422", p.status)
	}
	// A stale form saves nothing.
	if p := ta.post(text, url.Values{"edits": {"0"}, "text": {"x"}}); p.status != http.StatusConflict || !strings.Contains(p.body, "another window") {
		t.Errorf("a stale save: %d, want 409", p.status)
	}

	good := lessonFile(slug, "Read [[p21.s1]] closely.", tfQuestion("who-signed", "true"))
	saveText(t, ta, slug, 1, good)
	p = ta.get("/teach/lessons/" + slug + "/preview")
	if p.status != 200 || !strings.Contains(p.body, `data-testid="preview-note"`) || !strings.Contains(p.body, "<fieldset aria-describedby") ||
		!regexp.MustCompile(`<fieldset [^>]*disabled`).MatchString(p.body) || strings.Contains(p.body, `data-testid="submit-answer"`) {
		t.Errorf("the preview does not show the lesson with answering off: %d\n%s", p.status, p.body)
	}
	if p := ta.get("/teach/lessons/" + slug + "/preview/teacher"); p.status != 200 || !strings.Contains(p.body, "He signs it") {
		t.Errorf("the teacher's edition preview: %d", p.status)
	}
	// Not published yet: no one, not even its owner, opens it as a lesson.
	if p := ta.get("/lessons/" + slug); p.status != 404 {
		t.Errorf("a draft at /lessons: %d, want 404", p.status)
	}
	if p := ta.post("/teach/lessons/"+slug+"/publish", url.Values{"edits": {"1"}}); p.status != http.StatusConflict {
		t.Errorf("a stale publish: %d, want 409", p.status)
	}
	if p := ta.post("/teach/lessons/"+slug+"/publish", url.Values{"edits": {"2"}}); p.status != http.StatusSeeOther {
		t.Fatalf("publish: %d\n%s", p.status, p.body[strings.Index(p.body, "<main"):])
	}
	if p := ta.get("/teach/lessons/" + slug); !strings.Contains(p.body, "published v1") || !strings.Contains(p.body, "Version 1, published") {
		t.Errorf("the overview does not say version 1 is published\n%s", p.body)
	}

	// Assigning: teacher B may not, by hand; teacher A may.
	classA, classB := fmt.Sprintf("/teach/classes/%d", c.classA), fmt.Sprintf("/teach/classes/%d", c.classB)
	if p := tb.get(classB); strings.Contains(p.body, slug) {
		t.Error("teacher B is offered teacher A's lesson")
	}
	if p := tb.post(classB+"/assign", url.Values{"lesson": {slug}}); p.status != http.StatusUnprocessableEntity {
		t.Errorf("teacher B assigns A's lesson: %d, want 422", p.status)
	}
	if p := ta.get(classA); !strings.Contains(p.body, `value="`+slug+`"`) || !strings.Contains(p.body, "your lesson") {
		t.Error("the assign form does not offer the teacher's lesson")
	}
	if p := ta.post(classA+"/assign", url.Values{"lesson": {slug}}); p.status != http.StatusSeeOther {
		t.Fatalf("assign: %d\n%s", p.status, p.body)
	}

	for role, want := range map[string]int{"student A": 200, "student AB": 200, "teacher A": 200, "student B": 404, "teacher B": 404, "learner": 404, "anonymous": 404} {
		if p := c.browsers[role].get("/lessons/" + slug); p.status != want {
			t.Errorf("%s opens the lesson: %d, want %d", role, p.status, want)
		}
	}
	sa := c.browsers["student A"]
	p = sa.get("/lessons/" + slug)
	if !strings.Contains(p.body, "Who signed: it?") && !strings.Contains(p.body, "Who signed it: a lesson") {
		t.Error("the lesson page lacks its title")
	}
	if strings.Contains(p.body, "Lesson 0 of") {
		t.Error("a teacher's lesson is numbered in the unit")
	}
	q := parsed(t, good).Questions[0]
	if p := sa.post("/lessons/"+slug+"/questions/"+q.ID, rightForm(q, attemptOf(p.body))); p.status != http.StatusSeeOther {
		t.Fatalf("answer: %d\n%s", p.status, p.body)
	}
	if p := c.browsers["student B"].post("/lessons/"+slug+"/questions/"+q.ID, rightForm(q, "0")); p.status != 404 {
		t.Errorf("student B answers: %d, want 404", p.status)
	}
	at, err := c.db.LatestAttempt(context.Background(), c.studentA, slug)
	if err != nil || !at.Finished || at.Points != 1 || !strings.Contains(at.LessonHash, ".v1.") {
		t.Fatalf("student A's attempt: %+v, %v", at, err)
	}
	if p := sa.get("/lessons/" + slug); !strings.Contains(p.body, "1 / 1") {
		t.Error("the summary is not shown")
	}
	if p := sa.get("/progress"); !strings.Contains(p.body, "Who signed it: a lesson") || !strings.Contains(p.body, `href="/lessons/`+slug+`"`) {
		t.Error("the progress page does not list the lesson")
	}
	if p := sa.get("/home"); !strings.Contains(p.body, "Who signed it: a lesson") {
		t.Error("the student's home does not list the assignment")
	}
	if p := sa.get("/account/answers.csv"); !strings.Contains(p.body, "Who signed it: a lesson") {
		t.Error("My data's CSV does not name the lesson")
	}
	for _, path := range []string{classA, classA + "/gradebook", classA + "/gradebook.csv", classA + "/lessons/" + slug + "/insight",
		fmt.Sprintf("%s/students/%d/lessons/%s", classA, c.studentA, slug), "/lessons/" + slug + "/teacher", "/lessons/" + slug + "/worksheet"} {
		if p := ta.get(path); p.status != 200 || !strings.Contains(p.body, "Who signed it: a lesson") {
			t.Errorf("%s: %d, or no title", path, p.status)
		}
	}
	if p := tb.get(classB + "/lessons/" + slug + "/insight"); p.status != 404 {
		t.Errorf("teacher B's insight on A's lesson: %d, want 404", p.status)
	}

	// Version 2, even of the same text, is another version: a retry
	// records it. The overview says the answered question keeps its key.
	saveText(t, ta, slug, 0, good)
	p = ta.get("/teach/lessons/" + slug)
	if !strings.Contains(p.body, `Students have answered question &#34;who-signed&#34;: keep its ID`) {
		t.Errorf("the overview does not note the answered question\n%s", p.body)
	}
	changed := lessonFile(slug, "Read [[p21.s1]] closely.", tfQuestion("who-signed", "false"))
	saveText(t, ta, slug, 0, changed)
	if p := ta.get(text); !strings.Contains(p.body, "this draft changes its key") || !strings.Contains(p.body, "from version 2") {
		t.Errorf("the text view does not say a changed key applies from the next version\n%s", p.body)
	}
	if p := ta.post("/teach/lessons/"+slug+"/publish", url.Values{"edits": {"1"}}); p.status != http.StatusSeeOther {
		t.Fatalf("publish v2: %d", p.status)
	}
	// Student A's finished attempt on version 1 is shown as version 1 was:
	// True is the right answer there, and their answer stays correct.
	p = sa.get("/lessons/" + slug)
	if !strings.Contains(p.body, `data-testid="version-note"`) || !strings.Contains(p.body, "Correct.") ||
		!regexp.MustCompile(`data-correct[^>]*>\s*(<[^>]*>\s*)*True`).MatchString(p.body) {
		t.Errorf("the attempt on version 1 is not shown as version 1\n%s", p.body)
	}
	if p := sa.post("/lessons/"+slug+"/attempts", nil); p.status != http.StatusSeeOther {
		t.Fatalf("retry: %d", p.status)
	}
	at2, err := c.db.LatestAttempt(context.Background(), c.studentA, slug)
	if err != nil || at2.ID == at.ID || !strings.Contains(at2.LessonHash, ".v2.") {
		t.Errorf("the retry's attempt: %+v, %v", at2, err)
	}
	old, err := c.db.Responses(context.Background(), at.ID)
	if err != nil || len(old) != 1 || old[0].Points != 1 {
		t.Errorf("the answer to version 1 lost its score: %+v, %v", old, err)
	}
	// A wrong answer comes back as a review card (after the teachers' sessions ran out).
	sab := c.browsers["student AB"]
	q = parsed(t, changed).Questions[0] // version 2's
	wrong := q.EncodeForm(q.WrongAnswer(), 1)
	wrong.Set("attempt", attemptOf(sab.get("/lessons/"+slug).body))
	if p := sab.post("/lessons/"+slug+"/questions/"+q.ID, wrong); p.status != http.StatusSeeOther {
		t.Fatalf("a wrong answer: %d", p.status)
	}
	c.advance(48 * time.Hour)
	if p := sab.get("/review/" + slug + "/" + q.ID); p.status != 200 || !strings.Contains(p.body, "Roshchin signs the telegram.") {
		t.Errorf("the review card: %d", p.status)
	}
	if p := sab.get("/progress"); !strings.Contains(p.body, "/review/"+slug+"/"+q.ID) {
		t.Error("the progress page does not offer the review card")
	}
}

// TestTeacherLessonLimits: too large a file, too many questions, a
// changed slug: a clear message and nothing half-saved, never a 500.
func TestTeacherLessonLimits(t *testing.T) {
	c := newClassroom(t)
	ta := c.browsers["teacher A"]
	slug := newLesson(t, ta, "Limits")
	text := "/teach/lessons/" + slug + "/text"
	before, err := c.db.LessonDraft(context.Background(), 1, slug)
	must(t, err)

	huge := lessonFile(slug, strings.Repeat("A long reading. ", 13000), tfQuestion("q", "true"))
	p := ta.post(text, url.Values{"edits": {"0"}, "text": {huge}})
	if p.status != http.StatusRequestEntityTooLarge || !strings.Contains(p.body, "may be up to 200 KB") {
		t.Errorf("a 208 KB file: %d\n%.400s", p.status, p.body)
	}
	if d, _ := c.db.LessonDraft(context.Background(), 1, slug); d.Text != before.Text || d.Edits != 0 {
		t.Error("a refused file changed the draft")
	}

	var qs strings.Builder
	for i := range 101 {
		qs.WriteString(tfQuestion(fmt.Sprintf("q%d", i), "true") + "\n")
	}
	saveText(t, ta, slug, 0, lessonFile(slug, "Read.", qs.String()))
	if p := ta.get(text); p.status != 200 || !strings.Contains(p.body, "up to 100 questions") {
		t.Errorf("101 questions: %d, no problem said", p.status)
	}

	saveText(t, ta, slug, 1, lessonFile("another-slug", "Read.", tfQuestion("q", "true")))
	if p := ta.get(text); !strings.Contains(p.body, "<strong>Line 2:</strong>") || !strings.Contains(p.body, "the slug must stay &#34;"+slug+"&#34;") {
		t.Errorf("a changed slug is not reported at its line\n%s", p.body)
	}
	if p := ta.post("/teach/lessons/"+slug+"/publish", url.Values{"edits": {"2"}}); p.status != http.StatusUnprocessableEntity {
		t.Errorf("publishing under another slug: %d, want 422", p.status)
	}
	for _, form := range []url.Values{{"title": {""}}, {"title": {strings.Repeat("x", 201)}}, {"title": {"a\x00b"}}} {
		if p := ta.post("/teach/lessons", form); p.status != http.StatusUnprocessableEntity {
			t.Errorf("new lesson titled %q: %d, want 422", form.Get("title"), p.status)
		}
	}
	if p := ta.post(text, url.Values{"edits": {"2"}, "text": {"\xff\xfe"}}); p.status != http.StatusUnprocessableEntity {
		t.Errorf("a text that is not UTF-8: %d, want 422", p.status)
	}
}

// TestTeacherLessonUntrusted: a teacher's lesson Markdown runs no HTML,
// loads nothing from another host, and its links get rel="nofollow
// noopener".
func TestTeacherLessonUntrusted(t *testing.T) {
	c := newClassroom(t)
	ta := c.browsers["teacher A"]
	slug := newLesson(t, ta, "Untrusted")
	reading := "See <b onclick=\"alert(1)\">this</b>, [the archive](https://example.org/x), ![a map](https://evil.example/map.png) and [bad](javascript:alert(1)).\n\n<script>alert(1)</script>"
	saveText(t, ta, slug, 0, lessonFile(slug, reading, tfQuestion("q", "true")))
	if p := ta.post("/teach/lessons/"+slug+"/publish", url.Values{"edits": {"1"}}); p.status != http.StatusSeeOther {
		t.Fatalf("publish: %d", p.status)
	}
	p := ta.get("/lessons/" + slug)
	if p.status != 200 {
		t.Fatalf("lesson: %d", p.status)
	}
	for _, bad := range []string{"<script>alert", "onclick", "evil.example", "javascript:"} {
		if strings.Contains(p.body, bad) {
			t.Errorf("the page holds %q", bad)
		}
	}
	if !strings.Contains(p.body, `<a rel="nofollow noopener" href="https://example.org/x">the archive</a>`) {
		t.Error("an outside link lacks rel=\"nofollow noopener\"")
	}
	if !strings.Contains(p.body, "a map") {
		t.Error("an image's text is not shown")
	}
}

// TestTeacherLessonOwnSource: a teacher's lesson on the telegram and one
// of the teacher's sources, with an evidence question across both. It
// pins the source's version it was published with: a later version of the
// source does not change it. Its students read the source on the lesson's
// sources page (the source's own reader is its owner's alone), and the
// teacher's insight draws a heatmap on each source.
func TestTeacherLessonOwnSource(t *testing.T) {
	c := newClassroom(t)
	ctx := context.Background()
	ta, sa := c.browsers["teacher A"], c.browsers["student A"]
	src := teacherASource(t, c) // v1: "We met Gen." "Peng today."; a draft of v2
	slug := newLesson(t, ta, "Two sources")
	text := strings.Replace(lessonFile(slug, "Roshchin signs [[p21.s1]]; the letter says [["+src+":p1.s2]].",
		"```question\nid: both\ntype: evidence\nprompt: Tick the sentences that name a signer or a general's meeting day.\n"+
			"cites: [p20.s1]\nevidence: [p21.s1, "+src+":p1.s2]\namong: [p21, "+src+":p1]\nexplanation: Both name them.\n```\n"),
		"source: roshchin-1950-10-03", "sources: [roshchin-1950-10-03, "+src+"]", 1)
	saveText(t, ta, slug, 0, text)
	if p := ta.get("/teach/lessons/" + slug); strings.Contains(p.body, `data-testid="lesson-problems"`) {
		t.Fatalf("the lesson has problems:\n%s", p.body)
	}
	if p := ta.post("/teach/lessons/"+slug+"/publish", url.Values{"edits": {"1"}}); p.status != http.StatusSeeOther {
		t.Fatalf("publish: %d", p.status)
	}
	// The source's next version says something else.
	d, err := c.db.SourceDraft(ctx, 1, src)
	must(t, err)
	later := []store.SourceBlock{{Kind: "paragraph", Sentences: []string{"We met Gen.", "Peng tomorrow."}}}
	must(t, c.db.SaveSourceDraft(ctx, 1, src, d.Edits, d.SourceDetails, "We met Gen. Peng tomorrow.", later))
	_, err = c.db.PublishSource(ctx, 1, src, d.Edits+1)
	must(t, err)

	if p := ta.post(fmt.Sprintf("/teach/classes/%d/assign", c.classA), url.Values{"lesson": {slug}}); p.status != http.StatusSeeOther {
		t.Fatalf("assign: %d", p.status)
	}
	p := sa.get("/lessons/" + slug)
	if p.status != 200 || !strings.Contains(p.body, `href="/lessons/`+slug+`/sources#`+src+`:p1.s2"`) || !strings.Contains(p.body, "Peng today.") {
		t.Fatalf("the lesson page does not link the pinned source on its sources page: %d\n%s", p.status, p.body)
	}
	if strings.Contains(p.body, "tomorrow") {
		t.Error("the lesson shows the source's later version")
	}
	if p := sa.get("/sources/" + src); p.status != 404 {
		t.Errorf("the student opens the teacher's source reader: %d", p.status)
	}
	side := sa.get("/lessons/" + slug + "/sources")
	if side.status != 200 || !strings.Contains(side.body, `id="`+src+`:p1.s2"`) || !strings.Contains(side.body, "Peng today.") {
		t.Errorf("the lesson's sources page: %d", side.status)
	}
	// Its column titles link only where the student may go: the telegram's
	// reader, not the teacher's source's (a 404 for students).
	if strings.Contains(side.body, `href="/sources/`+src) || !strings.Contains(side.body, `href="/sources/roshchin-1950-10-03"`) {
		t.Error("the lesson's sources page links the teacher's source's reader, or not the telegram's")
	}
	q := parsed2(t, c, text)
	if p := sa.post("/lessons/"+slug+"/questions/both", rightForm(q, attemptOf(p.body))); p.status != http.StatusSeeOther {
		t.Fatalf("answer: %d\n%s", p.status, p.body)
	}
	if p := sa.get("/lessons/" + slug); !strings.Contains(p.body, "Correct.") {
		t.Error("the right answer across both sources is not correct")
	}
	insight := ta.get(fmt.Sprintf("/teach/classes/%d/lessons/%s/insight", c.classA, slug))
	for _, want := range []string{`data-testid="heat-doc" data-source="roshchin-1950-10-03"`, `data-testid="heat-doc" data-source="` + src + `"`,
		`data-id="` + src + `:p1.s2" data-count="1"`} {
		if !strings.Contains(insight.body, want) {
			t.Errorf("insight lacks %s", want)
		}
	}
}

// parsed2 is the first question of a lesson file that reads teacher A's
// source "a-letter-abcd" at version 1.
func parsed2(t *testing.T, c *classroom, text string) *lessons.Question {
	t.Helper()
	v, err := c.db.PublishedSource(context.Background(), 1, "a-letter-abcd", 1)
	must(t, err)
	blocks := []seeds.Block{{Kind: seeds.BlockKind(v.Blocks[0].Kind)}}
	for _, s := range v.Blocks[0].Sentences {
		blocks[0].Sentences = append(blocks[0].Sentences, seeds.Sentence{Text: s})
	}
	seeds.Renumber(blocks)
	doc := seeds.NewDocument(v.Slug, v.Title, v.Provenance, v.Text, blocks)
	l, probs := lessons.Parse("x.md", []byte(text), append(seeds.All(), doc))
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	return l.Questions[0]
}

// TestTeacherLessonBroken: a published version that no longer passes its
// checks (as a new app version could make one) answers with a message
// where it is opened, is left out where it is listed, and its overview
// lists its problems: never a 500.
func TestTeacherLessonBroken(t *testing.T) {
	c := newClassroom(t)
	ctx := context.Background()
	ta := c.browsers["teacher A"]
	const slug = "broken-abcd"
	must(t, c.db.CreateLesson(ctx, 1, slug, lessonFile(slug, "Read [[p99.s9]].", tfQuestion("q", "true"))))
	_, err := c.db.PublishLesson(ctx, 1, slug, 0, nil) // the store checks nothing: the web side does
	must(t, err)
	must(t, c.db.Assign(ctx, 1, c.classA, []string{slug}, time.Time{}, false))
	for _, b := range []*browser{ta, c.browsers["student A"]} {
		if p := b.get("/lessons/" + slug); p.status != http.StatusConflict || !strings.Contains(p.body, "no longer matches the sources") {
			t.Errorf("the broken lesson: %d", p.status)
		}
	}
	for _, path := range []string{fmt.Sprintf("/teach/classes/%d", c.classA), fmt.Sprintf("/teach/classes/%d/gradebook", c.classA), "/teach/lessons"} {
		if p := ta.get(path); p.status != 200 {
			t.Errorf("%s: %d", path, p.status)
		}
	}
	if p := c.browsers["student A"].get("/home"); p.status != 200 {
		t.Errorf("the student's home: %d", p.status)
	}
	for _, page := range []string{"", "/text"} {
		if p := ta.get("/teach/lessons/" + slug + page); p.status != 200 || !strings.Contains(p.body, "no longer passes the checks") || !strings.Contains(p.body, "p99.s9") {
			t.Errorf("the lesson's page %q: %d\n%s", page, p.status, p.body)
		}
	}
	if p := ta.post(fmt.Sprintf("/teach/classes/%d/assign", c.classA), url.Values{"lesson": {slug}}); p.status != http.StatusUnprocessableEntity {
		t.Errorf("assigning it: %d, want 422", p.status)
	}
}

// TestTeacherLessonGrading: a written question of a teacher's lesson
// waits in the class's grading queue; the teacher's grade counts.
func TestTeacherLessonGrading(t *testing.T) {
	c := newClassroom(t)
	ctx := context.Background()
	ta, sa := c.browsers["teacher A"], c.browsers["student A"]
	const slug = "written-abcd"
	text := lessonFile(slug, "Read [[p21.s1]].", "```question\nid: why\ntype: written\nprompt: Why did Roshchin add his own view?\n"+
		"cites: [p18.s1]\nrubric:\n  - criterion: Gives a reason.\n    points: 1\n  - criterion: Cites a sentence.\n    points: 1\n"+
		"model_answer: To help Stalin read Mao (p18.s1).\nexplanation: Roshchin judges as well as reports.\n```\n")
	must(t, c.db.CreateLesson(ctx, 1, slug, text))
	if p := ta.post("/teach/lessons/"+slug+"/publish", url.Values{"edits": {"0"}}); p.status != http.StatusSeeOther {
		t.Fatalf("publish: %d\n%s", p.status, p.body[strings.Index(p.body, "<main"):])
	}
	if p := ta.post(fmt.Sprintf("/teach/classes/%d/assign", c.classA), url.Values{"lesson": {slug}}); p.status != http.StatusSeeOther {
		t.Fatalf("assign: %d", p.status)
	}
	q := parsed(t, text).Questions[0]
	if p := sa.post("/lessons/"+slug+"/questions/why", rightForm(q, attemptOf(sa.get("/lessons/"+slug).body))); p.status != http.StatusSeeOther {
		t.Fatalf("answer: %d\n%s", p.status, p.body)
	}
	grading := fmt.Sprintf("/teach/classes/%d/lessons/%s/grading", c.classA, slug)
	if p := ta.get(grading); p.status != 200 || !strings.Contains(p.body, "Mao gave two reasons") {
		t.Fatalf("the grading queue: %d, or the answer is missing", p.status)
	}
	at, err := c.db.LatestAttempt(ctx, c.studentA, slug)
	must(t, err)
	if p := ta.post(grading, url.Values{"attempt": {fmt.Sprint(at.ID)}, "question": {"why"}, "criterion": {"0", "1"}}); p.status != http.StatusSeeOther {
		t.Fatalf("grade: %d\n%s", p.status, p.body)
	}
	if p := ta.get(fmt.Sprintf("/teach/classes/%d/gradebook.csv", c.classA)); !strings.Contains(p.body, "2") || !strings.Contains(p.body, "Who signed it: a lesson") {
		t.Errorf("the CSV after grading:\n%s", p.body)
	}
	if p := sa.get("/lessons/" + slug); !strings.Contains(p.body, "Graded by your teacher: 2 of 2 points.") {
		t.Error("the student does not see the grade")
	}
}

// TestOwnSourceNoUnitGlossary: a teacher's source is shown as its teacher
// wrote it. The built-in unit's glossary explains the telegram ("received":
// "the time the Soviet cipher office in Moscow took in the telegram"), so
// its terms are not marked in a stranger's text; the telegram beside it
// keeps them.
func TestOwnSourceNoUnitGlossary(t *testing.T) {
	c := newClassroom(t)
	ctx := context.Background()
	ta := c.browsers["teacher A"]
	teacher, err := c.db.UserByUsername(ctx, "teacher-a")
	must(t, err)
	d := store.SourceDetails{Title: "A diary", Kind: "diary"}
	blocks := []store.SourceBlock{{Kind: "paragraph", Sentences: []string{"The General Staff received us at noon."}}}
	must(t, c.db.CreateSource(ctx, teacher.ID, "a-diary-abcd", d, "The General Staff received us at noon.", blocks))
	_, err = c.db.PublishSource(ctx, teacher.ID, "a-diary-abcd", 0)
	must(t, err)
	slug := newLesson(t, ta, "A diary")
	saveText(t, ta, slug, 0, strings.Replace(lessonFile(slug, "The diary [[a-diary-abcd:p1.s1]].", tfQuestion("who-signed", "true")),
		"source: roshchin-1950-10-03", "sources: [roshchin-1950-10-03, a-diary-abcd]", 1))
	if p := ta.post("/teach/lessons/"+slug+"/publish", url.Values{"edits": {"1"}}); p.status != http.StatusSeeOther {
		t.Fatalf("publish: %d", p.status)
	}
	if p := ta.post(fmt.Sprintf("/teach/classes/%d/assign", c.classA), url.Values{"lesson": {slug}}); p.status != http.StatusSeeOther {
		t.Fatalf("assign: %d", p.status)
	}
	path := "/lessons/" + slug + "/sources"
	p := c.browsers["student A"].get(path)
	at := strings.Index(p.body, `id="a-diary-abcd:p1.s1"`)
	end := strings.Index(p.body[max(at, 0):], "us at noon.")
	if p.status != 200 || at < 0 || end < 0 {
		t.Fatalf("%s: %d, without the diary's sentence", path, p.status)
	}
	if !strings.Contains(p.body[:at], `class="term"`) {
		t.Error("the telegram's glossary terms are no longer marked")
	}
	if strings.Contains(p.body[at:at+end], `class="term"`) {
		t.Error("the diary's text is marked with the unit's glossary terms")
	}
}
