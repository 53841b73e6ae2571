-- PostgreSQL's translation of ../sqlite/006_drafts_recovery.sql.
-- Issue 11: written answers kept as drafts, and a way back without email.

-- A written answer being drafted: one per attempt and question, replaced
-- on each save, deleted when the answer is handed in. It goes with its
-- attempt, and so with its user.
CREATE TABLE drafts (
	attempt_id  BIGINT NOT NULL REFERENCES attempts (id) ON DELETE CASCADE,
	question_id TEXT   NOT NULL,
	text        TEXT   NOT NULL,
	saved_at    BIGINT NOT NULL,
	PRIMARY KEY (attempt_id, question_id)
);

-- The one recovery code of an account, as an argon2id hash like a
-- password: with the username it sets a new password. Using it replaces
-- it. It goes with its user. The key is the user's ID, never drawn here:
-- no identity.
CREATE TABLE recovery_codes (
	user_id    BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
	code_hash  TEXT   NOT NULL CHECK (code_hash <> ''),
	created_at BIGINT NOT NULL
);
