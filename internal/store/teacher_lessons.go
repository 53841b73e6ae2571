package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// Limits on a teacher's own lessons, so that no one fills the disk.
const (
	MaxLessonsPerTeacher = 200
	MaxLessonVersions    = 100
)

var (
	// ErrTooManyLessons: the teacher has MaxLessonsPerTeacher already.
	ErrTooManyLessons = errors.New("too many lessons")
	// ErrTooManyLessonVersions: the lesson has MaxLessonVersions already.
	ErrTooManyLessonVersions = errors.New("too many versions of this lesson")
	// ErrSlugTaken: another lesson on the server has the slug.
	ErrSlugTaken = errors.New("slug taken")
)

// LessonVersion is one version of a teacher's lesson: the lesson file as
// text and, once published, the versions of teachers' sources it reads.
type LessonVersion struct {
	LessonID  int64
	Slug      string
	OwnerID   int64
	Shared    bool // in the server's library
	Version   int
	Published time.Time // zero: the draft
	Edits     int
	Text      string
	Sources   map[string]int // source slug → pinned version; empty for a draft
}

// Draft is whether this version is the draft (not yet published).
func (v *LessonVersion) Draft() bool { return v.Published.IsZero() }

// LessonSummary is a line of a teacher's list of lessons.
type LessonSummary struct {
	Slug      string
	OwnerID   int64
	Shared    bool
	Published int    // latest published version, 0 if none
	HasDraft  bool   //
	Text      string // of the newest version, for its title
}

// CreateLesson stores a new lesson of the teacher with text as the draft
// of its first version. ErrSlugTaken if any lesson has the slug.
func (db *DB) CreateLesson(ctx context.Context, ownerID int64, slug, text string) error {
	now := db.Now().UTC().Unix()
	return db.inWriteTx(ctx, func(tx *sql.Tx) error {
		var n, taken int
		if err := tx.QueryRowContext(ctx, `SELECT count(*), count(*) FILTER (WHERE slug = ?)
			FROM teacher_lessons WHERE owner_id = ? OR slug = ?`, slug, ownerID, slug).Scan(&n, &taken); err != nil {
			return err
		}
		if taken > 0 {
			return ErrSlugTaken
		}
		if n >= MaxLessonsPerTeacher {
			return ErrTooManyLessons
		}
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO teacher_lessons (owner_id, slug, created_at) VALUES (?, ?, ?) RETURNING id`,
			ownerID, slug, now).Scan(&id); err != nil {
			return fmt.Errorf("store: create lesson: %w", err)
		}
		return insertLessonVersion(ctx, tx, id, 1, text, now)
	})
}

func insertLessonVersion(ctx context.Context, tx *sql.Tx, lessonID int64, version int, text string, now int64) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO teacher_lesson_versions (lesson_id, version, text, created_at)
		VALUES (?, ?, ?, ?)`, lessonID, version, text, now)
	if err != nil {
		return fmt.Errorf("store: lesson version: %w", err)
	}
	return nil
}

const lessonVersionColumns = `l.id, l.slug, l.owner_id, l.shared, v.version, coalesce(v.published_at, 0), v.edits, v.text, v.sources`

func scanLessonVersion(row interface{ Scan(...any) error }) (*LessonVersion, error) {
	var v LessonVersion
	var published int64
	var sources string
	err := row.Scan(&v.LessonID, &v.Slug, &v.OwnerID, &v.Shared, &v.Version, &published, &v.Edits, &v.Text, &sources)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	if published != 0 {
		v.Published = time.Unix(published, 0).UTC()
	}
	if err := json.Unmarshal([]byte(sources), &v.Sources); err != nil {
		return nil, fmt.Errorf("store: lesson %s v%d: %w", v.Slug, v.Version, err)
	}
	return &v, nil
}

// LessonDraft is the draft of the teacher's lesson; ErrNotFound if the
// lesson is not theirs or has no draft.
func (db *DB) LessonDraft(ctx context.Context, ownerID int64, slug string) (*LessonVersion, error) {
	return scanLessonVersion(db.reader.QueryRowContext(ctx, `SELECT `+lessonVersionColumns+`
		FROM teacher_lessons l JOIN teacher_lesson_versions v ON v.lesson_id = l.id
		WHERE l.slug = ? AND l.owner_id = ? AND v.published_at IS NULL`, slug, ownerID))
}

// LatestLessonVersion is the newest version of the teacher's lesson, the
// draft if there is one; ErrNotFound if the lesson is not theirs.
func (db *DB) LatestLessonVersion(ctx context.Context, ownerID int64, slug string) (*LessonVersion, error) {
	return scanLessonVersion(db.reader.QueryRowContext(ctx, `SELECT `+lessonVersionColumns+`
		FROM teacher_lessons l JOIN teacher_lesson_versions v ON v.lesson_id = l.id
		WHERE l.slug = ? AND l.owner_id = ? ORDER BY v.version DESC LIMIT 1`, slug, ownerID))
}

// PublishedLesson is the newest published version of any teacher's lesson
// with the slug. It checks no access: callers ask MayOpenLesson first.
// ErrNotFound if there is none.
func (db *DB) PublishedLesson(ctx context.Context, slug string) (*LessonVersion, error) {
	return scanLessonVersion(db.reader.QueryRowContext(ctx, `SELECT `+lessonVersionColumns+`
		FROM teacher_lessons l JOIN teacher_lesson_versions v ON v.lesson_id = l.id
		WHERE l.slug = ? AND v.published_at IS NOT NULL ORDER BY v.version DESC LIMIT 1`, slug))
}

// PublishedLessonHead is PublishedLesson without the text and the pins:
// who owns it and its newest version, enough to find the lesson already
// parsed, so that a page does not read up to 200 KB of text to learn it.
func (db *DB) PublishedLessonHead(ctx context.Context, slug string) (*LessonVersion, error) {
	return scanLessonVersion(db.reader.QueryRowContext(ctx, `SELECT l.id, l.slug, l.owner_id, l.shared, v.version,
		v.published_at, v.edits, '', '{}'
		FROM teacher_lessons l JOIN teacher_lesson_versions v ON v.lesson_id = l.id
		WHERE l.slug = ? AND v.published_at IS NOT NULL ORDER BY v.version DESC LIMIT 1`, slug))
}

// PublishedLessonVersion is one published version of a lesson, for the
// answers that cite an older one. It checks no access, as PublishedLesson.
func (db *DB) PublishedLessonVersion(ctx context.Context, slug string, version int) (*LessonVersion, error) {
	return scanLessonVersion(db.reader.QueryRowContext(ctx, `SELECT `+lessonVersionColumns+`
		FROM teacher_lessons l JOIN teacher_lesson_versions v ON v.lesson_id = l.id
		WHERE l.slug = ? AND v.version = ? AND v.published_at IS NOT NULL`, slug, version))
}

// TeacherLessons lists the teacher's own lessons and the library's, own first.
func (db *DB) TeacherLessons(ctx context.Context, ownerID int64) ([]LessonSummary, error) {
	rows, err := db.reader.QueryContext(ctx, `SELECT l.slug, l.owner_id, l.shared,
			coalesce(max(v.version) FILTER (WHERE v.published_at IS NOT NULL), 0),
			count(*) FILTER (WHERE v.published_at IS NULL) > 0,
			(SELECT text FROM teacher_lesson_versions WHERE lesson_id = l.id ORDER BY version DESC LIMIT 1)
		FROM teacher_lessons l JOIN teacher_lesson_versions v ON v.lesson_id = l.id
		WHERE l.owner_id = ? OR l.shared = 1
		GROUP BY l.id ORDER BY l.owner_id <> ?, l.created_at, l.id`, ownerID, ownerID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []LessonSummary
	for rows.Next() {
		var s LessonSummary
		if err := rows.Scan(&s.Slug, &s.OwnerID, &s.Shared, &s.Published, &s.HasDraft, &s.Text); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// SaveLessonDraft replaces the draft of the teacher's lesson, or, if there
// is none, makes one as the next version. edits is the draft's edit count
// the form was made from (ignored when there is no draft); ErrStale if the
// draft changed since.
func (db *DB) SaveLessonDraft(ctx context.Context, ownerID int64, slug string, edits int, text string) error {
	now := db.Now().UTC().Unix()
	return db.inWriteTx(ctx, func(tx *sql.Tx) error {
		var id int64
		var latest int
		var draft bool
		err := tx.QueryRowContext(ctx, `SELECT l.id, max(v.version), max(CASE WHEN v.published_at IS NULL THEN 1 ELSE 0 END)
			FROM teacher_lessons l JOIN teacher_lesson_versions v ON v.lesson_id = l.id
			WHERE l.slug = ? AND l.owner_id = ? GROUP BY l.id`, slug, ownerID).Scan(&id, &latest, &draft)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		if !draft {
			if latest >= MaxLessonVersions {
				return ErrTooManyLessonVersions
			}
			return insertLessonVersion(ctx, tx, id, latest+1, text, now)
		}
		res, err := tx.ExecContext(ctx, `UPDATE teacher_lesson_versions SET text = ?, edits = edits + 1
			WHERE lesson_id = ? AND published_at IS NULL AND edits = ?`, text, id, edits)
		return oneRow(res, err)
	})
}

// PublishLesson publishes the draft of the teacher's lesson, if it is
// still at edits, pinning the given versions of the sources it reads.
// From then on that version never changes.
func (db *DB) PublishLesson(ctx context.Context, ownerID int64, slug string, edits int, sources map[string]int) (version int, err error) {
	if sources == nil {
		sources = map[string]int{}
	}
	js, err := json.Marshal(sources)
	if err != nil {
		return 0, err
	}
	err = db.inWriteTx(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `UPDATE teacher_lesson_versions SET published_at = ?, sources = ?
			WHERE published_at IS NULL AND edits = ?
			AND lesson_id = (SELECT id FROM teacher_lessons WHERE slug = ? AND owner_id = ?) RETURNING version`,
			db.Now().UTC().Unix(), string(js), edits, slug, ownerID).Scan(&version)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return 0, ErrStale
	}
	return version, err
}

// MayOpenLesson reports whether the user may open the teacher's lesson
// with the slug: its owner; any teacher, if it is in the library; a
// student enrolled in a class where it is assigned. Anyone else — another
// teacher's drafts and lessons included — is told it does not exist.
func (db *DB) MayOpenLesson(ctx context.Context, userID int64, slug string) (bool, error) {
	var ok bool
	err := db.reader.QueryRowContext(ctx, `SELECT EXISTS (
			SELECT 1 FROM teacher_lessons l WHERE l.slug = ?1 AND (l.owner_id = ?2
				OR (l.shared = 1 AND EXISTS (SELECT 1 FROM users u WHERE u.id = ?2 AND u.role = 'teacher')))
		) OR EXISTS (
			SELECT 1 FROM assignments a JOIN enrolments e ON e.class_id = a.class_id
			WHERE a.lesson_slug = ?1 AND e.user_id = ?2
		)`, slug, userID).Scan(&ok)
	return ok, err
}

// AnsweredQuestions lists the IDs of the lesson's questions that anyone
// has answered: the editor must not change their ID or key in place.
func (db *DB) AnsweredQuestions(ctx context.Context, slug string) ([]string, error) {
	rows, err := db.reader.QueryContext(ctx, `SELECT DISTINCT r.question_id FROM responses r
		JOIN attempts a ON a.id = r.attempt_id WHERE a.lesson_slug = ? ORDER BY r.question_id`, slug)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// LessonVersionDates lists the published versions of the teacher's
// lesson, newest first, with when each was published.
func (db *DB) LessonVersionDates(ctx context.Context, ownerID int64, slug string) ([]LessonVersion, error) {
	rows, err := db.reader.QueryContext(ctx, `SELECT v.version, v.published_at
		FROM teacher_lessons l JOIN teacher_lesson_versions v ON v.lesson_id = l.id
		WHERE l.slug = ? AND l.owner_id = ? AND v.published_at IS NOT NULL ORDER BY v.version DESC`, slug, ownerID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []LessonVersion
	for rows.Next() {
		v := LessonVersion{Slug: slug, OwnerID: ownerID}
		var published int64
		if err := rows.Scan(&v.Version, &published); err != nil {
			return nil, err
		}
		v.Published = time.Unix(published, 0).UTC()
		out = append(out, v)
	}
	return out, rows.Err()
}
