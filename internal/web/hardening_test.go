package web_test

import (
	"testing"

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
