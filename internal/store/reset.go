package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
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
		if u, err = findUser(ctx, tx, `username = ?`, username); err != nil {
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

func resetRight(ctx context.Context, tx *sql.Tx, teacherID, classID, studentID int64) (*User, ResetRight, error) {
	var right ResetRight
	if _, err := ownClass(ctx, tx, teacherID, classID); err != nil {
		return nil, right, err
	}
	u, err := findUser(ctx, tx, `id = ?`, studentID)
	if err != nil {
		return nil, right, err
	}
	var enrolled bool
	if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM enrolments WHERE class_id = ? AND user_id = ?)`,
		classID, studentID).Scan(&enrolled); err != nil {
		return nil, right, err
	}
	if !enrolled {
		return nil, right, fmt.Errorf("student %d not in class %d: %w", studentID, classID, ErrNotFound)
	}
	var mine bool
	if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM users JOIN classes ON classes.id = users.joined_class_id
		WHERE users.id = ? AND classes.teacher_id = ?)`, studentID, teacherID).Scan(&mine); err != nil {
		return nil, right, err
	}
	right.JoinedElsewhere = !mine
	rows, err := tx.QueryContext(ctx, `SELECT DISTINCT teachers.display_name FROM enrolments
		JOIN classes ON classes.id = enrolments.class_id
		JOIN users AS teachers ON teachers.id = classes.teacher_id
		WHERE enrolments.user_id = ? AND classes.teacher_id <> ?`, studentID, teacherID)
	if err != nil {
		return nil, right, err
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, right, err
		}
		right.OtherTeachers = append(right.OtherTeachers, name)
	}
	if err := rows.Err(); err != nil {
		return nil, right, err
	}
	slices.Sort(right.OtherTeachers)
	// Only a student: a teacher's account on a roster (there is no way to
	// join as one, but a database may hold one) is never a teacher's to reset.
	right.Allowed = mine && len(right.OtherTeachers) == 0 && u.Role == RoleStudent
	u.PasswordHash = ""
	return u, right, nil
}
