package web_test

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

// finishLesson answers every question of the lesson right, through the
// forms, in browser b.
func finishLesson(t *testing.T, b *browser, slug string) {
	t.Helper()
	l, ok := b.app.unit.Lesson(slug)
	if !ok {
		t.Fatalf("no lesson %q", slug)
	}
	for _, q := range l.Questions {
		p := b.get("/lessons/" + slug)
		if r := b.post("/lessons/"+slug+"/questions/"+q.ID, rightForm(q, attemptOf(p.body))); r.status != http.StatusSeeOther {
			t.Fatalf("%s/%s: answer status %d", slug, q.ID, r.status)
		}
	}
}

// elementWith returns the text from an attribute open (a data-testid) to
// the next close that contains marker: one row or card of a list.
func elementWith(body, open, close, marker string) string {
	for _, part := range strings.Split(body, open)[1:] {
		if i := strings.Index(part, close); i >= 0 {
			part = part[:i]
		}
		if strings.Contains(part, marker) {
			return part
		}
	}
	return ""
}

// TestRetryKeepsWorkDone: a student hands in an assignment on time, the
// due time passes, and they begin it again. Every page still says done,
// with the retry beside the result, never "Overdue" or "In progress".
func TestRetryKeepsWorkDone(t *testing.T) {
	c := newClassroom(t)
	ctx := context.Background()
	const slug = "meeting-the-document"
	l, _ := c.unit.Lesson(slug)
	ta := mustUser(t, c.app, "teacher-a")
	must(t, c.db.Assign(ctx, ta.ID, c.classA, []string{slug}, c.clock().Add(time.Hour), true))
	b := c.browsers["student A"]
	finishLesson(t, b, slug)
	c.advance(2 * time.Hour)
	if p := b.post("/lessons/"+slug+"/attempts", nil); p.status != http.StatusSeeOther {
		t.Fatalf("retry: status %d", p.status)
	}

	home := elementWith(b.get("/home").body, `data-testid="assignment"`, "</li>", l.Title)
	if !strings.Contains(home, `data-state="done"`) || strings.Contains(home, "Overdue") || !strings.Contains(home, "retry in progress") {
		t.Errorf("student home after a retry: want done with the retry beside it:\n%s", home)
	}
	progress := elementWith(b.get("/progress").body, `data-testid="progress-row"`, "</tr>", l.Title)
	if !strings.Contains(progress, `data-status="done"`) || !strings.Contains(progress, "retry in progress") {
		t.Errorf("progress page after a retry: want done with the retry beside it:\n%s", progress)
	}
	card := elementWith(b.get("/lessons").body, `data-testid="lesson-card"`, "\x00", l.Title)
	if !strings.Contains(card, `data-status="done"`) || !strings.Contains(card, "retry in progress") {
		t.Errorf("lesson list after a retry: want done with the retry beside it:\n%s", card)
	}
	lesson := b.get("/lessons/" + slug).body
	if due := elementWith(lesson, `data-testid="lesson-due"`, "</p>", "Due"); !strings.Contains(due, "handed in on time") {
		t.Errorf("lesson page after a retry: want its due date, handed in on time:\n%.300s", due)
	}
	book := c.browsers["teacher A"].get("/teach/classes/" + strconv.FormatInt(c.classA, 10) + "/gradebook").body
	if row := elementWith(book, `data-testid="gradebook-row"`, "</tr>", "Student A"); strings.Count(row, `data-status="done"`) < 1 {
		t.Errorf("gradebook after a retry: want done:\n%.1500s", row)
	}
}

// TestLessonPageDueAndLate: a class student's lesson page shows the due
// time, and says late once it has passed without the work handed in.
func TestLessonPageDueAndLate(t *testing.T) {
	c := newClassroom(t)
	ctx := context.Background()
	const slug = "the-soviet-reading"
	ta := mustUser(t, c.app, "teacher-a")
	must(t, c.db.Assign(ctx, ta.ID, c.classA, []string{slug}, c.clock().Add(time.Hour), true))
	b := c.browsers["student A"]
	due := func() string { return elementWith(b.get("/lessons/"+slug).body, `class="lesson-due`, "</p>", "Due") }
	if d := due(); d == "" || strings.Contains(d, "late") {
		t.Errorf("before the due time: want the due time, not late:\n%q", d)
	}
	c.advance(2 * time.Hour)
	if d := due(); !strings.Contains(d, "lesson-due-late\"") || !strings.Contains(d, "late. You can still hand it in") {
		t.Errorf("after the due time: want late:\n%q", d)
	}
	if d := elementWith(c.browsers["learner"].get("/lessons/"+slug).body, `data-testid="lesson-due"`, "</p>", "Due"); d != "" {
		t.Errorf("a self-study learner is shown a due time: %q", d)
	}
}

// TestOneHomePerRole: the logo goes where the menu's Home goes, and a
// class student is never offered "Continue" on a lesson not assigned.
func TestOneHomePerRole(t *testing.T) {
	c := newClassroom(t)
	for role, home := range map[string]string{"student A": "/home", "teacher A": "/teach", "learner": "/", "anonymous": "/"} {
		p := c.browsers[role].get("/lessons")
		if !strings.Contains(p.body, `class="site-name" href="`+home+`"`) {
			t.Errorf("%s: the logo does not go to %s", role, home)
		}
	}
	front := c.browsers["student A"].get("/").body
	if strings.Contains(front, "Continue:") {
		t.Errorf("a class student's front page offers to continue a lesson of the self-study order")
	}
}
