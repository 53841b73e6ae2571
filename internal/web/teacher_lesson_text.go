package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/ciphergram/ciphergram/internal/store"
	"github.com/ciphergram/ciphergram/templates"
)

// The text view: the whole lesson file in a box. Saving stores it as the
// draft, problems and all (a draft is the teacher's to finish), then
// shows every problem at its line, as `ciphergram check` would; a draft
// with problems cannot be published.

// lessonText is GET /teach/lessons/{slug}/text: the newest version, the
// draft if there is one. Saving a published version's text makes the
// draft of the next.
func (s *Server) lessonText(w http.ResponseWriter, r *http.Request, u *store.User) {
	v, err := s.db.LatestLessonVersion(r.Context(), u.ID, r.PathValue("slug"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderLessonText(w, r, u, http.StatusOK, v, v.Text, "")
}

// renderLessonText shows text (the stored version's, or what was sent
// and not saved) with the stored version's problems and notes.
func (s *Server) renderLessonText(w http.ResponseWriter, r *http.Request, u *store.User, status int, v *store.LessonVersion, text, errMsg string) {
	c, err := s.checkVersion(r.Context(), v)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	notes, err := s.answeredNotes(r.Context(), c)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	base := teacherLessonURL(v.Slug)
	p := templates.LessonTextPage{Page: s.page(r, u, "Lesson file: "+c.title(), "teach"), Title: c.title(), Slug: v.Slug,
		Text: text, Action: base + "/text", Edits: v.Edits, Error: errMsg, Saved: s.takeFlash(w, r), Notes: notes,
		BackURL: base, MaxKB: maxLessonBytes >> 10}
	p.Problems, p.Draft = c.problems, v.Draft()
	if !v.Draft() && errMsg == "" && p.Saved == "" {
		p.Saved = fmt.Sprintf("This is version %d, published. Saving makes a draft of version %d; students keep version %d until you publish it.", v.Version, v.Version+1, v.Version)
	}
	if p.Saved != "" && v.Draft() && len(p.Problems) == 0 {
		p.Saved += " No problems: it can be published."
	}
	s.render(w, r, status, templates.LessonTextView(p))
}

// lessonTextSave is POST /teach/lessons/{slug}/text.
func (s *Server) lessonTextSave(w http.ResponseWriter, r *http.Request, u *store.User) {
	ctx := r.Context()
	latest, err := s.db.LatestLessonVersion(ctx, u.ID, r.PathValue("slug"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			s.renderLessonText(w, r, u, http.StatusRequestEntityTooLarge, latest, latest.Text,
				fmt.Sprintf("What was sent is too large, so nothing was saved. A lesson file may be up to %d KB: make two lessons of a longer one.", maxLessonBytes>>10))
			return
		}
		s.badForm(w, r, err)
		return
	}
	text := strings.TrimPrefix(strings.ReplaceAll(r.PostForm.Get("text"), "\r\n", "\n"), "\uFEFF")
	switch {
	case len(text) > maxLessonBytes:
		s.renderLessonText(w, r, u, http.StatusRequestEntityTooLarge, latest, latest.Text,
			fmt.Sprintf("The lesson file is %d KB; it may be up to %d KB. Nothing was saved: make two lessons of a longer one.", (len(text)+1023)>>10, maxLessonBytes>>10))
		return
	case !utf8.ValidString(text) || strings.ContainsRune(text, 0):
		s.renderLessonText(w, r, u, http.StatusUnprocessableEntity, latest, latest.Text,
			"The text is not plain UTF-8 text, so nothing was saved.")
		return
	case strings.TrimSpace(text) == "":
		s.renderLessonText(w, r, u, http.StatusUnprocessableEntity, latest, latest.Text,
			"The lesson file is empty, so nothing was saved.")
		return
	}
	edits, _ := strconv.Atoi(r.PostForm.Get("edits"))
	err = s.db.SaveLessonDraft(ctx, u.ID, latest.Slug, edits, text)
	switch {
	case errors.Is(err, store.ErrStale):
		s.renderLessonText(w, r, u, http.StatusConflict, latest, text,
			"The draft was changed in another window since this page was opened, so this was not saved. The box holds what you sent; the problems listed are the saved draft's. Check it and save again.")
	case errors.Is(err, store.ErrTooManyLessonVersions):
		s.renderLessonText(w, r, u, http.StatusUnprocessableEntity, latest, text,
			fmt.Sprintf("This lesson has %d versions, the most it may have, so nothing was saved. Start a new lesson and paste the text there (with its new slug).", store.MaxLessonVersions))
	case err != nil:
		s.fail(w, r, err)
	default:
		s.setFlash(w, r, "Saved.")
		http.Redirect(w, r, teacherLessonURL(latest.Slug)+"/text", http.StatusSeeOther)
	}
}
