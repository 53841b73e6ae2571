package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// Limits on what one teacher may store, so that no one fills the disk.
const (
	MaxSourcesPerTeacher = 200
	MaxSourceVersions    = 100
)

var (
	// ErrTooManySources: the teacher has MaxSourcesPerTeacher already.
	ErrTooManySources = errors.New("too many sources")
	// ErrTooManyVersions: the source has MaxSourceVersions already.
	ErrTooManyVersions = errors.New("too many versions of this source")
	// ErrStale: the draft changed since the form was shown.
	ErrStale = errors.New("the draft changed since")
)

// SourceDetails is what a teacher says about a source besides its text.
type SourceDetails struct {
	Title, Creator, Date, Kind, Provenance, Translation, Rights string
}

// SourceBlock is one block of a source's split: its kind and sentences.
// Block and sentence IDs come from positions (p1.s1…).
type SourceBlock struct {
	Kind      string   `json:"kind"`
	Sentences []string `json:"sentences"`
}

// SourceVersion is one version of a teacher's source.
type SourceVersion struct {
	SourceID  int64
	Slug      string
	OwnerID   int64
	Version   int
	Published time.Time // zero: the draft
	Edits     int
	SourceDetails
	Text   string
	Blocks []SourceBlock
}

// Draft is whether this version is the draft (not yet published).
func (v *SourceVersion) Draft() bool { return v.Published.IsZero() }

// SourceSummary is a line of the teacher's list of sources.
type SourceSummary struct {
	Slug      string
	Title     string
	Published int  // latest published version, 0 if none
	HasDraft  bool //
}

// CreateSource stores a new source of the teacher with its first version
// as a draft, in one transaction: nothing is stored if any part fails.
func (db *DB) CreateSource(ctx context.Context, ownerID int64, slug string, d SourceDetails, text string, blocks []SourceBlock) error {
	js, err := json.Marshal(blocks)
	if err != nil {
		return err
	}
	now := db.Now().UTC().Unix()
	return db.inWriteTx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM sources WHERE owner_id = ?`, ownerID).Scan(&n); err != nil {
			return err
		}
		if n >= MaxSourcesPerTeacher {
			return ErrTooManySources
		}
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO sources (owner_id, slug, created_at) VALUES (?, ?, ?) RETURNING id`,
			ownerID, slug, now).Scan(&id); err != nil {
			return fmt.Errorf("store: create source: %w", err)
		}
		return insertVersion(ctx, tx, id, 1, d, text, string(js), now)
	})
}

func insertVersion(ctx context.Context, tx *sql.Tx, sourceID int64, version int, d SourceDetails, text, blocks string, now int64) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO source_versions (source_id, version, title, creator, date, kind,
		provenance, translation, rights, text, blocks, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		sourceID, version, d.Title, d.Creator, d.Date, d.Kind, d.Provenance, d.Translation, d.Rights, text, blocks, now)
	if err != nil {
		return fmt.Errorf("store: source version: %w", err)
	}
	return nil
}

const versionColumns = `s.id, s.slug, s.owner_id, v.version, coalesce(v.published_at, 0), v.edits, v.title, v.creator,
	v.date, v.kind, v.provenance, v.translation, v.rights, v.text, v.blocks`

func scanVersion(row interface{ Scan(...any) error }) (*SourceVersion, error) {
	var v SourceVersion
	var published int64
	var blocks string
	err := row.Scan(&v.SourceID, &v.Slug, &v.OwnerID, &v.Version, &published, &v.Edits, &v.Title, &v.Creator,
		&v.Date, &v.Kind, &v.Provenance, &v.Translation, &v.Rights, &v.Text, &blocks)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	if published != 0 {
		v.Published = time.Unix(published, 0).UTC()
	}
	if err := json.Unmarshal([]byte(blocks), &v.Blocks); err != nil {
		return nil, fmt.Errorf("store: source %s v%d: %w", v.Slug, v.Version, err)
	}
	return &v, nil
}

// SourceDraft is the draft of the teacher's source; ErrNotFound if the
// source is not theirs or has no draft.
func (db *DB) SourceDraft(ctx context.Context, ownerID int64, slug string) (*SourceVersion, error) {
	return scanVersion(db.reader.QueryRowContext(ctx, `SELECT `+versionColumns+`
		FROM sources s JOIN source_versions v ON v.source_id = s.id
		WHERE s.slug = ? AND s.owner_id = ? AND v.published_at IS NULL`, slug, ownerID))
}

// LatestSourceVersion is the newest version of the teacher's source, the
// draft if there is one; ErrNotFound if the source is not theirs.
func (db *DB) LatestSourceVersion(ctx context.Context, ownerID int64, slug string) (*SourceVersion, error) {
	return scanVersion(db.reader.QueryRowContext(ctx, `SELECT `+versionColumns+`
		FROM sources s JOIN source_versions v ON v.source_id = s.id
		WHERE s.slug = ? AND s.owner_id = ? ORDER BY v.version DESC LIMIT 1`, slug, ownerID))
}

// PublishedSource is a published version of the teacher's source; version
// 0 means the latest. ErrNotFound if there is none or it is not theirs.
func (db *DB) PublishedSource(ctx context.Context, ownerID int64, slug string, version int) (*SourceVersion, error) {
	return scanVersion(db.reader.QueryRowContext(ctx, `SELECT `+versionColumns+`
		FROM sources s JOIN source_versions v ON v.source_id = s.id
		WHERE s.slug = ? AND s.owner_id = ? AND v.published_at IS NOT NULL AND (v.version = ? OR ? = 0)
		ORDER BY v.version DESC LIMIT 1`, slug, ownerID, version, version))
}

// PublishedVersions lists the published version numbers of the teacher's
// source, oldest first.
func (db *DB) PublishedVersions(ctx context.Context, ownerID int64, slug string) ([]int, error) {
	rows, err := db.reader.QueryContext(ctx, `SELECT v.version FROM sources s JOIN source_versions v ON v.source_id = s.id
		WHERE s.slug = ? AND s.owner_id = ? AND v.published_at IS NOT NULL ORDER BY v.version`, slug, ownerID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int
	for rows.Next() {
		var n int
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// Sources lists the teacher's sources, newest first.
func (db *DB) Sources(ctx context.Context, ownerID int64) ([]SourceSummary, error) {
	rows, err := db.reader.QueryContext(ctx, `SELECT s.slug,
		(SELECT title FROM source_versions WHERE source_id = s.id ORDER BY version DESC LIMIT 1),
		coalesce((SELECT max(version) FROM source_versions WHERE source_id = s.id AND published_at IS NOT NULL), 0),
		EXISTS (SELECT 1 FROM source_versions WHERE source_id = s.id AND published_at IS NULL)
		FROM sources s WHERE s.owner_id = ? ORDER BY s.created_at DESC, s.id DESC`, ownerID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []SourceSummary
	for rows.Next() {
		var s SourceSummary
		if err := rows.Scan(&s.Slug, &s.Title, &s.Published, &s.HasDraft); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// SaveSourceDraft replaces the draft of the teacher's source, or, if
// there is none, makes one as the next version. edits is the draft's
// edit count the form was made from (ignored when there is no draft).
func (db *DB) SaveSourceDraft(ctx context.Context, ownerID int64, slug string, edits int, d SourceDetails, text string, blocks []SourceBlock) error {
	js, err := json.Marshal(blocks)
	if err != nil {
		return err
	}
	now := db.Now().UTC().Unix()
	return db.inWriteTx(ctx, func(tx *sql.Tx) error {
		var id int64
		var latest int
		var draft bool
		err := tx.QueryRowContext(ctx, `SELECT s.id, max(v.version), max(CASE WHEN v.published_at IS NULL THEN 1 ELSE 0 END)
			FROM sources s JOIN source_versions v ON v.source_id = s.id WHERE s.slug = ? AND s.owner_id = ?
			GROUP BY s.id`, slug, ownerID).Scan(&id, &latest, &draft)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		if !draft {
			if latest >= MaxSourceVersions {
				return ErrTooManyVersions
			}
			return insertVersion(ctx, tx, id, latest+1, d, text, string(js), now)
		}
		res, err := tx.ExecContext(ctx, `UPDATE source_versions SET title = ?, creator = ?, date = ?, kind = ?,
			provenance = ?, translation = ?, rights = ?, text = ?, blocks = ?, edits = edits + 1
			WHERE source_id = ? AND published_at IS NULL AND edits = ?`,
			d.Title, d.Creator, d.Date, d.Kind, d.Provenance, d.Translation, d.Rights, text, string(js), id, edits)
		return oneRow(res, err)
	})
}

// SaveSourceSplit stores a new split of the draft (a merge or a split of
// a sentence), if the draft is still at edits.
func (db *DB) SaveSourceSplit(ctx context.Context, ownerID int64, slug string, edits int, blocks []SourceBlock) error {
	js, err := json.Marshal(blocks)
	if err != nil {
		return err
	}
	res, err := db.writer.ExecContext(ctx, `UPDATE source_versions SET blocks = ?, edits = edits + 1
		WHERE published_at IS NULL AND edits = ?
		AND source_id = (SELECT id FROM sources WHERE slug = ? AND owner_id = ?)`, string(js), edits, slug, ownerID)
	return oneRow(res, err)
}

// PublishSource publishes the draft of the teacher's source, if it is
// still at edits. From then on that version never changes.
func (db *DB) PublishSource(ctx context.Context, ownerID int64, slug string, edits int) (version int, err error) {
	err = db.inWriteTx(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `UPDATE source_versions SET published_at = ?
			WHERE published_at IS NULL AND edits = ?
			AND source_id = (SELECT id FROM sources WHERE slug = ? AND owner_id = ?) RETURNING version`,
			db.Now().UTC().Unix(), edits, slug, ownerID).Scan(&version)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return 0, ErrStale
	}
	return version, err
}

// oneRow: an update that touched no row met a draft that changed since
// (or is not the teacher's).
func oneRow(res sql.Result, err error) error {
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n != 1 {
		return ErrStale
	}
	return nil
}
