package web

import (
	"slices"
	"strconv"
	"strings"

	"github.com/ciphergram/ciphergram/lessons"
	"github.com/ciphergram/ciphergram/seeds"
	"github.com/ciphergram/ciphergram/templates"
)

// question builds one question's fieldset: the fields every question
// has, then its type's.
func (b *builderView) question(i int, q *lessons.DraftQuestion, d *lessons.Draft, docs []*seeds.Document) templates.BuilderQuestion {
	p := "q." + strconv.Itoa(i) + "."
	t := lessons.Type(q.Type)
	v := templates.BuilderQuestion{Index: i, Name: "q." + strconv.Itoa(i), Type: q.Type, Error: b.err("q." + strconv.Itoa(i)),
		Legend: "Question " + strconv.Itoa(i+1) + ": " + typeLabels[t]}
	prompt := b.field(p+"prompt", "Prompt", "area", q.Prompt)
	if t == lessons.Evidence {
		prompt.Hint = "State the claim, and ask which sentences support it."
	}
	v.Fields = []templates.BuilderField{
		b.hinted(b.field(p+"id", "Question ID", "text", q.ID), "Lower-case letters, digits and hyphens. Learners' answers are kept under it: keep it once they have answered."),
		prompt,
		b.hinted(b.field(p+"cites", "Sentences shown with the question", "text", strings.Join(q.Cites, " ")), "Sentence IDs, such as p9.s1 or slug:p2.s1, separated by spaces. Optional."),
	}
	switch t {
	case lessons.Single, lessons.Multiple:
		hint := "Mark the right answer correct. Pin a choice (such as “None of these”) to keep it in its place when the others are shuffled. Leave a row empty to remove it."
		if t == lessons.Multiple {
			hint = strings.Replace(hint, "the right answer", "every right answer", 1)
		}
		v.Lists = append(v.Lists, b.list(p+"choices", "Choices", hint, len(q.Choices), 2, func(j int, rp string) (string, []templates.BuilderField) {
			c := at(q.Choices, j)
			correct, pin := b.field(rp+"correct", "Correct", "check", ""), b.field(rp+"pin", "Pinned in its place", "check", "")
			correct.Checked, pin.Checked = c.Correct, c.Pin
			return "Choice " + strconv.Itoa(j+1), []templates.BuilderField{b.field(rp+"text", "Text", "text", c.Text), correct, pin,
				b.hinted(b.field(rp+"feedback", "Feedback", "area", c.Feedback), "Shown to a learner who picks it."), b.rowID(rp, c.ID)}
		}))
	case lessons.TrueFalse:
		answer := b.field(p+"answer", "The statement is", "select", q.Answer)
		answer.Options = []templates.BuilderOption{{Value: "", Label: "(choose)"}, {Value: "true", Label: "true"}, {Value: "false", Label: "false"}}
		v.Fields = append(v.Fields, answer)
	case lessons.Short:
		accept := b.hinted(b.field(p+"accept", "Accepted answers", "area", strings.Join(q.Accept, "\n")),
			"One a line. Case, punctuation and spacing are ignored when comparing.")
		v.Fields = append(v.Fields, accept)
	case lessons.Ordering:
		v.Lists = append(v.Lists, b.list(p+"items", "Items, in the right order", "Learners see them shuffled. Leave a row empty to remove it.", len(q.Order), 2,
			func(j int, rp string) (string, []templates.BuilderField) {
				it := at(q.Order, j)
				return "Item " + strconv.Itoa(j+1), []templates.BuilderField{b.field(rp+"text", "Text", "text", it.Text), b.rowID(rp, it.ID)}
			}))
	case lessons.Matching:
		v.Lists = append(v.Lists, b.list(p+"pairs", "Pairs", "Each left side matches its right side; learners see the right sides shuffled. Leave a row empty to remove it.", len(q.Pairs), 2,
			func(j int, rp string) (string, []templates.BuilderField) {
				pr := at(q.Pairs, j)
				return "Pair " + strconv.Itoa(j+1), []templates.BuilderField{b.field(rp+"left", "Left", "text", pr.Left), b.field(rp+"right", "Right", "text", pr.Right), b.rowID(rp, pr.ID)}
			}))
	case lessons.Evidence:
		v.Fields = append(v.Fields, b.hinted(b.field(p+"among", "Offer only these blocks or sentences", "text", strings.Join(q.Among, " ")),
			"Such as p13 p14 slug:p3, separated by spaces. Empty: every sentence of the lesson's sources."))
		v.Picker = b.picker(v.Name, q, d, docs)
	case lessons.Written:
		v.Lists = append(v.Lists, b.list(p+"rubric", "Rubric", "What earns points; the question is worth their sum. Leave a row empty to remove it.", len(q.Rubric), 1,
			func(j int, rp string) (string, []templates.BuilderField) {
				c := at(q.Rubric, j)
				return "Criterion " + strconv.Itoa(j+1), []templates.BuilderField{b.field(rp+"criterion", "Criterion", "text", c.Criterion), b.field(rp+"points", "Points", "text", c.Points)}
			}))
		v.Fields = append(v.Fields, b.hinted(b.field(p+"model_answer", "Model answer", "area", q.ModelAnswer), "Shown after answering, and to self-study learners who assess themselves."))
	}
	v.After = append(v.After, b.hinted(b.field(p+"explanation", "Explanation", "area", q.Explanation), "Shown after answering: why the answer is right, citing sentences."))
	if t != lessons.Written {
		v.After = append(v.After, b.hinted(b.field(p+"points", "Points", "text", q.Points), "What it is worth; empty means 1."))
	}
	return v
}

// rowID is a row's ID: filled in for the teacher when left empty.
func (b *builderView) rowID(prefix, id string) templates.BuilderField {
	return b.hinted(b.field(prefix+"id", "ID", "text", id), "Kept with learners' answers; filled in if left empty.")
}

// picker lists the sentences of the sources the draft names, each to tick
// as evidence or also; refs ticked that none of them has are listed
// after, so that nothing ticked is lost and the check can name them.
func (b *builderView) picker(name string, q *lessons.DraftQuestion, d *lessons.Draft, docs []*seeds.Document) *templates.BuilderPicker {
	p := &templates.BuilderPicker{Name: name, EvidenceError: b.err(name + ".evidence"), AlsoError: b.err(name + ".also")}
	shown := map[string]bool{}
	for i, slug := range d.Sources {
		j := slices.IndexFunc(docs, func(doc *seeds.Document) bool { return doc.Slug == slug })
		if j < 0 || slices.Index(d.Sources, slug) < i {
			continue
		}
		src := templates.BuilderPickSource{Title: docs[j].Title}
		for _, s := range docs[j].Sentences() {
			ref := s.ID
			if i > 0 {
				ref = slug + ":" + s.ID
			}
			shown[ref] = true
			src.Sentences = append(src.Sentences, templates.BuilderPick{Ref: ref, Text: s.Text,
				Evidence: slices.Contains(q.Evidence, ref), Also: slices.Contains(q.Also, ref)})
		}
		p.Sources = append(p.Sources, src)
	}
	other := templates.BuilderPickSource{Title: "Ticked, but not in the lesson's sources"}
	for _, ref := range append(slices.Clone(q.Evidence), q.Also...) {
		if !shown[ref] {
			shown[ref] = true
			other.Sentences = append(other.Sentences, templates.BuilderPick{Ref: ref,
				Evidence: slices.Contains(q.Evidence, ref), Also: slices.Contains(q.Also, ref)})
		}
	}
	if len(other.Sentences) > 0 {
		p.Sources = append(p.Sources, other)
	}
	return p
}
