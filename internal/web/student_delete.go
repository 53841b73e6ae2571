package web

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/ciphergram/ciphergram/internal/store"
	"github.com/ciphergram/ciphergram/templates"
)

// A teacher deletes a student's account, with all its answers, under the
// password reset's rule (store.ResetRight): only an account made by
// joining one of their classes, and only while no other teacher has the
// student. First a confirmation page, which says who can when they may not.

func studentDeleteURL(classID, studentID int64) string {
	return classURL(classID) + "/students/" + strconv.FormatInt(studentID, 10) + "/delete"
}

// studentDeleteForm confirms the deletion, or explains the refusal.
func (s *Server) studentDeleteForm(w http.ResponseWriter, r *http.Request, u *store.User) {
	c, student, right, ok := s.studentRight(w, r, u)
	if !ok {
		return
	}
	sid := student.ID
	v := templates.StudentDeletePage{Page: s.page(r, u, "Delete "+student.DisplayName+"’s account", "teach"),
		Student: student.DisplayName, Username: student.Username, ClassName: c.Name, ClassURL: classURL(c.ID)}
	status := http.StatusOK
	if right.Allowed {
		d, err := s.db.UserData(r.Context(), sid)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		v.Action = studentDeleteURL(c.ID, sid)
		v.Attempts = len(d.Attempts)
		for _, a := range d.Attempts {
			v.Answers += len(a.Answers)
		}
	} else {
		status = http.StatusForbidden
		v.Refusal = whoCanDelete(*student, right)
	}
	s.render(w, r, status, templates.StudentDeleteView(v))
}

// studentDelete deletes the account; the rule is checked again in the
// deleting transaction.
func (s *Server) studentDelete(w http.ResponseWriter, r *http.Request, u *store.User) {
	c, student, right, ok := s.studentRight(w, r, u)
	if !ok {
		return
	}
	sid := student.ID
	if !right.Allowed {
		s.renderClass(w, r, u, c, http.StatusForbidden, whoCanDelete(*student, right), nil)
		return
	}
	if err := s.db.DeleteStudent(r.Context(), u.ID, c.ID, sid); errors.Is(err, store.ErrDeleteRefused) {
		s.renderClass(w, r, u, c, http.StatusForbidden, "You can no longer delete this account: reload the page to see who can.", nil)
		return
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	s.log.Info("student account deleted by their teacher", "teacher", u.ID, "class", c.ID, "user", sid)
	s.setFlash(w, r, "The account of "+student.DisplayName+" is deleted, with all their answers.")
	http.Redirect(w, r, classURL(c.ID), http.StatusSeeOther)
}

// whoCanDelete tells a teacher who may delete a student's account when
// they may not: the reset rule, so the reset's reasons.
func whoCanDelete(student store.User, right store.ResetRight) string {
	return whoCan(student, right, "delete this account", "delete it", "ciphergram user delete "+student.Username+
		". The student can delete it themselves, from My data")
}
