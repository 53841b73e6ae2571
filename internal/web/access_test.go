package web_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/ciphergram/ciphergram/internal/auth"
	"github.com/ciphergram/ciphergram/internal/store"
	"github.com/ciphergram/ciphergram/internal/web"
)

// classroom is two teachers, each with a class and a student; a student
// in both classes, both of which assigned the same lessons; a third
// teacher whose account is on class A's roster; and a self-study learner;
// each signed in in their own browser.
type classroom struct {
	*app
	classA, classB     int64
	studentA, studentB int64
	studentAB          int64 // made by joining A, then joined B
	teacherC           int64 // a teacher on A's roster
	browsers           map[string]*browser
	epochs             map[int64]int64 // each user's session epoch once signed in (new users' are random)
}

// epochChanged is whether the user's sessions were ended (or the user
// deleted) since the classroom was made.
func (c *classroom) epochChanged(t *testing.T, id int64) bool {
	t.Helper()
	u, err := c.db.User(context.Background(), id)
	if err != nil {
		t.Fatalf("user %d: %v", id, err)
	}
	return u.SessionEpoch != c.epochs[id]
}

const password = "correct horse battery"

var roles = []string{"anonymous", "student A", "student B", "student AB", "teacher B", "teacher C", "learner", "teacher A"}

func newClassroom(t *testing.T, options ...func(*web.Config)) *classroom {
	t.Helper()
	a := newApp(t, options...)
	ctx := context.Background()
	hash, err := auth.NewHasher().Hash(ctx, password)
	if err != nil {
		t.Fatal(err)
	}
	c := &classroom{app: a, browsers: map[string]*browser{}}
	ta, err := a.db.CreateTeacher(ctx, "teacher-a", "Ms A", hash, "Europe/London")
	must(t, err)
	tb, err := a.db.CreateTeacher(ctx, "teacher-b", "Mr B", hash, "UTC")
	must(t, err)
	ca, err := a.db.CreateClass(ctx, ta.ID, "Class A")
	must(t, err)
	cb, err := a.db.CreateClass(ctx, tb.ID, "Class B")
	must(t, err)
	c.classA, c.classB = ca.ID, cb.ID
	sa, err := a.db.CreateStudent(ctx, ca.ID, 0, "student-a", "Student A", hash)
	must(t, err)
	sb, err := a.db.CreateStudent(ctx, cb.ID, 0, "student-b", "Student B", hash)
	must(t, err)
	c.studentA, c.studentB = sa.ID, sb.ID
	sab, err := a.db.CreateStudent(ctx, ca.ID, 0, "student-ab", "Student AB", hash)
	must(t, err)
	must(t, a.db.Join(ctx, cb.ID, sab.ID))
	c.studentAB = sab.ID
	// No form lets a teacher join a class (Join refuses one), so teacher
	// C is put on A's roster as an old or hand-edited database could have.
	tc, err := a.db.CreateTeacher(ctx, "teacher-c", "Dr C", hash, "UTC")
	must(t, err)
	c.teacherC = tc.ID
	raw, err := store.OpenSQL(a.path)
	must(t, err)
	_, err = raw.ExecContext(ctx, `INSERT INTO enrolments (class_id, user_id, joined_at) VALUES (?, ?, 0)`, ca.ID, tc.ID)
	must(t, err)
	must(t, raw.Close())
	guest, err := a.db.CreateGuest(ctx)
	must(t, err)
	_, err = a.db.SaveAccount(ctx, guest.ID, "learner", hash)
	must(t, err)
	for _, l := range []string{"the-soviet-reading", "meeting-the-document"} {
		must(t, a.db.Assign(ctx, ta.ID, ca.ID, []string{l}, ta.CreatedAt, false))
		must(t, a.db.Assign(ctx, tb.ID, cb.ID, []string{l}, ta.CreatedAt, false))
	}
	logins := map[string]string{"student A": "student-a", "student B": "student-b", "student AB": "student-ab",
		"teacher A": "teacher-a", "teacher B": "teacher-b", "teacher C": "teacher-c", "learner": "learner"}
	c.browsers["anonymous"] = a.browser()
	for role, username := range logins {
		b := a.browser()
		if p := b.post("/login", url.Values{"username": {username}, "password": {password}}); p.status != http.StatusSeeOther {
			t.Fatalf("%s cannot log in: %d", role, p.status)
		}
		c.browsers[role] = b
	}
	c.epochs = map[int64]int64{}
	for _, id := range []int64{sa.ID, sb.ID, sab.ID, tc.ID, ta.ID, tb.ID} {
		u, err := a.db.User(ctx, id)
		must(t, err)
		c.epochs[id] = u.SessionEpoch
	}
	return c
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// outcome is what a role gets: a status, and for redirects where to.
type outcome struct {
	status int
	to     string
}

var (
	ok       = outcome{status: 200}
	notFound = outcome{status: 404}
	toLogin  = outcome{status: 303, to: "/login"}
	done     = outcome{status: 303}
	rejected = outcome{status: 422}
	refused  = outcome{status: 403} // the owner may not, and is told who can
)

// teacherOnly is the access of a page of teacher A's class.
func teacherOnly(owner outcome) map[string]outcome {
	return map[string]outcome{"anonymous": toLogin, "student A": notFound, "student B": notFound, "student AB": notFound,
		"teacher B": notFound, "teacher C": notFound, "learner": notFound, "teacher A": owner}
}

// teacherBOnly is the access of a page of teacher B's class.
func teacherBOnly() map[string]outcome {
	m := teacherOnly(notFound)
	m["teacher B"] = ok
	return m
}

// TestAccessTable runs every route as every role through the real router
// against a real database. A refusal looks like "not found".
func TestAccessTable(t *testing.T) {
	c := newClassroom(t)
	ca, sa, sab := fmt.Sprint(c.classA), fmt.Sprint(c.studentA), fmt.Sprint(c.studentAB)
	class := "/teach/classes/" + ca
	classB := "/teach/classes/" + fmt.Sprint(c.classB)
	src := teacherASource(t, c)
	les, draft := teacherALessons(t, c)
	rows := []struct {
		method, path string
		form         url.Values
		want         map[string]outcome
	}{
		{"GET", "/", nil, all(ok)},
		{"GET", "/lessons", nil, all(ok)},
		{"GET", "/lessons/meeting-the-document/sources", nil, all(ok)},
		{"GET", "/lessons/nope/sources", nil, all(notFound)},
		{"GET", "/account/recover", nil, all(ok)},
		// A new recovery code: for an account of a learner or a student.
		{"POST", "/account/recovery-code", nil, map[string]outcome{"anonymous": toLogin, "student A": {303, "/home"},
			"student B": {303, "/home"}, "student AB": {303, "/home"}, "teacher B": notFound, "teacher C": notFound,
			"learner": {303, "/progress"}, "teacher A": notFound}},
		// A draft into an attempt that is no one's here.
		{"POST", "/lessons/the-soviet-reading/questions/why-frame/draft", url.Values{"attempt": {"999999"}, "text": {"x"}}, all(notFound)},
		{"GET", "/progress", nil, all(ok)},
		{"GET", "/home", nil, map[string]outcome{"anonymous": toLogin, "student A": ok, "student B": ok, "student AB": ok,
			"teacher B": {303, "/teach"}, "teacher C": {303, "/teach"}, "learner": ok, "teacher A": {303, "/teach"}}},
		{"GET", "/join", nil, map[string]outcome{"anonymous": ok, "student A": ok, "student B": ok, "student AB": ok,
			"teacher B": {303, "/teach"}, "teacher C": {303, "/teach"}, "learner": ok, "teacher A": {303, "/teach"}}},
		{"GET", "/teach", nil, map[string]outcome{"anonymous": toLogin, "student A": notFound, "student B": notFound,
			"student AB": notFound, "teacher B": ok, "teacher C": ok, "learner": notFound, "teacher A": ok}},
		{"GET", class, nil, teacherOnly(ok)},
		// A worksheet's answer key: any teacher, never a student.
		{"GET", "/lessons/meeting-the-document/worksheet/key?copy=7", nil, map[string]outcome{"anonymous": toLogin, "student A": notFound,
			"student B": notFound, "student AB": notFound, "teacher B": ok, "teacher C": ok, "learner": notFound, "teacher A": ok}},
		{"GET", "/teach/classes/999", nil, teacherOnlyNone()},
		{"GET", "/teach/classes/abc", nil, teacherOnlyNone()},
		{"GET", class + "/gradebook", nil, teacherOnly(ok)},
		{"GET", class + "/gradebook.csv", nil, teacherOnly(ok)},
		{"GET", class + "/students/" + sa + "/lessons/meeting-the-document", nil, teacherOnly(ok)},
		{"GET", class + "/students/" + fmt.Sprint(c.studentB) + "/lessons/meeting-the-document", nil, teacherOnlyNone()},
		// The student of two teachers: each sees them through their own class only.
		{"GET", class + "/students/" + sab + "/lessons/the-soviet-reading", nil, teacherOnly(ok)},
		{"GET", classB + "/students/" + sab + "/lessons/the-soviet-reading", nil, teacherBOnly()},
		{"GET", classB + "/students/" + sa + "/lessons/the-soviet-reading", nil, teacherOnlyNone()},
		{"GET", classB + "/lessons/the-soviet-reading/grading", nil, teacherBOnly()},
		// Neither teacher may reset the password of a student the other
		// also teaches, nor anyone that of a teacher on a roster.
		{"POST", class + "/students/" + sab + "/reset", nil, teacherOnly(refused)},
		{"POST", classB + "/students/" + sab + "/reset", nil, func() map[string]outcome { m := teacherOnly(notFound); m["teacher B"] = refused; return m }()},
		{"POST", class + "/students/" + fmt.Sprint(c.teacherC) + "/reset", nil, teacherOnly(refused)},
		{"GET", class + "/lessons/the-soviet-reading/grading", nil, teacherOnly(ok)},
		{"GET", class + "/lessons/meeting-the-document/insight", nil, teacherOnly(ok)},
		{"POST", class + "/rename", url.Values{"name": {""}}, teacherOnly(rejected)},
		{"POST", class + "/assign", url.Values{}, teacherOnly(rejected)},
		{"POST", class + "/lessons/the-soviet-reading/grading", url.Values{"attempt": {"1"}, "question": {"why-frame"}, "points": {"-1"}}, teacherOnly(rejected)},
		// Their data: anyone signed in, their own only (the handlers take
		// no ID); deleting with a wrong password deletes nothing.
		{"GET", "/privacy", nil, all(ok)},
		{"GET", "/account/data", nil, allSignedIn(ok)},
		{"GET", "/account/data.json", nil, allSignedIn(ok)},
		{"GET", "/account/answers.csv", nil, allSignedIn(ok)},
		{"POST", "/account/delete", url.Values{"password": {"wrong password"}}, func() map[string]outcome {
			m := allSignedIn(outcome{status: 401})
			m["teacher A"], m["teacher B"], m["teacher C"] = refused, refused, refused
			return m
		}()},
		// Deleting a student's account: the password reset's rule.
		{"GET", class + "/students/" + sa + "/delete", nil, teacherOnly(ok)},
		{"GET", class + "/students/" + sab + "/delete", nil, teacherOnly(refused)},
		{"GET", classB + "/students/" + sab + "/delete", nil, func() map[string]outcome { m := teacherOnly(notFound); m["teacher B"] = refused; return m }()},
		{"GET", class + "/students/" + fmt.Sprint(c.teacherC) + "/delete", nil, teacherOnly(refused)},
		{"GET", class + "/students/" + fmt.Sprint(c.studentB) + "/delete", nil, teacherOnlyNone()},
		{"POST", class + "/students/" + sab + "/delete", nil, teacherOnly(refused)},
		{"POST", classB + "/students/" + sab + "/delete", nil, func() map[string]outcome { m := teacherOnly(notFound); m["teacher B"] = refused; return m }()},
		{"POST", class + "/students/" + fmt.Sprint(c.teacherC) + "/delete", nil, teacherOnly(refused)},
		{"POST", classB + "/students/" + sa + "/delete", nil, teacherOnlyNone()},
		// A teacher's sources: any teacher has a list and a form; a source
		// is its owner's alone. Forms with a stale edit count change nothing.
		{"GET", "/teach/sources", nil, anyTeacher(ok)},
		{"GET", "/teach/sources/new", nil, anyTeacher(ok)},
		{"POST", "/teach/sources", url.Values{"title": {""}}, anyTeacher(rejected)},
		{"GET", "/teach/sources/" + src + "/draft", nil, teacherOnly(ok)},
		{"GET", "/teach/sources/" + src + "/edit", nil, teacherOnly(ok)},
		{"POST", "/teach/sources/" + src + "/edit", url.Values{"title": {""}}, teacherOnly(rejected)},
		{"GET", "/teach/sources/" + src + "/draft/split?sentence=p1.s1", nil, teacherOnly(ok)},
		{"POST", "/teach/sources/" + src + "/draft/split", url.Values{"edits": {"-1"}, "sentence": {"p1.s1"}}, teacherOnly(stale)},
		{"POST", "/teach/sources/" + src + "/draft/merge", url.Values{"edits": {"-1"}, "sentence": {"p1.s1"}}, teacherOnly(stale)},
		{"POST", "/teach/sources/" + src + "/draft/publish", url.Values{"edits": {"-1"}}, teacherOnly(stale)},
		{"GET", "/sources/" + src + "/v/1", nil, teacherOnly(ok)},
		{"GET", "/sources/" + src + "/v/2", nil, teacherOnlyNone()}, // the draft is not published
		{"GET", "/sources/" + src, nil, func() map[string]outcome {
			m := teacherOnly(outcome{303, "/sources/" + src + "/v/1"})
			m["anonymous"] = notFound
			return m
		}()},
		{"GET", "/teach/sources/nobodys-source/draft", nil, teacherOnlyNone()},
		// A teacher's lessons: theirs alone to edit; a published one opens
		// for its owner and the students of a class it is assigned to (A's),
		// and is "not found" for everyone else; a draft for no one.
		{"GET", "/teach/lessons", nil, anyTeacher(ok)},
		{"GET", "/teach/lessons/new", nil, anyTeacher(ok)},
		{"POST", "/teach/lessons", url.Values{"title": {""}}, anyTeacher(rejected)},
		{"GET", "/teach/lessons/" + les, nil, teacherOnly(ok)},
		{"GET", "/teach/lessons/" + draft, nil, teacherOnly(ok)},
		{"GET", "/teach/lessons/" + draft + "/text", nil, teacherOnly(ok)},
		{"POST", "/teach/lessons/" + draft + "/text", url.Values{"edits": {"-1"}, "text": {"x"}}, teacherOnly(stale)},
		{"GET", "/teach/lessons/" + draft + "/preview", nil, teacherOnly(ok)},
		{"GET", "/teach/lessons/" + draft + "/preview/teacher", nil, teacherOnly(ok)},
		{"POST", "/teach/lessons/" + draft + "/publish", url.Values{"edits": {"-1"}}, teacherOnly(stale)},
		{"GET", "/teach/lessons/nobodys-lesson", nil, teacherOnlyNone()},
		{"GET", "/lessons/" + les, nil, classALesson(ok)},
		{"GET", "/lessons/" + les + "/sources", nil, classALesson(ok)},
		{"GET", "/lessons/" + les + "/worksheet", nil, classALesson(ok)},
		{"POST", "/lessons/" + les + "/questions/who-signed", url.Values{}, classALesson(rejected)},
		{"POST", "/lessons/" + les + "/questions/who-signed/draft", url.Values{"attempt": {"999999"}, "text": {"x"}}, all(notFound)},
		{"GET", "/lessons/" + les + "/teacher", nil, teacherOnly(ok)},
		{"GET", "/lessons/" + les + "/worksheet/key?copy=7", nil, teacherOnly(ok)},
		{"GET", "/lessons/" + draft, nil, all(notFound)},
		{"GET", "/lessons/" + draft + "/teacher", nil, teacherOnlyNone()},
		{"POST", "/lessons/" + draft + "/attempts", nil, all(notFound)},
		{"GET", class + "/lessons/" + les + "/insight", nil, teacherOnly(ok)},
		{"GET", classB + "/lessons/" + les + "/insight", nil, teacherOnlyNone()},
		{"POST", classB + "/assign", url.Values{"lesson": {les}}, func() map[string]outcome { m := teacherOnly(notFound); m["teacher B"] = rejected; return m }()},
		{"POST", "/teach/classes", url.Values{"name": {""}}, map[string]outcome{"anonymous": toLogin, "student A": notFound,
			"student B": notFound, "student AB": notFound, "teacher B": rejected, "teacher C": rejected, "learner": notFound, "teacher A": rejected}},
	}
	for _, row := range rows {
		for _, role := range roles {
			t.Run(row.method+" "+row.path+" as "+role, func(t *testing.T) {
				b := c.browsers[role]
				var p page
				if row.method == "GET" {
					p = b.get(row.path)
				} else {
					p = b.post(row.path, row.form)
				}
				want := row.want[role]
				if p.status != want.status {
					t.Fatalf("status %d, want %d", p.status, want.status)
				}
				if want.to != "" && !strings.HasPrefix(p.header.Get("Location"), want.to) {
					t.Errorf("redirect to %q, want %s", p.header.Get("Location"), want.to)
				}
				if want.status == 404 && strings.Contains(p.body, "Class A") {
					t.Error("a refusal names the class")
				}
			})
		}
	}
	// Nor the source's draft.
	if d, err := c.db.SourceDraft(context.Background(), 1, src); err != nil || d.Edits != 0 || d.Title != "A letter" {
		t.Errorf("the source's draft after the table: %+v, %v", d, err)
	}
	// Nothing in that table changed the class or a password, or deleted anyone.
	cl, err := c.db.Class(context.Background(), 1, c.classA)
	if err != nil || cl.Name != "Class A" {
		t.Errorf("class after the table: %+v, %v", cl, err)
	}
	for _, id := range []int64{c.studentA, c.studentAB, c.teacherC} {
		if c.epochChanged(t, id) {
			t.Errorf("user %d's sessions were ended by the table", id)
		}
	}
}

// stale is a source form whose draft changed since: nothing is changed.
var stale = outcome{status: 409}

// anyTeacher: o for every teacher, "not found" for the others.
func anyTeacher(o outcome) map[string]outcome {
	m := teacherOnly(o)
	m["teacher B"], m["teacher C"] = o, o
	return m
}

// teacherASource is a source of teacher A's with version 1 published
// and a draft of version 2; it returns the slug.
func teacherASource(t *testing.T, c *classroom) string {
	t.Helper()
	ctx := context.Background()
	ta, err := c.db.UserByUsername(ctx, "teacher-a")
	must(t, err)
	d := store.SourceDetails{Title: "A letter", Kind: "letter"}
	blocks := []store.SourceBlock{{Kind: "paragraph", Sentences: []string{"We met Gen.", "Peng today."}}}
	must(t, c.db.CreateSource(ctx, ta.ID, "a-letter-abcd", d, "We met Gen. Peng today.", blocks))
	_, err = c.db.PublishSource(ctx, ta.ID, "a-letter-abcd", 0)
	must(t, err)
	must(t, c.db.SaveSourceDraft(ctx, ta.ID, "a-letter-abcd", 0, d, "We met Gen. Peng today.", blocks))
	return "a-letter-abcd"
}

// classALesson is the access of teacher A's lesson assigned to class A:
// o for its owner and the class's students, "not found" for the rest.
// Teacher C is on A's roster, but a teacher opens only their own lessons
// and the library's.
func classALesson(o outcome) map[string]outcome {
	m := all(notFound)
	m["teacher A"], m["student A"], m["student AB"] = o, o, o
	return m
}

// teacherALessons makes teacher A a lesson with version 1 published and
// assigned to class A, and one that is only a draft; it returns the slugs.
func teacherALessons(t *testing.T, c *classroom) (published, draft string) {
	t.Helper()
	ctx := context.Background()
	ta, err := c.db.UserByUsername(ctx, "teacher-a")
	must(t, err)
	published, draft = "signed-abcd", "unfinished-abcd"
	must(t, c.db.CreateLesson(ctx, ta.ID, published, lessonFile(published, "Read [[p21.s1]].", tfQuestion("who-signed", "true"))))
	_, err = c.db.PublishLesson(ctx, ta.ID, published, 0, nil)
	must(t, err)
	must(t, c.db.Assign(ctx, ta.ID, c.classA, []string{published}, ta.CreatedAt, false))
	must(t, c.db.CreateLesson(ctx, ta.ID, draft, lessonFile(draft, "Read [[p21.s1]].", tfQuestion("who-signed", "true"))))
	return published, draft
}

// allSignedIn: o for everyone signed in, the sign-in page for the others.
func allSignedIn(o outcome) map[string]outcome {
	m := all(o)
	m["anonymous"] = toLogin
	return m
}

func all(o outcome) map[string]outcome {
	m := map[string]outcome{}
	for _, r := range roles {
		m[r] = o
	}
	return m
}

// teacherOnlyNone: a class or student that is nobody's here.
func teacherOnlyNone() map[string]outcome {
	m := teacherOnly(notFound)
	return m
}

// TestDestructiveActionsOwnerOnly: removing a student, resetting a
// password and deleting a class work for the owner only.
func TestDestructiveActionsOwnerOnly(t *testing.T) {
	actions := []struct {
		name  string
		path  func(c *classroom) string
		owner outcome
		check func(t *testing.T, c *classroom, changed bool)
	}{
		{"reset password", func(c *classroom) string {
			return fmt.Sprintf("/teach/classes/%d/students/%d/reset", c.classA, c.studentA)
		}, ok, func(t *testing.T, c *classroom, changed bool) {
			if c.epochChanged(t, c.studentA) != changed {
				t.Errorf("sessions ended = %v after reset (changed = %v)", !changed, changed)
			}
		}},
		{"remove student", func(c *classroom) string {
			return fmt.Sprintf("/teach/classes/%d/students/%d/remove", c.classA, c.studentA)
		}, done, func(t *testing.T, c *classroom, changed bool) {
			r, _ := c.db.Roster(context.Background(), 1, c.classA)
			if gone := !slices.ContainsFunc(r, func(e store.RosterEntry) bool { return e.User.ID == c.studentA }); gone != changed {
				t.Errorf("student A gone from the roster = %v after remove (changed = %v)", gone, changed)
			}
		}},
		{"delete account", func(c *classroom) string {
			return fmt.Sprintf("/teach/classes/%d/students/%d/delete", c.classA, c.studentA)
		}, done, func(t *testing.T, c *classroom, changed bool) {
			_, err := c.db.User(context.Background(), c.studentA)
			if gone := errors.Is(err, store.ErrNotFound); gone != changed {
				t.Errorf("student A's account gone = %v (changed = %v)", gone, changed)
			}
		}},
		{"delete class", func(c *classroom) string { return fmt.Sprintf("/teach/classes/%d/delete", c.classA) },
			done, func(t *testing.T, c *classroom, changed bool) {
				_, err := c.db.Class(context.Background(), 1, c.classA)
				if (err != nil) != changed {
					t.Errorf("class lookup after delete: %v (changed = %v)", err, changed)
				}
			}},
	}
	for _, act := range actions {
		t.Run(act.name, func(t *testing.T) {
			c := newClassroom(t)
			for _, role := range roles {
				p := c.browsers[role].post(act.path(c), url.Values{"confirm": {"1"}})
				want := teacherOnly(act.owner)[role]
				if p.status != want.status {
					t.Errorf("%s: status %d, want %d", role, p.status, want.status)
				}
				act.check(t, c, role == "teacher A")
			}
		})
	}
}

// TestPostedIdentityIgnored: role, score and student fields in a form do
// not change who answers or what it scores.
func TestPostedIdentityIgnored(t *testing.T) {
	c := newClassroom(t)
	l := c.unit.Lessons[0]
	q := l.Questions[0]
	form := rightForm(q, "0")
	for _, ch := range q.Choices {
		if !ch.Correct {
			form.Set("choice", ch.ID)
			break
		}
	}
	form.Set("role", "teacher")
	form.Set("score", "1")
	form.Set("points", "100")
	form.Set("student_id", fmt.Sprint(c.studentB))
	form.Set("user_id", fmt.Sprint(c.studentB))
	if p := c.browsers["student A"].post("/lessons/"+l.Slug+"/questions/"+q.ID, form); p.status != http.StatusSeeOther {
		t.Fatalf("answer: status %d", p.status)
	}
	ctx := context.Background()
	at, err := c.db.LatestAttempt(ctx, c.studentA, l.Slug)
	if err != nil {
		t.Fatalf("answer not stored for student A: %v", err)
	}
	rs, _ := c.db.Responses(ctx, at.ID)
	if len(rs) != 1 || rs[0].Points != 0 || rs[0].Correct {
		t.Errorf("stored %+v, want one wrong answer worth 0", rs)
	}
	if _, err := c.db.LatestAttempt(ctx, c.studentB, l.Slug); err == nil {
		t.Error("the answer was stored for student B")
	}
	if u, _ := c.db.User(ctx, c.studentA); u.Role != store.RoleStudent {
		t.Errorf("role became %s", u.Role)
	}
}

// TestWrittenAnswerWhoGrades: a self-study learner scores their own
// written answer against the rubric; a student whose class has the lesson
// assigned waits for the teacher, and cannot score it themself.
func TestWrittenAnswerWhoGrades(t *testing.T) {
	c := newClassroom(t)
	l, _ := c.unit.Lesson("the-soviet-reading")
	q, _ := l.Question("why-frame")
	path := "/lessons/" + l.Slug + "/questions/" + q.ID

	learner := c.browsers["learner"]
	learner.post(path, rightForm(q, "0"))
	p := learner.get("/lessons/" + l.Slug)
	if !strings.Contains(p.body, `data-testid="self-assess-form"`) || !strings.Contains(p.body, string(q.ModelAnswer)) {
		t.Fatal("the learner is not offered the model answer and the self-assessment")
	}
	lu, err := c.db.UserByUsername(context.Background(), "learner")
	must(t, err)
	attempt, err := c.db.LatestAttempt(context.Background(), lu.ID, l.Slug)
	must(t, err)
	if p := learner.post(path+"/self-assess", url.Values{"attempt": {fmt.Sprint(attempt.ID)}, "criterion": {"0", "1"}}); p.status != http.StatusSeeOther {
		t.Fatalf("self-assess: status %d", p.status)
	}
	rs, _ := c.db.Responses(context.Background(), attempt.ID)
	want := q.Rubric[0].Points + q.Rubric[1].Points
	if len(rs) != 1 || !rs[0].SelfAssessed || rs[0].Points != want {
		t.Errorf("self-assessed response = %+v, want %v points", rs, want)
	}

	student := c.browsers["student A"]
	student.post(path, rightForm(q, "0"))
	p = student.get("/lessons/" + l.Slug)
	if strings.Contains(p.body, `data-testid="self-assess-form"`) || !strings.Contains(p.body, "Your teacher will grade it") {
		t.Error("a student with the lesson assigned is offered self-assessment instead of the teacher's grading")
	}
	sa, err := c.db.LatestAttempt(context.Background(), c.studentA, l.Slug)
	must(t, err)
	if p := student.post(path+"/self-assess", url.Values{"attempt": {fmt.Sprint(sa.ID)}, "criterion": {"0"}}); p.status != http.StatusBadRequest {
		t.Errorf("student self-assess: status %d, want 400", p.status)
	}
}
