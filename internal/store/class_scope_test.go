package store

import (
	"github.com/ciphergram/ciphergram/internal/storetest"

	"database/sql"
	"errors"
	"io/fs"
	"path/filepath"
	"slices"
	"testing"
)

// A database graded before grades belonged to classes: each grade moves to
// the grading teacher's class that has the lesson assigned and the
// student enrolled, and accounts made by joining are recorded as such.
func TestMigration004GradesKeepTheirClass(t *testing.T) {
	storetest.SQLiteOnly(t) // an old SQLite file, upgraded
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "v2.db")
	old, err := sql.Open("sqlite", "file:"+path+"?_pragma=foreign_keys(1)")
	if err != nil {
		t.Fatal(err)
	}
	stmts := []string{`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)`}
	for _, name := range []string{"migrations/sqlite/001_init.sql", "migrations/sqlite/002_classes.sql"} {
		body, err := fs.ReadFile(migrations, name)
		if err != nil {
			t.Fatal(err)
		}
		stmts = append(stmts, string(body))
	}
	stmts = append(stmts, `INSERT INTO schema_migrations VALUES (1, 0), (2, 0)`,
		// 1 and 2 teach; 3 joined class 10 (made by joining, same second);
		// 4 was a learner (created at 5) who joined class 10 at 50.
		`INSERT INTO users (id, role, username, password_hash, created_at, last_active_at) VALUES
			(1, 'teacher', 't1', 'h', 0, 0), (2, 'teacher', 't2', 'h', 0, 0),
			(3, 'student', 'sam', 'h', 100, 100), (4, 'student', 'lee', 'h', 5, 5)`,
		// Teacher 1: class 10 with l1 assigned; class 11, Sam enrolled,
		// nothing assigned. Teacher 2: class 20 with l1 assigned.
		`INSERT INTO classes (id, teacher_id, name, join_code, created_at) VALUES
			(10, 1, 'T1 assigned', 'AAAAAAAA', 0), (11, 1, 'T1 not assigned', 'BBBBBBBB', 0), (20, 2, 'T2', 'CCCCCCCC', 0)`,
		`INSERT INTO enrolments (class_id, user_id, joined_at) VALUES (11, 3, 100), (10, 3, 100), (20, 3, 200), (10, 4, 50)`,
		`INSERT INTO assignments (class_id, lesson_slug, created_at) VALUES (10, 'l1', 0), (20, 'l1', 0)`,
		// Sam's finished attempt: q1 right (1 point), q2 written, graded 2 by teacher 1.
		`INSERT INTO attempts (id, user_id, lesson_slug, lesson_hash, max_points, points, started_at, finished_at)
			VALUES (7, 3, 'l1', 'h', 3, 3, 100, 100)`,
		`INSERT INTO responses (attempt_id, question_id, answer, score, points, correct, pending, created_at,
				graded_by, teacher_comment, graded_at)
			VALUES (7, 'q1', '{}', 1, 1, 1, 0, 100, NULL, '', NULL), (7, 'q2', '{}', 0, 2, 0, 0, 100, 1, 'Good.', 150)`,
	)
	for _, stmt := range stmts {
		if _, err := old.ExecContext(ctx, stmt); err != nil {
			t.Fatalf("%v\n%s", err, stmt)
		}
	}
	if err := old.Close(); err != nil {
		t.Fatal(err)
	}

	db := openTestDB(t, path)
	fb, err := db.StudentFeedback(ctx, 3)
	if err != nil || len(fb) != 1 || fb[0].ClassID != 10 || fb[0].Points != 2 || fb[0].Comment != "Good." || fb[0].GradedBy != 1 {
		t.Fatalf("Sam's grades after the migration = %+v, %v; want teacher 1's 2 points in class 10", fb, err)
	}
	// Class 10 still scores the attempt 3; teacher 2's class sees it ungraded.
	scores := map[int64]float64{}
	for _, c := range []struct{ teacher, class int64 }{{1, 10}, {2, 20}} {
		_, _, work, err := db.ClassWork(ctx, c.teacher, c.class)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range work {
			if w.UserID == 3 {
				scores[c.class] = w.BestFinished.Points
				if want := map[int64]int{10: 0, 20: 1}[c.class]; w.Pending != want {
					t.Errorf("class %d: %d answers to grade, want %d", c.class, w.Pending, want)
				}
			}
		}
	}
	if scores[10] != 3 || scores[20] != 1 {
		t.Errorf("scores after the migration = %v, want class 10: 3, class 20: 1", scores)
	}
	if a, err := db.LatestAttempt(ctx, 3, "l1"); err != nil || a.Points != 3 {
		t.Errorf("Sam's own score = %+v, %v; want 3", a, err)
	}
	// Sam's account was made by joining class 10; Lee's was not.
	for id, want := range map[int64]sql.NullInt64{3: {Int64: 10, Valid: true}, 4: {}, 1: {}} {
		var got sql.NullInt64
		if err := db.reader.QueryRowContext(ctx, `SELECT joined_class_id FROM users WHERE id = ?`, id).Scan(&got); err != nil || got != want {
			t.Errorf("user %d joined_class_id = %v, %v; want %v", id, got, err, want)
		}
	}
}

// TestResetRight: who may reset a student's password.
func TestResetRight(t *testing.T) {
	db, _ := newTestDB(t)
	ctx := t.Context()
	ann, bob := newTeacher(t, db, "ann"), newTeacher(t, db, "bob")
	annClass, annOther, bobClass := newClass(t, db, ann.ID, "A1"), newClass(t, db, ann.ID, "A2"), newClass(t, db, bob.ID, "B1")
	own := newStudent(t, db, annClass.ID, "own", "Own")      // made by joining A1
	shared := newStudent(t, db, annClass.ID, "shared", "Sh") // made by joining A1, then joins B1
	if err := db.Join(ctx, bobClass.ID, shared.ID); err != nil {
		t.Fatal(err)
	}
	if err := db.Join(ctx, annOther.ID, own.ID); err != nil { // a second class of the same teacher
		t.Fatal(err)
	}
	learner, err := db.CreateLearner(ctx, "lee", "hash-lee")
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Join(ctx, annClass.ID, learner.ID); err != nil {
		t.Fatal(err)
	}
	guest, err := db.CreateGuest(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreateStudent(ctx, annClass.ID, guest.ID, "gus", "Gus", "hash-gus"); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name                    string
		teacher, class, student int64
		allowed, elsewhere      bool
		others                  []string
	}{
		{"own joiner", ann.ID, annClass.ID, own.ID, true, false, nil},
		{"own joiner, through another own class", ann.ID, annOther.ID, own.ID, true, false, nil},
		{"shared, by the class that made it", ann.ID, annClass.ID, shared.ID, false, false, []string{"Teacher bob"}},
		{"shared, by the other teacher", bob.ID, bobClass.ID, shared.ID, false, true, []string{"Teacher ann"}},
		{"a learner who joined", ann.ID, annClass.ID, learner.ID, false, true, nil},
		{"a guest who joined", ann.ID, annClass.ID, guest.ID, false, true, nil},
	}
	for _, c := range cases {
		_, right, err := db.ResetRight(ctx, c.teacher, c.class, c.student)
		if err != nil || right.Allowed != c.allowed || right.JoinedElsewhere != c.elsewhere || !slices.Equal(right.OtherTeachers, c.others) {
			t.Errorf("%s: %+v, %v; want allowed %v, elsewhere %v, others %v", c.name, right, err, c.allowed, c.elsewhere, c.others)
		}
		err = db.ResetStudentPassword(ctx, c.teacher, c.class, c.student, "new-hash")
		if c.allowed != (err == nil) || !c.allowed && !errors.Is(err, ErrResetRefused) {
			t.Errorf("%s: ResetStudentPassword = %v", c.name, err)
		}
		u, _ := db.User(ctx, c.student)
		if changed := u.PasswordHash == "new-hash"; changed != c.allowed {
			t.Errorf("%s: password changed = %v", c.name, changed)
		}
	}
	// Not in the class, or not the teacher's class: not found.
	for name, call := range map[string][3]int64{
		"student not in the class": {bob.ID, bobClass.ID, own.ID},
		"another teacher's class":  {bob.ID, annClass.ID, own.ID},
		"no such user":             {ann.ID, annClass.ID, 9999},
	} {
		if _, _, err := db.ResetRight(ctx, call[0], call[1], call[2]); !errors.Is(err, ErrNotFound) {
			t.Errorf("%s: %v, want ErrNotFound", name, err)
		}
	}
	// The administrator's reset reaches anyone and ends their sessions.
	before, _ := db.User(ctx, shared.ID)
	if u, err := db.ResetPassword(ctx, "SHARED", "admin-hash"); err != nil || u.ID != shared.ID {
		t.Fatalf("ResetPassword = %+v, %v", u, err)
	}
	if after, _ := db.User(ctx, shared.ID); after.PasswordHash != "admin-hash" || after.SessionEpoch != before.SessionEpoch+1 {
		t.Errorf("after the administrator's reset: %+v", after)
	}
	if _, err := db.ResetPassword(ctx, "nobody", "h"); !errors.Is(err, ErrNotFound) {
		t.Errorf("ResetPassword of nobody = %v", err)
	}
}

// TestIDsPast32Bits: an ID beyond 2^31 (a PostgreSQL identity column can
// reach it, and a migrated database can hold one) is compared as the
// 64-bit number it is, never refused as out of range.
func TestIDsPast32Bits(t *testing.T) {
	db, _ := newTestDB(t)
	ctx := t.Context()
	ann := newTeacher(t, db, "ann")
	class := newClass(t, db, ann.ID, "A1")
	const far = int64(3_000_000_000)
	if _, err := db.writer.ExecContext(ctx, `INSERT INTO users (id, role, username, display_name, password_hash, created_at, last_active_at)
		VALUES (?, 'student', 'far', 'Far', 'h', 0, 0)`, far); err != nil {
		t.Fatal(err)
	}
	if err := db.Join(ctx, class.ID, far); err != nil {
		t.Fatal(err)
	}
	if u, _, err := db.ResetRight(ctx, ann.ID, class.ID, far); err != nil || u.ID != far {
		t.Errorf("ResetRight for student %d: %v, %v", far, u, err)
	}
	if _, err := db.StudentClasses(ctx, far); err != nil {
		t.Errorf("StudentClasses of user %d: %v", far, err)
	}
}
