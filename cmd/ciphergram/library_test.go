package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/ciphergram/ciphergram/internal/store"
	"github.com/ciphergram/ciphergram/internal/storetest"
)

const testPack = "../../internal/pack/testdata/two-sources.pack.txt"

// brokenPack writes the test pack with one citation of a sentence its
// source lacks, and returns its path and the line of the mistake.
func brokenPack(t *testing.T) (string, int) {
	t.Helper()
	data, err := os.ReadFile(testPack)
	if err != nil {
		t.Fatal(err)
	}
	bad := strings.Replace(string(data), "[[test-fixture-notes:p3.s2]]", "[[test-fixture-notes:p3.s9]]", 1)
	path := filepath.Join(t.TempDir(), "broken.pack.txt")
	if err := os.WriteFile(path, []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	return path, strings.Count(bad[:strings.Index(bad, "p3.s9")], "\n") + 1
}

// TestCheckPack: check PACK validates a pack as check DIR does a folder,
// with each problem at its line of the pack.
func TestCheckPack(t *testing.T) {
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"check", testPack}, &out, &errOut); err != nil {
		t.Fatalf("check of the test pack: %v\n%s", err, errOut.String())
	}
	if !strings.HasPrefix(out.String(), "ok  two-sources.pack.txt") || !strings.Contains(out.String(), "2 questions") {
		t.Errorf("output: %q", out.String())
	}
	path, line := brokenPack(t)
	out.Reset()
	errOut.Reset()
	if err := run(context.Background(), []string{"check", path}, &out, &errOut); err == nil {
		t.Fatal("a broken pack passed")
	}
	want := "broken.pack.txt:" + strconv.Itoa(line) + `: lesson two-sources: unknown sentence ID "p3.s9" in test-fixture-notes`
	if !strings.Contains(errOut.String(), want) || !strings.Contains(errOut.String(), "1 problems") {
		t.Errorf("stderr:\n%s\nwant %s", errOut.String(), want)
	}
	out.Reset()
	if err := run(context.Background(), []string{"check", "-json", testPack}, &out, &errOut); err != nil ||
		!strings.Contains(out.String(), `"slug": "test-fixture-notes"`) {
		t.Errorf("check -json PACK: %v\n%s", err, out.String())
	}
}

// TestLibraryAdd: an operator adds a pack for every teacher; a second add
// gets new slugs; a broken pack adds nothing.
func TestLibraryAdd(t *testing.T) {
	ctx := context.Background()
	dbPath := storetest.DSN(t, "lib")
	var out, errOut bytes.Buffer
	if err := run(ctx, []string{"library", "add", "-db", dbPath, testPack}, &out, &errOut); err != nil {
		t.Fatalf("library add: %v\n%s", err, errOut.String())
	}
	if !strings.Contains(out.String(), "  lesson two-sources\n") || !strings.Contains(out.String(), "  source test-fixture-notes\n") {
		t.Errorf("output: %q", out.String())
	}
	out.Reset()
	if err := run(ctx, []string{"library", "add", "-db", dbPath, testPack}, &out, &errOut); err != nil {
		t.Fatalf("second library add: %v\n%s", err, errOut.String())
	}
	if !strings.Contains(out.String(), "lesson two-sources, as two-sources-") {
		t.Errorf("second add: %q", out.String())
	}
	path, _ := brokenPack(t)
	errOut.Reset()
	if err := run(ctx, []string{"library", "add", "-db", dbPath, path}, &out, &errOut); err == nil ||
		!strings.Contains(errOut.String(), "nothing was added") {
		t.Errorf("a broken pack: %v, %q", err, errOut.String())
	}
	db, err := store.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	teacher, err := db.CreateTeacher(ctx, "teacher", "", "hash", "UTC")
	if err != nil {
		t.Fatal(err)
	}
	list, err := db.TeacherLessons(ctx, teacher.ID)
	if err != nil || len(list) != 2 || !list[0].Shared || list[0].Published != 1 {
		t.Fatalf("a teacher's lessons: %+v, %v", list, err)
	}
	lib, err := db.UserByUsername(ctx, store.LibraryUsername)
	if err != nil || list[0].OwnerID != lib.ID {
		t.Errorf("owner %d, library %+v, %v", list[0].OwnerID, lib, err)
	}
}
