package web

import (
	"bytes"
	"context"
	"encoding/binary"
	"hash/crc32"
	"io"
	"net/http"

	"github.com/klauspost/compress/flate"
)

// A fragment is part of a page that never changes while the server runs
// (a lesson's reading and glossary: half of an early lesson page), kept
// compressed as well. A page that contains it is compressed around it,
// not through it: compressing was the largest single cost of a lesson
// page under load.
type fragment struct {
	html []byte
	// deflate is html as raw DEFLATE blocks that end on a byte boundary
	// and are not the last, so they can stand anywhere in a stream.
	deflate []byte
}

func newFragment(html string) *fragment {
	f := &fragment{html: []byte(html)}
	var b bytes.Buffer
	w, _ := flate.NewWriter(&b, flate.BestCompression) // once per lesson: worth the time
	w.Write(f.html)
	w.Flush() // a sync flush: byte-aligned, not final
	f.deflate = b.Bytes()
	return f
}

// Render writes the fragment as it is: it is a templ.Component.
func (f *fragment) Render(_ context.Context, w io.Writer) error {
	_, err := w.Write(f.html)
	return err
}

// writeCompressed writes page, which contains f, as a gzip stream: the
// parts before and after f are compressed now, f's DEFLATE blocks are
// copied. It reports false, having written nothing, if f is not in page.
func (f *fragment) writeCompressed(w io.Writer, page []byte) (bool, error) {
	i := bytes.Index(page, f.html[:min(len(f.html), 64)])
	if i < 0 || !bytes.HasPrefix(page[i:], f.html) {
		return false, nil
	}
	before, after := page[:i], page[i+len(f.html):]
	// The gzip header (RFC 1952): deflate, no name, no time, unknown OS.
	if _, err := w.Write([]byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255}); err != nil {
		return true, err
	}
	if err := flate.StatelessDeflate(w, before, false, nil); err != nil {
		return true, err
	}
	if _, err := w.Write(f.deflate); err != nil {
		return true, err
	}
	// The fragment's end is the context for what follows, so repeated
	// markup still compresses.
	if err := flate.StatelessDeflate(w, after, true, f.html); err != nil {
		return true, err
	}
	var trailer [8]byte
	crc := crc32.Update(crc32.Update(crc32.ChecksumIEEE(before), crc32.IEEETable, f.html), crc32.IEEETable, after)
	binary.LittleEndian.PutUint32(trailer[:4], crc)
	binary.LittleEndian.PutUint32(trailer[4:], uint32(len(page)))
	_, err := w.Write(trailer[:])
	return true, err
}

// writeSpliced sends page compressed around f when the client takes gzip
// (w is then the gzip middleware's writer), else as it is.
func writeSpliced(w http.ResponseWriter, status int, page []byte, f *fragment) {
	if gw, ok := w.(*gzipWriter); ok && !gw.wroteHeader {
		var out bytes.Buffer
		if found, _ := f.writeCompressed(&out, page); found { // a bytes.Buffer does not fail
			gw.writeGzipped(status, out.Bytes())
			return
		}
	}
	w.WriteHeader(status)
	w.Write(page)
}
