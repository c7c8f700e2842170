package server

import (
	"context"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/reckonhq/reckon"
)

// recordsView is the paged table of records.
type recordsView struct {
	List       string
	Lists      []listCount
	Rows       []*reckon.Record
	NextCursor string
	Paged      bool
	Limit      int
	CSV        string
	Withheld   int // embargoed records this reader does not see
}

// listCount is how many records a list has, from its imports.
type listCount struct {
	List    string
	Records int
	Imports int
}

// listCounts adds up imports per list, largest first.
func listCounts(imps []*reckon.Import) []listCount {
	by := map[string]*listCount{}
	for _, imp := range imps {
		for list, n := range imp.ListRecords() { // a file may hold several lists
			lc := by[list]
			if lc == nil {
				lc = &listCount{List: list}
				by[list] = lc
			}
			lc.Records += n
			lc.Imports++
		}
	}
	out := make([]listCount, 0, len(by))
	for _, k := range slices.Sorted(maps.Keys(by)) {
		out = append(out, *by[k])
	}
	slices.SortStableFunc(out, func(a, b listCount) int { return b.Records - a.Records })
	return out
}

func recordFilter(q url.Values) (reckon.RecordFilter, int, error) {
	var f reckon.RecordFilter
	var err error
	f.List = strings.TrimSpace(q.Get("list"))
	if len(f.List) > 200 {
		return f, 0, reckon.Errorf(reckon.EINVALID, "list name is longer than 200 bytes")
	}
	if f.AfterID, err = cursorParam(q); err != nil {
		return f, 0, err
	}
	limit, err := limitParam(q, defaultLimit, maxLimit)
	if err != nil {
		return f, 0, err
	}
	f.Limit = limit + 1
	return f, limit, nil
}

func (s *Server) recordsPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	q, err := pageQuery(r, "list", "cursor", "limit")
	if err != nil {
		return err
	}
	f, limit, err := recordFilter(q)
	if err != nil {
		return err
	}
	imps, err := s.store.Imports(ctx)
	if err != nil {
		return err
	}
	recs, err := s.store.Records(ctx, f)
	if err != nil {
		return err
	}
	v := recordsView{List: f.List, Lists: listCounts(imps), Paged: f.AfterID != 0, Limit: limit, CSV: "/api/v1/records.csv"}
	v.Rows, v.NextCursor = nextPage(recs, limit, func(r *reckon.Record) int64 { return r.ID })
	if f.List != "" {
		v.CSV += "?" + url.Values{"list": {f.List}}.Encode()
	}
	if !reckon.SeesPersonalData(ctx) { // say that the counts hold records not shown
		emb, err := s.store.Records(reckon.WithPersonalData(ctx), reckon.RecordFilter{List: f.List, Embargoed: true})
		if err != nil {
			return err
		}
		v.Withheld = len(emb)
	}
	return s.render(w, r, "records", page{Title: "Records", Nav: "records", Body: v})
}

func (s *Server) apiRecords(w http.ResponseWriter, r *http.Request) error {
	q, err := query(r, "list", "cursor", "limit", "format")
	if err != nil {
		return err
	}
	format, err := formatParam(q)
	if err != nil {
		return err
	}
	if format == "csv" {
		if q.Has("cursor") || q.Has("limit") {
			return reckon.Errorf(reckon.EINVALID, "a CSV download holds every record that the filters select: drop cursor and limit")
		}
		return download(s, w, r, s.recordTable(q.Get("list")), format)
	}
	f, limit, err := recordFilter(q)
	if err != nil {
		return err
	}
	recs, err := s.store.Records(r.Context(), f)
	if err != nil {
		return err
	}
	return writePage(s, w, r, recs, limit, func(r *reckon.Record) int64 { return r.ID })
}

func (s *Server) recordTable(list string) table[*reckon.Record] {
	return table[*reckon.Record]{
		name: "records",
		header: []string{"record_id", "list", "family_name", "given_name", "name", "sex", "birth_date", "death_date", "death_place",
			"unit", "rank", "home_town", "source_url", "id", "source_id", "attributes"},
		row: func(r *reckon.Record) []string {
			var attrs []string
			for _, k := range slices.Sorted(maps.Keys(r.Attributes)) {
				attrs = append(attrs, k+"="+r.Attributes[k])
			}
			return []string{r.RecordID, r.List, r.FamilyName, r.GivenName, r.Name, r.Sex,
				r.BirthDate.String(), r.DeathDate.String(), r.DeathPlace, r.Unit, r.Rank, r.HomeTown,
				r.SourceURL, itoa(r.ID), itoa(r.SourceID), strings.Join(attrs, "; ")}
		},
		id: func(r *reckon.Record) int64 { return r.ID },
		fetch: func(ctx context.Context, after int64, limit int) ([]*reckon.Record, error) {
			return s.store.Records(ctx, reckon.RecordFilter{List: list, AfterID: after, Limit: limit})
		},
	}
}

func (s *Server) downloadRecords(format string) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		q, err := query(r, "list")
		if err != nil {
			return err
		}
		return download(s, w, r, s.recordTable(q.Get("list")), format)
	}
}

func (s *Server) apiImports(w http.ResponseWriter, r *http.Request) error {
	q, err := query(r, "format")
	if err != nil {
		return err
	}
	if f, err := formatParam(q); err != nil {
		return err
	} else if f == "csv" {
		return download(s, w, r, s.importTable(), "csv")
	}
	imps, err := s.imports(r.Context())
	if err != nil {
		return err
	}
	if imps == nil {
		imps = []*reckon.Import{}
	}
	return s.writeJSON(w, r, http.StatusOK, list[*reckon.Import]{Data: imps})
}

// imports returns the imports as the reader of ctx may see them. Those
// who may not see personal data do not get a file's hash: it is the
// SHA-256 of the whole file, sensitive columns and embargoed rows
// included, and for a small file of a guessable layout a hidden value is
// found by hashing guesses until one matches. The store keeps the hash,
// by which it refuses the same file twice.
func (s *Server) imports(ctx context.Context) ([]*reckon.Import, error) {
	imps, err := s.store.Imports(ctx)
	if err != nil || reckon.SeesPersonalData(ctx) {
		return imps, err
	}
	out := make([]*reckon.Import, len(imps))
	for i, imp := range imps {
		c := *imp
		c.Hash = ""
		out[i] = &c
	}
	return out, nil
}

func (s *Server) importTable() table[*reckon.Import] {
	return table[*reckon.Import]{
		name:   "imports",
		header: []string{"id", "source_id", "list", "file", "hash", "records", "imported_at"},
		row: func(i *reckon.Import) []string {
			return []string{itoa(i.ID), itoa(i.SourceID), i.List, i.File, i.Hash, itoa(int64(i.Records)), i.ImportedAt.UTC().Format(timeCSV)}
		},
		id: func(i *reckon.Import) int64 { return i.ID },
		fetch: func(ctx context.Context, after int64, limit int) ([]*reckon.Import, error) {
			if after != 0 {
				return nil, nil // one batch holds them all
			}
			return s.imports(ctx)
		},
	}
}

func (s *Server) downloadImports(format string) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		if _, err := query(r); err != nil {
			return err
		}
		return download(s, w, r, s.importTable(), format)
	}
}
