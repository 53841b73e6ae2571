package pack

import (
	"strings"
	"testing"

	"github.com/ciphergram/ciphergram/internal/store"
	"github.com/ciphergram/ciphergram/internal/storetest"
	"github.com/ciphergram/ciphergram/lessons"
)

// TestImportTwice: a pack imported twice on one server gets new slugs the
// second time, and the second lesson file reads the second source under
// its new name everywhere: front matter, [[refs]], evidence, also, among.
func TestImportTwice(t *testing.T) {
	ctx := t.Context()
	db, err := store.Open(ctx, storetest.DSN(t, "p"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	teacher, err := db.CreateTeacher(ctx, "teacher", "", "hash", "UTC")
	if err != nil {
		t.Fatal(err)
	}
	unit, err := lessons.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	p := read(t, write(t, fixturePack(t)))
	first, err := db.ImportPack(ctx, teacher.ID, p.Import(unit))
	if err != nil || first.Sources["test-fixture-notes"] != "test-fixture-notes" || first.Lessons["two-sources"] != "two-sources" {
		t.Fatalf("first import: %+v, %v", first, err)
	}
	second, err := db.AddToLibrary(ctx, p.Import(unit))
	if err != nil {
		t.Fatal(err)
	}
	src, les := second.Sources["test-fixture-notes"], second.Lessons["two-sources"]
	if src == "test-fixture-notes" || les == "two-sources" {
		t.Fatalf("second import kept taken slugs: %+v", second)
	}
	l, err := db.PublishedLesson(ctx, les)
	if err != nil {
		t.Fatal(err)
	}
	want := strings.NewReplacer("slug: two-sources", "slug: "+les, "test-fixture-notes", src).Replace(p.Lessons[0].Text)
	if l.Text != want || l.Sources[src] != 1 || len(l.Sources) != 1 {
		t.Errorf("renamed lesson (pins %v):\n%s\nwant:\n%s", l.Sources, l.Text, want)
	}
	// It reads the library's copy of the source, at the pinned version.
	v, err := db.PublishedSource(ctx, l.OwnerID, src, l.Sources[src])
	if err != nil {
		t.Fatal(err)
	}
	back := &Pack{Sources: []Source{{Slug: v.Slug, SourceDetails: v.SourceDetails, Text: v.Text, Blocks: v.Blocks}},
		Lessons: []Lesson{{Slug: les, Text: l.Text}}}
	if _, probs := Check("back", back, unit.Sources); len(probs) > 0 {
		t.Errorf("the imported lesson does not check: %v", probs)
	}
}
