package templates

// TeacherLessonsList is /teach/lessons: the teacher's own lessons and the
// server's library.
type TeacherLessonsList struct {
	Page
	Lessons   []TeacherLessonRow
	NewURL    string
	ImportURL string // a lesson pack to import (see internal/pack)
}

// TeacherLessonRow is one lesson in the list.
type TeacherLessonRow struct {
	Title   string
	Status  string // "draft", "published v2", "published v2, draft of v3"
	URL     string // the overview (own) or the teacher's edition (library)
	Library bool
}

// LessonNewForm names a new lesson.
type LessonNewForm struct {
	Page
	Title  string
	Error  string
	Action string
}

// LessonLine is a problem or a note about a lesson file, at its line.
type LessonLine struct {
	Line int
	Msg  string
}

// LessonOverview is /teach/lessons/{slug}: where a lesson stands.
type LessonOverview struct {
	Page
	Title             string
	Slug              string
	Status            string
	Error             string
	Problems          []LessonLine // of the draft; publishing waits until there are none
	Notes             []LessonLine // questions students have answered, and what an edit does to them
	Draft             bool
	Edits             int
	PublishAction     string
	TextURL           string
	FormsURL          string // the form builder (lesson_builder.go)
	PreviewURL        string // the draft as a student sees it
	EditionPreviewURL string // the draft as the teacher's edition
	LiveURL           string // the newest published version, as students open it
	ExportURL         string // a lesson pack of it (internal/pack)
	Versions          []Link
}

// LessonTextPage is the text view: the whole lesson file in a box.
type LessonTextPage struct {
	Page
	Title    string
	Slug     string
	Text     string
	Action   string
	Edits    int
	Error    string
	Saved    string
	Draft    bool // the text is the draft's (else a published version's)
	Problems []LessonLine
	Notes    []LessonLine
	BackURL  string
	MaxKB    int
}
