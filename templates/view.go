// Package templates renders every page with templ. Components take small
// view models shaped like the screen: they know nothing of the database or
// of HTTP, and contain no answer key unless the view model carries one
// (which it does only after the question has been answered).
package templates

import (
	"html/template"

	"github.com/a-h/templ"
)

// Page is what every page's layout needs.
type Page struct {
	Title string // the page's own title; the layout adds " · Ciphergram"
	Nav   string // which main navigation item is current: "home", "lessons", "source", "progress", "account", "teach" (teacher pages), "student" (a student's /home), "join", "privacy"
	User  UserNav
	CSS   string // hashed URL of the stylesheet
	JS    string // hashed URL of the script
	Icon  string // hashed URL of the favicon
	// Description is the page's summary for search engines and link
	// previews; public pages set one.
	Description string
	Flash       string // a one-line notice shown at the top ("Your progress is saved.")
	// Forget is the URL of a stylesheet whose response tells the browser to
	// drop its cached pages; set only on the page shown after signing out.
	Forget  string
	Sources []Link // the documents, for the navigation
	// RecoveryCode is a new account recovery code, shown once at the top.
	RecoveryCode string
	// HomeURL is the one home of the viewer's role, where the logo goes:
	// "/" for learners, "/home" for a class's student, "/teach" for a
	// teacher. Empty means "/".
	HomeURL string
}

// UserNav says who is signed in, for the header.
type UserNav struct {
	HasAccount bool   // signed in with a username (learner, student, teacher)
	Guest      bool   // has guest progress but no account yet
	Name       string // display name or username
	Teacher    bool   // a teacher: the navigation offers "Classes" (/teach)
	Student    bool   // in at least one class: the navigation offers "Home" (/home)
}

type Link struct {
	Text string
	URL  string
}

// Home is the front page.
type Home struct {
	Page
	StartURL   string // the first lesson not yet done
	StartLabel string // "Start learning" or "Continue: Mao's first reason"
	SourceURL  string
	SourceName string
	Lessons    []LessonCard
}

// LessonCard is one lesson in a list, with this learner's status.
type LessonCard struct {
	Number     int
	Title      string
	Summary    string
	Skills     []string
	URL        string
	Status     string // "not-started", "in-progress", "done"
	StatusText string // "Not started", "In progress: 3 of 9 answered", "Done: 7 / 9"
	EditionURL string // the teacher's edition, for a teacher; ""
}

// LessonList is /lessons.
type LessonList struct {
	Page
	Lessons []LessonCard
}

// Reader is /sources/{slug}: the document laid out as the document it is.
type Reader struct {
	Page
	Doc      DocView
	Glossary []GlossaryItem
	Source   *SourceInfo // a teacher's source: its details and versions
}

// LessonSources is /lessons/{slug}/sources.
type LessonSources struct {
	Page
	Title     string // the lesson's
	LessonURL string
	Docs      []DocView // the first with its own sentence IDs, the others' prefixed "slug:"
	// Readers links a source's title to its own reader, by slug: only the
	// built-in ones, which anyone may open. A teacher's source has no
	// reader its students may open (it is shown here, at the version the
	// lesson pins), so its title is not a link.
	Readers  map[string]string
	Glossary []GlossaryItem
}

type DocView struct {
	Slug       string
	Title      string
	Provenance string
	Blocks     []BlockView
}

// BlockView is one block. Kind is one of header, addressing, message,
// message-signature, point, commentary, signature, footer.
type BlockView struct {
	ID        string
	Kind      string
	Number    string // for points: "1", "2"
	Sentences []SentenceView
}

// SentenceView is a sentence as a list of text runs: plain text, slips of
// the original (shown with [sic]) and glossary terms (explained in place).
type SentenceView struct {
	ID    string
	Parts []TextPart
}

type TextPart struct {
	Text    string
	SicNote string // non-empty: this run is a slip of the original; the note says what
	TermID  string // non-empty: this run is a glossary term; links to #TermID
	TermTip string // the term's meaning, shown on hover and focus
}

type GlossaryItem struct {
	ID      string // "g-filippov"
	Term    string
	Meaning string
}

// Quote is a cited sentence, quoted and linked into the reader.
type Quote struct {
	ID     string // the sentence's ref: "p9.s1", or "slug:p9.s1" in a lesson's second source
	Text   string
	URL    string // /sources/{slug}#p9.s1
	Source string // the source's title, on a lesson with several
}

// LessonPage is /lessons/{slug}.
type LessonPage struct {
	Page
	Number       int // the lesson's place in the unit
	UnitSize     int
	Title        string
	Summary      string
	Skills       []string
	Reading      templ.Component // LessonReading, rendered once per lesson
	Questions    []QuestionView  // answered ones with feedback, then the current one; later ones are not shown
	Answered     int
	Total        int
	Done         *SummaryView // set when the attempt is finished
	WorksheetURL string
	SourcesURL   string // a lesson on several sources: its reader, the sources side by side
	SaveURL      string // "save my progress", shown to a guest with progress
	DueLine      string // a class's student: "Due Fri 28 Nov, 09:00: late. You can still hand it in."
	Late         bool
	Preview      string // a teacher's preview of their draft: the note that says so
	VersionNote  string // an attempt on an earlier version of a teacher's lesson, shown as that version
}

type SectionView struct {
	Heading string
	HTML    template.HTML
	Quotes  []Quote
}

// QuestionView is one question: a form when it is the current one, or the
// learner's answer with feedback when it has been answered.
type QuestionView struct {
	ID       string
	Anchor   string // element id: "q-" + ID
	Number   int
	Title    string // instead of "Question {Number}": a review card's "Card 2 of 5"
	Type     string // single, multiple, truefalse, short, ordering, matching, evidence, written
	TypeHint string // how to answer: "Choose one.", "Choose all that apply.", …
	Prompt   template.HTML
	Answered bool
	// Resume: the learner's next question once they have started: the
	// page opens at its heading (autofocus, which a #fragment overrides).
	Resume bool

	// The form (when not answered).
	Preview   bool   // a teacher's preview: the form is shown, disabled, and posts nowhere
	Action    string // POST URL
	AttemptID int64  // hidden field "attempt"
	Seed      string // hidden field "seed": the seed the choices' order was drawn with
	Error     string // a message about the last submission ("Choose one answer.")
	// A written answer's draft (see web/draft.go): where Save draft posts,
	// whether the text shown is a saved draft, and its word count.
	DraftAction string
	DraftSaved  bool
	Words       string // "57 words"
	Choices     []ChoiceView
	Text        string     // short/written: what was typed before an error
	Items       []ItemView // ordering, in display order; field "order.{Index}" = place
	Places      []int      // 1..n for the ordering selects
	Lefts       []LeftView // matching; field "match.{ID}" = the number of the chosen right
	Rights      []RightView
	Sentences   []EvidenceSentence // evidence: checkboxes named "choice"; plus NoEvidence "none"
	// EvidenceSources: the same sentences source by source, on a lesson
	// with several sources; the form then shows each under its title.
	EvidenceSources []EvidenceSource
	// NoneChecked: evidence, the "none" box (value "none") was ticked in the
	// submission being shown again after an error.
	NoneChecked bool

	Feedback   *FeedbackView // set when answered
	AnsweredAt string        // "Thu 27 Nov, 14:05", on teacher pages
}

type ChoiceView struct {
	ID      string
	Text    string
	Checked bool
}

type ItemView struct {
	Index int // 1-based position in the display
	Text  string
	Place int // the chosen place, 0 if none
}

type LeftView struct {
	ID       string
	Text     string
	Selected int // the chosen right's number, 0 if none
}

type RightView struct {
	Number int
	Text   string
}

// EvidenceSource is one source's sentences of an evidence question on a
// lesson with several sources, shown under its title.
type EvidenceSource struct {
	Slug      string
	Title     string
	URL       string // its reader
	Sentences []EvidenceSentence
}

type EvidenceSentence struct {
	ID      string
	Kind    string // the block kind, so message and commentary look different
	Text    string
	Checked bool
}

// FeedbackView is what a learner sees after answering: the verdict, why,
// and the sentences that settle it.
type FeedbackView struct {
	Verdict     string // "correct", "partly", "wrong", "pending"
	Headline    string // "Correct.", "Partly right: 1.5 of 2 points.", "Not quite.", "Saved for your teacher."
	Explanation template.HTML
	Quotes      []Quote

	Choices  []ChoiceNote   // single, multiple, truefalse: every choice, marked
	YourText string         // short, written
	Accepted []string       // short
	Order    []OrderLine    // ordering, in the right order
	Matches  []MatchLine    // matching
	Evidence []EvidenceLine // evidence: the offered sentences that were picked or are in the key
	// Evidence questions whose honest answer is "no sentence supports this".
	NoEvidenceKey    bool
	NoEvidencePicked bool

	Rubric      []RubricLine  // written
	ModelAnswer template.HTML // written, shown to self-study learners
	SelfAssess  *SelfAssessForm

	// Teachers' grades of a written answer, once given: one per class
	// that graded it (a teacher sees only their own class's).
	Grades []TeacherGrade
}

// TeacherGrade is one class's grade of a written answer.
type TeacherGrade struct {
	Class   string // the class it was given in; "" when it goes without saying
	Points  string // "3 of 4"
	Comment string
}

type ChoiceNote struct {
	Text     string
	Picked   bool
	Correct  bool
	Feedback template.HTML
}

type OrderLine struct {
	Text       string
	RightPlace int
	YourPlace  int
}

type MatchLine struct {
	Left      string
	YourRight string
	Right     string
	OK        bool
}

type EvidenceLine struct {
	ID     string // the sentence's ref
	Text   string
	URL    string
	Source string // the source's title, on a lesson with several
	Picked bool
	Key    bool // supports the claim
	Also   bool // acceptable, not required
}

type RubricLine struct {
	Criterion string
	Points    string // "2"
}

// SelfAssessForm lets a self-study learner score their own written answer
// against the rubric: one checkbox per criterion, named "criterion" with
// the criterion's index as value.
type SelfAssessForm struct {
	Action    string
	AttemptID int64
	Done      bool   // already self-assessed
	Points    string // "3 of 4", when done
}

// SummaryView ends a finished lesson.
type SummaryView struct {
	Score       string // "7.5"
	Max         string // "9"
	Percent     int
	Pending     int // written answers waiting for grading
	Review      []ReviewLink
	Next        *LessonCard
	RetryAction string // POST here to start a new attempt
}

type ReviewLink struct {
	Text string // "Question 3: Who sent the telegram?"
	URL  string // "#q-sender"
}

// ProgressPage is /progress.
type ProgressPage struct {
	Page
	Lessons        []ProgressRow
	Due            []ReviewItem // due now: answer them here
	Later          []ReviewItem // scheduled
	SaveURL        string       // shown to a guest: keep this progress with an account
	StartReviewURL string       // the first card due, as card 1 of a session of them all
	// NewCodeAction asks for a new recovery code (an account's own page).
	NewCodeAction string
}

type ProgressRow struct {
	Title    string
	URL      string
	Status   string // "not-started", "in-progress", "done"
	Attempts int
	Latest   string // "7 / 9" or "—"
	Best     string
	Retry    bool // handed in, and begun again since: shown beside "Done"
}

type ReviewItem struct {
	Lesson string
	Prompt template.HTML
	Due    string // "now", "tomorrow", "in 3 days"
	URL    string // /review/{slug}/{question}
}

// ReviewPage is /review/{slug}/{question}: one missed question again.
type ReviewPage struct {
	Page
	LessonTitle string
	LessonURL   string
	Question    QuestionView
	NextDue     string // after answering: "Next review in 3 days."
	BackURL     string
	NextURL     string // after answering: the session's next card, if any
	Finished    string // after the session's last card: "That was the last of 5 cards for now."
}

// AccountForm is the sign-in page and the "save my progress" page.
type AccountForm struct {
	Page
	Heading      string // "Sign in", "Save my progress"
	Intro        string
	Action       string
	Submit       string
	Username     string
	Error        string
	NewPassword  bool   // autocomplete="new-password" and the password rules
	RecoveryCode bool   // asks for a recovery code (the "forgot your password" page)
	ForgotURL    string // the sign-in page's way to the recovery form
	AltText      string // "No account yet? Just start a lesson."
	AltURL       string
}

// Worksheet is /lessons/{slug}/worksheet: the lesson for print, with the
// document and the questions and no answers.
type Worksheet struct {
	Page
	Title     string
	Summary   string
	Sections  []SectionView
	Questions []QuestionView // unanswered views: prompts, choices, items; never feedback
	Glossary  []GlossaryItem
	Doc       DocView
	More      []DocView // a lesson's other sources, IDs prefixed "slug:"
	Copy      string    // the copy number: its order, printed small for its key
	KeyURL    string    // the copy's answer key, for a teacher only; "" hides it
}

// WorksheetKey is /lessons/{slug}/worksheet/key: the answers of one copy
// of a worksheet, for a teacher.
type WorksheetKey struct {
	Page
	Title        string
	Copy         string
	WorksheetURL string
	Answers      []KeyLine
}

// KeyLine is one question's answer on a worksheet key.
type KeyLine struct {
	Number int
	Answer string
}

// ErrorPage explains what went wrong, in words a learner understands.
type ErrorPage struct {
	Page
	Status  int
	Heading string
	Message string
}
