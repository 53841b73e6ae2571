package web

import (
	"net/http"

	"github.com/ciphergram/ciphergram/templates"
)

// lessonSources is /lessons/{slug}/sources: the lesson's sources side by
// side, as their readers lay them out.
func (s *Server) lessonSources(w http.ResponseWriter, r *http.Request) {
	l, ok := s.unit.Lesson(r.PathValue("slug"))
	if !ok {
		s.notFound(w, r)
		return
	}
	u, ok := s.viewer(w, r)
	if !ok {
		return
	}
	v := templates.LessonSources{Page: s.page(r, u, "Sources: "+l.Title, "lessons"), Title: l.Title,
		LessonURL: lessonURL(l), Glossary: s.glossary.items}
	for _, doc := range l.Sources {
		d := s.glossary.docs[doc.Slug]
		if doc != l.Source {
			d = prefixIDs(d, doc.Slug+":")
		}
		v.Docs = append(v.Docs, d)
	}
	s.render(w, r, http.StatusOK, templates.LessonSourcesView(v))
}

// prefixIDs gives a document's blocks and sentences IDs unique in a page
// that shows it beside another: "slug:p7.s2", as the lesson's refs name them.
func prefixIDs(d templates.DocView, prefix string) templates.DocView {
	blocks := make([]templates.BlockView, len(d.Blocks))
	for i, b := range d.Blocks {
		b.ID = prefix + b.ID
		ss := make([]templates.SentenceView, len(b.Sentences))
		for j, s := range b.Sentences {
			s.ID = prefix + s.ID
			ss[j] = s
		}
		b.Sentences = ss
		blocks[i] = b
	}
	d.Blocks = blocks
	return d
}
