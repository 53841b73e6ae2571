package store

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/ciphergram/ciphergram/internal/auth"
	"github.com/ciphergram/ciphergram/internal/storetest"
)

// TestLimitsAsInMemory: the database's Limiter and Bucket answer a long
// script of failures, events, resets and waiting exactly as auth's
// in-memory ones do on the same clock (moving by whole seconds, as the
// table counts them): the SQL is auth's arithmetic, not a look-alike.
func TestLimitsAsInMemory(t *testing.T) {
	db, clock := newTestDB(t)
	ctx := t.Context()
	backoff := auth.Backoff{Free: 3, First: time.Second, Max: time.Minute, Forget: 10 * time.Minute}
	rate := auth.Rate{Size: 3, Per: 30 * time.Second}
	memL, dbL := auth.NewLimiter(backoff, clock.Now), db.Limiter("test-limiter", backoff)
	memB, dbB := auth.NewBucket(rate.Size, rate.Per, clock.Now), db.Bucket("test-bucket", rate)

	// A long random script, the same each run: bursts, pauses shorter
	// and longer than the policies' steps, now and then a reset.
	rnd := rand.New(rand.NewPCG(15, 2))
	var waited, bucketWaited int // steps that saw a wait: the script reaches the limits
	for i := range 400 {
		switch p := rnd.IntN(100); {
		case p < 25:
			clock.Advance(time.Duration(1+rnd.IntN(5)) * time.Second)
		case p < 35:
			clock.Advance(time.Duration(10+rnd.IntN(30)) * time.Second)
		case p < 39:
			clock.Advance(time.Duration(2+rnd.IntN(4)) * time.Minute)
		case p < 40:
			clock.Advance(15 * time.Minute)
		}
		key := fmt.Sprint("k", rnd.IntN(3))
		op := rnd.IntN(20)
		step := fmt.Sprintf("step %d (op %d, %s)", i, op, key)
		switch {
		case op < 10:
			memL.Fail(key)
			must(t, dbL.Fail(ctx, key))
			memB.Add(key)
			must(t, dbB.Add(ctx, key))
		case op < 19:
			want := memB.Take(key)
			got, err := dbB.Take(ctx, key)
			must(t, err)
			if got != want {
				t.Fatalf("%s: bucket Take = %v, in memory %v", step, got, want)
			}
		default:
			memL.Reset(key)
			must(t, dbL.Reset(ctx, key))
			memB.Reset(key)
			must(t, dbB.Reset(ctx, key))
		}
		want, got := memL.Wait(key), limitWait(t, dbL, key)
		if got != want {
			t.Fatalf("%s: limiter Wait = %v, in memory %v", step, got, want)
		}
		if want > 0 {
			waited++
		}
		wantB, gotB := memB.Wait(key), bucketWait(t, dbB, key)
		if gotB != wantB {
			t.Fatalf("%s: bucket Wait = %v, in memory %v", step, gotB, wantB)
		}
		if wantB > 0 {
			bucketWaited++
		}
	}
	t.Logf("%d and %d steps met a wait", waited, bucketWaited)
	if waited < 50 || bucketWaited < 50 {
		t.Errorf("only %d and %d of 400 steps met a wait: the script does not test the limits", waited, bucketWaited)
	}
}

func limitWait(t *testing.T, l *Limiter, key string) time.Duration {
	t.Helper()
	w, err := l.Wait(t.Context(), key)
	must(t, err)
	return w
}

func bucketWait(t *testing.T, b *Bucket, key string) time.Duration {
	t.Helper()
	w, err := b.Wait(t.Context(), key)
	must(t, err)
	return w
}

// TestLimitsSharedByTwoServers: two handles on one database (two servers)
// see one count: failures through one make the other wait, and a bucket
// filled through one is full for the other.
func TestLimitsSharedByTwoServers(t *testing.T) {
	dsn := storetest.DSN(t, "shared")
	a, b := openTestDB(t, dsn), openTestDB(t, dsn)
	// Past 2038, where unix seconds outgrow 32 bits: every time the SQL
	// is given must be taken as a 64-bit integer.
	clock := &testClock{t: time.Date(2100, 3, 2, 9, 0, 0, 0, time.UTC)}
	a.Now, b.Now = clock.Now, clock.Now
	ctx := t.Context()
	backoff := auth.Backoff{Free: 3, First: time.Minute, Max: time.Hour, Forget: time.Hour}
	for range 3 {
		must(t, a.Limiter("login", backoff).Fail(ctx, "key"))
	}
	if w := limitWait(t, b.Limiter("login", backoff), "key"); w != time.Minute {
		t.Errorf("server B after 3 failures on server A: wait %v, want 1m", w)
	}
	if w := limitWait(t, b.Limiter("other", backoff), "key"); w != 0 {
		t.Errorf("another counter with the same key: wait %v, want 0", w)
	}
	rate := auth.Rate{Size: 3, Per: time.Minute}
	for i := range 3 {
		if w, err := a.Bucket("new", rate).Take(ctx, "addr"); err != nil || w != 0 {
			t.Fatalf("take %d on server A: %v, %v", i+1, w, err)
		}
	}
	if w, err := b.Bucket("new", rate).Take(ctx, "addr"); err != nil || w != time.Minute {
		t.Errorf("take on server B after a full burst on A: %v, %v; want a wait of 1m", w, err)
	}
	must(t, b.Bucket("new", rate).Add(ctx, "addr"))
	if w := bucketWait(t, a.Bucket("new", rate), "addr"); w != time.Minute {
		t.Errorf("server A after one more added on B to a full bucket: wait %v, want 1m (full stays full)", w)
	}
}

// TestBucketTakeConcurrent: many takes at once, through two handles, let
// exactly the bucket's size through: none is lost between a check and a
// count.
func TestBucketTakeConcurrent(t *testing.T) {
	dsn := storetest.DSN(t, "shared")
	dbs := []*DB{openTestDB(t, dsn), openTestDB(t, dsn)}
	rate := auth.Rate{Size: 10, Per: time.Hour}
	var mu sync.Mutex
	var taken, refused int
	var wg sync.WaitGroup
	for i := range 40 {
		wg.Go(func() {
			w, err := dbs[i%2].Bucket("new", rate).Take(context.Background(), "addr")
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err != nil:
				t.Error(err)
			case w == 0:
				taken++
			default:
				refused++
			}
		})
	}
	wg.Wait()
	if taken != rate.Size || refused != 40-rate.Size {
		t.Errorf("40 takes at once from a bucket of %d: %d taken, %d refused", rate.Size, taken, refused)
	}
}

// TestSweepLimits: the sweep deletes the counts with nothing left to
// count, and only those.
func TestSweepLimits(t *testing.T) {
	db, clock := newTestDB(t)
	ctx := t.Context()
	short := auth.Backoff{Free: 1, First: time.Minute, Max: time.Hour, Forget: time.Hour}
	long := auth.Backoff{Free: 1, First: time.Minute, Max: time.Hour, Forget: 3 * time.Hour}
	must(t, db.Limiter("short", short).Fail(ctx, "k"))
	must(t, db.Limiter("long", long).Fail(ctx, "k"))
	must(t, db.Bucket("bucket", auth.Rate{Size: 5, Per: time.Minute}).Add(ctx, "k"))
	clock.Advance(2 * time.Hour)
	n, err := db.SweepLimits(ctx)
	if err != nil || n != 2 {
		t.Errorf("sweep after 2 hours: %d deleted, %v; want 2 (the short limiter's and the bucket's)", n, err)
	}
	if w := limitWait(t, db.Limiter("long", long), "k"); w != 0 {
		t.Errorf("the long limiter's one failure: wait %v", w)
	}
	var left int
	must(t, db.reader.QueryRowContext(ctx, `SELECT count(*) FROM limit_counts WHERE counter = 'long'`).Scan(&left))
	if left != 1 {
		t.Errorf("the long limiter's row: %d left, want 1", left)
	}
}

// BenchmarkBucketTake is what one count costs: one upsert, a durable
// commit of its own (on SQLite outside the group commit of answers).
func BenchmarkBucketTake(b *testing.B) {
	db, err := Open(b.Context(), storetest.DSN(b, "bench"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	bucket := db.Bucket("new", auth.Rate{Size: 100, Per: 6 * time.Second})
	i := 0
	for b.Loop() {
		i++
		if _, err := bucket.Take(b.Context(), fmt.Sprint("address ", i%1000)); err != nil {
			b.Fatal(err)
		}
	}
}
