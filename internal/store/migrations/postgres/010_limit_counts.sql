-- Issue 15: the guessing limits (wrong passwords, join codes, recovery
-- codes, new users per address) counted in the database, so that every
-- server on it sees one count (store/limits.go). One row per counter and
-- key. The key is a keyed hash the web server makes: never a username or
-- an address.
--   A Limiter's row: fails so far, the last at `at`; nothing is left to
--   count after expires = at + its Forget.
--   A Bucket's row: expires is when the bucket will be empty (fails is 0,
--   `at` the last event).
-- Times are unix seconds. Rows past expires count as nothing and are swept.
CREATE TABLE limit_counts (
	counter TEXT    NOT NULL,
	key     TEXT    NOT NULL,
	fails   INTEGER NOT NULL DEFAULT 0,
	at      BIGINT  NOT NULL,
	expires BIGINT  NOT NULL,
	PRIMARY KEY (counter, key)
);
CREATE INDEX limit_counts_expires ON limit_counts (expires);
