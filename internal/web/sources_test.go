package web_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// postFile sends a source form as the browser does, with a file.
func (b *browser) postFile(path string, form url.Values, fileName string, file []byte) page {
	b.app.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, vs := range form {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	fw, _ := mw.CreateFormFile("file", fileName)
	fw.Write(file)
	mw.Close()
	req, _ := http.NewRequest("POST", b.app.srv.URL+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return b.do(req)
}

func sourceForm(title, text string) url.Values {
	return url.Values{"title": {title}, "creator": {"Mao Zedong"}, "date": {"2 October 1950"}, "kind": {"telegram"},
		"provenance": {"APRF, f. 45"}, "translation": {"Trans. by a teacher"}, "rights": {"Public domain"}, "text": {text}}
}

// addSource adds a source as teacher A and returns its slug.
func addSource(t *testing.T, b *browser, form url.Values) string {
	t.Helper()
	p := b.post("/teach/sources", form)
	loc := p.header.Get("Location")
	if p.status != http.StatusSeeOther || !strings.HasPrefix(loc, "/teach/sources/") || !strings.HasSuffix(loc, "/draft") {
		t.Fatalf("add a source: status %d, to %q\n%s", p.status, loc, p.body)
	}
	return strings.TrimSuffix(strings.TrimPrefix(loc, "/teach/sources/"), "/draft")
}

const threeParagraphs = "Dear Cde. Kim,\n\nWe met Gen. Peng today. He agreed. We go <script>alert(1)</script>.\n\n— Mao Zedong\n"

// TestSourceLifecycle: add → preview → merge → split → publish → edit →
// version 2, with version 1 still readable as it was; another teacher
// finds none of it.
func TestSourceLifecycle(t *testing.T) {
	c := newClassroom(t)
	a, other := c.browsers["teacher A"], c.browsers["teacher B"]
	if p := a.get("/teach"); !strings.Contains(p.body, `href="/teach/sources"`) {
		t.Error("the teacher's home does not link to their sources")
	}
	slug := addSource(t, a, sourceForm("Mao's reply", threeParagraphs))
	draft := "/teach/sources/" + slug + "/draft"
	p := a.get(draft)
	for _, want := range []string{">p1.s1<", "Dear Cde. Kim,", ">p2.s3<", "We go &lt;script&gt;alert(1)&lt;/script&gt;.", "— Mao Zedong", "APRF, f. 45"} {
		if !strings.Contains(p.body, want) {
			t.Errorf("the draft lacks %q", want)
		}
	}
	if strings.Contains(p.body, "<script>alert") {
		t.Error("HTML in the text was rendered")
	}
	// Merge "He agreed." (p2.s2) into the sentence before it.
	if p := a.post(draft+"/merge", url.Values{"edits": {"0"}, "sentence": {"p2.s1"}}); p.status != http.StatusSeeOther {
		t.Fatalf("merge: %d", p.status)
	}
	if p := a.post(draft+"/merge", url.Values{"edits": {"0"}, "sentence": {"p2.s1"}}); p.status != http.StatusConflict {
		t.Errorf("a stale merge: %d, want 409", p.status)
	}
	if p := a.get(draft); !strings.Contains(p.body, "We met Gen. Peng today. He agreed.<") {
		t.Error("the merge is not shown")
	}
	if p := a.post(draft+"/split", url.Values{"edits": {"1"}, "sentence": {"p2.s1"}, "text": {"We met Gen. Peng today. He\nagreed!"}}); p.status != http.StatusUnprocessableEntity {
		t.Errorf("a split that changes words: %d, want 422", p.status)
	}
	if p := a.post(draft+"/split", url.Values{"edits": {"1"}, "sentence": {"p2.s1"}, "text": {"We met Gen.\nPeng today. He agreed."}}); p.status != http.StatusSeeOther {
		t.Fatalf("split: %d", p.status)
	}
	// Another teacher can neither see nor touch it.
	for _, path := range []string{draft, "/teach/sources/" + slug + "/edit", draft + "/split?sentence=p1.s1"} {
		if p := other.get(path); p.status != http.StatusNotFound {
			t.Errorf("teacher B GET %s: %d", path, p.status)
		}
	}
	if p := other.post(draft+"/publish", url.Values{"edits": {"2"}}); p.status != http.StatusNotFound {
		t.Errorf("teacher B published it: %d", p.status)
	}
	p = a.post(draft+"/publish", url.Values{"edits": {"2"}})
	v1 := "/sources/" + slug + "/v/1"
	if p.status != http.StatusSeeOther || p.header.Get("Location") != v1 {
		t.Fatalf("publish: %d to %q", p.status, p.header.Get("Location"))
	}
	p = a.get(v1)
	for _, want := range []string{`id="p2.s1"`, "We met Gen.", `id="p2.s2"`, "Peng today. He agreed.", `href="#p2.s2"`, "Version 1, published"} {
		if !strings.Contains(p.body, want) {
			t.Errorf("version 1 lacks %q", want)
		}
	}
	if p := other.get(v1); p.status != http.StatusNotFound || strings.Contains(p.body, "Peng") {
		t.Errorf("teacher B reads version 1: %d", p.status)
	}
	if p := a.get("/sources/" + slug); p.header.Get("Location") != v1 {
		t.Errorf("/sources/%s goes to %q", slug, p.header.Get("Location"))
	}

	// An edit makes the draft of version 2; version 1 stays. Details alone
	// keep the teacher's split; a new text is split afresh.
	if p := a.post("/teach/sources/"+slug+"/edit", sourceForm("Mao's reply, revised", threeParagraphs)); p.status != http.StatusSeeOther {
		t.Fatalf("edit the title: %d\n%s", p.status, p.body)
	}
	if p := a.get(draft); !strings.Contains(p.body, "Draft of version 2") || !strings.Contains(p.body, ">We met Gen.<") {
		t.Error("editing the title lost the teacher's split, or made no version 2")
	}
	form := sourceForm("Mao's reply", "Dear Cde. Kim,\n\nWe wait.\n")
	form.Set("edits", "7") // made before some other change
	if p := a.post("/teach/sources/"+slug+"/edit", form); p.status != http.StatusConflict {
		t.Errorf("an edit from a stale form: %d, want 409", p.status)
	}
	form.Set("edits", "0")
	if p := a.post("/teach/sources/"+slug+"/edit", form); p.status != http.StatusSeeOther {
		t.Fatalf("edit: %d\n%s", p.status, p.body)
	}
	if p := a.post(draft+"/publish", url.Values{"edits": {"1"}}); p.header.Get("Location") != "/sources/"+slug+"/v/2" {
		t.Fatalf("publish version 2: %d to %q", p.status, p.header.Get("Location"))
	}
	if p := a.get("/sources/" + slug + "/v/2"); !strings.Contains(p.body, "We wait.") || strings.Contains(p.body, "Peng") {
		t.Error("version 2 is not the new text")
	}
	if p := a.get(v1); !strings.Contains(p.body, "Peng today. He agreed.") || !strings.Contains(p.body, `href="/sources/`+slug+`/v/2"`) {
		t.Error("version 1 changed, or does not link version 2")
	}
}

// TestSourceLimits: a text over 200 KB, pasted or uploaded, or a file of
// another kind, gets a clear message and stores nothing.
func TestSourceLimits(t *testing.T) {
	c := newClassroom(t)
	a := c.browsers["teacher A"]
	big := strings.Repeat("A sentence of the source. ", 201<<10/26+1)
	form := sourceForm("Too long", "")
	for name, p := range map[string]page{
		"pasted":   a.post("/teach/sources", sourceForm("Too long", big)),
		"uploaded": a.postFile("/teach/sources", form, "long.txt", []byte(big)),
		"huge":     a.postFile("/teach/sources", form, "long.txt", []byte(big+big+big+big+big+big)),
	} {
		if p.status != http.StatusRequestEntityTooLarge || !strings.Contains(p.body, "200 KB") && !strings.Contains(p.body, "too large") {
			t.Errorf("%s: status %d, want 413 and a message\n%.300s", name, p.status, p.body)
		}
	}
	if p := a.postFile("/teach/sources", form, "virus.exe", []byte("MZ")); p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, ".txt or .md") {
		t.Errorf("an .exe: status %d", p.status)
	}
	if p := a.post("/teach/sources", sourceForm("Not text", "\xff\xfe bad")); p.status != http.StatusUnprocessableEntity {
		t.Errorf("invalid UTF-8: status %d", p.status)
	}
	teacher, err := c.db.UserByUsername(context.Background(), "teacher-a")
	must(t, err)
	if list, _ := c.db.Sources(context.Background(), teacher.ID); len(list) != 0 {
		t.Errorf("a refused source was stored: %+v", list)
	}
	// Just under the limit, from a .md file: stored, Markdown shown as typed.
	ok := "# Heading\n\n" + strings.Repeat("x", 199<<10) + " [a link](http://example.com)"
	p := a.postFile("/teach/sources", form, "fine.md", []byte(ok))
	if p.status != http.StatusSeeOther {
		t.Fatalf("a 199 KB .md file: status %d\n%.300s", p.status, p.body)
	}
	d := a.get(p.header.Get("Location"))
	if !strings.Contains(d.body, "[a link](http://example.com)") || strings.Contains(d.body, `href="http://example.com"`) {
		t.Error("Markdown was rendered, or a link made")
	}
	if !strings.Contains(d.body, ">Heading<") {
		t.Error("the Markdown heading is not a heading block")
	}
}
