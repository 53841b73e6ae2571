package web_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// TestBackAfterSignOutShowsNothing: a student signs in, opens /home with
// their name and a score on it, signs out and presses Back. Chromium must
// not show the student's page again from its back/forward cache: nothing
// of theirs may be on the screen.
func TestBackAfterSignOutShowsNothing(t *testing.T) {
	c := newClassroom(t)
	l, _ := c.unit.Lesson("the-soviet-reading")
	sb := c.browsers["student A"]
	for _, q := range l.Questions {
		page := sb.get("/lessons/" + l.Slug)
		if p := sb.post("/lessons/"+l.Slug+"/questions/"+q.ID, rightForm(q, attemptOf(page.body))); p.status != http.StatusSeeOther {
			t.Fatalf("answer %s: status %d", q.ID, p.status)
		}
	}

	student := c.app.chrome(t, "student", true)
	student.open("/login?next=/home")
	student.do("sign in",
		chromedp.SendKeys(chromedp.CSS(`input[name="username"]`), "student-a"),
		chromedp.SendKeys(chromedp.CSS(`input[name="password"]`), password),
		chromedp.Submit(chromedp.CSS(`input[name="password"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="assignment"]`)),
	)
	private := []string{"Student A", "Done"}
	home := student.text("body")
	for _, s := range private {
		if !strings.Contains(home, s) {
			t.Fatalf("/home does not show %q before signing out:\n%s", s, home)
		}
	}
	student.submit("sign out", `form.logout button`)
	student.back()
	if at := student.eval("location.pathname"); at != "/login" {
		t.Errorf("Back after signing out is at %s, want the sign-in page /login", at)
	}
	if shown := student.text("body"); strings.Contains(shown, "Student A") || strings.Contains(shown, "Done") {
		t.Errorf("Back after signing out shows the student's page (%s):\n%s", student.eval("location.href"), shown)
	}
}

// back presses the browser's Back button and waits until the previous
// entry is shown. chromedp's NavigateBack waits for a load event, which a
// page restored from the back/forward cache never fires.
func (c *chrome) back() {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(c.ctx, stepTimeout)
	defer cancel()
	from := c.eval("location.href")
	h, err := chromedp.Call(ctx, cdppage.GetNavigationHistory, cdp.Empty{})
	if err == nil && h.CurrentIndex < 1 {
		err = errors.New("nothing to go back to")
	}
	if err == nil {
		_, err = chromedp.Call(ctx, cdppage.NavigateToHistoryEntry, cdppage.NavigateToHistoryEntryParams{EntryID: h.Entries[h.CurrentIndex-1].ID})
	}
	c.must("go back", err)
	for {
		// While a page is replaced, evaluating fails: try again.
		state, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.href + " " + document.readyState`))
		if err == nil && !strings.HasPrefix(state, from+" ") && strings.HasSuffix(state, " complete") {
			return
		}
		select {
		case <-ctx.Done():
			c.must("go back", errors.New("still at "+state))
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// TestSignOutHeaders: signing out clears the browser's page cache, twice
// (see leaving.go), and never its cookies: those of other apps on the
// school's domain, and ours that should outlive a session, stay.
func TestSignOutHeaders(t *testing.T) {
	c := newClassroom(t)
	b := c.browsers["student A"]
	out := b.post("/logout", nil)
	if out.status != http.StatusSeeOther || out.header.Get("Clear-Site-Data") != `"cache"` {
		t.Fatalf("sign out: status %d, Clear-Site-Data %q", out.status, out.header.Get("Clear-Site-Data"))
	}
	landing := b.get(out.header.Get("Location"))
	const link = `<link rel="stylesheet" href="/signed-out/forget.css">`
	if landing.status != http.StatusOK || !strings.Contains(landing.body, link) || !strings.Contains(landing.body, "You have signed out") {
		t.Errorf("the signed-out page (%d) does not load the stylesheet that clears the cache:\n%.1000s", landing.status, landing.body)
	}
	css := b.get("/signed-out/forget.css")
	if css.status != http.StatusOK || css.header.Get("Clear-Site-Data") != `"cache"` || css.header.Get("Cache-Control") != "no-store" {
		t.Errorf("forget.css: status %d, Clear-Site-Data %q, Cache-Control %q", css.status, css.header.Get("Clear-Site-Data"), css.header.Get("Cache-Control"))
	}
	if p := c.browsers["student B"].get("/signed-out"); strings.Contains(p.body, link) {
		t.Error("a signed-in visitor of /signed-out has their cache cleared")
	}
}
