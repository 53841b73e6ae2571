package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/ciphergram/ciphergram/internal/demo"
	"github.com/ciphergram/ciphergram/internal/store"
	"github.com/ciphergram/ciphergram/lessons"
)

// runDemo fills a new database with a demo class and prints how to sign in.
func runDemo(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dbPath := fs.String("db", "", "the new database file to create (must not exist)")
	if err := fs.Parse(args); err != nil || *dbPath == "" {
		fmt.Fprintln(stderr, "usage: ciphergram demo -db FILE")
		return errSilent
	}
	if _, err := os.Stat(*dbPath); err == nil {
		return fmt.Errorf("%s exists: the demo needs a new database file", *dbPath)
	}
	unit, err := lessons.Builtin()
	if err != nil {
		return err
	}
	db, err := store.Open(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	creds, err := demo.Fill(ctx, db, unit)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, `Demo class created in %s.

Start the server:  go run ./cmd/ciphergram -db %s
Then open http://localhost:8080/login and sign in as

  teacher:  %s  /  %s
  student:  %s  /  %s   (every demo student, student01 to student25, has this password)

The class's join code is %s.
`, *dbPath, *dbPath, creds.TeacherUsername, creds.TeacherPassword, creds.StudentUsername, creds.StudentPassword, creds.JoinCode)
	return nil
}
