package web

import (
	"errors"
	"math/rand/v2"
	"net/http"
	"strconv"
	"time"

	"github.com/ciphergram/ciphergram/internal/store"
	"github.com/ciphergram/ciphergram/lessons"
)

const sessionName = "cg"

// sessionUser returns the signed-in user (a guest too), or nil. A session
// whose epoch no longer matches the user's was ended by a logout: it
// counts as no session, so a copied cookie stops working. So does one
// left idle for longer than its role allows (see idleLimit): expired is
// then the user whose session it was. It writes nothing; handlers use
// activeUser (through viewer or signedIn), which keeps sessions alive.
func (s *Server) sessionUser(r *http.Request) (u, expired *store.User, err error) {
	sess, _ := s.cookies.Get(r, sessionName) // a bad or old cookie gives a fresh session
	uid, _ := sess.Values["uid"].(int64)
	epoch, _ := sess.Values["epoch"].(int64)
	if uid == 0 {
		return nil, nil, nil
	}
	u, err = s.db.User(r.Context(), uid)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	if u.SessionEpoch != epoch {
		return nil, nil, nil
	}
	if limit, _ := idleLimit(u.Role); limit > 0 {
		if seen, ok := sess.Values["seen"].(int64); ok && s.now().Sub(time.Unix(seen, 0)) > limit {
			return nil, u, nil
		}
	}
	return u, nil, nil
}

// idleLimit is how long a session of the role lasts without activity, and
// how stale its record of the last activity may grow before the cookie is
// written again. Writing it on every request would cost a Set-Cookie on
// the hottest pages, so a session ends up to refresh early. A guest's
// session has no limit: their progress is reachable only through it,
// until they save it to an account.
func idleLimit(role store.Role) (limit, refresh time.Duration) {
	switch role {
	case store.RoleTeacher:
		return 12 * time.Hour, 5 * time.Minute
	case store.RoleStudent, store.RoleLearner:
		return 30 * 24 * time.Hour, 24 * time.Hour
	}
	return 0, 0
}

// activeUser is the signed-in user, for a request that will be answered:
// an idle session that ran out is ended with a notice for the sign-in
// page, and a live one records this activity once its record is stale.
func (s *Server) activeUser(w http.ResponseWriter, r *http.Request) (*store.User, error) {
	u, expired, err := s.sessionUser(r)
	if err != nil {
		return nil, err
	}
	sess, _ := s.cookies.Get(r, sessionName)
	if expired != nil {
		limit, _ := idleLimit(expired.Role)
		sess.Values = map[any]any{}
		sess.AddFlash("You were signed out after " + idleText(limit) + " without activity. Sign in again to carry on.")
		sess.Save(r, w)
		return nil, nil
	}
	if u == nil {
		return nil, nil
	}
	if limit, refresh := idleLimit(u.Role); limit > 0 {
		// Cookies from before activity was recorded have none: they start now.
		seen, _ := sess.Values["seen"].(int64)
		if now := s.now(); now.Sub(time.Unix(seen, 0)) > refresh {
			sess.Values["seen"] = now.Unix()
			sess.Save(r, w)
		}
	}
	return u, nil
}

// idleText says an idle limit in words: "12 hours", "30 days".
func idleText(d time.Duration) string {
	if d >= 48*time.Hour {
		return strconv.Itoa(int(d/(24*time.Hour))) + " days"
	}
	return strconv.Itoa(int(d/time.Hour)) + " hours"
}

// signIn starts a fresh session for u. The browser's order seed stays,
// so a lesson not started yet keeps the order it was shown in. A browser
// that signs in to an account (or creates it) is remembered in its device
// cookie as one the account's owner uses (see device.go).
func (s *Server) signIn(w http.ResponseWriter, r *http.Request, u *store.User) error {
	// Get returns this request's cached session, so later flashes in the
	// same request save on top of the new identity, not the old one.
	sess, _ := s.cookies.Get(r, sessionName)
	values := map[any]any{"uid": u.ID, "epoch": u.SessionEpoch, "seen": s.now().Unix()}
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

// viewer is activeUser for a handler: on a database failure it answers
// the request itself and returns false. A visitor without a session is
// (nil, true).
func (s *Server) viewer(w http.ResponseWriter, r *http.Request) (*store.User, bool) {
	u, err := s.activeUser(w, r)
	if err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	return u, true
}
