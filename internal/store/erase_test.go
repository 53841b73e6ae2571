package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// userColumn is a column that holds a user's ID without saying so in a
// foreign key, by its name.
func userColumn(name string) bool {
	return name == "user_id" || name == "teacher_id" || strings.HasSuffix(name, "_user_id") || strings.HasSuffix(name, "_by")
}

// refersTo returns, for every table of the database, a condition on its
// rows that holds when the row refers to one of the users: through a
// column holding a user ID (by foreign key or by name), or through a
// foreign key to a row that does (a response through its attempt, a grade
// through its response). Tables that cannot refer to a user are left out.
// It reads the schema, so it knows tables added after it was written.
func refersTo(t *testing.T, db *DB, users []int64) map[string]string {
	t.Helper()
	ctx := t.Context()
	ids := strings.Trim(strings.Join(strings.Fields(fmt.Sprint(users)), ","), "[]")
	tables, err := db.Tables(ctx)
	must(t, err)
	// Each foreign key's columns, in order: (parent table, column, parent's column).
	fkQuery := `SELECT "table", "from", "to" FROM pragma_foreign_key_list(?) ORDER BY id, seq`
	columnsQuery := `SELECT name FROM pragma_table_info(?)`
	if db.Engine() == "postgres" {
		fkQuery = `SELECT c.confrelid::regclass::text, a.attname, af.attname
			FROM pg_constraint c
			CROSS JOIN LATERAL unnest(c.conkey, c.confkey) WITH ORDINALITY AS k(col, fcol, n)
			JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.col
			JOIN pg_attribute af ON af.attrelid = c.confrelid AND af.attnum = k.fcol
			WHERE c.contype = 'f' AND c.conrelid = ?::regclass
			ORDER BY c.oid, k.n`
		columnsQuery = `SELECT column_name FROM information_schema.columns
			WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position`
	}
	type fk struct{ table, from, to string }
	fks := map[string][]fk{}
	columns := map[string][]string{}
	for _, table := range tables {
		must(t, eachRowT(db, func(scan func(...any) error) error {
			var f fk
			var to *string
			if err := scan(&f.table, &f.from, &to); err != nil {
				return err
			}
			f.to = "id" // the parent's primary key when the key names none
			if to != nil {
				f.to = *to
			}
			fks[table] = append(fks[table], f)
			return nil
		}, fkQuery, table))
		must(t, eachRowT(db, func(scan func(...any) error) error {
			var c string
			if err := scan(&c); err != nil {
				return err
			}
			columns[table] = append(columns[table], c)
			return nil
		}, columnsQuery, table))
	}
	conds := map[string]string{}
	var cond func(table string, seen []string) string
	cond = func(table string, seen []string) string {
		var or []string
		if table == "users" {
			or = append(or, "id IN ("+ids+")")
		}
		keyed := map[string]bool{}
		// Foreign keys of more than one column (grades → responses) are
		// grouped into one row-value comparison.
		groups := map[string][]fk{}
		var order []string
		for _, f := range fks[table] {
			keyed[f.from] = true
			if _, ok := groups[f.table]; !ok {
				order = append(order, f.table)
			}
			groups[f.table] = append(groups[f.table], f)
		}
		for _, parent := range order {
			g := groups[parent]
			if parent == "users" {
				for _, f := range g {
					or = append(or, `"`+f.from+`" IN (`+ids+`)`)
				}
				continue
			}
			if slices.Contains(seen, parent) {
				continue
			}
			sub := cond(parent, append(seen, table))
			if sub == "" {
				continue
			}
			var from, to []string
			for _, f := range g {
				from, to = append(from, `"`+f.from+`"`), append(to, `"`+f.to+`"`)
			}
			or = append(or, "("+strings.Join(from, ",")+") IN (SELECT "+strings.Join(to, ",")+` FROM "`+parent+`" WHERE `+sub+")")
		}
		for _, c := range columns[table] {
			if !keyed[c] && userColumn(c) {
				or = append(or, `"`+c+`" IN (`+ids+`)`)
			}
		}
		return strings.Join(or, " OR ")
	}
	for _, table := range tables {
		if c := cond(table, nil); c != "" {
			conds[table] = c
		}
	}
	return conds
}

func eachRowT(db *DB, row func(scan func(...any) error) error, query string, args ...any) error {
	return db.inReadTx(context.Background(), func(tx *sql.Tx) error {
		return eachRow(context.Background(), tx, row, query, args...)
	})
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// countRefs counts, table by table, the rows that refer to the users.
func countRefs(t *testing.T, db *DB, conds map[string]string) map[string]int {
	t.Helper()
	counts := map[string]int{}
	for table, cond := range conds {
		var n int
		if err := db.reader.QueryRowContext(t.Context(), `SELECT count(*) FROM "`+table+`" WHERE `+cond).Scan(&n); err != nil {
			t.Fatalf("%s: %v", table, err)
		}
		counts[table] = n
	}
	return counts
}

// TestDeleteLeavesNoTrace: after a learner deletes their account, and an
// administrator a teacher's, no row of any table refers to either. The
// tables are read from the schema: a table added later that refers to a
// user fails this test until the fixture puts a row of theirs in it and
// the deletion takes it.
func TestDeleteLeavesNoTrace(t *testing.T) {
	db, _ := newTestDB(t)
	ctx := t.Context()
	teacher := newTeacher(t, db, "teacher")
	other := newTeacher(t, db, "other")
	c := newClass(t, db, teacher.ID, "7B")
	oc := newClass(t, db, other.ID, "8C")
	assign(t, db, teacher.ID, c.ID, "l1")
	assign(t, db, other.ID, oc.ID, "l1")
	victim := newStudent(t, db, c.ID, "victim", "Victim")
	must(t, db.Join(ctx, oc.ID, victim.ID))
	survivor := newStudent(t, db, c.ID, "survivor", "Survivor")
	for _, u := range []*User{victim, survivor} {
		wrong := submission(u.ID, "q1")
		wrong.Correct, wrong.Score, wrong.Points = false, 0, 0 // scheduled for review
		submit(t, db, wrong)
		sub := submit(t, db, written(u.ID, "q2"))
		must(t, db.GradeResponse(ctx, teacher.ID, c.ID, sub.Attempt.ID, "q2", 1, "good"))
		if u == victim {
			must(t, db.GradeResponse(ctx, other.ID, oc.ID, sub.Attempt.ID, "q2", 0.5, "fine"))
			_, err := db.SaveDraft(ctx, DraftSave{UserID: u.ID, LessonSlug: "l1", LessonHash: "h1", MaxPoints: 3,
				AttemptID: sub.Attempt.ID, QuestionID: "q3", Text: "half an idea"})
			must(t, err)
			must(t, db.SetRecoveryCode(ctx, u.ID, "a code's hash"))
		}
	}
	// The teacher's source, with a published version (which never changes,
	// but goes with its owner) and a draft.
	must(t, db.CreateSource(ctx, teacher.ID, "a-letter", SourceDetails{Title: "A letter", Kind: "letter"}, "Hi.", nil))
	_, err := db.PublishSource(ctx, teacher.ID, "a-letter", 0)
	must(t, err)
	must(t, db.SaveSourceDraft(ctx, teacher.ID, "a-letter", 0, SourceDetails{Title: "A letter", Kind: "letter"}, "Hello.", nil))
	// And the teacher's lesson, likewise published once and drafted again.
	must(t, db.CreateLesson(ctx, teacher.ID, "a-lesson", "v1"))
	_, err = db.PublishLesson(ctx, teacher.ID, "a-lesson", 0, map[string]int{"a-letter": 1})
	must(t, err)
	must(t, db.SaveLessonDraft(ctx, teacher.ID, "a-lesson", 0, "v2"))
	survivorBefore, err := db.UserData(ctx, survivor.ID)
	must(t, err)

	conds := refersTo(t, db, []int64{victim.ID, teacher.ID})
	for table, n := range countRefs(t, db, conds) {
		if n == 0 {
			t.Errorf("table %s can refer to a user, but this test puts no row of the deleted ones in it: add one, and check that deleting an account deletes it", table)
		}
	}
	for _, table := range []string{"users", "attempts", "responses", "grades", "reviews", "enrolments", "classes", "assignments"} {
		if _, ok := conds[table]; !ok {
			t.Errorf("the schema walk missed table %s", table)
		}
	}

	must(t, db.DeleteUser(ctx, victim.ID))
	if _, err := db.DeleteUserByUsername(ctx, "teacher"); err != nil {
		t.Fatal(err)
	}
	for table, n := range countRefs(t, db, conds) {
		if n != 0 {
			t.Errorf("after deletion, %d row(s) of %s still refer to a deleted user", n, table)
		}
	}
	// The others keep everything: the survivor their answers and the
	// grade (of a class now gone), the other teacher their class.
	after, err := db.UserData(ctx, survivor.ID)
	must(t, err)
	if len(after.Attempts) != len(survivorBefore.Attempts) || len(after.Attempts[0].Answers) != len(survivorBefore.Attempts[0].Answers) {
		t.Errorf("the survivor's answers changed: %+v", after.Attempts)
	}
	if g := after.Attempts[0].Answers[1].Grades; len(g) != 1 || g[0].Comment != "good" || g[0].Class != "" {
		t.Errorf("the survivor's grade from the deleted teacher: %+v", g)
	}
	if _, err := db.Class(ctx, other.ID, oc.ID); err != nil {
		t.Errorf("the other teacher's class: %v", err)
	}
	if err := db.DeleteUser(ctx, victim.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("deleting twice: %v, want ErrNotFound", err)
	}
}

// TestDeleteReusedIDRefusesOldCookie: the users table may give a deleted
// user's ID again; the newcomer's session epoch differs, so a cookie of
// the deleted account (which carries the ID and epoch) cannot sign in as
// them.
func TestDeleteReusedIDRefusesOldCookie(t *testing.T) {
	db, _ := newTestDB(t)
	old := newGuest(t, db)
	must(t, db.DeleteUser(t.Context(), old.ID))
	newcomer := newGuest(t, db)
	if newcomer.ID == old.ID && newcomer.SessionEpoch == old.SessionEpoch {
		t.Fatalf("user %d was given again with the same session epoch %d", old.ID, old.SessionEpoch)
	}
}

// TestUserDataIsTheirsAlone: the download has every answer the user gave,
// with its grades, and nothing of a classmate's.
func TestUserDataIsTheirsAlone(t *testing.T) {
	db, _ := newTestDB(t)
	ctx := t.Context()
	teacher := newTeacher(t, db, "teacher")
	c := newClass(t, db, teacher.ID, "7B")
	assign(t, db, teacher.ID, c.ID, "l1")
	me := newStudent(t, db, c.ID, "me", "Me")
	mate := newStudent(t, db, c.ID, "mate", "Mate")
	submit(t, db, submission(me.ID, "q1"))
	sub := submit(t, db, written(me.ID, "q2"))
	must(t, db.GradeResponse(ctx, teacher.ID, c.ID, sub.Attempt.ID, "q2", 1, "well argued"))
	s := written(mate.ID, "q2")
	s.Answer = `{"text":"the mate's secret"}`
	mateSub := submit(t, db, s)
	for _, dr := range []DraftSave{
		{UserID: me.ID, AttemptID: sub.Attempt.ID, Text: "my half-written answer"},
		{UserID: mate.ID, AttemptID: mateSub.Attempt.ID, Text: "the mate's secret draft"},
	} {
		dr.LessonSlug, dr.LessonHash, dr.MaxPoints, dr.QuestionID = "l1", "h1", 3, "q3"
		_, err := db.SaveDraft(ctx, dr)
		must(t, err)
	}

	d, err := db.UserData(ctx, me.ID)
	must(t, err)
	if dr := d.Attempts[0].Drafts; len(dr) != 1 || dr[0].QuestionID != "q3" || dr[0].Text != "my half-written answer" {
		t.Errorf("drafts: %+v", dr)
	}
	if d.Account.Username != "me" || d.Account.JoinedClass != "7B" || len(d.Classes) != 1 || d.Classes[0].Teacher != "Teacher teacher" {
		t.Errorf("account and classes: %+v %+v", d.Account, d.Classes)
	}
	if len(d.Attempts) != 1 || len(d.Attempts[0].Answers) != 2 {
		t.Fatalf("attempts: %+v", d.Attempts)
	}
	a := d.Attempts[0].Answers
	if a[0].QuestionID != "q1" || a[1].QuestionID != "q2" || a[1].Answer != `{"text":"it was read as a threat"}` {
		t.Errorf("answers: %+v", a)
	}
	if len(a[1].Grades) != 1 || a[1].Grades[0].Comment != "well argued" || a[1].Grades[0].Class != "7B" {
		t.Errorf("grades: %+v", a[1].Grades)
	}
	if s := fmt.Sprintf("%+v", d); strings.Contains(s, "secret") || strings.Contains(s, "mate") || strings.Contains(s, "hash-me") {
		t.Errorf("the download holds someone else's data or the password hash: %s", s)
	}
}

// TestTeacherDeletesOnlyTheirOwnStudents: the password reset's rule.
func TestTeacherDeletesOnlyTheirOwnStudents(t *testing.T) {
	db, _ := newTestDB(t)
	ctx := t.Context()
	a, b := newTeacher(t, db, "a"), newTeacher(t, db, "b")
	ca, cb := newClass(t, db, a.ID, "A"), newClass(t, db, b.ID, "B")
	mine := newStudent(t, db, ca.ID, "mine", "Mine")
	theirs := newStudent(t, db, cb.ID, "theirs", "Theirs") // joined B's class, then A's
	must(t, db.Join(ctx, ca.ID, theirs.ID))
	shared := newStudent(t, db, ca.ID, "shared", "Shared") // joined A's class, then B's
	must(t, db.Join(ctx, cb.ID, shared.ID))
	for _, tc := range []struct {
		name              string
		teacher, class, u int64
		want              error
	}{
		{"another teacher's student in my class", a.ID, ca.ID, theirs.ID, ErrDeleteRefused},
		{"my student also in another teacher's class", a.ID, ca.ID, shared.ID, ErrDeleteRefused},
		{"my student, through their class", b.ID, cb.ID, shared.ID, ErrDeleteRefused},
		{"a student of a class not mine", b.ID, ca.ID, mine.ID, ErrNotFound},
		{"my student", a.ID, ca.ID, mine.ID, nil},
	} {
		err := db.DeleteStudent(ctx, tc.teacher, tc.class, tc.u)
		if !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
		}
		_, err = db.User(ctx, tc.u)
		if gone := errors.Is(err, ErrNotFound); gone != (tc.want == nil) {
			t.Errorf("%s: account gone = %v", tc.name, gone)
		}
	}
}

// TestIdleGuestsExpireBesideAnswers: while a stream of answers comes in,
// expiry deletes the guests idle past the limit and no one else, and every
// acknowledged answer is kept.
func TestIdleGuestsExpireBesideAnswers(t *testing.T) {
	db, clock := newTestDB(t)
	ctx := t.Context()
	const oldGuests = 3*GuestBatch + 7 // several batches
	var old []int64
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range oldGuests {
		wg.Go(func() {
			sub, err := db.Submit(ctx, submission(0, "q1")) // a guest made with the answer
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			old = append(old, sub.User.ID)
			mu.Unlock()
		})
	}
	wg.Wait()
	clock.Advance(170 * 24 * time.Hour)
	recent := newGuest(t, db) // idle for 10 days when expiry runs: kept
	submit(t, db, submission(recent.ID, "q1"))
	learner := newGuest(t, db)
	_, err := db.SaveAccount(ctx, learner.ID, "learner", "hash")
	must(t, err)
	clock.Advance(10*24*time.Hour + time.Minute)

	// The class answering: each acknowledged answer is counted.
	stop := make(chan struct{})
	var acked atomic.Int64
	var answerers []int64
	var amu sync.Mutex
	var stream sync.WaitGroup
	for range 4 {
		stream.Go(func() {
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				sub, err := db.Submit(ctx, submission(0, "q1"))
				if err != nil {
					t.Errorf("answer refused: %v", err)
					return
				}
				acked.Add(1)
				amu.Lock()
				answerers = append(answerers, sub.User.ID)
				amu.Unlock()
			}
		})
	}
	for acked.Load() < 20 { // the stream is flowing before expiry starts
		time.Sleep(time.Millisecond)
	}
	deleted, err := db.DeleteIdleGuests(ctx, clock.Now().Add(-180*24*time.Hour))
	must(t, err)
	for acked.Load() < 40 { // and goes on flowing beside it
		time.Sleep(time.Millisecond)
	}
	close(stop)
	stream.Wait()

	if deleted != oldGuests {
		t.Errorf("deleted %d guests, want %d", deleted, oldGuests)
	}
	for _, id := range old {
		if _, err := db.User(ctx, id); !errors.Is(err, ErrNotFound) {
			t.Fatalf("idle guest %d kept: %v", id, err)
		}
	}
	for _, id := range append([]int64{recent.ID, learner.ID}, answerers...) {
		if _, err := db.User(ctx, id); err != nil {
			t.Fatalf("user %d, not idle, is gone: %v", id, err)
		}
	}
	var stored int64
	must(t, db.reader.QueryRowContext(ctx, `SELECT count(*) FROM responses JOIN attempts ON attempts.id = responses.attempt_id
		WHERE attempts.user_id NOT IN (?)`, recent.ID).Scan(&stored))
	if stored != acked.Load() {
		t.Errorf("%d answers acknowledged during expiry, %d stored", acked.Load(), stored)
	}
	t.Logf("%d idle guests deleted while %d answers were acknowledged", deleted, acked.Load())
}
