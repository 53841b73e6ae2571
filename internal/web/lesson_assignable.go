package web

import (
	"context"

	"github.com/ciphergram/ciphergram/internal/store"
	"github.com/ciphergram/ciphergram/templates"
)

// assignable lists the lessons a teacher may assign to a class: the
// built-in unit, then their own published lessons and the library's.
// Drafts are not offered: a class only ever sees a published version.
func (s *Server) assignable(ctx context.Context, u *store.User) ([]templates.LessonOption, error) {
	var out []templates.LessonOption
	for _, l := range s.unit.Lessons {
		out = append(out, templates.LessonOption{Slug: l.Slug, Title: l.Title, EditionURL: editionURL(l)})
	}
	own, err := s.db.TeacherLessons(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	for _, sum := range own {
		if sum.Published == 0 {
			continue
		}
		l, ok, err := s.recordedLesson(ctx, sum.Slug)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		o := templates.LessonOption{Slug: l.Slug, Title: l.Title, EditionURL: editionURL(l), Origin: "your lesson"}
		if sum.OwnerID != u.ID {
			o.Origin = "library"
		}
		out = append(out, o)
	}
	return out, nil
}
