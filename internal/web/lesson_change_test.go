package web_test

import (
	"context"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ciphergram/ciphergram/lessons"
)

// goneQuestions are two questions an older version of lesson 1 had at its
// start and the current one does not, as when issue 14 trimmed lesson 1.
const goneQuestions = "```question\n" + `id: gone-wrong
type: truefalse
prompt: The telegram was sent from Beijing.
cites: [p4.s1]
answer: true
explanation: The header says "From BEIJING" (p4.s1).
` + "```\n\n```question\n" + `id: gone-right
type: truefalse
prompt: The telegram is addressed to Filippov.
cites: [p5.s1]
answer: true
explanation: It is addressed "TO FILIPPOV" (p5.s1).
` + "```\n\n"

// olderUnit is the built-in unit as it was before goneQuestions were
// taken out of lesson 1.
func olderUnit(t *testing.T) *lessons.Unit {
	t.Helper()
	dir := t.TempDir()
	err := fs.WalkDir(lessons.Files, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".md") {
			return err
		}
		data, err := fs.ReadFile(lessons.Files, path)
		if err != nil {
			return err
		}
		if strings.HasPrefix(path, "01-") {
			data = []byte(strings.Replace(string(data), "## Questions\n\n", "## Questions\n\n"+goneQuestions, 1))
		}
		return os.WriteFile(filepath.Join(dir, filepath.Base(path)), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	u, err := lessons.LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := u.Lessons[0].Question("gone-wrong"); !ok {
		t.Fatal("the older lesson 1 lacks its extra questions")
	}
	return u
}

// TestLessonLostQuestions: a learner is part-way through a lesson when a new
// version of the app, with questions taken out of that lesson, starts on the
// same database. The answers to the questions that are gone must neither
// finish the attempt before every current question is answered, nor count
// in its score, nor break a page.
func TestLessonLostQuestions(t *testing.T) {
	a := newApp(t)
	current := a.unit
	a.serve(olderUnit(t))
	b := a.browser()
	old := a.unit.Lessons[0]
	answer := func(l *lessons.Lesson, q *lessons.Question, right bool) {
		t.Helper()
		page := b.get("/lessons/" + l.Slug)
		form := rightForm(q, attemptOf(page.body))
		if !right {
			form = q.EncodeForm(q.WrongAnswer(), 1)
			form.Set("attempt", attemptOf(page.body))
		}
		if p := b.post("/lessons/"+l.Slug+"/questions/"+q.ID, form); p.status != http.StatusSeeOther {
			t.Fatalf("%s: answer status %d:\n%.500s", q.ID, p.status, p.body)
		}
	}
	// On the old version: the two questions that will go (one missed, so it
	// is up for review), then the first two that stay.
	answer(old, old.Questions[0], false)
	for _, q := range old.Questions[1:4] {
		answer(old, q, true)
	}

	a.serve(current)
	l := current.Lessons[0]
	ctx := context.Background()
	user, err := a.db.User(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if p := b.get("/lessons/" + l.Slug); p.status != 200 || !strings.Contains(p.body, `data-testid="question-`+l.Questions[2].ID+`"`) {
		t.Fatalf("lesson page after the change: status %d, want question %s next", p.status, l.Questions[2].ID)
	}
	for i, q := range l.Questions[2:] {
		answer(l, q, true)
		at, err := a.db.LatestAttempt(ctx, user.ID, l.Slug)
		if err != nil {
			t.Fatal(err)
		}
		if last := i == len(l.Questions)-3; at.Finished != last {
			t.Fatalf("after %s (%d of %d current questions answered): finished %v, want %v",
				q.ID, i+3, len(l.Questions), at.Finished, last)
		}
	}
	at, err := a.db.LatestAttempt(ctx, user.ID, l.Slug)
	if err != nil {
		t.Fatal(err)
	}
	if at.Points != l.MaxPoints() || at.MaxPoints != l.MaxPoints() {
		t.Errorf("score %v / %v, want %v / %v: every current question was answered right",
			at.Points, at.MaxPoints, l.MaxPoints(), l.MaxPoints())
	}
	if p := b.get("/lessons/" + l.Slug); p.status != 200 || !strings.Contains(p.body, `data-testid="summary"`) {
		t.Errorf("lesson page at the end: status %d, no summary", p.status)
	}
	if p := b.get("/progress"); p.status != 200 || strings.Contains(p.body, "gone-wrong") {
		t.Errorf("progress: status %d, or it offers the question that is gone", p.status)
	}
	if p := b.get("/review/" + l.Slug + "/gone-wrong"); p.status != http.StatusNotFound {
		t.Errorf("review of the question that is gone: status %d, want 404", p.status)
	}
}
