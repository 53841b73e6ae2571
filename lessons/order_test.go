package lessons

import (
	"testing"
)

// TestDisplayChoicesPinsStay: a pinned choice is at its authored place
// for every seed, the others move, and one seed always gives one order.
func TestDisplayChoicesPinsStay(t *testing.T) {
	q := &Question{ID: "pinned", Type: Single, Choices: []Choice{
		{ID: "a", Correct: true}, {ID: "b"}, {ID: "c"}, {ID: "none", Pin: true}}}
	firsts := map[string]int{}
	for seed := range uint64(300) {
		got := q.DisplayChoices(seed)
		if got[3].ID != "none" {
			t.Fatalf("seed %d: pinned choice moved: %v", seed, ids(got))
		}
		if again := q.DisplayChoices(seed); ids(again) != ids(got) {
			t.Fatalf("seed %d: %s then %s", seed, ids(got), ids(again))
		}
		firsts[got[0].ID]++
	}
	for _, id := range []string{"a", "b", "c"} {
		if firsts[id] < 60 {
			t.Errorf("choice %s first %d times in 300, want about 100: %v", id, firsts[id], firsts)
		}
	}
}

func ids(cs []Choice) string {
	s := ""
	for _, c := range cs {
		s += c.ID + " "
	}
	return s
}
