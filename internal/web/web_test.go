package web_test

import (
	"compress/gzip"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ciphergram/ciphergram/internal/store"
	"github.com/ciphergram/ciphergram/internal/storetest"
	"github.com/ciphergram/ciphergram/internal/web"
	"github.com/ciphergram/ciphergram/lessons"
	"github.com/ciphergram/ciphergram/static"
)

// app is a real server on a real SQLite file, reached over HTTP.
type app struct {
	mu   sync.Mutex
	now  time.Time
	t    *testing.T
	path string // the database file
	// options change the configuration of every server the app starts.
	options []func(*web.Config)
	db      *store.DB
	unit    *lessons.Unit
	srv     *httptest.Server
	web     *web.Server
}

// newApp starts a server; options change its configuration.
func newApp(t *testing.T, options ...func(*web.Config)) *app {
	t.Helper()
	ctx := context.Background()
	path := storetest.DSN(t, "test")
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	unit, err := lessons.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	a := &app{t: t, db: db, path: path, options: options, now: time.Now()}
	db.Now = a.clock
	a.serve(unit)
	return a
}

// clock is the one clock of the server and the store, that tests can move on.
func (a *app) clock() time.Time {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.now
}

// serve starts a server with the unit on the app's database, as a new
// version of the app would start on the old one; browsers go to it from
// then on, keeping their cookies.
func (a *app) serve(unit *lessons.Unit) {
	a.t.Helper()
	files, err := static.Embedded()
	if err != nil {
		a.t.Fatal(err)
	}
	cfg := web.Config{DB: a.db, Unit: unit, Static: files, Logger: slog.New(slog.DiscardHandler), SignupOpen: true, Now: a.clock}
	// As serve does: on PostgreSQL the guessing limits are counted in it.
	cfg.SharedLimits = storetest.Postgres()
	for _, o := range a.options {
		o(&cfg)
	}
	s, err := web.New(context.Background(), cfg)
	if err != nil {
		a.t.Fatal(err)
	}
	a.unit, a.web, a.srv = unit, s, httptest.NewServer(s.Handler())
	a.t.Cleanup(a.srv.Close)
}

// advance moves the app's clock on.
func (a *app) advance(d time.Duration) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.now = a.now.Add(d)
}

// browser is one visitor with its own cookies. It does not follow
// redirects, so tests see every status.
type browser struct {
	app    *app
	client *http.Client
}

func (a *app) browser() *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{app: a, client: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

type page struct {
	status int
	header http.Header
	body   string
}

func (b *browser) do(req *http.Request) page {
	b.app.t.Helper()
	resp, err := b.client.Do(req)
	if err != nil {
		b.app.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return page{resp.StatusCode, resp.Header, string(body)}
}

func (b *browser) get(path string) page {
	req, _ := http.NewRequest("GET", b.app.srv.URL+path, nil)
	return b.do(req)
}

func (b *browser) post(path string, form url.Values) page {
	req, _ := http.NewRequest("POST", b.app.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.do(req)
}

func TestPages(t *testing.T) {
	a := newApp(t)
	b := a.browser()
	tests := []struct {
		path   string
		status int
		want   string
	}{
		{"/", 200, "Start learning"},
		{"/healthz", 200, "ok"},
		{"/lessons", 200, "Meeting the document"},
		{"/sources/roshchin-1950-10-03", 200, `id="p7.s2"`},
		{"/lessons/meeting-the-document", 200, "Meeting the document"},
		{"/lessons/meeting-the-document/worksheet", 200, "CIPHERED TELEGRAM No. 25199"},
		{"/progress", 200, "Meeting the document"},
		{"/login", 200, `name="password"`},
		{"/account/save", 200, `name="username"`},
		{"/join", 200, "class"},
		{"/nope", 404, "Page not found"},
		{"/sources/nope", 404, "Page not found"},
		{"/lessons/nope", 404, "Page not found"},
		{"/review/meeting-the-document/who-is-who", 404, "Page not found"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			p := b.get(tt.path)
			if p.status != tt.status {
				t.Errorf("status = %d, want %d", p.status, tt.status)
			}
			if !strings.Contains(p.body, tt.want) {
				t.Errorf("body does not contain %q", tt.want)
			}
			if tt.path != "/healthz" && !strings.Contains(p.header.Get("Content-Security-Policy"), "default-src 'self'") {
				t.Errorf("no CSP header")
			}
			if p.header.Get("X-Content-Type-Options") != "nosniff" {
				t.Errorf("no nosniff header")
			}
		})
	}
}

// rightForm is a correct answer to q as the page's form would send it,
// for a page drawn with seed 1: the form carries its seed, so this is right
// whatever order the server would show.
func rightForm(q *lessons.Question, attempt string) url.Values {
	a := q.KeyAnswer()
	if q.Type == lessons.Written {
		a.Text = "Mao gave two reasons, p9.s1 and p10.s1."
	}
	f := q.EncodeForm(a, 1)
	f.Set("attempt", attempt)
	return f
}

// attemptOf reads the hidden attempt field of the page's answer form.
func attemptOf(body string) string {
	const marker = `name="attempt" value="`
	i := strings.Index(body, marker)
	if i < 0 {
		return ""
	}
	rest := body[i+len(marker):]
	return rest[:strings.IndexByte(rest, '"')]
}

// TestWholeUnitNoKeyBeforeAnswer answers every question of every lesson
// through the real forms. Before each answer the page must not contain
// that question's explanation or any choice's feedback; after it, it must.
func TestWholeUnitNoKeyBeforeAnswer(t *testing.T) {
	a := newApp(t)
	b := a.browser()
	for _, l := range a.unit.Lessons {
		for _, q := range l.Questions {
			before := b.get("/lessons/" + l.Slug)
			if !strings.Contains(before.body, `data-testid="question-`+q.ID+`"`) {
				t.Fatalf("%s/%s: not the current question", l.Slug, q.ID)
			}
			leaks := []string{string(q.Explanation), string(q.ModelAnswer)}
			for _, c := range q.Choices {
				leaks = append(leaks, string(c.Feedback))
			}
			for _, leak := range leaks {
				if leak != "" && strings.Contains(before.body, leak) {
					t.Fatalf("%s/%s: page shows feedback before the answer: %.60s", l.Slug, q.ID, leak)
				}
			}
			p := b.post("/lessons/"+l.Slug+"/questions/"+q.ID, rightForm(q, attemptOf(before.body)))
			if p.status != http.StatusSeeOther {
				t.Fatalf("%s/%s: answer status %d:\n%.500s", l.Slug, q.ID, p.status, p.body)
			}
			after := b.get("/lessons/" + l.Slug)
			if !strings.Contains(after.body, string(q.Explanation)) {
				t.Fatalf("%s/%s: no explanation after answering", l.Slug, q.ID)
			}
		}
		done := b.get("/lessons/" + l.Slug)
		if !strings.Contains(done.body, `data-testid="summary"`) {
			t.Errorf("%s: no summary after the last question", l.Slug)
		}
	}
	cards := b.get("/lessons")
	if n := strings.Count(cards.body, `data-status="done"`); n != len(a.unit.Lessons) {
		t.Errorf("%d lessons shown done, want %d", n, len(a.unit.Lessons))
	}
}

// responses counts what is stored for the browser's latest attempt.
func (a *app) responses(l *lessons.Lesson, userID int64) []store.Response {
	a.t.Helper()
	at, err := a.db.LatestAttempt(context.Background(), userID, l.Slug)
	if err != nil {
		return nil
	}
	rs, err := a.db.Responses(context.Background(), at.ID)
	if err != nil {
		a.t.Fatal(err)
	}
	return rs
}

func TestAnswerStoredOnce(t *testing.T) {
	a := newApp(t)
	b := a.browser()
	l := a.unit.Lessons[0]
	q := l.Questions[0]
	form := rightForm(q, "0")
	for range 3 { // a double click and a reload
		if p := b.post("/lessons/"+l.Slug+"/questions/"+q.ID, form); p.status != http.StatusSeeOther {
			t.Fatalf("status %d", p.status)
		}
	}
	user, err := a.db.User(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	if rs := a.responses(l, user.ID); len(rs) != 1 {
		t.Errorf("%d responses stored, want 1", len(rs))
	}
	// The back button: the first question's form again, after the second
	// was answered, with the attempt the page had then.
	q2 := l.Questions[1]
	attempt := attemptOf(b.get("/lessons/" + l.Slug).body)
	b.post("/lessons/"+l.Slug+"/questions/"+q2.ID, rightForm(q2, attempt))
	b.post("/lessons/"+l.Slug+"/questions/"+q.ID, rightForm(q, attempt))
	if rs := a.responses(l, user.ID); len(rs) != 2 {
		t.Errorf("%d responses stored, want 2", len(rs))
	}
}

func TestBadAnswersStoreNothing(t *testing.T) {
	a := newApp(t)
	b := a.browser()
	l := a.unit.Lessons[0]
	q := l.Questions[0]
	tests := []struct {
		name   string
		path   string
		form   url.Values
		status int
		want   string
	}{
		{"no choice", "/lessons/" + l.Slug + "/questions/" + q.ID, url.Values{"attempt": {"0"}}, 422, "Choose one answer"},
		{"unknown choice", "/lessons/" + l.Slug + "/questions/" + q.ID, url.Values{"choice": {"zzz"}}, 422, "is not one of the choices"},
		{"unknown question", "/lessons/" + l.Slug + "/questions/nope", url.Values{"choice": {"a"}}, 404, "no such question"},
		{"unknown lesson", "/lessons/nope/questions/nope", url.Values{"choice": {"a"}}, 404, "Page not found"},
		{"malformed attempt", "/lessons/" + l.Slug + "/questions/" + q.ID, url.Values{"attempt": {"x"}, "choice": {"a"}}, 400, "could not be read"},
		{"question of another lesson", "/lessons/" + l.Slug + "/questions/" + a.unit.Lessons[1].Questions[0].ID, url.Values{"choice": {"a"}}, 404, "no such question"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := b.post(tt.path, tt.form)
			if p.status != tt.status || !strings.Contains(p.body, tt.want) {
				t.Errorf("status %d, want %d with %q:\n%.300s", p.status, tt.status, tt.want, p.body)
			}
		})
	}
	big := url.Values{"text": {strings.Repeat("x", 100_000)}}
	if p := b.post("/lessons/"+l.Slug+"/questions/"+q.ID, big); p.status != http.StatusRequestEntityTooLarge {
		t.Errorf("oversized form: status %d, want 413", p.status)
	}
	if _, err := a.db.User(context.Background(), 1); err == nil {
		t.Error("a bad answer created a user")
	}
}

func TestCrossSitePostRefused(t *testing.T) {
	a := newApp(t)
	b := a.browser()
	l := a.unit.Lessons[0]
	req, _ := http.NewRequest("POST", a.srv.URL+"/lessons/"+l.Slug+"/questions/"+l.Questions[0].ID,
		strings.NewReader(rightForm(l.Questions[0], "0").Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	if p := b.do(req); p.status != http.StatusForbidden {
		t.Errorf("cross-site POST: status %d, want 403", p.status)
	}
	if _, err := a.db.User(context.Background(), 1); err == nil {
		t.Error("a refused request created a user")
	}
}

// TestSaveLoginLogout: a guest's progress survives "save my progress",
// a login from another browser, and logout kills copied cookies.
func TestSaveLoginLogout(t *testing.T) {
	a := newApp(t)
	home := a.browser()
	l := a.unit.Lessons[0]
	home.post("/lessons/"+l.Slug+"/questions/"+l.Questions[0].ID, rightForm(l.Questions[0], "0"))

	if p := home.post("/account/save", url.Values{"username": {"ab"}, "password": {"short"}}); p.status != 422 || !strings.Contains(p.body, "3 to 32") {
		t.Errorf("bad username: status %d", p.status)
	}
	if p := home.post("/account/save", url.Values{"username": {"ada"}, "password": {"lovelace-1815"}}); p.status != http.StatusSeeOther {
		t.Fatalf("save: status %d:\n%.300s", p.status, p.body)
	}
	if p := home.get("/progress"); !strings.Contains(p.body, "ada") || !strings.Contains(p.body, "Your progress is saved") {
		t.Errorf("progress page after save does not greet ada")
	}
	other := a.browser()
	if p := other.post("/account/save", url.Values{"username": {"ADA"}, "password": {"something-else"}}); p.status != 422 || !strings.Contains(p.body, "taken") {
		t.Errorf("taken username: status %d", p.status)
	}
	if _, err := a.db.User(context.Background(), 2); err == nil {
		t.Error("a refused account left a user behind")
	}

	// Unknown user and wrong password get the same message.
	unknown := other.post("/login", url.Values{"username": {"nobody"}, "password": {"lovelace-1815"}})
	wrong := other.post("/login", url.Values{"username": {"ada"}, "password": {"wrong-password"}})
	if unknown.status != 401 || wrong.status != 401 || !strings.Contains(unknown.body, "do not match") || !strings.Contains(wrong.body, "do not match") {
		t.Errorf("failed logins: %d, %d", unknown.status, wrong.status)
	}

	laptop := a.browser()
	if p := laptop.post("/login", url.Values{"username": {"Ada"}, "password": {"lovelace-1815"}}); p.status != http.StatusSeeOther {
		t.Fatalf("login: status %d:\n%.300s", p.status, p.body)
	}
	if p := laptop.get("/lessons"); !strings.Contains(p.body, "In progress: 1 of") {
		t.Errorf("progress not found after login on another browser")
	}

	// Copy the laptop's cookies, log out, and try the copy.
	u, _ := url.Parse(a.srv.URL)
	stolen := a.browser()
	stolen.client.Jar.SetCookies(u, laptop.client.Jar.Cookies(u))
	if p := stolen.get("/progress"); !strings.Contains(p.body, "ada") {
		t.Fatal("copied cookie does not work before logout")
	}
	laptop.post("/logout", nil)
	if p := stolen.get("/progress"); strings.Contains(p.body, "In progress") || strings.Contains(p.body, ">ada<") {
		t.Error("copied cookie still signs in after logout")
	}
}

func TestLoginRateLimited(t *testing.T) {
	a := newApp(t)
	b := a.browser()
	var last page
	for range 8 {
		last = b.post("/login", url.Values{"username": {"victim"}, "password": {"guess"}})
	}
	if last.status != http.StatusTooManyRequests || last.header.Get("Retry-After") == "" {
		t.Errorf("after 8 failures: status %d, Retry-After %q", last.status, last.header.Get("Retry-After"))
	}
}

// TestLessonPageGzip: a lesson page, gzipped and unpacked by the standard
// library, which checks the length and the CRC, must be exactly the
// page sent uncompressed: for every lesson, before and after answers, and
// re-shown with a form error.
func TestLessonPageGzip(t *testing.T) {
	a := newApp(t)
	b := a.browser()
	fetch := func(method, path string, form url.Values, encoding string) page {
		t.Helper()
		var body io.Reader
		if form != nil {
			body = strings.NewReader(form.Encode())
		}
		req, _ := http.NewRequest(method, a.srv.URL+path, body)
		if form != nil {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		req.Header.Set("Accept-Encoding", encoding)
		return b.do(req)
	}
	same := func(name string, plain, packed page) {
		t.Helper()
		if packed.header.Get("Content-Encoding") != "gzip" || plain.header.Get("Content-Encoding") != "" {
			t.Fatalf("%s: Content-Encoding %q and %q", name, packed.header.Get("Content-Encoding"), plain.header.Get("Content-Encoding"))
		}
		if packed.status != plain.status {
			t.Errorf("%s: status %d gzipped, %d plain", name, packed.status, plain.status)
		}
		zr, err := gzip.NewReader(strings.NewReader(packed.body))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		got, err := io.ReadAll(zr)
		if err != nil {
			t.Fatalf("%s: unpacking: %v", name, err)
		}
		if string(got) != plain.body {
			t.Errorf("%s: the unpacked page differs from the plain one (%d and %d bytes)", name, len(got), len(plain.body))
		}
		if len(packed.body) > len(plain.body)/2 {
			t.Errorf("%s: %d bytes gzipped for %d plain", name, len(packed.body), len(plain.body))
		}
	}
	for _, l := range a.unit.Lessons {
		path := "/lessons/" + l.Slug
		same(l.Slug+" unanswered", fetch("GET", path, nil, "identity"), fetch("GET", path, nil, "gzip"))
		for _, q := range l.Questions[:2] {
			if p := b.post(path+"/questions/"+q.ID, rightForm(q, "0")); p.status != http.StatusSeeOther {
				t.Fatalf("answer %s: status %d", q.ID, p.status)
			}
		}
		same(l.Slug+" two answers in", fetch("GET", path, nil, "identity"), fetch("GET", path, nil, "gzip"))
	}
	l := a.unit.Lessons[0]
	q := l.Questions[len(l.Questions)-1]
	empty := url.Values{"attempt": {"0"}}
	plain := fetch("POST", "/lessons/"+l.Slug+"/questions/"+q.ID, empty, "identity")
	if plain.status != http.StatusUnprocessableEntity {
		t.Fatalf("an empty answer: status %d, want 422", plain.status)
	}
	same("a form error", plain, fetch("POST", "/lessons/"+l.Slug+"/questions/"+q.ID, empty, "gzip"))
}

func TestGzipAndStatic(t *testing.T) {
	a := newApp(t)
	b := a.browser()
	req, _ := http.NewRequest("GET", a.srv.URL+"/lessons", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	p := b.do(req)
	if p.header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("not gzipped: %v", p.header)
	}
	zr, err := gzip.NewReader(strings.NewReader(p.body))
	if err != nil {
		t.Fatal(err)
	}
	html, _ := io.ReadAll(zr)
	i := strings.Index(string(html), `/static/app.`)
	if i < 0 {
		t.Fatal("no stylesheet link")
	}
	css := string(html[i:])
	css = css[:strings.IndexByte(css, '"')]
	s := b.get(css)
	if s.status != 200 || !strings.Contains(s.header.Get("Cache-Control"), "immutable") {
		t.Errorf("%s: status %d, Cache-Control %q", css, s.status, s.header.Get("Cache-Control"))
	}
	if b.get("/static/app.css").status != 404 {
		t.Error("unhashed static name served in production mode")
	}
}

// TestReviewQueue: a missed question comes back after a day; answered
// right it moves further away; answering again before it is due changes
// nothing.
func TestReviewQueue(t *testing.T) {
	a := newApp(t)
	b := a.browser()
	l := a.unit.Lessons[0]
	var q *lessons.Question
	for _, x := range l.Questions {
		if x.Type == lessons.Single {
			q = x
			break
		}
	}
	wrong := rightForm(q, "0")
	for _, c := range q.Choices {
		if !c.Correct {
			wrong.Set("choice", c.ID)
			break
		}
	}
	b.post("/lessons/"+l.Slug+"/questions/"+q.ID, wrong)
	reviewURL := "/review/" + l.Slug + "/" + q.ID
	if p := b.get("/progress"); !strings.Contains(p.body, `data-testid="review-later"`) || !strings.Contains(p.body, "tomorrow") {
		t.Fatalf("missed question not scheduled for tomorrow:\n%.2000s", p.body)
	}
	if p := b.get(reviewURL); p.status != 200 || !strings.Contains(p.body, `data-testid="answer-form"`) {
		t.Fatalf("review page: %d", p.status)
	}
	// Not due yet: graded and shown, the schedule stays.
	if p := b.post(reviewURL, rightForm(q, "")); p.status != 200 || !strings.Contains(p.body, "tomorrow") {
		t.Errorf("early review: status %d", p.status)
	}
	a.advance(25 * time.Hour)
	if p := b.get("/progress"); !strings.Contains(p.body, `data-testid="review-item"`) {
		t.Errorf("the review is not due after a day")
	}
	if p := b.post(reviewURL, rightForm(q, "")); p.status != 200 || !strings.Contains(p.body, "in 3 days") {
		t.Errorf("review answered right: status %d, want next review in 3 days:\n%.1500s", p.status, p.body)
	}
	a.advance(4 * 24 * time.Hour)
	if p := b.post(reviewURL, wrong); !strings.Contains(p.body, "tomorrow") {
		t.Errorf("review missed again: want it back tomorrow")
	}
	if p := b.get("/review/" + l.Slug + "/" + l.Questions[1].ID); p.status != 404 {
		t.Errorf("a question never missed: review status %d, want 404", p.status)
	}
}
