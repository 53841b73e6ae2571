package web

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ciphergram/ciphergram/internal/store"
	"github.com/ciphergram/ciphergram/lessons"
	"github.com/ciphergram/ciphergram/static"
)

// TestRenderingWaitsForASlot: with every render slot taken, a lesson page
// waits; its client giving up gets nothing and no error is logged; a
// page still waiting is served as soon as a slot frees.
func TestRenderingWaitsForASlot(t *testing.T) {
	ctx := t.Context()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "slots.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	unit, err := lessons.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	files, err := static.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	s, err := New(ctx, Config{DB: db, Unit: unit, Static: files, Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	h := s.Handler()
	path := "/lessons/" + unit.Lessons[0].Slug
	for range cap(s.renderSlots) {
		s.renderSlots <- struct{}{} // every slot busy
	}

	leaving, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	gaveUp := httptest.NewRecorder()
	h.ServeHTTP(gaveUp, httptest.NewRequestWithContext(leaving, "GET", path, nil))
	if gaveUp.Body.Len() != 0 || strings.Contains(logs.String(), "level=ERROR") {
		t.Errorf("a client that left while waiting got %d bytes; log:\n%s", gaveUp.Body.Len(), logs.String())
	}

	go func() {
		time.Sleep(20 * time.Millisecond)
		<-s.renderSlots // one frees
	}()
	waited := httptest.NewRecorder()
	h.ServeHTTP(waited, httptest.NewRequestWithContext(ctx, "GET", path, nil))
	if waited.Code != http.StatusOK || !strings.Contains(waited.Body.String(), `data-testid="question-`) {
		t.Errorf("a page waiting for a slot: status %d, %.200s", waited.Code, waited.Body.String())
	}
}
