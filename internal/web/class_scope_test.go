package web_test

import (
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/ciphergram/ciphergram/internal/auth"
	"github.com/ciphergram/ciphergram/internal/store"
	"github.com/ciphergram/ciphergram/internal/web"
	"github.com/ciphergram/ciphergram/lessons"
)

// Issue #10, part 2: a teacher's powers end at their own class. These
// tests play the reviewer's scenario through HTTP: teacher B signs up,
// assigns the lesson teacher A assigned, and a student of A's joins B's
// class too.

// twoTeachers is Ms A and Mr B, each with a class that has the Soviet
// reading assigned, and Sam, who joined A's class (which made Sam's
// account) and then B's, all signed in through the real forms.
type twoTeachers struct {
	*app
	msA, mrB, sam  *browser
	classA, classB string // "/teach/classes/N"
	samID          int64
	lesson         *lessons.Lesson
	written        *lessons.Question
}

func newTwoTeachers(t *testing.T, a *app) *twoTeachers {
	t.Helper()
	ctx := context.Background()
	l, _ := a.unit.Lesson("the-soviet-reading")
	q, _ := l.Question("why-frame")
	tt := &twoTeachers{app: a, lesson: l, written: q}
	signUp := func(username, name, class string) (*browser, string, string) {
		b := a.browser()
		if p := b.post("/signup", url.Values{"username": {username}, "display_name": {name},
			"password": {password}, "timezone": {"UTC"}}); p.status != http.StatusSeeOther {
			t.Fatalf("sign up %s: status %d", username, p.status)
		}
		p := b.post("/teach/classes", url.Values{"name": {class}})
		classPath := p.header.Get("Location")
		if p.status != http.StatusSeeOther || !strings.HasPrefix(classPath, "/teach/classes/") {
			t.Fatalf("create %s: status %d to %q", class, p.status, classPath)
		}
		if p := b.post(classPath+"/assign", url.Values{"lesson": {l.Slug}}); p.status != http.StatusSeeOther {
			t.Fatalf("assign to %s: status %d", class, p.status)
		}
		u, err := a.db.UserByUsername(ctx, username)
		must(t, err)
		cs, err := a.db.Classes(ctx, u.ID)
		must(t, err)
		return b, classPath, cs[0].JoinCode
	}
	var codeA, codeB string
	tt.msA, tt.classA, codeA = signUp("ms-a", "Ms A", "Class A")
	tt.mrB, tt.classB, codeB = signUp("mr-b", "Mr B", "Class B")

	tt.sam = a.browser()
	if p := tt.sam.post("/join", url.Values{"code": {codeA}, "display_name": {"Sam"}, "username": {"sam"},
		"password": {password}}); p.status != http.StatusSeeOther {
		t.Fatalf("Sam joins A: status %d", p.status)
	}
	// Sam hands in the whole lesson, the written answer included.
	for _, q := range l.Questions {
		if p := tt.sam.post("/lessons/"+l.Slug+"/questions/"+q.ID, rightForm(q, "0")); p.status != http.StatusSeeOther {
			t.Fatalf("Sam answers %s: status %d", q.ID, p.status)
		}
	}
	if p := tt.sam.post("/join", url.Values{"code": {codeB}}); p.status != http.StatusSeeOther {
		t.Fatalf("Sam joins B: status %d", p.status)
	}
	sam, err := a.db.UserByUsername(ctx, "sam")
	must(t, err)
	tt.samID = sam.ID
	return tt
}

// grade posts a grade on Sam's written answer through a class's grading page.
func (tt *twoTeachers) grade(t *testing.T, b *browser, class, points, comment string) page {
	t.Helper()
	at, err := tt.db.LatestAttempt(context.Background(), tt.samID, tt.lesson.Slug)
	must(t, err)
	return b.post(class+"/lessons/"+tt.lesson.Slug+"/grading", url.Values{"attempt": {fmt.Sprint(at.ID)},
		"question": {tt.written.ID}, "points": {points}, "comment": {comment}})
}

// csvPoints is Sam's points on the lesson in a class's CSV export.
func (tt *twoTeachers) csvPoints(t *testing.T, b *browser, class string) string {
	t.Helper()
	p := b.get(class + "/gradebook.csv")
	records, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(p.body, "\ufeff"))).ReadAll()
	if p.status != http.StatusOK || err != nil {
		t.Fatalf("CSV of %s: status %d, %v", class, p.status, err)
	}
	for _, rec := range records {
		if rec[0] == "Sam" {
			return rec[1]
		}
	}
	t.Fatalf("Sam missing from the CSV of %s: %q", class, records)
	return ""
}

// TestTwoTeachersGradeIndependently: B's grade does not change A's; each
// class's grading page, gradebook, CSV and student page show its own
// grade; Sam sees both, each under its class.
func TestTwoTeachersGradeIndependently(t *testing.T) {
	tt := newTwoTeachers(t, newApp(t))
	l, q := tt.lesson, tt.written
	if p := tt.grade(t, tt.msA, tt.classA, "2", "From Ms A: cite p9.s1."); p.status != http.StatusSeeOther {
		t.Fatalf("A grades: status %d", p.status)
	}
	if p := tt.grade(t, tt.mrB, tt.classB, "1", "From Mr B: too short."); p.status != http.StatusSeeOther {
		t.Fatalf("B grades: status %d", p.status)
	}
	// Every other answer is right, so a class's score is the rest of the
	// lesson's points plus its own grade.
	score := func(grade float64) string {
		return formatPointsTest(l.MaxPoints()-q.Points+grade) + " / " + formatPointsTest(l.MaxPoints())
	}

	classes := []struct {
		name, path, comment, other, score, csv string
		b                                      *browser
	}{
		{"A", tt.classA, "From Ms A: cite p9.s1.", "From Mr B", score(2), formatPointsTest(l.MaxPoints() - q.Points + 2), tt.msA},
		{"B", tt.classB, "From Mr B: too short.", "From Ms A", score(1), formatPointsTest(l.MaxPoints() - q.Points + 1), tt.mrB},
	}
	check := func(when string) {
		t.Helper()
		for _, c := range classes {
			grading := c.b.get(c.path + "/lessons/" + l.Slug + "/grading")
			if !strings.Contains(grading.body, c.comment) || strings.Contains(grading.body, c.other) {
				t.Errorf("%s: class %s's grading page does not show its own comment alone", when, c.name)
			}
			answers := c.b.get(fmt.Sprintf("%s/students/%d/lessons/%s", c.path, tt.samID, l.Slug))
			if !strings.Contains(answers.body, c.comment) || strings.Contains(answers.body, c.other) || !strings.Contains(answers.body, c.score) {
				t.Errorf("%s: class %s's page of Sam's answers does not show its own grade and score %s alone", when, c.name, c.score)
			}
			book := c.b.get(c.path + "/gradebook")
			if !strings.Contains(book.body, c.score) {
				t.Errorf("%s: class %s's gradebook does not score Sam %s", when, c.name, c.score)
			}
			if got := tt.csvPoints(t, c.b, c.path); got != c.csv {
				t.Errorf("%s: class %s's CSV gives Sam %s points, want %s", when, c.name, got, c.csv)
			}
		}
	}
	check("after both graded")

	// Sam sees both grades, each under its class, and each class's score.
	home := tt.sam.get("/home")
	items := strings.Split(home.body, `data-testid="teacher-feedback"`)[1:]
	found := map[string]bool{}
	for _, it := range items {
		for _, c := range classes {
			if strings.Contains(it, "Class "+c.name) && strings.Contains(it, c.comment) {
				found[c.name] = true
			}
		}
	}
	if len(items) != 2 || !found["A"] || !found["B"] {
		t.Errorf("Sam's feedback: %d items, under its class: %v", len(items), found)
	}
	for _, c := range classes {
		if !strings.Contains(home.body, "Done: "+c.score) {
			t.Errorf("Sam's home does not show class %s's score %s", c.name, c.score)
		}
	}
	lesson := tt.sam.get("/lessons/" + l.Slug)
	if !strings.Contains(lesson.body, "in Class A") || !strings.Contains(lesson.body, "From Ms A") ||
		!strings.Contains(lesson.body, "in Class B") || !strings.Contains(lesson.body, "From Mr B") {
		t.Error("Sam's lesson page does not show both grades under their classes")
	}

	// A regrade in A changes nothing in B.
	if p := tt.grade(t, tt.msA, tt.classA, "3", "From Ms A, again: better."); p.status != http.StatusSeeOther {
		t.Fatalf("A regrades: status %d", p.status)
	}
	classes[0].comment, classes[0].score, classes[0].csv = "From Ms A, again: better.", score(3), formatPointsTest(l.MaxPoints()-q.Points+3)
	check("after A regraded")
}

// TestGradeOutsideOwnClassRefused: a teacher cannot grade through another
// teacher's class, nor grade the answer of a student not in their class.
func TestGradeOutsideOwnClassRefused(t *testing.T) {
	tt := newTwoTeachers(t, newApp(t))
	if p := tt.grade(t, tt.mrB, tt.classA, "0", "B through A's class"); p.status != http.StatusNotFound {
		t.Errorf("B grading through A's class: status %d, want 404", p.status)
	}
	// Sam leaves B's class: B's grading page can no longer reach Sam.
	if p := tt.mrB.post(fmt.Sprintf("%s/students/%d/remove", tt.classB, tt.samID), url.Values{"confirm": {"1"}}); p.status != http.StatusSeeOther {
		t.Fatalf("B removes Sam: status %d", p.status)
	}
	if p := tt.grade(t, tt.mrB, tt.classB, "0", "B after Sam left"); p.status != http.StatusNotFound {
		t.Errorf("B grading a student not in B's class: status %d, want 404", p.status)
	}
	if fb, err := tt.db.StudentFeedback(context.Background(), tt.samID); err != nil || len(fb) != 0 {
		t.Errorf("grades after the refusals: %+v, %v", fb, err)
	}
}

// TestGradePointsMustBeFinite: points that are not a finite number in
// range are sent back with a message, never stored, never a 500.
func TestGradePointsMustBeFinite(t *testing.T) {
	tt := newTwoTeachers(t, newApp(t))
	for _, points := range []string{"NaN", "nan", " NaN ", "Inf", "+Inf", "-Inf", "infinity", "1e999", "-0.5", "99", "", "two"} {
		p := tt.grade(t, tt.msA, tt.classA, points, "")
		if p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, "Give points from 0 to "+formatPointsTest(tt.written.Points)) {
			t.Errorf("points %q: status %d, want 422 with a message", points, p.status)
		}
	}
	if fb, err := tt.db.StudentFeedback(context.Background(), tt.samID); err != nil || len(fb) != 0 {
		t.Errorf("grades stored: %+v, %v", fb, err)
	}
}

// countingHasher counts the passwords hashed.
type countingHasher struct {
	*auth.Hasher
	hashes atomic.Int64
}

func (h *countingHasher) Hash(ctx context.Context, password string) (string, error) {
	h.hashes.Add(1)
	return h.Hasher.Hash(ctx, password)
}

// TestResetOnlyOwnJoiners: a teacher resets the password only of an
// account made by joining their class and in no other teacher's class.
// Every refusal comes before any hashing (its timing must not tell that
// the student exists), and the roster says who can.
func TestResetOnlyOwnJoiners(t *testing.T) {
	hasher := &countingHasher{Hasher: auth.NewHasher()}
	tt := newTwoTeachers(t, newApp(t, func(c *web.Config) { c.Hasher = hasher }))
	ctx := context.Background()
	classA, err := tt.db.Classes(ctx, mustUser(t, tt.app, "ms-a").ID)
	must(t, err)
	codeA := classA[0].JoinCode

	// Solo joined A's class only; Lee studied alone, then joined A;
	// a guest who answered a question joined A with a new username.
	solo := tt.browser()
	tt.joinNew(t, solo, codeA, "Solo", "solo")
	hash, err := hasher.Hash(ctx, password)
	must(t, err)
	_, err = tt.db.CreateLearner(ctx, "lee", hash)
	must(t, err)
	lee := tt.browser()
	if p := lee.post("/login", url.Values{"username": {"lee"}, "password": {password}}); p.status != http.StatusSeeOther {
		t.Fatalf("Lee signs in: %d", p.status)
	}
	if p := lee.post("/join", url.Values{"code": {codeA}}); p.status != http.StatusSeeOther {
		t.Fatalf("Lee joins A: %d", p.status)
	}
	guest := tt.browser()
	q := tt.lesson.Questions[0]
	guest.post("/lessons/"+tt.lesson.Slug+"/questions/"+q.ID, rightForm(q, "0"))
	tt.joinNew(t, guest, codeA, "Gus", "gus")

	reset := func(b *browser, class string, id int64) page {
		return b.post(fmt.Sprintf("%s/students/%d/reset", class, id), url.Values{"confirm": {"1"}})
	}
	refusals := []struct {
		who, by, class string
		b              *browser
		student        int64
		status         int
		says           []string
	}{
		{"B resets Sam, A's joiner also in B's class", "B", tt.classB, tt.mrB, tt.samID, http.StatusForbidden,
			[]string{"Ms A", "ciphergram user reset sam"}},
		{"A resets Sam, who is also in B's class", "A", tt.classA, tt.msA, tt.samID, http.StatusForbidden,
			[]string{"Mr B", "ciphergram user reset sam"}},
		{"A resets Lee, a learner who joined", "A", tt.classA, tt.msA, mustUser(t, tt.app, "lee").ID, http.StatusForbidden,
			[]string{"not made by joining", "ciphergram user reset lee"}},
		{"A resets Gus, a guest who joined", "A", tt.classA, tt.msA, mustUser(t, tt.app, "gus").ID, http.StatusForbidden,
			[]string{"not made by joining", "ciphergram user reset gus"}},
		{"B resets Solo, who is not in B's class", "B", tt.classB, tt.mrB, mustUser(t, tt.app, "solo").ID, http.StatusNotFound, nil},
		{"B resets a made-up student", "B", tt.classB, tt.mrB, 987654, http.StatusNotFound, nil},
	}
	for _, r := range refusals {
		before, err := tt.db.User(ctx, r.student)
		hashes := hasher.hashes.Load()
		p := reset(r.b, r.class, r.student)
		if p.status != r.status {
			t.Errorf("%s: status %d, want %d", r.who, p.status, r.status)
		}
		for _, s := range r.says {
			if !strings.Contains(p.body, s) {
				t.Errorf("%s: the page does not say %q", r.who, s)
			}
		}
		if n := hasher.hashes.Load() - hashes; n != 0 {
			t.Errorf("%s: %d password(s) hashed before refusing", r.who, n)
		}
		if after, _ := tt.db.User(ctx, r.student); err == nil && (after.PasswordHash != before.PasswordHash || after.SessionEpoch != before.SessionEpoch) {
			t.Errorf("%s: the account changed", r.who)
		}
	}

	// B's roster offers no reset for Sam and says who can; A's offers one for Solo.
	rosterB := tt.mrB.get(tt.classB)
	if strings.Contains(rosterB.body, fmt.Sprintf("/students/%d/reset", tt.samID)) ||
		!strings.Contains(rosterB.body, `data-testid="reset-by"`) || !strings.Contains(rosterB.body, "ciphergram user reset sam") {
		t.Error("B's roster offers to reset Sam's password, or does not say who can")
	}
	soloID := mustUser(t, tt.app, "solo").ID
	if rosterA := tt.msA.get(tt.classA); !strings.Contains(rosterA.body, fmt.Sprintf("/students/%d/reset", soloID)) {
		t.Error("A's roster does not offer to reset Solo's password")
	}

	// A resets Solo: a new password, and Solo's sessions end.
	hashes := hasher.hashes.Load()
	if p := reset(tt.msA, tt.classA, soloID); p.status != http.StatusOK || !strings.Contains(p.body, `data-testid="one-time-password"`) {
		t.Fatalf("A resets Solo: status %d", p.status)
	}
	if n := hasher.hashes.Load() - hashes; n != 1 {
		t.Errorf("A's reset of Solo hashed %d passwords, want 1", n)
	}
	if p := solo.get("/home"); p.status != http.StatusSeeOther || !strings.HasPrefix(p.header.Get("Location"), "/login") {
		t.Errorf("Solo's old session after the reset: status %d to %q, want sent to sign in", p.status, p.header.Get("Location"))
	}
	if p := solo.post("/login", url.Values{"username": {"solo"}, "password": {password}}); p.status == http.StatusSeeOther {
		t.Error("Solo's old password still works")
	}
}

// joinNew joins the class as a new account from browser b.
func (tt *twoTeachers) joinNew(t *testing.T, b *browser, code, name, username string) {
	t.Helper()
	if p := b.post("/join", url.Values{"code": {code}, "display_name": {name}, "username": {username},
		"password": {password}}); p.status != http.StatusSeeOther {
		t.Fatalf("%s joins: status %d", username, p.status)
	}
}

func mustUser(t *testing.T, a *app, username string) *store.User {
	t.Helper()
	u, err := a.db.UserByUsername(context.Background(), username)
	must(t, err)
	return u
}
