package store

import "testing"

// TestRebind: '?' becomes $1, $2, … and ?N becomes $N, except inside
// quotes and comments, which are copied as they are.
func TestRebind(t *testing.T) {
	for in, want := range map[string]string{
		`SELECT 1`:                                 `SELECT 1`,
		`SELECT * FROM t WHERE a = ? AND b = ?`:    `SELECT * FROM t WHERE a = $1 AND b = $2`,
		`WHERE a = ?2 OR b = ?1 OR c = ?12`:        `WHERE a = $2 OR b = $1 OR c = $12`,
		`SELECT '?', "a?b", ? FROM t`:              `SELECT '?', "a?b", $1 FROM t`,
		`SELECT 'it''s ?', ?`:                      `SELECT 'it''s ?', $1`,
		"SELECT ? -- why? because\nFROM t WHERE ?": "SELECT $1 -- why? because\nFROM t WHERE $2",
		`SELECT 'unclosed ?`:                       `SELECT 'unclosed ?`,
		`SELECT a - ? FROM t`:                      `SELECT a - $1 FROM t`,
	} {
		if got := rebind(in); got != want {
			t.Errorf("rebind(%q) = %q, want %q", in, got, want)
		}
	}
}
