package web

import (
	"cmp"
	"context"
	"errors"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/ciphergram/ciphergram/internal/store"
	"github.com/ciphergram/ciphergram/templates"
)

func (s *Server) loginPage(r *http.Request, u *store.User, username, errMsg string) templates.AccountForm {
	action := "/login"
	if next := r.URL.Query().Get("next"); next != "" {
		action += "?next=" + url.QueryEscape(next)
	}
	return templates.AccountForm{Page: s.page(r, u, "Sign in", "account"), Heading: "Sign in",
		Intro:  "Sign in with the username and password you chose.",
		Action: action, Submit: "Sign in", Username: username, Error: errMsg,
		AltText: "No account yet? Start any lesson: you can save your progress later.", AltURL: "/lessons",
		ForgotURL: "/account/recover"}
}

func (s *Server) savePage(r *http.Request, u *store.User, username, errMsg string) templates.AccountForm {
	return templates.AccountForm{Page: s.page(r, u, "Save my progress", "account"), Heading: "Save my progress",
		Intro: "Choose a username and a password. No email and no real name: just something you will remember. " +
			"Everything you have done so far stays with you, and you can sign in on any device to continue.",
		Action: "/account/save", Submit: "Save my progress", Username: username, Error: errMsg, NewPassword: true,
		AltText: "Already have an account? Sign in.", AltURL: "/login"}
}

func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) {
	u, ok := s.viewer(w, r)
	if !ok {
		return
	}
	v := s.loginPage(r, u, "", "")
	v.Flash = s.takeFlash(w, r) // "You were signed out after 12 hours without activity."
	s.render(w, r, http.StatusOK, templates.AccountView(v))
}

// badLogin is the one message for an unknown user and a wrong password, so
// the page does not tell which usernames exist.
const badLogin = "That username and password do not match. Check them and try again."

// login checks a password. Wrong passwords are counted per account, per
// account and address, per address and per known browser, and make further
// tries wait (see login_guard.go and limits.go).
func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.badForm(w, r, err)
		return
	}
	username := store.NormalizeName(r.PostForm.Get("username"))
	password := r.PostForm.Get("password")
	u, err := s.db.UserByUsername(r.Context(), username)
	hash := ""
	switch {
	case errors.Is(err, store.ErrNotFound):
		u = nil
	case err != nil:
		s.fail(w, r, err)
		return
	default:
		hash = u.PasswordHash
	}
	guard := s.loginGuard(r, username, u)
	wait, err := guard.wait(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if wait > 0 {
		w.Header().Set("Retry-After", seconds(wait))
		s.render(w, r, http.StatusTooManyRequests, templates.AccountView(s.loginPage(r, nil, username,
			"Too many tries that did not match. Wait "+seconds(wait)+" seconds, then try again.")))
		return
	}
	// Verify even for unknown users, so both failures take as long.
	if err := s.hasher.Verify(r.Context(), hash, password); err != nil || hash == "" {
		if errors.Is(err, context.Canceled) {
			return
		}
		s.limitCounted(r, guard.fail(r.Context()))
		s.render(w, r, http.StatusUnauthorized, templates.AccountView(s.loginPage(r, nil, username, badLogin)))
		return
	}
	s.limitCounted(r, guard.succeed(r.Context()))
	if err := s.signIn(w, r, u); err != nil {
		s.fail(w, r, err)
		return
	}
	s.setFlash(w, r, sentence("Welcome back, "+cmp.Or(u.DisplayName, u.Username)))
	http.Redirect(w, r, landing(u, r.URL.Query().Get("next")), http.StatusSeeOther)
}

// sentence ends text with a full stop, unless it has one ("Dawit M.").
func sentence(s string) string {
	if strings.HasSuffix(s, ".") {
		return s
	}
	return s + "."
}

// seconds rounds a wait up to whole seconds, for Retry-After.
func seconds(d time.Duration) string {
	return strconv.Itoa(int(math.Ceil(d.Seconds())))
}

// landing is where a user goes after signing in: the page they were
// sent from, if it is on this site, or their home.
func landing(u *store.User, next string) string {
	if localPath(next) {
		return next
	}
	switch u.Role {
	case store.RoleTeacher:
		return "/teach"
	case store.RoleStudent:
		return "/home"
	}
	return "/progress"
}

// logout ends the session for real: the user's session epoch moves on, so
// a copy of the old cookie no longer signs anyone in.
func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	u, ok := s.viewer(w, r)
	if !ok {
		return
	}
	if u != nil {
		if err := s.db.BumpSessionEpoch(r.Context(), u.ID); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.signOut(w, r)
	forgetPages(w)
	http.Redirect(w, r, signedOutPath, http.StatusSeeOther)
}

func (s *Server) saveForm(w http.ResponseWriter, r *http.Request) {
	u, ok := s.viewer(w, r)
	if !ok {
		return
	}
	if u != nil && u.Role != store.RoleGuest {
		http.Redirect(w, r, "/progress", http.StatusSeeOther)
		return
	}
	s.render(w, r, http.StatusOK, templates.AccountView(s.savePage(r, u, "", "")))
}

// save turns the guest learner into an account that keeps all its
// progress: a username and a password, nothing else.
func (s *Server) save(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.badForm(w, r, err)
		return
	}
	u, ok := s.viewer(w, r)
	if !ok {
		return
	}
	if u != nil && u.Role != store.RoleGuest {
		http.Redirect(w, r, "/progress", http.StatusSeeOther)
		return
	}
	username := store.NormalizeName(r.PostForm.Get("username"))
	password := r.PostForm.Get("password")
	if msg := problems(store.CheckUsername(username), store.CheckPassword(password)); msg != "" {
		s.render(w, r, http.StatusUnprocessableEntity, templates.AccountView(s.savePage(r, u, username, msg)))
		return
	}
	if !s.takeNewUser(w, r) {
		return
	}
	hash, err := s.hasher.Hash(r.Context(), password)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var saved *store.User
	if u == nil {
		saved, err = s.db.CreateLearner(r.Context(), username, hash)
	} else {
		saved, err = s.db.SaveAccount(r.Context(), u.ID, username, hash)
	}
	if errors.Is(err, store.ErrUsernameTaken) {
		s.render(w, r, http.StatusUnprocessableEntity, templates.AccountView(s.savePage(r, u, username, usernameTaken)))
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.signIn(w, r, saved); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.issueRecoveryCode(r.Context(), w, r, saved); err != nil {
		s.fail(w, r, err) // the account is saved and signed in; a new code can be asked for
		return
	}
	s.setFlash(w, r, "Your progress is saved. Sign in as "+saved.Username+" on any device to carry on.")
	http.Redirect(w, r, "/progress", http.StatusSeeOther)
}

// usernameTaken is the message for a username someone else has.
const usernameTaken = "That username is taken. Try another: add a number or a word you like."

// problems joins what is wrong with a form, one sentence each; "" if
// nothing is.
func problems(errs ...error) string {
	var msgs []string
	for _, err := range errs {
		if err != nil {
			msgs = append(msgs, err.Error())
		}
	}
	return strings.Join(msgs, " ")
}
