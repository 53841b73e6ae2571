package web

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/ciphergram/ciphergram/internal/store"
	"github.com/ciphergram/ciphergram/lessons"
	"github.com/ciphergram/ciphergram/templates"
)

// answerSubmit grades an answer on the server and stores it, once: a
// double click, a reload or the back button finds the stored response and
// changes nothing. Then it redirects to the feedback or, for an answer
// sent in the background by the page's script, answers with the parts of
// the page that change (answer_fragment.go).
func (s *Server) answerSubmit(w http.ResponseWriter, r *http.Request) {
	l, q, ok := s.lessonQuestion(w, r)
	if !ok {
		return
	}
	if err := r.ParseForm(); err != nil {
		s.badForm(w, r, err)
		return
	}
	attemptID, ok := formAttempt(r)
	if !ok {
		s.badForm(w, r, errors.New("bad attempt"))
		return
	}
	a, err := q.DecodeForm(r.PostForm)
	if err != nil {
		s.answerError(w, r, l, q, err.Error())
		return
	}
	u, ok := s.viewer(w, r)
	if !ok {
		return
	}
	var userID int64 // 0: a visitor; the guest is created with the answer
	if u != nil {
		userID = u.ID
	} else if !s.takeNewUser(w, r) {
		return
	}
	// An attempt this answer starts takes the order the page showed, so
	// the learner sees the same order after answering.
	seed, ok := lessons.ParseSeed(r.PostForm.Get(lessons.SeedField))
	if !ok {
		seed = uint64(newSeed())
	}
	res := lessons.Grade(q, a)
	sub, err := s.db.Submit(r.Context(), store.Submission{
		UserID: userID, LessonSlug: l.Slug, LessonHash: l.Hash, MaxPoints: l.MaxPoints(), QuestionCount: len(l.Questions),
		QuestionIDs: questionIDs(l), AttemptID: attemptID, Seed: int64(seed), QuestionID: q.ID, Answer: lessons.EncodeAnswer(a),
		Score: res.Score, Points: res.Points(q), Correct: res.Correct, Pending: res.Pending,
	})
	switch {
	case errors.Is(err, store.ErrAttemptFinished):
		s.setFlash(w, r, "That try at the lesson was already finished, so this answer was not saved. Your results are below.")
	case err != nil:
		s.fail(w, r, err)
		return
	case u == nil:
		if err := s.signIn(w, r, sub.User); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	if wantsFragment(r) && err == nil {
		s.answerUpdate(w, r, sub, l, q)
		return
	}
	http.Redirect(w, r, lessonURL(l)+"#q-"+q.ID, http.StatusSeeOther)
}

// questionIDs lists the lesson's questions, so that an attempt begun on an
// older version of the lesson drops its answers to questions now gone.
func questionIDs(l *lessons.Lesson) []string {
	ids := make([]string, len(l.Questions))
	for i, q := range l.Questions {
		ids[i] = q.ID
	}
	return ids
}

// lessonQuestion finds the lesson and question named in the path, or
// answers 404 with a message.
func (s *Server) lessonQuestion(w http.ResponseWriter, r *http.Request) (*lessons.Lesson, *lessons.Question, bool) {
	l, ok := s.lessonIn(w, r)
	if !ok {
		return nil, nil, false
	}
	q, ok := l.Question(r.PathValue("question"))
	if !ok {
		s.showError(w, r, http.StatusNotFound, "No such question",
			"This lesson has no such question, so nothing was saved. Reload the lesson and answer the question shown there.")
		return nil, nil, false
	}
	return l, q, true
}

// formAttempt reads the hidden attempt field: 0 when absent.
func formAttempt(r *http.Request) (int64, bool) {
	v := r.PostForm.Get("attempt")
	if v == "" {
		return 0, true
	}
	id, err := strconv.ParseInt(v, 10, 64)
	return id, err == nil && id >= 0
}

// answerError shows the lesson again with the learner's input and a
// message beside the question. Nothing was stored.
func (s *Server) answerError(w http.ResponseWriter, r *http.Request, l *lessons.Lesson, q *lessons.Question, msg string) {
	u, ok := s.viewer(w, r)
	if !ok {
		return
	}
	prev := lessons.Answer{Choices: r.PostForm["choice"], Text: r.PostForm.Get("text")}
	v, err := s.lessonView(r.Context(), w, r, u, l, &formError{questionID: q.ID, answer: prev, form: r.PostForm, message: msg + "."})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if wantsFragment(r) {
		s.renderUpdate(w, r, http.StatusUnprocessableEntity, v, q.ID)
		return
	}
	s.render(w, r, http.StatusUnprocessableEntity, templates.LessonView(v))
}

// attemptStart begins a new try at a finished lesson.
func (s *Server) attemptStart(w http.ResponseWriter, r *http.Request) {
	l, ok := s.lessonIn(w, r)
	if !ok {
		return
	}
	u, ok := s.viewer(w, r)
	if !ok {
		return
	}
	if u == nil { // no earlier try: the first answer starts one
		http.Redirect(w, r, lessonURL(l), http.StatusSeeOther)
		return
	}
	if _, err := s.db.StartAttempt(r.Context(), u.ID, l.Slug, l.Hash, l.MaxPoints()); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, lessonURL(l)+"#questions", http.StatusSeeOther)
}

// selfAssess records a self-study learner's score for their own written
// answer, from the rubric criteria they say it meets.
func (s *Server) selfAssess(w http.ResponseWriter, r *http.Request) {
	l, q, ok := s.lessonQuestion(w, r)
	if !ok {
		return
	}
	if err := r.ParseForm(); err != nil {
		s.badForm(w, r, err)
		return
	}
	attemptID, validAttempt := formAttempt(r)
	u, ok := s.viewer(w, r)
	if !ok {
		return
	}
	byTeacher, err := s.teacherGrades(r.Context(), u, l.Slug)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !validAttempt || u == nil || byTeacher || q.Type != lessons.Written {
		s.showError(w, r, http.StatusBadRequest, "Cannot score this answer",
			"Only your own written answers can be scored this way. Go back to the lesson and try again.")
		return
	}
	var points float64
	seen := map[int]bool{}
	for _, v := range r.PostForm["criterion"] {
		i, err := strconv.Atoi(v)
		if err != nil || i < 0 || i >= len(q.Rubric) || seen[i] {
			s.badForm(w, r, errors.New("bad criterion"))
			return
		}
		seen[i] = true
		points += q.Rubric[i].Points
	}
	if _, err := s.db.SelfAssess(r.Context(), u.ID, attemptID, q.ID, points); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, lessonURL(l)+"#q-"+q.ID, http.StatusSeeOther)
}

func itoa(i int) string { return strconv.Itoa(i) }
