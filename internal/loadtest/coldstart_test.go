package loadtest

import (
	"net"
	"net/http"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// BenchmarkColdStart builds the real binary, then measures the time from
// exec to the first 200 on /healthz on a new database, and the server's
// resident memory one second later (idle). A benchmark, not a test: a
// timing assertion would be flaky.
//
//	go test ./internal/loadtest -run '^$' -bench ColdStart -benchtime 3x
func BenchmarkColdStart(b *testing.B) {
	bin := filepath.Join(b.TempDir(), "ciphergram")
	if out, err := exec.Command("go", "build", "-o", bin, "../../cmd/ciphergram").CombinedOutput(); err != nil {
		b.Fatalf("build: %v\n%s", err, out)
	}
	var total time.Duration
	var rssTotal float64
	for i := 0; b.Loop(); i++ {
		took, rss := coldStart(b, bin, filepath.Join(b.TempDir(), "cold.db"))
		total += took
		rssTotal += rss
	}
	b.ReportMetric(float64(total.Milliseconds())/float64(b.N), "ms/start")
	b.ReportMetric(rssTotal/float64(b.N), "MB-idle-rss")
}

func coldStart(b *testing.B, bin, db string) (time.Duration, float64) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(bin, "serve", "-addr", addr, "-db", db)
	start := time.Now()
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	client := &http.Client{Timeout: time.Second}
	for deadline := start.Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(2 * time.Millisecond) {
		resp, err := client.Get("http://" + addr + "/healthz")
		if err != nil {
			continue
		}
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK {
			took := time.Since(start)
			time.Sleep(time.Second)
			rss, _ := rssMB(cmd.Process.Pid)
			return took, rss
		}
	}
	b.Fatal("no 200 on /healthz within 10 s")
	return 0, 0
}
