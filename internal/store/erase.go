package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Deleting a user deletes everything stored about them in one
// transaction. The schema's foreign keys carry it: attempts, reviews and
// enrolments go with the user, responses with their attempts, and grades
// with their responses (ON DELETE CASCADE). A teacher's grades and the
// classes they joined through stay, with the reference set to NULL.
// TestDeleteLeavesNoTrace checks every table, so a table added later
// without its deletion fails it.

// ErrDeleteRefused: the teacher may not delete this student's account.
var ErrDeleteRefused = errors.New("account deletion refused")

// DeleteUser deletes the user and everything stored about them: their own
// "delete my account", and an expired guest. A session cookie of theirs
// then names no one, so every copy of it stops working. ErrNotFound if
// there is no such user.
func (db *DB) DeleteUser(ctx context.Context, userID int64) error {
	if err := db.inWriteTx(ctx, func(tx *sql.Tx) error { return deleteUser(ctx, tx, userID) }); err != nil {
		return fmt.Errorf("store: delete user %d: %w", userID, err)
	}
	return nil
}

// DeleteUserByUsername is the administrator's DeleteUser, whatever the
// role: a teacher's classes go with them (their students' accounts stay).
// It returns the user deleted.
func (db *DB) DeleteUserByUsername(ctx context.Context, username string) (*User, error) {
	var u *User
	err := db.inWriteTx(ctx, func(tx *sql.Tx) (err error) {
		if u, err = findUser(ctx, tx, byUsername, username); err != nil {
			return err
		}
		return deleteUser(ctx, tx, u.ID)
	})
	if err != nil {
		return nil, fmt.Errorf("store: delete user %q: %w", username, err)
	}
	return u, nil
}

// DeleteStudent deletes the account of a student enrolled in the
// teacher's class, with all their answers. The rule is the password
// reset's (see ResetRight), for the same reason and more: the account
// must have been made by joining one of the teacher's classes, and no
// other teacher may have the student. ErrNotFound if the class is not
// theirs or the student not in it; ErrDeleteRefused if the rule says no,
// checked here in the deleting transaction.
func (db *DB) DeleteStudent(ctx context.Context, teacherID, classID, studentID int64) error {
	err := db.inWriteTx(ctx, func(tx *sql.Tx) error {
		_, right, err := resetRight(ctx, tx, teacherID, classID, studentID)
		if err != nil {
			return err
		}
		if !right.Allowed {
			return ErrDeleteRefused
		}
		return deleteUser(ctx, tx, studentID)
	})
	if err != nil {
		return fmt.Errorf("store: delete student %d in class %d of teacher %d: %w", studentID, classID, teacherID, err)
	}
	return nil
}

func deleteUser(ctx context.Context, tx *sql.Tx, userID int64) error {
	return execOne(ctx, tx, `DELETE FROM users WHERE id = ?`, userID)
}

// GuestBatch is how many guests one transaction of DeleteIdleGuests
// deletes: small, so an answer waiting for the one writer connection
// waits for one short transaction at most.
const GuestBatch = 50

// DeleteIdleGuests deletes the guests with no activity (no answer, no
// class joined) since idleSince, and all their progress, oldest first in
// transactions of GuestBatch guests, until none is left or ctx ends. It
// returns how many it deleted.
func (db *DB) DeleteIdleGuests(ctx context.Context, idleSince time.Time) (int, error) {
	total := 0
	for ctx.Err() == nil {
		var n int64
		err := db.inWriteTx(ctx, func(tx *sql.Tx) error {
			res, err := tx.ExecContext(ctx, `DELETE FROM users WHERE id IN (SELECT id FROM users
				WHERE role = ? AND last_active_at < ? ORDER BY last_active_at LIMIT ?)`,
				RoleGuest, idleSince.Unix(), GuestBatch)
			if err != nil {
				return err
			}
			n, err = res.RowsAffected()
			return err
		})
		if err != nil {
			return total, fmt.Errorf("store: delete idle guests: %w", err)
		}
		total += int(n)
		if n < GuestBatch {
			return total, nil
		}
	}
	return total, ctx.Err()
}
