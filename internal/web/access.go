package web

import (
	"net/http"
	"net/url"

	"github.com/ciphergram/ciphergram/internal/store"
)

// userHandler is a handler that needs to know who is asking.
type userHandler func(w http.ResponseWriter, r *http.Request, u *store.User)

// signedIn lets anyone with a session pass; others are sent to sign in.
func (s *Server) signedIn(next userHandler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		u, err := s.activeUser(w, r)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if u == nil {
			http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.Path), http.StatusSeeOther)
			return
		}
		next(w, r, u)
	}
}

// teacher lets only teachers pass. Anyone else signed in is told "not
// found", as for a page that does not exist: a refusal reveals nothing.
func (s *Server) teacher(next userHandler) http.HandlerFunc {
	return s.signedIn(func(w http.ResponseWriter, r *http.Request, u *store.User) {
		if u.Role != store.RoleTeacher {
			s.notFound(w, r)
			return
		}
		next(w, r, u)
	})
}
