package main

import (
	"context"
	"crypto/rand"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestServeSessionKeyFile: two `serve` processes on one database, given
// the same -session-key-file, take each other's cookies; one given
// another file does not.
func TestServeSessionKeyFile(t *testing.T) {
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "s.db")
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
		return serveForTest(t, []string{"-addr", "127.0.0.1:0", "-db", dbPath, "-session-key-file", key})
	}
	a, b, c := serve(one), serve(one), serve(two)

	jar, _ := cookiejar.New(nil) // cookies go to every port of 127.0.0.1
	client := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
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
