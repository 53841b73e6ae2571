package templates

// SourcesList is /teach/sources: the teacher's own sources.
type SourcesList struct {
	Page
	Sources []SourceRow
	NewURL  string
}

// SourceRow is one source in the teacher's list.
type SourceRow struct {
	Title     string
	Published int    // latest published version; 0 if none yet
	ReadURL   string // the latest published version, if any
	DraftURL  string // the draft, if any
	EditURL   string
}

// SourceForm adds a source, or edits one into a new draft.
type SourceForm struct {
	Page
	Heading                                                           string
	Action                                                            string
	Edits                                                             int // the draft's edit count, when editing a draft
	Kinds                                                             []string
	Title, Creator, Date, Kind, Provenance, Translation, Rights, Text string
	Error                                                             string
	MaxKB                                                             int
}

// SourceDraftPage is the split of a draft, to fix and publish.
type SourceDraftPage struct {
	Page
	Slug          string
	Version       int
	Edits         int
	Info          SourceInfo
	Blocks        []DraftBlock
	MergeAction   string
	SplitURL      string // + "?sentence=p1.s2"
	PublishAction string
	EditURL       string
	Error         string
}

// DraftBlock is a block of a draft, its sentences with their IDs.
type DraftBlock struct {
	ID        string
	Kind      string
	Sentences []DraftSentence
}

type DraftSentence struct {
	ID        string
	Text      string
	MergeNext string // the next sentence's ID, when there is one to merge with
}

// SourceSplitPage splits one sentence of a draft where the teacher says.
type SourceSplitPage struct {
	Page
	SentenceID string
	Text       string
	Action     string
	Edits      int
	BackURL    string
	Error      string
}

// SourceInfo is what the reader says about a teacher's source: its
// details and its versions.
type SourceInfo struct {
	Creator, Date, Kind, Provenance, Translation, Rights string
	Version                                              int
	Published                                            string // "2 December 2026"; empty for a draft
	Versions                                             []Link // every published version, each at its own URL
}
