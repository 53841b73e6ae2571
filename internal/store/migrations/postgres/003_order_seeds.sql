-- PostgreSQL's translation of ../sqlite/003_order_seeds.sql.
-- Per-learner order: the seed that draws the order of an attempt's choices,
-- ordering items and matching right-hand sides (see lessons/order.go), and
-- of a review card's. Existing rows get a random seed of their own.
--
-- SQLite's random() is a random 64-bit integer; PostgreSQL's is a double in
-- [0, 1), so it is spread over the whole BIGINT range (52 random bits).
ALTER TABLE attempts ADD COLUMN seed BIGINT NOT NULL DEFAULT 0;
UPDATE attempts SET seed = floor((random() - 0.5) * 18446744073709551616)::bigint;

ALTER TABLE reviews ADD COLUMN seed BIGINT NOT NULL DEFAULT 0;
UPDATE reviews SET seed = floor((random() - 0.5) * 18446744073709551616)::bigint;
