package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
)

// The store's SQL is written once, with SQLite's '?' placeholders. On
// PostgreSQL it goes through this driver, a thin wrapper of pgx's
// database/sql driver that makes the two differences the queries would
// otherwise need twice: each '?' becomes $1, $2, …, and a Go bool becomes
// the 0 or 1 that the integer flag columns hold (as the sqlite driver does).
// Everything else that differs between the engines is in engine.go.

const postgresDriver = "ciphergram-pgx"

func init() { sql.Register(postgresDriver, pgDriver{}) }

type pgDriver struct{}

func (pgDriver) Open(name string) (driver.Conn, error) {
	c, err := pgDriver{}.OpenConnector(name)
	if err != nil {
		return nil, err
	}
	return c.Connect(context.Background())
}

func (pgDriver) OpenConnector(name string) (driver.Connector, error) {
	c, err := stdlib.GetDefaultDriver().(driver.DriverContext).OpenConnector(name)
	if err != nil {
		return nil, err
	}
	return pgConnector{c}, nil
}

type pgConnector struct{ driver.Connector }

func (c pgConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return pgConn{conn.(*stdlib.Conn)}, nil
}

func (pgConnector) Driver() driver.Driver { return pgDriver{} }

// pgConn is pgx's connection with the store's queries rewritten.
type pgConn struct{ c *stdlib.Conn }

func (p pgConn) Prepare(query string) (driver.Stmt, error) { return p.c.Prepare(rebind(query)) }
func (p pgConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	return p.c.PrepareContext(ctx, rebind(query))
}
func (p pgConn) Close() error              { return p.c.Close() }
func (p pgConn) Begin() (driver.Tx, error) { return p.c.Begin() }
func (p pgConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	return p.c.BeginTx(ctx, opts)
}
func (p pgConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	return p.c.ExecContext(ctx, rebind(query), args)
}
func (p pgConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	return p.c.QueryContext(ctx, rebind(query), args)
}
func (p pgConn) Ping(ctx context.Context) error         { return p.c.Ping(ctx) }
func (p pgConn) ResetSession(ctx context.Context) error { return p.c.ResetSession(ctx) }

func (p pgConn) CheckNamedValue(v *driver.NamedValue) error {
	// PostgreSQL's text holds neither a NUL nor broken UTF-8, which SQLite
	// would store; say so before sending, so that what a user typed is
	// refused with a message (ErrUnstorableText), never a server error.
	if s, ok := v.Value.(string); ok && (strings.IndexByte(s, 0) >= 0 || !utf8.ValidString(s)) {
		return ErrUnstorableText
	}
	if b, ok := v.Value.(bool); ok {
		v.Value = int64(0)
		if b {
			v.Value = int64(1)
		}
	}
	return p.c.CheckNamedValue(v)
}

// rebinds caches rewritten queries: the store's queries are a fixed set of
// literals (and a few built with a bounded number of placeholders).
var rebinds sync.Map

// rebind turns each '?' outside quotes and comments into $1, $2, …, and
// each numbered ?N into $N.
func rebind(query string) string {
	if q, ok := rebinds.Load(query); ok {
		return q.(string)
	}
	if !strings.Contains(query, "?") {
		return query
	}
	var b strings.Builder
	n := 0
	for i := 0; i < len(query); i++ {
		c := query[i]
		switch {
		case c == '\'' || c == '"':
			end := strings.IndexByte(query[i+1:], c)
			if end < 0 { // unclosed: the server will say so
				b.WriteString(query[i:])
				i = len(query)
				continue
			}
			b.WriteString(query[i : i+end+2])
			i += end + 1
			continue
		case c == '-' && strings.HasPrefix(query[i:], "--"):
			end := strings.IndexByte(query[i:], '\n')
			if end < 0 {
				end = len(query) - i
			}
			b.WriteString(query[i : i+end])
			i += end - 1
			continue
		case c == '?':
			// SQLite's numbered ?NNN is PostgreSQL's $NNN.
			j := i + 1
			for j < len(query) && query[j] >= '0' && query[j] <= '9' {
				j++
			}
			b.WriteByte('$')
			if j > i+1 {
				b.WriteString(query[i+1 : j])
				i = j - 1
			} else {
				n++
				b.WriteString(strconv.Itoa(n))
			}
			continue
		}
		b.WriteByte(c)
	}
	q := b.String()
	rebinds.Store(query, q)
	return q
}

// pgCode is the SQLSTATE of a PostgreSQL error, or "".
func pgCode(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code
	}
	return ""
}
