package web

import (
	"net/http"

	"github.com/ciphergram/ciphergram/templates"
)

// privacy is the page a student and their parent read: what is kept, why,
// for how long, who sees it, and how to download or delete it.
func (s *Server) privacy(w http.ResponseWriter, r *http.Request) {
	u, ok := s.viewer(w, r)
	if !ok {
		return
	}
	v := templates.PrivacyPage{Page: s.page(r, u, "Privacy", "privacy"), GuestDays: s.guestDays, Contact: s.privacyContact}
	s.render(w, r, http.StatusOK, templates.PrivacyView(v))
}
