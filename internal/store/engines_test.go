package store

import (
	"path/filepath"
	"slices"
	"testing"

	"github.com/ciphergram/ciphergram/internal/storetest"
)

// TestEnginesHaveTheSameSchema: the two engines' migrations make the same
// tables with the same columns in the same order, and apply the same
// numbered files. It needs both engines, so it runs in the PostgreSQL pass.
func TestEnginesHaveTheSameSchema(t *testing.T) {
	if !storetest.Postgres() {
		t.Skip("compares with PostgreSQL: runs in the PostgreSQL pass (" + storetest.Env + ")")
	}
	lite := openTestDB(t, filepath.Join(t.TempDir(), "lite.db"))
	pg := openTestDB(t, storetest.DSN(t, "pg"))
	ctx := t.Context()

	describe := func(db *DB) map[string][]string {
		tables, err := db.Tables(ctx)
		must(t, err)
		q := `SELECT name FROM pragma_table_info(?) ORDER BY cid`
		if db.Engine() == "postgres" {
			q = `SELECT column_name FROM information_schema.columns
				WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position`
		}
		out := map[string][]string{}
		for _, table := range tables {
			rows, err := db.reader.QueryContext(ctx, q, table)
			must(t, err)
			for rows.Next() {
				var c string
				must(t, rows.Scan(&c))
				out[table] = append(out[table], c)
			}
			must(t, rows.Err())
			rows.Close()
		}
		return out
	}
	a, b := describe(lite), describe(pg)
	for table, cols := range a {
		if !slices.Equal(cols, b[table]) {
			t.Errorf("table %s: SQLite has columns %v, PostgreSQL %v", table, cols, b[table])
		}
	}
	for table := range b {
		if _, ok := a[table]; !ok {
			t.Errorf("table %s is PostgreSQL's only", table)
		}
	}
	versions := func(db *DB) []int {
		rows, err := db.reader.QueryContext(ctx, `SELECT version FROM schema_migrations ORDER BY version`)
		must(t, err)
		defer rows.Close()
		var vs []int
		for rows.Next() {
			var v int
			must(t, rows.Scan(&v))
			vs = append(vs, v)
		}
		return vs
	}
	if va, vb := versions(lite), versions(pg); !slices.Equal(va, vb) {
		t.Errorf("migrations applied: SQLite %v, PostgreSQL %v", va, vb)
	}
}
