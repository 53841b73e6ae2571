package loadtest

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ciphergram/ciphergram/internal/store"
	"github.com/ciphergram/ciphergram/internal/storetest"
	"github.com/ciphergram/ciphergram/lessons"
)

// TestFailover spreads a class over two servers on one database (an SQLite
// file, or PostgreSQL with CIPHERGRAM_TEST_POSTGRES), each with its own
// handle on it as two processes would have, and kills the first in the middle of the run:
// its first answer to the lesson's last question is stored, then the
// connection is cut before the reply and the server stops answering. Its
// students carry on with the second server, which stores the resent answer
// once; nothing acknowledged is lost, nothing is stored twice, and no
// student gives up. In place with the lesson's pages, and answers only
// (where the resent last answer must find its finished attempt rather
// than start a new one).
func TestFailover(t *testing.T) {
	unit, err := lessons.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	l := unit.Lessons[0]
	q := int64(len(l.Questions))
	for _, tc := range []struct {
		mix    string
		rounds int
	}{{MixLesson, 2}, {MixAnswer, 1}} {
		t.Run(tc.mix, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			path := storetest.DSN(t, "class")
			db1, db2 := openStore(t, path), openStore(t, path)
			code, err := setupClass(ctx, db1, l.Slug, 0)
			if err != nil {
				t.Fatal(err)
			}
			app1, err := newApp(ctx, db1, unit)
			if err != nil {
				t.Fatal(err)
			}
			app2, err := newApp(ctx, db2, unit)
			if err != nil {
				t.Fatal(err)
			}
			k := &killer{next: app1.Handler(), path: "/questions/" + l.Questions[len(l.Questions)-1].ID}
			first := httptest.NewServer(k)
			k.srv = first
			defer first.Close()
			second := httptest.NewServer(app2.Handler())
			defer second.Close()

			rep, err := Run(ctx, Config{URLs: []string{first.URL, second.URL}, JoinCode: code, DB: path,
				Students: 6, Rounds: tc.rounds, Mix: tc.mix})
			if err != nil {
				t.Fatal(err)
			}
			if !k.killed() {
				t.Fatal("the first server was never killed")
			}
			want := 6 * int64(tc.rounds) * q
			if rep.Ledger != "database" || rep.Acknowledged != want || rep.Stored != want || rep.Lost != 0 || rep.Duplicates != 0 {
				t.Errorf("ledger (%s): %d acknowledged, %d stored (want %d each), %d lost, %d doubled",
					rep.Ledger, rep.Acknowledged, rep.Stored, want, rep.Lost, rep.Duplicates)
			}
			if rep.Errors != 0 {
				t.Errorf("%d requests failed for their students: %v", rep.Errors, rep.ErrorsByStatus)
			}
			a, b := rep.PerServer[first.URL], rep.PerServer[second.URL]
			if a == nil || b == nil {
				t.Fatalf("per_server: %v", rep.PerServer)
			}
			// Every student of the first server was still working when it
			// was killed: the kill was the first last answer it received.
			if a.Students != 3 || b.Students != 3 || a.StudentsAtEnd != 0 || b.StudentsAtEnd != 6 {
				t.Errorf("students: first server %d at the start, %d at the end; second %d and %d", a.Students, a.StudentsAtEnd, b.Students, b.StudentsAtEnd)
			}
			if a.UnderWay < 1 || a.Failovers < a.UnderWay || a.Failovers > a.Errors || rep.Failovers != a.Failovers || b.Failovers != 0 || b.Errors != 0 {
				t.Errorf("failovers: first server %+v, second %+v, in all %d", *a, *b, rep.Failovers)
			}
			t.Logf("first server %+v; second %+v", *a, *b)
		})
	}
}

func openStore(t *testing.T, path string) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// killer serves next until the first answer posted to a path ending in
// path: it stores that answer, then cuts the connection before the reply,
// as a server killed at that moment would, and closes the server. From
// that moment it answers nothing.
type killer struct {
	next http.Handler
	path string
	srv  *httptest.Server
	mu   sync.Mutex
	done chan struct{} // made at the kill, closed when the server is
}

func (k *killer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch k.decide(r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, k.path)) {
	case "serve":
		k.next.ServeHTTP(w, r)
	case "kill":
		k.next.ServeHTTP(httptest.NewRecorder(), r) // stored, never acknowledged
		cut(w)
		go func() {
			k.srv.CloseClientConnections() // requests under way are cut too
			k.srv.Close()
			close(k.done)
		}()
	default:
		cut(w)
	}
}

// decide says what to do with a request: serve it, kill the server with
// it (the first that matches), or cut it (the server is dead).
func (k *killer) decide(matches bool) string {
	k.mu.Lock()
	defer k.mu.Unlock()
	switch {
	case k.done != nil:
		return "cut"
	case matches:
		k.done = make(chan struct{})
		return "kill"
	}
	return "serve"
}

// cut closes the connection without a reply.
func cut(w http.ResponseWriter) {
	if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
		conn.Close()
	}
}

// killed waits for the kill to be over, if it began.
func (k *killer) killed() bool {
	k.mu.Lock()
	done := k.done
	k.mu.Unlock()
	if done == nil {
		return false
	}
	<-done
	return true
}
