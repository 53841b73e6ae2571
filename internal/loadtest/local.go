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
	files, err := static.Embedded()
	if err != nil {
		return nil, err
	}
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	srv, err := web.New(ctx, web.Config{DB: ls.db, Unit: unit, Static: files, Logger: logger})
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

// ledger compares, per student and question, the answers the server
// acknowledged and the ones sent with the responses stored in the database.
// An acknowledged answer missing from it is lost; more stored than sent is
// a duplicate. Stored but unacknowledged (a request that failed after the
// commit) is neither.
func (ls *localServer) ledger(ctx context.Context, students []*student, slug string) (stored, lost, dup int64, err error) {
	for _, s := range students {
		if !s.joined {
			continue
		}
		u, err := ls.db.UserByUsername(ctx, s.username)
		if err != nil {
			return 0, 0, 0, fmt.Errorf("student %s: %w", s.username, err)
		}
		as, err := ls.db.Attempts(ctx, u.ID)
		if err != nil {
			return 0, 0, 0, err
		}
		inDB := map[string]int64{}
		for _, a := range as {
			if a.LessonSlug != slug {
				continue
			}
			rs, err := ls.db.Responses(ctx, a.ID)
			if err != nil {
				return 0, 0, 0, err
			}
			for _, r := range rs {
				inDB[r.QuestionID]++
			}
		}
		for q, n := range inDB {
			stored += n
			if _, ok := s.answers[q]; !ok {
				dup += n // stored, never sent
			}
		}
		for q, c := range s.answers {
			lost += max(0, c.acked-inDB[q])
			dup += max(0, inDB[q]-c.sent)
		}
	}
	return stored, lost, dup, nil
}
