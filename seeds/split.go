package seeds

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Kinds of block the general splitter finds in a teacher's source. The
// telegram's own kinds (above) stay the telegram's: Parse knows its shape,
// Split knows only what most documents share.
const (
	Paragraph     BlockKind = "paragraph"
	Heading       BlockKind = "heading"
	DateLine      BlockKind = "date"
	SignatureLine BlockKind = "signature"
)

// Split divides any text into blocks and sentences with IDs p<block>.s<n>.
// Blocks are paragraphs (separated by blank lines); inside a paragraph, a
// line that is a heading, a date or a signature stays a block of its own,
// and is one sentence. It never fails: the teacher fixes what it gets
// wrong (MergeSentences, SplitSentence). The text must be UTF-8.
func Split(text string) []Block {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	var blocks []Block
	for _, para := range paragraphs(text) {
		var run []string // lines of running text, joined into one block
		flush := func() {
			if len(run) > 0 {
				blocks = append(blocks, Block{Kind: Paragraph, Sentences: sentencesOf(splitProse(strings.Join(run, " ")))})
				run = nil
			}
		}
		for _, line := range para {
			kind, text := lineKind(line, len(para))
			if kind == Paragraph {
				run = append(run, line)
				continue
			}
			flush()
			blocks = append(blocks, Block{Kind: kind, Sentences: sentencesOf([]string{text})})
		}
		flush()
	}
	Renumber(blocks)
	return blocks
}

func sentencesOf(texts []string) []Sentence {
	out := make([]Sentence, 0, len(texts))
	for _, t := range texts {
		out = append(out, Sentence{Text: t})
	}
	return out
}

// Renumber sets every block's and sentence's ID from its position.
func Renumber(blocks []Block) {
	for i := range blocks {
		blocks[i].ID = fmt.Sprintf("p%d", i+1)
		for j := range blocks[i].Sentences {
			blocks[i].Sentences[j].ID = fmt.Sprintf("p%d.s%d", i+1, j+1)
		}
	}
}

var (
	mdHeading = regexp.MustCompile(`^#{1,6}[ \t]+`)
	months    = `(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?`
	// dateLine: a line that is a date, perhaps after a place ("Moscow, 3
	// October 1950", "October 3, 1950", "1950-10-03", "3.10.1950").
	dateLine = regexp.MustCompile(`(?i)^(?:[\p{L} .'-]{1,40},\s*)?(?:` +
		`\d{1,2}(?:st|nd|rd|th)?\s+` + months + `,?\s+\d{3,4}|` +
		months + `\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{3,4}|` +
		`\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{2,4})\.?$`)
	// signatureOpen: a line that signs off ("— J. Stalin", "(signed) Mao").
	signatureOpen = regexp.MustCompile(`^(?:[-–—]+\s*\p{Lu}|\((?:signed|sgd\.?)\)|signed[:,]?\s)`)
	// closing: "Yours sincerely," and its kin close a letter.
	closing = regexp.MustCompile(`(?i)^(?:yours|sincerely|respectfully|with (?:best|kind|warm|comradely) (?:regards|greetings|wishes))\b.{0,40},$`)
)

// lineKind says whether a line of a paragraph of n lines stands alone, and
// the text it keeps (a Markdown heading loses its #).
func lineKind(line string, n int) (BlockKind, string) {
	switch {
	case mdHeading.MatchString(line):
		if t := strings.TrimSpace(mdHeading.ReplaceAllString(line, "")); t != "" {
			return Heading, t
		}
		return Paragraph, line
	case dateLine.MatchString(line):
		return DateLine, line
	case signatureOpen.MatchString(line) || closing.MatchString(line):
		return SignatureLine, line
	case looksLikeHeading(line, n):
		return Heading, line
	}
	return Paragraph, line
}

// looksLikeHeading: a short line in capitals ("TOP SECRET"), or a short
// title-cased line with no closing punctuation in a paragraph of several
// lines ("The Situation in Korea" above its text). A one-line paragraph
// of ordinary words stays a paragraph.
func looksLikeHeading(line string, n int) bool {
	if utf8.RuneCountInString(line) > 80 || !hasLetter(line) {
		return false
	}
	if !hasLower(line) && utf8.RuneCountInString(line) >= 3 {
		return true
	}
	if n < 2 || strings.ContainsAny(line[len(line)-1:], ".,;:!?\"'”)") {
		return false
	}
	words := strings.Fields(line)
	if len(words) > 10 {
		return false
	}
	for _, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		if unicode.IsLower(r) && !smallWords[w] {
			return false
		}
	}
	return true
}

var smallWords = map[string]bool{"a": true, "an": true, "the": true, "of": true, "in": true, "on": true,
	"and": true, "or": true, "to": true, "for": true, "at": true, "by": true, "with": true, "from": true}

func hasLetter(s string) bool {
	return strings.IndexFunc(s, unicode.IsLetter) >= 0
}

// proseAbbreviations end in a full stop without ending a sentence, in
// documents of any kind. Keys are lower case, without the final stop.
var proseAbbreviations = map[string]bool{
	"no": true, "nos": true, "nr": true, "mr": true, "mrs": true, "ms": true, "dr": true, "prof": true,
	"cde": true, "com": true, "gen": true, "col": true, "lt": true, "capt": true, "maj": true,
	"sgt": true, "adm": true, "gov": true, "pres": true, "sen": true, "rep": true, "rev": true, "hon": true,
	"st": true, "mt": true, "ft": true, "jr": true, "sr": true, "messrs": true, "mme": true, "mlle": true,
	"vol": true, "vols": true, "p": true, "pp": true, "ch": true, "art": true, "fig": true, "ed": true, "eds": true,
	"trans": true, "comp": true, "cf": true, "vs": true, "approx": true, "ca": true, "c": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true, "sep": true,
	"sept": true, "oct": true, "nov": true, "dec": true, "tel": true, "ref": true, "encl": true, "dept": true,
	"op": true, "f": true, "d": true, "l": true, "ll": true,
}

// splitProse splits running text into sentences. A sentence ends at '.',
// '!', '?' or '…' (after closing quotes and brackets) when space and a
// capital or an opening quote or bracket follow; not after an
// abbreviation ("Cde.", "No."), an initial ("N. V."), or a word with
// inner stops ("U.S.", "p.m."). The sentences are exact substrings; joined
// with single spaces they give back the text.
func splitProse(para string) []string {
	var out []string
	start := 0
	for i := 0; i < len(para); i++ {
		c := para[i]
		width := 1
		if strings.HasPrefix(para[i:], "…") {
			width = len("…")
		} else if c != '.' && c != '!' && c != '?' {
			continue
		}
		end := i + width
		for end < len(para) {
			if strings.IndexByte(`"')]`, para[end]) >= 0 {
				end++
			} else if r, n := utf8.DecodeRuneInString(para[end:]); r == '”' || r == '’' || r == '»' {
				end += n
			} else {
				break
			}
		}
		if end >= len(para) || para[end] != ' ' {
			i = end - 1
			continue
		}
		next := end
		for next < len(para) && para[next] == ' ' {
			next++
		}
		if next >= len(para) || !opensProse(para[next:]) {
			continue
		}
		if c == '.' && !endsSentence(wordBefore(para, i)) {
			continue
		}
		out = append(out, para[start:end])
		start = next
		i = next - 1
	}
	if start < len(para) {
		out = append(out, para[start:])
	}
	return out
}

// endsSentence is whether a full stop after word can end a sentence.
func endsSentence(word string) bool {
	word = strings.TrimLeft(word, `"'“‘«`)
	if word == "" {
		return true
	}
	lower := strings.ToLower(word)
	if proseAbbreviations[lower] {
		return false
	}
	// An initial ("N." of "N. V. Roshchin"), or a word with inner stops
	// ("U.S", "p.m", "e.g").
	if r, n := utf8.DecodeRuneInString(word); n == len(word) && unicode.IsUpper(r) {
		return false
	}
	return !strings.Contains(word, ".")
}

func opensProse(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r) || strings.ContainsRune(`"[(“‘«`, r)
}

// MergeSentences joins the sentence with the given ID to the next one in
// its block, with one space, and renumbers.
func MergeSentences(blocks []Block, id string) error {
	b, j, ok := find(blocks, id)
	if !ok {
		return fmt.Errorf("there is no sentence %s", id)
	}
	ss := blocks[b].Sentences
	if j+1 >= len(ss) {
		return fmt.Errorf("sentence %s is the last of its block: there is nothing after it to merge with", id)
	}
	ss[j].Text += " " + ss[j+1].Text
	blocks[b].Sentences = append(ss[:j+1], ss[j+2:]...)
	Renumber(blocks)
	return nil
}

// SplitSentence replaces the sentence with the given ID by parts, which
// must hold the same words in the same order (the teacher only chooses
// where one sentence ends), and renumbers.
func SplitSentence(blocks []Block, id string, parts []string) error {
	b, j, ok := find(blocks, id)
	if !ok {
		return fmt.Errorf("there is no sentence %s", id)
	}
	var kept []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			kept = append(kept, p)
		}
	}
	if strings.Join(strings.Fields(strings.Join(kept, " ")), " ") != strings.Join(strings.Fields(blocks[b].Sentences[j].Text), " ") {
		return fmt.Errorf("the words changed: put line breaks where sentences end, without changing the text")
	}
	ss := blocks[b].Sentences
	repl := sentencesOf(kept)
	rest := append([]Sentence(nil), ss[j+1:]...)
	blocks[b].Sentences = append(append(ss[:j], repl...), rest...)
	Renumber(blocks)
	return nil
}

func find(blocks []Block, id string) (block, sentence int, ok bool) {
	for i := range blocks {
		for j := range blocks[i].Sentences {
			if blocks[i].Sentences[j].ID == id {
				return i, j, true
			}
		}
	}
	return 0, 0, false
}
