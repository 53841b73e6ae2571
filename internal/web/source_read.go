package web

import (
	"net/http"
	"strconv"

	"github.com/ciphergram/ciphergram/internal/store"
	"github.com/ciphergram/ciphergram/templates"
)

// sourceRead is GET /sources/{slug}/v/{version}: a published version of
// a teacher's source in the telegram's reader, sentence IDs as anchors.
// For now only its owner may read it; classes will through the lessons
// they are assigned. Nothing of it is cached: it is read when asked for,
// so teachers' sources cost the built-in pages nothing.
func (s *Server) sourceRead(w http.ResponseWriter, r *http.Request, u *store.User) {
	version, err := strconv.Atoi(r.PathValue("version"))
	if err != nil || version < 1 {
		s.notFound(w, r)
		return
	}
	v, err := s.db.PublishedSource(r.Context(), u.ID, r.PathValue("slug"), version)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	versions, err := s.db.PublishedVersions(r.Context(), u.ID, v.Slug)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	info := sourceInfo(v, versions)
	doc := templates.DocView{Slug: v.Slug, Title: v.Title}
	for _, b := range fromStored(v.Blocks) {
		bv := templates.BlockView{ID: b.ID, Kind: string(b.Kind)}
		for _, st := range b.Sentences {
			bv.Sentences = append(bv.Sentences, templates.SentenceView{ID: st.ID, Parts: []templates.TextPart{{Text: st.Text}}})
		}
		doc.Blocks = append(doc.Blocks, bv)
	}
	s.render(w, r, http.StatusOK, templates.ReaderView(templates.Reader{Page: s.page(r, u, v.Title, "teach"), Doc: doc, Source: &info}))
}

// sourceLatest is GET /sources/{slug} for a teacher's source: its newest
// published version, whose URL is the one to keep.
func (s *Server) sourceLatest(w http.ResponseWriter, r *http.Request, u *store.User) {
	v, err := s.db.PublishedSource(r.Context(), u.ID, r.PathValue("slug"), 0)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, sourceVersionURL(v.Slug, v.Version), http.StatusSeeOther)
}

// sourceInfo is a version's details for the page, with links to every
// published version.
func sourceInfo(v *store.SourceVersion, versions []int) templates.SourceInfo {
	info := templates.SourceInfo{Creator: v.Creator, Date: v.Date, Kind: v.Kind, Provenance: v.Provenance,
		Translation: v.Translation, Rights: v.Rights, Version: v.Version}
	if !v.Draft() {
		info.Published = v.Published.Format("2 January 2006")
	}
	for _, n := range versions {
		info.Versions = append(info.Versions, templates.Link{Text: "version " + strconv.Itoa(n), URL: sourceVersionURL(v.Slug, n)})
	}
	return info
}
