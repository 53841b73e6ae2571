package store

import (
	"strings"
	"testing"
)

// TestCredentialRules: the one set of username and password rules that
// every way of making an account uses.
func TestCredentialRules(t *testing.T) {
	for name, ok := range map[string]bool{
		"ann": true, "Ann.Smith_2-b": true, strings.Repeat("a", 32): true,
		"x": false, "ab": false, strings.Repeat("a", 33): false, "Ann Smith é": false, "anné": false,
		"ann\u200b": false, "аnn": false, "ann\n": false, "\xff\xfeab": false,
	} {
		if err := CheckUsername(name); (err == nil) != ok {
			t.Errorf("CheckUsername(%+q) = %v, want ok=%v", name, err, ok)
		}
	}
	for pw, ok := range map[string]bool{
		"12345678": true, "ééééééééé": true, strings.Repeat("p", 256): true,
		"x": false, "1234567": false, strings.Repeat("p", 257): false,
	} {
		if err := CheckPassword(pw); (err == nil) != ok {
			t.Errorf("CheckPassword(%d bytes) = %v, want ok=%v", len(pw), err, ok)
		}
	}
	if got := NormalizeName("  Zoe\u0308 "); got != "Zoë" {
		t.Errorf("NormalizeName = %+q, want NFC without spaces", got)
	}
}
