package web

import (
	"cmp"
	"html"
	"html/template"
	"math"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/ciphergram/ciphergram/internal/store"
	"github.com/ciphergram/ciphergram/lessons"
	"github.com/ciphergram/ciphergram/seeds"
	"github.com/ciphergram/ciphergram/templates"
)

// page fills what every page's layout needs.
func (s *Server) page(r *http.Request, u *store.User, title, nav string) templates.Page {
	p := templates.Page{Title: title, Nav: nav, CSS: s.static.URL("app.css"), JS: s.static.URL("app.js"), Icon: s.static.URL("favicon.ico"),
		Description: siteDescription}
	// The menu links the telegram, the unit's own document; the excerpts
	// around it are reached from the lesson that reads them.
	p.Sources = append(p.Sources, templates.Link{Text: "The telegram", URL: "/sources/" + seeds.All()[0].Slug})
	if u != nil {
		p.User = templates.UserNav{
			HasAccount: u.Role != store.RoleGuest,
			Guest:      u.Role == store.RoleGuest,
			Name:       cmp.Or(u.DisplayName, u.Username),
			Teacher:    u.Role == store.RoleTeacher,
			Student:    u.Role == store.RoleStudent,
		}
		switch u.Role { // the logo and the menu's Home go to the same page
		case store.RoleStudent:
			p.HomeURL = "/home"
		case store.RoleTeacher:
			p.HomeURL = "/teach"
		}
	}
	return p
}

func lessonURL(l *lessons.Lesson) string { return "/lessons/" + l.Slug }

// sentenceURL links a sentence of one of a lesson's sources in its
// reader; in a teacher's published lesson, a teacher's source is linked on
// the lesson's sources page instead, at the version the lesson pins (the
// reader of a teacher's source is its owner's alone).
func sentenceURL(l *lessons.Lesson, doc *seeds.Document, id string) string {
	if readsOwnSource(l, doc) {
		return lessonURL(l) + "/sources#" + l.Ref(doc, id)
	}
	return "/sources/" + doc.Slug + "#" + id
}

// sourceURL links one of a lesson's sources, as sentenceURL does.
func sourceURL(l *lessons.Lesson, doc *seeds.Document) string {
	if readsOwnSource(l, doc) {
		return lessonURL(l) + "/sources"
	}
	return "/sources/" + doc.Slug
}

// readsOwnSource: doc is a teacher's source read by a teacher's lesson.
func readsOwnSource(l *lessons.Lesson, doc *seeds.Document) bool {
	if !ownLesson(l) { // the built-in pages: no lookup
		return false
	}
	_, builtin := seeds.Lookup(doc.Slug)
	return !builtin
}

// quotes are the sentences refs name, each linked into its source's
// reader; on a lesson with several sources each says which it is from.
func quotes(l *lessons.Lesson, refs []string) []templates.Quote {
	var out []templates.Quote
	for _, ref := range refs {
		if doc, s, ok := l.Sentence(ref); ok {
			out = append(out, templates.Quote{ID: ref, Text: s.Text, URL: sentenceURL(l, doc, s.ID), Source: sourceName(l, doc)})
		}
	}
	return out
}

// sourceName names a sentence's source where a lesson has several, so
// the reader can tell them apart; "" on a lesson with one.
func sourceName(l *lessons.Lesson, doc *seeds.Document) string {
	if len(l.Sources) < 2 {
		return ""
	}
	return doc.Title
}

func sectionViews(l *lessons.Lesson) []templates.SectionView {
	var out []templates.SectionView
	for _, sec := range l.Sections {
		out = append(out, templates.SectionView{Heading: sec.Heading, HTML: sec.HTML, Quotes: quotes(l, sec.Cites)})
	}
	return out
}

func glossaryViews(l *lessons.Lesson) []templates.GlossaryItem {
	var out []templates.GlossaryItem
	for _, g := range l.Glossary {
		out = append(out, templates.GlossaryItem{ID: termID(g.Term), Term: g.Term, Meaning: g.Meaning})
	}
	return out
}

var nonWord = regexp.MustCompile(`[^a-z0-9]+`)

func termID(term string) string {
	return "g-" + strings.Trim(nonWord.ReplaceAllString(strings.ToLower(term), "-"), "-")
}

// formatPoints prints 7, 7.5 or 7.25: no trailing zeros.
func formatPoints(p float64) string {
	// math.Round, not int(p*100+0.5): a grade's adjustment may be negative.
	return strconv.FormatFloat(math.Round(p*100)/100, 'f', -1, 64)
}

var typeHints = map[lessons.Type]string{
	lessons.Single:    "Choose one answer.",
	lessons.Multiple:  "Choose every answer that fits.",
	lessons.TrueFalse: "True or false?",
	lessons.Short:     "Type a short answer.",
	lessons.Ordering:  "Give each item its place: 1 for the first.",
	lessons.Matching:  "Match each item on the left with one on the right.",
	lessons.Evidence:  "Mark every sentence of the telegram that supports the claim, or say that none does.",
	lessons.Written:   "Write your answer in a few sentences.",
}

var trueFalseChoices = []lessons.Choice{{ID: "true", Text: "True"}, {ID: "false", Text: "False"}}

// displayChoices is the choices of a single, multiple or true/false
// question in the order seed draws (true/false: always True, False).
func displayChoices(q *lessons.Question, seed uint64) []lessons.Choice {
	switch q.Type {
	case lessons.TrueFalse:
		return trueFalseChoices
	case lessons.Single, lessons.Multiple:
		return q.DisplayChoices(seed)
	}
	return nil
}

// questionForm is an unanswered question: a form, with what was entered
// before if a submission came back with an error. It carries no key.
// seed draws the order of its choices, items and right-hand sides; the
// form sends it back so the answer is read in that same order.
func questionForm(l *lessons.Lesson, q *lessons.Question, num int, action string, attemptID int64, seed uint64, prev lessons.Answer, errMsg string) templates.QuestionView {
	v := templates.QuestionView{ID: q.ID, Anchor: "q-" + q.ID, Number: num, Type: string(q.Type), TypeHint: typeHints[q.Type],
		Prompt: q.Prompt, Action: action, AttemptID: attemptID, Seed: lessons.FormatSeed(seed), Error: errMsg, Text: prev.Text}
	for _, c := range displayChoices(q, seed) {
		v.Choices = append(v.Choices, templates.ChoiceView{ID: c.ID, Text: c.Text, Checked: slices.Contains(prev.Choices, c.ID)})
	}
	for i, it := range q.DisplayItems(seed) {
		v.Items = append(v.Items, templates.ItemView{Index: i + 1, Text: it.Text, Place: slices.Index(prev.Order, it.ID) + 1})
		v.Places = append(v.Places, i+1)
	}
	rights := q.DisplayRights(seed)
	for i, p := range rights {
		v.Rights = append(v.Rights, templates.RightView{Number: i + 1, Text: p.Right})
	}
	for _, p := range q.Pairs {
		sel := slices.IndexFunc(rights, func(x lessons.Pair) bool { return x.ID == prev.Matches[p.ID] }) + 1
		v.Lefts = append(v.Lefts, templates.LeftView{ID: p.ID, Text: p.Left, Selected: sel})
	}
	if q.Type == lessons.Evidence {
		evidenceSentences(&v, l, q, prev)
	}
	return v
}

// evidenceSentences fills an evidence question's form: the sentences
// offered, and on a lesson with several sources, the same sentences under
// a heading per source. Each checkbox's value is the sentence's ref.
func evidenceSentences(v *templates.QuestionView, l *lessons.Lesson, q *lessons.Question, prev lessons.Answer) {
	var kinds map[string]seeds.BlockKind
	var kindsOf *seeds.Document // among lists each source's sentences together
	for _, ref := range q.Among {
		doc, s, _ := l.Sentence(ref)
		if doc != kindsOf {
			kinds, kindsOf = blockKinds(doc), doc
		}
		es := templates.EvidenceSentence{ID: ref, Kind: string(kinds[s.ID]), Text: s.Text, Checked: slices.Contains(prev.Choices, ref)}
		v.Sentences = append(v.Sentences, es)
		if len(l.Sources) < 2 {
			continue
		}
		if n := len(v.EvidenceSources); n == 0 || v.EvidenceSources[n-1].Slug != doc.Slug {
			v.EvidenceSources = append(v.EvidenceSources, templates.EvidenceSource{Slug: doc.Slug, Title: doc.Title, URL: sourceURL(l, doc)})
		}
		last := &v.EvidenceSources[len(v.EvidenceSources)-1]
		last.Sentences = append(last.Sentences, es)
	}
	if len(v.EvidenceSources) > 0 {
		v.TypeHint = "Mark every sentence of the sources that supports the claim, or say that none does."
	}
}

func blockKinds(doc *seeds.Document) map[string]seeds.BlockKind {
	m := map[string]seeds.BlockKind{}
	for _, b := range doc.Blocks {
		for _, s := range b.Sentences {
			m[s.ID] = b.Kind
		}
	}
	return m
}

// answeredView is an answered question with its feedback: the verdict,
// why, and now that it is earned, the right answer. Choices are listed in
// the order the form showed them (seed). grades are the teachers' grades
// on this answer, latest first: a class's own for its teacher, every
// class's for the learner.
func answeredView(l *lessons.Lesson, q *lessons.Question, num int, resp store.Response, seed uint64, grades []store.Grade, selfStudy bool, selfAssessAction string) templates.QuestionView {
	a := lessons.DecodeAnswer(resp.Answer)
	v := templates.QuestionView{ID: q.ID, Anchor: "q-" + q.ID, Number: num, Type: string(q.Type), Prompt: q.Prompt, Answered: true}
	f := &templates.FeedbackView{Explanation: q.Explanation, Quotes: quotes(l, q.Cites)}
	switch {
	case resp.Pending && selfStudy:
		f.Verdict, f.Headline = "pending", "Saved. Compare your answer with the model answer and the rubric below, then score it yourself."
	case resp.Pending:
		f.Verdict, f.Headline = "pending", "Saved. Your teacher will grade it against the rubric."
	case resp.Correct:
		f.Verdict, f.Headline = "correct", "Correct."
	case resp.Score > 0:
		f.Verdict = "partly"
		f.Headline = "Partly right: " + formatPoints(resp.Points) + " of " + pluralPoints(q.Points) + "."
	default:
		f.Verdict, f.Headline = "wrong", "Not quite."
	}
	for _, g := range grades {
		f.Grades = append(f.Grades, templates.TeacherGrade{Class: g.ClassName,
			Points: formatPoints(g.Points) + " of " + pluralPoints(q.Points), Comment: g.Comment})
	}
	if len(grades) > 0 { // the latest grade, as the learner's totals count it
		f.Verdict, f.Headline = "partly", "Graded by your teacher: "+f.Grades[0].Points+"."
		if grades[0].Points >= q.Points {
			f.Verdict = "correct"
		}
	}
	if resp.SelfAssessed && len(grades) == 0 {
		f.Verdict, f.Headline = "correct", "You scored yourself "+formatPoints(resp.Points)+" of "+pluralPoints(q.Points)+"."
		if resp.Points < q.Points {
			f.Verdict = "partly"
		}
	}
	switch q.Type {
	case lessons.Single, lessons.Multiple, lessons.TrueFalse:
		for _, c := range displayChoices(q, seed) {
			correct := c.Correct || q.Type == lessons.TrueFalse && c.ID == strconv.FormatBool(q.Answer)
			f.Choices = append(f.Choices, templates.ChoiceNote{Text: c.Text, Picked: slices.Contains(a.Choices, c.ID), Correct: correct, Feedback: c.Feedback})
		}
	case lessons.Short:
		// Only the first accepted answer is shown: the others are the
		// spellings the grader forgives ("Liu Shaoqui"), not ones to learn.
		f.YourText, f.Accepted = a.Text, q.Accept[:min(1, len(q.Accept))]
	case lessons.Ordering:
		for i, it := range q.Items {
			f.Order = append(f.Order, templates.OrderLine{Text: it.Text, RightPlace: i + 1, YourPlace: slices.Index(a.Order, it.ID) + 1})
		}
	case lessons.Matching:
		for _, p := range q.Pairs {
			chosen := ""
			if i := slices.IndexFunc(q.Pairs, func(x lessons.Pair) bool { return x.ID == a.Matches[p.ID] }); i >= 0 {
				chosen = q.Pairs[i].Right
			}
			f.Matches = append(f.Matches, templates.MatchLine{Left: p.Left, YourRight: chosen, Right: p.Right, OK: a.Matches[p.ID] == p.ID})
		}
	case lessons.Evidence:
		f.NoEvidenceKey = len(q.Key) == 0
		f.NoEvidencePicked = slices.Contains(a.Choices, lessons.NoEvidence)
		for _, id := range q.Among {
			picked, key, also := slices.Contains(a.Choices, id), slices.Contains(q.Key, id), slices.Contains(q.Also, id)
			if !picked && !key && !also {
				continue
			}
			doc, s, _ := l.Sentence(id)
			f.Evidence = append(f.Evidence, templates.EvidenceLine{ID: id, Text: s.Text, URL: sentenceURL(l, doc, s.ID), Source: sourceName(l, doc),
				Picked: picked, Key: key, Also: also})
		}
	case lessons.Written:
		f.YourText = a.Text
		for _, c := range q.Rubric {
			f.Rubric = append(f.Rubric, templates.RubricLine{Criterion: c.Criterion, Points: formatPoints(c.Points)})
		}
		if selfStudy {
			f.ModelAnswer = q.ModelAnswer
			if selfAssessAction != "" {
				f.SelfAssess = &templates.SelfAssessForm{Action: selfAssessAction, AttemptID: resp.AttemptID, Done: resp.SelfAssessed,
					Points: formatPoints(resp.Points) + " of " + formatPoints(q.Points)}
			}
		}
	}
	v.Feedback = f
	return v
}

var tags = regexp.MustCompile(`<(/?)([a-zA-Z0-9]*)[^>]*>`)

// blockTags separate words; other tags (a citation's link, emphasis) sit
// inside a word's run: "(<a>p12.s1</a>)" is "(p12.s1)", not "( p12.s1 )".
var blockTags = map[string]bool{"p": true, "br": true, "li": true, "ul": true, "ol": true, "div": true,
	"blockquote": true, "h1": true, "h2": true, "h3": true, "h4": true, "tr": true, "td": true, "th": true, "pre": true}

// plainText turns rendered prompt HTML into a short line for links.
func plainText(h template.HTML, max int) string {
	s := tags.ReplaceAllStringFunc(string(h), func(tag string) string {
		if blockTags[strings.ToLower(tags.FindStringSubmatch(tag)[2])] {
			return " "
		}
		return ""
	})
	s = html.UnescapeString(strings.Join(strings.Fields(s), " "))
	if r := []rune(s); len(r) > max {
		s = string(r[:max-1]) + "…"
	}
	return s
}

// gradesOf returns the grades on the question, in the order given.
func gradesOf(gs []store.Grade, questionID string) []store.Grade {
	var out []store.Grade
	for _, g := range gs {
		if g.QuestionID == questionID {
			out = append(out, g)
		}
	}
	return out
}

// keepPlaces fills an ordering or matching form again with the places and
// matches as sent, even when they clash (two items in place 1): the
// learner corrects one rather than typing them all again.
func keepPlaces(v *templates.QuestionView, form url.Values) {
	for i := range v.Items {
		v.Items[i].Place, _ = strconv.Atoi(form.Get("order." + strconv.Itoa(v.Items[i].Index)))
	}
	for i := range v.Lefts {
		v.Lefts[i].Selected, _ = strconv.Atoi(form.Get("match." + v.Lefts[i].ID))
	}
	v.NoneChecked = slices.Contains(form["choice"], lessons.NoEvidence)
}

// siteDescription is every page's meta description: what Ciphergram is.
const siteDescription = "Learn history from a primary source: read the Soviet ciphered telegram of 3 October 1950 on Mao's reply about Korea, " +
	"and work through lessons on sourcing, context, close reading and corroboration. Free, self-hosted, no tracking."
