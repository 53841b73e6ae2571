package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/ciphergram/ciphergram/internal/auth"
)

// Lesson packs (internal/pack) come in here: a pack's sources and lessons
// are stored published, in one transaction, under new slugs where theirs
// are taken on this server.

// LibraryUsername is the account that owns the server's library: the
// lessons and sources `ciphergram library add` publishes to every
// teacher. It is a teacher account no one can sign in to (its password
// hash matches no password, and no one may choose a username with "~"),
// made by the first `library add`. Its lessons are shared; lessons read
// their owner's sources, so the library's lessons read the library's.
const LibraryUsername = "~library"

// noPassword is a password hash that no password matches.
const noPassword = "!"

// PackSource is a source to import: its details, text and split.
type PackSource struct {
	Slug string
	SourceDetails
	Text   string
	Blocks []SourceBlock
}

// PackLesson is a lesson file to import, and the slugs (in the pack) of
// the pack's sources it reads.
type PackLesson struct {
	Slug    string
	Text    string
	Sources []string
}

// PackImport is what ImportPack stores, and how it renames.
type PackImport struct {
	Sources []PackSource
	Lessons []PackLesson
	// Builtin says whether a slug is a built-in lesson's or source's,
	// which no teacher's lesson or source may take.
	Builtin func(slug string) bool
	// Rename rewrites a lesson file for its new slug ("" if unchanged)
	// and its sources' (slug in the pack → slug here, for every source).
	Rename func(text, slug string, sources map[string]string) (string, error)
}

// PackImported says where the pack's sources and lessons went: slug in
// the pack → slug on this server.
type PackImported struct {
	Sources, Lessons map[string]string
}

// ImportPack stores a pack's sources and lessons as the teacher's own,
// each published as its first version, each lesson pinned to its
// sources' versions. It all happens in one transaction: if anything
// fails, nothing is stored. ErrTooManySources or ErrTooManyLessons if the
// pack would take the teacher past the limits.
func (db *DB) ImportPack(ctx context.Context, ownerID int64, in PackImport) (*PackImported, error) {
	var out *PackImported
	err := db.inWriteTx(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = importPack(ctx, tx, ownerID, false, in, db.now())
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: import pack: %w", err)
	}
	return out, nil
}

// AddToLibrary stores a pack as ImportPack does, owned by the library
// account (made now if there is none) and shared with every teacher.
func (db *DB) AddToLibrary(ctx context.Context, in PackImport) (*PackImported, error) {
	var out *PackImported
	err := db.inWriteTx(ctx, func(tx *sql.Tx) error {
		owner, err := libraryOwner(ctx, tx, db.now())
		if err != nil {
			return err
		}
		out, err = importPack(ctx, tx, owner, true, in, db.now())
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: add to the library: %w", err)
	}
	return out, nil
}

func libraryOwner(ctx context.Context, tx *sql.Tx, now int64) (int64, error) {
	u, err := findUser(ctx, tx, byUsername, LibraryUsername)
	if errors.Is(err, ErrNotFound) {
		return createAccount(ctx, tx, RoleTeacher, LibraryUsername, "Library", noPassword, "UTC", now)
	}
	if err != nil {
		return 0, err
	}
	if u.Role != RoleTeacher {
		return 0, fmt.Errorf("the account %s is not the library's", LibraryUsername)
	}
	return u.ID, nil
}

func importPack(ctx context.Context, tx *sql.Tx, ownerID int64, shared bool, in PackImport, now int64) (*PackImported, error) {
	var nSources, nLessons int
	if err := tx.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM sources WHERE owner_id = ?1),
		(SELECT count(*) FROM teacher_lessons WHERE owner_id = ?1)`, ownerID).Scan(&nSources, &nLessons); err != nil {
		return nil, err
	}
	if nSources+len(in.Sources) > MaxSourcesPerTeacher {
		return nil, ErrTooManySources
	}
	if nLessons+len(in.Lessons) > MaxLessonsPerTeacher {
		return nil, ErrTooManyLessons
	}
	out := &PackImported{}
	var err error
	var sourceSlugs, lessonSlugs []string
	for _, s := range in.Sources {
		sourceSlugs = append(sourceSlugs, s.Slug)
	}
	for _, l := range in.Lessons {
		lessonSlugs = append(lessonSlugs, l.Slug)
	}
	if out.Sources, err = freeSlugs(ctx, tx, `SELECT EXISTS (SELECT 1 FROM sources WHERE slug = ?)`, sourceSlugs, in.Builtin); err != nil {
		return nil, err
	}
	if out.Lessons, err = freeSlugs(ctx, tx, `SELECT EXISTS (SELECT 1 FROM teacher_lessons WHERE slug = ?)`, lessonSlugs, in.Builtin); err != nil {
		return nil, err
	}
	for _, s := range in.Sources {
		if err := importSource(ctx, tx, ownerID, out.Sources[s.Slug], s, now); err != nil {
			return nil, err
		}
	}
	for _, l := range in.Lessons {
		if err := importLesson(ctx, tx, ownerID, shared, l, in, out, now); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// freeSlugs gives each slug the name it will have here: its own if that
// is free, else a new one. A new name is none of the slugs given, so a
// kept slug and a renamed one never meet.
func freeSlugs(ctx context.Context, tx *sql.Tx, takenQuery string, slugs []string, builtin func(string) bool) (map[string]string, error) {
	given := map[string]bool{}
	for _, s := range slugs {
		given[s] = true
	}
	taken := func(slug string) (bool, error) {
		if builtin != nil && builtin(slug) {
			return true, nil
		}
		var t bool
		err := tx.QueryRowContext(ctx, takenQuery, slug).Scan(&t)
		return t, err
	}
	out := map[string]string{}
	used := map[string]bool{}
	for _, slug := range slugs {
		t, err := taken(slug)
		if err != nil {
			return nil, err
		}
		if !t {
			out[slug], used[slug] = slug, true
		}
	}
	for _, slug := range slugs {
		if _, kept := out[slug]; kept {
			continue
		}
		for tries := 0; ; tries++ {
			if tries == 20 {
				return nil, fmt.Errorf("no free slug like %s", slug)
			}
			name := newSuffix(slug)
			if given[name] || used[name] {
				continue
			}
			t, err := taken(name)
			if err != nil {
				return nil, err
			}
			if !t {
				out[slug], used[name] = name, true
				break
			}
		}
	}
	return out, nil
}

const suffixAlphabet = "abcdefghjkmnpqrstuvwxyz23456789"

// SlugSuffix draws the four-character ending that makes a teacher's slug
// unique on the server and tells no one which titles others used.
func SlugSuffix() string { return auth.RandomCode(suffixAlphabet, 4) }

// newSuffix gives slug a new random four-character ending: it replaces
// one such ending (as the server gives teachers' sources), or is added.
func newSuffix(slug string) string {
	base := slug
	if i := strings.LastIndexByte(slug, '-'); i > 0 && len(slug)-i-1 == 4 &&
		strings.Trim(slug[i+1:], suffixAlphabet) == "" {
		base = slug[:i]
	}
	if len(base) > 40 {
		base = strings.TrimRight(base[:40], "-")
	}
	return base + "-" + SlugSuffix()
}

func importSource(ctx context.Context, tx *sql.Tx, ownerID int64, slug string, s PackSource, now int64) error {
	js, err := json.Marshal(s.Blocks)
	if err != nil {
		return err
	}
	var id int64
	if err := tx.QueryRowContext(ctx, `INSERT INTO sources (owner_id, slug, created_at) VALUES (?, ?, ?) RETURNING id`,
		ownerID, slug, now).Scan(&id); err != nil {
		return fmt.Errorf("source %s: %w", slug, err)
	}
	if err := insertVersion(ctx, tx, id, 1, s.SourceDetails, s.Text, string(js), now); err != nil {
		return fmt.Errorf("source %s: %w", slug, err)
	}
	_, err = tx.ExecContext(ctx, `UPDATE source_versions SET published_at = ? WHERE source_id = ? AND version = 1`, now, id)
	return err
}

func importLesson(ctx context.Context, tx *sql.Tx, ownerID int64, shared bool, l PackLesson, in PackImport, out *PackImported, now int64) error {
	slug, text := out.Lessons[l.Slug], l.Text
	renamed := slug != l.Slug
	for old, name := range out.Sources {
		renamed = renamed || old != name
	}
	if renamed && in.Rename == nil {
		return fmt.Errorf("lesson %s: a slug must change, and there is no way to rename", l.Slug)
	}
	if renamed {
		newSlug := ""
		if slug != l.Slug {
			newSlug = slug
		}
		var err error
		if text, err = in.Rename(text, newSlug, out.Sources); err != nil {
			return fmt.Errorf("lesson %s: %w", l.Slug, err)
		}
	}
	pins := map[string]int{}
	for _, s := range l.Sources {
		name, ok := out.Sources[s]
		if !ok {
			return fmt.Errorf("lesson %s reads source %s, which is not in the pack", l.Slug, s)
		}
		pins[name] = 1
	}
	js, err := json.Marshal(pins)
	if err != nil {
		return err
	}
	var id int64
	if err := tx.QueryRowContext(ctx, `INSERT INTO teacher_lessons (owner_id, slug, shared, created_at) VALUES (?, ?, ?, ?) RETURNING id`,
		ownerID, slug, shared, now).Scan(&id); err != nil {
		return fmt.Errorf("lesson %s: %w", slug, err)
	}
	if err := insertLessonVersion(ctx, tx, id, 1, text, now); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE teacher_lesson_versions SET published_at = ?, sources = ? WHERE lesson_id = ? AND version = 1`,
		now, string(js), id)
	return err
}
