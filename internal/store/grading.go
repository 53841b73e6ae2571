package store

import (
	"context"
	"database/sql"
	"fmt"
)

// The teacher's view of students' work covers only enrolled students and
// only the lessons assigned to the class: a lesson a student studied alone,
// or one no longer assigned, is not the teacher's to see.

// LessonWork is one student's work on one assigned lesson.
type LessonWork struct {
	UserID       int64
	LessonSlug   string
	Attempts     int
	Latest       *Attempt // the most recent attempt, open or finished; nil if none
	BestFinished *Attempt // the finished attempt with the most points (the latest of equals); nil if none
	// Written responses awaiting the teacher's grade (pending, not
	// self-assessed) in BestFinished and Latest.
	Pending int
}

// ClassResponse is one enrolled student's response, with the class's
// grade on it if it has one.
type ClassResponse struct {
	UserID      int64
	DisplayName string
	Response    Response
	Grade       *Grade // nil: not graded in this class
}

// ClassWork returns the gradebook of the teacher's class, read in one
// snapshot: the roster (by display name), the assignments (in order made),
// and a LessonWork for every student and assigned lesson, in roster order
// then assignment order, with Attempts 0 where the student has not started.
// ErrNotFound if the class is not theirs.
func (db *DB) ClassWork(ctx context.Context, teacherID, classID int64) ([]RosterEntry, []Assignment, []LessonWork, error) {
	var (
		es   []RosterEntry
		as   []Assignment
		work []LessonWork
	)
	err := db.inReadTx(ctx, func(tx *sql.Tx) (err error) {
		if _, err := ownClass(ctx, tx, teacherID, classID); err != nil {
			return err
		}
		es, as, work, err = classWork(ctx, tx, classID)
		return err
	})
	if err != nil {
		return nil, nil, nil, fmt.Errorf("store: work of class %d of teacher %d: %w", classID, teacherID, err)
	}
	return es, as, work, nil
}

// ClassOverview returns what the class page shows, read in one snapshot:
// the roster with reset rights (as Roster), the assignments (as
// Assignments), and by lesson slug how many written answers await the
// class's grade (the responses GradingQueue lists). ErrNotFound if the
// class is not the teacher's.
func (db *DB) ClassOverview(ctx context.Context, teacherID, classID int64) ([]RosterEntry, []Assignment, map[string]int, error) {
	var (
		es       []RosterEntry
		as       []Assignment
		ungraded = map[string]int{}
	)
	err := db.inReadTx(ctx, func(tx *sql.Tx) error {
		if _, err := ownClass(ctx, tx, teacherID, classID); err != nil {
			return err
		}
		var work []LessonWork
		var err error
		if es, as, work, err = classWork(ctx, tx, classID); err != nil {
			return err
		}
		for _, w := range work {
			ungraded[w.LessonSlug] += w.Pending
		}
		return addResetRights(ctx, tx, teacherID, classID, es)
	})
	if err != nil {
		return nil, nil, nil, fmt.Errorf("store: overview of class %d of teacher %d: %w", classID, teacherID, err)
	}
	return es, as, ungraded, nil
}

// classWork is ClassWork inside a transaction, the class's ownership
// already checked.
func classWork(ctx context.Context, tx *sql.Tx, classID int64) (es []RosterEntry, as []Assignment, work []LessonWork, err error) {
	if es, err = roster(ctx, tx, classID); err != nil {
		return nil, nil, nil, err
	}
	if as, err = classAssignments(ctx, tx, classID); err != nil {
		return nil, nil, nil, err
	}
	attempts, err := classAttempts(ctx, tx, classID, 0, `attempts.user_id IN (SELECT user_id FROM enrolments WHERE class_id = ?)
		AND attempts.lesson_slug IN (SELECT lesson_slug FROM assignments WHERE class_id = ?)`, classID, classID)
	if err != nil {
		return nil, nil, nil, err
	}
	pending, err := pendingCounts(ctx, tx, classID)
	if err != nil {
		return nil, nil, nil, err
	}
	type key struct {
		user int64
		slug string
	}
	byKey := map[key][]Attempt{}
	for _, a := range attempts {
		k := key{a.UserID, a.LessonSlug}
		byKey[k] = append(byKey[k], a)
	}
	for _, e := range es {
		for _, asg := range as {
			w := LessonWork{UserID: e.User.ID, LessonSlug: asg.LessonSlug}
			list := byKey[key{e.User.ID, asg.LessonSlug}]
			w.Attempts = len(list)
			w.Latest, w.BestFinished = pickAttempts(list)
			if w.Latest != nil {
				w.Pending = pending[w.Latest.ID]
			}
			if w.BestFinished != nil && w.BestFinished.ID != w.Latest.ID {
				w.Pending += pending[w.BestFinished.ID]
			}
			work = append(work, w)
		}
	}
	return es, as, work, nil
}

// StudentLessonResponses returns a student's latest attempt at a lesson
// (with the class's points), its responses in answer order and the
// class's grades on them, for the teacher. ErrNotFound if the class is not
// theirs, the student not in it, the lesson not assigned to it, or there
// is no attempt.
func (db *DB) StudentLessonResponses(ctx context.Context, teacherID, classID, studentID int64, slug string) (*Attempt, []Response, []Grade, error) {
	var (
		a  *Attempt
		rs []Response
		gs []Grade
	)
	err := db.inReadTx(ctx, func(tx *sql.Tx) error {
		if _, err := ownClass(ctx, tx, teacherID, classID); err != nil {
			return err
		}
		if err := lessonAssigned(ctx, tx, classID, slug); err != nil {
			return err
		}
		var err error
		if a, err = findAttempt(ctx, tx, `attempts.user_id = ? AND attempts.lesson_slug = ?
			AND EXISTS (SELECT 1 FROM enrolments WHERE class_id = ? AND user_id = attempts.user_id)
			ORDER BY attempts.id DESC LIMIT 1`, studentID, slug, classID); err != nil {
			return err
		}
		if rs, err = attemptResponses(ctx, tx, a.ID); err != nil {
			return err
		}
		if gs, err = queryGrades(ctx, tx, `grades.attempt_id = ? AND grades.class_id = ?`, a.ID, classID); err != nil {
			return err
		}
		for _, g := range gs {
			for _, r := range rs {
				if r.QuestionID == g.QuestionID {
					a.Points += g.Points - r.Points // the class's points
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, nil, nil, fmt.Errorf("store: responses of student %d on %q in class %d of teacher %d: %w",
			studentID, slug, classID, teacherID, err)
	}
	return a, rs, gs, nil
}

// ClassResponses returns every response in each enrolled student's latest
// attempt at the lesson, by display name and then answer order: the data
// for class insight. ErrNotFound if the class is not the teacher's or the
// lesson not assigned to it.
func (db *DB) ClassResponses(ctx context.Context, teacherID, classID int64, slug string) ([]ClassResponse, error) {
	var crs []ClassResponse
	err := db.inReadTx(ctx, func(tx *sql.Tx) error {
		if _, err := ownClass(ctx, tx, teacherID, classID); err != nil {
			return err
		}
		if err := lessonAssigned(ctx, tx, classID, slug); err != nil {
			return err
		}
		var err error
		crs, err = classResponses(ctx, tx, `responses.attempt_id = (SELECT max(id) FROM attempts
			WHERE attempts.user_id = enrolments.user_id AND attempts.lesson_slug = ?)`, classID, slug)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: responses on %q in class %d of teacher %d: %w", slug, classID, teacherID, err)
	}
	return crs, nil
}

// GradingQueue returns the written responses awaiting the class's grade on the
// lesson, from each enrolled student's latest and best finished attempt
// (the ones LessonWork.Pending counts), by display name and then answer
// order. ErrNotFound if the class is not the teacher's or the lesson not
// assigned to it.
func (db *DB) GradingQueue(ctx context.Context, teacherID, classID int64, slug string) ([]ClassResponse, error) {
	var queue []ClassResponse
	err := db.inReadTx(ctx, func(tx *sql.Tx) error {
		if _, err := ownClass(ctx, tx, teacherID, classID); err != nil {
			return err
		}
		if err := lessonAssigned(ctx, tx, classID, slug); err != nil {
			return err
		}
		attempts, err := classAttempts(ctx, tx, classID, 0, `attempts.lesson_slug = ?
			AND attempts.user_id IN (SELECT user_id FROM enrolments WHERE class_id = ?)`, slug, classID)
		if err != nil {
			return err
		}
		byUser := map[int64][]Attempt{}
		for _, a := range attempts {
			byUser[a.UserID] = append(byUser[a.UserID], a)
		}
		counted := map[int64]bool{}
		for _, list := range byUser {
			latest, best := pickAttempts(list)
			counted[latest.ID] = true
			if best != nil {
				counted[best.ID] = true
			}
		}
		crs, err := classResponses(ctx, tx, `responses.pending = 1 AND responses.self_assessed = 0 AND `+ungradedInClass+`
			AND responses.attempt_id IN (SELECT id FROM attempts
				WHERE attempts.user_id = enrolments.user_id AND attempts.lesson_slug = ?)`, classID, classID, slug)
		if err != nil {
			return err
		}
		for _, cr := range crs {
			if counted[cr.Response.AttemptID] {
				queue = append(queue, cr)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: grading queue on %q in class %d of teacher %d: %w", slug, classID, teacherID, err)
	}
	return queue, nil
}

// pickAttempts returns the latest of one user's attempts at one lesson
// (given oldest first) and the finished one with the most points, the
// later of equals; nil for none.
func pickAttempts(as []Attempt) (latest, best *Attempt) {
	for i := range as {
		a := &as[i]
		if latest == nil || a.ID > latest.ID {
			latest = a
		}
		if a.Finished && (best == nil || a.Points > best.Points || a.Points == best.Points && a.ID > best.ID) {
			best = a
		}
	}
	return latest, best
}

// queryAttempts returns the attempts matching where, oldest first.
func queryAttempts(ctx context.Context, tx *sql.Tx, where string, args ...any) ([]Attempt, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+attemptColumns+` FROM attempts WHERE `+where+` ORDER BY attempts.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var as []Attempt
	for rows.Next() {
		a, err := scanAttempt(rows)
		if err != nil {
			return nil, err
		}
		as = append(as, *a)
	}
	return as, rows.Err()
}

// pendingCounts returns, by attempt ID, how many written responses await
// the class's grade in the attempts of its students at its assigned lessons.
func pendingCounts(ctx context.Context, tx *sql.Tx, classID int64) (map[int64]int, error) {
	return queryByID[int](ctx, tx, `SELECT responses.attempt_id, count(*) FROM responses
		JOIN attempts ON attempts.id = responses.attempt_id
		WHERE responses.pending = 1 AND responses.self_assessed = 0 AND `+ungradedInClass+`
			AND attempts.user_id IN (SELECT user_id FROM enrolments WHERE class_id = ?)
			AND attempts.lesson_slug IN (SELECT lesson_slug FROM assignments WHERE class_id = ?)
		GROUP BY responses.attempt_id`, classID, classID, classID)
}

// queryByID reads rows of (ID, value) into a map.
func queryByID[V any](ctx context.Context, tx *sql.Tx, query string, args ...any) (map[int64]V, error) {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	m := map[int64]V{}
	for rows.Next() {
		var id int64
		var v V
		if err := rows.Scan(&id, &v); err != nil {
			return nil, err
		}
		m[id] = v
	}
	return m, rows.Err()
}

// classResponses returns the responses of the class's students that match
// where (a join condition on responses and enrolments, with parameters
// args), by display name and then answer order, with the class's grades.
func classResponses(ctx context.Context, tx *sql.Tx, where string, classID int64, args ...any) ([]ClassResponse, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+responseColumns+`, users.id, users.display_name,
			grades.points, grades.criteria, grades.comment, grades.graded_by, grades.graded_at
		FROM enrolments
		JOIN users ON users.id = enrolments.user_id
		JOIN responses ON `+where+`
		LEFT JOIN grades ON grades.class_id = enrolments.class_id
			AND grades.attempt_id = responses.attempt_id AND grades.question_id = responses.question_id
		WHERE enrolments.class_id = ?
		ORDER BY lower(users.display_name), users.id, responses.id`,
		append(args, classID)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var crs []ClassResponse
	for rows.Next() {
		var cr ClassResponse
		var points sql.NullFloat64
		var comment, criteria sql.NullString
		var by, at sql.NullInt64
		r, err := scanResponse(rows, &cr.UserID, &cr.DisplayName, &points, &criteria, &comment, &by, &at)
		if err != nil {
			return nil, err
		}
		cr.Response = *r
		if at.Valid {
			cr.Grade = &Grade{ClassID: classID, AttemptID: r.AttemptID, QuestionID: r.QuestionID,
				Points: points.Float64, Criteria: splitCriteria(criteria.String), Comment: comment.String, GradedBy: by.Int64, GradedAt: fromUnix(at.Int64)}
		}
		crs = append(crs, cr)
	}
	return crs, rows.Err()
}
