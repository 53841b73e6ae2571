package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// recoveryCodeOn reads the recovery code a page shows, or "".
func recoveryCodeOn(body string) string {
	const marker = `data-testid="recovery-code">`
	i := strings.Index(body, marker)
	if i < 0 {
		return ""
	}
	rest := body[i+len(marker):]
	return rest[:strings.IndexByte(rest, '<')]
}

// saveLearner makes a guest with one answer and saves it as an account;
// it returns the browser and the recovery code shown once after.
func saveLearner(t *testing.T, a *app, username string) (*browser, string) {
	t.Helper()
	b := a.browser()
	l := a.unit.Lessons[0]
	q := l.Questions[0]
	b.post("/lessons/"+l.Slug+"/questions/"+q.ID, rightForm(q, attemptOf(b.get("/lessons/"+l.Slug).body)))
	p := b.post("/account/save", url.Values{"username": {username}, "password": {password}})
	if p.status != http.StatusSeeOther || p.header.Get("Location") != "/progress" {
		t.Fatalf("save: status %d to %q", p.status, p.header.Get("Location"))
	}
	code := recoveryCodeOn(b.get("/progress").body)
	if len(code) != 19 {
		t.Fatalf("no recovery code after saving progress: %q", code)
	}
	if again := recoveryCodeOn(b.get("/progress").body); again != "" {
		t.Errorf("the recovery code is shown a second time")
	}
	return b, code
}

func recoverForm(username, code, newPassword string) url.Values {
	return url.Values{"username": {username}, "code": {code}, "password": {newPassword}}
}

// TestRecoveryCodeRoundTrip: saving progress gives a code; with the
// username and the code (typed in lower case, without hyphens) a learner
// sets a new password, every old session ends, and a new code replaces
// the used one.
func TestRecoveryCodeRoundTrip(t *testing.T) {
	a := newApp(t)
	old, code := saveLearner(t, a, "river7")
	typed := strings.ToLower(strings.ReplaceAll(code, "-", " "))

	fresh := a.browser()
	if p := fresh.get("/login"); !strings.Contains(p.body, `href="/account/recover"`) {
		t.Errorf("the sign-in page has no way to the recovery form")
	}
	if p := fresh.post("/account/recover", recoverForm("river7", typed, "short")); p.status != http.StatusUnprocessableEntity {
		t.Errorf("a too short new password: status %d, want 422", p.status)
	}
	p := fresh.post("/account/recover", recoverForm("river7", typed, "a brand new password"))
	if p.status != http.StatusSeeOther {
		t.Fatalf("recover: status %d:\n%.500s", p.status, p.body)
	}
	landing := fresh.get(p.header.Get("Location")).body
	next := recoveryCodeOn(landing)
	if next == "" || next == code {
		t.Errorf("recovering gives no new code: %q (old %q)", next, code)
	}
	if !strings.Contains(landing, "river7") {
		t.Errorf("not signed in after recovering")
	}
	// The old session ended: asking for a new code sends it to sign in.
	if p := old.post("/account/recovery-code", nil); p.status != http.StatusSeeOther || !strings.HasPrefix(p.header.Get("Location"), "/login") {
		t.Errorf("the session from before the recovery still works: %d to %q", p.status, p.header.Get("Location"))
	}
	if p := a.browser().post("/login", login("river7", password)); p.status != http.StatusUnauthorized {
		t.Errorf("the old password still signs in: %d", p.status)
	}
	if p := a.browser().post("/login", login("river7", "a brand new password")); p.status != http.StatusSeeOther {
		t.Errorf("the new password does not sign in: %d", p.status)
	}
	if p := a.browser().post("/account/recover", recoverForm("river7", code, "another new password")); p.status != http.StatusUnauthorized {
		t.Errorf("a used code works again: %d", p.status)
	}
	if p := a.browser().post("/account/recover", recoverForm("river7", next, "another new password")); p.status != http.StatusSeeOther {
		t.Errorf("the new code does not work: %d", p.status)
	}
	// Signed in, a learner can ask for another code; the last one stops.
	b := a.browser()
	b.post("/login", login("river7", "another new password"))
	if p := b.post("/account/recovery-code", nil); p.status != http.StatusSeeOther {
		t.Fatalf("new code: %d", p.status)
	}
	third := recoveryCodeOn(b.get("/progress").body)
	if third == "" {
		t.Fatal("no code shown after asking for a new one")
	}
	stored, err := a.db.RecoveryCodeHash(t.Context(), mustUser(t, a, "river7").ID)
	if err != nil || strings.Contains(stored, third) || !strings.HasPrefix(stored, "sha256$") {
		t.Errorf("the code is not stored as a hash: %q, %v", stored, err)
	}
}

// TestJoinGivesRecoveryCode: a student joining a class as a new account
// is shown a recovery code on their home page.
func TestJoinGivesRecoveryCode(t *testing.T) {
	c := newClassroom(t)
	b := c.app.browser()
	if p := b.post("/join", joinForm(c.joinCode(), "newcomer")); p.status != http.StatusSeeOther {
		t.Fatalf("join: %d", p.status)
	}
	if code := recoveryCodeOn(b.get("/home").body); len(code) != 19 {
		t.Errorf("no recovery code after joining as a new account: %q", code)
	}
}

// TestRecoveryGuessingLimited: wrong codes for one account soon make
// every try wait, the right code included, from any address; wrong codes
// from one address across many accounts are limited too.
func TestRecoveryGuessingLimited(t *testing.T) {
	a := newApp(t, trustProxy)
	_, code := saveLearner(t, a, "river7")
	var last page
	for i := range 8 {
		last = a.browser().postVia(fmt.Sprintf("203.0.113.%d", i+1), "/account/recover",
			recoverForm("river7", fmt.Sprintf("ABCD-EFGH-JKMN-PQ%02d", i), "a brand new password"))
		if last.status == http.StatusTooManyRequests {
			break
		}
		if last.status != http.StatusUnauthorized {
			t.Fatalf("wrong code %d: status %d, want 401", i, last.status)
		}
	}
	if last.status != http.StatusTooManyRequests || last.header.Get("Retry-After") == "" {
		t.Fatalf("8 wrong codes from 8 addresses: status %d, want 429 with Retry-After", last.status)
	}
	if p := a.browser().postVia("198.51.100.1", "/account/recover", recoverForm("river7", code, "a brand new password")); p.status != http.StatusTooManyRequests {
		t.Errorf("the right code during the wait: status %d, want 429", p.status)
	}
	// One address trying many accounts.
	for i := range 40 {
		last = a.browser().postVia("192.0.2.9", "/account/recover", recoverForm(fmt.Sprintf("user%02d", i), "ABCD", "a brand new password"))
		if last.status == http.StatusTooManyRequests {
			break
		}
	}
	if last.status != http.StatusTooManyRequests {
		t.Errorf("40 wrong codes for 40 accounts from one address: status %d, want 429", last.status)
	}
}
