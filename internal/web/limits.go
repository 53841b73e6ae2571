package web

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"time"

	"github.com/ciphergram/ciphergram/internal/auth"
	"github.com/ciphergram/ciphergram/internal/store"
)

// limits are the counters that slow guessing and floods down. They are
// sized for a school, where a class of thirty, or the whole school, comes
// from one address (NAT, or the reverse proxy that serves HTTPS), and no
// honest class must ever meet them.
//
// Where they are kept is Config.SharedLimits: in this process's memory
// (auth.Limiter, auth.Bucket), where a restart forgets them, which costs
// an attacker a restart they cannot cause; or in the database
// (store.Limiter, store.Bucket), where every server on it sees the same
// counts, so that guessing spread over several servers meets one limit.
// Either way a key is a keyed hash (limitKey), never a username or an
// address as such.
type limits struct {
	// loginAccount counts wrong passwords for one account from browsers
	// that have never signed in to it, from any address: it stops
	// guessing one account, even spread over many addresses. Ten free
	// (the owner's own typos on a new computer), then waits of 1 minute
	// doubling up to 20: about 16 tries in the first hour, then 3 an hour.
	// The owner's own browser is not held back by it (loginDevice).
	loginAccount backoff
	// loginClient counts wrong passwords for one account from one
	// address: five free, then 1 s doubling up to 15 min. It is the part
	// of the account's count a success from that address forgives.
	loginClient backoff
	// loginAddress counts wrong passwords from one address across all
	// accounts (one guesser trying many accounts). A class of 30 signing in
	// at the same minute, each mistyping up to five times, makes 150: the
	// bucket holds 150 and drains one every 10 s (360 an hour), so the next
	// class an hour later, or three more classes the same hour, find it
	// empty again. A guesser gets 150 tries, then one every 10 s.
	loginAddress bucket
	// loginDevice counts wrong passwords for one account from a browser
	// that has signed in to it before (its device cookie names the
	// account), instead of the three counters above: someone else's
	// guessing can never lock the owner's own browser out. Five free, then
	// 1 minute doubling up to 20.
	loginDevice backoff
	// joinCode counts wrong join codes from one address. A class of 30
	// copying a code from the board, or a teacher who wrote it wrong and
	// corrected it, makes dozens: the bucket holds 100 and drains one
	// every 5 s. Guessing one code out of 31^8 (8.5e11) at 720 an hour
	// would take longer than any class lasts.
	joinCode bucket
	// newUsers counts users made without a class code from one address:
	// guests (a visitor's first answer) and saved accounts. Thirty
	// self-study learners starting at once and later saving their
	// progress make 60; the bucket holds 100 and drains one every 6 s
	// (600 an hour). Joining a class is not counted: a code is needed.
	newUsers bucket
	// recoverAccount counts wrong recovery codes for one account, from
	// anywhere: five free (a code copied wrong), then 1 minute doubling
	// up to 20, forgotten after an hour, as loginAccount.
	recoverAccount backoff
	// recoverAddress counts wrong recovery codes from one address across
	// accounts: a code is used once in a long while, so the bucket holds
	// 30 and drains one a minute.
	recoverAddress bucket

	secret []byte // keys the hashes of limitKey
}

// backoff counts failures per key and makes further tries wait longer
// (auth.Backoff): auth.Limiter in memory, store.Limiter in the database.
type backoff interface {
	Wait(ctx context.Context, key string) (time.Duration, error)
	Fail(ctx context.Context, key string) error
	Reset(ctx context.Context, key string) error
}

// bucket lets a burst of events per key through, then one every so often
// (auth.Rate): auth.Bucket in memory, store.Bucket in the database.
type bucket interface {
	Wait(ctx context.Context, key string) (time.Duration, error)
	Add(ctx context.Context, key string) error
	Take(ctx context.Context, key string) (time.Duration, error)
	Reset(ctx context.Context, key string) error
}

// newLimits makes the counters, in the database db if shared, else in
// memory on the clock now. secret keys the hashes that name keys: every
// server on one database must be given the same (see sessionKeys).
func newLimits(db *store.DB, shared bool, secret []byte, now func() time.Time) limits {
	newBackoff := func(name string, b auth.Backoff) backoff {
		if shared {
			return db.Limiter(name, b)
		}
		return memoryBackoff{auth.NewLimiter(b, now)}
	}
	newBucket := func(name string, r auth.Rate) bucket {
		if shared {
			return db.Bucket(name, r)
		}
		return memoryBucket{auth.NewBucket(r.Size, r.Per, now)}
	}
	return limits{
		loginAccount: newBackoff("login_account", auth.Backoff{Free: 10, First: time.Minute, Max: 20 * time.Minute, Forget: time.Hour}),
		loginClient:  newBackoff("login_client", auth.Backoff{Free: 5, First: time.Second, Max: 15 * time.Minute, Forget: time.Hour}),
		loginAddress: newBucket("login_address", auth.Rate{Size: 150, Per: 10 * time.Second}),
		loginDevice:  newBackoff("login_device", auth.Backoff{Free: 5, First: time.Minute, Max: 20 * time.Minute, Forget: time.Hour}),
		joinCode:     newBucket("join_code", auth.Rate{Size: 100, Per: 5 * time.Second}),
		newUsers:     newBucket("new_users", auth.Rate{Size: 100, Per: 6 * time.Second}),

		recoverAccount: newBackoff("recover_account", auth.Backoff{Free: 5, First: time.Minute, Max: 20 * time.Minute, Forget: time.Hour}),
		recoverAddress: newBucket("recover_address", auth.Rate{Size: 30, Per: time.Minute}),
		secret:         secret,
	}
}

// key names what a counter counts (an account, an address, a browser, or
// several of them together) by a keyed hash of the parts: the table of
// counts holds no username or address, and without the secret no one can
// test a guess against it (an IPv4 address alone has only 2^32 values).
func (l *limits) key(parts ...string) string {
	m := hmac.New(sha256.New, l.secret)
	for _, p := range parts {
		m.Write([]byte(p))
		m.Write([]byte{0})
	}
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:16])
}

// limitCounted logs a count the limits could not keep (the database
// failed): the answer to the request is decided by then, and a count lost
// now and then only makes a guesser's next wait a step shorter.
func (s *Server) limitCounted(r *http.Request, err error) {
	if err != nil {
		s.log.Error("counting a guessing limit", "path", r.URL.Path, "err", err)
	}
}

// takeNewUser counts a user about to be made without a class code (a
// guest, or a saved account) against the client's address. If the
// address has made too many just now it answers 429 itself, before
// anything is stored, and returns false.
func (s *Server) takeNewUser(w http.ResponseWriter, r *http.Request) bool {
	wait, err := s.limits.newUsers.Take(r.Context(), s.limits.key(s.clientAddr(r)))
	if err != nil {
		s.fail(w, r, err)
		return false
	}
	if wait == 0 {
		return true
	}
	w.Header().Set("Retry-After", seconds(wait))
	s.showError(w, r, http.StatusTooManyRequests, "Too many new learners at once",
		"Many new learners started from your network in the last few minutes, so nothing was saved this time. "+
			"Wait "+seconds(wait)+" seconds, then send it again.")
	return false
}
