package auth

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"
	"time"
)

func TestHashVerify(t *testing.T) {
	h := NewHasher()
	ctx := context.Background()
	hash, err := h.Hash(ctx, "correct horse")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(hash, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Errorf("hash %q does not record OWASP parameters", hash)
	}
	if err := h.Verify(ctx, hash, "correct horse"); err != nil {
		t.Errorf("right password rejected: %v", err)
	}
	if err := h.Verify(ctx, hash, "correct horsE"); err != ErrMismatch {
		t.Errorf("wrong password: err = %v", err)
	}
	for _, bad := range []string{"", "$argon2id$", "$argon2id$v=19$m=1,t=1,p=1$!!$!!", "$argon2id$v=19$m=99999999,t=1,p=1$AAAA$AAAA"} {
		if err := h.Verify(ctx, bad, "x"); err != ErrMismatch {
			t.Errorf("Verify(%q) = %v, want ErrMismatch", bad, err)
		}
	}
	again, _ := h.Hash(ctx, "correct horse")
	if again == hash {
		t.Error("two hashes of one password are equal: salt not random")
	}
}

func TestLimiter(t *testing.T) {
	now := time.Unix(1000, 0)
	l := NewLimiter(Backoff{Free: 3, First: time.Second, Max: time.Minute, Forget: time.Hour}, func() time.Time { return now })
	for range 3 {
		if w := l.Wait("k"); w != 0 {
			t.Fatalf("waits %v before the free failures are used", w)
		}
		l.Fail("k")
	}
	if w := l.Wait("k"); w != time.Second {
		t.Errorf("after 3 failures wait = %v, want 1s", w)
	}
	l.Fail("k")
	if w := l.Wait("k"); w != 2*time.Second {
		t.Errorf("after 4 failures wait = %v, want 2s", w)
	}
	if w := l.Wait("other"); w != 0 {
		t.Errorf("another key waits %v", w)
	}
	for range 30 {
		l.Fail("k")
	}
	if w := l.Wait("k"); w != time.Minute {
		t.Errorf("wait = %v, want capped at 1m", w)
	}
	now = now.Add(2 * time.Minute)
	if w := l.Wait("k"); w != 0 {
		t.Errorf("after waiting out, wait = %v", w)
	}
	l.Reset("k")
	l.Fail("k")
	if w := l.Wait("k"); w != 0 {
		t.Errorf("after reset one failure waits %v", w)
	}
}

// TestLimiterFirstWait: the first wait is the policy's, not always a second.
func TestLimiterFirstWait(t *testing.T) {
	now := time.Unix(1000, 0)
	l := NewLimiter(Backoff{Free: 1, First: time.Minute, Max: 20 * time.Minute, Forget: time.Hour}, func() time.Time { return now })
	l.Fail("k")
	if w := l.Wait("k"); w != time.Minute {
		t.Errorf("after 1 failure wait = %v, want 1m", w)
	}
	for range 10 {
		l.Fail("k")
	}
	if w := l.Wait("k"); w != 20*time.Minute {
		t.Errorf("after 11 failures wait = %v, want the 20m cap", w)
	}
}

// TestBucket: a burst of size fits, then one more every per; a key that
// keeps adding at that pace is never refused, however long it goes on.
func TestBucket(t *testing.T) {
	now := time.Unix(1000, 0)
	b := NewBucket(3, 10*time.Second, func() time.Time { return now })
	for i := range 3 {
		if w := b.Take("k"); w != 0 {
			t.Fatalf("take %d of a burst of 3 waits %v", i+1, w)
		}
	}
	if w := b.Take("k"); w != 10*time.Second {
		t.Errorf("fourth take: wait %v, want 10s", w)
	}
	if w := b.Wait("other"); w != 0 {
		t.Errorf("another key waits %v", w)
	}
	now = now.Add(5 * time.Second)
	if w := b.Wait("k"); w != 5*time.Second {
		t.Errorf("half drained: wait %v, want 5s", w)
	}
	for range 100 { // a steady pace a little slower than the drain
		now = now.Add(11 * time.Second)
		if w := b.Take("k"); w != 0 {
			t.Fatalf("steady pace refused: wait %v", w)
		}
	}
	for range 10 {
		b.Add("k") // Add counts past the size, but no further than full
	}
	if w := b.Wait("k"); w != 10*time.Second {
		t.Errorf("after adding past full: wait %v, want one step, 10s", w)
	}
}

func TestTokenMatches(t *testing.T) {
	hash := HashToken("ABCDEFGHJKMNPQRS")
	if strings.Contains(hash, "ABCD") {
		t.Errorf("the stored hash holds the token: %q", hash)
	}
	if !TokenMatches(hash, "ABCDEFGHJKMNPQRS") {
		t.Error("the right token does not match")
	}
	for _, wrong := range []string{"", "ABCDEFGHJKMNPQRT", "abcdefghjkmnpqrs"} {
		if TokenMatches(hash, wrong) {
			t.Errorf("%q matches", wrong)
		}
	}
	if TokenMatches("", "") {
		t.Error("an account with no token matches the empty one")
	}
}

func TestRandomCodeDropsUnevenBytes(t *testing.T) {
	defer func(r io.Reader) { random = r }(random)
	// With 31 characters, bytes from 248 up would favour the first eight:
	// they are dropped and drawn again.
	random = bytes.NewReader([]byte{255, 0, 1, 30, 248, 31, 62})
	if got := RandomCode("23456789ABCDEFGHJKMNPQRSTUVWXYZ", 5); got != "23Z22" {
		t.Errorf("RandomCode = %q, want 23Z22", got)
	}
}
