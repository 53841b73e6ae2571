package web

import (
	"context"
	"errors"

	"github.com/ciphergram/ciphergram/internal/store"
	"github.com/ciphergram/ciphergram/lessons"
	"github.com/ciphergram/ciphergram/seeds"
)

// lessonDocs gives the documents a teacher's lesson may read: every
// built-in source, and those of its owner's sources that the lesson file
// lists, each at its pinned version (pins, from a published version) or,
// for a draft, at its newest published version. used says which versions
// were taken, for publishing to pin. A listed source that is not found is
// left out, and parsing the lesson reports it as unknown.
func (s *Server) lessonDocs(ctx context.Context, ownerID int64, text string, pins map[string]int) (docs []*seeds.Document, used map[string]int, err error) {
	docs = append(docs, s.unit.Sources...)
	used = map[string]int{}
	for _, slug := range lessons.ListedSources([]byte(text)) {
		if _, builtin := s.unit.Source(slug); builtin {
			continue
		}
		v, err := s.db.PublishedSource(ctx, ownerID, slug, pins[slug])
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, nil, err
		}
		docs = append(docs, seeds.NewDocument(v.Slug, v.Title, v.Provenance, v.Text, fromStored(v.Blocks)))
		used[v.Slug] = v.Version
	}
	return docs, used, nil
}
