package loadtest

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/ciphergram/ciphergram/internal/store"
	"github.com/ciphergram/ciphergram/internal/storetest"
)

// TestSeedSources: -sources gives each of its teachers one published
// source of just under 200 KB (the most the form takes), split into many
// blocks, as issue 13's measure needs.
func TestSeedSources(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, storetest.DSN(t, "seed"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := seedSources(ctx, db, 3, "not a hash"); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"source-teacher-0", "source-teacher-2"} {
		u, err := db.UserByUsername(ctx, name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		list, err := db.Sources(ctx, u.ID)
		if err != nil || len(list) != 1 || list[0].Published != 1 {
			t.Fatalf("%s's sources: %+v, %v; want one, published", name, list, err)
		}
		v, err := db.PublishedSource(ctx, u.ID, list[0].Slug, 1)
		if err != nil {
			t.Fatal(err)
		}
		if n := len(v.Text); n > sourceBytes || n < sourceBytes*95/100 {
			t.Errorf("%s's source is %d bytes, want just under %d", name, n, sourceBytes)
		}
		if len(v.Blocks) < 1000 {
			t.Errorf("%s's source split into %d blocks, want a heading and a paragraph per report", name, len(v.Blocks))
		}
	}
}

// TestCPUTime: a server's CPU time read from /proc (with -pid) agrees
// with the one this process reads of itself.
func TestCPUTime(t *testing.T) {
	for start := cpuTime(0); cpuTime(0)-start < 200*time.Millisecond; {
		// keep a core busy: CPU time, not wall time, which other work on
		// the machine stretches
	}
	self, proc := cpuTime(0), cpuTime(os.Getpid())
	if proc < self-50*time.Millisecond || proc > self+50*time.Millisecond {
		t.Errorf("CPU time %v from getrusage, %v from /proc: want them within 50 ms", self, proc)
	}
}
