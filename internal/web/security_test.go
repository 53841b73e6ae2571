package web_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
	"time"
)

// getRoutes is every GET page, for classroom c, with real IDs.
func getRoutes(c *classroom) []string {
	l := "the-soviet-reading"
	class := fmt.Sprintf("/teach/classes/%d", c.classA)
	return []string{"/", "/healthz", "/lessons", "/lessons/" + l, "/lessons/" + l + "/worksheet",
		"/sources/roshchin-1950-10-03", "/progress", "/review/" + l + "/why-frame", "/join", "/join?code=" + c.joinCode(),
		"/home", "/login", "/account/save", "/signup", "/teach", class, class + "/gradebook", class + "/gradebook.csv",
		fmt.Sprintf("%s/students/%d/lessons/%s", class, c.studentA, l), class + "/lessons/" + l + "/grading",
		class + "/lessons/" + l + "/insight", "/teach/classes/999", "/nope", "/static/nope"}
}

// TestSecurityHeadersEverywhere crawls every GET page as every role: each
// answer, whatever its status, carries the CSP, nosniff and Referrer-Policy.
// Then a GET crawl must have left every table as it was.
func TestSecurityHeadersAndSafeGETs(t *testing.T) {
	c := newClassroom(t)
	// Some work to look at: student A answers, so review and grading pages have rows.
	l, _ := c.unit.Lesson("the-soviet-reading")
	for _, q := range l.Questions[:3] {
		c.browsers["student A"].post("/lessons/"+l.Slug+"/questions/"+q.ID, rightForm(q, "0"))
	}
	before := dump(t, c.app)
	for _, role := range roles {
		for _, path := range getRoutes(c) {
			p := c.browsers[role].get(path)
			if p.status >= 500 {
				t.Errorf("%s as %s: status %d", path, role, p.status)
			}
			csp := p.header.Get("Content-Security-Policy")
			if !strings.Contains(csp, "default-src 'self'") || !strings.Contains(csp, "frame-ancestors 'none'") || strings.Contains(csp, "unsafe-inline") {
				t.Errorf("%s as %s: CSP %q", path, role, csp)
			}
			if p.header.Get("X-Content-Type-Options") != "nosniff" {
				t.Errorf("%s as %s: no nosniff", path, role)
			}
			if p.header.Get("Referrer-Policy") == "" {
				t.Errorf("%s as %s: no Referrer-Policy", path, role)
			}
			if strings.Contains(p.body, "<script>") && !strings.Contains(p.body, "<script src=") {
				t.Errorf("%s as %s: inline script", path, role)
			}
		}
	}
	if after := dump(t, c.app); after != before {
		t.Errorf("GET requests changed the database:\nbefore:\n%s\nafter:\n%s", before, after)
	}
}

// from is a browser whose connections come from another loopback address.
func (a *app) from(ip string) *browser {
	b := a.browser()
	jar, _ := cookiejar.New(nil)
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}}
	b.client.Jar = jar
	b.client.Transport = &http.Transport{DialContext: d.DialContext}
	return b
}

// TestLoginGuessingLimited: guessing a student's password from one address
// gets 429 with Retry-After, even for the right password from a browser
// that never signed in to the account; the student, in the browser they
// signed in with before, still signs in.
func TestLoginGuessingLimited(t *testing.T) {
	c := newClassroom(t)
	attacker := c.app.from("127.0.0.2")
	var last page
	for range 25 {
		c.app.advance(time.Second)
		last = attacker.post("/login", url.Values{"username": {"student-a"}, "password": {"guess"}})
	}
	if last.status != http.StatusTooManyRequests || last.header.Get("Retry-After") == "" {
		t.Fatalf("after 25 guesses: status %d, Retry-After %q", last.status, last.header.Get("Retry-After"))
	}
	// Even the right password is refused from the guessing address for now.
	if p := attacker.post("/login", url.Values{"username": {"student-a"}, "password": {password}}); p.status != http.StatusTooManyRequests {
		t.Errorf("right password from the guessing address: status %d, want 429", p.status)
	}
	owner := c.browsers["student A"] // signed in from this browser before
	if p := owner.post("/login", url.Values{"username": {"student-a"}, "password": {password}}); p.status != http.StatusSeeOther {
		t.Errorf("the owner in their own browser: status %d, want 303:\n%.300s", p.status, p.body)
	}
}

// TestJoinCodeGuessingLimited: wrong join codes from one address get 429
// with Retry-After; a student elsewhere with the right code still joins.
func TestJoinCodeGuessingLimited(t *testing.T) {
	c := newClassroom(t)
	guesser := c.app.from("127.0.0.4")
	var last page
	for i := range 101 {
		last = guesser.post("/join", url.Values{"code": {fmt.Sprintf("ZZZZZ%03d", i)}, "display_name": {"Guess"}, "username": {"guesser"}, "password": {password}})
	}
	if last.status != http.StatusTooManyRequests || last.header.Get("Retry-After") == "" {
		t.Fatalf("after 101 wrong codes: status %d, Retry-After %q", last.status, last.header.Get("Retry-After"))
	}
	// The right code from the guessing address waits too: the limit is
	// checked before the code.
	if p := guesser.post("/join", url.Values{"code": {c.joinCode()}, "display_name": {"Guess"}, "username": {"guesser"}, "password": {password}}); p.status != http.StatusTooManyRequests {
		t.Errorf("right code from the guessing address: status %d, want 429", p.status)
	}
	student := c.app.from("127.0.0.5")
	if p := student.post("/join", url.Values{"code": {c.joinCode()}, "display_name": {"Real"}, "username": {"real-student"}, "password": {password}}); p.status != http.StatusSeeOther {
		t.Errorf("a real student elsewhere: status %d:\n%.300s", p.status, p.body)
	}
	if _, err := c.db.UserByUsername(context.Background(), "guesser"); err == nil {
		t.Error("the guesser got an account")
	}
}
