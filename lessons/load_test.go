package lessons

import (
	"errors"
	"os"
	"strings"
	"testing"
)

// TestEveryMistakeReported loads a file seeded with each kind of mistake
// and expects every one of them, each at its line.
func TestEveryMistakeReported(t *testing.T) {
	_, err := LoadDir("testdata/bad")
	probs, ok := errors.AsType[Problems](err)
	if !ok {
		t.Fatalf("LoadDir error = %v, want Problems", err)
	}
	want, err := os.ReadFile("testdata/bad.want")
	if err != nil {
		t.Fatal(err)
	}
	got := probs.Error() + "\n"
	if got != string(want) {
		t.Errorf("problems:\n%s\nwant (testdata/bad.want):\n%s", got, want)
	}
}

func TestLoadStructuralMistakes(t *testing.T) {
	tests := []struct {
		name, file, want string
	}{
		{"no front matter", "## Reading\n", "x.md:1: a lesson file starts with a line --- that opens its front matter"},
		{"unclosed front matter", "---\nslug: a\n", "x.md:1: the front matter opened here is never closed with a line ---"},
		{"bad yaml", "---\nslug: [a\n---\n", "x.md:"},
		{"no questions heading", "---\nslug: a\ntitle: T\nsummary: S\nsource: roshchin-1950-10-03\nskills: [sourcing]\n---\n## R\ntext\n",
			"x.md:10: the lesson has no ## Questions heading"},
		{"question before heading", "---\nslug: a\ntitle: T\nsummary: S\nsource: roshchin-1950-10-03\nskills: [sourcing]\n---\n## R\ntext\n```question\nid: q\n```\n",
			"x.md:10: a question block must come after the ## Questions heading"},
		{"unclosed question", "---\nslug: a\ntitle: T\nsummary: S\nsource: roshchin-1950-10-03\nskills: [sourcing]\n---\n## R\ntext\n## Questions\n```question\nid: q\n",
			"x.md:11: the question block opened here is never closed with ```"},
		{"unknown source", "---\nslug: a\ntitle: T\nsummary: S\nsource: nowhere\nskills: [sourcing]\n---\n", "x.md:5: unknown source \"nowhere\""},
		{"prose after questions", "---\nslug: a\ntitle: T\nsummary: S\nsource: roshchin-1950-10-03\nskills: [sourcing]\n---\n## R\ntext\n## Questions\nstray\n",
			"x.md:11: only ```question blocks may follow the ## Questions heading"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, probs := parseFile("x.md", []byte(tt.file))
			if !strings.Contains(probs.Error(), tt.want) {
				t.Errorf("problems:\n%s\nwant a line containing %q", probs.Error(), tt.want)
			}
		})
	}
}

func TestGoodLessonLoads(t *testing.T) {
	u, err := LoadDir("testdata/good")
	if err != nil {
		t.Fatal(err)
	}
	l := u.Lessons[0]
	if l.Slug != "first-look" || len(l.Questions) != 1 || l.Source == nil {
		t.Fatalf("lesson = %+v", l)
	}
	if got := string(l.Sections[0].HTML); !strings.Contains(got, `<a class="cite" href="/sources/roshchin-1950-10-03#p5.s1">p5.s1</a>`) {
		t.Errorf("citation not linked: %s", got)
	}
	if got := l.Cites(); strings.Join(got, ",") != "p5.s1" {
		t.Errorf("Cites() = %v", got)
	}
}

// TestReadmeExampleIsValid keeps the README's example lesson loadable.
func TestReadmeExampleIsValid(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	start := strings.Index(string(readme), "````markdown\n")
	end := strings.Index(string(readme), "\n````\n")
	if start < 0 || end < start {
		t.Fatal("README has no ````markdown example")
	}
	example := string(readme)[start+len("````markdown\n") : end+1]
	good, err := os.ReadFile("testdata/good/01-first-look.md")
	if err != nil {
		t.Fatal(err)
	}
	if example != string(good) {
		t.Errorf("README example and testdata/good/01-first-look.md differ: keep them the same")
	}
	if _, probs := parseFile("example.md", []byte(example)); len(probs) > 0 {
		t.Errorf("README example does not load:\n%v", probs)
	}
}
