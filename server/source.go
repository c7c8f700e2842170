package server

import (
	"context"
	"net/http"

	"github.com/reckonhq/reckon"
)

// sourceRow is a source with what it has published.
type sourceRow struct {
	*reckon.Source
	Documents int
	Claims    int
	First     reckon.Date // earliest publication date, zero when none
	Last      reckon.Date
}

func summarise(c *catalog, src *reckon.Source) sourceRow {
	row := sourceRow{Source: src}
	for _, d := range c.bySource[src.ID] {
		row.Documents++
		row.Claims += d.Claims
		if d.Published.IsZero() {
			continue
		}
		if row.First.IsZero() {
			row.First = d.Published
		}
		row.Last = d.Published
	}
	return row
}

func (s *Server) sourcesPage(w http.ResponseWriter, r *http.Request) error {
	if _, err := pageQuery(r); err != nil {
		return err
	}
	c, err := s.catalogue(r.Context())
	if err != nil {
		return err
	}
	rows := make([]sourceRow, len(c.sources))
	for i, src := range c.sources {
		rows[i] = summarise(c, src)
	}
	return s.render(w, r, "sources", page{Title: "Sources", Nav: "sources", Body: rows})
}

// sourceView is the page of one source: what it has claimed over time.
type sourceView struct {
	sourceRow
	Measures []measurePlot // one plot per measure claimed
	Rows     []claimRow
	More     bool // the plots and table stop at maxPlotted claims
}

func (s *Server) sourcePage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if _, err := pageQuery(r); err != nil {
		return err
	}
	src, err := s.store.Source(ctx, id)
	if err != nil {
		return err
	}
	c, err := s.catalogue(ctx)
	if err != nil {
		return err
	}
	claims, err := s.store.Claims(ctx, reckon.ClaimFilter{SourceID: id, Limit: maxPlotted + 1})
	if err != nil {
		return err
	}
	v := sourceView{sourceRow: summarise(c, src)}
	if len(claims) > maxPlotted {
		claims, v.More = claims[:maxPlotted], true
	}
	if v.Rows, err = s.claimRows(ctx, c, claims); err != nil {
		return err
	}
	sortByPublication(v.Rows)
	v.Measures = measurePlots(v.Rows)
	return s.render(w, r, "source", page{Title: src.Name, Nav: "sources", Body: v})
}

// measurePlots draws rows in one plot per measure, in the order of
// reckon.Measures: killed, wounded and deployed are not counts of one
// thing and never share an axis.
func measurePlots(rows []claimRow) []measurePlot {
	by := map[reckon.Measure][]claimRow{}
	for _, r := range rows {
		by[r.Measure] = append(by[r.Measure], r)
	}
	var out []measurePlot
	for _, m := range reckon.Measures {
		if rows := by[m]; len(rows) > 0 {
			p := newForestPlot(rows)
			p.ID = "plot-" + string(m)
			out = append(out, measurePlot{Measure: m, Plot: p})
		}
	}
	return out
}

// measurePlot is the plot of the claims about one measure.
type measurePlot struct {
	Measure reckon.Measure
	Plot    *forestPlot
}

func (s *Server) apiSources(w http.ResponseWriter, r *http.Request) error {
	q, err := query(r, "format")
	if err != nil {
		return err
	}
	if f, err := formatParam(q); err != nil {
		return err
	} else if f == "csv" {
		return download(s, w, r, s.sourceTable(), "csv")
	}
	srcs, err := s.store.Sources(r.Context())
	if err != nil {
		return err
	}
	if srcs == nil {
		srcs = []*reckon.Source{}
	}
	return s.writeJSON(w, r, http.StatusOK, list[*reckon.Source]{Data: srcs})
}

func (s *Server) apiSource(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if _, err := query(r); err != nil {
		return err
	}
	src, err := s.store.Source(r.Context(), id)
	if err != nil {
		return err
	}
	return s.writeJSON(w, r, http.StatusOK, src)
}

func (s *Server) sourceTable() table[*reckon.Source] {
	return table[*reckon.Source]{
		name:   "sources",
		header: []string{"id", "name", "kind", "grade", "url", "note", "created_at"},
		row: func(v *reckon.Source) []string {
			return []string{itoa(v.ID), v.Name, string(v.Kind), v.Grade.String(), v.URL, v.Note, v.CreatedAt.UTC().Format(timeCSV)}
		},
		id: func(v *reckon.Source) int64 { return v.ID },
		fetch: func(ctx context.Context, after int64, limit int) ([]*reckon.Source, error) {
			if after != 0 {
				return nil, nil // one batch holds them all
			}
			return s.store.Sources(ctx)
		},
	}
}

func (s *Server) downloadSources(format string) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		if _, err := query(r); err != nil {
			return err
		}
		return download(s, w, r, s.sourceTable(), format)
	}
}
