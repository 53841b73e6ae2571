package web

import (
	"errors"
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/ciphergram/ciphergram/internal/store"
	"github.com/ciphergram/ciphergram/lessons"
	"github.com/ciphergram/ciphergram/templates"
)

// classLesson loads the class and the lesson in the path, for the teacher.
func (s *Server) classLesson(w http.ResponseWriter, r *http.Request, u *store.User) (*store.Class, *lessons.Lesson, bool) {
	c, ok := s.classFor(w, r, u)
	if !ok {
		return nil, nil, false
	}
	l, ok := s.unit.Lesson(r.PathValue("slug"))
	if !ok {
		s.notFound(w, r)
		return nil, nil, false
	}
	return c, l, true
}

// studentAnswers shows one student's latest attempt at a lesson: what they
// chose, which sentences they cited, and when.
func (s *Server) studentAnswers(w http.ResponseWriter, r *http.Request, u *store.User) {
	c, l, ok := s.classLesson(w, r, u)
	if !ok {
		return
	}
	sid, ok := studentFor(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	roster, err := s.db.Roster(r.Context(), u.ID, c.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var student *store.User
	for _, e := range roster {
		if e.User.ID == sid {
			student = &e.User
		}
	}
	if student == nil {
		s.notFound(w, r)
		return
	}
	v := templates.StudentAnswers{Page: s.page(r, u, student.DisplayName+": "+l.Title, "teach"), ClassName: c.Name,
		ClassURL: classURL(c.ID), Student: student.DisplayName, Username: student.Username, LessonTitle: l.Title,
		Status: "Not started", GradingURL: classURL(c.ID) + "/lessons/" + l.Slug + "/grading"}
	attempt, resps, grades, err := s.db.StudentLessonResponses(r.Context(), u.ID, c.ID, sid, l.Slug)
	switch {
	case errors.Is(err, store.ErrNotFound):
	case err != nil:
		s.fail(w, r, err)
		return
	default:
		v.Status = "In progress"
		if attempt.Finished {
			v.Status = "Done: " + formatPoints(attempt.Points) + " / " + formatPoints(attempt.MaxPoints)
		}
	}
	answers := map[string]store.Response{}
	for _, resp := range resps {
		answers[resp.QuestionID] = resp
	}
	var seed uint64 // the order the student saw
	if attempt != nil {
		seed = uint64(attempt.Seed)
	}
	for i, q := range l.Questions {
		resp, ok := answers[q.ID]
		if !ok {
			v.Unanswered = append(v.Unanswered, "Question "+strconv.Itoa(i+1))
			continue
		}
		own := gradesOf(grades, q.ID) // this class's only
		for i := range own {
			own[i].ClassName = "" // the page is the class's
		}
		qv := answeredView(l, q, i+1, resp, seed, own, false, "")
		qv.Feedback.ModelAnswer = q.ModelAnswer // the teacher may see it always
		qv.AnsweredAt = formatDue(resp.CreatedAt, u.Timezone)
		v.Questions = append(v.Questions, qv)
	}
	s.render(w, r, http.StatusOK, templates.StudentAnswersView(v))
}

// grading is the queue of written answers to a lesson, ungraded first,
// each beside the rubric from the lesson file.
func (s *Server) grading(w http.ResponseWriter, r *http.Request, u *store.User) {
	c, l, ok := s.classLesson(w, r, u)
	if !ok {
		return
	}
	s.renderGrading(w, r, u, c, l, http.StatusOK, nil)
}

// gradeInput is a grade sent back with a message, to show in place.
type gradeInput struct {
	attemptID       int64
	questionID      string
	points, comment string
	message         string
}

func (s *Server) renderGrading(w http.ResponseWriter, r *http.Request, u *store.User, c *store.Class, l *lessons.Lesson, status int, in *gradeInput) {
	// The queue: pending answers; then the latest graded ones, to regrade.
	queue, err := s.db.GradingQueue(r.Context(), u.ID, c.ID, l.Slug)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	latest, err := s.db.ClassResponses(r.Context(), u.ID, c.ID, l.Slug)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	crs := queue
	for _, cr := range latest {
		if cr.Grade != nil { // graded in this class
			crs = append(crs, cr)
		}
	}
	v := templates.GradingPage{Page: s.page(r, u, "Grading: "+l.Title, "teach"), ClassName: c.Name, ClassURL: classURL(c.ID), LessonTitle: l.Title}
	v.Flash = s.takeFlash(w, r)
	var ungraded, graded []templates.GradingItem
	for _, cr := range crs {
		q, ok := l.Question(cr.Response.QuestionID)
		if !ok || q.Type != lessons.Written {
			continue
		}
		resp := cr.Response
		item := templates.GradingItem{Anchor: "g-" + strconv.FormatInt(resp.AttemptID, 10) + "-" + q.ID, Student: cr.DisplayName,
			QuestionNumber: questionNumber(l, q), Prompt: q.Prompt, Answer: lessons.DecodeAnswer(resp.Answer).Text,
			Max: formatPoints(q.Points), Graded: cr.Grade != nil,
			Action: classURL(c.ID) + "/lessons/" + l.Slug + "/grading", AttemptID: resp.AttemptID, QuestionID: q.ID}
		for _, cr := range q.Rubric {
			item.Rubric = append(item.Rubric, templates.RubricLine{Criterion: cr.Criterion, Points: formatPoints(cr.Points)})
		}
		if cr.Grade != nil {
			item.Points, item.Comment = formatPoints(cr.Grade.Points), cr.Grade.Comment
		}
		if in != nil && in.attemptID == resp.AttemptID && in.questionID == q.ID {
			item.Points, item.Comment, item.Error = in.points, in.comment, in.message
		}
		if item.Graded {
			graded = append(graded, item)
		} else {
			ungraded = append(ungraded, item)
		}
	}
	v.Ungraded = len(ungraded)
	v.Items = append(ungraded, graded...)
	s.render(w, r, status, templates.GradingView(v))
}

func questionNumber(l *lessons.Lesson, q *lessons.Question) int {
	for i, x := range l.Questions {
		if x == q {
			return i + 1
		}
	}
	return 0
}

// gradeSave records points and a comment for one written answer; the
// attempt's score is recomputed, so a regrade updates every total.
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
	in := &gradeInput{attemptID: attemptID, questionID: q.ID, points: f.Get("points"), comment: strings.TrimSpace(f.Get("comment"))}
	points, err := strconv.ParseFloat(strings.Replace(strings.TrimSpace(in.points), ",", ".", 1), 64)
	switch {
	// NaN compares false with everything, so it is refused by name.
	case err != nil || math.IsNaN(points) || points < 0 || points > q.Points:
		in.message = "Give points from 0 to " + formatPoints(q.Points) + "."
	case len(in.comment) > 2000:
		in.message = "Keep the comment under 2,000 characters."
	}
	if in.message != "" {
		s.renderGrading(w, r, u, c, l, http.StatusUnprocessableEntity, in)
		return
	}
	// The grade is this class's: another class's grade is never touched.
	if err := s.db.GradeResponse(r.Context(), u.ID, c.ID, attemptID, q.ID, points, in.comment); err != nil {
		s.fail(w, r, err)
		return
	}
	s.setFlash(w, r, "Grade saved.")
	http.Redirect(w, r, classURL(c.ID)+"/lessons/"+l.Slug+"/grading", http.StatusSeeOther)
}
