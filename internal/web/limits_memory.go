package web

import (
	"context"
	"time"

	"github.com/ciphergram/ciphergram/internal/auth"
)

// memoryBackoff and memoryBucket are auth's in-memory counters seen
// through the interfaces the database's counters answer: a context to
// ignore, and no error, ever.
type memoryBackoff struct{ l *auth.Limiter }

func (m memoryBackoff) Wait(_ context.Context, key string) (time.Duration, error) {
	return m.l.Wait(key), nil
}

func (m memoryBackoff) Fail(_ context.Context, key string) error {
	m.l.Fail(key)
	return nil
}

func (m memoryBackoff) Reset(_ context.Context, key string) error {
	m.l.Reset(key)
	return nil
}

type memoryBucket struct{ b *auth.Bucket }

func (m memoryBucket) Wait(_ context.Context, key string) (time.Duration, error) {
	return m.b.Wait(key), nil
}

func (m memoryBucket) Add(_ context.Context, key string) error {
	m.b.Add(key)
	return nil
}

func (m memoryBucket) Take(_ context.Context, key string) (time.Duration, error) {
	return m.b.Take(key), nil
}

func (m memoryBucket) Reset(_ context.Context, key string) error {
	m.b.Reset(key)
	return nil
}
