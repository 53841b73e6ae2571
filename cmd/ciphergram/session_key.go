package main

import (
	"fmt"
	"io"
	"os"

	"github.com/ciphergram/ciphergram/internal/web"
)

// sessionKeyEnv names the session key file when -session-key-file is not
// given: a container platform passes files and settings this way.
const sessionKeyEnv = "CIPHERGRAM_SESSION_KEY_FILE"

// readSessionKey reads the session key file that every server of one
// database is given, so that a cookie one of them signs is good on all.
// The file must be private (anyone who reads it can sign in as anyone)
// and hold at least web.MinSessionKey bytes; both refusals say how to
// make a good one.
func readSessionKey(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("session key file: %w", err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("session key file: %w", err)
	}
	const howTo = "make one with: head -c 64 /dev/urandom > %[1]s && chmod 600 %[1]s"
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("session key file %s is not a regular file; "+howTo, path)
	}
	if perm := info.Mode().Perm(); perm&0o006 != 0 {
		return nil, fmt.Errorf("session key file %s can be read or changed by every user of this machine (mode %04o), and whoever reads it can sign in as anyone: run chmod 600 %s", path, perm, path)
	}
	key, err := io.ReadAll(io.LimitReader(f, 1<<16))
	if err != nil {
		return nil, fmt.Errorf("session key file: %w", err)
	}
	if len(key) < web.MinSessionKey {
		return nil, fmt.Errorf("session key file %s holds %d bytes, fewer than the %d random bytes it needs; "+howTo, path, len(key), web.MinSessionKey)
	}
	return key, nil
}
