package store

import (
	"errors"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// ErrUnstorableText: a text holds a NUL byte or is not UTF-8, which
// PostgreSQL cannot store (or look up); nothing was written.
var ErrUnstorableText = errors.New("text with a NUL byte or broken UTF-8")

// IsBusy reports whether err means the database was locked for longer than
// the busy timeout: nothing was written, and the request may be retried.
// On PostgreSQL that is a lock held past lock_timeout, a write refused
// for overlapping others more times than the store retries it, or a
// server that cannot be reached (restarting, or failing over).
func IsBusy(err error) bool {
	if code := pgCode(err); code != "" {
		switch code {
		case "40001", "40P01", "55P03", "57P01", "57P03":
			return true
		}
		return false
	}
	var ce *pgconn.ConnectError
	if errors.As(err, &ce) {
		return true
	}
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return false
	}
	switch se.Code() & 0xff { // the primary code, without extended bits
	case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
		return true
	}
	return false
}

// CannotWrite reports SQLite's "database or disk is full" and write I/O
// errors (a disk out of space, a file size limit): nothing was committed,
// and the same write may succeed once there is room.
// On PostgreSQL, the server's "insufficient resources" errors (class 53:
// disk full, out of memory, too many connections).
func CannotWrite(err error) bool {
	if code := pgCode(err); code != "" {
		return strings.HasPrefix(code, "53")
	}
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return false
	}
	switch se.Code() & 0xff {
	case sqlite3.SQLITE_FULL, sqlite3.SQLITE_IOERR:
		return true
	}
	return false
}
