package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/ciphergram/ciphergram/internal/auth"
	"github.com/ciphergram/ciphergram/internal/store"
)

// runTeacher adds a teacher account, for servers with sign-up closed.
func runTeacher(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("teacher add", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dbPath := dbFlag(fs, "the database")
	name := fs.String("name", "", "display name students see (default: the username)")
	tz := fs.String("timezone", "UTC", "time zone for due dates, e.g. Europe/London")
	fromStdin := fs.Bool("password-stdin", false, "read the password from the first line of standard input (default: generate one and print it)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: ciphergram teacher add [-db FILE] [-name NAME] [-timezone ZONE] [-password-stdin] USERNAME")
		fs.PrintDefaults()
	}
	username, err := subcommandArg(fs, args, "add")
	if err != nil {
		return err
	}
	// The same rules as signing up on the site (store/credentials.go).
	username = store.NormalizeName(username)
	if err := store.CheckUsername(username); err != nil {
		return fmt.Errorf("username %q: %w", username, err)
	}
	password, generated := "", false
	if *fromStdin {
		line, err := bufio.NewReader(stdin).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return err
		}
		password = strings.TrimRight(line, "\r\n")
		if err := store.CheckPassword(password); err != nil {
			return fmt.Errorf("password: %w", err)
		}
	} else {
		password, generated = rand.Text()[:16], true
	}
	db, err := store.Open(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	hash, err := auth.NewHasher().Hash(ctx, password)
	if err != nil {
		return err
	}
	if _, err := db.CreateTeacher(ctx, username, *name, hash, *tz); err != nil {
		if errors.Is(err, store.ErrUsernameTaken) {
			return fmt.Errorf("username %q is taken", username)
		}
		return err
	}
	fmt.Fprintf(stdout, "Teacher %s added to %s.\n", username, store.DisplayDSN(*dbPath))
	if generated {
		fmt.Fprintf(stdout, "Password: %s\n(shown once: give it to the teacher, who signs in at /login)\n", password)
	}
	return nil
}
