package web

import (
	"cmp"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/ciphergram/ciphergram/internal/store"
	"github.com/ciphergram/ciphergram/lessons"
	"github.com/ciphergram/ciphergram/seeds"
	"github.com/ciphergram/ciphergram/templates"
)

// The lesson builder: a teacher's lesson as forms, one fieldset a
// question (lesson_builder_form.go reads it back, lesson_builder_save.go
// saves it). Only the lesson's owner finds it; to anyone else it does not
// exist.

func lessonEditURL(slug string) string { return teacherLessonURL(slug) + "/edit" }

// lessonBuilder is GET /teach/lessons/{slug}/edit: the draft, or the
// newest published version (saving it makes the next version's draft).
func (s *Server) lessonBuilder(w http.ResponseWriter, r *http.Request, u *store.User) {
	v, err := s.db.LatestLessonVersion(r.Context(), u.ID, r.PathValue("slug"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	edits := 0
	if v.Draft() {
		edits = v.Edits
	}
	in := builderInput{edits: edits, note: versionNote(v)}
	in.draft, err = lessons.ReadDraft(v.Text)
	if err != nil {
		in.draft, in.unreadable = &lessons.Draft{Slug: v.Slug}, err.Error()
	}
	s.renderBuilder(w, r, u, http.StatusOK, in)
}

// versionNote says what saving does to a published version: it never
// changes; the save makes the next version's draft.
func versionNote(v *store.LessonVersion) string {
	if v.Draft() {
		return "Draft of version " + strconv.Itoa(v.Version) + "."
	}
	return "Version " + strconv.Itoa(v.Version) + " is published and never changes: saving makes a draft of version " + strconv.Itoa(v.Version+1) + "."
}

// builderInput is what the builder shows: a draft, with what the check
// or the save said about it.
type builderInput struct {
	draft      *lessons.Draft
	edits      int
	errMsg     string
	unreadable string
	note       string
	probs      lessons.Problems
	fields     []string // the field of each line of the written draft, for probs
}

func (s *Server) renderBuilder(w http.ResponseWriter, r *http.Request, u *store.User, status int, in builderInput) {
	d := in.draft
	text, _ := d.Write()
	docs, _, err := s.lessonDocs(r.Context(), u.ID, text, nil)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// Built twice: first to learn which fields there are, then with each
	// problem beside the field it concerns.
	b := &builderView{known: map[string]bool{}}
	b.page(d, docs)
	b.errs = map[string][]string{}
	var summary []templates.BuilderProblem
	for _, p := range in.probs {
		name := b.resolve(lessons.ProblemField(in.fields, p))
		msg := p.Msg
		if name == "" {
			msg = "Line " + strconv.Itoa(p.Line) + " of the text: " + msg
		}
		b.errs[name] = append(b.errs[name], msg)
		summary = append(summary, templates.BuilderProblem{Msg: msg, Anchor: anchorOf(name)})
	}
	v := b.page(d, docs)
	v.Page = s.page(r, u, cmp.Or(d.Title, d.Slug), "teach")
	v.Page.Flash = s.takeFlash(w, r)
	v.Slug, v.Action, v.OverviewURL, v.TextURL = d.Slug, lessonEditURL(d.Slug), "/teach/lessons/"+d.Slug, "/teach/lessons/"+d.Slug+"/text"
	v.Edits, v.Error, v.Unreadable, v.Problems, v.MaxQuestions, v.Note = in.edits, in.errMsg, in.unreadable, summary, maxBuilderQuestions, in.note
	s.render(w, r, status, templates.LessonBuilderView(v))
}

// anchorOf is where the summary's link for a problem goes: the field, or
// for the sentences picked, the message beside them.
func anchorOf(name string) string {
	switch {
	case name == "":
		return ""
	case strings.HasSuffix(name, ".evidence") || strings.HasSuffix(name, ".also"):
		return templates.FieldID(name) + "-error"
	}
	return templates.FieldID(name)
}

// builderView builds the forms' view of a draft, noting every field's
// name and giving each its problems.
type builderView struct {
	known map[string]bool
	errs  map[string][]string
}

func (b *builderView) err(name string) string {
	b.known[name] = true
	return strings.Join(b.errs[name], " ")
}

func (b *builderView) field(name, label, kind, value string) templates.BuilderField {
	return templates.BuilderField{Name: name, Label: label, Kind: kind, Value: value, Error: b.err(name)}
}

func (b *builderView) hinted(f templates.BuilderField, hint string) templates.BuilderField {
	f.Hint = hint
	return f
}

// resolve finds the field shown for a problem's field: itself, the ID
// of a row, or the nearest enclosing list or question.
func (b *builderView) resolve(name string) string {
	for name != "" {
		if b.known[name] {
			return name
		}
		if b.known[name+".id"] {
			return name + ".id"
		}
		i := strings.LastIndexByte(name, '.')
		if i < 0 {
			break
		}
		name = name[:i]
	}
	return ""
}

var typeLabels = map[lessons.Type]string{
	lessons.Single: "Single choice", lessons.Multiple: "Multiple select", lessons.TrueFalse: "True or false",
	lessons.Short: "Short answer", lessons.Ordering: "Ordering", lessons.Matching: "Matching",
	lessons.Evidence: "Evidence: pick sentences", lessons.Written: "Written, graded with a rubric",
}

func (b *builderView) page(d *lessons.Draft, docs []*seeds.Document) templates.BuilderPage {
	var known []string
	for _, doc := range docs {
		known = append(known, doc.Slug)
	}
	v := templates.BuilderPage{Details: []templates.BuilderField{
		b.field("title", "Title", "text", d.Title),
		b.hinted(b.field("summary", "Summary", "area", d.Summary), "One or two sentences, shown in the list of lessons."),
		b.hinted(b.field("sources", "Sources", "text", strings.Join(d.Sources, " ")),
			"The slugs of the sources the lesson reads, first the main one, separated by spaces. Yours and the built-in: "+strings.Join(known, ", ")+"."),
	}}
	v.Skills = b.field("skills", "Skills it trains", "checks", "")
	// The lesson's own skills first, in its order (the first is its main
	// one), so that saving keeps the order; then the others.
	v.Skills.Hint = "The first ticked is shown first."
	skills := slices.DeleteFunc(slices.Clone(d.Skills), func(sk string) bool { return !slices.Contains(lessons.Skills, sk) })
	for _, sk := range lessons.Skills {
		if !slices.Contains(skills, sk) {
			skills = append(skills, sk)
		}
	}
	for _, sk := range skills {
		v.Skills.Options = append(v.Skills.Options, templates.BuilderOption{Value: sk, Label: sk, Checked: slices.Contains(d.Skills, sk)})
	}
	v.Glossary = b.list("glossary", "Glossary", "Words a learner may not know. Leave a row empty to remove it.", len(d.Glossary), 1,
		func(i int, p string) (string, []templates.BuilderField) {
			e := at(d.Glossary, i)
			return "Term " + strconv.Itoa(i+1), []templates.BuilderField{b.field(p+"term", "Term", "text", e.Term), b.field(p+"meaning", "Meaning", "area", e.Meaning)}
		})
	v.Sections = b.list("sections", "Reading", "Sections of Markdown. Cite a sentence as [[p9.s1]], or [[slug:p2.s1]] in a source other than the first. Leave a section empty to remove it.", len(d.Sections), 1,
		func(i int, p string) (string, []templates.BuilderField) {
			s := at(d.Sections, i)
			body := b.field(p+"body", "Text", "area", s.Body)
			body.Rows = 10
			return "Section " + strconv.Itoa(i+1), []templates.BuilderField{b.field(p+"heading", "Heading", "text", s.Heading), body}
		})
	for i, q := range d.Items {
		v.Questions = append(v.Questions, b.question(i, q, d, docs))
	}
	if n := len(v.Questions); n > 0 {
		v.Questions[0].First, v.Questions[n-1].Last = true, true
	}
	for _, t := range lessons.Types {
		v.AddTypes = append(v.AddTypes, templates.BuilderOption{Value: string(t), Label: typeLabels[t]})
	}
	return v
}

// list builds n rows, empty ones up to min, and one more to add with.
func (b *builderView) list(name, legend, hint string, n, min int, row func(i int, prefix string) (string, []templates.BuilderField)) templates.BuilderList {
	l := templates.BuilderList{Name: name, Legend: legend, Hint: hint, Error: b.err(name)}
	for i := range max(n, min) + 1 {
		if i >= maxBuilderRows {
			break
		}
		leg, fields := row(i, name+"."+strconv.Itoa(i)+".")
		if i >= n {
			leg += " (new)"
		}
		l.Rows = append(l.Rows, templates.BuilderRow{Legend: leg, Fields: fields})
	}
	return l
}

// at is s[i], or a zero row for the empty rows after the last.
func at[T any](s []T, i int) T {
	var zero T
	if i < len(s) {
		return s[i]
	}
	return zero
}
