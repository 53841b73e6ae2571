package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/ciphergram/ciphergram/internal/store"
	"github.com/ciphergram/ciphergram/internal/storetest"
)

func TestTeacherAdd(t *testing.T) {
	dbPath := storetest.DSN(t, "t")
	var out, errOut bytes.Buffer
	ctx := context.Background()
	if err := runTeacher(ctx, []string{"add", "-db", dbPath, "-name", "Ms Rivera", "rivera"}, strings.NewReader(""), &out, &errOut); err != nil {
		t.Fatalf("teacher add: %v\n%s", err, errOut.String())
	}
	if !strings.Contains(out.String(), "Password: ") {
		t.Errorf("no generated password printed: %q", out.String())
	}
	err := runTeacher(ctx, []string{"add", "-db", dbPath, "-password-stdin", "RIVERA"}, strings.NewReader("another password\n"), &out, &errOut)
	if err == nil || !strings.Contains(err.Error(), "taken") {
		t.Errorf("second teacher with the same name: err = %v", err)
	}
	if err := runTeacher(ctx, []string{"add", "-db", dbPath, "-password-stdin", "lee"}, strings.NewReader("short\n"), &out, &errOut); err == nil {
		t.Error("a short password was accepted")
	}
	db, err := store.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	u, err := db.UserByUsername(ctx, "rivera")
	if err != nil || u.Role != store.RoleTeacher || u.DisplayName != "Ms Rivera" {
		t.Errorf("stored teacher = %+v, %v", u, err)
	}
}

// TestTeacherAddRules: `teacher add` obeys the username and password
// rules of the sign-up form, and adds nobody when it refuses.
func TestTeacherAddRules(t *testing.T) {
	dbPath := storetest.DSN(t, "t")
	ctx := context.Background()
	for _, c := range []struct{ username, password string }{
		{"Ann Smith é", "a long enough password"},
		{"x", "a long enough password"},
		{"ann\u200b", "a long enough password"},
		{"ann", "x"},
		{"ann", strings.Repeat("p", 257)},
	} {
		var out, errOut bytes.Buffer
		err := runTeacher(ctx, []string{"add", "-db", dbPath, "-password-stdin", c.username}, strings.NewReader(c.password+"\n"), &out, &errOut)
		if err == nil {
			t.Errorf("teacher add %q with a %d-character password was accepted", c.username, len(c.password))
		}
	}
	db, err := store.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, name := range []string{"Ann Smith é", "x", "ann"} {
		if _, err := db.UserByUsername(ctx, name); err == nil {
			t.Errorf("refused teacher %q was stored", name)
		}
	}
}
