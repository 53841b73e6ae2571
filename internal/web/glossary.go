package web

import (
	"slices"
	"sort"
	"strings"

	"github.com/ciphergram/ciphergram/lessons"
	"github.com/ciphergram/ciphergram/seeds"
	"github.com/ciphergram/ciphergram/templates"
)

// docGlossary is every document laid out for the reader once, at start-up:
// slips marked [sic], and the first mention of each glossary term of the
// unit explained in place.
type docGlossary struct {
	items []templates.GlossaryItem // all terms of the unit, alphabetical
	docs  map[string]templates.DocView
}

func newDocGlossary(u *lessons.Unit) *docGlossary {
	g := &docGlossary{docs: map[string]templates.DocView{}}
	seen := map[string]bool{}
	for _, l := range u.Lessons {
		for _, e := range l.Glossary {
			key := strings.ToLower(e.Term)
			if seen[key] {
				continue // the first lesson to explain a term wins
			}
			seen[key] = true
			g.items = append(g.items, templates.GlossaryItem{ID: termID(e.Term), Term: e.Term, Meaning: e.Meaning})
		}
	}
	sort.Slice(g.items, func(i, j int) bool { return strings.ToLower(g.items[i].Term) < strings.ToLower(g.items[j].Term) })
	for _, d := range u.Sources { // the built-in unit's: seeds.All()
		g.docs[d.Slug] = layoutDoc(d, g.items)
	}
	return g
}

// layoutTeacherSource lays out a teacher's source: with its slips, but none of
// the unit's glossary terms, which explain the telegram ("received" is
// when Moscow's cipher office took it in) and would mislead in another text.
func layoutTeacherSource(d *seeds.Document) templates.DocView {
	return layoutDoc(d, nil)
}

// span is a marked run of a sentence's text.
type span struct {
	start, end int
	sic        string
	term       *templates.GlossaryItem
}

// layoutDoc lays out a document for the reader: its slips marked, and
// the first mention of each of the glossary's terms explained in place.
func layoutDoc(d *seeds.Document, glossary []templates.GlossaryItem) templates.DocView {
	v := templates.DocView{Slug: d.Slug, Title: d.Title, Provenance: d.Provenance}
	explained := map[string]bool{}
	// Longer terms first, so "CC CPC" wins over "CC".
	terms := slices.Clone(glossary)
	slices.SortStableFunc(terms, func(a, b templates.GlossaryItem) int { return len(b.Term) - len(a.Term) })
	for _, b := range d.Blocks {
		bv := templates.BlockView{ID: b.ID, Kind: string(b.Kind), Number: b.Number}
		for _, s := range b.Sentences {
			var spans []span
			for _, sl := range s.Slips {
				spans = append(spans, span{start: sl.Start, end: sl.End, sic: sl.Note})
			}
			lower := strings.ToLower(s.Text)
			for i := range terms {
				t := &terms[i]
				if explained[t.ID] {
					continue
				}
				at := wordIndex(lower, strings.ToLower(t.Term))
				if at < 0 || overlaps(spans, at, at+len(t.Term)) {
					continue
				}
				explained[t.ID] = true
				spans = append(spans, span{start: at, end: at + len(t.Term), term: t})
			}
			bv.Sentences = append(bv.Sentences, templates.SentenceView{ID: s.ID, Parts: parts(s.Text, spans)})
		}
		v.Blocks = append(v.Blocks, bv)
	}
	return v
}

// wordIndex finds term in text at word boundaries, or returns -1.
func wordIndex(text, term string) int {
	for from := 0; from < len(text); {
		i := strings.Index(text[from:], term)
		if i < 0 {
			return -1
		}
		i += from
		end := i + len(term)
		if (i == 0 || !isWordByte(text[i-1])) && (end == len(text) || !isWordByte(text[end])) {
			return i
		}
		from = i + 1
	}
	return -1
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c >= 'A' && c <= 'Z'
}

func overlaps(spans []span, start, end int) bool {
	return slices.ContainsFunc(spans, func(s span) bool { return start < s.end && s.start < end })
}

// parts cuts text into plain runs and the marked spans.
func parts(text string, spans []span) []templates.TextPart {
	slices.SortFunc(spans, func(a, b span) int { return a.start - b.start })
	var out []templates.TextPart
	at := 0
	for _, s := range spans {
		if s.start > at {
			out = append(out, templates.TextPart{Text: text[at:s.start]})
		}
		p := templates.TextPart{Text: text[s.start:s.end], SicNote: s.sic}
		if s.term != nil {
			p.TermID, p.TermTip = s.term.ID, s.term.Meaning
		}
		out = append(out, p)
		at = s.end
	}
	if at < len(text) {
		out = append(out, templates.TextPart{Text: text[at:]})
	}
	return out
}
