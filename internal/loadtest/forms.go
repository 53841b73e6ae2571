package loadtest

import (
	"net/url"

	"github.com/ciphergram/ciphergram/lessons"
)

// answerForm is an answer to q as the lesson page's form sends it: the
// right one, or a plausible wrong one, in the order seed draws (the page's
// hidden seed field; any seed gives a valid form, read in its own order).
func answerForm(q *lessons.Question, attempt string, seed uint64, right bool) url.Values {
	a := q.WrongAnswer()
	if right {
		a = q.KeyAnswer()
	}
	if q.Type == lessons.Written {
		a.Text = "Mao gave two reasons, p9.s1 and p10.s1."
	}
	f := q.EncodeForm(a, seed)
	f.Set("attempt", attempt)
	return f
}
