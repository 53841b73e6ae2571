package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
)

// errSilent fails a command that has already said why on stderr or stdout.
var errSilent = errors.New("failed")

const usage = `usage: ciphergram [command] [flags]

commands:
  serve [-addr :8080] [-db ciphergram.db] [-dev]
                       serve the app (the default command)
  check [-json] [DIR | PACK]
                       validate the built-in lessons, the lesson files in DIR, or a lesson pack
  library add [-db FILE] PACK
                       publish a lesson pack's lessons and sources to every teacher on the server
  teacher add [-db FILE] USERNAME
                       add a teacher account (prints a generated password)
  user reset [-db FILE] USERNAME
                       give any account a new password (prints it) and sign it out
  user delete [-db FILE] USERNAME
                       delete any account and everything stored about it
  demo -db FILE        fill a new database with a demo class, to try the teacher view
  loadtest [-students 64] [-think 5s-15s] [-duration 10s | -rounds 1] [-baseline] [-json]
           [-url URL [-url URL2 ...] -code CODE [-db DATABASE]]
                       simulate a class taking a lesson; report speed, errors and lost answers
  backup [-db ciphergram.db] FILE
                       write a consistent copy of the database to FILE (safe while serving)
  migrate -from ciphergram.db -to postgres://USER@HOST:PORT/DATABASE
                       copy the whole database into a new, empty PostgreSQL database
  version              print the version

-db takes an SQLite file or a postgres:// URL; $CIPHERGRAM_DB, when set, is its default.
`

// run is the whole program, apart from process concerns, so tests can call it.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cmd, rest := "serve", args
	if len(args) > 0 && args[0] != "" && args[0][0] != '-' {
		cmd, rest = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		return runServe(ctx, rest, stdout, stderr)
	case "check":
		return runCheck(rest, stdout, stderr)
	case "library":
		return runLibrary(ctx, rest, stdout, stderr)
	case "teacher":
		return runTeacher(ctx, rest, os.Stdin, stdout, stderr)
	case "user":
		return runUser(ctx, rest, stdout, stderr)
	case "demo":
		return runDemo(ctx, rest, stdout, stderr)
	case "loadtest":
		return runLoadtest(ctx, rest, stdout, stderr)
	case "backup":
		return runBackup(ctx, rest, stdout, stderr)
	case "migrate":
		return runMigrate(ctx, rest, stdout, stderr)
	case "version":
		fmt.Fprintln(stdout, "ciphergram", version())
		return nil
	case "help":
		fmt.Fprint(stdout, usage)
		return nil
	default:
		fmt.Fprintf(stderr, "unknown command %q\n\n%s", cmd, usage)
		return errSilent
	}
}

func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}
