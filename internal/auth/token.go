package auth

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
)

// A token is a secret the server draws at random, such as a recovery
// code of 79 bits. Unlike a password, which people choose and which must
// be slow to guess, it needs no slow hash: no list of likely tokens
// exists to try, so SHA-256 keeps it as safe as argon2id would, without
// doubling the cost of making an account.

// HashToken is how a token is stored: never the token itself.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return "sha256$" + hex.EncodeToString(sum[:])
}

// TokenMatches reports whether token is the one stored as hash, in time
// that does not depend on where they differ.
func TokenMatches(hash, token string) bool {
	return hash != "" && subtle.ConstantTimeCompare([]byte(hash), []byte(HashToken(token))) == 1
}
