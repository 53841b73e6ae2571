package faults

import (
	"context"
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

	ctx, cancel := context.WithCancel(context.Background())
	wait := c.work(ctx)
	time.Sleep(1500 * time.Millisecond)
	onA := 0
	for i, st := range c.students {
		if i%2 == 0 {
			onA += len(st.acks())
		}
	}
	a.kill()
	killed := time.Now()
	aDead.Store(true)
	time.Sleep(1500 * time.Millisecond)
	cancel()
	if err := wait(); err != nil {
		t.Fatal(err)
	}
	if err := b.stop(); err != nil {
		t.Errorf("clean stop of the server left: %v\n%s", err, b.logs())
	}
	noServerErrors(t, a.logs())
	noServerErrors(t, b.logs())

	if onA == 0 {
		t.Fatal("the first server acknowledged no answer before it was killed: the test proves nothing")
	}
	for i, st := range c.students {
		after := 0
		for _, ack := range st.acks() {
			if ack.at.After(killed) {
				after++
			}
		}
		if after == 0 {
			t.Errorf("student %d (on server %c) answered nothing after the kill", i, "ab"[i%2])
		}
	}
	checkDB(t, dbPath, c, time.Time{})
}
