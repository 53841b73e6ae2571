package templates

// LessonPackImport is /teach/lessons/import: a form to upload or paste a
// lesson pack, and what was wrong with the last one sent.
type LessonPackImport struct {
	Page
	Action   string
	Error    string   // why nothing was imported
	Problems []string // each mistake in the pack, "Line 12: …"
	Text     string   // a pasted pack, shown again
	MaxMB    int
}
