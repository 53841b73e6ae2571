package web

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"
)

// recoveryGuard holds the limit keys for one try of a recovery code, on
// the design of loginGuard: counted per account from anywhere, and per
// address across accounts. A code has 79 bits, so the limits are not what
// keeps it safe; they keep a guesser from making the server hash all day.
type recoveryGuard struct {
	l       *limits
	account string // the username, lower case
	address string // the client's address
}

func (s *Server) recoveryGuard(r *http.Request, username string) recoveryGuard {
	l := &s.limits
	return recoveryGuard{l: l, account: l.key(strings.ToLower(username)), address: l.key(s.clientAddr(r))}
}

// wait is how long this try must wait; asked before the code is checked,
// so while it says wait even the right code is refused.
func (g recoveryGuard) wait(ctx context.Context) (time.Duration, error) {
	var w longest
	w.of(g.l.recoverAccount.Wait(ctx, g.account))
	w.of(g.l.recoverAddress.Wait(ctx, g.address))
	return w.d, w.err
}

// fail counts a wrong code, even if the client has gone meanwhile (see
// loginGuard.fail).
func (g recoveryGuard) fail(ctx context.Context) error {
	ctx = context.WithoutCancel(ctx)
	return errors.Join(g.l.recoverAccount.Fail(ctx, g.account), g.l.recoverAddress.Add(ctx, g.address))
}

// succeed forgives the account's count: the code that worked is replaced,
// so earlier guesses at it are moot. The address's count drains by itself
// (see loginGuard.succeed for why it is never reset).
func (g recoveryGuard) succeed(ctx context.Context) error {
	return g.l.recoverAccount.Reset(ctx, g.account)
}
