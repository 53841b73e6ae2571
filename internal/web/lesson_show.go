package web

import (
	"context"
	"math"
	"net/http"
	"net/url"

	"github.com/ciphergram/ciphergram/internal/store"
	"github.com/ciphergram/ciphergram/lessons"
	"github.com/ciphergram/ciphergram/templates"
)

// lessonShow is /lessons/{slug}: the reading, the questions answered so far
// with their feedback, and the next question. It resumes exactly where the
// learner left off, because that is all read from the latest attempt.
func (s *Server) lessonShow(w http.ResponseWriter, r *http.Request) {
	l, ok := s.lessonIn(w, r)
	if !ok {
		return
	}
	u, ok := s.viewer(w, r)
	if !ok {
		return
	}
	v, err := s.lessonView(r.Context(), w, r, u, l, nil)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v.Flash = s.takeFlash(w, r)
	s.render(w, r, http.StatusOK, templates.LessonView(v))
}

// formError is a submission sent back to the learner to correct.
type formError struct {
	questionID string
	answer     lessons.Answer // what they had entered, to fill the form again
	form       url.Values     // as sent: the places and matches, even ones that clash
	message    string
}

func selfStudy(u *store.User) bool {
	return u == nil || u.Role == store.RoleGuest || u.Role == store.RoleLearner
}

// teacherGrades reports whether a teacher will grade u's written answers
// to the lesson: u is a student and one of their classes has it assigned.
// Otherwise the learner scores their own against the model answer.
func (s *Server) teacherGrades(ctx context.Context, u *store.User, slug string) (bool, error) {
	if u == nil || u.Role != store.RoleStudent {
		return false, nil
	}
	assigned, err := s.db.Assigned(ctx, u.ID, slug)
	return gradedByTeacher(u, assigned), err
}

// gradedByTeacher is teacherGrades once it is known whether the lesson is
// assigned to one of u's classes.
func gradedByTeacher(u *store.User, assigned bool) bool {
	return u != nil && u.Role == store.RoleStudent && assigned
}

// lessonView builds the lesson page. It may set the session cookie on w
// (the browser's order seed, before its first answer).
func (s *Server) lessonView(ctx context.Context, w http.ResponseWriter, r *http.Request, u *store.User, l *lessons.Lesson, fe *formError) (templates.LessonPage, error) {
	num := 0
	for i, x := range s.unit.Lessons {
		if x == l {
			num = i + 1
		}
	}
	v := templates.LessonPage{Page: s.page(r, u, l.Title, "lessons"), Number: num, UnitSize: len(s.unit.Lessons),
		Title: l.Title, Summary: l.Summary, Skills: l.Skills, Reading: s.reading(l),
		Total: len(l.Questions), WorksheetURL: lessonURL(l) + "/worksheet"}
	if len(l.Sources) > 1 {
		v.SourcesURL = lessonURL(l) + "/sources"
	}

	st := lessonState{answers: map[string]store.Response{}}
	if u != nil {
		p, err := s.db.LessonProgress(ctx, u.ID, l.Slug)
		if err != nil {
			return v, err
		}
		st.attempt, st.grades = p.Attempt, p.Grades
		for _, resp := range p.Responses {
			st.answers[resp.QuestionID] = resp
		}
		st.byTeacher = gradedByTeacher(u, p.Assigned)
		// A finished attempt on an older version of a teacher's lesson is
		// shown as that version was: its questions, keys and feedback.
		if old, err := s.answeredVersion(ctx, l, st.attempt); err != nil {
			return v, err
		} else if old != nil {
			l = old
			v.Reading, v.Total = s.reading(l), len(l.Questions)
			v.VersionNote = "You answered an earlier version of this lesson, shown here as it was. Try again to take the lesson as it is now."
		}
		if st.byTeacher {
			if v.DueLine, v.Late, err = s.dueLine(ctx, u, l.Slug); err != nil {
				return v, err
			}
		}
	}
	// The order of the attempt shown; before the first answer, the
	// browser's, which the attempt that answer starts takes.
	if st.attempt != nil {
		st.seed = uint64(st.attempt.Seed)
	} else {
		st.seed = s.lessonSeed(w, r, l.Slug)
	}
	v.Answered = st.answered(l)
	next := st.next(l)
	for i, q := range l.Questions {
		if resp, ok := st.answers[q.ID]; ok {
			v.Questions = append(v.Questions, st.answeredQuestion(l, i, resp))
		} else if i == next { // only the next question is shown, so the page stays short
			qv, err := s.openQuestion(ctx, l, i, &st, v.Answered, fe)
			if err != nil {
				return v, err
			}
			v.Questions = append(v.Questions, qv)
		}
	}
	s.lessonEnd(&v, u, l, &st)
	return v, nil
}

// lessonState is where a learner stands on a lesson: what its page and an
// answer's update (answer_fragment.go) are drawn from.
type lessonState struct {
	attempt   *store.Attempt            // the latest, open or finished; nil before the first answer
	answers   map[string]store.Response // the attempt's, by question
	grades    []store.Grade             // teachers' grades on them
	byTeacher bool                      // a teacher grades the written answers
	seed      uint64                    // the order the questions' choices are shown in
}

func (st *lessonState) finished() bool { return st.attempt != nil && st.attempt.Finished }

// answered counts the lesson's questions answered.
func (st *lessonState) answered(l *lessons.Lesson) int {
	n := 0
	for _, q := range l.Questions {
		if _, ok := st.answers[q.ID]; ok {
			n++
		}
	}
	return n
}

// next is the index of the question to answer next: the first one not
// answered, or -1 once the attempt is finished.
func (st *lessonState) next(l *lessons.Lesson) int {
	if st.finished() {
		return -1
	}
	for i, q := range l.Questions {
		if _, ok := st.answers[q.ID]; !ok {
			return i
		}
	}
	return -1
}

// answeredQuestion is question i with its feedback.
func (st *lessonState) answeredQuestion(l *lessons.Lesson, i int, resp store.Response) templates.QuestionView {
	q := l.Questions[i]
	return answeredView(l, q, i+1, resp, st.seed, gradesOf(st.grades, q.ID), !st.byTeacher,
		lessonURL(l)+"/questions/"+q.ID+"/self-assess")
}

// openQuestion is question i as a form to answer, filled again with what
// fe sent back if it is about this question.
func (s *Server) openQuestion(ctx context.Context, l *lessons.Lesson, i int, st *lessonState, answered int, fe *formError) (templates.QuestionView, error) {
	q := l.Questions[i]
	var openID int64
	if st.attempt != nil && !st.attempt.Finished {
		openID = st.attempt.ID
	}
	var prev lessons.Answer
	msg := ""
	reshown := fe != nil && fe.questionID == q.ID
	if reshown {
		prev, msg = fe.answer, fe.message
	}
	qv := questionForm(l, q, i+1, lessonURL(l)+"/questions/"+q.ID, openID, st.seed, prev, msg)
	if q.Type == lessons.Written { // drafts: see draft.go
		if err := s.withDraft(ctx, &qv, l, q, openID, reshown); err != nil {
			return qv, err
		}
	}
	if msg != "" {
		keepPlaces(&qv, fe.form)
	}
	qv.Resume = msg == "" && answered > 0
	return qv, nil
}

// lessonEnd fills the end of the page: the summary once the attempt is
// finished, and a guest's invitation to save (v.Answered set first).
func (s *Server) lessonEnd(v *templates.LessonPage, u *store.User, l *lessons.Lesson, st *lessonState) {
	if st.finished() {
		v.Done = s.summary(l, st.attempt, st.answers, st.grades)
	}
	if u != nil && u.Role == store.RoleGuest && v.Answered > 0 {
		v.SaveURL = "/account/save"
	}
}

// summary ends a finished lesson: the score, what to look at again, and
// where to go next.
func (s *Server) summary(l *lessons.Lesson, a *store.Attempt, answers map[string]store.Response, grades []store.Grade) *templates.SummaryView {
	sv := &templates.SummaryView{Score: formatPoints(a.Points), Max: formatPoints(a.MaxPoints),
		RetryAction: lessonURL(l) + "/attempts"}
	if a.MaxPoints > 0 {
		sv.Percent = int(math.Round(100 * a.Points / a.MaxPoints))
	}
	for i, q := range l.Questions {
		resp, ok := answers[q.ID]
		switch {
		case !ok:
		case resp.Pending && !resp.SelfAssessed && len(gradesOf(grades, q.ID)) == 0:
			sv.Pending++
		case !resp.Correct && !resp.Pending:
			sv.Review = append(sv.Review, templates.ReviewLink{
				Text: "Question " + itoa(i+1) + ": " + plainText(q.Prompt, 80), URL: "#q-" + q.ID})
		}
	}
	if next := s.unit.Next(l); next != nil {
		sv.Next = &templates.LessonCard{Title: next.Title, Summary: next.Summary, URL: lessonURL(next)}
		for i, x := range s.unit.Lessons {
			if x == next {
				sv.Next.Number = i + 1
			}
		}
	}
	return sv
}
