package lessons

import (
	"slices"
	"strconv"
)

// A learner's order: choices, ordering items and matching right-hand sides
// are shown in an order drawn from a seed (one per lesson attempt, review
// card or worksheet copy) and the question's ID, so the same seed always
// shows the same order and two learners see different ones. Grading works
// on IDs, so the order never changes a grade.

// SeedField is the hidden form field that carries the seed the page was
// drawn with: ordering and matching answers are numbered by display
// position, so decoding needs that same order.
const SeedField = "seed"

// FormatSeed is a seed as the form carries it.
func FormatSeed(seed uint64) string { return strconv.FormatUint(seed, 16) }

// ParseSeed reads a seed written by FormatSeed.
func ParseSeed(s string) (uint64, bool) {
	seed, err := strconv.ParseUint(s, 16, 64)
	return seed, err == nil
}

// MixSeed derives a seed from another and a name (a lesson's slug, a
// question's ID), so related seeds give unrelated orders.
func MixSeed(seed uint64, name string) uint64 {
	h := uint64(14695981039346656037) // FNV-1a, inline: no allocation on the page's path
	for i := 0; i < len(name); i++ {
		h = (h ^ uint64(name[i])) * 1099511628211
	}
	return splitmix(seed ^ splitmix(h))
}

// splitmix is SplitMix64's finalizer: nearby inputs, far-apart outputs.
func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}

// perm is a permutation of 0..n-1 drawn for this question from seed;
// salt tells apart the draws of one question. A Fisher-Yates shuffle on
// a SplitMix64 stream: uniform enough for a handful of choices (the
// modulo's bias is below 2⁻⁶⁰), and one allocation.
func (q *Question) perm(seed uint64, salt uint64, n int) []int {
	state := MixSeed(seed, q.ID) ^ salt*0x9e3779b97f4a7c15
	p := make([]int, n)
	for i := range p {
		p[i] = i
	}
	for i := n - 1; i > 0; i-- {
		state = splitmix(state)
		j := int(state % uint64(i+1))
		p[i], p[j] = p[j], p[i]
	}
	return p
}

// notSorted turns the identity into a rotation, so an ordering or
// matching question never shows its key.
func notSorted(perm []int) []int {
	if len(perm) > 1 && slices.IsSorted(perm) {
		perm = append(perm[1:], perm[0])
	}
	return perm
}

// DisplayChoices returns a single or multiple choice question's choices in
// the order seed draws; pinned choices keep their authored place.
func (q *Question) DisplayChoices(seed uint64) []Choice {
	var free []int // indexes of the choices that move
	for i, c := range q.Choices {
		if !c.Pin {
			free = append(free, i)
		}
	}
	out := slices.Clone(q.Choices)
	for i, j := range q.perm(seed, 1, len(free)) {
		out[free[i]] = q.Choices[free[j]]
	}
	return out
}

// DisplayItems returns an ordering question's items in the order to show
// them: drawn from seed, never the right order.
func (q *Question) DisplayItems(seed uint64) []Item {
	out := make([]Item, len(q.Items))
	for i, j := range notSorted(q.perm(seed, 2, len(q.Items))) {
		out[i] = q.Items[j]
	}
	return out
}

// DisplayRights returns a matching question's pairs in the order to offer
// their right-hand sides: drawn from seed, never the authored order.
func (q *Question) DisplayRights(seed uint64) []Pair {
	out := make([]Pair, len(q.Pairs))
	for i, j := range notSorted(q.perm(seed, 3, len(q.Pairs))) {
		out[i] = q.Pairs[j]
	}
	return out
}
