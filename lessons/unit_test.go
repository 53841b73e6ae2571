package lessons

import (
	"slices"
	"testing"
)

// TestBuiltinUnit holds the built-in unit to what a teacher is promised:
// seven lessons in order, each with reading that cites the document, a
// glossary, 6–12 questions and an evidence question, and every question
// type somewhere in the unit.
func TestBuiltinUnit(t *testing.T) {
	u, err := Builtin()
	if err != nil {
		t.Fatalf("built-in lessons do not load:\n%v", err)
	}
	wantOrder := []string{"meeting-the-document", "maos-first-reason", "maos-second-reason",
		"the-soviet-reading", "the-nehru-influence", "before-and-after", "two-versions"}
	var slugs []string
	for _, l := range u.Lessons {
		slugs = append(slugs, l.Slug)
	}
	if !slices.Equal(slugs[:min(len(slugs), len(wantOrder))], wantOrder) {
		t.Errorf("lessons = %v, want first %v", slugs, wantOrder)
	}
	types := map[Type]bool{}
	noEvidence := false
	for _, l := range u.Lessons {
		if n := len(l.Questions); n < 6 || n > 12 {
			t.Errorf("%s: %d questions, want 6 to 12", l.File, n)
		}
		if len(l.Glossary) == 0 {
			t.Errorf("%s: no glossary", l.File)
		}
		if len(l.Skills) == 0 {
			t.Errorf("%s: no skills", l.File)
		}
		cited := 0
		for _, s := range l.Sections {
			cited += len(s.Cites)
		}
		if cited == 0 {
			t.Errorf("%s: reading sections cite no sentence", l.File)
		}
		hasEvidence := false
		for _, q := range l.Questions {
			types[q.Type] = true
			if q.Type == Evidence {
				hasEvidence = true
				noEvidence = noEvidence || len(q.Key) == 0
			}
		}
		if !hasEvidence {
			t.Errorf("%s: no evidence question", l.File)
		}
	}
	for _, typ := range Types {
		if !types[typ] {
			t.Errorf("no %s question anywhere in the unit", typ)
		}
	}
	if !noEvidence {
		t.Error("no evidence question whose honest answer is that the document offers no support")
	}
}
