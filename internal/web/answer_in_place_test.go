package web_test

import (
	"bytes"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/ciphergram/ciphergram/internal/web"
	"github.com/ciphergram/ciphergram/lessons"
)

// postFragment sends an answer as static/app.js does.
func (b *browser) postFragment(path string, form url.Values) page {
	req, _ := http.NewRequest("POST", b.app.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set(web.FragmentHeader, "answer")
	return b.do(req)
}

// topLevel splits an HTML fragment into its top-level elements, as sent
// (byte for byte), by id.
func topLevel(t *testing.T, fragment string) map[string]string {
	t.Helper()
	parts := map[string]string{}
	z := html.NewTokenizer(strings.NewReader(fragment))
	depth, start, id, offset := 0, 0, "", 0
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			if z.Err() != io.EOF {
				t.Fatal(z.Err())
			}
			break
		}
		raw := len(z.Raw())
		switch tt {
		case html.StartTagToken:
			name, _ := z.TagName()
			void := bytes.Equal(name, []byte("input")) || bytes.Equal(name, []byte("br")) || bytes.Equal(name, []byte("img"))
			if depth == 0 {
				start, id = offset, ""
				for {
					k, v, more := z.TagAttr()
					if string(k) == "id" {
						id = string(v)
					}
					if !more {
						break
					}
				}
				if id == "" {
					t.Fatalf("a top-level element without an id at %d: the script could not place it", offset)
				}
			}
			if !void {
				depth++
			}
		case html.EndTagToken:
			depth--
			if depth == 0 {
				parts[id] = fragment[start : offset+raw]
			}
		case html.TextToken:
			if depth == 0 && strings.TrimSpace(string(z.Raw())) != "" {
				t.Fatalf("text outside any element at %d: %q", offset, z.Raw())
			}
		}
		offset += raw
	}
	return parts
}

// TestFragmentsMatchThePage: every part the server sends for an answer in
// place, and for one sent back with an error, is the same HTML, byte for
// byte, as that part of the whole page at the address it leads to: there
// is one way to draw a question.
func TestFragmentsMatchThePage(t *testing.T) {
	a := newApp(t)
	b := a.browser()
	l := a.unit.Lessons[0]
	path := "/lessons/" + l.Slug
	attempt := "0"
	for i, q := range l.Questions {
		if i == 2 { // a rejected answer first: nothing chosen
			bad := url.Values{"attempt": {attempt}, "seed": {"1"}}
			frag := b.postFragment(path+"/questions/"+q.ID, bad)
			full := b.post(path+"/questions/"+q.ID, bad)
			if frag.status != http.StatusUnprocessableEntity || full.status != http.StatusUnprocessableEntity {
				t.Fatalf("empty answer: status %d in place, %d whole", frag.status, full.status)
			}
			samePartsAs(t, "422 on "+q.ID, frag.body, full.body, "answered-status", "lesson-end", "q-"+q.ID)
		}
		frag := b.postFragment(path+"/questions/"+q.ID, rightForm(q, attempt))
		if frag.status != http.StatusOK || frag.header.Get(web.FragmentHeader) == "" {
			t.Fatalf("answer %s in place: status %d, headers %v", q.ID, frag.status, frag.header)
		}
		if loc := frag.header.Get(web.LocationHeader); loc != path+"#q-"+q.ID {
			t.Errorf("answer %s: location %q, want %q", q.ID, loc, path+"#q-"+q.ID)
		}
		if strings.Contains(frag.body, "<html") || strings.Contains(frag.body, "lesson-header") {
			t.Fatalf("answer %s: the reply is a whole page", q.ID)
		}
		full := b.get(path)
		want := []string{"answered-status", "lesson-end", "q-" + q.ID}
		if i+1 < len(l.Questions) {
			want = append(want, "q-"+l.Questions[i+1].ID)
		}
		samePartsAs(t, "answer "+q.ID, frag.body, full.body, want...)
		attempt = attemptOf(full.body)
	}
	if p := b.get(path); !strings.Contains(p.body, `data-testid="summary"`) {
		t.Fatal("no summary after the last answer")
	}
}

// TestFragmentsMatchWithTeacherGrades: a student answers the written
// question first, in place; their teacher grades it; then they answer the
// rest in place. Each reply, the finishing one too (its summary counts no
// answer waiting: the grade was read), is that part of the whole page.
func TestFragmentsMatchWithTeacherGrades(t *testing.T) {
	c := newClassroom(t)
	ctx := t.Context()
	l, _ := c.unit.Lesson("the-soviet-reading")
	student := c.browsers["student A"]
	path := "/lessons/" + l.Slug
	last := len(l.Questions) - 1
	w := l.Questions[last]
	if w.Type != lessons.Written {
		t.Fatalf("the lesson's last question is %s, not written", w.Type)
	}
	frag := student.postFragment(path+"/questions/"+w.ID, rightForm(w, "0"))
	full := student.get(path)
	if !strings.Contains(frag.body, "Your teacher will grade it") {
		t.Fatal("the written answer in place is not left to the teacher")
	}
	samePartsAs(t, "written", frag.body, full.body, "answered-status", "lesson-end", "q-"+w.ID, "q-"+l.Questions[0].ID)

	teacher, err := c.db.UserByUsername(ctx, "teacher-a")
	must(t, err)
	attempt, err := c.db.LatestAttempt(ctx, c.studentA, l.Slug)
	must(t, err)
	must(t, c.db.GradeResponse(ctx, teacher.ID, c.classA, attempt.ID, w.ID, w.Points, "Well argued."))
	for i, q := range l.Questions[:last] {
		frag = student.postFragment(path+"/questions/"+q.ID, rightForm(q, strconv.FormatInt(attempt.ID, 10)))
		if frag.status != http.StatusOK {
			t.Fatalf("answer %s in place: status %d", q.ID, frag.status)
		}
		full = student.get(path)
		want := []string{"answered-status", "lesson-end", "q-" + q.ID}
		if i+1 < last {
			want = append(want, "q-"+l.Questions[i+1].ID)
		}
		samePartsAs(t, "answer "+q.ID, frag.body, full.body, want...)
	}
	if !strings.Contains(frag.body, `data-testid="summary"`) || strings.Contains(full.body, "waiting to be scored") {
		t.Error("the lesson's end does not count the graded written answer as graded")
	}
}

// samePartsAs checks that fragment holds exactly the parts want (by id),
// each found as it is in the whole page.
func samePartsAs(t *testing.T, name, fragment, whole string, want ...string) {
	t.Helper()
	parts := topLevel(t, fragment)
	for _, id := range want {
		if _, ok := parts[id]; !ok {
			t.Errorf("%s: no part #%s in the reply (parts: %d)", name, id, len(parts))
		}
	}
	if len(parts) != len(want) {
		t.Errorf("%s: %d parts sent, want %d", name, len(parts), len(want))
	}
	for id, part := range parts {
		if !strings.Contains(whole, part) {
			t.Errorf("%s: part #%s differs from the whole page's:\n%s", name, id, part)
		}
	}
}

// TestAcceptEncodingQValues: a client that refuses gzip with q=0 gets the
// page as it is; one that asks for it by name or by "*" gets gzip.
func TestAcceptEncodingQValues(t *testing.T) {
	a := newApp(t)
	b := a.browser()
	for _, tt := range []struct {
		header string
		gzip   bool
	}{
		{"gzip", true},
		{"gzip;q=0", false},
		{"gzip; q=0.0, identity", false},
		{"deflate, gzip;q=0.5", true},
		{"*;q=0.1", true},
		{"*, gzip;q=0", false},
		{"br", false},
		{"gzip;q=bad", false},
	} {
		req, _ := http.NewRequest("GET", a.srv.URL+"/lessons", nil)
		req.Header.Set("Accept-Encoding", tt.header)
		p := b.do(req)
		if got := p.header.Get("Content-Encoding") == "gzip"; got != tt.gzip {
			t.Errorf("Accept-Encoding %q: gzip %v, want %v", tt.header, got, tt.gzip)
		}
		if !tt.gzip && !strings.Contains(p.body, "</html>") {
			t.Errorf("Accept-Encoding %q: the page is not plain HTML", tt.header)
		}
	}
}
