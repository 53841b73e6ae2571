package web

import (
	"net/http"
	"net/url"
	"strings"
	"unicode"
)

// Signing out must leave nothing of the person on the screen, even when
// the next person presses Back. Chromium keeps recent pages alive in its
// back/forward cache, "no-store" or not, and restores them without asking
// the server. Clear-Site-Data: "cache" empties that cache, but only of
// pages already in it: sent with the sign-out redirect it arrives before
// the signed-in page is put away, and the page survives (measured in
// Chromium 156). So the page that signing out lands on loads one more
// small stylesheet, forgetPath, after the signed-in page has been put
// away, and that response clears the cache again.
const (
	signedOutPath = "/signed-out"
	forgetPath    = "/signed-out/forget.css"
)

// forgetPages asks the browser to drop what it keeps of this site's
// pages. Not "cookies": that clears every cookie of the whole registrable
// domain (other apps of the school's domain too) and any later cookie of
// ours that should outlive a session; signOut removes the session cookie
// itself. Not "storage": nothing private is kept there, and clearing it
// made Chromium take seconds.
func forgetPages(w http.ResponseWriter) {
	w.Header().Set("Clear-Site-Data", `"cache"`)
}

// forget is the empty stylesheet of the signed-out page (see above).
func forget(w http.ResponseWriter, r *http.Request) {
	forgetPages(w)
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Type", "text/css; charset=utf-8")
}

// localPath reports whether next, from a ?next= parameter, is a path on
// this site, as a browser will read it. Browsers drop tabs and newlines
// inside a URL ("/\t/evil.example" is "//evil.example"), read "\" as "/",
// and take "//host" and "///host" as another host, so any control
// character or backslash, and two slashes at the start, are refused
// before net/url has its say: no scheme, no host, no user.
func localPath(next string) bool {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") ||
		strings.ContainsRune(next, '\\') || strings.ContainsFunc(next, unicode.IsControl) {
		return false
	}
	u, err := url.Parse(next)
	return err == nil && u.Scheme == "" && u.Host == "" && u.User == nil && u.Opaque == "" && strings.HasPrefix(u.Path, "/")
}
