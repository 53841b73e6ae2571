package web

import (
	"cmp"
	"context"
	"errors"
	"net/http"

	"github.com/ciphergram/ciphergram/internal/store"
	"github.com/ciphergram/ciphergram/templates"
)

func (s *Server) joinPage(r *http.Request, u *store.User, code, className, display, username, errMsg string) templates.JoinPage {
	v := templates.JoinPage{Page: s.page(r, u, "Join a class", "join"), Action: "/join", Code: code, ClassName: className,
		DisplayName: display, Username: username, Error: errMsg}
	if u != nil {
		v.SignedIn = true
		v.HasAccount = u.Role != store.RoleGuest
		v.Name = cmp.Or(u.DisplayName, u.Username)
	}
	return v
}

// joinForm is /join, with the code filled in when it comes from a link.
func (s *Server) joinForm(w http.ResponseWriter, r *http.Request) {
	u, ok := s.viewer(w, r)
	if !ok {
		return
	}
	if u != nil && u.Role == store.RoleTeacher {
		http.Redirect(w, r, "/teach", http.StatusSeeOther)
		return
	}
	code := store.NormalizeJoinCode(r.URL.Query().Get("code"))
	className := ""
	if code != "" {
		if c, err := s.db.ClassByJoinCode(r.Context(), code); err == nil {
			className = c.Name
		}
	}
	s.render(w, r, http.StatusOK, templates.JoinView(s.joinPage(r, u, code, className, "", "", "")))
}

// joinClass enrols the student. Someone already signed in joins keeping
// everything they did; a newcomer chooses a display name, a username and
// a password, and a guest keeps its progress too.
func (s *Server) joinClass(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.badForm(w, r, err)
		return
	}
	u, ok := s.viewer(w, r)
	if !ok {
		return
	}
	if u != nil && u.Role == store.RoleTeacher {
		s.showError(w, r, http.StatusForbidden, "You are signed in as a teacher",
			"Teachers cannot join classes. To try the student side, use another browser or a private window.")
		return
	}
	f := r.PostForm
	code := store.NormalizeJoinCode(f.Get("code"))
	display, username := store.NormalizeName(f.Get("display_name")), store.NormalizeName(f.Get("username"))
	again := func(status int, msg string) {
		s.render(w, r, status, templates.JoinView(s.joinPage(r, u, code, "", display, username, msg)))
	}
	// Wrong codes are counted per address (see limits.go). The count is
	// asked before the code is looked up, so while it says wait even the
	// right code is refused: otherwise a guesser would learn when they are
	// right.
	addr := s.limits.key(s.clientAddr(r))
	wait, err := s.limits.joinCode.Wait(r.Context(), addr)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if wait > 0 {
		w.Header().Set("Retry-After", seconds(wait))
		again(http.StatusTooManyRequests, "Too many codes that did not work. Wait "+seconds(wait)+" seconds, then check the code with your teacher.")
		return
	}
	c, err := s.db.ClassByJoinCode(r.Context(), code)
	if errors.Is(err, store.ErrNotFound) {
		// Counted even if the client has gone (see loginGuard.fail).
		s.limitCounted(r, s.limits.joinCode.Add(context.WithoutCancel(r.Context()), addr))
		again(http.StatusUnprocessableEntity, "No class has that code. Check it with your teacher: it has 8 letters and digits.")
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	const nameTaken = "Someone in this class already uses that name. Add an initial or choose a nickname."
	if u != nil && u.Role != store.RoleGuest {
		err := s.db.Join(r.Context(), c.ID, u.ID)
		if errors.Is(err, store.ErrDisplayNameTaken) {
			again(http.StatusUnprocessableEntity, "Someone in this class already has your name, "+cmp.Or(u.DisplayName, u.Username)+
				". Ask your teacher to help: two students with one name cannot be told apart.")
			return
		}
		if err != nil {
			s.fail(w, r, err)
			return
		}
		s.setFlash(w, r, "You joined “"+c.Name+"”. Everything you did before is still yours.")
		http.Redirect(w, r, "/home", http.StatusSeeOther)
		return
	}
	password := f.Get("password")
	if msg := checkDisplayName(display, true) + problems(store.CheckUsername(username), store.CheckPassword(password)); msg != "" {
		again(http.StatusUnprocessableEntity, msg)
		return
	}
	hash, err := s.hasher.Hash(r.Context(), password)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var guestID int64
	if u != nil {
		guestID = u.ID
	}
	student, err := s.db.CreateStudent(r.Context(), c.ID, guestID, username, display, hash)
	if errors.Is(err, store.ErrUsernameTaken) {
		again(http.StatusUnprocessableEntity, usernameTaken)
		return
	}
	if errors.Is(err, store.ErrDisplayNameTaken) {
		again(http.StatusUnprocessableEntity, nameTaken)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// A new account joined: the wrong codes typed from this address are
	// forgiven. Only a new account forgives them: an account joining
	// again changes nothing, and would otherwise let a guesser who has
	// one clear the count between guesses for free.
	s.limitCounted(r, s.limits.joinCode.Reset(r.Context(), addr))
	if err := s.signIn(w, r, student); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.issueRecoveryCode(r.Context(), w, r, student); err != nil {
		s.fail(w, r, err) // the account is made and signed in; a new code can be asked for
		return
	}
	s.setFlash(w, r, "Welcome to “"+c.Name+"”. Sign in as "+student.Username+" next time.")
	http.Redirect(w, r, "/home", http.StatusSeeOther)
}
