// Package seeds holds the source documents, byte for byte as received, and
// parses each into blocks and sentences with stable IDs that lessons cite.
package seeds

import (
	"embed"
	"fmt"
	"strings"
	"sync"
)

//go:embed *.txt
var files embed.FS

// A Document is one primary source, parsed.
type Document struct {
	Slug       string // URL name: /sources/{slug}
	Title      string
	Provenance string // where the original is held and who translated it
	File       string // file name under seeds/
	Text       string // the file's bytes, unchanged
	Blocks     []Block

	byID map[string]*Sentence
}

// Sentence returns the sentence with the given ID ("p7.s2").
func (d *Document) Sentence(id string) (*Sentence, bool) {
	s, ok := d.byID[id]
	return s, ok
}

// Sentences returns every sentence in document order.
func (d *Document) Sentences() []*Sentence {
	var out []*Sentence
	for i := range d.Blocks {
		for j := range d.Blocks[i].Sentences {
			out = append(out, &d.Blocks[i].Sentences[j])
		}
	}
	return out
}

// source describes a seed file: what the file itself cannot say. A
// telegram is parsed by its shape (Parse); an excerpt document, which
// quotes a few sentences of an archive translation between notes in our
// own words, is cut by the general splitter (Split), as a teacher's is.
type source struct {
	slug, title, provenance, file string
	slips                         []slipRule
	excerpt                       bool
}

// slipRule names a slip of the original typing, found by its exact text.
type slipRule struct{ text, note string }

var builtin = []source{{
	slug:  "roshchin-1950-10-03",
	title: "Ciphered telegram from Roshchin in Beijing to Filippov [Stalin], 3 October 1950",
	provenance: "Archive of the President of the Russian Federation (APRF), fond 45, opis 1, delo 334, " +
		"listy 105–106. English translation by Alexandre Y. Mansourov, Cold War International History " +
		"Project Bulletin 6–7 (Winter 1995/96).",
	file: "1950-10-03-roshchin-to-filippov-mao-reply.txt",
	slips: []slipRule{
		{"SOVIET SOVIET", "the word is typed twice in the published English translation"},
		{"contrades", "a typing slip for “comrades” in the published English translation"},
	},
}, {
	// The documents around the telegram (lesson 9): short excerpts, each
	// quoting at most two sentences of the archive's English translation,
	// checked word for word against the page named in its provenance.
	slug:  "stalin-1950-10-01",
	title: "Stalin to Mao Zedong and Zhou Enlai, telegram No. 4581, 1 October 1950 (our summary)",
	provenance: "Wilson Center Digital Archive, “Ciphered Telegram, Filippov [Stalin] to Mao Zedong and Zhou Enlai " +
		"(via Roshchin)”, 1 October 1950: https://digitalarchive.wilsoncenter.org/document/" +
		"ciphered-telegram-filippov-stalin-mao-zedong-and-zhou-enlai-roshchin. The copy of that page we could check " +
		"showed only the Russian text, with a note that it was passed on through Bulganin; it showed no archive " +
		"reference or translator, so nothing is quoted here. The number 4581 is the one the 3 October telegram " +
		"answers (“your [telegram] No. 4581”).",
	file:    "1950-10-01-stalin-to-mao-4581.txt",
	excerpt: true,
}, {
	slug:  "stalin-1950-10-05",
	title: "Stalin to Mao Zedong, 5 October 1950 (excerpt, with our summary)",
	provenance: "Wilson Center Digital Archive, “Letter, Cde. Filippov [Stalin] for Mao Zedong”, 5 October 1950: " +
		"https://digitalarchive.wilsoncenter.org/document/letter-cde-filippov-stalin-mao-zedong. The archive " +
		"reference and translator are given on that page under Document Information; the copy we checked did not " +
		"show that part. Stalin copied the same letter into his letter to Kim Il Sung of 8 October.",
	file:    "1950-10-05-stalin-to-mao.txt",
	excerpt: true,
}, {
	slug:  "stalin-kim-1950-10-08",
	title: "Stalin to Kim Il Sung, 8 October 1950 (excerpt, with our summary)",
	provenance: "Wilson Center Digital Archive, “Letter from Feng Xi (Stalin) to Kim Il Sung (via Shtytkov)”, " +
		"8 October 1950 (the archive's title spells the Soviet ambassador Shtykov's name “Shtytkov”): " +
		"https://digitalarchive.wilsoncenter.org/document/letter-feng-xi-stalin-kim-il-sung-shtytkov. Feng Xi " +
		"was another of Stalin's cover names. The archive reference and translator are given on that page under " +
		"Document Information; the copy we checked did not show that part.",
	file:    "1950-10-08-stalin-to-kim.txt",
	excerpt: true,
}, {
	slug:  "stalin-zhou-1950-10-11",
	title: "Stalin and Zhou Enlai to Mao, 11 October 1950, and Mao's halt, 12 October 1950 (excerpts, with our summary)",
	provenance: "The cable: Wilson Center Digital Archive, “Cable No. 4785, Filippov [Stalin] and Zhou Enlai to " +
		"the Soviet Ambassador in Peking”, 11 October 1950: https://digitalarchive.wilsoncenter.org/document/" +
		"cable-no-4785-filippov-stalin-and-zhou-enlai-soviet-ambassador-peking (the page's title gives No. 4785, " +
		"its text “Cable Nº 4784”; its archive reference and translator are under Document Information, which the " +
		"copy we checked did not show). Mao's answer: Wilson Center Digital Archive, “Ciphered Telegram No. 25553, " +
		"Roshchin to Filippov [Stalin]”, 12 October 1950, AP RF, f. 45, op. 1, d. 334, l. 141, and RGASPI, f. 558, " +
		"op. 11, d. 334, ll. 0141; translated by Gary Goldberg: https://digitalarchive.wilsoncenter.org/document/" +
		"ciphered-telegram-no-25553-roshchin-filippov-stalin.",
	file:    "1950-10-11-stalin-zhou-and-mao-halt.txt",
	excerpt: true,
}, {
	slug:  "roshchin-1950-10-13",
	title: "Roshchin to Filippov [Stalin], 13 October 1950: “past hesitations” (excerpt, with our summary)",
	provenance: "Wilson Center Digital Archive, “Ciphered Telegram, Roshchin to Filippov (Stalin)”, 13 October " +
		"1950, ciphered telegram No. 25629, received in Moscow at 01:38 on 14 October: " +
		"https://digitalarchive.wilsoncenter.org/document/ciphered-telegram-roshchin-filippov-stalin. The same " +
		"English text is Document 19 in Alexandre Y. Mansourov's translations, “Stalin, Mao, Kim, and China's " +
		"Decision to Enter the Korean War”, Cold War International History Project Bulletin 6–7 (Winter " +
		"1995/96), where it is dated 14 October, the day it reached Moscow.",
	file:    "1950-10-13-roshchin-past-hesitations.txt",
	excerpt: true,
}}

var loadAll = sync.OnceValues(func() ([]*Document, error) {
	var docs []*Document
	for _, src := range builtin {
		raw, err := files.ReadFile(src.file)
		if err != nil {
			return nil, err
		}
		d, err := newDocument(src, string(raw))
		if err != nil {
			return nil, fmt.Errorf("seeds/%s: %w", src.file, err)
		}
		docs = append(docs, d)
	}
	return docs, nil
})

// All returns the built-in documents, parsed once. A seed that fails to
// parse is a build mistake, so it panics; the tests catch it first.
func All() []*Document {
	docs, err := loadAll()
	if err != nil {
		panic(err)
	}
	return docs
}

// Lookup returns the built-in document with the given slug.
func Lookup(slug string) (*Document, bool) {
	for _, d := range All() {
		if d.Slug == slug {
			return d, true
		}
	}
	return nil, false
}

// NewDocument makes a document that is not built in from its text, split
// already (Split, then the teacher's merges and splits). Sentence IDs are
// the blocks' own.
func NewDocument(slug, title, provenance, text string, blocks []Block) *Document {
	d := &Document{Slug: slug, Title: title, Provenance: provenance, Text: text, Blocks: blocks, byID: map[string]*Sentence{}}
	for _, s := range d.Sentences() {
		d.byID[s.ID] = s
	}
	return d
}

func newDocument(src source, text string) (*Document, error) {
	var blocks []Block
	var err error
	if src.excerpt {
		blocks = Split(text)
	} else if blocks, err = Parse(text); err != nil {
		return nil, err
	}
	d := &Document{Slug: src.slug, Title: src.title, Provenance: src.provenance,
		File: src.file, Text: text, Blocks: blocks, byID: map[string]*Sentence{}}
	found := map[string]bool{}
	for _, s := range d.Sentences() {
		d.byID[s.ID] = s
		for _, rule := range src.slips {
			if i := strings.Index(s.Text, rule.text); i >= 0 {
				s.Slips = append(s.Slips, Slip{Start: i, End: i + len(rule.text), Note: rule.note})
				found[rule.text] = true
			}
		}
	}
	for _, rule := range src.slips {
		if !found[rule.text] {
			return nil, fmt.Errorf("slip %q not found in any sentence", rule.text)
		}
	}
	return d, nil
}
