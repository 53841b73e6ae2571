package templates

import (
	"html/template"
	"net/url"
	"strconv"
	"strings"
)

// blockGroup is a run of consecutive blocks that the page lays out as one
// part of the document: the service header, the addressing, Mao's quoted
// message (with its signature), Roshchin's numbered points, and so on.
type blockGroup struct {
	Part   string // header, addressing, message, points, commentary, signature, footer
	Blocks []BlockView
}

// docPart maps a block kind to the part of the document it belongs to.
func docPart(kind string) string {
	switch kind {
	case "message", "message-signature":
		return "message"
	case "point":
		return "points"
	case "header", "addressing", "commentary", "signature", "footer":
		return kind
	default:
		return "other"
	}
}

// groupBlocks joins consecutive blocks of the same part, so that, for
// instance, all paragraphs of Mao's message sit in one quotation.
func groupBlocks(blocks []BlockView) []blockGroup {
	var groups []blockGroup
	for _, b := range blocks {
		part := docPart(b.Kind)
		if n := len(groups); n > 0 && groups[n-1].Part == part {
			groups[n-1].Blocks = append(groups[n-1].Blocks, b)
			continue
		}
		groups = append(groups, blockGroup{Part: part, Blocks: []BlockView{b}})
	}
	return groups
}

// tipID is the element id of a glossary tip inside a sentence. It is
// derived from the sentence and the run, so it is unique on the page.
func tipID(sentenceID string, part int) string {
	return "tip-" + sentenceID + "-" + strconv.Itoa(part)
}

// inlinePrompt turns a prompt rendered from Markdown into phrasing content,
// fit for a <legend>: the <p> wrapper goes, and further paragraphs are
// separated by line breaks.
func inlinePrompt(h template.HTML) template.HTML {
	s := strings.TrimSpace(string(h))
	if !strings.HasPrefix(s, "<p>") || !strings.HasSuffix(s, "</p>") {
		return template.HTML(s)
	}
	inner := strings.TrimSuffix(strings.TrimPrefix(s, "<p>"), "</p>")
	// Only plain paragraphs can be flattened; anything else stays as it is.
	for _, tag := range []string{"<ul", "<ol", "<blockquote", "<pre", "<table", "<div", "<h"} {
		if strings.Contains(inner, tag) {
			return template.HTML(s)
		}
	}
	inner = strings.ReplaceAll(inner, "</p>\n<p>", "<br><br>")
	inner = strings.ReplaceAll(inner, "</p><p>", "<br><br>")
	return template.HTML(inner)
}

// paragraphs splits plain text on blank lines.
func paragraphs(s string) []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// Plural picks the word for n; the handlers' messages use it too.
func Plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// statusText names a lesson status in words.
func statusText(status string) string {
	switch status {
	case "done":
		return "Done"
	case "in-progress":
		return "In progress"
	default:
		return "Not started"
	}
}

// verdictMark is the symbol shown beside a verdict; the headline says the
// same in words, so colour is never the only signal.
func verdictMark(verdict string) string {
	switch verdict {
	case "correct":
		return "✓"
	case "partly":
		return "◐"
	case "wrong":
		return "✗"
	default:
		return "…"
	}
}

// choiceInputType is the input type of a choice question.
func choiceInputType(questionType string) string {
	if questionType == "multiple" {
		return "checkbox"
	}
	return "radio"
}

// controlID is the id of one control of a question form.
func controlID(q QuestionView, parts ...string) string {
	anchor := q.Anchor
	if anchor == "" {
		anchor = "q-" + q.ID
	}
	return anchor + "-" + strings.Join(parts, "-")
}

// describedBy lists the ids that describe a question's controls: the type
// hint and, after a bad submission, the error.
func describedBy(q QuestionView) string {
	ids := []string{controlID(q, "hint")}
	if q.Error != "" {
		ids = append(ids, controlID(q, "error"))
	}
	return strings.Join(ids, " ")
}

// anchor is the element id of a question's container.
func anchor(q QuestionView) string {
	if q.Anchor != "" {
		return q.Anchor
	}
	return "q-" + q.ID
}

// writeLines is how many lines a worksheet leaves for a question's answer.
func writeLines(questionType string) int {
	if questionType == "written" {
		return 8
	}
	return 1
}

// lineSlots is a slice to range over for n lines.
func lineSlots(n int) []int { return make([]int, n) }

// pointsCount reads a rubric's points for choosing "point" or "points";
// anything but a whole 1 reads as plural.
func pointsCount(points string) int {
	n, err := strconv.Atoi(strings.TrimSpace(points))
	if err != nil {
		return 2
	}
	return n
}

// orDash shows a missing result as a dash.
func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// you words a line of feedback for the learner ("You picked it") or, on a
// teacher's page, about the student ("Picked").
func you(teacher bool, learner, aboutStudent string) string {
	if teacher {
		return aboutStudent
	}
	return learner
}

// heatGroup is a run of heatmap blocks laid out as one part of the
// document, as groupBlocks does for the reader.
type heatGroup struct {
	Part   string
	Blocks []HeatBlock
}

func groupHeat(blocks []HeatBlock) []heatGroup {
	var groups []heatGroup
	for _, b := range blocks {
		part := docPart(b.Kind)
		if n := len(groups); n > 0 && groups[n-1].Part == part {
			groups[n-1].Blocks = append(groups[n-1].Blocks, b)
			continue
		}
		groups = append(groups, heatGroup{Part: part, Blocks: []HeatBlock{b}})
	}
	return groups
}

// heatClass is the colour class of a heatmap sentence, level clamped to 0–5.
func heatClass(level int) string {
	return "heat-" + strconv.Itoa(min(max(level, 0), 5))
}

// students counts students in words: "1 student", "5 students".
func students(n int) string {
	return strconv.Itoa(n) + " " + Plural(n, "student", "students")
}

// sortKey is the value of the "sort" parameter of a sort link's URL.
func sortKey(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return ""
	}
	return u.Query().Get("sort")
}

// sortLink is the link of a gradebook column: the i-th of SortLinks, which
// hold "Name", "Username", then one per lesson.
func sortLink(links []Link, i int) (Link, bool) {
	if i < 0 || i >= len(links) {
		return Link{}, false
	}
	return links[i], true
}

// isSorted reports whether a sort link is the current sort.
func isSorted(l Link, current string) bool {
	return current != "" && sortKey(l.URL) == current
}

// ariaSort is the aria-sort of the gradebook column whose sort link is
// the i-th: "ascending" or "descending" when sorted by it, else "none".
// The student column holds two links (name and username).
func ariaSort(v Gradebook, i int) string {
	links := []int{i}
	if i == 0 {
		links = []int{0, 1}
	}
	for _, j := range links {
		if l, ok := sortLink(v.SortLinks, j); ok && isSorted(l, v.Sort) {
			if v.Descending {
				return "descending"
			}
			return "ascending"
		}
	}
	return "none"
}

// sortWords says a sort's direction: names A to Z, scores highest first.
func sortWords(l Link, desc bool) string {
	name := sortKey(l.URL) == "name" || sortKey(l.URL) == "username"
	switch {
	case name && desc:
		return "Z to A"
	case name:
		return "A to Z"
	case desc:
		return "highest first"
	}
	return "lowest first"
}

// missingCount is how many pieces of work are missing in a gradebook.
func missingCount(ls []GradebookLesson) int {
	n := 0
	for _, l := range ls {
		n += l.Missing
	}
	return n
}

// boolString is "true" or "false", for data attributes.
func boolString(b bool) string { return strconv.FormatBool(b) }

// itoa is strconv.Itoa, short for templates.
func itoa(n int) string { return strconv.Itoa(n) }

// errorAnd lists the ids describing a control: the error's, when there is
// one, then the others.
func errorAnd(err, errorID string, ids ...string) string {
	if err != "" {
		ids = append([]string{errorID}, ids...)
	}
	return strings.Join(ids, " ")
}

// lessonTitle is the title of the i-th gradebook lesson, or "".
func lessonTitle(lessons []GradebookLesson, i int) string {
	if i < 0 || i >= len(lessons) {
		return ""
	}
	return lessons[i].Title
}

// homeURL is where the logo goes: the viewer role's one home.
func homeURL(p Page) string {
	if p.HomeURL == "" {
		return "/"
	}
	return p.HomeURL
}

// zoneGroup is the time zones of one region ("Europe"); "" for UTC.
type zoneGroup struct {
	Region string
	Zones  []zoneOption
}

type zoneOption struct {
	Name  string // "America/Argentina/Buenos_Aires"
	Label string // "Argentina / Buenos Aires"
}

// zoneGroups groups IANA zone names by their region, in the order given.
func zoneGroups(zones []string) []zoneGroup {
	var gs []zoneGroup
	for _, z := range zones {
		region, place, ok := strings.Cut(z, "/")
		if !ok {
			region, place = "", z
		}
		if len(gs) == 0 || gs[len(gs)-1].Region != region {
			gs = append(gs, zoneGroup{Region: region})
		}
		label := strings.ReplaceAll(strings.ReplaceAll(place, "_", " "), "/", " / ")
		gs[len(gs)-1].Zones = append(gs[len(gs)-1].Zones, zoneOption{Name: z, Label: label})
	}
	return gs
}

// shortID is a sentence ref as its own source's reader shows it: "p9.s1"
// of "slug:p9.s1". The page says which source it is from.
func shortID(ref string) string {
	return ref[strings.LastIndexByte(ref, ':')+1:]
}
