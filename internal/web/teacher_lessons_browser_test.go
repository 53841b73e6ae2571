package web_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// signInChrome opens a browser profile signed in as username.
func signInChrome(t *testing.T, c *classroom, name, username string, javascript bool) *chrome {
	t.Helper()
	b := c.app.chrome(t, name, javascript)
	b.open("/login")
	b.do("type the credentials",
		chromedp.SendKeys(chromedp.CSS(`input[name="username"]`), username),
		chromedp.SendKeys(chromedp.CSS(`input[name="password"]`), password))
	b.submit("sign in", `[data-testid="account-submit"]`)
	return b
}

// TestOwnLesson: a teacher creates a lesson in the text view, fixes the
// problem shown at its line, previews it, publishes and assigns it; a
// student of the class opens and answers it, with JavaScript off and
// another with it on.
func TestOwnLesson(t *testing.T) {
	c := newClassroom(t)
	b := signInChrome(t, c, "teacher", "teacher-a", true)
	b.submit("open Your lessons", `[data-testid="lessons-link"]`)
	b.submit("new lesson", `[data-testid="new-lesson"]`)
	b.do("name it", chromedp.SendKeys(chromedp.CSS(`#lesson-title`), "Who signed it"))
	b.submit("create it", `[data-testid="create-lesson"]`)
	slug := strings.TrimSuffix(strings.TrimPrefix(b.eval("location.pathname"), "/teach/lessons/"), "/text")
	if !strings.HasPrefix(slug, "who-signed-it-") {
		t.Fatalf("the new lesson's slug is %q", slug)
	}
	if got := b.eval(`document.querySelector("#lesson-text").value`); !strings.Contains(got, "slug: "+slug) {
		t.Fatalf("the starter text lacks the slug:\n%s", got)
	}

	broken := lessonFile(slug, "Read [[p21.s1]] closely.", strings.Replace(tfQuestion("who-signed", "true"), "[p21.s1]", "[p99.s9]", 1))
	b.do("write the lesson", chromedp.SetValue(chromedp.CSS(`#lesson-text`), broken))
	b.submit("save it", `[data-testid="save-text"]`)
	if got := b.text(`[data-testid="lesson-problems"]`); !strings.Contains(got, "Line 19:") || !strings.Contains(got, `"p99.s9"`) {
		t.Fatalf("the problem is shown as %q", got)
	}
	b.do("fix line 19", chromedp.SetValue(chromedp.CSS(`#lesson-text`), strings.Replace(broken, "[p99.s9]", "[p21.s1]", 1)))
	b.submit("save the fix", `[data-testid="save-text"]`)
	if got := b.text(`[data-testid="lesson-saved"]`); !strings.Contains(got, "No problems") {
		t.Errorf("after the fix the page says %q", got)
	}
	if n := b.eval(`String(document.querySelectorAll('[data-testid="lesson-problems"]').length)`); n != "0" {
		t.Error("problems are still listed after the fix")
	}

	b.submit("back to the overview", `[data-testid="lesson-back"]`)
	b.submit("preview", `[data-testid="preview-link"]`)
	if got := b.text(`[data-testid="preview-note"]`); !strings.Contains(got, "answering is off") {
		t.Errorf("the preview says %q", got)
	}
	if b.eval(`String(document.querySelector("#q-who-signed fieldset").disabled)`) != "true" {
		t.Error("the preview's question can be answered")
	}
	b.open("/teach/lessons/" + slug)
	b.submit("publish", `[data-testid="publish"]`)
	if got := b.text(`[data-testid="lesson-status"]`); got != "published v1" {
		t.Errorf("after publishing the status is %q", got)
	}

	b.open(fmt.Sprintf("/teach/classes/%d", c.classA))
	b.click("tick the lesson", `#assign-`+slug)
	b.submit("assign it", `[data-testid="assign"]`)
	if got := b.text(`[data-testid="assignment-row"]:last-of-type`); !strings.Contains(got, "Who signed it") {
		t.Errorf("the last assignment row is %q", got)
	}

	q := parsed(t, strings.Replace(broken, "[p99.s9]", "[p21.s1]", 1)).Questions[0]
	for _, s := range []struct {
		name, username string
		javascript     bool
	}{{"student-nojs", "student-a", false}, {"student-js", "student-ab", true}} {
		st := signInChrome(t, c, s.name, s.username, s.javascript)
		st.open("/home")
		st.submit("open the assignment", `a[href="/lessons/`+slug+`"]`)
		st.answer(q, true, s.javascript)
		if got := st.text(`#q-who-signed [data-testid="feedback"]`); !strings.Contains(got, "He signs it") {
			t.Errorf("%s: the feedback is %q", s.name, got)
		}
		st.do("see the summary", chromedp.WaitVisible(chromedp.CSS(`[data-testid="summary"]`)))
	}
}
