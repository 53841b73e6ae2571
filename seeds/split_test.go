package seeds

import (
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// layout prints blocks as "p1 heading | text" lines, one per sentence.
func layout(blocks []Block) string {
	var b strings.Builder
	for _, blk := range blocks {
		for _, s := range blk.Sentences {
			b.WriteString(s.ID + " " + string(blk.Kind) + " | " + s.Text + "\n")
		}
	}
	return b.String()
}

func TestSplitBlocks(t *testing.T) {
	text := "# Letter to the Central Committee\n\nMoscow, 3 October 1950\n\n" +
		"Dear comrades,\nwe have read your telegram. It raises\nthree questions!\n\n" +
		"TOP SECRET\nThe Situation in Korea\nThe front is broken. What now?\n\n" +
		"Yours sincerely,\n— J. Stalin\n\nOctober 3, 1950\n"
	want := "p1.s1 heading | Letter to the Central Committee\n" +
		"p2.s1 date | Moscow, 3 October 1950\n" +
		"p3.s1 paragraph | Dear comrades, we have read your telegram.\n" +
		"p3.s2 paragraph | It raises three questions!\n" +
		"p4.s1 heading | TOP SECRET\n" +
		"p5.s1 heading | The Situation in Korea\n" +
		"p6.s1 paragraph | The front is broken.\n" +
		"p6.s2 paragraph | What now?\n" +
		"p7.s1 signature | Yours sincerely,\n" +
		"p8.s1 signature | — J. Stalin\n" +
		"p9.s1 date | October 3, 1950\n"
	if got := layout(Split(text)); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestSplitAbbreviations(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Cde. Zhou Enlai met Cde. Kim. They spoke.", "Cde. Zhou Enlai met Cde. Kim.|They spoke."},
		{"See telegram No. 4581 of today. It was sent.", "See telegram No. 4581 of today.|It was sent."},
		{"Mr. Acheson and Dr. Jessup arrived. Gen. MacArthur did not.", "Mr. Acheson and Dr. Jessup arrived.|Gen. MacArthur did not."},
		{"The U.S. Army crossed. The U.S.S.R. watched.", "The U.S. Army crossed.|The U.S.S.R. watched."},
		{"Signed by N. V. Roshchin. Copy to Cde. Stalin.", "Signed by N. V. Roshchin.|Copy to Cde. Stalin."},
		{"At 10 p.m. Beijing time. Then “We agree.” He left.", "At 10 p.m. Beijing time.|Then “We agree.”|He left."},
		{"Wait… Then go. (See p. 4.) Done", "Wait…|Then go.|(See p. 4.)|Done"},
		{"It cost 3.5 million. yes, lower case goes on.", "It cost 3.5 million. yes, lower case goes on."},
	} {
		if got := strings.Join(splitProse(c.in), "|"); got != c.want {
			t.Errorf("splitProse(%q)\n got %q\nwant %q", c.in, got, c.want)
		}
	}
}

func TestMergeAndSplitSentence(t *testing.T) {
	blocks := Split("He met Gen. Peng. He left.\n\nSecond block.")
	// "Gen." is known; pretend the splitter cut after "Peng." wrongly.
	if err := MergeSentences(blocks, "p1.s1"); err != nil {
		t.Fatal(err)
	}
	if got := layout(blocks); got != "p1.s1 paragraph | He met Gen. Peng. He left.\np2.s1 paragraph | Second block.\n" {
		t.Errorf("after merge:\n%s", got)
	}
	if err := MergeSentences(blocks, "p1.s1"); err == nil {
		t.Error("merged the last sentence of a block with the next block")
	}
	if err := SplitSentence(blocks, "p1.s1", []string{"He met Gen. Peng.", "He left!"}); err == nil {
		t.Error("a split that changes the words was accepted")
	}
	if err := SplitSentence(blocks, "p1.s1", []string{"He met Gen.", "Peng. He left."}); err != nil {
		t.Fatal(err)
	}
	if got := layout(blocks); got != "p1.s1 paragraph | He met Gen.\np1.s2 paragraph | Peng. He left.\np2.s1 paragraph | Second block.\n" {
		t.Errorf("after split:\n%s", got)
	}
	if err := MergeSentences(blocks, "p9.s9"); err == nil {
		t.Error("merged a sentence that does not exist")
	}
}

// FuzzSplit: any text splits without panic into well-numbered, non-empty,
// trimmed sentences that keep every non-space character of the text (but
// a Markdown heading's #), in order.
func FuzzSplit(f *testing.F) {
	f.Add("# T\n\nMoscow, 3 October 1950\n\nCde. Kim. U.S. Army. N. V. Roshchin.\n— Mao\n")
	f.Add("a\r\nb\rc…” D")
	f.Add("##  \n\n\t.\n")
	f.Fuzz(func(t *testing.T, text string) {
		if !utf8.ValidString(text) {
			t.Skip("Split takes text; the web refuses anything not UTF-8")
		}
		blocks := Split(text)
		var got strings.Builder
		for i, b := range blocks {
			if len(b.Sentences) == 0 {
				t.Fatalf("block %d is empty", i+1)
			}
			for j, s := range b.Sentences {
				if s.ID != b.ID+".s"+itoa(j+1) || b.ID != "p"+itoa(i+1) {
					t.Fatalf("ID %s at block %d sentence %d", s.ID, i+1, j+1)
				}
				if s.Text == "" || strings.TrimSpace(s.Text) != s.Text {
					t.Fatalf("sentence %s is %q", s.ID, s.Text)
				}
				got.WriteString(s.Text)
			}
		}
		var want strings.Builder
		norm := strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n")
		for _, line := range strings.Split(norm, "\n") {
			line = strings.TrimSpace(line)
			if m := mdHeading.FindString(line); m != "" && strings.TrimSpace(line[len(m):]) != "" {
				line = line[len(m):]
			}
			want.WriteString(line)
		}
		if noSpace(got.String()) != noSpace(want.String()) {
			t.Fatalf("text changed:\n got %q\nwant %q", noSpace(got.String()), noSpace(want.String()))
		}
	})
}

func noSpace(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

func itoa(n int) string { return strconv.Itoa(n) }
