package web

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/ciphergram/ciphergram/internal/pack"
	"github.com/ciphergram/ciphergram/internal/store"
	"github.com/ciphergram/ciphergram/lessons"
	"github.com/ciphergram/ciphergram/templates"
)

const (
	lessonImportPath = "/teach/lessons/import"
	// maxPackFormBytes bounds the body of the import form: one pack, with
	// room for the multipart framing.
	maxPackFormBytes = pack.MaxBytes + 1<<20
	pastedPack       = "pasted pack"
	// noticeNames bounds the slugs the notice after an import lists: it
	// travels in the session cookie, which holds 4 KB.
	noticeNames = 5
)

// lessonImportForm is GET /teach/lessons/import.
func (s *Server) lessonImportForm(w http.ResponseWriter, r *http.Request, u *store.User) {
	v := s.importPage(r, u)
	v.Page.Flash = s.takeFlash(w, r)
	s.render(w, r, http.StatusOK, templates.LessonPackImportView(v))
}

func (s *Server) importPage(r *http.Request, u *store.User) templates.LessonPackImport {
	return templates.LessonPackImport{Page: s.page(r, u, "Import a lesson pack", "teach"), Action: lessonImportPath, MaxMB: pack.MaxBytes >> 20}
}

// lessonImport is POST /teach/lessons/import: the pack is read, checked
// against this server's built-in sources and its own, and stored as the
// teacher's in one transaction; or nothing is stored and every problem
// is shown, by its line in the pack.
func (s *Server) lessonImport(w http.ResponseWriter, r *http.Request, u *store.User) {
	v := s.importPage(r, u)
	refuse := func(status int, msg string, probs lessons.Problems) {
		v.Error = msg
		for _, p := range probs {
			v.Problems = append(v.Problems, "Line "+strconv.Itoa(p.Line)+": "+p.Msg)
		}
		s.render(w, r, status, templates.LessonPackImportView(v))
	}
	name, data, status, msg := readPackForm(r)
	if status != 0 {
		refuse(status, msg, nil)
		return
	}
	if name == pastedPack && len(data) < 64<<10 {
		v.Text = string(data) // comes back to fix; a long one would swamp the page
	}
	p, err := pack.Read(name, bytes.NewReader(data))
	probs, isProbs := errors.AsType[lessons.Problems](err)
	if err != nil && !isProbs {
		s.fail(w, r, err)
		return
	}
	if p != nil {
		_, probs = pack.Check(name, p, s.unit.Sources)
	}
	if len(probs) > 0 {
		refuse(http.StatusUnprocessableEntity, fmt.Sprintf("This pack has %d problems, so nothing was imported. Fix them in a text editor (each is at a line of the file), or ask whoever sent it for a new export.", len(probs)), probs)
		return
	}
	got, err := s.db.ImportPack(r.Context(), u.ID, p.Import(s.unit))
	switch {
	case errors.Is(err, store.ErrTooManyLessons), errors.Is(err, store.ErrTooManySources):
		refuse(http.StatusUnprocessableEntity, fmt.Sprintf("With this pack you would have more than %d lessons or %d sources, the most one teacher may keep. Nothing was imported.",
			store.MaxLessonsPerTeacher, store.MaxSourcesPerTeacher), nil)
		return
	case err != nil:
		s.fail(w, r, err)
		return
	}
	s.setFlash(w, r, importedNotice(got))
	http.Redirect(w, r, lessonImportPath, http.StatusSeeOther)
}

// readPackForm returns the uploaded or pasted pack and its name; or a
// status and a message for the teacher.
func readPackForm(r *http.Request) (name string, data []byte, status int, msg string) {
	tooLarge := fmt.Sprintf("A pack may be up to %d MB, and this one is larger, so nothing was imported. Export fewer lessons in it, or split it in two.", pack.MaxBytes>>20)
	if err := r.ParseMultipartForm(maxPackFormBytes); err != nil && !errors.Is(err, http.ErrNotMultipart) {
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			return "", nil, http.StatusRequestEntityTooLarge, tooLarge
		}
		return "", nil, http.StatusBadRequest, "The form could not be read. Please send it again."
	}
	name, data = pastedPack, []byte(r.FormValue("text"))
	if file, header, err := r.FormFile("file"); err == nil {
		defer file.Close()
		raw, err := io.ReadAll(io.LimitReader(file, pack.MaxBytes+1))
		if err != nil {
			return "", nil, http.StatusBadRequest, "The file could not be read. Please send it again."
		}
		if len(raw) > 0 {
			name, data = path.Base(header.Filename), raw
		}
	}
	switch {
	case len(data) > pack.MaxBytes:
		return "", nil, http.StatusRequestEntityTooLarge, tooLarge
	case len(bytes.TrimSpace(data)) == 0:
		return "", nil, http.StatusUnprocessableEntity, "Choose a pack file, or paste a pack."
	}
	return name, data, 0, ""
}

// importedNotice says what was imported, and what was renamed.
func importedNotice(got *store.PackImported) string {
	var parts []string
	for _, kind := range []struct {
		what  string
		slugs map[string]string
	}{{"lesson", got.Lessons}, {"source", got.Sources}} {
		var names []string
		for old, now := range kind.slugs {
			if old == now {
				names = append(names, now)
			} else {
				names = append(names, now+" (renamed from "+old+", which is taken here)")
			}
		}
		sort.Strings(names)
		if n := len(names); n > noticeNames {
			names = append(names[:noticeNames], fmt.Sprintf("and %d more", n-noticeNames))
		}
		if len(names) > 0 {
			parts = append(parts, kind.what+"s: "+strings.Join(names, ", "))
		}
	}
	return "Imported and published, " + strings.Join(parts, "; ") + "."
}
