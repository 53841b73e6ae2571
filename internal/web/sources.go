package web

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"path"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ciphergram/ciphergram/internal/store"
	"github.com/ciphergram/ciphergram/seeds"
	"github.com/ciphergram/ciphergram/templates"
)

// A teacher's own sources: added in a form, split by seeds.Split, fixed
// and published (source_draft.go), read in the reader (source_read.go).
// Every query names the teacher, so another teacher's source is "not
// found".

const (
	// maxSourceBytes bounds a source's text, pasted or uploaded.
	maxSourceBytes = 200 << 10
	// maxSourceFormBytes bounds the body of a source form: the text twice
	// (box and file) with room for the details and the multipart framing.
	maxSourceFormBytes = 1 << 20
	maxDetailRunes     = 2000
	maxTitleRunes      = 200
)

var sourceKinds = []string{"telegram", "letter", "speech", "diary", "report", "newspaper", "other"}

func sourcesURL(slug string) string { return "/teach/sources/" + slug }

func sourceVersionURL(slug string, version int) string {
	return "/sources/" + slug + "/v/" + strconv.Itoa(version)
}

// sourcesList is GET /teach/sources.
func (s *Server) sourcesList(w http.ResponseWriter, r *http.Request, u *store.User) {
	list, err := s.db.Sources(r.Context(), u.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := templates.SourcesList{Page: s.page(r, u, "Your sources", "teach"), NewURL: "/teach/sources/new"}
	for _, src := range list {
		row := templates.SourceRow{Title: src.Title, Published: src.Published, EditURL: sourcesURL(src.Slug) + "/edit"}
		if src.Published > 0 {
			row.ReadURL = sourceVersionURL(src.Slug, src.Published)
		}
		if src.HasDraft {
			row.DraftURL = sourcesURL(src.Slug) + "/draft"
		}
		v.Sources = append(v.Sources, row)
	}
	s.render(w, r, http.StatusOK, templates.SourcesListView(v))
}

// sourceNew is GET /teach/sources/new.
func (s *Server) sourceNew(w http.ResponseWriter, r *http.Request, u *store.User) {
	s.renderSourceForm(w, r, u, http.StatusOK, "/teach/sources", sourceInput{details: store.SourceDetails{Kind: "letter"}}, "")
}

// sourceInput is what a source form sent.
type sourceInput struct {
	details store.SourceDetails
	text    string
	edits   int
}

func (s *Server) renderSourceForm(w http.ResponseWriter, r *http.Request, u *store.User, status int, action string, in sourceInput, errMsg string) {
	heading := "Add a source"
	if action != "/teach/sources" {
		heading = "Edit: " + in.details.Title
	}
	d := in.details
	s.render(w, r, status, templates.SourceFormView(templates.SourceForm{Page: s.page(r, u, heading, "teach"),
		Heading: heading, Action: action, Edits: in.edits, Kinds: sourceKinds, Title: d.Title, Creator: d.Creator,
		Date: d.Date, Kind: d.Kind, Provenance: d.Provenance, Translation: d.Translation, Rights: d.Rights,
		Text: in.text, Error: errMsg, MaxKB: maxSourceBytes >> 10}))
}

// readSourceForm parses a source form. On a mistake it returns the
// status and a message for the teacher, and what can be shown again.
func readSourceForm(r *http.Request) (sourceInput, int, string) {
	var in sourceInput
	if err := r.ParseMultipartForm(maxSourceFormBytes); err != nil && !errors.Is(err, http.ErrNotMultipart) {
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			return in, http.StatusRequestEntityTooLarge, fmt.Sprintf("This form is larger than %d KB, so nothing was saved. A source may be up to %d KB of text.", maxSourceFormBytes>>10, maxSourceBytes>>10)
		}
		return in, http.StatusBadRequest, "The form could not be read. Please send it again."
	}
	f := func(name string) string { return strings.TrimSpace(r.FormValue(name)) }
	in.details = store.SourceDetails{Title: f("title"), Creator: f("creator"), Date: f("date"), Kind: f("kind"),
		Provenance: f("provenance"), Translation: f("translation"), Rights: f("rights")}
	in.edits, _ = strconv.Atoi(r.FormValue("edits"))
	in.text = r.FormValue("text")
	if file, header, err := r.FormFile("file"); err == nil {
		defer file.Close()
		if ext := strings.ToLower(path.Ext(header.Filename)); ext != ".txt" && ext != ".md" {
			return in, http.StatusUnprocessableEntity, "Choose a .txt or .md file, or paste the text."
		}
		raw, err := io.ReadAll(io.LimitReader(file, maxSourceBytes+1))
		if err != nil {
			return in, http.StatusBadRequest, "The file could not be read. Please send it again."
		}
		if len(raw) > 0 {
			in.text = string(raw)
		}
	}
	in.text = strings.TrimPrefix(in.text, "\uFEFF") // a byte-order mark some editors write
	if status, msg := checkSource(&in); status != 0 {
		return in, status, msg
	}
	return in, 0, ""
}

// checkSource checks the details and the text; a text over the limit is
// dropped from what is shown again.
func checkSource(in *sourceInput) (int, string) {
	d := in.details
	if len(in.text) > maxSourceBytes {
		kb := (len(in.text) + 1023) >> 10
		in.text = ""
		return http.StatusRequestEntityTooLarge, fmt.Sprintf("The text is %d KB or more; a source may be up to %d KB. Nothing was saved. Split a long document into parts, each a source of its own.", kb, maxSourceBytes>>10)
	}
	switch {
	case d.Title == "":
		return http.StatusUnprocessableEntity, "Give the source a title."
	case utf8.RuneCountInString(d.Title) > maxTitleRunes || utf8.RuneCountInString(d.Creator) > maxTitleRunes || utf8.RuneCountInString(d.Date) > maxTitleRunes:
		return http.StatusUnprocessableEntity, fmt.Sprintf("The title, creator and date may be up to %d characters each.", maxTitleRunes)
	case utf8.RuneCountInString(d.Provenance) > maxDetailRunes || utf8.RuneCountInString(d.Translation) > maxDetailRunes || utf8.RuneCountInString(d.Rights) > maxDetailRunes:
		return http.StatusUnprocessableEntity, fmt.Sprintf("The provenance, translation and rights notes may be up to %d characters each.", maxDetailRunes)
	case !validKind(d.Kind):
		return http.StatusUnprocessableEntity, "Choose the kind of source from the list."
	case !utf8.ValidString(in.text) || strings.ContainsRune(in.text, 0) || !utf8.ValidString(d.Title+d.Creator+d.Date+d.Provenance+d.Translation+d.Rights):
		in.text = ""
		return http.StatusUnprocessableEntity, "The text is not plain UTF-8 text. Save the file as UTF-8 text (.txt) and try again."
	case strings.TrimSpace(in.text) == "":
		return http.StatusUnprocessableEntity, "Paste the text of the source, or choose a file."
	}
	return 0, ""
}

func validKind(k string) bool {
	for _, x := range sourceKinds {
		if k == x {
			return true
		}
	}
	return false
}

// sourceCreate is POST /teach/sources: the new source's first draft, in
// one transaction, then its split to check.
func (s *Server) sourceCreate(w http.ResponseWriter, r *http.Request, u *store.User) {
	in, status, msg := readSourceForm(r)
	if status != 0 {
		s.renderSourceForm(w, r, u, status, "/teach/sources", in, msg)
		return
	}
	blocks := SplitSource(in.text)
	var err error
	slug := newSourceSlug(in.details.Title)
	for range 3 { // a slug drawn twice is refused by the database; draw again
		if err = s.db.CreateSource(r.Context(), u.ID, slug, in.details, in.text, blocks); err == nil || !strings.Contains(err.Error(), "UNIQUE") {
			break
		}
		slug = newSourceSlug(in.details.Title)
	}
	if errors.Is(err, store.ErrTooManySources) {
		s.renderSourceForm(w, r, u, http.StatusUnprocessableEntity, "/teach/sources", in,
			fmt.Sprintf("You have %d sources, the most one teacher may keep. Nothing was saved.", store.MaxSourcesPerTeacher))
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, sourcesURL(slug)+"/draft", http.StatusSeeOther)
}

// sourceEditForm is GET /teach/sources/{slug}/edit: the newest version's
// details and text, to save as the draft of the next.
func (s *Server) sourceEditForm(w http.ResponseWriter, r *http.Request, u *store.User) {
	v, err := s.db.LatestSourceVersion(r.Context(), u.ID, r.PathValue("slug"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderSourceForm(w, r, u, http.StatusOK, sourcesURL(v.Slug)+"/edit", sourceInput{details: v.SourceDetails, text: v.Text, edits: v.Edits}, "")
}

// sourceEdit is POST /teach/sources/{slug}/edit. The text is split
// afresh, unless it is the text of the newest version: then its split,
// with the teacher's merges and splits, is kept.
func (s *Server) sourceEdit(w http.ResponseWriter, r *http.Request, u *store.User) {
	slug := r.PathValue("slug")
	action := sourcesURL(slug) + "/edit"
	latest, err := s.db.LatestSourceVersion(r.Context(), u.ID, slug)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	in, status, msg := readSourceForm(r)
	if status != 0 {
		s.renderSourceForm(w, r, u, status, action, in, msg)
		return
	}
	blocks := latest.Blocks
	if in.text != latest.Text {
		blocks = SplitSource(in.text)
	}
	err = s.db.SaveSourceDraft(r.Context(), u.ID, slug, in.edits, in.details, in.text, blocks)
	switch {
	case errors.Is(err, store.ErrTooManyVersions):
		s.renderSourceForm(w, r, u, http.StatusUnprocessableEntity, action, in,
			fmt.Sprintf("This source has %d versions, the most it may have. Add it again as a new source.", store.MaxSourceVersions))
	case errors.Is(err, store.ErrStale):
		in.edits = latest.Edits
		s.renderSourceForm(w, r, u, http.StatusConflict, action, in,
			"The draft was changed in another window since this form was opened, so this was not saved. Check the text below and save again.")
	case err != nil:
		s.fail(w, r, err)
	default:
		http.Redirect(w, r, sourcesURL(slug)+"/draft", http.StatusSeeOther)
	}
}

// SplitSource splits a teacher's pasted text as the source form does, into
// the blocks the store keeps. The load generator seeds sources with it.
func SplitSource(text string) []store.SourceBlock { return toStored(seeds.Split(text)) }

// toStored and fromStored convert a split between the splitter's blocks
// and the stored ones, whose IDs come from positions.
func toStored(blocks []seeds.Block) []store.SourceBlock {
	out := make([]store.SourceBlock, 0, len(blocks))
	for _, b := range blocks {
		sb := store.SourceBlock{Kind: string(b.Kind)}
		for _, s := range b.Sentences {
			sb.Sentences = append(sb.Sentences, s.Text)
		}
		out = append(out, sb)
	}
	return out
}

func fromStored(blocks []store.SourceBlock) []seeds.Block {
	out := make([]seeds.Block, 0, len(blocks))
	for _, b := range blocks {
		sb := seeds.Block{Kind: seeds.BlockKind(b.Kind)}
		for _, t := range b.Sentences {
			sb.Sentences = append(sb.Sentences, seeds.Sentence{Text: t})
		}
		out = append(out, sb)
	}
	seeds.Renumber(out)
	return out
}

// newSourceSlug makes a URL name from the title's first words and four
// random characters: readable in a citation ([[letter-to-stalin-k7q2:p3.s1]]),
// and telling no one which titles other teachers used.
func newSourceSlug(title string) string { return drawSlug(title, "source") }

// drawSlug is a slug from the title's first words and four random
// characters; kind ("source", "lesson") starts one whose title does not
// start with a letter.
func drawSlug(title, kind string) string {
	var words []string
	for _, w := range strings.FieldsFunc(strings.ToLower(title), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	}) {
		if len(words) == 5 {
			break
		}
		words = append(words, w)
	}
	slug := strings.Join(words, "-")
	if len(slug) > 40 {
		slug = strings.TrimRightFunc(slug[:40], func(r rune) bool { return r == '-' })
	}
	if slug == "" || !unicode.IsLetter(rune(slug[0])) {
		slug = kind + "-" + slug
	}
	return strings.TrimSuffix(slug, "-") + "-" + store.SlugSuffix()
}
