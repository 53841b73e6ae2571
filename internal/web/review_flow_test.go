package web_test

import (
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/ciphergram/ciphergram/lessons"
)

// wrongForm is a wrong answer to a single-choice question.
func wrongForm(q *lessons.Question) url.Values {
	f := rightForm(q, "0")
	for _, c := range q.Choices {
		if !c.Correct {
			f.Set("choice", c.ID)
			break
		}
	}
	return f
}

// singles returns the lesson's first n single-choice questions.
func singles(l *lessons.Lesson, n int) []*lessons.Question {
	var qs []*lessons.Question
	for _, q := range l.Questions {
		if q.Type == lessons.Single && len(qs) < n {
			qs = append(qs, q)
		}
	}
	return qs
}

// hrefOf reads the href of the element with the data-testid, or "".
func hrefOf(body, testid string) string {
	i := strings.Index(body, `data-testid="`+testid+`"`)
	if i < 0 {
		return ""
	}
	start := strings.LastIndex(body[:i], `href="`)
	if start < 0 {
		return ""
	}
	rest := body[start+len(`href="`):]
	return html.UnescapeString(rest[:strings.IndexByte(rest, '"')])
}

// TestReviewSessionFlows: three missed questions come due; the progress
// page lists them soonest first by lesson and prompt, and one button
// takes the learner through all three, "Card 1 of 3" to "Card 3 of 3",
// each with a Next card, then says the session is done.
func TestReviewSessionFlows(t *testing.T) {
	a := newApp(t)
	b := a.browser()
	first, second := a.unit.Lessons[1], a.unit.Lessons[0]
	// Missed in the second lesson first: it comes due first.
	var missed []*lessons.Question
	for _, step := range []struct {
		l *lessons.Lesson
		n int
	}{{first, 1}, {second, 2}} {
		for _, q := range singles(step.l, step.n) {
			if p := b.post("/lessons/"+step.l.Slug+"/questions/"+q.ID, wrongForm(q)); p.status != http.StatusSeeOther {
				t.Fatalf("%s: %d", q.ID, p.status)
			}
			missed = append(missed, q)
		}
		a.advance(time.Hour)
	}
	if len(missed) != 3 {
		t.Fatalf("missed %d questions, want 3", len(missed))
	}
	a.advance(25 * time.Hour)

	progress := b.get("/progress").body
	items := strings.Split(progress, `data-testid="review-item"`)[1:]
	if len(items) != 3 || !strings.Contains(items[0], html.EscapeString(first.Title)) || !strings.Contains(items[1], html.EscapeString(second.Title)) {
		t.Fatalf("due list: want 3 items, %q first (soonest due), got %d:\n%s", first.Title, len(items), strings.Join(items, "\n----\n"))
	}
	for _, item := range items {
		if strings.Contains(item, "<p class=\"review-lesson\"></p>") {
			t.Errorf("a due item without its lesson")
		}
	}
	next := hrefOf(progress, "start-review")
	for i := range 3 {
		if next == "" {
			t.Fatalf("card %d: no link to it", i+1)
		}
		card := b.get(next)
		want := "Card " + itoa(i+1) + " of 3"
		if card.status != 200 || !strings.Contains(card.body, want) || strings.Contains(card.body, "Question 1") {
			t.Fatalf("%s: status %d, want titled %q, not \"Question 1\"", next, card.status, want)
		}
		path, _, _ := strings.Cut(next, "?")
		q := missed[i]
		if i > 0 { // the two of one lesson, due at the same time, come in either order
			q = missed[1]
			if strings.HasSuffix(path, "/"+missed[2].ID) {
				q = missed[2]
			}
		}
		if !strings.HasSuffix(path, "/"+q.ID) {
			t.Errorf("card %d is %s, want %s (soonest due first)", i+1, path, q.ID)
		}
		answered := b.post(next, rightForm(q, ""))
		if answered.status != 200 || !strings.Contains(answered.body, want) {
			t.Fatalf("answering %s: status %d", next, answered.status)
		}
		next = hrefOf(answered.body, "next-card")
		if i < 2 && next == "" {
			t.Fatalf("card %d of 3: no Next card", i+1)
		}
		if i == 2 && (next != "" || !strings.Contains(answered.body, `data-testid="review-finished"`)) {
			t.Errorf("after the last card: Next card %q, want none and the session done", next)
		}
	}
}

// TestShortAnswerShowsFirstAccepted: after a short answer, a learner sees
// the one accepted answer to learn, not the spellings kept for grading.
func TestShortAnswerShowsFirstAccepted(t *testing.T) {
	a := newApp(t)
	b := a.browser()
	for _, l := range a.unit.Lessons {
		for _, q := range l.Questions {
			if q.Type != lessons.Short || len(q.Accept) < 2 {
				continue
			}
			// Answer up to this question, the last one wrong.
			for _, x := range l.Questions {
				f := rightForm(x, attemptOf(b.get("/lessons/"+l.Slug).body))
				if x == q {
					f = q.EncodeForm(lessons.Answer{Text: "nobody at all"}, 1)
					f.Set("attempt", attemptOf(b.get("/lessons/"+l.Slug).body))
				}
				b.post("/lessons/"+l.Slug+"/questions/"+x.ID, f)
				if x == q {
					break
				}
			}
			page := b.get("/lessons/" + l.Slug).body
			accepted := page[strings.Index(page, `id="q-`+q.ID+`"`):]
			accepted = accepted[:strings.Index(accepted, "</section>")]
			if !strings.Contains(accepted, html.EscapeString(q.Accept[0])) {
				t.Errorf("%s: the first accepted answer %q is not shown", q.ID, q.Accept[0])
			}
			for _, other := range q.Accept[1:] {
				if strings.Contains(accepted, "<q>"+html.EscapeString(other)+"</q>") {
					t.Errorf("%s: a grading spelling %q is shown to the learner", q.ID, other)
				}
			}
			return
		}
	}
	t.Fatal("no short question with two accepted answers in the built-in lessons")
}
