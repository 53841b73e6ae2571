package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Assignment is a lesson assigned to a class.
type Assignment struct {
	ID, ClassID int64
	LessonSlug  string
	Due         time.Time // zero: none
	HasDue      bool
	CreatedAt   time.Time
}

// StudentClass is a class as its student sees it.
type StudentClass struct {
	Class           Class
	TeacherName     string // the teacher's display name
	TeacherTimezone string // the zone the teacher set due times in
	Assignments     []Assignment
	// The student's latest attempt at each assigned lesson they started,
	// by lesson slug, with the points this class's grades give it.
	Latest map[string]Attempt
	// Done is the best finished attempt at each assigned lesson handed in,
	// by slug: handing in is what counts, so a retry begun since (open in
	// Latest) does not undo it. The gradebook scores the same attempt.
	Done map[string]Attempt
}

// Assign assigns the lessons to the teacher's class, due at due if hasDue.
// Assigning a lesson again only changes its due time (or removes it).
// ErrNotFound if the class is not theirs.
func (db *DB) Assign(ctx context.Context, teacherID, classID int64, slugs []string, due time.Time, hasDue bool) error {
	var dueAt sql.NullInt64
	if hasDue {
		dueAt = sql.NullInt64{Int64: due.Unix(), Valid: true}
	}
	err := db.inWriteTx(ctx, func(tx *sql.Tx) error {
		if _, err := ownClass(ctx, tx, teacherID, classID); err != nil {
			return err
		}
		now := db.now()
		for _, slug := range slugs {
			if slug == "" {
				return errors.New("empty lesson slug")
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO assignments (class_id, lesson_slug, due_at, created_at)
				VALUES (?, ?, ?, ?)
				ON CONFLICT (class_id, lesson_slug) DO UPDATE SET due_at = excluded.due_at`,
				classID, slug, dueAt, now); err != nil {
				return fmt.Errorf("%q: %w", slug, err)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: assign to class %d of teacher %d: %w", classID, teacherID, err)
	}
	return nil
}

// Unassign removes the lesson from the teacher's class; the students' work
// on it stays. ErrNotFound if the class is not theirs or the lesson not
// assigned.
func (db *DB) Unassign(ctx context.Context, teacherID, classID int64, slug string) error {
	err := db.inWriteTx(ctx, func(tx *sql.Tx) error {
		if _, err := ownClass(ctx, tx, teacherID, classID); err != nil {
			return err
		}
		return execOne(ctx, tx, `DELETE FROM assignments WHERE class_id = ? AND lesson_slug = ?`, classID, slug)
	})
	if err != nil {
		return fmt.Errorf("store: unassign %q from class %d of teacher %d: %w", slug, classID, teacherID, err)
	}
	return nil
}

// Assignments returns the assignments of the teacher's class in the order
// they were made. ErrNotFound if the class is not theirs.
func (db *DB) Assignments(ctx context.Context, teacherID, classID int64) ([]Assignment, error) {
	var as []Assignment
	err := db.inReadTx(ctx, func(tx *sql.Tx) error {
		if _, err := ownClass(ctx, tx, teacherID, classID); err != nil {
			return err
		}
		var err error
		as, err = classAssignments(ctx, tx, classID)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: assignments of class %d of teacher %d: %w", classID, teacherID, err)
	}
	return as, nil
}

// StudentClasses returns the classes the user is enrolled in, archived ones
// left out, by name, each with its assignments and the user's latest
// attempts at them as the class scores them.
func (db *DB) StudentClasses(ctx context.Context, userID int64) ([]StudentClass, error) {
	var scs []StudentClass
	err := db.inReadTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT `+classColumns+`, teachers.display_name, teachers.timezone
			FROM enrolments
			JOIN classes ON classes.id = enrolments.class_id
			JOIN users AS teachers ON teachers.id = classes.teacher_id
			WHERE enrolments.user_id = ? AND classes.archived = 0
			ORDER BY lower(classes.name), classes.id`, userID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var sc StudentClass
			c, err := scanClass(rows, &sc.TeacherName, &sc.TeacherTimezone)
			if err != nil {
				return err
			}
			sc.Class = *c
			scs = append(scs, sc)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		rows.Close()
		for i := range scs {
			sc := &scs[i]
			if sc.Assignments, err = classAssignments(ctx, tx, sc.Class.ID); err != nil {
				return err
			}
			as, err := classAttempts(ctx, tx, sc.Class.ID, userID, `attempts.user_id = ?
				AND attempts.lesson_slug IN (SELECT lesson_slug FROM assignments WHERE class_id = ?)`, userID, sc.Class.ID)
			if err != nil {
				return err
			}
			sc.Latest, sc.Done = map[string]Attempt{}, map[string]Attempt{}
			for _, a := range as { // oldest first: later ones overwrite
				sc.Latest[a.LessonSlug] = a
				if best, ok := sc.Done[a.LessonSlug]; a.Finished && (!ok || a.Points >= best.Points) { // as pickAttempts
					sc.Done[a.LessonSlug] = a
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: classes of student %d: %w", userID, err)
	}
	return scs, nil
}

// lessonAssigned returns ErrNotFound unless the lesson is assigned to the
// class.
func lessonAssigned(ctx context.Context, tx *sql.Tx, classID int64, slug string) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM assignments WHERE class_id = ? AND lesson_slug = ?`,
		classID, slug).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return fmt.Errorf("lesson %q not assigned: %w", slug, ErrNotFound)
	}
	return nil
}

const assignmentColumns = `assignments.id, assignments.class_id, assignments.lesson_slug, assignments.due_at, assignments.created_at`

func scanAssignment(row scanner) (*Assignment, error) {
	var a Assignment
	var due sql.NullInt64
	var created int64
	if err := row.Scan(&a.ID, &a.ClassID, &a.LessonSlug, &due, &created); err != nil {
		return nil, err
	}
	if due.Valid {
		a.Due, a.HasDue = fromUnix(due.Int64), true
	}
	a.CreatedAt = fromUnix(created)
	return &a, nil
}

// classAssignments returns the class's assignments in the order made.
func classAssignments(ctx context.Context, tx *sql.Tx, classID int64) ([]Assignment, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+assignmentColumns+` FROM assignments
		WHERE class_id = ? ORDER BY id`, classID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var as []Assignment
	for rows.Next() {
		a, err := scanAssignment(rows)
		if err != nil {
			return nil, err
		}
		as = append(as, *a)
	}
	return as, rows.Err()
}
