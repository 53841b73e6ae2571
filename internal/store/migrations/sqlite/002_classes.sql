-- Classrooms: teachers' time zones, classes with join codes, enrolments,
-- assignments, and teachers' grades on written responses.

-- An IANA zone name; due times are shown in it.
ALTER TABLE users ADD COLUMN timezone TEXT NOT NULL DEFAULT 'UTC';

CREATE TABLE classes (
	id         INTEGER PRIMARY KEY,
	teacher_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	name       TEXT    NOT NULL CHECK (name <> ''),
	-- Normalized: upper case, no separators (see NormalizeJoinCode).
	join_code  TEXT    NOT NULL UNIQUE,
	archived   INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
	created_at INTEGER NOT NULL
);

CREATE INDEX classes_teacher ON classes (teacher_id);

CREATE TABLE enrolments (
	class_id  INTEGER NOT NULL REFERENCES classes (id) ON DELETE CASCADE,
	user_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	joined_at INTEGER NOT NULL,
	PRIMARY KEY (class_id, user_id)
) WITHOUT ROWID;

CREATE INDEX enrolments_user ON enrolments (user_id);

CREATE TABLE assignments (
	id          INTEGER PRIMARY KEY, -- assignment order
	class_id    INTEGER NOT NULL REFERENCES classes (id) ON DELETE CASCADE,
	lesson_slug TEXT    NOT NULL CHECK (lesson_slug <> ''),
	due_at      INTEGER, -- NULL: no due time
	created_at  INTEGER NOT NULL,
	UNIQUE (class_id, lesson_slug)
);

-- A teacher's grade on a written response; graded_at is NULL until graded.
-- The grade outlives the teacher's account.
ALTER TABLE responses ADD COLUMN graded_by INTEGER REFERENCES users (id) ON DELETE SET NULL;
ALTER TABLE responses ADD COLUMN teacher_comment TEXT NOT NULL DEFAULT '';
ALTER TABLE responses ADD COLUMN graded_at INTEGER;

-- For ON DELETE SET NULL when a teacher account is deleted.
CREATE INDEX responses_graded_by ON responses (graded_by) WHERE graded_by IS NOT NULL;
