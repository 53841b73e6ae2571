package store

import "testing"

// TestVisitorsDraftMakesTheGuest: a visitor's first draft makes their
// guest in the same transaction as the draft, as a first answer does.
func TestVisitorsDraftMakesTheGuest(t *testing.T) {
	db, _ := newTestDB(t)
	ctx := t.Context()
	u, err := db.SaveDraft(ctx, DraftSave{LessonSlug: "l1", LessonHash: "h1", MaxPoints: 3, Seed: 7,
		QuestionID: "q3", Text: "a first thought"})
	if err != nil {
		t.Fatal(err)
	}
	if u == nil || u.Role != RoleGuest {
		t.Fatalf("drafter = %+v, want a new guest", u)
	}
	p, err := db.LessonProgress(ctx, u.ID, "l1")
	if err != nil || p.Attempt == nil || p.Attempt.Seed != 7 {
		t.Fatalf("the guest's attempt: %+v, %v", p, err)
	}
	d, err := db.DraftOf(ctx, p.Attempt.ID, "q3")
	if err != nil || d.Text != "a first thought" {
		t.Fatalf("draft: %+v, %v", d, err)
	}
}
