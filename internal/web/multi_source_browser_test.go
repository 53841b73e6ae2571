package web_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestTwoSourcesInBrowser answers the evidence question across the
// telegram and the test fixture in real Chromium: with JavaScript off, the
// plain checkboxes of both sources send a partly right answer; with it on,
// the sentences themselves are the controls and the answer is right.
// The names stay short: Chromium's socket sits in a folder named after the
// test, and a Unix socket's path must be under 108 bytes.
// Either way each source's sentences sit under its own title, and the
// feedback says which source each sentence is from.
func TestTwoSourcesInBrowser(t *testing.T) {
	unit := twoSourceUnit(t)
	a := newApp(t, withUnit(unit))
	l, _ := unit.Lesson("two-sources")
	q, _ := l.Question("both")
	groups := `Array.from(document.querySelectorAll('#q-both [data-testid="evidence-source"]')).map(function (g) {
		return g.dataset.source + " " + g.querySelectorAll('[data-testid="evidence-sentence"]').length; }).join(", ")`
	lines := `Array.from(document.querySelectorAll('#q-both .evidence-line-tags')).map(function (p) {
		return p.querySelector(".quote-source").textContent + " " + p.querySelector(".quote-link").textContent; }).join(" | ")`

	t.Run("nojs", func(t *testing.T) {
		c := a.chrome(t, "nojs", false)
		c.open("/lessons/two-sources")
		if got := c.eval(groups); got != "roshchin-1950-10-03 2, test-fixture-notes 4" {
			t.Errorf("sentences by source = %q", got)
		}
		for _, ref := range []string{"p5.s1", "test-fixture-notes:p3.s3"} {
			box := fmt.Sprintf(`#q-both input[name="choice"][value=%q]`, ref)
			c.hover(box)
			c.do("tick "+ref, chromedp.Click(chromedp.CSS(box)))
			if !c.checked(box) {
				t.Fatalf("%s is not ticked", ref)
			}
		}
		c.submit("check answer", `#q-both [data-testid="submit-answer"]`)
		if v := c.eval(`document.querySelector('#q-both [data-testid="feedback"]').dataset.verdict`); v != "partly" {
			t.Errorf("verdict = %q, want partly", v)
		}
		if got := c.eval(lines); !strings.Contains(got, "Test fixture: a second source p3.s3") || !strings.Contains(got, "Test fixture: a second source p3.s2") {
			t.Errorf("feedback lines = %q (want the accepted p3.s3 picked and the missed p3.s2)", got)
		}
	})
	t.Run("js", func(t *testing.T) {
		c := a.chrome(t, "js", true)
		c.open("/lessons/two-sources")
		if got := c.eval(groups); got != "roshchin-1950-10-03 2, test-fixture-notes 4" {
			t.Errorf("sentences by source = %q", got)
		}
		c.answer(q, true, true) // marks p5.s1, then the fixture's p3.s2 by keyboard
		if v := c.eval(`document.querySelector('#q-both [data-testid="feedback"]').dataset.verdict`); v != "correct" {
			t.Errorf("verdict = %q, want correct", v)
		}
		if got := c.eval(lines); !strings.Contains(got, "Test fixture: a second source p3.s2") || !strings.Contains(got, "3 October 1950 p5.s1") {
			t.Errorf("feedback lines = %q", got)
		}
	})
}
