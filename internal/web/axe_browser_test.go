package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/ciphergram/ciphergram/internal/auth"
	"github.com/ciphergram/ciphergram/lessons"
)

// axePath is axe-core, vendored (see testdata/README.md). Without it the
// test fails: an accessibility check that silently skips proves nothing.
const axePath = "testdata/axe.min.js"

// axeViolation is one failing element of one axe rule.
type axeViolation struct {
	Rule, Impact, Target, Summary string
}

// TestAxeEveryPage runs axe-core on every page a visitor, a self-study
// learner, a class student and a teacher can open, in the light and the
// dark theme, with the app's Content-Security-Policy in place: axe is put
// in through the DevTools protocol, which the page's policy does not
// govern. Any violation fails the test, listed by rule, impact, element,
// page and theme.
func TestAxeEveryPage(t *testing.T) {
	axe, err := os.ReadFile(axePath)
	if err != nil {
		t.Fatalf("axe-core is missing (%v): vendor axe.min.js into internal/web/testdata (see its README.md)", err)
	}
	a := newApp(t)
	ctx := context.Background()
	hash, err := auth.NewHasher().Hash(ctx, password)
	must(t, err)

	// A teacher with one class: every lesson assigned, one of them due
	// already; Ada handed that one in right, Cai with the choices wrong
	// (more shades in the insight heatmap), Ben nothing.
	l, _ := a.unit.Lesson("two-versions")
	class, written := a.deskClass(hash, l)
	ada, err := a.db.CreateStudent(ctx, class.ID, 0, "ada", "Ada", hash)
	must(t, err)
	_, err = a.db.CreateStudent(ctx, class.ID, 0, "ben", "Ben", hash)
	must(t, err)
	_, err = a.db.CreateStudent(ctx, class.ID, 0, "cai", "Cai", hash)
	must(t, err)
	student := a.signIn("ada")
	cai := a.signIn("cai")
	for _, q := range l.Questions {
		answered(t, student.post("/lessons/"+l.Slug+"/questions/"+q.ID, rightForm(q, "0")))
		answered(t, cai.post("/lessons/"+l.Slug+"/questions/"+q.ID, wrongForm(q)))
	}
	teach := a.signIn("ms-rivera")

	// A self-study learner part way through lesson 1, with one miss to
	// review, and lesson 2 done.
	guest := a.browser()
	first, second := a.unit.Lessons[0], a.unit.Lessons[1]
	var missed *lessons.Question
	for _, q := range first.Questions[:3] {
		f := rightForm(q, "0")
		if missed == nil && q.Type == lessons.Single {
			missed, f = q, wrongForm(q)
		}
		answered(t, guest.post("/lessons/"+first.Slug+"/questions/"+q.ID, f))
	}
	if missed == nil {
		t.Fatal("lesson 1 has no single-choice question among its first three to miss")
	}
	for _, q := range second.Questions {
		answered(t, guest.post("/lessons/"+second.Slug+"/questions/"+q.ID, rightForm(q, "0")))
	}
	a.advance(2 * time.Hour) // past the due time: missing work in the gradebook

	classPath := fmt.Sprintf("/teach/classes/%d", class.ID)
	studentPath := fmt.Sprintf("%s/students/%d", classPath, ada.ID)
	visits := []struct {
		who   *browser // nil: a visitor with no cookie
		paths []string
	}{
		{nil, []string{"/", "/lessons", "/sources/roshchin-1950-10-03", "/lessons/" + first.Slug,
			// Lesson 9 reads six documents: its page, their side-by-side
			// page, and an excerpt with its own headings in the reader.
			"/lessons/the-documents-around-it", "/lessons/the-documents-around-it/sources", "/sources/stalin-zhou-1950-10-11",
			"/lessons/" + first.Slug + "/worksheet", "/join", "/login", "/signup", "/account/recover",
			"/privacy", "/signed-out", "/no-such-page"}},
		{guest, []string{"/lessons", "/lessons/" + first.Slug, "/lessons/" + second.Slug, "/progress",
			"/review/" + first.Slug + "/" + missed.ID, "/account/save", "/account/data"}},
		{student, []string{"/home", "/lessons", "/lessons/" + l.Slug, "/lessons/" + first.Slug, "/progress", "/account/data"}},
		{teach, []string{"/teach", "/lessons", classPath, classPath + "/gradebook",
			classPath + "/lessons/" + l.Slug + "/grading", classPath + "/lessons/" + l.Slug + "/grading?q=" + written.ID,
			classPath + "/lessons/" + l.Slug + "/insight", studentPath + "/lessons/" + l.Slug,
			"/lessons/" + l.Slug + "/teacher", "/lessons/" + l.Slug + "/worksheet/key?copy=12",
			classPath + "/code", studentPath + "/reset", studentPath + "/remove", studentPath + "/delete", "/teach/lessons/import"}},
	}

	var c *chrome // the browser of the pass under way
	// Pages as a mistake leaves them: a refused answer, shown in place
	// with its alert, and a refused sign-in.
	mistakes := []struct {
		who  *browser
		path string
		act  func()
	}{
		{guest, "/lessons/" + first.Slug + " after a refused answer", func() {
			c.open("/lessons/" + first.Slug)
			var q *lessons.Question
			for _, x := range first.Questions[3:] {
				if x.Type != lessons.Written {
					q = x
					break
				}
			}
			c.do("send "+q.ID+" empty", chromedp.Focus(chromedp.CSS("#q-"+q.ID+` [data-testid="submit-answer"]`)), chromedp.KeyEvent("\r"),
				chromedp.WaitVisible(chromedp.CSS("#q-"+q.ID+` [role="alert"]`)))
		}},
		{nil, "/login after a wrong password", func() {
			c.open("/login")
			c.do("type a wrong password", chromedp.SendKeys(chromedp.CSS(`input[name="username"]`), "ada"),
				chromedp.SendKeys(chromedp.CSS(`input[name="password"]`), "not the password"))
			c.submit("sign in", `main form button[type="submit"]`)
		}},
		{nil, "/join with a wrong code", func() {
			c.open("/join")
			c.do("type a wrong code", chromedp.SendKeys(chromedp.CSS(`input[name="code"]`), "ZZZZZZ"))
			c.eval(`document.querySelector('[data-testid="join-form"]').noValidate = true; "ok"`) // the server's message, not the browser's
			c.submit("join", `main form button[type="submit"]`)
		}},
	}
	// Every page with JavaScript on, then off: without it the lesson's
	// controls are plain form fields.
	var all []string
	for _, javascript := range []bool{true, false} {
		mode := "JavaScript off"
		if javascript {
			mode = "JavaScript on"
		}
		c = a.chrome(t, "axe "+mode, javascript)
		// First a page known to be wrong, so a runner that finds nothing fails.
		c.useCookiesOf(nil)
		c.open("/")
		c.eval(`document.querySelector("main").append(document.createElement("button")); "ok"`)
		if found := c.runAxe("the canary", string(axe), javascript); !strings.Contains(fmt.Sprint(found), "button-name") {
			t.Fatalf("%s: axe did not report a button with no name: %v", mode, found)
		}
		for _, v := range visits {
			c.useCookiesOf(v.who)
			for _, path := range v.paths {
				for _, theme := range []string{"light", "dark"} {
					for _, f := range c.axe(path, theme, string(axe), javascript) {
						all = append(all, fmt.Sprintf("%s [%s] %s on %s (%s, %s): %s", f.Rule, f.Impact, f.Target, path, theme, mode, f.Summary))
					}
				}
			}
		}
		for _, m := range mistakes {
			c.useCookiesOf(m.who)
			c.theme("light")
			m.act()
			for _, theme := range []string{"light", "dark"} {
				c.theme(theme)
				for _, f := range c.runAxe(m.path+" "+theme, string(axe), javascript) {
					all = append(all, fmt.Sprintf("%s [%s] %s on %s (%s, %s): %s", f.Rule, f.Impact, f.Target, m.path, theme, mode, f.Summary))
				}
			}
		}
	}
	if len(all) > 0 {
		t.Errorf("axe found %d violations:\n%s", len(all), strings.Join(all, "\n"))
	}
}

// answered fails the test unless the answer was taken (a redirect to its
// feedback): a page of pages with nothing on them would prove little.
func answered(t *testing.T, p page) {
	t.Helper()
	if p.status != http.StatusSeeOther {
		t.Fatalf("answer refused: %d\n%.500s", p.status, p.body)
	}
}

// signIn is a browser signed in as username.
func (a *app) signIn(username string) *browser {
	a.t.Helper()
	b := a.browser()
	if p := b.post("/login", url.Values{"username": {username}, "password": {password}}); p.status != http.StatusSeeOther {
		a.t.Fatalf("%s signs in: %d", username, p.status)
	}
	return b
}

// useCookiesOf gives Chromium the cookies of b (none for nil), so it is
// that visitor.
func (c *chrome) useCookiesOf(b *browser) {
	c.t.Helper()
	_, err := chromedp.Call(c.ctx, network.ClearBrowserCookies, cdp.Empty{})
	c.must("clear cookies", err)
	if b == nil {
		return
	}
	u, _ := url.Parse(c.base)
	for _, k := range b.client.Jar.Cookies(u) {
		_, err := chromedp.Call(c.ctx, network.SetCookie, network.SetCookieParams{Name: k.Name, Value: k.Value, URL: c.base})
		c.must("set cookie "+k.Name, err)
	}
}

// axe opens path in the theme (the browser has javascript on or off) and returns what axe-core finds wrong.
func (c *chrome) axe(path, theme, source string, javascript bool) []axeViolation {
	c.t.Helper()
	c.theme(theme)
	ctx, cancel := context.WithTimeout(c.ctx, stepTimeout)
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, chromedp.Navigate(c.base+path))
	c.must("open "+path, err)
	if want := map[bool]int64{true: 404, false: 200}[path == "/no-such-page"]; resp.Status != want {
		c.must("open "+path, fmt.Errorf("status %d, want %d", resp.Status, want))
	}
	// The policy is in force: a script the page itself adds inline does not run.
	if ran := c.eval(`var s = document.createElement("script"); s.textContent = "window.inlineRan = 1"; document.head.appendChild(s); s.remove(); String(!!window.inlineRan)`); ran != "false" {
		c.must("check the CSP on "+path, fmt.Errorf("an inline script ran: no Content-Security-Policy"))
	}
	return c.runAxe(path+" "+theme, source, javascript)
}

// theme makes the page's prefers-color-scheme light or dark.
func (c *chrome) theme(theme string) {
	c.t.Helper()
	_, err := chromedp.Call(c.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: theme}},
	})
	c.must("emulate the "+theme+" theme", err)
}

// runAxe runs axe-core on the page as it is now.
func (c *chrome) runAxe(step, source string, javascript bool) []axeViolation {
	c.t.Helper()
	// Runtime.evaluate runs outside the page's Content-Security-Policy, so
	// the policy stays as it is served.
	// With JavaScript off the page's own scripts never ran; axe needs timers
	// to finish, so scripts are allowed while it runs, and off again after.
	if !javascript {
		c.scriptsOff(false)
		defer c.scriptsOff(true)
	}
	c.eval(source + `; "loaded"`)
	raw := value(c, "axe "+step, chromedp.Evaluate[string](`axe.run(document, {resultTypes: ["violations"]}).then(function (r) {
		return JSON.stringify(r.violations.flatMap(function (v) {
			return v.nodes.map(function (n) {
				return {Rule: v.id, Impact: n.impact || v.impact || "", Target: n.target.join(" "), Summary: (n.failureSummary || v.help).replace(/\s+/g, " ")};
			});
		}));
	})`, chromedp.EvalAwaitPromise))
	var found []axeViolation
	if err := json.Unmarshal([]byte(raw), &found); err != nil {
		c.must("read axe's answer", err)
	}
	return found
}

// scriptsOff turns the page's scripts off or back on.
func (c *chrome) scriptsOff(off bool) {
	c.t.Helper()
	_, err := chromedp.Call(c.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: off})
	c.must("scripts off: "+fmt.Sprint(off), err)
}
