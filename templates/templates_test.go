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
	"strconv"
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
		{"SOVIET SOVIET", TextPart{SicNote: "The word SOVIET is typed twice in the published English translation."}},
		{"contrades", TextPart{SicNote: "A typing slip for \"comrades\" in the published English translation."}},
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
		Reading:      LessonReading(sampleSections(), sampleGlossary),
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
		Sections: sampleSections(), Glossary: sampleGlossary, Doc: sampleDoc(t), Copy: "4821",
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
	return append([]pageCase{
		{"home-guest", "HomeView", HomeView(Home{Page: samplePage("", "home", guest), StartURL: "/lessons/maos-first-reason",
			StartLabel: "Continue: Mao's first reason", SourceURL: "/sources/roshchin-1950-10-03", SourceName: "the telegram", Lessons: sampleCards()})},
		{"home-new", "HomeView", HomeView(Home{Page: samplePage("", "home", nobody), StartURL: "/lessons/meeting-the-document",
			StartLabel: "Start learning", SourceURL: "/sources/roshchin-1950-10-03", SourceName: "the telegram", Lessons: sampleCards()})},
		{"lessons", "LessonListView", LessonListView(LessonList{Page: samplePage("Lessons", "lessons", student), Lessons: sampleCards()})},
		{"lessons-empty", "LessonListView", LessonListView(LessonList{Page: samplePage("Lessons", "lessons", nobody)})},
		{"reader", "ReaderView", ReaderView(Reader{Page: samplePage(doc.Title, "source", guest), Doc: doc, Glossary: sampleGlossary})},
		{"reader-teacher-source", "ReaderView", ReaderView(Reader{Page: samplePage("A letter", "teach", teacher), Doc: sampleSourceDoc(),
			Source: &SourceInfo{Creator: "Mao", Kind: "letter", Version: 2, Published: "1 December 2026",
				Versions: []Link{{"version 1", "/sources/a-letter-abcd/v/1"}, {"version 2", "/sources/a-letter-abcd/v/2"}}}})},
		{"lesson-sources", "LessonSourcesView", LessonSourcesView(LessonSources{Page: samplePage("Sources: Two sources", "lessons", guest),
			Title: "Two sources", LessonURL: "/lessons/two-sources", Docs: []DocView{doc, secondSourceDoc()}, Glossary: sampleGlossary})},
		{"sources", "SourcesListView", SourcesListView(SourcesList{Page: samplePage("Your sources", "teach", teacher), NewURL: "/teach/sources/new",
			Sources: []SourceRow{{Title: "A letter", Published: 1, ReadURL: "/sources/a/v/1", DraftURL: "/teach/sources/a/draft"}, {Title: "<b>x</b>", EditURL: "/teach/sources/b/edit"}}})},
		{"sources-empty", "SourcesListView", SourcesListView(SourcesList{Page: samplePage("Your sources", "teach", teacher), NewURL: "/teach/sources/new"})},
		{"source-form", "SourceFormView", SourceFormView(SourceForm{Page: samplePage("Add a source", "teach", teacher), Heading: "Add a source",
			Action: "/teach/sources", Kinds: []string{"letter", "other"}, Kind: "other", Text: "<script>x</script>", Error: "Give the source a title.", MaxKB: 200})},
		{"source-draft", "SourceDraftView", SourceDraftView(SourceDraftPage{Page: samplePage("A letter", "teach", teacher), Slug: "a", Version: 1,
			Blocks:      []DraftBlock{{ID: "p1", Kind: "paragraph", Sentences: []DraftSentence{{ID: "p1.s1", Text: "Gen.", MergeNext: "p1.s2"}, {ID: "p1.s2", Text: "Peng."}}}},
			MergeAction: "/m", SplitURL: "/s", PublishAction: "/p", EditURL: "/e", Info: SourceInfo{Creator: "Mao"}, Error: "stale"})},
		{"lesson-pack-import", "LessonPackImportView", LessonPackImportView(LessonPackImport{Page: samplePage("Import a lesson pack", "teach", teacher),
			Action: "/teach/lessons/import", Error: "This pack has 1 problems.", Problems: []string{"Line 3: <b>x</b>"}, Text: "<script>x</script>", MaxMB: 5})},
		{"source-split", "SourceSplitView", SourceSplitView(SourceSplitPage{Page: samplePage("Split p1.s1", "teach", teacher), SentenceID: "p1.s1",
			Text: "Gen. Peng.", Action: "/s", BackURL: "/d", Error: "the words changed"})},
		{"teacher-lessons", "TeacherLessonsListView", TeacherLessonsListView(TeacherLessonsList{Page: samplePage("Your lessons", "teach", teacher),
			NewURL: "/teach/lessons/new", ImportURL: "/teach/lessons/import", Lessons: []TeacherLessonRow{
				{Title: "Who signed it", Status: "published v2, draft of v3", URL: "/teach/lessons/a"}, {Title: "<b>x</b>", Status: "published v1", URL: "/lessons/b/teacher", Library: true}}})},
		{"teacher-lessons-empty", "TeacherLessonsListView", TeacherLessonsListView(TeacherLessonsList{Page: samplePage("Your lessons", "teach", teacher),
			NewURL: "/teach/lessons/new", ImportURL: "/teach/lessons/import"})},
		{"lesson-new", "LessonNewView", LessonNewView(LessonNewForm{Page: samplePage("New lesson", "teach", teacher), Action: "/teach/lessons",
			Title: "<script>x</script>", Error: "Give the lesson a title."})},
		{"lesson-overview", "LessonOverviewView", LessonOverviewView(LessonOverview{Page: samplePage("Who signed it", "teach", teacher),
			Title: "Who signed it", Slug: "a", Status: "published v1, draft of v2", Draft: true, Edits: 3,
			Problems: []LessonLine{{Line: 19, Msg: `unknown sentence ID "p99.s9"`}}, Notes: []LessonLine{{Line: 15, Msg: "Students have answered question \"q\"."}},
			PublishAction: "/p", TextURL: "/t", FormsURL: "/f", PreviewURL: "/v", EditionPreviewURL: "/e", LiveURL: "/lessons/a", ExportURL: "/x",
			Versions: []Link{{Text: "Version 1, published 1 December 2026 10:00 UTC"}}})},
		{"lesson-overview-ready", "LessonOverviewView", LessonOverviewView(LessonOverview{Page: samplePage("Who signed it", "teach", teacher),
			Title: "Who signed it", Slug: "a", Status: "draft, not published", Draft: true, PublishAction: "/p", TextURL: "/t", FormsURL: "/f",
			PreviewURL: "/v", EditionPreviewURL: "/e", ExportURL: "/x", Error: "stale"})},
		{"lesson-text", "LessonTextView", LessonTextView(LessonTextPage{Page: samplePage("Lesson file: Who signed it", "teach", teacher),
			Title: "Who signed it", Slug: "a", Text: "---\nslug: a\n<script>x</script>", Action: "/t", Edits: 2, Saved: "Saved.", MaxKB: 200, BackURL: "/b",
			Problems: []LessonLine{{Line: 3, Msg: "the lesson has no title"}}, Notes: []LessonLine{{Msg: "Students have answered question \"q\"."}}})},
		{"lesson-preview", "LessonView", LessonView(func() LessonPage {
			v := unansweredLesson(false)
			v.Number, v.Preview = 0, "Preview of your draft."
			for i := range v.Questions {
				v.Questions[i].Preview = true
			}
			return v
		}())},
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
		{"worksheet-teacher", "WorksheetView", WorksheetView(func() Worksheet {
			v := sampleWorksheet(t)
			v.Page, v.KeyURL = samplePage("Worksheet: Meeting the document", "lessons", teacher), "/lessons/meeting-the-document/worksheet/key?copy=4821"
			return v
		}())},
		{"worksheet-key", "WorksheetKeyView", WorksheetKeyView(WorksheetKey{Page: samplePage("Answer key: Meeting the document", "lessons", teacher),
			Title: "Meeting the document", Copy: "4821", WorksheetURL: "/lessons/meeting-the-document/worksheet?copy=4821",
			Answers: []KeyLine{{Number: 1, Answer: "choice 2 (Molotov)"}, {Number: 2, Answer: "3 (Mao hears of it); 1 (Stalin writes); 2 (Roshchin sends it)"}}})},
		{"error", "ErrorView", ErrorView(ErrorPage{Page: Page{Title: "Not found", Flash: "Your progress is saved."}, Status: 404,
			Heading: "We could not find that page", Message: "The link may be old. Try the list of lessons."})},

		// Their data, their choice.
		{"privacy", "PrivacyView", PrivacyView(PrivacyPage{Page: samplePage("Privacy", "privacy", nobody), GuestDays: 180, Contact: "Ms Rivera, office 12"})},
		{"privacy-forever", "PrivacyView", PrivacyView(PrivacyPage{Page: samplePage("Privacy", "privacy", guest)})},
		{"my-data-student", "MyDataView", MyDataView(MyDataPage{Page: samplePage("My data", "account", student), JSONURL: "/account/data.json",
			CSVURL: "/account/answers.csv", DeleteAction: "/account/delete", InClass: true, Error: "That is not your password, so nothing was deleted. Type it again."})},
		{"my-data-guest", "MyDataView", MyDataView(MyDataPage{Page: samplePage("My data", "account", guest), JSONURL: "/account/data.json",
			CSVURL: "/account/answers.csv", DeleteAction: "/account/delete", Guest: true})},
		{"my-data-teacher", "MyDataView", MyDataView(MyDataPage{Page: samplePage("My data", "account", teacher), JSONURL: "/account/data.json",
			CSVURL: "/account/answers.csv", DeleteAction: "/account/delete", Teacher: true})},
		{"student-delete", "StudentDeleteView", StudentDeleteView(StudentDeletePage{Page: samplePage("Delete Sam’s account", "teach", teacher),
			Student: "Sam", Username: "sam", ClassName: "History 9B", ClassURL: "/teach/classes/3", Action: "/teach/classes/3/students/7/delete", Attempts: 2, Answers: 11})},
		{"student-delete-refused", "StudentDeleteView", StudentDeleteView(StudentDeletePage{Page: samplePage("Delete Sam’s account", "teach", teacher),
			Student: "Sam", Username: "sam", ClassName: "History 9B", ClassURL: "/teach/classes/3",
			Refusal: "Sam is also in a class of Mr B, so no teacher can delete this account: an administrator can, with: ciphergram user delete sam"})},

		// The classroom.
		{"signup", "SignupView", SignupView(sampleSignup(false))},
		{"signup-closed", "SignupView", SignupView(sampleSignup(true))},
		{"join-new", "JoinView", JoinView(sampleJoin(nobody))},
		{"join-guest", "JoinView", JoinView(sampleJoin(guest))},
		{"join-account", "JoinView", JoinView(sampleJoin(student))},
		{"teach", "TeacherHomeView", TeacherHomeView(sampleTeacherHome())},
		{"teach-empty", "TeacherHomeView", TeacherHomeView(TeacherHome{Page: samplePage("Your classes", "teach", teacher),
			CreateAction: "/teach/classes", Timezone: "UTC", Timezones: sampleTimezones, TimezoneAction: "/teach/timezone"})},
		{"class", "ClassView", ClassView(sampleClass())},
		{"class-empty", "ClassView", ClassView(sampleEmptyClass())},
		{"gradebook", "GradebookView", GradebookView(sampleGradebook())},
		{"gradebook-empty", "GradebookView", GradebookView(Gradebook{Page: samplePage("Gradebook: History 9B", "teach", teacher),
			ClassName: "History 9B", ClassURL: "/teach/classes/3", CSVURL: "/teach/classes/3/gradebook.csv"})},
		{"student-answers", "StudentAnswersView", StudentAnswersView(sampleStudentAnswers())},
		{"grading", "GradingView", GradingView(sampleGrading())},
		{"teacher-edition", "TeacherEditionView", TeacherEditionView(sampleEdition(t))},
		{"confirm", "ConfirmView", ConfirmView(ConfirmPage{Page: samplePage("Remove Ben?", "teach", teacher), ClassName: "History 9B",
			ClassURL: "/teach/classes/3", Heading: "Remove Ben from History 9B?", Explain: []string{"Ben leaves the class.", "Answers stay."},
			Action: "/teach/classes/3/students/7/remove", Button: "Remove Ben", Danger: true})},
		{"confirm-refused", "ConfirmView", ConfirmView(ConfirmPage{Page: samplePage("Reset?", "teach", teacher), ClassName: "History 9B",
			ClassURL: "/teach/classes/3", Heading: "Reset the password of Ben?", Refusal: "Ben is also in a class of Mr B."})},
		{"insight", "InsightView", InsightView(sampleInsight(t))},
		{"student-home", "StudentHomeView", StudentHomeView(sampleStudentHome())},
		{"student-home-empty", "StudentHomeView", StudentHomeView(StudentHome{Page: samplePage("Your classes", "student", student), JoinURL: "/join"})},
	}, builderPages()...)
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
func hasAttr(n *html.Node, key string) bool   { _, ok := attr(n, key); return ok }

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
	// Headings go down one level at a time: h1, h2, h3, never h1 then h3.
	prev := 0
	for _, h := range all(doc, func(n *html.Node) bool {
		return len(n.Data) == 2 && n.Data[0] == 'h' && n.Data[1] >= '1' && n.Data[1] <= '6'
	}) {
		level := int(h.Data[1] - '0')
		if level > prev+1 {
			t.Errorf("<%s> %q follows an h%d: headings skip a level", h.Data, text(h), prev)
		}
		prev = level
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
		// A GET form only looks something up (a worksheet copy's key): GET
		// never changes state.
		if m := attrVal(f, "method"); m != "post" && m != "get" || attrVal(f, "action") == "" {
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
	// Parts the server renders once and places in a page, or sends to
	// replace part of it (LessonUpdate: the same components; the web
	// package's TestFragmentsMatchThePage checks the HTML is the page's):
	// that page's cases render them.
	for part, page := range map[string]string{"LessonReading": "LessonView", "LessonUpdate": "LessonView"} {
		rendered[part] = rendered[page]
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
		if !strings.HasPrefix(text(s), "[sic]") || !strings.Contains(text(s), "translation") || attrVal(s, "title") == "" {
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
					if l.Data != "label" || !hasClass(l, "evidence-sentence") || attrVal(l, "data-kind") != s.Kind || attrVal(l, "data-id") != s.ID ||
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

// ---------------------------------------------------------------------------
// The classroom: sample view models and tests.

var (
	teacher         = UserNav{HasAccount: true, Name: "Ms Rivera", Teacher: true}
	classStudent    = UserNav{HasAccount: true, Name: "Anya K.", Student: true}
	sampleTimezones = []string{"UTC", "America/New_York", "Asia/Seoul", "Europe/Berlin", "Europe/London"}
)

func sampleSignup(closed bool) SignupPage {
	v := SignupPage{Page: samplePage("Teacher sign-up", "account", nobody), Action: "/signup", Closed: closed,
		Timezone: "Europe/Berlin", Timezones: sampleTimezones}
	if !closed {
		v.Username, v.DisplayName, v.Error = "rivera", "Ms Rivera", "That username is taken. Choose another."
	}
	return v
}

func sampleJoin(user UserNav) JoinPage {
	v := JoinPage{Page: samplePage("Join a class", "join", user), Action: "/join", Code: "K7QMPXDR",
		SignedIn: user.HasAccount || user.Guest, HasAccount: user.HasAccount, Name: user.Name}
	switch {
	case user.HasAccount:
		v.ClassName = "History 9B"
	case user.Guest:
		v.Username = "river7"
	default:
		v.DisplayName, v.Username, v.Error = "Anya", "anya_k", "No class has that code. Check it with your teacher."
	}
	return v
}

func sampleTeacherHome() TeacherHome {
	return TeacherHome{
		Page: samplePage("Your classes", "teach", teacher),
		Classes: []ClassCard{
			{Name: "History 9B", URL: "/teach/classes/3", JoinCode: "K7QMPXDR", Students: 24, Assigned: 2},
			{Name: "History 10A — Thursday group", URL: "/teach/classes/4", JoinCode: "ZW3HCT9N", Students: 1, Assigned: 0},
			{Name: "Summer school 2025", URL: "/teach/classes/1", JoinCode: "RMX4KQ2V", Students: 12, Assigned: 7, Archived: true},
		},
		CreateAction: "/teach/classes", NewName: "", Error: "Give the class a name.",
		Timezone: "Europe/Berlin", Timezones: sampleTimezones, TimezoneAction: "/teach/timezone",
	}
}

func sampleClass() ClassPage {
	base := "/teach/classes/3"
	return ClassPage{
		Page: samplePage("History 9B", "teach", teacher),
		Name: "History 9B", JoinCode: "K7QMPXDR", JoinURL: "http://localhost:8080/join?code=K7QMPXDR",
		RenameAction: base + "/rename", ArchiveAction: base + "/archive", CodeAction: base + "/code", DeleteAction: base + "/delete",
		Roster: []RosterRow{
			{DisplayName: "Anya K.", Username: "anya_k", LastActive: "today", ResetAction: base + "/students/11/reset", RemoveAction: base + "/students/11/remove"},
			{DisplayName: "Ben", Username: "ben.ortiz", LastActive: "3 days ago", ResetAction: base + "/students/12/reset", RemoveAction: base + "/students/12/remove"},
			{DisplayName: "=HYPERLINK(\"x\")", Username: "chloe2011", LastActive: "never", ResetAction: base + "/students/13/reset", RemoveAction: base + "/students/13/remove"},
		},
		NewPassword: &OneTimePassword{Student: "Ben", Username: "ben.ortiz", Password: "tulip-marble-42"},
		Assignments: []AssignmentRow{
			{LessonTitle: "Mao's first reason", Due: "Fri 28 Nov, 09:00", UnassignAction: base + "/assignments/maos-first-reason/unassign",
				GradingURL: base + "/lessons/maos-first-reason/grading", Ungraded: 5, InsightURL: base + "/lessons/maos-first-reason/insight"},
			{LessonTitle: "Meeting the document", Due: "no due date", UnassignAction: base + "/assignments/meeting-the-document/unassign",
				InsightURL: base + "/lessons/meeting-the-document/insight"},
		},
		AssignAction: base + "/assignments",
		Lessons: []LessonOption{
			{Slug: "meeting-the-document", Title: "Meeting the document", Assigned: true},
			{Slug: "maos-first-reason", Title: "Mao's first reason", Assigned: true},
			{Slug: "maos-second-reason", Title: "Mao's second reason"},
		},
		Timezone:     "Europe/Berlin",
		GradebookURL: base + "/gradebook", CSVURL: base + "/gradebook.csv",
	}
}

func sampleEmptyClass() ClassPage {
	v := sampleClass()
	v.Name, v.Archived, v.Error = "Summer school 2025", true, "Choose at least one lesson to assign."
	v.Roster, v.NewPassword, v.Assignments = nil, nil, nil
	return v
}

func sampleGradebook() Gradebook {
	base := "/teach/classes/3"
	v := Gradebook{
		Page:      samplePage("Gradebook: History 9B", "teach", teacher),
		ClassName: "History 9B", ClassURL: base, CSVURL: base + "/gradebook.csv", Sort: "maos-first-reason", Descending: true,
		Lessons: []GradebookLesson{
			{Slug: "meeting-the-document", Title: "Meeting the document"},
			{Slug: "maos-first-reason", Title: "Mao's first reason", Due: "Fri 28 Nov, 09:00", Average: "5.25 / 9 (58 %)", HandedIn: 2, Missing: 1},
		},
		SortLinks: []Link{{Text: "Name", URL: base + "/gradebook?sort=name"}, {Text: "Username", URL: base + "/gradebook?sort=username"},
			{Text: "Meeting the document", URL: base + "/gradebook?sort=meeting-the-document"}, {Text: "Mao's first reason", URL: base + "/gradebook?sort=maos-first-reason"}},
	}
	cell := func(status, score string, late bool, pending, attempts int, user, slug string) GradebookCell {
		return GradebookCell{Status: status, Score: score, Late: late, Pending: pending, Attempts: attempts, URL: base + "/students/" + user + "/lessons/" + slug}
	}
	missing := func(c GradebookCell) GradebookCell { c.Missing = true; return c }
	v.Rows = []GradebookRow{
		{Student: "Anya K.", Username: "anya_k", Cells: []GradebookCell{
			cell("done", "7 / 9", false, 0, 2, "anya_k", "meeting-the-document"), cell("done", "6.5 / 9", true, 1, 1, "anya_k", "maos-first-reason")}},
		{Student: "Ben", Username: "ben.ortiz", Cells: []GradebookCell{
			cell("in-progress", "", false, 0, 1, "ben.ortiz", "meeting-the-document"), missing(cell("not-started", "", false, 0, 0, "ben.ortiz", "maos-first-reason"))}},
		{Student: "Chloe Marguerite Okonkwo-Smith", Username: "chloe2011", Cells: []GradebookCell{
			cell("done", "9 / 9", false, 0, 1, "chloe2011", "meeting-the-document"), cell("done", "4 / 9", false, 2, 3, "chloe2011", "maos-first-reason")}},
	}
	return v
}

func sampleStudentAnswers() StudentAnswers {
	v := StudentAnswers{
		Page:      samplePage("Anya K.: Meeting the document", "teach", teacher),
		ClassName: "History 9B", ClassURL: "/teach/classes/3", Student: "Anya K.", Username: "anya_k",
		LessonTitle: "Meeting the document", Status: "Done: 6.5 / 9 (late)",
		Unanswered: []string{"Question 7", "Question 8"},
		GradingURL: "/teach/classes/3/lessons/meeting-the-document/grading",
	}
	for i, typ := range []string{"single", "evidence", "ordering", "written"} {
		q := sampleAnswered(typ, i+1)
		q.AnsweredAt = "Thu 27 Nov, 14:0" + string(rune('1'+i))
		if typ == "written" {
			q.Feedback.SelfAssess = &SelfAssessForm{Action: "/x", AttemptID: 42}
			q.Feedback.ModelAnswer = ""
			q.Feedback.Verdict, q.Feedback.Headline = "partly", "Graded by the teacher: 2 of 3 points."
			q.Feedback.Grades = []TeacherGrade{{Points: "2 of 3", Comment: "Good: you see his own view.\nNow cite the sentence."}}
		}
		v.Questions = append(v.Questions, q)
	}
	return v
}

const hostileAnswer = "<script>alert(1)</script>\n\n=HYPERLINK(\"x\")\nRoshchin says \"in our view\" & so it is his."

func sampleGrading() GradingPage {
	rubric := []RubricLine{{Criterion: "Says that Roshchin gives his own view", Points: "1"}, {Criterion: "Cites p18.s1", Points: "2"}}
	crit := func(ticked ...int) []GradingCriterion {
		var cs []GradingCriterion
		for i, r := range rubric {
			cs = append(cs, GradingCriterion{Index: i, Criterion: r.Criterion, Points: r.Points, Checked: slices.Contains(ticked, i)})
		}
		return cs
	}
	act := "/teach/classes/3/lessons/meeting-the-document/grade"
	return GradingPage{
		Page:      samplePage("Grading: Meeting the document", "teach", teacher),
		ClassName: "History 9B", ClassURL: "/teach/classes/3", LessonTitle: "Meeting the document", Ungraded: 2,
		Questions:      []GradingTab{{Text: "Question 8", URL: "/g?q=a", Ungraded: 2, Current: true}, {Text: "Question 9", URL: "/g?q=b"}},
		QuestionNumber: 8, Prompt: template.HTML("<p>Why did Roshchin add his own comment?</p>\n"), Rubric: rubric,
		ModelAnswer: template.HTML("<p>He gives his own view (p18.s1).</p>"), Max: "3", MaxWord: "3 points",
		Items: []GradingItem{
			{Anchor: "r-101", Student: "Anya K.", Answer: hostileAnswer, Criteria: crit(), Action: act, AttemptID: 101, QuestionID: "roshchin-comment"},
			{Anchor: "r-102", Student: "Ben", Answer: "He wanted Stalin to know.", Criteria: crit(0, 1), Adjust: "2",
				Action: act, AttemptID: 102, QuestionID: "roshchin-comment", Error: "That makes 5 points: give points from 0 to 3."},
			{Anchor: "r-103", Student: "Chloe Marguerite Okonkwo-Smith", Criteria: crit(1),
				Answer: "Because Mao's answer surprised the Soviets.\nRoshchin explains it (p18.s1).",
				Graded: true, Points: "2.5", Adjust: "0.5", Comment: "Well cited.", Action: act, AttemptID: 103, QuestionID: "roshchin-comment"},
		},
	}
}

func sampleEdition(t testing.TB) TeacherEdition {
	return TeacherEdition{Page: samplePage("Teacher's edition: Meeting the document", "lessons", teacher), Title: "Meeting the document",
		Summary: "Who wrote it, to whom, and why.", Doc: sampleDoc(t), LessonURL: "/lessons/m", WorksheetURL: "/lessons/m/worksheet",
		KeyAction: "/lessons/m/worksheet/key",
		Questions: []EditionQuestion{
			{Number: 1, Anchor: "q-a", Kind: "One choice", Points: "1 point", Prompt: "<p>Who sent it?</p>",
				Choices: []ChoiceNote{{Text: "Roshchin", Correct: true}, {Text: "Mao", Feedback: "<p>He is quoted.</p>"}}},
			{Number: 2, Anchor: "q-b", Kind: "Evidence from the document", Points: "2 points", Prompt: "<p>Find it.</p>",
				AnswerLabel: "Sentences that support the claim", Answer: []string{"p9.s1: Mao said."}, Also: []string{"p10.s1: More."}},
			{Number: 3, Anchor: "q-c", Kind: "Written, graded by you", Points: "3 points", Prompt: "<p>Why?</p>",
				Rubric: []RubricLine{{Criterion: "Cites p18.s1", Points: "3"}}, ModelAnswer: "<p>Because.</p>", Explanation: "<p>See p18.s1.</p>"},
		}}
}

// sampleHeatCounts are how many students picked some sentences.
var sampleHeatCounts = map[string]int{"p9.s1": 4, "p10.s1": 14, "p12.s1": 2, "p13.s1": 6, "p18.s1": 1, "p20.s1": 9}

func sampleInsight(t testing.TB) InsightPage {
	most := 14
	var heat []HeatBlock
	for _, b := range sampleDoc(t).Blocks {
		hb := HeatBlock{ID: b.ID, Kind: b.Kind, Number: b.Number}
		for _, s := range b.Sentences {
			var txt strings.Builder
			for _, p := range s.Parts {
				txt.WriteString(p.Text)
			}
			n := sampleHeatCounts[s.ID]
			hb.Sentences = append(hb.Sentences, HeatSentence{ID: s.ID, Text: txt.String(), Count: n, Share: n * 100 / 20,
				Level: (n*5 + most - 1) / most, Key: s.ID == "p10.s1" || s.ID == "p12.s1", Also: s.ID == "p13.s1"})
		}
		heat = append(heat, hb)
	}
	return InsightPage{
		Page:      samplePage("Insight: Mao's second reason", "teach", teacher),
		ClassName: "History 9B", ClassURL: "/teach/classes/3", LessonTitle: "Mao's second reason", Students: 24, Started: 20,
		Questions: []InsightQuestion{
			{Number: 1, Prompt: "<p>Who sent the telegram?</p>\n", Type: "single", Answered: 20, Assessed: 20, CorrectShare: 85, CommonWrong: "Mao Zedong (3 students)"},
			{Number: 2, Prompt: "<p>Claim: Mao feared that the USA and China would go to war.</p>\n", Type: "evidence", Answered: 20, Assessed: 20, CorrectShare: 35,
				CommonWrong: "p20.s1 (9 students)", Heatmaps: []Heatmap{{Slug: "roshchin-1950-10-03", Blocks: heat}}},
			{Number: 3, Prompt: "<p>Why did Roshchin add his own comment?</p>\n", Type: "written", Answered: 0, CorrectShare: 0},
			{Number: 4, Prompt: "<p>Explain.</p>\n", Type: "written", Answered: 8, Waiting: 7, Assessed: 1, CorrectShare: 100},
			{Number: 5, Prompt: "<p>Explain again.</p>\n", Type: "written", Answered: 8, Waiting: 8},
		},
	}
}

func sampleStudentHome() StudentHome {
	return StudentHome{
		Page: samplePage("Your classes", "student", classStudent),
		Classes: []StudentClass{
			{Name: "History 9B", Teacher: "Ms Rivera", Assignments: []StudentAssignment{
				{LessonTitle: "Meeting the document", URL: "/lessons/meeting-the-document", State: "done", StateText: "Done: 7 / 9"},
				{LessonTitle: "Mao's first reason", URL: "/lessons/maos-first-reason", Due: "Fri 28 Nov, 09:00", State: "due-soon", StateText: "Due in 2 days"},
				{LessonTitle: "Mao's second reason", URL: "/lessons/maos-second-reason", Due: "Mon 24 Nov, 09:00", State: "overdue", StateText: "Overdue"},
				{LessonTitle: "Two voices", URL: "/lessons/two-voices", Due: "Fri 21 Nov, 09:00", State: "done-late", StateText: "Done late: 6 / 9"},
				{LessonTitle: "Reading the silence", URL: "/lessons/reading-the-silence", State: "open", StateText: "No due date"},
			}},
			{Name: "Debate club", Teacher: "Mr Osei"},
		},
		Feedback: []TeacherFeedback{
			{LessonTitle: "Meeting the document", URL: "/lessons/meeting-the-document#q-roshchin-comment", Question: "Question 8",
				Points: "2 of 3", Comment: "Good: you see his own view.\nNow cite the sentence."},
		},
		JoinURL: "/join",
	}
}

// pageCase returns the named case of pages.
func pageNamed(t *testing.T, name string) pageCase {
	t.Helper()
	for _, p := range pages(t) {
		if p.name == name {
			return p
		}
	}
	t.Fatalf("no page case %q", name)
	return pageCase{}
}

func named(name string) func(*html.Node) bool {
	return func(n *html.Node) bool { return attrVal(n, "name") == name }
}

func TestSignup(t *testing.T) {
	doc := checkPage(t, render(t, SignupView(sampleSignup(false))))
	for name, want := range map[string]string{"username": "rivera", "display_name": "Ms Rivera", "password": ""} {
		c := all(doc, named(name))
		if len(c) != 1 || c[0].Data != "input" || attrVal(c[0], "value") != want {
			t.Errorf("field %s", name)
		}
	}
	if pw := all(doc, named("password"))[0]; attrVal(pw, "autocomplete") != "new-password" || attrVal(pw, "minlength") != "8" {
		t.Error("password is not a new password of at least 8")
	}
	tz := all(doc, named("timezone"))
	if len(tz) != 1 || tz[0].Data != "select" || len(all(tz[0], tag("option"))) != len(sampleTimezones) {
		t.Fatal("time-zone select")
	}
	// Grouped by region, UTC on its own.
	groups := all(tz[0], tag("optgroup"))
	if len(groups) != 3 || attrVal(groups[0], "label") != "America" || attrVal(groups[2], "label") != "Europe" ||
		len(all(groups[2], tag("option"))) != 2 || text(all(groups[0], tag("option"))[0]) != "New York" {
		t.Error("time zones not grouped by region")
	}
	if sel := all(tz[0], func(n *html.Node) bool { _, ok := attr(n, "selected"); return ok }); len(sel) != 1 || attrVal(sel[0], "value") != "Europe/Berlin" {
		t.Error("time zone not selected")
	}
	if a := all(doc, func(n *html.Node) bool { return attrVal(n, "role") == "alert" }); len(a) != 1 || !strings.Contains(text(doc), "how students will see you") && !strings.Contains(text(doc), "How students will see you") {
		t.Error("error alert or display-name hint")
	}

	// Nothing chosen yet: the list asks, and nothing else is selected.
	empty := sampleSignup(false)
	empty.Timezone = ""
	first := all(all(checkPage(t, render(t, SignupView(empty))), named("timezone"))[0], tag("option"))[0]
	if attrVal(first, "value") != "" || !hasAttr(first, "selected") || text(first) != "Choose your time zone" {
		t.Error("an empty time zone does not ask")
	}

	doc = checkPage(t, render(t, SignupView(sampleSignup(true))))
	if len(all(doc, tag("form"))) != 0 || len(all(doc, testid("signup-form"))) != 0 {
		t.Error("closed sign-up shows a form")
	}
	if got := text(doc); !strings.Contains(got, "Sign-up is closed") || !strings.Contains(got, "ciphergram teacher add USERNAME") {
		t.Errorf("closed sign-up message: %q", got)
	}
}

func TestJoin(t *testing.T) {
	for _, c := range []struct {
		name              string
		user              UserNav
		wantAccountFields bool
		wantText          string
	}{
		{"new", nobody, true, "no real name needed"},
		{"guest", guest, true, "Your progress so far is kept"},
		{"account", student, false, "Join as anya_k — your progress stays with you."},
	} {
		t.Run(c.name, func(t *testing.T) {
			v := sampleJoin(c.user)
			doc := checkPage(t, render(t, JoinView(v)))
			code := all(doc, named("code"))
			if len(code) != 1 || attrVal(code[0], "autocapitalize") != "characters" || attrVal(code[0], "value") != "K7QMPXDR" || !hasClass(code[0], "code-input") {
				t.Error("code field")
			}
			for _, f := range []string{"display_name", "username", "password"} {
				if got := len(all(doc, named(f))) == 1; got != c.wantAccountFields {
					t.Errorf("field %s shown: %v", f, got)
				}
			}
			if !strings.Contains(text(doc), c.wantText) {
				t.Errorf("lacks %q", c.wantText)
			}
			if b := all(doc, testid("join-submit")); len(b) != 1 || text(b[0]) != "Join the class" {
				t.Error("submit button")
			}
			alerts := all(doc, func(n *html.Node) bool { return attrVal(n, "role") == "alert" })
			if (len(alerts) == 1) != (v.Error != "") {
				t.Error("error alert")
			}
			if v.ClassName != "" && !strings.Contains(text(doc), "You are joining History 9B") {
				t.Error("class name")
			}
		})
	}
}

func TestTeacherHome(t *testing.T) {
	v := sampleTeacherHome()
	doc := checkPage(t, render(t, TeacherHomeView(v)))
	cards := all(doc, testid("class-card"))
	if len(cards) != len(v.Classes) {
		t.Fatalf("%d class cards", len(cards))
	}
	for i, c := range v.Classes {
		got := text(cards[i])
		a := all(cards[i], func(n *html.Node) bool { return n.Data == "a" && attrVal(n, "href") == c.URL })
		if len(a) != 1 || text(a[0]) != c.Name || !strings.Contains(got, c.JoinCode) {
			t.Errorf("card %s: link or code", c.Name)
		}
		if strings.Contains(got, "Archived") != c.Archived || attrVal(cards[i], "data-archived") != boolString(c.Archived) {
			t.Errorf("card %s: archived badge", c.Name)
		}
	}
	if !strings.Contains(text(cards[0]), "24 students · 2 lessons assigned") || !strings.Contains(text(cards[1]), "1 student · 0 lessons assigned") {
		t.Error("card counts")
	}
	create := all(doc, testid("create-class-form"))
	if len(create) != 1 || attrVal(create[0], "action") != v.CreateAction || len(all(create[0], named("name"))) != 1 || text(all(create[0], tag("button"))[0]) != "Create class" {
		t.Error("create form")
	}
	tz := all(doc, testid("timezone-form"))
	if len(tz) != 1 || attrVal(tz[0], "action") != v.TimezoneAction || len(all(tz[0], func(n *html.Node) bool { return n.Data == "select" && attrVal(n, "name") == "timezone" })) != 1 ||
		text(all(tz[0], tag("button"))[0]) != "Save time zone" {
		t.Error("time-zone form")
	}
}

func TestClassPage(t *testing.T) {
	v := sampleClass()
	doc := checkPage(t, render(t, ClassView(v)))
	if h1 := all(doc, tag("h1")); text(h1[0]) != "History 9B" {
		t.Errorf("h1 %q", text(h1[0]))
	}
	if c := all(doc, testid("join-code")); len(c) != 1 || text(c[0]) != "K7QMPXDR" {
		t.Error("join code")
	}
	if a := all(doc, func(n *html.Node) bool { return n.Data == "a" && attrVal(n, "href") == v.JoinURL }); len(a) != 1 {
		t.Error("join URL")
	}
	otp := all(doc, testid("one-time-password"))
	if len(otp) != 1 || !strings.Contains(text(otp[0]), "New password for Ben") || !strings.Contains(text(otp[0]), "shown once") && !strings.Contains(text(otp[0]), "Shown once") {
		t.Fatal("one-time password box")
	}
	if code := all(otp[0], tag("code")); len(code) != 1 || text(code[0]) != "tulip-marble-42" {
		t.Error("one-time password in <code>")
	}
	rows := all(doc, testid("roster-row"))
	if len(rows) != len(v.Roster) {
		t.Fatalf("%d roster rows", len(rows))
	}
	for i, r := range v.Roster {
		got := text(rows[i])
		for _, want := range []string{r.DisplayName, r.Username, r.LastActive, "Reset password", "Remove"} {
			if !strings.Contains(got, want) {
				t.Errorf("roster row %d lacks %q", i, want)
			}
		}
		forms := all(rows[i], tag("form"))
		if len(forms) != 2 || attrVal(forms[0], "action") != r.ResetAction || attrVal(forms[1], "action") != r.RemoveAction {
			t.Errorf("roster row %d forms", i)
		}
	}
	arows := all(doc, testid("assignment-row"))
	if len(arows) != 2 || !strings.Contains(text(arows[0]), "Grade written answers (5)") || !strings.Contains(text(arows[0]), "Class insight") ||
		strings.Contains(text(arows[1]), "Grade written") || !strings.Contains(text(arows[1]), "Unassign") {
		t.Error("assignment rows")
	}
	assign := all(doc, testid("assign-form"))
	if len(assign) != 1 || attrVal(assign[0], "action") != v.AssignAction {
		t.Fatal("assign form")
	}
	boxes := all(assign[0], named("lesson"))
	if len(boxes) != len(v.Lessons) {
		t.Fatalf("%d lesson boxes", len(boxes))
	}
	for i, l := range v.Lessons {
		if attrVal(boxes[i], "type") != "checkbox" || attrVal(boxes[i], "value") != l.Slug ||
			strings.Contains(text(ancestor(boxes[i], tag("label"))), "assigned") != l.Assigned {
			t.Errorf("lesson box %s", l.Slug)
		}
	}
	if d := all(assign[0], named("due_date")); len(d) != 1 || attrVal(d[0], "type") != "date" {
		t.Error("due date")
	}
	if d := all(assign[0], named("due_time")); len(d) != 1 || attrVal(d[0], "type") != "time" {
		t.Error("due time")
	}
	if !strings.Contains(text(assign[0]), "in your time zone: Europe/Berlin") && !strings.Contains(text(assign[0]), "In your time zone: Europe/Berlin") {
		t.Error("time-zone note")
	}
	if a := all(doc, func(n *html.Node) bool { return n.Data == "a" && attrVal(n, "href") == v.CSVURL }); len(a) != 1 || text(a[0]) != "Download grades (CSV)" {
		t.Error("CSV link")
	}
	if a := all(doc, func(n *html.Node) bool { return n.Data == "a" && attrVal(n, "href") == v.GradebookURL }); len(a) != 1 {
		t.Error("gradebook link")
	}
	for action, want := range map[string]string{v.RenameAction: "name", v.ArchiveAction: "archived", v.CodeAction: "", v.DeleteAction: ""} {
		f := all(doc, func(n *html.Node) bool { return n.Data == "form" && attrVal(n, "action") == action })
		if len(f) != 1 || (want != "" && len(all(f[0], named(want))) != 1) {
			t.Errorf("form %s", action)
		}
	}
	if h := all(doc, named("archived")); attrVal(h[0], "type") != "hidden" || attrVal(h[0], "value") != "1" {
		t.Error("archive value")
	}
	got := text(doc)
	for _, want := range []string{"the old code stops working", "its roster and its assignments", "Students keep their accounts and all their answers"} {
		if !strings.Contains(got, want) {
			t.Errorf("class page lacks %q", want)
		}
	}

	e := sampleEmptyClass()
	doc = checkPage(t, render(t, ClassView(e)))
	if h := all(doc, named("archived")); attrVal(h[0], "value") != "0" || !strings.Contains(text(doc), "Unarchive class") {
		t.Error("unarchive form")
	}
	if len(all(doc, testid("roster-row"))) != 0 || len(all(doc, testid("one-time-password"))) != 0 || len(all(doc, func(n *html.Node) bool { return attrVal(n, "role") == "alert" })) != 1 {
		t.Error("empty class")
	}
}

func TestGradebook(t *testing.T) {
	v := sampleGradebook()
	doc := checkPage(t, render(t, GradebookView(v)))
	tables := all(doc, tag("table"))
	if len(tables) != 1 {
		t.Fatal("no gradebook table")
	}
	if wrap := ancestor(tables[0], func(n *html.Node) bool { return hasClass(n, "table-wrap") }); wrap == nil {
		t.Error("gradebook not in a scroll container")
	}
	cols := all(tables[0], func(n *html.Node) bool { return n.Data == "th" && attrVal(n, "scope") == "col" })
	rowsH := all(tables[0], func(n *html.Node) bool { return n.Data == "th" && attrVal(n, "scope") == "row" })
	if len(cols) != len(v.Lessons)+1 || len(rowsH) != len(v.Rows)+1 { // and "Class average"
		t.Errorf("%d column and %d row headers", len(cols), len(rowsH))
	}
	for _, l := range v.SortLinks {
		if a := all(doc, func(n *html.Node) bool { return n.Data == "a" && attrVal(n, "href") == l.URL }); len(a) != 1 {
			t.Errorf("sort link %s", l.URL)
		}
	}
	if cur := all(doc, func(n *html.Node) bool { return hasClass(n, "sorted") }); len(cur) != 1 || attrVal(cur[0], "href") != v.SortLinks[3].URL {
		t.Error("current sort not marked")
	}
	cells := all(doc, testid("gradebook-cell"))
	if len(cells) != len(v.Rows)*len(v.Lessons) {
		t.Fatalf("%d cells", len(cells))
	}
	for i, c := range cells {
		want := v.Rows[i/len(v.Lessons)].Cells[i%len(v.Lessons)]
		got := text(c)
		if attrVal(c, "data-status") != want.Status || !strings.Contains(got, statusText(want.Status)) || !strings.Contains(got, want.Score) {
			t.Errorf("cell %d: %q", i, got)
		}
		if strings.Contains(got, "late") != want.Late || strings.Contains(got, "to grade") != (want.Pending > 0) {
			t.Errorf("cell %d tags: %q", i, got)
		}
		if a := all(c, func(n *html.Node) bool { return n.Data == "a" && attrVal(n, "href") == want.URL }); len(a) != 1 {
			t.Errorf("cell %d: no link to the answers", i)
		}
	}
	if got := text(cells[1]); !strings.Contains(got, "1 to grade") || !strings.Contains(got, "1 attempt") {
		t.Errorf("cell 1: %q", got)
	}
	if got := text(cells[5]); !strings.Contains(got, "2 to grade") || !strings.Contains(got, "3 attempts") {
		t.Errorf("cell 5: %q", got)
	}
	if a := all(doc, func(n *html.Node) bool { return n.Data == "a" && attrVal(n, "href") == v.CSVURL }); len(a) != 1 || text(a[0]) != "Download grades (CSV)" {
		t.Error("CSV link")
	}
	// Missing work in words, not colour alone; the class average per lesson.
	for i, c := range cells {
		want := v.Rows[i/len(v.Lessons)].Cells[i%len(v.Lessons)]
		if strings.Contains(text(c), "Missing") != want.Missing || attrVal(c, "data-missing") != boolString(want.Missing) {
			t.Errorf("cell %d: missing flag %q", i, text(c))
		}
	}
	avg := all(doc, testid("lesson-average"))
	if len(avg) != 2 || !strings.Contains(text(avg[0]), "No work handed in") ||
		!strings.Contains(text(avg[1]), "5.25 / 9 (58 %)") || !strings.Contains(text(avg[1]), "2 of 3 handed in") || !strings.Contains(text(avg[1]), "1 missing") {
		t.Errorf("averages: %q", text(doc))
	}
	if th := all(doc, func(n *html.Node) bool { return n.Data == "th" && attrVal(n, "aria-sort") == "descending" }); len(th) != 1 {
		t.Error("aria-sort of the sorted column")
	}
}

func TestStudentAnswers(t *testing.T) {
	v := sampleStudentAnswers()
	doc := checkPage(t, render(t, StudentAnswersView(v)))
	if n := len(all(doc, tag("form"))); n != 1 { // the sign-out form only
		t.Errorf("%d forms on a teacher's view of answers", n)
	}
	at := all(doc, testid("answered-at"))
	if len(at) != len(v.Questions) || text(at[0]) != "Answered Thu 27 Nov, 14:01" {
		t.Error("answered-at")
	}
	for _, q := range v.Questions {
		el := all(doc, testid("question-"+q.ID))
		if len(el) != 1 || len(all(el[0], testid("feedback"))) != 1 {
			t.Fatalf("question %s: no feedback", q.ID)
		}
	}
	got := text(doc)
	for _, want := range []string{"Their answer", "Picked", "Missed", "Their place", "Teacher's grade", "2 of 3", "Now cite the sentence.", "Done: 6.5 / 9 (late)", "anya_k", "Question 7"} {
		if !strings.Contains(got, want) {
			t.Errorf("lacks %q", want)
		}
	}
	for _, wrong := range []string{"You picked it", "You missed it", "Your answer", "Score my answer"} {
		if strings.Contains(got, wrong) {
			t.Errorf("teacher's view says %q", wrong)
		}
	}
	if a := all(doc, func(n *html.Node) bool { return n.Data == "a" && attrVal(n, "href") == v.GradingURL }); len(a) != 1 {
		t.Error("grading link")
	}
}

// TestTeacherGradeForStudent: the learner sees the teacher's points and
// comment under their written answer.
func TestTeacherGradeForStudent(t *testing.T) {
	q := sampleAnswered("written", 1)
	q.Feedback.SelfAssess = nil
	q.Feedback.Grades = []TeacherGrade{{Class: "Year 10", Points: "3 of 3", Comment: "Excellent: <b>cited</b>."}}
	page := render(t, ReviewView(ReviewPage{Page: samplePage("Review", "progress", classStudent), LessonTitle: "x", LessonURL: "/lessons/x", Question: q}))
	doc := checkPage(t, page)
	g := all(doc, testid("teacher-grade"))
	if len(g) != 1 || !strings.Contains(text(g[0]), "Your teacher's grade in Year 10") || !strings.Contains(text(g[0]), "3 of 3") ||
		!strings.Contains(text(g[0]), "Excellent: <b>cited</b>.") {
		t.Fatal("teacher's grade missing")
	}
	if strings.Contains(page, "<b>cited") {
		t.Error("comment not escaped")
	}
	if len(all(doc, testid("answered-at"))) != 0 {
		t.Error("answered-at shown without a time")
	}
}

func TestGrading(t *testing.T) {
	v := sampleGrading()
	page := render(t, GradingView(v))
	doc := checkPage(t, page)
	if strings.Contains(page, "<script>alert(1)") || !strings.Contains(page, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Error("answer text not escaped")
	}
	if !strings.Contains(page, "=HYPERLINK(&#34;x&#34;)") && !strings.Contains(page, "=HYPERLINK(&quot;x&quot;)") {
		t.Error("=HYPERLINK answer not escaped as text")
	}
	items := all(doc, testid("grading-item"))
	if len(items) != len(v.Items) {
		t.Fatalf("%d grading items", len(items))
	}
	for i, it := range v.Items {
		el := items[i]
		if attrVal(el, "id") != it.Anchor || attrVal(el, "data-graded") != boolString(it.Graded) {
			t.Errorf("item %d: id or data-graded", i)
		}
		ans := all(el, testid("answer-text"))
		if len(ans) != 1 || ans[0].FirstChild == nil || ans[0].FirstChild.Data != it.Answer {
			t.Errorf("item %d: answer text not kept verbatim with its line breaks", i)
		}
		if !strings.Contains(text(el), it.Student) {
			t.Errorf("item %d: student", i)
		}
		forms := all(el, tag("form"))
		if len(forms) != 1 || attrVal(forms[0], "action") != it.Action {
			t.Fatalf("item %d: form", i)
		}
		f := forms[0]
		if h := all(f, named("attempt")); len(h) != 1 || attrVal(h[0], "type") != "hidden" || attrVal(h[0], "value") != strconv.FormatInt(it.AttemptID, 10) {
			t.Errorf("item %d: attempt", i)
		}
		if h := all(f, named("question")); len(h) != 1 || attrVal(h[0], "type") != "hidden" || attrVal(h[0], "value") != it.QuestionID {
			t.Errorf("item %d: question", i)
		}
		boxes := all(f, named("criterion"))
		if len(boxes) != len(it.Criteria) {
			t.Fatalf("item %d: %d criterion boxes", i, len(boxes))
		}
		for j, c := range it.Criteria {
			if attrVal(boxes[j], "type") != "checkbox" || attrVal(boxes[j], "value") != strconv.Itoa(c.Index) ||
				hasAttr(boxes[j], "checked") != c.Checked || attrVal(boxes[j], "data-points") != c.Points {
				t.Errorf("item %d: criterion %d box", i, j)
			}
		}
		p := all(f, named("adjust"))
		if len(p) != 1 || attrVal(p[0], "type") != "number" || attrVal(p[0], "step") != "0.5" || attrVal(p[0], "value") != it.Adjust {
			t.Errorf("item %d: adjustment field", i)
		}
		if c := all(f, named("comment")); len(c) != 1 || c[0].Data != "textarea" || text(c[0]) != it.Comment {
			t.Errorf("item %d: comment", i)
		}
		want := "Save and next"
		if it.Graded {
			want = "Update grade"
		}
		if b := all(f, tag("button")); len(b) != 1 || text(b[0]) != want {
			t.Errorf("item %d: button", i)
		}
		alerts := all(el, func(n *html.Node) bool { return attrVal(n, "role") == "alert" })
		if (len(alerts) == 1 && text(alerts[0]) == it.Error) != (it.Error != "") || len(alerts) > 1 {
			t.Errorf("item %d: error alert", i)
		}
	}
	if !strings.Contains(text(doc), "2 answers are waiting to be graded") {
		t.Error("count of ungraded")
	}
	// The question, rubric and model answer once, not on every answer.
	for _, once := range []string{"Why did Roshchin add his own comment?", "He gives his own view", "A good answer"} {
		if n := strings.Count(text(doc), once); n != 1 {
			t.Errorf("%q shown %d times, want once", once, n)
		}
	}
}

func TestInsight(t *testing.T) {
	v := sampleInsight(t)
	doc := checkPage(t, render(t, InsightView(v)))
	shares := all(doc, testid("correct-share"))
	if len(shares) != len(v.Questions)-1 || !strings.Contains(text(shares[0]), "85%") || len(all(shares[0], tag("meter"))) != 1 {
		t.Fatal("correct share")
	}
	// Ungraded written answers are waiting, not wrong.
	if got := text(shares[2]); !strings.Contains(got, "100% fully right (of the 1 graded)") {
		t.Errorf("share of a question with answers waiting: %q", got)
	}
	if got := text(shares[3]); strings.Contains(got, "0%") || len(all(shares[3], tag("meter"))) != 0 || !strings.Contains(got, "No answer graded yet") {
		t.Errorf("a question with every answer waiting: %q", got)
	}
	if w := all(doc, testid("insight-waiting")); len(w) != 2 || text(w[1]) != "8 waiting to be graded" {
		t.Error("waiting counts")
	}
	if !strings.Contains(text(doc), "Mao Zedong (3 students)") || !strings.Contains(text(doc), "20 of 24 students") {
		t.Error("common wrong answer or started count")
	}
	maps := all(doc, testid("heatmap"))
	if len(maps) != 1 {
		t.Fatalf("%d heatmaps", len(maps))
	}
	sents := all(maps[0], testid("heat-sentence"))
	want := 0
	for _, b := range sampleDoc(t).Blocks {
		want += len(b.Sentences)
	}
	if len(sents) != want || want != 33 {
		t.Fatalf("%d heat sentences, want one per document sentence (%d)", len(sents), want)
	}
	byID := map[string]HeatSentence{}
	for _, b := range v.Questions[1].Heatmaps[0].Blocks {
		for _, s := range b.Sentences {
			byID[s.ID] = s
		}
	}
	for _, el := range sents {
		s, ok := byID[attrVal(el, "data-id")]
		if !ok {
			t.Fatalf("heat sentence %q unknown", attrVal(el, "data-id"))
		}
		got := text(el)
		if attrVal(el, "data-count") != strconv.Itoa(s.Count) || !hasClass(el, heatClass(s.Level)) || !strings.Contains(got, s.Text) {
			t.Errorf("heat sentence %s", s.ID)
		}
		if s.Count > 0 && !strings.Contains(got, students(s.Count)) {
			t.Errorf("heat sentence %s: count not in words", s.ID)
		}
		if strings.Contains(got, "supports the claim") != s.Key {
			t.Errorf("heat sentence %s: key mark", s.ID)
		}
	}
	if n := len(all(maps[0], func(n *html.Node) bool { return n.Data == "blockquote" && hasClass(n, "doc-message") })); n != 1 {
		t.Errorf("%d message quotations in the heatmap", n)
	}
	if !strings.Contains(text(doc), "14 students") || !strings.Contains(text(doc), "1 student ") {
		t.Error("counts in words")
	}
}

func TestStudentHome(t *testing.T) {
	v := sampleStudentHome()
	doc := checkPage(t, render(t, StudentHomeView(v)))
	as := all(doc, testid("assignment"))
	if len(as) != len(v.Classes[0].Assignments) {
		t.Fatalf("%d assignments", len(as))
	}
	for i, a := range v.Classes[0].Assignments {
		if attrVal(as[i], "data-state") != a.State || !hasClass(as[i], "state-"+a.State) || !strings.Contains(text(as[i]), a.StateText) {
			t.Errorf("assignment %d state", i)
		}
		if l := all(as[i], func(n *html.Node) bool { return n.Data == "a" && attrVal(n, "href") == a.URL }); len(l) != 1 || text(l[0]) != a.LessonTitle {
			t.Errorf("assignment %d link", i)
		}
	}
	if !strings.Contains(text(doc), "Teacher: Ms Rivera") || !strings.Contains(text(doc), "Nothing assigned yet") {
		t.Error("class teacher or empty class")
	}
	fb := all(doc, testid("teacher-feedback"))
	if len(fb) != 1 || !strings.Contains(text(fb[0]), "2 of 3") || !strings.Contains(text(fb[0]), "Now cite the sentence.") || !strings.Contains(text(fb[0]), "Question 8") {
		t.Error("teacher feedback")
	}
	if a := all(doc, func(n *html.Node) bool {
		return n.Data == "a" && attrVal(n, "href") == "/join" && text(n) == "Join another class"
	}); len(a) != 1 {
		t.Error("join another class")
	}
}

func TestClassroomNav(t *testing.T) {
	for _, c := range []struct {
		name    string
		page    Page
		want    []string // hrefs present
		notWant []string
		current string
	}{
		{"teacher", samplePage("Your classes", "teach", teacher), []string{"/teach"}, []string{"/home", "/join"}, "Classes"},
		{"student", samplePage("Your classes", "student", classStudent), []string{"/home", "/join"}, []string{"/teach"}, "Home"},
		{"self-study", samplePage("Join a class", "join", student), []string{"/join"}, []string{"/teach", "/home"}, "Join a class"},
		{"visitor", samplePage("Lessons", "lessons", nobody), []string{"/join"}, []string{"/teach", "/home"}, "Lessons"},
	} {
		t.Run(c.name, func(t *testing.T) {
			doc := checkPage(t, render(t, ErrorView(ErrorPage{Page: c.page, Heading: "x", Message: "y"})))
			nav := all(doc, func(n *html.Node) bool { return n.Data == "nav" && attrVal(n, "aria-label") == "Main" })[0]
			has := func(href string) bool {
				return len(all(nav, func(n *html.Node) bool { return n.Data == "a" && attrVal(n, "href") == href })) > 0
			}
			for _, h := range c.want {
				if !has(h) {
					t.Errorf("no link to %s", h)
				}
			}
			for _, h := range c.notWant {
				if has(h) {
					t.Errorf("link to %s", h)
				}
			}
			cur := all(doc, func(n *html.Node) bool { return attrVal(n, "aria-current") == "page" })
			if len(cur) != 1 || text(cur[0]) != c.current {
				t.Errorf("current item wrong")
			}
		})
	}
}

// sampleSourceDoc is a teacher's source as the reader gets it.
func sampleSourceDoc() DocView {
	return DocView{Slug: "a-letter-abcd", Title: "A letter", Blocks: []BlockView{
		{ID: "p1", Kind: "heading", Sentences: []SentenceView{{ID: "p1.s1", Parts: []TextPart{{Text: "Report"}}}}},
		{ID: "p2", Kind: "paragraph", Sentences: []SentenceView{{ID: "p2.s1", Parts: []TextPart{{Text: "<i>We</i> go."}}}}},
		{ID: "p3", Kind: "signature", Sentences: []SentenceView{{ID: "p3.s1", Parts: []TextPart{{Text: "— Mao"}}}}},
	}}
}

// secondSourceDoc is sampleSourceDoc beside the telegram on one page:
// its IDs carry its slug, as the web package gives them.
func secondSourceDoc() DocView {
	return DocView{Slug: "a-letter-abcd", Title: "A letter", Blocks: []BlockView{
		{ID: "a-letter-abcd:p1", Kind: "paragraph", Sentences: []SentenceView{{ID: "a-letter-abcd:p1.s1", Parts: []TextPart{{Text: "We go."}}}}},
	}}
}

// TestFeedbackStates: the feedback marks which choices and sentences were
// picked, are right, or are also accepted, as data attributes that app.css
// styles (not class lists: templ rebuilds each one on every page).
func TestFeedbackStates(t *testing.T) {
	v := lessonPage(guest)
	v.Questions = []QuestionView{sampleAnswered("truefalse", 1), sampleAnswered("evidence", 2)}
	doc := parse(t, render(t, LessonView(v)))
	states := func(n *html.Node, keys ...string) string {
		var on []string
		for _, k := range keys {
			if hasAttr(n, k) {
				on = append(on, k)
			}
		}
		return strings.Join(on, " ")
	}
	var got []string
	for _, n := range all(doc, func(n *html.Node) bool { return hasClass(n, "choice-note") || hasClass(n, "evidence-line") }) {
		got = append(got, states(n, "data-picked", "data-correct", "data-key", "data-also"))
	}
	want := []string{"data-picked", "data-correct", "data-picked data-key", "data-key", "data-also", "data-picked"}
	if !slices.Equal(got, want) {
		t.Errorf("feedback states %q, want %q", got, want)
	}
}
