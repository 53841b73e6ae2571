package templates

import "html/template"

// The classroom's view models: teacher pages, joining a class and the
// student's home.

// SignupPage is /signup: a teacher creates an account.
type SignupPage struct {
	Page
	Action      string
	Username    string
	DisplayName string // how students see the teacher: "Ms Rivera"
	Timezone    string // selected IANA zone
	Timezones   []string
	Error       string
	Closed      bool // sign-up is closed on this server: show how to get an account instead
}

// JoinPage is /join: a student joins a class with its code.
type JoinPage struct {
	Page
	Action      string
	Code        string
	ClassName   string // when the code is known (from a link)
	SignedIn    bool   // already has an account or guest progress: join keeping it, no new username
	HasAccount  bool   // signed in with credentials; a guest still chooses a username and password
	Name        string // signed-in user's name, for "Join as …"
	DisplayName string
	Username    string
	Error       string
}

// TeacherHome is /teach: the teacher's classes.
type TeacherHome struct {
	Page
	Classes        []ClassCard
	CreateAction   string // POST: field "name"
	NewName        string // what was typed, after an error
	Error          string
	Timezone       string
	Timezones      []string
	TimezoneAction string // POST: field "timezone"
}

type ClassCard struct {
	Name     string
	URL      string
	JoinCode string
	Students int
	Assigned int
	Archived bool
}

// ClassPage is /teach/classes/{id}: one class at a glance.
type ClassPage struct {
	Page
	Name          string
	JoinCode      string
	JoinURL       string // full link with the code, to put on the board
	Archived      bool
	RenameAction  string // POST: field "name"
	ArchiveAction string // POST: field "archived" = "1" or "0"
	CodeAction    string // POST: regenerate the join code
	DeleteAction  string // POST: delete the class and its enrolments (students keep their accounts)
	Error         string

	Roster      []RosterRow
	NewPassword *OneTimePassword // shown once, after a reset

	Assignments  []AssignmentRow
	AssignAction string // POST: fields "lesson" (repeated), "due_date" (YYYY-MM-DD, optional), "due_time" (HH:MM, optional)
	Lessons      []LessonOption
	Timezone     string // the teacher's zone, in which due times are entered and shown

	GradebookURL string
	CSVURL       string
}

type RosterRow struct {
	DisplayName  string
	Username     string
	LastActive   string // "today", "3 days ago", "never"
	ResetAction  string // POST: reset the password; "" if this teacher may not
	ResetBy      string // when ResetAction is "": who can reset it, and why
	RemoveAction string // POST: remove from the class
	DeleteURL    string // GET: confirm deleting the account, or (ResetAction "": the same rule) learn who can
}

// OneTimePassword is a student's new password, shown to the teacher once.
type OneTimePassword struct {
	Student  string
	Username string
	Password string
}

type AssignmentRow struct {
	LessonTitle    string
	Due            string // "Fri 28 Nov, 09:00" or "no due date"
	UnassignAction string // POST
	GradingURL     string // written answers to grade; "" when the lesson has none
	Ungraded       int
	InsightURL     string
}

type LessonOption struct {
	Slug       string
	Title      string
	Assigned   bool
	EditionURL string // the lesson with its answers, to read before assigning
	Origin     string // "" for the built-in unit; "your lesson" or "library"
}

// Gradebook is students × assigned lessons.
type Gradebook struct {
	Page
	ClassName  string
	ClassURL   string
	CSVURL     string
	Lessons    []GradebookLesson
	Rows       []GradebookRow
	Sort       string // current sort key
	Descending bool   // the current sort is highest (or Z) first
	SortLinks  []Link // "Name", "Username", each lesson title: links that sort by it (the current one: the other way)
}

type GradebookLesson struct {
	Slug     string
	Title    string
	Due      string
	Average  string // the class average of those who handed it in: "8.1 / 13 (62 %)"; "" when nobody has
	HandedIn int
	Missing  int // past due and not handed in
}

type GradebookRow struct {
	Student  string // display name
	Username string
	Cells    []GradebookCell // one per Lessons entry, same order
}

type GradebookCell struct {
	Status   string // "not-started", "in-progress", "done"
	Score    string // "7 / 9", or "" when not done
	Percent  string // "78 %", beside Score
	Late     bool
	Missing  bool // past due and not handed in
	Pending  int  // written answers waiting for grading
	Attempts int
	URL      string // the student's answers to this lesson
}

// StudentAnswers is one student's answers to one lesson, for the teacher.
type StudentAnswers struct {
	Page
	ClassName   string
	ClassURL    string
	Student     string
	Username    string
	LessonTitle string
	Status      string         // "Not started", "In progress", "Done: 7 / 9 (late)"
	Questions   []QuestionView // answered ones, with feedback and AnsweredAt
	Unanswered  []string       // "Question 5", …
	GradingURL  string
}

// GradingPage is the stack of answers to one written question of a
// lesson: the question, rubric and model answer once, then each answer
// with a criterion checkbox per rubric line.
type GradingPage struct {
	Page
	ClassName      string
	ClassURL       string
	LessonTitle    string
	Questions      []GradingTab // the lesson's written questions, when more than one
	QuestionNumber int
	Prompt         template.HTML
	Rubric         []RubricLine
	ModelAnswer    template.HTML
	Max            string        // "4"
	MaxWord        string        // "4 points"
	Items          []GradingItem // ungraded first, then graded (which can be regraded)
	Ungraded       int
}

// GradingTab links to another written question's stack.
type GradingTab struct {
	Text     string // "Question 7"
	URL      string
	Ungraded int
	Current  bool
}

type GradingItem struct {
	Anchor     string // element id, to come back to after saving
	Student    string
	Answer     string
	Criteria   []GradingCriterion
	Graded     bool
	Points     string // current points ("" when ungraded)
	Adjust     string // points beyond the ticked criteria ("" or "0" for none)
	Comment    string
	Action     string // POST: fields "attempt", "question", "criterion" (repeated index), "adjust", "comment"
	AttemptID  int64
	QuestionID string
	Error      string
}

// GradingCriterion is one rubric line as a checkbox on one answer.
type GradingCriterion struct {
	Index     int
	Criterion string
	Points    string
	Checked   bool
}

// InsightPage shows where a class stands on one lesson: which questions
// and which sentences of the document the class gets wrong.
type InsightPage struct {
	Page
	ClassName   string
	ClassURL    string
	LessonTitle string
	Students    int // in the class
	Started     int // who have answered anything
	Questions   []InsightQuestion
}

type InsightQuestion struct {
	Number       int
	Prompt       template.HTML
	Type         string
	Answered     int
	Waiting      int       // written answers not graded yet: neither right nor wrong
	Assessed     int       // answers graded (automatically or by the teacher): what CorrectShare is of
	CorrectShare int       // percent of assessed answers fully right
	CommonWrong  string    // "Mao Zedong (5 students)", "" when none
	Heatmaps     []Heatmap // evidence: one per source the question offers sentences of
}

// Heatmap is one source of an evidence question, its offered sentences
// shaded by how many students picked them.
type Heatmap struct {
	Slug   string
	Title  string // set on a lesson with several sources: each map is headed by its source
	Blocks []HeatBlock
}

// HeatBlock is a block of the document with, per sentence, how many
// students picked it for an evidence question.
type HeatBlock struct {
	ID        string
	Kind      string
	Number    string
	Sentences []HeatSentence
}

type HeatSentence struct {
	ID    string // the sentence's ref: "p9.s1", or "slug:p9.s1" in a lesson's second source
	Text  string
	Count int
	Share int  // percent of answering students who picked it
	Level int  // 0 (none) to 5 (most), for the colour
	Key   bool // supports the claim
	Also  bool // acceptable
}

// StudentHome is /home for a student: assignments by class and the
// teacher's feedback.
type StudentHome struct {
	Page
	Classes  []StudentClass
	Feedback []TeacherFeedback
	JoinURL  string
}

type StudentClass struct {
	Name        string
	Teacher     string
	Assignments []StudentAssignment
}

type StudentAssignment struct {
	LessonTitle string
	URL         string
	Due         string // "Fri 28 Nov, 09:00", or ""
	State       string // "open", "due-soon", "overdue", "done", "done-late"
	StateText   string // "Due in 2 days", "Overdue", "Done: 7 / 9", "Done late: 7 / 9"
}

// TeacherFeedback is a graded written answer, as the student sees it.
type TeacherFeedback struct {
	Class       string // the class whose teacher gave it: "Year 10 (Ms Rivera)"
	LessonTitle string
	URL         string
	Question    string
	Points      string // "3 of 4"
	Comment     string
}

// TeacherEdition is /lessons/{slug}/teacher: a lesson with every answer,
// for its teacher to prepare and print.
type TeacherEdition struct {
	Page
	Title        string
	Summary      string
	Sections     []SectionView
	Glossary     []GlossaryItem
	Doc          DocView
	More         []DocView // a lesson's other sources, IDs prefixed "slug:"
	Questions    []EditionQuestion
	LessonURL    string // the lesson as students see it
	WorksheetURL string // the printable worksheet
	KeyAction    string // GET: field "copy", a worksheet copy's answer key
	Preview      string // a draft's preview: the note that says so, instead of the links
}

// EditionQuestion is one question with its answer, in the authored order.
type EditionQuestion struct {
	Number      int
	Anchor      string
	Kind        string // "One choice", "Written, graded by you"
	Points      string // "2 points"
	Prompt      template.HTML
	Choices     []ChoiceNote // single, multiple: every choice, the right ones marked
	AnswerLabel string       // "Accepted answers", "The right order", …
	Answer      []string
	Also        []string // evidence: acceptable, neither required nor penalised
	Rubric      []RubricLine
	ModelAnswer template.HTML
	Explanation template.HTML
	Quotes      []Quote
}

// ConfirmPage asks a teacher to confirm an action on a class.
type ConfirmPage struct {
	Page
	ClassName string
	ClassURL  string
	Heading   string   // "Reset Sam's password?"
	Explain   []string // what will happen, and what will not
	Action    string   // POST, with confirm=1
	Button    string
	Danger    bool
	Refusal   string // when the teacher may not: why, and who can (no form)
}
