package lessons

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Write turns the draft into a lesson file, in the format of the files
// under lessons/, and says for each line of it (fields[n-1] for line n)
// which of the draft's fields it came from, by the path the builder's
// form names it with: "title", "sources", "glossary.0.term",
// "sections.1.body", "q.2.prompt", "q.2.choices.1.feedback", "q.2" for
// a question's fences. A problem Parse reports at line n concerns
// fields[n-1].
//
// Required fields are written even when empty ("text: """), so that the
// check reports them at their own line; optional ones are left out.
func (d *Draft) Write() (text string, fields []string) {
	w := &fileWriter{}
	w.line("", "---")
	fm := &ymap{}
	fm.text("slug", d.Slug)
	fm.text("title", d.Title)
	fm.text("summary", d.Summary)
	if len(d.Sources) == 1 {
		fm.text("source", d.Sources[0])
	} else {
		fm.set("sources", flow(d.Sources))
	}
	if len(d.Skills) > 0 {
		fm.set("skills", flow(d.Skills))
	}
	if len(d.Glossary) > 0 {
		g := &yaml.Node{Kind: yaml.SequenceNode}
		for _, e := range d.Glossary {
			m := &ymap{}
			m.text("term", e.Term)
			m.text("meaning", e.Meaning)
			g.Content = append(g.Content, &m.n)
		}
		fm.set("glossary", g)
	}
	w.yaml("", fm)
	w.line("", "---")
	for i, s := range d.Sections {
		key := "sections." + strconv.Itoa(i)
		w.line("", "")
		w.line(key+".heading", "## "+oneLine(s.Heading))
		w.line(key+".body", "")
		for _, l := range strings.Split(strings.Trim(s.Body, "\n"), "\n") {
			w.line(key+".body", l)
		}
	}
	w.line("", "")
	w.line("questions", "## Questions")
	for i, q := range d.Items {
		key := "q." + strconv.Itoa(i)
		w.line("questions", "")
		w.line(key+".id", "```question")
		w.yaml(key+".", q.mapping())
		w.line(key, "```")
	}
	w.line("questions", "")
	return strings.Join(w.lines, "\n"), w.fields
}

// mapping is the question's YAML: the common fields, then its type's.
func (q *DraftQuestion) mapping() *ymap {
	m := &ymap{}
	m.text("id", q.ID)
	m.text("type", q.Type)
	m.text("prompt", q.Prompt)
	if len(q.Cites) > 0 {
		m.set("cites", flow(q.Cites))
	}
	switch Type(q.Type) {
	case Single, Multiple:
		m.list("choices", len(q.Choices), func(i int, c *ymap) {
			ch := q.Choices[i]
			c.text("id", ch.ID)
			c.text("text", ch.Text)
			if ch.Correct {
				c.set("correct", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: "true"})
			}
			if ch.Pin {
				c.set("pin", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: "true"})
			}
			c.text("feedback", ch.Feedback)
		})
	case TrueFalse:
		if q.Answer == "true" || q.Answer == "false" {
			m.set("answer", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: q.Answer})
		} else {
			m.text("answer", q.Answer)
		}
	case Short:
		a := &yaml.Node{Kind: yaml.SequenceNode}
		if len(q.Accept) == 0 {
			a.Style = yaml.FlowStyle
		}
		for _, s := range q.Accept {
			a.Content = append(a.Content, textNode(s))
		}
		m.set("accept", a)
	case Ordering:
		m.list("items", len(q.Order), func(i int, c *ymap) {
			c.text("id", q.Order[i].ID)
			c.text("text", q.Order[i].Text)
		})
	case Matching:
		m.list("pairs", len(q.Pairs), func(i int, c *ymap) {
			c.text("id", q.Pairs[i].ID)
			c.text("left", q.Pairs[i].Left)
			c.text("right", q.Pairs[i].Right)
		})
	case Evidence:
		if len(q.Among) > 0 {
			m.set("among", flow(q.Among))
		}
		m.set("evidence", flow(q.Evidence))
		if len(q.Also) > 0 {
			m.set("also", flow(q.Also))
		}
	case Written:
		m.list("rubric", len(q.Rubric), func(i int, c *ymap) {
			c.text("criterion", q.Rubric[i].Criterion)
			c.set("points", numberNode(q.Rubric[i].Points))
		})
		m.text("model_answer", q.ModelAnswer)
	}
	m.text("explanation", q.Explanation)
	if q.Points != "" && Type(q.Type) != Written {
		m.set("points", numberNode(q.Points))
	}
	return m
}

// oneLine keeps a heading on its line: a line break would start the
// section's text.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// ymap builds a YAML mapping in the order its fields are set.
type ymap struct{ n yaml.Node }

func (m *ymap) set(key string, v *yaml.Node) {
	m.n.Kind = yaml.MappingNode
	m.n.Content = append(m.n.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: key}, v)
}

func (m *ymap) text(key, value string) { m.set(key, textNode(value)) }

// list sets key to a list of n mappings, each filled by fill; an empty
// one is written [] so that the check says it is empty, at its line.
func (m *ymap) list(key string, n int, fill func(int, *ymap)) {
	seq := &yaml.Node{Kind: yaml.SequenceNode}
	if n == 0 {
		seq.Style = yaml.FlowStyle
	}
	for i := range n {
		c := &ymap{}
		fill(i, c)
		seq.Content = append(seq.Content, &c.n)
	}
	m.set(key, seq)
}

// textNode is a string as YAML: quoted when it would read as anything
// else (true, 12), a literal block when it has several lines.
func textNode(s string) *yaml.Node {
	var n yaml.Node
	n.Encode(strings.TrimSpace(s)) // a string always encodes
	return &n
}

// numberNode writes points as a number when they are one, else as the
// text typed, for the check to report.
func numberNode(s string) *yaml.Node {
	if _, err := strconv.ParseFloat(s, 64); err == nil {
		return &yaml.Node{Kind: yaml.ScalarNode, Value: s}
	}
	return textNode(s)
}

// flow is a list of IDs on one line: [p9.s1, p10.s2].
func flow(ids []string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
	for _, id := range ids {
		n.Content = append(n.Content, textNode(id))
	}
	return n
}

// fileWriter collects the lines of a file with the field of each.
type fileWriter struct {
	lines  []string
	fields []string
}

func (w *fileWriter) line(field, text string) {
	w.lines = append(w.lines, text)
	w.fields = append(w.fields, field)
}

// yaml writes a mapping, each line marked with the field it belongs to:
// prefix and the field's path ("choices.1.text"). The front matter's
// source and sources are one field, "sources".
func (w *fileWriter) yaml(prefix string, m *ymap) {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(&m.n); err != nil {
		panic(fmt.Sprintf("lessons: a draft's YAML: %v", err)) // nodes of strings always encode
	}
	enc.Close()
	text := strings.TrimSuffix(buf.String(), "\n")
	if len(m.n.Content) == 0 {
		text = ""
	}
	fields := lineFields(text)
	for i, l := range strings.Split(text, "\n") {
		if prefix == "" && fields[i] == "source" {
			fields[i] = "sources"
		}
		w.line(prefix+fields[i], l)
	}
}

// lineFields reads YAML text back and names, for each of its lines, the
// field it belongs to: the deepest field that starts at or before it.
func lineFields(text string) []string {
	n := strings.Count(text, "\n") + 1
	out := make([]string, n)
	var doc yaml.Node
	if yaml.Unmarshal([]byte(text), &doc) != nil || len(doc.Content) == 0 {
		return out
	}
	type start struct {
		line  int
		field string
	}
	var starts []start
	top := doc.Content[0]
	for i := 0; i+1 < len(top.Content); i += 2 {
		k, v := top.Content[i], top.Content[i+1]
		starts = append(starts, start{k.Line, k.Value})
		if v.Kind != yaml.SequenceNode || v.Style == yaml.FlowStyle {
			continue
		}
		for j, item := range v.Content {
			path := k.Value + "." + strconv.Itoa(j)
			starts = append(starts, start{item.Line, path})
			for f := 0; f+1 < len(item.Content) && item.Kind == yaml.MappingNode; f += 2 {
				starts = append(starts, start{item.Content[f].Line, path + "." + item.Content[f].Value})
			}
		}
	}
	slices.SortStableFunc(starts, func(a, b start) int { return a.line - b.line })
	for _, s := range starts {
		for l := s.line - 1; l < n; l++ {
			out[l] = s.field
		}
	}
	return out
}

var missingField = regexp.MustCompile(`has no ([a-z_]+)`)

// ProblemField is the field of the draft a problem concerns, from the
// fields Write returned: the field written at the problem's line, with
// two corrections. A missing field is reported at the first line of
// what lacks it ("the lesson has no skills"): it concerns that field. A
// whole list is reported at its first item's line ("needs at least 2
// choices", naming the question): it concerns the list.
func ProblemField(fields []string, p Problem) string {
	if p.Line < 1 || p.Line > len(fields) {
		return ""
	}
	field := fields[p.Line-1]
	parent := ""
	if i := strings.LastIndexByte(field, '.'); i >= 0 {
		parent = field[:i+1]
	}
	if m := missingField.FindStringSubmatch(p.Msg); m != nil {
		return parent + m[1]
	}
	// "q.0.choices.0.id": the first item's first field shares the list's line.
	if parts := strings.Split(field, "."); len(parts) == 5 && parts[3] == "0" && strings.Contains(p.Msg, `question "`) {
		return strings.Join(parts[:3], ".")
	}
	return field
}
