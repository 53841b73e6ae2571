package web_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/ciphergram/ciphergram/internal/store"
	"github.com/ciphergram/ciphergram/internal/web"
	"github.com/ciphergram/ciphergram/lessons"
)

// writtenQuestion is a lesson of the unit with a written question.
func writtenQuestion(t *testing.T, u *lessons.Unit) (*lessons.Lesson, *lessons.Question) {
	t.Helper()
	for _, l := range u.Lessons {
		for _, q := range l.Questions {
			if q.Type == lessons.Written {
				return l, q
			}
		}
	}
	t.Fatal("no written question in the unit")
	return nil, nil
}

// answerAll answers every question of the lesson, the written one with text.
func answerAll(t *testing.T, b *browser, l *lessons.Lesson, text string) {
	t.Helper()
	for _, q := range l.Questions {
		f := rightForm(q, "0")
		if q.Type == lessons.Written {
			f.Set("text", text)
		}
		if p := b.post("/lessons/"+l.Slug+"/questions/"+q.ID, f); p.status != http.StatusSeeOther {
			t.Fatalf("answer %s: status %d\n%.400s", q.ID, p.status, p.body)
		}
	}
}

type download struct {
	Account struct {
		Username string `json:"username"`
	} `json:"account"`
	Classes []struct {
		Name string `json:"name"`
	} `json:"classes"`
	Attempts []struct {
		Lesson  string `json:"lesson"`
		Answers []struct {
			Question string `json:"question"`
			Answer   string `json:"answer"`
		} `json:"answers"`
	} `json:"attempts"`
}

// TestMyDataDownloadIsTheirs: a student's download holds every answer they
// gave and nothing of a classmate's; the CSV has a row per answer; a guest
// downloads their progress too.
func TestMyDataDownloadIsTheirs(t *testing.T) {
	c := newClassroom(t)
	l, _ := writtenQuestion(t, c.unit)
	answerAll(t, c.browsers["student A"], l, "A thinks the telegram was a warning.")
	answerAll(t, c.browsers["student B"], l, "B-SECRET the classmate's own words")

	p := c.browsers["student A"].get("/account/data.json")
	if p.status != 200 || !strings.HasPrefix(p.header.Get("Content-Disposition"), "attachment") || p.header.Get("Cache-Control") != "no-store" {
		t.Fatalf("download: %d %v", p.status, p.header)
	}
	var d download
	if err := json.Unmarshal([]byte(p.body), &d); err != nil {
		t.Fatal(err)
	}
	if d.Account.Username != "student-a" || len(d.Classes) != 1 || d.Classes[0].Name != "Class A" {
		t.Errorf("account and classes: %+v", d)
	}
	ctx := context.Background()
	at, err := c.db.LatestAttempt(ctx, c.studentA, l.Slug)
	must(t, err)
	stored, err := c.db.Responses(ctx, at.ID)
	must(t, err)
	if len(stored) != len(l.Questions) || len(d.Attempts) != 1 || len(d.Attempts[0].Answers) != len(stored) {
		t.Fatalf("%d answers stored, download has %+v", len(stored), d.Attempts)
	}
	for i, r := range stored {
		if got := d.Attempts[0].Answers[i]; got.Question != r.QuestionID || got.Answer != r.Answer {
			t.Errorf("answer %d: %+v, stored %s %s", i, got, r.QuestionID, r.Answer)
		}
	}
	if !strings.Contains(p.body, "A thinks the telegram") {
		t.Error("the written answer is missing")
	}
	for _, other := range []string{"B-SECRET", "student-b", "Student B", "argon2"} {
		if strings.Contains(p.body, other) {
			t.Errorf("the download holds %q", other)
		}
	}

	csv := c.browsers["student A"].get("/account/answers.csv")
	if csv.status != 200 || strings.Count(csv.body, "\r\n") != len(stored)+1 || !strings.Contains(csv.body, "A thinks the telegram") || strings.Contains(csv.body, "B-SECRET") {
		t.Errorf("CSV: %d\n%s", csv.status, csv.body)
	}

	guest := c.browser()
	answerAll(t, guest, l, "a guest's thought")
	if p := guest.get("/account/data.json"); p.status != 200 || !strings.Contains(p.body, "a guest's thought") || strings.Contains(p.body, "A thinks") {
		t.Errorf("guest download: %d\n%.300s", p.status, p.body)
	}
}

// TestDeleteOwnAccount: a student deletes their account with their
// password; every copy of their cookie stops working, no answer of
// theirs is left, and their teacher's gradebook no longer lists them.
// A guest confirms with a tick.
func TestDeleteOwnAccount(t *testing.T) {
	c := newClassroom(t)
	l, _ := writtenQuestion(t, c.unit)
	b := c.browsers["student A"]
	answerAll(t, b, l, "mine")
	u, _ := url.Parse(c.srv.URL)
	copied := c.browser()
	copied.client.Jar.SetCookies(u, b.client.Jar.Cookies(u))
	gradebook := fmt.Sprintf("/teach/classes/%d/gradebook", c.classA)
	if p := c.browsers["teacher A"].get(gradebook); !strings.Contains(p.body, "student-a<") {
		t.Fatal("the gradebook does not list student A before")
	}

	if p := b.get("/account/data"); p.status != 200 || !strings.Contains(p.body, `name="password"`) || !strings.Contains(p.body, "responsibility") {
		t.Fatalf("my data page: %d", p.status)
	}
	if p := b.post("/account/delete", url.Values{"password": {"not it"}}); p.status != http.StatusUnauthorized {
		t.Errorf("wrong password: status %d", p.status)
	}
	ctx := context.Background()
	if _, err := c.db.User(ctx, c.studentA); err != nil {
		t.Fatalf("a wrong password deleted the account: %v", err)
	}
	p := b.post("/account/delete", url.Values{"password": {password}})
	if p.status != 200 || !strings.Contains(p.body, "deleted") {
		t.Fatalf("delete: status %d\n%.300s", p.status, p.body)
	}
	// The browser's device cookie, which named the account, is rewritten.
	if cookies := strings.Join(p.header.Values("Set-Cookie"), "\n"); !strings.Contains(cookies, "cg_device=") || (!strings.Contains(cookies, "cg=;") && !strings.Contains(cookies, "Max-Age=0")) {
		t.Errorf("cookies after deletion:\n%s", cookies)
	}
	if _, err := c.db.User(ctx, c.studentA); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("account after deletion: %v", err)
	}
	if _, err := c.db.LatestAttempt(ctx, c.studentA, l.Slug); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("attempt after deletion: %v", err)
	}
	for name, br := range map[string]*browser{"the deleting browser": b, "a copied cookie": copied} {
		if p := br.get("/account/data.json"); p.status != http.StatusSeeOther || strings.Contains(p.body, "mine") {
			t.Errorf("%s after deletion: status %d", name, p.status)
		}
	}
	if p := c.browsers["teacher A"].get(gradebook); strings.Contains(p.body, "student-a<") {
		t.Error("the gradebook still lists student A")
	}
	if p := b.post("/login", url.Values{"username": {"student-a"}, "password": {password}}); p.status != http.StatusUnauthorized {
		t.Errorf("signing in to the deleted account: status %d", p.status)
	}

	guest := c.browser()
	answerAll(t, guest, l, "guest")
	if p := guest.get("/account/data"); !strings.Contains(p.body, `name="confirm"`) || strings.Contains(p.body, `name="password"`) {
		t.Error("a guest is asked for a password")
	}
	if p := guest.post("/account/delete", nil); p.status != http.StatusUnprocessableEntity {
		t.Errorf("guest without the tick: status %d", p.status)
	}
	if p := guest.post("/account/delete", url.Values{"confirm": {"1"}}); p.status != 200 {
		t.Errorf("guest delete: status %d", p.status)
	}
	if p := guest.get("/account/data"); p.status != http.StatusSeeOther {
		t.Errorf("the guest's cookie after deletion: status %d", p.status)
	}
}

// TestTeacherDeletesStudentAccount: the confirmation page says what goes;
// after it, the student is gone from the roster and the gradebook. A
// student another teacher also has is refused with who can.
func TestTeacherDeletesStudentAccount(t *testing.T) {
	c := newClassroom(t)
	l, _ := writtenQuestion(t, c.unit)
	answerAll(t, c.browsers["student A"], l, "mine")
	teacher := c.browsers["teacher A"]
	class := fmt.Sprintf("/teach/classes/%d", c.classA)
	confirm := fmt.Sprintf("%s/students/%d/delete", class, c.studentA)
	if p := teacher.get(class); !strings.Contains(p.body, `href="`+confirm+`"`) || !strings.Contains(p.body, "student-a<") {
		t.Fatal("the roster does not offer the deletion")
	}
	p := teacher.get(confirm)
	if p.status != 200 || !strings.Contains(p.body, fmt.Sprintf("1 lesson attempt(s) with %d answer(s)", len(l.Questions))) {
		t.Fatalf("confirmation page: %d\n%.600s", p.status, p.body)
	}
	if p := teacher.post(confirm, nil); p.status != http.StatusSeeOther {
		t.Fatalf("delete: status %d", p.status)
	}
	if p := teacher.get(class); strings.Contains(p.body, "student-a<") || !strings.Contains(p.body, "deleted") {
		t.Error("the roster still lists student A, or says nothing")
	}
	if p := teacher.get(class + "/gradebook"); strings.Contains(p.body, "student-a<") {
		t.Error("the gradebook still lists student A")
	}
	if p := c.browsers["student A"].get("/progress"); strings.Contains(p.body, ">Student A<") {
		t.Error("student A's cookie still signs in")
	}
	if p := teacher.get(class); !strings.Contains(p.body, fmt.Sprintf(`href="%s/students/%d/delete" data-testid="delete-who"`, class, c.studentAB)) {
		t.Error("the roster does not say who can delete student AB's account")
	}
	p = teacher.get(fmt.Sprintf("%s/students/%d/delete", class, c.studentAB))
	if p.status != http.StatusForbidden || !strings.Contains(p.body, "Mr B") || !strings.Contains(p.body, "ciphergram user delete student-ab") || strings.Contains(p.body, "student-delete-form") {
		t.Errorf("refusal: %d\n%.600s", p.status, p.body)
	}
}

// TestPrivacyPage: linked from every page's footer and from the forms
// that make an account; says how long guests are kept and whom to ask.
func TestPrivacyPage(t *testing.T) {
	a := newApp(t, func(c *web.Config) { c.GuestDays = 90; c.PrivacyContact = "Ms Rivera, office 12" })
	b := a.browser()
	for _, path := range []string{"/", "/lessons", "/signup", "/join", "/account/save", "/login"} {
		p := b.get(path)
		if !strings.Contains(p.body, `href="/privacy"`) {
			t.Errorf("%s does not link the privacy page", path)
		}
		if path == "/signup" || path == "/join" || path == "/account/save" {
			if !strings.Contains(p.body, `data-testid="privacy-note"`) {
				t.Errorf("%s: no privacy note beside the form", path)
			}
		}
	}
	p := b.get("/privacy")
	if p.status != 200 || !strings.Contains(p.body, "after 90 days") || !strings.Contains(p.body, "Ms Rivera, office 12") {
		t.Errorf("privacy page: %d\n%.400s", p.status, p.body)
	}
	if strings.Contains(p.body, `src="http`) || strings.Contains(p.body, `href="http`) {
		t.Error("the privacy page loads or links another site")
	}
}
