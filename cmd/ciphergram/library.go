package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"sort"

	"github.com/ciphergram/ciphergram/internal/store"
	"github.com/ciphergram/ciphergram/lessons"
)

// runLibrary adds a lesson pack to the server's library: its lessons and
// sources, published and owned by the library account, which every
// teacher may assign. The pack is checked first, as `check PACK` does;
// with any problem, nothing is added.
func runLibrary(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("library add", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dbPath := dbFlag(fs, "the database")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: ciphergram library add [-db FILE] PACK")
		fs.PrintDefaults()
	}
	path, err := subcommandArg(fs, args, "add")
	if err != nil {
		return err
	}
	p, _, err := readPack(path)
	if probs, ok := errors.AsType[lessons.Problems](err); ok {
		for _, prob := range probs {
			fmt.Fprintln(stderr, prob)
		}
		fmt.Fprintf(stderr, "%d problems: nothing was added\n", len(probs))
		return errSilent
	}
	if err != nil {
		return err
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
	added, err := db.AddToLibrary(ctx, p.Import(unit))
	if errors.Is(err, store.ErrTooManyLessons) || errors.Is(err, store.ErrTooManySources) {
		return fmt.Errorf("the library would hold more than %d lessons or %d sources: nothing was added", store.MaxLessonsPerTeacher, store.MaxSourcesPerTeacher)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Added to the library of %s, for every teacher:\n", store.DisplayDSN(*dbPath))
	printRenamed(stdout, "lesson", added.Lessons)
	printRenamed(stdout, "source", added.Sources)
	return nil
}

// printRenamed lists what was stored, and under which slug if not its own.
func printRenamed(w io.Writer, what string, slugs map[string]string) {
	var keys []string
	for k := range slugs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if slugs[k] == k {
			fmt.Fprintf(w, "  %s %s\n", what, k)
		} else {
			fmt.Fprintf(w, "  %s %s, as %s (%s is taken on this server)\n", what, k, slugs[k], k)
		}
	}
}
