package lessons

import (
	"bytes"
	"html/template"
	"regexp"
	"strings"
	"unicode"

	"github.com/yuin/goldmark"
	"golang.org/x/text/unicode/norm"
)

// md renders lesson prose. Raw HTML in a lesson is not passed through
// (goldmark's default), so a lesson file cannot inject markup.
var md = goldmark.New()

// citeOrBare matches a citation written [[p9.s1]] or [[slug:p9.s1]], or
// a bare p9.s1 or slug:p9.s1 in prose.
var (
	citeOrBare = regexp.MustCompile(`\[\[\s*((?:[a-z0-9]+(?:-[a-z0-9]+)*:)?p\d+\.s\d+)\s*\]\]|\b((?:[a-z0-9]+(?:-[a-z0-9]+)*:)?p\d+\.s\d+)\b`)
	bareCite   = regexp.MustCompile(`\b(?:[a-z0-9]+(?:-[a-z0-9]+)*:)?p\d+\.s\d+\b`)
)

// renderMarkdown turns lesson Markdown into HTML, making every sentence ID
// a link to that sentence in its source's reader (/sources/{slug}#p9.s1).
// A ref to a source the lesson does not list stays text: the loader
// reports it.
func renderMarkdown(text string, l *Lesson) template.HTML {
	linked := citeOrBare.ReplaceAllStringFunc(text, func(m string) string {
		ref := strings.Trim(m, "[] ")
		doc, id, ok := l.Doc(ref)
		if !ok {
			return m
		}
		return "[" + ref + "](/sources/" + doc.Slug + "#" + id + ")"
	})
	var buf bytes.Buffer
	if err := md.Convert([]byte(linked), &buf); err != nil {
		// goldmark fails only on writer errors, which a bytes.Buffer has none of.
		return template.HTML(template.HTMLEscapeString(text))
	}
	html := strings.ReplaceAll(buf.String(), `<a href="/sources/`, `<a class="cite" href="/sources/`)
	return template.HTML(strings.TrimSpace(html))
}

// normalize makes short answers comparable: Unicode NFKC, case folded,
// punctuation and symbols dropped, runs of white space made one space.
func normalize(s string) string {
	s = norm.NFKC.String(s)
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(unicode.ToLower(r))
		case unicode.IsPunct(r) && r != '-' && r != '\'':
			// "Filippov." and "Filippov" are the same answer. A hyphen
			// separates words like a space; an apostrophe joins them.
			space = true
		case unicode.IsSpace(r) || r == '-':
			space = true
		}
	}
	return b.String()
}
