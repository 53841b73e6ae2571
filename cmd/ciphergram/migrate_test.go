package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ciphergram/ciphergram/internal/store"
	"github.com/ciphergram/ciphergram/internal/storetest"
)

// TestMigrate: the command copies a database into a new one and prints
// every table's counts; it refuses a missing source, a target that is not
// empty, a server it cannot reach, and a missing flag, each with a
// message saying which.
func TestMigrate(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	// The target is a new SQLite file, or PostgreSQL when the tests run there.
	from, to := filepath.Join(dir, "school.db"), storetest.DSN(t, "new")
	db, err := store.Open(ctx, from)
	if err != nil {
		t.Fatal(err)
	}
	teacher, err := db.CreateTeacher(ctx, "rivera", "Ms Rivera", "hash", "UTC")
	if err != nil {
		t.Fatal(err)
	}
	class, err := db.CreateClass(ctx, teacher.ID, "Year 10")
	if err != nil {
		t.Fatal(err)
	}
	ann, err := db.CreateStudent(ctx, class.ID, 0, "ann", "Ann", "hash")
	if err != nil {
		t.Fatal(err)
	}
	db.Close()

	var out, errOut bytes.Buffer
	if err := run(ctx, []string{"migrate", "-from", from, "-to", to}, &out, &errOut); err != nil {
		t.Fatalf("migrate: %v\n%s", err, errOut.String())
	}
	for _, want := range []string{"users                             2          2", "classes                           1          1", "copied 4 rows"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the output lacks %q:\n%s", want, out.String())
		}
	}
	copied, err := store.Open(ctx, to)
	if err != nil {
		t.Fatal(err)
	}
	defer copied.Close()
	// The class Ann's account was made by joining came too: her teacher
	// may still reset her password.
	u, right, err := copied.ResetRight(ctx, teacher.ID, class.ID, ann.ID)
	if err != nil || u.Username != "ann" || u.DisplayName != "Ann" || !right.Allowed {
		t.Errorf("the copy holds %+v, %+v, %v", u, right, err)
	}

	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"not empty", []string{"-from", from, "-to", to}, "not empty: users, classes, enrolments hold rows"},
		{"no source", []string{"-from", filepath.Join(dir, "typo.db"), "-to", filepath.Join(dir, "other.db")}, "no database to copy"},
		{"no target", []string{"-from", from}, ""},
		// Port 1: nothing listens there. The password is never printed.
		{"unreachable", []string{"-from", from, "-to", "postgres://ann:s3cret@127.0.0.1:1/school?connect_timeout=5"}, "cannot open the target (is its server running, and the URL right?): store: open postgres://ann:xxxxx@127.0.0.1:1/school"},
	} {
		out.Reset()
		errOut.Reset()
		err := run(ctx, append([]string{"migrate"}, c.args...), &out, &errOut)
		if err == nil {
			t.Errorf("%s: migrate succeeded", c.name)
			continue
		}
		if c.want == "" {
			if !strings.Contains(errOut.String(), "usage: ciphergram migrate") {
				t.Errorf("%s: no usage, but %v\n%s", c.name, err, errOut.String())
			}
		} else if !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want it to say %q", c.name, err, c.want)
		}
		if strings.Contains(err.Error()+out.String()+errOut.String(), "s3cret") {
			t.Errorf("%s: the password is printed: %v", c.name, err)
		}
	}
}
