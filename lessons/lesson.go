// Package lessons holds the built-in lesson files and everything about
// them that needs no web page: the model, the loader and validator, and the
// grader, a pure function of a question and an answer.
package lessons

import (
	"embed"
	"html/template"
	"os"
	"slices"

	"github.com/ciphergram/ciphergram/seeds"
)

// Files is the built-in unit, embedded so the binary needs nothing on disk.
//
//go:embed [0-9]*.md
var Files embed.FS

// Skills a lesson can train: the four habits of reading a source.
var Skills = []string{"sourcing", "contextualization", "close reading", "corroboration"}

// A Unit is an ordered set of lessons, each on a source document.
type Unit struct {
	Lessons []*Lesson
	Sources []*seeds.Document // the documents its lessons may list
}

// Lesson returns the lesson with the given slug.
func (u *Unit) Lesson(slug string) (*Lesson, bool) {
	i := slices.IndexFunc(u.Lessons, func(l *Lesson) bool { return l.Slug == slug })
	if i < 0 {
		return nil, false
	}
	return u.Lessons[i], true
}

// Next returns the lesson after l in the unit, or nil after the last.
func (u *Unit) Next(l *Lesson) *Lesson {
	i := slices.Index(u.Lessons, l)
	if i < 0 || i+1 >= len(u.Lessons) {
		return nil
	}
	return u.Lessons[i+1]
}

// A Lesson is one file of lessons/.
type Lesson struct {
	File      string // file name, for messages
	Hash      string // of the file's bytes: attempts record which version they answered
	Slug      string
	Title     string
	Summary   string
	Source    *seeds.Document   // the first of Sources: a bare sentence ID means one of its
	Sources   []*seeds.Document // in the order the front matter lists them
	Skills    []string
	Glossary  []GlossaryEntry
	Sections  []Section
	Questions []*Question
}

// Question returns the question with the given ID.
func (l *Lesson) Question(id string) (*Question, bool) {
	i := slices.IndexFunc(l.Questions, func(q *Question) bool { return q.ID == id })
	if i < 0 {
		return nil, false
	}
	return l.Questions[i], true
}

// Cites lists every sentence the lesson cites in its reading and its
// questions' cites, in order of first appearance. Evidence keys are not
// included: they are answers.
func (l *Lesson) Cites() []string {
	var out []string
	add := func(ids []string) {
		for _, id := range ids {
			if !slices.Contains(out, id) {
				out = append(out, id)
			}
		}
	}
	for _, s := range l.Sections {
		add(s.Cites)
	}
	for _, q := range l.Questions {
		add(q.Cites)
	}
	return out
}

// MaxPoints is what the whole lesson is worth.
func (l *Lesson) MaxPoints() float64 {
	var sum float64
	for _, q := range l.Questions {
		sum += q.MaxPoints()
	}
	return sum
}

type GlossaryEntry struct {
	Term    string
	Meaning string
}

// A Section is a reading section: a heading and Markdown prose.
type Section struct {
	Heading string
	HTML    template.HTML // rendered; [[p9.s1]] citations become links into the reader
	Cites   []string      // sentence refs cited (see SplitRef), in order of first appearance
}

// Type is a question type.
type Type string

const (
	Single    Type = "single"
	Multiple  Type = "multiple"
	TrueFalse Type = "truefalse"
	Short     Type = "short"
	Ordering  Type = "ordering"
	Matching  Type = "matching"
	Evidence  Type = "evidence"
	Written   Type = "written"
)

// Types lists every question type.
var Types = []Type{Single, Multiple, TrueFalse, Short, Ordering, Matching, Evidence, Written}

// A Question is one question of a lesson. Which fields are set depends on
// its Type; the loader checks that the right ones are.
type Question struct {
	ID          string
	Type        Type
	Line        int // where it starts in its file
	Prompt      template.HTML
	Cites       []string
	Explanation template.HTML
	Points      float64 // weight; for written questions the rubric's total

	Choices     []Choice      // single, multiple
	Answer      bool          // truefalse
	Accept      []string      // short
	Items       []Item        // ordering, in the right order
	Pairs       []Pair        // matching
	Key         []string      // evidence: the supporting sentences' refs (empty: none supports the claim)
	Also        []string      // evidence: accepted, neither required nor penalised
	Among       []string      // evidence: the sentence refs a learner chooses from, source by source in document order
	Rubric      []Criterion   // written
	ModelAnswer template.HTML // written
}

// MaxPoints is what the question is worth.
func (q *Question) MaxPoints() float64 { return q.Points }

type Choice struct {
	ID       string
	Text     string
	Correct  bool
	Pin      bool // shown at its authored place, never shuffled ("None of these")
	Feedback template.HTML
}

type Item struct {
	ID   string
	Text string
}

type Pair struct {
	ID    string
	Left  string
	Right string
}

type Criterion struct {
	Criterion string
	Points    float64
}

// Builtin loads the embedded unit.
func Builtin() (*Unit, error) {
	return Load(Files)
}

// LoadDir loads the lesson files of a folder on disk.
func LoadDir(dir string) (*Unit, error) {
	return Load(os.DirFS(dir))
}
