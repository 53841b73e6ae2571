// Package store keeps Ciphergram's data in one database, an SQLite file or
// a PostgreSQL server (engine.go says what differs): users, attempts and
// their responses, the review schedule, settings, classes with their
// enrolments, assignments and grades, and teachers' sources and lessons.
// It knows nothing about HTTP.
//
// Times are stored as UTC unix seconds and returned in UTC.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

var (
	ErrNotFound        = errors.New("not found")
	ErrUsernameTaken   = errors.New("username taken")
	ErrAttemptFinished = errors.New("attempt finished")
	// ErrDisplayNameTaken: a classmate's display name looks the same.
	ErrDisplayNameTaken = errors.New("display name taken in this class")
	// ErrClassNameTaken: another of the teacher's classes has a name that
	// looks the same.
	ErrClassNameTaken = errors.New("class name taken by another class of the teacher")
)

// DB is the application's database. On SQLite, writes go through a
// one-connection pool so they queue in Go instead of failing with
// SQLITE_BUSY; reads use their own pool and, thanks to WAL, never wait for
// a writer. On PostgreSQL both pools are a server's connections, and
// locks give writes the same one-at-a-time meaning (engine.go).
type DB struct {
	engine *engine
	writer *sql.DB
	reader *sql.DB

	// Now is the clock every stored time comes from; tests replace it.
	Now func() time.Time

	commits *committer      // group commit for answers (SQLite; nil on PostgreSQL)
	submits *preparedWrites // prepared statements of storing an answer
	hot     *hotReads       // prepared reads of the lesson page
}

// Pragmas go in the DSN so that every connection either pool opens has them;
// busy_timeout comes first so the others wait for locks instead of failing.
const pragmas = "_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)" +
	"&_pragma=foreign_keys(1)&_pragma=synchronous(FULL)"

// Open opens the database dsn names and applies any migrations not yet
// applied: a postgres:// or postgresql:// URL is a PostgreSQL server,
// anything else the path of an SQLite file, created if it is missing.
func Open(ctx context.Context, dsn string) (*DB, error) {
	db := &DB{Now: time.Now}
	var err error
	if IsPostgresURL(dsn) {
		err = db.openPostgres(ctx, dsn)
	} else {
		err = db.openSQLite(ctx, dsn)
	}
	if err == nil {
		err = db.prepare(ctx)
	}
	if err != nil {
		if db.reader != nil {
			db.reader.Close()
		}
		if db.writer != nil {
			db.writer.Close()
		}
		return nil, fmt.Errorf("store: open %s: %w", DisplayDSN(dsn), err)
	}
	if db.engine.answerLock == "" {
		db.commits = newCommitter(db)
	}
	return db, nil
}

// sqliteURI is path as a file: URI, escaped so that a '?' or '#' in a
// file name cannot be mistaken for the start of the parameters.
func sqliteURI(path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}).String(), nil
}

func (db *DB) openSQLite(ctx context.Context, path string) error {
	db.engine = sqliteEngine
	uri, err := sqliteURI(path)
	if err != nil {
		return err
	}

	// _txlock=immediate: a write transaction takes the write lock at BEGIN,
	// so it can never fail halfway when upgrading from a read lock.
	if db.writer, err = sql.Open("sqlite", uri+"?"+pragmas+"&_txlock=immediate"); err != nil {
		return err
	}
	db.writer.SetMaxOpenConns(1)
	if err := db.migrate(ctx); err != nil {
		return err
	}

	// The read pool is opened after the migrations so its connections find
	// the file already in WAL mode. No query_only: Backup runs here.
	if db.reader, err = sql.Open("sqlite", uri+"?"+pragmas); err != nil {
		return err
	}
	db.reader.SetMaxOpenConns(4)
	db.reader.SetMaxIdleConns(4) // keep them: each new one reruns the pragmas
	return db.reader.PingContext(ctx)
}

// Connections each pool keeps to a PostgreSQL server: the writers are
// mostly answers, stored at once on as many connections (engine.go), and
// PostgreSQL shares one sync of its log between commits that meet.
const (
	postgresWriters = 12
	postgresReaders = 8
)

func (db *DB) openPostgres(ctx context.Context, dsn string) error {
	db.engine = postgresEngine
	dsn, err := withDefaultParams(dsn)
	if err != nil {
		return err
	}
	if db.writer, err = sql.Open(postgresDriver, dsn); err != nil {
		return err
	}
	db.writer.SetMaxOpenConns(postgresWriters)
	db.writer.SetMaxIdleConns(postgresWriters)
	if err := db.writer.PingContext(ctx); err != nil {
		return err
	}
	if err := db.migrate(ctx); err != nil {
		return err
	}
	if db.reader, err = sql.Open(postgresDriver, dsn); err != nil {
		return err
	}
	db.reader.SetMaxOpenConns(postgresReaders)
	db.reader.SetMaxIdleConns(postgresReaders)
	return db.reader.PingContext(ctx)
}

// prepare readies the statements of the lesson page and of an answer.
func (db *DB) prepare(ctx context.Context) error {
	var err error
	if db.hot, err = prepareHotReads(ctx, db.reader); err != nil {
		return err
	}
	if db.submits, err = prepareWrites(ctx, db.writer, submitQueries); err != nil {
		db.hot.close()
		return err
	}
	return nil
}

// Close closes both pools.
func (db *DB) Close() error {
	if db.commits != nil {
		db.commits.close() // answers already taken are committed first
	}
	db.submits.close()
	db.hot.close()
	var errs []error
	if db.reader != nil {
		errs = append(errs, db.reader.Close())
	}
	errs = append(errs, db.writer.Close())
	return errors.Join(errs...)
}

//go:embed migrations
var migrations embed.FS

type migration struct {
	version int
	name    string
}

// migrate applies, in version order, each embedded migrations/NNN_name.sql
// not yet recorded in schema_migrations, each in its own transaction.
// A database that is already current is only read, so that opening it
// beside a busy server (as `ciphergram backup` does) never waits for the
// write lock.
func (db *DB) migrate(ctx context.Context) error {
	names, err := fs.Glob(migrations, db.engine.migrations+"/*.sql")
	if err != nil {
		return err
	}
	var ms []migration
	for _, name := range names {
		prefix, _, _ := strings.Cut(path.Base(name), "_")
		v, err := strconv.Atoi(prefix)
		if err != nil || v <= 0 {
			return fmt.Errorf("migration %s: name must start with a positive number and '_'", name)
		}
		ms = append(ms, migration{v, name})
	}
	slices.SortFunc(ms, func(a, b migration) int { return a.version - b.version })
	for i, m := range ms {
		if i > 0 && ms[i-1].version == m.version {
			return fmt.Errorf("migrations %s and %s share version %d", ms[i-1].name, m.name, m.version)
		}
	}
	if current, err := db.applied(ctx, ms); err != nil || current {
		return err
	}
	if lock := db.engine.lockMigrations; lock != nil {
		unlock, err := lock(ctx, db.writer)
		if err != nil {
			return fmt.Errorf("lock for migrations: %w", err)
		}
		defer unlock()
	}
	if _, err := db.writer.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER PRIMARY KEY,
		applied_at INTEGER NOT NULL
	)`); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	for _, m := range ms {
		if err := db.applyMigration(ctx, m); err != nil {
			return fmt.Errorf("migration %s: %w", m.name, err)
		}
	}
	return nil
}

// applied reports whether every migration in ms is recorded, with reads
// alone. A new file has no schema_migrations table yet: not current.
func (db *DB) applied(ctx context.Context, ms []migration) (bool, error) {
	var tables int
	if err := db.writer.QueryRowContext(ctx, db.engine.hasMigrationsTable).Scan(&tables); err != nil {
		return false, fmt.Errorf("read schema: %w", err)
	}
	if tables == 0 {
		return false, nil
	}
	for _, m := range ms {
		var n int
		if err := db.writer.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE version = ?`, m.version).Scan(&n); err != nil {
			return false, fmt.Errorf("read schema_migrations: %w", err)
		}
		if n == 0 {
			return false, nil
		}
	}
	return true, nil
}

func (db *DB) applyMigration(ctx context.Context, m migration) error {
	return db.inWriteTx(ctx, func(tx *sql.Tx) error {
		// Checked inside the (immediate) transaction, so two processes
		// opening the same file cannot both apply it.
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE version = ?`, m.version).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return nil
		}
		body, err := fs.ReadFile(migrations, m.name)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, string(body)); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)`,
			m.version, db.now())
		return err
	})
}

// Backup writes a consistent copy of the database to path, which must not
// exist. It runs on the read pool, so writes carry on meanwhile.
func (db *DB) Backup(ctx context.Context, path string) error {
	if db.engine != sqliteEngine {
		return fmt.Errorf("store: %w", ErrBackupEngine)
	}
	if _, err := os.Lstat(path); err == nil {
		return fmt.Errorf("store: backup to %s: %w", path, fs.ErrExist)
	}
	if _, err := db.reader.ExecContext(ctx, `VACUUM INTO ?`, path); err != nil {
		return fmt.Errorf("store: backup to %s: %w", path, err)
	}
	// SQLite does not fsync the file VACUUM INTO writes; a backup that a
	// power cut can lose is no backup.
	if err := syncFile(path); err != nil {
		return fmt.Errorf("store: backup to %s: %w", path, err)
	}
	return nil
}

func syncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// now returns the clock's time as stored: UTC unix seconds.
func (db *DB) now() int64 { return db.Now().Unix() }

func fromUnix(sec int64) time.Time { return time.Unix(sec, 0).UTC() }

// Every method of the store owns its transaction, and there is one way to
// have one: inWriteTx for writes (inLearnerTx for a write of one learner's
// own rows), on the writer pool, and inReadTx for reads of more than one
// statement, so they see one snapshot. Helpers take the *sql.Tx (or a
// querier) and return bare errors; the method wraps them once, as
// "store: what it did: %w". Two exceptions, both for speed: a read of a
// single statement runs on the read pool directly (it is its own
// snapshot), and on SQLite answers share the group committer's
// transaction (commit.go).

// inWriteTx runs fn in a write transaction on the writer (immediate on
// SQLite, under the write lock on PostgreSQL: engine.go), committing if
// fn succeeds and rolling back otherwise. A transaction refused because
// another overlapped it is run again, from the start: fn must do nothing
// outside the transaction that it cannot do twice.
func (db *DB) inWriteTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	return db.inLockedTx(ctx, fn, db.engine.writeLock)
}

// inLearnerTx is inWriteTx for a write that touches only one learner's
// own rows (their attempts, answers, drafts, reviews; or a new guest for
// user 0): on PostgreSQL it runs beside other learners' (engine.answerLock).
func (db *DB) inLearnerTx(ctx context.Context, userID int64, fn func(tx *sql.Tx) error) error {
	if db.engine.answerLock == "" {
		return db.inWriteTx(ctx, fn)
	}
	return db.inLockedTx(ctx, fn, db.engine.answerLock, userID)
}

// inLockedTx is inWriteTx with lock (and its args) as the transaction's
// first statement, if not empty.
func (db *DB) inLockedTx(ctx context.Context, fn func(tx *sql.Tx) error, lock string, args ...any) error {
	for try := 0; ; try++ {
		err := db.writeOnce(ctx, fn, lock, args)
		if !retryable(err) || try+1 == maxTries {
			return err
		}
		if err := sleepCtx(ctx, retryWait(try)); err != nil {
			return err
		}
	}
}

func (db *DB) writeOnce(ctx context.Context, fn func(tx *sql.Tx) error, lock string, args []any) error {
	tx, err := db.beginWrite(ctx, lock, args...)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// beginWrite opens a write transaction whose first statement is lock
// (none if empty).
func (db *DB) beginWrite(ctx context.Context, lock string, args ...any) (*sql.Tx, error) {
	tx, err := db.writer.BeginTx(ctx, db.engine.writeTx)
	if err != nil || lock == "" {
		return tx, err
	}
	if _, err := tx.ExecContext(ctx, lock, args...); err != nil {
		tx.Rollback()
		return nil, err
	}
	return tx, nil
}

// inReadTx runs fn in a read-only transaction on the read pool (one
// snapshot for all its statements).
func (db *DB) inReadTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := db.reader.BeginTx(ctx, db.engine.readTx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	return fn(tx)
}

// execOne runs a statement meant to change one row: ErrNotFound if it
// changed none.
func execOne(ctx context.Context, tx *sql.Tx, query string, args ...any) error {
	res, err := tx.ExecContext(ctx, query, args...)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return ErrNotFound
	}
	return nil
}
