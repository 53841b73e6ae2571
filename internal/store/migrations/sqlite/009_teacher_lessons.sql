-- Issue 13: teachers' own lessons, built in the browser. As with sources,
-- a lesson is a name (its slug, unique on the server and never one of the
-- built-in unit's) owned by a teacher, and its content lives in numbered
-- versions, each the whole lesson file as text (the lesson-file format the
-- built-in unit uses, so the text view, `ciphergram check` and packs all
-- read the same thing). A published version never changes; it pins the
-- version of each teacher's source it reads, so its citations stay true.
-- shared = 1: in the server's library (`ciphergram library add`): every
-- teacher may assign it.
CREATE TABLE teacher_lessons (
	id         INTEGER PRIMARY KEY,
	owner_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	slug       TEXT    NOT NULL UNIQUE CHECK (slug <> ''),
	shared     INTEGER NOT NULL DEFAULT 0 CHECK (shared IN (0, 1)),
	created_at INTEGER NOT NULL
);
CREATE INDEX teacher_lessons_owner ON teacher_lessons (owner_id);

CREATE TABLE teacher_lesson_versions (
	lesson_id    INTEGER NOT NULL REFERENCES teacher_lessons (id) ON DELETE CASCADE,
	version      INTEGER NOT NULL CHECK (version > 0),
	published_at INTEGER,          -- NULL: the draft
	edits        INTEGER NOT NULL DEFAULT 0, -- counts the draft's changes, so a stale form is refused
	text         TEXT    NOT NULL, -- the lesson file
	sources      TEXT    NOT NULL DEFAULT '{}', -- JSON {"source-slug": version} of teachers' sources, pinned at publishing
	created_at   INTEGER NOT NULL,
	PRIMARY KEY (lesson_id, version)
) WITHOUT ROWID;
CREATE UNIQUE INDEX teacher_lesson_versions_one_draft ON teacher_lesson_versions (lesson_id) WHERE published_at IS NULL;

CREATE TRIGGER teacher_lesson_versions_published_never_change
BEFORE UPDATE ON teacher_lesson_versions WHEN OLD.published_at IS NOT NULL
BEGIN
	SELECT RAISE(ABORT, 'a published lesson version never changes');
END;
