package store

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"
)

// testPack is two sources and two lessons, each lesson file naming its
// slug and its sources' as "slug: X" and "reads: A B".
func testPack() PackImport {
	src := func(slug string) PackSource {
		return PackSource{Slug: slug, SourceDetails: SourceDetails{Title: "Title of " + slug, Kind: "letter"},
			Text: "One. Two.", Blocks: []SourceBlock{{Kind: "paragraph", Sentences: []string{"One.", "Two."}}}}
	}
	return PackImport{
		Sources: []PackSource{src("letter"), src("other")},
		Lessons: []PackLesson{
			{Slug: "les", Text: "slug: les\nreads: letter other", Sources: []string{"letter", "other"}},
			{Slug: "fresh", Text: "slug: fresh\nreads: other", Sources: []string{"other"}},
		},
		Builtin: func(slug string) bool { return slug == "built-in" },
		Rename: func(text, slug string, sources map[string]string) (string, error) {
			if slug != "" {
				text = strings.Replace(text, "slug: les", "slug: "+slug, 1)
			}
			for old, name := range sources {
				text = regexp.MustCompile(`\b`+old+`\b`).ReplaceAllString(text, name)
			}
			return text, nil
		},
	}
}

// TestImportPackRenames: slugs taken on the server get new ones, and each
// lesson file and pin follows; the rest keep theirs. All is published.
func TestImportPackRenames(t *testing.T) {
	db, _ := newTestDB(t)
	ctx := t.Context()
	a := newTeacher(t, db, "a")
	b := newTeacher(t, db, "b")
	must(t, db.CreateSource(ctx, a.ID, "letter", SourceDetails{Title: "A's", Kind: "letter"}, "x", nil))
	must(t, db.CreateLesson(ctx, a.ID, "les", "a's lesson"))
	got, err := db.ImportPack(ctx, b.ID, testPack())
	must(t, err)
	newSlug := regexp.MustCompile(`^letter-[a-z2-9]{4}$`)
	if !newSlug.MatchString(got.Sources["letter"]) || got.Sources["other"] != "other" ||
		!strings.HasPrefix(got.Lessons["les"], "les-") || got.Lessons["fresh"] != "fresh" {
		t.Fatalf("imported as %+v", got)
	}
	letter, les := got.Sources["letter"], got.Lessons["les"]
	l, err := db.PublishedLesson(ctx, les)
	must(t, err)
	if l.OwnerID != b.ID || l.Shared || l.Version != 1 || l.Text != "slug: "+les+"\nreads: "+letter+" other" ||
		fmt.Sprint(l.Sources) != fmt.Sprint(map[string]int{letter: 1, "other": 1}) {
		t.Errorf("lesson stored as %+v", l)
	}
	if l, err := db.PublishedLesson(ctx, "fresh"); err != nil || l.Text != "slug: fresh\nreads: other" || l.Sources["other"] != 1 {
		t.Errorf("fresh: %+v, %v", l, err)
	}
	s, err := db.PublishedSource(ctx, b.ID, letter, 1)
	must(t, err)
	if s.Title != "Title of letter" || len(s.Blocks) != 1 || s.Blocks[0].Sentences[1] != "Two." {
		t.Errorf("source stored as %+v", s)
	}
	if mine, _ := db.PublishedSource(ctx, a.ID, "letter", 0); mine != nil {
		t.Errorf("a's own source was published by the import: %+v", mine)
	}
	// A built-in slug is never taken.
	p := testPack()
	p.Sources, p.Lessons = []PackSource{p.Sources[0]}, nil
	p.Sources[0].Slug = "built-in"
	got, err = db.ImportPack(ctx, b.ID, p)
	if err != nil || !strings.HasPrefix(got.Sources["built-in"], "built-in-") {
		t.Errorf("a built-in slug: %+v, %v", got, err)
	}
}

// TestNewSuffix: a random ending replaces one, or is added.
func TestNewSuffix(t *testing.T) {
	for in, want := range map[string]string{"letter-k7q2": `^letter-[a-z2-9]{4}$`, "notes": `^notes-[a-z2-9]{4}$`,
		"two-sources": `^two-sources-[a-z2-9]{4}$`, strings.Repeat("a", 64): `^a{40}-[a-z2-9]{4}$`} {
		if got := newSuffix(in); !regexp.MustCompile(want).MatchString(got) || got == in {
			t.Errorf("newSuffix(%q) = %q", in, got)
		}
	}
}

// TestImportPackAllOrNothing: a failure at the last step, in the database
// or in renaming, leaves nothing of the pack behind, nor a library account.
func TestImportPackAllOrNothing(t *testing.T) {
	db, _ := newTestDB(t)
	ctx := t.Context()
	b := newTeacher(t, db, "b")
	badKind := testPack()
	badKind.Sources[1].Kind = "poem" // refused by the table's CHECK, after the first source went in
	failingRename := testPack()
	must(t, db.CreateLesson(ctx, b.ID, "fresh", "taken, so the pack's fresh is renamed, last"))
	failingRename.Rename = func(text, slug string, _ map[string]string) (string, error) {
		if strings.Contains(text, "slug: fresh") {
			return "", errors.New("cannot")
		}
		return text, nil
	}
	tooMany := testPack()
	for i := range MaxSourcesPerTeacher {
		tooMany.Sources = append(tooMany.Sources, PackSource{Slug: fmt.Sprint("s-", i)})
	}
	for name, c := range map[string]struct {
		in   PackImport
		want error
	}{"bad kind": {badKind, nil}, "rename fails": {failingRename, nil}, "too many": {tooMany, ErrTooManySources}} {
		for _, library := range []bool{false, true} {
			var err error
			if library {
				_, err = db.AddToLibrary(ctx, c.in)
			} else {
				_, err = db.ImportPack(ctx, b.ID, c.in)
			}
			if err == nil || c.want != nil && !errors.Is(err, c.want) {
				t.Errorf("%s (library %v): err = %v", name, library, err)
			}
		}
	}
	var sources, lessons, users int
	must(t, db.reader.QueryRow(`SELECT (SELECT count(*) FROM sources), (SELECT count(*) FROM teacher_lessons),
		(SELECT count(*) FROM users)`).Scan(&sources, &lessons, &users))
	if sources != 0 || lessons != 1 || users != 1 {
		t.Errorf("left behind: %d sources, %d lessons (want only b's own), %d users", sources, lessons, users)
	}
}

// TestAddToLibrary: a library pack belongs to the library account, which
// no one can sign in to, and every teacher may open its lessons.
func TestAddToLibrary(t *testing.T) {
	db, _ := newTestDB(t)
	ctx := t.Context()
	b := newTeacher(t, db, "b")
	first, err := db.AddToLibrary(ctx, testPack())
	must(t, err)
	second, err := db.AddToLibrary(ctx, testPack())
	must(t, err)
	if second.Lessons["les"] == first.Lessons["les"] || second.Sources["other"] == "other" {
		t.Errorf("the second add kept taken slugs: %+v", second)
	}
	lib, err := db.UserByUsername(ctx, LibraryUsername)
	must(t, err)
	if lib.Role != RoleTeacher || lib.PasswordHash != noPassword {
		t.Errorf("library account: %+v", lib)
	}
	l, err := db.PublishedLesson(ctx, "les")
	must(t, err)
	if l.OwnerID != lib.ID || !l.Shared {
		t.Errorf("library lesson: %+v", l)
	}
	if ok, err := db.MayOpenLesson(ctx, b.ID, second.Lessons["les"]); !ok || err != nil {
		t.Errorf("another teacher may not open the library's lesson: %v, %v", ok, err)
	}
	if list, _ := db.TeacherLessons(ctx, b.ID); len(list) != 4 {
		t.Errorf("b's list holds %d lessons, want the library's 4", len(list))
	}
	if _, err := db.PublishedSource(ctx, lib.ID, second.Sources["other"], 1); err != nil {
		t.Errorf("the library's source: %v", err)
	}
}
