package web

import (
	"net/http"

	"github.com/ciphergram/ciphergram/internal/store"
	"github.com/ciphergram/ciphergram/lessons"
	"github.com/ciphergram/ciphergram/templates"
)

// FragmentHeader marks an answer sent by static/app.js in the background:
// the reply is only the parts of the lesson page that change
// (templates.LessonUpdate), not a redirect to the whole page. A browser
// without the script never sends it, and gets what it always got.
const FragmentHeader = "Ciphergram-Fragment"

// LocationHeader, on a fragment reply, is the address the page now shows:
// the one the form's redirect would have led to, for the script to put in
// the history so that Back and reload land on the same state.
const LocationHeader = "Ciphergram-Location"

func wantsFragment(r *http.Request) bool { return r.Header.Get(FragmentHeader) != "" }

// answerUpdate answers a stored answer sent in the background: the answered
// question with its feedback, the next one, the count and the lesson's end,
// as the page at the redirect's address would show them.
func (s *Server) answerUpdate(w http.ResponseWriter, r *http.Request, u *store.User, l *lessons.Lesson, q *lessons.Question) {
	v, err := s.lessonView(r.Context(), w, r, u, l, nil)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set(LocationHeader, lessonURL(l)+"#q-"+q.ID)
	s.renderUpdate(w, r, http.StatusOK, v, q.ID)
}

// renderUpdate sends v's update around question id: that question and the
// open one after it, if any.
func (s *Server) renderUpdate(w http.ResponseWriter, r *http.Request, status int, v templates.LessonPage, id string) {
	var qs []templates.QuestionView
	for _, qv := range v.Questions {
		if qv.ID == id || !qv.Answered {
			qs = append(qs, qv)
		}
	}
	w.Header().Set(FragmentHeader, "answer")
	s.render(w, r, status, templates.LessonUpdate(v, qs))
}
