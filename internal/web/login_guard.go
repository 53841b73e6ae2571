package web

import (
	"context"
	"errors"
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
	l := &s.limits
	g := loginGuard{l: l, account: l.key(acc), client: l.key(acc, addr), address: l.key(addr)}
	if d := s.device(r); u != nil && d.knows(u.ID) {
		g.device = l.key(d.ID, strconv.FormatInt(u.ID, 10))
	}
	return g
}

// wait is how long this try must wait; 0: it may go ahead. It is asked
// before the password is checked, so while it says wait even the right
// password is refused: otherwise a guesser would learn when they are right.
func (g loginGuard) wait(ctx context.Context) (time.Duration, error) {
	if g.device != "" {
		return g.l.loginDevice.Wait(ctx, g.device)
	}
	var w longest
	w.of(g.l.loginAccount.Wait(ctx, g.account))
	w.of(g.l.loginClient.Wait(ctx, g.client))
	w.of(g.l.loginAddress.Wait(ctx, g.address))
	return w.d, w.err
}

// fail counts a wrong password, even if the client has gone meanwhile:
// hanging up early must not be a way to guess uncounted.
func (g loginGuard) fail(ctx context.Context) error {
	ctx = context.WithoutCancel(ctx)
	if g.device != "" {
		return g.l.loginDevice.Fail(ctx, g.device)
	}
	return errors.Join(
		g.l.loginAccount.Fail(ctx, g.account),
		g.l.loginClient.Fail(ctx, g.client),
		g.l.loginAddress.Add(ctx, g.address))
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
func (g loginGuard) succeed(ctx context.Context) error {
	err := g.l.loginClient.Reset(ctx, g.client)
	if g.device != "" {
		err = errors.Join(err, g.l.loginDevice.Reset(ctx, g.device))
	}
	return err
}

// longest keeps the longest of several waits, and the first error in
// asking for them.
type longest struct {
	d   time.Duration
	err error
}

func (w *longest) of(d time.Duration, err error) {
	w.d = max(w.d, d)
	if w.err == nil {
		w.err = err
	}
}
