package main

import (
	"context"
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/ciphergram/ciphergram/internal/auth"
	"github.com/ciphergram/ciphergram/internal/store"
)

// runUser resets any account's password, or deletes any account, for the
// administrator: a teacher may do either only for a student whose account
// was made by joining one of their classes and who is in no other
// teacher's class.
func runUser(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 && args[0] == "delete" {
		return runUserDelete(ctx, args, stdout, stderr)
	}
	fs := flag.NewFlagSet("user reset", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dbPath := dbFlag(fs, "the database")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: ciphergram user reset [-db FILE] USERNAME\n       ciphergram user delete [-db FILE] USERNAME")
		fs.PrintDefaults()
	}
	username, err := subcommandArg(fs, args, "reset")
	if err != nil {
		return err
	}
	db, err := store.Open(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	// Looked up first, so a mistyped name costs no hashing.
	if _, err := db.UserByUsername(ctx, username); errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("no user %q in %s", username, store.DisplayDSN(*dbPath))
	} else if err != nil {
		return err
	}
	password := rand.Text()[:16]
	hash, err := auth.NewHasher().Hash(ctx, password)
	if err != nil {
		return err
	}
	u, err := db.ResetPassword(ctx, username, hash)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Password of %s (%s, %s) reset in %s; they are signed out everywhere.\n", u.Username, u.DisplayName, u.Role, store.DisplayDSN(*dbPath))
	fmt.Fprintf(stdout, "Password: %s\n(shown once: give it to its owner, who signs in at /login)\n", password)
	return nil
}

// subcommandArg parses "VERB [flags] ARG", the shape of the account
// commands, and returns ARG; on anything else it prints the usage.
func subcommandArg(fs *flag.FlagSet, args []string, verb string) (string, error) {
	if len(args) == 0 || args[0] != verb {
		fs.Usage()
		return "", errSilent
	}
	if err := fs.Parse(args[1:]); err != nil || fs.NArg() != 1 {
		fs.Usage()
		return "", errSilent
	}
	return fs.Arg(0), nil
}
