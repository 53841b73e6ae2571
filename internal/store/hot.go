package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
)

// hotReads are the reads every lesson page makes, prepared once on the
// read pool: parsing SQL was a tenth of a page's cost when every query was
// prepared anew. Each alone is a single statement; LessonProgress runs
// several in one read transaction.
type hotReads struct {
	user, latestAttempt, attempts, responses, assigned *sql.Stmt
	due, draft                                         *sql.Stmt // a class student's due line; a written question's draft
}

// assignedExists is true when lesson ?1 is assigned to one of user ?2's
// classes that is not archived.
const assignedExists = `EXISTS (SELECT 1 FROM enrolments e
	JOIN classes c ON c.id = e.class_id AND c.archived = 0
	JOIN assignments a ON a.class_id = e.class_id AND a.lesson_slug = ?1
	WHERE e.user_id = ?2)`

func prepareHotReads(ctx context.Context, pool *sql.DB) (*hotReads, error) {
	h := &hotReads{}
	for _, p := range []struct {
		stmt  **sql.Stmt
		query string
	}{
		{&h.user, `SELECT ` + userColumns + ` FROM users WHERE id = ?`},
		// IDs grow with every insert, so the highest is the latest even if
		// the clock stepped back.
		// Its last column is assignedExists: the lesson page learns both
		// in one statement.
		// Both attempt reads give the learner's points (learnerPoints).
		{&h.latestAttempt, `SELECT ` + learnerAttemptColumns + `, ` + assignedExists + `
			FROM attempts WHERE user_id = ?2 AND lesson_slug = ?1 ORDER BY id DESC LIMIT 1`},
		{&h.attempts, `SELECT ` + learnerAttemptColumns + ` FROM attempts WHERE user_id = ? ORDER BY id`},
		{&h.responses, attemptResponsesSQL},
		{&h.assigned, `SELECT ` + assignedExists},
		{&h.due, studentLessonDueSQL},
		{&h.draft, draftOfSQL},
	} {
		st, err := pool.PrepareContext(ctx, p.query)
		if err != nil {
			return nil, fmt.Errorf("prepare %q: %w", p.query, err)
		}
		*p.stmt = st
	}
	return h, nil
}

func (h *hotReads) close() {
	for _, st := range []*sql.Stmt{h.user, h.latestAttempt, h.attempts, h.responses, h.assigned, h.due, h.draft} {
		if st != nil {
			st.Close()
		}
	}
}

// User returns the user with the given ID, or ErrNotFound.
func (db *DB) User(ctx context.Context, id int64) (*User, error) {
	u, err := scanUser(db.hot.user.QueryRowContext(ctx, id))
	if errors.Is(err, sql.ErrNoRows) {
		err = ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("store: user %d: %w", id, err)
	}
	return u, nil
}

// LatestAttempt returns the user's most recent attempt on the lesson, open
// or finished, or ErrNotFound.
func (db *DB) LatestAttempt(ctx context.Context, userID int64, slug string) (*Attempt, error) {
	a, _, err := db.latestAttempt(ctx, userID, slug)
	return a, err
}

// latestAttempt is LatestAttempt, and whether the lesson is assigned to
// one of the user's classes.
func (db *DB) latestAttempt(ctx context.Context, userID int64, slug string) (a *Attempt, assigned bool, err error) {
	a, err = scanAttempt(db.hot.latestAttempt.QueryRowContext(ctx, slug, userID), &assigned)
	if errors.Is(err, sql.ErrNoRows) {
		err = ErrNotFound
	}
	if err != nil {
		return nil, false, fmt.Errorf("store: latest attempt of user %d on %q: %w", userID, slug, err)
	}
	return a, assigned, nil
}

// Progress is where a learner stands on a lesson: what its page shows.
type Progress struct {
	Attempt   *Attempt   // the latest, open or finished; nil before the first answer
	Responses []Response // the latest attempt's, in the order given
	Grades    []Grade    // teachers' grades on them, in any class, latest first
	Assigned  bool       // the lesson is assigned to one of the learner's classes
}

// LessonProgress reads the user's progress on the lesson: the lesson
// page's reads, in one read transaction (one snapshot: the responses are
// the attempt's as it stood, not as a later answer left them) of two
// prepared statements once the learner has started, and a third for the
// grades when there are written answers.
func (db *DB) LessonProgress(ctx context.Context, userID int64, slug string) (*Progress, error) {
	p := &Progress{}
	err := db.inReadTx(ctx, func(tx *sql.Tx) error {
		// tx.StmtContext reuses the statement already prepared on the
		// transaction's connection: no parsing.
		a, err := scanAttempt(tx.StmtContext(ctx, db.hot.latestAttempt).QueryRowContext(ctx, slug, userID), &p.Assigned)
		if errors.Is(err, sql.ErrNoRows) {
			return tx.StmtContext(ctx, db.hot.assigned).QueryRowContext(ctx, slug, userID).Scan(&p.Assigned)
		}
		if err != nil {
			return err
		}
		p.Attempt = a
		rows, err := tx.StmtContext(ctx, db.hot.responses).QueryContext(ctx, a.ID)
		if err != nil {
			return err
		}
		if p.Responses, err = scanResponses(rows); err != nil {
			return err
		}
		if MayBeGraded(p.Responses) {
			p.Grades, err = queryGrades(ctx, tx, `grades.attempt_id = ?`, a.ID)
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: progress of user %d on %q: %w", userID, slug, err)
	}
	return p, nil
}

// MayBeGraded reports whether a teacher may have graded some of rs: only
// written answers are graded, so most pages need no read of the grades.
func MayBeGraded(rs []Response) bool {
	return slices.ContainsFunc(rs, func(r Response) bool { return r.Pending || r.SelfAssessed })
}

// Attempts returns all the user's attempts, oldest first.
func (db *DB) Attempts(ctx context.Context, userID int64) ([]Attempt, error) {
	rows, err := db.hot.attempts.QueryContext(ctx, userID)
	if err != nil {
		return nil, fmt.Errorf("store: attempts of user %d: %w", userID, err)
	}
	defer rows.Close()
	var as []Attempt
	for rows.Next() {
		a, err := scanAttempt(rows)
		if err != nil {
			return nil, fmt.Errorf("store: attempts of user %d: %w", userID, err)
		}
		as = append(as, *a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: attempts of user %d: %w", userID, err)
	}
	return as, nil
}

// Responses returns the attempt's responses in the order they were given.
func (db *DB) Responses(ctx context.Context, attemptID int64) ([]Response, error) {
	rows, err := db.hot.responses.QueryContext(ctx, attemptID)
	if err != nil {
		return nil, fmt.Errorf("store: responses of attempt %d: %w", attemptID, err)
	}
	rs, err := scanResponses(rows)
	if err != nil {
		return nil, fmt.Errorf("store: responses of attempt %d: %w", attemptID, err)
	}
	return rs, nil
}

// scanResponses reads every row and closes rows.
func scanResponses(rows *sql.Rows) ([]Response, error) {
	defer rows.Close()
	var rs []Response
	for rows.Next() {
		r, err := scanResponse(rows)
		if err != nil {
			return nil, err
		}
		rs = append(rs, *r)
	}
	return rs, rows.Err()
}

// Assigned reports whether the lesson is assigned to one of the user's
// classes (not archived): then a teacher grades their written answers.
func (db *DB) Assigned(ctx context.Context, userID int64, slug string) (bool, error) {
	var yes bool
	if err := db.hot.assigned.QueryRowContext(ctx, slug, userID).Scan(&yes); err != nil {
		return false, fmt.Errorf("store: is %q assigned to user %d: %w", slug, userID, err)
	}
	return yes, nil
}
