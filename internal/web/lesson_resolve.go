package web

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"strings"

	"github.com/a-h/templ"

	"github.com/ciphergram/ciphergram/internal/store"
	"github.com/ciphergram/ciphergram/lessons"
	"github.com/ciphergram/ciphergram/seeds"
	"github.com/ciphergram/ciphergram/templates"
)

// Every lesson route finds its lesson here: the built-in unit's first
// (from memory, no database read, so the built-in pages cost what they
// did), else a teacher's published lesson, its newest version, if the
// viewer may open it (store.MayOpenLesson). Anyone else is told "not
// found", never "forbidden": another teacher's lessons do not exist for
// them.

// lessonFor is the lesson of a path's {slug} for u (nil: no one signed
// in), or store.ErrNotFound. A teacher opens their own lessons and the
// library's; anyone else, those assigned to a class they are enrolled in.
func (s *Server) lessonFor(ctx context.Context, u *store.User, slug string) (*lessons.Lesson, error) {
	if l, ok := s.unit.Lesson(slug); ok {
		return l, nil
	}
	if u == nil {
		return nil, store.ErrNotFound
	}
	v, err := s.db.PublishedLessonHead(ctx, slug)
	if err != nil {
		return nil, err
	}
	switch {
	case u.Role == store.RoleTeacher:
		// Not through a class's roster: a teacher's edition shows every answer.
		if v.OwnerID != u.ID && !v.Shared {
			return nil, store.ErrNotFound
		}
	default:
		ok, err := s.db.MayOpenLesson(ctx, u.ID, slug)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, store.ErrNotFound
		}
	}
	return s.parsedVersion(ctx, v)
}

// publishedLesson is the newest published version of a teacher's lesson,
// parsed, with no access check: for lessons a record already shows the
// user may see (their class's assignments, their own answers).
func (s *Server) publishedLesson(ctx context.Context, slug string) (*lessons.Lesson, error) {
	if l, ok := s.unit.Lesson(slug); ok {
		return l, nil
	}
	v, err := s.db.PublishedLessonHead(ctx, slug)
	if err != nil {
		return nil, err
	}
	return s.parsedVersion(ctx, v)
}

// parsedVersion is a published version parsed, from the cache if it can.
// head needs only the lesson's ID, slug and version: the text is read
// only when the version is not in the cache yet.
func (s *Server) parsedVersion(ctx context.Context, head *store.LessonVersion) (*lessons.Lesson, error) {
	k := versionKey{head.LessonID, head.Version}
	if r := s.lessonCache.get(k); r != nil {
		return r.lesson, nil
	}
	v, err := s.db.PublishedLessonVersion(ctx, head.Slug, head.Version)
	if err != nil {
		return nil, err
	}
	r, err := s.parseVersion(ctx, v)
	if err != nil {
		return nil, err
	}
	return s.lessonCache.put(k, r).lesson, nil
}

// parseVersion parses a version of a teacher's lesson against the
// sources it pins (a draft: their newest versions) and lays out its pages.
func (s *Server) parseVersion(ctx context.Context, v *store.LessonVersion) (*resolved, error) {
	l, err := s.parseLessonText(ctx, v)
	if err != nil {
		return nil, err
	}
	return s.resolve(ctx, l)
}

// parseLessonText parses a version's text; a version with problems is an
// error (a published one had none when it was published).
func (s *Server) parseLessonText(ctx context.Context, v *store.LessonVersion) (*lessons.Lesson, error) {
	docs, _, err := s.lessonDocs(ctx, v.OwnerID, v.Text, v.Sources)
	if err != nil {
		return nil, err
	}
	l, probs := lessons.Parse(v.Slug+".md", []byte(v.Text), docs)
	if len(probs) > 0 || l == nil {
		return nil, fmt.Errorf("%w: %s v%d: %w", errBrokenLesson, v.Slug, v.Version, probs)
	}
	if l.Slug != v.Slug {
		return nil, fmt.Errorf("%w: %s v%d names itself %q", errBrokenLesson, v.Slug, v.Version, l.Slug)
	}
	// Attempts record the hash of what they answered: two versions with
	// the same text are still two versions.
	l.Hash = fmt.Sprintf("%s%d.v%d.%s", ownHashPrefix, v.LessonID, v.Version, l.Hash)
	return l, nil
}

// ownHashPrefix starts the Hash of a teacher's published lesson, which a
// built-in lesson's (hexadecimal) never does.
const ownHashPrefix = "t"

// ownLesson reports a teacher's published lesson.
func ownLesson(l *lessons.Lesson) bool { return strings.HasPrefix(l.Hash, ownHashPrefix) }

// resolve lays out a parsed teacher's lesson for its pages.
func (s *Server) resolve(ctx context.Context, l *lessons.Lesson) (*resolved, error) {
	relinkSources(l, s.builtinSource)
	r := &resolved{lesson: l, docs: map[string]templates.DocView{}}
	var b strings.Builder
	if err := templates.LessonReading(sectionViews(l), glossaryViews(l)).Render(ctx, &b); err != nil {
		return nil, fmt.Errorf("lesson %s: %w", l.Slug, err)
	}
	r.reading = templ.Raw(b.String())
	for _, d := range l.Sources {
		if v, ok := s.glossary.docs[d.Slug]; ok {
			r.docs[d.Slug] = v
		} else {
			r.docs[d.Slug] = layoutTeacherSource(d)
		}
	}
	return r, nil
}

func (s *Server) builtinSource(slug string) bool {
	_, ok := s.unit.Source(slug)
	return ok
}

// reading is a lesson's reading, rendered once.
func (s *Server) reading(l *lessons.Lesson) templ.Component {
	if c, ok := s.readings[l.Slug]; ok {
		return c
	}
	if r := s.lessonCache.of(l); r != nil {
		return r.reading
	}
	// Evicted since it was resolved (or a draft's preview): drawn now.
	return templates.LessonReading(sectionViews(l), glossaryViews(l))
}

// docView is one of a lesson's sources laid out for the reader.
func (s *Server) docView(l *lessons.Lesson, d *seeds.Document) templates.DocView {
	if v, ok := s.glossary.docs[d.Slug]; ok {
		return v
	}
	if r := s.lessonCache.of(l); r != nil {
		return r.docs[d.Slug]
	}
	return layoutTeacherSource(d) // not a built-in one
}

// lessonIn answers a request for the lesson in its path: the lesson, or
// a 404 (or the error) already written and false.
func (s *Server) lessonIn(w http.ResponseWriter, r *http.Request) (*lessons.Lesson, bool) {
	slug := r.PathValue("slug")
	if l, ok := s.unit.Lesson(slug); ok {
		return l, true // no session read: the built-in pages stay as fast
	}
	u, _, err := s.sessionUser(r)
	if err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	return s.lessonOrFail(w, r, u, slug)
}

// lessonOrFail is lessonFor answering the request on failure.
func (s *Server) lessonOrFail(w http.ResponseWriter, r *http.Request, u *store.User, slug string) (*lessons.Lesson, bool) {
	l, err := s.lessonFor(r.Context(), u, slug)
	if errors.Is(err, errBrokenLesson) {
		s.log.Warn("a teacher's lesson cannot be shown", "err", err)
		s.showError(w, r, http.StatusConflict, "This lesson cannot be opened",
			"This lesson no longer matches the sources it reads, so it cannot be shown. Its teacher can open it under Your lessons, fix what its page lists and publish it again.")
		return nil, false
	}
	if err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	return l, true
}

// relinkSources points the sentence links of a teacher's lesson that go
// to a teacher's source at the lesson's own sources page: the source's
// reader is its owner's alone, and the lesson's page shows the version it
// pins. builtin says which sources the public reader has.
func relinkSources(l *lessons.Lesson, builtin func(string) bool) {
	var pairs []string
	for i, d := range l.Sources {
		if builtin(d.Slug) {
			continue
		}
		prefix := d.Slug + ":"
		if i == 0 {
			prefix = ""
		}
		pairs = append(pairs, `href="/sources/`+d.Slug+`#`, `href="/lessons/`+l.Slug+`/sources#`+prefix)
	}
	if len(pairs) == 0 {
		return
	}
	rp := strings.NewReplacer(pairs...)
	fix := func(h *template.HTML) { *h = template.HTML(rp.Replace(string(*h))) }
	for i := range l.Sections {
		fix(&l.Sections[i].HTML)
	}
	for _, q := range l.Questions {
		fix(&q.Prompt)
		fix(&q.Explanation)
		fix(&q.ModelAnswer)
		for i := range q.Choices {
			fix(&q.Choices[i].Feedback)
		}
	}
}

// errBrokenLesson: a published version no longer passes the checks it
// passed when published. Its sources are pinned, so only a new version of
// the app can do this (a built-in source's sentence gone, a new rule).
var errBrokenLesson = errors.New("a published lesson no longer passes its checks")

// isNotFound reports a lesson that does not exist for the asker.
func isNotFound(err error) bool { return errors.Is(err, store.ErrNotFound) }

// recordedLesson is a lesson a stored record names (an assignment of the
// viewer's class, the viewer's own answers and reviews), which is all the
// access it needs: false when it is gone (a lesson removed from the unit,
// or a teacher's lesson deleted or never published).
func (s *Server) recordedLesson(ctx context.Context, slug string) (*lessons.Lesson, bool, error) {
	l, err := s.publishedLesson(ctx, slug)
	if errors.Is(err, errBrokenLesson) {
		s.log.Warn("a teacher's lesson cannot be shown", "err", err)
		return nil, false, nil // left out of lists, as a lesson gone
	}
	if isNotFound(err) {
		return nil, false, nil
	}
	return l, err == nil, err
}

// answeredVersion is the version of a teacher's lesson a finished attempt
// answered, when that is not l (the newest): its answers are shown with
// the questions and keys they were scored against. nil otherwise. An open
// attempt moves to the newest version with its next answer (store.Submit).
func (s *Server) answeredVersion(ctx context.Context, l *lessons.Lesson, a *store.Attempt) (*lessons.Lesson, error) {
	if a == nil || !a.Finished || a.LessonHash == l.Hash || !ownLesson(l) {
		return nil, nil
	}
	var id int64
	var version int
	var rest string
	if n, _ := fmt.Sscanf(a.LessonHash, ownHashPrefix+"%d.v%d.%s", &id, &version, &rest); n != 3 {
		return nil, nil
	}
	old, err := s.parsedVersion(ctx, &store.LessonVersion{LessonID: id, Slug: l.Slug, Version: version})
	if isNotFound(err) || errors.Is(err, errBrokenLesson) {
		return nil, nil // shown with the newest version instead
	}
	return old, err
}
