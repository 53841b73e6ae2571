package web_test

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/ciphergram/ciphergram/internal/store"
)

// TestDraftKeptThenDropped: a draft is stored per attempt and question,
// replaced on each save, dropped when the answer is handed in, and a
// draft sent after that changes nothing. A too long draft is refused
// with a message, and nothing is stored.
func TestDraftKeptThenDropped(t *testing.T) {
	a := newApp(t)
	b := a.browser()
	l, _ := a.unit.Lesson("the-soviet-reading")
	q := l.Questions[len(l.Questions)-1]
	for _, x := range l.Questions[:len(l.Questions)-1] {
		b.post("/lessons/"+l.Slug+"/questions/"+x.ID, rightForm(x, attemptOf(b.get("/lessons/"+l.Slug).body)))
	}
	attempt := attemptOf(b.get("/lessons/" + l.Slug).body)
	draftURL := "/lessons/" + l.Slug + "/questions/" + q.ID + "/draft"
	for _, text := range []string{"first go", "second go, better"} {
		f := rightForm(q, attempt)
		f.Set("text", text)
		if p := b.post(draftURL, f); p.status != http.StatusSeeOther {
			t.Fatalf("save draft %q: %d", text, p.status)
		}
	}
	long := rightForm(q, attempt)
	long.Set("text", strings.Repeat("x", 10001))
	if p := b.post(draftURL, long); p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, "too long") {
		t.Errorf("a too long draft: %d, want 422 with a message", p.status)
	}
	id, err := strconv.ParseInt(attempt, 10, 64)
	if err != nil || id == 0 {
		t.Fatalf("no attempt on the page: %q", attempt)
	}
	if d, err := a.db.DraftOf(t.Context(), id, q.ID); err != nil || d.Text != "second go, better" {
		t.Fatalf("stored draft = %+v, %v; want the second save", d, err)
	}
	if p := b.post("/lessons/"+l.Slug+"/questions/"+q.ID, rightForm(q, attempt)); p.status != http.StatusSeeOther {
		t.Fatalf("hand in: %d", p.status)
	}
	if _, err := a.db.DraftOf(t.Context(), id, q.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the draft outlives the handed-in answer: %v", err)
	}
	late := rightForm(q, attempt)
	late.Set("text", "too late")
	b.post(draftURL, late)
	if _, err := a.db.DraftOf(t.Context(), id, q.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a draft was stored after the answer was handed in: %v", err)
	}
}
