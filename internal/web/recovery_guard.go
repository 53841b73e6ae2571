package web

import (
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
	return recoveryGuard{l: &s.limits, account: strings.ToLower(username), address: s.clientAddr(r)}
}

// wait is how long this try must wait; asked before the code is checked,
// so while it says wait even the right code is refused.
func (g recoveryGuard) wait() time.Duration {
	return max(g.l.recoverAccount.Wait(g.account), g.l.recoverAddress.Wait(g.address))
}

// fail counts a wrong code.
func (g recoveryGuard) fail() {
	g.l.recoverAccount.Fail(g.account)
	g.l.recoverAddress.Add(g.address)
}

// succeed forgives the account's count: the code that worked is replaced,
// so earlier guesses at it are moot. The address's count drains by itself
// (see loginGuard.succeed for why it is never reset).
func (g recoveryGuard) succeed() {
	g.l.recoverAccount.Reset(g.account)
}
