package web

import "unicode"

// invisible reports characters that do not show, or change how the text
// around them shows: controls, format characters (zero-width spaces, bidi
// overrides) and unassigned code points.
func invisible(r rune) bool {
	return unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || !unicode.IsPrint(r) && r != ' ' ||
		r == unicode.ReplacementChar
}
