package loadtest

import (
	"net/url"
	"slices"
	"strconv"

	"github.com/ciphergram/ciphergram/lessons"
)

// answerForm is an answer to q as the lesson page's form sends it: the
// right one, or a plausible wrong one. Ordering and matching fields are
// numbered by the display order, as on the page.
func answerForm(q *lessons.Question, attempt string, right bool) url.Values {
	f := url.Values{"attempt": {attempt}}
	switch q.Type {
	case lessons.Single, lessons.Multiple:
		for _, c := range q.Choices {
			if c.Correct == right {
				f.Add("choice", c.ID)
				if !right {
					break // one wrong pick is enough
				}
			}
		}
		if len(f["choice"]) == 0 { // no wrong choice to pick
			return answerForm(q, attempt, true)
		}
	case lessons.TrueFalse:
		f.Set("choice", strconv.FormatBool(q.Answer == right))
	case lessons.Short:
		if right {
			f.Set("text", q.Accept[0])
		} else {
			f.Set("text", "I do not know")
		}
	case lessons.Written:
		f.Set("text", "Mao gave two reasons, p9.s1 and p10.s1.")
	case lessons.Ordering:
		for i, it := range q.DisplayItems() {
			place := i + 1 // the shown order, never the right one
			if right {
				place = slices.IndexFunc(q.Items, func(x lessons.Item) bool { return x.ID == it.ID }) + 1
			}
			f.Set("order."+strconv.Itoa(i+1), strconv.Itoa(place))
		}
	case lessons.Matching:
		rights := q.DisplayRights()
		for i := range rights {
			n := i
			if !right {
				n = (i + 1) % len(rights) // every item matched to its neighbour's side
			}
			f.Set("match."+rights[n].ID, strconv.Itoa(i+1))
		}
	case lessons.Evidence:
		switch {
		case right && len(q.Key) > 0:
			f["choice"] = slices.Clone(q.Key)
		case right || len(q.Key) > 0:
			f.Set("choice", lessons.NoEvidence)
		default: // the document supports nothing, but a sentence is marked
			f.Set("choice", q.Among[0])
		}
	}
	return f
}
