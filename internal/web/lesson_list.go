package web

import (
	"context"
	"fmt"
	"net/http"

	"github.com/ciphergram/ciphergram/internal/store"
	"github.com/ciphergram/ciphergram/templates"
)

// lessonList is /lessons: every lesson with this learner's status.
func (s *Server) lessonList(w http.ResponseWriter, r *http.Request) {
	u, ok := s.viewer(w, r)
	if !ok {
		return
	}
	cards, err := s.lessonCards(r.Context(), u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, templates.LessonListView(templates.LessonList{Page: s.page(r, u, "Lessons", "lessons"), Lessons: cards}))
}

// latestAttempts returns each lesson's most recent attempt by u, and its
// most recent finished one.
func (s *Server) latestAttempts(ctx context.Context, u *store.User) (latest, done map[string]store.Attempt, err error) {
	latest, done = map[string]store.Attempt{}, map[string]store.Attempt{}
	if u == nil {
		return latest, done, nil
	}
	all, err := s.db.Attempts(ctx, u.ID)
	if err != nil {
		return nil, nil, err
	}
	for _, a := range all { // oldest first: later ones overwrite
		latest[a.LessonSlug] = a
		if a.Finished {
			done[a.LessonSlug] = a
		}
	}
	return latest, done, nil
}

func (s *Server) lessonCards(ctx context.Context, u *store.User) ([]templates.LessonCard, error) {
	latest, done, err := s.latestAttempts(ctx, u)
	if err != nil {
		return nil, err
	}
	var cards []templates.LessonCard
	for i, l := range s.unit.Lessons {
		c := templates.LessonCard{Number: i + 1, Title: l.Title, Summary: l.Summary, Skills: l.Skills, URL: lessonURL(l),
			Status: "not-started", StatusText: "Not started"}
		if u != nil && u.Role == store.RoleTeacher {
			c.EditionURL = editionURL(l)
		}
		if a, ok := latest[l.Slug]; ok {
			if a.Finished {
				c.Status = "done"
				c.StatusText = fmt.Sprintf("Done: %s / %s", formatPoints(a.Points), formatPoints(a.MaxPoints))
			} else {
				resps, err := s.db.Responses(ctx, a.ID)
				if err != nil {
					return nil, err
				}
				c.Status = "in-progress"
				c.StatusText = fmt.Sprintf("In progress: %d of %d answered", len(resps), len(l.Questions))
				if d, ok := done[l.Slug]; ok { // a retry: the result handed in stays
					c.Status = "done"
					c.StatusText = fmt.Sprintf("Done: %s / %s · retry in progress: %d of %d answered",
						formatPoints(d.Points), formatPoints(d.MaxPoints), len(resps), len(l.Questions))
				}
			}
		}
		cards = append(cards, c)
	}
	return cards, nil
}
