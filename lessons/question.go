package lessons

import (
	"fmt"
	"html/template"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// commonFields are allowed in every question; typeFields adds each type's own.
var commonFields = []string{"id", "type", "prompt", "cites", "explanation", "points"}

var typeFields = map[Type][]string{
	Single:    {"choices"},
	Multiple:  {"choices"},
	TrueFalse: {"answer"},
	Short:     {"accept"},
	Ordering:  {"items"},
	Matching:  {"pairs"},
	Evidence:  {"evidence", "also", "among"},
	Written:   {"rubric", "model_answer"},
}

// question parses one ```question block. first is the index in the file's
// lines of the block's first YAML line; fence is the fence's line number.
func (p *fileParser) question(text string, first, fence int) *Question {
	n, d := p.parseYAML(text, first)
	if n == nil {
		return nil
	}
	// The type decides which fields are allowed, so read it first.
	typ := Type("")
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == "type" {
				typ = Type(n.Content[i+1].Value)
			}
		}
	}
	allowed := slices.Clone(commonFields)
	if extra, known := typeFields[typ]; known {
		allowed = append(allowed, extra...)
	} else {
		for _, t := range Types { // unknown type: don't also call its fields unknown
			allowed = append(allowed, typeFields[t]...)
		}
	}
	m := d.fields(n, fmt.Sprintf("a %s question", typ), allowed...)
	if m == nil {
		return nil
	}
	q := &Question{Line: fence, Points: 1}
	top := d.line(n)
	q.ID = d.required(m, "id", top, "the question")
	what := fmt.Sprintf("question %q", q.ID)
	if q.ID != "" && !idPattern.MatchString(q.ID) {
		p.errorf(d.line(m["id"]), "question ID %q: use lower-case letters, digits and single hyphens", q.ID)
	}
	if t := d.required(m, "type", top, what); t != "" {
		q.Type = Type(t)
		if !slices.Contains(Types, q.Type) {
			p.errorf(d.line(m["type"]), "unknown question type %q (known: %s)", t, typeList())
		}
	}
	q.Prompt = p.prose(d, m, "prompt", top, what)
	q.Explanation = p.prose(d, m, "explanation", top, what)
	if m["cites"] != nil {
		q.Cites = p.sentenceList(d, m["cites"], "cites")
	}
	if m["points"] != nil {
		q.Points = d.number(m["points"], "points")
	}

	switch q.Type {
	case Single, Multiple:
		p.choices(d, m, q, top, what)
	case TrueFalse:
		if m["answer"] == nil {
			p.errorf(top, "%s has no answer (true or false)", what)
		} else {
			q.Answer = d.boolean(m["answer"], "answer")
		}
	case Short:
		if m["accept"] == nil {
			p.errorf(top, "%s has no accept list of accepted answers", what)
			break
		}
		for _, a := range d.list(m["accept"], "accept") {
			s := d.text(a, "an accepted answer")
			if normalize(s) == "" {
				p.errorf(d.line(a), "accepted answer %q is empty once punctuation and spaces are ignored", s)
				continue
			}
			q.Accept = append(q.Accept, s)
		}
		if len(q.Accept) == 0 {
			p.errorf(d.line(m["accept"]), "%s accepts no answer", what)
		}
	case Ordering:
		p.items(d, m, q, top, what)
	case Matching:
		p.pairs(d, m, q, top, what)
	case Evidence:
		p.evidence(d, m, q, top, what)
	case Written:
		p.rubric(d, m, q, top, what)
	}
	return q
}

func typeList() string {
	s := make([]string, len(Types))
	for i, t := range Types {
		s[i] = string(t)
	}
	return strings.Join(s, ", ")
}

// prose reads a required Markdown field, checks the sentence IDs it
// mentions and renders it.
func (p *fileParser) prose(d *decoder, m map[string]*yaml.Node, key string, line int, what string) template.HTML {
	s := d.required(m, key, line, what)
	if s == "" {
		return ""
	}
	p.checkBareCites(d.line(m[key]), s)
	return p.markdown(s)
}

// sentenceList reads a list of sentence IDs, reporting unknown ones.
func (p *fileParser) sentenceList(d *decoder, n *yaml.Node, what string) []string {
	var ids []string
	for _, item := range d.list(n, what) {
		id, ok := p.sentenceRef(d.line(item), d.text(item, "a sentence ID"))
		if ok {
			if slices.Contains(ids, id) {
				p.errorf(d.line(item), "sentence %s is listed twice in %s", id, what)
				continue
			}
			ids = append(ids, id)
		}
	}
	return ids
}

// uniqueID checks an author-written ID within one question.
func (p *fileParser) uniqueID(d *decoder, f map[string]*yaml.Node, line int, what string, seen map[string]bool) string {
	id := d.required(f, "id", line, what)
	switch {
	case id == "":
	case !idPattern.MatchString(id):
		p.errorf(line, "ID %q: use lower-case letters, digits and single hyphens", id)
	case seen[id]:
		p.errorf(line, "duplicate ID %q in %s", id, what)
	}
	seen[id] = true
	return id
}

func (p *fileParser) choices(d *decoder, m map[string]*yaml.Node, q *Question, top int, what string) {
	if m["choices"] == nil {
		p.errorf(top, "%s has no choices", what)
		return
	}
	seen := map[string]bool{}
	correct, pinned := 0, 0
	for _, c := range d.list(m["choices"], "choices") {
		f := d.fields(c, "a choice", "id", "text", "correct", "feedback", "pin")
		if f == nil {
			continue
		}
		line := d.line(c)
		ch := Choice{ID: p.uniqueID(d, f, line, what, seen), Text: d.required(f, "text", line, "the choice")}
		if f["correct"] != nil {
			ch.Correct = d.boolean(f["correct"], "correct")
		}
		if ch.Correct {
			correct++
		}
		if f["pin"] != nil {
			ch.Pin = d.boolean(f["pin"], "pin")
		}
		if ch.Pin {
			pinned++
		}
		ch.Feedback = p.prose(d, f, "feedback", line, fmt.Sprintf("choice %q", ch.ID))
		q.Choices = append(q.Choices, ch)
	}
	line := d.line(m["choices"])
	if len(q.Choices) < 2 {
		p.errorf(line, "%s needs at least 2 choices, has %d", what, len(q.Choices))
	}
	if pinned > 0 && len(q.Choices)-pinned < 2 {
		p.errorf(line, "%s pins %d of its %d choices: at least 2 must be left unpinned, or every learner sees the same order", what, pinned, len(q.Choices))
	}
	switch {
	case q.Type == Single && correct != 1:
		p.errorf(line, "%s is single choice: exactly one choice must be correct: true, not %d", what, correct)
	case q.Type == Multiple && correct == 0:
		p.errorf(line, "%s has no choice marked correct: true", what)
	}
}

func (p *fileParser) items(d *decoder, m map[string]*yaml.Node, q *Question, top int, what string) {
	if m["items"] == nil {
		p.errorf(top, "%s has no items (listed in the right order)", what)
		return
	}
	seen := map[string]bool{}
	for _, it := range d.list(m["items"], "items") {
		f := d.fields(it, "an item", "id", "text")
		if f == nil {
			continue
		}
		line := d.line(it)
		q.Items = append(q.Items, Item{ID: p.uniqueID(d, f, line, what, seen), Text: d.required(f, "text", line, "the item")})
	}
	if len(q.Items) < 2 {
		p.errorf(d.line(m["items"]), "%s is an ordering question with %d item: it needs at least 2", what, len(q.Items))
	}
}

func (p *fileParser) pairs(d *decoder, m map[string]*yaml.Node, q *Question, top int, what string) {
	if m["pairs"] == nil {
		p.errorf(top, "%s has no pairs", what)
		return
	}
	seen := map[string]bool{}
	rights := map[string]bool{}
	for _, it := range d.list(m["pairs"], "pairs") {
		f := d.fields(it, "a pair", "id", "left", "right")
		if f == nil {
			continue
		}
		line := d.line(it)
		pr := Pair{ID: p.uniqueID(d, f, line, what, seen),
			Left: d.required(f, "left", line, "the pair"), Right: d.required(f, "right", line, "the pair")}
		if rights[pr.Right] {
			p.errorf(line, "two pairs have the same right-hand side %q", pr.Right)
		}
		rights[pr.Right] = true
		q.Pairs = append(q.Pairs, pr)
	}
	if len(q.Pairs) < 2 {
		p.errorf(d.line(m["pairs"]), "%s is a matching question with %d pair: it needs at least 2", what, len(q.Pairs))
	}
}

func (p *fileParser) evidence(d *decoder, m map[string]*yaml.Node, q *Question, top int, what string) {
	if m["evidence"] == nil {
		p.errorf(top, "%s has no evidence list (write evidence: [] if no sentence supports the claim)", what)
		return
	}
	q.Key = p.sentenceList(d, m["evidence"], "evidence")
	if m["also"] != nil {
		q.Also = p.sentenceList(d, m["also"], "also")
	}
	for _, id := range q.Also {
		if slices.Contains(q.Key, id) {
			p.errorf(d.line(m["also"]), "sentence %s is in both evidence and also", id)
		}
	}
	for _, id := range q.Cites {
		if slices.Contains(q.Key, id) || slices.Contains(q.Also, id) {
			p.errorf(d.line(m["cites"]), "cites lists %s, which is part of the answer: the page would give it away (the answer is shown after answering anyway)", id)
		}
	}
	if p.lesson.Source == nil {
		return // the unknown source is reported already
	}
	if m["among"] == nil {
		q.Among = p.lesson.allRefs(func(string) bool { return true })
	} else {
		q.Among = p.among(d, m["among"])
	}
	for _, id := range append(slices.Clone(q.Key), q.Also...) {
		if !slices.Contains(q.Among, id) {
			p.errorf(d.line(m["evidence"]), "sentence %s is part of the answer but not among the sentences offered", id)
		}
	}
}

func (p *fileParser) rubric(d *decoder, m map[string]*yaml.Node, q *Question, top int, what string) {
	q.ModelAnswer = p.prose(d, m, "model_answer", top, what)
	if m["rubric"] == nil {
		p.errorf(top, "%s has no rubric", what)
		return
	}
	q.Points = 0
	for _, c := range d.list(m["rubric"], "rubric") {
		f := d.fields(c, "a rubric criterion", "criterion", "points")
		if f == nil {
			continue
		}
		line := d.line(c)
		cr := Criterion{Criterion: d.required(f, "criterion", line, "the rubric criterion")}
		if f["points"] == nil {
			p.errorf(line, "the rubric criterion has no points")
		} else {
			cr.Points = d.number(f["points"], "points")
		}
		q.Points += cr.Points
		q.Rubric = append(q.Rubric, cr)
	}
	if len(q.Rubric) == 0 {
		p.errorf(d.line(m["rubric"]), "%s has an empty rubric", what)
	}
	if m["points"] != nil {
		p.errorf(d.line(m["points"]), "a written question is worth the sum of its rubric's points: leave out points")
	}
}
