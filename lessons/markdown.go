package lessons

import (
	"bytes"
	"html/template"
	"regexp"
	"strings"
	"unicode"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
	"golang.org/x/text/unicode/norm"
)

// md renders lesson prose. Raw HTML in a lesson is not passed through
// (goldmark's default), so a lesson file cannot inject markup; nor are
// dangerous link schemes (javascript:, data:), which goldmark blanks.
// Teachers write lessons too, so an image is drawn as its text: nothing
// on a lesson page loads from another host (see safeImages), and every
// link but a citation gets rel="nofollow noopener" (see renderMarkdown).
var md = goldmark.New(goldmark.WithRendererOptions(
	renderer.WithNodeRenderers(util.Prioritized(safeImages{}, 100))))

// safeImages renders ![alt](url) as its alt text alone.
type safeImages struct{}

func (safeImages) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindImage, func(w util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		return ast.WalkContinue, nil // the alt text is the image's children: they render as text
	})
}

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
	html = strings.ReplaceAll(html, `<a href="`, `<a rel="nofollow noopener" href="`) // every link a citation is not
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
