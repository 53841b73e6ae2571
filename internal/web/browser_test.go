package web_test

import (
	"cmp"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/ciphergram/ciphergram/lessons"
)

// chrome is one browser profile: its own cookies, as a second device would
// have. Everything runs in real Chromium; a failing step saves a
// screenshot.
type chrome struct {
	t    *testing.T
	ctx  context.Context
	base string
	name string
	// byMouse: answer forms are sent by clicking the button, not by
	// pressing Enter on it.
	byMouse bool
}

// screenshotDir keeps the screenshots of failed steps. It is fixed before
// any test points TMPDIR into its own temporary (and deleted) folder.
var screenshotDir = cmp.Or(os.Getenv("CIPHERGRAM_SCREENSHOTS"), filepath.Join(os.TempDir(), "ciphergram-screenshots"))

// chromiumPath finds the browser. The browser tests never skip: without
// Chromium they fail and say how to install it.
func chromiumPath(t *testing.T) string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Fatal("the browser tests need Chromium: apt-get install -y chromium (.ci/run installs it)")
	return ""
}

func (a *app) chrome(t *testing.T, name string, javascript bool) *chrome {
	t.Helper()
	dir := t.TempDir()
	t.Setenv("TMPDIR", dir) // each launch leaves a folder behind
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath(t)),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.UserDataDir(filepath.Join(dir, "profile")),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-quic", true),
		chromedp.WindowSize(1024, 900),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(allocCtx)
	t.Cleanup(func() { cancelCtx(); cancelAlloc() })
	c := &chrome{t: t, ctx: ctx, base: a.srv.URL, name: name}
	// The first call starts the browser and binds it to ctx, so it has no
	// timeout; every later step has its own (see do).
	c.must("start", chromedp.Do(ctx, chromedp.Navigate("about:blank")))
	if !javascript {
		_, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		c.must("turn JavaScript off", err)
	}
	return c
}

// must fails the test on err, after saving a screenshot of the page.
func (c *chrome) must(step string, err error) {
	c.t.Helper()
	if err == nil {
		return
	}
	os.MkdirAll(screenshotDir, 0o755)
	name := strings.NewReplacer("/", "_", " ", "_").Replace(fmt.Sprintf("%s-%s-%d.png", c.t.Name(), c.name, time.Now().UnixNano()))
	shot := filepath.Join(screenshotDir, name)
	ctx, cancel := context.WithTimeout(c.ctx, 10*time.Second)
	defer cancel()
	where, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`location.href + " | alerts: " + Array.from(document.querySelectorAll("[role=alert]")).map(e => e.textContent.trim()).join("; ")`))
	if png, serr := chromedp.Run(ctx, chromedp.CaptureScreenshot()); serr == nil {
		os.WriteFile(shot, png, 0o644)
		c.t.Fatalf("%s (%s): %v\nat %s\nscreenshot: %s", step, c.name, err, where, shot)
	}
	c.t.Fatalf("%s (%s): %v", step, c.name, err)
}

// stepTimeout bounds one step, so a stuck page fails fast with a
// screenshot instead of hanging the suite.
const stepTimeout = 20 * time.Second

// do runs actions as one step.
func (c *chrome) do(step string, actions ...chromedp.Action[chromedp.Void]) {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(c.ctx, stepTimeout)
	defer cancel()
	c.must(step, chromedp.Do(ctx, actions...))
}

// value runs one action that returns a value, as one step.
func value[T any](c *chrome, step string, action chromedp.Action[T]) T {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(c.ctx, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, action)
	c.must(step, err)
	return v
}

// submit clicks a form's button and waits for the page it leads to.
func (c *chrome) submit(step, button string) {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(c.ctx, stepTimeout)
	defer cancel()
	_, err := chromedp.Run(ctx, chromedp.WaitEvent(cdppage.LoadEventFired, nil, chromedp.Click(chromedp.CSS(button))))
	c.must(step, err)
}

// hover moves the pointer onto sel first, as a hand on a mouse does, and
// lets the page settle: a click alone is pressed where sel is while the
// pointer was elsewhere, and the hover it moves (a glossary tip hidden, so
// a shorter page, scrolled back) can move sel between press and release.
func (c *chrome) hover(sel string) {
	c.t.Helper()
	c.do("scroll to "+sel, chromedp.ScrollIntoView(chromedp.CSS(sel)))
	xy := c.center(sel)
	c.do("hover "+sel, chromedp.MouseEvent(chromedp.MouseMoved, xy[0], xy[1]))
	value(c, "let the page settle", chromedp.Evaluate[bool](
		`!document.documentElement.classList.contains("js") || // without scripts, no frame callbacks
		new Promise(function (r) { requestAnimationFrame(function () { requestAnimationFrame(function () { r(true); }); }); })`, chromedp.EvalAwaitPromise))
}

// click clicks sel as a hand on a mouse does: the pointer first moves
// onto it and the page settles (see hover), then it is pressed.
func (c *chrome) click(step, sel string) {
	c.t.Helper()
	c.hover(sel)
	c.do(step, chromedp.Click(chromedp.CSS(sel)))
}

// center is where sel's middle is in the window now, as x, y.
func (c *chrome) center(sel string) []float64 {
	c.t.Helper()
	return value(c, "find "+sel, chromedp.Evaluate[[]float64](fmt.Sprintf(
		`(function () { var r = document.querySelector(%q).getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; })()`, sel)))
}

func (c *chrome) open(path string) {
	c.t.Helper()
	c.do("open "+path, chromedp.Navigate(c.base+path))
}

func (c *chrome) text(sel string) string {
	c.t.Helper()
	return value(c, "read "+sel, chromedp.Text(chromedp.CSS(sel)))
}

func (c *chrome) eval(js string) string {
	c.t.Helper()
	return value(c, "evaluate "+js, chromedp.Evaluate[string](js))
}

func (c *chrome) checked(sel string) bool {
	c.t.Helper()
	return value(c, "read checked "+sel, chromedp.Evaluate[bool](fmt.Sprintf(`document.querySelector(%q).checked`, sel)))
}

// pageSeed reads the seed of the order the form under in is shown in.
func (c *chrome) pageSeed(in string) uint64 {
	c.t.Helper()
	v := value(c, "read seed", chromedp.Evaluate[string](fmt.Sprintf(`document.querySelector(%q).value`, in+`input[name="seed"]`)))
	seed, ok := lessons.ParseSeed(v)
	if !ok {
		c.t.Fatalf("no seed on the form: %q", v)
	}
	return seed
}

// answer fills in question q of the current lesson page through its form,
// the way a learner would, and submits it. right=false gives a wrong
// answer where the type has one.
func (c *chrome) answer(q *lessons.Question, right, javascript bool) {
	c.t.Helper()
	in := "#q-" + q.ID + " "
	c.fill(q, right, javascript)
	// Submit by keyboard, as many learners do: focus the button, press Enter.
	if c.byMouse {
		c.hover(in + `[data-testid="submit-answer"]`)
		c.do("click submit", chromedp.Click(chromedp.CSS(in+`[data-testid="submit-answer"]`)))
	} else {
		c.do("submit "+q.ID, chromedp.Focus(chromedp.CSS(in+`[data-testid="submit-answer"]`)), chromedp.KeyEvent("\r"))
	}
	if javascript && q.Type == lessons.Written {
		// Hand in asks once more before it is final (see app.js).
		c.do("confirm "+q.ID, chromedp.WaitVisible(chromedp.CSS(in+`[data-testid="confirm-note"]`)),
			chromedp.Focus(chromedp.CSS(in+`[data-testid="submit-answer"]`)), chromedp.KeyEvent("\r"))
	}
	c.do("see feedback for "+q.ID, chromedp.WaitVisible(chromedp.CSS(in+`[data-testid="feedback"]`)))
}

// fill gives question q's answer in its form, without sending it.
func (c *chrome) fill(q *lessons.Question, right, javascript bool) {
	c.t.Helper()
	in := "#q-" + q.ID + " "
	c.do("see question "+q.ID, chromedp.WaitVisible(chromedp.CSS(in+`[data-testid="answer-form"]`)))
	click := func(sel string) { c.hover(sel); c.do("click "+sel, chromedp.Click(chromedp.CSS(sel))) }
	choose := func(sel, v string) { c.do("choose "+sel, chromedp.SetValue(chromedp.CSS(sel), v)) }
	switch q.Type {
	case lessons.Single, lessons.Multiple:
		for _, ch := range q.Choices {
			if ch.Correct == right {
				click(in + fmt.Sprintf(`input[name="choice"][value=%q]`, ch.ID))
				if q.Type == lessons.Single {
					break
				}
			}
		}
	case lessons.TrueFalse:
		click(in + fmt.Sprintf(`input[name="choice"][value="%t"]`, q.Answer == right))
	case lessons.Short:
		c.do("type", chromedp.SendKeys(chromedp.CSS(in+`input[name="text"]`), q.Accept[0]))
	case lessons.Written:
		c.do("type", chromedp.SendKeys(chromedp.CSS(in+`textarea[name="text"]`),
			"The telegram shows caution (p8.s1) because of weak equipment (p9.s1)."))
	case lessons.Ordering:
		for i, it := range q.DisplayItems(c.pageSeed(in)) {
			place := slices.IndexFunc(q.Items, func(x lessons.Item) bool { return x.ID == it.ID }) + 1
			choose(in+fmt.Sprintf(`select[name="order.%d"]`, i+1), strconv.Itoa(place))
		}
	case lessons.Matching:
		for i, p := range q.DisplayRights(c.pageSeed(in)) {
			choose(in+fmt.Sprintf(`select[name="match.%s"]`, p.ID), strconv.Itoa(i+1))
		}
	case lessons.Evidence:
		picks := q.Key
		if len(picks) == 0 {
			picks = []string{lessons.NoEvidence}
		}
		for i, id := range picks {
			box := in + fmt.Sprintf(`input[name="choice"][value=%q]`, id)
			if javascript && id != lessons.NoEvidence {
				// With JavaScript the sentence itself is the control: the
				// first by mouse, the rest by keyboard.
				sentence := in + fmt.Sprintf(`[data-testid="evidence-sentence"][data-id=%q]`, id)
				if i == 0 {
					click(sentence)
				} else {
					key := " "
					if i%2 == 0 {
						key = "\r"
					}
					c.do("focus sentence", chromedp.Focus(chromedp.CSS(sentence)), chromedp.KeyEvent(key))
				}
			} else {
				click(box)
			}
			if !c.checked(box) {
				c.must("mark "+id, fmt.Errorf("%s is not marked after selecting it", box))
			}
		}
	}
}

// doLesson works through a whole lesson; the questions in wrong are
// answered wrongly.
func (c *chrome) doLesson(l *lessons.Lesson, javascript bool, wrong ...string) {
	c.t.Helper()
	c.open("/lessons/" + l.Slug)
	for _, q := range l.Questions {
		c.answer(q, !slices.Contains(wrong, q.ID), javascript)
	}
	c.do("see summary", chromedp.WaitVisible(chromedp.CSS(`[data-testid="summary"]`)))
}

// TestNewcomerInBrowser: a newcomer with no account reads the telegram,
// completes lesson 1 (with JavaScript on, and in another browser with it
// off), saves their progress as an account, and finds their score and
// review queue after logging in on a fresh browser.
func TestNewcomerInBrowser(t *testing.T) {
	a := newApp(t)
	l := a.unit.Lessons[0]
	var missed string
	for _, q := range l.Questions {
		if q.Type == lessons.TrueFalse || q.Type == lessons.Single {
			missed = q.ID
			break
		}
	}

	t.Run("javascript off", func(t *testing.T) {
		c := a.chrome(t, "nojs", false)
		c.open("/lessons")
		if js := c.eval(`document.documentElement.className`); strings.Contains(js, "js") {
			t.Fatalf("scripts ran with JavaScript off: html class %q", js)
		}
		c.doLesson(l, false)
		if got := c.text(`[data-testid="score"]`); !strings.Contains(got, formatMax(l)) {
			t.Errorf("score %q, want full marks of %s", got, formatMax(l))
		}
	})

	c := a.chrome(t, "newcomer", true)
	c.open("/")
	c.do("open the telegram", chromedp.Click(chromedp.CSS(`a[href="/sources/roshchin-1950-10-03"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[id="p23.s3"]`)))
	c.open("/lessons") // a fragment on the same page would not load anew
	c.open("/sources/roshchin-1950-10-03#p7.s2")
	if id := c.eval(`document.querySelector(":target").id`); id != "p7.s2" {
		t.Errorf("target sentence = %q, want p7.s2", id)
	}
	if got := c.text(`[id="p7.s2"]`); !strings.HasPrefix(got, "We originally planned") {
		t.Errorf("p7.s2 reads %q", got)
	}
	c.doLesson(l, true, missed)
	score := c.text(`[data-testid="score"]`)

	c.open("/account/save")
	c.do("save progress",
		chromedp.SendKeys(chromedp.CSS(`input[name="username"]`), "river7"),
		chromedp.SendKeys(chromedp.CSS(`input[name="password"]`), "a long password"),
		chromedp.Submit(chromedp.CSS(`input[name="password"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[role="status"]`)),
	)

	fresh := a.chrome(t, "fresh", true)
	fresh.open("/login")
	fresh.do("log in",
		chromedp.SendKeys(chromedp.CSS(`input[name="username"]`), "river7"),
		chromedp.SendKeys(chromedp.CSS(`input[name="password"]`), "a long password"),
		chromedp.Submit(chromedp.CSS(`input[name="password"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[role="status"]`)),
	)
	fresh.open("/lessons")
	card := fresh.text(`[data-testid="lesson-card"][data-status="done"]`)
	if !strings.Contains(card, l.Title) {
		t.Errorf("no finished lesson card for %q after login: %q", l.Title, card)
	}
	fresh.open("/progress")
	if got := fresh.text(`main`); !strings.Contains(got, scoreOnly(score)) {
		t.Errorf("progress page does not show the score %q:\n%s", score, got)
	}
	review := fresh.eval(`Array.from(document.querySelectorAll('[data-testid="review-later"]')).map(e => e.textContent).join("|")`)
	if strings.Count(review, "|") != 0 || !strings.Contains(review, "tomorrow") {
		t.Errorf("review queue = %q, want the one missed question (%s), due tomorrow", review, missed)
	}
}

func formatMax(l *lessons.Lesson) string {
	return strconv.FormatFloat(l.MaxPoints(), 'f', -1, 64)
}

// scoreOnly takes "7 / 9" out of the summary's "Your score: 7 / 9 (78%)".
func scoreOnly(s string) string {
	f := strings.Fields(s)
	for i := 0; i+2 < len(f); i++ {
		if f[i+1] == "/" {
			return f[i] + " / " + f[i+2]
		}
	}
	return s
}
