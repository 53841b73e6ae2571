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

	"github.com/ciphergram/ciphergram/internal/web"
)

// trustProxy is serve -trust-proxy.
func trustProxy(cfg *web.Config) { cfg.TrustProxy = true }

// postVia posts as the reverse proxy in front would, with the
// X-Forwarded-For header it passes on.
func (b *browser) postVia(forwardedFor, path string, form url.Values) page {
	b.app.t.Helper()
	req, _ := http.NewRequest("POST", b.app.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Forwarded-For", forwardedFor)
	return b.do(req)
}

func login(username, pw string) url.Values {
	return url.Values{"username": {username}, "password": {pw}}
}

// TestNATLoginLockout: a class behind one school address, several of
// whom mistype their usernames, does not lock the others out: after 25
// wrong logins with different usernames from one address, the right
// passwords of other accounts, from browsers that never signed in
// before, still get in.
func TestNATLoginLockout(t *testing.T) {
	c := newClassroom(t)
	for i := range 25 {
		if p := c.app.browser().post("/login", login(fmt.Sprintf("student-%02d", i), "wrong password")); p.status != http.StatusUnauthorized {
			t.Fatalf("wrong login %d from the school's address: status %d, want 401", i+1, p.status)
		}
	}
	for _, name := range []string{"student-a", "student-b", "learner"} {
		if p := c.app.browser().post("/login", login(name, password)); p.status != http.StatusSeeOther {
			t.Errorf("%s's right password after the class's typos: status %d, want 303:\n%.300s", name, p.status, p.body)
		}
	}
}

// TestAddressGuessingBehindProxy: with -trust-proxy, guessing across
// accounts from one address is refused once it goes far past what a class
// mistypes; another client behind the same proxy is counted apart, the
// client's own X-Forwarded-For entries are not believed, and a browser
// that signed in before still gets in from the guessing address.
func TestAddressGuessingBehindProxy(t *testing.T) {
	c := newClassroom(t, trustProxy)
	const school, home = "203.0.113.7", "198.51.100.9"
	known := c.app.browser()
	if p := known.postVia(school, "/login", login("student-b", password)); p.status != http.StatusSeeOther {
		t.Fatalf("student B's first sign-in: status %d", p.status)
	}
	var last page
	tries := 0
	for tries = 1; tries <= 200; tries++ {
		last = c.app.browser().postVia(school, "/login", login(fmt.Sprintf("guess%03d", tries), "wrong password"))
		if last.status != http.StatusUnauthorized {
			break
		}
	}
	// 150 is what a class of 30 mistyping five times each would make.
	if last.status != http.StatusTooManyRequests || last.header.Get("Retry-After") == "" || tries <= 150 {
		t.Fatalf("guessing across accounts: try %d got status %d, Retry-After %q; want 429 only after 150 tries", tries, last.status, last.header.Get("Retry-After"))
	}
	if p := c.app.browser().postVia(school, "/login", login("student-a", password)); p.status != http.StatusTooManyRequests {
		t.Errorf("right password from a new browser at the guessing address: status %d, want 429", p.status)
	}
	if p := c.app.browser().postVia(home+", "+school, "/login", login("guess-x", "wrong password")); p.status != http.StatusTooManyRequests {
		t.Errorf("a client-written X-Forwarded-For entry was believed: status %d, want 429", p.status)
	}
	if p := c.app.browser().postVia(school+", "+home, "/login", login("student-a", password)); p.status != http.StatusSeeOther {
		t.Errorf("another client behind the proxy: status %d, want 303", p.status)
	}
	if p := known.postVia(school, "/login", login("student-b", password)); p.status != http.StatusSeeOther {
		t.Errorf("a browser that signed in before, at the guessing address: status %d, want 303", p.status)
	}
}

// TestAccountGuessingSlowed: guessing one account from a new address each
// time, as often as allowed for two hours, reaches the password check only
// a handful of times an hour; meanwhile the owner's own browser, which
// signed in before, gets in with the right password even after typos.
func TestAccountGuessingSlowed(t *testing.T) {
	c := newClassroom(t)
	owner := c.app.browser()
	if p := owner.post("/login", login("student-a", password)); p.status != http.StatusSeeOther {
		t.Fatalf("the owner's first sign-in: status %d", p.status)
	}
	attacker := func(n int) page {
		return c.app.from(fmt.Sprintf("127.0.%d.%d", 1+n/250, 1+n%250)).post("/login", login("student-a", "guess"+strconv.Itoa(n)))
	}
	var checked [2]int // tries that reached the password check, per hour
	for minute := range 120 {
		c.app.advance(time.Minute)
		switch p := attacker(minute); p.status {
		case http.StatusUnauthorized:
			checked[minute/60]++
		case http.StatusTooManyRequests:
			if p.header.Get("Retry-After") == "" {
				t.Fatal("429 without Retry-After")
			}
		default:
			t.Fatalf("guess at minute %d: status %d", minute, p.status)
		}
	}
	t.Logf("guesses checked: %d in the first hour, %d in the second", checked[0], checked[1])
	if checked[0] > 20 || checked[1] > 5 {
		t.Errorf("guesses checked per hour: %v, want at most 20 in the first and a handful (5) after", checked)
	}
	// Right after a checked guess the account is locked for new browsers…
	for n := 1000; attacker(n).status != http.StatusUnauthorized; n++ {
		c.app.advance(time.Minute)
	}
	if p := c.app.browser().post("/login", login("student-a", password)); p.status != http.StatusTooManyRequests {
		t.Errorf("right password from a new browser while the account is locked: status %d, want 429", p.status)
	}
	// …but not for the owner's, whose own typos count on their own.
	for range 2 {
		if p := owner.post("/login", login("student-a", "typo")); p.status != http.StatusUnauthorized {
			t.Errorf("the owner's typo: status %d, want 401", p.status)
		}
	}
	if p := owner.post("/login", login("student-a", password)); p.status != http.StatusSeeOther {
		t.Errorf("the owner's own browser with the right password: status %d, want 303:\n%.300s", p.status, p.body)
	}
}

// joinForm is a newcomer's join form.
func joinForm(code, username string) url.Values {
	return url.Values{"code": {code}, "display_name": {"Name " + username}, "username": {username}, "password": {password}}
}

// TestJoinTyposThenRightCode: eleven mistyped codes from a classroom's
// address do not block the right one, and a join forgives them: a full
// 100 more wrong codes are answered 422 before the 429.
func TestJoinTyposThenRightCode(t *testing.T) {
	c := newClassroom(t)
	for i := range 11 {
		if p := c.app.browser().post("/join", joinForm(fmt.Sprintf("ZZZZZZ%02d", i), "typist")); p.status != http.StatusUnprocessableEntity {
			t.Fatalf("wrong code %d: status %d, want 422", i+1, p.status)
		}
	}
	if p := c.app.browser().post("/join", joinForm(c.joinCode(), "typist")); p.status != http.StatusSeeOther {
		t.Fatalf("the right code after 11 typos: status %d, want 303:\n%.300s", p.status, p.body)
	}
	for i := range 100 {
		if p := c.app.browser().post("/join", joinForm(fmt.Sprintf("YYYYYY%02d", i), "other")); p.status != http.StatusUnprocessableEntity {
			t.Fatalf("wrong code %d after a join: status %d, want 422 (the join did not clear the count)", i+1, p.status)
		}
	}
	if p := c.app.browser().post("/join", joinForm("XXXXXXXX", "other")); p.status != http.StatusTooManyRequests || p.header.Get("Retry-After") == "" {
		t.Errorf("wrong code 101: status %d, Retry-After %q, want 429", p.status, p.header.Get("Retry-After"))
	}
}

// TestJoinBehindProxy: X-Forwarded-For names the client only with
// -trust-proxy; without it, two clients behind one proxy share a count.
func TestJoinBehindProxy(t *testing.T) {
	for _, trust := range []bool{false, true} {
		t.Run("trust-proxy="+strconv.FormatBool(trust), func(t *testing.T) {
			var c *classroom
			if trust {
				c = newClassroom(t, trustProxy)
			} else {
				c = newClassroom(t)
			}
			var last page
			for i := range 101 {
				last = c.app.browser().postVia("203.0.113.7", "/join", joinForm(fmt.Sprintf("ZZZZZ%03d", i), "guesser"))
			}
			if last.status != http.StatusTooManyRequests {
				t.Fatalf("101 wrong codes from one client: status %d, want 429", last.status)
			}
			p := c.app.browser().postVia("198.51.100.9", "/join", joinForm(c.joinCode(), "newcomer"))
			if want := map[bool]int{true: http.StatusSeeOther, false: http.StatusTooManyRequests}[trust]; p.status != want {
				t.Errorf("the right code from another client behind the proxy: status %d, want %d", p.status, want)
			}
		})
	}
}

// TestNewUsersLimited: thirty self-study learners behind one address start
// at once and save their progress, all welcome; a flood of cookie-less
// answers past that is refused with 429, Retry-After and a message, and
// the refused answer leaves nothing behind; after the wait it is taken.
func TestNewUsersLimited(t *testing.T) {
	a := newApp(t)
	l := a.unit.Lessons[0]
	q := l.Questions[0]
	answer := "/lessons/" + l.Slug + "/questions/" + q.ID
	for i := range 30 {
		b := a.browser()
		if p := b.post(answer, rightForm(q, "0")); p.status != http.StatusSeeOther {
			t.Fatalf("learner %d's first answer: status %d", i, p.status)
		}
		if p := b.post("/account/save", login(fmt.Sprintf("learner%02d", i), password)); p.status != http.StatusSeeOther {
			t.Fatalf("learner %d saves: status %d:\n%.300s", i, p.status, p.body)
		}
	}
	var last page
	flood := 0
	for flood = 1; flood <= 100; flood++ {
		if last = a.browser().post(answer, rightForm(q, "0")); last.status != http.StatusSeeOther {
			break
		}
	}
	if last.status != http.StatusTooManyRequests || flood <= 40 {
		t.Fatalf("cookie-less answer %d: status %d, want 429 only after 40 (100 new users in all)", flood, last.status)
	}
	if !strings.Contains(last.body, "Too many new learners") || last.header.Get("Retry-After") == "" {
		t.Errorf("the refusal has no message or no Retry-After:\n%.500s", last.body)
	}
	before := dump(t, a)
	if p := a.browser().post(answer, rightForm(q, "0")); p.status != http.StatusTooManyRequests {
		t.Errorf("another cookie-less answer: status %d, want 429", p.status)
	}
	if p := a.browser().post("/account/save", login("latecomer", password)); p.status != http.StatusTooManyRequests {
		t.Errorf("a cookie-less save: status %d, want 429", p.status)
	}
	if after := dump(t, a); after != before {
		t.Errorf("refused requests changed the database:\nbefore:\n%s\nafter:\n%s", before, after)
	}
	wait, _ := strconv.Atoi(last.header.Get("Retry-After"))
	a.advance(time.Duration(wait) * time.Second)
	if p := a.browser().post(answer, rightForm(q, "0")); p.status != http.StatusSeeOther {
		t.Errorf("after Retry-After: status %d, want 303", p.status)
	}
	if _, err := a.db.UserByUsername(context.Background(), "latecomer"); err == nil {
		t.Error("the refused save made an account")
	}
}
