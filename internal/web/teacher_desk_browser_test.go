package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/ciphergram/ciphergram/internal/auth"
	"github.com/ciphergram/ciphergram/internal/store"
	"github.com/ciphergram/ciphergram/lessons"
)

// TestTeacherDeskInBrowser: a teacher opens the teacher's edition of a
// lesson from the lesson list and a worksheet copy's key from it; grades
// three written answers in a row by ticking rubric criteria with the
// keyboard, each save landing on the next answer waiting; then finds the
// one student who handed nothing in by the due time, flagged missing in
// the gradebook.
func TestTeacherDeskInBrowser(t *testing.T) {
	a := newApp(t)
	ctx := context.Background()
	l, _ := a.unit.Lesson("two-versions")
	hash, err := auth.NewHasher().Hash(ctx, password)
	must(t, err)
	class, written := a.deskClass(hash, l)
	names := []string{"Ada", "Ben", "Cai", "Dee"}
	for i, name := range names {
		_, err := a.db.CreateStudent(ctx, class.ID, 0, strings.ToLower(name), name, hash)
		must(t, err)
		if i == 3 {
			continue // Dee hands nothing in
		}
		b := a.browser()
		if p := b.post("/login", url.Values{"username": {strings.ToLower(name)}, "password": {password}}); p.status != http.StatusSeeOther {
			t.Fatalf("%s signs in: %d", name, p.status)
		}
		for _, q := range l.Questions {
			if p := b.post("/lessons/"+l.Slug+"/questions/"+q.ID, rightForm(q, "0")); p.status != http.StatusSeeOther {
				t.Fatalf("%s answers %s: %d", name, q.ID, p.status)
			}
		}
	}
	a.advance(2 * time.Hour) // past the due time

	c := a.chrome(t, "teacher", true)
	c.open("/login")
	c.do("sign in",
		chromedp.SendKeys(chromedp.CSS(`input[name="username"]`), "ms-rivera"),
		chromedp.SendKeys(chromedp.CSS(`input[name="password"]`), password),
	)
	c.submit("sign in", `main form button[type="submit"]`)

	// The teacher's edition, from the lesson list.
	c.open("/lessons")
	c.submit("open the teacher's edition", `a[data-testid="edition-link"][href="/lessons/`+l.Slug+`/teacher"]`)
	if n := c.eval(`String(document.querySelectorAll('[data-testid="edition-question"]').length)`); n != strconv.Itoa(len(l.Questions)) {
		t.Errorf("%s questions in the teacher's edition, want %d", n, len(l.Questions))
	}
	edition := c.text(`[data-testid="teacher-edition"]`)
	if !strings.Contains(edition, "A model answer") || !strings.Contains(edition, "Claim: states clearly which version was sent") {
		t.Error("the teacher's edition lacks the model answer or the rubric")
	}
	c.do("ask for the key of copy 12", chromedp.SendKeys(chromedp.CSS(`#copy-key`), "12"))
	c.submit("open the key of copy 12", `[data-testid="copy-key-form"] button`)
	if key := c.text(`[data-testid="worksheet-key"]`); !strings.Contains(key, "Copy 12") {
		t.Errorf("the worksheet key is not copy 12's:\n%s", key)
	}

	// Three answers graded in a row, by criteria, from the keyboard.
	c.open(fmt.Sprintf("/teach/classes/%d/lessons/%s/grading", class.ID, l.Slug))
	if n := c.eval(`String(document.querySelectorAll('.grading-key .model-answer').length)`); n != "1" {
		t.Errorf("%s model answers beside the stack, want 1", n)
	}
	max := formatPointsTest(written.Points)
	for i := range 3 {
		item := c.eval(`document.querySelector('[data-testid="grading-item"][data-graded="false"]').id`)
		if i > 0 {
			if hash := c.eval(`location.hash`); hash != "#"+item {
				t.Errorf("after save %d the page is at %q, want the next answer waiting #%s", i, hash, item)
			}
		}
		c.do("start in "+item, chromedp.Focus(chromedp.CSS(`#`+item+` input[name="criterion"]`)))
		for k := range written.Rubric {
			c.do("tick criterion "+strconv.Itoa(k+1), chromedp.KeyEvent(strconv.Itoa(k+1)))
		}
		if live := c.text(`#` + item + ` [data-testid="grade-live"]`); !strings.Contains(live, "Now: "+max+" of "+max) {
			t.Errorf("item %d live total %q, want %s of %s", i, live, max, max)
		}
		c.submit("save "+item, `#`+item+` [data-testid="save-grade"]`)
	}
	if n := c.eval(`String(document.querySelectorAll('[data-testid="grading-item"][data-graded="true"]').length)`); n != "3" {
		t.Errorf("%s answers graded, want 3", n)
	}
	if s := c.text(`[data-testid="ungraded"]`); !strings.Contains(s, "All answers to this question are graded") {
		t.Errorf("after the last: %q", s)
	}

	// The one student behind, in the gradebook.
	c.open(fmt.Sprintf("/teach/classes/%d/gradebook", class.ID))
	missing := c.eval(`Array.from(document.querySelectorAll('[data-testid="gradebook-cell"][data-missing="true"]')).map(td => td.closest("tr").querySelector("th").textContent.trim()).join("|")`)
	if !strings.HasPrefix(missing, "Dee") || strings.Contains(missing, "|") {
		t.Errorf("missing work flagged for %q, want Dee alone", missing)
	}
	if s := c.text(`[data-testid="gradebook-missing"]`); !strings.Contains(s, "1 lesson is past due and not handed in") {
		t.Errorf("summary: %q", s)
	}
	// At 360 px the table scrolls inside its frame; the page does not.
	c.do("a 360 px screen", chromedp.EmulateViewport(360, 740))
	c.open(fmt.Sprintf("/teach/classes/%d/gradebook", class.ID))
	if w := c.eval(`String(document.documentElement.scrollWidth)`); w != "360" {
		t.Errorf("at 360 px the gradebook page is %s px wide", w)
	}
}

// deskClass is Ms Rivera's class "Year 10" with lesson l due in an hour
// and every other lesson assigned with no due date (a gradebook wider than
// a phone); written is l's written question.
func (a *app) deskClass(hash string, l *lessons.Lesson) (class *store.Class, written *lessons.Question) {
	a.t.Helper()
	ctx, t := context.Background(), a.t
	for _, q := range l.Questions {
		if q.Type == lessons.Written {
			written = q
		}
	}
	teacher, err := a.db.CreateTeacher(ctx, "ms-rivera", "Ms Rivera", hash, "UTC")
	must(t, err)
	class, err = a.db.CreateClass(ctx, teacher.ID, "Year 10")
	must(t, err)
	must(t, a.db.Assign(ctx, teacher.ID, class.ID, []string{l.Slug}, a.clock().Add(time.Hour), true))
	for _, other := range a.unit.Lessons {
		if other != l {
			must(t, a.db.Assign(ctx, teacher.ID, class.ID, []string{other.Slug}, time.Time{}, false))
		}
	}
	return class, written
}
