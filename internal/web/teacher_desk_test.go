package web_test

import (
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/ciphergram/ciphergram/internal/web"
)

// deskClass is Ms A's class through the real forms: the Soviet reading
// assigned due in an hour, Sam hands it all in, and Pat and Kim join and
// hand nothing in.
func deskClass(t *testing.T) *twoTeachers {
	t.Helper()
	tt := newTwoTeachers(t, newApp(t))
	due := tt.clock().Add(time.Hour).UTC()
	if p := tt.msA.post(tt.classA+"/assign", url.Values{"lesson": {tt.lesson.Slug},
		"due_date": {due.Format("2006-01-02")}, "due_time": {due.Format("15:04")}}); p.status != http.StatusSeeOther {
		t.Fatalf("assign with a due date: status %d", p.status)
	}
	cs, err := tt.db.Classes(context.Background(), mustUser(t, tt.app, "ms-a").ID)
	must(t, err)
	for _, name := range []string{"Pat", "Kim"} {
		tt.joinNew(t, tt.browser(), cs[0].JoinCode, name, strings.ToLower(name))
	}
	return tt
}

// TestGradebookMissingWork: before the due date nobody is missing; after
// it, the two who handed nothing in are flagged in words and colour, on
// the page and in the CSV, and Sam (who handed in) is not; percentages
// and the class average are beside the points; the sort goes either way.
func TestGradebookMissingWork(t *testing.T) {
	tt := deskClass(t)
	book := tt.msA.get(tt.classA + "/gradebook")
	if book.status != http.StatusOK || strings.Contains(book.body, `data-missing="true"`) {
		t.Fatalf("before the due date: status %d, something missing", book.status)
	}
	tt.advance(2 * time.Hour) // within the idle limit: still signed in
	book = tt.msA.get(tt.classA + "/gradebook")
	if n := strings.Count(book.body, `data-testid="missing"`); n != 2 {
		t.Errorf("%d cells flagged missing after the due date, want 2 (Pat, Kim)", n)
	}
	if !strings.Contains(book.body, "gb-missing") || !strings.Contains(book.body, "2 missing") ||
		!strings.Contains(book.body, "2 lessons are past due and not handed in") {
		t.Error("missing work not flagged in colour, in the average row, or above the table")
	}
	if !strings.Contains(book.body, "1 of 3 handed in") || !strings.Contains(book.body, "Class average") {
		t.Error("class average row")
	}
	if !strings.Contains(book.body, "%)") {
		t.Error("no percentage beside the points")
	}
	// Sorting by the lesson: highest first, and its link reverses it.
	byLesson := tt.msA.get(tt.classA + "/gradebook?sort=" + tt.lesson.Slug)
	if !strings.Contains(byLesson.body, `aria-sort="descending"`) || !strings.Contains(byLesson.body, "sort="+tt.lesson.Slug+"&amp;dir=asc") {
		t.Error("a lesson sorts highest first, with a link to reverse")
	}
	byName := tt.msA.get(tt.classA + "/gradebook?sort=name&dir=desc")
	if k, p, s := strings.Index(byName.body, ">Kim"), strings.Index(byName.body, ">Pat"), strings.Index(byName.body, ">Sam"); !(s < p && p < k) || k < 0 {
		t.Errorf("names Z to A: Sam %d, Pat %d, Kim %d", s, p, k)
	}
	// The CSV has the same flags.
	p := tt.msA.get(tt.classA + "/gradebook.csv")
	records, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(p.body, "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	missing := map[string]bool{}
	for _, rec := range records[1:] {
		missing[rec[0]] = strings.Contains(rec[2], "missing")
	}
	if !missing["Pat"] || !missing["Kim"] || missing["Sam"] {
		t.Errorf("CSV missing flags: %v\n%s", missing, p.body)
	}
}

// TestConfirmBeforeHarm: reset, remove and a new join code each ask first
// on a page of their own; a POST without confirm=1 changes nothing and
// asks; with it, the action happens.
func TestConfirmBeforeHarm(t *testing.T) {
	tt := deskClass(t)
	ctx := context.Background()
	pat := mustUser(t, tt.app, "pat")
	student := fmt.Sprintf("%s/students/%d", tt.classA, pat.ID)
	cs, _ := tt.db.Classes(ctx, mustUser(t, tt.app, "ms-a").ID)
	code := cs[0].JoinCode

	for _, path := range []string{student + "/reset", student + "/remove", tt.classA + "/code"} {
		ask := tt.msA.get(path)
		if ask.status != http.StatusOK || !strings.Contains(ask.body, `name="confirm" value="1"`) || !strings.Contains(ask.body, `action="`+path+`"`) {
			t.Errorf("GET %s: status %d, no confirm form", path, ask.status)
		}
		if p := tt.msA.post(path, nil); p.status != http.StatusOK || !strings.Contains(p.body, `data-testid="confirm-form"`) {
			t.Errorf("POST %s without confirm: status %d, not the confirm page", path, p.status)
		}
	}
	after, _ := tt.db.User(ctx, pat.ID)
	cs, _ = tt.db.Classes(ctx, mustUser(t, tt.app, "ms-a").ID)
	roster, _ := tt.db.Roster(ctx, mustUser(t, tt.app, "ms-a").ID, cs[0].ID)
	if after.PasswordHash != pat.PasswordHash || cs[0].JoinCode != code || len(roster) != 3 {
		t.Fatal("an unconfirmed POST changed something")
	}
	// The reset page says what the roster says when the teacher may not:
	// Sam is in Mr B's class too.
	sam := fmt.Sprintf("%s/students/%d/reset", tt.classA, tt.samID)
	refused := tt.msA.get(sam)
	if refused.status != http.StatusForbidden || !strings.Contains(refused.body, "is also in a class of Mr B") || strings.Contains(refused.body, `data-testid="confirm-form"`) {
		t.Errorf("reset page for Sam: status %d\n%s", refused.status, refused.body)
	}
	if roster := tt.msA.get(tt.classA); !strings.Contains(roster.body, "is also in a class of Mr B") {
		t.Error("the roster does not say who can reset Sam's password")
	}
	if p := tt.msA.post(student+"/reset", url.Values{"confirm": {"1"}}); p.status != http.StatusOK || !strings.Contains(p.body, `data-testid="one-time-password"`) {
		t.Errorf("confirmed reset: status %d", p.status)
	}
	if p := tt.msA.post(tt.classA+"/code", url.Values{"confirm": {"1"}}); p.status != http.StatusSeeOther {
		t.Errorf("confirmed new code: status %d", p.status)
	}
	if p := tt.msA.post(student+"/remove", url.Values{"confirm": {"1"}}); p.status != http.StatusSeeOther {
		t.Errorf("confirmed remove: status %d", p.status)
	}
	after, _ = tt.db.User(ctx, pat.ID)
	cs, _ = tt.db.Classes(ctx, mustUser(t, tt.app, "ms-a").ID)
	roster, _ = tt.db.Roster(ctx, mustUser(t, tt.app, "ms-a").ID, cs[0].ID)
	if after.PasswordHash == pat.PasswordHash || cs[0].JoinCode == code || len(roster) != 2 {
		t.Error("confirmed actions did not happen")
	}
	// Another teacher's student: not found, confirm page or not.
	if p := tt.mrB.get(student + "/remove"); p.status != http.StatusNotFound {
		t.Errorf("Mr B asks to remove Ms A's student: status %d", p.status)
	}
}

// TestTimezoneList: every IANA zone of a country is offered (not ~47),
// each loads, the old list's are all still there, sign-up asks rather
// than assuming UTC, and a zone outside the list is refused.
func TestTimezoneList(t *testing.T) {
	a := newApp(t)
	p := a.browser().get("/signup")
	options := strings.Count(p.body, "<option value=")
	if options < 400 {
		t.Errorf("%d time zones offered, want every IANA zone (about 420)", options)
	}
	for _, z := range []string{"America/Toronto", "Europe/Oslo", "Asia/Kolkata", "Pacific/Chatham", "America/Argentina/Buenos_Aires", "UTC"} {
		if !strings.Contains(p.body, `<option value="`+z+`"`) {
			t.Errorf("%s not offered", z)
		}
		if _, err := time.LoadLocation(z); err != nil {
			t.Errorf("%s does not load: %v", z, err)
		}
	}
	if !strings.Contains(p.body, `<optgroup label="America">`) || !strings.Contains(p.body, `<option value="" selected>Choose your time zone</option>`) {
		t.Error("zones not grouped by region, or sign-up does not ask")
	}
	for _, z := range web.Timezones() {
		if _, err := time.LoadLocation(z); err != nil {
			t.Errorf("%s is offered but does not load: %v", z, err)
		}
	}
	b := a.browser()
	form := url.Values{"username": {"ms-toronto"}, "display_name": {"Ms T"}, "password": {password}}
	for _, bad := range []string{"", "Mars/Olympus", "Local"} {
		form.Set("timezone", bad)
		if p := b.post("/signup", form); p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, "Choose your time zone from the list") {
			t.Errorf("time zone %q: status %d", bad, p.status)
		}
	}
	form.Set("timezone", "America/Toronto")
	if p := b.post("/signup", form); p.status != http.StatusSeeOther {
		t.Errorf("America/Toronto refused: status %d", p.status)
	}
}

// TestInsightCountsUngradedAsWaiting: Sam's written answer, not graded
// yet, is waiting, not wrong; graded in full, it is right.
func TestInsightCountsUngradedAsWaiting(t *testing.T) {
	tt := newTwoTeachers(t, newApp(t))
	section := func() string {
		t.Helper()
		p := tt.msA.get(tt.classA + "/lessons/" + tt.lesson.Slug + "/insight")
		n := strings.Index(p.body, string(tt.written.Prompt))
		if p.status != http.StatusOK || n < 0 {
			t.Fatalf("insight: status %d, written question not found", p.status)
		}
		rest := p.body[n:]
		if end := strings.Index(rest, "</section>"); end >= 0 {
			rest = rest[:end]
		}
		return rest
	}
	if s := section(); strings.Contains(s, "0%") || !strings.Contains(s, "1 waiting to be graded") || !strings.Contains(s, "No answer graded yet") {
		t.Errorf("an ungraded answer counted as wrong:\n%s", s)
	}
	if p := tt.grade(t, tt.msA, tt.classA, formatPointsTest(tt.written.Points), ""); p.status != http.StatusSeeOther {
		t.Fatalf("grade: status %d", p.status)
	}
	if s := section(); !strings.Contains(s, "100%") || strings.Contains(s, "waiting") {
		t.Errorf("a fully graded answer is not right:\n%s", s)
	}
}

// TestSmallText: "1 lesson assigned." (not "lesson(s)"), a due time 23 h
// 05 min away is "Due in 23 hours" (not 24), the favicon is served, and
// pages carry a meta description and link the icon.
func TestSmallText(t *testing.T) {
	tt := newTwoTeachers(t, newApp(t))
	l := tt.unit.Lessons[0]
	due := tt.clock().Add(23*time.Hour + 5*time.Minute).UTC()
	tt.msA.get(tt.classA) // shows (and clears) the notices of signing up
	if p := tt.msA.post(tt.classA+"/assign", url.Values{"lesson": {l.Slug},
		"due_date": {due.Format("2006-01-02")}, "due_time": {due.Format("15:04")}}); p.status != http.StatusSeeOther {
		t.Fatalf("assign: status %d", p.status)
	}
	if p := tt.msA.get(tt.classA); !strings.Contains(p.body, "1 lesson assigned.") {
		t.Error(`the flash does not say "1 lesson assigned."`)
	}
	cs, err := tt.db.Classes(context.Background(), mustUser(t, tt.app, "ms-a").ID)
	must(t, err)
	pat := tt.browser()
	tt.joinNew(t, pat, cs[0].JoinCode, "Pat", "pat")
	if home := pat.get("/home"); !strings.Contains(home.body, "Due in 23 hours") {
		t.Errorf("23 h 05 min before the due time, the student's home does not say \"Due in 23 hours\"")
	}
	icon := pat.get("/favicon.ico")
	if icon.status != http.StatusOK || icon.header.Get("Content-Type") != "image/x-icon" || !strings.HasPrefix(icon.body, "\x00\x00\x01\x00") {
		t.Errorf("/favicon.ico: status %d, type %q", icon.status, icon.header.Get("Content-Type"))
	}
	for _, path := range []string{"/", "/lessons", "/lessons/" + l.Slug, "/sources/roshchin-1950-10-03"} {
		p := tt.browser().get(path)
		if !strings.Contains(p.body, `<meta name="description" content="`) || !strings.Contains(p.body, `<link rel="icon" href="/static/favicon.`) {
			t.Errorf("%s: no meta description or icon link", path)
		}
	}
}

// TestGradeByCriteria: the ticked criteria plus the adjustment are the
// points; a regrade starts from the ticks kept; a total out of range or a
// criterion not in the rubric is sent back (422) and stores nothing.
func TestGradeByCriteria(t *testing.T) {
	tt := newTwoTeachers(t, newApp(t))
	ctx := context.Background()
	at, err := tt.db.LatestAttempt(ctx, tt.samID, tt.lesson.Slug)
	must(t, err)
	rubric := tt.written.Rubric
	if len(rubric) < 2 {
		t.Fatalf("the written question has %d criteria", len(rubric))
	}
	post := func(adjust string, criteria ...string) page {
		return tt.msA.post(tt.classA+"/lessons/"+tt.lesson.Slug+"/grading", url.Values{"attempt": {fmt.Sprint(at.ID)},
			"question": {tt.written.ID}, "criterion": criteria, "adjust": {adjust}, "comment": {"Good."}})
	}
	for _, bad := range []page{post("", "0", "7"), post(formatPointsTest(tt.written.Points), "0"), post("-99", "1"), post("NaN", "0"), post("")} {
		if bad.status != http.StatusUnprocessableEntity {
			t.Errorf("bad grade: status %d, want 422", bad.status)
		}
	}
	if fb, _ := tt.db.StudentFeedback(ctx, tt.samID); len(fb) != 0 {
		t.Fatalf("a refused grade was stored: %+v", fb)
	}
	p := post("-0.5", "1", "0", "1")
	if p.status != http.StatusSeeOther || !strings.Contains(p.header.Get("Location"), "?q="+tt.written.ID+"#grading-status") {
		t.Fatalf("grade: status %d to %q", p.status, p.header.Get("Location"))
	}
	fb, err := tt.db.StudentFeedback(ctx, tt.samID)
	if want := rubric[0].Points + rubric[1].Points - 0.5; err != nil || len(fb) != 1 || fb[0].Points != want {
		t.Fatalf("stored %+v, %v; want %v points", fb, err, want)
	}
	page := tt.msA.get(tt.classA + "/lessons/" + tt.lesson.Slug + "/grading")
	anchor := fmt.Sprintf("g-%d-%s", at.ID, tt.written.ID)
	for i := range rubric {
		box := fmt.Sprintf(`id="%s-c%d" name="criterion" value="%d" data-points="%s" checked`, anchor, i, i, formatPointsTest(rubric[i].Points))
		if strings.Contains(page.body, box) != (i < 2) {
			t.Errorf("criterion %d: ticked %v on the regrade form, want %v", i, strings.Contains(page.body, box), i < 2)
		}
	}
	if !strings.Contains(page.body, `value="-0.5"`) {
		t.Error("the adjustment is not kept for a regrade")
	}
}
