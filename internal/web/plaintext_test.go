package web

import (
	"html/template"
	"testing"
)

// TestPlainText: a citation link inside brackets keeps no stray spaces,
// paragraphs stay apart, and entities are decoded.
func TestPlainText(t *testing.T) {
	for in, want := range map[string]string{
		`<p>"Korean contrades" (<a class="cite" href="/sources/x#p12.s1">p12.s1</a>).</p>`: `"Korean contrades" (p12.s1).`,
		"<p>One.</p>\n<p>Two &amp; <em>three</em>.</p>":                                    "One. Two & three.",
		"<p>Line<br>break</p>": "Line break",
	} {
		if got := plainText(template.HTML(in), 200); got != want {
			t.Errorf("plainText(%q) = %q, want %q", in, got, want)
		}
	}
}
