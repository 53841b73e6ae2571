package faults

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ciphergram/ciphergram/internal/store"
	"github.com/ciphergram/ciphergram/internal/storetest"
)

// TestSIGTERMDrains stops the server with SIGTERM while students answer:
// the process exits 0 and every answer it acknowledged is stored.
func TestSIGTERMDrains(t *testing.T) {
	dbPath := storetest.DSN(t, "term")
	c := newClass(t, 8, "term")
	srv := start(t, dbPath)
	c.setURL(srv.url)
	c.signUp(t)
	ctx, cancel := context.WithCancel(context.Background())
	wait := c.work(ctx)
	time.Sleep(500 * time.Millisecond)
	before := c.acked()
	err := srv.stop()
	cancel()
	if err != nil {
		t.Errorf("exit after SIGTERM: %v\n%s", err, srv.logs())
	}
	if werr := wait(); werr != nil {
		t.Fatal(werr)
	}
	if before == 0 {
		t.Fatal("no answers before SIGTERM: the test did not run under load")
	}
	if !strings.Contains(srv.logs(), "finishing requests in flight") {
		t.Error("the server did not say it was draining")
	}
	noServerErrors(t, srv.logs())
	checkDB(t, dbPath, c, time.Time{})
}

// TestLockedDatabase holds the database file locked from another
// connection for longer than the busy timeout (5 s) while a student
// answers: the answer gets 503 with Retry-After, never a 500, and the
// retry after the lock is released is stored once.
func TestLockedDatabase(t *testing.T) {
	dbPath := storetest.DSN(t, "locked")
	c := newClass(t, 1, "locked")
	srv := start(t, dbPath)
	c.setURL(srv.url)
	c.signUp(t)
	st := c.students[0]
	l := c.unit.Lessons[0]
	ctx := context.Background()
	if _, err := st.until(ctx, "POST", "/lessons/"+l.Slug+"/attempts", url.Values{}, http.StatusSeeOther); err != nil {
		t.Fatal(err)
	}
	page, err := st.until(ctx, "GET", "/lessons/"+l.Slug, nil, http.StatusOK)
	if err != nil {
		t.Fatal(err)
	}
	attempt := attemptOf(page)

	// Another process holds the lock that answers need, longer than the
	// server waits for it (SQLite's busy_timeout, PostgreSQL's
	// lock_timeout: 5 s each).
	other, err := store.OpenSQL(dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	conn, err := other.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	lock := []string{`BEGIN EXCLUSIVE`}
	if storetest.Postgres() {
		lock = []string{`BEGIN`, `LOCK TABLE responses IN EXCLUSIVE MODE`}
	}
	for _, stmt := range lock {
		if _, err := conn.ExecContext(ctx, stmt); err != nil {
			t.Fatal(err)
		}
	}
	release := time.AfterFunc(6500*time.Millisecond, func() { conn.ExecContext(ctx, `ROLLBACK`) })
	defer release.Stop()

	q := l.Questions[0]
	path := "/lessons/" + l.Slug + "/questions/" + q.ID
	req, _ := http.NewRequest("POST", srv.url+path, strings.NewReader(rightForm(q, attempt).Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := st.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" {
		t.Fatalf("answer while locked: status %d, Retry-After %q:\n%.300s", resp.StatusCode, resp.Header.Get("Retry-After"), body)
	}
	if !strings.Contains(string(body), "try again") {
		t.Errorf("the 503 page does not say to try again:\n%.300s", body)
	}
	// The client retries after Retry-After until it is accepted.
	for {
		status, body, _ := st.send("POST", path, rightForm(q, attempt))
		if status == http.StatusSeeOther {
			break
		}
		if status != http.StatusServiceUnavailable {
			t.Fatalf("retry: status %d:\n%.300s", status, body)
		}
		time.Sleep(500 * time.Millisecond)
	}
	n, _ := strconv.ParseInt(attempt, 10, 64)
	st.acked = append(st.acked, ack{attempt: n, slug: l.Slug, qid: q.ID, at: time.Now()})
	// Once more, as a double click would: still stored once.
	if status, _, _ := st.send("POST", path, rightForm(q, attempt)); status != http.StatusSeeOther {
		t.Errorf("repeat: status %d", status)
	}
	if err := srv.stop(); err != nil {
		t.Error(err)
	}
	noServerErrors(t, srv.logs())
	checkDB(t, dbPath, c, time.Time{})
}

// TestBackupUnderLoad takes a backup with `ciphergram backup` while
// students answer: the copy passes integrity_check and holds every answer
// acknowledged before the backup began.
func TestBackupUnderLoad(t *testing.T) {
	storetest.SQLiteOnly(t) // PostgreSQL is backed up with pg_dump
	dir := t.TempDir()
	dbPath, backupPath := filepath.Join(dir, "live.db"), filepath.Join(dir, "backup.db")
	c := newClass(t, 6, "backup")
	srv := start(t, dbPath)
	c.setURL(srv.url)
	c.signUp(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	wait := c.work(ctx)
	stop := func() { cancel(); wait() }
	// Under load: the class answers before the backup begins and goes on
	// answering after it.
	waitFor(t, "no answer acknowledged before the backup", func() bool { return c.acked() > 0 }, stop)
	began := time.Now()
	out, err := exec.Command(bin, "backup", "-db", dbPath, backupPath).CombinedOutput()
	if err != nil {
		t.Fatalf("backup: %v\n%s", err, out)
	}
	atBackup := c.acked()
	waitFor(t, "no answer acknowledged after the backup", func() bool { return c.acked() > atBackup }, stop)
	cancel()
	if err := wait(); err != nil {
		t.Fatal(err)
	}
	if err := srv.stop(); err != nil {
		t.Error(err)
	}
	noServerErrors(t, srv.logs())
	// The live database holds everything; the backup everything before it began.
	checkDB(t, dbPath, c, time.Time{})
	checkDB(t, backupPath, c, began)
}

// TestSlowHeaders: clients that send their headers a byte at a time are
// cut off by ReadHeaderTimeout, and others are served meanwhile.
func TestSlowHeaders(t *testing.T) {
	srv := start(t, storetest.DSN(t, "slow"))
	host := strings.TrimPrefix(srv.url, "http://")
	const slow = 20
	cut := make(chan time.Duration, slow)
	for range slow {
		go func() {
			conn, err := net.Dial("tcp", host)
			if err != nil {
				cut <- -1
				return
			}
			defer conn.Close()
			began := time.Now()
			conn.Write([]byte("GET / HTTP/1.1\r\nHost: x\r\n"))
			for i := 0; ; i++ {
				if _, err := fmt.Fprintf(conn, "X-%d: y\r\n", i); err != nil {
					break
				}
				conn.SetReadDeadline(time.Now().Add(500 * time.Millisecond))
				if _, err := bufio.NewReader(conn).ReadByte(); err != nil && !isTimeout(err) {
					break // the server closed (or answered and closed) the connection
				}
				if time.Since(began) > 20*time.Second {
					break
				}
			}
			cut <- time.Since(began)
		}()
	}
	// Meanwhile an ordinary visitor is served (no speed is asserted: the
	// client's timeout only bounds the test).
	time.Sleep(time.Second)
	client := &http.Client{Timeout: 10 * time.Second}
	for range 5 {
		resp, err := client.Get(srv.url + "/healthz")
		if err != nil {
			t.Fatalf("ordinary request during the slow clients: %v", err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("ordinary request: status %d", resp.StatusCode)
		}
	}
	for range slow {
		d := <-cut
		// ReadHeaderTimeout is 5 s; allow for scheduling on a busy machine.
		if d < 0 || d > 12*time.Second {
			t.Errorf("slow client connected for %s: not cut off by ReadHeaderTimeout", d)
		}
	}
}

func isTimeout(err error) bool {
	ne, ok := err.(net.Error)
	return ok && ne.Timeout()
}
