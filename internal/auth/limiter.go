package auth

import (
	"sync"
	"time"
)

// Limiter counts recent login failures per key and says how long a key
// must wait before its next try. Keys are the caller's: a client address,
// or an account and address together, so that one attacker's guessing does
// not lock the real owner out from their own device.
type Limiter struct {
	mu      sync.Mutex
	now     func() time.Time
	free    int           // failures allowed before any wait
	window  time.Duration // failures older than this are forgotten
	maxWait time.Duration
	keys    map[string]*failures
}

type failures struct {
	count int
	last  time.Time
}

// NewLimiter allows free failures per key, then makes each further try
// wait twice as long as the one before (1 s, 2 s, 4 s, … up to maxWait).
func NewLimiter(free int, window, maxWait time.Duration, now func() time.Time) *Limiter {
	if now == nil {
		now = time.Now
	}
	return &Limiter{now: now, free: free, window: window, maxWait: maxWait, keys: map[string]*failures{}}
}

// Wait returns how long the key must still wait; 0 means it may try now.
func (l *Limiter) Wait(key string) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	f := l.keys[key]
	if f == nil || f.count < l.free {
		return 0
	}
	now := l.now()
	if now.Sub(f.last) > l.window {
		delete(l.keys, key)
		return 0
	}
	wait := time.Second << min(f.count-l.free, 20)
	if wait > l.maxWait {
		wait = l.maxWait
	}
	if left := f.last.Add(wait).Sub(now); left > 0 {
		return left
	}
	return 0
}

// Fail records a failure for the key.
func (l *Limiter) Fail(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	f := l.keys[key]
	if f == nil || now.Sub(f.last) > l.window {
		f = &failures{}
		l.keys[key] = f
	}
	f.count++
	f.last = now
	if len(l.keys) > 100_000 { // bound memory under a flood of keys
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
		if now.Sub(f.last) > l.window {
			delete(l.keys, k)
		}
	}
}
