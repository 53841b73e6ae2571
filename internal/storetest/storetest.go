// Package storetest gives each test a database of its own, on the engine
// the environment chooses: an SQLite file in the test's temporary folder
// by default, or, when CIPHERGRAM_TEST_POSTGRES holds a PostgreSQL URL, a
// fresh schema on that server, dropped when the test ends. CI runs the
// tests once each way (.ci/run).
package storetest

import (
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
)

// Env names the variable holding the PostgreSQL server's URL.
const Env = "CIPHERGRAM_TEST_POSTGRES"

// Postgres reports whether the tests run on PostgreSQL.
func Postgres() bool { return os.Getenv(Env) != "" }

// DSN returns where a test's new, empty database is: give it to
// store.Open. name tells apart several databases in one test.
func DSN(t testing.TB, name string) string {
	t.Helper()
	server := os.Getenv(Env)
	if server == "" {
		return filepath.Join(t.TempDir(), name+".db")
	}
	var b [8]byte
	rand.Read(b[:])
	schema := "t_" + hex.EncodeToString(b[:])

	admin, err := sql.Open("pgx", server)
	if err != nil {
		t.Fatalf("storetest: %s: %v", Env, err)
	}
	defer admin.Close()
	if _, err := admin.ExecContext(t.Context(), "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("storetest: create schema on %s: %v", Env, err)
	}
	t.Cleanup(func() {
		admin, err := sql.Open("pgx", server)
		if err != nil {
			t.Errorf("storetest: %v", err)
			return
		}
		defer admin.Close()
		if _, err := admin.Exec("DROP SCHEMA " + schema + " CASCADE"); err != nil {
			t.Errorf("storetest: drop schema %s: %v", schema, err)
		}
	})

	// The schema is the connection's search path, so the store's
	// unqualified tables are created and found there.
	u, err := url.Parse(server)
	if err != nil {
		t.Fatalf("storetest: %s: %v", Env, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// SQLiteOnly ends a test that is about SQLite itself (its file, its
// pragmas, its backup) when the run is PostgreSQL's: the same test has
// run, and must pass, in the SQLite run.
func SQLiteOnly(t testing.TB) {
	t.Helper()
	if Postgres() {
		t.Skip("about SQLite's file; run in the SQLite pass")
	}
}
