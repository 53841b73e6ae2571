package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// LessonDue is when a lesson assigned to a student is due, for the
// lesson page: the earliest due time among their classes that assigned it.
type LessonDue struct {
	Due             time.Time
	TeacherTimezone string    // the zone the teacher set it in
	HandedIn        time.Time // the first time the student finished the lesson; zero if never
}

// studentLessonDueSQL is the earliest due time of lesson ?2 in user ?1's
// classes, its teacher's time zone, and when the user first handed it in.
const studentLessonDueSQL = `SELECT assignments.due_at, teachers.timezone,
		(SELECT min(finished_at) FROM attempts WHERE user_id = ?1 AND lesson_slug = ?2)
	FROM assignments
	JOIN enrolments ON enrolments.class_id = assignments.class_id AND enrolments.user_id = ?1
	JOIN classes ON classes.id = assignments.class_id AND classes.archived = 0
	JOIN users AS teachers ON teachers.id = classes.teacher_id
	WHERE assignments.lesson_slug = ?2 AND assignments.due_at IS NOT NULL
	ORDER BY assignments.due_at LIMIT 1`

// StudentLessonDue returns the earliest due time of the lesson in the
// user's classes (archived ones left out), or ErrNotFound when no class
// of theirs gives it a due time.
func (db *DB) StudentLessonDue(ctx context.Context, userID int64, slug string) (*LessonDue, error) {
	var due int64
	var handedIn sql.NullInt64
	d := &LessonDue{}
	err := db.hot.due.QueryRowContext(ctx, userID, slug).Scan(&due, &d.TeacherTimezone, &handedIn)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: due time of %q for user %d: %w", slug, userID, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: due time of %q for user %d: %w", slug, userID, err)
	}
	d.Due = fromUnix(due)
	if handedIn.Valid {
		d.HandedIn = fromUnix(handedIn.Int64)
	}
	return d, nil
}
