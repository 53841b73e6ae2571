package web_test

import (
	"crypto/rand"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/ciphergram/ciphergram/internal/web"
)

// twin starts a second server on the app's database and clock, as a
// second process behind a load balancer: the app's options, then these.
// Its browsers reach it; a browser's cookies go to both (a cookie jar
// does not tell ports apart).
func (a *app) twin(options ...func(*web.Config)) *app {
	a.t.Helper()
	b := &app{t: a.t, db: a.db, path: a.path}
	b.options = append(slices.Clone(a.options), options...)
	b.options = append(b.options, func(cfg *web.Config) { cfg.Now = a.clock })
	b.serve(a.unit)
	return b
}

// at is the browser's cookies, sent to server s.
func (b *browser) at(s *app) *browser { return &browser{app: s, client: b.client} }

func sharedLimits(cfg *web.Config) { cfg.SharedLimits = true }

// TestLimitsAcrossServers: with the limits in the database, wrong
// passwords for an account on one server make the other refuse even the
// right one (from a new browser), and wrong join codes from one address
// add up over both servers.
func TestLimitsAcrossServers(t *testing.T) {
	c := newClassroom(t, sharedLimits)
	other := c.app.twin()
	for i := range 10 { // loginAccount lets ten through, from anywhere
		from := c.app.from(fmt.Sprintf("127.0.3.%d", 1+i))
		if p := from.post("/login", login("student-a", "wrong password")); p.status != http.StatusUnauthorized {
			t.Fatalf("wrong password %d on server A: status %d, want 401", i+1, p.status)
		}
	}
	if p := other.browser().post("/login", login("student-a", password)); p.status != http.StatusTooManyRequests {
		t.Errorf("the right password on server B after 10 wrong ones on A: status %d, want 429", p.status)
	}
	if p := other.browser().post("/login", login("student-b", password)); p.status != http.StatusSeeOther {
		t.Errorf("another account on server B: status %d, want 303", p.status)
	}

	for i := range 100 { // joinCode lets 100 through per address
		server := []*app{c.app, other}[i%2]
		if p := server.browser().post("/join", joinForm(fmt.Sprintf("ZZZZZ%03d", i), "guesser")); p.status != http.StatusUnprocessableEntity {
			t.Fatalf("wrong code %d: status %d, want 422", i+1, p.status)
		}
	}
	for _, server := range []*app{c.app, other} {
		if p := server.browser().post("/join", joinForm(c.joinCode(), "newcomer")); p.status != http.StatusTooManyRequests {
			t.Errorf("the right code after 100 wrong ones over two servers: status %d, want 429", p.status)
		}
	}
}

func sessionKey(key []byte) func(*web.Config) {
	return func(cfg *web.Config) { cfg.SessionKey = key }
}

// TestSessionKeyAcrossServers: a student signed in on one server is
// signed in on a second started with the same session key, and not on
// one with another key, nor on one with none (keys from the database):
// the cookie's keys come from the key given.
func TestSessionKeyAcrossServers(t *testing.T) {
	key := []byte(rand.Text() + rand.Text()) // 52 bytes, as a file of random text would hold
	c := newClassroom(t, sessionKey(key))
	same := c.app.twin()
	another := c.app.twin(sessionKey([]byte(rand.Text() + rand.Text())))
	none := c.app.twin(sessionKey(nil))

	b := c.app.browser()
	if p := b.post("/login", login("student-a", password)); p.status != http.StatusSeeOther {
		t.Fatalf("sign in on server A: status %d", p.status)
	}
	if p := b.at(same).get("/home"); p.status != http.StatusOK || !strings.Contains(p.body, "Student A") {
		t.Errorf("server B, same key: status %d, want 200 with the student's name:\n%.300s", p.status, p.body)
	}
	for name, s := range map[string]*app{"another key": another, "no key": none} {
		if p := b.at(s).get("/home"); p.status != http.StatusSeeOther || !strings.HasPrefix(p.header.Get("Location"), "/login") {
			t.Errorf("server with %s: status %d, Location %q; want a redirect to sign in", name, p.status, p.header.Get("Location"))
		}
	}
}

// TestSessionKeyTooShort: a key shorter than 32 bytes is refused.
func TestSessionKeyTooShort(t *testing.T) {
	a := newApp(t)
	_, err := web.New(t.Context(), web.Config{DB: a.db, Unit: a.unit, SessionKey: []byte("short but not empty")})
	if err == nil || !strings.Contains(err.Error(), "at least 32") {
		t.Errorf("a 19-byte session key: %v, want an error that asks for 32 bytes", err)
	}
}
