package pack

import (
	"fmt"
	"slices"

	"github.com/ciphergram/ciphergram/internal/store"
	"github.com/ciphergram/ciphergram/lessons"
	"github.com/ciphergram/ciphergram/seeds"
)

// Import is what the store needs to import the pack on a server whose
// built-in unit is builtin: its sources and lessons, which slugs are the
// unit's, and how to rename a lesson file. Check the pack first: a
// renamed lesson that does not check as its original did is refused, and
// with it the whole import.
func (p *Pack) Import(builtin *lessons.Unit) store.PackImport {
	in := store.PackImport{
		Builtin: func(slug string) bool {
			_, isSource := builtin.Source(slug)
			_, isLesson := builtin.Lesson(slug)
			return isSource || isLesson
		},
		Rename: func(text, slug string, sources map[string]string) (string, error) {
			return p.rename(builtin.Sources, text, slug, sources)
		},
	}
	for _, s := range p.Sources {
		in.Sources = append(in.Sources, store.PackSource{Slug: s.Slug, SourceDetails: s.SourceDetails, Text: s.Text, Blocks: s.Blocks})
	}
	for _, l := range p.Lessons {
		var reads []string
		for _, slug := range lessons.ListedSources([]byte(l.Text)) {
			if slices.ContainsFunc(p.Sources, func(s Source) bool { return s.Slug == slug }) {
				reads = append(reads, slug)
			}
		}
		in.Lessons = append(in.Lessons, store.PackLesson{Slug: l.Slug, Text: l.Text, Sources: reads})
	}
	return in
}

// rename renames a lesson file and checks it against the pack's sources
// under their new names.
func (p *Pack) rename(builtin []*seeds.Document, text, slug string, sources map[string]string) (string, error) {
	out, err := Rename(text, slug, sources)
	if err != nil {
		return "", err
	}
	docs := slices.Clone(builtin)
	for _, s := range p.Sources {
		s.Slug = sources[s.Slug]
		docs = append(docs, s.Document())
	}
	if _, probs := lessons.Parse("renamed.md", []byte(out), docs); len(probs) > 0 {
		return "", fmt.Errorf("renaming its slugs broke the lesson: %w", probs)
	}
	return out, nil
}
