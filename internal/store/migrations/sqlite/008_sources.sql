-- Issue 13: teachers' own sources. A source is a name (its slug) owned by
-- a teacher; its text and details live in numbered versions. A published
-- version never changes (the trigger below refuses it), so a lesson, and
-- the answers that cite it, can name slug and version and be sure of the
-- words. An edit makes a draft of the next version; at most one draft a
-- source. Everything goes with the teacher.
CREATE TABLE sources (
	id         INTEGER PRIMARY KEY,
	owner_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	slug       TEXT    NOT NULL UNIQUE CHECK (slug <> ''),
	created_at INTEGER NOT NULL
);
CREATE INDEX sources_owner ON sources (owner_id);

CREATE TABLE source_versions (
	source_id    INTEGER NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
	version      INTEGER NOT NULL CHECK (version > 0),
	published_at INTEGER,          -- NULL: the draft
	edits        INTEGER NOT NULL DEFAULT 0, -- counts the draft's changes, so a stale form is refused
	title        TEXT    NOT NULL CHECK (title <> ''),
	creator      TEXT    NOT NULL,
	date         TEXT    NOT NULL,
	kind         TEXT    NOT NULL CHECK (kind IN ('telegram', 'letter', 'speech', 'diary', 'report', 'newspaper', 'other')),
	provenance   TEXT    NOT NULL,
	translation  TEXT    NOT NULL,
	rights       TEXT    NOT NULL,
	text         TEXT    NOT NULL, -- as pasted or uploaded
	blocks       TEXT    NOT NULL, -- the split, as the teacher fixed it: JSON [{"kind":…,"sentences":[…]}]
	created_at   INTEGER NOT NULL,
	PRIMARY KEY (source_id, version)
) WITHOUT ROWID;
CREATE UNIQUE INDEX source_versions_one_draft ON source_versions (source_id) WHERE published_at IS NULL;

CREATE TRIGGER source_versions_published_never_change
BEFORE UPDATE ON source_versions WHEN OLD.published_at IS NOT NULL
BEGIN
	SELECT RAISE(ABORT, 'a published source version never changes');
END;
