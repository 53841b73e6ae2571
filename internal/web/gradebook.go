package web

import (
	"cmp"
	"math"
	"net/http"
	"net/url"
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
	missing  bool // past due and not handed in
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
		l, ok, err := s.recordedLesson(r.Context(), a.LessonSlug)
		if err != nil {
			return nil, nil, nil, err
		}
		if ok {
			ls, as = append(ls, l), append(as, a)
		}
	}
	byKey := map[string]store.LessonWork{}
	for _, w := range work {
		byKey[strconv.FormatInt(w.UserID, 10)+"/"+w.LessonSlug] = w
	}
	var rows []gradeRow
	now := s.now()
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
			cell.missing = !cell.hasScore && as[i].HasDue && now.After(as[i].Due)
			row.cells = append(row.cells, cell)
		}
		rows = append(rows, row)
	}
	return ls, as, rows, nil
}

// gradebook is students × assigned lessons, sortable either way by
// name, username or a lesson's score, with each lesson's class average.
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
	q := r.URL.Query()
	key := cmp.Or(q.Get("sort"), "name")
	if key != "name" && key != "username" && !slices.ContainsFunc(ls, func(l *lessons.Lesson) bool { return l.Slug == key }) {
		key = "name"
	}
	desc := q.Get("dir") == "desc" || q.Get("dir") == "" && key != "name" && key != "username" // scores: highest first
	sortRows(rows, ls, key, desc)
	base := classURL(c.ID)
	v := templates.Gradebook{Page: s.page(r, u, "Gradebook: "+c.Name, "teach"), ClassName: c.Name, ClassURL: base,
		CSVURL: base + "/gradebook.csv", Sort: key, Descending: desc}
	// A column's link sorts by it; the sorted column's link reverses it.
	sortURL := func(k string, defaultDesc bool) string {
		d := defaultDesc
		if k == key {
			d = !desc
		}
		return base + "/gradebook?sort=" + url.QueryEscape(k) + "&dir=" + map[bool]string{true: "desc", false: "asc"}[d]
	}
	v.SortLinks = append(v.SortLinks, templates.Link{Text: "Name", URL: sortURL("name", false)},
		templates.Link{Text: "Username", URL: sortURL("username", false)})
	for i, l := range ls {
		gl := templates.GradebookLesson{Slug: l.Slug, Title: l.Title}
		if as[i].HasDue {
			gl.Due = formatDue(as[i].Due, u.Timezone)
		}
		gl.Average, gl.HandedIn, gl.Missing = lessonAverage(rows, i)
		v.Lessons = append(v.Lessons, gl)
		v.SortLinks = append(v.SortLinks, templates.Link{Text: l.Title, URL: sortURL(l.Slug, true)})
	}
	for _, row := range rows {
		gr := templates.GradebookRow{Student: row.student.DisplayName, Username: row.student.Username}
		for _, cell := range row.cells {
			gc := templates.GradebookCell{Status: cell.status, Late: cell.late, Missing: cell.missing, Pending: cell.work.Pending,
				Attempts: cell.work.Attempts,
				URL:      base + "/students/" + strconv.FormatInt(row.student.ID, 10) + "/lessons/" + cell.lesson.Slug}
			if cell.hasScore {
				gc.Score = formatPoints(cell.points) + " / " + formatPoints(cell.max)
				gc.Percent = percentText(cell.points, cell.max)
			}
			gr.Cells = append(gr.Cells, gc)
		}
		v.Rows = append(v.Rows, gr)
	}
	s.render(w, r, http.StatusOK, templates.GradebookView(v))
}

// percentText is a share of points as a whole percentage: "62 %".
func percentText(points, max float64) string {
	if max <= 0 {
		return ""
	}
	return strconv.Itoa(int(math.Round(points*100/max))) + " %"
}

// lessonAverage is the class's mean score on the i-th lesson among those
// who handed it in, as points and a percentage ("8.1 / 13 (62 %)", "" when
// nobody has), with how many handed it in and how many are missing.
func lessonAverage(rows []gradeRow, i int) (avg string, handedIn, missing int) {
	var points, max float64
	for _, row := range rows {
		c := row.cells[i]
		if c.missing {
			missing++
		}
		if c.hasScore {
			handedIn++
			points, max = points+c.points, max+c.max
		}
	}
	if handedIn == 0 {
		return "", 0, missing
	}
	n := float64(handedIn)
	return formatPoints(math.Round(points/n*100)/100) + " / " + formatPoints(math.Round(max/n*100)/100) +
		" (" + percentText(points, max) + ")", handedIn, missing
}

// sortRows orders by display name, username, or a lesson's score
// (unscored last either way), ascending or descending; ties by name.
func sortRows(rows []gradeRow, ls []*lessons.Lesson, key string, desc bool) {
	byName := func(a, b gradeRow) int {
		return cmp.Or(strings.Compare(strings.ToLower(a.student.DisplayName), strings.ToLower(b.student.DisplayName)),
			strings.Compare(a.student.Username, b.student.Username))
	}
	sign := 1
	if desc {
		sign = -1
	}
	col := slices.IndexFunc(ls, func(l *lessons.Lesson) bool { return l.Slug == key })
	slices.SortStableFunc(rows, func(a, b gradeRow) int {
		switch {
		case key == "username":
			return sign * strings.Compare(strings.ToLower(a.student.Username), strings.ToLower(b.student.Username))
		case col >= 0:
			ca, cb := a.cells[col], b.cells[col]
			if ca.hasScore != cb.hasScore { // unscored last
				if ca.hasScore {
					return -1
				}
				return 1
			}
			// Shares, not points: two attempts may have different totals.
			share := func(c gradeCell) float64 {
				if c.max > 0 {
					return c.points / c.max
				}
				return 0
			}
			return cmp.Or(sign*cmp.Compare(share(ca), share(cb)), byName(a, b))
		}
		return sign * byName(a, b)
	})
}
