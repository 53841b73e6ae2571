package faults

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"github.com/ciphergram/ciphergram/internal/storetest"
)

// setFileSizeLimit sets RLIMIT_FSIZE of a running process (prlimit(2)):
// no file it writes may grow past limit bytes.
func setFileSizeLimit(t *testing.T, pid int, limit uint64) {
	t.Helper()
	rl := syscall.Rlimit{Cur: limit, Max: ^uint64(0)}
	if _, _, errno := syscall.RawSyscall6(syscall.SYS_PRLIMIT64, uintptr(pid), syscall.RLIMIT_FSIZE,
		uintptr(unsafe.Pointer(&rl)), 0, 0, 0); errno != 0 {
		t.Fatalf("prlimit: %v", errno)
	}
}

func fileSize(path string) int64 {
	fi, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return fi.Size()
}

// TestDiskFull: when the database files cannot grow (RLIMIT_FSIZE, as on a
// full disk), answers get 503 with Retry-After, never a false 303 or a
// 500; when space returns, the same server stores them again.
func TestDiskFull(t *testing.T) {
	storetest.SQLiteOnly(t) // a file size limit on SQLite's own file
	dbPath := filepath.Join(t.TempDir(), "full.db")
	c := newClass(t, 1, "full")
	srv := start(t, dbPath)
	c.setURL(srv.url)
	c.signUp(t)
	st := c.students[0]
	ctx := context.Background()
	full := false
	answered := 0
	for _, l := range c.unit.Lessons {
		if _, err := st.until(ctx, "POST", "/lessons/"+l.Slug+"/attempts", url.Values{}, http.StatusSeeOther); err != nil {
			t.Fatal(err)
		}
		page, err := st.until(ctx, "GET", "/lessons/"+l.Slug, nil, http.StatusOK)
		if err != nil {
			t.Fatal(err)
		}
		attempt := attemptOf(page)
		n, _ := strconv.ParseInt(attempt, 10, 64)
		for _, q := range l.Questions {
			if !full && answered == 3 {
				// From now on no file may grow: the WAL is full.
				limit := max(fileSize(dbPath), fileSize(dbPath+"-wal"), fileSize(dbPath+"-shm"))
				setFileSizeLimit(t, srv.cmd.Process.Pid, uint64(limit))
				full = true
				refused := 0
				for range 20 {
					status, body, _ := st.send("POST", "/lessons/"+l.Slug+"/questions/"+q.ID, rightForm(q, attempt))
					if status == http.StatusSeeOther {
						break // the WAL had room left in its last page: fine, it is stored
					}
					if status != http.StatusServiceUnavailable {
						t.Fatalf("answer on a full disk: status %d:\n%.300s\n%s", status, body, srv.logs())
					}
					refused++
				}
				t.Logf("%d answers refused while full", refused)
				setFileSizeLimit(t, srv.cmd.Process.Pid, ^uint64(0))
				time.Sleep(100 * time.Millisecond)
			}
			status, body, _ := st.send("POST", "/lessons/"+l.Slug+"/questions/"+q.ID, rightForm(q, attempt))
			if status != http.StatusSeeOther {
				t.Fatalf("answer %d: status %d:\n%.300s\n%s", answered, status, body, srv.logs())
			}
			st.acked = append(st.acked, ack{attempt: n, slug: l.Slug, qid: q.ID, at: time.Now()})
			answered++
		}
		if answered > 20 {
			break
		}
	}
	if err := srv.stop(); err != nil {
		t.Errorf("stop: %v\n%s", err, srv.logs())
	}
	noServerErrors(t, srv.logs())
	checkDB(t, dbPath, c, time.Time{})
}
