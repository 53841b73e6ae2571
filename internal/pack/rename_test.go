package pack

import (
	"strings"
	"testing"

	"github.com/ciphergram/ciphergram/seeds"
)

// TestRename: every place a lesson file names a renamed source, and its
// own slug, is rewritten; prose that merely contains the words is not.
func TestRename(t *testing.T) {
	text := `---
slug: notes
title: Notes and more notes
summary: The word notes, and notes-k7q2 in prose, stay.
sources:
  - roshchin-1950-10-03
  - notes
skills: [corroboration]
---

## Reading

The notes say so [[notes:p3.s2]] and the telegram too [[p5.s1]].

## Questions

` + "```question" + `
id: both
type: evidence
prompt: Tick the sentences of notes that say who met.
cites: ["notes:p1.s1"]
evidence: [p5.s1, notes:p3.s2]
also:
  - notes:p3.s3
among: [p5, notes:p3, notes:p2.s1]
explanation: See notes:p3.s2.
` + "```\n"
	got, err := Rename(text, "notes-m3xp", map[string]string{"notes": "notes-k7q2"})
	if err != nil {
		t.Fatal(err)
	}
	want := strings.NewReplacer(
		"slug: notes\n", "slug: notes-m3xp\n",
		"  - notes\n", "  - notes-k7q2\n",
		"notes:p", "notes-k7q2:p",
	).Replace(text)
	if got != want {
		t.Errorf("renamed:\n%s\nwant:\n%s", got, want)
	}
	// The renamed file reads the renamed source.
	p := fixturePack(t)
	p.Sources[0].Slug = "notes-k7q2"
	p.Lessons = []Lesson{{Slug: "notes-m3xp", Text: got}}
	if _, probs := Check("x", p, seeds.All()); len(probs) > 0 {
		t.Errorf("the renamed lesson does not check: %v", probs)
	}
	// One line in flow style, keys never taken for slugs.
	flow := "---\nslug: sources\nsources: [sources, roshchin-1950-10-03]\n---\n"
	if got, _ := Rename(flow, "", map[string]string{"sources": "s-2"}); got != "---\nslug: sources\nsources: [s-2, roshchin-1950-10-03]\n---\n" {
		t.Errorf("flow list renamed to %q", got)
	}
	if _, err := Rename("no front matter", "x", nil); err == nil {
		t.Error("a file without front matter was renamed")
	}
}
