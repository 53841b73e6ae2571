package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ciphergram/ciphergram/internal/store"
)

func TestBackup(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	live, copyPath := filepath.Join(dir, "live.db"), filepath.Join(dir, "copy.db")
	db, err := store.Open(ctx, live)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreateTeacher(ctx, "rivera", "Ms Rivera", "hash", "UTC"); err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	// Flags after the file name work too; the live database stays open.
	if err := run(ctx, []string{"backup", copyPath, "-db", live}, &out, &errOut); err != nil {
		t.Fatalf("backup: %v\n%s", err, errOut.String())
	}
	db.Close()
	b, err := store.Open(ctx, copyPath)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if u, err := b.UserByUsername(ctx, "rivera"); err != nil || u.DisplayName != "Ms Rivera" {
		t.Errorf("backup holds %+v, %v", u, err)
	}
	if err := run(ctx, []string{"backup", "-db", live, copyPath}, &out, &errOut); err == nil {
		t.Error("backup over an existing file succeeded")
	}
	if err := run(ctx, []string{"backup", "-db", filepath.Join(dir, "typo.db"), filepath.Join(dir, "x.db")}, &out, &errOut); err == nil {
		t.Error("backup of a missing database succeeded")
	}
	if err := run(ctx, []string{"backup"}, &out, &errOut); err == nil {
		t.Error("backup without a file name succeeded")
	}
}

// TestBackupOnPostgres: backup copies SQLite files; on PostgreSQL it says
// to use pg_dump, and opens nothing.
func TestBackupOnPostgres(t *testing.T) {
	var out, errOut bytes.Buffer
	err := run(t.Context(), []string{"backup", "-db", "postgres://nobody@127.0.0.1:1/none", filepath.Join(t.TempDir(), "copy.db")}, &out, &errOut)
	if err == nil || !strings.Contains(err.Error(), "pg_dump") {
		t.Errorf("backup of a PostgreSQL URL: %v", err)
	}
}
