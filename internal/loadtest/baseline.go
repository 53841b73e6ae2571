package loadtest

import (
	"context"
	"io"
	"net"
	"net/http"
	"sync"
	"time"
)

// baseline measures a bare net/http hello-world handler on loopback, with
// the same client settings and concurrency as the load: what this machine
// can do at best, to read the app's figures against.
func baseline(ctx context.Context, cfg *Config, conns int) (*KindStats, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	hs := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		io.WriteString(w, "Hello, world!\n")
	}), ReadHeaderTimeout: 5 * time.Second}
	go hs.Serve(ln)
	defer hs.Close()

	tr := newTransport(conns)
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: cfg.Timeout}
	url := "http://" + ln.Addr().String() + "/"
	stop := time.Now().Add(cfg.BaselineDuration)
	recs := make([]*recorder, conns)
	var wg sync.WaitGroup
	start := time.Now()
	for i := range recs {
		rec := newRecorder()
		recs[i] = rec
		wg.Go(func() {
			for !stopped(ctx, stop) {
				t := time.Now()
				resp, err := client.Get(url)
				if err != nil {
					rec.fail(kindHello, errorStatus(0, err))
					continue
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				rec.ok(kindHello, time.Since(t))
			}
		})
	}
	wg.Wait()
	span := time.Since(start)
	all := newRecorder()
	for _, r := range recs {
		all.merge(r)
	}
	var errs int64
	for _, n := range all.errors[kindHello] {
		errs += n
	}
	return stats(all.durations[kindHello], errs, span), nil
}
