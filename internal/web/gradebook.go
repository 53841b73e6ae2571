package web

import (
	"cmp"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/ciphergram/ciphergram/internal/store"
	"github.com/ciphergram/ciphergram/lessons"
	"github.com/ciphergram/ciphergram/templates"
)

// gradeRow is one student's work on each assigned lesson.
type gradeRow struct {
	student store.User
	cells   []gradeCell
}

type gradeCell struct {
	lesson   *lessons.Lesson
	work     store.LessonWork
	late     bool
	points   float64
	max      float64
	status   string // not-started, in-progress, done
	hasScore bool
}

// classGrades gathers the gradebook of a class: who did what, scored
// how, late or not. The score is the best finished attempt's.
func (s *Server) classGrades(r *http.Request, u *store.User, c *store.Class) ([]*lessons.Lesson, []store.Assignment, []gradeRow, error) {
	roster, assigned, work, err := s.db.ClassWork(r.Context(), u.ID, c.ID)
	if err != nil {
		return nil, nil, nil, err
	}
	var ls []*lessons.Lesson
	var as []store.Assignment
	for _, a := range assigned {
		if l, ok := s.unit.Lesson(a.LessonSlug); ok {
			ls, as = append(ls, l), append(as, a)
		}
	}
	byKey := map[string]store.LessonWork{}
	for _, w := range work {
		byKey[strconv.FormatInt(w.UserID, 10)+"/"+w.LessonSlug] = w
	}
	var rows []gradeRow
	for _, e := range roster {
		row := gradeRow{student: e.User}
		for i, l := range ls {
			w := byKey[strconv.FormatInt(e.User.ID, 10)+"/"+l.Slug]
			cell := gradeCell{lesson: l, work: w, status: "not-started", max: l.MaxPoints()}
			switch {
			case w.BestFinished != nil:
				cell.status, cell.hasScore = "done", true
				cell.points, cell.max = w.BestFinished.Points, w.BestFinished.MaxPoints
				cell.late = as[i].HasDue && w.BestFinished.FinishedAt.After(as[i].Due)
			case w.Latest != nil:
				cell.status = "in-progress"
			}
			row.cells = append(row.cells, cell)
		}
		rows = append(rows, row)
	}
	return ls, as, rows, nil
}

// gradebook is students × assigned lessons, sortable by name, username or
// a lesson's score.
func (s *Server) gradebook(w http.ResponseWriter, r *http.Request, u *store.User) {
	c, ok := s.classFor(w, r, u)
	if !ok {
		return
	}
	ls, as, rows, err := s.classGrades(r, u, c)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sortKey := r.URL.Query().Get("sort")
	sortRows(rows, ls, sortKey)
	base := classURL(c.ID)
	v := templates.Gradebook{Page: s.page(r, u, "Gradebook: "+c.Name, "teach"), ClassName: c.Name, ClassURL: base,
		CSVURL: base + "/gradebook.csv", Sort: cmp.Or(sortKey, "name")}
	v.SortLinks = append(v.SortLinks, templates.Link{Text: "Name", URL: base + "/gradebook?sort=name"},
		templates.Link{Text: "Username", URL: base + "/gradebook?sort=username"})
	for i, l := range ls {
		gl := templates.GradebookLesson{Slug: l.Slug, Title: l.Title}
		if as[i].HasDue {
			gl.Due = formatDue(as[i].Due, u.Timezone)
		}
		v.Lessons = append(v.Lessons, gl)
		v.SortLinks = append(v.SortLinks, templates.Link{Text: l.Title, URL: base + "/gradebook?sort=" + l.Slug})
	}
	for _, row := range rows {
		gr := templates.GradebookRow{Student: row.student.DisplayName, Username: row.student.Username}
		for _, cell := range row.cells {
			gc := templates.GradebookCell{Status: cell.status, Late: cell.late, Pending: cell.work.Pending, Attempts: cell.work.Attempts,
				URL: base + "/students/" + strconv.FormatInt(row.student.ID, 10) + "/lessons/" + cell.lesson.Slug}
			if cell.hasScore {
				gc.Score = formatPoints(cell.points) + " / " + formatPoints(cell.max)
			}
			gr.Cells = append(gr.Cells, gc)
		}
		v.Rows = append(v.Rows, gr)
	}
	s.render(w, r, http.StatusOK, templates.GradebookView(v))
}

// sortRows orders by display name (the default), username, or a lesson's
// score, highest first, unstarted last.
func sortRows(rows []gradeRow, ls []*lessons.Lesson, key string) {
	byName := func(a, b gradeRow) int {
		return cmp.Or(strings.Compare(strings.ToLower(a.student.DisplayName), strings.ToLower(b.student.DisplayName)),
			strings.Compare(a.student.Username, b.student.Username))
	}
	col := slices.IndexFunc(ls, func(l *lessons.Lesson) bool { return l.Slug == key })
	slices.SortStableFunc(rows, func(a, b gradeRow) int {
		switch {
		case key == "username":
			return strings.Compare(strings.ToLower(a.student.Username), strings.ToLower(b.student.Username))
		case col >= 0:
			score := func(r gradeRow) float64 {
				if c := r.cells[col]; c.hasScore {
					return c.points
				}
				return -1
			}
			return cmp.Or(cmp.Compare(score(b), score(a)), byName(a, b))
		}
		return byName(a, b)
	})
}
