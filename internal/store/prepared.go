package store

import (
	"context"
	"database/sql"
	"fmt"
	"sync/atomic"
)

// querier runs SQL: a *sql.Tx, or a preparedTx. The helpers an answer's
// transaction calls take one, so other callers can pass a plain *sql.Tx.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// Savepoints of the group commit: each answer is one, inside the batch's
// transaction.
const (
	savepointSQL  = `SAVEPOINT answer`
	rollbackToSQL = `ROLLBACK TO answer`
	releaseSQL    = `RELEASE answer`
)

// submitQueries is every statement that storing one answer runs (the
// group commit's savepoints, submitInTx and the helpers it calls).
// Parsing them anew for every answer was about a tenth of the server's CPU
// under a class's load. A statement missing here still runs, parsed each
// time, and is counted in DB.unprepared for the tests to notice.
var submitQueries = []string{
	savepointSQL, rollbackToSQL, releaseSQL,
	userQuery(`id = ?`), insertGuestSQL, touchUserSQL,
	attemptQuery(`id = ?`),
	attemptQuery(`id = ? AND user_id = ? AND lesson_slug = ?`),
	attemptQuery(`user_id = ? AND lesson_slug = ? AND finished_at IS NULL`),
	insertAttemptSQL, answeredAttemptSQL,
	attemptResponsesSQL, insertResponseSQL, scheduleReviewSQL,
	dropResponseSQL, moveAttemptSQL, deleteDraftSQL,
}

// preparedWrites are statements prepared once on the writer pool's only
// connection, by their SQL text.
type preparedWrites struct {
	stmts      map[string]*sql.Stmt
	unprepared *atomic.Int64
}

func prepareWrites(ctx context.Context, writer *sql.DB, queries []string) (*preparedWrites, error) {
	p := &preparedWrites{stmts: map[string]*sql.Stmt{}, unprepared: new(atomic.Int64)}
	for _, q := range queries {
		st, err := writer.PrepareContext(ctx, q)
		if err != nil {
			p.close()
			return nil, fmt.Errorf("prepare %q: %w", q, err)
		}
		p.stmts[q] = st
	}
	return p, nil
}

func (p *preparedWrites) close() {
	for _, st := range p.stmts {
		st.Close()
	}
}

// in returns tx running these statements prepared.
func (p *preparedWrites) in(tx *sql.Tx) preparedTx { return preparedTx{tx: tx, p: p} }

// preparedTx is a write transaction that runs the prepared statements
// without parsing them again (database/sql reuses a statement already
// prepared on the transaction's connection), and any other SQL as a
// plain *sql.Tx would.
type preparedTx struct {
	tx *sql.Tx
	p  *preparedWrites
}

func (t preparedTx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if st, ok := t.p.stmts[query]; ok {
		return t.tx.StmtContext(ctx, st).ExecContext(ctx, args...)
	}
	t.p.unprepared.Add(1)
	return t.tx.ExecContext(ctx, query, args...)
}

func (t preparedTx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if st, ok := t.p.stmts[query]; ok {
		return t.tx.StmtContext(ctx, st).QueryRowContext(ctx, args...)
	}
	t.p.unprepared.Add(1)
	return t.tx.QueryRowContext(ctx, query, args...)
}

func (t preparedTx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if st, ok := t.p.stmts[query]; ok {
		return t.tx.StmtContext(ctx, st).QueryContext(ctx, args...)
	}
	t.p.unprepared.Add(1)
	return t.tx.QueryContext(ctx, query, args...)
}
