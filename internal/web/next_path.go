package web

import (
	"net/url"
	"strings"
	"unicode"
)

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
