package store

import (
	"github.com/ciphergram/ciphergram/internal/storetest"

	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

func newTeacher(t *testing.T, db *DB, username string) *User {
	t.Helper()
	u, err := db.CreateTeacher(t.Context(), username, "Teacher "+username, "hash-"+username, "")
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func newClass(t *testing.T, db *DB, teacherID int64, name string) *Class {
	t.Helper()
	c, err := db.CreateClass(t.Context(), teacherID, name)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func newStudent(t *testing.T, db *DB, classID int64, username, displayName string) *User {
	t.Helper()
	u, err := db.CreateStudent(t.Context(), classID, 0, username, displayName, "hash-"+username)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func assign(t *testing.T, db *DB, teacherID, classID int64, slugs ...string) {
	t.Helper()
	if err := db.Assign(t.Context(), teacherID, classID, slugs, time.Time{}, false); err != nil {
		t.Fatal(err)
	}
}

// written is a written answer to question q of lesson "l1", awaiting a grade.
func written(userID int64, q string) Submission {
	s := submission(userID, q)
	s.Answer, s.Correct, s.Pending, s.Score, s.Points = `{"text":"it was read as a threat"}`, false, true, 0, 0
	return s
}

// A database made before classrooms existed gains them on Open, keeping
// its data.
func TestMigration002UpgradesOldDatabase(t *testing.T) {
	storetest.SQLiteOnly(t) // an old SQLite file, upgraded
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "old.db")
	old, err := sql.Open("sqlite", "file:"+path+"?_pragma=foreign_keys(1)")
	if err != nil {
		t.Fatal(err)
	}
	body, err := fs.ReadFile(migrations, "migrations/sqlite/001_init.sql")
	if err != nil {
		t.Fatal(err)
	}
	for _, stmt := range []string{
		`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)`,
		string(body),
		`INSERT INTO schema_migrations VALUES (1, 0)`,
		`INSERT INTO users (role, username, password_hash, created_at, last_active_at) VALUES ('learner', 'ann', 'h', 0, 0)`,
		`INSERT INTO attempts (user_id, lesson_slug, lesson_hash, max_points, started_at) VALUES (1, 'l1', 'h', 3, 0)`,
		`INSERT INTO responses (attempt_id, question_id, answer, score, points, correct, pending, created_at)
			VALUES (1, 'q1', '{}', 0, 0, 0, 1, 0)`,
	} {
		if _, err := old.ExecContext(ctx, stmt); err != nil {
			t.Fatal(err)
		}
	}
	if err := old.Close(); err != nil {
		t.Fatal(err)
	}

	db := openTestDB(t, path)
	var versions []int
	rows, err := db.reader.QueryContext(ctx, `SELECT version FROM schema_migrations ORDER BY version`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			t.Fatal(err)
		}
		versions = append(versions, v)
	}
	rows.Close()
	// Every migration is applied, in order: 1 to 4, then those added since.
	entries, err := fs.ReadDir(migrations, "migrations/sqlite")
	if err != nil {
		t.Fatal(err)
	}
	if len(versions) != len(entries) || fmt.Sprint(versions[:4]) != "[1 2 3 4]" || !slices.IsSorted(versions) {
		t.Errorf("versions = %v, want [1 2 3 4] and the %d migrations after", versions, len(entries)-4)
	}
	if u, err := db.User(ctx, 1); err != nil || u.Username != "ann" || u.Timezone != "UTC" {
		t.Errorf("old user = %+v, %v; want ann in UTC", u, err)
	}
	rs, err := db.Responses(ctx, 1)
	if err != nil || len(rs) != 1 || !rs[0].Pending {
		t.Errorf("old responses = %+v, %v", rs, err)
	}
	// Migration 003: the old attempt has an order seed of its own.
	if a, err := db.LatestAttempt(ctx, 1, "l1"); err != nil || a.Seed == 0 {
		t.Errorf("old attempt after migration 003 = %+v, %v; want a seed", a, err)
	}
	// The new tables work on the upgraded file.
	teacher := newTeacher(t, db, "tess")
	newClass(t, db, teacher.ID, "7B")
}

func TestFreshDatabaseRecordsEveryMigration(t *testing.T) {
	db, _ := newTestDB(t)
	var n, top int
	if err := db.reader.QueryRowContext(t.Context(), `SELECT count(*), max(version) FROM schema_migrations`).Scan(&n, &top); err != nil {
		t.Fatal(err)
	}
	names, err := fs.Glob(migrations, "migrations/sqlite/*.sql")
	if err != nil {
		t.Fatal(err)
	}
	last, _, _ := strings.Cut(path.Base(names[len(names)-1]), "_")
	if want, _ := strconv.Atoi(last); n != len(names) || top != want {
		t.Errorf("%d migrations recorded, up to %d; want %d, up to %d", n, top, len(names), want)
	}
}

func TestJoinCodes(t *testing.T) {
	db, _ := newTestDB(t)
	ctx := t.Context()
	teacher := newTeacher(t, db, "tess")

	seen := map[string]bool{}
	for i := range 50 {
		c := newClass(t, db, teacher.ID, fmt.Sprintf("class %d", i))
		if len(c.JoinCode) != 8 {
			t.Errorf("join code %q: length %d, want 8", c.JoinCode, len(c.JoinCode))
		}
		for _, r := range c.JoinCode {
			if !strings.ContainsRune(joinCodeAlphabet, r) {
				t.Errorf("join code %q has %q", c.JoinCode, r)
			}
		}
		if seen[c.JoinCode] {
			t.Errorf("join code %q given twice", c.JoinCode)
		}
		seen[c.JoinCode] = true
	}
	if strings.ContainsAny(joinCodeAlphabet, "01OIL") {
		t.Errorf("alphabet %q has look-alikes", joinCodeAlphabet)
	}

	for in, want := range map[string]string{
		"abcd-efgh":     "ABCDEFGH",
		" AbCd EfGh \t": "ABCDEFGH",
		"ab-cd ef-gh":   "ABCDEFGH",
		"":              "",
	} {
		if got := NormalizeJoinCode(in); got != want {
			t.Errorf("NormalizeJoinCode(%q) = %q, want %q", in, got, want)
		}
	}

	c := newClass(t, db, teacher.ID, "7B")
	typed := strings.ToLower(c.JoinCode[:4]) + " - " + c.JoinCode[4:]
	if got, err := db.ClassByJoinCode(ctx, typed); err != nil || got.ID != c.ID {
		t.Errorf("ClassByJoinCode(%q) = %+v, %v; want class %d", typed, got, err, c.ID)
	}
	if _, err := db.ClassByJoinCode(ctx, ""); !errors.Is(err, ErrNotFound) {
		t.Errorf("ClassByJoinCode(\"\") = %v, want ErrNotFound", err)
	}
}

func TestJoinCodeCollisionDrawsAgain(t *testing.T) {
	db, _ := newTestDB(t)
	teacher := newTeacher(t, db, "tess")
	defer func(draw func() string) { newJoinCode = draw }(newJoinCode)

	draws := []string{"22222222", "22222222", "33333333"}
	newJoinCode = func() string { code := draws[0]; draws = draws[1:]; return code }
	first := newClass(t, db, teacher.ID, "A")
	second := newClass(t, db, teacher.ID, "B")
	if first.JoinCode != "22222222" || second.JoinCode != "33333333" {
		t.Errorf("join codes %q, %q; want 22222222, then 33333333 after the collision", first.JoinCode, second.JoinCode)
	}

	// Out of luck every time: an error, not a duplicate.
	newJoinCode = func() string { return "22222222" }
	if _, err := db.CreateClass(t.Context(), teacher.ID, "C"); err == nil {
		t.Error("CreateClass with only taken codes succeeded")
	}
}

func TestRegenerateJoinCode(t *testing.T) {
	db, _ := newTestDB(t)
	ctx := t.Context()
	teacher := newTeacher(t, db, "tess")
	c := newClass(t, db, teacher.ID, "7B")

	code, err := db.RegenerateJoinCode(ctx, teacher.ID, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if code == c.JoinCode || len(code) != 8 {
		t.Errorf("new code %q, old %q", code, c.JoinCode)
	}
	if _, err := db.ClassByJoinCode(ctx, c.JoinCode); !errors.Is(err, ErrNotFound) {
		t.Errorf("old code: %v, want ErrNotFound", err)
	}
	if got, err := db.ClassByJoinCode(ctx, code); err != nil || got.ID != c.ID || got.JoinCode != code {
		t.Errorf("new code: %+v, %v", got, err)
	}
}

func TestArchivedClassCannotBeJoined(t *testing.T) {
	db, _ := newTestDB(t)
	ctx := t.Context()
	teacher := newTeacher(t, db, "tess")
	c := newClass(t, db, teacher.ID, "7B")
	learner := newGuest(t, db)
	if _, err := db.SaveAccount(ctx, learner.ID, "lea", "h"); err != nil {
		t.Fatal(err)
	}

	if err := db.SetArchived(ctx, teacher.ID, c.ID, true); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ClassByJoinCode(ctx, c.JoinCode); !errors.Is(err, ErrNotFound) {
		t.Errorf("ClassByJoinCode of an archived class = %v, want ErrNotFound", err)
	}
	if err := db.Join(ctx, c.ID, learner.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("Join an archived class = %v, want ErrNotFound", err)
	}
	if _, err := db.CreateStudent(ctx, c.ID, 0, "stu", "Stu", "h"); !errors.Is(err, ErrNotFound) {
		t.Errorf("CreateStudent in an archived class = %v, want ErrNotFound", err)
	}
	if _, err := db.UserByUsername(ctx, "stu"); !errors.Is(err, ErrNotFound) {
		t.Errorf("CreateStudent in an archived class left a user behind: %v", err)
	}
	if got, err := db.Class(ctx, teacher.ID, c.ID); err != nil || !got.Archived {
		t.Errorf("archived class = %+v, %v", got, err)
	}

	if err := db.SetArchived(ctx, teacher.ID, c.ID, false); err != nil {
		t.Fatal(err)
	}
	if err := db.Join(ctx, c.ID, learner.ID); err != nil {
		t.Errorf("Join after unarchiving: %v", err)
	}
}

func TestClassesListAndCounts(t *testing.T) {
	db, clock := newTestDB(t)
	ctx := t.Context()
	teacher := newTeacher(t, db, "tess")
	other := newTeacher(t, db, "otto")
	b := newClass(t, db, teacher.ID, "b class")
	a := newClass(t, db, teacher.ID, "A class")
	z := newClass(t, db, teacher.ID, "Z class")
	newClass(t, db, other.ID, "Other's")
	if err := db.SetArchived(ctx, teacher.ID, a.ID, true); err != nil {
		t.Fatal(err)
	}
	if err := db.RenameClass(ctx, teacher.ID, z.ID, "c class"); err != nil {
		t.Fatal(err)
	}
	if err := db.RenameClass(ctx, teacher.ID, z.ID, "  "); err == nil {
		t.Error("renaming to blank accepted")
	}
	newStudent(t, db, b.ID, "s1", "S1")
	newStudent(t, db, b.ID, "s2", "S2")
	assign(t, db, teacher.ID, b.ID, "l1", "l2", "l3")

	cs, err := db.Classes(ctx, teacher.ID)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range cs {
		names = append(names, c.Name)
	}
	if fmt.Sprint(names) != "[b class c class A class]" {
		t.Errorf("Classes = %v, want active by name, then archived", names)
	}
	got, err := db.Class(ctx, teacher.ID, b.ID)
	want := Class{ID: b.ID, TeacherID: teacher.ID, Name: "b class", JoinCode: b.JoinCode,
		CreatedAt: clock.Now(), Students: 2, Assigned: 3}
	if err != nil || *got != want {
		t.Errorf("Class = %+v, %v\nwant %+v", got, err, want)
	}
	if cs[0] != want {
		t.Errorf("Classes[0] = %+v, want %+v", cs[0], want)
	}

	// Only teachers have classes.
	if _, err := db.CreateClass(ctx, newGuest(t, db).ID, "x"); !errors.Is(err, ErrNotFound) {
		t.Errorf("CreateClass by a guest = %v, want ErrNotFound", err)
	}
	if _, err := db.CreateClass(ctx, teacher.ID, ""); err == nil {
		t.Error("CreateClass with no name succeeded")
	}
}

func TestTeacherAccountAndTimezone(t *testing.T) {
	db, clock := newTestDB(t)
	ctx := t.Context()
	u, err := db.CreateTeacher(ctx, "Tess", "", "hash", "Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	// A new user's session epoch is random (see migration 005).
	want := User{ID: u.ID, Role: RoleTeacher, Username: "Tess", DisplayName: "Tess", PasswordHash: "hash",
		SessionEpoch: u.SessionEpoch, Timezone: "Europe/Berlin", CreatedAt: clock.Now()}
	if *u != want {
		t.Errorf("CreateTeacher = %+v, want %+v", u, want)
	}
	if _, err := db.CreateTeacher(ctx, "tESS", "", "hash", ""); !errors.Is(err, ErrUsernameTaken) {
		t.Errorf("CreateTeacher with a taken name = %v, want ErrUsernameTaken", err)
	}
	for _, bad := range []string{"Mars/Olympus", "Local", "../../etc/passwd"} {
		if _, err := db.CreateTeacher(ctx, "x"+bad, "", "hash", bad); err == nil {
			t.Errorf("CreateTeacher with time zone %q succeeded", bad)
		}
		if err := db.SetTimezone(ctx, u.ID, bad); err == nil {
			t.Errorf("SetTimezone(%q) succeeded", bad)
		}
	}
	if err := db.SetTimezone(ctx, u.ID, "America/New_York"); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.UserByUsername(ctx, "tess"); got.Timezone != "America/New_York" {
		t.Errorf("time zone = %q", got.Timezone)
	}
	if err := db.SetTimezone(ctx, 999, "UTC"); !errors.Is(err, ErrNotFound) {
		t.Errorf("SetTimezone of a missing user = %v, want ErrNotFound", err)
	}
	if g := newGuest(t, db); g.Timezone != "UTC" {
		t.Errorf("guest time zone = %q, want UTC", g.Timezone)
	}
}

// Every teacher method refuses another teacher's class, and a missing one,
// with ErrNotFound and changes nothing.
func TestTeacherMethodsRefuseOthersClasses(t *testing.T) {
	db, _ := newTestDB(t)
	ctx := t.Context()
	owner := newTeacher(t, db, "owner")
	intruder := newTeacher(t, db, "intruder")
	c := newClass(t, db, owner.ID, "7B")
	s := newStudent(t, db, c.ID, "stu", "Stu")
	assign(t, db, owner.ID, c.ID, "l1")
	submit(t, db, submission(s.ID, "q1"))
	a := submit(t, db, written(s.ID, "q2")).Attempt

	methods := map[string]func(teacherID, classID int64) error{
		"Class":              func(tid, cid int64) error { _, err := db.Class(ctx, tid, cid); return err },
		"RenameClass":        func(tid, cid int64) error { return db.RenameClass(ctx, tid, cid, "Mine now") },
		"SetArchived":        func(tid, cid int64) error { return db.SetArchived(ctx, tid, cid, true) },
		"RegenerateJoinCode": func(tid, cid int64) error { _, err := db.RegenerateJoinCode(ctx, tid, cid); return err },
		"DeleteClass":        func(tid, cid int64) error { return db.DeleteClass(ctx, tid, cid) },
		"Roster":             func(tid, cid int64) error { _, err := db.Roster(ctx, tid, cid); return err },
		"RemoveStudent":      func(tid, cid int64) error { return db.RemoveStudent(ctx, tid, cid, s.ID) },
		"ResetStudentPassword": func(tid, cid int64) error {
			return db.ResetStudentPassword(ctx, tid, cid, s.ID, "evil")
		},
		"Assign": func(tid, cid int64) error {
			return db.Assign(ctx, tid, cid, []string{"l2"}, time.Time{}, false)
		},
		"Unassign":    func(tid, cid int64) error { return db.Unassign(ctx, tid, cid, "l1") },
		"Assignments": func(tid, cid int64) error { _, err := db.Assignments(ctx, tid, cid); return err },
		"ClassWork":   func(tid, cid int64) error { _, _, _, err := db.ClassWork(ctx, tid, cid); return err },
		"ClassOverview": func(tid, cid int64) error {
			_, _, _, err := db.ClassOverview(ctx, tid, cid)
			return err
		},
		"StudentLessonResponses": func(tid, cid int64) error {
			_, _, _, err := db.StudentLessonResponses(ctx, tid, cid, s.ID, "l1")
			return err
		},
		"ResetRight":     func(tid, cid int64) error { _, _, err := db.ResetRight(ctx, tid, cid, s.ID); return err },
		"ClassResponses": func(tid, cid int64) error { _, err := db.ClassResponses(ctx, tid, cid, "l1"); return err },
		"GradingQueue":   func(tid, cid int64) error { _, err := db.GradingQueue(ctx, tid, cid, "l1"); return err },
		"GradeResponse":  func(tid, cid int64) error { return db.GradeResponse(ctx, tid, cid, a.ID, "q2", 9, "mine") },
	}
	for name, call := range methods {
		for _, tc := range []struct {
			who            string
			teacher, class int64
		}{
			{"another teacher", intruder.ID, c.ID},
			{"the student", s.ID, c.ID},
			{"a missing class", owner.ID, c.ID + 100},
		} {
			if err := call(tc.teacher, tc.class); !errors.Is(err, ErrNotFound) {
				t.Errorf("%s by %s = %v, want ErrNotFound", name, tc.who, err)
			}
		}
	}

	// Nothing changed.
	got, err := db.Class(ctx, owner.ID, c.ID)
	if err != nil || got.Name != "7B" || got.Archived || got.JoinCode != c.JoinCode || got.Students != 1 || got.Assigned != 1 {
		t.Errorf("class after the intrusions = %+v, %v", got, err)
	}
	if u, _ := db.User(ctx, s.ID); u.PasswordHash != "hash-stu" || u.SessionEpoch != s.SessionEpoch {
		t.Errorf("student after the intrusions = %+v", u)
	}
	if rs, _ := db.Responses(ctx, a.ID); !rs[1].Pending {
		t.Errorf("response after the intrusions = %+v", rs[1])
	}
	if fb, _ := db.StudentFeedback(ctx, s.ID); len(fb) != 0 {
		t.Errorf("grades after the intrusions = %+v", fb)
	}
	// The owner gets through every one (DeleteClass last).
	for _, name := range []string{"Class", "Roster", "ResetRight", "Assignments", "ClassWork", "ClassOverview", "StudentLessonResponses",
		"ClassResponses", "GradingQueue", "GradeResponse", "RenameClass", "SetArchived", "RegenerateJoinCode",
		"Assign", "Unassign", "ResetStudentPassword", "RemoveStudent", "DeleteClass"} {
		if err := methods[name](owner.ID, c.ID); err != nil {
			t.Errorf("%s by the owner: %v", name, err)
		}
	}
	if len(methods) != 18 {
		t.Errorf("%d methods in the table, the owner check covers 18", len(methods))
	}
}

func TestCreateStudentFromGuestKeepsProgress(t *testing.T) {
	db, clock := newTestDB(t)
	ctx := t.Context()
	teacher := newTeacher(t, db, "tess")
	c := newClass(t, db, teacher.ID, "7B")
	g := newGuest(t, db)
	a := submit(t, db, submission(g.ID, "q1")).Attempt

	clock.Advance(time.Hour)
	u, err := db.CreateStudent(ctx, c.ID, g.ID, "Gus", "Gus G.", "hash")
	if err != nil {
		t.Fatal(err)
	}
	if u.ID != g.ID || u.Role != RoleStudent || u.Username != "Gus" || u.DisplayName != "Gus G." ||
		u.PasswordHash != "hash" || u.SessionEpoch != g.SessionEpoch+1 {
		t.Errorf("student from guest = %+v", u)
	}
	if as, err := db.Attempts(ctx, u.ID); err != nil || len(as) != 1 || as[0].ID != a.ID {
		t.Errorf("attempts after becoming a student = %+v, %v", as, err)
	}
	roster, err := db.Roster(ctx, teacher.ID, c.ID)
	if err != nil || len(roster) != 1 || roster[0].User.ID != g.ID || !roster[0].JoinedAt.Equal(clock.Now()) ||
		!roster[0].LastActive.Equal(clock.Now()) || roster[0].User.PasswordHash != "" {
		t.Errorf("roster = %+v, %v", roster, err)
	}

	// A guestID that is no longer a guest: a new user, who must pick
	// another name.
	if _, err := db.CreateStudent(ctx, c.ID, g.ID, "gus", "", "hash"); !errors.Is(err, ErrUsernameTaken) {
		t.Errorf("CreateStudent with a taken name = %v, want ErrUsernameTaken", err)
	}
	fresh, err := db.CreateStudent(ctx, c.ID, g.ID, "Nia", "", "hash")
	if err != nil {
		t.Fatal(err)
	}
	if fresh.ID == g.ID || fresh.DisplayName != "Nia" || fresh.Role != RoleStudent {
		t.Errorf("CreateStudent with a non-guest guestID = %+v", fresh)
	}
	// A guest whose username is taken stays a guest, unenrolled.
	g2 := newGuest(t, db)
	if _, err := db.CreateStudent(ctx, c.ID, g2.ID, "NIA", "", "hash"); !errors.Is(err, ErrUsernameTaken) {
		t.Errorf("CreateStudent from a guest with a taken name = %v, want ErrUsernameTaken", err)
	}
	if got, _ := db.User(ctx, g2.ID); got.Role != RoleGuest {
		t.Errorf("guest after a failed CreateStudent = %+v", got)
	}
	if got, _ := db.Class(ctx, teacher.ID, c.ID); got.Students != 2 {
		t.Errorf("%d students, want 2", got.Students)
	}
	if _, err := db.CreateStudent(ctx, 999, 0, "zed", "", "hash"); !errors.Is(err, ErrNotFound) {
		t.Errorf("CreateStudent in a missing class = %v, want ErrNotFound", err)
	}
}

func TestJoin(t *testing.T) {
	db, clock := newTestDB(t)
	ctx := t.Context()
	teacher := newTeacher(t, db, "tess")
	c1 := newClass(t, db, teacher.ID, "7B")
	c2 := newClass(t, db, teacher.ID, "8A")
	learner := newGuest(t, db)
	submit(t, db, submission(learner.ID, "q1"))
	if _, err := db.SaveAccount(ctx, learner.ID, "lea", "h"); err != nil {
		t.Fatal(err)
	}
	joined := clock.Now()
	for range 2 { // idempotent
		if err := db.Join(ctx, c1.ID, learner.ID); err != nil {
			t.Fatal(err)
		}
		clock.Advance(time.Minute)
	}
	u, _ := db.User(ctx, learner.ID)
	if u.Role != RoleStudent {
		t.Errorf("learner after joining: role %q, want student", u.Role)
	}
	if r, err := db.Roster(ctx, teacher.ID, c1.ID); err != nil || len(r) != 1 || !r[0].JoinedAt.Equal(joined) {
		t.Errorf("roster = %+v, %v; want one student joined at %v", r, err, joined)
	}
	// A student joins a second class.
	if err := db.Join(ctx, c2.ID, learner.ID); err != nil {
		t.Fatal(err)
	}
	if scs, err := db.StudentClasses(ctx, learner.ID); err != nil || len(scs) != 2 {
		t.Errorf("StudentClasses = %+v, %v; want 2", scs, err)
	}
	if as, _ := db.Attempts(ctx, learner.ID); len(as) != 1 {
		t.Errorf("progress lost on joining: %+v", as)
	}

	for name, id := range map[string]int64{"a guest": newGuest(t, db).ID, "a teacher": teacher.ID, "no one": 999} {
		if err := db.Join(ctx, c1.ID, id); !errors.Is(err, ErrNotFound) {
			t.Errorf("Join by %s = %v, want ErrNotFound", name, err)
		}
	}
	if got, _ := db.Class(ctx, teacher.ID, c1.ID); got.Students != 1 {
		t.Errorf("%d students, want 1", got.Students)
	}
}

func TestResetStudentPassword(t *testing.T) {
	db, _ := newTestDB(t)
	ctx := t.Context()
	t1, t2 := newTeacher(t, db, "tess"), newTeacher(t, db, "otto")
	c1, c2 := newClass(t, db, t1.ID, "7B"), newClass(t, db, t2.ID, "8A")
	s1 := newStudent(t, db, c1.ID, "s1", "S1")
	s2 := newStudent(t, db, c2.ID, "s2", "S2")

	if err := db.ResetStudentPassword(ctx, t1.ID, c1.ID, s1.ID, "new"); err != nil {
		t.Fatal(err)
	}
	if u, _ := db.User(ctx, s1.ID); u.PasswordHash != "new" || u.SessionEpoch != s1.SessionEpoch+1 {
		t.Errorf("after reset: %+v", u)
	}
	// Teacher 1 through their own class, at teacher 2's student.
	if err := db.ResetStudentPassword(ctx, t1.ID, c1.ID, s2.ID, "evil"); !errors.Is(err, ErrNotFound) {
		t.Errorf("reset of another teacher's student = %v, want ErrNotFound", err)
	}
	// At a teacher.
	if err := db.ResetStudentPassword(ctx, t1.ID, c1.ID, t2.ID, "evil"); !errors.Is(err, ErrNotFound) {
		t.Errorf("reset of a teacher = %v, want ErrNotFound", err)
	}
	if u, _ := db.User(ctx, s2.ID); u.PasswordHash != "hash-s2" || u.SessionEpoch != s2.SessionEpoch {
		t.Errorf("the other teacher's student changed: %+v", u)
	}
	// Once removed, no longer theirs.
	if err := db.RemoveStudent(ctx, t1.ID, c1.ID, s1.ID); err != nil {
		t.Fatal(err)
	}
	if err := db.ResetStudentPassword(ctx, t1.ID, c1.ID, s1.ID, "x"); !errors.Is(err, ErrNotFound) {
		t.Errorf("reset of a removed student = %v, want ErrNotFound", err)
	}
	if err := db.RemoveStudent(ctx, t1.ID, c1.ID, s1.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("removing twice = %v, want ErrNotFound", err)
	}
	if _, err := db.User(ctx, s1.ID); err != nil {
		t.Errorf("removed student's account: %v", err)
	}
}

func TestAssign(t *testing.T) {
	db, clock := newTestDB(t)
	ctx := t.Context()
	teacher := newTeacher(t, db, "tess")
	c := newClass(t, db, teacher.ID, "7B")
	due := clock.Now().Add(48 * time.Hour).In(time.FixedZone("CET", 3600))

	if err := db.Assign(ctx, teacher.ID, c.ID, []string{"l2", "l7"}, due, true); err != nil {
		t.Fatal(err)
	}
	created := clock.Now()
	clock.Advance(time.Hour)
	assign(t, db, teacher.ID, c.ID, "l1")
	// Re-assigning l2 drops its due time but keeps its place.
	clock.Advance(time.Hour)
	assign(t, db, teacher.ID, c.ID, "l2")
	later := due.Add(24 * time.Hour)
	if err := db.Assign(ctx, teacher.ID, c.ID, []string{"l7"}, later, true); err != nil {
		t.Fatal(err)
	}

	as, err := db.Assignments(ctx, teacher.ID, c.ID)
	if err != nil || len(as) != 3 {
		t.Fatalf("Assignments = %+v, %v", as, err)
	}
	want := []Assignment{
		{ID: as[0].ID, ClassID: c.ID, LessonSlug: "l2", CreatedAt: created},
		{ID: as[1].ID, ClassID: c.ID, LessonSlug: "l7", Due: later.UTC(), HasDue: true, CreatedAt: created},
		{ID: as[2].ID, ClassID: c.ID, LessonSlug: "l1", CreatedAt: created.Add(time.Hour)},
	}
	for i := range want {
		if as[i] != want[i] {
			t.Errorf("assignment %d = %+v\nwant %+v", i, as[i], want[i])
		}
	}

	if err := db.Unassign(ctx, teacher.ID, c.ID, "l7"); err != nil {
		t.Fatal(err)
	}
	if err := db.Unassign(ctx, teacher.ID, c.ID, "l7"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Unassign twice = %v, want ErrNotFound", err)
	}
	if err := db.Assign(ctx, teacher.ID, c.ID, []string{""}, time.Time{}, false); err == nil {
		t.Error("Assign of an empty slug succeeded")
	}

	// The student sees the class, its teacher and the assignments.
	s := newStudent(t, db, c.ID, "stu", "Stu")
	if err := db.SetTimezone(ctx, teacher.ID, "Europe/Paris"); err != nil {
		t.Fatal(err)
	}
	scs, err := db.StudentClasses(ctx, s.ID)
	if err != nil || len(scs) != 1 {
		t.Fatalf("StudentClasses = %+v, %v", scs, err)
	}
	if sc := scs[0]; sc.Class.ID != c.ID || sc.TeacherName != "Teacher tess" || sc.TeacherTimezone != "Europe/Paris" ||
		len(sc.Assignments) != 2 || sc.Assignments[0].LessonSlug != "l2" || sc.Assignments[1].LessonSlug != "l1" {
		t.Errorf("StudentClasses = %+v", sc)
	}
	if err := db.SetArchived(ctx, teacher.ID, c.ID, true); err != nil {
		t.Fatal(err)
	}
	if scs, err := db.StudentClasses(ctx, s.ID); err != nil || len(scs) != 0 {
		t.Errorf("StudentClasses with the class archived = %+v, %v", scs, err)
	}
}

func TestClassWorkAndGrading(t *testing.T) {
	db, clock := newTestDB(t)
	ctx := t.Context()
	teacher := newTeacher(t, db, "tess")
	c := newClass(t, db, teacher.ID, "7B")
	ann := newStudent(t, db, c.ID, "ann", "Ann")
	bob := newStudent(t, db, c.ID, "bob", "bob")
	cat := newStudent(t, db, c.ID, "cat", "Cat")
	assign(t, db, teacher.ID, c.ID, "l1", "l2")

	// Ann: a first finished attempt with a pending written answer (2 + ?),
	// then a second finished with fewer points (1 + ?), then a third,
	// open attempt.
	clock.Advance(time.Minute)
	submit(t, db, submission(ann.ID, "q1"))
	a1 := submit(t, db, written(ann.ID, "q2")).Attempt
	submit(t, db, submission(ann.ID, "q3"))
	clock.Advance(time.Minute)
	wrong := submission(ann.ID, "q1")
	wrong.Correct, wrong.Points, wrong.Score = false, 0, 0
	submit(t, db, wrong)
	submit(t, db, written(ann.ID, "q2"))
	a2 := submit(t, db, submission(ann.ID, "q3")).Attempt
	clock.Advance(time.Minute)
	a3 := submit(t, db, written(ann.ID, "q2")).Attempt
	// Bob: one open attempt, right so far.
	submit(t, db, submission(bob.ID, "q1"))
	// Cat: nothing on l1; work on an unassigned lesson does not count.
	other := submission(cat.ID, "q1")
	other.LessonSlug = "l9"
	submit(t, db, other)
	// Someone not in the class.
	outsider := newGuest(t, db)
	submit(t, db, written(outsider.ID, "q2"))

	es, as, work, err := db.ClassWork(ctx, teacher.ID, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(es) != 3 || es[0].User.ID != ann.ID || es[1].User.ID != bob.ID || es[2].User.ID != cat.ID || len(as) != 2 {
		t.Fatalf("roster %+v, assignments %+v", es, as)
	}
	if len(work) != 6 {
		t.Fatalf("%d LessonWork, want 3 students × 2 lessons", len(work))
	}
	w := work[0]
	if w.UserID != ann.ID || w.LessonSlug != "l1" || w.Attempts != 3 || w.Latest.ID != a3.ID ||
		w.BestFinished.ID != a1.ID || w.BestFinished.Points != 2 || w.Pending != 2 {
		t.Errorf("Ann on l1 = %+v (latest %+v, best %+v); want 3 attempts, latest #%d, best #%d with 2 points, 2 pending",
			w, w.Latest, w.BestFinished, a3.ID, a1.ID)
	}
	if w := work[1]; w.UserID != ann.ID || w.LessonSlug != "l2" || w.Attempts != 0 || w.Latest != nil || w.BestFinished != nil {
		t.Errorf("Ann on l2 = %+v", w)
	}
	if w := work[2]; w.UserID != bob.ID || w.Attempts != 1 || w.Latest == nil || w.BestFinished != nil || w.Pending != 0 {
		t.Errorf("Bob on l1 = %+v", w)
	}
	if w := work[4]; w.UserID != cat.ID || w.Attempts != 0 {
		t.Errorf("Cat on l1 = %+v", w)
	}

	// The grading queue: Ann's pending answers in her best (a1) and latest
	// (a3) attempts, not the superseded a2 nor the outsider's.
	queue, err := db.GradingQueue(ctx, teacher.ID, c.ID, "l1")
	if err != nil || len(queue) != 2 || queue[0].Response.AttemptID != a1.ID || queue[1].Response.AttemptID != a3.ID ||
		queue[0].DisplayName != "Ann" {
		t.Errorf("GradingQueue = %+v, %v", queue, err)
	}
	// The class page counts the same answers, in one snapshot.
	if es, as, ungraded, err := db.ClassOverview(ctx, teacher.ID, c.ID); err != nil || len(es) != 3 || len(as) != 2 ||
		ungraded["l1"] != len(queue) || ungraded["l2"] != 0 {
		t.Errorf("ClassOverview = %d students, %d assignments, %v, %v; want 3, 2, l1: %d", len(es), len(as), ungraded, err, len(queue))
	}
	// Insight: every response of each student's latest attempt.
	crs, err := db.ClassResponses(ctx, teacher.ID, c.ID, "l1")
	if err != nil || len(crs) != 2 || crs[0].UserID != ann.ID || crs[0].Response.AttemptID != a3.ID ||
		crs[1].UserID != bob.ID || crs[1].Response.QuestionID != "q1" {
		t.Errorf("ClassResponses = %+v, %v", crs, err)
	}
	if _, err := db.ClassResponses(ctx, teacher.ID, c.ID, "l9"); !errors.Is(err, ErrNotFound) {
		t.Errorf("ClassResponses on an unassigned lesson = %v, want ErrNotFound", err)
	}
	// One student's answers.
	at, rs, _, err := db.StudentLessonResponses(ctx, teacher.ID, c.ID, ann.ID, "l1")
	if err != nil || at.ID != a3.ID || len(rs) != 1 || rs[0].QuestionID != "q2" {
		t.Errorf("StudentLessonResponses = %+v, %+v, %v", at, rs, err)
	}
	for name, call := range map[string]func() error{
		"no attempt": func() error {
			_, _, _, err := db.StudentLessonResponses(ctx, teacher.ID, c.ID, cat.ID, "l1")
			return err
		},
		"unassigned": func() error {
			_, _, _, err := db.StudentLessonResponses(ctx, teacher.ID, c.ID, cat.ID, "l9")
			return err
		},
		"not enrolled": func() error {
			_, _, _, err := db.StudentLessonResponses(ctx, teacher.ID, c.ID, outsider.ID, "l1")
			return err
		},
	} {
		if err := call(); !errors.Is(err, ErrNotFound) {
			t.Errorf("StudentLessonResponses, %s = %v, want ErrNotFound", name, err)
		}
	}

	// Grading a1's written answer lifts it to 2.5 points; a regrade to 0.75.
	clock.Advance(time.Hour)
	if err := db.GradeResponse(ctx, teacher.ID, c.ID, a1.ID, "q2", 0.5, "Good: cite the date too."); err != nil {
		t.Fatal(err)
	}
	graded := clock.Now()
	queue, _ = db.GradingQueue(ctx, teacher.ID, c.ID, "l1")
	if len(queue) != 1 || queue[0].Response.AttemptID != a3.ID {
		t.Errorf("GradingQueue after grading a1 = %+v", queue)
	}
	// The response keeps the learner's side; the grade is the class's.
	if rs, _ := db.Responses(ctx, a1.ID); rs[1].Points != 0 || !rs[1].Pending {
		t.Errorf("graded response = %+v, want it unchanged", rs[1])
	}
	_, _, work, _ = db.ClassWork(ctx, teacher.ID, c.ID)
	if w := work[0]; w.BestFinished.ID != a1.ID || w.BestFinished.Points != 2.5 || w.Pending != 1 {
		t.Errorf("Ann on l1 after grading = %+v, best %+v; want best 2.5, 1 pending", w, w.BestFinished)
	}
	// Grading a2 above a1 makes it the best.
	if err := db.GradeResponse(ctx, teacher.ID, c.ID, a2.ID, "q2", 1, ""); err != nil {
		t.Fatal(err)
	}
	clock.Advance(time.Hour)
	if err := db.GradeResponse(ctx, teacher.ID, c.ID, a1.ID, "q2", 1.5, "On reflection, excellent."); err != nil {
		t.Fatal(err)
	}
	_, _, work, _ = db.ClassWork(ctx, teacher.ID, c.ID)
	if w := work[0]; w.BestFinished.ID != a1.ID || w.BestFinished.Points != 3.5 {
		t.Errorf("best after the regrade = %+v, want #%d with 3.5", w.BestFinished, a1.ID)
	}
	if got, _ := db.LatestAttempt(ctx, ann.ID, "l1"); got.Points != 0 {
		t.Errorf("ungraded latest attempt has %v points", got.Points)
	}

	// The student sees the grades, latest first; others see nothing.
	fb, err := db.StudentFeedback(ctx, ann.ID)
	want := []Grade{
		{ClassID: c.ID, ClassName: c.Name, AttemptID: a1.ID, LessonSlug: "l1", QuestionID: "q2", Points: 1.5,
			Comment: "On reflection, excellent.", GradedBy: teacher.ID, GradedAt: clock.Now()},
		{ClassID: c.ID, ClassName: c.Name, AttemptID: a2.ID, LessonSlug: "l1", QuestionID: "q2", Points: 1,
			GradedBy: teacher.ID, GradedAt: graded},
	}
	if err != nil || fmt.Sprint(fb) != fmt.Sprint(want) {
		t.Errorf("StudentFeedback = %+v, %v\nwant %+v", fb, err, want)
	}
	if fb, err := db.StudentFeedback(ctx, bob.ID); err != nil || len(fb) != 0 {
		t.Errorf("Bob's feedback = %+v, %v", fb, err)
	}

	// Refused: an auto-graded answer, the outsider's answer, bad points.
	outsiderAttempt, _ := db.LatestAttempt(ctx, outsider.ID, "l1")
	for name, err := range map[string]error{
		"auto-graded":  db.GradeResponse(ctx, teacher.ID, c.ID, a1.ID, "q1", 0, ""),
		"unanswered":   db.GradeResponse(ctx, teacher.ID, c.ID, a1.ID, "q9", 1, ""),
		"not enrolled": db.GradeResponse(ctx, teacher.ID, c.ID, outsiderAttempt.ID, "q2", 1, ""),
	} {
		if !errors.Is(err, ErrNotFound) {
			t.Errorf("GradeResponse of %s = %v, want ErrNotFound", name, err)
		}
	}
	for _, p := range []float64{-1, math.NaN(), math.Inf(1), math.Inf(-1)} {
		if err := db.GradeResponse(ctx, teacher.ID, c.ID, a1.ID, "q2", p, ""); err == nil {
			t.Errorf("points %v accepted", p)
		}
	}
}

func TestDeleteClassKeepsStudents(t *testing.T) {
	db, _ := newTestDB(t)
	ctx := t.Context()
	teacher := newTeacher(t, db, "tess")
	c := newClass(t, db, teacher.ID, "7B")
	keep := newClass(t, db, teacher.ID, "8A")
	s := newStudent(t, db, c.ID, "stu", "Stu")
	assign(t, db, teacher.ID, c.ID, "l1")
	assign(t, db, teacher.ID, keep.ID, "l1")
	a := submit(t, db, written(s.ID, "q2")).Attempt
	if err := db.GradeResponse(ctx, teacher.ID, c.ID, a.ID, "q2", 1, "ok"); err != nil {
		t.Fatal(err)
	}

	if err := db.DeleteClass(ctx, teacher.ID, c.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Class(ctx, teacher.ID, c.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("deleted class: %v", err)
	}
	if err := db.DeleteClass(ctx, teacher.ID, c.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("deleting twice = %v, want ErrNotFound", err)
	}
	if u, err := db.User(ctx, s.ID); err != nil || u.Role != RoleStudent {
		t.Errorf("student after deleting the class = %+v, %v", u, err)
	}
	if rs, err := db.Responses(ctx, a.ID); err != nil || len(rs) != 1 {
		t.Errorf("answers after deleting the class = %+v, %v", rs, err)
	}
	// The grade stays with the student, without its class.
	if fb, _ := db.StudentFeedback(ctx, s.ID); len(fb) != 1 || fb[0].Comment != "ok" || fb[0].ClassID != 0 {
		t.Errorf("feedback after deleting the class = %+v", fb)
	}
	for _, table := range []string{"enrolments", "assignments"} {
		var n int
		if err := db.reader.QueryRowContext(ctx, `SELECT count(*) FROM `+table+` WHERE class_id = ?`, c.ID).Scan(&n); err != nil || n != 0 {
			t.Errorf("%s of the deleted class: %d, %v", table, n, err)
		}
	}
	if got, _ := db.Class(ctx, teacher.ID, keep.ID); got.Assigned != 1 {
		t.Errorf("the other class lost its assignment: %+v", got)
	}

	// Deleting the teacher's account keeps the grade, without the grader.
	if _, err := db.writer.ExecContext(ctx, `DELETE FROM users WHERE id = ?`, teacher.ID); err != nil {
		t.Fatal(err)
	}
	if fb, _ := db.StudentFeedback(ctx, s.ID); len(fb) != 1 || fb[0].GradedBy != 0 || fb[0].GradedAt.IsZero() || fb[0].Points != 1 {
		t.Errorf("grade after deleting the teacher = %+v", fb)
	}
}

// TestLookAlikeNamesRefusedAtomically: students joining one class at the
// same moment with names that look the same: exactly one gets in.
func TestLookAlikeNamesRefusedAtomically(t *testing.T) {
	db, _ := newTestDB(t)
	ctx := t.Context()
	teacher, err := db.CreateTeacher(ctx, "t", "T", "hash", "UTC")
	if err != nil {
		t.Fatal(err)
	}
	class, err := db.CreateClass(ctx, teacher.ID, "C")
	if err != nil {
		t.Fatal(err)
	}
	names := []string{"Ann", "ann", " ANN ", "\u0410nn", "\u0391\u039d\u039d", "A\u0301nn", "\u00c1nn", "ánn"}
	errs := make(chan error, len(names))
	for i, name := range names {
		go func() {
			_, err := db.CreateStudent(ctx, class.ID, 0, fmt.Sprintf("user%d", i), name, "hash")
			errs <- err
		}()
	}
	joined, refused := 0, 0
	for range names {
		switch err := <-errs; {
		case err == nil:
			joined++
		case errors.Is(err, ErrDisplayNameTaken):
			refused++
		default:
			t.Errorf("unexpected error: %v", err)
		}
	}
	// "Ann" and "Ánn" differ; every spelling of each looks the same,
	// Cyrillic А and Greek Α included.
	if joined != 2 || refused != 6 {
		t.Errorf("%d joined, %d refused; want 2 and 6", joined, refused)
	}
	other, _ := db.CreateClass(ctx, teacher.ID, "D")
	if _, err := db.CreateStudent(ctx, other.ID, 0, "user9", "Ann", "hash"); err != nil {
		t.Errorf("the same name in another class: %v", err)
	}
}

func TestAssigned(t *testing.T) {
	db, _ := newTestDB(t)
	ctx := t.Context()
	teacher, err := db.CreateTeacher(ctx, "t", "T", "hash", "UTC")
	if err != nil {
		t.Fatal(err)
	}
	class, _ := db.CreateClass(ctx, teacher.ID, "C")
	s, err := db.CreateStudent(ctx, class.ID, 0, "s", "S", "hash")
	if err != nil {
		t.Fatal(err)
	}
	// LessonProgress reads the same fact with the latest attempt, or on
	// its own before the first answer: both ways are checked.
	check := func(slug string, want bool) {
		t.Helper()
		if got, err := db.Assigned(ctx, s.ID, slug); err != nil || got != want {
			t.Errorf("Assigned(%q) = %v, %v; want %v", slug, got, err, want)
		}
		if p, err := db.LessonProgress(ctx, s.ID, slug); err != nil || p.Assigned != want {
			t.Errorf("LessonProgress(%q) = %+v, %v; want Assigned %v", slug, p, err, want)
		}
	}
	check("l1", false)
	if err := db.Assign(ctx, teacher.ID, class.ID, []string{"l1"}, time.Time{}, false); err != nil {
		t.Fatal(err)
	}
	check("l1", true)
	check("l2", false)
	submit(t, db, submission(s.ID, "q1")) // now l1 has an attempt
	if p, err := db.LessonProgress(ctx, s.ID, "l1"); err != nil || p.Attempt == nil || len(p.Responses) != 1 || p.Responses[0].QuestionID != "q1" {
		t.Fatalf("LessonProgress after one answer = %+v, %v; want the attempt and its answer to q1", p, err)
	}
	check("l1", true)
	if err := db.SetArchived(ctx, teacher.ID, class.ID, true); err != nil {
		t.Fatal(err)
	}
	check("l1", false)
	check("l2", false)
}
