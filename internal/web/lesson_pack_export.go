package web

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"

	"github.com/ciphergram/ciphergram/internal/pack"
	"github.com/ciphergram/ciphergram/internal/store"
	"github.com/ciphergram/ciphergram/lessons"
)

// Lesson packs: a teacher's lesson and the sources it reads, as one text
// file to email or keep (internal/pack, lessons/PACKS.md). Export is
// here; import in lesson_pack_import.go.

// lessonExport is GET /teach/lessons/{slug}/export: the newest published
// version of the lesson, with its sources at the versions it pins, for
// its owner or, for a lesson of the library, any teacher. A lesson never
// published exports its owner's draft, with each source's newest
// published version. Anyone else is told it does not exist.
func (s *Server) lessonExport(w http.ResponseWriter, r *http.Request, u *store.User) {
	slug := r.PathValue("slug")
	v, err := s.db.PublishedLesson(r.Context(), slug)
	if err == nil && v.OwnerID != u.ID && !v.Shared {
		err = store.ErrNotFound
	}
	if errors.Is(err, store.ErrNotFound) {
		v, err = s.db.LatestLessonVersion(r.Context(), u.ID, slug)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := &pack.Pack{Lessons: []pack.Lesson{{Slug: v.Slug, Text: v.Text}}}
	for _, src := range lessons.ListedSources([]byte(v.Text)) {
		if _, builtin := s.unit.Source(src); builtin {
			continue
		}
		sv, err := s.db.PublishedSource(r.Context(), v.OwnerID, src, v.Sources[src])
		if errors.Is(err, store.ErrNotFound) {
			s.showError(w, r, http.StatusConflict, "Not ready to export",
				fmt.Sprintf("This lesson reads the source %q, which has no published version. Publish the source, then export the lesson.", src))
			return
		}
		if err != nil {
			s.fail(w, r, err)
			return
		}
		p.Sources = append(p.Sources, pack.Source{Slug: sv.Slug, SourceDetails: sv.SourceDetails, Text: sv.Text, Blocks: sv.Blocks})
	}
	var b bytes.Buffer
	if err := pack.Write(&b, p); err != nil {
		s.fail(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/plain; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="`+v.Slug+`.pack.txt"`)
	h.Set("Cache-Control", "private, no-store")
	w.Write(b.Bytes())
}
