package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestServeTrustProxy: `serve -trust-proxy` counts wrong join codes by the
// X-Forwarded-For address the proxy adds; plain `serve` ignores the header,
// so two clients behind one proxy share one count.
func TestServeTrustProxy(t *testing.T) {
	for _, trust := range []bool{false, true} {
		t.Run(fmt.Sprint("trust-proxy=", trust), func(t *testing.T) {
			args := []string{"-addr", "127.0.0.1:0", "-db", filepath.Join(t.TempDir(), "s.db")}
			if trust {
				args = append(args, "-trust-proxy")
			}
			base := serveForTest(t, args)
			join := func(forwardedFor string) int {
				form := url.Values{"code": {"ZZZZZZZZ"}, "display_name": {"Guess"}, "username": {"guesser"}, "password": {"a long password"}}
				req, _ := http.NewRequest("POST", base+"/join", strings.NewReader(form.Encode()))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				req.Header.Set("X-Forwarded-For", forwardedFor)
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				return resp.StatusCode
			}
			for range 101 {
				join("203.0.113.7")
			}
			if got := join("203.0.113.7"); got != http.StatusTooManyRequests {
				t.Fatalf("after 101 wrong codes: status %d, want 429", got)
			}
			want := map[bool]int{true: http.StatusUnprocessableEntity, false: http.StatusTooManyRequests}[trust]
			if got := join("198.51.100.9"); got != want {
				t.Errorf("another client behind the proxy: status %d, want %d", got, want)
			}
		})
	}
}

// serveForTest runs `ciphergram serve args` until the test ends and
// returns its URL.
func serveForTest(t *testing.T, args []string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	out, w := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- runServe(ctx, args, w, io.Discard)
		w.Close()
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	ready := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if _, rest, ok := strings.Cut(sc.Text(), "serving on "); ok {
				addr, _, _ := strings.Cut(rest, " ")
				ready <- addr
			}
		}
	}()
	select {
	case base := <-ready:
		return base
	case err := <-done:
		t.Fatalf("serve stopped: %v", err)
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not start within 30 s")
	}
	return ""
}

// TestServePrivacyFlags: -privacy-contact and -guest-days reach the
// privacy page; a negative -guest-days is refused with a message.
func TestServePrivacyFlags(t *testing.T) {
	base := serveForTest(t, []string{"-addr", "127.0.0.1:0", "-db", filepath.Join(t.TempDir(), "s.db"),
		"-guest-days", "30", "-privacy-contact", "Ask Ms Rivera in room 12"})
	resp, err := http.Get(base + "/privacy")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(body), "Ask Ms Rivera in room 12") || !strings.Contains(string(body), "after 30 days") {
		t.Errorf("the privacy page does not carry the flags:\n%.500s", body)
	}
	err = runServe(context.Background(), []string{"-db", filepath.Join(t.TempDir(), "n.db"), "-guest-days", "-1"}, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "-guest-days") {
		t.Errorf("serve -guest-days -1: %v", err)
	}
}
