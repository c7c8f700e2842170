package server

import (
	"context"
	"sort"

	"github.com/reckonhq/reckon"
)

// catalog is every source and document of the workspace, kept in memory
// (see [memo]) so that a page of claims finds the document and source of
// each claim without a query per row.
type catalog struct {
	sources  []*reckon.Source // by name
	source   map[int64]*reckon.Source
	document map[int64]*reckon.Document
	bySource map[int64][]*reckon.Document // by publication date, then ID
}

func (s *Server) catalogue(ctx context.Context) (*catalog, error) {
	return s.catalog.get(ctx, func(ctx context.Context) (*catalog, error) {
		srcs, err := s.store.Sources(ctx)
		if err != nil {
			return nil, err
		}
		docs, err := s.store.Documents(ctx, reckon.DocumentFilter{})
		if err != nil {
			return nil, err
		}
		c := &catalog{
			sources:  srcs,
			source:   make(map[int64]*reckon.Source, len(srcs)),
			document: make(map[int64]*reckon.Document, len(docs)),
			bySource: map[int64][]*reckon.Document{},
		}
		for _, src := range srcs {
			c.source[src.ID] = src
		}
		for _, d := range docs {
			c.document[d.ID] = d
			c.bySource[d.SourceID] = append(c.bySource[d.SourceID], d)
		}
		for _, ds := range c.bySource {
			sort.SliceStable(ds, func(i, j int) bool { return docBefore(ds[i], ds[j]) })
		}
		return c, nil
	})
}

// docBefore orders documents by publication date, undated last, then by
// ID.
func docBefore(a, b *reckon.Document) bool {
	ka, kb := dateKey(a.Published), dateKey(b.Published)
	if ka != kb {
		return ka < kb
	}
	return a.ID < b.ID
}

// dateKey sorts dates, with the unknown date after every known one.
func dateKey(d reckon.Date) int {
	if d.IsZero() {
		return 1 << 30
	}
	return d.Year*10000 + d.Month*100 + d.Day
}

// lookup returns the document with id and its source, from the catalogue
// or, for a document added since it was built, from the store.
func (s *Server) lookup(ctx context.Context, c *catalog, id int64) (*reckon.Document, *reckon.Source, error) {
	d, ok := c.document[id]
	if !ok {
		var err error
		if d, err = s.store.Document(ctx, id); err != nil {
			return nil, nil, err
		}
	}
	src, ok := c.source[d.SourceID]
	if !ok {
		var err error
		if src, err = s.store.Source(ctx, d.SourceID); err != nil {
			return nil, nil, err
		}
	}
	return d, src, nil
}

// invalidate drops the cached views after a write through this server
// that leaves sources and documents as they were (a review, a decision,
// an import of records); see invalidateCatalog for the others. Under many
// concurrent reviews, rebuilding the catalogue at every one made each
// page read wait for it.
func (s *Server) invalidate() {
	s.overview.invalidate()
	s.responses.invalidate()
}

// invalidateCatalog drops every cached view, the catalogue of sources and
// documents too, after a write that adds to them.
func (s *Server) invalidateCatalog() {
	s.catalog.invalidate()
	s.invalidate()
}
