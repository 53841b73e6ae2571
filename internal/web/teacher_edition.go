package web

import (
	"net/http"
	"strconv"

	"github.com/ciphergram/ciphergram/internal/store"
	"github.com/ciphergram/ciphergram/lessons"
	"github.com/ciphergram/ciphergram/templates"
)

// teacherEdition is a lesson as its teacher prepares it: the reading, the
// document and every question with its answer, explanation, rubric and
// model answer, in the authored order (behind s.teacher: a learner gets
// "not found", since answers reach a learner only once earned).
func (s *Server) teacherEdition(w http.ResponseWriter, r *http.Request, u *store.User) {
	l, ok := s.lessonIn(w, r)
	if !ok {
		return
	}
	s.render(w, r, http.StatusOK, templates.TeacherEditionView(s.edition(r, u, l)))
}

// edition is the teacher's edition of a lesson (a draft's too, for its
// preview).
func (s *Server) edition(r *http.Request, u *store.User, l *lessons.Lesson) templates.TeacherEdition {
	v := templates.TeacherEdition{Page: s.page(r, u, "Teacher's edition: "+l.Title, "lessons"), Title: l.Title,
		Summary: l.Summary, Sections: sectionViews(l), Glossary: glossaryViews(l), Doc: s.docView(l, l.Source),
		More: s.otherDocs(l), LessonURL: lessonURL(l), WorksheetURL: lessonURL(l) + "/worksheet", KeyAction: lessonURL(l) + "/worksheet/key"}
	for i, q := range l.Questions {
		v.Questions = append(v.Questions, editionQuestion(l, q, i+1))
	}
	return v
}

// editionURL is the teacher's edition of a lesson.
func editionURL(l *lessons.Lesson) string { return lessonURL(l) + "/teacher" }

// typeNames name question types for a teacher.
var typeNames = map[lessons.Type]string{
	lessons.Single: "One choice", lessons.Multiple: "Several choices", lessons.TrueFalse: "True or false",
	lessons.Short: "Short answer", lessons.Ordering: "Ordering", lessons.Matching: "Matching",
	lessons.Evidence: "Evidence from the document", lessons.Written: "Written, graded by you",
}

// editionQuestion is one question with everything that answers it.
func editionQuestion(l *lessons.Lesson, q *lessons.Question, num int) templates.EditionQuestion {
	e := templates.EditionQuestion{Number: num, Anchor: "q-" + q.ID, Kind: typeNames[q.Type], Points: pluralPoints(q.Points),
		Prompt: q.Prompt, Explanation: q.Explanation,
		Quotes: quotes(l, q.Cites), ModelAnswer: q.ModelAnswer}
	switch q.Type {
	case lessons.Single, lessons.Multiple:
		for _, c := range q.Choices {
			e.Choices = append(e.Choices, templates.ChoiceNote{Text: c.Text, Correct: c.Correct, Feedback: c.Feedback})
		}
	case lessons.TrueFalse:
		e.Answer = []string{map[bool]string{true: "True", false: "False"}[q.Answer]}
	case lessons.Short:
		e.AnswerLabel, e.Answer = templates.Plural(len(q.Accept), "Accepted answer", "Accepted answers"), q.Accept
	case lessons.Ordering:
		e.AnswerLabel = "The right order"
		for i, it := range q.Items {
			e.Answer = append(e.Answer, strconv.Itoa(i+1)+". "+it.Text)
		}
	case lessons.Matching:
		e.AnswerLabel = "The right matches"
		for _, p := range q.Pairs {
			e.Answer = append(e.Answer, p.Left+" → "+p.Right)
		}
	case lessons.Evidence:
		e.AnswerLabel = "Sentences that support the claim"
		for _, qt := range quotes(l, q.Key) {
			e.Answer = append(e.Answer, qt.ID+": "+qt.Text)
		}
		if len(q.Key) == 0 {
			e.Answer = []string{"None: no sentence supports the claim."}
		}
		for _, qt := range quotes(l, q.Also) {
			e.Also = append(e.Also, qt.ID+": "+qt.Text)
		}
	case lessons.Written:
		for _, c := range q.Rubric {
			e.Rubric = append(e.Rubric, templates.RubricLine{Criterion: c.Criterion, Points: formatPoints(c.Points)})
		}
	}
	if e.AnswerLabel == "" && len(e.Answer) > 0 {
		e.AnswerLabel = "Answer"
	}
	return e
}

// pluralPoints is "1 point", "0.5 points", "3 points".
func pluralPoints(p float64) string {
	if p == 1 {
		return "1 point"
	}
	return formatPoints(p) + " points"
}
