package web

import (
	"net/http"
	"time"

	"github.com/ciphergram/ciphergram/internal/auth"
)

// limits are the counters that slow guessing and floods down. They are
// sized for a school, where a class of thirty, or the whole school, comes
// from one address (NAT, or the reverse proxy that serves HTTPS), and no
// honest class must ever meet them. They live in memory: a restart
// forgets them, which costs an attacker a restart they cannot cause.
type limits struct {
	// loginAccount counts wrong passwords for one account from browsers
	// that have never signed in to it, from any address: it stops
	// guessing one account, even spread over many addresses. Ten free
	// (the owner's own typos on a new computer), then waits of 1 minute
	// doubling up to 20: about 16 tries in the first hour, then 3 an hour.
	// The owner's own browser is not held back by it (loginDevice).
	loginAccount *auth.Limiter
	// loginClient counts wrong passwords for one account from one
	// address: five free, then 1 s doubling up to 15 min. It is the part
	// of the account's count a success from that address forgives.
	loginClient *auth.Limiter
	// loginAddress counts wrong passwords from one address across all
	// accounts (one guesser trying many accounts). A class of 30 signing in
	// at the same minute, each mistyping up to five times, makes 150: the
	// bucket holds 150 and drains one every 10 s (360 an hour), so the next
	// class an hour later, or three more classes the same hour, find it
	// empty again. A guesser gets 150 tries, then one every 10 s.
	loginAddress *auth.Bucket
	// loginDevice counts wrong passwords for one account from a browser
	// that has signed in to it before (its device cookie names the
	// account), instead of the three counters above: someone else's
	// guessing can never lock the owner's own browser out. Five free, then
	// 1 minute doubling up to 20.
	loginDevice *auth.Limiter
	// joinCode counts wrong join codes from one address. A class of 30
	// copying a code from the board, or a teacher who wrote it wrong and
	// corrected it, makes dozens: the bucket holds 100 and drains one
	// every 5 s. Guessing one code out of 31^8 (8.5e11) at 720 an hour
	// would take longer than any class lasts.
	joinCode *auth.Bucket
	// newUsers counts users made without a class code from one address:
	// guests (a visitor's first answer) and saved accounts. Thirty
	// self-study learners starting at once and later saving their
	// progress make 60; the bucket holds 100 and drains one every 6 s
	// (600 an hour). Joining a class is not counted: a code is needed.
	newUsers *auth.Bucket
	// recoverAccount counts wrong recovery codes for one account, from
	// anywhere: five free (a code copied wrong), then 1 minute doubling
	// up to 20, forgotten after an hour, as loginAccount.
	recoverAccount *auth.Limiter
	// recoverAddress counts wrong recovery codes from one address across
	// accounts: a code is used once in a long while, so the bucket holds
	// 30 and drains one a minute.
	recoverAddress *auth.Bucket
}

func newLimits(now func() time.Time) limits {
	return limits{
		loginAccount: auth.NewLimiter(auth.Backoff{Free: 10, First: time.Minute, Max: 20 * time.Minute, Forget: time.Hour}, now),
		loginClient:  auth.NewLimiter(auth.Backoff{Free: 5, First: time.Second, Max: 15 * time.Minute, Forget: time.Hour}, now),
		loginAddress: auth.NewBucket(150, 10*time.Second, now),
		loginDevice:  auth.NewLimiter(auth.Backoff{Free: 5, First: time.Minute, Max: 20 * time.Minute, Forget: time.Hour}, now),
		joinCode:     auth.NewBucket(100, 5*time.Second, now),
		newUsers:     auth.NewBucket(100, 6*time.Second, now),

		recoverAccount: auth.NewLimiter(auth.Backoff{Free: 5, First: time.Minute, Max: 20 * time.Minute, Forget: time.Hour}, now),
		recoverAddress: auth.NewBucket(30, time.Minute, now),
	}
}

// takeNewUser counts a user about to be made without a class code (a
// guest, or a saved account) against the client's address. If the
// address has made too many just now it answers 429 itself, before
// anything is stored, and returns false.
func (s *Server) takeNewUser(w http.ResponseWriter, r *http.Request) bool {
	wait := s.limits.newUsers.Take(s.clientAddr(r))
	if wait == 0 {
		return true
	}
	w.Header().Set("Retry-After", seconds(wait))
	s.showError(w, r, http.StatusTooManyRequests, "Too many new learners at once",
		"Many new learners started from your network in the last few minutes, so nothing was saved this time. "+
			"Wait "+seconds(wait)+" seconds, then send it again.")
	return false
}
