package web

import (
	"fmt"
	"math"
	"net/http"
	"time"

	"github.com/ciphergram/ciphergram/internal/store"
	"github.com/ciphergram/ciphergram/lessons"
	"github.com/ciphergram/ciphergram/templates"
)

// progress is /progress: scores and attempts per lesson, and the missed
// questions brought back by spaced repetition.
func (s *Server) progress(w http.ResponseWriter, r *http.Request) {
	u, ok := s.viewer(w, r)
	if !ok {
		return
	}
	v := templates.ProgressPage{Page: s.page(r, u, "Your progress", "progress")}
	v.Flash = s.takeFlash(w, r)
	v.RecoveryCode = s.takeRecoveryCode(w, r)
	if u != nil && (u.Role == store.RoleLearner || u.Role == store.RoleStudent) {
		v.NewCodeAction = "/account/recovery-code"
	}
	type tally struct {
		attempts     int
		latest, best string
		bestPoints   float64
		open, done   bool // the latest attempt is open; one was handed in
	}
	tallies := map[string]*tally{}
	var own []string // teachers' lessons attempted, first attempt first
	if u != nil {
		all, err := s.db.Attempts(r.Context(), u.ID)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		for _, a := range all {
			t := tallies[a.LessonSlug]
			if t == nil {
				t = &tally{latest: "—", best: "—", bestPoints: -1}
				tallies[a.LessonSlug] = t
				if _, builtin := s.unit.Lesson(a.LessonSlug); !builtin {
					own = append(own, a.LessonSlug)
				}
			}
			t.attempts++
			t.open = !a.Finished
			if a.Finished {
				t.done = true
				score := formatPoints(a.Points) + " / " + formatPoints(a.MaxPoints)
				t.latest = score
				if a.Points > t.bestPoints {
					t.best, t.bestPoints = score, a.Points
				}
			}
		}
		reviews, err := s.db.Reviews(r.Context(), u.ID)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		now := s.now()
		for _, rv := range reviews {
			l, ok, err := s.recordedLesson(r.Context(), rv.LessonSlug)
			if err != nil {
				s.fail(w, r, err)
				return
			}
			if !ok {
				continue
			}
			q, ok := l.Question(rv.QuestionID)
			if !ok {
				continue // the lesson changed since
			}
			item := templates.ReviewItem{Lesson: l.Title, Prompt: q.Prompt, Due: dueText(now, rv.Due),
				URL: "/review/" + l.Slug + "/" + q.ID}
			if !rv.Due.After(now) {
				v.Due = append(v.Due, item)
			} else {
				v.Later = append(v.Later, item)
			}
		}
		if len(v.Due) > 0 {
			// The due list is soonest first (store.Reviews); a session
			// takes the cards in that order (review_session.go).
			v.StartReviewURL = v.Due[0].URL + reviewSession{card: 1, of: len(v.Due)}.query()
		}
		if u.Role == "guest" && len(all) > 0 {
			v.SaveURL = "/account/save"
		}
	}
	addRow := func(l *lessons.Lesson) {
		row := templates.ProgressRow{Title: l.Title, URL: lessonURL(l), Status: "not-started", Latest: "—", Best: "—"}
		if t := tallies[l.Slug]; t != nil {
			row.Attempts, row.Latest, row.Best = t.attempts, t.latest, t.best
			// Handing in is what counts: a retry begun since shows beside
			// the result, never instead of it.
			row.Status = "done"
			row.Retry = t.open && t.done
			if !t.done {
				row.Status = "in-progress"
			}
		}
		v.Lessons = append(v.Lessons, row)
	}
	for _, l := range s.unit.Lessons {
		addRow(l)
	}
	// Then the teachers' lessons they have worked on, in the order begun.
	for _, slug := range own {
		l, ok, err := s.recordedLesson(r.Context(), slug)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if ok {
			addRow(l)
		}
	}
	s.render(w, r, http.StatusOK, templates.ProgressView(v))
}

// dueText says when a review is due, in words.
func dueText(now, due time.Time) string {
	d := due.Sub(now)
	if d <= 0 {
		return "now"
	}
	days := int(math.Ceil(d.Hours() / 24))
	if days <= 1 {
		return "tomorrow"
	}
	return fmt.Sprintf("in %d days", days)
}
