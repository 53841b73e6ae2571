package web

import (
	"net/http"

	"github.com/ciphergram/ciphergram/lessons"
	"github.com/ciphergram/ciphergram/templates"
)

// lessonSources is /lessons/{slug}/sources: the lesson's sources side by
// side, as their readers lay them out.
func (s *Server) lessonSources(w http.ResponseWriter, r *http.Request) {
	l, ok := s.lessonIn(w, r)
	if !ok {
		return
	}
	u, ok := s.viewer(w, r)
	if !ok {
		return
	}
	v := templates.LessonSources{Page: s.page(r, u, "Sources: "+l.Title, "lessons"), Title: l.Title,
		LessonURL: lessonURL(l), Glossary: s.glossary.items}
	v.Docs = append([]templates.DocView{s.docView(l, l.Source)}, s.otherDocs(l)...)
	v.Readers = map[string]string{}
	for _, d := range l.Sources {
		if s.builtinSource(d.Slug) {
			v.Readers[d.Slug] = "/sources/" + d.Slug
		}
	}
	s.render(w, r, http.StatusOK, templates.LessonSourcesView(v))
}

// otherDocs are a lesson's sources after its first, laid out for a page
// that shows them beside it.
func (s *Server) otherDocs(l *lessons.Lesson) []templates.DocView {
	var out []templates.DocView
	for _, doc := range l.Sources[1:] {
		out = append(out, prefixIDs(s.docView(l, doc), doc.Slug+":"))
	}
	return out
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
