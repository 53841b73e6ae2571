package pack

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Write writes the pack in the format Read reads: sources first, then
// lessons, every field of a source in a fixed order. Line endings become
// "\n", and a sentence loses the spaces around it; nothing else changes.
func Write(w io.Writer, p *Pack) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "%s\n%s\n", Header, commentOnTheFirst)
	for _, s := range p.Sources {
		split, err := splitText(&s)
		if err != nil {
			return err
		}
		fmt.Fprintf(bw, "\n%s%s %s\n", recordPrefix, sourceRecord, s.Slug)
		for _, f := range []struct{ key, value string }{
			{"title", s.Title}, {"creator", s.Creator}, {"date", s.Date}, {"kind", s.Kind},
			{"provenance", s.Provenance}, {"translation", s.Translation}, {"rights", s.Rights},
		} {
			writeField(bw, f.key, f.value, false)
		}
		writeField(bw, "text", s.Text, true)
		writeField(bw, "split", split, true)
	}
	for _, l := range p.Lessons {
		fmt.Fprintf(bw, "\n%s%s %s\n", recordPrefix, lessonRecord, l.Slug)
		writeField(bw, "file", l.Text, true)
	}
	return bw.Flush()
}

// splitText is a source's split as the pack shows it: a line per block
// ("p2 paragraph"), then a line per sentence ("  p2.s1 The text.").
func splitText(s *Source) (string, error) {
	var b strings.Builder
	for i, block := range s.Blocks {
		fmt.Fprintf(&b, "p%d %s\n", i+1, block.Kind)
		for j, sentence := range block.Sentences {
			if strings.ContainsAny(sentence, "\r\n") {
				return "", fmt.Errorf("source %s: sentence p%d.s%d holds a line break, which a pack cannot keep", s.Slug, i+1, j+1)
			}
			fmt.Fprintf(&b, "%sp%d.s%d %s\n", sentenceIndent, i+1, j+1, strings.TrimSpace(sentence))
		}
	}
	return strings.TrimSuffix(b.String(), "\n"), nil
}

// writeField writes "key: value" when the value reads back the same from
// one line, and otherwise (or always, for long) the value between a line
// "key: <<END" and a line "END", with a marker that no line of it is.
func writeField(w io.Writer, key, value string, long bool) {
	value = strings.ReplaceAll(strings.ReplaceAll(value, "\r\n", "\n"), "\r", "\n")
	oneLine := !strings.Contains(value, "\n") && value == strings.TrimSpace(value) && !strings.HasPrefix(value, heredocPrefix)
	switch {
	case oneLine && !long && value == "":
		fmt.Fprintf(w, "%s:\n", key)
	case oneLine && !long:
		fmt.Fprintf(w, "%s: %s\n", key, value)
	default:
		marker := markerFor(value)
		fmt.Fprintf(w, "%s: %s%s\n%s\n%s\n", key, heredocPrefix, marker, value, marker)
	}
}

// markerFor picks END, or END2, END3…, whichever no line of value is.
func markerFor(value string) string {
	lines := map[string]bool{}
	for _, l := range strings.Split(value, "\n") {
		lines[l] = true
	}
	marker := defaultMarker
	for n := 2; lines[marker]; n++ {
		marker = defaultMarker + strconv.Itoa(n)
	}
	return marker
}
