-- A teacher's powers end at their own class.
--
-- 1. A grade on a written answer belongs to the class whose assignment it
--    was handed in for: two teachers of one student grade independently.
--    The response keeps only the learner's side (the answer, and their own
--    points if they assessed themselves); a class's score for an attempt is
--    the attempt's points with that class's grades in place of those.
-- 2. Who created an account by joining a class: only that class's teacher
--    may reset its password, and only while no other teacher has the
--    student (an administrator can always, with `ciphergram user reset`).

CREATE TABLE grades (
	id          INTEGER PRIMARY KEY,
	-- NULL once the class is deleted: the student keeps the feedback.
	class_id    INTEGER REFERENCES classes (id) ON DELETE SET NULL,
	attempt_id  INTEGER NOT NULL,
	question_id TEXT    NOT NULL,
	points      REAL    NOT NULL CHECK (points >= 0),
	comment     TEXT    NOT NULL DEFAULT '',
	-- NULL once the teacher's account is deleted; the grade stays.
	graded_by   INTEGER REFERENCES users (id) ON DELETE SET NULL,
	graded_at   INTEGER NOT NULL,
	FOREIGN KEY (attempt_id, question_id) REFERENCES responses (attempt_id, question_id) ON DELETE CASCADE,
	UNIQUE (class_id, attempt_id, question_id)
);

-- The response's grades (and the foreign key's lookups).
CREATE INDEX grades_response ON grades (attempt_id, question_id);
CREATE INDEX grades_graded_by ON grades (graded_by) WHERE graded_by IS NOT NULL;

-- Today's grades move to the class of the grading teacher that has the
-- lesson assigned and the student enrolled; failing that, the teacher's
-- class the student is in, or that has the lesson; failing that (class or
-- teacher deleted since) no class: the student still sees it.
INSERT INTO grades (class_id, attempt_id, question_id, points, comment, graded_by, graded_at)
SELECT coalesce(
		(SELECT c.id FROM classes c
			JOIN enrolments e ON e.class_id = c.id AND e.user_id = a.user_id
			JOIN assignments s ON s.class_id = c.id AND s.lesson_slug = a.lesson_slug
			WHERE c.teacher_id = r.graded_by ORDER BY c.archived, c.id LIMIT 1),
		(SELECT c.id FROM classes c
			JOIN enrolments e ON e.class_id = c.id AND e.user_id = a.user_id
			WHERE c.teacher_id = r.graded_by ORDER BY c.archived, c.id LIMIT 1),
		(SELECT c.id FROM classes c
			JOIN assignments s ON s.class_id = c.id AND s.lesson_slug = a.lesson_slug
			WHERE c.teacher_id = r.graded_by ORDER BY c.archived, c.id LIMIT 1)),
	r.attempt_id, r.question_id, r.points, r.teacher_comment, r.graded_by, r.graded_at
FROM responses r JOIN attempts a ON a.id = r.attempt_id
WHERE r.graded_at IS NOT NULL;

-- A graded answer goes back to awaiting a teacher, as it is for any class
-- that has not graded it, and its points out of the attempt's own total.
UPDATE responses SET pending = 1, self_assessed = 0, points = 0 WHERE graded_at IS NOT NULL;
UPDATE attempts SET points = (SELECT coalesce(sum(points), 0) FROM responses WHERE attempt_id = attempts.id)
	WHERE id IN (SELECT attempt_id FROM grades);

DROP INDEX responses_graded_by;
ALTER TABLE responses DROP COLUMN graded_by;
ALTER TABLE responses DROP COLUMN teacher_comment;
ALTER TABLE responses DROP COLUMN graded_at;

-- The class whose join code created the account; NULL for every account
-- made another way (sign-up, "save my progress", a guest or self-study
-- learner who joined later) and once that class is deleted.
ALTER TABLE users ADD COLUMN joined_class_id INTEGER REFERENCES classes (id) ON DELETE SET NULL;

-- Existing students: an account created by joining was created in the same
-- second as its first enrolment; a learner or guest who joined existed
-- before. Whoever is uncertain is left to an administrator.
UPDATE users SET joined_class_id = (SELECT e.class_id FROM enrolments e
		WHERE e.user_id = users.id AND e.joined_at = users.created_at ORDER BY e.class_id LIMIT 1)
	WHERE role = 'student';

CREATE INDEX users_joined_class ON users (joined_class_id) WHERE joined_class_id IS NOT NULL;
