// Package seeds holds the source documents, byte for byte as received, and
// parses each into blocks and sentences with stable IDs that lessons cite.
package seeds

import (
	"embed"
	"fmt"
	"strings"
	"sync"
)

//go:embed *.txt
var files embed.FS

// A Document is one primary source, parsed.
type Document struct {
	Slug       string // URL name: /sources/{slug}
	Title      string
	Provenance string // where the original is held and who translated it
	File       string // file name under seeds/
	Text       string // the file's bytes, unchanged
	Blocks     []Block

	byID map[string]*Sentence
}

// Sentence returns the sentence with the given ID ("p7.s2").
func (d *Document) Sentence(id string) (*Sentence, bool) {
	s, ok := d.byID[id]
	return s, ok
}

// Sentences returns every sentence in document order.
func (d *Document) Sentences() []*Sentence {
	var out []*Sentence
	for i := range d.Blocks {
		for j := range d.Blocks[i].Sentences {
			out = append(out, &d.Blocks[i].Sentences[j])
		}
	}
	return out
}

// source describes a seed file: what the file itself cannot say.
type source struct {
	slug, title, provenance, file string
	slips                         []slipRule
}

// slipRule names a slip of the original typing, found by its exact text.
type slipRule struct{ text, note string }

var builtin = []source{{
	slug:  "roshchin-1950-10-03",
	title: "Ciphered telegram from Roshchin in Beijing to Filippov [Stalin], 3 October 1950",
	provenance: "Archive of the President of the Russian Federation (APRF), fond 45, opis 1, delo 334, " +
		"listy 105–106. English translation by Alexandre Y. Mansourov, Cold War International History " +
		"Project Bulletin 6–7 (Winter 1995/96).",
	file: "1950-10-03-roshchin-to-filippov-mao-reply.txt",
	slips: []slipRule{
		{"SOVIET SOVIET", "the word is typed twice in the original"},
		{"contrades", "a typing slip for “comrades” in the original"},
	},
}}

var loadAll = sync.OnceValues(func() ([]*Document, error) {
	var docs []*Document
	for _, src := range builtin {
		raw, err := files.ReadFile(src.file)
		if err != nil {
			return nil, err
		}
		d, err := newDocument(src, string(raw))
		if err != nil {
			return nil, fmt.Errorf("seeds/%s: %w", src.file, err)
		}
		docs = append(docs, d)
	}
	return docs, nil
})

// All returns the built-in documents, parsed once. A seed that fails to
// parse is a build mistake, so it panics; the tests catch it first.
func All() []*Document {
	docs, err := loadAll()
	if err != nil {
		panic(err)
	}
	return docs
}

// Lookup returns the built-in document with the given slug.
func Lookup(slug string) (*Document, bool) {
	for _, d := range All() {
		if d.Slug == slug {
			return d, true
		}
	}
	return nil, false
}

// NewDocument makes a document that is not built in from its text, split
// already (Split, then the teacher's merges and splits). Sentence IDs are
// the blocks' own.
func NewDocument(slug, title, provenance, text string, blocks []Block) *Document {
	d := &Document{Slug: slug, Title: title, Provenance: provenance, Text: text, Blocks: blocks, byID: map[string]*Sentence{}}
	for _, s := range d.Sentences() {
		d.byID[s.ID] = s
	}
	return d
}

func newDocument(src source, text string) (*Document, error) {
	blocks, err := Parse(text)
	if err != nil {
		return nil, err
	}
	d := &Document{Slug: src.slug, Title: src.title, Provenance: src.provenance,
		File: src.file, Text: text, Blocks: blocks, byID: map[string]*Sentence{}}
	found := map[string]bool{}
	for _, s := range d.Sentences() {
		d.byID[s.ID] = s
		for _, rule := range src.slips {
			if i := strings.Index(s.Text, rule.text); i >= 0 {
				s.Slips = append(s.Slips, Slip{Start: i, End: i + len(rule.text), Note: rule.note})
				found[rule.text] = true
			}
		}
	}
	for _, rule := range src.slips {
		if !found[rule.text] {
			return nil, fmt.Errorf("slip %q not found in any sentence", rule.text)
		}
	}
	return d, nil
}
