-- Times are UTC unix seconds (INTEGER) throughout.

CREATE TABLE users (
	id             INTEGER PRIMARY KEY,
	role           TEXT    NOT NULL CHECK (role IN ('guest', 'learner', 'student', 'teacher')),
	-- NULL until the user has credentials; NOCASE so "Ann" and "ann" collide.
	username       TEXT    UNIQUE COLLATE NOCASE,
	display_name   TEXT    NOT NULL DEFAULT '',
	password_hash  TEXT    NOT NULL DEFAULT '',
	-- Bumped on logout or credential change; session cookies carry it.
	session_epoch  INTEGER NOT NULL DEFAULT 0,
	created_at     INTEGER NOT NULL,
	last_active_at INTEGER NOT NULL,
	-- Only guests may lack credentials.
	CHECK (role = 'guest' OR (username IS NOT NULL AND password_hash <> ''))
);

CREATE TABLE attempts (
	id          INTEGER PRIMARY KEY,
	user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	lesson_slug TEXT    NOT NULL,
	-- Content hash of the lesson when the attempt started.
	lesson_hash TEXT    NOT NULL,
	max_points  REAL    NOT NULL CHECK (max_points >= 0),
	-- Sum of the responses' points, kept current on every change.
	points      REAL    NOT NULL DEFAULT 0 CHECK (points >= 0),
	started_at  INTEGER NOT NULL,
	finished_at INTEGER -- NULL while open
);

-- At most one open attempt per user and lesson; also serves LatestAttempt.
CREATE UNIQUE INDEX attempts_open ON attempts (user_id, lesson_slug) WHERE finished_at IS NULL;
CREATE INDEX attempts_user_lesson ON attempts (user_id, lesson_slug);

CREATE TABLE responses (
	id            INTEGER PRIMARY KEY, -- answer order
	attempt_id    INTEGER NOT NULL REFERENCES attempts (id) ON DELETE CASCADE,
	question_id   TEXT    NOT NULL,
	answer        TEXT    NOT NULL, -- JSON, opaque to the store
	score         REAL    NOT NULL CHECK (score BETWEEN 0 AND 1),
	points        REAL    NOT NULL CHECK (points >= 0),
	correct       INTEGER NOT NULL CHECK (correct IN (0, 1)),
	pending       INTEGER NOT NULL CHECK (pending IN (0, 1)),
	self_assessed INTEGER NOT NULL DEFAULT 0 CHECK (self_assessed IN (0, 1)),
	created_at    INTEGER NOT NULL,
	-- A question is answered once per attempt: the backstop for double submits.
	UNIQUE (attempt_id, question_id)
);

CREATE TABLE reviews (
	user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	lesson_slug   TEXT    NOT NULL,
	question_id   TEXT    NOT NULL,
	due_at        INTEGER NOT NULL,
	interval_days INTEGER NOT NULL CHECK (interval_days >= 1),
	streak        INTEGER NOT NULL DEFAULT 0 CHECK (streak >= 0),
	PRIMARY KEY (user_id, lesson_slug, question_id)
) WITHOUT ROWID;

CREATE INDEX reviews_due ON reviews (user_id, due_at);

CREATE TABLE settings (
	key   TEXT PRIMARY KEY,
	value BLOB NOT NULL
) WITHOUT ROWID;
