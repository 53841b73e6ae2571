package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"
)

// Attempt is one pass of a user through a lesson.
type Attempt struct {
	ID, UserID             int64
	LessonSlug, LessonHash string // the hash of the lesson content when it started
	StartedAt              time.Time
	FinishedAt             time.Time // zero while open
	Points                 float64   // sum of the responses' points so far
	MaxPoints              float64
	Finished               bool
	// Seed draws the order its questions' choices are shown in; a new
	// attempt (a retry) has a new one.
	Seed int64
}

// Response is the answer to one question in one attempt.
type Response struct {
	AttemptID    int64
	QuestionID   string
	Answer       string  // JSON, opaque to the store
	Score        float64 // 0..1
	Points       float64
	Correct      bool
	Pending      bool // awaiting a grade (written answers)
	SelfAssessed bool // the points are the learner's own assessment
	CreatedAt    time.Time
	// A teacher's grade is not here: it belongs to a class (see Grade),
	// and a written answer stays Pending for every class that has not
	// graded it.
}

// Submission is one graded answer to store.
type Submission struct {
	UserID        int64 // 0: a new guest, created with the answer, so a failed answer leaves no one behind
	LessonSlug    string
	LessonHash    string
	MaxPoints     float64
	QuestionCount int // the attempt finishes when it has this many responses
	// QuestionIDs are the lesson's questions now. An open attempt begun on
	// another version of the lesson (another LessonHash) is moved to this
	// one before the answer is stored: see moveToVersion. Nil: no move.
	QuestionIDs []string

	AttemptID int64 // the attempt the page showed; 0 = the open one, or a new one
	Seed      int64 // the seed of the attempt created if there is none open (the order the page showed)

	QuestionID string
	Answer     string
	Score      float64
	Points     float64
	Correct    bool
	Pending    bool
}

// Submitted is what Submit stored, or found already stored.
type Submitted struct {
	User     *User // who answered: the guest created for UserID 0, or else the user
	Attempt  Attempt
	Response Response
	// Responses are the attempt's responses after this one was stored, in
	// the order given (Response among them), as the transaction that
	// stored it left them: with Attempt, what the lesson page would show,
	// so an answer in place needs no second read. Nil for a duplicate.
	Responses []Response
	// Duplicate reports that the question was already answered in this
	// attempt: nothing new was stored and Response is the stored one.
	Duplicate bool
}

// StartAttempt returns the user's open attempt on the lesson, or creates one
// with a new random seed, so a retry shows a new order.
// ErrNotFound if there is no such user.
func (db *DB) StartAttempt(ctx context.Context, userID int64, slug, hash string, maxPoints float64) (*Attempt, error) {
	var a *Attempt
	err := db.inLearnerTx(ctx, userID, func(tx *sql.Tx) (err error) {
		a, err = openAttempt(ctx, tx, userID, slug, hash, maxPoints, rand.Int64(), db.now())
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: start attempt of user %d on %q: %w", userID, slug, err)
	}
	return a, nil
}

// Submit stores one answer, so an answer acknowledged is an answer
// committed: it returns only after the transaction holding the answer is
// durable (synchronous=FULL). Answers submitted at the same moment share
// one transaction and one sync of the disk (group commit, see committer).
// The same question submitted again in the same attempt (double click,
// reload, back button) is stored once: the second call reports Duplicate
// and returns the stored response.
//
// With AttemptID set, that attempt must be the user's, on this lesson (else
// ErrNotFound), and open unless it is a duplicate (else ErrAttemptFinished).
// With AttemptID 0 the answer goes to the open attempt, or a new one.
// A wrong answer (not pending) schedules the question for review. The
// response that brings the attempt to QuestionCount finishes it.
func (db *DB) Submit(ctx context.Context, s Submission) (*Submitted, error) {
	if s.QuestionCount < 1 {
		return nil, fmt.Errorf("store: submit: question count %d < 1", s.QuestionCount)
	}
	if db.commits == nil {
		return db.submitAlone(ctx, s)
	}
	return db.commits.submit(ctx, s)
}

// submitAlone stores one answer in a transaction of its own, beside other
// learners' (engine.answerLock).
func (db *DB) submitAlone(ctx context.Context, s Submission) (*Submitted, error) {
	var sub *Submitted
	err := db.inLearnerTx(ctx, s.UserID, func(tx *sql.Tx) (err error) {
		sub, err = submitInTx(ctx, db.submits.in(tx), s, db.now())
		return err
	})
	return sub, err
}

// submitInTx applies one submission inside a transaction shared with
// others; on error the caller rolls back to a savepoint taken before it.
//
// On SQLite this runs on the one writer, one answer after another, so it
// reads once (the user, the attempt, its responses) and then only writes:
// the attempt's points and end are worked out here from what it read, not
// read back. Every statement taken out of it is answers per second gained.
func submitInTx(ctx context.Context, tx querier, s Submission, now int64) (*Submitted, error) {
	u, err := answerer(ctx, tx, s.UserID, now)
	if err != nil {
		return nil, fmt.Errorf("store: submit: %w", err)
	}
	s.UserID = u.ID
	var a *Attempt
	if s.AttemptID != 0 {
		a, err = findAttempt(ctx, tx, `id = ? AND user_id = ? AND lesson_slug = ?`, s.AttemptID, s.UserID, s.LessonSlug)
	} else {
		a, err = openAttempt(ctx, tx, s.UserID, s.LessonSlug, s.LessonHash, s.MaxPoints, s.Seed, now)
	}
	if err != nil {
		return nil, fmt.Errorf("store: submit to attempt %d of user %d on %q: %w", s.AttemptID, s.UserID, s.LessonSlug, err)
	}
	rs, err := attemptResponses(ctx, tx, a.ID)
	if err != nil {
		return nil, fmt.Errorf("store: submit: responses of attempt %d: %w", a.ID, err)
	}

	// The duplicate check comes before the finished check: answering the
	// last question twice must not turn into an error.
	if i := slices.IndexFunc(rs, func(r Response) bool { return r.QuestionID == s.QuestionID }); i >= 0 {
		return &Submitted{User: u, Attempt: *a, Response: rs[i], Duplicate: true}, nil
	}
	if a.Finished {
		return nil, fmt.Errorf("store: submit to attempt %d: %w", a.ID, ErrAttemptFinished)
	}
	if a.LessonHash != s.LessonHash && s.QuestionIDs != nil {
		if rs, err = moveToVersion(ctx, tx, a, rs, s); err != nil {
			return nil, fmt.Errorf("store: submit: move attempt %d to lesson version %s: %w", a.ID, s.LessonHash, err)
		}
	}

	r := Response{AttemptID: a.ID, QuestionID: s.QuestionID, Answer: s.Answer, Score: s.Score,
		Points: s.Points, Correct: s.Correct, Pending: s.Pending, CreatedAt: fromUnix(now)}
	if _, err := tx.ExecContext(ctx, insertResponseSQL,
		a.ID, s.QuestionID, s.Answer, s.Score, s.Points, s.Correct, s.Pending, now); err != nil {
		return nil, fmt.Errorf("store: submit %q to attempt %d: %w", s.QuestionID, a.ID, err)
	}
	rs = append(rs, r)
	if _, err := tx.ExecContext(ctx, deleteDraftSQL, a.ID, s.QuestionID); err != nil {
		return nil, fmt.Errorf("store: submit: drop the draft of %q: %w", s.QuestionID, err)
	}
	if !s.Correct && !s.Pending {
		if err := scheduleReview(ctx, tx, s.UserID, s.LessonSlug, s.QuestionID, now); err != nil {
			return nil, fmt.Errorf("store: submit: %w", err)
		}
	}

	a.Points = 0
	for _, r := range rs {
		a.Points += r.Points
	}
	var finishedAt any // NULL while open
	// >= rather than ==: the lesson may have lost questions since the
	// attempt started.
	if len(rs) >= s.QuestionCount {
		a.Finished, a.FinishedAt, finishedAt = true, fromUnix(now), now
	}
	if _, err := tx.ExecContext(ctx, answeredAttemptSQL, a.Points, finishedAt, a.ID); err != nil {
		return nil, fmt.Errorf("store: submit: points of attempt %d: %w", a.ID, err)
	}
	if err := touchUser(ctx, tx, s.UserID, now); err != nil {
		return nil, fmt.Errorf("store: submit: %w", err)
	}
	return &Submitted{User: u, Attempt: *a, Response: r, Responses: rs}, nil
}

const (
	insertResponseSQL = `INSERT INTO responses
		(attempt_id, question_id, answer, score, points, correct, pending, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`
	// answeredAttemptSQL sets an open attempt's points and, when that
	// answer was its last, its end (NULL: still open).
	answeredAttemptSQL = `UPDATE attempts SET points = ?, finished_at = ? WHERE id = ?`
	insertAttemptSQL   = `INSERT INTO attempts (user_id, lesson_slug, lesson_hash, max_points, started_at, seed)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING id`
	touchUserSQL    = `UPDATE users SET last_active_at = ? WHERE id = ?`
	updatePointsSQL = `UPDATE attempts
		SET points = (SELECT coalesce(sum(points), 0) FROM responses WHERE attempt_id = attempts.id)
		WHERE id = ?`
)

const (
	dropResponseSQL = `DELETE FROM responses WHERE attempt_id = ? AND question_id = ?`
	moveAttemptSQL  = `UPDATE attempts SET lesson_hash = ?, max_points = ? WHERE id = ?`
)

// moveToVersion brings an open attempt begun on an older version of its
// lesson to the version being answered now, and returns the responses it
// keeps. Its answers to questions the lesson no longer has are dropped: no
// page can show them any more, and kept they would finish the attempt
// before every current question is answered, and count in a score whose
// maximum is now the lesson's. The caller sets the points.
func moveToVersion(ctx context.Context, tx querier, a *Attempt, rs []Response, s Submission) ([]Response, error) {
	kept := rs[:0:0]
	for _, r := range rs {
		if slices.Contains(s.QuestionIDs, r.QuestionID) {
			kept = append(kept, r)
			continue
		}
		if _, err := tx.ExecContext(ctx, dropResponseSQL, a.ID, r.QuestionID); err != nil {
			return nil, err
		}
	}
	if _, err := tx.ExecContext(ctx, moveAttemptSQL, s.LessonHash, s.MaxPoints, a.ID); err != nil {
		return nil, err
	}
	a.LessonHash, a.MaxPoints = s.LessonHash, s.MaxPoints
	return kept, nil
}

// answerer is the user who answers: a new guest for ID 0.
func answerer(ctx context.Context, tx querier, userID, now int64) (*User, error) {
	if userID == 0 {
		return createGuest(ctx, tx, now)
	}
	u, err := findUser(ctx, tx, `id = ?`, userID)
	if err != nil {
		return nil, fmt.Errorf("user %d: %w", userID, err)
	}
	return u, nil
}

// SelfAssess records a self-study learner's own points for a pending
// response, once: a second call returns the stored response unchanged.
// The attempt's points are recomputed. ErrNotFound if the user has no
// pending or self-assessed response to that question in that attempt.
func (db *DB) SelfAssess(ctx context.Context, userID, attemptID int64, questionID string, points float64) (*Response, error) {
	var r *Response
	err := db.inLearnerTx(ctx, userID, func(tx *sql.Tx) (err error) {
		if _, err := findAttempt(ctx, tx, `id = ? AND user_id = ?`, attemptID, userID); err != nil {
			return err
		}
		if r, err = findResponse(ctx, tx, attemptID, questionID); err != nil || r.SelfAssessed {
			return err
		}
		if !r.Pending {
			return fmt.Errorf("no pending response: %w", ErrNotFound)
		}
		// Score stays as graded: the store does not know the question's maximum.
		if _, err := tx.ExecContext(ctx, `UPDATE responses SET points = ?, pending = 0, self_assessed = 1
			WHERE attempt_id = ? AND question_id = ?`, points, attemptID, questionID); err != nil {
			return err
		}
		if err := updatePoints(ctx, tx, attemptID); err != nil {
			return err
		}
		r, err = findResponse(ctx, tx, attemptID, questionID)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: self-assess %q in attempt %d of user %d: %w", questionID, attemptID, userID, err)
	}
	return r, nil
}

// openAttempt returns the user's open attempt on the lesson, creating it
// with seed if there is none. ErrNotFound if there is no such user.
func openAttempt(ctx context.Context, tx querier, userID int64, slug, hash string, maxPoints float64, seed, now int64) (*Attempt, error) {
	a, err := findAttempt(ctx, tx, `user_id = ? AND lesson_slug = ? AND finished_at IS NULL`, userID, slug)
	if !errors.Is(err, ErrNotFound) {
		return a, err
	}
	if err := touchUser(ctx, tx, userID, now); err != nil {
		return nil, err
	}
	var id int64
	if err := tx.QueryRowContext(ctx, insertAttemptSQL, userID, slug, hash, maxPoints, now, seed).Scan(&id); err != nil {
		return nil, err
	}
	return findAttempt(ctx, tx, `id = ?`, id)
}

// touchUser records activity; ErrNotFound if there is no such user.
func touchUser(ctx context.Context, tx querier, userID, now int64) error {
	res, err := tx.ExecContext(ctx, touchUserSQL, now, userID)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return fmt.Errorf("user %d: %w", userID, ErrNotFound)
	}
	return nil
}

// updatePoints makes the attempt's points the sum of its responses' points.
func updatePoints(ctx context.Context, tx querier, attemptID int64) error {
	_, err := tx.ExecContext(ctx, updatePointsSQL, attemptID)
	return err
}

// attemptColumns name an attempt's columns; a class's view of an attempt
// puts its own points between the two halves (see grading.go).
const (
	attemptColumns       = attemptColumnsBefore + `attempts.points` + attemptColumnsAfter
	attemptColumnsBefore = `attempts.id, attempts.user_id, attempts.lesson_slug, attempts.lesson_hash,
	attempts.started_at, attempts.finished_at, `
	attemptColumnsAfter = `, attempts.max_points, attempts.seed`
)

type scanner interface{ Scan(dest ...any) error }

// scanAttempt scans attemptColumns, then any extra columns into extra.
func scanAttempt(row scanner, extra ...any) (*Attempt, error) {
	var a Attempt
	var started int64
	var finished sql.NullInt64
	dest := append([]any{&a.ID, &a.UserID, &a.LessonSlug, &a.LessonHash, &started, &finished, &a.Points, &a.MaxPoints, &a.Seed}, extra...)
	if err := row.Scan(dest...); err != nil {
		return nil, err
	}
	a.StartedAt = fromUnix(started)
	if finished.Valid {
		a.Finished, a.FinishedAt = true, fromUnix(finished.Int64)
	}
	return &a, nil
}

func attemptQuery(where string) string {
	return `SELECT ` + attemptColumns + ` FROM attempts WHERE ` + where
}

// findAttempt returns the first attempt matching where (conditions on the
// attempts table, optionally followed by ORDER BY), or ErrNotFound.
func findAttempt(ctx context.Context, tx querier, where string, args ...any) (*Attempt, error) {
	a, err := scanAttempt(tx.QueryRowContext(ctx, attemptQuery(where), args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	return a, err
}

const responseColumns = `responses.attempt_id, responses.question_id, responses.answer, responses.score,
	responses.points, responses.correct, responses.pending, responses.self_assessed, responses.created_at`

// scanResponse scans responseColumns, then any extra columns into extra.
func scanResponse(row scanner, extra ...any) (*Response, error) {
	var r Response
	var created int64
	dest := append([]any{&r.AttemptID, &r.QuestionID, &r.Answer, &r.Score, &r.Points,
		&r.Correct, &r.Pending, &r.SelfAssessed, &created}, extra...)
	if err := row.Scan(dest...); err != nil {
		return nil, err
	}
	r.CreatedAt = fromUnix(created)
	return &r, nil
}

const attemptResponsesSQL = `SELECT ` + responseColumns + ` FROM responses WHERE attempt_id = ? ORDER BY id`

// attemptResponses returns the attempt's responses in answer order.
func attemptResponses(ctx context.Context, tx querier, attemptID int64) ([]Response, error) {
	rows, err := tx.QueryContext(ctx, attemptResponsesSQL, attemptID)
	if err != nil {
		return nil, err
	}
	return scanResponses(rows)
}

const findResponseSQL = `SELECT ` + responseColumns + ` FROM responses WHERE attempt_id = ? AND question_id = ?`

// findResponse returns the response to the question in the attempt, or
// ErrNotFound.
func findResponse(ctx context.Context, tx querier, attemptID int64, questionID string) (*Response, error) {
	r, err := scanResponse(tx.QueryRowContext(ctx, findResponseSQL, attemptID, questionID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	return r, err
}
