package seeds

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
)

// BlockKind says what part of a telegram a block is. The reader lays each
// kind out differently, and lessons talk about them by these names.
type BlockKind string

const (
	Header           BlockKind = "header"            // service header: agency, number, copy list, receipt
	Addressing       BlockKind = "addressing"        // "TO FILIPPOV" and the sender's opening line
	Message          BlockKind = "message"           // the quoted message, which spans many paragraphs
	MessageSignature BlockKind = "message-signature" // the quoted author's name and date, closing the quote
	Point            BlockKind = "point"             // a numbered commentary point ("- 1. …")
	Commentary       BlockKind = "commentary"        // the sender's unnumbered commentary
	Signature        BlockKind = "signature"         // the sender's name and outgoing number
	Footer           BlockKind = "footer"            // decipher and typing notes, one sentence a line
)

// A Block is a paragraph of the document, or one numbered point.
type Block struct {
	ID        string    // "p7": stable, counted from the top of the document
	Kind      BlockKind //
	Number    string    // the point's number ("1") for Point blocks
	Sentences []Sentence
}

// A Sentence is an exact substring of the document: its Text keeps every
// byte as received, quotation marks and editorial brackets included.
type Sentence struct {
	ID    string // "p7.s2": block ID and position, stable as long as the text is
	Text  string
	Slips []Slip // slips of the original typing, to be shown with [sic]
}

// A Slip marks a slip of the original inside a sentence's Text.
type Slip struct {
	Start, End int    // byte offsets into Sentence.Text
	Note       string // what the slip is, for a reader who wonders
}

var pointMarker = regexp.MustCompile(`^- (\d+)\. `)

// Parse splits a telegram into blocks and sentences. It knows the shape of
// a Soviet ciphered telegram as translated in the archive editions: a service
// header, the addressing line, a quoted message, numbered commentary points,
// the sender's signature and the decipher/typing footer.
func Parse(text string) ([]Block, error) {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	var blocks []Block
	add := func(kind BlockKind, number string, sentences []string) {
		id := fmt.Sprintf("p%d", len(blocks)+1)
		b := Block{ID: id, Kind: kind, Number: number}
		for i, s := range sentences {
			b.Sentences = append(b.Sentences, Sentence{ID: fmt.Sprintf("%s.s%d", id, i+1), Text: s})
		}
		blocks = append(blocks, b)
	}

	const (
		inHeader = iota
		inAddressing
		inMessage
		afterMessage
		inSignature
		inFooter
	)
	state := inHeader
	for _, para := range paragraphs(text) {
		first := para[0]
		if state == inHeader && strings.HasPrefix(first, "TO ") {
			state = inAddressing
		}
		if state == inAddressing && strings.HasPrefix(first, `"`) {
			state = inMessage
		}
		switch state {
		case inHeader:
			add(Header, "", []string{strings.Join(para, " ")})
		case inAddressing:
			add(Addressing, "", SplitSentences(strings.Join(para, " ")))
		case inMessage:
			joined := strings.Join(para, " ")
			kind := Message
			if strings.HasSuffix(joined, `"`) {
				state = afterMessage
				if !hasLower(joined) {
					kind = MessageSignature
				}
			}
			add(kind, "", SplitSentences(joined))
		case afterMessage, inSignature:
			switch {
			case pointMarker.MatchString(first):
				// Numbered points may follow one another without a blank line.
				for _, item := range splitPoints(para) {
					m := pointMarker.FindStringSubmatch(item)
					add(Point, m[1], SplitSentences(item[len(m[0]):]))
				}
			case len(para) == 1 && (!hasLower(first) || strings.HasPrefix(first, "No. ")):
				state = inSignature
				add(Signature, "", []string{first})
			case state == inSignature:
				state = inFooter
				add(Footer, "", para) // one sentence a line: each is a separate note
			default:
				add(Commentary, "", SplitSentences(strings.Join(para, " ")))
			}
		case inFooter:
			add(Footer, "", para)
		}
	}
	if state < afterMessage {
		return nil, fmt.Errorf("no complete quoted message found (a paragraph opening with \" and one closing with \")")
	}
	return blocks, nil
}

// paragraphs splits text at blank lines into lists of trimmed lines.
func paragraphs(text string) [][]string {
	var paras [][]string
	var cur []string
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			if cur != nil {
				paras = append(paras, cur)
				cur = nil
			}
			continue
		}
		cur = append(cur, line)
	}
	if cur != nil {
		paras = append(paras, cur)
	}
	return paras
}

// splitPoints groups a paragraph's lines into numbered items; a line that
// does not open a new item continues the previous one.
func splitPoints(lines []string) []string {
	var items []string
	for _, l := range lines {
		if pointMarker.MatchString(l) || len(items) == 0 {
			items = append(items, l)
			continue
		}
		items[len(items)-1] += " " + l
	}
	return items
}

func hasLower(s string) bool {
	for _, r := range s {
		if unicode.IsLower(r) {
			return true
		}
	}
	return false
}

// abbreviations end in a full stop without ending a sentence.
var abbreviations = map[string]bool{
	"no": true, "nos": true, "p.m": true, "a.m": true, "mr": true, "dr": true,
	"e.g": true, "i.e": true, "cf": true, "vol": true, "comp": true,
}

// SplitSentences splits a paragraph into sentences. A sentence ends at '.',
// '!' or '?' (after any closing quotes and brackets) when white space and a
// capital letter, an opening quote or bracket follow, and the word before
// is not an abbreviation. So "No. 4581", "2.10.50" and "p.m 3 October"
// never end a sentence. The returned sentences are exact substrings, and
// joined with single spaces they give back the paragraph.
func SplitSentences(para string) []string {
	var out []string
	start := 0
	for i := 0; i < len(para); i++ {
		c := para[i]
		if c != '.' && c != '!' && c != '?' {
			continue
		}
		end := i + 1
		for end < len(para) && strings.IndexByte(`"')]`, para[end]) >= 0 {
			end++
		}
		if end >= len(para) || para[end] != ' ' {
			continue
		}
		next := end
		for next < len(para) && para[next] == ' ' {
			next++
		}
		if next >= len(para) || !opensSentence(para[next]) {
			continue
		}
		if c == '.' && abbreviations[strings.ToLower(wordBefore(para, i))] {
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

func opensSentence(c byte) bool {
	return ('A' <= c && c <= 'Z') || c == '"' || c == '[' || c == '('
}

// wordBefore returns the word that ends at para[i] (exclusive), inner
// full stops included ("p.m"), opening brackets excluded.
func wordBefore(para string, i int) string {
	j := i
	for j > 0 && para[j-1] != ' ' && para[j-1] != '[' && para[j-1] != '(' {
		j--
	}
	return para[j:i]
}
