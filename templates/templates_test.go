package templates

import (
	"bufio"
	"bytes"
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"html/template"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/a-h/templ"
	"golang.org/x/net/html"
)

// ---------------------------------------------------------------------------
// Sample view models, shaped like what the handlers build.

func samplePage(title, nav string, user UserNav) Page {
	return Page{
		Title:   title,
		Nav:     nav,
		User:    user,
		CSS:     "/static/app.0123abcd.css",
		JS:      "/static/app.4567ef01.js",
		Sources: []Link{{Text: "The telegram", URL: "/sources/roshchin-1950-10-03"}},
	}
}

var (
	guest   = UserNav{Guest: true}
	student = UserNav{HasAccount: true, Name: "anya_k"}
	nobody  = UserNav{}
)

var sampleGlossary = []GlossaryItem{
	{ID: "g-cover-name", Term: "cover name", Meaning: "A false name used in secret messages, so that a reader without the key cannot tell who is meant."},
	{ID: "g-ciphered-telegram", Term: "ciphered telegram", Meaning: "A telegram written in a secret code (a cipher)."},
	{ID: "g-38th-parallel", Term: "38th parallel", Meaning: "The line of latitude that divided North and South Korea in 1950."},
}

// sampleDoc lays out the real telegram from the seeds' golden file: every
// sentence with its pinned ID and block kind, slips marked [sic] and a few
// glossary terms, as the reader gets it.
func sampleDoc(t testing.TB) DocView {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "seeds", "testdata", "roshchin-1950-10-03.golden"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	d := DocView{
		Slug:  "roshchin-1950-10-03",
		Title: "Ciphered telegram from Roshchin to Filippov (Stalin), 3 October 1950",
		Provenance: "APRF, fond 45, opis 1, delo 334, listy 105–106.\n\n" +
			"Translated by Alexandre Mansourov, Cold War International History Project Bulletin 6–7 (1995/96).",
	}
	points := 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.SplitN(sc.Text(), "\t", 3)
		if len(fields) != 3 {
			t.Fatalf("golden line %q", sc.Text())
		}
		id, kind, text := fields[0], fields[1], fields[2]
		blockID, _, _ := strings.Cut(id, ".")
		if n := len(d.Blocks); n == 0 || d.Blocks[n-1].ID != blockID {
			b := BlockView{ID: blockID, Kind: kind}
			if kind == "point" {
				points++
				b.Number = string(rune('0' + points))
			}
			d.Blocks = append(d.Blocks, b)
		}
		b := &d.Blocks[len(d.Blocks)-1]
		b.Sentences = append(b.Sentences, SentenceView{ID: id, Parts: sampleParts(text)})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return d
}

// sampleParts marks the slips and the terms of sampleGlossary in a sentence.
func sampleParts(text string) []TextPart {
	marks := []struct {
		run string
		p   TextPart
	}{
		{"SOVIET SOVIET", TextPart{SicNote: "The word SOVIET is typed twice in the original."}},
		{"contrades", TextPart{SicNote: "A typing slip for \"comrades\" in the original."}},
		{"FILIPPOV", TextPart{TermID: "g-cover-name", TermTip: sampleGlossary[0].Meaning}},
		{"CIPHERED TELEGRAM", TextPart{TermID: "g-ciphered-telegram", TermTip: sampleGlossary[1].Meaning}},
		{"38th parallel", TextPart{TermID: "g-38th-parallel", TermTip: sampleGlossary[2].Meaning}},
	}
	for _, m := range marks {
		if before, after, ok := strings.Cut(text, m.run); ok {
			p := m.p
			p.Text = m.run
			var out []TextPart
			if before != "" {
				out = append(out, TextPart{Text: before})
			}
			out = append(out, p)
			if after != "" {
				out = append(out, TextPart{Text: after})
			}
			return out
		}
	}
	return []TextPart{{Text: text}}
}

func sampleSections() []SectionView {
	return []SectionView{
		{
			Heading: "A secret message to \"Filippov\"",
			HTML: template.HTML(`<p>This is a <strong>ciphered telegram</strong>: a message sent by wire in a secret code. ` +
				`It is addressed "TO FILIPPOV" <a class="cite" href="/sources/roshchin-1950-10-03#p5.s1">p5.s1</a>.</p>`),
			Quotes: []Quote{
				{ID: "p5.s1", Text: "TO FILIPPOV [STALIN]", URL: "/sources/roshchin-1950-10-03#p5.s1"},
				{ID: "p21.s1", Text: "ROSHCHIN", URL: "/sources/roshchin-1950-10-03#p21.s1"},
			},
		},
		{
			Heading: "Two voices in one telegram",
			HTML:    template.HTML(`<p>Mao's words tell us what Mao told Stalin. Roshchin's comment tells us what the ambassador <em>thought</em> about it.</p>`),
		},
	}
}

var questionTypes = []string{"single", "multiple", "truefalse", "short", "ordering", "matching", "evidence", "written"}

const action = "/lessons/meeting-the-document/answer"

// sampleQuestion is an unanswered question of the given type, with a
// previous submission's values and an error when withError is set.
func sampleQuestion(typ string, n int, withError bool) QuestionView {
	q := QuestionView{
		ID: typ + "-q", Anchor: "q-" + typ + "-q", Number: n, Type: typ,
		Action: action, AttemptID: 42,
		Prompt: template.HTML("<p>Question about the telegram of type <em>" + typ + "</em>?</p>\n"),
	}
	switch typ {
	case "single":
		q.TypeHint = "Choose one answer."
		q.Prompt = "<p>What is a ciphered telegram?</p>\n"
		q.Choices = []ChoiceView{
			{ID: "coded-wire", Text: "A message sent by wire in a secret code"},
			{ID: "newspaper", Text: "A public news report sent to newspapers", Checked: withError},
			{ID: "letter-by-post", Text: "A handwritten letter carried by a messenger"},
		}
	case "multiple":
		q.TypeHint = "Choose every answer that fits."
		q.Prompt = "<p>Which people were sent a copy (p3.s1)?</p>\n"
		q.Choices = []ChoiceView{{ID: "molotov", Text: "Molotov"}, {ID: "beria", Text: "Beria"}, {ID: "truman", Text: "Truman"}}
	case "truefalse":
		q.TypeHint = "True or false?"
		q.Prompt = "<p>Mao had already decided not to send troops.</p>\n"
		q.Choices = []ChoiceView{{ID: "true", Text: "True"}, {ID: "false", Text: "False"}}
	case "short":
		q.TypeHint = "Type a short answer."
		q.Prompt = "<p>What cover name is used for Stalin in the telegram?</p>\n"
		if withError {
			q.Text = "   "
		}
	case "written":
		q.TypeHint = "Write your answer in a few sentences."
		q.Prompt = "<p>Why did Roshchin add his own comment?</p>\n<p>Use the telegram.</p>\n"
		if withError {
			q.Text = "Because"
		}
	case "ordering":
		q.TypeHint = "Give each item its place: 1 for the first."
		q.Prompt = "<p>Put these events in order.</p>\n"
		q.Items = []ItemView{
			{Index: 1, Text: "Roshchin's telegram is received in Moscow", Place: 0},
			{Index: 2, Text: "Stalin writes to Mao", Place: 1},
			{Index: 3, Text: "Mao dates his answer"},
		}
		q.Places = []int{1, 2, 3}
	case "matching":
		q.TypeHint = "Match each item on the left with one on the right."
		q.Prompt = "<p>Match each name in the telegram to the role it plays.</p>\n"
		q.Lefts = []LeftView{{ID: "roshchin", Text: "Roshchin", Selected: 2}, {ID: "filippov", Text: "Filippov"}}
		q.Rights = []RightView{{Number: 1, Text: "The cover name for Stalin"}, {Number: 2, Text: "The Soviet ambassador in Beijing"}}
	case "evidence":
		q.TypeHint = "Mark every sentence of the telegram that supports the claim, or say that none does."
		q.Prompt = "<p>Claim: Mao feared that the USA and China would go to war.</p>\n"
		q.Sentences = []EvidenceSentence{
			{ID: "p9.s1", Kind: "message", Text: "In the first place, it is very difficult to resolve the Korean question with a few divisions…"},
			{ID: "p10.s1", Kind: "message", Text: "In the second place, it is most likely that this will provoke an open conflict between the USA and China…", Checked: withError},
			{ID: "p20.s1", Kind: "commentary", Text: "The reasons for the changes in the position of the Chinese are not yet clear to us."},
		}
		q.NoneChecked = withError
	}
	if withError {
		q.Error = "Choose an answer before you check it."
	}
	return q
}

// sampleAnswered is the same question answered, with its feedback.
func sampleAnswered(typ string, n int) QuestionView {
	q := sampleQuestion(typ, n, false)
	q.Answered = true
	q.Action, q.AttemptID, q.TypeHint = "", 0, ""
	q.Choices, q.Items, q.Places, q.Lefts, q.Rights, q.Sentences = nil, nil, nil, nil, nil, nil
	f := &FeedbackView{
		Verdict: "correct", Headline: "Correct.",
		Explanation: "<p>The header calls it a \"CIPHERED TELEGRAM\" (p2.s1).</p>",
		Quotes:      []Quote{{ID: "p2.s1", Text: "CIPHERED TELEGRAM No. 25199", URL: "/sources/roshchin-1950-10-03#p2.s1"}},
	}
	switch typ {
	case "single":
		f.Choices = []ChoiceNote{
			{Text: "A message sent by wire in a secret code", Picked: true, Correct: true, Feedback: "<p>Yes.</p>"},
			{Text: "A public news report sent to newspapers", Feedback: "<p>No. This telegram was secret.</p>"},
		}
	case "multiple":
		f.Verdict, f.Headline = "partly", "Partly right: 0.5 of 1 points."
		f.Choices = []ChoiceNote{
			{Text: "Molotov", Picked: true, Correct: true},
			{Text: "Beria", Correct: true, Feedback: "<p>Beria is on the copy list too (p3.s1).</p>"},
			{Text: "Truman", Picked: false},
		}
	case "truefalse":
		f.Verdict, f.Headline = "wrong", "Not quite."
		f.Choices = []ChoiceNote{{Text: "True", Picked: true}, {Text: "False", Correct: true}}
	case "short":
		f.YourText, f.Accepted = "Filipov", []string{"Filippov", "Filippov, the cover name"}
		f.Verdict, f.Headline = "wrong", "Not quite."
	case "ordering":
		f.Verdict, f.Headline = "partly", "Partly right: 0.67 of 1 points."
		f.Order = []OrderLine{
			{Text: "Stalin writes to Mao", RightPlace: 1, YourPlace: 1},
			{Text: "Mao dates his answer", RightPlace: 2, YourPlace: 3},
			{Text: "Roshchin's telegram is received in Moscow", RightPlace: 3, YourPlace: 2},
		}
	case "matching":
		f.Matches = []MatchLine{
			{Left: "Roshchin", YourRight: "The Soviet ambassador in Beijing", Right: "The Soviet ambassador in Beijing", OK: true},
			{Left: "Filippov", YourRight: "", Right: "The cover name for Stalin"},
		}
	case "evidence":
		f.Verdict, f.Headline = "partly", "Partly right: 0.5 of 1 points."
		f.Evidence = []EvidenceLine{
			{ID: "p10.s1", Text: "In the second place…", URL: "/sources/roshchin-1950-10-03#p10.s1", Picked: true, Key: true},
			{ID: "p12.s1", Text: "Of course, not to send out troops…", URL: "/sources/roshchin-1950-10-03#p12.s1", Key: true},
			{ID: "p13.s1", Text: "Therefore it is better to show patience now…", URL: "/sources/roshchin-1950-10-03#p13.s1", Also: true},
			{ID: "p20.s1", Text: "The reasons…", URL: "/sources/roshchin-1950-10-03#p20.s1", Picked: true},
		}
	case "written":
		f.Verdict, f.Headline = "pending", "Saved. Compare your answer with the model answer and the rubric below, then score it yourself."
		f.YourText = "He wanted Stalin to know what he thought."
		f.Rubric = []RubricLine{{Criterion: "Says that Roshchin gives his own view", Points: "1"}, {Criterion: "Cites p18.s1", Points: "2"}}
		f.ModelAnswer = "<p>Roshchin adds \"In our view\" (p18.s1): his own reading, not Mao's.</p>"
		f.SelfAssess = &SelfAssessForm{Action: "/lessons/meeting-the-document/self-assess/written-q", AttemptID: 42}
	}
	q.Feedback = f
	return q
}

func sampleCards() []LessonCard {
	return []LessonCard{
		{Number: 1, Title: "Meeting the document", Summary: "What a ciphered telegram is, who wrote this one and for whom.", Skills: []string{"sourcing", "close reading"},
			URL: "/lessons/meeting-the-document", Status: "done", StatusText: "Done: 7 / 9"},
		{Number: 2, Title: "Mao's first reason", Summary: "Why Mao said his troops could not win.", Skills: []string{"close reading"},
			URL: "/lessons/maos-first-reason", Status: "in-progress", StatusText: "In progress: 3 of 9 answered"},
		{Number: 3, Title: "Mao's second reason", Summary: "The fear of a wider war.", Skills: []string{"contextualization"},
			URL: "/lessons/maos-second-reason", Status: "not-started", StatusText: "Not started"},
	}
}

func lessonPage(user UserNav) LessonPage {
	return LessonPage{
		Page:   samplePage("Meeting the document", "lessons", user),
		Number: 1, UnitSize: 7, Title: "Meeting the document",
		Summary:      "What a ciphered telegram is, who wrote this one and for whom.",
		Skills:       []string{"sourcing", "close reading"},
		Sections:     sampleSections(),
		Glossary:     sampleGlossary,
		WorksheetURL: "/lessons/meeting-the-document/worksheet",
	}
}

// unansweredLesson shows every question type as an open form (a real page
// shows one at a time; the template does not care).
func unansweredLesson(withError bool) LessonPage {
	v := lessonPage(guest)
	v.SaveURL = "/account/save"
	for i, typ := range questionTypes {
		v.Questions = append(v.Questions, sampleQuestion(typ, i+1, withError))
	}
	v.Total = len(questionTypes)
	return v
}

// finishedLesson has every question type answered and the summary.
func finishedLesson() LessonPage {
	v := lessonPage(student)
	for i, typ := range questionTypes {
		v.Questions = append(v.Questions, sampleAnswered(typ, i+1))
	}
	v.Answered, v.Total = len(questionTypes), len(questionTypes)
	next := sampleCards()[1]
	v.Done = &SummaryView{
		Score: "4.67", Max: "9", Percent: 52, Pending: 1,
		Review: []ReviewLink{{Text: "Question 3: Mao had already decided not to send troops.", URL: "#q-truefalse-q"}},
		Next:   &next, RetryAction: "/lessons/meeting-the-document/retry",
	}
	return v
}

func sampleWorksheet(t testing.TB) Worksheet {
	v := Worksheet{
		Page:     samplePage("Worksheet: Meeting the document", "lessons", nobody),
		Title:    "Meeting the document",
		Summary:  "What a ciphered telegram is, who wrote this one and for whom.",
		Sections: sampleSections(), Glossary: sampleGlossary, Doc: sampleDoc(t),
	}
	// The worksheet must ignore anything that would give an answer away,
	// even if a handler passes it by mistake.
	for i, typ := range questionTypes {
		q := sampleQuestion(typ, i+1, true)
		q.Feedback = sampleAnswered(typ, i+1).Feedback
		v.Questions = append(v.Questions, q)
	}
	return v
}

type pageCase struct {
	name      string // case name
	component string // the exported component it renders
	c         templ.Component
}

// pages renders every exported component at least once.
func pages(t testing.TB) []pageCase {
	doc := sampleDoc(t)
	return []pageCase{
		{"home-guest", "HomeView", HomeView(Home{Page: samplePage("", "home", guest), StartURL: "/lessons/maos-first-reason",
			StartLabel: "Continue: Mao's first reason", SourceURL: "/sources/roshchin-1950-10-03", SourceName: "the telegram", Lessons: sampleCards()})},
		{"home-new", "HomeView", HomeView(Home{Page: samplePage("", "home", nobody), StartURL: "/lessons/meeting-the-document",
			StartLabel: "Start learning", SourceURL: "/sources/roshchin-1950-10-03", SourceName: "the telegram", Lessons: sampleCards()})},
		{"lessons", "LessonListView", LessonListView(LessonList{Page: samplePage("Lessons", "lessons", student), Lessons: sampleCards()})},
		{"lessons-empty", "LessonListView", LessonListView(LessonList{Page: samplePage("Lessons", "lessons", nobody)})},
		{"reader", "ReaderView", ReaderView(Reader{Page: samplePage(doc.Title, "source", guest), Doc: doc, Glossary: sampleGlossary})},
		{"lesson-open", "LessonView", LessonView(unansweredLesson(false))},
		{"lesson-error", "LessonView", LessonView(unansweredLesson(true))},
		{"lesson-done", "LessonView", LessonView(finishedLesson())},
		{"progress", "ProgressView", ProgressView(ProgressPage{
			Page: samplePage("Your progress", "progress", guest),
			Lessons: []ProgressRow{
				{Title: "Meeting the document", URL: "/lessons/meeting-the-document", Status: "done", Attempts: 2, Latest: "7 / 9", Best: "8 / 9"},
				{Title: "Mao's first reason", URL: "/lessons/maos-first-reason", Status: "in-progress", Attempts: 1, Latest: "—", Best: "—"},
				{Title: "Mao's second reason", URL: "/lessons/maos-second-reason", Status: "not-started"},
			},
			Due: []ReviewItem{
				{Lesson: "Meeting the document", Prompt: "<p>Mao had already decided not to send troops.</p>", Due: "now", URL: "/review/meeting-the-document/truefalse-q"},
				{Lesson: "Meeting the document", Prompt: "<p>What cover name is used for Stalin?</p>", Due: "now", URL: "/review/meeting-the-document/short-q"},
			},
			Later:   []ReviewItem{{Lesson: "Mao's first reason", Prompt: "<p>Which reason did Mao give first?</p>", Due: "in 3 days", URL: "/review/maos-first-reason/first"}},
			SaveURL: "/account/save",
		})},
		{"progress-empty", "ProgressView", ProgressView(ProgressPage{Page: samplePage("Your progress", "progress", nobody)})},
		{"review-open", "ReviewView", ReviewView(ReviewPage{Page: samplePage("Review", "progress", student), LessonTitle: "Meeting the document",
			LessonURL: "/lessons/meeting-the-document", Question: sampleQuestion("evidence", 7, false), BackURL: "/progress"})},
		{"review-answered", "ReviewView", ReviewView(ReviewPage{Page: samplePage("Review", "progress", student), LessonTitle: "Meeting the document",
			LessonURL: "/lessons/meeting-the-document", Question: sampleAnswered("matching", 2), NextDue: "Next review in 3 days.", BackURL: "/progress"})},
		{"login", "AccountView", AccountView(AccountForm{Page: samplePage("Sign in", "account", nobody), Heading: "Sign in", Action: "/login",
			Submit: "Sign in", Username: "anya_k", Error: "That username and password do not match.", AltText: "No account yet? Just start a lesson.", AltURL: "/lessons"})},
		{"save", "AccountView", AccountView(AccountForm{Page: samplePage("Save my progress", "account", guest), Heading: "Save my progress",
			Intro: "Choose a username and a password. No email, no real name.", Action: "/account/save", Submit: "Save my progress",
			NewPassword: true, AltText: "Already have an account? Sign in.", AltURL: "/login"})},
		{"worksheet", "WorksheetView", WorksheetView(sampleWorksheet(t))},
		{"error", "ErrorView", ErrorView(ErrorPage{Page: Page{Title: "Not found", Flash: "Your progress is saved."}, Status: 404,
			Heading: "We could not find that page", Message: "The link may be old. Try the list of lessons."})},
	}
}

// ---------------------------------------------------------------------------
// Rendering and HTML helpers.

func render(t testing.TB, c templ.Component) string {
	t.Helper()
	var b bytes.Buffer
	if err := c.Render(context.Background(), &b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func parse(t testing.TB, s string) *html.Node {
	t.Helper()
	n, err := html.Parse(strings.NewReader(s))
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

func attrVal(n *html.Node, key string) string { v, _ := attr(n, key); return v }

func hasClass(n *html.Node, class string) bool {
	return slices.Contains(strings.Fields(attrVal(n, "class")), class)
}

// all returns the elements under n (n included) that match.
func all(n *html.Node, match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && match(n) {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return out
}

func tag(name string) func(*html.Node) bool {
	return func(n *html.Node) bool { return n.Data == name }
}

func testid(id string) func(*html.Node) bool {
	return func(n *html.Node) bool { return attrVal(n, "data-testid") == id }
}

func text(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

// visibleText is the text a sighted reader sees in the flow: without tips,
// visually hidden notes and sentence IDs.
func visibleText(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && (hasClass(n, "tip") || hasClass(n, "visually-hidden") || hasClass(n, "sid")) {
			return
		}
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

func ancestor(n *html.Node, match func(*html.Node) bool) *html.Node {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.Type == html.ElementNode && match(p) {
			return p
		}
	}
	return nil
}

var voidElements = map[string]bool{"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true,
	"img": true, "input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true}

// checkBalanced tokenizes the page and checks that every element is closed
// in order: html.Parse would silently repair what a browser repairs too.
func checkBalanced(t *testing.T, page string) {
	t.Helper()
	z := html.NewTokenizer(strings.NewReader(page))
	var stack []string
	sawDoctype := false
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			if z.Err() != io.EOF {
				t.Fatalf("tokenizer: %v", z.Err())
			}
			if len(stack) > 0 {
				t.Errorf("unclosed elements at end: %v", stack)
			}
			if !sawDoctype {
				t.Error("no doctype")
			}
			return
		case html.DoctypeToken:
			sawDoctype = true
		case html.StartTagToken:
			name, _ := z.TagName()
			if !voidElements[string(name)] {
				stack = append(stack, string(name))
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			if len(stack) == 0 || stack[len(stack)-1] != string(name) {
				t.Errorf("end tag </%s> does not close the open element (open: %v)", name, stack)
				return
			}
			stack = stack[:len(stack)-1]
		}
	}
}

// checkPage asserts what every page must satisfy.
func checkPage(t *testing.T, page string) *html.Node {
	t.Helper()
	checkBalanced(t, page)
	if !strings.HasPrefix(page, "<!doctype html>") {
		t.Errorf("page does not start with <!doctype html>: %.40q", page)
	}
	doc := parse(t, page)

	htmlEl := all(doc, tag("html"))
	if len(htmlEl) != 1 || attrVal(htmlEl[0], "lang") != "en" {
		t.Error(`want one <html lang="en">`)
	}
	if titles := all(doc, tag("title")); len(titles) != 1 || !strings.HasSuffix(text(titles[0]), "Ciphergram") {
		t.Error("want one <title> ending in Ciphergram")
	}
	if n := len(all(doc, func(n *html.Node) bool { return n.Data == "meta" && attrVal(n, "name") == "viewport" })); n != 1 {
		t.Errorf("%d viewport metas", n)
	}
	if h1 := all(doc, tag("h1")); len(h1) != 1 {
		t.Errorf("want exactly one <h1>, got %d", len(h1))
	} else if text(h1[0]) == "" {
		t.Error("empty <h1>")
	}
	mains := all(doc, tag("main"))
	if len(mains) != 1 || attrVal(mains[0], "id") != "main" {
		t.Error(`want one <main id="main">`)
	}
	if skip := all(doc, func(n *html.Node) bool { return n.Data == "a" && attrVal(n, "href") == "#main" }); len(skip) == 0 {
		t.Error("no skip link to #main")
	}

	// Strict CSP: no inline script or style, no event handlers, no other hosts.
	for _, s := range all(doc, tag("script")) {
		if attrVal(s, "src") == "" || s.FirstChild != nil {
			t.Errorf("inline script: %q", text(s))
		}
		if _, ok := attr(s, "defer"); !ok {
			t.Error("script without defer")
		}
	}
	if n := len(all(doc, tag("style"))); n > 0 {
		t.Errorf("%d <style> elements", n)
	}
	ids := map[string]int{}
	for _, n := range all(doc, func(*html.Node) bool { return true }) {
		for _, a := range n.Attr {
			k := strings.ToLower(a.Key)
			switch {
			case k == "style":
				t.Errorf("<%s style=%q>", n.Data, a.Val)
			case strings.HasPrefix(k, "on"):
				t.Errorf("<%s %s=%q>: event handler attribute", n.Data, a.Key, a.Val)
			case k == "id":
				ids[a.Val]++
			}
			if k == "href" || k == "src" || k == "action" || k == "formaction" {
				v := strings.ToLower(strings.TrimSpace(a.Val))
				if strings.HasPrefix(v, "javascript:") || strings.Contains(v, "templfailedsanitization") {
					t.Errorf("<%s %s=%q>", n.Data, a.Key, a.Val)
				}
				if n.Data != "a" && (strings.Contains(v, "://") || strings.HasPrefix(v, "//")) {
					t.Errorf("<%s %s=%q> requests another host", n.Data, a.Key, a.Val)
				}
			}
		}
	}
	for id, n := range ids {
		if n > 1 {
			t.Errorf("id %q used %d times", id, n)
		}
	}

	// References inside the page resolve.
	for _, n := range all(doc, func(*html.Node) bool { return true }) {
		for _, key := range []string{"aria-describedby", "aria-labelledby", "for"} {
			for _, ref := range strings.Fields(attrVal(n, key)) {
				if ids[ref] == 0 {
					t.Errorf("<%s %s=%q>: no element with id %q", n.Data, key, attrVal(n, key), ref)
				}
			}
		}
		if n.Data == "a" {
			if h := attrVal(n, "href"); strings.HasPrefix(h, "#") && len(h) > 1 && ids[h[1:]] == 0 {
				t.Errorf("link to %q: no such id on the page", h)
			}
		}
	}

	// Every control has a label; every button has a name.
	for _, c := range all(doc, func(n *html.Node) bool { return n.Data == "input" || n.Data == "select" || n.Data == "textarea" }) {
		switch attrVal(c, "type") {
		case "hidden", "submit", "button", "reset", "image":
			continue
		}
		if !labelled(doc, c) {
			t.Errorf("<%s name=%q id=%q> has no label", c.Data, attrVal(c, "name"), attrVal(c, "id"))
		}
	}
	for _, b := range all(doc, tag("button")) {
		if text(b) == "" && attrVal(b, "aria-label") == "" {
			t.Error("button without text")
		}
	}
	for _, f := range all(doc, tag("form")) {
		if attrVal(f, "method") != "post" || attrVal(f, "action") == "" {
			t.Errorf("form method=%q action=%q: want a POST to a URL", attrVal(f, "method"), attrVal(f, "action"))
		}
	}

	// An open question shows no feedback; an answered one shows no form.
	for _, q := range all(doc, func(n *html.Node) bool { return strings.HasPrefix(attrVal(n, "data-testid"), "question-") }) {
		forms := all(q, testid("answer-form"))
		fb := all(q, testid("feedback"))
		if len(forms) > 0 && len(fb) > 0 {
			t.Errorf("%s: open question shows feedback", attrVal(q, "data-testid"))
		}
		if len(forms) > 0 {
			if n := len(all(q, func(n *html.Node) bool { return hasClass(n, "tag-correct") || hasClass(n, "correct") })); n > 0 {
				t.Errorf("%s: open question marks a right answer", attrVal(q, "data-testid"))
			}
		}
	}
	return doc
}

// labelled reports whether a control has an accessible name from a label.
func labelled(doc, c *html.Node) bool {
	if strings.TrimSpace(attrVal(c, "aria-label")) != "" || strings.TrimSpace(attrVal(c, "aria-labelledby")) != "" {
		return true
	}
	if l := ancestor(c, tag("label")); l != nil && text(l) != "" {
		return true
	}
	id := attrVal(c, "id")
	if id == "" {
		return false
	}
	for _, l := range all(doc, tag("label")) {
		if attrVal(l, "for") == id && text(l) != "" {
			return true
		}
	}
	return false
}

// ---------------------------------------------------------------------------
// Tests.

func TestPages(t *testing.T) {
	dump := os.Getenv("CIPHERGRAM_TEMPLATES_DUMP") // a directory: write each page there to look at
	for _, p := range pages(t) {
		t.Run(p.name, func(t *testing.T) {
			page := render(t, p.c)
			checkPage(t, page)
			if dump != "" {
				if err := os.WriteFile(filepath.Join(dump, p.name+".html"), []byte(page), 0o644); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}

// TestEveryComponentRendered fails when an exported component is added
// without a case in pages: the generated *_templ.go files are scanned for
// exported functions that return a templ.Component.
func TestEveryComponentRendered(t *testing.T) {
	files, err := filepath.Glob("*_templ.go")
	if err != nil || len(files) == 0 {
		t.Fatalf("no generated files: %v", err)
	}
	var declared []string
	fset := token.NewFileSet()
	for _, name := range files {
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Recv != nil || !fn.Name.IsExported() || fn.Type.Results == nil || len(fn.Type.Results.List) != 1 {
				continue
			}
			if sel, ok := fn.Type.Results.List[0].Type.(*ast.SelectorExpr); ok && sel.Sel.Name == "Component" {
				declared = append(declared, fn.Name.Name)
			}
		}
	}
	// The .templ sources must agree with the generated code.
	sources, _ := filepath.Glob("*.templ")
	var inSource []string
	for _, name := range sources {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(b), "\n") {
			if rest, ok := strings.CutPrefix(line, "templ "); ok {
				if fn, _, ok := strings.Cut(rest, "("); ok && token.IsExported(fn) {
					inSource = append(inSource, fn)
				}
			}
		}
	}
	sort.Strings(declared)
	sort.Strings(inSource)
	if !slices.Equal(declared, inSource) {
		t.Errorf("generated components %v differ from .templ declarations %v: run go tool templ generate", declared, inSource)
	}
	rendered := map[string]bool{}
	for _, p := range pages(t) {
		rendered[p.component] = true
	}
	for _, name := range declared {
		if !rendered[name] {
			t.Errorf("component %s is never rendered by TestPages: add a case to pages", name)
		}
	}
	for name := range rendered {
		if !slices.Contains(declared, name) {
			t.Errorf("pages names %s, which is not an exported component", name)
		}
	}
}

func TestLayoutNav(t *testing.T) {
	cases := []struct {
		name       string
		page       Page
		current    string // text of the link with aria-current
		wantSignIn bool
		wantSave   bool
		wantLogout bool
	}{
		{"visitor on lessons", samplePage("Lessons", "lessons", nobody), "Lessons", true, false, false},
		{"guest on progress", samplePage("Your progress", "progress", guest), "Progress", true, true, false},
		{"guest saving", samplePage("Save my progress", "account", guest), "Save my progress", true, true, false},
		{"visitor signing in", samplePage("Sign in", "account", nobody), "Sign in", true, false, false},
		{"student in the reader", samplePage("The telegram", "source", student), "The telegram", false, false, true},
		{"home", samplePage("", "home", student), "Ciphergram", false, false, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.page.Flash = "Your progress is saved."
			doc := checkPage(t, render(t, ErrorView(ErrorPage{Page: c.page, Heading: "x", Message: "y"})))
			cur := all(doc, func(n *html.Node) bool { return attrVal(n, "aria-current") == "page" })
			if len(cur) != 1 || text(cur[0]) != c.current {
				var got []string
				for _, n := range cur {
					got = append(got, text(n))
				}
				t.Errorf("aria-current on %q, want only %q", got, c.current)
			}
			link := func(href string) bool {
				return len(all(doc, func(n *html.Node) bool { return n.Data == "a" && attrVal(n, "href") == href })) > 0
			}
			if got := link("/login"); got != c.wantSignIn {
				t.Errorf("sign-in link: %v, want %v", got, c.wantSignIn)
			}
			if got := link("/account/save"); got != c.wantSave {
				t.Errorf("save link: %v, want %v", got, c.wantSave)
			}
			logout := all(doc, func(n *html.Node) bool { return n.Data == "form" && attrVal(n, "action") == "/logout" })
			if got := len(logout) == 1; got != c.wantLogout {
				t.Errorf("logout form: %v, want %v", got, c.wantLogout)
			}
			if c.wantLogout && (len(all(logout[0], tag("button"))) != 1 || !strings.Contains(text(doc), "anya_k")) {
				t.Error("logout form needs a button and the user's name beside it")
			}
			st := all(doc, func(n *html.Node) bool { return attrVal(n, "role") == "status" })
			if len(st) != 1 || text(st[0]) != "Your progress is saved." {
				t.Error("flash not in a role=status region")
			}
			for _, href := range []string{"/", "/lessons", "/sources/roshchin-1950-10-03", "/progress"} {
				if !link(href) {
					t.Errorf("no link to %s", href)
				}
			}
		})
	}
}

func TestReader(t *testing.T) {
	d := sampleDoc(t)
	doc := checkPage(t, render(t, ReaderView(Reader{Page: samplePage(d.Title, "source", guest), Doc: d, Glossary: sampleGlossary})))
	spans := map[string]*html.Node{}
	for _, s := range all(doc, func(n *html.Node) bool { return hasClass(n, "sentence") }) {
		if s.Data != "span" {
			t.Errorf("sentence %s is a <%s>", attrVal(s, "id"), s.Data)
		}
		spans[attrVal(s, "id")] = s
	}
	n := 0
	for _, b := range d.Blocks {
		if len(all(doc, func(n *html.Node) bool { return attrVal(n, "id") == b.ID })) != 1 {
			t.Errorf("block %s has no element", b.ID)
		}
		for _, s := range b.Sentences {
			n++
			el, ok := spans[s.ID]
			if !ok {
				t.Errorf("sentence %s missing", s.ID)
				continue
			}
			var want strings.Builder
			for _, p := range s.Parts {
				want.WriteString(p.Text)
				if p.SicNote != "" {
					want.WriteString(" [sic]")
				}
			}
			if got, want := visibleText(el), strings.Join(strings.Fields(want.String()), " "); got != want {
				t.Errorf("sentence %s reads %q, want %q", s.ID, got, want)
			}
			if len(all(el, func(n *html.Node) bool { return n.Data == "a" && attrVal(n, "href") == "#"+s.ID })) != 1 {
				t.Errorf("sentence %s has no link to itself", s.ID)
			}
		}
	}
	if n != 33 || len(spans) != n {
		t.Errorf("%d sentences in the sample, %d rendered; the golden file has 33", n, len(spans))
	}

	// Mao's message is one quotation, holding p7 to p17; the points are numbered.
	quotes := all(doc, func(n *html.Node) bool { return n.Data == "blockquote" && hasClass(n, "doc-message") })
	if len(quotes) != 1 {
		t.Fatalf("%d message quotations, want 1", len(quotes))
	}
	for _, id := range []string{"p7.s1", "p12.s1", "p16.s1", "p17.s1"} {
		if ancestor(spans[id], func(n *html.Node) bool { return n == quotes[0] }) == nil {
			t.Errorf("%s is outside Mao's quoted message", id)
		}
	}
	for _, id := range []string{"p6.s1", "p18.s1", "p20.s1"} {
		if ancestor(spans[id], func(n *html.Node) bool { return n == quotes[0] }) != nil {
			t.Errorf("%s is inside Mao's quoted message", id)
		}
	}
	var numbers []string
	for _, n := range all(doc, func(n *html.Node) bool { return hasClass(n, "doc-point-number") }) {
		numbers = append(numbers, text(n))
	}
	if !slices.Equal(numbers, []string{"1.", "2."}) {
		t.Errorf("point numbers %q", numbers)
	}
	if sig := all(doc, func(n *html.Node) bool { return hasClass(n, "block-message-signature") }); len(sig) != 1 || attrVal(sig[0], "id") != "p17" {
		t.Error("message signature block missing")
	}

	// [sic] carries its note for everyone; terms link to the glossary with a tip.
	sics := all(doc, func(n *html.Node) bool { return hasClass(n, "sic") })
	if len(sics) != 2 {
		t.Fatalf("%d [sic] markers, want 2", len(sics))
	}
	for _, s := range sics {
		if !strings.HasPrefix(text(s), "[sic]") || !strings.Contains(text(s), "original") || attrVal(s, "title") == "" {
			t.Errorf("[sic] marker %q lacks its explanation", text(s))
		}
	}
	terms := all(doc, func(n *html.Node) bool { return n.Data == "a" && hasClass(n, "term") })
	if len(terms) != 3 {
		t.Fatalf("%d terms, want 3", len(terms))
	}
	for _, a := range terms {
		tip := all(doc, func(n *html.Node) bool { return attrVal(n, "id") == attrVal(a, "aria-describedby") })
		if len(tip) != 1 || !hasClass(tip[0], "tip") || text(tip[0]) == "" {
			t.Errorf("term %q has no tip", text(a))
		}
	}
	var dts []string
	for _, dt := range all(doc, tag("dt")) {
		dts = append(dts, attrVal(dt, "id"))
	}
	if !slices.Equal(dts, []string{"g-cover-name", "g-ciphered-telegram", "g-38th-parallel"}) {
		t.Errorf("glossary ids %q", dts)
	}
	if !strings.Contains(text(doc), "Mansourov") {
		t.Error("provenance missing")
	}
}

func TestLessonOpenQuestions(t *testing.T) {
	for _, withError := range []bool{false, true} {
		v := unansweredLesson(withError)
		doc := checkPage(t, render(t, LessonView(v)))
		if len(all(doc, testid("feedback"))) != 0 || len(all(doc, testid("summary"))) != 0 {
			t.Fatal("open lesson shows feedback or a summary")
		}
		if !strings.Contains(text(doc), "Answered 0 of 8") || !strings.Contains(text(doc), "Lesson 1 of 7") {
			t.Error("lesson header or progress line missing")
		}
		for _, q := range v.Questions {
			els := all(doc, testid("question-"+q.ID))
			if len(els) != 1 || attrVal(els[0], "id") != q.Anchor {
				t.Fatalf("question %s: container missing", q.ID)
			}
			el := els[0]
			forms := all(el, testid("answer-form"))
			if len(forms) != 1 || attrVal(forms[0], "action") != action {
				t.Fatalf("question %s: no answer form", q.ID)
			}
			hidden := all(el, func(n *html.Node) bool { return n.Data == "input" && attrVal(n, "name") == "attempt" })
			if len(hidden) != 1 || attrVal(hidden[0], "type") != "hidden" || attrVal(hidden[0], "value") != "42" {
				t.Errorf("question %s: hidden attempt field", q.ID)
			}
			if b := all(el, testid("submit-answer")); len(b) != 1 || text(b[0]) != "Check answer" || attrVal(b[0], "type") != "submit" {
				t.Errorf("question %s: submit button", q.ID)
			}
			if leg := all(el, tag("legend")); len(leg) != 1 || !strings.Contains(text(leg[0]), text(parse(t, string(q.Prompt)))[:10]) {
				t.Errorf("question %s: legend is not the prompt", q.ID)
			} else if len(all(leg[0], tag("p"))) != 0 {
				t.Errorf("question %s: block content in <legend>", q.ID)
			}
			alerts := all(el, func(n *html.Node) bool { return attrVal(n, "role") == "alert" })
			if withError {
				if len(alerts) != 1 || text(alerts[0]) != q.Error {
					t.Errorf("question %s: error not shown as an alert", q.ID)
				} else if fs := all(el, tag("fieldset")); len(fs) != 1 || !strings.Contains(attrVal(fs[0], "aria-describedby"), attrVal(alerts[0], "id")) {
					t.Errorf("question %s: error not linked with aria-describedby", q.ID)
				}
			} else if len(alerts) != 0 {
				t.Errorf("question %s: an alert without an error", q.ID)
			}
			controls := func(name string) []*html.Node {
				return all(el, func(n *html.Node) bool {
					return (n.Data == "input" || n.Data == "select" || n.Data == "textarea") && attrVal(n, "name") == name
				})
			}
			checked := func(ns []*html.Node) (ids []string) {
				for _, n := range ns {
					if _, ok := attr(n, "checked"); ok {
						ids = append(ids, attrVal(n, "value"))
					}
				}
				return ids
			}
			switch q.Type {
			case "single", "truefalse", "multiple":
				want := map[string]string{"single": "radio", "truefalse": "radio", "multiple": "checkbox"}[q.Type]
				cs := controls("choice")
				if len(cs) != len(q.Choices) {
					t.Fatalf("question %s: %d choices", q.ID, len(cs))
				}
				for i, c := range cs {
					if attrVal(c, "type") != want || attrVal(c, "value") != q.Choices[i].ID {
						t.Errorf("question %s: choice %d is <input type=%q value=%q>", q.ID, i, attrVal(c, "type"), attrVal(c, "value"))
					}
				}
				if q.Type == "truefalse" && !strings.Contains(text(el), "True") {
					t.Error("true/false choices")
				}
				if withError && q.Type == "single" && !slices.Equal(checked(cs), []string{"newspaper"}) {
					t.Errorf("question %s: previous choice not kept: %v", q.ID, checked(cs))
				}
			case "short":
				cs := controls("text")
				if len(cs) != 1 || cs[0].Data != "input" || attrVal(cs[0], "type") != "text" || attrVal(cs[0], "value") != q.Text {
					t.Errorf("question %s: text input", q.ID)
				}
			case "written":
				cs := controls("text")
				if len(cs) != 1 || cs[0].Data != "textarea" || (q.Text != "" && text(cs[0]) != q.Text) {
					t.Errorf("question %s: textarea", q.ID)
				}
			case "ordering":
				for _, it := range q.Items {
					s := controls("order." + string(rune('0'+it.Index)))
					if len(s) != 1 || s[0].Data != "select" {
						t.Fatalf("question %s: no select for item %d", q.ID, it.Index)
					}
					opts := all(s[0], tag("option"))
					if len(opts) != len(q.Places)+1 || attrVal(opts[0], "value") != "" {
						t.Errorf("question %s: options of item %d", q.ID, it.Index)
					}
					if it.Place != 0 {
						if _, ok := attr(opts[it.Place], "selected"); !ok {
							t.Errorf("question %s: item %d place not kept", q.ID, it.Index)
						}
					}
					if l := all(el, func(n *html.Node) bool { return n.Data == "label" && attrVal(n, "for") == attrVal(s[0], "id") }); len(l) != 1 || text(l[0]) != it.Text {
						t.Errorf("question %s: item %d not labelled by its text", q.ID, it.Index)
					}
				}
			case "matching":
				for _, l := range q.Lefts {
					s := controls("match." + l.ID)
					if len(s) != 1 {
						t.Fatalf("question %s: no select for %s", q.ID, l.ID)
					}
					opts := all(s[0], tag("option"))
					if len(opts) != len(q.Rights)+1 || attrVal(opts[1], "value") != "1" || text(opts[1]) != q.Rights[0].Text {
						t.Errorf("question %s: options of %s", q.ID, l.ID)
					}
					if lab := all(el, func(n *html.Node) bool { return n.Data == "label" && attrVal(n, "for") == attrVal(s[0], "id") }); len(lab) != 1 || text(lab[0]) != l.Text {
						t.Errorf("question %s: %s not labelled by its text", q.ID, l.ID)
					}
				}
			case "evidence":
				labels := all(el, testid("evidence-sentence"))
				if len(labels) != len(q.Sentences) {
					t.Fatalf("question %s: %d evidence sentences", q.ID, len(labels))
				}
				for i, l := range labels {
					s := q.Sentences[i]
					in := all(l, tag("input"))
					if l.Data != "label" || !hasClass(l, "evidence-sentence") || !hasClass(l, "kind-"+s.Kind) || attrVal(l, "data-id") != s.ID ||
						len(in) != 1 || attrVal(in[0], "type") != "checkbox" || attrVal(in[0], "name") != "choice" || attrVal(in[0], "value") != s.ID ||
						!strings.Contains(text(l), s.Text) {
						t.Errorf("question %s: evidence sentence %s", q.ID, s.ID)
					}
				}
				none := controls("choice")
				last := none[len(none)-1]
				if attrVal(last, "value") != "none" || !strings.Contains(text(ancestor(last, tag("label"))), "No sentence of the telegram supports this claim") {
					t.Errorf("question %s: the none option is not last", q.ID)
				}
				if withError && !slices.Equal(checked(none), []string{"p10.s1", "none"}) {
					t.Errorf("question %s: previous picks not kept: %v", q.ID, checked(none))
				}
			}
		}
		if cta := all(doc, func(n *html.Node) bool {
			return n.Data == "a" && attrVal(n, "href") == "/account/save" && hasClass(n, "button")
		}); len(cta) != 1 {
			t.Error("no save-my-progress call to action")
		}
		if ws := all(doc, func(n *html.Node) bool { return n.Data == "a" && attrVal(n, "href") == v.WorksheetURL }); len(ws) != 1 || text(ws[0]) != "Print a worksheet" {
			t.Error("no worksheet link")
		}
	}
}

func TestLessonFinished(t *testing.T) {
	v := finishedLesson()
	doc := checkPage(t, render(t, LessonView(v)))
	if n := len(all(doc, testid("answer-form"))); n != 0 {
		t.Errorf("%d answer forms in a finished lesson", n)
	}
	for _, q := range v.Questions {
		el := all(doc, testid("question-"+q.ID))
		if len(el) != 1 {
			t.Fatalf("question %s missing", q.ID)
		}
		fb := all(el[0], testid("feedback"))
		if len(fb) != 1 || attrVal(fb[0], "data-verdict") != q.Feedback.Verdict || !hasClass(fb[0], "feedback-"+q.Feedback.Verdict) {
			t.Fatalf("question %s: feedback box", q.ID)
		}
		f, got := q.Feedback, text(fb[0])
		for _, want := range []string{f.Headline, "CIPHERED TELEGRAM No. 25199", "(p2.s1)"} {
			if !strings.Contains(got, want) {
				t.Errorf("question %s: feedback lacks %q", q.ID, want)
			}
		}
		switch q.Type {
		case "single", "multiple", "truefalse":
			if n := len(all(fb[0], func(n *html.Node) bool { return hasClass(n, "choice-note") })); n != len(f.Choices) {
				t.Errorf("question %s: %d choice notes", q.ID, n)
			}
			picked := len(all(fb[0], func(n *html.Node) bool { return hasClass(n, "tag-picked") }))
			right := len(all(fb[0], func(n *html.Node) bool { return hasClass(n, "tag-correct") }))
			wantPicked, wantRight := 0, 0
			for _, c := range f.Choices {
				if c.Picked {
					wantPicked++
				}
				if c.Correct {
					wantRight++
				}
			}
			if picked != wantPicked || right != wantRight {
				t.Errorf("question %s: %d picked, %d right marks; want %d, %d", q.ID, picked, right, wantPicked, wantRight)
			}
		case "short":
			if !strings.Contains(got, "Filipov") || !strings.Contains(got, "Filippov, the cover name") {
				t.Error("short: your text or accepted answers missing")
			}
		case "ordering":
			if n := len(all(fb[0], tag("tr"))); n != len(f.Order)+1 {
				t.Errorf("ordering: %d rows", n)
			}
		case "matching":
			if n := len(all(fb[0], tag("tr"))); n != len(f.Matches)+1 {
				t.Errorf("matching: %d rows", n)
			}
		case "evidence":
			links := all(fb[0], func(n *html.Node) bool { return hasClass(n, "evidence-line") })
			if len(links) != len(f.Evidence) {
				t.Fatalf("evidence: %d lines", len(links))
			}
			for i, e := range f.Evidence {
				if a := all(links[i], func(n *html.Node) bool { return n.Data == "a" && attrVal(n, "href") == e.URL }); len(a) != 1 {
					t.Errorf("evidence line %s does not link to %s", e.ID, e.URL)
				}
			}
			if !strings.Contains(text(links[1]), "You missed it") || !strings.Contains(text(links[2]), "Also acceptable") || !strings.Contains(text(links[3]), "Does not support it") {
				t.Error("evidence marks")
			}
		case "written":
			for _, want := range []string{"He wanted Stalin", "Cites p18.s1", "A model answer", "In our view"} {
				if !strings.Contains(got, want) {
					t.Errorf("written: feedback lacks %q", want)
				}
			}
			forms := all(fb[0], testid("self-assess-form"))
			if len(forms) != 1 || attrVal(forms[0], "action") != f.SelfAssess.Action {
				t.Fatal("written: no self-assessment form")
			}
			var values []string
			for _, c := range all(forms[0], func(n *html.Node) bool { return attrVal(n, "name") == "criterion" }) {
				values = append(values, attrVal(c, "value"))
			}
			if !slices.Equal(values, []string{"0", "1"}) {
				t.Errorf("criterion values %q", values)
			}
			if b := all(forms[0], tag("button")); len(b) != 1 || text(b[0]) != "Score my answer" {
				t.Error("self-assessment button")
			}
		}
	}
	s := all(doc, testid("summary"))
	if len(s) != 1 {
		t.Fatal("no summary")
	}
	score := all(s[0], testid("score"))
	if len(score) != 1 || !strings.Contains(text(score[0]), "4.67 / 9") || !strings.Contains(text(score[0]), "52%") {
		t.Errorf("score %q", text(score[0]))
	}
	st := text(s[0])
	for _, want := range []string{"1 written answer is waiting", "Question 3: Mao had already decided", "Next lesson: Mao's first reason"} {
		if !strings.Contains(st, want) {
			t.Errorf("summary lacks %q", want)
		}
	}
	retry := all(s[0], tag("form"))
	if len(retry) != 1 || attrVal(retry[0], "action") != v.Done.RetryAction || text(retry[0]) != "Try this lesson again" {
		t.Error("retry form")
	}

	// Self-assessed: the form gives way to the score.
	q := sampleAnswered("written", 1)
	q.Feedback.SelfAssess.Done, q.Feedback.SelfAssess.Points = true, "2 of 3"
	doc = checkPage(t, render(t, ReviewView(ReviewPage{Page: samplePage("Review", "progress", student), LessonTitle: "x", LessonURL: "/lessons/x", Question: q})))
	if len(all(doc, tag("form"))) != 1 || !strings.Contains(text(doc), "You scored yourself 2 of 3.") {
		t.Error("self-assessed answer still shows the form or lacks the score")
	}
}

// TestNoFeedbackBeforeAnswering: a view model that wrongly carries feedback
// for an open question still shows none.
func TestNoFeedbackBeforeAnswering(t *testing.T) {
	for _, typ := range questionTypes {
		q := sampleQuestion(typ, 1, false)
		q.Feedback = sampleAnswered(typ, 1).Feedback
		doc := checkPage(t, render(t, ReviewView(ReviewPage{Page: samplePage("Review", "progress", student), LessonTitle: "x", LessonURL: "/lessons/x", Question: q})))
		if len(all(doc, testid("feedback"))) != 0 || strings.Contains(text(doc), "CIPHERED TELEGRAM No. 25199") {
			t.Errorf("%s: open question shows feedback", typ)
		}
		if len(all(doc, testid("answer-form"))) != 1 {
			t.Errorf("%s: no form", typ)
		}
	}
}

func TestWorksheetHasNoAnswers(t *testing.T) {
	v := sampleWorksheet(t)
	page := render(t, WorksheetView(v))
	doc := checkPage(t, page)
	if n := len(all(doc, func(n *html.Node) bool {
		return attrVal(n, "data-testid") == "feedback" || hasClass(n, "feedback") || n.Data == "form" || n.Data == "input" ||
			n.Data == "select" || n.Data == "textarea"
	})); n > 0 {
		t.Errorf("worksheet has %d feedback or form elements", n)
	}
	got := text(doc)
	for _, leak := range []string{"Correct.", "Partly right", "Not quite", "Right answer", "A model answer", "Filippov, the cover name",
		"Choose an answer before you check it.", "Because"} {
		if strings.Contains(got, leak) {
			t.Errorf("worksheet shows %q", leak)
		}
	}
	if strings.Contains(page, "checked") || strings.Contains(page, "selected") {
		t.Error("worksheet shows a previous answer")
	}
	qs := all(doc, func(n *html.Node) bool { return hasClass(n, "ws-question") })
	if len(qs) != len(v.Questions) || all(doc, func(n *html.Node) bool { return hasClass(n, "ws-questions") })[0].Data != "ol" {
		t.Fatalf("%d numbered questions, want %d", len(qs), len(v.Questions))
	}
	for i, q := range v.Questions {
		if !strings.Contains(text(qs[i]), text(parse(t, string(q.Prompt)))) {
			t.Errorf("question %s: prompt missing", q.ID)
		}
		boxes := len(all(qs[i], func(n *html.Node) bool { return hasClass(n, "box") }))
		lines := len(all(qs[i], func(n *html.Node) bool { return hasClass(n, "write-line") }))
		switch q.Type {
		case "single", "multiple", "truefalse":
			if boxes != len(q.Choices) {
				t.Errorf("%s: %d boxes", q.ID, boxes)
			}
		case "evidence":
			if boxes != len(q.Sentences)+1 {
				t.Errorf("%s: %d boxes", q.ID, boxes)
			}
		case "short", "written":
			if lines == 0 {
				t.Errorf("%s: no lines to write on", q.ID)
			}
		}
	}
	for _, s := range []string{"p1.s1", "p7.s2", "p23.s3"} {
		if len(all(doc, func(n *html.Node) bool { return attrVal(n, "id") == s && hasClass(n, "sentence") })) != 1 {
			t.Errorf("worksheet document lacks sentence %s", s)
		}
	}
	if len(all(doc, func(n *html.Node) bool { return hasClass(n, "term") })) != 0 {
		t.Error("worksheet document has glossary tips")
	}
}

func TestProgressAndHome(t *testing.T) {
	var progress, home pageCase
	for _, p := range pages(t) {
		switch p.name {
		case "progress":
			progress = p
		case "home-guest":
			home = p
		}
	}
	doc := checkPage(t, render(t, progress.c))
	items := all(doc, testid("review-item"))
	if len(items) != 2 {
		t.Fatalf("%d due review items", len(items))
	}
	for _, it := range items {
		if a := all(it, func(n *html.Node) bool { return n.Data == "a" && strings.HasPrefix(attrVal(n, "href"), "/review/") }); len(a) != 1 || text(a[0]) != "Review now" {
			t.Error("review item without its Review now link")
		}
	}
	if n := len(all(doc, testid("review-later"))); n != 1 || !strings.Contains(text(doc), "due in 3 days") {
		t.Error("later review items")
	}
	if rows := all(doc, testid("progress-row")); len(rows) != 3 || attrVal(rows[0], "data-status") != "done" || !strings.Contains(text(rows[0]), "8 / 9") {
		t.Error("progress rows")
	}
	doc = checkPage(t, render(t, home.c))
	cards := all(doc, testid("lesson-card"))
	if len(cards) != 3 || attrVal(cards[1], "data-status") != "in-progress" || !strings.Contains(text(cards[1]), "In progress: 3 of 9 answered") {
		t.Error("lesson cards")
	}
	if a := all(doc, func(n *html.Node) bool {
		return n.Data == "a" && attrVal(n, "href") == "/lessons/maos-first-reason" && hasClass(n, "button")
	}); len(a) != 1 || text(a[0]) != "Continue: Mao's first reason" {
		t.Error("start button")
	}
}

func TestAccount(t *testing.T) {
	for _, p := range pages(t) {
		if p.component != "AccountView" {
			continue
		}
		doc := checkPage(t, render(t, p.c))
		pw := all(doc, func(n *html.Node) bool { return attrVal(n, "name") == "password" })
		user := all(doc, func(n *html.Node) bool { return attrVal(n, "name") == "username" })
		if len(pw) != 1 || len(user) != 1 || attrVal(user[0], "autocomplete") != "username" || attrVal(pw[0], "type") != "password" {
			t.Fatalf("%s: fields", p.name)
		}
		switch p.name {
		case "login":
			if attrVal(pw[0], "autocomplete") != "current-password" || attrVal(user[0], "value") != "anya_k" {
				t.Error("login fields")
			}
			if a := all(doc, func(n *html.Node) bool { return attrVal(n, "role") == "alert" }); len(a) != 1 {
				t.Error("login error not an alert")
			}
		case "save":
			if attrVal(pw[0], "autocomplete") != "new-password" || !strings.Contains(text(doc), "At least 8 characters") {
				t.Error("save: new password and its rule")
			}
		}
	}
}
