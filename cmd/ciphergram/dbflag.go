package main

import (
	"flag"
	"os"
)

// dbEnv names the variable that gives -db its default: a PostgreSQL URL
// with a password is better kept out of the command line, which every
// user of the machine can read in the process list.
const dbEnv = "CIPHERGRAM_DB"

// dbFlag defines the -db flag every command that opens the database has:
// an SQLite file, or a postgres:// URL.
func dbFlag(fs *flag.FlagSet, what string) *string {
	def := os.Getenv(dbEnv)
	if def == "" {
		def = "ciphergram.db"
	}
	return fs.String("db", def, what+": an SQLite file or a postgres:// URL (default from $"+dbEnv+" when set)")
}
