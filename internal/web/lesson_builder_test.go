package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/ciphergram/ciphergram/lessons"
	"github.com/ciphergram/ciphergram/seeds"
)

const builderSlug = "my-lesson"

// builderLesson makes teacher A's lesson, as the new-lesson form would:
// a front matter and nothing else yet. It returns the builder's URL.
func builderLesson(t *testing.T, c *classroom, slug string) string {
	t.Helper()
	ctx := context.Background()
	teacher, err := c.db.UserByUsername(ctx, "teacher-a")
	must(t, err)
	must(t, c.db.CreateLesson(ctx, teacher.ID, slug, "---\nslug: "+slug+"\ntitle: My lesson\n---\n"))
	return "/teach/lessons/" + slug + "/edit"
}

// storedLesson is teacher A's lesson text as stored now.
func storedLesson(t *testing.T, c *classroom) string {
	t.Helper()
	return storedLessonOf(t, c, builderSlug)
}

// builderForm is a whole lesson as the builder's form sends it: one
// single-choice question and one evidence question, both right.
func builderForm(edits int) url.Values {
	return url.Values{"edits": {strconv.Itoa(edits)}, "op": {"save"},
		"title": {"Who wrote it"}, "summary": {"Sender and receiver."}, "sources": {"roshchin-1950-10-03"}, "skills": {"sourcing"},
		"glossary.0.term": {"cover name"}, "glossary.0.meaning": {"A false name."}, "glossary.1.term": {""}, "glossary.1.meaning": {""},
		"sections.0.heading": {"The address"}, "sections.0.body": {"It is addressed to Filippov [[p5.s1]].\r\n\r\nRead it."},
		"sections.1.heading": {""}, "sections.1.body": {""},
		"q.0.type": {"single"}, "q.0.id": {"addressee"}, "q.0.prompt": {"Who was it for?"}, "q.0.cites": {"p5.s1"},
		"q.0.choices.0.id": {""}, "q.0.choices.0.text": {"Stalin"}, "q.0.choices.0.correct": {"true"}, "q.0.choices.0.feedback": {"Yes (p5.s1)."},
		"q.0.choices.1.id": {""}, "q.0.choices.1.text": {"Filippov"}, "q.0.choices.1.feedback": {"A cover name (p5.s1)."},
		"q.0.choices.2.id": {""}, "q.0.choices.2.text": {""}, "q.0.choices.2.feedback": {""},
		"q.0.explanation": {"Filippov was Stalin's cover name (p5.s1)."}, "q.0.points": {""},
		"q.1.type": {"evidence"}, "q.1.id": {"final"}, "q.1.prompt": {"Claim: no final decision yet. Pick the sentences."},
		"q.1.among": {"p15 p16"}, "q.1.evidence": {"p15.s2"}, "q.1.also": {"p15.s3"},
		"q.1.explanation": {"He says so (p15.s2)."}}
}

// TestBuilderSave: the owner saves a lesson built in the forms; what is
// stored passes the check and reads back into the same forms. Another
// teacher, a student or a visitor finds no such page.
func TestBuilderSave(t *testing.T) {
	c := newClassroom(t)
	edit := builderLesson(t, c, builderSlug)
	a := c.browsers["teacher A"]
	p := a.get(edit)
	if p.status != http.StatusOK || !strings.Contains(p.body, `data-testid="builder-form"`) || !strings.Contains(p.body, `value="My lesson"`) {
		t.Fatalf("the builder: %d\n%.500s", p.status, p.body)
	}
	for _, role := range []string{"teacher B", "teacher C", "student A", "learner"} {
		if p := c.browsers[role].get(edit); p.status != http.StatusNotFound {
			t.Errorf("%s GET the builder: %d, want 404", role, p.status)
		}
		if p := c.browsers[role].post(edit, builderForm(0)); p.status != http.StatusNotFound {
			t.Errorf("%s POST the builder: %d, want 404", role, p.status)
		}
	}
	if p := c.browsers["anonymous"].get(edit); p.status != http.StatusSeeOther || !strings.HasPrefix(p.header.Get("Location"), "/login") {
		t.Errorf("a visitor: %d to %q", p.status, p.header.Get("Location"))
	}
	if p := a.get("/teach/lessons/no-such-lesson/edit"); p.status != http.StatusNotFound {
		t.Errorf("a lesson that does not exist: %d", p.status)
	}
	if got := storedLesson(t, c); strings.Contains(got, "Stalin") {
		t.Fatal("another user's POST changed the lesson")
	}

	p = a.post(edit, builderForm(0))
	if p.status != http.StatusSeeOther || p.header.Get("Location") != edit {
		t.Fatalf("save: %d to %q\n%s", p.status, p.header.Get("Location"), p.body)
	}
	text := storedLesson(t, c)
	l, probs := lessons.Parse("my-lesson.md", []byte(text), seeds.All())
	if len(probs) > 0 {
		t.Fatalf("the stored lesson has problems: %v\n%s", probs, text)
	}
	q, _ := l.Question("addressee")
	if l.Slug != builderSlug || len(l.Questions) != 2 || q == nil || len(q.Choices) != 2 || !q.Choices[0].Correct || q.Choices[0].ID != "c1" {
		t.Errorf("stored %+v, first question %+v", l, q)
	}
	ev, _ := l.Question("final")
	if ev == nil || strings.Join(ev.Key, ",") != "p15.s2" || strings.Join(ev.Also, ",") != "p15.s3" || len(ev.Among) == 0 {
		t.Errorf("evidence question %+v", ev)
	}
	p = a.get(edit)
	for _, want := range []string{"Saved.", `value="Who wrote it"`, `name="q.1.evidence" value="p15.s2" checked`, `name="q.1.also" value="p15.s3" checked`,
		`value="c2"`, "Read it.</textarea>"} {
		if !strings.Contains(p.body, want) {
			t.Errorf("the saved lesson's forms lack %q", want)
		}
	}

	// Published, version 1 never changes: saving makes version 2's draft.
	ctx := context.Background()
	teacher, err := c.db.UserByUsername(ctx, "teacher-a")
	must(t, err)
	if _, err := c.db.PublishLesson(ctx, teacher.ID, builderSlug, 1, nil); err != nil {
		t.Fatal(err)
	}
	if p := a.get(edit); !strings.Contains(p.body, "Version 1 is published and never changes: saving makes a draft of version 2.") {
		t.Error("the builder does not say that version 1 is published")
	}
	form := builderForm(0)
	form.Set("title", "Who wrote it, again")
	if p := a.post(edit, form); p.status != http.StatusSeeOther {
		t.Fatalf("save after publishing: %d", p.status)
	}
	v1, err := c.db.PublishedLessonVersion(ctx, builderSlug, 1)
	must(t, err)
	if v2, err := c.db.LatestLessonVersion(ctx, teacher.ID, builderSlug); err != nil || v2.Version != 2 || !v2.Draft() || v1.Text != text {
		t.Errorf("after publishing, a save made %+v, and version 1 changed: %v", v2, v1.Text != text)
	}
}

// TestBuilderProblemsBesideFields: a save with mistakes stores nothing
// and shows each problem beside its field, tied to it for screen
// readers, with a summary linking to them; everything typed is kept.
func TestBuilderProblemsBesideFields(t *testing.T) {
	c := newClassroom(t)
	edit := builderLesson(t, c, builderSlug)
	a := c.browsers["teacher A"]
	before := storedLesson(t, c)
	form := builderForm(0)
	form.Del("q.0.choices.0.correct")                        // no correct choice
	form.Set("q.1.evidence", "p99.s1")                       // no such sentence
	form.Set("q.0.explanation", "")                          // required
	form.Set("q.0.prompt", "Who was it for? <b>unsaved</b>") // kept, escaped
	p := a.post(edit, form)
	if p.status != http.StatusUnprocessableEntity {
		t.Fatalf("a save with problems: %d, want 422", p.status)
	}
	if got := storedLesson(t, c); got != before {
		t.Errorf("a refused save changed the stored lesson:\n%s", got)
	}
	beside := map[string]string{
		"q.0.choices":     "exactly one choice must be correct",
		"q.1.evidence":    `unknown sentence ID &#34;p99.s1&#34;`,
		"q.0.explanation": "has an empty explanation",
	}
	for field, msg := range beside {
		id := "f-" + strings.ReplaceAll(field, ".", "-") + "-error"
		at := strings.Index(p.body, `id="`+id+`"`)
		if at < 0 || !strings.Contains(p.body[at:min(len(p.body), at+300)], msg) {
			t.Errorf("no %q beside %s\n%s", msg, field, p.body[strings.Index(p.body, "builder-problems"):][:1500])
		}
		if !strings.Contains(p.body, `href="#f-`+strings.ReplaceAll(field, ".", "-")) {
			t.Errorf("the summary does not link to %s", field)
		}
	}
	if !strings.Contains(p.body, `aria-describedby="f-q-0-explanation-hint f-q-0-explanation-error" aria-invalid="true"`) {
		t.Error("the explanation field is not tied to its error")
	}
	if !strings.Contains(p.body, "Not saved: 3 problems") {
		t.Error("no summary of the three problems")
	}
	for _, kept := range []string{"Who was it for? &lt;b&gt;unsaved&lt;/b&gt;</textarea>", `value="Who wrote it"`, `name="q.1.evidence" value="p99.s1" checked`,
		`name="q.1.also" value="p15.s3" checked`, `value="p15 p16"`, "It is addressed to Filippov [[p5.s1]].\n\nRead it.</textarea>"} {
		if !strings.Contains(p.body, kept) {
			t.Errorf("the form shown again lost %q", kept)
		}
	}
	if strings.Contains(p.body, "<b>unsaved</b>") {
		t.Error("typed HTML was rendered")
	}
}

// TestBuilderStale: a form made before another save stores nothing, says
// why and keeps what was typed; saving that again replaces the other.
func TestBuilderStale(t *testing.T) {
	c := newClassroom(t)
	edit := builderLesson(t, c, builderSlug)
	a := c.browsers["teacher A"]
	if p := a.post(edit, builderForm(0)); p.status != http.StatusSeeOther {
		t.Fatalf("first save: %d", p.status)
	}
	saved := storedLesson(t, c)
	old := builderForm(0) // from the page shown before that save
	old.Set("title", "My stale title")
	p := a.post(edit, old)
	if p.status != http.StatusConflict || !strings.Contains(p.body, "was changed after this page was shown") || !strings.Contains(p.body, `value="My stale title"`) {
		t.Fatalf("a stale save: %d\n%.600s", p.status, p.body)
	}
	if storedLesson(t, c) != saved {
		t.Fatal("a stale save changed the lesson")
	}
	if !strings.Contains(p.body, `name="edits" value="1"`) {
		t.Fatal("the form shown again is not made from the lesson as it is now")
	}
	old.Set("edits", "1")
	if p := a.post(edit, old); p.status != http.StatusSeeOther || !strings.Contains(storedLesson(t, c), "My stale title") {
		t.Errorf("saving again: %d", p.status)
	}
}

// TestBuilderQuestionButtons: add a question of each type, move and
// remove: the form comes back with everything typed and nothing stored.
func TestBuilderQuestionButtons(t *testing.T) {
	c := newClassroom(t)
	edit := builderLesson(t, c, builderSlug)
	a := c.browsers["teacher A"]
	before := storedLesson(t, c)
	form := builderForm(0)
	for _, typ := range lessons.Types {
		form.Set("op", "add")
		form.Set("add-type", string(typ))
		p := a.post(edit, form)
		if p.status != http.StatusOK || !strings.Contains(p.body, `data-type="`+string(typ)+`"`) || !strings.Contains(p.body, `value="Who wrote it"`) {
			t.Fatalf("add a %s question: %d", typ, p.status)
		}
	}
	form.Set("op", "down.0")
	p := a.post(edit, form)
	first, second := strings.Index(p.body, `value="addressee"`), strings.Index(p.body, `value="final"`)
	if p.status != http.StatusOK || first < 0 || second < 0 || second > first {
		t.Errorf("move down: %d, the evidence question is not first now", p.status)
	}
	form.Set("op", "remove.1")
	if p := a.post(edit, form); p.status != http.StatusOK || strings.Contains(p.body, `value="final"`) || !strings.Contains(p.body, `value="addressee"`) {
		t.Errorf("remove: %d", p.status)
	}
	form.Set("op", "remove.7")
	if p := a.post(edit, form); p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, "no longer there") {
		t.Errorf("remove a question that is not there: %d", p.status)
	}
	if storedLesson(t, c) != before {
		t.Error("a button other than Save stored the lesson")
	}
}

// TestBuilderLimits: more than 100 questions, or a form too large,
// gets a clear message and stores nothing; never a 500.
func TestBuilderLimits(t *testing.T) {
	c := newClassroom(t)
	edit := builderLesson(t, c, builderSlug)
	a := c.browsers["teacher A"]
	before := storedLesson(t, c)
	form := url.Values{"edits": {"0"}, "op": {"save"}, "title": {"Many"}}
	for i := range 101 {
		form.Set("q."+strconv.Itoa(i)+".type", "truefalse")
	}
	if p := a.post(edit, form); p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, "up to 100 questions") {
		t.Errorf("101 questions: %d", p.status)
	}
	form.Del("q.100.type")
	form.Set("op", "add")
	form.Set("add-type", "short")
	if p := a.post(edit, form); p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, "up to 100 questions") {
		t.Errorf("a 101st question added: %d", p.status)
	}
	form.Set("add-type", "essay")
	if p := a.post(edit, form); p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, "Choose the type") {
		t.Errorf("an unknown type added: %d", p.status)
	}
	odd := builderForm(0)
	odd.Set("q.0.prompt", "Bad \xff\xfe bytes\x00 and a fence:\n```\n## Questions")
	odd.Set("sections.0.heading", "Questions")
	odd.Set("q.1.evidence", "p15.s2:x:y")
	if p := a.post(edit, odd); p.status != http.StatusUnprocessableEntity {
		t.Errorf("odd bytes, a fence, a Questions heading and a bad ref: %d, want 422\n%.500s", p.status, p.body)
	}
	big := builderForm(0)
	big.Set("summary", strings.Repeat("long ", 220<<10)) // over the 1 MB a lesson form may send
	if p := a.post(edit, big); p.status != http.StatusRequestEntityTooLarge || !strings.Contains(p.body, "too large") {
		t.Errorf("a form over the limit: %d\n%.300s", p.status, p.body)
	}
	if storedLesson(t, c) != before {
		t.Error("a refused form stored the lesson")
	}
}

// TestBuilderTwoSources: an evidence question across the telegram and
// the teacher's own source offers the sentences of both, and saves picks
// from both; another teacher cannot name that source in their lesson.
func TestBuilderTwoSources(t *testing.T) {
	c := newClassroom(t)
	edit := builderLesson(t, c, builderSlug)
	a, other := c.browsers["teacher A"], c.browsers["teacher B"]
	src := addSource(t, a, sourceForm("Mao's reply", threeParagraphs))
	if p := a.post("/teach/sources/"+src+"/draft/publish", url.Values{"edits": {"0"}}); p.status != http.StatusSeeOther {
		t.Fatalf("publish the source: %d", p.status)
	}
	form := builderForm(0)
	form.Set("sources", "roshchin-1950-10-03 "+src)
	form.Set("op", "add") // the picker offers the sources the form names
	form.Set("add-type", "short")
	p := a.post(edit, form)
	for _, want := range []string{`name="q.1.evidence" value="p15.s2" checked`, `name="q.1.evidence" value="` + src + `:p2.s1"`,
		"We met Gen. Peng today.", "We go &lt;script&gt;"} {
		if !strings.Contains(p.body, want) {
			t.Errorf("the picker lacks %q", want)
		}
	}
	form = formValues(t, p.body) // the form as the browser shows it now, with the new question
	form.Set("op", "save")
	form["q.1.evidence"] = []string{"p15.s2", src + ":p2.s1"}
	form.Set("q.1.among", "p15 "+src+":p2")
	if p := a.post(edit, form); p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, `id="f-q-2-accept-error"`) {
		t.Fatalf("the new short question, left empty: %d, want 422 with a problem beside its answers", p.status)
	}
	form.Set("q.2.prompt", "Who met Peng?")
	form.Set("q.2.accept", "We\r\nMao")
	form.Set("q.2.explanation", "Mao's side ("+src+":p2.s1).")
	if p := a.post(edit, form); p.status != http.StatusSeeOther {
		t.Fatalf("save: %d\n%.1500s", p.status, p.body[max(0, strings.Index(p.body, "builder-problems")):])
	}
	if text := storedLesson(t, c); !strings.Contains(text, "evidence: [p15.s2, '"+src+":p2.s1']") {
		t.Errorf("the stored evidence:\n%s", text)
	}

	// Teacher B's lesson may not read teacher A's source.
	teacherB, err := c.db.UserByUsername(context.Background(), "teacher-b")
	must(t, err)
	must(t, c.db.CreateLesson(context.Background(), teacherB.ID, "b-lesson", "---\nslug: b-lesson\n---\n"))
	p = other.post("/teach/lessons/b-lesson/edit", form)
	if p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, `id="f-sources-error"`) || strings.Contains(p.body, "We met Gen. Peng") {
		t.Errorf("teacher B naming A's source: %d, want 422, the source unknown and its text not shown", p.status)
	}
}
