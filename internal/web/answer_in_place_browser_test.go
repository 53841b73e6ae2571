package web_test

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/ciphergram/ciphergram/lessons"
)

// sameDocument marks the page, so a later check tells whether the
// browser loaded a new one since.
func (c *chrome) markDocument() { c.eval(`window.sameDocument = "yes"; "ok"`) }

func (c *chrome) sameDocument() bool {
	return c.eval(`String(window.sameDocument)`) == "yes"
}

// focused reports the id of the question the focused element is in, and
// whether it is in that question's feedback or its alert.
func (c *chrome) focused() string {
	return c.eval(`(function () { var e = document.activeElement; var q = e && e.closest(".question");
		return (q ? q.id : "none") + (e.closest(".feedback") ? " feedback" : "") + (e.getAttribute("role") === "alert" ? " alert" : ""); })()`)
}

// Subtests have short names: Chromium's profile, under the test's
// temporary folder, holds a socket, and a socket's path is short.

// focusedOn waits a little for the focus to reach want, and says where it
// is: a new page's autofocus is applied at its first rendering, a moment
// after it has loaded.
func (c *chrome) focusedOn(want string) string {
	got := c.focused()
	for i := 0; i < 50 && got != want; i++ {
		time.Sleep(50 * time.Millisecond)
		got = c.focused()
	}
	return got
}

// TestAnswerInPlaceBrowser works through lesson 1 in Chromium with
// JavaScript, by mouse and by keyboard: each answer comes back in place
// (no new page), the address names the answered question, focus is on its
// feedback, and a reload or Back shows the same state. Without
// JavaScript each answer is a new page, as before.
func TestAnswerInPlaceBrowser(t *testing.T) {
	a := newApp(t)
	l := a.unit.Lessons[0]
	path := "/lessons/" + l.Slug
	for _, mouse := range []bool{true, false} {
		t.Run(map[bool]string{true: "js-mouse", false: "js-keys"}[mouse], func(t *testing.T) {
			c := a.chrome(t, "js", true)
			c.byMouse = mouse
			c.open(path)
			c.markDocument()
			for i, q := range l.Questions {
				c.answer(q, true, true)
				if !c.sameDocument() {
					t.Fatalf("answer %s: a new page was loaded; want the feedback in place", q.ID)
				}
				if got, want := c.eval(`location.pathname + location.hash`), path+"#q-"+q.ID; got != want {
					t.Errorf("answer %s: address %q, want %q", q.ID, got, want)
				}
				if got := c.focused(); got != "q-"+q.ID+" feedback" {
					t.Errorf("answer %s: focus in %q, want the question's feedback", q.ID, got)
				}
				if got, want := c.text(`#answered-count`), fmt.Sprintf("Answered %d of %d", i+1, len(l.Questions)); got != want {
					t.Errorf("answer %s: count %q, want %q", q.ID, got, want)
				}
				if i == 2 {
					c.sameStateAfter("reload", l, i, chromedp.Reload())
					c.markDocument()
					c.sameStateAfter("back", l, i, chromedp.NavigateBack())
				}
			}
			c.do("see summary", chromedp.WaitVisible(chromedp.CSS(`[data-testid="summary"]`)))
			if !c.sameDocument() {
				t.Error("the summary came with a new page; want it in place")
			}
			c.sameStateAfter("reload at the end", l, len(l.Questions)-1, chromedp.Reload())
		})
	}
	t.Run("nojs", func(t *testing.T) {
		c := a.chrome(t, "nojs", false)
		c.open(path)
		for _, q := range l.Questions[:2] {
			c.markDocument()
			c.answer(q, true, false)
			if c.sameDocument() {
				t.Fatalf("answer %s without JavaScript: no new page", q.ID)
			}
			if got, want := c.eval(`location.pathname + location.hash`), path+"#q-"+q.ID; got != want {
				t.Errorf("answer %s: address %q, want %q", q.ID, got, want)
			}
		}
	})
}

// sameStateAfter runs action (a reload, Back) and checks the page shows
// the lesson as it stood after answer last: that question's feedback, the
// next question's form (or the summary) and the count.
func (c *chrome) sameStateAfter(step string, l *lessons.Lesson, last int, action chromedp.Action[chromedp.Void]) {
	c.t.Helper()
	c.do(step, action)
	q := l.Questions[last]
	c.do(step+": feedback", chromedp.WaitVisible(chromedp.CSS("#q-"+q.ID+` [data-testid="feedback"]`)))
	if last+1 < len(l.Questions) {
		c.do(step+": next question", chromedp.WaitVisible(chromedp.CSS("#q-"+l.Questions[last+1].ID+` [data-testid="answer-form"]`)))
	} else {
		c.do(step+": summary", chromedp.WaitVisible(chromedp.CSS(`[data-testid="summary"]`)))
	}
	if got, want := c.text(`#answered-count`), "Answered "+strconv.Itoa(last+1)+" of "+strconv.Itoa(len(l.Questions)); got != want {
		c.t.Errorf("%s: count %q, want %q", step, got, want)
	}
}

// TestRejectedKeepsInput: a matching, an evidence and an ordering
// answer each rejected (422) come back with everything the learner gave,
// the message focused, with JavaScript (in place) and without (a page
// that opens at the message). Then the corrected answer goes through.
func TestRejectedKeepsInput(t *testing.T) {
	a := newApp(t)
	l := a.unit.Lessons[0]
	path := "/lessons/" + l.Slug
	byType := map[lessons.Type]*lessons.Question{}
	for _, q := range l.Questions {
		if byType[q.Type] == nil {
			byType[q.Type] = q
		}
	}
	for _, js := range []bool{true, false} {
		t.Run(map[bool]string{true: "js", false: "nojs"}[js], func(t *testing.T) {
			c := a.chrome(t, "learner", js)
			c.open(path)
			for _, q := range l.Questions {
				in := "#q-" + q.ID + " "
				var keep func() // checks the input is still there
				switch q.Type {
				case lessons.Matching: // two matches of the rest, both to the first right-hand side
					c.do("see "+q.ID, chromedp.WaitVisible(chromedp.CSS(in+"form")))
					for _, p := range q.Pairs[:2] {
						c.do("match", chromedp.SetValue(chromedp.CSS(in+`select[name="match.`+p.ID+`"]`), "1"))
					}
					keep = func() {
						for _, p := range q.Pairs[:2] {
							if v := c.eval(`document.querySelector('` + in + `select[name="match.` + p.ID + `"]').value`); v != "1" {
								t.Errorf("match %s: %q after the error, want 1", p.ID, v)
							}
						}
					}
				case lessons.Ordering: // two items in place 1
					c.do("see "+q.ID, chromedp.WaitVisible(chromedp.CSS(in+"form")))
					for i := 1; i <= 2; i++ {
						c.do("place", chromedp.SetValue(chromedp.CSS(in+`select[name="order.`+strconv.Itoa(i)+`"]`), "1"))
					}
					keep = func() {
						for i := 1; i <= 2; i++ {
							if v := c.eval(`document.querySelector('` + in + `select[name="order.` + strconv.Itoa(i) + `"]').value`); v != "1" {
								t.Errorf("item %d: place %q after the error, want 1", i, v)
							}
						}
					}
				case lessons.Evidence: // a sentence and "none" both
					c.do("see "+q.ID, chromedp.WaitVisible(chromedp.CSS(in+"form")))
					boxes := []string{in + `input[value="` + q.Among[0] + `"]`, in + `input[value="none"]`}
					for _, b := range boxes {
						c.click("tick", b)
					}
					keep = func() {
						for _, b := range boxes {
							if !c.checked(b) {
								t.Errorf("%s is not ticked after the error", b)
							}
						}
					}
				}
				if keep != nil {
					c.markDocument()
					if js {
						c.click("send "+q.ID, in+`[data-testid="submit-answer"]`)
						c.do("see the error of "+q.ID, chromedp.WaitVisible(chromedp.CSS(in+`[role="alert"]`)))
						if !c.sameDocument() {
							t.Errorf("%s: the error came with a new page; want it in place", q.ID)
						}
					} else {
						c.submit("send "+q.ID, in+`[data-testid="submit-answer"]`)
					}
					if got := c.focusedOn("q-" + q.ID + " alert"); got != "q-"+q.ID+" alert" {
						t.Errorf("%s (%s): focus in %q after the error, want its message", q.ID, q.Type, got)
					}
					keep()
					c.eval(`document.querySelectorAll('` + in + `select').forEach(s => s.value = ""); document.querySelectorAll('` + in + `input[type=checkbox]:checked').forEach(b => b.click()); "ok"`)
				}
				c.answer(q, true, js)
				if q == l.Questions[0] && !js {
					// Once started, the page opens at the next question.
					c.open(path)
					if got := c.focusedOn("q-" + l.Questions[1].ID); got != "q-"+l.Questions[1].ID {
						t.Errorf("lesson reopened after one answer: focus in %q, want the next question", got)
					}
				}
			}
			c.do("see summary", chromedp.WaitVisible(chromedp.CSS(`[data-testid="summary"]`)))
			if !strings.Contains(c.eval(`String(document.getElementById("questions") !== null) + " " + document.querySelector('a[href="#questions"]').textContent`), "true Skip to the questions") {
				t.Error("no #questions, or no link to skip to them")
			}
		})
	}
}

// TestAnswerInPlaceFailures: with JavaScript, an answer that cannot reach
// the server says so, keeps what was chosen and goes through when sent
// again; a double click sends one request.
func TestAnswerInPlaceFailures(t *testing.T) {
	a := newApp(t)
	l := a.unit.Lessons[0]
	q := l.Questions[0]
	if q.Type != lessons.Single {
		t.Fatalf("lesson 1 opens with a %s question; this test wants a single choice", q.Type)
	}
	in := "#q-" + q.ID + " "
	var right string
	for _, ch := range q.Choices {
		if ch.Correct {
			right = in + `input[name="choice"][value="` + ch.ID + `"]`
		}
	}
	c := a.chrome(t, "js", true)
	c.open("/lessons/" + l.Slug)
	c.hover(right)
	c.click("choose", right)
	block := func(patterns ...string) {
		var ps []*network.BlockPattern
		for _, p := range patterns {
			ps = append(ps, &network.BlockPattern{URLPattern: p, Block: true})
		}
		_, err := chromedp.Run(c.ctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
				return err
			}
			_, err := chromedp.Call(ctx, network.SetBlockedURLs, network.SetBlockedURLsParams{URLPatterns: ps})
			return err
		}))
		c.must("block "+strings.Join(patterns, " "), err)
	}
	block(c.base + "/lessons/*")
	c.hover(in + `[data-testid="submit-answer"]`)
	c.do("send while offline", chromedp.Click(chromedp.CSS(in+`[data-testid="submit-answer"]`)),
		chromedp.WaitVisible(chromedp.CSS(in+`.send-failed`)))
	if got := c.text(in + `.send-failed`); !strings.Contains(got, "could not be sent") {
		t.Errorf("offline: message %q", got)
	}
	if got := c.focusedOn("q-" + q.ID + " alert"); got != "q-"+q.ID+" alert" {
		t.Errorf("offline: focus in %q, want the message", got)
	}
	if !c.checked(right) {
		t.Error("offline: the choice was lost")
	}
	if n := len(a.responses(l, 1)); n != 0 {
		t.Errorf("offline: %d answers stored", n)
	}
	block()
	c.hover(in + `[data-testid="submit-answer"]`)
	c.do("send again", chromedp.Click(chromedp.CSS(in+`[data-testid="submit-answer"]`)),
		chromedp.WaitVisible(chromedp.CSS(in+`[data-testid="feedback"]`)))

	// A double click on the next question's button: one request.
	next := l.Questions[1]
	c.fill(next, true, true)
	button := "#q-" + next.ID + ` [data-testid="submit-answer"]`
	c.hover(button)
	// Two presses where the button is, without looking for it again: the
	// reply to the first may already have replaced it.
	xy := c.center(button)
	c.do("double click", chromedp.MouseClickXY(xy[0], xy[1]), chromedp.MouseClickXY(xy[0], xy[1], chromedp.ClickCount(2)),
		chromedp.WaitVisible(chromedp.CSS("#q-"+next.ID+` [data-testid="feedback"]`)))
	sent := c.eval(`String(performance.getEntriesByType("resource").filter(e => e.name.endsWith("/questions/` + next.ID + `")).length)`)
	if sent != "1" {
		t.Errorf("a double click sent %s requests, want 1", sent)
	}
}
