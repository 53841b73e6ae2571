// Package loadtest simulates a class working through a lesson, against a
// running server or one started in this process, and reports throughput,
// latency per kind of request, errors, memory, and a ledger of the answers
// the server acknowledged against what it stored.
package loadtest

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"regexp"
	"runtime"
	"runtime/pprof"
	"strings"
	"sync"
	"time"

	"github.com/ciphergram/ciphergram/internal/store"
	"github.com/ciphergram/ciphergram/lessons"
)

// What the students do in the lesson phase.
const (
	MixLesson = "lesson" // read, answer every question, read the feedback, see the summary
	MixPage   = "page"   // answer the first question, then only load the lesson page
	MixAnswer = "answer" // only post answers, without reading the pages
)

// Config is one load test.
type Config struct {
	// URLs are running servers on one database, students spread over them
	// round-robin (servers.go); none: start one in this process on a
	// temporary database.
	URLs      []string
	JoinCode  string // the class to join; needed with URLs
	ServerPID int    // with URLs, a server's process, to read its memory (0: not read)
	// DB, with URLs, is the servers' database (a file or a postgres:// URL),
	// for the ledger to read the stored answers there; empty: the ledger
	// reads the summary pages.
	DB string

	Students   int
	Lesson     string        // slug; empty: the unit's first lesson
	Mix        string        // MixLesson (default), MixPage or MixAnswer
	ThinkMin   time.Duration // a student waits a random time in [ThinkMin, ThinkMax) before each answer
	ThinkMax   time.Duration
	Duration   time.Duration // stop starting requests after this long (0: no limit)
	Rounds     int           // lessons per student (0 with a Duration: as many as fit)
	WrongShare float64       // the share of answers given wrong (default 0.3)
	Gzip       bool          // ask for compressed responses, as browsers do
	NoJS       bool          // answer as a browser without JavaScript: POST, redirect, the whole page

	Baseline         bool          // first measure a hello-world handler with the same client and concurrency
	BaselineDuration time.Duration // default 3s

	Timeout time.Duration // per request (default 30s)
	MaxTime time.Duration // the whole run, joins included (default 30m)
	TempDir string        // where the in-process server's database goes (default os.TempDir)
	Sources int           // in process: teachers' sources of 200 KB to seed first, one per teacher (issue 13)

	CPUProfile io.Writer // a pprof CPU profile of the lesson phase, when set
	Progress   io.Writer // a line per phase, when set
}

// Report is what a run measured. Overall figures are of the lesson phase;
// joins are only under Kinds["join"], measured over the join phase.
type Report struct {
	Target   string  `json:"target"` // "in-process" or the URLs, comma-separated
	Lesson   string  `json:"lesson"`
	Mix      string  `json:"mix"`
	Students int     `json:"students"`
	Joined   int     `json:"joined"`
	Think    string  `json:"think"`
	Seconds  float64 `json:"seconds"`                   // the lesson phase's wall time
	Sources  int     `json:"teacher_sources,omitempty"` // teachers' sources of 200 KB in the database

	Requests int64 `json:"requests"`
	// Errors are the requests that failed for the student, joins included;
	// a request its server gave no answer to and the next server answered
	// is not one (see Failovers).
	Errors         int64                 `json:"errors"`
	ErrorsByStatus map[string]int64      `json:"errors_by_status"`
	RPS            float64               `json:"rps"`
	P50ms          float64               `json:"p50_ms"`
	P95ms          float64               `json:"p95_ms"`
	P99ms          float64               `json:"p99_ms"`
	Kinds          map[string]*KindStats `json:"kinds"`

	BaselineRPS   float64 `json:"baseline_rps"`
	BaselineP50ms float64 `json:"baseline_p50_ms"`
	BaselineP99ms float64 `json:"baseline_p99_ms"`
	BaselineRatio float64 `json:"baseline_ratio,omitempty"` // RPS ÷ BaselineRPS

	// PerServer are each server's figures, keyed by its URL; Failovers
	// are their requests that got no answer and were sent again to the
	// next server (a server killed mid-run).
	PerServer         map[string]*ServerStats `json:"per_server"`
	Failovers         int64                   `json:"failovers"`
	FailoversUnderWay int64                   `json:"failovers_under_way"`

	Ledger       string `json:"ledger"` // "database", or "summary pages" against URLs without DB
	Acknowledged int64  `json:"answers_acknowledged"`
	Stored       int64  `json:"answers_stored"`
	Lost         int64  `json:"lost"`
	Duplicates   int64  `json:"duplicates"`

	// CPUusPerRequest is the CPU time the server used in the lesson phase
	// (in process: this whole process, the load generator too) over its
	// requests; not given against several servers. On a machine shared
	// with other work it is steadier than the rates, which other
	// processes' load lowers.
	CPUusPerRequest float64 `json:"cpu_us_per_request,omitempty"`

	RSSStartMB float64 `json:"rss_start_mb,omitempty"` // the server's, before the load (in-process: this whole process)
	RSSMB      float64 `json:"rss_mb,omitempty"`       // at the end
	RSSPeakMB  float64 `json:"rss_peak_mb,omitempty"`

	// BytesPerAnswer is every response body of the lesson phase, as sent
	// (compressed when asked), over the answers acknowledged: with -mix
	// lesson, what a learner downloads per answer (the page after it, or
	// the part that changes). Not given with -mix page.
	BytesPerAnswer int64 `json:"bytes_per_answer,omitempty"`
	JavaScript     bool  `json:"javascript"` // students answered in place (not -nojs)

	PageBytes  int `json:"page_bytes"`  // the lesson page, uncompressed
	AssetBytes int `json:"asset_bytes"` // the CSS and JS it links, uncompressed
}

// Run runs the load test: an optional baseline, the join phase (every
// student joins the class, a few at a time), then the lesson phase with
// every student at once, then the ledger.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	if err := cfg.defaults(); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, cfg.MaxTime)
	defer cancel()
	unit, err := lessons.Builtin()
	if err != nil {
		return nil, err
	}
	l := unit.Lessons[0]
	if cfg.Lesson != "" {
		var ok bool
		if l, ok = unit.Lesson(cfg.Lesson); !ok {
			return nil, fmt.Errorf("no lesson %q", cfg.Lesson)
		}
	}
	if cfg.Mix == MixPage && len(l.Questions) < 2 {
		return nil, fmt.Errorf("-mix page needs a lesson of at least two questions")
	}
	rep := &Report{Target: "in-process", Lesson: l.Slug, Mix: cfg.Mix, Students: cfg.Students, JavaScript: !cfg.NoJS,
		Sources: cfg.Sources, Think: cfg.ThinkMin.String() + "-" + cfg.ThinkMax.String(), ErrorsByStatus: map[string]int64{}, Kinds: map[string]*KindStats{}}

	servers, code, pid := make([]string, len(cfg.URLs)), cfg.JoinCode, cfg.ServerPID
	for i, u := range cfg.URLs {
		servers[i] = strings.TrimSuffix(u, "/")
	}
	var local *localServer
	var db *store.DB // the database the ledger reads, if we can
	if len(servers) == 0 {
		cfg.progress("starting a server in this process")
		if local, err = startLocal(ctx, cfg.TempDir, unit, l.Slug, cfg.Sources); err != nil {
			return nil, err
		}
		defer local.close()
		servers, code, pid, db = []string{local.url}, local.code, 0, local.db
	} else {
		rep.Target = strings.Join(servers, ", ")
		if cfg.DB != "" {
			if db, err = openLedger(ctx, cfg.DB, code); err != nil {
				return nil, err
			}
			defer db.Close()
		}
	}
	if local != nil || pid > 0 {
		runtime.GC()
		rep.RSSStartMB, _ = rssMB(pid)
	}

	conns := min(cfg.Students, maxConns)
	if cfg.Baseline {
		cfg.progress(fmt.Sprintf("baseline: hello-world, %d connections, %s", conns, cfg.BaselineDuration))
		b, err := baseline(ctx, &cfg, conns)
		if err != nil {
			return nil, fmt.Errorf("baseline: %w", err)
		}
		rep.BaselineRPS, rep.BaselineP50ms, rep.BaselineP99ms = b.RPS, b.P50ms, b.P99ms
	}

	tr := newTransport(conns)
	defer tr.CloseIdleConnections()
	runID := randomID()
	students := make([]*student, cfg.Students)
	for i := range students {
		students[i] = newStudent(i, runID, &cfg, servers, l, tr)
	}

	cfg.progress(fmt.Sprintf("join phase: %d students join class %s", len(students), code))
	joinStart := time.Now()
	forEach(ctx, students, 4*runtime.NumCPU(), func(s *student) { s.join(ctx, code) })
	joinSpan := time.Since(joinStart)
	for _, s := range students {
		if s.joined {
			rep.Joined++
		}
	}
	if rep.Joined == 0 {
		return rep, fmt.Errorf("no student could join class %q at %s", code, strings.Join(servers, ", "))
	}
	for _, s := range students {
		if s.joined {
			rep.PageBytes, rep.AssetBytes, err = pageSize(ctx, s, l.Slug)
			if err != nil {
				return rep, err
			}
			break
		}
	}

	cfg.progress(fmt.Sprintf("lesson phase: %d students, mix %s, think %s", rep.Joined, cfg.Mix, rep.Think))
	if cfg.CPUProfile != nil {
		if err := pprof.StartCPUProfile(cfg.CPUProfile); err != nil {
			return rep, err
		}
	}
	start, cpu0 := time.Now(), cpuTime(pid)
	var stop time.Time
	if cfg.Duration > 0 {
		stop = start.Add(cfg.Duration)
	}
	forEach(ctx, students, len(students), func(s *student) { s.work(ctx, stop) })
	span := time.Since(start)
	if cfg.CPUProfile != nil {
		pprof.StopCPUProfile()
	}
	rep.Seconds = round(span.Seconds())
	cpu := cpuTime(pid) - cpu0

	all := newRecorder()
	rep.PerServer = map[string]*ServerStats{}
	for _, u := range servers {
		rep.PerServer[u] = &ServerStats{}
	}
	for _, s := range students {
		all.merge(s.rec)
		for _, c := range s.answers {
			rep.Acknowledged += c.acked
		}
		s.counts[s.at].StudentsAtEnd++
		s.counts.mergeInto(rep.PerServer, servers)
	}
	for _, st := range rep.PerServer {
		rep.Failovers += st.Failovers
		rep.FailoversUnderWay += st.UnderWay
	}
	rep.summarise(all, span, joinSpan)
	// With several servers -pid is one of them, which served only its share.
	if rep.Requests > 0 && cpu > 0 && len(servers) == 1 {
		rep.CPUusPerRequest = round(float64(cpu.Microseconds()) / float64(rep.Requests))
	}
	if rep.Acknowledged > 0 && cfg.Mix != MixPage { // -mix page answers once, to read pages
		rep.BytesPerAnswer = all.bytes / rep.Acknowledged
	}

	if db != nil {
		rep.Ledger = "database"
		cfg.progress("ledger: reading every student's answers from the database")
		if rep.Stored, rep.Lost, rep.Duplicates, err = dbLedger(ctx, db, students, l.Slug); err != nil {
			return rep, fmt.Errorf("ledger: %w", err)
		}
		// The summary pages must tell the same: the ledger used against a
		// server whose database we cannot read is checked here against
		// the database.
		if shown, lost, doubled := pageLedger(students, len(l.Questions)); ctx.Err() == nil && rep.Lost == 0 && rep.Duplicates == 0 && (lost != 0 || doubled != 0) {
			return rep, fmt.Errorf("ledger: the summary pages listed %d answered questions (%d missing, %d too many) where the database holds every answer once", shown, lost, doubled)
		}
	} else {
		rep.Ledger = "summary pages"
		rep.Stored, rep.Lost, rep.Duplicates = pageLedger(students, len(l.Questions))
	}
	if local != nil || pid > 0 {
		rep.RSSMB, rep.RSSPeakMB = rssMB(pid)
	}
	return rep, ctx.Err()
}

// maxConns bounds the connections kept open to the server: an in-process
// run holds two files per connection, and a process may hold 20,000.
const maxConns = 4096

func (cfg *Config) defaults() error {
	switch {
	case cfg.Students < 1:
		return errors.New("need at least one student")
	case len(cfg.URLs) > 0 && cfg.JoinCode == "":
		return errors.New("against a URL, give the join code of a class with the lesson assigned")
	case len(cfg.URLs) == 0 && cfg.DB != "":
		return errors.New("the servers' database is read only against URLs: in process the ledger reads its own")
	case cfg.ThinkMax < cfg.ThinkMin:
		return errors.New("think time: the range ends before it starts")
	case cfg.Mix != "" && cfg.Mix != MixLesson && cfg.Mix != MixPage && cfg.Mix != MixAnswer:
		return fmt.Errorf("unknown mix %q: lesson, page or answer", cfg.Mix)
	case cfg.Sources < 0 || cfg.Sources > 0 && len(cfg.URLs) > 0:
		return errors.New("teachers' sources are seeded only in process (not with a URL), and cannot be negative")
	case cfg.Rounds < 0 || cfg.Duration < 0:
		return errors.New("rounds and duration cannot be negative")
	}
	if cfg.Mix == "" {
		cfg.Mix = MixLesson
	}
	if cfg.Rounds == 0 && cfg.Duration == 0 {
		cfg.Rounds = 1
	}
	if cfg.WrongShare == 0 {
		cfg.WrongShare = 0.3
	}
	if cfg.BaselineDuration == 0 {
		cfg.BaselineDuration = 3 * time.Second
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = 30 * time.Second
	}
	if cfg.MaxTime == 0 {
		cfg.MaxTime = 30 * time.Minute
	}
	return nil
}

func (cfg *Config) progress(msg string) {
	if cfg.Progress != nil {
		fmt.Fprintf(cfg.Progress, "%s  %s\n", time.Now().Format("15:04:05"), msg)
	}
}

// summarise fills the overall and per-kind figures.
func (rep *Report) summarise(all *recorder, span, joinSpan time.Duration) {
	var phase []time.Duration
	var phaseErrs int64
	kinds := []string{kindJoin, kindPage, kindAnswer, kindFinish, kindAnswerInPlace, kindFinishInPlace, kindRetry}
	for _, k := range kinds {
		var errs int64
		for status, n := range all.errors[k] {
			errs += n
			rep.ErrorsByStatus[k+" "+status] += n
		}
		rep.Errors += errs
		if len(all.durations[k]) == 0 && errs == 0 {
			continue
		}
		s := span
		if k == kindJoin {
			s = joinSpan
		} else {
			phase = append(phase, all.durations[k]...)
			phaseErrs += errs
		}
		rep.Kinds[k] = stats(all.durations[k], errs, s)
		if rep.BaselineRPS > 0 {
			rep.Kinds[k].BaselineRatio = round(rep.Kinds[k].RPS / rep.BaselineRPS)
		}
	}
	overall := stats(phase, phaseErrs, span)
	rep.Requests, rep.RPS, rep.P50ms, rep.P95ms, rep.P99ms = overall.Requests, overall.RPS, overall.P50ms, overall.P95ms, overall.P99ms
	if rep.BaselineRPS > 0 {
		rep.BaselineRatio = round(rep.RPS / rep.BaselineRPS)
	}
}

// pageLedger is the ledger against a server whose database we cannot
// read: each finished round's summary page must list as many answered
// questions as the lesson has, no fewer (lost) and no more (doubled).
func pageLedger(students []*student, questions int) (shown, lost, doubled int64) {
	for _, s := range students {
		shown += s.shown
		want := s.summaries * int64(questions)
		lost += max(0, want-s.shown)
		doubled += max(0, s.shown-want)
	}
	return shown, lost, doubled
}

// forEach runs fn for every student, at most n at once, and waits.
func forEach(ctx context.Context, students []*student, n int, fn func(*student)) {
	var wg sync.WaitGroup
	next := make(chan *student)
	for range min(n, len(students)) {
		wg.Go(func() {
			for s := range next {
				fn(s)
			}
		})
	}
	for _, s := range students {
		select {
		case next <- s:
		case <-ctx.Done():
		}
	}
	close(next)
	wg.Wait()
}

// newTransport is the connection pool every student shares (each has its
// own cookies): keep-alive connections, as many idle as students at once.
// Compression is asked for and undone by the student (see do), not here.
func newTransport(conns int) *http.Transport {
	return &http.Transport{
		DialContext:         (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		MaxIdleConns:        conns,
		MaxIdleConnsPerHost: conns,
		IdleConnTimeout:     90 * time.Second,
		DisableCompression:  true,
	}
}

var assetRef = regexp.MustCompile(`(?:href|src)="(/static/[^"]+\.(?:css|js))"`)

// pageSize loads the lesson page as s sees it before answering, and the
// stylesheets and scripts it links, and returns their uncompressed sizes.
func pageSize(ctx context.Context, s *student, slug string) (page, assets int, err error) {
	rec := s.rec
	s.rec = newRecorder() // not part of the measured load
	defer func() { s.rec = rec }()
	var html string
	if !s.do(ctx, kindPage, "GET", "/lessons/"+slug, nil, http.StatusOK, "", func(b []byte) { html = string(b) }) {
		return 0, 0, fmt.Errorf("the lesson page: %v", s.rec.errors)
	}
	page = len(html)
	for _, m := range assetRef.FindAllStringSubmatch(html, -1) {
		if !s.do(ctx, kindPage, "GET", m[1], nil, http.StatusOK, "", func(b []byte) { assets += len(b) }) {
			return 0, 0, fmt.Errorf("%s: %v", m[1], s.rec.errors)
		}
	}
	return page, assets, nil
}

func randomID() string {
	const alphabet = "abcdefghijkmnpqrstuvwxyz23456789"
	b := make([]byte, 6)
	rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}

// ParseThink reads a think time: "0", one duration ("10s"), or a range
// ("5s-15s").
func ParseThink(s string) (lo, hi time.Duration, err error) {
	if s == "" || s == "0" {
		return 0, 0, nil
	}
	a, b, isRange := strings.Cut(s, "-")
	if lo, err = time.ParseDuration(a); err != nil {
		return 0, 0, err
	}
	hi = lo
	if isRange {
		if hi, err = time.ParseDuration(b); err != nil {
			return 0, 0, err
		}
	}
	if lo < 0 || hi < lo {
		return 0, 0, fmt.Errorf("%q: want 0, a duration, or a range like 5s-15s", s)
	}
	return lo, hi, nil
}
