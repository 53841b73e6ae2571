-- SQLite's 011 adds an index on lower(username); here 001 made it, as the
-- unique index that stands for SQLite's NOCASE column. Nothing to do.
SELECT 1;
