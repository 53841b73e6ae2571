package web

import (
	"context"
	"errors"
	"net/http"

	"github.com/ciphergram/ciphergram/internal/store"
	"github.com/ciphergram/ciphergram/templates"
)

// accountDelete deletes the user's own account and everything in it, in
// one transaction: a learner or student types their password, a guest
// ticks a box. The deleted ID names no one, so every copy of the session
// cookie stops working. A teacher's account, with its classes, is an
// administrator's to delete.
func (s *Server) accountDelete(w http.ResponseWriter, r *http.Request, u *store.User) {
	if err := r.ParseForm(); err != nil {
		s.badForm(w, r, err)
		return
	}
	refuse := func(status int, msg string) {
		s.render(w, r, status, templates.MyDataView(s.myDataPage(r, u, msg)))
	}
	switch u.Role {
	case store.RoleTeacher:
		refuse(http.StatusForbidden, "A teacher’s account is deleted by the person who runs this server.")
		return
	case store.RoleGuest:
		if r.PostForm.Get("confirm") != "1" {
			refuse(http.StatusUnprocessableEntity, "To delete your progress, tick the box that confirms it.")
			return
		}
	default:
		// The sign-in page's limits on wrong passwords apply here too: a
		// borrowed browser must not be a way to guess the password.
		guard := s.loginGuard(r, u.Username, u)
		wait, err := guard.wait(r.Context())
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if wait > 0 {
			refuse(http.StatusTooManyRequests, "Too many tries that did not match. Wait "+seconds(wait)+" seconds, then try again.")
			return
		}
		if err := s.hasher.Verify(r.Context(), u.PasswordHash, r.PostForm.Get("password")); err != nil {
			if errors.Is(err, context.Canceled) {
				return
			}
			s.limitCounted(r, guard.fail(r.Context()))
			refuse(http.StatusUnauthorized, "That is not your password, so nothing was deleted. Type it again.")
			return
		}
	}
	if err := s.db.DeleteUser(r.Context(), u.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	s.log.Info("account deleted by its owner", "user", u.ID, "role", u.Role)
	s.signOut(w, r)
	if err := s.forgetDevice(w, r, u.ID); err != nil {
		s.log.Warn("device cookie not rewritten after deleting an account", "err", err)
	}
	forgetPages(w)
	page := s.page(r, nil, "Account deleted", "")
	s.render(w, r, http.StatusOK, templates.ErrorView(templates.ErrorPage{Page: page, Heading: "Your account is deleted",
		Message: "Your account, every answer, grade and comment, and your place in your classes are gone from Ciphergram. You are signed out everywhere."}))
}
