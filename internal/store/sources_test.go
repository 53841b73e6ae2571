package store

import (
	"errors"
	"strings"
	"testing"
)

var letter = SourceDetails{Title: "A letter", Kind: "letter", Creator: "Mao Zedong"}

func oneBlock(sentences ...string) []SourceBlock {
	return []SourceBlock{{Kind: "paragraph", Sentences: sentences}}
}

// TestSourceVersions: a draft is edited and published; an edit makes
// version 2; version 1 stays as published, and the database itself
// refuses to change it.
func TestSourceVersions(t *testing.T) {
	db, _ := newTestDB(t)
	ctx := t.Context()
	a := newTeacher(t, db, "a")
	b := newTeacher(t, db, "b")
	must(t, db.CreateSource(ctx, a.ID, "letter-x", letter, "One. Two.", oneBlock("One.", "Two.")))
	must(t, db.SaveSourceSplit(ctx, a.ID, "letter-x", 0, oneBlock("One. Two.")))
	if err := db.SaveSourceSplit(ctx, a.ID, "letter-x", 0, oneBlock("One.", "Two.")); !errors.Is(err, ErrStale) {
		t.Errorf("a stale split: %v, want ErrStale", err)
	}
	if _, err := db.PublishSource(ctx, b.ID, "letter-x", 1); !errors.Is(err, ErrStale) {
		t.Errorf("another teacher published it: %v", err)
	}
	v, err := db.PublishSource(ctx, a.ID, "letter-x", 1)
	if err != nil || v != 1 {
		t.Fatalf("publish: %d, %v", v, err)
	}
	must(t, db.SaveSourceDraft(ctx, a.ID, "letter-x", 0, letter, "One. Three.", oneBlock("One.", "Three.")))
	if _, err := db.PublishSource(ctx, a.ID, "letter-x", 0); err != nil {
		t.Fatal(err)
	}
	v1, err := db.PublishedSource(ctx, a.ID, "letter-x", 1)
	must(t, err)
	if v1.Text != "One. Two." || len(v1.Blocks[0].Sentences) != 1 {
		t.Errorf("version 1 is now %+v", v1)
	}
	latest, err := db.PublishedSource(ctx, a.ID, "letter-x", 0)
	must(t, err)
	if latest.Version != 2 || latest.Text != "One. Three." {
		t.Errorf("latest is %+v", latest)
	}
	if _, err := db.PublishedSource(ctx, b.ID, "letter-x", 1); !errors.Is(err, ErrNotFound) {
		t.Errorf("another teacher read it: %v", err)
	}
	_, err = db.writer.ExecContext(ctx, `UPDATE source_versions SET text = 'changed' WHERE version = 1`)
	if err == nil || !strings.Contains(err.Error(), "never changes") {
		t.Errorf("changing a published version: %v", err)
	}
}

// TestSourceCreateAllOrNothing: a source whose version cannot be stored
// (a kind the schema refuses) leaves no source behind.
func TestSourceCreateAllOrNothing(t *testing.T) {
	db, _ := newTestDB(t)
	ctx := t.Context()
	a := newTeacher(t, db, "a")
	bad := letter
	bad.Kind = "poem"
	if err := db.CreateSource(ctx, a.ID, "half", bad, "x", nil); err == nil {
		t.Fatal("a source of an unknown kind was stored")
	}
	list, err := db.Sources(ctx, a.ID)
	must(t, err)
	if len(list) != 0 {
		t.Errorf("half a source was saved: %+v", list)
	}
}
