package web

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/ciphergram/ciphergram/internal/store"
	"github.com/ciphergram/ciphergram/lessons"
	"github.com/ciphergram/ciphergram/templates"
)

// A teacher's own lessons: listed and started here, checked and
// published on their overview (teacher_lesson_overview.go), written in
// the text view (teacher_lesson_text.go), previewed before publishing
// (teacher_lesson_preview.go). Every query names the teacher, so another
// teacher's lesson is "not found".

// maxLessonBytes bounds a lesson file, as a source's text is bounded.
const maxLessonBytes = 200 << 10

func teacherLessonURL(slug string) string { return "/teach/lessons/" + slug }

// teacherLessonsList is GET /teach/lessons: the teacher's lessons, then
// the library's.
func (s *Server) teacherLessonsList(w http.ResponseWriter, r *http.Request, u *store.User) {
	list, err := s.db.TeacherLessons(r.Context(), u.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := templates.TeacherLessonsList{Page: s.page(r, u, "Your lessons", "teach"), NewURL: "/teach/lessons/new",
		ImportURL: "/teach/lessons/import"}
	v.Flash = s.takeFlash(w, r)
	for _, sum := range list {
		row := templates.TeacherLessonRow{Title: lessonTitle(sum.Slug, sum.Text), Status: lessonStatus(sum.Published, sum.HasDraft),
			URL: teacherLessonURL(sum.Slug)}
		if sum.OwnerID != u.ID {
			row.Library, row.URL = true, "/lessons/"+sum.Slug+"/teacher"
		}
		v.Lessons = append(v.Lessons, row)
	}
	s.render(w, r, http.StatusOK, templates.TeacherLessonsListView(v))
}

// lessonStatus says where a lesson stands: "draft", "published v2",
// "published v2, draft of v3".
func lessonStatus(published int, hasDraft bool) string {
	switch {
	case published == 0:
		return "draft, not published"
	case hasDraft:
		return fmt.Sprintf("published v%d, draft of v%d", published, published+1)
	}
	return fmt.Sprintf("published v%d", published)
}

// lessonTitle reads a lesson file's title without checking the rest; the
// slug stands in for a file too broken to say.
func lessonTitle(slug, text string) string {
	var fm struct {
		Title string `yaml:"title"`
	}
	rest, ok := strings.CutPrefix(strings.ReplaceAll(text, "\r\n", "\n"), "---\n")
	if i := strings.Index(rest, "\n---"); ok && i >= 0 && yaml.Unmarshal([]byte(rest[:i]), &fm) == nil && fm.Title != "" {
		return fm.Title
	}
	return slug
}

// lessonNew is GET /teach/lessons/new.
func (s *Server) lessonNew(w http.ResponseWriter, r *http.Request, u *store.User) {
	s.renderLessonNew(w, r, u, http.StatusOK, "", "")
}

func (s *Server) renderLessonNew(w http.ResponseWriter, r *http.Request, u *store.User, status int, title, errMsg string) {
	s.render(w, r, status, templates.LessonNewView(templates.LessonNewForm{Page: s.page(r, u, "New lesson", "teach"),
		Title: title, Error: errMsg, Action: "/teach/lessons"}))
}

// lessonCreate is POST /teach/lessons: a draft under a slug the server
// draws, from a starter lesson that passes every check.
func (s *Server) lessonCreate(w http.ResponseWriter, r *http.Request, u *store.User) {
	if err := r.ParseForm(); err != nil {
		s.badForm(w, r, err)
		return
	}
	title := strings.TrimSpace(r.PostForm.Get("title"))
	switch {
	case title == "":
		s.renderLessonNew(w, r, u, http.StatusUnprocessableEntity, title, "Give the lesson a title.")
		return
	case !utf8.ValidString(title) || strings.ContainsRune(title, 0) || utf8.RuneCountInString(title) > maxTitleRunes:
		s.renderLessonNew(w, r, u, http.StatusUnprocessableEntity, "", fmt.Sprintf("A title is plain text of up to %d characters.", maxTitleRunes))
		return
	}
	var err error
	var slug string
	for range 3 { // a slug drawn twice is refused; draw again
		slug = drawSlug(title, "lesson")
		if _, builtin := s.unit.Lesson(slug); builtin {
			continue
		}
		if err = s.db.CreateLesson(r.Context(), u.ID, slug, starterLesson(slug, title)); !errors.Is(err, store.ErrSlugTaken) {
			break
		}
	}
	switch {
	case errors.Is(err, store.ErrTooManyLessons):
		s.renderLessonNew(w, r, u, http.StatusUnprocessableEntity, title,
			fmt.Sprintf("You have %d lessons, the most one teacher may keep. Nothing was saved.", store.MaxLessonsPerTeacher))
	case err != nil:
		s.fail(w, r, err)
	default:
		http.Redirect(w, r, teacherLessonURL(slug)+"/text", http.StatusSeeOther)
	}
}

// starterLesson is a new lesson's first draft: one true-or-false question
// on the telegram, in the lesson-file format, to rewrite.
func starterLesson(slug, title string) string {
	t, _ := yaml.Marshal(title) // quoted as YAML needs: a title may hold a colon
	return `---
slug: ` + slug + `
title: ` + strings.TrimSpace(string(t)) + `
summary: One or two sentences on what students will learn.
source: roshchin-1950-10-03
skills: [close reading]
---

## Reading

Write what students read before the questions here, in Markdown.
Cite a sentence of the source by its ID, like this: [[p21.s1]].

## Questions

` + "```question" + `
id: who-signed
type: truefalse
prompt: The telegram is signed by the Soviet ambassador, Roshchin.
cites: [p21.s1]
answer: true
explanation: He signs it at the end (p21.s1).
` + "```\n"
}

// problemLines turns a parser's problems into lines for a page, in the
// order of the file.
func problemLines(ps lessons.Problems) []templates.LessonLine {
	out := make([]templates.LessonLine, 0, len(ps))
	for _, p := range ps {
		out = append(out, templates.LessonLine{Line: p.Line, Msg: p.Msg})
	}
	slices.SortStableFunc(out, func(a, b templates.LessonLine) int { return a.Line - b.Line })
	return out
}

// slugLine is the line of a lesson file's front matter that sets its
// slug, for the problem a changed one makes.
func slugLine(text string) int {
	for i, line := range strings.Split(text, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "slug:") {
			return i + 1
		}
	}
	return 2
}
