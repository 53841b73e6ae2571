package web

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/ciphergram/ciphergram/internal/auth"
	"github.com/ciphergram/ciphergram/internal/store"
	"github.com/ciphergram/ciphergram/templates"
)

// A recovery code is the way back into an account without email: shown
// once when the account is made (or a new one is asked for), written down
// or printed, and stored only as a hash (auth.HashToken: a drawn secret
// needs no slow hash). With
// the username it sets a new password, and is then replaced.
//
// A code is 16 characters of an alphabet without look-alikes (0/O,
// 1/I/L): 31^16, about 7.3e23 codes (79 bits), so guessing is hopeless
// even before the limits of recovery_guard.go.
const (
	// recoveryKey is where the session keeps a new code until the next
	// page has shown it once.
	recoveryKey = "recovery"
)

// newRecoveryCode draws a code, grouped by four for copying:
// "ABCD-EFGH-…". It is a generated password (class.go) in capitals, so
// it cannot be mistaken for one.
func newRecoveryCode() string {
	return strings.ToUpper(newPassword())
}

// normalizeRecoveryCode reads a code as typed: any case, with or without
// its hyphens and spaces, so "abcd efgh…" is the same code.
func normalizeRecoveryCode(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '-' || r == ' ' || r == '\t':
			return -1
		case r >= 'a' && r <= 'z':
			return r - 'a' + 'A'
		}
		return r
	}, s)
}

// issueRecoveryCode gives u a new recovery code, and keeps it in the
// (encrypted) session until the next page shows it. The old code, if
// any, stops working.
func (s *Server) issueRecoveryCode(ctx context.Context, w http.ResponseWriter, r *http.Request, u *store.User) error {
	code := newRecoveryCode()
	if err := s.db.SetRecoveryCode(ctx, u.ID, auth.HashToken(normalizeRecoveryCode(code))); err != nil {
		return err
	}
	sess, _ := s.cookies.Get(r, sessionName)
	sess.Values[recoveryKey] = code
	return sess.Save(r, w)
}

// takeRecoveryCode returns a recovery code waiting to be shown, once, and
// forgets it. No page is cached (render sets no-store), so Back does not
// bring it up again.
func (s *Server) takeRecoveryCode(w http.ResponseWriter, r *http.Request) string {
	sess, _ := s.cookies.Get(r, sessionName)
	code, _ := sess.Values[recoveryKey].(string)
	if code == "" {
		return ""
	}
	delete(sess.Values, recoveryKey)
	sess.Save(r, w)
	return code
}

// recoveryCodeNew is POST /account/recovery-code: a signed-in account
// asks for a new code (the old one was lost, or never given).
func (s *Server) recoveryCodeNew(w http.ResponseWriter, r *http.Request, u *store.User) {
	if u.Role != store.RoleLearner && u.Role != store.RoleStudent {
		// A guest has no username to use it with; a teacher's password is
		// reset by an administrator.
		s.notFound(w, r)
		return
	}
	if err := s.issueRecoveryCode(r.Context(), w, r, u); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, landing(u, ""), http.StatusSeeOther)
}

func (s *Server) recoverPage(r *http.Request, username, errMsg string) templates.AccountForm {
	return templates.AccountForm{Page: s.page(r, nil, "Forgot your password", "account"), Heading: "Forgot your password",
		Intro: "Type your username and the recovery code you wrote down or printed when you made your account, " +
			"then choose a new password. You will get a new recovery code: the old one works only once.",
		Action: "/account/recover", Submit: "Set my new password", Username: username, Error: errMsg,
		NewPassword: true, RecoveryCode: true, AltText: "Remember your password? Sign in.", AltURL: "/login"}
}

func (s *Server) recoverForm(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, templates.AccountView(s.recoverPage(r, "", "")))
}

// badRecovery is the one message for an unknown user, a user without a
// code and a wrong code, so the page does not tell which exist.
const badRecovery = "That username and recovery code do not match. Check them and try again."

// recoverAccount is POST /account/recover: username, recovery code and a
// new password. Wrong codes are counted per account and per address and
// make further tries wait (recovery_guard.go). On success every earlier
// session ends, the browser is signed in and shown its new code.
func (s *Server) recoverAccount(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.badForm(w, r, err)
		return
	}
	ctx := r.Context()
	username := store.NormalizeName(r.PostForm.Get("username"))
	code := normalizeRecoveryCode(r.PostForm.Get("code"))
	password := r.PostForm.Get("password")
	if msg := problems(store.CheckPassword(password)); msg != "" {
		s.render(w, r, http.StatusUnprocessableEntity, templates.AccountView(s.recoverPage(r, username, msg)))
		return
	}
	if len(code) > 64 { // never hash a megabyte
		s.render(w, r, http.StatusUnprocessableEntity, templates.AccountView(s.recoverPage(r, username, badRecovery)))
		return
	}
	guard := s.recoveryGuard(r, username)
	wait, err := guard.wait(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if wait > 0 {
		w.Header().Set("Retry-After", seconds(wait))
		s.render(w, r, http.StatusTooManyRequests, templates.AccountView(s.recoverPage(r, username,
			"Too many tries that did not match. Wait "+seconds(wait)+" seconds, then try again.")))
		return
	}
	u, codeHash, err := s.recoveryTarget(ctx, username)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !auth.TokenMatches(codeHash, code) {
		s.limitCounted(r, guard.fail(ctx))
		s.render(w, r, http.StatusUnauthorized, templates.AccountView(s.recoverPage(r, username, badRecovery)))
		return
	}
	pwHash, err := s.hasher.Hash(ctx, password)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	next := newRecoveryCode()
	u, err = s.db.Recover(ctx, u.ID, codeHash, pwHash, auth.HashToken(normalizeRecoveryCode(next)))
	if errors.Is(err, store.ErrNotFound) { // used at the same moment by another request
		s.limitCounted(r, guard.fail(ctx))
		s.render(w, r, http.StatusUnauthorized, templates.AccountView(s.recoverPage(r, username, badRecovery)))
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.limitCounted(r, guard.succeed(ctx))
	if err := s.signIn(w, r, u); err != nil {
		s.fail(w, r, err)
		return
	}
	sess, _ := s.cookies.Get(r, sessionName)
	sess.Values[recoveryKey] = next
	sess.AddFlash("Your new password is set, and you are signed in. Every other device was signed out.")
	if err := sess.Save(r, w); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, landing(u, ""), http.StatusSeeOther)
}

// recoveryTarget finds the account and its code's hash; ("", nil) when
// the username or the code does not exist.
func (s *Server) recoveryTarget(ctx context.Context, username string) (*store.User, string, error) {
	u, err := s.db.UserByUsername(ctx, username)
	if errors.Is(err, store.ErrNotFound) {
		return nil, "", nil
	}
	if err != nil {
		return nil, "", err
	}
	hash, err := s.db.RecoveryCodeHash(ctx, u.ID)
	if errors.Is(err, store.ErrNotFound) {
		return u, "", nil
	}
	return u, hash, err
}
