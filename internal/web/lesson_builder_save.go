package web

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/ciphergram/ciphergram/internal/store"
	"github.com/ciphergram/ciphergram/lessons"
)

// staleLesson is what a teacher is told when the lesson changed after
// the form was shown. Their form is shown as they sent it, made from the
// lesson as it is now, so that saving again keeps theirs.
const staleLesson = "Not saved: this lesson was changed after this page was shown (in another window or tab, or in the text view). " +
	"Below is your version, as you sent it. Save again to replace the other, or open the lesson again to see it."

// lessonBuilderSave is POST /teach/lessons/{slug}/edit. Save checks the
// lesson as `ciphergram check` does and stores it only without problems;
// the other buttons change the form and store nothing. Either way a form
// shown again holds everything as it was sent.
func (s *Server) lessonBuilderSave(w http.ResponseWriter, r *http.Request, u *store.User) {
	if err := r.ParseForm(); err != nil {
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			s.showError(w, r, http.StatusRequestEntityTooLarge, "Lesson too large",
				"This lesson is larger than a form may send ("+strconv.Itoa(maxFormBytes>>10)+" KB), so nothing was saved. Go back, and split it into two lessons.")
			return
		}
		s.showError(w, r, http.StatusBadRequest, "Form not read", "The form could not be read, so nothing was saved. Go back and send it again.")
		return
	}
	// Owner only: another teacher's lesson is "not found", before anything.
	v, err := s.db.LatestLessonVersion(r.Context(), u.ID, r.PathValue("slug"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d, tooMany := builderForm(r.PostForm, v.Slug)
	in := builderInput{draft: d, note: versionNote(v)}
	in.edits, _ = strconv.Atoi(r.PostFormValue("edits"))
	if tooMany {
		in.errMsg = "Not saved: a lesson may have up to " + strconv.Itoa(maxBuilderQuestions) + " questions, and a list up to " +
			strconv.Itoa(maxBuilderRows) + " rows. What was over the limit is not shown."
		s.renderBuilder(w, r, u, http.StatusUnprocessableEntity, in)
		return
	}
	if op := r.PostFormValue("op"); op != "save" {
		status := http.StatusOK
		if in.errMsg = builderOp(d, op, r.PostFormValue("add-type")); in.errMsg != "" {
			status = http.StatusUnprocessableEntity
		}
		s.renderBuilder(w, r, u, status, in)
		return
	}
	text, fields := d.Write()
	docs, _, err := s.lessonDocs(r.Context(), u.ID, text, nil)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if _, probs := lessons.Parse(v.Slug+".md", []byte(text), docs); len(probs) > 0 {
		in.probs, in.fields = probs, fields
		s.renderBuilder(w, r, u, http.StatusUnprocessableEntity, in)
		return
	}
	err = s.db.SaveLessonDraft(r.Context(), u.ID, v.Slug, in.edits, text)
	switch {
	case errors.Is(err, store.ErrStale):
		in.errMsg, in.edits = staleLesson, v.Edits
		s.renderBuilder(w, r, u, http.StatusConflict, in)
	case errors.Is(err, store.ErrTooManyLessonVersions):
		in.errMsg = "Not saved: this lesson has " + strconv.Itoa(store.MaxLessonVersions) + " versions, the most it may have. Make a new lesson for further changes."
		s.renderBuilder(w, r, u, http.StatusUnprocessableEntity, in)
	case err != nil:
		s.fail(w, r, err)
	default:
		s.setFlash(w, r, "Saved. The lesson has no problems.")
		http.Redirect(w, r, lessonEditURL(v.Slug), http.StatusSeeOther)
	}
}
