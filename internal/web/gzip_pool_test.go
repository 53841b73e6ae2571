package web

import (
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// TestGzipWritersBounded: with more responses compressed at once than
// there are fast writers, no more fast writers are made than fastGzip
// holds, the others take stateless ones, every body arrives whole, and
// every fast writer goes back.
func TestGzipWritersBounded(t *testing.T) {
	n := cap(fastGzip) + 3
	body := strings.Repeat("<p>A sentence of a lesson page, compressed.</p>\n", 800)
	var arrived sync.WaitGroup
	arrived.Add(n)
	h := gzipResponses(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, body[:len(body)/2]) // takes a writer
		arrived.Done()
		arrived.Wait() // until every response holds one
		io.WriteString(w, body[len(body)/2:])
	}))
	srv := httptest.NewServer(h)
	defer srv.Close()
	tr := &http.Transport{DisableCompression: true, MaxConnsPerHost: n}
	defer tr.CloseIdleConnections()
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			req, _ := http.NewRequest("GET", srv.URL, nil)
			req.Header.Set("Accept-Encoding", "gzip")
			resp, err := tr.RoundTrip(req)
			if err != nil {
				t.Error(err)
				return
			}
			defer resp.Body.Close()
			zr, err := gzip.NewReader(resp.Body)
			if err != nil {
				t.Error(err)
				return
			}
			got, err := io.ReadAll(zr)
			if err != nil || string(got) != body {
				t.Errorf("unpacked %d bytes of %d, err %v", len(got), len(body), err)
			}
		})
	}
	wg.Wait()
	made := fastGzipMade.Load()
	if made < 1 || int(made) > cap(fastGzip) {
		t.Errorf("%d fast writers made, want 1 to %d", made, cap(fastGzip))
	}
	if len(fastGzip) != int(made) {
		t.Errorf("%d fast writers back of %d made", len(fastGzip), made)
	}
}
