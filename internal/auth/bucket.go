package auth

import (
	"sync"
	"time"
)

// Rate is how a Bucket lets events through: a burst of up to Size at
// once, then one more every Per.
//
// A key's whole state is one time: when its bucket will be empty. Each
// event moves it Per later (from now, if it is already past), and an
// event fits while that stays within Size×Per of now (the "generic cell
// rate algorithm"). One number is what lets the database keep the same
// count in one statement (store.Bucket); the methods below are the
// arithmetic both share.
type Rate struct {
	Size int
	Per  time.Duration
}

// Next is when the bucket will be empty after one more event at now.
func (r Rate) Next(empty, now time.Time) time.Time {
	return later(empty, now).Add(r.Per)
}

// Full is the empty time of a full bucket at now.
func (r Rate) Full(now time.Time) time.Time {
	return now.Add(time.Duration(r.Size) * r.Per)
}

// Wait is how long until one more event fits in a bucket empty at
// empty; 0: it fits now.
func (r Rate) Wait(empty, now time.Time) time.Duration {
	return max(0, r.Next(empty, now).Sub(r.Full(now)))
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// Bucket limits how often something happens per key, at a Rate. Unlike
// a Limiter it needs no quiet time to forget: it drains steadily, so a
// busy but honest key (a school's one address) never fills it by adding
// up a whole day.
type Bucket struct {
	mu   sync.Mutex
	now  func() time.Time
	r    Rate
	keys map[string]time.Time // when each key's bucket is empty
}

// NewBucket allows size events at once per key, then one every per; now
// is its clock (nil: the real one).
func NewBucket(size int, per time.Duration, now func() time.Time) *Bucket {
	if now == nil {
		now = time.Now
	}
	return &Bucket{now: now, r: Rate{Size: size, Per: per}, keys: map[string]time.Time{}}
}

// Wait returns how long until one more event fits; 0: it fits now.
func (b *Bucket) Wait(key string) time.Duration {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.r.Wait(b.keys[key], b.now())
}

// Add counts one event, whether it fitted or not; a full bucket stays full.
func (b *Bucket) Add(key string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	now := b.now()
	next, full := b.r.Next(b.keys[key], now), b.r.Full(now)
	if next.After(full) {
		next = full
	}
	b.set(key, next, now)
}

// Take counts one event if it fits and returns 0, or returns how long
// until it would fit and counts nothing: a check and a count in one step,
// so two requests at once cannot both take the last place.
func (b *Bucket) Take(key string) time.Duration {
	b.mu.Lock()
	defer b.mu.Unlock()
	now := b.now()
	if w := b.r.Wait(b.keys[key], now); w > 0 {
		return w
	}
	b.set(key, b.r.Next(b.keys[key], now), now)
	return 0
}

// set records key's empty time; the caller holds mu.
func (b *Bucket) set(key string, empty, now time.Time) {
	b.keys[key] = empty
	if len(b.keys) > maxKeys {
		for k, e := range b.keys {
			if !e.After(now) {
				delete(b.keys, k)
			}
		}
	}
}

// Reset forgets a key's events, after a success.
func (b *Bucket) Reset(key string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	delete(b.keys, key)
}
