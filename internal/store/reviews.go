package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"
)

// Review is a missed question scheduled to be asked again.
type Review struct {
	LessonSlug, QuestionID string
	Due                    time.Time
	IntervalDays           int
	Streak                 int // right answers in a row since the last miss
	// Seed draws the order the card's choices are shown in: the same each
	// time the card comes back.
	Seed int64
}

const day = 24 * 60 * 60 // seconds

// maxIntervalDays caps the growth so a well-known question still comes back
// once a year.
const maxIntervalDays = 365

// nextInterval grows a review interval after a right answer: 1, 3, 7, 16,
// 35, 76… days, i.e. ×2.15 rounded up (×2.2 would give 36 after 16).
func nextInterval(days int) int {
	return min((days*215+99)/100, maxIntervalDays)
}

// Reviews returns the user's scheduled reviews, soonest due first.
func (db *DB) Reviews(ctx context.Context, userID int64) ([]Review, error) {
	var rs []Review
	err := db.inReadTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT `+reviewColumns+` FROM reviews
			WHERE user_id = ? ORDER BY due_at, lesson_slug, question_id`, userID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			r, err := scanReview(rows)
			if err != nil {
				return err
			}
			rs = append(rs, *r)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("store: reviews of user %d: %w", userID, err)
	}
	return rs, nil
}

// RecordReview reschedules a reviewed question: a right answer grows the
// interval (see nextInterval), a wrong one resets it to a day. ErrNotFound
// if the question is not scheduled for the user.
func (db *DB) RecordReview(ctx context.Context, userID int64, slug, questionID string, correct bool) (*Review, error) {
	var r *Review
	err := db.inWriteTx(ctx, func(tx *sql.Tx) (err error) {
		if r, err = findReview(ctx, tx, userID, slug, questionID); err != nil {
			return err
		}
		if correct {
			r.IntervalDays, r.Streak = nextInterval(r.IntervalDays), r.Streak+1
		} else {
			r.IntervalDays, r.Streak = 1, 0
		}
		now := db.now()
		r.Due = fromUnix(now + int64(r.IntervalDays)*day)
		if _, err := tx.ExecContext(ctx, `UPDATE reviews SET due_at = ?, interval_days = ?, streak = ?
			WHERE user_id = ? AND lesson_slug = ? AND question_id = ?`,
			r.Due.Unix(), r.IntervalDays, r.Streak, userID, slug, questionID); err != nil {
			return err
		}
		// A review is activity: a guest who only reviews is not idle.
		return touchUser(ctx, tx, userID, now)
	})
	if err != nil {
		return nil, fmt.Errorf("store: record review %s/%s of user %d: %w", slug, questionID, userID, err)
	}
	return r, nil
}

// scheduleReview puts a missed question up for review tomorrow, restarting
// its schedule if it was already up.
const scheduleReviewSQL = `INSERT INTO reviews (user_id, lesson_slug, question_id, due_at, interval_days, streak, seed)
	VALUES (?, ?, ?, ?, 1, 0, ?)
	ON CONFLICT (user_id, lesson_slug, question_id)
	DO UPDATE SET due_at = excluded.due_at, interval_days = 1, streak = 0`

func scheduleReview(ctx context.Context, tx querier, userID int64, slug, questionID string, now int64) error {
	// The card's order seed is drawn here, not by the database: SQLite's
	// random() is a 64-bit integer, PostgreSQL's a fraction.
	_, err := tx.ExecContext(ctx, scheduleReviewSQL, userID, slug, questionID, now+day, rand.Int64())
	if err != nil {
		return fmt.Errorf("schedule review %s/%s: %w", slug, questionID, err)
	}
	return nil
}

const reviewColumns = `lesson_slug, question_id, due_at, interval_days, streak, seed`

func scanReview(row scanner) (*Review, error) {
	var r Review
	var due int64
	if err := row.Scan(&r.LessonSlug, &r.QuestionID, &due, &r.IntervalDays, &r.Streak, &r.Seed); err != nil {
		return nil, err
	}
	r.Due = fromUnix(due)
	return &r, nil
}

func findReview(ctx context.Context, tx *sql.Tx, userID int64, slug, questionID string) (*Review, error) {
	r, err := scanReview(tx.QueryRowContext(ctx, `SELECT `+reviewColumns+` FROM reviews
		WHERE user_id = ? AND lesson_slug = ? AND question_id = ?`, userID, slug, questionID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	return r, err
}
