package web_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/ciphergram/ciphergram/internal/store"
	"golang.org/x/text/unicode/norm"
)

// repeatReader yields n bytes of 'a=' fields without holding them.
type repeatReader struct{ n int64 }

func (r *repeatReader) Read(p []byte) (int, error) {
	if r.n <= 0 {
		return 0, io.EOF
	}
	p = p[:min(int64(len(p)), r.n)]
	for i := range p {
		p[i] = "a=1&"[i%4]
	}
	r.n -= int64(len(p))
	return len(p), nil
}

func heapGrowth(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestHugeBodies: a 50 MB body, declared or streamed, is refused with 413
// at once and without reading it into memory; 100,000 fields get a 4xx.
func TestHugeBodies(t *testing.T) {
	a := newApp(t)
	b := a.browser()
	l := a.unit.Lessons[0]
	path := a.srv.URL + "/lessons/" + l.Slug + "/questions/" + l.Questions[0].ID
	const size = 50 << 20
	for _, declared := range []bool{true, false} {
		t.Run(fmt.Sprintf("declared length %v", declared), func(t *testing.T) {
			var p page
			grew := heapGrowth(func() {
				req, _ := http.NewRequest("POST", path, &repeatReader{size})
				if declared {
					req.ContentLength = size
				} else {
					req.ContentLength = -1 // chunked: the limit must hold while reading
				}
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				resp, err := b.client.Do(req)
				if err != nil {
					// The server may close before the client finished sending.
					p.status = -1
					return
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				p.status = resp.StatusCode
			})
			if p.status != http.StatusRequestEntityTooLarge && p.status != -1 {
				t.Errorf("status %d, want 413", p.status)
			}
			if grew > 16<<20 {
				t.Errorf("allocated %d MB for a refused body", grew>>20)
			}
		})
	}
	fields := strings.Repeat("a=1&", 100_000)
	req, _ := http.NewRequest("POST", path, strings.NewReader(fields))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if p := b.do(req); p.status < 400 || p.status > 499 {
		t.Errorf("100,000 fields: status %d, want 4xx", p.status)
	}
	// Just under the size limit: as many fields as fit are still refused
	// as an answer.
	req, _ = http.NewRequest("POST", path, strings.NewReader(strings.Repeat("a&", 30_000)))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if p := b.do(req); p.status < 400 || p.status > 499 {
		t.Errorf("30,000 empty fields: status %d, want 4xx", p.status)
	}
}

var hostile = map[string]string{
	"invalid UTF-8":   "ab\xff\xfecd",
	"NUL":             "ab\x00cd",
	"bidi override":   "ab\u202Edcba",
	"zero-width":      "ab\u200Bcd",
	"combining marks": "abc" + strings.Repeat("\u0301", 10_000),
}

// TestHostileUsernames: each is refused with a message, never a 500, and
// no account is created.
func TestHostileUsernames(t *testing.T) {
	c := newClassroom(t)
	code := c.joinCode()
	before, _ := c.db.Roster(context.Background(), 1, c.classA)
	for name, s := range hostile {
		t.Run(name, func(t *testing.T) {
			p := c.app.browser().post("/account/save", url.Values{"username": {s}, "password": {password}})
			if p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, "username") {
				t.Errorf("save: status %d:\n%.300s", p.status, p.body)
			}
			p = c.app.browser().post("/join", url.Values{"code": {code}, "display_name": {"Fine Name"}, "username": {s}, "password": {password}})
			if p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, "username") {
				t.Errorf("join: status %d:\n%.300s", p.status, p.body)
			}
		})
	}
	if r, _ := c.db.Roster(context.Background(), 1, c.classA); len(r) != len(before) {
		t.Errorf("roster has %d students, want %d", len(r), len(before))
	}
}

func (c *classroom) joinCode() string {
	cl, err := c.db.Class(context.Background(), 1, c.classA)
	if err != nil {
		c.t.Fatal(err)
	}
	return cl.JoinCode
}

// join is a newcomer joining class A with a display name.
func (c *classroom) join(display, username string) (page, *browser) {
	b := c.app.browser()
	return b.post("/join", url.Values{"code": {c.joinCode()}, "display_name": {display}, "username": {username}, "password": {password}}), b
}

// TestHostileDisplayNames: invisible and malformed names are refused with
// a message; decomposed ones are stored composed (NFC); and no two
// students of a class can look the same.
func TestHostileDisplayNames(t *testing.T) {
	c := newClassroom(t)
	i := 0
	for name, s := range hostile {
		t.Run(name, func(t *testing.T) {
			i++
			p, _ := c.join(s, fmt.Sprintf("hostile%d", i))
			if p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, "name") {
				t.Errorf("status %d:\n%.300s", p.status, p.body)
			}
		})
	}
	ctx := context.Background()
	if p, _ := c.join("Zoe\u0308", "zoe"); p.status != http.StatusSeeOther {
		t.Fatalf("decomposed name: status %d", p.status)
	}
	if u, err := c.db.UserByUsername(ctx, "zoe"); err != nil || u.DisplayName != "Zo\u00eb" || !norm.NFC.IsNormalString(u.DisplayName) {
		t.Errorf("stored display name %+q, %v; want NFC %+q", u.DisplayName, err, "Zo\u00eb")
	}
	if p, _ := c.join("Ann", "ann1"); p.status != http.StatusSeeOther {
		t.Fatalf("Ann: status %d", p.status)
	}
	if p, _ := c.join("A\u0301nn", "ann-accent"); p.status != http.StatusSeeOther {
		t.Fatalf("Ánn (decomposed): status %d", p.status)
	}
	for i, lookalike := range []string{"Ann", "ann", " ANN ", "Ann\u200b", "\u00c1nn", "A\u0301nn", "\u00e1NN"} {
		p, _ := c.join(lookalike, fmt.Sprintf("lookalike%d", i))
		if p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, "name") {
			t.Errorf("%+q joined a class with Ann and Ánn in it: status %d", lookalike, p.status)
		}
	}
	// In another class the same name is fine.
	other, err := c.db.Class(ctx, 2, c.classB)
	must(t, err)
	p := c.app.browser().post("/join", url.Values{"code": {other.JoinCode}, "display_name": {"Ann"}, "username": {"ann-b"}, "password": {password}})
	if p.status != http.StatusSeeOther {
		t.Errorf("Ann in another class: status %d", p.status)
	}
}

// TestHostileAnswers: written answers with NUL bytes, invalid UTF-8 or
// 10,000 combining marks are refused with a message; decomposed text is
// stored composed.
func TestHostileAnswers(t *testing.T) {
	a := newApp(t)
	l, ok := a.unit.Lesson("the-soviet-reading")
	if !ok {
		t.Fatal("no lesson the-soviet-reading")
	}
	q, _ := l.Question("why-frame")
	path := "/lessons/" + l.Slug + "/questions/" + q.ID
	for _, name := range []string{"invalid UTF-8", "NUL", "combining marks"} {
		t.Run(name, func(t *testing.T) {
			p := a.browser().post(path, url.Values{"attempt": {"0"}, "text": {hostile[name]}})
			if p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, "answer") {
				t.Errorf("status %d:\n%.300s", p.status, p.body)
			}
		})
	}
	// Short answers too.
	for _, sq := range l.Questions {
		if sq.Type != "short" {
			continue
		}
		p := a.browser().post("/lessons/"+l.Slug+"/questions/"+sq.ID, url.Values{"attempt": {"0"}, "text": {"\x00"}})
		if p.status != http.StatusUnprocessableEntity {
			t.Errorf("short answer with NUL: status %d", p.status)
		}
	}
	b := a.browser()
	if p := b.post(path, url.Values{"attempt": {"0"}, "text": {"Cafe\u0301 and Mao"}}); p.status != http.StatusSeeOther {
		t.Fatalf("decomposed answer: status %d", p.status)
	}
	u, err := a.db.User(context.Background(), 1)
	must(t, err)
	rs := a.responses(l, u.ID)
	if len(rs) != 1 || !strings.Contains(rs[0].Answer, "Caf\u00e9 and Mao") {
		t.Errorf("stored %+v, want the answer in NFC", rs)
	}
}

var xss = []string{`<script>alert(1)</script>`, `"><img src=x onerror=alert(1)>`}

// TestXSSEscapedOnTeacherPages: payloads in display names and written
// answers appear escaped on the roster, gradebook, grading queue and the
// student's answers.
func TestXSSEscapedOnTeacherPages(t *testing.T) {
	c := newClassroom(t)
	l, _ := c.unit.Lesson("the-soviet-reading")
	ctx := context.Background()
	var ids []int64
	for i, payload := range xss {
		name := fmt.Sprintf("x%d%s", i, payload)[:min(40, len(payload)+2)]
		p, b := c.join(name, fmt.Sprintf("xss%d", i))
		if p.status != http.StatusSeeOther {
			t.Fatalf("join as %q: status %d:\n%.300s", name, p.status, p.body)
		}
		if p := b.post("/lessons/"+l.Slug+"/questions/why-frame", url.Values{"attempt": {"0"}, "text": {payload}}); p.status != http.StatusSeeOther {
			t.Fatalf("answer: status %d", p.status)
		}
		u, err := c.db.UserByUsername(ctx, fmt.Sprintf("xss%d", i))
		must(t, err)
		ids = append(ids, u.ID)
	}
	class := fmt.Sprintf("/teach/classes/%d", c.classA)
	pages := []string{class, class + "/gradebook", class + "/lessons/" + l.Slug + "/grading", class + "/lessons/" + l.Slug + "/insight"}
	for _, id := range ids {
		pages = append(pages, fmt.Sprintf("%s/students/%d/lessons/%s", class, id, l.Slug))
	}
	teacher := c.browsers["teacher A"]
	for _, path := range pages {
		p := teacher.get(path)
		if p.status != 200 {
			t.Errorf("%s: status %d", path, p.status)
			continue
		}
		for _, bad := range []string{"<script>alert", "<img src=x", "onerror=alert(1)>"} {
			if strings.Contains(p.body, bad) {
				t.Errorf("%s: contains %q unescaped", path, bad)
			}
		}
	}
	// The escaped payloads are there, so the test saw them at all.
	if p := teacher.get(class + "/lessons/" + l.Slug + "/grading"); !strings.Contains(p.body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Errorf("grading page does not show the escaped answer")
	}
	if p := teacher.get(class); !strings.Contains(p.body, "&lt;script&gt;") {
		t.Errorf("roster does not show the escaped name")
	}
}

// dump reads every row of every table, each table in the order of its
// columns' values.
func dump(t *testing.T, a *app) string {
	t.Helper()
	tables, err := a.db.Tables(t.Context())
	must(t, err)
	db, err := store.OpenSQL(a.path)
	must(t, err)
	defer db.Close()
	var out strings.Builder
	for _, table := range tables {
		rows, err := db.Query(`SELECT * FROM "` + table + `"`)
		must(t, err)
		cols, _ := rows.Columns()
		rows.Close()
		order := make([]string, len(cols))
		for i := range cols {
			order[i] = strconv.Itoa(i + 1)
		}
		rows, err = db.Query(`SELECT * FROM "` + table + `" ORDER BY ` + strings.Join(order, ", "))
		must(t, err)
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			must(t, rows.Scan(ptrs...))
			fmt.Fprintf(&out, "%s %v\n", table, vals)
		}
		must(t, rows.Err())
		rows.Close()
	}
	return out.String()
}

// TestUnstorableTextNeverA500: a NUL byte or broken UTF-8 in any field of
// a form (PostgreSQL can neither store nor look up either, where SQLite
// stores them) is refused or ignored, never a server error.
func TestUnstorableTextNeverA500(t *testing.T) {
	c := newClassroom(t)
	l, _ := c.unit.Lesson("the-soviet-reading")
	classA := fmt.Sprint(c.classA)
	routes := map[string][]string{
		"anonymous": {"/login", "/join", "/signup", "/account/recover", "/account/save"},
		"teacher A": {"/teach/classes", "/teach/classes/" + classA + "/rename", "/teach/classes/" + classA + "/lessons/" + l.Slug + "/grading",
			"/teach/sources", "/teach/lessons", "/teach/timezone"},
		"student A": {"/lessons/" + l.Slug + "/questions/" + l.Questions[0].ID, "/lessons/" + l.Slug + "/questions/" + l.Questions[0].ID + "/draft"},
	}
	for _, bad := range []string{"a\x00b", "a\xff\xfeb"} {
		form := url.Values{}
		for _, field := range []string{"username", "password", "name", "display_name", "code", "comment", "text", "title", "timezone", "attempt", "student", "question"} {
			form.Set(field, bad)
		}
		for role, paths := range routes {
			for _, path := range paths {
				if p := c.browsers[role].post(path, form); p.status >= 500 {
					t.Errorf("%s posting %q to %s: status %d:\n%.300s", role, bad, path, p.status, p.body)
				}
			}
		}
	}
}
