package lessons

import (
	"net/url"
	"slices"
	"strconv"
)

// EncodeForm is the form a lesson page drawn with seed sends for answer
// a: the inverse of DecodeForm, for the load generator, the demo and the
// tests.
func (q *Question) EncodeForm(a Answer, seed uint64) url.Values {
	f := url.Values{SeedField: {FormatSeed(seed)}}
	switch q.Type {
	case Single, Multiple, TrueFalse, Evidence:
		f["choice"] = slices.Clone(a.Choices)
	case Short, Written:
		f.Set("text", a.Text)
	case Ordering:
		for i, it := range q.DisplayItems(seed) {
			f.Set("order."+strconv.Itoa(i+1), strconv.Itoa(slices.Index(a.Order, it.ID)+1))
		}
	case Matching:
		rights := q.DisplayRights(seed)
		for left, right := range a.Matches {
			n := slices.IndexFunc(rights, func(p Pair) bool { return p.ID == right })
			f.Set("match."+left, strconv.Itoa(n+1))
		}
	}
	return f
}

// KeyAnswer is an answer worth full marks. A written question has no key:
// its Text is left for the caller to fill.
func (q *Question) KeyAnswer() Answer {
	var a Answer
	switch q.Type {
	case Single, Multiple:
		for _, c := range q.Choices {
			if c.Correct {
				a.Choices = append(a.Choices, c.ID)
			}
		}
	case TrueFalse:
		a.Choices = []string{strconv.FormatBool(q.Answer)}
	case Short:
		a.Text = q.Accept[0]
	case Ordering:
		for _, it := range q.Items {
			a.Order = append(a.Order, it.ID)
		}
	case Matching:
		a.Matches = map[string]string{}
		for _, p := range q.Pairs {
			a.Matches[p.ID] = p.ID
		}
	case Evidence:
		a.Choices = slices.Clone(q.Key)
		if len(q.Key) == 0 {
			a.Choices = []string{NoEvidence}
		}
	}
	return a
}

// WrongAnswer is a well-formed answer that earns less than full marks
// (for a written question, like KeyAnswer, Text is the caller's): the
// first wrong choice, two items swapped, a sentence that is not evidence.
func (q *Question) WrongAnswer() Answer {
	a := q.KeyAnswer()
	switch q.Type {
	case Single, Multiple:
		for _, c := range q.Choices {
			if !c.Correct {
				a.Choices = []string{c.ID}
				break
			}
		}
	case TrueFalse:
		a.Choices = []string{strconv.FormatBool(!q.Answer)}
	case Short:
		a.Text = "I do not know"
	case Ordering:
		a.Order[0], a.Order[1] = a.Order[1], a.Order[0]
	case Matching:
		x, y := q.Pairs[0].ID, q.Pairs[1].ID
		a.Matches[x], a.Matches[y] = y, x
	case Evidence:
		if len(q.Key) > 0 {
			a.Choices = []string{NoEvidence}
		} else {
			a.Choices = []string{q.Among[0]}
		}
	}
	return a
}
