package web

import (
	"errors"
	"math/rand/v2"
	"net/http"

	"github.com/ciphergram/ciphergram/internal/store"
	"github.com/ciphergram/ciphergram/lessons"
)

const sessionName = "cg"

// currentUser returns the signed-in user (a guest too), or nil. A session
// whose epoch no longer matches the user's was ended by a logout: it
// counts as no session, so a copied cookie stops working.
func (s *Server) currentUser(r *http.Request) (*store.User, error) {
	sess, _ := s.cookies.Get(r, sessionName) // a bad or old cookie gives a fresh session
	uid, _ := sess.Values["uid"].(int64)
	epoch, _ := sess.Values["epoch"].(int64)
	if uid == 0 {
		return nil, nil
	}
	u, err := s.db.User(r.Context(), uid)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if u.SessionEpoch != epoch {
		return nil, nil
	}
	return u, nil
}

// signIn starts a fresh session for u. The browser's order seed stays,
// so a lesson not started yet keeps the order it was shown in. A browser
// that signs in to an account (or creates it) is remembered in its device
// cookie as one the account's owner uses (see device.go).
func (s *Server) signIn(w http.ResponseWriter, r *http.Request, u *store.User) error {
	// Get returns this request's cached session, so later flashes in the
	// same request save on top of the new identity, not the old one.
	sess, _ := s.cookies.Get(r, sessionName)
	values := map[any]any{"uid": u.ID, "epoch": u.SessionEpoch}
	if seed, ok := sess.Values[seedKey]; ok {
		values[seedKey] = seed
	}
	sess.Values = values
	if err := sess.Save(r, w); err != nil {
		return err
	}
	if u.Role == store.RoleGuest { // no password to guess
		return nil
	}
	return s.rememberDevice(w, s.device(r), u.ID)
}

// seedKey is where the session keeps the browser's order seed.
const seedKey = "seed"

// lessonSeed is the seed of the order a lesson not started yet is shown
// in: drawn once per browser (kept in the session cookie, set here on the
// first lesson view) and mixed with the lesson, so a visitor sees one
// order from their first view to their first answer, whose attempt takes
// this seed, and after it.
func (s *Server) lessonSeed(w http.ResponseWriter, r *http.Request, slug string) uint64 {
	sess, _ := s.cookies.Get(r, sessionName)
	seed, _ := sess.Values[seedKey].(int64)
	if seed == 0 {
		seed = newSeed()
		sess.Values[seedKey] = seed
		sess.Save(r, w) // if the cookie cannot be set, this page's order still holds for its answer
	}
	return lessons.MixSeed(uint64(seed), slug)
}

// newSeed is a random seed; 0 means "none" in the session.
func newSeed() int64 {
	for {
		if seed := rand.Int64(); seed != 0 {
			return seed
		}
	}
}

// signOut removes the session cookie from this browser.
func (s *Server) signOut(w http.ResponseWriter, r *http.Request) {
	sess, _ := s.cookies.Get(r, sessionName)
	sess.Values = map[any]any{}
	sess.Options.MaxAge = -1
	sess.Save(r, w)
}

// setFlash keeps a one-line notice for the next page this browser sees.
func (s *Server) setFlash(w http.ResponseWriter, r *http.Request, msg string) {
	sess, _ := s.cookies.Get(r, sessionName)
	sess.AddFlash(msg)
	sess.Save(r, w)
}

// takeFlash returns the pending notice, if any, and clears it.
func (s *Server) takeFlash(w http.ResponseWriter, r *http.Request) string {
	sess, _ := s.cookies.Get(r, sessionName)
	flashes := sess.Flashes()
	if len(flashes) == 0 {
		return ""
	}
	sess.Save(r, w)
	msg, _ := flashes[0].(string)
	return msg
}

// viewer is currentUser for a handler: on a database failure it answers
// the request itself and returns false. A visitor without a session is
// (nil, true).
func (s *Server) viewer(w http.ResponseWriter, r *http.Request) (*store.User, bool) {
	u, err := s.currentUser(r)
	if err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	return u, true
}
