package pack

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/ciphergram/ciphergram/internal/store"
	"github.com/ciphergram/ciphergram/lessons"
	"github.com/ciphergram/ciphergram/seeds"
)

// Read reads a pack strictly. Every mistake found is returned as
// lessons.Problems, each at its line of the pack (name is the file name
// they carry); a pack with any problem is not returned. Read does not
// check what the lessons cite: Check does.
func Read(name string, r io.Reader) (*Pack, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxBytes+1))
	if err != nil {
		return nil, err
	}
	rd := &reader{file: name}
	if len(data) > MaxBytes {
		rd.errorf(1, "the pack is larger than %d MB, the most a pack may be: split it into several", MaxBytes>>20)
		return nil, rd.probs
	}
	if line, ok := badText(data); !ok {
		rd.errorf(line, "this is not plain UTF-8 text (a pack is a text file: save it as UTF-8)")
		return nil, rd.probs
	}
	text := strings.TrimPrefix(string(data), "\uFEFF")
	text = strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n")
	rd.lines = strings.Split(text, "\n")
	p := rd.pack()
	if len(rd.probs) > 0 {
		slices.SortStableFunc(rd.probs, func(a, b lessons.Problem) int { return a.Line - b.Line })
		return nil, rd.probs
	}
	return p, nil
}

// badText finds the line of the first byte that is not UTF-8 text, or a NUL.
func badText(data []byte) (line int, ok bool) {
	bad := bytes.IndexByte(data, 0)
	if !utf8.Valid(data) {
		for i := 0; i < len(data); {
			r, n := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && n <= 1 {
				if bad < 0 || i < bad {
					bad = i
				}
				break
			}
			i += n
		}
	}
	if bad < 0 {
		return 0, true
	}
	return bytes.Count(data[:bad], []byte("\n")) + 1, false
}

type reader struct {
	file  string
	lines []string
	probs lessons.Problems
}

func (rd *reader) errorf(line int, format string, args ...any) {
	rd.probs = append(rd.probs, lessons.Problem{File: rd.file, Line: line, Msg: fmt.Sprintf(format, args...)})
}

// A record is one "== source" or "== lesson" and its fields.
type record struct {
	kind, slug string
	line       int
	fields     map[string]field
}

type field struct {
	value string
	line  int // of the key
	first int // of the value's first line
}

func (rd *reader) pack() *Pack {
	first := strings.TrimSpace(rd.lines[0])
	if first != Header {
		if strings.HasPrefix(first, "Ciphergram pack ") {
			rd.errorf(1, "this pack is in version %q of the format; this server reads %q", strings.TrimPrefix(first, "Ciphergram pack "), Header)
		} else {
			rd.errorf(1, "this is not a lesson pack: its first line must be %q", Header)
		}
		return nil
	}
	var records []*record
	var cur *record
	for i := 1; i < len(rd.lines); i++ {
		line, n := rd.lines[i], i+1
		trimmed := strings.TrimSpace(line)
		switch {
		case trimmed == "" || strings.HasPrefix(trimmed, commentPrefix):
		case strings.HasPrefix(line, recordPrefix):
			cur = rd.header(n, strings.TrimSpace(strings.TrimPrefix(line, recordPrefix)))
			records = append(records, cur)
		case cur == nil:
			rd.errorf(n, "expected a line %q or %q to begin a source or a lesson", recordPrefix+sourceRecord+" SLUG", recordPrefix+lessonRecord+" SLUG")
			cur = &record{fields: map[string]field{}} // read on, to find the next record
		default:
			var ok bool
			if i, ok = rd.field(cur, i); !ok {
				return nil // a value never closed: nothing after it can be read
			}
		}
	}
	p := &Pack{}
	for _, rec := range records {
		switch rec.kind {
		case sourceRecord:
			if s, ok := rd.source(rec, p); ok {
				p.Sources = append(p.Sources, s)
			}
		case lessonRecord:
			if l, ok := rd.lesson(rec, p); ok {
				p.Lessons = append(p.Lessons, l)
			}
		}
	}
	if len(records) == 0 {
		rd.errorf(1, "the pack holds no lessons and no sources")
	}
	return p
}

// header reads "source SLUG" or "lesson SLUG".
func (rd *reader) header(n int, rest string) *record {
	kind, slug, _ := strings.Cut(rest, " ")
	rec := &record{kind: kind, slug: strings.TrimSpace(slug), line: n, fields: map[string]field{}}
	switch {
	case kind != sourceRecord && kind != lessonRecord:
		rd.errorf(n, "unknown record %q: a pack holds only %q and %q", kind, sourceRecord, lessonRecord)
	case len(rec.slug) > maxSlugBytes || !slugPattern.MatchString(rec.slug):
		rd.errorf(n, "%q is not a slug: lower-case letters, digits and single hyphens, up to %d", rec.slug, maxSlugBytes)
	}
	return rec
}

// field reads the field at index i of lines: "key: value", or
// "key: <<END" with the value on the lines up to a line "END". It
// returns the index of the field's last line, and false if a value is
// never closed.
func (rd *reader) field(rec *record, i int) (int, bool) {
	n := i + 1
	key, rest, found := strings.Cut(rd.lines[i], ":")
	if !found || key == "" || strings.IndexFunc(key, func(r rune) bool { return r < 'a' || r > 'z' }) >= 0 {
		rd.errorf(n, "expected a field (key: value), a blank line or a line beginning %q", recordPrefix)
		return i, true
	}
	f := field{value: strings.TrimSpace(rest), line: n, first: n}
	if marker, ok := strings.CutPrefix(f.value, heredocPrefix); ok {
		if len(marker) > maxMarkerBytes || !markerPattern.MatchString(marker) {
			rd.errorf(n, "%q must be followed by a marker of capitals, such as %s%s", heredocPrefix, heredocPrefix, defaultMarker)
			return i, true
		}
		end := slices.Index(rd.lines[i+1:], marker)
		if end < 0 {
			rd.errorf(n, "the value of %s opened here is never closed by a line %s", key, marker)
			return i, false
		}
		f.value = strings.Join(rd.lines[i+1:i+1+end], "\n")
		f.first = n + 1
		i += end + 1
	}
	if _, dup := rec.fields[key]; dup {
		rd.errorf(n, "%s is given twice", key)
	}
	rec.fields[key] = f
	return i, true
}

// known reports fields the record may not have and those it must.
func (rd *reader) known(rec *record, allowed, required []string) {
	for key, f := range rec.fields {
		if !slices.Contains(allowed, key) {
			rd.errorf(f.line, "unknown field %q in a %s (known: %s)", key, rec.kind, strings.Join(allowed, ", "))
		}
	}
	for _, key := range required {
		if _, ok := rec.fields[key]; !ok {
			rd.errorf(rec.line, "the %s %s has no %s", rec.kind, rec.slug, key)
		}
	}
}

var (
	sourceFields   = []string{"title", "creator", "date", "kind", "provenance", "translation", "rights", "text", "split"}
	requiredSource = []string{"title", "kind", "text", "split"}
)

func (rd *reader) source(rec *record, p *Pack) (Source, bool) {
	before := len(rd.probs)
	rd.known(rec, sourceFields, requiredSource)
	if len(p.Sources) >= MaxSources {
		rd.errorf(rec.line, "more than %d sources: a pack may hold up to %d", MaxSources, MaxSources)
	}
	if slices.ContainsFunc(p.Sources, func(s Source) bool { return s.Slug == rec.slug }) {
		rd.errorf(rec.line, "source %s is in the pack twice", rec.slug)
	}
	v := func(k string) string { return rec.fields[k].value }
	s := Source{Slug: rec.slug, Line: rec.line, Text: v("text"), SourceDetails: store.SourceDetails{
		Title: v("title"), Creator: v("creator"), Date: v("date"), Kind: v("kind"),
		Provenance: v("provenance"), Translation: v("translation"), Rights: v("rights")}}
	for _, k := range []string{"title", "creator", "date"} {
		if utf8.RuneCountInString(v(k)) > MaxTitleRunes || strings.Contains(v(k), "\n") {
			rd.errorf(rec.fields[k].line, "%s: one line of up to %d characters", k, MaxTitleRunes)
		}
	}
	for _, k := range []string{"provenance", "translation", "rights"} {
		if utf8.RuneCountInString(v(k)) > MaxDetailRunes {
			rd.errorf(rec.fields[k].line, "%s: up to %d characters", k, MaxDetailRunes)
		}
	}
	if f, ok := rec.fields["title"]; ok && strings.TrimSpace(f.value) == "" {
		rd.errorf(f.line, "the source needs a title")
	}
	if f, ok := rec.fields["kind"]; ok && !slices.Contains(SourceKinds, f.value) {
		rd.errorf(f.line, "unknown kind %q (one of: %s)", f.value, strings.Join(SourceKinds, ", "))
	}
	if f, ok := rec.fields["text"]; ok {
		switch {
		case len(f.value) > MaxSourceBytes:
			rd.errorf(f.line, "the text is %d KB; a source may be up to %d KB", (len(f.value)+1023)>>10, MaxSourceBytes>>10)
		case strings.TrimSpace(f.value) == "":
			rd.errorf(f.line, "the text is empty")
		}
	}
	if f, ok := rec.fields["split"]; ok {
		s.Blocks = rd.split(f)
	}
	return s, len(rd.probs) == before
}

// split reads a source's split: "p1 heading", then "  p1.s1 TEXT" for
// each of its sentences, and so on. IDs must follow positions.
func (rd *reader) split(f field) []store.SourceBlock {
	var blocks []store.SourceBlock
	var blockLine int
	size := 0
	emptyBlock := func() {
		if n := len(blocks); n > 0 && len(blocks[n-1].Sentences) == 0 {
			rd.errorf(blockLine, "block p%d has no sentences", n)
		}
	}
	for k, line := range strings.Split(f.value, "\n") {
		n := f.first + k
		t := strings.TrimSpace(line)
		if t == "" {
			continue
		}
		id, rest, _ := strings.Cut(t, " ")
		rest = strings.TrimSpace(rest)
		if strings.Contains(id, ".") {
			want := fmt.Sprintf("p%d.s%d", len(blocks), 1)
			if len(blocks) > 0 {
				want = fmt.Sprintf("p%d.s%d", len(blocks), len(blocks[len(blocks)-1].Sentences)+1)
			}
			switch {
			case len(blocks) == 0:
				rd.errorf(n, "a sentence before any block: the split begins with a line such as \"p1 paragraph\"")
				return nil
			case id != want:
				rd.errorf(n, "expected sentence %s here, not %s: IDs follow the sentences' places", want, id)
				return nil
			case rest == "":
				rd.errorf(n, "sentence %s is empty", id)
			}
			size += len(rest)
			blocks[len(blocks)-1].Sentences = append(blocks[len(blocks)-1].Sentences, rest)
			continue
		}
		emptyBlock()
		if want := fmt.Sprintf("p%d", len(blocks)+1); id != want {
			rd.errorf(n, "expected block %s here (a line such as \"%s paragraph\"), not %q", want, want, id)
			return nil
		}
		if !slices.Contains(BlockKinds, rest) {
			rd.errorf(n, "unknown kind of block %q (one of: %s)", rest, strings.Join(BlockKinds, ", "))
		}
		blocks = append(blocks, store.SourceBlock{Kind: rest})
		blockLine = n
	}
	emptyBlock()
	if len(blocks) == 0 {
		rd.errorf(f.line, "the split has no blocks")
	}
	if size > MaxSourceBytes {
		rd.errorf(f.line, "the split is %d KB; a source may be up to %d KB", (size+1023)>>10, MaxSourceBytes>>10)
	}
	return blocks
}

func (rd *reader) lesson(rec *record, p *Pack) (Lesson, bool) {
	before := len(rd.probs)
	rd.known(rec, []string{"file"}, []string{"file"})
	if len(p.Lessons) >= MaxLessons {
		rd.errorf(rec.line, "more than %d lessons: a pack may hold up to %d", MaxLessons, MaxLessons)
	}
	if slices.ContainsFunc(p.Lessons, func(l Lesson) bool { return l.Slug == rec.slug }) {
		rd.errorf(rec.line, "lesson %s is in the pack twice", rec.slug)
	}
	f := rec.fields["file"]
	if len(f.value) > MaxLessonBytes {
		rd.errorf(f.line, "the lesson file is %d KB; a lesson may be up to %d KB", (len(f.value)+1023)>>10, MaxLessonBytes>>10)
	}
	return Lesson{Slug: rec.slug, Text: f.value, Line: rec.line, TextLine: f.first}, len(rd.probs) == before
}

// documents is builtin and the pack's sources, as lessons may cite them.
func (p *Pack) documents(builtin []*seeds.Document) []*seeds.Document {
	docs := slices.Clone(builtin)
	for i := range p.Sources {
		docs = append(docs, p.Sources[i].Document())
	}
	return docs
}
