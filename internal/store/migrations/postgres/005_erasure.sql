-- PostgreSQL's translation of ../sqlite/005_erasure.sql.
-- Their data, their choice: accounts can be deleted, and guests expire.
--
-- 1. Idle guests are found by the time of their last activity, oldest
--    first, without reading every user.
CREATE INDEX users_idle_guests ON users (last_active_at) WHERE role = 'guest';

-- 2. A new user starts at a random session epoch, so a cookie kept from a
--    deleted account (epoch 0, say) cannot sign in as a newcomer with its
--    ID. (An identity column never gives an ID twice, unlike SQLite's
--    rowid; the migrate tool copies IDs, so the guard stays.) SQLite sets
--    it with an UPDATE after the insert; here the row is set before it is
--    written, so INSERT ... RETURNING already sees the epoch. SQLite's
--    random() >> 2 is in [-2^61, 2^61): the same range, room to count up.
CREATE FUNCTION users_random_epoch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	NEW.session_epoch := floor(random() * 4611686018427387904)::bigint - 2305843009213693952;
	RETURN NEW;
END;
$$;

CREATE TRIGGER users_random_epoch BEFORE INSERT ON users
	FOR EACH ROW WHEN (NEW.session_epoch = 0) EXECUTE FUNCTION users_random_epoch();
