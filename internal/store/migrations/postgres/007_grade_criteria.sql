-- PostgreSQL's translation of ../sqlite/007_grade_criteria.sql.
-- Grading by rubric: which criteria of a written question's rubric the
-- teacher ticked, as their indexes in the lesson file ("0,2"), so that a
-- regrade starts from them. The points stay the grade; a teacher may
-- adjust them beyond the ticks. Empty for grades given as points alone.
ALTER TABLE grades ADD COLUMN criteria TEXT NOT NULL DEFAULT '';
