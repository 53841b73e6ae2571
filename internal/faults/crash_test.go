package faults

import (
	"context"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/ciphergram/ciphergram/internal/storetest"
)

// TestCrashSafety kills the server with SIGKILL at random moments while
// students answer, restarts it each time, and then checks that the
// database is sound and every acknowledged answer is stored exactly once.
func TestCrashSafety(t *testing.T) {
	dbPath := storetest.DSN(t, "crash")
	c := newClass(t, 8, "crash")
	srv := start(t, dbPath)
	c.setURL(srv.url)
	c.signUp(t)

	ctx, cancel := context.WithCancel(context.Background())
	wait := c.work(ctx)
	const kills = 12
	busy := 0 // kills that landed while answers were being acknowledged
	for i := range kills {
		before := c.acked()
		time.Sleep(time.Duration(50+rand.IntN(400)) * time.Millisecond)
		if c.acked() > before {
			busy++
		}
		srv.kill()
		noServerErrors(t, srv.logs())
		srv = start(t, dbPath)
		c.setURL(srv.url)
		t.Logf("kill %d: %d answers acknowledged so far", i+1, c.acked())
	}
	// Let everyone finish what they were retrying, and work on until the
	// class has given at least 100 answers (a busy machine, or a server
	// that starts slower, only makes that take longer), then stop cleanly.
	time.Sleep(300 * time.Millisecond)
	for deadline := time.Now().Add(time.Minute); c.acked() < 100 && time.Now().Before(deadline); {
		time.Sleep(50 * time.Millisecond)
	}
	cancel()
	if err := wait(); err != nil {
		t.Fatal(err)
	}
	if err := srv.stop(); err != nil {
		t.Errorf("clean stop after the crashes: %v\n%s", err, srv.logs())
	}
	noServerErrors(t, srv.logs())
	if busy < kills/2 {
		t.Errorf("only %d of %d kills landed under load", busy, kills)
	}
	if c.acked() < 100 {
		t.Errorf("only %d answers acknowledged: the students hardly worked", c.acked())
	}
	checkDB(t, dbPath, c, time.Time{})
}
