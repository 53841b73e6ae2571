package lessons

import (
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// An Answer is what a learner submitted for one question, in one shape for
// every type; the type decides which fields are used. It is stored as JSON.
type Answer struct {
	Choices []string          `json:"choices,omitempty"` // single, multiple, truefalse ("true"/"false"), evidence (sentence IDs, or NoEvidence)
	Order   []string          `json:"order,omitempty"`   // ordering: item IDs, first to last
	Matches map[string]string `json:"matches,omitempty"` // matching: pair ID of the left side → pair ID of the chosen right side
	Text    string            `json:"text,omitempty"`    // short, written
}

// NoEvidence is the evidence answer "no sentence of the document supports
// this claim".
const NoEvidence = "none"

// MaxTextLen bounds a typed answer, in bytes.
const MaxTextLen = 10000

// A Result is a graded answer.
type Result struct {
	Score   float64 // share of the question's points earned, 0 to 1
	Correct bool    // full marks
	Pending bool    // a written answer waiting for a teacher
	Reason  string  // one line on how the score came about
}

// Points is the result in the question's points.
func (r Result) Points(q *Question) float64 { return r.Score * q.Points }

func wrong(format string, args ...any) Result {
	return Result{Reason: fmt.Sprintf(format, args...)}
}

// Grade grades an answer. It is a pure function: the same question and
// answer always give the same result, and an answer that makes no sense for
// the question (garbage, unknown IDs, the wrong shape) is graded wrong with
// a reason rather than failing.
func Grade(q *Question, a Answer) Result {
	if err := q.Check(a); err != nil {
		return wrong("not a valid answer: %v", err)
	}
	switch q.Type {
	case Single, TrueFalse:
		if a.Choices[0] == q.correctChoice() {
			return Result{Score: 1, Correct: true, Reason: "correct"}
		}
		return wrong("not the right answer")
	case Multiple:
		return share(countRight(q, a.Choices), q.correctCount(), "right choices picked, less wrong ones")
	case Short:
		got := normalize(a.Text)
		for _, acc := range q.Accept {
			if normalize(acc) == got {
				return Result{Score: 1, Correct: true, Reason: "matches an accepted answer"}
			}
		}
		return wrong("does not match an accepted answer")
	case Ordering:
		return gradeOrder(q, a.Order)
	case Matching:
		right := 0
		for _, p := range q.Pairs {
			if a.Matches[p.ID] == p.ID {
				right++
			}
		}
		return share(right, len(q.Pairs), "matched right")
	case Evidence:
		return gradeEvidence(q, a.Choices)
	case Written:
		return Result{Pending: true, Reason: "waiting for a teacher to grade it against the rubric"}
	}
	return wrong("unknown question type %q", q.Type)
}

// share turns n of max into a Result; n below 0 counts as 0.
func share(n, max int, what string) Result {
	if n < 0 {
		n = 0
	}
	score := float64(n) / float64(max)
	return Result{Score: score, Correct: n == max, Reason: fmt.Sprintf("%d of %d %s", n, max, what)}
}

func (q *Question) correctChoice() string {
	if q.Type == TrueFalse {
		return strconv.FormatBool(q.Answer)
	}
	for _, c := range q.Choices {
		if c.Correct {
			return c.ID
		}
	}
	return ""
}

func (q *Question) correctCount() int {
	n := 0
	for _, c := range q.Choices {
		if c.Correct {
			n++
		}
	}
	return n
}

// countRight is right picks less wrong picks, for multiple select.
func countRight(q *Question, picks []string) int {
	n := 0
	for _, c := range q.Choices {
		if slices.Contains(picks, c.ID) {
			if c.Correct {
				n++
			} else {
				n--
			}
		}
	}
	return n
}

// gradeOrder scores the share of item pairs in the right relative order.
func gradeOrder(q *Question, order []string) Result {
	pos := map[string]int{}
	for i, id := range order {
		pos[id] = i
	}
	right, pairs := 0, 0
	for i := range q.Items {
		for j := i + 1; j < len(q.Items); j++ {
			pairs++
			if pos[q.Items[i].ID] < pos[q.Items[j].ID] {
				right++
			}
		}
	}
	r := share(right, pairs, "pairs of items in the right order")
	r.Score = math.Round(r.Score*1000) / 1000
	return r
}

func gradeEvidence(q *Question, picks []string) Result {
	if slices.Contains(picks, NoEvidence) {
		if len(q.Key) == 0 {
			return Result{Score: 1, Correct: true, Reason: "rightly found that no sentence supports the claim"}
		}
		return wrong("the document does support this claim")
	}
	if len(q.Key) == 0 {
		return wrong("no sentence supports this claim, but sentences were picked")
	}
	n := 0
	for _, id := range picks {
		switch {
		case slices.Contains(q.Key, id):
			n++
		case !slices.Contains(q.Also, id):
			n--
		}
	}
	return share(n, len(q.Key), "supporting sentences picked, less others")
}

// Check says what is wrong with an answer's shape for this question, or
// returns nil. The message is fit to show the learner.
func (q *Question) Check(a Answer) error {
	switch q.Type {
	case Single, TrueFalse:
		if len(a.Choices) != 1 {
			return fmt.Errorf("choose one answer")
		}
		if q.Type == TrueFalse {
			if a.Choices[0] != "true" && a.Choices[0] != "false" {
				return fmt.Errorf("choose true or false")
			}
			return nil
		}
		return q.checkChoices(a.Choices)
	case Multiple:
		if len(a.Choices) == 0 {
			return fmt.Errorf("choose at least one answer")
		}
		return q.checkChoices(a.Choices)
	case Short, Written:
		switch {
		case strings.TrimSpace(a.Text) == "":
			return fmt.Errorf("write an answer first")
		case len(a.Text) > MaxTextLen:
			return fmt.Errorf("the answer is too long: at most %d characters", MaxTextLen)
		case !utf8.ValidString(a.Text) || strings.ContainsRune(a.Text, 0):
			return fmt.Errorf("the answer contains characters that are not text")
		}
	case Ordering:
		if len(a.Order) != len(q.Items) {
			return fmt.Errorf("put every item in a place")
		}
		for _, it := range q.Items {
			if !slices.Contains(a.Order, it.ID) {
				return fmt.Errorf("put every item in a place, each in a different one")
			}
		}
	case Matching:
		if len(a.Matches) != len(q.Pairs) {
			return fmt.Errorf("match every item")
		}
		used := map[string]bool{}
		for _, p := range q.Pairs {
			r, ok := a.Matches[p.ID]
			if !ok || !slices.ContainsFunc(q.Pairs, func(x Pair) bool { return x.ID == r }) {
				return fmt.Errorf("match every item")
			}
			if used[r] {
				return fmt.Errorf("use each answer on the right once")
			}
			used[r] = true
		}
	case Evidence:
		if len(a.Choices) == 0 {
			return fmt.Errorf("mark at least one sentence, or say that none supports the claim")
		}
		seen := map[string]bool{}
		for _, id := range a.Choices {
			if seen[id] {
				return fmt.Errorf("a sentence is marked twice")
			}
			seen[id] = true
			if id != NoEvidence && !slices.Contains(q.Among, id) {
				return fmt.Errorf("%q is not one of the sentences offered", id)
			}
		}
		if seen[NoEvidence] && len(a.Choices) > 1 {
			return fmt.Errorf("either mark sentences or say that none supports the claim, not both")
		}
	default:
		return fmt.Errorf("unknown question type %q", q.Type)
	}
	return nil
}

func (q *Question) checkChoices(picks []string) error {
	seen := map[string]bool{}
	for _, id := range picks {
		if seen[id] {
			return fmt.Errorf("a choice is picked twice")
		}
		seen[id] = true
		if !slices.ContainsFunc(q.Choices, func(c Choice) bool { return c.ID == id }) {
			return fmt.Errorf("%q is not one of the choices", id)
		}
	}
	return nil
}

// DecodeForm reads an answer from a submitted form. Field names:
// "choice" (repeated for multiple and evidence), "text", "order.N" = the
// place (1, 2, …) of the Nth item of DisplayItems, "match.PAIR" = the
// number (1, 2, …) of the chosen right side in DisplayRights, and
// SeedField, the seed those two were drawn with. Since the form names the
// order it was shown in, a stale page still decodes to what its learner
// meant; a changed seed only scrambles the changer's own answer.
// It returns an error fit to show the learner when the form is not a
// complete, well-formed answer to this question.
func (q *Question) DecodeForm(form url.Values) (Answer, error) {
	var a Answer
	switch q.Type {
	case Single, Multiple, TrueFalse, Evidence:
		a.Choices = form["choice"]
	case Short, Written:
		// NFC, so the same words typed on two keyboards are the same text.
		a.Text = norm.NFC.String(strings.TrimSpace(form.Get("text")))
	case Ordering:
		// Fields are numbered by the shuffled display, so the page never
		// shows the items' authored (right) order.
		seed, ok := ParseSeed(form.Get(SeedField))
		if !ok {
			return Answer{}, errStalePage
		}
		a.Order = make([]string, len(q.Items))
		for i, it := range q.DisplayItems(seed) {
			place, err := strconv.Atoi(form.Get("order." + strconv.Itoa(i+1)))
			if err != nil || place < 1 || place > len(q.Items) {
				return Answer{}, fmt.Errorf("give every item a place from 1 to %d", len(q.Items))
			}
			if a.Order[place-1] != "" {
				return Answer{}, fmt.Errorf("two items are in place %d: give each item a different place", place)
			}
			a.Order[place-1] = it.ID
		}
	case Matching:
		// Right-hand sides are offered by their shuffled display number,
		// so option values do not pair up with the left-hand fields.
		seed, ok := ParseSeed(form.Get(SeedField))
		if !ok {
			return Answer{}, errStalePage
		}
		rights := q.DisplayRights(seed)
		a.Matches = map[string]string{}
		for _, p := range q.Pairs {
			n, err := strconv.Atoi(form.Get("match." + p.ID))
			if err != nil || n < 1 || n > len(rights) {
				return Answer{}, fmt.Errorf("match every item")
			}
			a.Matches[p.ID] = rights[n-1].ID
		}
	}
	if err := q.Check(a); err != nil {
		return Answer{}, err
	}
	return a, nil
}

// errStalePage is a form without the seed of its order: a page from
// before orders were drawn per learner, or a hand-made request.
var errStalePage = fmt.Errorf("this page is out of date: reload it and answer again")

// EncodeAnswer is the stored form of an answer.
func EncodeAnswer(a Answer) string {
	b, _ := json.Marshal(a) // a struct of strings always marshals
	return string(b)
}

// DecodeAnswer reads a stored answer. Garbage decodes to an empty Answer,
// which Grade marks wrong with a reason.
func DecodeAnswer(s string) Answer {
	var a Answer
	if json.Unmarshal([]byte(s), &a) != nil {
		return Answer{}
	}
	return a
}
