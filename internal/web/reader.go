package web

import (
	"net/http"

	"github.com/ciphergram/ciphergram/internal/store"
	"github.com/ciphergram/ciphergram/templates"
)

// reader is /sources/{slug}: the document as the document it is.
func (s *Server) reader(w http.ResponseWriter, r *http.Request) {
	doc, ok := s.glossary.docs[r.PathValue("slug")]
	u, signedIn := s.viewer(w, r)
	if !signedIn {
		return
	}
	if !ok { // a teacher's source, if it is the viewer's
		if u == nil || u.Role != store.RoleTeacher {
			s.notFound(w, r)
			return
		}
		s.sourceLatest(w, r, u)
		return
	}
	s.render(w, r, http.StatusOK, templates.ReaderView(templates.Reader{Page: s.page(r, u, doc.Title, "source"), Doc: doc, Glossary: s.glossary.items}))
}
