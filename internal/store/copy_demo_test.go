package store_test

import (
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/ciphergram/ciphergram/internal/auth"
	"github.com/ciphergram/ciphergram/internal/demo"
	"github.com/ciphergram/ciphergram/internal/store"
	"github.com/ciphergram/ciphergram/internal/storetest"
	"github.com/ciphergram/ciphergram/lessons"
)

// TestCopyWholeSchool: a school's SQLite database (the demo class, a teacher's
// own source and lesson, grades, reviews, drafts, a recovery code and a
// setting) is copied into a fresh one, every row of every table equal on
// both sides, and the copy carries on: a new user gets an id of its own.
func TestCopyWholeSchool(t *testing.T) {
	ctx := t.Context()
	src := openDB(t, filepath.Join(t.TempDir(), "school.db"))
	fillSchool(t, src)
	// A fresh SQLite file, or PostgreSQL when the tests run there.
	dst := openDB(t, storetest.DSN(t, "copy"))

	counts, err := src.CopyTo(ctx, dst)
	if err != nil {
		t.Fatal(err)
	}
	if len(counts) != len(store.CopyTables()) {
		t.Errorf("%d counts for %d tables", len(counts), len(store.CopyTables()))
	}
	for _, c := range counts {
		if c.From == 0 || c.From != c.To {
			t.Errorf("%s: %d rows, %d copied; want some, all copied", c.Table, c.From, c.To)
		}
	}
	for _, table := range store.CopyTables() {
		from, err := src.DumpTable(ctx, table)
		if err != nil {
			t.Fatal(err)
		}
		to, err := dst.DumpTable(ctx, table)
		if err != nil {
			t.Fatal(err)
		}
		if len(from) == 0 {
			t.Errorf("%s is empty in the source: fill it, or the copy of its rows goes untested", table)
		}
		if !slices.Equal(from, to) {
			t.Errorf("%s differs after the copy:\nsource %q\ntarget %q", table, from, to)
		}
	}

	guest, err := dst.CreateGuest(ctx)
	if err != nil {
		t.Fatalf("a new user in the copy: %v", err)
	}
	if u, err := src.UserByUsername(ctx, "demo-teacher"); err != nil || guest.ID <= u.ID {
		t.Errorf("a new user in the copy has id %d, beside copied ids up to at least %d (%v)", guest.ID, u.ID, err)
	}
	if _, err := src.CopyTo(ctx, dst); err == nil {
		t.Error("a second copy into the same target succeeded")
	}
}

func openDB(t *testing.T, dsn string) *store.DB {
	t.Helper()
	db, err := store.Open(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// fillSchool puts rows in every table: the demo fills most; the rest is
// what a teacher and students do in a term. (Reviews: the demo's wrong
// answers schedule them.)
func fillSchool(t *testing.T, db *store.DB) {
	t.Helper()
	ctx := t.Context()
	unit, err := lessons.Builtin()
	must(t, err)
	creds, err := demo.Fill(ctx, db, unit)
	must(t, err)
	teacher, err := db.UserByUsername(ctx, creds.TeacherUsername)
	must(t, err)
	classes, err := db.Classes(ctx, teacher.ID)
	must(t, err)
	class := classes[0]

	graded := 0
	for _, l := range unit.Lessons {
		queue, err := db.GradingQueue(ctx, teacher.ID, class.ID, l.Slug)
		must(t, err)
		for i, r := range queue {
			if i%2 == 0 {
				must(t, db.GradeByCriteria(ctx, teacher.ID, class.ID, r.Response.AttemptID, r.Response.QuestionID, 1, []int{0}, "Good use of the source."))
			} else {
				must(t, db.GradeResponse(ctx, teacher.ID, class.ID, r.Response.AttemptID, r.Response.QuestionID, 0.5, ""))
			}
			graded++
		}
	}
	if graded == 0 {
		t.Fatal("the demo has no written answer to grade")
	}

	student, err := db.UserByUsername(ctx, creds.StudentUsername)
	must(t, err)
	l := unit.Lessons[0]
	must(t, db.SetRecoveryCode(ctx, student.ID, "argon2id-hash-of-a-code"))

	learner, err := db.CreateLearner(ctx, "self-study", "hash")
	must(t, err)
	last := l.Questions[len(l.Questions)-1]
	_, err = db.SaveDraft(ctx, store.DraftSave{UserID: learner.ID, LessonSlug: l.Slug, LessonHash: l.Hash,
		MaxPoints: l.MaxPoints(), Seed: 7, QuestionID: last.ID, Text: "Half an answer, saved."})
	must(t, err)

	letter := store.SourceDetails{Title: "A letter", Kind: "letter", Creator: "Mao Zedong", Date: "1950-10-02"}
	blocks := []store.SourceBlock{{Kind: "paragraph", Sentences: []string{"One.", "Two."}}}
	must(t, db.CreateSource(ctx, teacher.ID, "letter-x", letter, "One. Two.", blocks))
	_, err = db.PublishSource(ctx, teacher.ID, "letter-x", 0)
	must(t, err)
	must(t, db.SaveSourceDraft(ctx, teacher.ID, "letter-x", 0, letter, "One. Three.", blocks))
	must(t, db.CreateLesson(ctx, teacher.ID, "my-lesson", "lesson file text"))
	_, err = db.PublishLesson(ctx, teacher.ID, "my-lesson", 0, map[string]int{"letter-x": 1})
	must(t, err)
	must(t, db.SaveLessonDraft(ctx, teacher.ID, "my-lesson", 0, "version 2, drafted"))

	_, err = db.SettingOrInit(ctx, "session-key", []byte{0, 1, 2, 0xff})
	must(t, err)

	// A guesser caught in the act (serve -db on PostgreSQL counts them).
	must(t, db.Limiter("login_account", auth.Backoff{Free: 10, First: time.Minute, Max: time.Hour, Forget: time.Hour}).Fail(ctx, "hash-of-an-account"))
	must(t, db.Bucket("join_code", auth.Rate{Size: 100, Per: 5 * time.Second}).Add(ctx, "hash-of-an-address"))
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
