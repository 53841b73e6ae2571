package web

import (
	"context"
	"errors"

	"github.com/ciphergram/ciphergram/internal/store"
)

// dueLine says when an assigned lesson is due and whether the student is
// late with it, for the top of the lesson page. Handing in is what counts:
// a retry begun after handing in on time is not late. Empty when no class
// of theirs gives the lesson a due time.
func (s *Server) dueLine(ctx context.Context, u *store.User, slug string) (text string, late bool, err error) {
	d, err := s.db.StudentLessonDue(ctx, u.ID, slug)
	if errors.Is(err, store.ErrNotFound) {
		return "", false, nil
	}
	if err != nil {
		return "", false, err
	}
	due := "Due " + formatDue(d.Due, d.TeacherTimezone)
	switch {
	case !d.HandedIn.IsZero() && d.HandedIn.After(d.Due):
		return due + ": handed in late.", true, nil
	case !d.HandedIn.IsZero():
		return due + ": handed in on time.", false, nil
	case s.now().After(d.Due):
		return due + ": late. You can still hand it in.", true, nil
	}
	return due + ".", false, nil
}
