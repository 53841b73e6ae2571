package seeds

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// TestGolden pins every block kind, sentence ID and sentence text: lessons
// cite these IDs, so any change to them must be deliberate.
func TestGolden(t *testing.T) {
	for _, d := range All() {
		var b strings.Builder
		for _, blk := range d.Blocks {
			for _, s := range blk.Sentences {
				fmt.Fprintf(&b, "%s\t%s\t%s\n", s.ID, blk.Kind, s.Text)
			}
		}
		path := filepath.Join("testdata", d.Slug+".golden")
		if *update {
			if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test ./seeds -update to create it)", err)
		}
		if got := b.String(); got != string(want) {
			t.Errorf("%s: sentences differ from %s; if the change is intended, run go test ./seeds -update and review the diff\n%s",
				d.Slug, path, firstDiff(got, string(want)))
		}
	}
}

func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return fmt.Sprintf("line %d:\n got: %s\nwant: %s", i+1, gl, wl)
		}
	}
	return ""
}

// TestSentencesCoverText checks that every sentence is an exact substring of
// the file, in order, and that nothing but white space lies between them:
// the parser loses no word and invents none.
func TestSentencesCoverText(t *testing.T) {
	for _, d := range All() {
		rest := d.Text
		for _, s := range d.Sentences() {
			i := strings.Index(rest, s.Text)
			if i < 0 {
				t.Fatalf("%s: %s not found in order: %q", d.Slug, s.ID, s.Text)
			}
			if gap := strings.TrimSpace(rest[:i]); gap != "" && !strings.HasPrefix(gap, "- ") {
				t.Errorf("%s: text %q before %s belongs to no sentence", d.Slug, gap, s.ID)
			}
			rest = rest[i+len(s.Text):]
		}
		if strings.TrimSpace(rest) != "" {
			t.Errorf("%s: trailing text %q belongs to no sentence", d.Slug, rest)
		}
	}
}

func TestTelegramStructure(t *testing.T) {
	d, ok := Lookup("roshchin-1950-10-03")
	if !ok {
		t.Fatal("built-in telegram missing")
	}
	want := map[string]string{
		"p1.s1":  "SECOND MAIN ADMINISTRATION OF THE GENERAL STAFF OF THE SOVIET SOVIET ARMY",
		"p6.s1":  "I report the answer of MAO ZEDONG to your [telegram] No. 4581:",
		"p7.s1":  `"I received your telegram of 1.10.50 [1 October 1950].`,
		"p10.s1": "In the second place, it is most likely that this will provoke an open conflict between the USA and China, as a consequence of which the Soviet Union can also be dragged into war, and the question would thus become extremely large [kraine bol'shim].",
		"p15.s4": "If you agree, then we are ready immediately to send by plane Comrades ZHOU ENLAI and LIN BIAO to your vacation place, to talk over this matter with you and to report the situation in China and Korea.",
		"p17.s1": `MAO ZEDONG 2.10.50"`,
		"p18.s1": "In our view MAO ZEDONGs answer is indicative of a change in the original position of the Chinese leadership on the Korean question.",
		"p19.s1": "The Chinese government undoubtedly could send to Korea not only five-six battle ready divisions, but even more.",
		"p20.s2": "It is possible to suppose that it has been influenced by the international situation, the worsening of the position in Korea, [and] the intrigues of the Anglo-American bloc through [Indian Prime Minister Jawaharlal] NEHRU, who has urged the Chinese toward patience and abstention [from intervention] in order to avoid catastrophe.",
		"p23.s1": "Dec[iphered by] Araushkin 12.50 3.10 [12.50 p.m 3 October]",
		"p23.s2": "Typ[ed by] Doronchenkova 13.20 3.10 [1.20 p.m. 3 October]",
		"p23.s3": "Typ[ed in] 10 copies [copies no.] 9-10 -(to file)",
	}
	for id, text := range want {
		s, ok := d.Sentence(id)
		if !ok {
			t.Errorf("%s missing", id)
			continue
		}
		if s.Text != text {
			t.Errorf("%s = %q, want %q", id, s.Text, text)
		}
	}
	kinds := map[string]BlockKind{"p1": Header, "p4": Header, "p5": Addressing, "p7": Message, "p16": Message,
		"p17": MessageSignature, "p18": Point, "p19": Point, "p20": Commentary, "p21": Signature, "p22": Signature, "p23": Footer}
	for _, b := range d.Blocks {
		if k, ok := kinds[b.ID]; ok && b.Kind != k {
			t.Errorf("%s kind = %s, want %s", b.ID, b.Kind, k)
		}
	}
	if n := d.Blocks[17].Number + d.Blocks[18].Number; n != "12" {
		t.Errorf("point numbers = %q, want 1 and 2", n)
	}
	if len(d.Blocks) != 23 {
		t.Errorf("%d blocks, want 23", len(d.Blocks))
	}
}

func TestSlipsMarked(t *testing.T) {
	d, _ := Lookup("roshchin-1950-10-03")
	var marked []string
	for _, s := range d.Sentences() {
		for _, sl := range s.Slips {
			marked = append(marked, s.ID+":"+s.Text[sl.Start:sl.End])
		}
	}
	got := strings.Join(marked, ",")
	if got != "p1.s1:SOVIET SOVIET,p12.s1:contrades" {
		t.Errorf("slips = %s", got)
	}
}

func TestSplitSentences(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"One. Two.", []string{"One.", "Two."}},
		{"See No. 4581 today. Then go.", []string{"See No. 4581 today.", "Then go."}},
		{"Dated 2.10.50 here.", []string{"Dated 2.10.50 here."}},
		{"At 12.50 p.m 3 October. Next.", []string{"At 12.50 p.m 3 October.", "Next."}},
		{"At 1.20 p.m. 3 October.", []string{"At 1.20 p.m. 3 October."}},
		{`He said "stop." Then "go."`, []string{`He said "stop."`, `Then "go."`}},
		{"A [note]. [And] more.", []string{"A [note].", "[And] more."}},
		{"ends (so). Next?", []string{"ends (so).", "Next?"}},
		{"lower. case continues", []string{"lower. case continues"}},
		{"", nil},
	}
	for _, tt := range tests {
		got := SplitSentences(tt.in)
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("SplitSentences(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzSplitSentences(f *testing.F) {
	f.Add(`"I received your telegram of 1.10.50 [1 October 1950]. We originally planned.`)
	f.Add("No. 2270 3.10")
	f.Add("a. B? C! \"D\" [e]. ")
	f.Fuzz(func(t *testing.T, para string) {
		got := SplitSentences(para)
		// Only the spaces between sentences may be dropped.
		if strings.ReplaceAll(strings.Join(got, ""), " ", "") != strings.ReplaceAll(para, " ", "") {
			t.Fatalf("split lost text: %q -> %q", para, got)
		}
		for _, s := range got {
			if s == "" {
				t.Fatalf("empty sentence from %q", para)
			}
		}
	})
}

func FuzzParse(f *testing.F) {
	raw, err := files.ReadFile(builtin[0].file)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(raw))
	f.Add("HEADER\n\nTO X\n\n\"msg.\"\n\n- 1. One. Two.\n- 2. Three.\n\nNAME\n\nDec 1\nTyp 2\n")
	f.Fuzz(func(t *testing.T, text string) {
		blocks, err := Parse(text)
		if err != nil {
			return
		}
		for _, b := range blocks {
			for _, s := range b.Sentences {
				if !strings.HasPrefix(s.ID, b.ID+".s") {
					t.Fatalf("sentence %s in block %s", s.ID, b.ID)
				}
			}
		}
	})
}

// TestExcerptQuoteLimit holds the excerpt documents to their promise: at
// most two sentences of any one archive translation are quoted (a quoted
// sentence is one in quotation marks; a heading starts the next document
// of a file that holds two), and the rest is our own summary.
func TestExcerptQuoteLimit(t *testing.T) {
	excerpts := 0
	for _, src := range builtin {
		if !src.excerpt {
			continue
		}
		excerpts++
		d, _ := Lookup(src.slug)
		quoted, total := 0, 0
		for _, b := range d.Blocks {
			if b.Kind == Heading {
				quoted = 0
			}
			for _, s := range b.Sentences {
				if strings.HasPrefix(s.Text, `"`) {
					quoted++
					total++
					if !strings.HasSuffix(s.Text, `"`) {
						t.Errorf("%s %s: a quotation must be a whole sentence of its own: %s", d.Slug, s.ID, s.Text)
					}
				}
			}
			if quoted > 2 {
				t.Errorf("%s: %d sentences quoted from one document by %s, want at most 2", d.Slug, quoted, b.ID)
			}
		}
		if strings.Contains(d.Text, "not a quotation") != (total == 0) {
			t.Errorf("%s: %d quoted sentences, and its first line must say whether it quotes", d.Slug, total)
		}
	}
	if excerpts != 5 {
		t.Errorf("%d excerpt documents, want the 5 around the telegram", excerpts)
	}
}
