package loadtest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/klauspost/compress/gzip"

	"github.com/ciphergram/ciphergram/lessons"
)

// student is one simulated learner: its own cookies, its own record of
// what it did, and of every answer the server acknowledged.
type student struct {
	n        int
	username string
	cfg      *Config
	servers  []string // the servers' URLs, without a trailing slash (servers.go)
	at       int      // the one the student uses: servers[at]
	counts   serverCounts
	lesson   *lessons.Lesson
	client   *http.Client
	rng      *rand.Rand
	rec      *recorder

	joined bool
	// answers counts, per question ID, the answers sent and the ones the
	// server acknowledged (303), over every round.
	answers map[string]*answerCount
	// shown counts the answered questions the summary pages listed (with
	// JavaScript: the feedback read back in place, counted when the round
	// ends with its summary): the ledger of a server whose database we
	// cannot read.
	shown, summaries int64
	roundShown       int64 // with JavaScript, in the round under way
}

type answerCount struct{ sent, acked int64 }

// newStudent makes student n, on the servers' n-th round-robin.
func newStudent(n int, runID string, cfg *Config, servers []string, l *lessons.Lesson, tr http.RoundTripper) *student {
	jar, _ := cookiejar.New(nil)
	s := &student{
		n: n, username: fmt.Sprintf("lt-%s-%05d", runID, n), cfg: cfg, lesson: l,
		servers: servers, at: n % len(servers), counts: make(serverCounts, len(servers)),
		client: &http.Client{Transport: tr, Jar: jar, Timeout: cfg.Timeout,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }},
		rng:     rand.New(rand.NewPCG(uint64(n), 1950)),
		rec:     newRecorder(),
		answers: map[string]*answerCount{},
	}
	s.counts[s.at].Students++
	return s
}

// do sends one request and reads the whole body. It records the latency
// when the status is the one wanted (and the body contains want), an
// error otherwise. inspect, if not nil, reads the body of a response that
// passed: the body is only lent, so 10,000 students waiting between
// requests do not each hold their last page.
func (s *student) do(ctx context.Context, kind, method, path string, form url.Values, status int, want string, inspect func(body []byte)) bool {
	return s.send(ctx, kind, method, path, form, nil, status, want, inspect)
}

// send is do with extra request headers. A request its server gives no
// answer to goes to the next server, if there are several (servers.go);
// its latency is the whole wait, over every server tried.
func (s *student) send(ctx context.Context, kind, method, path string, form url.Values, header http.Header, status int, want string, inspect func(body []byte)) bool {
	buf := bodyPool.Get().(*bytes.Buffer)
	defer bodyPool.Put(buf)
	start := time.Now()
	var resp *http.Response
	var err error
	for tries := 1; ; tries++ {
		if resp, err = s.try(ctx, method, path, form, header, buf); err == nil || !s.failover(ctx, tries, err) {
			break
		}
	}
	took := time.Since(start)
	switch {
	case err != nil:
		s.rec.fail(kind, errorStatus(0, err))
		return false
	case resp.StatusCode != status:
		s.rec.fail(kind, errorStatus(resp.StatusCode, nil))
		s.counts[s.at].Errors++
		return false
	case want != "" && !bytes.Contains(buf.Bytes(), []byte(want)):
		s.rec.fail(kind, errorStatus(0, errWrongPage))
		s.counts[s.at].Errors++
		return false
	}
	s.rec.ok(kind, took)
	if inspect != nil {
		inspect(buf.Bytes())
	}
	return true
}

// try sends the request to the student's server and reads the whole
// reply into buf. An error is no answer: the request was not sent, or its
// reply was cut or late.
func (s *student) try(ctx context.Context, method, path string, form url.Values, header http.Header, buf *bytes.Buffer) (*http.Response, error) {
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequestWithContext(ctx, method, s.server()+path, body)
	if err != nil {
		return nil, err
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if s.cfg.Gzip {
		req.Header.Set("Accept-Encoding", "gzip")
	}
	for k, v := range header {
		req.Header[k] = v
	}
	c := &s.counts[s.at]
	c.Requests++
	resp, err := s.client.Do(req)
	if err == nil {
		var wire int64
		wire, err = readBody(buf, resp)
		s.rec.bytes += wire
	}
	if err != nil {
		c.Errors++
	}
	return resp, err
}

var bodyPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// gunzipPool holds gzip readers for every student to share: one each
// would be 10,000 decompression windows.
var gunzipPool sync.Pool

// readBody reads resp's whole body into buf, uncompressed, and closes it;
// it returns the body's size as sent, compressed or not.
// The transport's own decompression is off because this is faster and
// the generator shares the server's cores: its CPU is taken from the
// server's.
func readBody(buf *bytes.Buffer, resp *http.Response) (int64, error) {
	defer resp.Body.Close()
	buf.Reset()
	body := &countingReader{r: resp.Body}
	if resp.Header.Get("Content-Encoding") != "gzip" {
		_, err := buf.ReadFrom(body)
		return body.n, err
	}
	zr, _ := gunzipPool.Get().(*gzip.Reader)
	var err error
	if zr == nil {
		zr, err = gzip.NewReader(body)
	} else {
		err = zr.Reset(body)
	}
	if err != nil {
		return body.n, err
	}
	defer gunzipPool.Put(zr)
	_, err = buf.ReadFrom(zr)
	return body.n, err
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// join opens the join page and joins the class with a new account.
func (s *student) join(ctx context.Context, code string) {
	if !s.do(ctx, kindJoin, "GET", "/join?code="+url.QueryEscape(code), nil, http.StatusOK, `name="username"`, nil) {
		return
	}
	form := url.Values{"code": {code}, "display_name": {fmt.Sprintf("Student %d", s.n+1)},
		"username": {s.username}, "password": {"load-test-password"}}
	s.joined = s.do(ctx, kindJoin, "POST", "/join", form, http.StatusSeeOther, "", nil)
}

// work runs the student's part of the lesson phase until its rounds are
// done, the stop time passes, or a request fails.
func (s *student) work(ctx context.Context, stop time.Time) {
	if !s.joined {
		return
	}
	if s.cfg.ThinkMax > 0 && !s.sleep(ctx, s.randDuration(0, s.cfg.ThinkMax)) { // arrive spread out
		return
	}
	switch s.cfg.Mix {
	case MixPage:
		s.pages(ctx, stop)
	case MixAnswer:
		s.answerOnly(ctx, stop)
	default:
		s.lessons(ctx, stop)
	}
}

// lessons works through the lesson as a browser would: read the page,
// answer and see the feedback and the next question (with JavaScript, in
// place; without, by following the redirect to the whole page), and
// after the last answer see the summary.
func (s *student) lessons(ctx context.Context, stop time.Time) {
	path := "/lessons/" + s.lesson.Slug
	qs := s.lesson.Questions
	for round := 0; s.cfg.Rounds == 0 || round < s.cfg.Rounds; round++ {
		if stopped(ctx, stop) {
			return
		}
		if round > 0 && !s.do(ctx, kindRetry, "POST", path+"/attempts", url.Values{}, http.StatusSeeOther, "", nil) {
			return
		}
		// The page's answer form names the attempt to answer in and the
		// seed of the order it shows.
		var attempt string
		var seed uint64
		readAttempt := func(page []byte) { attempt, seed = attemptOf(page), seedOf(page) }
		if !s.do(ctx, kindPage, "GET", path, nil, http.StatusOK, questionMarker(qs[0]), readAttempt) {
			return
		}
		s.roundShown = 0
		for i, q := range qs {
			if !s.sleep(ctx, s.think()) || stopped(ctx, stop) {
				return
			}
			kind, next, inspect := kindFinish, `data-testid="summary"`, func(summary []byte) {
				s.shown += int64(bytes.Count(summary, []byte(`data-testid="feedback"`))) // one per answered question
			}
			if i < len(qs)-1 {
				kind, next, inspect = kindAnswer, questionMarker(qs[i+1]), readAttempt
			} else if !s.cfg.NoJS {
				inspect = nil // in place, the summary arrives with the last feedback: answerInPlace counts them
			}
			if !s.cfg.NoJS {
				if !s.answerInPlace(ctx, kind, q, attempt, seed, next, inspect) {
					return
				}
				continue
			}
			if !s.answer(ctx, kind, q, attempt, seed) {
				return
			}
			if !s.do(ctx, kindPage, "GET", path, nil, http.StatusOK, next, inspect) {
				return
			}
		}
		s.summaries++
	}
}

// pages answers the first question once, so the page shows a lesson in
// progress, then only reads the lesson page.
func (s *student) pages(ctx context.Context, stop time.Time) {
	path := "/lessons/" + s.lesson.Slug
	if !s.answerInPlace(ctx, kindAnswer, s.lesson.Questions[0], "0", s.rng.Uint64(), "", nil) {
		return
	}
	for i := 0; s.cfg.Rounds == 0 || i < s.cfg.Rounds*len(s.lesson.Questions); i++ {
		if !s.sleep(ctx, s.think()) || stopped(ctx, stop) ||
			!s.do(ctx, kindPage, "GET", path, nil, http.StatusOK, questionMarker(s.lesson.Questions[1]), nil) {
			return
		}
	}
}

// answerOnly sends answer after answer without reading the pages: the
// first of a round to the open attempt ("0"), which starts a new one, the
// others to the attempt the reply's next question names (in place; without
// JavaScript the reply is a redirect, so every answer goes to "0"). The last
// answer finishes the attempt. Naming it matters when an answer is sent
// again to another server: the last one, already stored, must find its
// attempt, not start a new one.
func (s *student) answerOnly(ctx context.Context, stop time.Time) {
	qs := s.lesson.Questions
	attempt := "0"
	readAttempt := func(reply []byte) { attempt = attemptOf(reply) }
	for i := 0; s.cfg.Rounds == 0 || i < s.cfg.Rounds*len(qs); i++ {
		kind := kindAnswer
		if i%len(qs) == len(qs)-1 {
			kind = kindFinish
		}
		if !s.sleep(ctx, s.think()) || stopped(ctx, stop) || !s.answerInPlace(ctx, kind, qs[i%len(qs)], attempt, s.rng.Uint64(), "", readAttempt) {
			return
		}
		if kind == kindFinish {
			attempt = "0"
			if !s.cfg.NoJS {
				s.summaries++ // in place, the last reply holds the summary, for the page ledger
			}
		}
	}
}

// answer posts an answer, right or (with the configured share) wrong, and
// counts it for the ledger.
func (s *student) answer(ctx context.Context, kind string, q *lessons.Question, attempt string, seed uint64) bool {
	c := s.count(q)
	right := s.rng.Float64() >= s.cfg.WrongShare
	path := "/lessons/" + s.lesson.Slug + "/questions/" + q.ID
	if !s.do(ctx, kind, "POST", path, answerForm(q, attempt, seed, right), http.StatusSeeOther, "", nil) {
		return false
	}
	c.acked++
	return true
}

// answerInPlace posts an answer as the lesson page's script does (see
// static/app.js): the reply is the part of the page that changes, with
// the feedback and want (the next question, or the summary), and inspect
// reads it. Without JavaScript (-nojs) it is answer, without the page.
func (s *student) answerInPlace(ctx context.Context, kind string, q *lessons.Question, attempt string, seed uint64, want string, inspect func([]byte)) bool {
	if s.cfg.NoJS {
		return s.answer(ctx, kind, q, attempt, seed)
	}
	c := s.count(q)
	right := s.rng.Float64() >= s.cfg.WrongShare
	path := "/lessons/" + s.lesson.Slug + "/questions/" + q.ID
	read := func(body []byte) {
		// The feedback, read back from the store after the answer was
		// committed: the ledger's witness when the database is not ours.
		if bytes.Contains(body, []byte(questionMarker(q))) && bytes.Contains(body, []byte(`data-testid="feedback"`)) {
			s.roundShown++
		}
		if bytes.Contains(body, []byte(`data-testid="summary"`)) {
			s.shown += s.roundShown
			s.roundShown = 0
		}
		if inspect != nil {
			inspect(body)
		}
	}
	if !s.send(ctx, inPlaceKinds[kind], "POST", path, answerForm(q, attempt, seed, right), fragmentHeader, http.StatusOK, want, read) {
		return false
	}
	c.acked++
	return true
}

// fragmentHeader asks for the reply the page's script gets.
var fragmentHeader = http.Header{"Ciphergram-Fragment": {"answer"}}

var inPlaceKinds = map[string]string{kindAnswer: kindAnswerInPlace, kindFinish: kindFinishInPlace}

// count is q's ledger entry, with one more answer sent.
func (s *student) count(q *lessons.Question) *answerCount {
	c := s.answers[q.ID]
	if c == nil {
		c = &answerCount{}
		s.answers[q.ID] = c
	}
	c.sent++
	return c
}

func (s *student) think() time.Duration { return s.randDuration(s.cfg.ThinkMin, s.cfg.ThinkMax) }

func (s *student) randDuration(lo, hi time.Duration) time.Duration {
	if hi <= lo {
		return lo
	}
	return lo + time.Duration(s.rng.Int64N(int64(hi-lo)))
}

// sleep waits d, or less if ctx ends: then it reports false.
func (s *student) sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

func stopped(ctx context.Context, stop time.Time) bool {
	return ctx.Err() != nil || !stop.IsZero() && time.Now().After(stop)
}

func questionMarker(q *lessons.Question) string { return `data-testid="question-` + q.ID + `"` }

// attemptOf reads the hidden attempt field of the page's answer form.
func attemptOf(body []byte) string {
	if v, ok := hiddenField(body, "attempt"); ok {
		return v
	}
	return "0"
}

// seedOf reads the hidden seed field of the page's answer form: the
// order its choices, items and right-hand sides are shown in.
func seedOf(body []byte) uint64 {
	v, _ := hiddenField(body, lessons.SeedField)
	seed, _ := lessons.ParseSeed(v)
	return seed
}

// hiddenField reads the value of the first form field named name.
func hiddenField(body []byte, name string) (string, bool) {
	marker := `name="` + name + `" value="`
	i := bytes.Index(body, []byte(marker))
	if i < 0 {
		return "", false
	}
	rest := body[i+len(marker):]
	if j := bytes.IndexByte(rest, '"'); j >= 0 {
		return string(rest[:j]), true
	}
	return "", false
}
