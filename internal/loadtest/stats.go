package loadtest

import (
	"errors"
	"math"
	"net"
	"os"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// The kinds of request a student makes.
const (
	kindJoin   = "join"   // GET and POST /join, before the lesson phase
	kindPage   = "page"   // GET the lesson page: reading, feedback, the summary
	kindAnswer = "answer" // POST an answer that is not the lesson's last
	kindFinish = "finish" // POST the last answer, which finishes the attempt
	kindRetry  = "retry"  // POST a new attempt at the finished lesson (rounds after the first)

	// With JavaScript (the default): the answer posted in the background,
	// answered with the part of the page that changes.
	kindAnswerInPlace = "answer-in-place"
	kindFinishInPlace = "finish-in-place"
	kindHello         = "hello" // the baseline's hello-world
)

// recorder holds one worker's latencies and errors, so workers never share
// a lock; the runner merges them at the end.
type recorder struct {
	durations map[string][]time.Duration
	errors    map[string]map[string]int64 // kind → status → count
	bytes     int64                       // response bodies as sent (compressed or not)
}

func newRecorder() *recorder {
	return &recorder{durations: map[string][]time.Duration{}, errors: map[string]map[string]int64{}}
}

func (r *recorder) ok(kind string, d time.Duration) {
	r.durations[kind] = append(r.durations[kind], d)
}

func (r *recorder) fail(kind, status string) {
	if r.errors[kind] == nil {
		r.errors[kind] = map[string]int64{}
	}
	r.errors[kind][status]++
}

func (r *recorder) merge(o *recorder) {
	r.bytes += o.bytes
	for k, ds := range o.durations {
		r.durations[k] = append(r.durations[k], ds...)
	}
	for k, m := range o.errors {
		if r.errors[k] == nil {
			r.errors[k] = map[string]int64{}
		}
		for status, n := range m {
			r.errors[k][status] += n
		}
	}
}

// KindStats are the figures of one kind of request. Latencies are of the
// successful requests.
type KindStats struct {
	Requests      int64   `json:"requests"` // successful and failed
	Errors        int64   `json:"errors"`
	RPS           float64 `json:"rps"`
	P50ms         float64 `json:"p50_ms"`
	P95ms         float64 `json:"p95_ms"`
	P99ms         float64 `json:"p99_ms"`
	BaselineRatio float64 `json:"baseline_ratio,omitempty"` // RPS ÷ the baseline's RPS
}

// stats summarises durations and an error count over a wall-clock span.
func stats(ds []time.Duration, errs int64, span time.Duration) *KindStats {
	slices.Sort(ds)
	n := int64(len(ds)) + errs
	k := &KindStats{Requests: n, Errors: errs, P50ms: percentile(ds, 0.50), P95ms: percentile(ds, 0.95), P99ms: percentile(ds, 0.99)}
	if span > 0 {
		k.RPS = round(float64(n) / span.Seconds())
	}
	return k
}

// percentile is the nearest-rank percentile of sorted durations, in ms.
func percentile(sorted []time.Duration, p float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	i := int(math.Ceil(p*float64(len(sorted)))) - 1
	return round(float64(sorted[max(i, 0)]) / float64(time.Millisecond))
}

func round(f float64) float64 { return math.Round(f*1000) / 1000 }

// errorStatus names a failed request: its HTTP status, or what went wrong
// on the way.
func errorStatus(status int, err error) string {
	var ne net.Error
	switch {
	case err == nil:
		return strconv.Itoa(status)
	case errors.As(err, &ne) && ne.Timeout():
		return "timeout"
	case errors.Is(err, errWrongPage):
		return "wrong page"
	default:
		return "connection"
	}
}

var errWrongPage = errors.New("the page is not the one expected")

// rssMB reads a process's resident set size and its peak from
// /proc/PID/status (pid 0: this process). Zero where there is no /proc.
func rssMB(pid int) (now, peak float64) {
	p := "/proc/self/status"
	if pid > 0 {
		p = "/proc/" + strconv.Itoa(pid) + "/status"
	}
	b, err := os.ReadFile(p)
	if err != nil {
		return 0, 0
	}
	for line := range strings.Lines(string(b)) {
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		kb, _ := strconv.ParseFloat(f[1], 64)
		switch f[0] {
		case "VmRSS:":
			now = round(kb / 1024)
		case "VmHWM:":
			peak = round(kb / 1024)
		}
	}
	return now, peak
}

// cpuTime is the CPU time, user and system, a process has used: this
// process's from getrusage (pid 0), another's from /proc/PID/stat in clock
// ticks of 10 ms (Linux's USER_HZ). Zero where neither can be read.
func cpuTime(pid int) time.Duration {
	if pid == 0 {
		var ru syscall.Rusage
		if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
			return 0
		}
		return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0
	}
	// The command name, in parentheses, may hold spaces: count fields
	// after it. utime and stime are the 14th and 15th fields.
	i := strings.LastIndexByte(string(b), ')')
	f := strings.Fields(string(b[i+1:]))
	if i < 0 || len(f) < 13 {
		return 0
	}
	utime, _ := strconv.ParseInt(f[11], 10, 64)
	stime, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(utime+stime) * 10 * time.Millisecond
}
