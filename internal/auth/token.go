package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"io"
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

// random is where drawn secrets come from; tests replace it.
var random io.Reader = rand.Reader

// RandomCode draws a secret of n characters, each equally likely to be any
// byte of alphabet (2 to 256 of them): the one way Ciphergram draws join
// codes, generated passwords and recovery codes.
func RandomCode(alphabet string, n int) string {
	// Bytes from the largest multiple of len(alphabet) up are dropped, so
	// that every character is equally likely (with 31: 248 and up).
	limit := 256 - 256%len(alphabet)
	code := make([]byte, 0, n)
	buf := make([]byte, n)
	for len(code) < n {
		buf := buf[:n-len(code)]
		if _, err := io.ReadFull(random, buf); err != nil {
			// crypto/rand does not fail (since Go 1.24 it crashes instead):
			// only a test's reader runs out.
			panic(fmt.Sprintf("auth: random code: %v", err))
		}
		for _, b := range buf {
			if int(b) < limit {
				code = append(code, alphabet[int(b)%len(alphabet)])
			}
		}
	}
	return string(code)
}
