package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"strconv"

	"github.com/ciphergram/ciphergram/internal/store"
	"github.com/ciphergram/ciphergram/lessons"
	"github.com/ciphergram/ciphergram/templates"
)

// checkedLesson is a version of a teacher's lesson read as `ciphergram
// check` reads a file, against the sources it may cite.
type checkedLesson struct {
	version  *store.LessonVersion
	lesson   *lessons.Lesson // nil when the file has no front matter to read
	problems []templates.LessonLine
	used     map[string]int // the sources' versions read, for publishing to pin
}

// checkVersion parses a version of the teacher's lesson: a draft against
// its sources' newest published versions, a published one against those
// it pins. A slug other than the server's is a problem: it is the
// lesson's address, and attempts and assignments are kept under it.
func (s *Server) checkVersion(ctx context.Context, v *store.LessonVersion) (*checkedLesson, error) {
	docs, used, err := s.lessonDocs(ctx, v.OwnerID, v.Text, v.Sources)
	if err != nil {
		return nil, err
	}
	l, probs := lessons.Parse(v.Slug+".md", []byte(v.Text), docs)
	c := &checkedLesson{version: v, lesson: l, problems: problemLines(probs), used: used}
	if l != nil && l.Slug != "" && l.Slug != v.Slug {
		c.problems = append(c.problems, templates.LessonLine{Line: slugLine(v.Text), Msg: fmt.Sprintf(
			"the slug must stay %q: it is this lesson's address on the server, where its answers and assignments are kept. To start another lesson, use New lesson.", v.Slug)})
	}
	return c, nil
}

// title is the lesson's title, or its slug when the file cannot say.
func (c *checkedLesson) title() string {
	if c.lesson != nil && c.lesson.Title != "" {
		return c.lesson.Title
	}
	return c.version.Slug
}

// answeredNotes says, beside each question students have answered, what
// an edit does to it. The published version keeps its ID and key for the
// answers given: the draft changes them only as the next version.
func (s *Server) answeredNotes(ctx context.Context, c *checkedLesson) ([]templates.LessonLine, error) {
	answered, err := s.db.AnsweredQuestions(ctx, c.version.Slug)
	if err != nil || len(answered) == 0 {
		return nil, err
	}
	published, err := s.publishedLesson(ctx, c.version.Slug)
	if isNotFound(err) || errors.Is(err, errBrokenLesson) { // nothing to compare with
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	next := c.version.Version
	var out []templates.LessonLine
	for _, id := range answered {
		was, ok := published.Question(id)
		if !ok {
			continue // gone before the newest published version
		}
		var q *lessons.Question
		if c.lesson != nil {
			q, _ = c.lesson.Question(id)
		}
		switch {
		case !c.version.Draft():
			out = append(out, templates.LessonLine{Line: was.Line, Msg: fmt.Sprintf(
				"Students have answered question %q, so its ID and key stay as they are in this version. To change them, edit the lesson: the change becomes version %d when you publish it.", id, next+1)})
		case q == nil:
			out = append(out, templates.LessonLine{Msg: fmt.Sprintf(
				"Students have answered question %q, which this draft no longer has (or names differently). Their answers keep their scores; from version %d it is no longer part of the lesson.", id, next)})
		case !sameKey(was, q):
			out = append(out, templates.LessonLine{Line: q.Line, Msg: fmt.Sprintf(
				"Students have answered question %q and this draft changes its key. The answers already given keep their scores; the new key applies from version %d, once you publish it.", id, next)})
		default:
			out = append(out, templates.LessonLine{Line: q.Line, Msg: fmt.Sprintf(
				"Students have answered question %q: keep its ID. A change to its key would apply from version %d, once you publish it; the answers given keep their scores.", id, next)})
		}
	}
	return out, nil
}

// sameKey reports whether two versions of a question take the same
// answers as right: its type and everything that grades it.
func sameKey(a, b *lessons.Question) bool {
	type key struct {
		Type    lessons.Type
		Correct []string
		Answer  bool
		Accept  []string
		Items   []lessons.Item
		Pairs   []lessons.Pair
		Key     []string
		Also    []string
		Rubric  []lessons.Criterion
		Points  float64
	}
	keyOf := func(q *lessons.Question) key {
		k := key{Type: q.Type, Answer: q.Answer, Accept: q.Accept, Items: q.Items, Pairs: q.Pairs, Key: q.Key,
			Also: q.Also, Rubric: q.Rubric, Points: q.Points}
		for _, c := range q.Choices {
			if c.Correct {
				k.Correct = append(k.Correct, c.ID)
			}
		}
		return k
	}
	return reflect.DeepEqual(keyOf(a), keyOf(b))
}

// lessonOverview is GET /teach/lessons/{slug}.
func (s *Server) lessonOverview(w http.ResponseWriter, r *http.Request, u *store.User) {
	s.renderOverview(w, r, u, http.StatusOK, "")
}

func (s *Server) renderOverview(w http.ResponseWriter, r *http.Request, u *store.User, status int, errMsg string) {
	ctx := r.Context()
	slug := r.PathValue("slug")
	latest, err := s.db.LatestLessonVersion(ctx, u.ID, slug)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	c, err := s.checkVersion(ctx, latest)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	versions, err := s.db.LessonVersionDates(ctx, u.ID, slug)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	notes, err := s.answeredNotes(ctx, c)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	base := teacherLessonURL(slug)
	published := 0
	if len(versions) > 0 {
		published = versions[0].Version
	}
	v := templates.LessonOverview{Page: s.page(r, u, c.title(), "teach"), Title: c.title(), Slug: slug,
		Status: lessonStatus(published, latest.Draft()), Error: errMsg, Notes: notes, Draft: latest.Draft(), Edits: latest.Edits,
		PublishAction: base + "/publish", TextURL: base + "/text", FormsURL: base + "/edit",
		PreviewURL: base + "/preview", EditionPreviewURL: base + "/preview/teacher", ExportURL: base + "/export"}
	v.Flash = s.takeFlash(w, r)
	v.Problems = c.problems // a published version's too: a new app may have broken it
	if published > 0 {
		v.LiveURL = "/lessons/" + slug
	}
	for _, pv := range versions {
		v.Versions = append(v.Versions, templates.Link{Text: "Version " + strconv.Itoa(pv.Version) + ", published " + pv.Published.Format("2 January 2006 15:04 UTC")})
	}
	s.render(w, r, status, templates.LessonOverviewView(v))
}

// lessonPublish is POST /teach/lessons/{slug}/publish: the draft, if it
// is still the one the page showed and has no problems, becomes a
// version that never changes, pinning the sources' versions it read.
func (s *Server) lessonPublish(w http.ResponseWriter, r *http.Request, u *store.User) {
	ctx := r.Context()
	if err := r.ParseForm(); err != nil {
		s.badForm(w, r, err)
		return
	}
	draft, err := s.db.LessonDraft(ctx, u.ID, r.PathValue("slug"))
	if errors.Is(err, store.ErrNotFound) {
		// Published already (pressed twice), or not the teacher's at all.
		if _, err := s.db.LatestLessonVersion(ctx, u.ID, r.PathValue("slug")); err == nil {
			s.renderOverview(w, r, u, http.StatusConflict, staleDraft)
			return
		}
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	edits, err := strconv.Atoi(r.PostForm.Get("edits"))
	if err != nil || edits != draft.Edits {
		s.renderOverview(w, r, u, http.StatusConflict, staleDraft)
		return
	}
	c, err := s.checkVersion(ctx, draft)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if len(c.problems) > 0 {
		s.renderOverview(w, r, u, http.StatusUnprocessableEntity, "The draft has problems, so it was not published. Fix each one at its line in the text view.")
		return
	}
	version, err := s.db.PublishLesson(ctx, u.ID, draft.Slug, edits, c.used)
	if errors.Is(err, store.ErrStale) {
		s.renderOverview(w, r, u, http.StatusConflict, staleDraft)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.setFlash(w, r, fmt.Sprintf("Version %d published. Assign it to a class from the class's page.", version))
	http.Redirect(w, r, teacherLessonURL(draft.Slug), http.StatusSeeOther)
}
