package store

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
)

// TestGroupCommitIsolatesFailures: answers that arrive together share a
// transaction, but one that fails (someone else's attempt) must not undo
// the others, and every success is stored exactly once.
func TestGroupCommitIsolatesFailures(t *testing.T) {
	db, _ := newTestDB(t)
	ctx := context.Background()
	const users, questions = 8, 25
	var ids []int64
	for range users {
		u, err := db.CreateGuest(ctx)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, u.ID)
	}
	other, err := db.StartAttempt(ctx, ids[0], "lesson", "h", questions)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	okCount, refused := 0, 0
	for _, uid := range ids {
		for q := range questions {
			wg.Go(func() {
				s := Submission{UserID: uid, LessonSlug: "lesson", LessonHash: "h", MaxPoints: questions,
					QuestionCount: questions, QuestionID: fmt.Sprintf("q%d", q), Answer: `{}`, Score: 1, Points: 1, Correct: true}
				_, err := db.Submit(ctx, s)
				bad := s
				bad.AttemptID = other.ID // user 0's attempt: refused for everyone else
				_, badErr := db.Submit(ctx, bad)
				mu.Lock()
				defer mu.Unlock()
				if err != nil {
					t.Errorf("submit: %v", err)
				} else {
					okCount++
				}
				if uid != ids[0] && errors.Is(badErr, ErrNotFound) {
					refused++
				}
			})
		}
	}
	wg.Wait()
	if okCount != users*questions || refused != (users-1)*questions {
		t.Fatalf("%d stored, %d refused; want %d and %d", okCount, refused, users*questions, (users-1)*questions)
	}
	for _, uid := range ids {
		as, err := db.Attempts(ctx, uid)
		if err != nil {
			t.Fatal(err)
		}
		if len(as) != 1 || !as[0].Finished || as[0].Points != questions {
			t.Fatalf("user %d attempts = %+v, want one finished with %d points", uid, as, questions)
		}
		rs, _ := db.Responses(ctx, as[0].ID)
		if len(rs) != questions {
			t.Errorf("user %d: %d responses, want %d", uid, len(rs), questions)
		}
	}
}

// TestCloseAnswersEveryone: submissions racing with Close are either
// stored and acknowledged or refused with ErrClosed; none hangs.
func TestCloseAnswersEveryone(t *testing.T) {
	db, _ := newTestDB(t)
	if db.commits == nil {
		t.Skip("group commit is SQLite's; PostgreSQL stores each answer in a transaction of its own")
	}
	ctx := context.Background()
	u, err := db.CreateGuest(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	results := make(chan error, 100)
	for q := range 100 {
		wg.Go(func() {
			_, err := db.Submit(ctx, Submission{UserID: u.ID, LessonSlug: "l", LessonHash: "h", MaxPoints: 1000,
				QuestionCount: 1000, QuestionID: fmt.Sprint(q), Answer: `{}`, Correct: true})
			results <- err
		})
	}
	db.commits.close()
	wg.Wait()
	close(results)
	acked := 0
	for err := range results {
		switch {
		case err == nil:
			acked++
		case !errors.Is(err, ErrClosed):
			t.Errorf("unexpected error: %v", err)
		}
	}
	// Read what was committed, through the still-open reader pool.
	as, err := db.Attempts(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	stored := 0
	if len(as) == 1 {
		rs, _ := db.Responses(ctx, as[0].ID)
		stored = len(rs)
	}
	if stored != acked {
		t.Errorf("%d acknowledged, %d stored", acked, stored)
	}
}

// TestSubmitCreatesGuestWithAnswer: a visitor's first answer creates their
// guest in the same transaction; an answer refused leaves no guest behind.
func TestSubmitCreatesGuestWithAnswer(t *testing.T) {
	db, _ := newTestDB(t)
	ctx := context.Background()
	s := Submission{LessonSlug: "l", LessonHash: "h", MaxPoints: 2, QuestionCount: 2, QuestionID: "q1", Answer: `{}`, Correct: true}
	sub, err := db.Submit(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	if sub.User == nil || sub.User.Role != RoleGuest || sub.Attempt.UserID != sub.User.ID {
		t.Fatalf("submitted = %+v", sub)
	}
	s.AttemptID = sub.Attempt.ID // someone else's attempt, for a new visitor
	if _, err := db.Submit(ctx, s); !errors.Is(err, ErrNotFound) {
		t.Fatalf("answer to another's attempt: %v", err)
	}
	if _, err := db.User(ctx, sub.User.ID+1); !errors.Is(err, ErrNotFound) {
		t.Error("a refused answer left a guest behind")
	}
}

// TestSubmitStatementsArePrepared stores answers down every path of
// submitInTx (a new guest, a new attempt, a named attempt, a wrong answer
// scheduling a review, a duplicate, the answer that finishes, answers
// refused) and checks that none ran a statement that is not in
// submitQueries: one would be parsed anew for every answer.
func TestSubmitStatementsArePrepared(t *testing.T) {
	db, _ := newTestDB(t)
	ctx := t.Context()
	sub := func(s Submission) *Submitted {
		t.Helper()
		got, err := db.Submit(ctx, s)
		if err != nil {
			t.Fatalf("Submit(%s): %v", s.QuestionID, err)
		}
		return got
	}
	first := sub(Submission{LessonSlug: "l1", LessonHash: "h1", MaxPoints: 3, QuestionCount: 3,
		QuestionID: "q1", Answer: `{}`, Points: 1, Correct: true}) // a visitor: creates the guest
	uid := first.User.ID
	sub(submission(uid, "q1")) // the same again: a duplicate
	wrong := submission(uid, "q2")
	wrong.Correct, wrong.Points, wrong.AttemptID = false, 0, first.Attempt.ID
	sub(wrong)
	done := sub(submission(uid, "q3"))
	if !done.Attempt.Finished {
		t.Fatal("the third answer did not finish the attempt")
	}
	late := submission(uid, "q3")
	late.QuestionID, late.AttemptID = "q4", done.Attempt.ID
	if _, err := db.Submit(ctx, late); !errors.Is(err, ErrAttemptFinished) {
		t.Fatalf("answer to a finished attempt: %v, want ErrAttemptFinished", err)
	}
	stranger := submission(uid, "q1")
	stranger.AttemptID = done.Attempt.ID + 100
	if _, err := db.Submit(ctx, stranger); !errors.Is(err, ErrNotFound) {
		t.Fatalf("answer to a missing attempt: %v, want ErrNotFound", err)
	}
	sub(submission(uid, "q1"))     // a new attempt after the finished one
	moved := submission(uid, "q2") // from a new version of the lesson, without q1
	moved.LessonHash, moved.QuestionIDs = "h2", []string{"q2", "q3"}
	sub(moved)

	if n := db.submits.unprepared.Load(); n != 0 {
		t.Errorf("%d statements of the submit path were not prepared: add them to submitQueries", n)
	}
}
