package web

import (
	"net/http"
	"slices"

	"github.com/ciphergram/ciphergram/internal/store"
	"github.com/ciphergram/ciphergram/lessons"
	"github.com/ciphergram/ciphergram/templates"
)

// reviewShow is /review/{slug}/{question}: a missed question, asked again.
func (s *Server) reviewShow(w http.ResponseWriter, r *http.Request) {
	l, q, rv, u, ok := s.reviewFor(w, r)
	if !ok {
		return
	}
	rs, err := s.reviewSession(r, u, rv)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := s.reviewPage(r, u, l)
	v.Question = questionForm(l, q, 1, r.URL.Path+rs.query(), 0, uint64(rv.Seed), lessons.Answer{}, "")
	v.Question.Title = rs.title()
	s.render(w, r, http.StatusOK, templates.ReviewView(v))
}

// reviewSubmit grades the review answer and moves the question along the
// schedule: further away when right, back to tomorrow when missed. An
// answer to a review that is not due (a second click, a reload) is graded
// and shown but does not move the schedule again.
func (s *Server) reviewSubmit(w http.ResponseWriter, r *http.Request) {
	l, q, rv, u, ok := s.reviewFor(w, r)
	if !ok {
		return
	}
	if err := r.ParseForm(); err != nil {
		s.badForm(w, r, err)
		return
	}
	rs, err := s.reviewSession(r, u, rv)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := s.reviewPage(r, u, l)
	a, err := q.DecodeForm(r.PostForm)
	if err != nil {
		prev := lessons.Answer{Choices: r.PostForm["choice"], Text: r.PostForm.Get("text")}
		v.Question = questionForm(l, q, 1, r.URL.Path+rs.query(), 0, uint64(rv.Seed), prev, err.Error()+".")
		v.Question.Title = rs.title()
		s.render(w, r, http.StatusUnprocessableEntity, templates.ReviewView(v))
		return
	}
	res := lessons.Grade(q, a)
	if !rv.Due.After(s.now()) && !res.Pending {
		next, err := s.db.RecordReview(r.Context(), u.ID, l.Slug, q.ID, res.Correct)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		rv = next
	}
	v.NextDue = "Next review of this question: " + dueText(s.now(), rv.Due) + "."
	resp := store.Response{QuestionID: q.ID, Answer: lessons.EncodeAnswer(a), Score: res.Score, Points: res.Points(q),
		Correct: res.Correct, Pending: res.Pending}
	v.Question = answeredView(l, q, 1, resp, uint64(rv.Seed), nil, selfStudy(u), "")
	v.Question.Title = rs.title()
	if v.NextURL, v.Finished, err = s.nextCard(r, u, rs, l.Slug, q.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, templates.ReviewView(v))
}

func (s *Server) reviewPage(r *http.Request, u *store.User, l *lessons.Lesson) templates.ReviewPage {
	return templates.ReviewPage{Page: s.page(r, u, "Review: "+l.Title, "progress"), LessonTitle: l.Title,
		LessonURL: lessonURL(l), BackURL: "/progress"}
}

// reviewFor finds the signed-in learner's scheduled review of the question
// in the path; anything else is "not found".
func (s *Server) reviewFor(w http.ResponseWriter, r *http.Request) (*lessons.Lesson, *lessons.Question, *store.Review, *store.User, bool) {
	l, q, ok := s.lessonQuestion(w, r)
	if !ok {
		return nil, nil, nil, nil, false
	}
	u, err := s.activeUser(w, r)
	if err != nil {
		s.fail(w, r, err)
		return nil, nil, nil, nil, false
	}
	if u == nil {
		s.notFound(w, r)
		return nil, nil, nil, nil, false
	}
	reviews, err := s.db.Reviews(r.Context(), u.ID)
	if err != nil {
		s.fail(w, r, err)
		return nil, nil, nil, nil, false
	}
	i := slices.IndexFunc(reviews, func(rv store.Review) bool { return rv.LessonSlug == l.Slug && rv.QuestionID == q.ID })
	if i < 0 {
		s.notFound(w, r)
		return nil, nil, nil, nil, false
	}
	return l, q, &reviews[i], u, true
}
