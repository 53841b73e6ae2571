package lessons

import (
	"fmt"
	"strings"
	"testing"

	"github.com/ciphergram/ciphergram/seeds"
)

// TestMarkdownUntrusted: teachers write lessons, so lesson Markdown runs
// no HTML, loads nothing (an image is its text), and links carry
// rel="nofollow noopener"; a citation stays a plain reader link.
func TestMarkdownUntrusted(t *testing.T) {
	l := &Lesson{Source: seeds.All()[0], Sources: seeds.All()[:1]}
	html := string(renderMarkdown("See <b onclick=\"x()\">this</b> [the archive](https://example.org/x), ![a map](https://evil.example/m.png), [bad](javascript:alert(1)) and [[p21.s1]].\n\n<script>alert(1)</script>", l))
	for _, bad := range []string{"<script", "onclick", "<img", "evil.example", "javascript:"} {
		if strings.Contains(html, bad) {
			t.Errorf("rendered %q: %s", bad, html)
		}
	}
	for _, want := range []string{`<a rel="nofollow noopener" href="https://example.org/x">the archive</a>`, "a map", `<a class="cite" href="/sources/`} {
		if !strings.Contains(html, want) {
			t.Errorf("no %q in %s", want, html)
		}
	}
}

// TestQuestionLimit: a lesson may have up to MaxQuestions questions; the
// first one over is reported at its line, and parsing stops there.
func TestQuestionLimit(t *testing.T) {
	file := func(n int) []byte {
		var b strings.Builder
		b.WriteString("---\nslug: many\ntitle: Many\nsummary: Many.\nsource: roshchin-1950-10-03\nskills: [sourcing]\n---\n\n## Reading\n\nRead.\n\n## Questions\n\n")
		for i := range n {
			fmt.Fprintf(&b, "```question\nid: q%d\ntype: truefalse\nprompt: Yes?\ncites: [p21.s1]\nanswer: true\nexplanation: Yes.\n```\n\n", i)
		}
		return []byte(b.String())
	}
	if _, probs := Parse("many.md", file(MaxQuestions), seeds.All()); len(probs) > 0 {
		t.Errorf("%d questions: %v", MaxQuestions, probs)
	}
	_, probs := Parse("many.md", file(MaxQuestions+1), seeds.All())
	if len(probs) != 1 || !strings.Contains(probs[0].Msg, "up to 100 questions") || probs[0].Line != 15+9*MaxQuestions {
		t.Errorf("%d questions: %v", MaxQuestions+1, probs)
	}
}
