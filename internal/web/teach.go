package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/ciphergram/ciphergram/internal/names"
	"github.com/ciphergram/ciphergram/internal/store"
	"github.com/ciphergram/ciphergram/templates"
)

// locations caches loaded zones: LoadLocation reads the zone database
// each time, and a gradebook formats many dates.
var locations sync.Map // name → *time.Location

// location is the teacher's zone; an unknown one falls back to UTC.
func location(name string) *time.Location {
	if loc, ok := locations.Load(name); ok {
		return loc.(*time.Location)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return time.UTC
	}
	locations.Store(name, loc)
	return loc
}

// formatDue prints a due time in a zone, e.g. "Fri 28 Nov, 09:00 CET".
func formatDue(t time.Time, tz string) string {
	return t.In(location(tz)).Format("Mon 2 Jan, 15:04 MST")
}

func (s *Server) signupPage(r *http.Request, username, displayName, tz, errMsg string) templates.SignupPage {
	return templates.SignupPage{Page: s.page(r, nil, "Teacher sign-up", "signup"), Action: "/signup",
		Username: username, DisplayName: displayName, Timezone: tz, Timezones: timezones,
		Error: errMsg, Closed: !s.signupOpen}
}

func (s *Server) signupForm(w http.ResponseWriter, r *http.Request) {
	status := http.StatusOK
	if !s.signupOpen {
		status = http.StatusForbidden
	}
	s.render(w, r, status, templates.SignupView(s.signupPage(r, "", "", "", "")))
}

// signup creates a teacher account and signs it in.
func (s *Server) signup(w http.ResponseWriter, r *http.Request) {
	if !s.signupOpen {
		s.signupForm(w, r)
		return
	}
	if err := r.ParseForm(); err != nil {
		s.badForm(w, r, err)
		return
	}
	f := r.PostForm
	username, display, tz := store.NormalizeName(f.Get("username")), store.NormalizeName(f.Get("display_name")), f.Get("timezone")
	msg := checkDisplayName(display, false) + problems(store.CheckUsername(username), store.CheckPassword(f.Get("password")))
	if !validZone(tz) {
		msg = strings.TrimSpace(msg + " Choose your time zone from the list.")
	}
	if msg != "" {
		s.render(w, r, http.StatusUnprocessableEntity, templates.SignupView(s.signupPage(r, username, display, tz, msg)))
		return
	}
	hash, err := s.hasher.Hash(r.Context(), f.Get("password"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	u, err := s.db.CreateTeacher(r.Context(), username, display, hash, tz)
	if errors.Is(err, store.ErrUsernameTaken) {
		s.render(w, r, http.StatusUnprocessableEntity, templates.SignupView(s.signupPage(r, username, display, tz, usernameTaken)))
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.signIn(w, r, u); err != nil {
		s.fail(w, r, err)
		return
	}
	s.setFlash(w, r, "Welcome. Create your first class: its join code is what students type to join.")
	http.Redirect(w, r, "/teach", http.StatusSeeOther)
}

// checkDisplayName returns what is wrong with a display name, or "".
// Control and invisible characters are refused so that no two names in a
// class can look the same while being different, and a name must show
// something: blank-looking letters (U+3164) or a lone accent are no name.
func checkDisplayName(name string, required bool) string {
	n := utf8.RuneCountInString(name)
	switch {
	case n == 0 && !required:
		return ""
	case n == 0:
		return "Write the name your teacher will see: a first name or a nickname is enough. "
	case n > 40 || !utf8.ValidString(name):
		return "Keep the name under 40 letters. "
	case names.Blank(name):
		return "That name shows nothing on the screen: write letters or digits people can see, such as a first name. "
	case strings.ContainsFunc(name, names.Invisible):
		return "The name has characters that cannot be shown. Use letters, digits and spaces. "
	}
	return ""
}

func (s *Server) teacherHome(w http.ResponseWriter, r *http.Request, u *store.User) {
	s.renderTeacherHome(w, r, u, http.StatusOK, "", "")
}

func (s *Server) renderTeacherHome(w http.ResponseWriter, r *http.Request, u *store.User, status int, newName, errMsg string) {
	classes, err := s.db.Classes(r.Context(), u.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := templates.TeacherHome{Page: s.page(r, u, "Your classes", "teach"), CreateAction: "/teach/classes",
		NewName: newName, Error: errMsg, Timezone: u.Timezone, Timezones: timezones, TimezoneAction: "/teach/timezone"}
	v.Flash = s.takeFlash(w, r)
	for _, c := range classes {
		v.Classes = append(v.Classes, templates.ClassCard{Name: c.Name, URL: classURL(c.ID), JoinCode: c.JoinCode,
			Students: c.Students, Assigned: c.Assigned, Archived: c.Archived})
	}
	s.render(w, r, status, templates.TeacherHomeView(v))
}

func classURL(id int64) string { return "/teach/classes/" + strconv.FormatInt(id, 10) }

func (s *Server) classCreate(w http.ResponseWriter, r *http.Request, u *store.User) {
	if err := r.ParseForm(); err != nil {
		s.badForm(w, r, err)
		return
	}
	name := store.NormalizeName(r.PostForm.Get("name"))
	if msg := checkClassName(name); msg != "" {
		s.renderTeacherHome(w, r, u, http.StatusUnprocessableEntity, name, msg)
		return
	}
	c, err := s.db.CreateClass(r.Context(), u.ID, name)
	if errors.Is(err, store.ErrClassNameTaken) {
		s.renderTeacherHome(w, r, u, http.StatusUnprocessableEntity, name, classNameTaken)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.setFlash(w, r, "Class created. Show your students the join code, then assign lessons.")
	http.Redirect(w, r, classURL(c.ID), http.StatusSeeOther)
}

// checkClassName returns what is wrong with a class name, or "".
func checkClassName(name string) string {
	if n := utf8.RuneCountInString(name); n == 0 || n > 60 || names.Blank(name) || strings.ContainsFunc(name, names.Invisible) {
		return "Give the class a name of up to 60 characters you can see, such as “Year 10 History, group B”."
	}
	return ""
}

// classNameTaken is the message for a class name like another of the
// teacher's (store.ErrClassNameTaken).
const classNameTaken = "You already have a class with a name that looks like this one. Choose a name your students can tell apart, such as “Year 10 History, group B”."

func (s *Server) timezoneSave(w http.ResponseWriter, r *http.Request, u *store.User) {
	if err := r.ParseForm(); err != nil {
		s.badForm(w, r, err)
		return
	}
	tz := r.PostForm.Get("timezone")
	if !validZone(tz) {
		s.renderTeacherHome(w, r, u, http.StatusUnprocessableEntity, "", "Choose your time zone from the list.")
		return
	}
	if err := s.db.SetTimezone(r.Context(), u.ID, tz); err != nil {
		s.fail(w, r, err)
		return
	}
	s.setFlash(w, r, "Time zone saved: due times are shown in "+tz+".")
	http.Redirect(w, r, "/teach", http.StatusSeeOther)
}
