package web

import "net/http"

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
