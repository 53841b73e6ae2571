package auth

import (
	"sync"
	"time"
)

// Backoff is how a Limiter answers failures: some free, then waits that
// double with each further failure.
type Backoff struct {
	Free   int           // failures allowed before any wait
	First  time.Duration // the wait after the first failure past Free; each further one doubles it
	Max    time.Duration // waits stop growing here
	Forget time.Duration // a key with no failure for this long starts again from nothing
}

// Limiter counts recent failures per key and says how long a key must
// wait before its next try. Keys are the caller's: an account, an
// address, a browser.
type Limiter struct {
	mu   sync.Mutex
	now  func() time.Time
	b    Backoff
	keys map[string]*failures
}

type failures struct {
	count int
	last  time.Time
}

// NewLimiter answers failures as b says; now is its clock (nil: the real one).
func NewLimiter(b Backoff, now func() time.Time) *Limiter {
	if now == nil {
		now = time.Now
	}
	return &Limiter{now: now, b: b, keys: map[string]*failures{}}
}

// Wait returns how long the key must still wait; 0 means it may try now.
func (l *Limiter) Wait(key string) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	f := l.keys[key]
	if f == nil {
		return 0
	}
	now := l.now()
	if now.Sub(f.last) > l.b.Forget {
		delete(l.keys, key)
		return 0
	}
	return l.b.Wait(f.count, f.last, now)
}

// Wait is how long a key with count failures, the last of them at last,
// must still wait at now; 0: it may try. The Limiter here and the one
// counted in the database (store.Limiter) both answer with it.
func (b Backoff) Wait(count int, last, now time.Time) time.Duration {
	if count < b.Free || now.Sub(last) > b.Forget {
		return 0
	}
	wait := b.First << min(count-b.Free, 20)
	if wait > b.Max || wait <= 0 {
		wait = b.Max
	}
	return max(0, last.Add(wait).Sub(now))
}

// Fail records a failure for the key.
func (l *Limiter) Fail(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	f := l.keys[key]
	if f == nil || now.Sub(f.last) > l.b.Forget {
		f = &failures{}
		l.keys[key] = f
	}
	f.count++
	f.last = now
	if len(l.keys) > maxKeys {
		l.sweep(now)
	}
}

// Reset forgets a key's failures, after a success.
func (l *Limiter) Reset(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.keys, key)
}

func (l *Limiter) sweep(now time.Time) {
	for k, f := range l.keys {
		if now.Sub(f.last) > l.b.Forget {
			delete(l.keys, k)
		}
	}
}

// maxKeys bounds a limiter's memory under a flood of keys: past it, keys
// that have nothing left to count are swept.
const maxKeys = 100_000
