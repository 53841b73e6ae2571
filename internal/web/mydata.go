package web

import (
	"cmp"
	"encoding/json"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ciphergram/ciphergram/internal/store"
	"github.com/ciphergram/ciphergram/lessons"
	"github.com/ciphergram/ciphergram/templates"
)

// My data: a learner (a guest too) downloads everything stored about them,
// or deletes it all. GDPR and its rules for children, COPPA and FERPA give
// students and parents both rights.

func (s *Server) myDataPage(r *http.Request, u *store.User, errMsg string) templates.MyDataPage {
	return templates.MyDataPage{Page: s.page(r, u, "My data", "account"), JSONURL: "/account/data.json", CSVURL: "/account/answers.csv",
		DeleteAction: "/account/delete", Guest: u.Role == store.RoleGuest, Teacher: u.Role == store.RoleTeacher,
		InClass: u.Role == store.RoleStudent, Error: errMsg}
}

func (s *Server) myData(w http.ResponseWriter, r *http.Request, u *store.User) {
	v := s.myDataPage(r, u, "")
	v.Flash = s.takeFlash(w, r)
	s.render(w, r, http.StatusOK, templates.MyDataView(v))
}

// myDataJSON is everything stored about the user, as one file.
func (s *Server) myDataJSON(w http.ResponseWriter, r *http.Request, u *store.User) {
	d, err := s.db.UserData(r.Context(), u.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := struct {
		Note string `json:"about"`
		*store.MyData
		Exported time.Time `json:"exported_at"`
	}{"Everything Ciphergram keeps about you. Each answer is as stored, in JSON: the choices you picked or the text you wrote.", d, s.now().UTC()}
	body, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	downloadHeaders(w, "application/json; charset=utf-8", "ciphergram-my-data.json")
	w.Write(body)
}

// myAnswersCSV is every answer as a spreadsheet row.
func (s *Server) myAnswersCSV(w http.ResponseWriter, r *http.Request, u *store.User) {
	d, err := s.db.UserData(r.Context(), u.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	records := [][]string{{"Lesson", "Attempt", "Question", "Answered at (UTC)", "Answer", "Score", "Points", "Awaiting teacher", "Grades and comments"}}
	for _, a := range d.Attempts {
		title := a.LessonSlug
		if l, ok, err := s.recordedLesson(r.Context(), a.LessonSlug); err != nil {
			s.fail(w, r, err)
			return
		} else if ok {
			title = l.Title
		}
		for _, ans := range a.Answers {
			grades := ""
			for i, g := range ans.Grades {
				if i > 0 {
					grades += "; "
				}
				grades += cmp.Or(g.Class, "a deleted class") + ": " + formatPoints(g.Points) + " points"
				if g.Comment != "" {
					grades += ", “" + g.Comment + "”"
				}
			}
			records = append(records, []string{title, strconv.FormatInt(a.ID, 10), ans.QuestionID,
				ans.AnsweredAt.Format("2006-01-02 15:04"), answerText(ans.Answer), strconv.FormatFloat(ans.Score, 'f', -1, 64),
				formatPoints(ans.Points), yesNo(ans.Pending && !ans.SelfAssessed), grades})
		}
	}
	downloadHeaders(w, "text/csv; charset=utf-8", "ciphergram-my-answers.csv")
	writeCSV(w, records)
}

// downloadHeaders make a response a file to save, never cached: it is
// one person's data.
func downloadHeaders(w http.ResponseWriter, contentType, name string) {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Header().Set("Cache-Control", "no-store")
}

// answerText is a stored answer in words for the spreadsheet: the text
// written, or the choices, order or matches picked (by their IDs).
func answerText(stored string) string {
	a := lessons.DecodeAnswer(stored)
	switch {
	case a.Text != "":
		return a.Text
	case len(a.Choices) > 0:
		return strings.Join(a.Choices, ", ")
	case len(a.Order) > 0:
		return strings.Join(a.Order, " → ")
	case len(a.Matches) > 0:
		var pairs []string
		for _, k := range slices.Sorted(maps.Keys(a.Matches)) {
			pairs = append(pairs, k+" = "+a.Matches[k])
		}
		return strings.Join(pairs, "; ")
	}
	return stored
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
