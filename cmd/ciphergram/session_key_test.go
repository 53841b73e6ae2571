package main

import (
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ciphergram/ciphergram/internal/storetest"
)

// TestServeSessionKeyFile: two `serve` processes on one database, given
// the same -session-key-file, take each other's cookies; one given
// another file does not. On PostgreSQL they also share the guessing
// limits; on SQLite each process counts its own.
func TestServeSessionKeyFile(t *testing.T) {
	dir := t.TempDir()
	dbPath := storetest.DSN(t, "s")
	if err := runTeacher(context.Background(), []string{"add", "-db", dbPath, "-password-stdin", "rivera"},
		strings.NewReader("a long password\n"), io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	keyFile := func(name string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(rand.Text()+rand.Text()), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	one, two := keyFile("one.key"), keyFile("two.key")
	serve := func(key string) string {
		return serveForTest(t, []string{"-addr", "127.0.0.1:0", "-db", dbPath, "-session-key-file", key, "-trust-proxy"})
	}
	a, b, c := serve(one), serve(one), serve(two)

	noRedirect := func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	jar, _ := cookiejar.New(nil) // cookies go to every port of 127.0.0.1
	client := &http.Client{Jar: jar, CheckRedirect: noRedirect}
	resp, err := client.PostForm(a+"/login", url.Values{"username": {"rivera"}, "password": {"a long password"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in on server A: status %d", resp.StatusCode)
	}
	teach := func(base string) int {
		resp, err := client.Get(base + "/teach")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if got := teach(b); got != http.StatusOK {
		t.Errorf("server B, same key file: /teach status %d, want 200", got)
	}
	if got := teach(c); got != http.StatusSeeOther {
		t.Errorf("server C, another key file: /teach status %d, want 303 to sign in", got)
	}

	// Each try from its own address (behind the proxy), so that only the
	// account's own count can refuse.
	login := func(base, pw string, n int) int {
		form := url.Values{"username": {"rivera"}, "password": {pw}}
		req, _ := http.NewRequest("POST", base+"/login", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Forwarded-For", fmt.Sprintf("198.51.100.%d", n))
		resp, err := (&http.Client{CheckRedirect: noRedirect}).Do(req) // a new browser each time
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	for i := range 10 { // loginAccount lets ten through
		if got := login(a, "wrong password", 1+i); got != http.StatusUnauthorized {
			t.Fatalf("wrong password %d on server A: status %d", i+1, got)
		}
	}
	want := http.StatusSeeOther // SQLite: server B has counted nothing
	if storetest.Postgres() {
		want = http.StatusTooManyRequests
	}
	if got := login(b, "a long password", 99); got != want {
		t.Errorf("the right password on server B after 10 wrong ones on A: status %d, want %d", got, want)
	}
}

// TestSessionKeyFileRefused: a key file that others can read, a short
// one, and a missing one stop serve with a message saying what to do;
// the environment variable is read when the flag is not given.
func TestSessionKeyFileRefused(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, body string, mode os.FileMode) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(body), mode); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(path, mode); err != nil { // past the umask
			t.Fatal(err)
		}
		return path
	}
	long := rand.Text() + rand.Text()
	cases := []struct {
		name, path, want string
	}{
		{"world-readable", write("open.key", long, 0o644), "chmod 600"},
		{"short", write("short.key", "0123456789", 0o600), "holds 10 bytes"},
		{"missing", filepath.Join(dir, "none.key"), "no such file"},
		{"a directory", dir, "not a regular file"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := runServe(context.Background(), []string{"-addr", "127.0.0.1:0", "-db", filepath.Join(dir, "s.db"), "-session-key-file", c.path}, io.Discard, io.Discard)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("serve -session-key-file %s: %v, want an error saying %q", c.path, err, c.want)
			}
		})
	}
	t.Run("environment", func(t *testing.T) {
		t.Setenv(sessionKeyEnv, cases[1].path)
		err := runServe(context.Background(), []string{"-addr", "127.0.0.1:0", "-db", filepath.Join(dir, "s.db")}, io.Discard, io.Discard)
		if err == nil || !strings.Contains(err.Error(), "holds 10 bytes") {
			t.Errorf("serve with $%s naming a short file: %v", sessionKeyEnv, err)
		}
	})
}
