package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ciphergram/ciphergram/internal/store"
)

// TestLoadtestServersDatabase: bad -url and -db values get a message
// before any request, and a -db file that does not exist is not created
// (an empty database would count every answer as lost).
func TestLoadtestServersDatabase(t *testing.T) {
	dir := t.TempDir()
	other := filepath.Join(dir, "other.db")
	db, err := store.Open(context.Background(), other)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	missing := filepath.Join(dir, "missing.db")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-url", "http://a,http://b", "-code", "X"}, "repeat the flag"},
		{[]string{"-db", other}, "only against URLs"},
		{[]string{"-url", "http://127.0.0.1:1", "-code", "ABCD2345", "-db", missing}, "no such file"},
		{[]string{"-url", "http://127.0.0.1:1", "-code", "ABCD2345", "-db", other}, "no open class with join code ABCD2345"},
	} {
		var out, errOut bytes.Buffer
		err := run(context.Background(), append([]string{"loadtest"}, tc.args...), &out, &errOut)
		if msg := errOut.String() + errString(err); err == nil || !strings.Contains(msg, tc.want) {
			t.Errorf("%v: err %v, stderr %q; want a message with %q", tc.args, err, errOut.String(), tc.want)
		}
	}
	if _, err := os.Stat(missing); !os.IsNotExist(err) {
		t.Errorf("-db %s: created (stat: %v)", missing, err)
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
