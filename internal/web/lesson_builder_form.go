package web

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/ciphergram/ciphergram/lessons"
)

// The lesson builder's form, read back into a lessons.Draft. Every field
// is named by its path in the draft ("q.2.choices.1.text"), the names
// lessons.Draft.Write gives the lines it writes. A row of a list left
// empty is dropped, so each list offers one empty row to add with.

const (
	maxBuilderQuestions = 100 // the limit on a lesson's questions
	maxBuilderRows      = 50  // choices, items, pairs, criteria, terms or sections
)

// builderForm reads the lesson builder's form into a draft of the lesson
// with the slug. tooMany says a list was cut at its limit.
func builderForm(form url.Values, slug string) (d *lessons.Draft, tooMany bool) {
	// Browsers send CRLF line ends; bytes that are not UTF-8 (only a
	// hand-made request sends them) become U+FFFD, not YAML !!binary.
	f := func(name string) string {
		return strings.TrimSpace(strings.ToValidUTF8(strings.ReplaceAll(form.Get(name), "\r\n", "\n"), "\uFFFD"))
	}
	has := func(name string) bool { _, ok := form[name]; return ok }
	d = &lessons.Draft{Slug: slug, Title: f("title"), Summary: f("summary"), Sources: words(f("sources")), Skills: valid(form["skills"])}
	rows := func(prefix, first string, read func(p string)) {
		for i := 0; has(prefix + strconv.Itoa(i) + "." + first); i++ {
			if i == maxBuilderRows {
				tooMany = true
				return
			}
			read(prefix + strconv.Itoa(i) + ".")
		}
	}
	rows("glossary.", "term", func(p string) {
		if t := (lessons.DraftTerm{Term: f(p + "term"), Meaning: f(p + "meaning")}); t != (lessons.DraftTerm{}) {
			d.Glossary = append(d.Glossary, t)
		}
	})
	rows("sections.", "heading", func(p string) {
		if s := (lessons.DraftSection{Heading: f(p + "heading"), Body: f(p + "body")}); s != (lessons.DraftSection{}) {
			d.Sections = append(d.Sections, s)
		}
	})
	for i := 0; has("q." + strconv.Itoa(i) + ".type"); i++ {
		if i == maxBuilderQuestions {
			tooMany = true
			break
		}
		p := "q." + strconv.Itoa(i) + "."
		q := &lessons.DraftQuestion{ID: f(p + "id"), Type: f(p + "type"), Prompt: f(p + "prompt"), Explanation: f(p + "explanation"),
			Points: f(p + "points"), Cites: words(f(p + "cites")), Answer: f(p + "answer"), Accept: lines(f(p + "accept")),
			Evidence: valid(form[p+"evidence"]), Also: valid(form[p+"also"]), Among: words(f(p + "among")), ModelAnswer: f(p + "model_answer")}
		rows(p+"choices.", "id", func(p string) {
			c := lessons.DraftChoice{ID: f(p + "id"), Text: f(p + "text"), Feedback: f(p + "feedback"), Correct: f(p+"correct") == "true", Pin: f(p+"pin") == "true"}
			if c != (lessons.DraftChoice{}) {
				q.Choices = append(q.Choices, c)
			}
		})
		rows(p+"items.", "id", func(p string) {
			if it := (lessons.DraftItem{ID: f(p + "id"), Text: f(p + "text")}); it != (lessons.DraftItem{}) {
				q.Order = append(q.Order, it)
			}
		})
		rows(p+"pairs.", "id", func(p string) {
			if pr := (lessons.DraftPair{ID: f(p + "id"), Left: f(p + "left"), Right: f(p + "right")}); pr != (lessons.DraftPair{}) {
				q.Pairs = append(q.Pairs, pr)
			}
		})
		rows(p+"rubric.", "criterion", func(p string) {
			if c := (lessons.DraftCriterion{Criterion: f(p + "criterion"), Points: f(p + "points")}); c != (lessons.DraftCriterion{}) {
				q.Rubric = append(q.Rubric, c)
			}
		})
		nameRows(q)
		d.Items = append(d.Items, q)
	}
	return d, tooMany
}

// nameRows gives a row the teacher filled but left without an ID one
// (c1, c2 …): IDs keep learners' answers when rows are reworded, and
// most teachers need not think about them.
func nameRows(q *lessons.DraftQuestion) {
	name := func(prefix string, n int, id func(int) *string) {
		taken := map[string]bool{}
		for i := range n {
			taken[*id(i)] = true
		}
		next := 1
		for i := range n {
			if *id(i) != "" {
				continue
			}
			for taken[prefix+strconv.Itoa(next)] {
				next++
			}
			*id(i) = prefix + strconv.Itoa(next)
			taken[*id(i)] = true
		}
	}
	name("c", len(q.Choices), func(i int) *string { return &q.Choices[i].ID })
	name("i", len(q.Order), func(i int) *string { return &q.Order[i].ID })
	name("p", len(q.Pairs), func(i int) *string { return &q.Pairs[i].ID })
}

// valid keeps a list's values that are UTF-8.
func valid(values []string) []string {
	return slices.DeleteFunc(slices.Clone(values), func(v string) bool { return !utf8.ValidString(v) })
}

// words splits a list of slugs or sentence IDs typed with spaces or commas.
func words(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\n' || r == '\t' })
}

// lines splits accepted answers, one a line.
func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// builderOp applies a button other than Save: add a question of a type,
// remove one, move one up or down. It says what went wrong, if anything.
func builderOp(d *lessons.Draft, op, addType string) string {
	if op == "add" {
		if !slices.Contains(lessons.Types, lessons.Type(addType)) {
			return "Choose the type of question to add."
		}
		if len(d.Items) >= maxBuilderQuestions {
			return "A lesson may have up to " + strconv.Itoa(maxBuilderQuestions) + " questions: no question was added."
		}
		d.Items = append(d.Items, &lessons.DraftQuestion{ID: freeQuestionID(d), Type: addType})
		return ""
	}
	verb, n, _ := strings.Cut(op, ".")
	i, err := strconv.Atoi(n)
	if err != nil || i < 0 || i >= len(d.Items) {
		return "That question is no longer there: nothing was changed."
	}
	switch {
	case verb == "remove":
		d.Items = slices.Delete(d.Items, i, i+1)
	case verb == "up" && i > 0:
		d.Items[i-1], d.Items[i] = d.Items[i], d.Items[i-1]
	case verb == "down" && i+1 < len(d.Items):
		d.Items[i+1], d.Items[i] = d.Items[i], d.Items[i+1]
	default:
		return "That button did nothing: nothing was changed."
	}
	return ""
}

// freeQuestionID is a new question's ID, question-N, unused in the draft.
func freeQuestionID(d *lessons.Draft) string {
	for n := len(d.Items) + 1; ; n++ {
		id := "question-" + strconv.Itoa(n)
		if !slices.ContainsFunc(d.Items, func(q *lessons.DraftQuestion) bool { return q.ID == id }) {
			return id
		}
	}
}
