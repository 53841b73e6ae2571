package web

import (
	"net/http"

	"github.com/ciphergram/ciphergram/internal/store"
	"github.com/ciphergram/ciphergram/templates"
)

// A password reset, a removal and a new join code each ask first, on a
// page of their own (no JavaScript needed): GET shows the question, and a
// POST without confirm=1 shows it too, so no single click does harm.

// confirmed reports whether the form confirms the action.
func confirmed(r *http.Request) bool { return r.PostForm.Get("confirm") == "1" }

func (s *Server) renderConfirm(w http.ResponseWriter, r *http.Request, u *store.User, c *store.Class, status int, v templates.ConfirmPage) {
	v.Page = s.page(r, u, v.Heading, "teach")
	v.ClassName, v.ClassURL = c.Name, classURL(c.ID)
	s.render(w, r, status, templates.ConfirmView(v))
}

// resetConfirm asks before giving a student a new password, or says, as
// the roster does, who can when this teacher may not.
func (s *Server) resetConfirm(w http.ResponseWriter, r *http.Request, u *store.User, c *store.Class, student *store.User, right store.ResetRight) {
	v := templates.ConfirmPage{Heading: "Reset the password of " + student.DisplayName + "?",
		Action: r.URL.Path, Button: "Reset password of " + student.DisplayName, Danger: true,
		Explain: []string{
			student.DisplayName + " (" + student.Username + ") gets a new password, shown to you once on the next page: give it to them.",
			"Their old password stops working at once, and they are signed out everywhere. Their answers stay.",
		}}
	status := http.StatusOK
	if !right.Allowed {
		v.Refusal, status = whoCanReset(*student, right), http.StatusForbidden
	}
	s.renderConfirm(w, r, u, c, status, v)
}

func (s *Server) studentResetAsk(w http.ResponseWriter, r *http.Request, u *store.User) {
	if c, student, right, ok := s.studentRight(w, r, u); ok {
		s.resetConfirm(w, r, u, c, student, right)
	}
}

// rosterStudent finds a student on the class's roster.
func (s *Server) rosterStudent(r *http.Request, u *store.User, c *store.Class) (*store.User, error) {
	sid, ok := studentFor(r)
	if !ok {
		return nil, store.ErrNotFound
	}
	roster, err := s.db.Roster(r.Context(), u.ID, c.ID)
	if err != nil {
		return nil, err
	}
	for _, e := range roster {
		if e.User.ID == sid {
			return &e.User, nil
		}
	}
	return nil, store.ErrNotFound
}

func (s *Server) removeConfirm(w http.ResponseWriter, r *http.Request, u *store.User, c *store.Class) {
	student, err := s.rosterStudent(r, u, c)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderConfirm(w, r, u, c, http.StatusOK, templates.ConfirmPage{
		Heading: "Remove " + student.DisplayName + " from " + c.Name + "?", Action: r.URL.Path,
		Button: "Remove " + student.DisplayName, Danger: true,
		Explain: []string{
			student.DisplayName + " (" + student.Username + ") leaves this class: they no longer see its assignments, and you no longer see their work.",
			"Their account and all their answers are kept. To take them back, give them the join code again.",
		}})
}

func (s *Server) studentRemoveAsk(w http.ResponseWriter, r *http.Request, u *store.User) {
	if c, ok := s.classFor(w, r, u); ok {
		s.removeConfirm(w, r, u, c)
	}
}

func (s *Server) codeConfirm(w http.ResponseWriter, r *http.Request, u *store.User, c *store.Class) {
	s.renderConfirm(w, r, u, c, http.StatusOK, templates.ConfirmPage{
		Heading: "Give " + c.Name + " a new join code?", Action: r.URL.Path, Button: "Make a new join code",
		Explain: []string{
			"The code " + c.JoinCode + " stops working at once: anyone who has not joined yet needs the new one.",
			"Students already in the class stay in it.",
		}})
}

func (s *Server) classNewCodeAsk(w http.ResponseWriter, r *http.Request, u *store.User) {
	if c, ok := s.classFor(w, r, u); ok {
		s.codeConfirm(w, r, u, c)
	}
}

// confirmFirst shows the confirm page unless the POST confirms the action
// (or the class is not the teacher's: then the action's own checks answer).
func (s *Server) confirmFirst(w http.ResponseWriter, r *http.Request, u *store.User, ask func(http.ResponseWriter, *http.Request, *store.User, *store.Class)) bool {
	if err := r.ParseForm(); err != nil {
		s.badForm(w, r, err)
		return false
	}
	if confirmed(r) {
		return true
	}
	if c, ok := s.classFor(w, r, u); ok {
		ask(w, r, u, c)
	}
	return false
}
