// Package names decides when two names people give look the same, and
// which characters a name may not have, as a reader sees them. Display
// names and class names are checked with it: a teacher must be able to
// tell their students and classes apart, and a name must show something.
//
// Look-alikes come from Unicode's confusables table (UTS #39, Unicode
// 13.0, through github.com/mtibben/confusables), not a hand-made list.
package names

import (
	"strings"
	"sync"
	"unicode"

	"github.com/mtibben/confusables"
	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// Confusable reports whether a and b would look alike on a page: the same
// after Unicode's confusable skeletons, ignoring case, surrounding and
// repeated spaces (HTML shows them as one) and characters that do not
// show. "Ann" and "АNN" (Cyrillic А), "Iris" and "lris", "Tom" and "Torn"
// are alike; "Ann" and "Ánn" are not.
//
// Case is ignored twice over, since neither order covers every pair:
// folding first makes "Iris" "iris", and the skeleton first makes "Iris"
// "lris" (a capital I is drawn like a small l).
func Confusable(a, b string) bool {
	ka, kb := keysOf(a), keysOf(b)
	return ka[0] == kb[0] || ka[1] == kb[1]
}

// keys are the two forms of a name that Confusable compares.
func keys(s string) [2]string {
	s = prepare(s)
	return [2]string{skeleton(fold(s)), skeleton(fold(skeleton(s)))}
}

// known keeps the keys of names seen lately: joining a class compares the
// new name with every classmate's, and a skeleton costs microseconds, so
// a class of thousands (a whole year group in one class) would otherwise
// make each join slower than the last. Emptied when it grows large.
var known struct {
	sync.Mutex
	keys map[string][2]string
}

const knownMax = 100_000

func keysOf(s string) [2]string {
	known.Lock()
	k, ok := known.keys[s]
	known.Unlock()
	if ok {
		return k
	}
	k = keys(s)
	known.Lock()
	if known.keys == nil || len(known.keys) >= knownMax {
		known.keys = map[string][2]string{}
	}
	known.keys[s] = k
	known.Unlock()
	return k
}

var folder = cases.Fold()

func fold(s string) string { return folder.String(s) }

func skeleton(s string) string { return confusables.Skeleton(s) }

// prepare reads s as it is shown: compatibility forms as their letters
// (NFKC), no characters that do not show, runs of spaces as one. UTS #39
// drops default-ignorable characters before taking a skeleton; the
// table's package does not, so it is done here. Bytes that are not UTF-8
// become U+FFFD first: otherwise the steps read them differently by what
// stands around them, and a name would not look like itself with a space
// before it.
func prepare(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.Map(func(r rune) rune {
		if ignorable(r) {
			return -1
		}
		return r
	}, norm.NFKC.String(s))
	return strings.Join(strings.Fields(s), " ")
}

// ignorable reports characters that show nothing of their own.
func ignorable(r rune) bool {
	return unicode.Is(unicode.Other_Default_Ignorable_Code_Point, r) || unicode.Is(unicode.Variation_Selector, r) ||
		unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Noncharacter_Code_Point, r)
}

// Invisible reports characters a name may not have: they do not show, or
// change how the text around them shows, so two different names could
// look the same. Controls, format characters (zero-width spaces, bidi
// overrides), unassigned code points, and letters and symbols drawn as
// blank space: the Hangul fillers (U+115F, U+1160, U+3164, U+FFA0) and
// the blank braille pattern (U+2800). Emoji variation selectors (U+FE0E,
// U+FE0F) are allowed: they only choose how the emoji before them is
// drawn, and Confusable ignores them.
func Invisible(r rune) bool {
	switch {
	case r == '\uFE0E' || r == '\uFE0F':
		return false
	case r == '\u2800', r == unicode.ReplacementChar:
		return true
	}
	return unicode.IsControl(r) || !unicode.IsPrint(r) && r != ' ' || ignorable(r)
}

// Blank reports a name that shows nothing a reader could recognise: empty,
// only spaces and characters that do not show, or starting with a
// combining mark that has no letter to sit on.
func Blank(s string) bool {
	s = strings.TrimFunc(s, func(r rune) bool { return unicode.IsSpace(r) || Invisible(r) })
	if s == "" {
		return true
	}
	first := []rune(s)[0]
	return unicode.In(first, unicode.Mn, unicode.Me, unicode.Mc)
}
