package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/ciphergram/ciphergram/internal/store"
)

// loginGuard holds the limit keys for one sign-in try (see limits.go).
type loginGuard struct {
	l       *limits
	account string // the username, lower case
	client  string // the username and the client's address
	address string // the client's address
	device  string // this browser and the account, if it has signed in to it before; else ""
}

// loginGuard picks the counters a try counts against: a browser that has
// signed in to the account before (u, if the username exists) is counted
// on its own; any other by the account, the account at its address, and
// its address.
func (s *Server) loginGuard(r *http.Request, username string, u *store.User) loginGuard {
	addr := s.clientAddr(r)
	acc := strings.ToLower(username)
	g := loginGuard{l: &s.limits, account: acc, client: acc + "|" + addr, address: addr}
	if d := s.device(r); u != nil && d.knows(u.ID) {
		g.device = d.ID + "|" + strconv.FormatInt(u.ID, 10)
	}
	return g
}

// wait is how long this try must wait; 0: it may go ahead. It is asked
// before the password is checked, so while it says wait even the right
// password is refused: otherwise a guesser would learn when they are right.
func (g loginGuard) wait() time.Duration {
	if g.device != "" {
		return g.l.loginDevice.Wait(g.device)
	}
	return max(g.l.loginAccount.Wait(g.account), g.l.loginClient.Wait(g.client), g.l.loginAddress.Wait(g.address))
}

// fail counts a wrong password.
func (g loginGuard) fail() {
	if g.device != "" {
		g.l.loginDevice.Fail(g.device)
		return
	}
	g.l.loginAccount.Fail(g.account)
	g.l.loginClient.Fail(g.client)
	g.l.loginAddress.Add(g.address)
}

// succeed forgives this client's own wrong tries at the account: those
// at its address, and its browser's. Two counts are left as they are:
//   - the address-wide one, because anyone with one account of their
//     own (every student has one) could sign in to it between guesses at
//     other accounts and so reset it at will. It does not need resetting:
//     it drains by itself, sized so that a school's address never fills it.
//   - the account-wide one, because it also holds other people's guesses
//     from elsewhere; clearing it whenever the owner signs in would give
//     them ten fresh tries each time. Its waits fade after an hour.
func (g loginGuard) succeed() {
	g.l.loginClient.Reset(g.client)
	if g.device != "" {
		g.l.loginDevice.Reset(g.device)
	}
}
