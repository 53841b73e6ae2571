package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// SetRecoveryCode gives the user a new recovery code (its hash); the old
// one stops working. ErrNotFound if there is no such user.
func (db *DB) SetRecoveryCode(ctx context.Context, userID int64, codeHash string) error {
	err := db.inWriteTx(ctx, func(tx *sql.Tx) error {
		if _, err := findUser(ctx, tx, `id = ?`, userID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO recovery_codes (user_id, code_hash, created_at) VALUES (?, ?, ?)
			ON CONFLICT (user_id) DO UPDATE SET code_hash = excluded.code_hash, created_at = excluded.created_at`,
			userID, codeHash, db.now())
		return err
	})
	if err != nil {
		return fmt.Errorf("store: set recovery code of user %d: %w", userID, err)
	}
	return nil
}

// RecoveryCodeHash returns the hash of the user's recovery code, or
// ErrNotFound if they have none.
func (db *DB) RecoveryCodeHash(ctx context.Context, userID int64) (string, error) {
	var hash string
	err := db.reader.QueryRowContext(ctx, `SELECT code_hash FROM recovery_codes WHERE user_id = ?`, userID).Scan(&hash)
	if errors.Is(err, sql.ErrNoRows) {
		err = ErrNotFound
	}
	if err != nil {
		return "", fmt.Errorf("store: recovery code of user %d: %w", userID, err)
	}
	return hash, nil
}

// Recover uses the user's recovery code, whose hash was oldCodeHash when
// it was checked: in one transaction the password and the code are
// replaced and the session epoch moves on, so every session signed in
// before ends. ErrNotFound if the code was used or replaced meanwhile:
// a code works once, even when sent twice at the same moment.
func (db *DB) Recover(ctx context.Context, userID int64, oldCodeHash, passwordHash, newCodeHash string) (*User, error) {
	var u *User
	err := db.inWriteTx(ctx, func(tx *sql.Tx) error {
		now := db.now()
		if err := execOne(ctx, tx, `UPDATE recovery_codes SET code_hash = ?, created_at = ?
			WHERE user_id = ? AND code_hash = ?`, newCodeHash, now, userID, oldCodeHash); err != nil {
			return err
		}
		if err := execOne(ctx, tx, `UPDATE users SET password_hash = ?, session_epoch = session_epoch + 1
			WHERE id = ?`, passwordHash, userID); err != nil {
			return err
		}
		var err error
		u, err = findUser(ctx, tx, `id = ?`, userID)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: recover account %d: %w", userID, err)
	}
	return u, nil
}
