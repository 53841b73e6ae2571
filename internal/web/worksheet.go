package web

import (
	"net/http"

	"github.com/ciphergram/ciphergram/lessons"
	"github.com/ciphergram/ciphergram/templates"
)

// worksheet is the lesson for print: reading, the document and the
// questions, with no answers and no feedback.
func (s *Server) worksheet(w http.ResponseWriter, r *http.Request) {
	l, ok := s.unit.Lesson(r.PathValue("slug"))
	if !ok {
		s.notFound(w, r)
		return
	}
	u, ok := s.viewer(w, r)
	if !ok {
		return
	}
	v := templates.Worksheet{Page: s.page(r, u, "Worksheet: "+l.Title, "lessons"), Title: l.Title, Summary: l.Summary,
		Sections: sectionViews(l), Glossary: glossaryViews(l), Doc: s.glossary.docs[l.Source.Slug]}
	for i, q := range l.Questions {
		v.Questions = append(v.Questions, questionForm(l, q, i+1, "", 0, lessons.Answer{}, ""))
	}
	s.render(w, r, http.StatusOK, templates.WorksheetView(v))
}
