package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/ciphergram/ciphergram/internal/store"
)

// runMigrate copies a school's whole database into a new, empty one: from
// its SQLite file up to PostgreSQL, when one server is no longer enough.
// The copy is one transaction on the target, checked table by table.
func runMigrate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	flags := flag.NewFlagSet("migrate", flag.ContinueOnError)
	flags.SetOutput(stderr)
	from := flags.String("from", "", "the database to copy: a SQLite file (stop its server first; its schema is brought up to date, as serve would)")
	to := flags.String("to", "", "the new, empty database: a postgres:// URL (or a new SQLite file)")
	flags.Usage = func() {
		fmt.Fprintln(stderr, "usage: ciphergram migrate -from ciphergram.db -to postgres://USER@HOST:PORT/DATABASE")
		flags.PrintDefaults()
	}
	if err := flags.Parse(args); err != nil || flags.NArg() != 0 || *from == "" || *to == "" {
		flags.Usage()
		return errSilent
	}
	// store.Open would create a missing file: a typo must not copy an
	// empty database.
	if !store.IsPostgresURL(*from) {
		if _, err := os.Stat(*from); err != nil {
			return fmt.Errorf("migrate: no database to copy: %w", err)
		}
	}
	src, err := store.Open(ctx, *from)
	if err != nil {
		return fmt.Errorf("migrate: cannot open the source: %w", err)
	}
	defer src.Close()
	dst, err := store.Open(ctx, *to)
	if err != nil {
		return fmt.Errorf("migrate: cannot open the target (is its server running, and the URL right?): %w", err)
	}
	defer dst.Close()

	fmt.Fprintf(stdout, "copying %s into %s, in one transaction...\n", store.DisplayDSN(*from), store.DisplayDSN(*to))
	counts, err := src.CopyTo(ctx, dst)
	if errors.Is(err, store.ErrNotEmpty) {
		return fmt.Errorf("migrate: into %s: %w. Nothing was copied: migrate fills a new, empty database only", store.DisplayDSN(*to), err)
	} else if err != nil {
		return fmt.Errorf("migrate: nothing was copied: %w", err)
	}
	var total int64
	fmt.Fprintf(stdout, "%-24s %10s %10s\n", "table", "source", "copied")
	for _, c := range counts {
		fmt.Fprintf(stdout, "%-24s %10d %10d\n", c.Table, c.From, c.To)
		total += c.To
	}
	fmt.Fprintf(stdout, "copied %d rows, every table's count checked; now start each server with -db %s\n", total, store.DisplayDSN(*to))
	return nil
}
