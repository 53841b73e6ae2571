package main

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/ciphergram/ciphergram/internal/auth"
	"github.com/ciphergram/ciphergram/internal/store"
	"github.com/ciphergram/ciphergram/internal/storetest"
)

// TestUserReset: the administrator gives any account a new password,
// printed once, and the account's sessions end.
func TestUserReset(t *testing.T) {
	dbPath := storetest.DSN(t, "t")
	ctx := context.Background()
	db, err := store.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	teacher, err := db.CreateTeacher(ctx, "rivera", "Ms Rivera", "old-hash", "UTC")
	if err != nil {
		t.Fatal(err)
	}
	class, err := db.CreateClass(ctx, teacher.ID, "7B")
	if err != nil {
		t.Fatal(err)
	}
	sam, err := db.CreateStudent(ctx, class.ID, 0, "sam", "Sam", "old-hash")
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	// A new user's session epoch is random (migration 005): reset bumps it.
	epochs := map[string]int64{"SAM": sam.SessionEpoch, "rivera": teacher.SessionEpoch}

	for _, username := range []string{"SAM", "rivera"} { // usernames match in any case
		var out, errOut bytes.Buffer
		if err := runUser(ctx, []string{"reset", "-db", dbPath, username}, &out, &errOut); err != nil {
			t.Fatalf("user reset %s: %v\n%s", username, err, errOut.String())
		}
		_, after, ok := strings.Cut(out.String(), "Password: ")
		password, _, _ := strings.Cut(after, "\n")
		if !ok || len(password) < 16 {
			t.Fatalf("user reset %s printed no password: %q", username, out.String())
		}
		db, err := store.Open(ctx, dbPath)
		if err != nil {
			t.Fatal(err)
		}
		u, err := db.UserByUsername(ctx, username)
		db.Close()
		if err != nil {
			t.Fatal(err)
		}
		if err := auth.NewHasher().Verify(ctx, u.PasswordHash, password); err != nil {
			t.Errorf("%s: the printed password does not sign in: %v", username, err)
		}
		if u.SessionEpoch == epochs[username] {
			t.Errorf("%s: sessions not ended (epoch %d)", username, u.SessionEpoch)
		}
	}

	var out, errOut bytes.Buffer
	if err := runUser(ctx, []string{"reset", "-db", dbPath, "nobody"}, &out, &errOut); err == nil || !strings.Contains(err.Error(), "no user") {
		t.Errorf("reset of a missing user: %v", err)
	}
	for _, args := range [][]string{nil, {"erase", "sam"}, {"reset"}, {"delete"}, {"reset", "-db", dbPath, "a", "b"}} {
		if err := runUser(ctx, args, &out, &errOut); !errors.Is(err, errSilent) {
			t.Errorf("user %q: %v, want the usage", args, err)
		}
	}
	if err := run(ctx, []string{"help"}, &out, &errOut); err != nil || !strings.Contains(out.String(), "user reset") {
		t.Errorf("help does not list user reset: %v", err)
	}
}

// TestUserDelete: the administrator deletes any account, with its data;
// a teacher's classes go, their students stay.
func TestUserDelete(t *testing.T) {
	dbPath := storetest.DSN(t, "t")
	ctx := context.Background()
	db, err := store.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	teacher, err := db.CreateTeacher(ctx, "rivera", "Ms Rivera", "hash", "UTC")
	if err != nil {
		t.Fatal(err)
	}
	class, err := db.CreateClass(ctx, teacher.ID, "7B")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"sam", "kim"} {
		if _, err := db.CreateStudent(ctx, class.ID, 0, name, name, "hash"); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()

	for _, username := range []string{"SAM", "rivera"} {
		var out, errOut bytes.Buffer
		if err := runUser(ctx, []string{"delete", "-db", dbPath, username}, &out, &errOut); err != nil {
			t.Fatalf("user delete %s: %v\n%s", username, err, errOut.String())
		}
		if !strings.Contains(out.String(), "Deleted") {
			t.Errorf("user delete %s printed %q", username, out.String())
		}
	}
	var out, errOut bytes.Buffer
	if err := runUser(ctx, []string{"delete", "-db", dbPath, "sam"}, &out, &errOut); err == nil || !strings.Contains(err.Error(), "no user") {
		t.Errorf("deleting twice: %v", err)
	}
	db, err = store.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for name, want := range map[string]error{"sam": store.ErrNotFound, "rivera": store.ErrNotFound, "kim": nil} {
		if _, err := db.UserByUsername(ctx, name); !errors.Is(err, want) || (want == nil && err != nil) {
			t.Errorf("%s after the deletions: %v, want %v", name, err, want)
		}
	}
}
