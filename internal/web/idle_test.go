package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// signedOutFor checks that b's session has ended: path sends it to sign
// in, and the sign-in page says why.
func signedOutFor(t *testing.T, who string, b *browser, path, why string) {
	t.Helper()
	p := b.get(path)
	if p.status != http.StatusSeeOther || p.header.Get("Location") != "/login?next="+url.QueryEscape(path) {
		t.Fatalf("%s idle: %s answers %d, Location %q; want a redirect to sign in", who, path, p.status, p.header.Get("Location"))
	}
	if login := b.get(p.header.Get("Location")); !strings.Contains(login.body, why) {
		t.Errorf("%s: the sign-in page does not say %q:\n%.2000s", who, why, login.body)
	}
	if p := b.get(path); p.status != http.StatusSeeOther {
		t.Errorf("%s: %s answers %d after the notice, want still signed out", who, path, p.status)
	}
}

// stillIn checks that b is still signed in: path answers 200.
func stillIn(t *testing.T, who string, b *browser, path string) {
	t.Helper()
	if p := b.get(path); p.status != http.StatusOK {
		t.Fatalf("%s, active: %s answers %d, want 200", who, path, p.status)
	}
}

// TestIdleSessionsEnd: on the app's clock, a teacher idle for 12 hours
// and a minute is signed out, one active every hour is not; a student
// idle for 31 days is signed out, one active every 10 days is not; a
// guest's progress is still there after 100 days.
func TestIdleSessionsEnd(t *testing.T) {
	c := newClassroom(t)
	l := c.unit.Lessons[0]
	guest := c.app.browser()
	if p := guest.post("/lessons/"+l.Slug+"/questions/"+l.Questions[0].ID, rightForm(l.Questions[0], "0")); p.status != http.StatusSeeOther {
		t.Fatalf("guest answer: status %d", p.status)
	}
	teacherA, teacherB := c.browsers["teacher A"], c.browsers["teacher B"]
	studentA, studentB := c.browsers["student A"], c.browsers["student B"]

	for range 12 {
		c.advance(time.Hour)
		stillIn(t, "teacher B", teacherB, "/teach")
	}
	c.advance(time.Minute)
	stillIn(t, "student A, 12 hours on", studentA, "/home")
	signedOutFor(t, "teacher A, 12 h 1 min", teacherA, "/teach", "signed out after 12 hours without activity")
	for range 3 {
		stillIn(t, "teacher B", teacherB, "/teach")
		c.advance(time.Hour)
	}

	for range 3 {
		c.advance(10 * 24 * time.Hour)
		stillIn(t, "student B", studentB, "/home")
	}
	c.advance(24 * time.Hour)
	signedOutFor(t, "student A, 31 days", studentA, "/home", "signed out after 30 days without activity")
	stillIn(t, "student B, 10 days on", studentB, "/home")

	c.advance(70 * 24 * time.Hour)
	if p := guest.get("/lessons"); p.status != http.StatusOK || !strings.Contains(p.body, "In progress: 1 of") {
		t.Errorf("the guest's progress is gone after 100 days: status %d", p.status)
	}
}

// TestActivityRecordedCheaply: a session's last activity is written back
// only once it is stale (5 minutes for a teacher, a day for an account),
// not with a Set-Cookie on every page.
func TestActivityRecordedCheaply(t *testing.T) {
	c := newClassroom(t)
	l := c.unit.Lessons[0]
	for _, tc := range []struct {
		who, path    string
		quiet, stale time.Duration
	}{
		{"teacher A", "/teach", 4 * time.Minute, 2 * time.Minute},
		{"learner", "/lessons/" + l.Slug, 23 * time.Hour, 2 * time.Hour},
	} {
		b := c.browsers[tc.who]
		b.get(tc.path) // the sign-in's flash, if any, is taken
		c.advance(tc.quiet)
		if p := b.get(tc.path); p.status != http.StatusOK || len(p.header.Values("Set-Cookie")) != 0 {
			t.Errorf("%s %s after %v: status %d, Set-Cookie %q; want none", tc.who, tc.path, tc.quiet, p.status, p.header.Values("Set-Cookie"))
		}
		c.advance(tc.stale)
		if p := b.get(tc.path); p.status != http.StatusOK || len(p.header.Values("Set-Cookie")) != 1 {
			t.Errorf("%s %s after %v more: status %d, Set-Cookie %q; want the activity recorded", tc.who, tc.path, tc.stale, p.status, p.header.Values("Set-Cookie"))
		}
	}
}
