package lessons

import (
	"slices"
	"strings"

	"github.com/ciphergram/ciphergram/seeds"
	"go.yaml.in/yaml/v3"
)

// A lesson may read several sources. A sentence of one is named by a ref:
// "p9.s1" in the lesson's first source, "slug:p9.s1" in any other. Refs are
// what Cites, Key, Also and Among hold and what a learner's evidence answer
// stores, so a one-source lesson's answers read exactly as before.

// SplitRef cuts a ref into its source slug ("" for the first source) and
// the sentence or block ID.
func SplitRef(ref string) (slug, id string) {
	if i := strings.LastIndexByte(ref, ':'); i >= 0 {
		return ref[:i], ref[i+1:]
	}
	return "", ref
}

// Doc returns the lesson's source a ref points into, and the plain ID.
func (l *Lesson) Doc(ref string) (*seeds.Document, string, bool) {
	slug, id := SplitRef(ref)
	if slug == "" {
		return l.Source, id, l.Source != nil
	}
	i := slices.IndexFunc(l.Sources, func(d *seeds.Document) bool { return d.Slug == slug })
	if i < 0 {
		return nil, id, false
	}
	return l.Sources[i], id, true
}

// Sentence returns the sentence a ref names, with its document.
func (l *Lesson) Sentence(ref string) (*seeds.Document, *seeds.Sentence, bool) {
	doc, id, ok := l.Doc(ref)
	if !ok {
		return nil, nil, false
	}
	s, ok := doc.Sentence(id)
	return doc, s, ok
}

// Ref is the ref of sentence (or block) id of doc in this lesson.
func (l *Lesson) Ref(doc *seeds.Document, id string) string {
	if doc == l.Source {
		return id
	}
	return doc.Slug + ":" + id
}

// Source returns the unit's document with the given slug.
func (u *Unit) Source(slug string) (*seeds.Document, bool) {
	i := slices.IndexFunc(u.Sources, func(d *seeds.Document) bool { return d.Slug == slug })
	if i < 0 {
		return nil, false
	}
	return u.Sources[i], true
}

// sources reads the front matter's source (one slug) or sources (a list),
// checking each against the documents the unit may cite.
func (p *fileParser) sources(d *decoder, m map[string]*yaml.Node, top int) {
	type named struct {
		slug string
		line int
	}
	var slugs []named
	switch one, many := m["source"], m["sources"]; {
	case one != nil && many != nil:
		p.errorf(d.line(many), "give source (one slug) or sources (a list), not both")
		return
	case many != nil:
		for _, n := range d.list(many, "sources") {
			slugs = append(slugs, named{d.text(n, "a source slug"), d.line(n)})
		}
		if len(slugs) == 0 && many.Kind == yaml.SequenceNode {
			p.errorf(d.line(many), "the lesson lists no sources")
		}
	default:
		if s := d.required(m, "source", top, "the lesson"); s != "" {
			slugs = append(slugs, named{s, d.line(one)})
		}
	}
	for _, s := range slugs {
		doc := p.known(s.slug)
		switch {
		case s.slug == "":
		case doc == nil:
			p.errorf(s.line, "unknown source %q (known: %s)", s.slug, p.knownSlugs())
		case slices.Contains(p.lesson.Sources, doc):
			p.errorf(s.line, "source %q is listed twice", s.slug)
		default:
			p.lesson.Sources = append(p.lesson.Sources, doc)
		}
	}
	if len(p.lesson.Sources) > 0 {
		p.lesson.Source = p.lesson.Sources[0]
	}
}

func (p *fileParser) known(slug string) *seeds.Document {
	i := slices.IndexFunc(p.docs, func(d *seeds.Document) bool { return d.Slug == slug })
	if i < 0 {
		return nil
	}
	return p.docs[i]
}

func (p *fileParser) knownSlugs() string {
	var s []string
	for _, d := range p.docs {
		s = append(s, d.Slug)
	}
	return strings.Join(s, ", ")
}

// refDoc finds the lesson's source a written ref points into, reporting a
// slug that is not one of them. It returns nil when the lesson's sources
// are unknown (reported already) or the slug is wrong.
func (p *fileParser) refDoc(line int, written string) (*seeds.Document, string) {
	l := p.lesson
	slug, id := SplitRef(written)
	if l.Source == nil {
		return nil, id // the lesson's source is reported already
	}
	if slug == "" {
		return l.Source, id
	}
	doc, _, ok := l.Doc(written)
	switch {
	case ok:
		return doc, id
	case p.known(slug) != nil:
		p.errorf(line, "%q cites source %q, which is not one of the lesson's sources: add it to sources", written, slug)
	default:
		p.errorf(line, "%q cites unknown source %q (the lesson's sources: %s)", written, slug, sourceList(l))
	}
	return nil, id
}

func sourceList(l *Lesson) string {
	var s []string
	for _, d := range l.Sources {
		s = append(s, d.Slug)
	}
	return strings.Join(s, ", ")
}

// sentenceRef checks a written sentence ref and returns it in its stored
// form: bare for the first source, "slug:p9.s1" for the others.
func (p *fileParser) sentenceRef(line int, written string) (string, bool) {
	doc, id := p.refDoc(line, written)
	if doc == nil {
		return "", false
	}
	if _, ok := doc.Sentence(id); !ok {
		p.errorf(line, "unknown sentence ID %q in %s", id, doc.Slug)
		return "", false
	}
	return p.lesson.Ref(doc, id), true
}

// among reads an evidence question's among list: sentence or block refs
// ("p9" stands for all its sentences), in any of the lesson's sources.
// The result is in reading order: source by source, each in document order.
func (p *fileParser) among(d *decoder, n *yaml.Node) []string {
	l := p.lesson
	picked := map[string]bool{}
	for _, item := range d.list(n, "among") {
		written := d.text(item, "a block or sentence ID")
		doc, id := p.refDoc(d.line(item), written)
		if doc == nil {
			continue
		}
		if _, ok := doc.Sentence(id); ok {
			picked[l.Ref(doc, id)] = true
			continue
		}
		i := slices.IndexFunc(doc.Blocks, func(b seeds.Block) bool { return b.ID == id })
		if i < 0 {
			p.errorf(d.line(item), "unknown block or sentence ID %q in among", written)
			continue
		}
		for _, s := range doc.Blocks[i].Sentences {
			picked[l.Ref(doc, s.ID)] = true
		}
	}
	return l.allRefs(func(ref string) bool { return picked[ref] })
}

// allRefs lists the refs of every sentence of every source that keep
// accepts, in reading order.
func (l *Lesson) allRefs(keep func(string) bool) []string {
	var out []string
	for _, doc := range l.Sources {
		for _, s := range doc.Sentences() {
			if ref := l.Ref(doc, s.ID); keep(ref) {
				out = append(out, ref)
			}
		}
	}
	return out
}

// ListedSources reads only the slugs a lesson file's front matter lists
// (source or sources), without checking anything else, so that a server
// can fetch just those of a teacher's sources before parsing the lesson.
// A file it cannot read lists none: Parse will say why.
func ListedSources(data []byte) []string {
	lines := strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n")
	if len(lines) == 0 || strings.TrimSpace(lines[0]) != "---" {
		return nil
	}
	end := slices.IndexFunc(lines[1:], func(l string) bool { return strings.TrimSpace(l) == "---" })
	if end < 0 {
		return nil
	}
	var fm struct {
		Source  string   `yaml:"source"`
		Sources []string `yaml:"sources"`
	}
	if yaml.Unmarshal([]byte(strings.Join(lines[1:end+1], "\n")), &fm) != nil {
		return nil
	}
	if fm.Source != "" {
		return []string{fm.Source}
	}
	return fm.Sources
}
