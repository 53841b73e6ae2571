package loadtest

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/ciphergram/ciphergram/internal/auth"
	"github.com/ciphergram/ciphergram/internal/store"
	"github.com/ciphergram/ciphergram/internal/web"
	"github.com/ciphergram/ciphergram/lessons"
	"github.com/ciphergram/ciphergram/static"
)

// localServer is the app served in this process on a new database in a
// temporary directory, with a teacher, a class and the lesson assigned.
type localServer struct {
	db   *store.DB
	hs   *http.Server
	dir  string
	url  string
	code string
}

// startLocal starts a server configured like `ciphergram serve`, except
// that its request log is formatted and thrown away, with sources
// teachers' sources seeded (seedSources).
func startLocal(ctx context.Context, dir string, unit *lessons.Unit, slug string, sources int) (_ *localServer, err error) {
	tmp, err := os.MkdirTemp(dir, "ciphergram-loadtest-")
	if err != nil {
		return nil, err
	}
	ls := &localServer{dir: tmp}
	defer func() {
		if err != nil {
			ls.close()
		}
	}()
	if ls.db, err = store.Open(ctx, filepath.Join(tmp, "loadtest.db")); err != nil {
		return nil, err
	}
	srv, err := newApp(ctx, ls.db, unit)
	if err != nil {
		return nil, err
	}
	if ls.code, err = setupClass(ctx, ls.db, slug, sources); err != nil {
		return nil, fmt.Errorf("set up the class: %w", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	ls.url = "http://" + ln.Addr().String()
	ls.hs = srv.HTTPServer()
	go ls.hs.Serve(ln)
	return ls, nil
}

// newApp is the app on db, configured like `ciphergram serve` except that
// its request log is thrown away.
func newApp(ctx context.Context, db *store.DB, unit *lessons.Unit) (*web.Server, error) {
	files, err := static.Embedded()
	if err != nil {
		return nil, err
	}
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	return web.New(ctx, web.Config{DB: db, Unit: unit, Static: files, Logger: logger})
}

// setupClass creates a teacher and a class with the lesson assigned, and
// other teachers' sources, and returns the class's join code.
func setupClass(ctx context.Context, db *store.DB, slug string, sources int) (string, error) {
	hash, err := auth.NewHasher().Hash(ctx, "load-test-teacher")
	if err != nil {
		return "", err
	}
	if err := seedSources(ctx, db, sources, hash); err != nil {
		return "", fmt.Errorf("seed teachers' sources: %w", err)
	}
	t, err := db.CreateTeacher(ctx, "loadtest-teacher", "Load test", hash, "UTC")
	if err != nil {
		return "", err
	}
	c, err := db.CreateClass(ctx, t.ID, "Load test")
	if err != nil {
		return "", err
	}
	if err := db.Assign(ctx, t.ID, c.ID, []string{slug}, time.Time{}, false); err != nil {
		return "", err
	}
	return c.JoinCode, nil
}

func (ls *localServer) close() {
	if ls.hs != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		ls.hs.Shutdown(ctx)
		cancel()
	}
	if ls.db != nil {
		ls.db.Close()
	}
	os.RemoveAll(ls.dir)
}
