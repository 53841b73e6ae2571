package web_test

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/ciphergram/ciphergram/lessons"
	"github.com/ciphergram/ciphergram/seeds"
)

// TestBuilderKeepsBuiltinLessons: each built-in lesson, opened in the
// builder and saved as the form shows it, is stored as the same lesson:
// the forms show every field of every question, and read them all back.
func TestBuilderKeepsBuiltinLessons(t *testing.T) {
	c := newClassroom(t)
	a := c.browsers["teacher A"]
	teacher, err := c.db.UserByUsername(context.Background(), "teacher-a")
	must(t, err)
	files, _ := filepath.Glob("../../lessons/[0-9]*.md")
	if len(files) < 8 {
		t.Fatalf("%d built-in lessons", len(files))
	}
	for _, file := range files {
		data, err := os.ReadFile(file)
		must(t, err)
		want, probs := lessons.Parse("x.md", data, seeds.All())
		if len(probs) > 0 {
			t.Fatal(probs)
		}
		slug := "copy-of-" + want.Slug // the built-in slug is taken
		text := strings.Replace(string(data), "slug: "+want.Slug, "slug: "+slug, 1)
		must(t, c.db.CreateLesson(context.Background(), teacher.ID, slug, text))
		edit := "/teach/lessons/" + slug + "/edit"
		form := formValues(t, a.get(edit).body)
		form.Set("op", "save")
		if p := a.post(edit, form); p.status != http.StatusSeeOther {
			t.Fatalf("%s saved unchanged: %d\n%.2000s", file, p.status, p.body[max(0, strings.Index(p.body, "builder-problems")):])
		}
		got, probs := lessons.Parse("x.md", []byte(storedLessonOf(t, c, slug)), seeds.All())
		if len(probs) > 0 {
			t.Fatalf("%s: %v", file, probs)
		}
		got.Slug, got.Hash, want.Hash = want.Slug, "", ""
		for i, q := range want.Questions {
			if i < len(got.Questions) {
				got.Questions[i].Line = q.Line
			}
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s changed on its way through the forms", file)
			if !reflect.DeepEqual(got.Glossary, want.Glossary) || got.Summary != want.Summary || got.Title != want.Title || !reflect.DeepEqual(got.Skills, want.Skills) {
				t.Errorf("details:\n got %q %q %v %+v\nwant %q %q %v %+v", got.Title, got.Summary, got.Skills, got.Glossary, want.Title, want.Summary, want.Skills, want.Glossary)
			}
			for i, s := range want.Sections {
				if i < len(got.Sections) && !reflect.DeepEqual(s, got.Sections[i]) {
					t.Errorf("section %d:\n got %q\nwant %q", i, got.Sections[i].HTML, s.HTML)
				}
			}
			for i, q := range want.Questions {
				if i < len(got.Questions) && !reflect.DeepEqual(q, got.Questions[i]) {
					t.Errorf("question %s:\n got %+v\nwant %+v", q.ID, got.Questions[i], q)
				}
			}
		}
	}
}

// formValues is what a browser sends for the page's builder form, with
// no button pressed: fields with their values, ticked boxes, chosen
// options.
func formValues(t *testing.T, page string) url.Values {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	must(t, err)
	v := url.Values{}
	attr := func(n *html.Node, key string) (string, bool) {
		for _, a := range n.Attr {
			if a.Key == key {
				return a.Val, true
			}
		}
		return "", false
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		name, named := attr(n, "name")
		if n.Type == html.ElementNode && named {
			switch n.Data {
			case "input":
				typ, _ := attr(n, "type")
				val, _ := attr(n, "value")
				_, checked := attr(n, "checked")
				if (typ != "checkbox" && typ != "radio") || checked {
					v.Add(name, val)
				}
			case "textarea":
				var b strings.Builder
				for c := n.FirstChild; c != nil; c = c.NextSibling {
					b.WriteString(c.Data)
				}
				v.Add(name, b.String())
			case "select":
				for o := n.FirstChild; o != nil; o = o.NextSibling {
					if _, sel := attr(o, "selected"); sel && o.Type == html.ElementNode {
						val, _ := attr(o, "value")
						v.Add(name, val)
					}
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	v.Del("op")
	return v
}
