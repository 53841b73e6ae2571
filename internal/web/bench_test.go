package web_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/ciphergram/ciphergram/internal/auth"
	"github.com/ciphergram/ciphergram/internal/store"
	"github.com/ciphergram/ciphergram/internal/storetest"
	"github.com/ciphergram/ciphergram/internal/web"
	"github.com/ciphergram/ciphergram/lessons"
	"github.com/ciphergram/ciphergram/static"
)

// benchApp is the app's handler on a real SQLite file, called directly:
// the benchmarks measure the server's work, not a network.
type benchApp struct {
	db      *store.DB
	unit    *lessons.Unit
	handler http.Handler
}

// newBenchApp is newApp for benchmarks (newApp takes a *testing.T).
func newBenchApp(b *testing.B, options ...func(*web.Config)) *benchApp {
	b.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, storetest.DSN(b, "bench"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	unit, err := lessons.Builtin()
	if err != nil {
		b.Fatal(err)
	}
	files, err := static.Embedded()
	if err != nil {
		b.Fatal(err)
	}
	cfg := web.Config{DB: db, Unit: unit, Static: files, Logger: slog.New(slog.DiscardHandler)}
	for _, o := range options {
		o(&cfg)
	}
	s, err := web.New(ctx, cfg)
	if err != nil {
		b.Fatal(err)
	}
	return &benchApp{db: db, unit: unit, handler: s.Handler()}
}

// serve runs one request through the handler with the given cookies and
// returns the recorded response.
func (a *benchApp) serve(method, path string, form url.Values, cookies []*http.Cookie, header ...string) *httptest.ResponseRecorder {
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req := httptest.NewRequest(method, path, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	for _, c := range cookies {
		req.AddCookie(c)
	}
	w := httptest.NewRecorder()
	a.handler.ServeHTTP(w, req)
	return w
}

// guest answers the lesson's first questions as a new visitor and returns
// the session cookies: a lesson in progress.
func (a *benchApp) guest(b *testing.B, l *lessons.Lesson, answered int) []*http.Cookie {
	b.Helper()
	var cookies []*http.Cookie
	for _, q := range l.Questions[:answered] {
		w := a.serve("POST", "/lessons/"+l.Slug+"/questions/"+q.ID, rightForm(q, "0"), cookies)
		if w.Code != http.StatusSeeOther {
			b.Fatalf("answer %s: status %d", q.ID, w.Code)
		}
		if c := w.Result().Cookies(); len(c) > 0 {
			cookies = c
		}
	}
	return cookies
}

// BenchmarkLessonPage renders /lessons/{slug} for a learner halfway
// through: session, progress read, render; with and without gzip.
func BenchmarkLessonPage(b *testing.B) {
	a := newBenchApp(b)
	l := a.unit.Lessons[0]
	cookies := a.guest(b, l, len(l.Questions)/2)
	for _, enc := range []string{"identity", "gzip"} {
		b.Run(enc, func(b *testing.B) {
			b.ReportAllocs()
			cpu := cpuTime()
			var size int
			for b.Loop() {
				w := a.serve("GET", "/lessons/"+l.Slug, nil, cookies, "Accept-Encoding", enc)
				if w.Code != http.StatusOK {
					b.Fatalf("status %d", w.Code)
				}
				size = w.Body.Len()
			}
			b.ReportMetric(float64(size), "bytes/page")
			reportCPU(b, cpu, b.N, "cpu-ns/page")
		})
	}
}

// BenchmarkAnswerSubmit posts answers that are each stored: question after
// question to the open attempt, a new attempt after the last. Serial, one
// learner: the latency of a durable answer. Parallel, a learner per
// goroutine: what answers waiting together cost.
func BenchmarkAnswerSubmit(b *testing.B) {
	a := newBenchApp(b)
	l := a.unit.Lessons[0]
	forms, paths := answerForms(l)
	submit := func(b *testing.B, cookies []*http.Cookie, i int) {
		w := a.serve("POST", paths[i%len(paths)], forms[i%len(forms)], cookies)
		if w.Code != http.StatusSeeOther {
			b.Errorf("status %d: %.200s", w.Code, w.Body)
		}
	}
	b.Run("serial", func(b *testing.B) {
		cookies := a.guest(b, l, 1)
		b.ReportAllocs()
		cpu := cpuTime()
		i := 1
		for b.Loop() {
			submit(b, cookies, i)
			i++
		}
		reportCPU(b, cpu, b.N, "cpu-ns/answer")
	})
	// The learners are made once: the benchmark function runs several
	// times while b.N is found, and new visitors from one address are
	// limited (100, then one every 6 s).
	const learners = 64
	var made [][]*http.Cookie
	b.Run("parallel", func(b *testing.B) {
		for len(made) < learners {
			made = append(made, a.guest(b, l, 1))
		}
		b.SetParallelism(learners / runtime.GOMAXPROCS(0))
		sessions := make(chan []*http.Cookie, learners)
		for _, c := range made {
			sessions <- c
		}
		b.ReportAllocs()
		b.ResetTimer()
		cpu := cpuTime()
		b.RunParallel(func(pb *testing.PB) {
			cookies := <-sessions
			for i := 1; pb.Next(); i++ {
				submit(b, cookies, i)
			}
		})
		reportCPU(b, cpu, b.N, "cpu-ns/answer")
	})
}

// BenchmarkNewGuest posts visitors' first answers, each making a guest,
// with the new-users limit counted in memory and in the database: what
// counting it in SQLite costs (one more durable commit per guest). Each
// visitor comes from its own address, so none is refused.
func BenchmarkNewGuest(b *testing.B) {
	for _, shared := range []bool{false, true} {
		a := newBenchApp(b, func(cfg *web.Config) { cfg.SharedLimits = shared })
		l := a.unit.Lessons[0]
		path, form := "/lessons/"+l.Slug+"/questions/"+l.Questions[0].ID, rightForm(l.Questions[0], "0").Encode()
		var n atomic.Int64
		visit := func(b *testing.B) {
			i := n.Add(1)
			req := httptest.NewRequest("POST", path, strings.NewReader(form))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.RemoteAddr = fmt.Sprintf("10.%d.%d.%d:1234", i>>16&255, i>>8&255, i&255)
			w := httptest.NewRecorder()
			a.handler.ServeHTTP(w, req)
			if w.Code != http.StatusSeeOther {
				b.Errorf("status %d: %.200s", w.Code, w.Body)
			}
		}
		b.Run(fmt.Sprintf("shared=%v/serial", shared), func(b *testing.B) {
			for b.Loop() {
				visit(b)
			}
		})
		b.Run(fmt.Sprintf("shared=%v/parallel", shared), func(b *testing.B) {
			b.SetParallelism(64 / runtime.GOMAXPROCS(0))
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					visit(b)
				}
			})
		})
	}
}

// answerForms are a right answer to each of the lesson's questions, to
// the open attempt, and the paths they are posted to.
func answerForms(l *lessons.Lesson) ([]url.Values, []string) {
	forms := make([]url.Values, len(l.Questions))
	paths := make([]string, len(l.Questions))
	for i, q := range l.Questions {
		forms[i], paths[i] = rightForm(q, "0"), "/lessons/"+l.Slug+"/questions/"+q.ID
	}
	return forms, paths
}

// BenchmarkGradebook renders the gradebook of a class of 35 students with
// every lesson of the unit assigned and varied progress.
func BenchmarkGradebook(b *testing.B) {
	a := newBenchApp(b)
	ctx := context.Background()
	const pw = "correct horse battery"
	hash, err := auth.NewHasher().Hash(ctx, pw)
	if err != nil {
		b.Fatal(err)
	}
	t, err := a.db.CreateTeacher(ctx, "teacher", "Ms T", hash, "UTC")
	if err != nil {
		b.Fatal(err)
	}
	c, err := a.db.CreateClass(ctx, t.ID, "Year 10")
	if err != nil {
		b.Fatal(err)
	}
	var slugs []string
	for _, l := range a.unit.Lessons {
		slugs = append(slugs, l.Slug)
	}
	if err := a.db.Assign(ctx, t.ID, c.ID, slugs, time.Now().Add(24*time.Hour), true); err != nil {
		b.Fatal(err)
	}
	var wg sync.WaitGroup
	var failed atomic.Value
	for n := range 35 {
		st, err := a.db.CreateStudent(ctx, c.ID, 0, fmt.Sprintf("student%02d", n), fmt.Sprintf("Student %d", n), hash)
		if err != nil {
			b.Fatal(err)
		}
		wg.Go(func() {
			// Student n has finished n%8 lessons and is halfway through the next.
			for li, l := range a.unit.Lessons[:min(n%8+1, len(a.unit.Lessons))] {
				qs := l.Questions
				if li == n%8 {
					qs = qs[:len(qs)/2]
				}
				for qi, q := range qs {
					if err := submitAnswer(ctx, a.db, st.ID, l, q, (n+qi)%3 != 0); err != nil {
						failed.Store(err)
						return
					}
				}
			}
		})
	}
	wg.Wait()
	if err, _ := failed.Load().(error); err != nil {
		b.Fatal(err)
	}
	login := a.serve("POST", "/login", url.Values{"username": {"teacher"}, "password": {pw}}, nil)
	if login.Code != http.StatusSeeOther {
		b.Fatalf("login: status %d", login.Code)
	}
	cookies := login.Result().Cookies()
	path := "/teach/classes/" + strconv.FormatInt(c.ID, 10) + "/gradebook"
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		w := a.serve("GET", path, nil, cookies)
		if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "student34") && !strings.Contains(w.Body.String(), "Student 34") {
			b.Fatalf("status %d, or student 34 missing", w.Code)
		}
	}
}

// submitAnswer stores a graded answer through the store, as answerSubmit
// does.
func submitAnswer(ctx context.Context, db *store.DB, userID int64, l *lessons.Lesson, q *lessons.Question, right bool) error {
	form := rightForm(q, "0")
	switch {
	case right:
	case q.Type == lessons.TrueFalse:
		form.Set("choice", strconv.FormatBool(!q.Answer))
	case q.Type == lessons.Single:
		for _, c := range q.Choices {
			if !c.Correct {
				form.Set("choice", c.ID)
			}
		}
	}
	ans, err := q.DecodeForm(form)
	if err != nil {
		return err
	}
	res := lessons.Grade(q, ans)
	_, err = db.Submit(ctx, store.Submission{
		UserID: userID, LessonSlug: l.Slug, LessonHash: l.Hash, MaxPoints: l.MaxPoints(), QuestionCount: len(l.Questions),
		QuestionID: q.ID, Answer: lessons.EncodeAnswer(ans),
		Score: res.Score, Points: res.Points(q), Correct: res.Correct, Pending: res.Pending,
	})
	return err
}

// BenchmarkLessonPageSources is BenchmarkLessonPage with fifty teachers'
// sources of 200 KB each in the database, against none: no built-in page
// may read teachers' sources, so the two must cost the same.
func BenchmarkLessonPageSources(b *testing.B) {
	for _, n := range []int{0, 50} {
		b.Run(fmt.Sprintf("sources=%d", n), func(b *testing.B) {
			a := newBenchApp(b)
			ctx := context.Background()
			text := strings.Repeat("A sentence of a teacher's source, one of many. ", 200<<10/48)
			blocks := []store.SourceBlock{{Kind: "paragraph", Sentences: []string{text}}}
			for i := range n {
				t, err := a.db.CreateTeacher(ctx, fmt.Sprintf("teacher-%d", i), "T", "not a hash", "UTC")
				if err != nil {
					b.Fatal(err)
				}
				d := store.SourceDetails{Title: "Source", Kind: "letter"}
				if err := a.db.CreateSource(ctx, t.ID, fmt.Sprintf("source-%d", i), d, text, blocks); err != nil {
					b.Fatal(err)
				}
				if _, err := a.db.PublishSource(ctx, t.ID, fmt.Sprintf("source-%d", i), 0); err != nil {
					b.Fatal(err)
				}
			}
			l := a.unit.Lessons[0]
			cookies := a.guest(b, l, len(l.Questions)/2)
			b.ReportAllocs()
			cpu := cpuTime()
			for b.Loop() {
				if w := a.serve("GET", "/lessons/"+l.Slug, nil, cookies, "Accept-Encoding", "gzip"); w.Code != http.StatusOK {
					b.Fatalf("status %d", w.Code)
				}
			}
			reportCPU(b, cpu, b.N, "cpu-ns/page")
		})
	}
}

// BenchmarkAnswerInPlace posts answers as static/app.js does (the
// fragment header): each stored, question after question, a new attempt
// after the last, and the reply is the parts of the page that change.
// With and without gzip, as a browser may ask.
func BenchmarkAnswerInPlace(b *testing.B) {
	a := newBenchApp(b)
	l := a.unit.Lessons[0]
	forms, paths := answerForms(l)
	for _, enc := range []string{"identity", "gzip"} {
		b.Run(enc, func(b *testing.B) {
			cookies := a.guest(b, l, 1)
			b.ReportAllocs()
			cpu := cpuTime()
			var size int
			i := 1
			for b.Loop() {
				w := a.serve("POST", paths[i%len(paths)], forms[i%len(forms)], cookies,
					web.FragmentHeader, "answer", "Accept-Encoding", enc)
				if w.Code != http.StatusOK {
					b.Fatalf("status %d: %.200s", w.Code, w.Body)
				}
				size += w.Body.Len()
				i++
			}
			b.ReportMetric(float64(size)/float64(i-1), "bytes/answer")
			reportCPU(b, cpu, i-1, "cpu-ns/answer")
		})
	}
}

// reportCPU reports the process's CPU time since cpu over n operations.
// The wall time is mostly the disk's sync for answers, and other work on
// the machine stretches it: the CPU per operation is the figure to compare.
func reportCPU(b *testing.B, cpu time.Duration, n int, unit string) {
	b.ReportMetric(float64(cpuTime()-cpu)/float64(n), unit)
}

// cpuTime is the CPU time the process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
