package pack

import (
	"bytes"
	"os"
	"reflect"
	"testing"
)

// FuzzRead: Read never panics, and what it accepts writes back to a pack
// that reads the same and writes the same bytes again.
func FuzzRead(f *testing.F) {
	golden, err := os.ReadFile("testdata/two-sources.pack.txt")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(golden)
	f.Add([]byte(Header + "\n== source a\ntitle: T\nkind: other\ntext: x\nsplit: <<END\np1 paragraph\n  p1.s1 x\nEND\n"))
	f.Add([]byte(Header + "\n== lesson a\nfile: <<X\n---\nslug: a\n---\nX\n"))
	f.Add([]byte(Header + "\n== source a\ntext: <<END\nEND2\n"))
	f.Add([]byte("\uFEFF" + Header + "\r\n\r\n# c\r\n== lesson b\r\nfile: <<END\r\nEND\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := Read("f.pack.txt", bytes.NewReader(data))
		if err != nil {
			return
		}
		var w bytes.Buffer
		if err := Write(&w, p); err != nil {
			t.Fatalf("Write of what Read accepted: %v", err)
		}
		again, err := Read("f.pack.txt", bytes.NewReader(w.Bytes()))
		if err != nil {
			t.Fatalf("Read of what Write wrote: %v\n%s", err, w.Bytes())
		}
		if !reflect.DeepEqual(withoutLines(again), withoutLines(p)) {
			t.Fatalf("read back differently:\n%+v\n%+v", again, p)
		}
		var w2 bytes.Buffer
		if err := Write(&w2, again); err != nil || !bytes.Equal(w2.Bytes(), w.Bytes()) {
			t.Fatalf("written twice differently: %v\n%s\n---\n%s", err, w.Bytes(), w2.Bytes())
		}
	})
}
