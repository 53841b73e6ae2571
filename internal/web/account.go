package web

import (
	"context"
	"errors"
	"math"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

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
		AltText: "No account yet? Start any lesson: you can save your progress later.", AltURL: "/lessons"}
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

// login checks a password. Failures are counted per client address and
// per account and address, and make further tries wait; a failure count
// for an account alone only slows it, so a stranger's guessing cannot lock
// the real owner out.
func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.badForm(w, r, err)
		return
	}
	username := normalizeName(r.PostForm.Get("username"))
	password := r.PostForm.Get("password")
	ip := clientIP(r)
	ipKey, accKey := "ip:"+ip, "acc:"+strings.ToLower(username)+"|"+ip
	if wait := max(s.ipLimit.Wait(ipKey), s.accLimit.Wait(accKey)); wait > 0 {
		w.Header().Set("Retry-After", seconds(wait))
		s.render(w, r, http.StatusTooManyRequests, templates.AccountView(s.loginPage(r, nil, username,
			"Too many tries that did not match. Wait "+seconds(wait)+" seconds, then try again.")))
		return
	}
	// Many failures on one account from anywhere slow its logins a little,
	// but never refuse them.
	slowKey := "acc:" + strings.ToLower(username)
	if wait := s.accSlow.Wait(slowKey); wait > 0 {
		select {
		case <-time.After(min(wait, 2*time.Second)):
		case <-r.Context().Done():
			return
		}
	}
	u, err := s.db.UserByUsername(r.Context(), username)
	hash := ""
	switch {
	case errors.Is(err, store.ErrNotFound):
	case err != nil:
		s.fail(w, r, err)
		return
	default:
		hash = u.PasswordHash
	}
	// Verify even for unknown users, so both failures take as long.
	if err := s.hasher.Verify(r.Context(), hash, password); err != nil || hash == "" {
		if errors.Is(err, context.Canceled) {
			return
		}
		s.ipLimit.Fail(ipKey)
		s.accLimit.Fail(accKey)
		s.accSlow.Fail(slowKey)
		s.render(w, r, http.StatusUnauthorized, templates.AccountView(s.loginPage(r, nil, username, badLogin)))
		return
	}
	s.accLimit.Reset(accKey)
	if err := s.signIn(w, r, u); err != nil {
		s.fail(w, r, err)
		return
	}
	s.setFlash(w, r, sentence("Welcome back, "+cmpOr(u.DisplayName, u.Username)))
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
	username := normalizeName(r.PostForm.Get("username"))
	password := r.PostForm.Get("password")
	if msg := checkUsername(username) + checkPassword(password); msg != "" {
		s.render(w, r, http.StatusUnprocessableEntity, templates.AccountView(s.savePage(r, u, username, msg)))
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
	s.setFlash(w, r, "Your progress is saved. Sign in as "+saved.Username+" on any device to carry on.")
	http.Redirect(w, r, "/progress", http.StatusSeeOther)
}

// usernameTaken is the message for a username someone else has.
const usernameTaken = "That username is taken. Try another: add a number or a word you like."

// normalizeName makes names comparable: NFC, no surrounding space.
func normalizeName(s string) string {
	return strings.TrimSpace(norm.NFC.String(s))
}

// checkUsername returns what is wrong with a username, or "".
func checkUsername(name string) string {
	n := utf8.RuneCountInString(name)
	if !utf8.ValidString(name) || n < 3 || n > 32 {
		return "Choose a username of 3 to 32 letters or digits. "
	}
	// Plain ASCII only: names that look alike must be alike, and the
	// database compares ASCII case-insensitively.
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '-') {
			return "A username can have the letters a to z, digits, dots, hyphens and underscores, but no spaces or other signs. "
		}
	}
	return ""
}

// checkPassword returns what is wrong with a new password, or "".
func checkPassword(p string) string {
	n := utf8.RuneCountInString(p)
	switch {
	case n < 8:
		return "Choose a password of at least 8 characters."
	case len(p) > 256:
		return "Choose a password of at most 256 characters."
	}
	return ""
}

// clientIP is the address the request came from.
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
