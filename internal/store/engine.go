package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/url"
	"strings"
	"time"
)

// engine is what differs between the two databases the store runs on:
// SQLite, embedded in one file (the default), and PostgreSQL, a server
// that any number of Ciphergram servers share. The SQL itself is written
// once (postgres.go rewrites its placeholders); what cannot be is here.
type engine struct {
	name string // "sqlite" or "postgres"

	// migrations is the folder of this engine's migrations in the
	// embedded files: the same numbers and names for both engines.
	migrations string

	// writeTx and readTx open the store's transactions, and writeLock,
	// when set, is the first statement of every write transaction.
	// SQLite has one writer at a time, so every write transaction sees
	// the database as it left it, and a read-only one is one snapshot.
	// PostgreSQL is given the same: one writer at a time across every
	// server, by a lock held until the transaction ends, and a snapshot
	// for each read. Writes that overlap anyway (a deadlock) are retried.
	writeTx, readTx *sql.TxOptions
	writeLock       string

	// answerLock, when set, is the first statement of a transaction that
	// writes one learner's own rows (an answer, a draft, a new try, a
	// review: inLearnerTx), given their user ID. It lets different
	// learners' writes run at once, on several connections, while any
	// other write waits for them and they for it; one learner's own
	// writes still come one at a time. Without it (SQLite), answers share
	// the one writer through group commit (commit.go).
	answerLock string

	// hasMigrationsTable counts the tables named schema_migrations, and
	// tables lists every table's name, in order.
	hasMigrationsTable, tables string

	// afterCopy, when set, runs on each copied table that has an id
	// column (its name twice, for the ? and the %s): PostgreSQL draws new
	// ids from a sequence that copied ids did not advance; SQLite takes
	// the largest id plus one.
	afterCopy string

	// lockMigrations, when set, keeps other servers from migrating the
	// same database at the same time, until the returned func is called.
	lockMigrations func(ctx context.Context, db *sql.DB) (unlock func(), err error)
}

var sqliteEngine = &engine{
	name:               "sqlite",
	migrations:         "migrations/sqlite",
	readTx:             &sql.TxOptions{ReadOnly: true},
	hasMigrationsTable: `SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'`,
	tables:             `SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`,
}

var postgresEngine = &engine{
	name:       "postgres",
	migrations: "migrations/postgres",
	readTx:     &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true},
	// Serializable transactions with retries were tried first: with two
	// servers, 2-3 % of answers were still refused after 10 tries (the
	// tables are small and scanned whole, so any two writes conflict).
	// One writer at a time never refuses, and keeps the store's SQL
	// written for SQLite correct as it is. The number is arbitrary, the
	// same in every server.
	writeLock: `SELECT pg_advisory_xact_lock(1950100302)`,
	// The same lock shared, then the learner's own, in the key space of
	// two 32-bit numbers (which never meets the 64-bit one). Group commit
	// would have one server's answers wait for each other's round trips
	// to the database: 343 answers/s, p50 143 ms, against pages' 2.9 ms.
	answerLock: `SELECT pg_advisory_xact_lock_shared(1950100302),
		pg_advisory_xact_lock(1950, CAST(CAST(? AS BIGINT) % 2147483647 AS INTEGER))`,
	hasMigrationsTable: `SELECT count(*) FROM information_schema.tables
		WHERE table_schema = current_schema() AND table_name = 'schema_migrations'`,
	tables: `SELECT table_name FROM information_schema.tables
		WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`,
	afterCopy: `SELECT setval(pg_get_serial_sequence(?, 'id'), max(id)) FROM %s`,
	lockMigrations: func(ctx context.Context, db *sql.DB) (func(), error) {
		conn, err := db.Conn(ctx)
		if err != nil {
			return nil, err
		}
		// A session lock, held by this one connection: the number is
		// arbitrary, the same in every Ciphergram server.
		if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock(1950100301)`); err != nil {
			conn.Close()
			return nil, err
		}
		return func() {
			conn.ExecContext(context.Background(), `SELECT pg_advisory_unlock(1950100301)`)
			conn.Close()
		}, nil
	},
}

// IsPostgresURL reports whether dsn names a PostgreSQL server rather than
// an SQLite file.
func IsPostgresURL(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Engine is "sqlite" or "postgres".
func (db *DB) Engine() string { return db.engine.name }

// DisplayDSN is dsn as it may be shown: a URL without its password,
// which must not end up in a terminal's scrollback or a log.
func DisplayDSN(dsn string) string {
	if !IsPostgresURL(dsn) {
		return dsn
	}
	u, err := url.Parse(dsn)
	if err != nil {
		return "the PostgreSQL URL given"
	}
	return u.Redacted()
}

// retryable reports whether a write transaction failed only because
// another one overlapped it (PostgreSQL's serialization failure or
// deadlock, which a write outside the store's transactions could still
// cause): nothing was written, and running it again may succeed.
func retryable(err error) bool {
	switch pgCode(err) {
	case "40001", "40P01":
		return true
	}
	return false
}

// maxTries bounds how often a write transaction is run before its
// serialization failure is returned (as IsBusy).
const maxTries = 10

// retryWait is how long to wait before try number n+1: a few milliseconds,
// doubling, with jitter so that the transactions that collided do not
// collide again.
func retryWait(n int) time.Duration {
	d := time.Millisecond << min(n, 6)
	return d/2 + rand.N(d)
}

// sleepCtx waits d, or less if ctx ends first.
func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// ErrBackupEngine: Backup works on SQLite only.
var ErrBackupEngine = errors.New("backup copies an SQLite file; on PostgreSQL, use pg_dump")

// OpenSQL opens a plain database/sql handle on the database dsn names,
// taking the store's own SQL dialect ('?' placeholders, 0/1 flags): for
// tools and tests that read or write rows directly. It applies no
// migrations and goes round the store's rules; the app never uses it.
func OpenSQL(dsn string) (*sql.DB, error) {
	if IsPostgresURL(dsn) {
		return sql.Open(postgresDriver, dsn)
	}
	uri, err := sqliteURI(dsn)
	if err != nil {
		return nil, err
	}
	return sql.Open("sqlite", uri+"?"+pragmas)
}

// Tables lists the database's tables by name, schema_migrations included.
func (db *DB) Tables(ctx context.Context) ([]string, error) {
	rows, err := db.reader.QueryContext(ctx, db.engine.tables)
	if err != nil {
		return nil, fmt.Errorf("store: tables: %w", err)
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, fmt.Errorf("store: tables: %w", err)
		}
		names = append(names, n)
	}
	return names, rows.Err()
}

// withDefaultParams adds to a PostgreSQL URL the settings the store
// relies on, unless the URL sets them: a write that waits for a lock more
// than 5 s gives up (IsBusy), as SQLite's busy_timeout does, so a request
// is answered 503 "try again" instead of hanging.
func withDefaultParams(dsn string) (string, error) {
	u, err := url.Parse(dsn)
	if err != nil {
		return "", errors.New("the PostgreSQL URL cannot be read")
	}
	q := u.Query()
	if !q.Has("lock_timeout") {
		q.Set("lock_timeout", "5000")
	}
	u.RawQuery = q.Encode()
	return u.String(), nil
}
