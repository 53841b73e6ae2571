package web_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"

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
