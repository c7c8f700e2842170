package server

import (
	"context"
	"fmt"
	"html/template"
	"math"
	"net/http"
	"net/url"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/figure"
	"github.com/reckonhq/reckon/pipeline"
)

// reconcileView is the reconcile page of one measure.
type reconcileView struct {
	Measure  reckon.Measure
	Measures []reckon.Measure
	View     *pipeline.ReconcileView
	Plot     *forestPlot
	// Estimates is the chart of every method's interval beside the
	// documented minimum and each source's latest claim; "" with no
	// estimate.
	Estimates template.HTML
	Rows      []claimRow // the claims in date order
	Latest    []claimRow
	Parts     []claimRow // sub-counts, below the whole
	Contra    []contraRow
}

type contraRow struct {
	pipeline.Contradiction
}

func measureParam(q url.Values) (reckon.Measure, error) {
	m := q.Get("measure")
	if m == "" {
		return reckon.Killed, nil
	}
	return reckon.ParseMeasure(m)
}

func (s *Server) reconcile(ctx context.Context, m reckon.Measure) (*pipeline.ReconcileView, error) {
	if s.engine == nil {
		return nil, errNoEngine("reconciliation")
	}
	v, err := s.engine.Reconcile(ctx, m)
	if err != nil || reckon.SeesPersonalData(ctx) {
		return v, err
	}
	// The engine reads the whole store: its estimates are read again
	// through the redacting view, which withholds an input that counts
	// records under embargo.
	c := *v
	if c.Minimum != nil {
		if c.Minimum, err = s.store.Estimate(ctx, c.Minimum.ID); err != nil {
			return nil, err
		}
	}
	c.Estimates = make([]*reckon.Estimate, len(v.Estimates))
	for i, e := range v.Estimates {
		if c.Estimates[i], err = s.store.Estimate(ctx, e.ID); err != nil {
			return nil, err
		}
	}
	return &c, nil
}

func (s *Server) reconcilePage(w http.ResponseWriter, r *http.Request) error {
	q, err := pageQuery(r, "measure")
	if err != nil {
		return err
	}
	m, err := measureParam(q)
	if err != nil {
		return err
	}
	view, err := s.reconcile(r.Context(), m)
	if err != nil {
		return err
	}
	v := reconcileView{Measure: m, Measures: reckon.Measures, View: view}
	row := func(c pipeline.ReconcileClaim) claimRow {
		src := c.Source
		if src == nil {
			src = &reckon.Source{Name: "unknown source"}
		}
		return claimRow{Claim: c.Claim, Doc: &reckon.Document{ID: c.DocumentID, Published: c.Date}, Source: src}
	}
	for _, c := range view.Claims {
		v.Rows = append(v.Rows, row(c))
	}
	for _, c := range view.Latest {
		v.Latest = append(v.Latest, row(c))
	}
	for _, c := range view.Parts {
		v.Parts = append(v.Parts, row(c))
	}
	for _, c := range view.Contradictions {
		v.Contra = append(v.Contra, contraRow{c})
	}
	var bands []plotBand
	if mn := view.Minimum; mn != nil {
		label := fmt.Sprintf("documented minimum: %s distinct persons", formatNum(mn.Observed))
		if mn.Linkage != nil {
			label += fmt.Sprintf(" (%s over %d linkage draws)", linkageInterval(mn), mn.Linkage.Draws)
		}
		bands = append(bands, plotBand{Label: label,
			Lo: mn.NHat, Hi: mn.NHat, Class: "minimum", Href: fmt.Sprintf("/estimates/%d", mn.ID)})
	}
	for _, e := range view.Estimates {
		if math.IsNaN(e.Lower) || math.IsNaN(e.Upper) {
			continue
		}
		label := fmt.Sprintf("%s estimate %s (95%%: %s)", e.Method, roundNum(e.NHat), estimateInterval(e))
		if l := e.Linkage; l != nil {
			label += fmt.Sprintf("; over %d linkage draws %s (95%%: %s)", l.Draws, roundNum(l.NHat), linkageInterval(e))
		}
		bands = append(bands, plotBand{Label: label,
			Lo: e.Lower, Hi: e.Upper, Class: "estimate", Href: fmt.Sprintf("/estimates/%d", e.ID)})
	}
	v.Plot = newForestPlot(v.Rows, bands...)
	if view.Minimum != nil || len(view.Estimates) > 0 {
		ec := &figure.Estimates{Minimum: view.Minimum, Estimates: view.Estimates, Href: "/estimates/%d"}
		for _, c := range v.Latest {
			ec.Claims = append(ec.Claims, figure.ChartClaim{Label: c.Source.Name, Claim: c.Claim, Grade: c.Source.Grade, Href: fmt.Sprintf("/claims/%d", c.ID)})
		}
		v.Estimates = template.HTML(ec.SVG()) // every text in it is escaped
	}
	return s.render(w, r, "reconcile", page{Title: "Reconcile: " + words(string(m)), Nav: "reconcile", Body: v})
}

func (s *Server) apiReconcile(w http.ResponseWriter, r *http.Request) error {
	q, err := query(r, "measure")
	if err != nil {
		return err
	}
	m, err := measureParam(q)
	if err != nil {
		return err
	}
	view, err := s.reconcile(r.Context(), m)
	if err != nil {
		return err
	}
	if view.Claims == nil {
		view.Claims = []pipeline.ReconcileClaim{}
	}
	if view.Latest == nil {
		view.Latest = []pipeline.ReconcileClaim{}
	}
	if view.Parts == nil {
		view.Parts = []pipeline.ReconcileClaim{}
	}
	return s.writeJSON(w, r, http.StatusOK, view)
}

// estimateInterval writes an estimate's 95% interval: "2,726–3,250",
// "≥ 2,726" when it has no finite upper bound.
// linkageInterval shows an estimate's interval over linkage draws as
// estimateInterval shows today's, or "" without one.
func linkageInterval(e *reckon.Estimate) string {
	if e.Linkage == nil {
		return ""
	}
	return estimateInterval(&reckon.Estimate{Lower: e.Linkage.Lower, Upper: e.Linkage.Upper})
}

func estimateInterval(e *reckon.Estimate) string { return figure.Bounds(e.Lower, e.Upper) }
