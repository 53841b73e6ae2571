package store

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// A teacher's grade on a written answer belongs to the class whose
// assignment the answer was handed in for. Two teachers who both assigned
// a lesson to one student grade it independently: each class sees only
// its own grade, and a class's score for an attempt is the attempt's own
// points (automatic, or the learner's self-assessment) with that class's
// grades in their place. The learner sees every grade, each under its
// class, and their own totals count the latest grade of each answer.

// Grade is a teacher's grade on one written answer, given in one class.
type Grade struct {
	ClassID                int64  // 0 once the class is deleted
	ClassName              string // "" once the class is deleted
	AttemptID              int64
	LessonSlug, QuestionID string
	Points                 float64
	Criteria               []int // the rubric criteria ticked, by index; none when graded as points alone
	Comment                string
	GradedBy               int64 // 0 once the teacher's account is deleted
	GradedAt               time.Time
}

// GradeResponse sets the points and comment of the teacher's class on a
// written response (one awaiting a teacher, or self-assessed); grading it
// again replaces the class's grade. Another class's grade on the same
// answer is untouched. ErrNotFound unless the class is the teacher's, the
// lesson is assigned to it, the attempt's student is enrolled in it, and
// the response is a written one.
func (db *DB) GradeResponse(ctx context.Context, teacherID, classID, attemptID int64, questionID string, points float64, comment string) error {
	return db.GradeByCriteria(ctx, teacherID, classID, attemptID, questionID, points, nil, comment)
}

// GradeByCriteria is GradeResponse that also records which rubric
// criteria the teacher ticked (indexes in the lesson's rubric), for a
// regrade to start from.
func (db *DB) GradeByCriteria(ctx context.Context, teacherID, classID, attemptID int64, questionID string, points float64, criteria []int, comment string) error {
	err := db.inWriteTx(ctx, func(tx *sql.Tx) error {
		if points < 0 || math.IsNaN(points) || math.IsInf(points, 0) {
			return fmt.Errorf("points %v out of range", points)
		}
		if _, err := ownClass(ctx, tx, teacherID, classID); err != nil {
			return err
		}
		a, err := findAttempt(ctx, tx, `attempts.id = ?
			AND EXISTS (SELECT 1 FROM enrolments WHERE class_id = ? AND user_id = attempts.user_id)`, attemptID, classID)
		if err != nil {
			return err
		}
		if err := lessonAssigned(ctx, tx, classID, a.LessonSlug); err != nil {
			return err
		}
		r, err := findResponse(ctx, tx, attemptID, questionID)
		if err != nil {
			return err
		}
		if !r.Pending && !r.SelfAssessed {
			return fmt.Errorf("%q is not a written response: %w", questionID, ErrNotFound)
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO grades (class_id, attempt_id, question_id, points, criteria, comment, graded_by, graded_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (class_id, attempt_id, question_id) DO UPDATE SET
				points = excluded.points, criteria = excluded.criteria, comment = excluded.comment,
				graded_by = excluded.graded_by, graded_at = excluded.graded_at`,
			classID, attemptID, questionID, points, joinCriteria(criteria), comment, teacherID, db.now())
		return err
	})
	if err != nil {
		return fmt.Errorf("store: grade %q in attempt %d in class %d of teacher %d: %w", questionID, attemptID, classID, teacherID, err)
	}
	return nil
}

// StudentFeedback returns every grade on the user's written answers, in
// whichever class it was given, most recently graded first.
func (db *DB) StudentFeedback(ctx context.Context, userID int64) ([]Grade, error) {
	var gs []Grade
	err := db.inReadTx(ctx, func(tx *sql.Tx) (err error) {
		gs, err = queryGrades(ctx, tx, `attempts.user_id = ?`, userID)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: feedback of user %d: %w", userID, err)
	}
	return gs, nil
}

// learnerPoints is an attempt's points as its learner sees them: each
// written answer counts the latest grade any class gave it.
const learnerPoints = `attempts.points + coalesce((SELECT sum(g.points - r.points)
		FROM grades g JOIN responses r ON r.attempt_id = g.attempt_id AND r.question_id = g.question_id
		WHERE g.attempt_id = attempts.id AND NOT EXISTS (SELECT 1 FROM grades later
			WHERE later.attempt_id = g.attempt_id AND later.question_id = g.question_id
				AND (later.graded_at > g.graded_at OR later.graded_at = g.graded_at AND later.id > g.id))), 0)`

// learnerAttemptColumns are attemptColumns with the learner's points.
const learnerAttemptColumns = attemptColumnsBefore + learnerPoints + attemptColumnsAfter

const gradeQuery = `SELECT coalesce(grades.class_id, 0), coalesce(classes.name, ''), grades.attempt_id,
		attempts.lesson_slug, grades.question_id, grades.points, grades.comment, coalesce(grades.graded_by, 0), grades.graded_at
	FROM grades
	JOIN attempts ON attempts.id = grades.attempt_id
	LEFT JOIN classes ON classes.id = grades.class_id
	WHERE `

// queryGrades returns the grades matching where (conditions on grades and
// attempts), most recently graded first.
func queryGrades(ctx context.Context, tx *sql.Tx, where string, args ...any) ([]Grade, error) {
	rows, err := tx.QueryContext(ctx, gradeQuery+where+` ORDER BY grades.graded_at DESC, grades.id DESC`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var gs []Grade
	for rows.Next() {
		var g Grade
		var graded int64
		if err := rows.Scan(&g.ClassID, &g.ClassName, &g.AttemptID, &g.LessonSlug, &g.QuestionID,
			&g.Points, &g.Comment, &g.GradedBy, &graded); err != nil {
			return nil, err
		}
		g.GradedAt = fromUnix(graded)
		gs = append(gs, g)
	}
	return gs, rows.Err()
}

// gradeDeltas returns, by attempt ID, what the class's grades add to the
// attempt's own points: each graded answer's grade less the points it had.
// With userID set, only that user's attempts.
func gradeDeltas(ctx context.Context, tx *sql.Tx, classID, userID int64) (map[int64]float64, error) {
	return queryByID[float64](ctx, tx, `SELECT grades.attempt_id, sum(grades.points - responses.points)
		FROM grades JOIN responses ON responses.attempt_id = grades.attempt_id AND responses.question_id = grades.question_id
		WHERE grades.class_id = ?1
			AND (CAST(?2 AS BIGINT) = 0 OR grades.attempt_id IN (SELECT id FROM attempts WHERE user_id = ?2))
		GROUP BY grades.attempt_id`, classID, userID)
}

// classAttempts returns the attempts matching where, oldest first, each
// with the points the class's grades give it.
func classAttempts(ctx context.Context, tx *sql.Tx, classID, userID int64, where string, args ...any) ([]Attempt, error) {
	as, err := queryAttempts(ctx, tx, where, args...)
	if err != nil {
		return nil, err
	}
	deltas, err := gradeDeltas(ctx, tx, classID, userID)
	if err != nil {
		return nil, err
	}
	for i := range as {
		as[i].Points += deltas[as[i].ID]
	}
	return as, nil
}

// ungradedInClass is true for a response the class has not graded
// (parameter: the class ID).
const ungradedInClass = `NOT EXISTS (SELECT 1 FROM grades WHERE grades.class_id = ?
	AND grades.attempt_id = responses.attempt_id AND grades.question_id = responses.question_id)`

// joinCriteria and splitCriteria store ticked criteria as "0,2".
func joinCriteria(cs []int) string {
	parts := make([]string, len(cs))
	for i, c := range cs {
		parts[i] = strconv.Itoa(c)
	}
	return strings.Join(parts, ",")
}

func splitCriteria(s string) []int {
	var cs []int
	for _, p := range strings.Split(s, ",") {
		if n, err := strconv.Atoi(p); err == nil && n >= 0 {
			cs = append(cs, n)
		}
	}
	return cs
}
