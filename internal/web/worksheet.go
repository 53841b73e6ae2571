package web

import (
	"math/rand/v2"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/ciphergram/ciphergram/internal/store"
	"github.com/ciphergram/ciphergram/lessons"
	"github.com/ciphergram/ciphergram/templates"
)

// maxCopy bounds a worksheet's copy number: short enough to read out.
const maxCopy = 99999

// worksheetCopy reads ?copy=N, the copy of a worksheet to print: each copy
// has its own order, so neighbours' sheets differ. Absent, a copy is
// drawn at random (and printed on the sheet, for its key).
func worksheetCopy(r *http.Request) (int, bool) {
	v := r.URL.Query().Get("copy")
	if v == "" {
		return 1 + rand.IntN(maxCopy), true
	}
	n, err := strconv.Atoi(v)
	return n, err == nil && n >= 1 && n <= maxCopy
}

// copySeed is the seed of a worksheet copy's order.
func copySeed(copy int) uint64 { return lessons.MixSeed(uint64(copy), "worksheet") }

// worksheetLesson reads the lesson and copy of a worksheet request, or
// answers it with "not found" or a message.
func (s *Server) worksheetLesson(w http.ResponseWriter, r *http.Request) (*lessons.Lesson, int, bool) {
	l, found := s.lessonIn(w, r)
	if !found {
		return nil, 0, false
	}
	copy, ok := worksheetCopy(r)
	if !ok {
		s.showError(w, r, http.StatusBadRequest, "No such copy",
			"A worksheet's copy number is a whole number from 1 to "+strconv.Itoa(maxCopy)+".")
	}
	return l, copy, ok
}

// worksheet is the lesson for print: reading, the document and the
// questions, with no answers and no feedback, in the order of one copy.
func (s *Server) worksheet(w http.ResponseWriter, r *http.Request) {
	l, copy, ok := s.worksheetLesson(w, r)
	if !ok {
		return
	}
	u, ok := s.viewer(w, r)
	if !ok {
		return
	}
	v := templates.Worksheet{Page: s.page(r, u, "Worksheet: "+l.Title, "lessons"), Title: l.Title, Summary: l.Summary,
		Sections: sectionViews(l), Glossary: glossaryViews(l), Doc: s.docView(l, l.Source),
		More: s.otherDocs(l), Copy: strconv.Itoa(copy)}
	if u != nil && u.Role == store.RoleTeacher {
		v.KeyURL = lessonURL(l) + "/worksheet/key?copy=" + v.Copy
	}
	for i, q := range l.Questions {
		v.Questions = append(v.Questions, questionForm(l, q, i+1, "", 0, copySeed(copy), lessons.Answer{}, ""))
	}
	s.render(w, r, http.StatusOK, templates.WorksheetView(v))
}

// worksheetKey is the answer key of one worksheet copy, for its teacher
// (behind s.teacher: anyone else gets "not found").
func (s *Server) worksheetKey(w http.ResponseWriter, r *http.Request, u *store.User) {
	l, copy, ok := s.worksheetLesson(w, r)
	if !ok {
		return
	}
	v := templates.WorksheetKey{Page: s.page(r, u, "Answer key: "+l.Title, "lessons"), Title: l.Title,
		Copy: strconv.Itoa(copy), WorksheetURL: lessonURL(l) + "/worksheet?copy=" + strconv.Itoa(copy)}
	for i, q := range l.Questions {
		v.Answers = append(v.Answers, templates.KeyLine{Number: i + 1, Answer: keyText(l, q, copySeed(copy))})
	}
	s.render(w, r, http.StatusOK, templates.WorksheetKeyView(v))
}

// keyText is a question's right answer as the copy drawn with seed
// shows it: choices by their place on the sheet, ordering places in the
// order of the boxes, matching numbers beside each left-hand item.
func keyText(l *lessons.Lesson, q *lessons.Question, seed uint64) string {
	var parts []string
	switch q.Type {
	case lessons.Single, lessons.Multiple:
		for i, c := range q.DisplayChoices(seed) {
			if c.Correct {
				parts = append(parts, "choice "+itoa(i+1)+" ("+c.Text+")")
			}
		}
	case lessons.TrueFalse:
		parts = []string{map[bool]string{true: "True", false: "False"}[q.Answer]}
	case lessons.Short:
		parts = []string{strings.Join(q.Accept, " / ")}
	case lessons.Ordering:
		for _, it := range q.DisplayItems(seed) {
			place := slices.IndexFunc(q.Items, func(x lessons.Item) bool { return x.ID == it.ID }) + 1
			parts = append(parts, itoa(place)+" ("+it.Text+")")
		}
	case lessons.Matching:
		rights := q.DisplayRights(seed)
		for _, p := range q.Pairs {
			n := slices.IndexFunc(rights, func(x lessons.Pair) bool { return x.ID == p.ID }) + 1
			parts = append(parts, p.Left+": "+itoa(n))
		}
	case lessons.Evidence:
		parts = slices.Clone(q.Key)
		if len(q.Key) == 0 {
			parts = []string{"no sentence supports the claim"}
		}
	case lessons.Written:
		parts = []string{"model answer: " + plainText(q.ModelAnswer, 400)}
	}
	return strings.Join(parts, "; ")
}
