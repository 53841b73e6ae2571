// Package static serves the CSS and JS under content-hashed URLs, so
// browsers may cache them for a year and still never see a stale file.
package static

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"net/http"
	"os"
	"path"
	"strings"
	"time"
)

//go:embed *.css *.js *.ico
var embedded embed.FS

// Files holds the static files and their hashed names.
type Files struct {
	fsys   fs.FS
	dev    bool              // read from disk on every request, no long cache
	hashed map[string]string // "app.css" → "app.3f2a1b9c.css"
	byHash map[string]string // the reverse
}

// Embedded returns the files built into the binary.
func Embedded() (*Files, error) { return load(embedded, false) }

// FromDir returns the files of a folder on disk, re-read on every request:
// for -dev, so a CSS edit shows on reload.
func FromDir(dir string) (*Files, error) { return load(os.DirFS(dir), true) }

func load(fsys fs.FS, dev bool) (*Files, error) {
	f := &Files{fsys: fsys, dev: dev, hashed: map[string]string{}, byHash: map[string]string{}}
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || strings.HasSuffix(name, ".go") {
			continue
		}
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		sum := sha256.Sum256(data)
		ext := path.Ext(name)
		h := strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:5]) + ext
		f.hashed[name], f.byHash[h] = h, name
	}
	return f, nil
}

// URL returns the path to link a file by: /static/app.3f2a1b9c.css.
func (f *Files) URL(name string) string {
	if f.dev {
		return "/static/" + name
	}
	return "/static/" + f.hashed[name]
}

// ServeHTTP serves GET /static/{name}.
func (f *Files) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(r.URL.Path, "/static/")
	if orig, ok := f.byHash[name]; ok {
		name = orig
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	} else if f.dev {
		w.Header().Set("Cache-Control", "no-cache")
	} else {
		http.NotFound(w, r)
		return
	}
	data, err := fs.ReadFile(f.fsys, name)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(data))
}

// Favicon serves /favicon.ico, where browsers and tools look for it
// whatever the page links: the embedded icon, cached for a day.
func (f *Files) Favicon(w http.ResponseWriter, r *http.Request) {
	data, err := fs.ReadFile(f.fsys, "favicon.ico")
	if err != nil {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "image/x-icon")
	w.Header().Set("Cache-Control", "public, max-age=86400")
	http.ServeContent(w, r, "favicon.ico", time.Time{}, bytes.NewReader(data))
}
