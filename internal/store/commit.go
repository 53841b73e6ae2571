package store

import (
	"context"
	"errors"
	"fmt"
	"sync"
)

// ErrClosed is a submission made after Close.
var ErrClosed = errors.New("store: closed")

// maxBatch bounds how many answers share one transaction, so one batch
// never holds the write lock for long.
const maxBatch = 256

// committer is group commit for answers. One goroutine takes the
// submissions waiting at that moment, applies them in one immediate
// transaction — each behind its own savepoint, so one failing answer does
// not undo the others — commits once, and only then replies to each. With
// synchronous=FULL a commit costs one sync of the disk, so many answers
// share the cost that one answer alone would pay; under light load a batch
// is a single answer and nothing waits. It is SQLite's, with its one
// writer; on PostgreSQL each answer has a transaction of its own
// (DB.submitAlone), and the server shares the syncs.
type committer struct {
	db       *DB
	requests chan *submitRequest

	mu     sync.RWMutex // held for reading while sending, so Close cannot close the channel under a sender
	closed bool
	done   chan struct{} // closed when the loop has answered every request
}

type submitRequest struct {
	ctx   context.Context
	s     Submission
	reply chan submitResult
}

type submitResult struct {
	sub *Submitted
	err error
}

func newCommitter(db *DB) *committer {
	c := &committer{db: db, requests: make(chan *submitRequest, maxBatch), done: make(chan struct{})}
	go c.loop()
	return c
}

func (c *committer) submit(ctx context.Context, s Submission) (*Submitted, error) {
	req := &submitRequest{ctx: ctx, s: s, reply: make(chan submitResult, 1)}
	c.mu.RLock()
	if c.closed {
		c.mu.RUnlock()
		return nil, ErrClosed
	}
	select {
	case c.requests <- req:
	case <-ctx.Done():
		c.mu.RUnlock()
		return nil, ctx.Err()
	}
	c.mu.RUnlock()
	// Always wait for the reply, even if ctx ends: the answer may already be
	// in a transaction, and the caller must not assume either way.
	res := <-req.reply
	return res.sub, res.err
}

// close stops taking submissions and returns once every one already taken
// has been committed or refused.
func (c *committer) close() {
	c.mu.Lock()
	if !c.closed {
		c.closed = true
		close(c.requests)
	}
	c.mu.Unlock()
	<-c.done
}

func (c *committer) loop() {
	defer close(c.done)
	batch := make([]*submitRequest, 0, maxBatch)
	for req := range c.requests {
		batch = append(batch[:0], req)
	gather:
		for len(batch) < maxBatch {
			select {
			case more, ok := <-c.requests:
				if !ok {
					break gather
				}
				batch = append(batch, more)
			default:
				break gather
			}
		}
		c.commit(batch)
	}
}

// commit applies a batch in one transaction and replies to each request.
func (c *committer) commit(batch []*submitRequest) {
	results := make([]submitResult, len(batch))
	err := c.apply(batch, results)
	for i, req := range batch {
		if err != nil && results[i].err == nil {
			// The commit failed: nothing of this batch is stored.
			results[i] = submitResult{err: fmt.Errorf("store: submit: %w", err)}
		}
		req.reply <- results[i]
	}
}

func (c *committer) apply(batch []*submitRequest, results []submitResult) error {
	// The transaction is the batch's, not one request's: a client that
	// leaves must not roll back the answers of the others.
	ctx := context.Background()
	tx, err := c.db.writer.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	ptx := c.db.submits.in(tx)
	now := c.db.now()
	for i, req := range batch {
		if err := req.ctx.Err(); err != nil {
			results[i].err = err // gone before its turn: not stored, not acknowledged
			continue
		}
		if _, err := ptx.ExecContext(ctx, savepointSQL); err != nil {
			return err
		}
		sub, err := submitInTx(ctx, ptx, req.s, now)
		if err != nil {
			if _, rerr := ptx.ExecContext(ctx, rollbackToSQL); rerr != nil {
				return rerr
			}
			results[i].err = err
		} else {
			results[i].sub = sub
		}
		if _, err := ptx.ExecContext(ctx, releaseSQL); err != nil {
			return err
		}
	}
	return tx.Commit()
}
