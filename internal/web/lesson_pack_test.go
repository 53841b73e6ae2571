package web_test

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/ciphergram/ciphergram/internal/auth"
	"github.com/ciphergram/ciphergram/internal/pack"
	"github.com/ciphergram/ciphergram/internal/store"
	"github.com/ciphergram/ciphergram/seeds"
)

const importPath = "/teach/lessons/import"

// testPackFile is the pack of the lesson on the telegram and the test
// fixture (internal/pack/testdata).
func testPackFile(t *testing.T) ([]byte, *pack.Pack) {
	t.Helper()
	data, err := os.ReadFile("../pack/testdata/two-sources.pack.txt")
	must(t, err)
	p, err := pack.Read("two-sources.pack.txt", bytes.NewReader(data))
	must(t, err)
	return data, p
}

// publishPack stores the pack's source and lesson as the teacher's own,
// as the source and lesson pages would: the source published, then the
// lesson published pinning version 1, then a version 2 of the source.
func publishPack(t *testing.T, db *store.DB, ownerID int64, p *pack.Pack) {
	t.Helper()
	ctx := context.Background()
	s, l := p.Sources[0], p.Lessons[0]
	must(t, db.CreateSource(ctx, ownerID, s.Slug, s.SourceDetails, s.Text, s.Blocks))
	_, err := db.PublishSource(ctx, ownerID, s.Slug, 0)
	must(t, err)
	must(t, db.CreateLesson(ctx, ownerID, l.Slug, l.Text))
	_, err = db.PublishLesson(ctx, ownerID, l.Slug, 0, map[string]int{s.Slug: 1})
	must(t, err)
	v2 := append([]store.SourceBlock(nil), s.Blocks...)
	v2[2] = store.SourceBlock{Kind: "paragraph", Sentences: []string{"Version two.", "The committee met at one."}}
	must(t, db.SaveSourceDraft(ctx, ownerID, s.Slug, 0, s.SourceDetails, s.Text+"\nVersion two.", v2))
	_, err = db.PublishSource(ctx, ownerID, s.Slug, 0)
	must(t, err)
}

// TestPackBetweenServers: a lesson exported from one server (one
// database) imports on another, where its slugs are taken and so
// renamed, and exported again from there it passes Check.
func TestPackBetweenServers(t *testing.T) {
	data, p := testPackFile(t)
	c := newClassroom(t)
	ctx := context.Background()
	ta, err := c.db.UserByUsername(ctx, "teacher-a")
	must(t, err)
	publishPack(t, c.db, ta.ID, p)

	got := c.browsers["teacher A"].get("/teach/lessons/two-sources/export")
	if got.status != http.StatusOK || !strings.HasPrefix(got.body, pack.Header+"\n") ||
		got.header.Get("Content-Disposition") != `attachment; filename="two-sources.pack.txt"` {
		t.Fatalf("export: %d %v\n%s", got.status, got.header, got.body)
	}
	if !strings.Contains(got.body, "p3.s2 The committee met at noon.") || strings.Contains(got.body, "met at one") {
		t.Errorf("the export does not carry the pinned version 1 of the source:\n%s", got.body)
	}
	if got.body != string(data) {
		t.Errorf("the export differs from the pack that was stored:\n%s", got.body)
	}

	// A fresh server, where another teacher has the slugs already.
	fresh := newApp(t)
	other, err := fresh.db.CreateTeacher(ctx, "other", "", "x", "UTC")
	must(t, err)
	must(t, fresh.db.CreateSource(ctx, other.ID, "test-fixture-notes", store.SourceDetails{Title: "Theirs", Kind: "other"}, "x", nil))
	must(t, fresh.db.CreateLesson(ctx, other.ID, "two-sources", "theirs"))
	teacher := newTeacherOn(t, fresh, "importer")
	b := fresh.signIn("importer")
	if p := b.get(importPath); p.status != http.StatusOK || !strings.Contains(p.body, `enctype="multipart/form-data"`) {
		t.Fatalf("import form: %d", p.status)
	}
	res := b.postFile(importPath, nil, "two-sources.pack.txt", []byte(got.body))
	if res.status != http.StatusSeeOther || res.header.Get("Location") != importPath {
		t.Fatalf("import: %d to %q\n%s", res.status, res.header.Get("Location"), res.body)
	}
	notice := b.get(importPath).body
	if !strings.Contains(notice, "renamed from two-sources, which is taken here") || !strings.Contains(notice, "renamed from test-fixture-notes") {
		t.Errorf("the notice does not say what was renamed:\n%s", notice)
	}
	list, err := fresh.db.TeacherLessons(ctx, teacher.ID)
	must(t, err)
	if len(list) != 1 || list[0].Slug == "two-sources" || list[0].Published != 1 || list[0].OwnerID != teacher.ID {
		t.Fatalf("the importer's lessons: %+v", list)
	}
	slug := list[0].Slug
	l, err := fresh.db.PublishedLesson(ctx, slug)
	must(t, err)
	if strings.Contains(l.Text, "test-fixture-notes:") || !strings.Contains(l.Text, "slug: "+slug+"\n") || len(l.Sources) != 1 {
		t.Errorf("the imported lesson still names the taken slugs (pins %v):\n%s", l.Sources, l.Text)
	}

	again := b.get("/teach/lessons/" + slug + "/export")
	if again.status != http.StatusOK {
		t.Fatalf("export from the fresh server: %d", again.status)
	}
	back, err := pack.Read("back.pack.txt", strings.NewReader(again.body))
	must(t, err)
	if _, probs := pack.Check("back.pack.txt", back, seeds.All()); len(probs) > 0 {
		t.Errorf("the imported lesson does not check: %v", probs)
	}
	if len(back.Sources) != 1 || back.Sources[0].Slug == "test-fixture-notes" ||
		strings.Join(back.Sources[0].Blocks[2].Sentences, "|") != strings.Join(p.Sources[0].Blocks[2].Sentences, "|") {
		t.Errorf("the source came back as %+v", back.Sources)
	}
}

func newTeacherOn(t *testing.T, a *app, username string) *store.User {
	t.Helper()
	hash, err := auth.NewHasher().Hash(context.Background(), password)
	must(t, err)
	u, err := a.db.CreateTeacher(context.Background(), username, "", hash, "UTC")
	must(t, err)
	return u
}

// TestPackImportRefused: a bad pack, no pack, or one too large is refused
// with what is wrong, by line, and nothing of it is stored.
func TestPackImportRefused(t *testing.T) {
	data, _ := testPackFile(t)
	a := newApp(t)
	teacher := newTeacherOn(t, a, "importer")
	b := a.signIn("importer")
	bad := strings.Replace(string(data), "[[test-fixture-notes:p3.s2]]", "[[test-fixture-notes:p3.s9]]", 1)
	badLine := strings.Count(bad[:strings.Index(bad, "p3.s9")], "\n") + 1
	for _, c := range []struct {
		name   string
		send   func() page
		status int
		want   string
	}{
		{"unknown sentence", func() page { return b.postFile(importPath, nil, "bad.pack.txt", []byte(bad)) }, 422,
			"Line " + itoa(badLine) + `: lesson two-sources: unknown sentence ID &#34;p3.s9&#34; in test-fixture-notes`},
		{"pasted", func() page { return b.postFile(importPath, url.Values{"text": {bad}}, "", nil) }, 422, "committee met at noon [[test-fixture-notes:p3.s9]]."},
		{"not a pack", func() page { return b.postFile(importPath, nil, "notes.txt", []byte("Dear colleague,\n")) }, 422, "this is not a lesson pack"},
		{"nothing", func() page { return b.postFile(importPath, nil, "", nil) }, 422, "Choose a pack file, or paste a pack."},
		{"over 5 MB", func() page {
			return b.postFile(importPath, nil, "big.pack.txt", append([]byte(pack.Header+"\n"), bytes.Repeat([]byte("#\n"), pack.MaxBytes/2)...))
		}, 413, "A pack may be up to 5 MB"},
		{"a later format", func() page { return b.postFile(importPath, nil, "new.pack.txt", []byte("Ciphergram pack 9\n")) }, 422, `version &#34;9&#34;`},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := c.send()
			if p.status != c.status || !strings.Contains(p.body, c.want) {
				t.Errorf("status %d, want %d with %q:\n%s", p.status, c.status, c.want, p.body)
			}
		})
	}
	if list, err := a.db.TeacherLessons(context.Background(), teacher.ID); err != nil || len(list) != 0 {
		t.Errorf("a refused pack left lessons: %+v, %v", list, err)
	}
	if list, err := a.db.Sources(context.Background(), teacher.ID); err != nil || len(list) != 0 {
		t.Errorf("a refused pack left sources: %+v, %v", list, err)
	}
}

// TestPackAccess: export is the owner's, or any teacher's for a library
// lesson; import is any teacher's; everyone else is told "not found".
func TestPackAccess(t *testing.T) {
	_, p := testPackFile(t)
	c := newClassroom(t)
	ta, err := c.db.UserByUsername(context.Background(), "teacher-a")
	must(t, err)
	publishPack(t, c.db, ta.ID, p)
	lib, err := c.db.AddToLibrary(context.Background(), p.Import(c.unit))
	must(t, err)
	must(t, c.db.CreateLesson(context.Background(), ta.ID, "a-draft", "---\nslug: a-draft\n---\n"))
	// A draft that reads a source never published cannot be exported yet.
	must(t, c.db.CreateLesson(context.Background(), ta.ID, "unready", "---\nslug: unready\nsources: [roshchin-1950-10-03, unpublished]\n---\n"))
	if p := c.browsers["teacher A"].get("/teach/lessons/unready/export"); p.status != http.StatusConflict || !strings.Contains(p.body, "Publish the source") {
		t.Errorf("export of a lesson on an unpublished source: %d\n%s", p.status, p.body)
	}
	rows := []struct {
		method, path string
		want         map[string]outcome
	}{
		{"GET", "/teach/lessons/two-sources/export", teacherOnly(ok)},
		{"GET", "/teach/lessons/a-draft/export", teacherOnly(ok)},
		{"GET", "/teach/lessons/" + lib.Lessons["two-sources"] + "/export", anyTeacher(ok)},
		{"GET", "/teach/lessons/nobodys/export", teacherOnlyNone()},
		{"GET", importPath, anyTeacher(ok)},
		{"POST", importPath, anyTeacher(rejected)},
	}
	for _, row := range rows {
		for _, role := range roles {
			b := c.browsers[role]
			var got page
			if row.method == "GET" {
				got = b.get(row.path)
			} else {
				got = b.post(row.path, url.Values{"text": {"not a pack"}})
			}
			want := row.want[role]
			if got.status != want.status || want.to != "" && !strings.HasPrefix(got.header.Get("Location"), want.to) {
				t.Errorf("%s %s as %s: %d to %q, want %+v", row.method, row.path, role, got.status, got.header.Get("Location"), want)
			}
			if got.status == http.StatusNotFound && strings.Contains(got.body, "committee") {
				t.Errorf("%s %s as %s: a refusal shows the lesson", row.method, row.path, role)
			}
		}
	}
}
