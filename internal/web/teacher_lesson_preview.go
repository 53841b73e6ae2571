package web

import (
	"net/http"

	"github.com/ciphergram/ciphergram/internal/store"
	"github.com/ciphergram/ciphergram/lessons"
	"github.com/ciphergram/ciphergram/templates"
)

// Previews of a teacher's lesson as it stands (the draft, or else the
// newest version), for its owner alone: as a student sees it and as the
// teacher's edition. Nothing is cached and nothing is stored: the
// preview's questions are shown as forms with answering turned off, and
// there is no route that would take an answer to a draft.

const previewNote = "Preview of your draft as a student sees it: every question is shown at once, and answering is off, so nothing is checked or stored."

// previewLesson parses the teacher's newest version of the lesson for a
// preview; a draft with problems is sent back to its overview to fix.
func (s *Server) previewLesson(w http.ResponseWriter, r *http.Request, u *store.User) (*lessons.Lesson, bool) {
	v, err := s.db.LatestLessonVersion(r.Context(), u.ID, r.PathValue("slug"))
	if err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	c, err := s.checkVersion(r.Context(), v)
	if err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	if len(c.problems) > 0 || c.lesson == nil {
		s.renderOverview(w, r, u, http.StatusUnprocessableEntity, "The draft has problems, so it cannot be previewed yet. Fix each one at its line in the text view.")
		return nil, false
	}
	return c.lesson, true
}

// lessonPreview is GET /teach/lessons/{slug}/preview.
func (s *Server) lessonPreview(w http.ResponseWriter, r *http.Request, u *store.User) {
	l, ok := s.previewLesson(w, r, u)
	if !ok {
		return
	}
	v := templates.LessonPage{Page: s.page(r, u, "Preview: "+l.Title, "teach"), Title: l.Title, Summary: l.Summary,
		Skills: l.Skills, Reading: s.reading(l), Total: len(l.Questions), Preview: previewNote}
	for i, q := range l.Questions {
		qv := questionForm(l, q, i+1, "", 0, 1, lessons.Answer{}, "")
		qv.Preview = true
		v.Questions = append(v.Questions, qv)
	}
	s.render(w, r, http.StatusOK, templates.LessonView(v))
}

// lessonEditionPreview is GET /teach/lessons/{slug}/preview/teacher.
func (s *Server) lessonEditionPreview(w http.ResponseWriter, r *http.Request, u *store.User) {
	l, ok := s.previewLesson(w, r, u)
	if !ok {
		return
	}
	v := s.edition(r, u, l)
	v.Preview = "Preview of your draft as its teacher's edition: every question with its answer."
	s.render(w, r, http.StatusOK, templates.TeacherEditionView(v))
}
