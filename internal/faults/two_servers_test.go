package faults

import (
	"context"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ciphergram/ciphergram/internal/storetest"
)

// TestKillOneOfTwoServers runs two servers on one database, with the
// students spread over both, and SIGKILLs one in the middle: its students
// carry on on the other (their cookies are good there), and every answer
// either server acknowledged is stored exactly once.
func TestKillOneOfTwoServers(t *testing.T) {
	dbPath := storetest.DSN(t, "two")
	c := newClass(t, 8, "two")
	a := start(t, dbPath)
	b := start(t, dbPath)
	var aDead atomic.Bool
	for i, st := range c.students {
		// What a load balancer does: half the students on each server,
		// and all of them on b once a stops answering.
		st.base = func() string {
			if i%2 == 0 && !aDead.Load() {
				return a.url
			}
			return b.url
		}
	}
	c.signUp(t)

	// Each student answers at least once on its first server, then a is
	// killed, and each answers again (a's students on b). Waits, not
	// sleeps: a busy machine only makes them longer.
	answeredSince := func(since time.Time) func(*student) bool {
		return func(st *student) bool {
			return slices.ContainsFunc(st.acks(), func(x ack) bool { return x.at.After(since) })
		}
	}
	everyone := func(ok func(*student) bool) bool {
		return !slices.ContainsFunc(c.students, func(st *student) bool { return !ok(st) })
	}
	ctx, cancel := context.WithCancel(context.Background())
	wait := c.work(ctx)
	stop := func() { cancel(); wait() }
	waitFor(t, "not every student has answered once", func() bool { return everyone(answeredSince(time.Time{})) }, stop)
	a.kill()
	killed := time.Now()
	aDead.Store(true)
	waitFor(t, "a student of the killed server has answered nothing since", func() bool { return everyone(answeredSince(killed)) }, stop)
	cancel()
	if err := wait(); err != nil {
		t.Fatal(err)
	}
	if err := b.stop(); err != nil {
		t.Errorf("clean stop of the server left: %v\n%s", err, b.logs())
	}
	noServerErrors(t, a.logs())
	noServerErrors(t, b.logs())
	checkDB(t, dbPath, c, time.Time{})
}
