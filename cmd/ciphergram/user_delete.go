package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/ciphergram/ciphergram/internal/store"
)

// runUserDelete deletes an account and everything stored about it, in one
// transaction, whatever its role: a teacher's classes go with them (their
// students keep their accounts and answers). A session of theirs stops
// working at once, even on a server that is running.
func runUserDelete(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("user delete", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dbPath := dbFlag(fs, "the database")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: ciphergram user delete [-db FILE] USERNAME")
		fs.PrintDefaults()
	}
	username, err := subcommandArg(fs, args, "delete")
	if err != nil {
		return err
	}
	db, err := store.Open(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	u, err := db.DeleteUserByUsername(ctx, username)
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("no user %q in %s", username, store.DisplayDSN(*dbPath))
	} else if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Deleted %s (%s, %s) from %s, with everything stored about them.\n", u.Username, u.DisplayName, u.Role, store.DisplayDSN(*dbPath))
	if u.Role == store.RoleTeacher {
		fmt.Fprintln(stdout, "Their classes are deleted too; their students keep their accounts and answers.")
	}
	return nil
}
