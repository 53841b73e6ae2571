package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ciphergram/ciphergram/internal/storetest"
)

// testClock is a clock the test moves by hand.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// newTestDB opens a fresh, migrated database file with a hand-driven clock.
func newTestDB(t *testing.T) (*DB, *testClock) {
	t.Helper()
	db := openTestDB(t, storetest.DSN(t, "test"))
	clock := &testClock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	db.Now = clock.Now
	return db, clock
}

func openTestDB(t *testing.T, dsn string) *DB {
	t.Helper()
	db, err := Open(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Error(err)
		}
	})
	return db
}

func newGuest(t *testing.T, db *DB) *User {
	t.Helper()
	u, err := db.CreateGuest(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// submission is a right answer to question q of the three-question,
// three-point lesson "l1".
func submission(userID int64, q string) Submission {
	return Submission{
		UserID: userID, LessonSlug: "l1", LessonHash: "h1", MaxPoints: 3, QuestionCount: 3,
		QuestionID: q, Answer: `{"choice":"a"}`, Score: 1, Points: 1, Correct: true,
	}
}

func submit(t *testing.T, db *DB, s Submission) *Submitted {
	t.Helper()
	got, err := db.Submit(t.Context(), s)
	if err != nil {
		t.Fatalf("Submit(%s in attempt %d): %v", s.QuestionID, s.AttemptID, err)
	}
	return got
}

func TestMigrationsAppliedOnceAndRecorded(t *testing.T) {
	path := storetest.DSN(t, "m")
	engine := sqliteEngine
	if storetest.Postgres() {
		engine = postgresEngine
	}
	files, err := fs.Glob(migrations, engine.migrations+"/*.sql")
	if err != nil || len(files) == 0 {
		t.Fatalf("no embedded migrations (%v)", err)
	}

	type record struct{ version, appliedAt int64 }
	recorded := func(db *DB) []record {
		rows, err := db.writer.QueryContext(t.Context(), `SELECT version, applied_at FROM schema_migrations ORDER BY version`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var rs []record
		for rows.Next() {
			var r record
			if err := rows.Scan(&r.version, &r.appliedAt); err != nil {
				t.Fatal(err)
			}
			rs = append(rs, r)
		}
		return rs
	}

	db1, err := Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	first := recorded(db1)
	if _, err := db1.CreateGuest(t.Context()); err != nil {
		t.Fatal(err)
	}
	if err := db1.Close(); err != nil {
		t.Fatal(err)
	}
	if len(first) != len(files) || first[0].version != 1 {
		t.Fatalf("recorded %v, want %d migrations from version 1", first, len(files))
	}

	// Reopening applies nothing again (001 would fail: its tables exist)
	// and keeps the data.
	db2 := openTestDB(t, path)
	if second := recorded(db2); fmt.Sprint(second) != fmt.Sprint(first) {
		t.Errorf("after reopening: %v, want %v", second, first)
	}
	if _, err := db2.User(t.Context(), 1); err != nil {
		t.Errorf("data lost on reopening: %v", err)
	}
}

// TestOpenCurrentBesideAWriter opens a database that needs no migration
// while another connection holds the write lock, as `ciphergram backup`
// does beside a busy server: opening only reads, so it never waits for
// that lock (it used to, and failed with SQLITE_BUSY under load).
func TestOpenCurrentBesideAWriter(t *testing.T) {
	storetest.SQLiteOnly(t)
	path := filepath.Join(t.TempDir(), "busy.db")
	openTestDB(t, path)
	other, err := sql.Open("sqlite", path+"?"+pragmas)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	conn, err := other.Conn(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(t.Context(), `BEGIN IMMEDIATE`); err != nil {
		t.Fatal(err)
	}
	defer conn.ExecContext(context.Background(), `ROLLBACK`)

	// Shorter than busy_timeout: a wait for the lock would end in an error.
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Second)
	defer cancel()
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatalf("opening a current database beside a writer: %v", err)
	}
	db.Close()
}

func TestPragmasOnEveryConnection(t *testing.T) {
	storetest.SQLiteOnly(t)
	db, _ := newTestDB(t)
	ctx := t.Context()
	for name, pool := range map[string]*sql.DB{"writer": db.writer, "reader": db.reader} {
		// Hold several connections at once so the pool must open new ones.
		n := 1
		if pool == db.reader {
			n = 4
		}
		for i := range n {
			conn, err := pool.Conn(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			for pragma, want := range map[string]string{
				"foreign_keys": "1", "journal_mode": "wal", "synchronous": "2", "busy_timeout": "5000",
			} {
				var got string
				if err := conn.QueryRowContext(ctx, "PRAGMA "+pragma).Scan(&got); err != nil {
					t.Fatal(err)
				}
				if got != want {
					t.Errorf("%s conn %d: PRAGMA %s = %s, want %s", name, i, pragma, got, want)
				}
			}
		}
	}
}

func TestGuestToAccount(t *testing.T) {
	db, clock := newTestDB(t)
	ctx := t.Context()

	g := newGuest(t, db)
	if g.Role != RoleGuest || g.Username != "" || g.ID == 0 || !g.CreatedAt.Equal(clock.Now()) {
		t.Fatalf("guest = %+v", g)
	}
	u, err := db.SaveAccount(ctx, g.ID, "Ann", "hash1")
	if err != nil {
		t.Fatal(err)
	}
	if u.Role != RoleLearner || u.Username != "Ann" || u.DisplayName != "Ann" || u.PasswordHash != "hash1" ||
		u.SessionEpoch != g.SessionEpoch+1 {
		t.Errorf("after SaveAccount: %+v", u)
	}
	if got, err := db.UserByUsername(ctx, "aNN"); err != nil || got.ID != g.ID {
		t.Errorf("UserByUsername(aNN) = %+v, %v", got, err)
	}
	if got, err := db.User(ctx, g.ID); err != nil || *got != *u {
		t.Errorf("User = %+v, %v; want %+v", got, err, u)
	}

	// Taken in another case; the guest stays a guest.
	g2 := newGuest(t, db)
	if _, err := db.SaveAccount(ctx, g2.ID, "ANN", "hash2"); !errors.Is(err, ErrUsernameTaken) {
		t.Errorf("SaveAccount(ANN) = %v, want ErrUsernameTaken", err)
	}
	if got, _ := db.User(ctx, g2.ID); got.Role != RoleGuest {
		t.Errorf("after a failed SaveAccount: %+v", got)
	}
	// Only guests get an account this way.
	if _, err := db.SaveAccount(ctx, g.ID, "Bob", "hash3"); !errors.Is(err, ErrNotFound) {
		t.Errorf("SaveAccount on a learner = %v, want ErrNotFound", err)
	}

	if err := db.BumpSessionEpoch(ctx, g.ID); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.User(ctx, g.ID); got.SessionEpoch != u.SessionEpoch+1 {
		t.Errorf("epoch after logout = %d, want %d", got.SessionEpoch, u.SessionEpoch+1)
	}

	for name, err := range map[string]error{
		"User":             func() error { _, err := db.User(ctx, 999); return err }(),
		"UserByUsername":   func() error { _, err := db.UserByUsername(ctx, "nobody"); return err }(),
		"SaveAccount":      func() error { _, err := db.SaveAccount(ctx, 999, "x", "y"); return err }(),
		"BumpSessionEpoch": db.BumpSessionEpoch(ctx, 999),
	} {
		if !errors.Is(err, ErrNotFound) {
			t.Errorf("%s of a missing user = %v, want ErrNotFound", name, err)
		}
	}
}

func TestSubmitStoresOnce(t *testing.T) {
	db, clock := newTestDB(t)
	u := newGuest(t, db)

	// AttemptID 0 twice (e.g. a retried request before the page knew the
	// attempt): the second lands in the same open attempt as a duplicate.
	first := submit(t, db, submission(u.ID, "q1"))
	if first.Duplicate || first.Attempt.ID == 0 || first.Response.QuestionID != "q1" {
		t.Fatalf("first submit = %+v", first)
	}
	clock.Advance(time.Minute)
	again := submission(u.ID, "q1")
	again.Answer, again.Correct, again.Points, again.Score = `{"choice":"b"}`, false, 0, 0
	dup := submit(t, db, again)
	if !dup.Duplicate || dup.Response != first.Response || dup.Attempt.ID != first.Attempt.ID {
		t.Errorf("double submit = %+v, want the first response as a duplicate", dup)
	}

	// With the attempt ID, as the page sends it (double click, back button).
	s := submission(u.ID, "q2")
	s.AttemptID = first.Attempt.ID
	submit(t, db, s)
	if dup := submit(t, db, s); !dup.Duplicate {
		t.Errorf("second submit of q2 not a duplicate: %+v", dup)
	}

	rs, err := db.Responses(t.Context(), first.Attempt.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 2 || rs[0].QuestionID != "q1" || rs[1].QuestionID != "q2" || rs[0].Answer != `{"choice":"a"}` {
		t.Errorf("responses = %+v, want q1 (first answer), q2", rs)
	}
	if reviews, _ := db.Reviews(t.Context(), u.ID); len(reviews) != 0 {
		t.Errorf("a duplicate wrong answer scheduled a review: %+v", reviews)
	}
}

func TestSubmitToSomeoneElsesAttempt(t *testing.T) {
	db, _ := newTestDB(t)
	owner, other := newGuest(t, db), newGuest(t, db)
	a := submit(t, db, submission(owner.ID, "q1")).Attempt

	s := submission(other.ID, "q2")
	s.AttemptID = a.ID
	if _, err := db.Submit(t.Context(), s); !errors.Is(err, ErrNotFound) {
		t.Errorf("submit to another user's attempt = %v, want ErrNotFound", err)
	}
	s = submission(owner.ID, "q2")
	s.AttemptID, s.LessonSlug = a.ID, "l2"
	if _, err := db.Submit(t.Context(), s); !errors.Is(err, ErrNotFound) {
		t.Errorf("submit to an attempt on another lesson = %v, want ErrNotFound", err)
	}
	if _, err := db.Submit(t.Context(), submission(999, "q1")); !errors.Is(err, ErrNotFound) {
		t.Errorf("submit by a missing user = %v, want ErrNotFound", err)
	}
	if rs, _ := db.Responses(t.Context(), a.ID); len(rs) != 1 {
		t.Errorf("responses = %+v, want only q1", rs)
	}
}

func TestSubmitFinishesAttempt(t *testing.T) {
	db, clock := newTestDB(t)
	ctx := t.Context()
	u := newGuest(t, db)

	started, err := db.StartAttempt(ctx, u.ID, "l1", "h1", 3)
	if err != nil {
		t.Fatal(err)
	}
	if again, err := db.StartAttempt(ctx, u.ID, "l1", "h1", 3); err != nil || *again != *started {
		t.Errorf("StartAttempt again = %+v, %v; want the open %+v", again, err, started)
	}
	for i, points := range []float64{1, 0.5} {
		clock.Advance(time.Minute)
		s := submission(u.ID, fmt.Sprintf("q%d", i+1))
		s.AttemptID, s.Points = started.ID, points
		if got := submit(t, db, s); got.Attempt.Finished {
			t.Fatalf("finished after %d of 3 answers: %+v", i+1, got.Attempt)
		}
	}
	clock.Advance(time.Minute)
	s := submission(u.ID, "q3")
	s.AttemptID = started.ID
	last := submit(t, db, s)
	want := Attempt{
		ID: started.ID, UserID: u.ID, LessonSlug: "l1", LessonHash: "h1",
		StartedAt: started.StartedAt, FinishedAt: clock.Now(), Points: 2.5, MaxPoints: 3, Finished: true, Seed: started.Seed,
	}
	if last.Attempt != want {
		t.Errorf("finished attempt = %+v\nwant %+v", last.Attempt, want)
	}

	// Answering the last question again is a duplicate, not an error.
	if dup := submit(t, db, s); !dup.Duplicate {
		t.Errorf("resubmitting the last answer: %+v", dup)
	}
	// A new question on the finished attempt is refused.
	s.QuestionID = "q4"
	if _, err := db.Submit(ctx, s); !errors.Is(err, ErrAttemptFinished) {
		t.Errorf("submit to a finished attempt = %v, want ErrAttemptFinished", err)
	}

	// AttemptID 0 now starts a new attempt, with the seed the page showed.
	clock.Advance(time.Hour)
	first := submission(u.ID, "q1")
	first.Seed = 12345
	next := submit(t, db, first)
	if next.Duplicate || next.Attempt.ID == started.ID || next.Attempt.Finished || next.Attempt.Points != 1 || next.Attempt.Seed != 12345 {
		t.Errorf("submit after finishing = %+v, want a new open attempt with seed 12345", next)
	}
	if latest, err := db.LatestAttempt(ctx, u.ID, "l1"); err != nil || *latest != next.Attempt {
		t.Errorf("LatestAttempt = %+v, %v; want %+v", latest, err, next.Attempt)
	}
	if _, err := db.LatestAttempt(ctx, u.ID, "l2"); !errors.Is(err, ErrNotFound) {
		t.Errorf("LatestAttempt on an unstarted lesson = %v, want ErrNotFound", err)
	}
	if as, err := db.Attempts(ctx, u.ID); err != nil || len(as) != 2 || as[0] != want || as[1] != next.Attempt {
		t.Errorf("Attempts = %+v, %v", as, err)
	}
}

// TestSubmitMovesAttemptToNewVersion: an attempt left open on an older
// version of a lesson, answered after the lesson lost a question, keeps
// only the answers to questions the lesson still has, and is scored and
// finished on the version answered now.
func TestSubmitMovesAttemptToNewVersion(t *testing.T) {
	db, _ := newTestDB(t)
	u := newGuest(t, db)
	// Version h1 had q1, q2 and q3; q1 and q2 are answered.
	first := submit(t, db, submission(u.ID, "q1"))
	submit(t, db, submission(u.ID, "q2"))
	// Version h2 has q2, q3 and q4 (two points): q1 is gone.
	next := func(q string) Submission {
		s := submission(u.ID, q)
		s.LessonHash, s.MaxPoints, s.QuestionIDs = "h2", 4, []string{"q2", "q3", "q4"}
		return s
	}
	got := submit(t, db, next("q3"))
	if got.Attempt.ID != first.Attempt.ID || got.Attempt.Finished {
		t.Fatalf("after q3 on the new version: %+v, want the same attempt, still open (q4 unanswered)", got.Attempt)
	}
	if got.Attempt.LessonHash != "h2" || got.Attempt.MaxPoints != 4 || got.Attempt.Points != 2 {
		t.Errorf("moved attempt = %+v, want version h2, 2 of 4 points (q1 no longer counts)", got.Attempt)
	}
	rs, err := db.Responses(t.Context(), got.Attempt.ID)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, r := range rs {
		ids = append(ids, r.QuestionID)
	}
	if strings.Join(ids, " ") != "q2 q3" {
		t.Errorf("responses %v, want q2 q3", ids)
	}
	last := next("q4")
	last.Points = 2
	if got := submit(t, db, last); !got.Attempt.Finished || got.Attempt.Points != 4 {
		t.Errorf("after q4: %+v, want finished with 4 of 4 points", got.Attempt)
	}
}

func TestReviewSchedule(t *testing.T) {
	db, clock := newTestDB(t)
	ctx := t.Context()
	u := newGuest(t, db)
	const dayD = 24 * time.Hour

	wrong := submission(u.ID, "q1")
	wrong.Correct, wrong.Score, wrong.Points = false, 0, 0
	submit(t, db, wrong)
	pending := submission(u.ID, "q2")
	pending.Correct, pending.Pending = false, true
	submit(t, db, pending)
	submit(t, db, submission(u.ID, "q3")) // right: not scheduled

	rs, err := db.Reviews(ctx, u.ID)
	want := Review{LessonSlug: "l1", QuestionID: "q1", Due: clock.Now().Add(dayD), IntervalDays: 1}
	if len(rs) == 1 {
		want.Seed = rs[0].Seed // random, and kept as long as the card is
	}
	if err != nil || len(rs) != 1 || rs[0] != want {
		t.Fatalf("Reviews = %+v, %v; want [%+v]", rs, err, want)
	}

	for i, days := range []int{3, 7, 16, 35, 76} {
		clock.Advance(dayD)
		r, err := db.RecordReview(ctx, u.ID, "l1", "q1", true)
		if err != nil {
			t.Fatal(err)
		}
		want := Review{LessonSlug: "l1", QuestionID: "q1", Due: clock.Now().Add(time.Duration(days) * dayD), IntervalDays: days, Streak: i + 1, Seed: want.Seed}
		if *r != want {
			t.Errorf("right answer %d: %+v, want %+v", i+1, r, want)
		}
	}
	clock.Advance(dayD)
	r, err := db.RecordReview(ctx, u.ID, "l1", "q1", false)
	if err != nil {
		t.Fatal(err)
	}
	if want := (Review{LessonSlug: "l1", QuestionID: "q1", Due: clock.Now().Add(dayD), IntervalDays: 1, Seed: want.Seed}); *r != want {
		t.Errorf("wrong answer: %+v, want %+v", r, want)
	}

	// Missing it again in a new attempt restarts the schedule.
	if _, err := db.RecordReview(ctx, u.ID, "l1", "q1", true); err != nil {
		t.Fatal(err)
	}
	clock.Advance(time.Hour)
	submit(t, db, wrong) // the first attempt finished: this starts another
	// A second missed question, due after q1.
	clock.Advance(time.Hour)
	wrong.QuestionID = "q2"
	submit(t, db, wrong)
	rs, err = db.Reviews(ctx, u.ID)
	if err != nil || len(rs) != 2 {
		t.Fatalf("Reviews = %+v, %v", rs, err)
	}
	if rs[0].QuestionID != "q1" || rs[0].IntervalDays != 1 || rs[0].Streak != 0 ||
		!rs[0].Due.Equal(clock.Now().Add(dayD-time.Hour)) || rs[1].QuestionID != "q2" {
		t.Errorf("Reviews = %+v, want q1 restarted, then q2", rs)
	}

	if _, err := db.RecordReview(ctx, u.ID, "l1", "q3", true); !errors.Is(err, ErrNotFound) {
		t.Errorf("RecordReview of an unscheduled question = %v, want ErrNotFound", err)
	}
}

func TestNextIntervalIsCapped(t *testing.T) {
	d := 1
	for range 100 {
		d = nextInterval(d)
	}
	if d != maxIntervalDays {
		t.Errorf("interval after 100 right answers = %d, want %d", d, maxIntervalDays)
	}
}

func TestSelfAssess(t *testing.T) {
	db, _ := newTestDB(t)
	ctx := t.Context()
	u, other := newGuest(t, db), newGuest(t, db)

	a := submit(t, db, submission(u.ID, "q1")).Attempt
	written := submission(u.ID, "q2")
	written.Answer, written.Correct, written.Pending, written.Score, written.Points = `{"text":"…"}`, false, true, 0, 0
	submit(t, db, written)
	submit(t, db, submission(u.ID, "q3"))

	r, err := db.SelfAssess(ctx, u.ID, a.ID, "q2", 0.5)
	if err != nil {
		t.Fatal(err)
	}
	if r.Points != 0.5 || !r.SelfAssessed || r.Pending {
		t.Errorf("self-assessed response = %+v", r)
	}
	if got, _ := db.LatestAttempt(ctx, u.ID, "l1"); !got.Finished || got.Points != 2.5 {
		t.Errorf("attempt after self-assessment = %+v, want 2.5 points", got)
	}

	// Once only.
	if again, err := db.SelfAssess(ctx, u.ID, a.ID, "q2", 1); err != nil || *again != *r {
		t.Errorf("second SelfAssess = %+v, %v; want %+v unchanged", again, err, r)
	}
	for name, err := range map[string]error{
		"another user's":    func() error { _, err := db.SelfAssess(ctx, other.ID, a.ID, "q2", 1); return err }(),
		"an auto-graded":    func() error { _, err := db.SelfAssess(ctx, u.ID, a.ID, "q1", 0); return err }(),
		"an unanswered":     func() error { _, err := db.SelfAssess(ctx, u.ID, a.ID, "q9", 1); return err }(),
		"a missing attempt": func() error { _, err := db.SelfAssess(ctx, u.ID, 999, "q2", 1); return err }(),
	} {
		if !errors.Is(err, ErrNotFound) {
			t.Errorf("SelfAssess of %s response = %v, want ErrNotFound", name, err)
		}
	}
}

func TestSettingOrInitKeepsFirstValue(t *testing.T) {
	db, _ := newTestDB(t)
	ctx := t.Context()
	got, err := db.SettingOrInit(ctx, "session-key", []byte("first"))
	if err != nil || string(got) != "first" {
		t.Fatalf("first SettingOrInit = %q, %v", got, err)
	}
	got, err = db.SettingOrInit(ctx, "session-key", []byte("second"))
	if err != nil || string(got) != "first" {
		t.Errorf("second SettingOrInit = %q, %v; want the first value", got, err)
	}
}

// Concurrent answers to different questions, each sent twice, are all stored
// exactly once, in one attempt, which then finishes.
func TestConcurrentSubmit(t *testing.T) {
	db, _ := newTestDB(t)
	u := newGuest(t, db)
	const n = 20
	// The page shows an attempt and sends its ID with every answer.
	a, err := db.StartAttempt(t.Context(), u.ID, "l1", "h1", n)
	if err != nil {
		t.Fatal(err)
	}

	var wg sync.WaitGroup
	var mu sync.Mutex
	stored := 0
	for i := range n {
		wg.Go(func() {
			s := submission(u.ID, fmt.Sprintf("q%02d", i))
			s.AttemptID, s.QuestionCount, s.MaxPoints = a.ID, n, n
			for range 2 {
				got, err := db.Submit(context.Background(), s)
				if err != nil {
					t.Error(err)
					return
				}
				if !got.Duplicate {
					mu.Lock()
					stored++
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	if stored != n {
		t.Errorf("%d submits stored, want %d", stored, n)
	}

	as, err := db.Attempts(t.Context(), u.ID)
	if err != nil || len(as) != 1 || !as[0].Finished || as[0].Points != n {
		t.Fatalf("Attempts = %+v, %v; want one finished attempt with %d points", as, err, n)
	}
	rs, err := db.Responses(t.Context(), a.ID)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for _, r := range rs {
		seen[r.QuestionID]++
	}
	if len(rs) != n || len(seen) != n {
		t.Errorf("%d responses to %d questions, want %d of each", len(rs), len(seen), n)
	}
}

func TestBackup(t *testing.T) {
	db, _ := newTestDB(t)
	ctx := t.Context()
	if storetest.Postgres() {
		if err := db.Backup(ctx, filepath.Join(t.TempDir(), "backup.db")); !errors.Is(err, ErrBackupEngine) {
			t.Errorf("Backup on PostgreSQL = %v, want ErrBackupEngine", err)
		}
		return
	}
	u := newGuest(t, db)
	a := submit(t, db, submission(u.ID, "q1")).Attempt

	path := filepath.Join(t.TempDir(), "backup.db")
	if err := db.Backup(ctx, path); err != nil {
		t.Fatal(err)
	}
	if err := db.Backup(ctx, path); !errors.Is(err, fs.ErrExist) {
		t.Errorf("Backup over an existing file = %v, want fs.ErrExist", err)
	}

	backup := openTestDB(t, path)
	var check string
	if err := backup.reader.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
		t.Errorf("integrity_check = %q, %v", check, err)
	}
	if rs, err := backup.Responses(ctx, a.ID); err != nil || len(rs) != 1 {
		t.Errorf("responses in the backup = %+v, %v", rs, err)
	}
}

func TestOpenPathWithURICharacters(t *testing.T) {
	storetest.SQLiteOnly(t)
	path := filepath.Join(t.TempDir(), "a b?c#d%20.db")
	openTestDB(t, path)
	if _, err := os.Stat(path); err != nil {
		t.Errorf("database not created under its exact name: %v", err)
	}
}

func TestSchemaConstraints(t *testing.T) {
	db, _ := newTestDB(t)
	ctx := t.Context()
	u := newGuest(t, db)
	wrong := submission(u.ID, "q1")
	wrong.Correct = false
	a := submit(t, db, wrong).Attempt

	for name, stmt := range map[string]string{
		"second open attempt":    fmt.Sprintf(`INSERT INTO attempts (user_id, lesson_slug, lesson_hash, max_points, started_at) VALUES (%d, 'l1', 'h', 1, 0)`, u.ID),
		"unknown role":           `INSERT INTO users (role, created_at, last_active_at) VALUES ('admin', 0, 0)`,
		"learner without a name": `INSERT INTO users (role, created_at, last_active_at) VALUES ('learner', 0, 0)`,
		"attempt of no user":     `INSERT INTO attempts (user_id, lesson_slug, lesson_hash, max_points, started_at) VALUES (999, 'l1', 'h', 1, 0)`,
		"response twice":         fmt.Sprintf(`INSERT INTO responses (attempt_id, question_id, answer, score, points, correct, pending, created_at) VALUES (%d, 'q1', '', 0, 0, 0, 0, 0)`, a.ID),
	} {
		if _, err := db.writer.ExecContext(ctx, stmt); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}

	// Deleting a user deletes everything of theirs.
	if _, err := db.writer.ExecContext(ctx, `DELETE FROM users WHERE id = ?`, u.ID); err != nil {
		t.Fatal(err)
	}
	for _, table := range []string{"attempts", "responses", "reviews"} {
		var n int
		if err := db.writer.QueryRowContext(ctx, `SELECT count(*) FROM `+table).Scan(&n); err != nil || n != 0 {
			t.Errorf("%s after deleting the user: %d rows, %v", table, n, err)
		}
	}
}

// TestReviewSeedsAreSpread: each review card's order seed is drawn over
// the whole 64-bit range on both engines (PostgreSQL's random() is a
// fraction, which rounded every seed to 0 or 1: two orders for every card).
func TestReviewSeedsAreSpread(t *testing.T) {
	db, _ := newTestDB(t)
	ctx := t.Context()
	u := newGuest(t, db)
	for _, q := range []string{"q1", "q2", "q3"} {
		wrong := submission(u.ID, q)
		wrong.Correct, wrong.Score, wrong.Points = false, 0, 0
		submit(t, db, wrong)
	}
	rows, err := db.reader.QueryContext(ctx, `SELECT seed FROM reviews WHERE user_id = ?`, u.ID)
	must(t, err)
	defer rows.Close()
	var seeds []int64
	for rows.Next() {
		var s int64
		must(t, rows.Scan(&s))
		seeds = append(seeds, s)
	}
	must(t, rows.Err())
	if len(seeds) != 3 {
		t.Fatalf("%d review cards, want 3", len(seeds))
	}
	small := 0
	for _, s := range seeds {
		if s > -1<<32 && s < 1<<32 {
			small++
		}
	}
	// Three draws inside ±2^32 out of ±2^63 happen once in 2^93 runs.
	if small == 3 {
		t.Errorf("review seeds %v are all small: not drawn over 64 bits", seeds)
	}
}
