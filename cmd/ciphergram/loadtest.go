package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/ciphergram/ciphergram/internal/loadtest"
)

// runLoadtest simulates a class taking a lesson and prints what it measured.
func runLoadtest(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("loadtest", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cfg loadtest.Config
	fs.IntVar(&cfg.Students, "students", 64, "simulated students, all at once")
	fs.StringVar(&cfg.Lesson, "lesson", "", "the lesson's slug (default: the first lesson)")
	think := fs.String("think", "0", `think time before each answer: "5s-15s", "10s", or 0 for stress`)
	fs.DurationVar(&cfg.Duration, "duration", 0, "stop after this long (default: when -rounds are done)")
	fs.IntVar(&cfg.Rounds, "rounds", 0, "lessons per student (default 1 without -duration)")
	fs.StringVar(&cfg.Mix, "mix", loadtest.MixLesson, "lesson: the whole lesson; page: only lesson pages; answer: only answers")
	fs.Func("url", "a running server (default: start one here on a temporary database); repeat it for several servers on one database:\n"+
		"students are spread over them round-robin, and one whose server stops answering carries on with the next", func(u string) error {
		if strings.Contains(u, ",") {
			return errors.New("one URL per -url: repeat the flag for several servers")
		}
		cfg.URLs = append(cfg.URLs, u)
		return nil
	})
	fs.StringVar(&cfg.JoinCode, "code", "", "with -url: the join code of a class with the lesson assigned")
	fs.IntVar(&cfg.ServerPID, "pid", 0, "with -url: a server's process ID, to report its memory (and, with one server, its CPU per request)")
	fs.StringVar(&cfg.DB, "db", "", "with -url: the servers' database (a file or a postgres:// URL), to count the stored answers there\n"+
		"(default: $"+dbEnv+" when set, else count them on the summary pages)")
	fs.BoolVar(&cfg.Baseline, "baseline", false, "first measure a bare net/http hello-world with the same client and concurrency")
	fs.DurationVar(&cfg.BaselineDuration, "baseline-duration", 3*time.Second, "how long to measure the baseline")
	fs.Float64Var(&cfg.WrongShare, "wrong", 0.3, "share of answers given wrong")
	fs.BoolVar(&cfg.Gzip, "gzip", true, "ask for compressed responses, as browsers do")
	fs.BoolVar(&cfg.NoJS, "nojs", false, "answer as a browser without JavaScript: POST, redirect, the whole page (default: in place, as the page's script does)")
	fs.DurationVar(&cfg.Timeout, "timeout", 30*time.Second, "per request")
	fs.DurationVar(&cfg.MaxTime, "max-time", 30*time.Minute, "stop the whole run after this long")
	fs.StringVar(&cfg.TempDir, "tmp", "", "directory for the in-process server's database (default $TMPDIR)")
	fs.IntVar(&cfg.Sources, "sources", 0, "in process: first give the server this many teachers' sources of 200 KB, one per teacher")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the lesson phase to this file")
	asJSON := fs.Bool("json", false, "print one JSON object")
	if err := fs.Parse(args); err != nil {
		return errSilent
	}
	if cfg.DB == "" && len(cfg.URLs) > 0 {
		cfg.DB = os.Getenv(dbEnv) // as the servers were given it, out of the process list
	}
	var err error
	if cfg.ThinkMin, cfg.ThinkMax, err = loadtest.ParseThink(*think); err != nil {
		fmt.Fprintln(stderr, "-think:", err)
		return errSilent
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		cfg.CPUProfile = f
	}
	cfg.Progress = stderr
	rep, err := loadtest.Run(ctx, cfg)
	if rep == nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.Encode(rep)
	} else {
		printReport(stdout, rep)
	}
	if err != nil {
		return err
	}
	if rep.Errors > 0 || rep.Lost > 0 || rep.Duplicates > 0 {
		return errSilent
	}
	return nil
}

func printReport(w io.Writer, r *loadtest.Report) {
	fmt.Fprintf(w, "%d students (%d joined) on %s, lesson %s, mix %s, think %s: %.1f s\n\n",
		r.Students, r.Joined, r.Target, r.Lesson, r.Mix, r.Think, r.Seconds)
	fmt.Fprintf(w, "%-15s %9s %7s %10s %8s %8s %8s %9s\n", "kind", "requests", "errors", "req/s", "p50 ms", "p95 ms", "p99 ms", "÷ hello")
	row := func(name string, k *loadtest.KindStats) {
		ratio := ""
		if k.BaselineRatio > 0 {
			ratio = fmt.Sprintf("1/%.1f", 1/k.BaselineRatio)
		}
		fmt.Fprintf(w, "%-15s %9d %7d %10.0f %8.2f %8.2f %8.2f %9s\n", name, k.Requests, k.Errors, k.RPS, k.P50ms, k.P95ms, k.P99ms, ratio)
	}
	for _, name := range []string{"join", "page", "answer", "finish", "answer-in-place", "finish-in-place", "retry"} {
		if k, ok := r.Kinds[name]; ok {
			row(name, k)
		}
	}
	row("all", &loadtest.KindStats{Requests: r.Requests, RPS: r.RPS, P50ms: r.P50ms, P95ms: r.P95ms, P99ms: r.P99ms, BaselineRatio: r.BaselineRatio})
	if r.BaselineRPS > 0 {
		fmt.Fprintf(w, "%-15s %9s %7s %10.0f %8.2f %8s %8.2f\n", "hello", "", "", r.BaselineRPS, r.BaselineP50ms, "", r.BaselineP99ms)
	}
	fmt.Fprintln(w)
	if len(r.ErrorsByStatus) == 0 {
		fmt.Fprintln(w, "errors:  none")
	} else {
		keys := make([]string, 0, len(r.ErrorsByStatus))
		for k := range r.ErrorsByStatus {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		var parts []string
		for _, k := range keys {
			parts = append(parts, fmt.Sprintf("%s: %d", k, r.ErrorsByStatus[k]))
		}
		fmt.Fprintln(w, "errors: ", strings.Join(parts, ", "))
	}
	if len(r.PerServer) > 1 {
		printServers(w, r)
	}
	fmt.Fprintf(w, "ledger (%s): %d answers acknowledged, %d stored, %d lost, %d duplicated\n",
		r.Ledger, r.Acknowledged, r.Stored, r.Lost, r.Duplicates)
	if r.RSSMB > 0 {
		what := "server"
		if r.Target == "in-process" {
			what = "process (server and load generator)"
		}
		fmt.Fprintf(w, "memory: %s RSS %.1f MB before the load, %.1f MB after, peak %.1f MB\n", what, r.RSSStartMB, r.RSSMB, r.RSSPeakMB)
	}
	flow := "in place, as with JavaScript"
	if !r.JavaScript {
		flow = "without JavaScript: POST, redirect, page"
	}
	if r.BytesPerAnswer > 0 {
		flow += fmt.Sprintf("; %d bytes sent per answer, compressed as asked", r.BytesPerAnswer)
	}
	fmt.Fprintf(w, "answers: %s\n", flow)
	if r.CPUusPerRequest > 0 {
		what := "the server's"
		if r.Target == "in-process" {
			what = "this process's (server and load generator)"
		}
		fmt.Fprintf(w, "cpu: %.0f µs per request, %s\n", r.CPUusPerRequest, what)
	}
	if r.Sources > 0 {
		fmt.Fprintf(w, "teachers' sources: %d of 200 KB in the database\n", r.Sources)
	}
	fmt.Fprintf(w, "lesson page: %d bytes, with its CSS and JS %d bytes (uncompressed)\n", r.PageBytes, r.PageBytes+r.AssetBytes)
}

// printServers shows each server's share of the run, and the requests
// that failed over from it to the next.
func printServers(w io.Writer, r *loadtest.Report) {
	urls := make([]string, 0, len(r.PerServer))
	for u := range r.PerServer {
		urls = append(urls, u)
	}
	slices.Sort(urls)
	fmt.Fprintf(w, "%-32s %9s %7s %10s %9s %9s %7s\n", "server", "requests", "errors", "failovers", "under way", "students", "at end")
	for _, u := range urls {
		st := r.PerServer[u]
		fmt.Fprintf(w, "%-32s %9d %7d %10d %9d %9d %7d\n", u, st.Requests, st.Errors, st.Failovers, st.UnderWay, st.Students, st.StudentsAtEnd)
	}
	if r.Failovers > 0 {
		fmt.Fprintf(w, "failovers: %d requests got no answer from their server and were sent again to the next; %d of them were under way when it stopped\n", r.Failovers, r.FailoversUnderWay)
	}
}
