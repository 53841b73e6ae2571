// Package faults runs the real ciphergram binary and hurts it: SIGKILL at
// random moments, SIGTERM under load, a database locked by another
// process, a backup while students answer, clients that send headers
// slowly. Every test checks afterwards that no acknowledged answer was
// lost, none was stored twice, and the database is sound.
package faults

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"github.com/ciphergram/ciphergram/internal/store"
	"github.com/ciphergram/ciphergram/internal/storetest"
	"github.com/ciphergram/ciphergram/lessons"
)

// bin is the ciphergram binary, built once for all tests.
var bin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "ciphergram-faults")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	bin = filepath.Join(dir, "cg")
	build := exec.Command("go", "build", "-o", bin, "github.com/ciphergram/ciphergram/cmd/ciphergram")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "build ciphergram:", err)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// server is one run of the real binary.
type server struct {
	t      *testing.T
	cmd    *exec.Cmd
	url    string
	stderr *lockedBuffer
	exited chan struct{}
	err    error // from Wait, once exited is closed
}

// lockedBuffer collects the server's log while tests read it.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// start runs `ciphergram serve` on a random port of 127.0.0.1 and waits
// until it says it is serving.
func start(t *testing.T, dbPath string) *server {
	t.Helper()
	cmd := exec.Command(bin, "serve", "-addr", "127.0.0.1:0", "-db", dbPath)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	s := &server{t: t, cmd: cmd, stderr: new(lockedBuffer), exited: make(chan struct{})}
	cmd.Stderr = s.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		s.err = cmd.Wait()
		close(s.exited)
	}()
	ready := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			line := sc.Text()
			if _, rest, ok := strings.Cut(line, "serving on http://"); ok {
				addr, _, _ := strings.Cut(rest, " ")
				ready <- "http://" + addr
			}
		}
		io.Copy(io.Discard, stdout)
	}()
	select {
	case s.url = <-ready:
	case <-s.exited:
		t.Fatalf("server exited before serving: %v\n%s", s.err, s.logs())
	case <-time.After(30 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("server not serving after 30 s\n%s", s.logs())
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		<-s.exited
	})
	return s
}

func (s *server) logs() string { return s.stderr.String() }

// kill ends the process at once, as a power cut or the OOM killer would.
func (s *server) kill() {
	s.cmd.Process.Signal(syscall.SIGKILL)
	<-s.exited
}

// stop sends SIGTERM and returns the exit status once the process ends.
func (s *server) stop() error {
	s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.exited:
		return s.err
	case <-time.After(30 * time.Second):
		s.cmd.Process.Kill()
		<-s.exited
		return errors.New("did not exit within 30 s of SIGTERM")
	}
}

// student is one simulated learner with a cookie jar, answering every
// question of every lesson through the real forms, round after round.
type student struct {
	name   string
	client *http.Client
	base   func() string
	unit   *lessons.Unit

	mu    sync.Mutex
	acked []ack // answers the server acknowledged with 303
}

// ack is an acknowledged answer: the attempt the page showed and the
// question answered in it.
type ack struct {
	attempt   int64
	slug, qid string
	at        time.Time
}

func newStudent(name string, unit *lessons.Unit, base func() string) *student {
	jar, _ := cookiejar.New(nil)
	return &student{name: name, unit: unit, base: base, client: &http.Client{
		Jar:     jar,
		Timeout: 20 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}}
}

// errUnexpected is an answer the server should never give.
type errUnexpected struct {
	what   string
	status int
	body   string
}

func (e *errUnexpected) Error() string {
	return fmt.Sprintf("%s: status %d: %.300s", e.what, e.status, e.body)
}

// send does one request. A transport error (server down, connection cut)
// or a 503 is returned as retryable.
func (st *student) send(method, path string, form url.Values) (status int, body string, retry bool) {
	var rd io.Reader
	if form != nil {
		rd = strings.NewReader(form.Encode())
	}
	req, _ := http.NewRequest(method, st.base()+path, rd)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := st.client.Do(req)
	if err != nil {
		return 0, err.Error(), true
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return 0, err.Error(), true
	}
	return resp.StatusCode, string(b), resp.StatusCode == http.StatusServiceUnavailable
}

// until repeats a request until it gets want, retrying while the server is
// down or busy, and fails on anything else.
func (st *student) until(ctx context.Context, method, path string, form url.Values, want int) (string, error) {
	for {
		status, body, retry := st.send(method, path, form)
		if status == want {
			return body, nil
		}
		if !retry {
			return "", &errUnexpected{method + " " + path, status, body}
		}
		select {
		case <-ctx.Done():
			return "", ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// signUp turns the visitor into an account with the student's name as
// username, so the test can find its rows afterwards.
func (st *student) signUp(ctx context.Context) error {
	_, err := st.until(ctx, "POST", "/account/save", url.Values{"username": {st.name}, "password": {"correct horse battery"}}, http.StatusSeeOther)
	return err
}

// work answers until ctx ends. It returns only an unexpected answer from
// the server; ctx ending is the normal way out.
func (st *student) work(ctx context.Context) error {
	for round := 0; ; round++ {
		for _, l := range st.unit.Lessons {
			if err := st.lesson(ctx, l); err != nil {
				if ctx.Err() != nil {
					return nil
				}
				return fmt.Errorf("%s, round %d: %w", st.name, round, err)
			}
		}
	}
}

func (st *student) lesson(ctx context.Context, l *lessons.Lesson) error {
	// Starting a try is idempotent (it returns the open attempt), so a
	// retry after a crash cannot open a second one.
	if _, err := st.until(ctx, "POST", "/lessons/"+l.Slug+"/attempts", url.Values{}, http.StatusSeeOther); err != nil {
		return err
	}
	page, err := st.until(ctx, "GET", "/lessons/"+l.Slug, nil, http.StatusOK)
	if err != nil {
		return err
	}
	attempt, err := strconv.ParseInt(attemptOf(page), 10, 64)
	if err != nil || attempt == 0 {
		return fmt.Errorf("%s: no attempt on the page after starting one (%q)", l.Slug, attemptOf(page))
	}
	for _, q := range l.Questions {
		if err := ctx.Err(); err != nil {
			return err
		}
		form := rightForm(q, strconv.FormatInt(attempt, 10))
		if _, err := st.until(ctx, "POST", "/lessons/"+l.Slug+"/questions/"+q.ID, form, http.StatusSeeOther); err != nil {
			return err
		}
		st.mu.Lock()
		st.acked = append(st.acked, ack{attempt, l.Slug, q.ID, time.Now()})
		st.mu.Unlock()
	}
	return nil
}

func (st *student) acks() []ack {
	st.mu.Lock()
	defer st.mu.Unlock()
	return slices.Clone(st.acked)
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

// class is a set of students working against one server URL that may
// change (each restart listens on a new port).
type class struct {
	unit     *lessons.Unit
	url      atomic.Value // string
	students []*student
}

func newClass(t *testing.T, n int, prefix string) *class {
	t.Helper()
	unit, err := lessons.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	c := &class{unit: unit}
	for i := range n {
		c.students = append(c.students, newStudent(fmt.Sprintf("%s%02d", prefix, i), unit, c.base))
	}
	return c
}

func (c *class) base() string    { return c.url.Load().(string) }
func (c *class) setURL(u string) { c.url.Store(u) }

// signUp creates every student's account, in parallel.
func (c *class) signUp(t *testing.T) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var wg sync.WaitGroup
	errs := make([]error, len(c.students))
	for i, st := range c.students {
		wg.Go(func() { errs[i] = st.signUp(ctx) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
}

// work runs every student until ctx ends; the returned function waits for
// them and reports the first unexpected answer.
func (c *class) work(ctx context.Context) (wait func() error) {
	var wg sync.WaitGroup
	errs := make([]error, len(c.students))
	for i, st := range c.students {
		wg.Go(func() { errs[i] = st.work(ctx) })
	}
	return func() error {
		wg.Wait()
		return errors.Join(errs...)
	}
}

// waitFor polls ok until it holds, for a minute at most; past that it
// calls stop (which ends the class's work) and fails. Waits, not sleeps:
// a busy machine only makes them longer.
func waitFor(t *testing.T, what string, ok func() bool, stop func()) {
	t.Helper()
	for deadline := time.Now().Add(time.Minute); !ok(); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			stop()
			t.Fatalf("after a minute, %s", what)
		}
	}
}

func (c *class) acked() int {
	n := 0
	for _, st := range c.students {
		n += len(st.acks())
	}
	return n
}

// checkDB opens the database file after the server has stopped and checks
// that it is sound and holds every acknowledged answer exactly once.
// before, if not zero, limits the check to answers acknowledged before it.
func checkDB(t *testing.T, dbPath string, c *class, before time.Time) {
	t.Helper()
	checkIntegrity(t, dbPath)
	ctx := context.Background()
	db, err := store.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	questions := map[string]int{}
	for _, l := range c.unit.Lessons {
		questions[l.Slug] = len(l.Questions)
	}
	for _, st := range c.students {
		u, err := db.UserByUsername(ctx, st.name)
		if err != nil {
			t.Errorf("%s: account not found: %v", st.name, err)
			continue
		}
		attempts, err := db.Attempts(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		stored := map[ack]int{}
		open := map[string]int{}
		for _, a := range attempts {
			rs, err := db.Responses(ctx, a.ID)
			if err != nil {
				t.Fatal(err)
			}
			sum := 0.0
			for _, r := range rs {
				stored[ack{attempt: a.ID, slug: a.LessonSlug, qid: r.QuestionID}]++
				sum += r.Points
			}
			if !a.Finished {
				open[a.LessonSlug]++
				continue
			}
			// A finished attempt has one score: the sum of its answers.
			if len(rs) != questions[a.LessonSlug] {
				t.Errorf("%s: finished attempt %d on %s has %d answers, want %d", st.name, a.ID, a.LessonSlug, len(rs), questions[a.LessonSlug])
			}
			if diff := a.Points - sum; diff > 1e-9 || diff < -1e-9 {
				t.Errorf("%s: finished attempt %d scores %v, its answers sum to %v", st.name, a.ID, a.Points, sum)
			}
		}
		for slug, n := range open {
			if n > 1 {
				t.Errorf("%s: %d open attempts on %s", st.name, n, slug)
			}
		}
		for key, n := range stored {
			if n != 1 {
				t.Errorf("%s: %v stored %d times", st.name, key, n)
			}
		}
		for _, a := range st.acks() {
			if !before.IsZero() && !a.at.Before(before) {
				continue
			}
			key := ack{attempt: a.attempt, slug: a.slug, qid: a.qid}
			if stored[key] != 1 {
				t.Errorf("%s: answer to %s/%s in attempt %d acknowledged but stored %d times", st.name, a.slug, a.qid, a.attempt, stored[key])
			}
		}
	}
}

// checkIntegrity runs SQLite's own checks on the file. PostgreSQL has no
// such check to run: it enforces foreign keys as it writes, and its log
// makes a commit survive a crash.
func checkIntegrity(t *testing.T, dbPath string) {
	t.Helper()
	if storetest.Postgres() {
		return
	}
	db, err := sql.Open("sqlite", "file:"+dbPath+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var res string
	if err := db.QueryRow(`PRAGMA integrity_check`).Scan(&res); err != nil || res != "ok" {
		t.Errorf("integrity_check: %q, %v", res, err)
	}
	rows, err := db.Query(`PRAGMA foreign_key_check`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var table, parent string
		var rowid, fk sql.NullInt64
		rows.Scan(&table, &rowid, &parent, &fk)
		t.Errorf("foreign_key_check: row %v of %s points to a missing %s", rowid.Int64, table, parent)
	}
}

// noServerErrors fails if the server logged a 500.
func noServerErrors(t *testing.T, logs string) {
	t.Helper()
	for line := range strings.Lines(logs) {
		if strings.Contains(line, "status=5") && !strings.Contains(line, "status=503") || strings.Contains(line, "server error") {
			t.Errorf("server logged an error: %s", line)
		}
	}
}
