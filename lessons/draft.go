package lessons

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// A Draft is a lesson file as the lesson builder's forms edit it: every
// field as the author wrote it, as text, whether or not it is valid.
// ReadDraft reads one leniently; Write turns it back into a lesson file
// that Parse checks. Nothing here validates: Parse does, and Write says
// which field each line of the file came from, so that a problem can be
// shown beside that field.
type Draft struct {
	Slug     string
	Title    string
	Summary  string
	Sources  []string
	Skills   []string
	Glossary []DraftTerm
	Sections []DraftSection
	Items    []*DraftQuestion
}

type DraftTerm struct{ Term, Meaning string }

// DraftSection is a reading section: its heading and its Markdown.
type DraftSection struct{ Heading, Body string }

// DraftQuestion holds the fields of every type; Write writes those of its
// Type. Points are text, so that a mistyped number reaches the check.
type DraftQuestion struct {
	ID, Type, Prompt, Explanation, Points string
	Cites                                 []string

	Choices     []DraftChoice    // single, multiple
	Answer      string           // truefalse: "true", "false" or ""
	Accept      []string         // short
	Order       []DraftItem      // ordering, in the right order
	Pairs       []DraftPair      // matching
	Evidence    []string         // evidence: the key
	Also        []string         // evidence
	Among       []string         // evidence: blocks or sentences; none means all
	Rubric      []DraftCriterion // written
	ModelAnswer string           // written
}

type DraftChoice struct {
	ID, Text, Feedback string
	Correct, Pin       bool
}

type DraftItem struct{ ID, Text string }

type DraftPair struct{ ID, Left, Right string }

type DraftCriterion struct{ Criterion, Points string }

// ErrNoFrontMatter: the text has no front matter a form could show.
var ErrNoFrontMatter = errors.New("the lesson file does not start with a front matter between --- lines")

// ReadDraft reads a lesson file into a Draft, keeping whatever it can: a
// draft may be unfinished. It fails only when the front matter or a
// question block is not YAML at all, saying where.
func ReadDraft(text string) (*Draft, error) {
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	if len(lines) == 0 || strings.TrimSpace(lines[0]) != "---" {
		return nil, ErrNoFrontMatter
	}
	end := slices.IndexFunc(lines[1:], func(l string) bool { return strings.TrimSpace(l) == "---" }) + 1
	if end == 0 {
		return nil, ErrNoFrontMatter
	}
	d := &Draft{}
	fm, err := yamlMap(strings.Join(lines[1:end], "\n"), 1)
	if err != nil {
		return nil, fmt.Errorf("front matter: %w", err)
	}
	d.Slug, d.Title, d.Summary = str(fm["slug"]), str(fm["title"]), str(fm["summary"])
	if s := str(fm["source"]); s != "" {
		d.Sources = []string{s}
	}
	d.Sources = append(d.Sources, strs(fm["sources"])...)
	d.Skills = strs(fm["skills"])
	for _, e := range mappings(fm["glossary"]) {
		d.Glossary = append(d.Glossary, DraftTerm{str(e["term"]), str(e["meaning"])})
	}
	return d, d.readBody(lines, end+1)
}

// readBody reads the sections and question blocks as Parse does.
func (d *Draft) readBody(lines []string, start int) error {
	var body []string
	inQuestions, inFence := false, false
	flush := func() {
		if n := len(d.Sections); n > 0 {
			d.Sections[n-1].Body = strings.Trim(strings.Join(body, "\n"), "\n")
		}
		body = nil
	}
	for i := start; i < len(lines); i++ {
		line, trimmed := lines[i], strings.TrimSpace(lines[i])
		switch {
		case inFence:
			inFence = !strings.HasPrefix(trimmed, "```")
			body = append(body, line)
		case strings.HasPrefix(trimmed, "```question"):
			end := slices.IndexFunc(lines[i+1:], func(l string) bool { return strings.TrimSpace(l) == "```" })
			if end < 0 {
				return fmt.Errorf("line %d: the question block opened here is never closed with ```", i+1)
			}
			q, err := readQuestion(strings.Join(lines[i+1:i+1+end], "\n"), i+1)
			if err != nil {
				return err
			}
			d.Items = append(d.Items, q)
			i += 1 + end
		case inQuestions:
		case strings.EqualFold(trimmed, "## Questions"):
			flush()
			inQuestions = true
		case strings.HasPrefix(line, "## "):
			flush()
			d.Sections = append(d.Sections, DraftSection{Heading: strings.TrimSpace(line[3:])})
		case len(d.Sections) > 0:
			inFence = strings.HasPrefix(trimmed, "```")
			body = append(body, line)
		}
	}
	if !inQuestions {
		flush()
	}
	return nil
}

func readQuestion(text string, fence int) (*DraftQuestion, error) {
	m, err := yamlMap(text, fence)
	if err != nil {
		return nil, err
	}
	q := &DraftQuestion{ID: str(m["id"]), Type: str(m["type"]), Prompt: str(m["prompt"]),
		Explanation: str(m["explanation"]), Points: str(m["points"]), Cites: strs(m["cites"]),
		Answer: str(m["answer"]), Accept: strs(m["accept"]), Evidence: strs(m["evidence"]),
		Also: strs(m["also"]), Among: strs(m["among"]), ModelAnswer: str(m["model_answer"])}
	for _, c := range mappings(m["choices"]) {
		q.Choices = append(q.Choices, DraftChoice{ID: str(c["id"]), Text: str(c["text"]), Feedback: str(c["feedback"]),
			Correct: str(c["correct"]) == "true", Pin: str(c["pin"]) == "true"})
	}
	for _, it := range mappings(m["items"]) {
		q.Order = append(q.Order, DraftItem{str(it["id"]), str(it["text"])})
	}
	for _, p := range mappings(m["pairs"]) {
		q.Pairs = append(q.Pairs, DraftPair{str(p["id"]), str(p["left"]), str(p["right"])})
	}
	for _, c := range mappings(m["rubric"]) {
		q.Rubric = append(q.Rubric, DraftCriterion{str(c["criterion"]), str(c["points"])})
	}
	return q, nil
}

// yamlMap reads a YAML mapping's fields; anything that is not one reads
// as no fields. first is the file line before the fragment, for messages.
func yamlMap(text string, first int) (map[string]*yaml.Node, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(text), &doc); err != nil {
		line, msg := yamlErrorLine(err)
		return nil, fmt.Errorf("line %d: YAML: %s", first+line, msg)
	}
	if len(doc.Content) == 0 {
		return map[string]*yaml.Node{}, nil
	}
	return fieldsOf(doc.Content[0]), nil
}

func fieldsOf(n *yaml.Node) map[string]*yaml.Node {
	m := map[string]*yaml.Node{}
	if n == nil || n.Kind != yaml.MappingNode {
		return m
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if _, seen := m[n.Content[i].Value]; !seen {
			m[n.Content[i].Value] = n.Content[i+1]
		}
	}
	return m
}

// str is a scalar's text; a list or mapping reads as "".
func str(n *yaml.Node) string {
	if n == nil || n.Kind != yaml.ScalarNode {
		return ""
	}
	return strings.TrimSpace(n.Value)
}

// strs is a list's scalars; a lone value reads as a list of one.
func strs(n *yaml.Node) []string {
	if n == nil {
		return nil
	}
	if n.Kind == yaml.ScalarNode {
		if s := str(n); s != "" {
			return []string{s}
		}
		return nil
	}
	var out []string
	for _, c := range n.Content {
		if s := str(c); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func mappings(n *yaml.Node) []map[string]*yaml.Node {
	if n == nil || n.Kind != yaml.SequenceNode {
		return nil
	}
	var out []map[string]*yaml.Node
	for _, c := range n.Content {
		out = append(out, fieldsOf(c))
	}
	return out
}
