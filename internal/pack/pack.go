// Package pack reads and writes lesson packs: one plain-text file holding
// lessons and the teachers' sources they read, so that a teacher can
// email a lesson to a colleague on another Ciphergram server, or keep it
// in a folder. The format is documented in lessons/PACKS.md.
//
// A pack is read strictly (Read): sizes and counts are bounded, every
// field is known, every sentence ID is where its position says. Check
// then validates its lessons against the built-in sources and the pack's
// own, as `ciphergram check` validates the lesson folder.
package pack

import (
	"regexp"

	"github.com/ciphergram/ciphergram/internal/store"
	"github.com/ciphergram/ciphergram/lessons"
	"github.com/ciphergram/ciphergram/seeds"
)

// Header is the first line of every pack this code writes and reads.
const Header = "Ciphergram pack 1"

// Limits. A source's text and its details are bounded as in the form
// that adds one (internal/web/sources.go); the rest keeps a pack a size
// one can email and one server can read at once.
const (
	MaxBytes          = 5 << 20              // the whole pack
	MaxSources        = 20                   // sources in a pack
	MaxLessons        = 20                   // lessons in a pack
	MaxQuestions      = lessons.MaxQuestions // questions in one lesson: the lesson parser counts them, so Check reports it
	MaxSourceBytes    = 200 << 10            // a source's text, and its split
	MaxLessonBytes    = 200 << 10            // a lesson file
	MaxTitleRunes     = 200                  // title, creator, date
	MaxDetailRunes    = 2000                 // provenance, translation, rights
	maxSlugBytes      = 64
	maxMarkerBytes    = 20
	defaultMarker     = "END"
	sourceRecord      = "source"
	lessonRecord      = "lesson"
	recordPrefix      = "== "
	heredocPrefix     = "<<"
	sentenceIndent    = "  "
	commentPrefix     = "#"
	commentOnTheFirst = "# A Ciphergram lesson pack: lessons and the sources they read, as plain text. Format: internal/pack/PACKS.md in the Ciphergram source."
)

// A Pack is lessons and the teachers' sources they read.
type Pack struct {
	Sources []Source
	Lessons []Lesson
}

// A Source is a teacher's source: its details, its text, and its split
// into blocks of sentences as the teacher fixed it. Sentence IDs come from
// positions (p2.s3: the third sentence of the second block), so the same
// split gives the same IDs on every server.
type Source struct {
	Slug string
	store.SourceDetails
	Text   string
	Blocks []store.SourceBlock
	Line   int // of its "== source" line, for problems; not written
}

// A Lesson is a lesson file, exactly as `ciphergram check` reads one.
type Lesson struct {
	Slug     string
	Text     string
	Line     int // of its "== lesson" line; not written
	TextLine int // of the file's first line in the pack; not written
}

// BlockKinds are the kinds of block a teacher's source has: those the
// general splitter makes (seeds.Split).
var BlockKinds = []string{string(seeds.Paragraph), string(seeds.Heading), string(seeds.DateLine), string(seeds.SignatureLine)}

// SourceKinds are the kinds of source a teacher may add.
var SourceKinds = []string{"telegram", "letter", "speech", "diary", "report", "newspaper", "other"}

var (
	slugPattern   = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	markerPattern = regexp.MustCompile(`^[A-Z0-9_-]+$`)
)

// Document makes the source a document lessons can cite, with the IDs its
// blocks' positions give.
func (s *Source) Document() *seeds.Document {
	blocks := make([]seeds.Block, 0, len(s.Blocks))
	for _, b := range s.Blocks {
		sb := seeds.Block{Kind: seeds.BlockKind(b.Kind)}
		for _, t := range b.Sentences {
			sb.Sentences = append(sb.Sentences, seeds.Sentence{Text: t})
		}
		blocks = append(blocks, sb)
	}
	seeds.Renumber(blocks)
	return seeds.NewDocument(s.Slug, s.Title, s.Provenance, s.Text, blocks)
}
