package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// MyData is everything stored about one user, for their download: the
// account (never the password hash), their classes, every attempt with
// its answers and the grades and comments on them, and their review
// schedule. Nothing of anyone else's but the names of their classes and
// teachers.
type MyData struct {
	Account  DataAccount   `json:"account"`
	Classes  []DataClass   `json:"classes"`
	Attempts []DataAttempt `json:"attempts"`
	Reviews  []DataReview  `json:"reviews"`
}

type DataAccount struct {
	ID          int64     `json:"id"`
	Role        Role      `json:"role"`
	Username    string    `json:"username"`
	DisplayName string    `json:"display_name"`
	Timezone    string    `json:"timezone"`
	CreatedAt   time.Time `json:"created_at"`
	LastActive  time.Time `json:"last_active_at"`
	// JoinedClass is the class whose join code made the account, if any.
	JoinedClass string `json:"joined_class,omitempty"`
}

type DataClass struct {
	Name     string    `json:"name"`
	Teacher  string    `json:"teacher"`
	JoinedAt time.Time `json:"joined_at"`
}

type DataAttempt struct {
	ID         int64          `json:"id"`
	LessonSlug string         `json:"lesson"`
	LessonHash string         `json:"lesson_version"`
	MaxPoints  float64        `json:"max_points"`
	Points     float64        `json:"points"`
	StartedAt  time.Time      `json:"started_at"`
	FinishedAt *time.Time     `json:"finished_at"`
	Seed       int64          `json:"order_seed"`
	Answers    []DataResponse `json:"answers"`
	Drafts     []DataDraft    `json:"drafts"` // written answers saved, not yet handed in
}

type DataDraft struct {
	QuestionID string    `json:"question"`
	Text       string    `json:"text"`
	SavedAt    time.Time `json:"saved_at"`
}

type DataResponse struct {
	QuestionID   string      `json:"question"`
	Answer       string      `json:"answer"` // as stored: JSON
	Score        float64     `json:"score"`
	Points       float64     `json:"points"`
	Correct      bool        `json:"correct"`
	Pending      bool        `json:"awaiting_teacher"`
	SelfAssessed bool        `json:"self_assessed"`
	AnsweredAt   time.Time   `json:"answered_at"`
	Grades       []DataGrade `json:"grades"`
}

type DataGrade struct {
	Class    string    `json:"class"` // "" once the class is deleted
	Points   float64   `json:"points"`
	Comment  string    `json:"comment"`
	GradedAt time.Time `json:"graded_at"`
}

type DataReview struct {
	LessonSlug   string    `json:"lesson"`
	QuestionID   string    `json:"question"`
	Due          time.Time `json:"due_at"`
	IntervalDays int       `json:"interval_days"`
	Streak       int       `json:"streak"`
	Seed         int64     `json:"order_seed"`
}

// UserData returns everything stored about the user, read in one
// snapshot. ErrNotFound if there is no such user.
func (db *DB) UserData(ctx context.Context, userID int64) (*MyData, error) {
	var d MyData
	err := db.inReadTx(ctx, func(tx *sql.Tx) error {
		var created, active int64
		var username sql.NullString
		err := tx.QueryRowContext(ctx, `SELECT u.id, u.role, u.username, u.display_name, u.timezone, u.created_at,
				u.last_active_at, coalesce(c.name, '')
			FROM users u LEFT JOIN classes c ON c.id = u.joined_class_id WHERE u.id = ?`, userID).Scan(
			&d.Account.ID, &d.Account.Role, &username, &d.Account.DisplayName, &d.Account.Timezone,
			&created, &active, &d.Account.JoinedClass)
		if err == sql.ErrNoRows {
			return ErrNotFound
		} else if err != nil {
			return err
		}
		d.Account.Username = username.String
		d.Account.CreatedAt, d.Account.LastActive = fromUnix(created), fromUnix(active)
		steps := []func(context.Context, *sql.Tx, int64, *MyData) error{dataClasses, dataAttempts, dataReviews}
		for _, step := range steps {
			if err := step(ctx, tx, userID, &d); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: data of user %d: %w", userID, err)
	}
	return &d, nil
}

func dataClasses(ctx context.Context, tx *sql.Tx, userID int64, d *MyData) error {
	return eachRow(ctx, tx, func(scan func(...any) error) error {
		var c DataClass
		var joined int64
		if err := scan(&c.Name, &c.Teacher, &joined); err != nil {
			return err
		}
		c.JoinedAt = fromUnix(joined)
		d.Classes = append(d.Classes, c)
		return nil
	}, `SELECT c.name, t.display_name, e.joined_at FROM enrolments e
		JOIN classes c ON c.id = e.class_id JOIN users t ON t.id = c.teacher_id
		WHERE e.user_id = ? ORDER BY e.joined_at, c.id`, userID)
}

func dataAttempts(ctx context.Context, tx *sql.Tx, userID int64, d *MyData) error {
	index := map[int64]int{} // attempt ID → its place in d.Attempts
	err := eachRow(ctx, tx, func(scan func(...any) error) error {
		var a DataAttempt
		var started int64
		var finished sql.NullInt64
		if err := scan(&a.ID, &a.LessonSlug, &a.LessonHash, &a.MaxPoints, &a.Points, &started, &finished, &a.Seed); err != nil {
			return err
		}
		a.StartedAt = fromUnix(started)
		if finished.Valid {
			t := fromUnix(finished.Int64)
			a.FinishedAt = &t
		}
		index[a.ID] = len(d.Attempts)
		d.Attempts = append(d.Attempts, a)
		return nil
	}, `SELECT id, lesson_slug, lesson_hash, max_points, points, started_at, finished_at, seed
		FROM attempts WHERE user_id = ? ORDER BY id`, userID)
	if err != nil {
		return err
	}
	type key struct {
		attempt  int64
		question string
	}
	grades := map[key][]DataGrade{}
	err = eachRow(ctx, tx, func(scan func(...any) error) error {
		var k key
		var g DataGrade
		var at int64
		if err := scan(&k.attempt, &k.question, &g.Class, &g.Points, &g.Comment, &at); err != nil {
			return err
		}
		g.GradedAt = fromUnix(at)
		grades[k] = append(grades[k], g)
		return nil
	}, `SELECT g.attempt_id, g.question_id, coalesce(c.name, ''), g.points, g.comment, g.graded_at
		FROM grades g JOIN attempts a ON a.id = g.attempt_id LEFT JOIN classes c ON c.id = g.class_id
		WHERE a.user_id = ? ORDER BY g.id`, userID)
	if err != nil {
		return err
	}
	err = eachRow(ctx, tx, func(scan func(...any) error) error {
		var attempt, at int64
		var dr DataDraft
		if err := scan(&attempt, &dr.QuestionID, &dr.Text, &at); err != nil {
			return err
		}
		dr.SavedAt = fromUnix(at)
		a := &d.Attempts[index[attempt]]
		a.Drafts = append(a.Drafts, dr)
		return nil
	}, `SELECT d.attempt_id, d.question_id, d.text, d.saved_at
		FROM drafts d JOIN attempts a ON a.id = d.attempt_id WHERE a.user_id = ? ORDER BY d.attempt_id, d.question_id`, userID)
	if err != nil {
		return err
	}
	return eachRow(ctx, tx, func(scan func(...any) error) error {
		var attempt, at int64
		var r DataResponse
		if err := scan(&attempt, &r.QuestionID, &r.Answer, &r.Score, &r.Points, &r.Correct, &r.Pending, &r.SelfAssessed, &at); err != nil {
			return err
		}
		r.AnsweredAt = fromUnix(at)
		r.Grades = grades[key{attempt, r.QuestionID}]
		a := &d.Attempts[index[attempt]]
		a.Answers = append(a.Answers, r)
		return nil
	}, `SELECT r.attempt_id, r.question_id, r.answer, r.score, r.points, r.correct, r.pending, r.self_assessed, r.created_at
		FROM responses r JOIN attempts a ON a.id = r.attempt_id WHERE a.user_id = ? ORDER BY r.id`, userID)
}

func dataReviews(ctx context.Context, tx *sql.Tx, userID int64, d *MyData) error {
	return eachRow(ctx, tx, func(scan func(...any) error) error {
		var r DataReview
		var due int64
		if err := scan(&r.LessonSlug, &r.QuestionID, &due, &r.IntervalDays, &r.Streak, &r.Seed); err != nil {
			return err
		}
		r.Due = fromUnix(due)
		d.Reviews = append(d.Reviews, r)
		return nil
	}, `SELECT `+reviewColumns+` FROM reviews WHERE user_id = ? ORDER BY due_at, lesson_slug, question_id`, userID)
}

// eachRow runs the query and calls row for each row, with its Scan.
func eachRow(ctx context.Context, tx *sql.Tx, row func(scan func(...any) error) error, query string, args ...any) error {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := row(rows.Scan); err != nil {
			return err
		}
	}
	return rows.Err()
}
