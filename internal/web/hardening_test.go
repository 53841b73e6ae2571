package web_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ciphergram/ciphergram/internal/auth"
	"github.com/ciphergram/ciphergram/internal/store"
	"github.com/ciphergram/ciphergram/internal/storetest"
	"github.com/ciphergram/ciphergram/internal/web"
)

// TestStrictTransportSecurity: with -secure-cookies every answer, whatever
// its status, tells the browser to use HTTPS only; without it, none does
// (a server without a certificate would lock browsers out).
func TestStrictTransportSecurity(t *testing.T) {
	paths := []string{"/", "/healthz", "/lessons", "/login", "/teach", "/nope", "/static/nope"}
	secure := newApp(t, func(c *web.Config) { c.SecureCookies = true })
	plain := newApp(t)
	for _, path := range paths {
		if p := secure.browser().get(path); p.header.Get("Strict-Transport-Security") != "max-age=31536000" {
			t.Errorf("secure %s (%d): Strict-Transport-Security %q", path, p.status, p.header.Get("Strict-Transport-Security"))
		}
		if p := plain.browser().get(path); p.header.Get("Strict-Transport-Security") != "" {
			t.Errorf("plain HTTP %s (%d): Strict-Transport-Security %q", path, p.status, p.header.Get("Strict-Transport-Security"))
		}
	}
	if p := secure.browser().post("/login", nil); p.header.Get("Strict-Transport-Security") == "" {
		t.Errorf("secure POST /login (%d): Strict-Transport-Security %q", p.status, p.header.Get("Strict-Transport-Security"))
	}
}

// TestLoginNextStaysOnSite: after signing in, ?next= is followed only to
// a path on this site; anything a browser would read as another host or
// a script goes to the user's own start page instead.
func TestLoginNextStaysOnSite(t *testing.T) {
	a := newApp(t)
	ctx := context.Background()
	hash, err := auth.NewHasher().Hash(ctx, password)
	must(t, err)
	_, err = a.db.CreateLearner(ctx, "walker", hash)
	must(t, err)
	cases := map[string]string{
		"/lessons/the-soviet-reading?x=1#q-2": "/lessons/the-soviet-reading?x=1#q-2",
		"/progress":                           "/progress",
		"/\t/evil.example":                    "/progress",
		"/\n/evil.example":                    "/progress",
		"//evil.example":                      "/progress",
		"///evil.example":                     "/progress",
		"\\evil.example":                      "/progress",
		"/\\evil.example":                     "/progress",
		"\\\\evil.example":                    "/progress",
		"https://evil.example/":               "/progress",
		"javascript:alert(1)":                 "/progress",
		"JavaScript:alert(1)":                 "/progress",
		" //evil.example":                     "/progress",
		"/x\x00y":                             "/progress",
		"evil.example":                        "/progress",
		"":                                    "/progress",
	}
	for next, want := range cases {
		p := a.browser().post("/login?next="+url.QueryEscape(next), url.Values{"username": {"walker"}, "password": {password}})
		if got := p.header.Get("Location"); p.status != http.StatusSeeOther || got != want {
			t.Errorf("next=%+q: status %d, Location %+q, want %+q", next, p.status, got, want)
		}
	}
}

// logLines keeps what a server logs, as JSON lines.
type logLines struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logLines) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logLines) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// TestSlowBodyIs408: a form whose body stops arriving before the server's
// read timeout is answered 408 and logged as a warning, not as a server
// error: the client was slow, nothing is wrong with the server. Run on
// the real http.Server settings, with a short read timeout.
func TestSlowBodyIs408(t *testing.T) {
	var logs logLines
	a := newApp(t, func(c *web.Config) {
		c.Logger = slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	})
	hs := a.web.HTTPServer()
	hs.ReadTimeout = 300 * time.Millisecond
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	must(t, err)
	go hs.Serve(ln)
	t.Cleanup(func() { hs.Close() })

	for _, path := range []string{"/login", "/account/save", "/join", "/lessons/the-soviet-reading/questions/why-frame"} {
		conn, err := net.Dial("tcp", ln.Addr().String())
		must(t, err)
		fmt.Fprintf(conn, "POST %s HTTP/1.1\r\nHost: %s\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 200\r\n\r\nusername=sl", path, ln.Addr())
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatalf("%s: no answer to a cut-off body: %v", path, err)
		}
		body, _ := io.ReadAll(resp.Body)
		conn.Close()
		if resp.StatusCode != http.StatusRequestTimeout || !strings.Contains(string(body), "nothing was saved") {
			t.Errorf("%s: status %d, want 408 with a message:\n%.300s", path, resp.StatusCode, body)
		}
	}
	hs.Close()
	out := logs.String()
	if strings.Contains(out, `"level":"ERROR"`) {
		t.Errorf("a slow client was logged as an error:\n%s", out)
	}
	if n := strings.Count(out, `"level":"WARN"`); n < 4 {
		t.Errorf("%d warnings for 4 cut-off bodies:\n%s", n, out)
	}
}

// TestNamesAsReadersSeeThem: a name that shows nothing (blank-looking
// letters, the braille blank, a lone accent, only spaces) is refused with
// a message, for students and classes; and look-alikes from Unicode's
// confusables table are refused in one class, and among one teacher's
// classes, where the old hand-made list let them through.
func TestNamesAsReadersSeeThem(t *testing.T) {
	c := newClassroom(t)
	blank := []string{"\u3164", "\u2800", "\u115f", "\u1160", "\uffa0", "\u3164\u3164 \u2800", "\u0301", "\u0301\u0308", "   ", "\u200b\u200c", "\u202e"}
	for i, s := range blank {
		p, _ := c.join(s, fmt.Sprintf("blank%d", i))
		if p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, "name") {
			t.Errorf("display name %+q: status %d:\n%.300s", s, p.status, p.body)
		}
		if p := c.browsers["teacher A"].post("/teach/classes", url.Values{"name": {s}}); p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, "name") {
			t.Errorf("class name %+q: status %d", s, p.status)
		}
	}
	if p, _ := c.join("\u3164", "blank-msg"); !strings.Contains(p.body, "shows nothing") {
		t.Errorf("a blank display name is refused without saying why:\n%.2000s", p.body)
	}

	for i, pair := range [][2]string{{"Iris", "lris"}, {"Tom", "Torn"}, {"Oli", "0li"}, {"Ann Lee", "Ann  Lee"}, {"Kim", "Kim\ufe0f"}} {
		if p, _ := c.join(pair[0], fmt.Sprintf("first%d", i)); p.status != http.StatusSeeOther {
			t.Fatalf("%+q: status %d", pair[0], p.status)
		}
		if p, _ := c.join(pair[1], fmt.Sprintf("second%d", i)); p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, "already uses that name") {
			t.Errorf("%+q joined a class with %+q in it: status %d", pair[1], pair[0], p.status)
		}
	}

	teacher := c.browsers["teacher A"]
	if p := teacher.post("/teach/classes", url.Values{"name": {"Year 10"}}); p.status != http.StatusSeeOther {
		t.Fatalf("create Year 10: status %d", p.status)
	}
	for _, name := range []string{"Year 1O", "year 10", "Year  10", "Class \u0410"} {
		if p := teacher.post("/teach/classes", url.Values{"name": {name}}); p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, "looks like") {
			t.Errorf("class %+q beside Year 10 and Class A: status %d", name, p.status)
		}
	}
	ca := fmt.Sprintf("/teach/classes/%d", c.classA)
	if p := teacher.post(ca+"/rename", url.Values{"name": {"YEAR 1O"}}); p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, "looks like") {
		t.Errorf("renaming Class A to look like Year 10: status %d", p.status)
	}
	if p := teacher.post(ca+"/rename", url.Values{"name": {"class a"}}); p.status != http.StatusSeeOther {
		t.Errorf("renaming Class A to class a: status %d", p.status)
	}
	// Another teacher's class names are theirs.
	if p := c.browsers["teacher B"].post("/teach/classes", url.Values{"name": {"Year 10"}}); p.status != http.StatusSeeOther {
		t.Errorf("teacher B's Year 10: status %d", p.status)
	}
}

// TestClientGoneIsNotAServerError: a request whose client gives up while
// it waits for the database (here the write lock, held by another
// connection) is logged as a warning with 499, not as a server error, and
// stores nothing. Under heavy load a fault test saw two such requests
// logged as 500s.
func TestClientGoneIsNotAServerError(t *testing.T) {
	storetest.SQLiteOnly(t) // BEGIN IMMEDIATE holds SQLite's write lock
	var logs logLines
	a := newApp(t, func(c *web.Config) {
		c.Logger = slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	})
	b := a.browser()
	l := a.unit.Lessons[0]
	q := l.Questions[0]
	if p := b.post("/lessons/"+l.Slug+"/questions/"+q.ID, rightForm(q, "0")); p.status != http.StatusSeeOther {
		t.Fatalf("first answer: status %d", p.status)
	}

	lock, err := store.OpenSQL(a.path)
	must(t, err)
	defer lock.Close()
	conn, err := lock.Conn(context.Background())
	must(t, err)
	defer conn.Close()
	_, err = conn.ExecContext(context.Background(), "BEGIN IMMEDIATE")
	must(t, err)

	// A new try waits for the write lock; the client leaves after 300 ms.
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "POST", a.srv.URL+"/lessons/"+l.Slug+"/attempts", nil)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if _, err := b.client.Do(req); err == nil {
		t.Fatal("the request was answered while the write lock was held")
	}
	// The server notices the client has gone, gives up, and logs it.
	for deadline := time.Now().Add(10 * time.Second); !strings.Contains(logs.String(), "client gone"); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("no request logged as a client gone:\n%s", logs.String())
		}
	}
	_, err = conn.ExecContext(context.Background(), "ROLLBACK")
	must(t, err)

	out := logs.String()
	if strings.Contains(out, `"level":"ERROR"`) {
		t.Errorf("a client that left was logged as an error:\n%s", out)
	}
	if !strings.Contains(out, `"status":499`) {
		t.Errorf("the request was not logged with status 499:\n%s", out)
	}
	as, err := a.db.Attempts(context.Background(), 1)
	must(t, err)
	if len(as) != 1 {
		t.Errorf("%d attempts after the abandoned new try, want 1", len(as))
	}
}
