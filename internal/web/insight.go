package web

import (
	"fmt"
	"math"
	"net/http"
	"slices"
	"strings"

	"github.com/ciphergram/ciphergram/internal/store"
	"github.com/ciphergram/ciphergram/lessons"
	"github.com/ciphergram/ciphergram/templates"
)

// insight shows where the class stands on a lesson: the share right per
// question, the wrong answer chosen most, and for evidence questions a
// heatmap over the document of the sentences the class picked.
func (s *Server) insight(w http.ResponseWriter, r *http.Request, u *store.User) {
	c, l, ok := s.classLesson(w, r, u)
	if !ok {
		return
	}
	crs, err := s.db.ClassResponses(r.Context(), u.ID, c.ID, l.Slug)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := templates.InsightPage{Page: s.page(r, u, "Insight: "+l.Title, "teach"), ClassName: c.Name,
		ClassURL: classURL(c.ID), LessonTitle: l.Title, Students: c.Students}
	byQuestion := map[string][]store.Response{}
	started := map[int64]bool{}
	waiting, gradedRight := map[string]int{}, map[string]int{}
	for _, cr := range crs {
		qid := cr.Response.QuestionID
		started[cr.UserID] = true
		q, ok := l.Question(qid)
		switch {
		// A written answer this class has not graded is waiting, not
		// wrong: it counts in neither the share nor the wrong answers.
		case cr.Response.Pending && cr.Grade == nil:
			waiting[qid]++
			continue
		case cr.Grade != nil && ok && cr.Grade.Points >= q.Points:
			gradedRight[qid]++
		}
		byQuestion[qid] = append(byQuestion[qid], cr.Response)
	}
	v.Started = len(started)
	for i, q := range l.Questions {
		resps := byQuestion[q.ID]
		iq := templates.InsightQuestion{Number: i + 1, Prompt: q.Prompt, Type: string(q.Type), Answered: len(resps) + waiting[q.ID],
			Waiting: waiting[q.ID], Assessed: len(resps)}
		right := gradedRight[q.ID]
		for _, resp := range resps {
			if resp.Correct {
				right++
			}
		}
		if len(resps) > 0 {
			iq.CorrectShare = int(math.Round(100 * float64(right) / float64(len(resps))))
		}
		iq.CommonWrong = commonWrong(q, resps)
		if q.Type == lessons.Evidence {
			iq.Heatmaps = heatmaps(l, q, resps)
		}
		v.Questions = append(v.Questions, iq)
	}
	s.render(w, r, http.StatusOK, templates.InsightView(v))
}

// commonWrong names the wrong answer chosen most often, with its count.
func commonWrong(q *lessons.Question, resps []store.Response) string {
	counts := map[string]int{}
	for _, resp := range resps {
		if resp.Correct || resp.Pending {
			continue
		}
		a := lessons.DecodeAnswer(resp.Answer)
		switch q.Type {
		case lessons.Single, lessons.Multiple:
			for _, id := range a.Choices {
				if i := slices.IndexFunc(q.Choices, func(c lessons.Choice) bool { return c.ID == id }); i >= 0 && !q.Choices[i].Correct {
					counts[q.Choices[i].Text]++
				}
			}
		case lessons.TrueFalse:
			counts[map[string]string{"true": "True", "false": "False"}[strings.Join(a.Choices, "")]]++
		case lessons.Short:
			counts[strings.TrimSpace(a.Text)]++
		case lessons.Evidence:
			if slices.Contains(a.Choices, lessons.NoEvidence) {
				counts["“No sentence supports this”"]++
				continue
			}
			for _, id := range a.Choices {
				if !slices.Contains(q.Key, id) && !slices.Contains(q.Also, id) {
					counts["sentence "+id]++
				}
			}
		}
	}
	best, n := "", 0
	for text, c := range counts {
		if c > n || c == n && text < best {
			best, n = text, c
		}
	}
	if n == 0 {
		return ""
	}
	return fmt.Sprintf("%s (%d %s)", best, n, templates.Plural(n, "student", "students"))
}

// heatmaps counts, per sentence offered, how many students picked it:
// one map per source the question offers sentences of.
func heatmaps(l *lessons.Lesson, q *lessons.Question, resps []store.Response) []templates.Heatmap {
	counts := map[string]int{}
	for _, resp := range resps {
		for _, id := range lessons.DecodeAnswer(resp.Answer).Choices {
			counts[id]++
		}
	}
	most := 0
	for _, c := range counts {
		most = max(most, c)
	}
	var maps []templates.Heatmap
	for _, doc := range l.Sources {
		m := templates.Heatmap{Slug: doc.Slug, Title: sourceName(l, doc)}
		for _, b := range doc.Blocks {
			hb := templates.HeatBlock{ID: b.ID, Kind: string(b.Kind), Number: b.Number}
			for _, sen := range b.Sentences {
				ref := l.Ref(doc, sen.ID)
				if !slices.Contains(q.Among, ref) {
					continue
				}
				n := counts[ref]
				hs := templates.HeatSentence{ID: ref, Text: sen.Text, Count: n,
					Key: slices.Contains(q.Key, ref), Also: slices.Contains(q.Also, ref)}
				if len(resps) > 0 {
					hs.Share = int(math.Round(100 * float64(n) / float64(len(resps))))
				}
				if most > 0 {
					hs.Level = int(math.Ceil(5 * float64(n) / float64(most)))
				}
				hb.Sentences = append(hb.Sentences, hs)
			}
			if len(hb.Sentences) > 0 {
				m.Blocks = append(m.Blocks, hb)
			}
		}
		if len(m.Blocks) > 0 {
			maps = append(maps, m)
		}
	}
	return maps
}
