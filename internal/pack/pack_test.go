package pack

import (
	"bytes"
	"flag"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/ciphergram/ciphergram/internal/store"
	"github.com/ciphergram/ciphergram/lessons"
	"github.com/ciphergram/ciphergram/seeds"
)

var update = flag.Bool("update", false, "rewrite testdata/two-sources.pack.txt")

// fixturePack is the lesson on the telegram and the test fixture of the
// lessons package, with the fixture as a teacher's source.
func fixturePack(t testing.TB) *Pack {
	t.Helper()
	text, err := os.ReadFile("../../lessons/testdata/fixture-source.txt")
	if err != nil {
		t.Fatal(err)
	}
	lesson, err := os.ReadFile("../../lessons/testdata/multi/01-two-sources.md")
	if err != nil {
		t.Fatal(err)
	}
	src := Source{Slug: "test-fixture-notes", Text: string(text), SourceDetails: store.SourceDetails{
		Title: "Test fixture: a second source", Creator: "The test clerk", Date: "2026", Kind: "report",
		Provenance: "Written for the tests.", Translation: "", Rights: "Public domain (CC0)"}}
	for _, b := range seeds.Split(string(text)) {
		sb := store.SourceBlock{Kind: string(b.Kind)}
		for _, s := range b.Sentences {
			sb.Sentences = append(sb.Sentences, s.Text)
		}
		src.Blocks = append(src.Blocks, sb)
	}
	return &Pack{Sources: []Source{src}, Lessons: []Lesson{{Slug: "two-sources", Text: string(lesson)}}}
}

func write(t testing.TB, p *Pack) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, p); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func read(t testing.TB, data []byte) *Pack {
	t.Helper()
	p, err := Read("x.pack.txt", bytes.NewReader(data))
	if err != nil {
		t.Fatalf("Read: %v\n%s", err, data)
	}
	return p
}

// withoutLines clears what Read notes of where things were.
func withoutLines(p *Pack) *Pack {
	c := &Pack{Sources: append([]Source(nil), p.Sources...), Lessons: append([]Lesson(nil), p.Lessons...)}
	for i := range c.Sources {
		c.Sources[i].Line = 0
	}
	for i := range c.Lessons {
		c.Lessons[i].Line, c.Lessons[i].TextLine = 0, 0
	}
	return c
}

// TestRoundTrip: a pack written and read back is the same pack, every
// sentence where it was; the file is the documented example.
func TestRoundTrip(t *testing.T) {
	p := fixturePack(t)
	data := write(t, p)
	got := read(t, data)
	if !reflect.DeepEqual(withoutLines(got), p) {
		t.Errorf("read back:\n%+v\nwant\n%+v", got, p)
	}
	if again := write(t, got); !bytes.Equal(again, data) {
		t.Errorf("written twice differently:\n%s\n---\n%s", data, again)
	}
	if *update {
		os.WriteFile("testdata/two-sources.pack.txt", data, 0o644)
	}
	golden, err := os.ReadFile("testdata/two-sources.pack.txt")
	if err != nil || !bytes.Equal(golden, data) {
		t.Errorf("the pack differs from testdata/two-sources.pack.txt (go test -update): %v\n%s", err, data)
	}
	if _, probs := Check("x.pack.txt", got, seeds.All()); len(probs) > 0 {
		t.Errorf("Check: %v", probs)
	}
	doc := got.Sources[0].Document()
	if s, ok := doc.Sentence("p3.s2"); !ok || s.Text != "The committee met at noon." {
		t.Errorf("p3.s2 = %+v, %v", s, ok)
	}
}

// TestRoundTripAwkward: values a one-line field cannot hold, a text with
// a line "END", CRLF line endings and a byte-order mark all come back.
func TestRoundTripAwkward(t *testing.T) {
	p := fixturePack(t)
	s := &p.Sources[0]
	s.Provenance = "Two lines:\nthe second."
	s.Rights = "  <<END with spaces  "
	s.Creator = ""
	s.Text = "END\nEND2\n\nA text whose lines are markers.\n"
	got := read(t, write(t, p))
	if !reflect.DeepEqual(withoutLines(got), p) {
		t.Errorf("read back:\n%+v\nwant\n%+v", got.Sources[0], p.Sources[0])
	}
	crlf := "\uFEFF" + strings.ReplaceAll(string(write(t, fixturePack(t))), "\n", "\r\n")
	if got := read(t, []byte(crlf)); !reflect.DeepEqual(withoutLines(got), fixturePack(t)) {
		t.Error("a pack with CRLF line endings and a BOM read differently")
	}
}

func TestWriteRefusesLineBreakInSentence(t *testing.T) {
	p := fixturePack(t)
	p.Sources[0].Blocks[0].Sentences[0] = "two\nlines"
	if err := Write(&bytes.Buffer{}, p); err == nil || !strings.Contains(err.Error(), "p1.s1") {
		t.Errorf("err = %v", err)
	}
}

// TestCheckLines: a lesson's problem is reported at its line of the pack.
func TestCheckLines(t *testing.T) {
	p := fixturePack(t)
	p.Lessons[0].Text = strings.Replace(p.Lessons[0].Text, "[[test-fixture-notes:p3.s2]]", "[[test-fixture-notes:p9.s9]]", 1)
	data := write(t, p)
	_, probs := Check("x.pack.txt", read(t, data), seeds.All())
	if len(probs) != 1 {
		t.Fatalf("problems = %v", probs)
	}
	lines := strings.Split(string(data), "\n")
	if line := lines[probs[0].Line-1]; !strings.Contains(line, "p9.s9") || !strings.Contains(probs[0].Msg, "lesson two-sources") {
		t.Errorf("problem %v points at %q", probs[0], line)
	}
	if _, probs := Check("x.pack.txt", read(t, write(t, fixturePack(t))), seeds.All()[:0]); len(probs) == 0 ||
		!strings.Contains(probs.Error(), `unknown source "roshchin-1950-10-03"`) {
		t.Errorf("a lesson on a source neither built in nor in the pack passed: %v", probs)
	}
}

func TestCheckNames(t *testing.T) {
	p := fixturePack(t)
	p.Lessons[0].Slug = "another-name"
	p.Sources = append(p.Sources, p.Sources[0])
	p.Sources[1].Slug = "roshchin-1950-10-03"
	_, probs := Check("x.pack.txt", read(t, write(t, p)), seeds.All())
	for _, want := range []string{"says slug: two-sources", "slug of a built-in source"} {
		if !strings.Contains(probs.Error(), want) {
			t.Errorf("no problem %q in\n%s", want, probs)
		}
	}
}

// TestReadProblems: each broken pack is refused with a clear problem at
// the line that is wrong.
func TestReadProblems(t *testing.T) {
	good := string(write(t, fixturePack(t)))
	lineOf := func(s, sub string) int { return strings.Count(s[:strings.Index(s, sub)], "\n") + 1 }
	for _, c := range []struct {
		name, pack, want string
		line             int
	}{
		{"not a pack", "hello\n", "not a lesson pack", 1},
		{"a later version", "Ciphergram pack 2\n", `version "2"`, 1},
		{"empty", Header + "\n", "holds no lessons and no sources", 1},
		{"unknown record", strings.Replace(good, "== lesson two-sources", "== quiz two-sources", 1), `unknown record "quiz"`, lineOf(good, "== lesson")},
		{"bad slug", strings.Replace(good, "== lesson two-sources", "== lesson Two Sources", 1), "is not a slug", lineOf(good, "== lesson")},
		{"unknown field", strings.Replace(good, "kind: report", "kind: report\ncolour: red", 1), `unknown field "colour"`, lineOf(good, "kind: report") + 1},
		{"twice", strings.Replace(good, "kind: report", "kind: report\nkind: letter", 1), "kind is given twice", lineOf(good, "kind: report") + 1},
		{"no title", strings.Replace(good, "title: Test fixture: a second source\n", "", 1), "has no title", lineOf(good, "== source")},
		{"bad kind", strings.Replace(good, "kind: report", "kind: poem", 1), `unknown kind "poem"`, lineOf(good, "kind: report")},
		{"two-line title", strings.Replace(good, "title: Test fixture: a second source", "title: <<END\nTwo\nlines\nEND", 1), "title: one line", lineOf(good, "title: Test")},
		{"never closed", strings.TrimSuffix(good, "END\n"), "never closed by a line END", lineOf(good, "file: <<END")},
		{"skipped sentence", strings.Replace(good, "  p3.s2 ", "  p3.s3 ", 1), "expected sentence p3.s2 here, not p3.s3", lineOf(good, "  p3.s2 ")},
		{"skipped block", strings.Replace(good, "p3 paragraph", "p4 paragraph", 1), "expected block p3", lineOf(good, "p3 paragraph")},
		{"bad block kind", strings.Replace(good, "p3 paragraph", "p3 poem", 1), `unknown kind of block "poem"`, lineOf(good, "p3 paragraph")},
		{"empty block", strings.Replace(good, "p4 signature\n  p4.s1 — The test clerk\n", "p4 signature\n", 1), "block p4 has no sentences", lineOf(good, "p4 signature")},
		{"a stray line", strings.Replace(good, "kind: report", "kind: report\njust words", 1), "expected a field", lineOf(good, "kind: report") + 1},
		{"not UTF-8", strings.Replace(good, "committee", "comm\xffittee", 1), "not plain UTF-8", lineOf(good, "committee")},
		{"a NUL", strings.Replace(good, "committee", "comm\x00ittee", 1), "not plain UTF-8", lineOf(good, "committee")},
	} {
		t.Run(c.name, func(t *testing.T) {
			p, err := Read("x.pack.txt", strings.NewReader(c.pack))
			probs, ok := err.(lessons.Problems)
			if p != nil || !ok || len(probs) == 0 {
				t.Fatalf("Read = %v, %v", p, err)
			}
			if !strings.Contains(probs.Error(), c.want) {
				t.Errorf("problems:\n%s\nwant %q", probs, c.want)
			}
			if probs[0].Line != c.line || probs[0].File != "x.pack.txt" {
				t.Errorf("first problem at %s:%d, want line %d: %s", probs[0].File, probs[0].Line, c.line, probs)
			}
		})
	}
}

// TestLimits: sizes and counts over the limits are refused with a message
// that names the limit.
func TestLimits(t *testing.T) {
	many := func(n int, f func(p *Pack, i int)) *Pack {
		p := fixturePack(t)
		for i := 1; i < n; i++ {
			f(p, i)
		}
		return p
	}
	slug := func(base string, i int) string { return base + "-" + strings.Repeat("x", i) }
	var questions strings.Builder
	for i := range MaxQuestions + 1 {
		questions.WriteString("\n```question\nid: q" + strings.Repeat("a", i) + "\ntype: truefalse\nprompt: True?\nanswer: true\nexplanation: Yes.\n```\n")
	}
	for _, c := range []struct {
		name string
		pack *Pack
		want string
	}{
		{"sources", many(MaxSources+1, func(p *Pack, i int) {
			s := p.Sources[0]
			s.Slug = slug("s", i)
			p.Sources = append(p.Sources, s)
		}), "more than 20 sources"},
		{"lessons", many(MaxLessons+1, func(p *Pack, i int) {
			l := p.Lessons[0]
			l.Slug = slug("l", i)
			p.Lessons = append(p.Lessons, l)
		}), "more than 20 lessons"},
		{"text", many(1, func(*Pack, int) {}), "a source may be up to 200 KB"},
		{"lesson file", many(1, func(*Pack, int) {}), "a lesson may be up to 200 KB"},
		{"questions", many(1, func(*Pack, int) {}), "a lesson may have up to 100 questions"},
	} {
		t.Run(c.name, func(t *testing.T) {
			switch c.name {
			case "text":
				c.pack.Sources[0].Text = strings.Repeat("Words and words. ", MaxSourceBytes/17+1)
			case "lesson file":
				c.pack.Lessons[0].Text += strings.Repeat("More words.\n", MaxLessonBytes/12+1)
			case "questions":
				c.pack.Lessons[0].Text = strings.SplitAfter(c.pack.Lessons[0].Text, "## Questions\n")[0] + questions.String()
			}
			p, err := Read("x.pack.txt", bytes.NewReader(write(t, c.pack)))
			if err == nil { // a lesson's questions are counted by the lesson parser, in Check
				if _, probs := Check("x.pack.txt", p, seeds.All()); len(probs) > 0 {
					err = probs
				}
			}
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("err = %v, want %q", err, c.want)
			}
		})
	}
	big := append([]byte(Header+"\n"), bytes.Repeat([]byte("# a comment line\n"), MaxBytes/17+1)...)
	if _, err := Read("x.pack.txt", bytes.NewReader(big)); err == nil || !strings.Contains(err.Error(), "larger than 5 MB") {
		t.Errorf("a pack over 5 MB: err = %v", err)
	}
	// Up to the limits is fine: twenty sources in a pack.
	p := many(MaxSources, func(p *Pack, i int) {
		s := p.Sources[0]
		s.Slug = slug("s", i)
		p.Sources = append(p.Sources, s)
	})
	read(t, write(t, p))
}
