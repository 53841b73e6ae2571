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
	"github.com/ciphergram/ciphergram/internal/web"
)

// TestStrictTransportSecurity: with -secure-cookies every answer, whatever
// its status, tells the browser to use HTTPS only; without it, none does
// (a server without a certificate would lock browsers out).
func TestStrictTransportSecurity(t *testing.T) {
	paths := []string{"/", "/healthz", "/lessons", "/login", "/teach", "/nope", "/static/nope"}
	secure := newAppWith(t, func(c *web.Config) { c.SecureCookies = true })
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
	a := newAppWith(t, func(c *web.Config) {
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
