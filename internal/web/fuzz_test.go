package web

import (
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/ciphergram/ciphergram/internal/names"
	"github.com/ciphergram/ciphergram/internal/store"
)

// FuzzParseDue: any date and time inputs give a time in range or a
// message, never a panic.
func FuzzParseDue(f *testing.F) {
	f.Add("2026-11-28", "09:00", "Europe/London")
	f.Add("2026-02-30", "", "UTC")
	f.Add("", "25:61", "Nowhere/Else")
	f.Add("99999-01-01", "00:00", "")
	f.Fuzz(func(t *testing.T, date, clock, tz string) {
		due, has, err := parseDue(date, clock, tz)
		if err != nil && has {
			t.Fatalf("error %v with a due time", err)
		}
		if has && (due.Year() < 2000 || due.Year() > 2200) {
			t.Fatalf("due %v out of range", due)
		}
		if !has && err == nil && (date != "" || clock != "") {
			t.Fatalf("inputs %q %q ignored", date, clock)
		}
	})
}

// FuzzNames: a name that passes the checks is normalised and shows
// nothing hidden.
func FuzzNames(f *testing.F) {
	for _, s := range []string{"ada", "Zoe\u0308", "ab\u202Edc", "ab\u200Bcd", "a\x00b", "\xff\xfe", " Ann ", "abc" + strings.Repeat("\u0301", 100),
		"\u3164", "\u2800 \u2800", "\u0301", "A\ufe0f", "\u115f\u1160"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		name := store.NormalizeName(raw)
		if store.NormalizeName(name) != name {
			t.Fatalf("NormalizeName is not idempotent on %+q", raw)
		}
		if store.CheckUsername(name) == nil {
			if n := len(name); n < 3 || n > 32 {
				t.Fatalf("username %+q of %d bytes accepted", name, n)
			}
			for _, r := range name {
				if r > 0x7f || r <= ' ' {
					t.Fatalf("username %+q with %U accepted", name, r)
				}
			}
		}
		if checkDisplayName(name, true) == "" {
			if !utf8.ValidString(name) || name == "" || utf8.RuneCountInString(name) > 40 || !norm.NFC.IsNormalString(name) {
				t.Fatalf("display name %+q accepted", name)
			}
			for _, r := range name {
				if names.Invisible(r) {
					t.Fatalf("display name %+q with invisible %U accepted", name, r)
				}
			}
			if names.Blank(name) {
				t.Fatalf("display name %+q that shows nothing accepted", name)
			}
		}
		if checkClassName(name) == "" && (names.Blank(name) || strings.ContainsFunc(name, names.Invisible)) {
			t.Fatalf("class name %+q accepted", name)
		}
	})
}
