package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/ciphergram/ciphergram/internal/auth"
)

// The guessing limits of auth (Limiter, Bucket) counted in the table
// limit_counts instead of one process's memory, so that every server on
// the database sees one count: failures on one server make the others
// refuse too. Each count is one upsert, so two servers counting the same
// key at once cannot both miss the other's count (PostgreSQL locks the
// row for ON CONFLICT DO UPDATE; SQLite has one writer). Keys arrive
// already hashed by the caller. Times are whole unix seconds, as
// everywhere in the store.

// Limiter is auth.Limiter kept in the database: failures per key, and
// waits that grow with them (auth.Backoff).
type Limiter struct {
	db      *DB
	counter string
	b       auth.Backoff
}

// Limiter returns the database's counter named counter, answering
// failures as b says.
func (db *DB) Limiter(counter string, b auth.Backoff) *Limiter {
	return &Limiter{db: db, counter: counter, b: b}
}

// Wait returns how long the key must still wait; 0 means it may try now.
func (l *Limiter) Wait(ctx context.Context, key string) (time.Duration, error) {
	var fails int
	var at int64
	err := l.db.reader.QueryRowContext(ctx, `SELECT fails, at FROM limit_counts WHERE counter = ? AND key = ?`,
		l.counter, key).Scan(&fails, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("store: limit %s: %w", l.counter, err)
	}
	return l.b.Wait(fails, fromUnix(at), l.db.Now()), nil
}

// Fail records a failure for the key: a key whose earlier failures are
// forgotten (past expires) starts again from one.
func (l *Limiter) Fail(ctx context.Context, key string) error {
	now := l.db.now()
	_, err := l.db.writer.ExecContext(ctx, `INSERT INTO limit_counts (counter, key, fails, at, expires) VALUES (?, ?, 1, ?, ?)
		ON CONFLICT (counter, key) DO UPDATE SET
			fails = CASE WHEN limit_counts.expires < excluded.at THEN 1 ELSE limit_counts.fails + 1 END,
			at = excluded.at, expires = excluded.expires`,
		l.counter, key, now, now+seconds(l.b.Forget))
	if err != nil {
		return fmt.Errorf("store: limit %s: %w", l.counter, err)
	}
	return nil
}

// Reset forgets a key's failures, after a success.
func (l *Limiter) Reset(ctx context.Context, key string) error {
	return l.db.resetLimit(ctx, l.counter, key)
}

// Bucket is auth.Bucket kept in the database: a burst of r.Size events
// per key, then one every r.Per (whole seconds). The row's expires is the
// time the bucket will be empty, as auth.Rate describes.
type Bucket struct {
	db      *DB
	counter string
	r       auth.Rate
}

// Bucket returns the database's bucket named counter, filling at r.
func (db *DB) Bucket(counter string, r auth.Rate) *Bucket {
	return &Bucket{db: db, counter: counter, r: r}
}

// nextEmpty is auth.Rate.Next in SQL, over the row and the event (its
// time is excluded.at): later of the stored empty time and now, plus Per,
// the one parameter.
const nextEmpty = `(CASE WHEN limit_counts.expires > excluded.at THEN limit_counts.expires ELSE excluded.at END + ?)`

// Wait returns how long until one more event fits; 0: it fits now.
func (b *Bucket) Wait(ctx context.Context, key string) (time.Duration, error) {
	var empty int64
	err := b.db.reader.QueryRowContext(ctx, `SELECT expires FROM limit_counts WHERE counter = ? AND key = ?`,
		b.counter, key).Scan(&empty)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("store: limit %s: %w", b.counter, err)
	}
	return b.r.Wait(fromUnix(empty), b.db.Now()), nil
}

// Add counts one event, whether it fitted or not; a full bucket stays full.
func (b *Bucket) Add(ctx context.Context, key string) error {
	now := b.db.now()
	per, full := seconds(b.r.Per), b.r.Full(fromUnix(now)).Unix()
	_, err := b.db.writer.ExecContext(ctx, `INSERT INTO limit_counts (counter, key, at, expires) VALUES (?, ?, ?, ?)
		ON CONFLICT (counter, key) DO UPDATE SET at = excluded.at,
			expires = CASE WHEN `+nextEmpty+` > ? THEN ? ELSE `+nextEmpty+` END`,
		b.counter, key, now, now+per, per, full, full, per)
	if err != nil {
		return fmt.Errorf("store: limit %s: %w", b.counter, err)
	}
	return nil
}

// Take counts one event if it fits and returns 0, or returns how long
// until it would fit and counts nothing. The check and the count are one
// statement, so two servers at once cannot both take the last place.
func (b *Bucket) Take(ctx context.Context, key string) (time.Duration, error) {
	now := b.db.now()
	per, full := seconds(b.r.Per), b.r.Full(fromUnix(now)).Unix()
	var empty int64
	err := b.db.writer.QueryRowContext(ctx, `INSERT INTO limit_counts (counter, key, at, expires) VALUES (?, ?, ?, ?)
		ON CONFLICT (counter, key) DO UPDATE SET at = excluded.at, expires = `+nextEmpty+`
		WHERE `+nextEmpty+` <= ?
		RETURNING expires`,
		b.counter, key, now, now+per, per, per, full).Scan(&empty)
	if errors.Is(err, sql.ErrNoRows) { // it did not fit: nothing was written
		w, err := b.Wait(ctx, key)
		return max(w, time.Second), err // never 0, which would say it was taken
	}
	if err != nil {
		return 0, fmt.Errorf("store: limit %s: %w", b.counter, err)
	}
	return 0, nil
}

// Reset forgets a key's events, after a success.
func (b *Bucket) Reset(ctx context.Context, key string) error {
	return b.db.resetLimit(ctx, b.counter, key)
}

func (db *DB) resetLimit(ctx context.Context, counter, key string) error {
	if _, err := db.writer.ExecContext(ctx, `DELETE FROM limit_counts WHERE counter = ? AND key = ?`, counter, key); err != nil {
		return fmt.Errorf("store: limit %s: %w", counter, err)
	}
	return nil
}

// SweepLimits deletes the counts that have nothing left to count (their
// failures forgotten, their bucket empty) and returns how many.
func (db *DB) SweepLimits(ctx context.Context) (int64, error) {
	res, err := db.writer.ExecContext(ctx, `DELETE FROM limit_counts WHERE expires < ?`, db.now())
	if err != nil {
		return 0, fmt.Errorf("store: sweep limits: %w", err)
	}
	return res.RowsAffected()
}

// seconds is d in whole seconds, at least one: the table counts seconds.
func seconds(d time.Duration) int64 {
	return max(1, int64((d+time.Second-1)/time.Second))
}
