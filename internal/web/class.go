package web

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ciphergram/ciphergram/internal/auth"
	"github.com/ciphergram/ciphergram/internal/store"
	"github.com/ciphergram/ciphergram/lessons"
	"github.com/ciphergram/ciphergram/templates"
)

// classFor loads the class in the path through its teacher: another
// teacher's class, or a malformed ID, is "not found".
func (s *Server) classFor(w http.ResponseWriter, r *http.Request, u *store.User) (*store.Class, bool) {
	id, err := strconv.ParseInt(r.PathValue("class"), 10, 64)
	if err != nil {
		s.notFound(w, r)
		return nil, false
	}
	c, err := s.db.Class(r.Context(), u.ID, id)
	if err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	return c, true
}

func (s *Server) classShow(w http.ResponseWriter, r *http.Request, u *store.User) {
	c, ok := s.classFor(w, r, u)
	if !ok {
		return
	}
	s.renderClass(w, r, u, c, http.StatusOK, "", nil)
}

// renderClass shows the class page; errMsg and a one-time password come
// from the action just taken.
func (s *Server) renderClass(w http.ResponseWriter, r *http.Request, u *store.User, c *store.Class, status int, errMsg string, otp *templates.OneTimePassword) {
	roster, assigned, ungraded, err := s.db.ClassOverview(r.Context(), u.ID, c.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	base := classURL(c.ID)
	v := templates.ClassPage{Page: s.page(r, u, c.Name, "teach"), Name: c.Name, JoinCode: c.JoinCode,
		JoinURL: s.origin(r) + "/join?code=" + c.JoinCode, Archived: c.Archived,
		RenameAction: base + "/rename", ArchiveAction: base + "/archive", CodeAction: base + "/code", DeleteAction: base + "/delete",
		Error: errMsg, NewPassword: otp, AssignAction: base + "/assign", Timezone: u.Timezone,
		GradebookURL: base + "/gradebook", CSVURL: base + "/gradebook.csv"}
	v.Flash = s.takeFlash(w, r)
	now := s.now()
	for _, e := range roster {
		sid := strconv.FormatInt(e.User.ID, 10)
		row := templates.RosterRow{DisplayName: e.User.DisplayName, Username: e.User.Username,
			LastActive: ago(now, e.LastActive), RemoveAction: base + "/students/" + sid + "/remove",
			DeleteURL: studentDeleteURL(c.ID, e.User.ID)}
		if e.Reset.Allowed {
			row.ResetAction = base + "/students/" + sid + "/reset"
		} else {
			row.ResetBy = whoCanReset(e.User, e.Reset)
		}
		v.Roster = append(v.Roster, row)
	}
	for _, a := range assigned {
		l, ok, err := s.recordedLesson(r.Context(), a.LessonSlug)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if !ok {
			continue // a lesson removed from the unit since
		}
		row := templates.AssignmentRow{LessonTitle: l.Title, Due: "no due date", UnassignAction: base + "/unassign/" + l.Slug,
			InsightURL: base + "/lessons/" + l.Slug + "/insight"}
		if a.HasDue {
			row.Due = formatDue(a.Due, u.Timezone)
		}
		if slices.ContainsFunc(l.Questions, func(q *lessons.Question) bool { return q.Type == lessons.Written }) {
			row.GradingURL = base + "/lessons/" + l.Slug + "/grading"
			row.Ungraded = ungraded[l.Slug]
		}
		v.Assignments = append(v.Assignments, row)
	}
	options, err := s.assignable(r.Context(), u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, o := range options {
		o.Assigned = slices.ContainsFunc(assigned, func(a store.Assignment) bool { return a.LessonSlug == o.Slug })
		v.Lessons = append(v.Lessons, o)
	}
	s.render(w, r, status, templates.ClassView(v))
}

// origin is the scheme and host students use to reach the server.
func (s *Server) origin(r *http.Request) string {
	if s.baseURL != "" {
		return s.baseURL
	}
	scheme := "http"
	if r.TLS != nil || s.cookies.Options.Secure {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// ago says how long ago t was, in days.
func ago(now, t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	switch days := int(now.Sub(t).Hours() / 24); {
	case days < 1:
		return "today"
	case days == 1:
		return "yesterday"
	default:
		return fmt.Sprintf("%d days ago", days)
	}
}

// classAction runs a change to a class, then goes back to the class page.
func (s *Server) classAction(w http.ResponseWriter, r *http.Request, u *store.User, do func(c *store.Class) (flash string, err error)) {
	c, ok := s.classFor(w, r, u)
	if !ok {
		return
	}
	if err := r.ParseForm(); err != nil {
		s.badForm(w, r, err)
		return
	}
	flash, err := do(c)
	var fe formErr
	if errors.As(err, &fe) {
		s.renderClass(w, r, u, c, http.StatusUnprocessableEntity, string(fe), nil)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.setFlash(w, r, flash)
	http.Redirect(w, r, classURL(c.ID), http.StatusSeeOther)
}

// formErr is a message for the person who filled in the form.
type formErr string

func (e formErr) Error() string { return string(e) }

func (s *Server) classRename(w http.ResponseWriter, r *http.Request, u *store.User) {
	s.classAction(w, r, u, func(c *store.Class) (string, error) {
		name := store.NormalizeName(r.PostForm.Get("name"))
		if msg := checkClassName(name); msg != "" {
			return "", formErr(msg)
		}
		err := s.db.RenameClass(r.Context(), u.ID, c.ID, name)
		if errors.Is(err, store.ErrClassNameTaken) {
			return "", formErr(classNameTaken)
		}
		return "Class renamed.", err
	})
}

func (s *Server) classArchive(w http.ResponseWriter, r *http.Request, u *store.User) {
	s.classAction(w, r, u, func(c *store.Class) (string, error) {
		archived := r.PostForm.Get("archived") == "1"
		msg := "Class restored: students can join and work again."
		if archived {
			msg = "Class archived: nobody can join it, and it moves to the end of your list. Nothing is deleted."
		}
		return msg, s.db.SetArchived(r.Context(), u.ID, c.ID, archived)
	})
}

func (s *Server) classNewCode(w http.ResponseWriter, r *http.Request, u *store.User) {
	if !s.confirmFirst(w, r, u, s.codeConfirm) {
		return
	}
	s.classAction(w, r, u, func(c *store.Class) (string, error) {
		code, err := s.db.RegenerateJoinCode(r.Context(), u.ID, c.ID)
		return "New join code: " + code + ". The old code no longer works.", err
	})
}

func (s *Server) classDelete(w http.ResponseWriter, r *http.Request, u *store.User) {
	c, ok := s.classFor(w, r, u)
	if !ok {
		return
	}
	if err := r.ParseForm(); err != nil {
		s.badForm(w, r, err)
		return
	}
	if r.PostForm.Get("confirm") != "1" {
		s.renderClass(w, r, u, c, http.StatusUnprocessableEntity, "To delete the class, tick the box that confirms it.", nil)
		return
	}
	if err := s.db.DeleteClass(r.Context(), u.ID, c.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	s.setFlash(w, r, "Class “"+c.Name+"” deleted, with its roster and assignments.")
	http.Redirect(w, r, "/teach", http.StatusSeeOther)
}

// classAssign assigns the chosen lessons, with an optional due date and
// time in the teacher's time zone (end of day when only a date is given).
func (s *Server) classAssign(w http.ResponseWriter, r *http.Request, u *store.User) {
	s.classAction(w, r, u, func(c *store.Class) (string, error) {
		slugs := r.PostForm["lesson"]
		if len(slugs) == 0 {
			return "", formErr("Tick at least one lesson to assign.")
		}
		for _, slug := range slugs {
			// The form lists only lessons the teacher may assign; a slug
			// sent by hand is checked the same way.
			if _, err := s.lessonFor(r.Context(), u, slug); isNotFound(err) || errors.Is(err, errBrokenLesson) {
				return "", formErr("That lesson is not one you can assign. Reload the page and try again.")
			} else if err != nil {
				return "", err
			}
		}
		due, hasDue, err := parseDue(r.PostForm.Get("due_date"), r.PostForm.Get("due_time"), u.Timezone)
		if err != nil {
			return "", err
		}
		n := strconv.Itoa(len(slugs))
		return n + " " + templates.Plural(len(slugs), "lesson", "lessons") + " assigned.", s.db.Assign(r.Context(), u.ID, c.ID, slugs, due, hasDue)
	})
}

// parseDue reads the date and time inputs in the teacher's zone.
func parseDue(date, clock, tz string) (time.Time, bool, error) {
	if date == "" && clock == "" {
		return time.Time{}, false, nil
	}
	if date == "" {
		return time.Time{}, false, formErr("Give a due date as well as a time, or neither.")
	}
	if clock == "" {
		clock = "23:59"
	}
	t, err := time.ParseInLocation("2006-01-02 15:04", date+" "+clock, location(tz))
	if err != nil || t.Year() < 2000 || t.Year() > 2200 {
		return time.Time{}, false, formErr("Give the due date as a date (like 2026-11-28) and the time as hours and minutes (like 09:00).")
	}
	return t, true, nil
}

func (s *Server) classUnassign(w http.ResponseWriter, r *http.Request, u *store.User) {
	s.classAction(w, r, u, func(c *store.Class) (string, error) {
		return "Lesson unassigned. Students keep the work they did.", s.db.Unassign(r.Context(), u.ID, c.ID, r.PathValue("slug"))
	})
}

// studentRight loads the class and the student in the path, and whether
// the teacher may reset the student's password or delete their account
// (store.ResetRight): another teacher's class, or a student not in it, is
// "not found".
func (s *Server) studentRight(w http.ResponseWriter, r *http.Request, u *store.User) (*store.Class, *store.User, store.ResetRight, bool) {
	c, ok := s.classFor(w, r, u)
	if !ok {
		return nil, nil, store.ResetRight{}, false
	}
	sid, ok := studentFor(r)
	if !ok {
		s.notFound(w, r)
		return nil, nil, store.ResetRight{}, false
	}
	student, right, err := s.db.ResetRight(r.Context(), u.ID, c.ID, sid)
	if err != nil {
		s.fail(w, r, err)
		return nil, nil, store.ResetRight{}, false
	}
	return c, student, right, true
}

// studentFor reads the student ID in the path.
func studentFor(r *http.Request) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue("student"), 10, 64)
	return id, err == nil
}

// studentReset gives a student a new password, shown to the teacher once.
// Whether the teacher may is settled before any hashing, so a refusal is
// as quick for a real student as for a made-up one.
func (s *Server) studentReset(w http.ResponseWriter, r *http.Request, u *store.User) {
	c, student, right, ok := s.studentRight(w, r, u)
	if !ok {
		return
	}
	sid := student.ID
	if !right.Allowed {
		s.renderClass(w, r, u, c, http.StatusForbidden, whoCanReset(*student, right), nil)
		return
	}
	if err := r.ParseForm(); err != nil {
		s.badForm(w, r, err)
		return
	}
	if !confirmed(r) {
		s.resetConfirm(w, r, u, c, student, right)
		return
	}
	password := newPassword()
	hash, err := s.hasher.Hash(r.Context(), password)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// Checked again in the writing transaction: a student who joined
	// another teacher's class meanwhile is refused there.
	if err := s.db.ResetStudentPassword(r.Context(), u.ID, c.ID, sid, hash); errors.Is(err, store.ErrResetRefused) {
		s.renderClass(w, r, u, c, http.StatusForbidden, "You can no longer reset this password: reload the page to see who can.", nil)
		return
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	// Rendered, not redirected: the password must not travel in a cookie or URL.
	s.renderClass(w, r, u, c, http.StatusOK, "", &templates.OneTimePassword{
		Student: student.DisplayName, Username: student.Username, Password: password})
}

// whoCanReset tells a teacher who may reset a student's password when
// they may not.
func whoCanReset(student store.User, right store.ResetRight) string {
	return whoCan(student, right, "reset this password", "reset its password", "ciphergram user reset "+student.Username)
}

// whoCan explains a refusal under the reset rule (store.ResetRight): what
// no teacher, or not this one, can do, and the administrator's command.
func whoCan(student store.User, right store.ResetRight, noTeacher, notYou, command string) string {
	admin := "an administrator can, with: " + command
	if len(right.OtherTeachers) > 0 {
		return student.DisplayName + " is also in a class of " + strings.Join(right.OtherTeachers, " and ") +
			", so no teacher can " + noTeacher + ": " + admin
	}
	return student.DisplayName + "’s account was not made by joining one of your classes, so you cannot " + notYou + ": " + admin
}

func (s *Server) studentRemove(w http.ResponseWriter, r *http.Request, u *store.User) {
	if !s.confirmFirst(w, r, u, s.removeConfirm) {
		return
	}
	s.classAction(w, r, u, func(c *store.Class) (string, error) {
		sid, ok := studentFor(r)
		if !ok {
			return "", store.ErrNotFound
		}
		return "Student removed from the class. Their account and answers are kept.", s.db.RemoveStudent(r.Context(), u.ID, c.ID, sid)
	})
}

// newPassword is easy to read out and type: four groups of four letters
// and digits from an alphabet without look-alikes (about 80 bits).
func newPassword() string {
	c := auth.RandomCode("23456789abcdefghjkmnpqrstuvwxyz", 16)
	return c[:4] + "-" + c[4:8] + "-" + c[8:12] + "-" + c[12:]
}
