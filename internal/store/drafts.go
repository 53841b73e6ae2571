package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Draft is a written answer being worked on: kept on the server, per
// attempt and question, until it is handed in.
type Draft struct {
	Text    string
	SavedAt time.Time
}

// DraftSave is a draft to keep, and the attempt it belongs to.
type DraftSave struct {
	UserID     int64
	LessonSlug string
	LessonHash string
	MaxPoints  float64
	// AttemptID is the attempt the page showed; 0: the open one, or a new
	// one drawn with Seed (the order the page showed), as Submit does.
	AttemptID  int64
	Seed       int64
	QuestionID string
	Text       string
}

// SaveDraft keeps the draft, replacing an earlier one of the same
// question in the same attempt, and returns the user it is kept for.
// UserID 0 is a visitor: their guest is created in the same transaction,
// as Submit does, so a refused draft leaves no one behind.
// ErrNotFound if AttemptID is not the user's on this lesson;
// ErrAttemptFinished if the attempt is finished or the question already
// answered in it (handed in: a draft can no longer change it).
func (db *DB) SaveDraft(ctx context.Context, d DraftSave) (*User, error) {
	var u *User
	err := db.inLearnerTx(ctx, d.UserID, func(tx *sql.Tx) error {
		now := db.now()
		var err error
		if u, err = answerer(ctx, tx, d.UserID, now); err != nil {
			return err
		}
		var a *Attempt
		if d.AttemptID != 0 {
			a, err = findAttempt(ctx, tx, `id = ? AND user_id = ? AND lesson_slug = ?`, d.AttemptID, u.ID, d.LessonSlug)
		} else {
			a, err = openAttempt(ctx, tx, u.ID, d.LessonSlug, d.LessonHash, d.MaxPoints, d.Seed, now)
		}
		if err != nil {
			return err
		}
		if a.Finished {
			return ErrAttemptFinished
		}
		if _, err := findResponse(ctx, tx, a.ID, d.QuestionID); err == nil {
			return ErrAttemptFinished
		} else if !errors.Is(err, ErrNotFound) {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO drafts (attempt_id, question_id, text, saved_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (attempt_id, question_id) DO UPDATE SET text = excluded.text, saved_at = excluded.saved_at`,
			a.ID, d.QuestionID, d.Text, now)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: save draft of %q in attempt %d of user %d: %w", d.QuestionID, d.AttemptID, d.UserID, err)
	}
	return u, nil
}

// draftOfSQL reads one draft: on the lesson page when the next question
// is written, so it is prepared with the hot reads.
const draftOfSQL = `SELECT text, saved_at FROM drafts WHERE attempt_id = ? AND question_id = ?`

// DraftOf returns the draft of the question in the attempt, or ErrNotFound.
func (db *DB) DraftOf(ctx context.Context, attemptID int64, questionID string) (*Draft, error) {
	var d Draft
	var saved int64
	err := db.hot.draft.QueryRowContext(ctx, attemptID, questionID).Scan(&d.Text, &saved)
	if errors.Is(err, sql.ErrNoRows) {
		err = ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("store: draft of %q in attempt %d: %w", questionID, attemptID, err)
	}
	d.SavedAt = fromUnix(saved)
	return &d, nil
}

// deleteDraftSQL drops a question's draft once its answer is handed in,
// in the same transaction.
const deleteDraftSQL = `DELETE FROM drafts WHERE attempt_id = ? AND question_id = ?`
