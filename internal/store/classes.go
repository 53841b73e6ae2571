package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/ciphergram/ciphergram/internal/auth"
	"github.com/ciphergram/ciphergram/internal/names"
)

// Class is a teacher's class. Every method that takes a teacherID loads the
// class through its teacher: another teacher's class is ErrNotFound, exactly
// like a missing one.
type Class struct {
	ID, TeacherID  int64
	Name, JoinCode string // JoinCode is normalized (see NormalizeJoinCode)
	Archived       bool   // archived classes cannot be joined
	CreatedAt      time.Time

	Students, Assigned int // enrolled students and assigned lessons
}

// RosterEntry is an enrolled student. User.PasswordHash is left empty.
type RosterEntry struct {
	User                 User
	JoinedAt, LastActive time.Time
	Reset                ResetRight // filled by Roster and ClassOverview only
}

// Join codes are joinCodeLen characters from an alphabet without the
// look-alikes 0/O and 1/I/L: 31^8, about 8.5e11 codes.
const (
	joinCodeAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
	joinCodeLen      = 8
	joinCodeTries    = 10
)

// newJoinCode draws a join code; tests replace it.
var newJoinCode = func() string { return auth.RandomCode(joinCodeAlphabet, joinCodeLen) }

// NormalizeJoinCode returns a join code as stored: upper case, without the
// spaces and hyphens people type or copy with it.
func NormalizeJoinCode(s string) string {
	return strings.ToUpper(strings.Map(func(r rune) rune {
		if r == '-' || unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s))
}

// freeJoinCode returns a new join code no class has, drawing again on a
// collision. Inside the immediate transaction no one can take it before the
// caller stores it; the UNIQUE column is the backstop.
func freeJoinCode(ctx context.Context, tx *sql.Tx) (string, error) {
	for range joinCodeTries {
		code := newJoinCode()
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM classes WHERE join_code = ?`, code).Scan(&n); err != nil {
			return "", err
		}
		if n == 0 {
			return code, nil
		}
	}
	return "", fmt.Errorf("no free join code in %d tries", joinCodeTries)
}

// CreateClass creates a class for the teacher, with a new join code.
// ErrNotFound if teacherID is not a teacher; ErrClassNameTaken if another
// of their classes has a name like it.
func (db *DB) CreateClass(ctx context.Context, teacherID int64, name string) (*Class, error) {
	var c *Class
	err := db.inWriteTx(ctx, func(tx *sql.Tx) error {
		if strings.TrimSpace(name) == "" {
			return errors.New("empty class name")
		}
		if _, err := findUser(ctx, tx, `id = ? AND role = 'teacher'`, teacherID); err != nil {
			return err
		}
		if err := classNameFree(ctx, tx, teacherID, 0, name); err != nil {
			return err
		}
		code, err := freeJoinCode(ctx, tx)
		if err != nil {
			return err
		}
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO classes (teacher_id, name, join_code, created_at) VALUES (?, ?, ?, ?) RETURNING id`,
			teacherID, name, code, db.now()).Scan(&id); err != nil {
			return err
		}
		c, err = findClass(ctx, tx, `classes.id = ?`, id)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: create class for teacher %d: %w", teacherID, err)
	}
	return c, nil
}

// Classes returns the teacher's classes: active ones first, then archived,
// each by name.
func (db *DB) Classes(ctx context.Context, teacherID int64) ([]Class, error) {
	var cs []Class
	err := db.inReadTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT `+classColumns+` FROM classes WHERE classes.teacher_id = ?
			ORDER BY classes.archived, lower(classes.name), classes.id`, teacherID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			c, err := scanClass(rows)
			if err != nil {
				return err
			}
			cs = append(cs, *c)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("store: classes of teacher %d: %w", teacherID, err)
	}
	return cs, nil
}

// Class returns the teacher's class, or ErrNotFound.
func (db *DB) Class(ctx context.Context, teacherID, classID int64) (*Class, error) {
	var c *Class
	err := db.inReadTx(ctx, func(tx *sql.Tx) (err error) {
		c, err = ownClass(ctx, tx, teacherID, classID)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: class %d of teacher %d: %w", classID, teacherID, err)
	}
	return c, nil
}

// classNameFree returns ErrClassNameTaken if name looks like the name of
// another of the teacher's classes (archived ones too): on their screens
// and their students', two classes must not look the same. except is the
// class being renamed, which may keep its own name.
func classNameFree(ctx context.Context, tx *sql.Tx, teacherID, except int64, name string) error {
	rows, err := tx.QueryContext(ctx, `SELECT id, name FROM classes WHERE teacher_id = ?`, teacherID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var other string
		if err := rows.Scan(&id, &other); err != nil {
			return err
		}
		if id != except && names.Confusable(other, name) {
			return ErrClassNameTaken
		}
	}
	return rows.Err()
}

// RenameClass renames the teacher's class. ErrNotFound if it is not theirs;
// ErrClassNameTaken if another of their classes has a name like it.
func (db *DB) RenameClass(ctx context.Context, teacherID, classID int64, name string) error {
	err := db.inWriteTx(ctx, func(tx *sql.Tx) error {
		if strings.TrimSpace(name) == "" {
			return errors.New("empty class name")
		}
		if _, err := ownClass(ctx, tx, teacherID, classID); err != nil {
			return err
		}
		if err := classNameFree(ctx, tx, teacherID, classID, name); err != nil {
			return err
		}
		return execOne(ctx, tx, `UPDATE classes SET name = ? WHERE id = ? AND teacher_id = ?`, name, classID, teacherID)
	})
	if err != nil {
		return fmt.Errorf("store: rename class %d of teacher %d: %w", classID, teacherID, err)
	}
	return nil
}

// SetArchived archives the teacher's class or brings it back. An archived
// class cannot be joined; everything else stays. ErrNotFound if it is not
// theirs.
func (db *DB) SetArchived(ctx context.Context, teacherID, classID int64, archived bool) error {
	err := db.inWriteTx(ctx, func(tx *sql.Tx) error {
		return execOne(ctx, tx, `UPDATE classes SET archived = ? WHERE id = ? AND teacher_id = ?`, archived, classID, teacherID)
	})
	if err != nil {
		return fmt.Errorf("store: archive class %d of teacher %d: %w", classID, teacherID, err)
	}
	return nil
}

// RegenerateJoinCode gives the teacher's class a new join code and returns
// it; the old one stops working at once. ErrNotFound if it is not theirs.
func (db *DB) RegenerateJoinCode(ctx context.Context, teacherID, classID int64) (string, error) {
	var code string
	err := db.inWriteTx(ctx, func(tx *sql.Tx) error {
		if _, err := ownClass(ctx, tx, teacherID, classID); err != nil {
			return err
		}
		var err error
		if code, err = freeJoinCode(ctx, tx); err != nil {
			return err
		}
		return execOne(ctx, tx, `UPDATE classes SET join_code = ? WHERE id = ?`, code, classID)
	})
	if err != nil {
		return "", fmt.Errorf("store: new join code for class %d of teacher %d: %w", classID, teacherID, err)
	}
	return code, nil
}

// DeleteClass deletes the teacher's class with its enrolments and
// assignments. The students' accounts and answers stay. ErrNotFound if it
// is not theirs.
func (db *DB) DeleteClass(ctx context.Context, teacherID, classID int64) error {
	err := db.inWriteTx(ctx, func(tx *sql.Tx) error {
		return execOne(ctx, tx, `DELETE FROM classes WHERE id = ? AND teacher_id = ?`, classID, teacherID)
	})
	if err != nil {
		return fmt.Errorf("store: delete class %d of teacher %d: %w", classID, teacherID, err)
	}
	return nil
}

// ClassByJoinCode returns the class that the code, as typed (see
// NormalizeJoinCode), lets one join: ErrNotFound if there is none or it is
// archived.
func (db *DB) ClassByJoinCode(ctx context.Context, code string) (*Class, error) {
	var c *Class
	err := db.inReadTx(ctx, func(tx *sql.Tx) (err error) {
		c, err = findClass(ctx, tx, `classes.join_code = ? AND classes.archived = 0`, NormalizeJoinCode(code))
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: class by join code: %w", err)
	}
	return c, nil
}

// Join enrols an existing user in the class; joining again changes
// nothing. A self-study learner becomes a student, keeping all progress.
// Guests join through CreateStudent; teachers cannot join. ErrNotFound if
// the class is missing or archived, or the user missing or unable to join.
func (db *DB) Join(ctx context.Context, classID, userID int64) error {
	err := db.inWriteTx(ctx, func(tx *sql.Tx) error {
		if _, err := findClass(ctx, tx, `classes.id = ? AND classes.archived = 0`, classID); err != nil {
			return err
		}
		u, err := findUser(ctx, tx, `id = ?`, userID)
		if err != nil {
			return err
		}
		switch u.Role {
		case RoleStudent:
		case RoleLearner:
			if _, err := tx.ExecContext(ctx, `UPDATE users SET role = ? WHERE id = ?`, RoleStudent, userID); err != nil {
				return err
			}
		default:
			return fmt.Errorf("a %s cannot join a class: %w", u.Role, ErrNotFound)
		}
		now := db.now()
		if err := enrol(ctx, tx, classID, userID, u.DisplayName, now); err != nil {
			return err
		}
		return touchUser(ctx, tx, userID, now)
	})
	if err != nil {
		return fmt.Errorf("store: user %d join class %d: %w", userID, classID, err)
	}
	return nil
}

// CreateStudent creates a student account and enrols it in the class. If
// guestID is a guest, that guest becomes the student, keeping all its
// progress, and its session epoch is bumped so its old session cookies stop
// working; otherwise a new user is created, recorded as made by joining
// the class (see ResetRight). An empty display name becomes
// the guest's display name, or else the username. ErrUsernameTaken if
// another user has the username in any case; ErrNotFound if the class is
// missing or archived.
func (db *DB) CreateStudent(ctx context.Context, classID, guestID int64, username, displayName, passwordHash string) (*User, error) {
	var u *User
	err := db.inWriteTx(ctx, func(tx *sql.Tx) error {
		if username == "" || passwordHash == "" {
			return errors.New("empty username or password hash")
		}
		if _, err := findClass(ctx, tx, `classes.id = ? AND classes.archived = 0`, classID); err != nil {
			return err
		}
		now := db.now()
		var id int64
		var guest *User
		if guestID != 0 {
			g, err := findUser(ctx, tx, `id = ?`, guestID)
			if err == nil && g.Role == RoleGuest {
				guest = g
			} else if err != nil && !errors.Is(err, ErrNotFound) {
				return err
			}
		}
		if guest != nil {
			if err := usernameFree(ctx, tx, username); err != nil {
				return err
			}
			if strings.TrimSpace(displayName) == "" {
				displayName = guest.DisplayName
			}
			if strings.TrimSpace(displayName) == "" {
				displayName = username
			}
			if _, err := tx.ExecContext(ctx, `UPDATE users SET
					role = ?, username = ?, password_hash = ?, display_name = ?,
					session_epoch = session_epoch + 1, last_active_at = ?
				WHERE id = ?`, RoleStudent, username, passwordHash, displayName, now, guest.ID); err != nil {
				return err
			}
			id = guest.ID
		} else {
			var err error
			if id, err = createAccount(ctx, tx, RoleStudent, username, displayName, passwordHash, "UTC", now); err != nil {
				return err
			}
			// Made by joining: this class's teacher may reset its password.
			if _, err := tx.ExecContext(ctx, `UPDATE users SET joined_class_id = ? WHERE id = ?`, classID, id); err != nil {
				return err
			}
		}
		if err := enrol(ctx, tx, classID, id, displayName, now); err != nil {
			return err
		}
		var err error
		u, err = findUser(ctx, tx, `id = ?`, id)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: create student %q in class %d: %w", username, classID, err)
	}
	return u, nil
}

// Roster returns the students enrolled in the teacher's class, by display
// name, each with whether the teacher may reset their password.
// ErrNotFound if the class is not theirs.
func (db *DB) Roster(ctx context.Context, teacherID, classID int64) ([]RosterEntry, error) {
	var es []RosterEntry
	err := db.inReadTx(ctx, func(tx *sql.Tx) error {
		if _, err := ownClass(ctx, tx, teacherID, classID); err != nil {
			return err
		}
		var err error
		if es, err = roster(ctx, tx, classID); err != nil {
			return err
		}
		return addResetRights(ctx, tx, teacherID, classID, es)
	})
	if err != nil {
		return nil, fmt.Errorf("store: roster of class %d of teacher %d: %w", classID, teacherID, err)
	}
	return es, nil
}

// addResetRights fills each roster entry's Reset: whether the teacher may
// reset that student's password.
func addResetRights(ctx context.Context, tx *sql.Tx, teacherID, classID int64, es []RosterEntry) error {
	rights, err := resetRights(ctx, tx, teacherID, classID, 0)
	if err != nil {
		return err
	}
	for i := range es {
		es[i].Reset = rights[es[i].User.ID]
	}
	return nil
}

// RemoveStudent unenrols the student from the teacher's class; the account
// and its answers stay. ErrNotFound if the class is not theirs or the
// student not in it.
func (db *DB) RemoveStudent(ctx context.Context, teacherID, classID, studentID int64) error {
	err := db.inWriteTx(ctx, func(tx *sql.Tx) error {
		if _, err := ownClass(ctx, tx, teacherID, classID); err != nil {
			return err
		}
		return execOne(ctx, tx, `DELETE FROM enrolments WHERE class_id = ? AND user_id = ?`, classID, studentID)
	})
	if err != nil {
		return fmt.Errorf("store: remove student %d from class %d of teacher %d: %w", studentID, classID, teacherID, err)
	}
	return nil
}

// ResetStudentPassword sets a new password hash for a student enrolled in
// the teacher's class and bumps the student's session epoch, signing them
// out everywhere. ErrNotFound if the class is not theirs or the student
// not in it; ErrResetRefused if the teacher may not (see ResetRight),
// checked again here so nothing can change in between.
func (db *DB) ResetStudentPassword(ctx context.Context, teacherID, classID, studentID int64, passwordHash string) error {
	err := db.inWriteTx(ctx, func(tx *sql.Tx) error {
		if passwordHash == "" {
			return errors.New("empty password hash")
		}
		_, right, err := resetRight(ctx, tx, teacherID, classID, studentID)
		if err != nil {
			return err
		}
		if !right.Allowed {
			return ErrResetRefused
		}
		return execOne(ctx, tx, `UPDATE users SET password_hash = ?, session_epoch = session_epoch + 1 WHERE id = ?`,
			passwordHash, studentID)
	})
	if err != nil {
		return fmt.Errorf("store: reset password of student %d in class %d of teacher %d: %w", studentID, classID, teacherID, err)
	}
	return nil
}

// enrol puts the user in the class, keeping the first joining time. A
// newcomer whose display name looks like a classmate's (see
// names.Confusable) is refused with
// ErrDisplayNameTaken: a teacher must be able to tell students apart. The
// check runs in the joining transaction, so two students joining at once
// cannot both take a name.
func enrol(ctx context.Context, tx *sql.Tx, classID, userID int64, displayName string, now int64) error {
	rows, err := tx.QueryContext(ctx, `SELECT u.id, u.display_name FROM enrolments e JOIN users u ON u.id = e.user_id
		WHERE e.class_id = ?`, classID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return err
		}
		if id == userID {
			return nil // already enrolled: joining again changes nothing
		}
		if strings.TrimSpace(displayName) != "" && names.Confusable(name, displayName) {
			return ErrDisplayNameTaken
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO enrolments (class_id, user_id, joined_at) VALUES (?, ?, ?)
		ON CONFLICT (class_id, user_id) DO NOTHING`, classID, userID, now)
	return err
}

// roster returns the class's students by display name.
func roster(ctx context.Context, tx *sql.Tx, classID int64) ([]RosterEntry, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+userColumns+`, enrolments.joined_at, users.last_active_at
		FROM enrolments JOIN users ON users.id = enrolments.user_id
		WHERE enrolments.class_id = ?
		ORDER BY lower(users.display_name), lower(users.username), users.id`, classID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var es []RosterEntry
	for rows.Next() {
		var joined, active int64
		u, err := scanUser(rows, &joined, &active)
		if err != nil {
			return nil, err
		}
		u.PasswordHash = "" // rosters go to pages and exports
		es = append(es, RosterEntry{User: *u, JoinedAt: fromUnix(joined), LastActive: fromUnix(active)})
	}
	return es, rows.Err()
}

const classColumns = `classes.id, classes.teacher_id, classes.name, classes.join_code, classes.archived, classes.created_at,
	(SELECT count(*) FROM enrolments WHERE enrolments.class_id = classes.id),
	(SELECT count(*) FROM assignments WHERE assignments.class_id = classes.id)`

// scanClass scans classColumns, then any extra columns into extra.
func scanClass(row scanner, extra ...any) (*Class, error) {
	var c Class
	var created int64
	dest := append([]any{&c.ID, &c.TeacherID, &c.Name, &c.JoinCode, &c.Archived, &created,
		&c.Students, &c.Assigned}, extra...)
	if err := row.Scan(dest...); err != nil {
		return nil, err
	}
	c.CreatedAt = fromUnix(created)
	return &c, nil
}

// findClass returns the one class matching where (conditions on the
// classes table), or ErrNotFound.
func findClass(ctx context.Context, tx *sql.Tx, where string, args ...any) (*Class, error) {
	c, err := scanClass(tx.QueryRowContext(ctx, `SELECT `+classColumns+` FROM classes WHERE `+where, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	return c, err
}

// ownClass returns the class if it is the teacher's, or ErrNotFound: the
// one gate every teacher method passes through.
func ownClass(ctx context.Context, tx *sql.Tx, teacherID, classID int64) (*Class, error) {
	return findClass(ctx, tx, `classes.id = ? AND classes.teacher_id = ?`, classID, teacherID)
}
