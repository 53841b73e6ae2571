package web

import (
	"net/http"

	"github.com/ciphergram/ciphergram/internal/store"

	"github.com/ciphergram/ciphergram/templates"
)

// home is the front page: what this is, and a way in for everyone.
func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	u, ok := s.viewer(w, r)
	if !ok {
		return
	}
	cards, err := s.lessonCards(r.Context(), u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := templates.Home{Page: s.page(r, u, "Read history from the source", "home"), Lessons: cards,
		StartURL: cards[0].URL, StartLabel: "Start learning"}
	v.Flash = s.takeFlash(w, r)
	if r.URL.Path == signedOutPath && u == nil {
		// Where signing out lands (see leaving.go).
		v.Flash, v.Forget = "You have signed out.", forgetPath
	}
	for _, c := range cards {
		if c.Status != "done" {
			v.StartURL = c.URL
			if c.Status == "in-progress" || c.Number > 1 {
				v.StartLabel = "Continue: " + c.Title
			}
			break
		}
	}
	if u != nil && u.Role == store.RoleStudent {
		// A class's student continues with what is assigned, from their
		// home; never with the next lesson of the self-study order.
		v.StartURL, v.StartLabel = "/home", "Your classes"
	}
	if d := s.unit.Lessons[0].Source; d != nil {
		v.SourceURL, v.SourceName = "/sources/"+d.Slug, d.Title
	}
	s.render(w, r, http.StatusOK, templates.HomeView(v))
}
