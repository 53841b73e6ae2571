package web_test

import (
	"context"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	"github.com/ciphergram/ciphergram/internal/store"
)

// downloadTo saves the browser's downloads in dir.
func (c *chrome) downloadTo(dir string) {
	c.t.Helper()
	_, err := chromedp.CallBrowser(c.ctx, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{
		Behavior: cdpbrowser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dir})
	c.must("allow downloads", err)
}

// download clicks a download link and returns the saved file, waiting
// for it to be written.
func (c *chrome) download(link, dir, name string) string {
	c.t.Helper()
	c.do("click "+link, chromedp.Click(chromedp.CSS(link)))
	path := filepath.Join(dir, name)
	for deadline := time.Now().Add(stepTimeout); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if b, err := os.ReadFile(path); err == nil && len(b) > 0 {
			if _, err := os.Stat(path + ".crdownload"); errors.Is(err, os.ErrNotExist) {
				return string(b)
			}
		}
	}
	c.must("download "+name, errors.New("no file"))
	return ""
}

// TestMyDataInBrowserWithoutJavaScript: with JavaScript off, a student
// finds My data from the footer, downloads both files, and deletes their
// account with their password; the account is then gone and the browser
// signed out.
func TestMyDataInBrowserWithoutJavaScript(t *testing.T) {
	c := newClassroom(t)
	l, _ := c.unit.Lesson("the-soviet-reading")
	sb := c.browsers["student A"]
	for _, q := range l.Questions {
		page := sb.get("/lessons/" + l.Slug)
		f := rightForm(q, attemptOf(page.body))
		f.Set("text", "The telegram was my written answer.")
		if p := sb.post("/lessons/"+l.Slug+"/questions/"+q.ID, f); p.status != http.StatusSeeOther {
			t.Fatalf("answer %s: status %d", q.ID, p.status)
		}
	}

	student := c.app.chrome(t, "student", false)
	dir := t.TempDir()
	student.downloadTo(dir)
	student.open("/login")
	student.do("type the credentials",
		chromedp.SendKeys(chromedp.CSS(`input[name="username"]`), "student-a"),
		chromedp.SendKeys(chromedp.CSS(`input[name="password"]`), password))
	student.submit("sign in", `[data-testid="account-submit"]`)
	student.submit("open My data from the footer", `[data-testid="footer-my-data"]`)
	if at := student.eval("location.pathname"); at != "/account/data" {
		t.Fatalf("the footer link led to %s", at)
	}

	js := student.download(`[data-testid="download-json"]`, dir, "ciphergram-my-data.json")
	for _, q := range l.Questions {
		if !strings.Contains(js, `"question": "`+q.ID+`"`) {
			t.Errorf("the JSON download lacks the answer to %s", q.ID)
		}
	}
	if !strings.Contains(js, `"username": "student-a"`) || strings.Contains(js, "student-b") {
		t.Errorf("the JSON download is not student A's alone:\n%.500s", js)
	}
	csv := student.download(`[data-testid="download-csv"]`, dir, "ciphergram-my-answers.csv")
	if !strings.Contains(csv, "The telegram was my written answer.") || strings.Count(csv, "\r\n") != len(l.Questions)+1 {
		t.Errorf("the CSV download:\n%s", csv)
	}

	student.do("type the password", chromedp.SendKeys(chromedp.CSS(`#delete-password`), password))
	student.submit("delete the account", `[data-testid="delete-submit"]`)
	if body := student.text("main"); !strings.Contains(body, "Your account is deleted") {
		t.Fatalf("after deleting: %s", body)
	}
	if _, err := c.db.User(context.Background(), c.studentA); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("student A after deleting: %v", err)
	}
	student.open("/account/data")
	if at := student.eval("location.pathname"); at != "/login" {
		t.Errorf("My data after deleting is at %s, want the sign-in page", at)
	}
}
