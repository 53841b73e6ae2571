package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/ciphergram/ciphergram/internal/store"
)

// runBackup writes a consistent copy of the database to a new file. It is
// safe while the server runs: the copy is one snapshot, and writes carry on.
func runBackup(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	flags := flag.NewFlagSet("backup", flag.ContinueOnError)
	flags.SetOutput(stderr)
	dbPath := dbFlag(flags, "the database to back up (SQLite only)")
	flags.Usage = func() {
		fmt.Fprintln(stderr, "usage: ciphergram backup [-db FILE] BACKUP-FILE")
		flags.PrintDefaults()
	}
	if err := flags.Parse(args); err != nil || flags.NArg() < 1 {
		flags.Usage()
		return errSilent
	}
	out := flags.Arg(0)
	// Flags may also follow the file name: backup copy.db -db live.db.
	if err := flags.Parse(flags.Args()[1:]); err != nil || flags.NArg() != 0 {
		flags.Usage()
		return errSilent
	}
	if store.IsPostgresURL(*dbPath) {
		return errors.New("backup: the database is on PostgreSQL: back it up with pg_dump (see the README)")
	}
	// store.Open would create a missing database: a typo must not back up
	// an empty one.
	if _, err := os.Stat(*dbPath); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if _, err := os.Lstat(out); err == nil {
		return fmt.Errorf("backup: %s: %w (choose a new file name)", out, fs.ErrExist)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("backup: %w", err)
	}
	db, err := store.Open(ctx, *dbPath)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer db.Close()
	if err := db.Backup(ctx, out); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "backed up %s to %s\n", *dbPath, out)
	return nil
}
