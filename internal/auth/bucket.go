package auth

import (
	"sync"
	"time"
)

// Bucket limits how often something happens per key: a burst of up to
// Size at once, then one more every Per. Unlike a Limiter it needs no
// quiet time to forget: it drains steadily, so a busy but honest key (a
// school's one address) never fills it by adding up a whole day.
type Bucket struct {
	mu   sync.Mutex
	now  func() time.Time
	size float64
	per  time.Duration
	keys map[string]*level
}

type level struct {
	fill float64 // events still counted, as of at
	at   time.Time
}

// NewBucket allows size events at once per key, then one every per; now
// is its clock (nil: the real one).
func NewBucket(size int, per time.Duration, now func() time.Time) *Bucket {
	if now == nil {
		now = time.Now
	}
	return &Bucket{now: now, size: float64(size), per: per, keys: map[string]*level{}}
}

// current is the key's fill drained up to now; the caller holds mu.
func (b *Bucket) current(key string, now time.Time) float64 {
	lv := b.keys[key]
	if lv == nil {
		return 0
	}
	return max(0, lv.fill-float64(now.Sub(lv.at))/float64(b.per))
}

// Wait returns how long until one more event fits; 0: it fits now.
func (b *Bucket) Wait(key string) time.Duration {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.wait(b.current(key, b.now()))
}

func (b *Bucket) wait(fill float64) time.Duration {
	if over := fill + 1 - b.size; over > 0 {
		return time.Duration(over * float64(b.per))
	}
	return 0
}

// Add counts one event, whether it fitted or not.
func (b *Bucket) Add(key string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	now := b.now()
	b.keys[key] = &level{fill: min(b.current(key, now)+1, b.size), at: now}
	if len(b.keys) > maxKeys {
		b.sweep(now)
	}
}

// Take counts one event if it fits and returns 0, or returns how long
// until it would fit and counts nothing: a check and a count in one step,
// so two requests at once cannot both take the last place.
func (b *Bucket) Take(key string) time.Duration {
	b.mu.Lock()
	defer b.mu.Unlock()
	now := b.now()
	fill := b.current(key, now)
	if w := b.wait(fill); w > 0 {
		return w
	}
	b.keys[key] = &level{fill: fill + 1, at: now}
	if len(b.keys) > maxKeys {
		b.sweep(now)
	}
	return 0
}

func (b *Bucket) sweep(now time.Time) {
	for k := range b.keys {
		if b.current(k, now) == 0 {
			delete(b.keys, k)
		}
	}
}

// Reset forgets a key's events, after a success.
func (b *Bucket) Reset(key string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	delete(b.keys, key)
}
