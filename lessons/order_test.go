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

// TestDisplayChoicesUniform: over many seeds, each choice is in each
// place about 1/n of the time (the web test checks 500 learners against
// wide bounds; this checks the draw itself closely).
func TestDisplayChoicesUniform(t *testing.T) {
	const seeds = 40000
	for n := 2; n <= 6; n++ {
		q := &Question{ID: "u" + string(rune('0'+n)), Type: Single}
		for i := range n {
			q.Choices = append(q.Choices, Choice{ID: string(rune('a' + i))})
		}
		counts := make([][]int, n) // counts[choice][place]
		for i := range counts {
			counts[i] = make([]int, n)
		}
		for seed := range uint64(seeds) {
			for place, c := range q.DisplayChoices(seed * 7919) {
				counts[c.ID[0]-'a'][place]++
			}
		}
		for c, places := range counts {
			for place, k := range places {
				if share := float64(k) / seeds; share < 1/float64(n)-0.015 || share > 1/float64(n)+0.015 {
					t.Errorf("%d choices: choice %d in place %d %.3f of the time", n, c+1, place+1, share)
				}
			}
		}
	}
}

// BenchmarkDisplayOrder draws the order of every question of the unit
// once, as the pages of one learner would: the per-learner order's cost.
func BenchmarkDisplayOrder(b *testing.B) {
	qs := allQuestions(b)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		seed := uint64(i)
		for _, q := range qs {
			q.DisplayChoices(seed)
			q.DisplayItems(seed)
			q.DisplayRights(seed)
		}
	}
	b.ReportMetric(float64(len(qs)), "questions")
}
