package store

import (
	"slices"
	"testing"
)

// TestSubmitReturnsTheAttemptsResponses: an answer's result carries every
// response of its attempt, in the order given, as the transaction that
// stored it left them: an answer in place is drawn from it without a
// second read. A duplicate carries none (its caller reads the page).
func TestSubmitReturnsTheAttemptsResponses(t *testing.T) {
	db, _ := newTestDB(t)
	first := submit(t, db, Submission{LessonSlug: "l1", LessonHash: "h1", MaxPoints: 3, QuestionCount: 3,
		QuestionID: "q2", Answer: `{}`, Points: 1, Correct: true})
	uid := first.User.ID
	second := submit(t, db, submission(uid, "q1"))
	ids := func(s *Submitted) []string {
		var out []string
		for _, r := range s.Responses {
			out = append(out, r.QuestionID)
		}
		return out
	}
	if got := ids(second); !slices.Equal(got, []string{"q2", "q1"}) {
		t.Fatalf("responses after two answers: %v, want [q2 q1]", got)
	}
	if second.Response != second.Responses[1] {
		t.Errorf("Response %+v is not the stored q1 %+v", second.Response, second.Responses[1])
	}
	if second.Attempt.ID != first.Attempt.ID || second.Responses[0].AttemptID != first.Attempt.ID {
		t.Errorf("responses of attempt %d, want %d", second.Responses[0].AttemptID, first.Attempt.ID)
	}
	last := submit(t, db, submission(uid, "q3"))
	if got := ids(last); !last.Attempt.Finished || !slices.Equal(got, []string{"q2", "q1", "q3"}) {
		t.Errorf("the finishing answer: finished %v, responses %v", last.Attempt.Finished, got)
	}
	dup := submission(uid, "q3")
	dup.AttemptID = last.Attempt.ID
	if again := submit(t, db, dup); !again.Duplicate || again.Responses != nil {
		t.Errorf("a duplicate: Duplicate %v, responses %v", again.Duplicate, ids(again))
	}
}
