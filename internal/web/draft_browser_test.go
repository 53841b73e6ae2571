package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestWrittenDraftInBrowser: a learner writes part of a written answer,
// saves it as a draft, comes back to the lesson and finds it with its word
// count, then hands it in; Hand in says it is final before it is (with
// JavaScript, a second press; without, its words). JavaScript on and off.
func TestWrittenDraftInBrowser(t *testing.T) {
	a := newApp(t)
	l, _ := a.unit.Lesson("the-soviet-reading")
	written := l.Questions[len(l.Questions)-1]
	in := "#q-" + written.ID + " "
	for _, javascript := range []bool{true, false} {
		name := map[bool]string{true: "javascript on", false: "javascript off"}[javascript]
		t.Run(name, func(t *testing.T) {
			c := a.chrome(t, strings.ReplaceAll(name, " ", "-"), javascript)
			c.open("/lessons/" + l.Slug)
			for _, q := range l.Questions[:len(l.Questions)-1] {
				c.answer(q, true, javascript)
			}
			c.do("write a draft", chromedp.SendKeys(chromedp.CSS(in+`textarea[name="text"]`), "Roshchin frames Mao's answer"))
			if javascript {
				if got := c.text(in + `[data-testid="word-count"]`); got != "4 words" {
					t.Errorf("live word count = %q, want 4 words", got)
				}
			}
			c.submit("save the draft", in+`[data-testid="save-draft"]`)

			c.open("/lessons") // away, and back
			c.open("/lessons/" + l.Slug)
			if got := c.eval(`document.querySelector('` + in + `textarea[name="text"]').value`); got != "Roshchin frames Mao's answer" {
				t.Fatalf("the draft after coming back = %q", got)
			}
			if got := c.text(in + `[data-testid="word-count"]`); got != "4 words" {
				t.Errorf("word count of the saved draft = %q, want 4 words", got)
			}
			if got := c.text(in + `[data-testid="draft-note"]`); !strings.Contains(got, "not handed in") {
				t.Errorf("draft note = %q", got)
			}
			if hint := c.text(in + `.hand-in-hint`); !strings.Contains(hint, "final") {
				t.Errorf("Hand in does not say it is final: %q", hint)
			}
			// Go on typing at the end, as a learner clicking after their text.
			c.eval(`(function () { var t = document.querySelector('` + in + `textarea[name="text"]'); t.focus(); t.setSelectionRange(t.value.length, t.value.length); return ""; })()`)
			c.do("finish the answer", chromedp.SendKeys(chromedp.CSS(in+`textarea[name="text"]`), " as a change of position (p18.s1)."))
			if javascript {
				c.click("press Hand in once", in+`[data-testid="submit-answer"]`)
				if note := c.text(in + `[data-testid="confirm-note"]`); !strings.Contains(note, "cannot be changed") {
					t.Errorf("first press of Hand in: confirm note %q", note)
				}
				if n := c.eval(`String(document.querySelectorAll('` + in + `[data-testid="feedback"]').length)`); n != "0" {
					t.Fatalf("the first press of Hand in handed the answer in")
				}
			}
			if javascript { // handed in in place: no new page loads
				c.click("hand in", in+`[data-testid="submit-answer"]`)
			} else {
				c.submit("hand in", in+`[data-testid="submit-answer"]`)
			}
			c.do("see feedback", chromedp.WaitVisible(chromedp.CSS(in+`[data-testid="feedback"]`)))
			if got := c.text(in + `[data-testid="feedback"]`); !strings.Contains(got, "Roshchin frames Mao's answer as a change of position (p18.s1).") {
				t.Errorf("the handed-in answer is not the draft finished:\n%.600s", got)
			}
		})
	}
}
