package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/ciphergram/ciphergram/internal/store"
	"github.com/ciphergram/ciphergram/seeds"
	"github.com/ciphergram/ciphergram/templates"
)

// The draft of a source: its split to check, merge and split, then
// publish. Every form carries the draft's edit count, so a form shown
// before another change (a second tab, a button pressed twice) changes
// nothing and shows the draft as it is now.

// staleDraft is what a teacher is told when a form met a changed draft.
const staleDraft = "The draft changed since that page was shown (in another window, or by pressing twice), so nothing was changed. Here it is as it is now."

// sourceDraft is GET /teach/sources/{slug}/draft. With no draft, the
// newest published version is shown instead.
func (s *Server) sourceDraft(w http.ResponseWriter, r *http.Request, u *store.User) {
	v, err := s.db.SourceDraft(r.Context(), u.ID, r.PathValue("slug"))
	if errors.Is(err, store.ErrNotFound) {
		if p, err := s.db.PublishedSource(r.Context(), u.ID, r.PathValue("slug"), 0); err == nil {
			http.Redirect(w, r, sourceVersionURL(p.Slug, p.Version), http.StatusSeeOther)
			return
		}
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderDraft(w, r, u, http.StatusOK, v, "")
}

func (s *Server) renderDraft(w http.ResponseWriter, r *http.Request, u *store.User, status int, v *store.SourceVersion, errMsg string) {
	base := sourcesURL(v.Slug)
	p := templates.SourceDraftPage{Page: s.page(r, u, v.Title, "teach"), Slug: v.Slug, Version: v.Version,
		Edits: v.Edits, Info: sourceInfo(v, nil), MergeAction: base + "/draft/merge", SplitURL: base + "/draft/split",
		PublishAction: base + "/draft/publish", EditURL: base + "/edit", Error: errMsg}
	for _, b := range fromStored(v.Blocks) {
		db := templates.DraftBlock{ID: b.ID, Kind: string(b.Kind)}
		for i, st := range b.Sentences {
			ds := templates.DraftSentence{ID: st.ID, Text: st.Text}
			if i+1 < len(b.Sentences) {
				ds.MergeNext = b.Sentences[i+1].ID
			}
			db.Sentences = append(db.Sentences, ds)
		}
		p.Blocks = append(p.Blocks, db)
	}
	s.render(w, r, status, templates.SourceDraftView(p))
}

// draftEdit loads the draft a form was made from; if it has changed
// since, it shows the draft as it is now and returns nil.
func (s *Server) draftEdit(w http.ResponseWriter, r *http.Request, u *store.User) (*store.SourceVersion, int) {
	v, err := s.db.SourceDraft(r.Context(), u.ID, r.PathValue("slug"))
	if err != nil {
		s.fail(w, r, err)
		return nil, 0
	}
	edits, err := strconv.Atoi(r.PostFormValue("edits"))
	if err != nil || edits != v.Edits {
		s.renderDraft(w, r, u, http.StatusConflict, v, staleDraft)
		return nil, 0
	}
	return v, edits
}

// saveSplit stores a changed split and goes back to the draft.
func (s *Server) saveSplit(w http.ResponseWriter, r *http.Request, u *store.User, v *store.SourceVersion, blocks []seeds.Block) {
	err := s.db.SaveSourceSplit(r.Context(), u.ID, v.Slug, v.Edits, toStored(blocks))
	if errors.Is(err, store.ErrStale) {
		s.renderDraft(w, r, u, http.StatusConflict, v, staleDraft)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	id := r.PostFormValue("sentence")
	http.Redirect(w, r, sourcesURL(v.Slug)+"/draft#"+id, http.StatusSeeOther)
}

// sourceMerge is POST …/draft/merge: a sentence and the next become one.
func (s *Server) sourceMerge(w http.ResponseWriter, r *http.Request, u *store.User) {
	v, _ := s.draftEdit(w, r, u)
	if v == nil {
		return
	}
	blocks := fromStored(v.Blocks)
	if err := seeds.MergeSentences(blocks, r.PostFormValue("sentence")); err != nil {
		s.renderDraft(w, r, u, http.StatusUnprocessableEntity, v, "Nothing was merged: "+err.Error()+".")
		return
	}
	s.saveSplit(w, r, u, v, blocks)
}

// sourceSplitForm is GET …/draft/split?sentence=p2.s3.
func (s *Server) sourceSplitForm(w http.ResponseWriter, r *http.Request, u *store.User) {
	v, err := s.db.SourceDraft(r.Context(), u.ID, r.PathValue("slug"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderSplit(w, r, u, http.StatusOK, v, r.URL.Query().Get("sentence"), "", "")
}

func (s *Server) renderSplit(w http.ResponseWriter, r *http.Request, u *store.User, status int, v *store.SourceVersion, id, text, errMsg string) {
	var found bool
	for _, b := range fromStored(v.Blocks) {
		for _, st := range b.Sentences {
			if st.ID == id {
				found = true
				if text == "" {
					text = st.Text
				}
			}
		}
	}
	if !found {
		s.notFound(w, r)
		return
	}
	base := sourcesURL(v.Slug)
	s.render(w, r, status, templates.SourceSplitView(templates.SourceSplitPage{Page: s.page(r, u, "Split "+id, "teach"),
		SentenceID: id, Text: text, Action: base + "/draft/split", Edits: v.Edits, BackURL: base + "/draft#" + id, Error: errMsg}))
}

// sourceSplit is POST …/draft/split: the sentence becomes the lines the
// teacher made of it, as long as the words stay the same.
func (s *Server) sourceSplit(w http.ResponseWriter, r *http.Request, u *store.User) {
	v, _ := s.draftEdit(w, r, u)
	if v == nil {
		return
	}
	id, text := r.PostFormValue("sentence"), r.PostFormValue("text")
	blocks := fromStored(v.Blocks)
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	if err := seeds.SplitSentence(blocks, id, lines); err != nil {
		s.renderSplit(w, r, u, http.StatusUnprocessableEntity, v, id, text, "Nothing was split: "+err.Error()+".")
		return
	}
	s.saveSplit(w, r, u, v, blocks)
}

// sourcePublish is POST …/draft/publish: the draft becomes a version
// that never changes, at its own URL.
func (s *Server) sourcePublish(w http.ResponseWriter, r *http.Request, u *store.User) {
	v, edits := s.draftEdit(w, r, u)
	if v == nil {
		return
	}
	version, err := s.db.PublishSource(r.Context(), u.ID, v.Slug, edits)
	if errors.Is(err, store.ErrStale) {
		s.renderDraft(w, r, u, http.StatusConflict, v, staleDraft)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, sourceVersionURL(v.Slug, version), http.StatusSeeOther)
}
