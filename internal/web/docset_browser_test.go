package web_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestDocSetInBrowser completes lesson 9, the telegram beside the five
// documents around it, in real Chromium with JavaScript on: its evidence
// questions offer sentences of two sources under their own titles, the
// feedback names the source of each sentence, every question is answered
// right, and the closing essay waits to be scored. The side-by-side page
// shows all six documents, and each excerpt opens in the reader.
func TestDocSetInBrowser(t *testing.T) {
	a := newApp(t)
	l, ok := a.unit.Lesson("the-documents-around-it")
	if !ok {
		t.Fatal("no lesson the-documents-around-it in the built-in unit")
	}
	c := a.chrome(t, "docset", true)

	c.open("/lessons/" + l.Slug)
	groups := `Array.from(document.querySelectorAll('#q-same-reasons [data-testid="evidence-source"]')).map(function (g) {
		return g.dataset.source + " " + g.querySelectorAll('[data-testid="evidence-sentence"]').length; }).join(", ")`
	for _, q := range l.Questions { // as doLesson, looking at one question on the way
		if q.ID == "same-reasons" {
			c.do("see "+q.ID, chromedp.WaitVisible(chromedp.CSS(`#q-same-reasons [data-testid="answer-form"]`)))
			if got := c.eval(groups); got != "roshchin-1950-10-03 7, stalin-kim-1950-10-08 2" {
				t.Errorf("sentences offered by source = %q", got)
			}
		}
		c.answer(q, true, true)
	}
	c.do("see summary", chromedp.WaitVisible(chromedp.CSS(`[data-testid="summary"]`)))

	lines := `Array.from(document.querySelectorAll('#q-same-reasons .evidence-line-tags')).map(function (p) {
		return p.querySelector(".quote-source").textContent + " " + p.querySelector(".quote-link").textContent; }).join(" | ")`
	if got := c.eval(lines); !strings.Contains(got, "Stalin to Kim Il Sung, 8 October 1950 (excerpt, with our summary) p5.s1") || !strings.Contains(got, "p10.s1") {
		t.Errorf("feedback lines = %q, want Stalin's sentence and Mao's under their sources", got)
	}
	if v := c.eval(`document.querySelector('#q-same-reasons [data-testid="feedback"]').dataset.verdict`); v != "correct" {
		t.Errorf("same-reasons verdict = %q, want correct", v)
	}
	essay := l.Questions[len(l.Questions)-1]
	auto := strconv.FormatFloat(l.MaxPoints()-essay.MaxPoints(), 'f', -1, 64)
	if got := c.text(`[data-testid="score"]`); !strings.Contains(got, auto+" / "+formatMax(l)) {
		t.Errorf("score = %q, want every machine-scored point (%s of %s) with the essay still to score", got, auto, formatMax(l))
	}
	if got := c.text(`[data-testid="summary"] .pending`); !strings.Contains(got, "1 written answer is waiting") {
		t.Errorf("pending line = %q, want the essay waiting", got)
	}

	c.open("/lessons/" + l.Slug + "/sources")
	page := c.text("main")
	for _, d := range l.Sources {
		if !strings.Contains(page, d.Title) {
			t.Errorf("side-by-side page lacks %q", d.Title)
		}
	}
	c.open("/sources/stalin-zhou-1950-10-11")
	c.do("see Mao's halt", chromedp.WaitVisible(chromedp.CSS(`[id="p9.s1"]`)))
	if got := c.text(`[id="p9.s1"]`); !strings.HasPrefix(got, `"I agree with the opinion in the 11 October telegram."`) {
		t.Errorf("p9.s1 reads %q", got)
	}
}
