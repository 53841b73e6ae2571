package web

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/ciphergram/ciphergram/internal/store"
	"github.com/ciphergram/ciphergram/templates"
)

// A review session is the cards due when the learner starts reviewing,
// taken one after another with "Next card". It lives in the URL (?card=2&of=5),
// so it needs no state: the cards still due are the session's rest,
// because answering a due card moves it to a later day, right or wrong.
type reviewSession struct{ card, of int }

// maxSessionCards bounds the numbers a URL may carry.
const maxSessionCards = 10000

// reviewSession reads the card's place from the URL; a card opened
// without one (or with nonsense) starts a session of the cards due now.
func (s *Server) reviewSession(r *http.Request, u *store.User, rv *store.Review) (reviewSession, error) {
	q := r.URL.Query()
	card, err1 := strconv.Atoi(q.Get("card"))
	of, err2 := strconv.Atoi(q.Get("of"))
	if err1 == nil && err2 == nil && card >= 1 && card <= of && of <= maxSessionCards {
		return reviewSession{card, of}, nil
	}
	due, err := s.dueReviews(r, u)
	if err != nil {
		return reviewSession{}, err
	}
	n := len(due)
	if rv.Due.After(s.now()) { // reviewed early: one more than those due
		n++
	}
	return reviewSession{1, max(n, 1)}, nil
}

func (rs reviewSession) title() string { return fmt.Sprintf("Card %d of %d", rs.card, rs.of) }

func (rs reviewSession) query() string { return fmt.Sprintf("?card=%d&of=%d", rs.card, rs.of) }

// dueReviews are the learner's reviews due now, soonest first, on
// questions the lessons still have.
func (s *Server) dueReviews(r *http.Request, u *store.User) ([]store.Review, error) {
	all, err := s.db.Reviews(r.Context(), u.ID)
	if err != nil {
		return nil, err
	}
	var due []store.Review
	for _, rv := range all {
		if rv.Due.After(s.now()) {
			break // soonest first: the rest are later
		}
		l, ok, err := s.recordedLesson(r.Context(), rv.LessonSlug)
		if err != nil {
			return nil, err
		}
		if ok {
			if _, ok := l.Question(rv.QuestionID); ok {
				due = append(due, rv)
			}
		}
	}
	return due, nil
}

// nextCard is where "Next card" goes after the card just answered: the
// soonest card still due, as the session's next; or, when none is left,
// a sentence saying the session is done.
func (s *Server) nextCard(r *http.Request, u *store.User, rs reviewSession, slug, questionID string) (next, finished string, err error) {
	due, err := s.dueReviews(r, u)
	if err != nil {
		return "", "", err
	}
	for _, rv := range due {
		if rv.LessonSlug == slug && rv.QuestionID == questionID {
			continue // answered early or not recorded: not again at once
		}
		left := 0
		for _, x := range due {
			if x.LessonSlug != slug || x.QuestionID != questionID {
				left++
			}
		}
		following := reviewSession{card: rs.card + 1, of: max(rs.of, rs.card+left)}
		return "/review/" + rv.LessonSlug + "/" + rv.QuestionID + following.query(), "", nil
	}
	return "", fmt.Sprintf("That was the last card due for now: %d %s reviewed.", rs.card, templates.Plural(rs.card, "card", "cards")), nil
}
