package web

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/ciphergram/ciphergram/internal/store"
	"github.com/ciphergram/ciphergram/lessons"
	"github.com/ciphergram/ciphergram/templates"
)

// draftSave is POST /lessons/{slug}/questions/{question}/draft: a written
// answer kept, not handed in. It is stored on the server, per attempt and
// question, so the learner can come back to it on any device; handing the
// answer in (answerSubmit) is what makes it final, and drops the draft.
func (s *Server) draftSave(w http.ResponseWriter, r *http.Request) {
	l, q, ok := s.lessonQuestion(w, r)
	if !ok {
		return
	}
	if q.Type != lessons.Written {
		s.showError(w, r, http.StatusNotFound, "No draft for this question",
			"Only written answers can be saved as drafts, so nothing was saved. Reload the lesson and answer the question there.")
		return
	}
	if err := r.ParseForm(); err != nil {
		s.badForm(w, r, err)
		return
	}
	attemptID, ok := formAttempt(r)
	if !ok {
		s.badForm(w, r, errors.New("bad attempt"))
		return
	}
	text := r.PostForm.Get("text")
	if msg := draftProblem(text); msg != "" {
		s.answerError(w, r, l, q, msg)
		return
	}
	u, ok := s.viewer(w, r)
	if !ok {
		return
	}
	if u == nil && attemptID != 0 { // no one's attempt is a visitor's: make no guest for it
		s.notYourAttempt(w, r)
		return
	}
	var userID int64 // 0: a visitor who drafts before answering anything; the guest is made with the draft
	if u != nil {
		userID = u.ID
	} else if !s.takeNewUser(w, r) {
		return
	}
	seed, ok := lessons.ParseSeed(r.PostForm.Get(lessons.SeedField))
	if !ok {
		seed = uint64(newSeed())
	}
	drafter, err := s.db.SaveDraft(r.Context(), store.DraftSave{UserID: userID, LessonSlug: l.Slug, LessonHash: l.Hash,
		MaxPoints: l.MaxPoints(), AttemptID: attemptID, Seed: int64(seed), QuestionID: q.ID, Text: text})
	if err == nil && u == nil {
		if err := s.signIn(w, r, drafter); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	switch {
	case errors.Is(err, store.ErrAttemptFinished):
		s.setFlash(w, r, "That answer was already handed in, so the draft was not saved. Your answer is below.")
	case errors.Is(err, store.ErrNotFound):
		s.notYourAttempt(w, r)
		return
	case err != nil:
		s.fail(w, r, err)
		return
	default:
		s.setFlash(w, r, "Draft saved: "+wordsText(wordCount(text))+". It stays here until you hand it in.")
	}
	http.Redirect(w, r, lessonURL(l)+"#q-"+q.ID, http.StatusSeeOther)
}

func (s *Server) notYourAttempt(w http.ResponseWriter, r *http.Request) {
	s.showError(w, r, http.StatusNotFound, "Not your lesson attempt",
		"This draft belongs to a try at the lesson that is not yours, so nothing was saved. Reload the lesson.")
}

// draftProblem says what keeps a draft from being saved; "" if nothing.
// Unlike an answer, a draft may be empty.
func draftProblem(text string) string {
	switch {
	case len(text) > lessons.MaxTextLen:
		return "The draft is too long: at most " + itoa(lessons.MaxTextLen) + " characters"
	case !utf8.ValidString(text) || strings.ContainsRune(text, 0):
		return "The draft contains characters that are not text"
	}
	return ""
}

// withDraft makes a written question's form a draft form: a Save draft
// button beside Hand in, the word count, and the saved draft in the box
// unless the learner's own text is being shown again after an error.
func (s *Server) withDraft(ctx context.Context, v *templates.QuestionView, l *lessons.Lesson, q *lessons.Question, attemptID int64, reshown bool) error {
	v.DraftAction = lessonURL(l) + "/questions/" + q.ID + "/draft"
	if attemptID != 0 && !reshown {
		d, err := s.db.DraftOf(ctx, attemptID, q.ID)
		switch {
		case err == nil:
			v.Text, v.DraftSaved = d.Text, true
		case !errors.Is(err, store.ErrNotFound):
			return err
		}
	}
	v.Words = wordsText(wordCount(v.Text))
	return nil
}

// wordCount counts words as app.js does: runs of non-space.
func wordCount(text string) int { return len(strings.Fields(text)) }

func wordsText(n int) string { return itoa(n) + " " + templates.Plural(n, "word", "words") }
