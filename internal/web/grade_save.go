package web

import (
	"errors"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/ciphergram/ciphergram/internal/store"
	"github.com/ciphergram/ciphergram/lessons"
)

// gradeSave records a grade on one written answer: the rubric criteria
// ticked plus an adjustment (or, from an older form, "points" alone), and
// a comment. The attempt's score is recomputed, so a regrade updates
// every total. Then it goes on to the next answer waiting after this one.
func (s *Server) gradeSave(w http.ResponseWriter, r *http.Request, u *store.User) {
	c, l, ok := s.classLesson(w, r, u)
	if !ok {
		return
	}
	if err := r.ParseForm(); err != nil {
		s.badForm(w, r, err)
		return
	}
	f := r.PostForm
	attemptID, err := strconv.ParseInt(f.Get("attempt"), 10, 64)
	q, ok := l.Question(f.Get("question"))
	if err != nil || !ok || q.Type != lessons.Written {
		s.badForm(w, r, errors.New("bad grade form"))
		return
	}
	in := &gradeInput{attemptID: attemptID, questionID: q.ID, adjust: strings.TrimSpace(f.Get("adjust")),
		comment: strings.TrimSpace(f.Get("comment"))}
	points, msg := gradePoints(q, f["criterion"], in, strings.TrimSpace(f.Get("points")))
	if msg == "" && len(in.comment) > 2000 {
		msg = "Keep the comment under 2,000 characters."
	}
	if msg != "" {
		in.message = msg
		s.renderGrading(w, r, u, c, l, q.ID, http.StatusUnprocessableEntity, in)
		return
	}
	// Where to go next is read before saving: the saved answer leaves the
	// answers waiting.
	waiting, _, err := s.gradingStack(r, u, c, l)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// The grade is this class's: another class's grade is never touched.
	if err := s.db.GradeByCriteria(r.Context(), u.ID, c.ID, attemptID, q.ID, points, in.criteria, in.comment); err != nil {
		s.fail(w, r, err)
		return
	}
	next := nextWaiting(waiting, attemptID, q.ID)
	flash := "Grade saved. All answers to this question are graded."
	if next != "" {
		flash = "Grade saved."
	} else {
		next = "grading-status"
	}
	s.setFlash(w, r, flash)
	http.Redirect(w, r, gradingURL(c, l, q)+"#"+next, http.StatusSeeOther)
}

// gradePoints reads the grade: ticked criteria (each at most once) plus
// the adjustment; or, with neither, the points given. It must be a finite
// number from 0 to the question's points.
func gradePoints(q *lessons.Question, ticks []string, in *gradeInput, given string) (float64, string) {
	bad := "Give points from 0 to " + formatPoints(q.Points) + ": tick the criteria met, and adjust by a number if you need to."
	for _, t := range ticks {
		i, err := strconv.Atoi(t)
		if err != nil || i < 0 || i >= len(q.Rubric) {
			return 0, "That criterion is not in the rubric. Reload the page and try again."
		}
		if !slices.Contains(in.criteria, i) {
			in.criteria = append(in.criteria, i)
		}
	}
	slices.Sort(in.criteria)
	if len(ticks) == 0 && in.adjust == "" && given == "" {
		return 0, bad // nothing given: not a grade of 0 by accident
	}
	points := criteriaPoints(q, in.criteria)
	number := func(s string) (float64, bool) {
		n, err := strconv.ParseFloat(strings.Replace(strings.Replace(s, "−", "-", 1), ",", ".", 1), 64)
		return n, err == nil && !math.IsNaN(n) && !math.IsInf(n, 0)
	}
	switch {
	case in.adjust != "":
		adj, ok := number(in.adjust)
		if !ok {
			return 0, bad
		}
		points += adj
	case len(ticks) == 0 && given != "":
		p, ok := number(given)
		if !ok {
			return 0, bad
		}
		in.adjust, points = given, p
	}
	// NaN compares false with everything, so it is refused by name above.
	if points < 0 || points > q.Points {
		return 0, "That makes " + formatPoints(points) + " points: " + bad
	}
	return points, ""
}

// nextWaiting is the anchor of the answer to grade after the one saved:
// the next waiting below it, else the first waiting; "" when none is.
func nextWaiting(waiting []store.ClassResponse, attemptID int64, qid string) string {
	var rest []store.ClassResponse
	after := -1
	for _, cr := range waiting {
		if cr.Response.QuestionID != qid {
			continue
		}
		if cr.Response.AttemptID == attemptID {
			after = len(rest)
			continue
		}
		rest = append(rest, cr)
	}
	if len(rest) == 0 {
		return ""
	}
	if after >= 0 && after < len(rest) {
		return gradingAnchor(rest[after].Response.AttemptID, qid)
	}
	return gradingAnchor(rest[0].Response.AttemptID, qid)
}
