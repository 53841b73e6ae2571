package store

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// TestLessonVersions: a teacher's lesson is drafted, published with its
// sources pinned, and edited into a second version; the first stays as
// published, and the database refuses to change it.
func TestLessonVersions(t *testing.T) {
	db, _ := newTestDB(t)
	ctx := t.Context()
	a := newTeacher(t, db, "a")
	b := newTeacher(t, db, "b")
	must(t, db.CreateLesson(ctx, a.ID, "my-lesson", "v1 text"))
	if err := db.CreateLesson(ctx, b.ID, "my-lesson", "x"); !errors.Is(err, ErrSlugTaken) {
		t.Errorf("a second lesson with the slug: %v, want ErrSlugTaken", err)
	}
	must(t, db.SaveLessonDraft(ctx, a.ID, "my-lesson", 0, "v1 edited"))
	if err := db.SaveLessonDraft(ctx, a.ID, "my-lesson", 0, "stale"); !errors.Is(err, ErrStale) {
		t.Errorf("a stale save: %v, want ErrStale", err)
	}
	if _, err := db.PublishLesson(ctx, b.ID, "my-lesson", 1, nil); !errors.Is(err, ErrStale) {
		t.Errorf("another teacher published it: %v", err)
	}
	if _, err := db.PublishedLesson(ctx, "my-lesson"); !errors.Is(err, ErrNotFound) {
		t.Errorf("a draft counts as published: %v", err)
	}
	v, err := db.PublishLesson(ctx, a.ID, "my-lesson", 1, map[string]int{"letter-x": 3})
	if err != nil || v != 1 {
		t.Fatalf("publish: %d, %v", v, err)
	}
	must(t, db.SaveLessonDraft(ctx, a.ID, "my-lesson", 0, "v2 text"))
	d, err := db.LessonDraft(ctx, a.ID, "my-lesson")
	must(t, err)
	if d.Version != 2 || d.Text != "v2 text" || !d.Draft() {
		t.Errorf("draft is %+v", d)
	}
	if _, err := db.LessonDraft(ctx, b.ID, "my-lesson"); !errors.Is(err, ErrNotFound) {
		t.Errorf("another teacher read the draft: %v", err)
	}
	p, err := db.PublishedLesson(ctx, "my-lesson")
	must(t, err)
	if p.Version != 1 || p.Text != "v1 edited" || p.Sources["letter-x"] != 3 {
		t.Errorf("published is %+v", p)
	}
	if h, err := db.PublishedLessonHead(ctx, "my-lesson"); err != nil || h.Version != 1 || h.LessonID != p.LessonID || h.Text != "" {
		t.Errorf("the head is %+v, %v: want version 1 of the lesson, without its text", h, err)
	}
	_, err = db.writer.ExecContext(ctx, `UPDATE teacher_lesson_versions SET text = 'changed' WHERE version = 1`)
	if err == nil || !strings.Contains(err.Error(), "never changes") {
		t.Errorf("changing a published version: %v", err)
	}
	list, err := db.TeacherLessons(ctx, a.ID)
	must(t, err)
	if len(list) != 1 || list[0].Published != 1 || !list[0].HasDraft || list[0].Text != "v2 text" {
		t.Errorf("a's lessons: %+v", list)
	}
	if list, _ := db.TeacherLessons(ctx, b.ID); len(list) != 0 {
		t.Errorf("b sees a's lessons: %+v", list)
	}
}

// TestMayOpenLesson: the owner, and students of a class it is assigned
// to; not another teacher, not a student of another class.
func TestMayOpenLesson(t *testing.T) {
	db, _ := newTestDB(t)
	ctx := t.Context()
	a := newTeacher(t, db, "a")
	b := newTeacher(t, db, "b")
	must(t, db.CreateLesson(ctx, a.ID, "mine", "text"))
	classA := newClass(t, db, a.ID, "A")
	classB := newClass(t, db, b.ID, "B")
	inA := newStudent(t, db, classA.ID, "ina", "In A")
	inB := newStudent(t, db, classB.ID, "inb", "In B")
	must(t, db.Assign(ctx, a.ID, classA.ID, []string{"mine"}, time.Time{}, false))
	for _, c := range []struct {
		who  string
		id   int64
		want bool
	}{{"owner", a.ID, true}, {"other teacher", b.ID, false}, {"student of the class", inA.ID, true}, {"student of another class", inB.ID, false}} {
		got, err := db.MayOpenLesson(ctx, c.id, "mine")
		must(t, err)
		if got != c.want {
			t.Errorf("%s may open: %v, want %v", c.who, got, c.want)
		}
	}
	if _, err := db.writer.ExecContext(ctx, `UPDATE teacher_lessons SET shared = 1`); err != nil {
		t.Fatal(err)
	}
	if ok, _ := db.MayOpenLesson(ctx, b.ID, "mine"); !ok {
		t.Error("a library lesson is closed to another teacher")
	}
	if ok, _ := db.MayOpenLesson(ctx, inB.ID, "mine"); ok {
		t.Error("a library lesson is open to a student it is not assigned to")
	}
}

// TestLessonVersionDates lists a lesson's published versions, newest
// first, with their dates, and none of the draft or of another teacher's.
func TestLessonVersionDates(t *testing.T) {
	db, _ := newTestDB(t)
	ctx := t.Context()
	a := newTeacher(t, db, "a")
	b := newTeacher(t, db, "b")
	must(t, db.CreateLesson(ctx, a.ID, "dated", "v1"))
	if vs, err := db.LessonVersionDates(ctx, a.ID, "dated"); err != nil || len(vs) != 0 {
		t.Errorf("a draft only: %+v, %v", vs, err)
	}
	_, err := db.PublishLesson(ctx, a.ID, "dated", 0, nil)
	must(t, err)
	must(t, db.SaveLessonDraft(ctx, a.ID, "dated", 0, "v2"))
	_, err = db.PublishLesson(ctx, a.ID, "dated", 0, nil)
	must(t, err)
	must(t, db.SaveLessonDraft(ctx, a.ID, "dated", 0, "v3 draft"))
	vs, err := db.LessonVersionDates(ctx, a.ID, "dated")
	must(t, err)
	if len(vs) != 2 || vs[0].Version != 2 || vs[1].Version != 1 || vs[0].Published.IsZero() || vs[0].Draft() {
		t.Errorf("versions: %+v", vs)
	}
	if vs, err := db.LessonVersionDates(ctx, b.ID, "dated"); err != nil || len(vs) != 0 {
		t.Errorf("another teacher's view: %+v, %v", vs, err)
	}
}
