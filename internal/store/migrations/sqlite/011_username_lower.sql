-- Usernames are compared as lower(username) = lower(?) on both engines
-- (PostgreSQL has no NOCASE); this index keeps that a lookup, not a scan.
CREATE INDEX users_username_lower ON users (lower(username));
