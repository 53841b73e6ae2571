package lessons

import (
	"slices"
	"testing"
)

func TestListedSources(t *testing.T) {
	for _, c := range []struct {
		file string
		want []string
	}{
		{"---\nslug: a\nsources: [x, y-z]\n---\nbody", []string{"x", "y-z"}},
		{"---\nsource: x\n---\n", []string{"x"}},
		{"---\nsources: [x\n---\n", nil},
		{"no front matter", nil},
		{"---\nsources: [x]\n", nil},
	} {
		if got := ListedSources([]byte(c.file)); !slices.Equal(got, c.want) {
			t.Errorf("ListedSources(%q) = %q, want %q", c.file, got, c.want)
		}
	}
}
