package pack

import (
	"fmt"
	"slices"

	"github.com/ciphergram/ciphergram/lessons"
	"github.com/ciphergram/ciphergram/seeds"
)

// Check validates the pack's lessons as `ciphergram check` validates the
// lesson folder, against the built-in sources and the pack's own. Each
// problem is at its line of the pack (name is the file name they carry):
// a lesson's line 5 is the fifth line of its file inside the pack. With
// no problems, it returns the pack as a unit: its lessons (each with the
// pack's name as its file) and every source they may read.
func Check(name string, p *Pack, builtin []*seeds.Document) (*lessons.Unit, lessons.Problems) {
	var probs lessons.Problems
	for _, s := range p.Sources {
		if slices.ContainsFunc(builtin, func(d *seeds.Document) bool { return d.Slug == s.Slug }) {
			probs = append(probs, lessons.Problem{File: name, Line: s.Line,
				Msg: fmt.Sprintf("source %s has the slug of a built-in source: give it another", s.Slug)})
		}
	}
	docs := p.documents(builtin)
	unit := &lessons.Unit{Sources: docs}
	for _, l := range p.Lessons {
		parsed, ps := lessons.Parse(l.Slug+".md", []byte(l.Text), docs)
		for _, prob := range ps {
			line := l.Line
			if prob.Line > 0 {
				line = l.TextLine + prob.Line - 1
			}
			probs = append(probs, lessons.Problem{File: name, Line: line, Msg: "lesson " + l.Slug + ": " + prob.Msg})
		}
		if parsed != nil && parsed.Slug != "" && parsed.Slug != l.Slug {
			probs = append(probs, lessons.Problem{File: name, Line: l.Line,
				Msg: fmt.Sprintf("the pack names this lesson %s, but its file says slug: %s", l.Slug, parsed.Slug)})
		}
		if parsed != nil {
			parsed.File = name
			unit.Lessons = append(unit.Lessons, parsed)
		}
	}
	if len(probs) > 0 {
		slices.SortStableFunc(probs, func(a, b lessons.Problem) int { return a.Line - b.Line })
		return nil, probs
	}
	return unit, nil
}
