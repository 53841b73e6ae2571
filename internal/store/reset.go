package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// ErrResetRefused: the teacher may not reset this student's password.
var ErrResetRefused = errors.New("password reset refused")

// A teacher may reset the password only of an account made by joining one
// of their classes, and only while no other teacher has the student in a
// class: otherwise the reset would let them sign in as the student and see
// another teacher's class, grades and comments. Everyone else's password
// is reset by an administrator (`ciphergram user reset`).

// ResetRight is whether a teacher may reset a student's password, and if
// not, why.
type ResetRight struct {
	Allowed bool
	// JoinedElsewhere: the account was not made by joining one of this
	// teacher's classes (the student had an account before, joined
	// another teacher's class first, or that class is deleted).
	JoinedElsewhere bool
	// OtherTeachers are the display names of the other teachers who have
	// the student in a class, archived ones included, sorted.
	OtherTeachers []string
}

// ResetRight returns the student enrolled in the teacher's class and
// whether the teacher may reset their password; nothing is written, so a
// caller can refuse before hashing anything. ErrNotFound if the class is
// not theirs or the student not in it.
func (db *DB) ResetRight(ctx context.Context, teacherID, classID, studentID int64) (*User, ResetRight, error) {
	var (
		u     *User
		right ResetRight
	)
	err := db.inReadTx(ctx, func(tx *sql.Tx) (err error) {
		u, right, err = resetRight(ctx, tx, teacherID, classID, studentID)
		return err
	})
	if err != nil {
		return nil, ResetRight{}, fmt.Errorf("store: reset right of teacher %d on student %d in class %d: %w", teacherID, studentID, classID, err)
	}
	return u, right, nil
}

// ResetPassword sets a new password hash for the user with the username,
// whatever their role, and bumps their session epoch, signing them out
// everywhere: the administrator's reset. ErrNotFound if there is none.
func (db *DB) ResetPassword(ctx context.Context, username, passwordHash string) (*User, error) {
	var u *User
	err := db.inWriteTx(ctx, func(tx *sql.Tx) error {
		if passwordHash == "" {
			return errors.New("empty password hash")
		}
		var err error
		if u, err = findUser(ctx, tx, byUsername, username); err != nil {
			return err
		}
		return execOne(ctx, tx, `UPDATE users SET password_hash = ?, session_epoch = session_epoch + 1 WHERE id = ?`,
			passwordHash, u.ID)
	})
	if err != nil {
		return nil, fmt.Errorf("store: reset password of %q: %w", username, err)
	}
	return u, nil
}

// resetRight is ResetRight inside a transaction.
func resetRight(ctx context.Context, tx *sql.Tx, teacherID, classID, studentID int64) (*User, ResetRight, error) {
	if _, err := ownClass(ctx, tx, teacherID, classID); err != nil {
		return nil, ResetRight{}, err
	}
	u, err := findUser(ctx, tx, `id = ?`, studentID)
	if err != nil {
		return nil, ResetRight{}, err
	}
	rights, err := resetRights(ctx, tx, teacherID, classID, studentID)
	if err != nil {
		return nil, ResetRight{}, err
	}
	right, enrolled := rights[studentID]
	if !enrolled {
		return nil, ResetRight{}, fmt.Errorf("student %d not in class %d: %w", studentID, classID, ErrNotFound)
	}
	u.PasswordHash = ""
	return u, right, nil
}

// resetRights returns the teacher's reset right on each user enrolled in
// their class, or on studentID alone if not 0, in three statements
// whatever the size of the class.
func resetRights(ctx context.Context, tx *sql.Tx, teacherID, classID, studentID int64) (map[int64]ResetRight, error) {
	// Only a student: a teacher's account on a roster (no form lets one
	// join, but a database may hold one) is never a teacher's to reset.
	mine, err := queryByID[bool](ctx, tx, `SELECT users.id, users.role = 'student' AND EXISTS (SELECT 1 FROM classes
			WHERE classes.id = users.joined_class_id AND classes.teacher_id = ?1)
		FROM enrolments JOIN users ON users.id = enrolments.user_id
		WHERE enrolments.class_id = ?2 AND (CAST(?3 AS BIGINT) = 0 OR users.id = ?3)`, teacherID, classID, studentID)
	if err != nil {
		return nil, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT DISTINCT here.user_id, teachers.display_name
		FROM enrolments AS here
		JOIN enrolments AS elsewhere ON elsewhere.user_id = here.user_id
		JOIN classes ON classes.id = elsewhere.class_id AND classes.teacher_id <> ?1
		JOIN users AS teachers ON teachers.id = classes.teacher_id
		WHERE here.class_id = ?2 AND (CAST(?3 AS BIGINT) = 0 OR here.user_id = ?3)
		ORDER BY teachers.display_name`, teacherID, classID, studentID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	others := map[int64][]string{}
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, err
		}
		others[id] = append(others[id], name)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rights := map[int64]ResetRight{}
	for id, made := range mine {
		rights[id] = ResetRight{Allowed: made && len(others[id]) == 0, JoinedElsewhere: !made, OtherTeachers: others[id]}
	}
	return rights, nil
}
