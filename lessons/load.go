package lessons

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/ciphergram/ciphergram/seeds"
)

// MaxQuestions bounds a lesson's questions: a lesson file may come from
// any teacher, and every question is graded and shown on one page.
const MaxQuestions = 100

// A Problem is one mistake in a lesson file, at a line.
type Problem struct {
	File string
	Line int
	Msg  string
}

func (p Problem) String() string { return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Msg) }

// Problems is every mistake found, in file and line order.
type Problems []Problem

func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// Load reads every *.md lesson file at the top of fsys, in name order, and
// validates them all against the built-in sources (seeds). It returns
// Problems listing every mistake in every file, not just the first.
func Load(fsys fs.FS) (*Unit, error) {
	return LoadSources(fsys, seeds.All())
}

// LoadSources is Load with the documents the lessons may cite.
func LoadSources(fsys fs.FS, docs []*seeds.Document) (*Unit, error) {
	names, err := fs.Glob(fsys, "*.md")
	if err != nil {
		return nil, err
	}
	names = slices.DeleteFunc(names, func(n string) bool { return strings.EqualFold(n, "README.md") })
	var probs Problems
	u := &Unit{Sources: docs}
	slugs := map[string]string{}
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		l, ps := parseWith(name, data, docs)
		probs = append(probs, ps...)
		if l == nil {
			continue
		}
		if other, dup := slugs[l.Slug]; dup && l.Slug != "" {
			probs = append(probs, Problem{name, 2, fmt.Sprintf("slug %q is already used by %s", l.Slug, other)})
		}
		slugs[l.Slug] = name
		u.Lessons = append(u.Lessons, l)
	}
	if len(names) == 0 {
		probs = append(probs, Problem{".", 0, "no lesson files (*.md) found"})
	}
	if len(probs) > 0 {
		sortProblems(probs)
		return nil, probs
	}
	return u, nil
}

func sortProblems(probs Problems) {
	slices.SortStableFunc(probs, func(a, b Problem) int {
		if c := strings.Compare(a.File, b.File); c != 0 {
			return c
		}
		return a.Line - b.Line
	})
}

// fileParser reads one lesson file and collects its problems.
type fileParser struct {
	file   string
	docs   []*seeds.Document // the sources a lesson may list
	probs  Problems
	lesson *Lesson
}

func (p *fileParser) errorf(line int, format string, args ...any) {
	p.probs = append(p.probs, Problem{p.file, line, fmt.Sprintf(format, args...)})
}

var (
	slugPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	idPattern   = slugPattern
	citePattern = regexp.MustCompile(`\[\[([^\]]*)\]\]`)
)

func parseFile(name string, data []byte) (*Lesson, Problems) {
	return parseWith(name, data, seeds.All())
}

// Parse reads and checks one lesson file against the documents it may
// list: a teacher's lesson, kept as text, is read as a built-in file is.
// The lesson is nil only when the file has no front matter to read.
func Parse(name string, data []byte, docs []*seeds.Document) (*Lesson, Problems) {
	return parseWith(name, data, docs)
}

func parseWith(name string, data []byte, docs []*seeds.Document) (*Lesson, Problems) {
	sum := sha256.Sum256(data)
	p := &fileParser{file: path.Base(name), docs: docs}
	p.lesson = &Lesson{File: p.file, Hash: hex.EncodeToString(sum[:8])}
	lines := strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n")

	if len(lines) == 0 || strings.TrimSpace(lines[0]) != "---" {
		p.errorf(1, "a lesson file starts with a line --- that opens its front matter")
		return nil, p.probs
	}
	end := slices.IndexFunc(lines[1:], func(l string) bool { return strings.TrimSpace(l) == "---" })
	if end < 0 {
		p.errorf(1, "the front matter opened here is never closed with a line ---")
		return nil, p.probs
	}
	end++ // index in lines
	p.frontMatter(strings.Join(lines[1:end], "\n"), 1)
	p.body(lines, end+1)
	return p.lesson, p.probs
}

// parseYAML parses a YAML fragment whose first line is line first+1 of the
// file, and returns its top node with a decoder that reports file lines.
func (p *fileParser) parseYAML(text string, first int) (*yaml.Node, *decoder) {
	d := &decoder{p: p, base: first}
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(text), &doc); err != nil {
		line, msg := yamlErrorLine(err)
		p.errorf(first+line, "YAML: %s", msg)
		return nil, d
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		p.errorf(first+1, "empty: expected fields (key: value)")
		return nil, d
	}
	return doc.Content[0], d
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

func yamlErrorLine(err error) (int, string) {
	msg := err.Error()
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		var n int
		fmt.Sscan(m[1], &n)
		return n, m[2]
	}
	return 1, strings.TrimPrefix(msg, "yaml: ")
}

func (p *fileParser) frontMatter(text string, first int) {
	n, d := p.parseYAML(text, first)
	if n == nil {
		return
	}
	l := p.lesson
	m := d.fields(n, "the front matter", "slug", "title", "summary", "source", "sources", "skills", "glossary")
	if m == nil {
		return
	}
	top := d.line(n)
	l.Slug = d.required(m, "slug", top, "the lesson")
	if l.Slug != "" && !slugPattern.MatchString(l.Slug) {
		p.errorf(d.line(m["slug"]), "slug %q: use lower-case letters, digits and single hyphens", l.Slug)
	}
	l.Title = d.required(m, "title", top, "the lesson")
	l.Summary = d.required(m, "summary", top, "the lesson")
	p.sources(d, m, top)
	if m["skills"] == nil {
		p.errorf(top, "the lesson has no skills (any of: %s)", strings.Join(Skills, ", "))
	} else {
		for _, s := range d.list(m["skills"], "skills") {
			skill := d.text(s, "a skill")
			if !slices.Contains(Skills, skill) {
				p.errorf(d.line(s), "unknown skill %q (known: %s)", skill, strings.Join(Skills, ", "))
				continue
			}
			l.Skills = append(l.Skills, skill)
		}
	}
	if m["glossary"] != nil {
		for _, e := range d.list(m["glossary"], "glossary") {
			f := d.fields(e, "a glossary entry", "term", "meaning")
			if f == nil {
				continue
			}
			l.Glossary = append(l.Glossary, GlossaryEntry{
				Term:    d.required(f, "term", d.line(e), "a glossary entry"),
				Meaning: d.required(f, "meaning", d.line(e), "a glossary entry"),
			})
		}
	}
}

// body reads the reading sections and, after "## Questions", the question
// blocks. start is the index in lines of the first body line.
func (p *fileParser) body(lines []string, start int) {
	type section struct {
		heading string
		line    int
		text    []string
	}
	var sections []*section
	inQuestions, inFence, sawQuestions := false, false, false
	ids := map[string]int{} // question ID → line, for duplicates
	for i := start; i < len(lines); i++ {
		line, ln := lines[i], i+1
		trimmed := strings.TrimSpace(line)
		switch {
		case inFence:
			if strings.HasPrefix(trimmed, "```") {
				inFence = false
			}
			sections[len(sections)-1].text = append(sections[len(sections)-1].text, line)
		case strings.HasPrefix(trimmed, "```question"):
			if !inQuestions {
				p.errorf(ln, "a question block must come after the ## Questions heading")
			}
			close := slices.IndexFunc(lines[i+1:], func(l string) bool { return strings.TrimSpace(l) == "```" })
			if close < 0 {
				p.errorf(ln, "the question block opened here is never closed with ```")
				return
			}
			close += i + 1
			if len(p.lesson.Questions) == MaxQuestions {
				p.errorf(ln, "a lesson may have up to %d questions: make two lessons of this one", MaxQuestions)
				return
			}
			if q := p.question(strings.Join(lines[i+1:close], "\n"), i+1, ln); q != nil {
				if prev, dup := ids[q.ID]; dup && q.ID != "" {
					p.errorf(ln, "duplicate question ID %q (also at line %d)", q.ID, prev)
				}
				ids[q.ID] = ln
				p.lesson.Questions = append(p.lesson.Questions, q)
			}
			i = close
		case inQuestions:
			if trimmed != "" {
				p.errorf(ln, "only ```question blocks may follow the ## Questions heading")
			}
		case strings.EqualFold(trimmed, "## Questions"):
			inQuestions, sawQuestions = true, true
		case strings.HasPrefix(line, "## "):
			sections = append(sections, &section{heading: strings.TrimSpace(line[3:]), line: ln})
		case len(sections) == 0:
			if trimmed != "" {
				p.errorf(ln, "text before the first ## section heading")
			}
		default:
			if strings.HasPrefix(trimmed, "```") {
				inFence = true
			}
			sections[len(sections)-1].text = append(sections[len(sections)-1].text, line)
		}
	}
	if len(sections) == 0 {
		p.errorf(start+1, "the lesson has no reading section (a ## heading and text)")
	}
	if !sawQuestions {
		p.errorf(len(lines), "the lesson has no ## Questions heading")
	} else if len(p.lesson.Questions) == 0 {
		p.errorf(len(lines), "the lesson has no questions")
	}
	for _, s := range sections {
		text := strings.Join(s.text, "\n")
		if strings.TrimSpace(text) == "" {
			p.errorf(s.line, "section %q has no text", s.heading)
		}
		sec := Section{Heading: s.heading}
		for j, l := range s.text {
			for _, m := range citePattern.FindAllStringSubmatch(l, -1) {
				ref, ok := p.sentenceRef(s.line+1+j, strings.TrimSpace(m[1]))
				if ok && !slices.Contains(sec.Cites, ref) {
					sec.Cites = append(sec.Cites, ref)
				}
			}
		}
		sec.HTML = p.markdown(text)
		p.lesson.Sections = append(p.lesson.Sections, sec)
	}
}

// checkBareCites reports sentence IDs mentioned in prose, like "(p9.s1)"
// or "(slug:p2.s1)", that the lesson's sources do not have.
func (p *fileParser) checkBareCites(line int, text string) {
	for _, ref := range bareCite.FindAllString(text, -1) {
		p.sentenceRef(line, ref)
	}
}

func (p *fileParser) markdown(text string) (html template.HTML) {
	return renderMarkdown(text, p.lesson)
}

// decoder reads YAML nodes, reporting mistakes at their file lines.
type decoder struct {
	p    *fileParser
	base int // file line of the fragment's line 0
}

func (d *decoder) line(n *yaml.Node) int { return d.base + n.Line }

// fields returns a mapping's values by key, reporting unknown and
// repeated keys. It returns nil if n is not a mapping.
func (d *decoder) fields(n *yaml.Node, what string, allowed ...string) map[string]*yaml.Node {
	if n.Kind != yaml.MappingNode {
		d.p.errorf(d.line(n), "%s must be a set of fields (key: value)", what)
		return nil
	}
	m := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		switch {
		case !slices.Contains(allowed, k.Value):
			d.p.errorf(d.line(k), "unknown field %q in %s (allowed: %s)", k.Value, what, strings.Join(allowed, ", "))
		case m[k.Value] != nil:
			d.p.errorf(d.line(k), "field %q is given twice in %s", k.Value, what)
		default:
			m[k.Value] = v
		}
	}
	return m
}

// text returns a scalar's value; anything else is reported.
func (d *decoder) text(n *yaml.Node, what string) string {
	if n.Kind != yaml.ScalarNode {
		d.p.errorf(d.line(n), "%s must be text, not a list or a set of fields", what)
		return ""
	}
	return strings.TrimSpace(n.Value)
}

// required returns m[key] as text, reporting it at line when missing or empty.
func (d *decoder) required(m map[string]*yaml.Node, key string, line int, what string) string {
	n := m[key]
	if n == nil {
		d.p.errorf(line, "%s has no %s", what, key)
		return ""
	}
	s := d.text(n, key)
	if s == "" && n.Kind == yaml.ScalarNode {
		d.p.errorf(d.line(n), "%s has an empty %s", what, key)
	}
	return s
}

// list returns a sequence's items; a lone value is reported.
func (d *decoder) list(n *yaml.Node, what string) []*yaml.Node {
	if n.Kind != yaml.SequenceNode {
		d.p.errorf(d.line(n), "%s must be a list", what)
		return nil
	}
	return n.Content
}

func (d *decoder) boolean(n *yaml.Node, what string) bool {
	var b bool
	if n.Kind != yaml.ScalarNode || n.Decode(&b) != nil {
		d.p.errorf(d.line(n), "%s must be true or false", what)
	}
	return b
}

func (d *decoder) number(n *yaml.Node, what string) float64 {
	var f float64
	if n.Kind != yaml.ScalarNode || n.Decode(&f) != nil || f <= 0 || f > 100 {
		d.p.errorf(d.line(n), "%s must be a number from above 0 to 100", what)
		return 0
	}
	return f
}
