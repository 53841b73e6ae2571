package web

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"

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
	l, ok := s.lessonIn(w, r)
	if !ok {
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
		if resp.Pending && len(own) == 0 {      // the learner's "your teacher will grade it" is not for the teacher
			qv.Feedback.Headline = "Handed in: waiting for your grade."
		}
		qv.AnsweredAt = formatDue(resp.CreatedAt, u.Timezone)
		v.Questions = append(v.Questions, qv)
	}
	s.render(w, r, http.StatusOK, templates.StudentAnswersView(v))
}

// grading is the stack of answers to one written question of a lesson
// (?q=, else the first with answers waiting), ungraded first, with the
// question, rubric and model answer once.
func (s *Server) grading(w http.ResponseWriter, r *http.Request, u *store.User) {
	c, l, ok := s.classLesson(w, r, u)
	if !ok {
		return
	}
	s.renderGrading(w, r, u, c, l, r.URL.Query().Get("q"), http.StatusOK, nil)
}

// gradeInput is a grade sent back with a message, to show in place.
type gradeInput struct {
	attemptID       int64
	questionID      string
	criteria        []int
	adjust, comment string
	message         string
}

// gradingURL is the stack of answers to one written question.
func gradingURL(c *store.Class, l *lessons.Lesson, q *lessons.Question) string {
	u := classURL(c.ID) + "/lessons/" + l.Slug + "/grading"
	if q != nil {
		u += "?q=" + url.QueryEscape(q.ID)
	}
	return u
}

// gradingAnchor is an answer's place on the grading page.
func gradingAnchor(attemptID int64, questionID string) string {
	return "g-" + strconv.FormatInt(attemptID, 10) + "-" + questionID
}

// gradingStack returns the answers to the lesson's written questions that
// the teacher grades: those waiting, then the latest graded ones, to
// regrade.
func (s *Server) gradingStack(r *http.Request, u *store.User, c *store.Class, l *lessons.Lesson) (waiting, graded []store.ClassResponse, err error) {
	queue, err := s.db.GradingQueue(r.Context(), u.ID, c.ID, l.Slug)
	if err != nil {
		return nil, nil, err
	}
	latest, err := s.db.ClassResponses(r.Context(), u.ID, c.ID, l.Slug)
	if err != nil {
		return nil, nil, err
	}
	for _, cr := range latest {
		if cr.Grade != nil { // graded in this class
			graded = append(graded, cr)
		}
	}
	return queue, graded, nil
}

func (s *Server) renderGrading(w http.ResponseWriter, r *http.Request, u *store.User, c *store.Class, l *lessons.Lesson, qid string, status int, in *gradeInput) {
	waiting, graded, err := s.gradingStack(r, u, c, l)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var written []*lessons.Question
	count := map[string]int{}
	for _, q := range l.Questions {
		if q.Type == lessons.Written {
			written = append(written, q)
		}
	}
	for _, cr := range waiting {
		count[cr.Response.QuestionID]++
	}
	q, _ := l.Question(qid)
	if q == nil || q.Type != lessons.Written {
		q = nil
		for _, x := range written { // the first with answers waiting, else the first
			if q == nil || count[q.ID] == 0 && count[x.ID] > 0 {
				q = x
			}
		}
	}
	if q == nil {
		s.notFound(w, r) // a lesson without written questions
		return
	}
	v := templates.GradingPage{Page: s.page(r, u, "Grading: "+l.Title, "teach"), ClassName: c.Name, ClassURL: classURL(c.ID),
		LessonTitle: l.Title, QuestionNumber: questionNumber(l, q), Prompt: q.Prompt, ModelAnswer: q.ModelAnswer,
		Max: formatPoints(q.Points), MaxWord: pluralPoints(q.Points)}
	v.Flash = s.takeFlash(w, r)
	if len(written) > 1 {
		for _, x := range written {
			v.Questions = append(v.Questions, templates.GradingTab{Text: "Question " + strconv.Itoa(questionNumber(l, x)),
				URL: gradingURL(c, l, x), Ungraded: count[x.ID], Current: x == q})
		}
	}
	for _, cr := range q.Rubric {
		v.Rubric = append(v.Rubric, templates.RubricLine{Criterion: cr.Criterion, Points: formatPoints(cr.Points)})
	}
	var items []templates.GradingItem
	for _, cr := range append(waiting, graded...) {
		if cr.Response.QuestionID != q.ID {
			continue
		}
		items = append(items, gradingItem(c, l, q, cr, in))
		if cr.Grade == nil {
			v.Ungraded++
		}
	}
	v.Items = items
	s.render(w, r, status, templates.GradingView(v))
}

// gradingItem is one answer with its form: the class's grade, or what
// was just sent back with a message.
func gradingItem(c *store.Class, l *lessons.Lesson, q *lessons.Question, cr store.ClassResponse, in *gradeInput) templates.GradingItem {
	resp := cr.Response
	anchor := gradingAnchor(resp.AttemptID, q.ID)
	// The action ends with the answer's anchor, so a grade sent back with a
	// message opens at that answer, even without JavaScript.
	it := templates.GradingItem{Anchor: anchor, Student: cr.DisplayName,
		Answer: lessons.DecodeAnswer(resp.Answer).Text, Graded: cr.Grade != nil,
		Action: classURL(c.ID) + "/lessons/" + l.Slug + "/grading#" + anchor, AttemptID: resp.AttemptID, QuestionID: q.ID}
	var ticked []int
	if g := cr.Grade; g != nil {
		ticked, it.Comment = g.Criteria, g.Comment
		it.Points, it.Adjust = formatPoints(g.Points), formatPoints(g.Points-criteriaPoints(q, g.Criteria))
	}
	if in != nil && in.attemptID == resp.AttemptID && in.questionID == q.ID {
		ticked, it.Adjust, it.Comment, it.Error = in.criteria, in.adjust, in.comment, in.message
	}
	if it.Adjust == "0" {
		it.Adjust = ""
	}
	for i, cr := range q.Rubric {
		it.Criteria = append(it.Criteria, templates.GradingCriterion{Index: i, Criterion: cr.Criterion,
			Points: formatPoints(cr.Points), Checked: slices.Contains(ticked, i)})
	}
	return it
}

// criteriaPoints is what the ticked rubric criteria are worth.
func criteriaPoints(q *lessons.Question, ticked []int) float64 {
	var sum float64
	for _, i := range ticked {
		if i >= 0 && i < len(q.Rubric) {
			sum += q.Rubric[i].Points
		}
	}
	return sum
}

func questionNumber(l *lessons.Lesson, q *lessons.Question) int {
	for i, x := range l.Questions {
		if x == q {
			return i + 1
		}
	}
	return 0
}
