package store

import (
	"errors"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// The rules for usernames and passwords live here, beside the users they
// belong to, so that every way of making an account obeys the same ones:
// sign-up, save my progress, joining a class and `ciphergram teacher add`.
// Their messages are written for the person choosing.

// NormalizeName makes a typed name comparable: NFC, no surrounding space.
func NormalizeName(s string) string {
	return strings.TrimSpace(norm.NFC.String(s))
}

// CheckUsername says what is wrong with a username, or returns nil.
func CheckUsername(name string) error {
	n := utf8.RuneCountInString(name)
	if !utf8.ValidString(name) || n < 3 || n > 32 {
		return errors.New("Choose a username of 3 to 32 letters or digits.")
	}
	// Plain ASCII only: names that look alike must be alike, and the
	// database compares ASCII case-insensitively.
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '-') {
			return errors.New("A username can have the letters a to z, digits, dots, hyphens and underscores, but no spaces or other signs.")
		}
	}
	return nil
}

// CheckPassword says what is wrong with a new password, or returns nil.
// Length is the rule that matters (NIST SP 800-63B): at least 8
// characters, and at most 256 bytes, so hashing stays cheap.
func CheckPassword(p string) error {
	switch {
	case utf8.RuneCountInString(p) < 8:
		return errors.New("Choose a password of at least 8 characters.")
	case len(p) > 256:
		return errors.New("Choose a password of at most 256 characters.")
	}
	return nil
}
