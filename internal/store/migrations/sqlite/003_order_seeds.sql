-- Per-learner order: the seed that draws the order of an attempt's choices,
-- ordering items and matching right-hand sides (see lessons/order.go), and
-- of a review card's. Existing rows get a random seed of their own.
ALTER TABLE attempts ADD COLUMN seed INTEGER NOT NULL DEFAULT 0;
UPDATE attempts SET seed = random();

ALTER TABLE reviews ADD COLUMN seed INTEGER NOT NULL DEFAULT 0;
UPDATE reviews SET seed = random();
