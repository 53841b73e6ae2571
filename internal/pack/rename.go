package pack

import (
	"fmt"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"
)

var (
	slugToken = regexp.MustCompile(`[a-z0-9]+(?:-[a-z0-9]+)*`)
	refToken  = regexp.MustCompile(`[a-z0-9]+(?:-[a-z0-9]+)*:p[0-9]`)
)

// Rename rewrites a lesson file for new slugs, changing nothing else: its
// own slug (the front matter's slug:) when slug is not "", and the slugs
// of its sources (renamed: old → new) where the file names them — the
// front matter's source or sources, and every ref ("old:p3.s2" in
// [[…]], cites, evidence, also and among; "old:p3" in among).
func Rename(text, slug string, renamed map[string]string) (string, error) {
	lines := strings.Split(text, "\n")
	if len(lines) < 2 || strings.TrimSpace(lines[0]) != "---" {
		return "", fmt.Errorf("the lesson file has no front matter")
	}
	end := 1
	for end < len(lines) && strings.TrimSpace(lines[end]) != "---" {
		end++
	}
	if end == len(lines) {
		return "", fmt.Errorf("the lesson file's front matter is never closed")
	}
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(strings.Join(lines[1:end], "\n")), &doc); err != nil || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return "", fmt.Errorf("the lesson file's front matter cannot be read")
	}
	top := doc.Content[0].Content
	sourceLines := map[int]bool{} // each line once: a list may start on the line of its first item
	for i := 0; i+1 < len(top); i += 2 {
		key, value := top[i].Value, top[i+1]
		switch key {
		case "slug":
			if slug != "" {
				renameOn(lines, value.Line, map[string]string{value.Value: slug})
			}
		case "source", "sources":
			sourceLines[value.Line] = true
			for _, item := range value.Content {
				sourceLines[item.Line] = true
			}
		}
	}
	for n := range sourceLines {
		renameOn(lines, n, renamed)
	}
	for i := end + 1; i < len(lines); i++ {
		lines[i] = replaceTokens(lines[i], refToken, renamed, func(m string) string { return m[:strings.IndexByte(m, ':')] })
	}
	return strings.Join(lines, "\n"), nil
}

// renameOn renames slugs standing alone on line n of the front matter
// (which is lines[n], after the opening ---): a key ("sources:") is
// never taken for a slug.
func renameOn(lines []string, n int, renamed map[string]string) {
	if n < 1 || n >= len(lines) {
		return
	}
	lines[n] = replaceTokens(lines[n], slugToken, renamed, func(m string) string { return m })
}

// replaceTokens replaces the slug part of each match of re that stands
// alone (no slug character before it, and no slug character or colon
// after it when the match is a bare slug) by its new name.
func replaceTokens(line string, re *regexp.Regexp, renamed map[string]string, slugOf func(string) string) string {
	var b strings.Builder
	last := 0
	for _, m := range re.FindAllStringIndex(line, -1) {
		match := line[m[0]:m[1]]
		old := slugOf(match)
		if m[0] > 0 && isSlugByte(line[m[0]-1]) {
			continue
		}
		if old == match && m[1] < len(line) && (isSlugByte(line[m[1]]) || line[m[1]] == ':') {
			continue
		}
		name, ok := renamed[old]
		if !ok {
			continue
		}
		b.WriteString(line[last:m[0]])
		b.WriteString(name)
		last = m[0] + len(old)
	}
	b.WriteString(line[last:])
	return b.String()
}

func isSlugByte(c byte) bool { return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' }
