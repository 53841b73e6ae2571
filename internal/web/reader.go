package web

import (
	"net/http"

	"github.com/ciphergram/ciphergram/templates"
)

// reader is /sources/{slug}: the document as the document it is.
func (s *Server) reader(w http.ResponseWriter, r *http.Request) {
	doc, ok := s.glossary.docs[r.PathValue("slug")]
	if !ok {
		s.notFound(w, r)
		return
	}
	u, ok := s.viewer(w, r)
	if !ok {
		return
	}
	s.render(w, r, http.StatusOK, templates.ReaderView(templates.Reader{Page: s.page(r, u, doc.Title, "source"), Doc: doc, Glossary: s.glossary.items}))
}
