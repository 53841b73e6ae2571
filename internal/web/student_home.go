package web

import (
	"cmp"
	"fmt"
	"net/http"
	"time"

	"github.com/ciphergram/ciphergram/internal/store"
	"github.com/ciphergram/ciphergram/templates"
)

// studentHome is /home: the student's assignments by class, with due
// dates and each class's score, and the feedback their teachers gave,
// each under the class it was given in.
func (s *Server) studentHome(w http.ResponseWriter, r *http.Request, u *store.User) {
	if u.Role == store.RoleTeacher {
		http.Redirect(w, r, "/teach", http.StatusSeeOther)
		return
	}
	ctx := r.Context()
	classes, err := s.db.StudentClasses(ctx, u.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	feedback, err := s.db.StudentFeedback(ctx, u.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := templates.StudentHome{Page: s.page(r, u, "Your classes", "student"), JoinURL: "/join"}
	v.Flash = s.takeFlash(w, r)
	v.RecoveryCode = s.takeRecoveryCode(w, r)
	now := s.now()
	classLabel := map[int64]string{}
	for _, sc := range classes {
		classLabel[sc.Class.ID] = sc.Class.Name + " (" + sc.TeacherName + ")"
		cv := templates.StudentClass{Name: sc.Class.Name, Teacher: sc.TeacherName}
		for _, a := range sc.Assignments {
			l, ok, err := s.recordedLesson(ctx, a.LessonSlug)
			if err != nil {
				s.fail(w, r, err)
				return
			}
			if !ok {
				continue
			}
			sa := templates.StudentAssignment{LessonTitle: l.Title, URL: lessonURL(l), State: "open", StateText: "To do"}
			if a.HasDue {
				sa.Due = formatDue(a.Due, sc.TeacherTimezone)
			}
			latest, started := sc.Latest[l.Slug]
			done, handedIn := sc.Done[l.Slug] // scored with this class's grades
			switch {
			case handedIn:
				score := formatPoints(done.Points) + " / " + formatPoints(done.MaxPoints)
				sa.State, sa.StateText = "done", "Done: "+score
				if a.HasDue && done.FinishedAt.After(a.Due) {
					sa.State, sa.StateText = "done-late", "Done late: "+score
				}
				if !latest.Finished {
					sa.StateText += retryNote
				}
			case a.HasDue && now.After(a.Due):
				sa.State, sa.StateText = "overdue", "Overdue: you can still hand it in"
			case a.HasDue && a.Due.Sub(now) < 48*time.Hour:
				sa.State, sa.StateText = "due-soon", "Due "+untilText(now, a.Due)
			case started:
				sa.StateText = "In progress"
			}
			cv.Assignments = append(cv.Assignments, sa)
		}
		v.Classes = append(v.Classes, cv)
	}
	for _, fb := range feedback {
		l, ok, err := s.recordedLesson(ctx, fb.LessonSlug)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if !ok {
			continue
		}
		q, ok := l.Question(fb.QuestionID)
		if !ok {
			continue
		}
		class := cmp.Or(classLabel[fb.ClassID], fb.ClassName, "A class that was deleted")
		v.Feedback = append(v.Feedback, templates.TeacherFeedback{Class: class, LessonTitle: l.Title, URL: lessonURL(l) + "#q-" + q.ID,
			Question: fmt.Sprintf("Question %d: %s", questionNumber(l, q), plainText(q.Prompt, 80)),
			Points:   formatPoints(fb.Points) + " of " + pluralPoints(q.Points), Comment: fb.Comment})
	}
	s.render(w, r, http.StatusOK, templates.StudentHomeView(v))
}

// retryNote follows the result of work handed in when the learner has
// begun the lesson again: the retry never hides or undoes the result.
const retryNote = " · retry in progress"

// untilText says how soon a due time is, never rounding up: 23 h 05 min
// is "in 23 hours", 40 min "in 40 minutes".
func untilText(now, due time.Time) string {
	left := due.Sub(now)
	if h := int(left.Hours()); h >= 1 {
		return fmt.Sprintf("in %d %s", h, templates.Plural(h, "hour", "hours"))
	}
	m := max(1, int(left.Minutes()))
	return fmt.Sprintf("in %d %s", m, templates.Plural(m, "minute", "minutes"))
}
