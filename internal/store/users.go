package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	_ "time/tzdata" // time zone names validate the same on every system
)

// Role is what a user may do.
type Role string

const (
	RoleGuest   Role = "guest"   // no credentials yet; known only by the session
	RoleLearner Role = "learner" // self-study account
	RoleStudent Role = "student"
	RoleTeacher Role = "teacher"
)

type User struct {
	ID           int64
	Role         Role
	Username     string // empty for guests
	DisplayName  string
	PasswordHash string
	SessionEpoch int64  // sessions carrying an older epoch are void
	Timezone     string // IANA zone name, "UTC" unless set
	CreatedAt    time.Time
}

// CreateGuest creates a user with no credentials.
func (db *DB) CreateGuest(ctx context.Context) (*User, error) {
	var u *User
	err := db.inWriteTx(ctx, func(tx *sql.Tx) (err error) {
		u, err = createGuest(ctx, tx, db.now())
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: create guest: %w", err)
	}
	return u, nil
}

const insertGuestSQL = `INSERT INTO users (role, created_at, last_active_at) VALUES (?, ?, ?) RETURNING id`

func createGuest(ctx context.Context, tx querier, now int64) (*User, error) {
	var id int64
	if err := tx.QueryRowContext(ctx, insertGuestSQL, RoleGuest, now, now).Scan(&id); err != nil {
		return nil, err
	}
	return findUser(ctx, tx, `id = ?`, id)
}

// UserByUsername returns the user with the given username, compared without
// regard to (ASCII) case, or ErrNotFound.
func (db *DB) UserByUsername(ctx context.Context, username string) (*User, error) {
	var u *User
	err := db.inReadTx(ctx, func(tx *sql.Tx) (err error) {
		u, err = findUser(ctx, tx, byUsername, username)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: user %q: %w", username, err)
	}
	return u, nil
}

// SaveAccount gives a guest a username and password hash, making it a
// learner, and bumps its session epoch so the guest's old session cookies
// stop working. A display name still empty becomes the username. It returns ErrUsernameTaken if another user has the username
// in any case, and ErrNotFound if userID is not a guest.
func (db *DB) SaveAccount(ctx context.Context, userID int64, username, passwordHash string) (*User, error) {
	if username == "" || passwordHash == "" {
		return nil, fmt.Errorf("store: save account %d: empty username or password hash", userID)
	}
	var u *User
	err := db.inWriteTx(ctx, func(tx *sql.Tx) error {
		guest, err := findUser(ctx, tx, `id = ?`, userID)
		if err != nil {
			return err
		}
		if guest.Role != RoleGuest {
			return fmt.Errorf("no guest with that ID: %w", ErrNotFound)
		}
		if err := usernameFree(ctx, tx, username); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET
				role = ?, username = ?, password_hash = ?,
				display_name = CASE display_name WHEN '' THEN ? ELSE display_name END,
				session_epoch = session_epoch + 1
			WHERE id = ?`,
			RoleLearner, username, passwordHash, username, userID); err != nil {
			return err
		}
		u, err = findUser(ctx, tx, `id = ?`, userID)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: save account %d: %w", userID, err)
	}
	return u, nil
}

// BumpSessionEpoch invalidates every copy of the user's current session
// cookie (logout). ErrNotFound if there is no such user.
func (db *DB) BumpSessionEpoch(ctx context.Context, userID int64) error {
	err := db.inWriteTx(ctx, func(tx *sql.Tx) error {
		return execOne(ctx, tx, `UPDATE users SET session_epoch = session_epoch + 1 WHERE id = ?`, userID)
	})
	if err != nil {
		return fmt.Errorf("store: bump session epoch %d: %w", userID, err)
	}
	return nil
}

// CreateTeacher creates a teacher account. An empty display name becomes
// the username, an empty time zone UTC; any other time zone must be an IANA
// zone name. ErrUsernameTaken if another user has the username in any case.
func (db *DB) CreateTeacher(ctx context.Context, username, displayName, passwordHash, timezone string) (*User, error) {
	var u *User
	err := db.inWriteTx(ctx, func(tx *sql.Tx) error {
		tz, err := checkTimezone(timezone)
		if err != nil {
			return err
		}
		id, err := createAccount(ctx, tx, RoleTeacher, username, displayName, passwordHash, tz, db.now())
		if err != nil {
			return err
		}
		u, err = findUser(ctx, tx, `id = ?`, id)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: create teacher %q: %w", username, err)
	}
	return u, nil
}

// CreateLearner creates a self-study account in one transaction: for
// "save my progress" from someone who has no guest progress yet, so a
// taken username leaves nothing behind. ErrUsernameTaken as CreateTeacher.
func (db *DB) CreateLearner(ctx context.Context, username, passwordHash string) (*User, error) {
	var u *User
	err := db.inWriteTx(ctx, func(tx *sql.Tx) error {
		id, err := createAccount(ctx, tx, RoleLearner, username, "", passwordHash, "UTC", db.now())
		if err != nil {
			return err
		}
		u, err = findUser(ctx, tx, `id = ?`, id)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: create learner %q: %w", username, err)
	}
	return u, nil
}

// SetTimezone sets the user's time zone: an IANA zone name, or "" for UTC.
// ErrNotFound if there is no such user.
func (db *DB) SetTimezone(ctx context.Context, userID int64, tz string) error {
	err := db.inWriteTx(ctx, func(tx *sql.Tx) error {
		tz, err := checkTimezone(tz)
		if err != nil {
			return err
		}
		return execOne(ctx, tx, `UPDATE users SET timezone = ? WHERE id = ?`, tz, userID)
	})
	if err != nil {
		return fmt.Errorf("store: set time zone of user %d: %w", userID, err)
	}
	return nil
}

// checkTimezone returns tz, or "UTC" for "", if it is a time zone name.
func checkTimezone(tz string) (string, error) {
	if tz == "" {
		return "UTC", nil
	}
	if tz == "Local" { // the server's zone, not a name
		return "", fmt.Errorf("unknown time zone %q", tz)
	}
	if _, err := time.LoadLocation(tz); err != nil {
		return "", err
	}
	return tz, nil
}

// createAccount inserts a user with credentials and returns its ID. An
// empty display name becomes the username. ErrUsernameTaken if another user
// has the username in any case.
func createAccount(ctx context.Context, tx *sql.Tx, role Role, username, displayName, passwordHash, tz string, now int64) (int64, error) {
	if username == "" || passwordHash == "" {
		return 0, errors.New("empty username or password hash")
	}
	if err := usernameFree(ctx, tx, username); err != nil {
		return 0, err
	}
	if strings.TrimSpace(displayName) == "" {
		displayName = username
	}
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO users
		(role, username, display_name, password_hash, timezone, created_at, last_active_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, role, username, displayName, passwordHash, tz, now, now).Scan(&id)
	return id, err
}

// usernameFree returns ErrUsernameTaken if a user has the username in any
// case. Called inside an immediate transaction, no one can take the name
// before the caller's insert; the UNIQUE column is the backstop.
func usernameFree(ctx context.Context, tx *sql.Tx, username string) error {
	if _, err := findUser(ctx, tx, byUsername, username); err == nil {
		return fmt.Errorf("%q: %w", username, ErrUsernameTaken)
	} else if !errors.Is(err, ErrNotFound) {
		return err
	}
	return nil
}

// findUser returns the one user matching where (a condition on the users
// table with one parameter), or ErrNotFound.
func findUser(ctx context.Context, tx querier, where string, arg any) (*User, error) {
	u, err := scanUser(tx.QueryRowContext(ctx, userQuery(where), arg))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	return u, err
}

func userQuery(where string) string { return `SELECT ` + userColumns + ` FROM users WHERE ` + where }

// byUsername finds a user by username without regard to (ASCII) case, as
// the unique index on lower(username) of both engines does.
const byUsername = `lower(users.username) = lower(?)`

const userColumns = `users.id, users.role, users.username, users.display_name, users.password_hash,
	users.session_epoch, users.timezone, users.created_at`

func scanUser(row scanner, extra ...any) (*User, error) {
	var u User
	var username sql.NullString
	var created int64
	dest := append([]any{&u.ID, &u.Role, &username, &u.DisplayName, &u.PasswordHash,
		&u.SessionEpoch, &u.Timezone, &created}, extra...)
	if err := row.Scan(dest...); err != nil {
		return nil, err
	}
	u.Username = username.String
	u.CreatedAt = fromUnix(created)
	return &u, nil
}

// SettingOrInit returns the value stored under key, storing value first if
// the key has none. Concurrent first calls all get the same, first value.
func (db *DB) SettingOrInit(ctx context.Context, key string, value []byte) ([]byte, error) {
	var stored []byte
	err := db.inWriteTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING`, key, value); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&stored)
	})
	if err != nil {
		return nil, fmt.Errorf("store: setting %q: %w", key, err)
	}
	return stored, nil
}
