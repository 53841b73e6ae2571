package store

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

// TestCopyKnowsEveryTable: the schema's tables are exactly the copy's
// list (and schema_migrations, which each side writes for itself). A
// migration that adds a table fails here until copyTables has it.
func TestCopyKnowsEveryTable(t *testing.T) {
	db, _ := newTestDB(t)
	names, err := db.Tables(t.Context())
	must(t, err)
	want := append(CopyTables(), "schema_migrations")
	slices.Sort(want)
	if !slices.Equal(names, want) {
		t.Errorf("the schema's tables are\n  %v\nthe copy knows\n  %v\nadd the new table to copyTables in copy.go, parents before children", names, want)
	}
}

// TestCopyRefusesUnknownTable: a table the copy does not know (one a
// newer migration made, say) stops the copy before a row is written.
func TestCopyRefusesUnknownTable(t *testing.T) {
	src, _ := newTestDB(t)
	dst, _ := newTestDB(t)
	newTeacher(t, src, "rivera")
	_, err := src.writer.ExecContext(t.Context(), `CREATE TABLE later_feature (id INTEGER PRIMARY KEY)`)
	must(t, err)
	if _, err := src.CopyTo(t.Context(), dst); err == nil || !strings.Contains(err.Error(), "later_feature") {
		t.Errorf("copy with an unknown table: %v, want it refused by name", err)
	}
	assertEmpty(t, dst)
}

// TestCopyRefusesNonEmptyTarget: a user, or a row in any table (a
// setting a server stored), makes the target not empty; it is left as it
// was.
func TestCopyRefusesNonEmptyTarget(t *testing.T) {
	src, _ := newTestDB(t)
	newTeacher(t, src, "rivera")

	withUser, _ := newTestDB(t)
	newTeacher(t, withUser, "other")
	if _, err := src.CopyTo(t.Context(), withUser); !errors.Is(err, ErrNotEmpty) || !strings.Contains(err.Error(), "users") {
		t.Errorf("copy into a database with a user: %v, want ErrNotEmpty naming users", err)
	}
	if _, err := withUser.UserByUsername(t.Context(), "rivera"); !errors.Is(err, ErrNotFound) {
		t.Errorf("the refused copy wrote a user: %v", err)
	}

	withSetting, _ := newTestDB(t)
	_, err := withSetting.SettingOrInit(t.Context(), "session-key", []byte("k"))
	must(t, err)
	if _, err := src.CopyTo(t.Context(), withSetting); !errors.Is(err, ErrNotEmpty) || !strings.Contains(err.Error(), "settings") {
		t.Errorf("copy into a database with a setting: %v, want ErrNotEmpty naming settings", err)
	}
}

func assertEmpty(t *testing.T, db *DB) {
	t.Helper()
	for _, table := range CopyTables() {
		rows, err := db.DumpTable(t.Context(), table)
		must(t, err)
		if len(rows) > 0 {
			t.Errorf("%s has %d rows after a refused copy", table, len(rows))
		}
	}
}
