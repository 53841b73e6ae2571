package names

import (
	"strconv"
	"strings"
	"testing"
)

func TestConfusable(t *testing.T) {
	alike := [][2]string{
		{"Ann", "ann"}, {"Ann", " ANN "}, {"Ann", "\u0410nn"}, {"ann", "\u0430nn"}, // Cyrillic А, а
		{"Ann", "Ann\u200b"}, {"Ann", "A\u200dnn"}, {"Ann", "Ann\ufe0f"}, // zero-width, joiner, variation selector
		{"Ann Lee", "Ann  Lee"}, {"Ann Lee", "Ann\u3000Lee"}, {"Ann Lee", "Ann\u00a0Lee"}, // spaces shown as one
		{"\u00c1nn", "A\u0301nn"}, {"Zo\u00eb", "Zoe\u0308"}, // composed and decomposed
		{"Iris", "lris"}, {"Iris", "iris"}, {"Iris", "1ris"}, // capital I, small l, digit 1
		{"Tom", "Torn"}, {"Oli", "0li"},
		{"\u041c\u0430\u0448\u0430", "Ma\u0448a"}, // Маша with Latin M and a
		{"Hana", "\u0397ana"},                     // Greek capital eta
		{"\uff21\uff4e\uff4e", "Ann"},             // full-width
		{"Strasse", "Stra\u00dfe"},                // ß folds to ss
	}
	for _, p := range alike {
		if !Confusable(p[0], p[1]) {
			t.Errorf("%+q and %+q look alike, but are not confusable", p[0], p[1])
		}
	}
	apart := [][2]string{
		{"Ann", "\u00c1nn"}, {"Ann", "Anna"}, {"Ann", "Ann Lee"}, {"iris", "lris"},
		{"Sam", "Pam"}, {"Zoe", "Zo\u00eb"}, {"Yusuf", "Y\u00fbsuf"}, {"\u674e\u534e", "\u674e\u4e2d"},
	}
	for _, p := range apart {
		if Confusable(p[0], p[1]) {
			t.Errorf("%+q and %+q look different, but are confusable", p[0], p[1])
		}
	}
}

func TestBlankAndInvisible(t *testing.T) {
	blank := []string{"", " ", "   ", "\u3164", "\u2800", "\u115f", "\u1160", "\uffa0", "\u3164\u3164 \u2800",
		"\u0301", "\u0301\u0308", " \u0301Ann", "\u200b", "\u202e\u202c", "\u3000", "\u00a0", "\ufe0f"}
	for _, s := range blank {
		if !Blank(s) {
			t.Errorf("Blank(%+q) = false", s)
		}
	}
	for _, s := range []string{"Ann", "A\u0301nn", "\u674e", "\u2764\ufe0f", "X"} {
		if Blank(s) {
			t.Errorf("Blank(%+q) = true", s)
		}
	}
	for _, r := range "\u3164\u2800\u115f\u1160\uffa0\u200b\u200c\u200d\u2060\u202e\u2066\u00ad\u034f\u180e\x00\x7f\ufffd\U000e0041" {
		if !Invisible(r) {
			t.Errorf("Invisible(%U) = false", r)
		}
	}
	for _, r := range "aA0 \u00e9\u0301\u674e\u0430\ufe0f.-'" {
		if Invisible(r) {
			t.Errorf("Invisible(%U) = true", r)
		}
	}
	if strings.ContainsFunc("Ann Lee", Invisible) {
		t.Error("an ordinary name has invisible characters")
	}
}

// FuzzConfusable: any two strings compare without a panic, a name looks
// like itself padded with spaces, and the comparison is symmetric.
func FuzzConfusable(f *testing.F) {
	for _, s := range []string{"Ann", "\u0410nn", "Iris", "\u3164", "\xff\xfe", "a\u0301\u0301\u0301"} {
		f.Add(s, "ann")
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		if !Confusable(a, " "+a+" ") {
			t.Fatalf("%+q does not look like itself", a)
		}
		if Confusable(a, b) != Confusable(b, a) {
			t.Fatalf("Confusable(%+q, %+q) is not symmetric", a, b)
		}
	})
}

// BenchmarkJoinBigClass is a join's look-alike check in a class of 2,000:
// the new name against every classmate's, as store.enrol does.
func BenchmarkJoinBigClass(b *testing.B) {
	class := make([]string, 2000)
	for i := range class {
		class[i] = "Student " + strconv.Itoa(i)
	}
	for b.Loop() {
		for _, n := range class {
			Confusable(n, "Newcomer")
		}
	}
}
