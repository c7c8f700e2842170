package server

import (
	"context"
	"fmt"
	"html/template"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/figure"
	"github.com/reckonhq/reckon/pipeline"
)

// estimateFilter reads measure, method and population.
func estimateFilter(q url.Values) (reckon.EstimateFilter, error) {
	var f reckon.EstimateFilter
	if m := q.Get("measure"); m != "" {
		meas, err := reckon.ParseMeasure(m)
		if err != nil {
			return f, err
		}
		f.Measure = meas
	}
	if m := q.Get("method"); m != "" {
		meth, err := reckon.ParseMethod(m)
		if err != nil {
			return f, err
		}
		f.Method = meth
	}
	f.Population = q.Get("population")
	if len(f.Population) > 200 {
		return f, reckon.Errorf(reckon.EINVALID, "population is longer than 200 bytes")
	}
	return f, nil
}

// estimatesView lists the stored estimates.
type estimatesView struct {
	Measure  reckon.Measure
	Method   reckon.Method
	Methods  []reckon.Method
	Measures []reckon.Measure
	Rows     []*reckon.Estimate
}

func (s *Server) estimatesPage(w http.ResponseWriter, r *http.Request) error {
	q, err := pageQuery(r, "measure", "method", "population")
	if err != nil {
		return err
	}
	f, err := estimateFilter(q)
	if err != nil {
		return err
	}
	es, err := s.store.Estimates(r.Context(), f)
	if err != nil {
		return err
	}
	v := estimatesView{Measure: f.Measure, Method: f.Method, Methods: reckon.Methods, Measures: reckon.Measures, Rows: es}
	return s.render(w, r, "estimates", page{Title: "Estimates", Nav: "estimates", Body: v})
}

func (s *Server) apiEstimates(w http.ResponseWriter, r *http.Request) error {
	q, err := query(r, "measure", "method", "population")
	if err != nil {
		return err
	}
	f, err := estimateFilter(q)
	if err != nil {
		return err
	}
	es, err := s.store.Estimates(r.Context(), f)
	if err != nil {
		return err
	}
	if es == nil {
		es = []*reckon.Estimate{}
	}
	return s.writeJSON(w, r, http.StatusOK, list[*reckon.Estimate]{Data: es})
}

func (s *Server) apiEstimate(w http.ResponseWriter, r *http.Request) error {
	if _, err := query(r); err != nil {
		return err
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	e, err := s.store.Estimate(r.Context(), id)
	if err != nil {
		return err
	}
	return s.writeJSON(w, r, http.StatusOK, e)
}

// apiEstimateInput serves the capture histories an estimate was computed
// from, as the CSV that reckon mse reads.
func (s *Server) apiEstimateInput(w http.ResponseWriter, r *http.Request) error {
	if _, err := query(r); err != nil {
		return err
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	e, err := s.store.Estimate(r.Context(), id)
	if err != nil {
		return err
	}
	if slices.Contains(e.Warnings, reckon.InputWithheld) {
		return reckon.Errorf(reckon.EFORBIDDEN, "the input of estimate %d counts records under embargo: it is shown only to those who may see personal data (an analyst, reviewer or admin); the estimate's figures are public at /api/v1/estimates/%d", e.ID, e.ID)
	}
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="estimate-%d-input.csv"`, e.ID))
	s.send(w, r, http.StatusOK, "text/csv; charset=utf-8", []byte(e.Input))
	return nil
}

// estimateView is an estimate's page.
type estimateView struct {
	*reckon.Estimate
	Models        []modelRow // log-linear models by BIC, the best first
	MoreModels    int
	Heterogen     []modelRow
	Search        string // how a bounded log-linear search found its models
	Stepwise      *stepwiseResult
	LCMCR         *lcmcrResult
	Chao          *chaoResult
	DGA           *dgaResult
	Selection     *selectionView
	Curve         template.HTML
	Sensitivity   []pipeline.SensitivityPoint
	Input         [][]string // the capture histories: header, rows
	Strata        []*reckon.Estimate
	Whole         *reckon.Estimate   // for a stratum: the same method over everyone
	Sums          []*reckon.Estimate // the same method summed over the strata of an attribute, latest of each
	Assumes       string             // what the method assumes, in plain words
	Reproduce     string
	ResultMissing bool
	ResultError   string // why the stored result does not read; "" when it does
}

type modelRow struct {
	Name      string
	NHat      float64
	Lower     float64
	Upper     float64
	UpperOpen bool
	AIC, BIC  float64
	DF        int
	Best      string // "BIC", "AIC", "AIC and BIC"
	Warnings  []string
}

type stepwiseResult struct {
	Names                    []string
	NormalLower, NormalUpper float64
	Acceleration, BiasZ0     float64
}

// chaoResult is what an estimate's page shows of mse.LowerBoundResult,
// written out: absent figures (JSON null) are "".
type chaoResult struct {
	F                string // units seen on 1, 2, 3… lists
	Chao, ChaoSE     string
	Coverage, N0, N1 string
	N1Interval       string
}

// newChaoResult writes out the chao part of a stored result; nil
// without Chao's bound.
func newChaoResult(r *pipeline.Result) *chaoResult {
	lb := r.Chao
	if lb == nil || math.IsNaN(lb.Chao) {
		return nil
	}
	opt := func(v float64) string {
		if math.IsNaN(v) {
			return ""
		}
		return roundNum(v)
	}
	var f []string
	for _, x := range lb.F[min(1, len(lb.F)):] {
		f = append(f, formatNum(x))
	}
	c := &chaoResult{F: strings.Join(f, ", "), Chao: roundNum(lb.Chao), ChaoSE: opt(lb.ChaoSE),
		N0: opt(lb.Coverage0), N1: opt(lb.Coverage1)}
	if !math.IsNaN(lb.Coverage) {
		c.Coverage = fmt.Sprintf("%.1f%%", 100*lb.Coverage)
	}
	if !math.IsNaN(lb.CoverageLower) && !math.IsNaN(lb.CoverageUpper) {
		c.N1Interval = fmt.Sprintf("95%% %s–%s, %d bootstrap tables", roundNum(lb.CoverageLower), roundNum(lb.CoverageUpper), lb.Bootstrap)
	}
	return c
}

type lcmcrResult struct {
	Mean, Median float64
	Lower, Upper float64
	RHat, ESS    float64
}

// dgaResult is what the page shows of a stored mse.DGAResult.
type dgaResult struct {
	Mean, Median float64
	Lower, Upper float64
	GraphsTotal  int
	Exhaustive   bool
	Graphs       []dgaGraphRow
}

// selectionView is what the page shows of a loglinear estimate's
// mse.SelectionJSON: the intervals that allow for the choice of model.
type selectionView struct {
	Models    int
	Bootstrap int
	Rows      []selectionRow
	Chosen    []dgaGraphRow // models and the share of replicates choosing each
}

type selectionRow struct{ What, Model, Estimate, Interval string }

// newSelectionView shows the interval of a loglinear result that allows
// for the choice of model; nil when there is none.
func newSelectionView(r *pipeline.Result) *selectionView {
	sel := r.Selection
	if sel == nil || sel.NHat == nil {
		return nil
	}
	val := func(p *float64, open float64) float64 {
		if p == nil {
			return open
		}
		return *p
	}
	iv := func(lo, hi *float64) string {
		return roundNum(val(lo, math.NaN())) + "–" + roundNum(val(hi, math.Inf(1)))
	}
	v := &selectionView{Models: sel.Models, Bootstrap: sel.Bootstrap, Rows: []selectionRow{
		{"allowing for the choice of model by BIC", fmt.Sprintf("chosen again on each replicate among %d", sel.Models), roundNum(*sel.NHat), iv(sel.Lower, sel.Upper)},
		{"the best model alone, taken as known", sel.Best, roundNum(*sel.NHat), iv(sel.FixedLower, sel.FixedUpper)},
		{"BIC-weighted average of the models", fmt.Sprintf("%d models", sel.Models), roundNum(val(sel.Averaged, math.NaN())), iv(sel.AveragedLower, sel.AveragedUpper)},
	}}
	for _, c := range sel.Chosen {
		v.Chosen = append(v.Chosen, dgaGraphRow{Name: c.Name, Weight: c.Share})
	}
	return v
}

// dgaGraphRow is one decomposable graph with its posterior weight.
type dgaGraphRow struct {
	Name    string   `json:"name"`
	Cliques []string `json:"cliques"`
	Weight  float64  `json:"weight"`
}

// Percent writes the weight as a percentage with one decimal.
func (g dgaGraphRow) Percent() string { return fmt.Sprintf("%.1f%%", 100*g.Weight) }

// maxModels is how many log-linear models the page lists.
const maxModels = 25

func (s *Server) estimateView(ctx context.Context, id int64) (*estimateView, error) {
	e, err := s.store.Estimate(ctx, id)
	if err != nil {
		return nil, err
	}
	v := &estimateView{Estimate: e}
	if e.Method == reckon.MethodMinimum {
		v.Reproduce = fmt.Sprintf("reckon estimate show %d   # a count of distinct persons: the rows of input.csv add up to it", e.ID)
	} else if v.Reproduce, err = pipeline.Recipe(e); err != nil {
		v.Reproduce = "# " + err.Error()
	}
	v.ResultMissing = strings.TrimSpace(e.Result) == ""
	res, err := pipeline.ReadResult(e)
	if err != nil {
		// The figures stand; what cannot be read is said, not hidden.
		v.ResultError = err.Error()
		res = &pipeline.Result{}
	}
	if r := res.LogLinear; r != nil {
		v.Models = modelRows(r.Models, r.BestAIC, r.BestBIC, maxModels)
		v.MoreModels = max(0, len(r.Models)-maxModels)
		v.Heterogen = modelRows(r.Heterogeneity, r.HeterogeneityAIC, r.HeterogeneityBIC, len(r.Heterogeneity))
		if !r.Exhaustive {
			v.Search = r.Search
		}
		v.Selection = newSelectionView(res)
	}
	if r := res.Closedp; r != nil {
		v.Models = modelRows(r.Models, r.BestAIC, r.BestBIC, len(r.Models))
	}
	v.Chao = newChaoResult(res)
	if r := res.Stepwise; r != nil {
		v.Stepwise = &stepwiseResult{Names: r.Names, NormalLower: r.NormalLower, NormalUpper: r.NormalUpper, Acceleration: r.Acceleration, BiasZ0: r.BiasZ0}
	}
	if r := res.LCMCR; r != nil {
		v.LCMCR = &lcmcrResult{Mean: r.Mean, Median: r.Median, Lower: r.Lower, Upper: r.Upper, RHat: r.RHat, ESS: r.ESS}
		v.Curve = quantileCurve(res.Quantiles, e.NHat, float64(e.Observed))
	}
	if r := res.DGA; r != nil {
		d := &dgaResult{Mean: r.Mean, Median: r.Median, Lower: r.Lower, Upper: r.Upper, GraphsTotal: r.GraphsTotal, Exhaustive: r.Exhaustive}
		for _, g := range r.Graphs {
			d.Graphs = append(d.Graphs, dgaGraphRow{Name: g.Name, Cliques: g.Cliques, Weight: g.Weight})
		}
		v.DGA = d
		v.Curve = quantileCurve(r.Quantiles, e.NHat, float64(e.Observed))
	}
	v.Sensitivity = res.Sensitivity
	v.Input = parseInput(e.Input)
	v.Assumes = pipeline.Assumption(e.Method)
	all, err := s.store.Estimates(ctx, reckon.EstimateFilter{Measure: e.Measure, Population: e.Population, Method: e.Method})
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for _, o := range all { // newest first: the latest of each stratum
		if o.Stratum == "" {
			if e.Stratum != "" && v.Whole == nil {
				v.Whole = o
			}
			continue
		}
		if !seen[o.Stratum] && o.ID != e.ID {
			seen[o.Stratum] = true
			if o.SumOfStrata() {
				v.Sums = append(v.Sums, o)
				continue
			}
			v.Strata = append(v.Strata, o)
		}
	}
	slices.SortFunc(v.Strata, func(a, b *reckon.Estimate) int { return strings.Compare(a.Stratum, b.Stratum) })
	return v, nil
}

// modelRows shows the fitted models of a log-linear or closedp result,
// the best by BIC first.
func modelRows(fits []pipeline.ModelFit, bestAIC, bestBIC, limit int) []modelRow {
	var out []modelRow
	for i, f := range fits {
		row := modelRow{Name: f.Name, NHat: f.NHat, Lower: f.Lower, Upper: f.Upper, UpperOpen: f.UpperOpen,
			AIC: f.AIC, BIC: f.BIC, DF: f.DF, Warnings: f.Warnings}
		switch {
		case i == bestAIC && i == bestBIC:
			row.Best = "AIC and BIC"
		case i == bestAIC:
			row.Best = "AIC"
		case i == bestBIC:
			row.Best = "BIC"
		}
		if i < limit || row.Best != "" {
			out = append(out, row)
		}
	}
	return out
}

// parseInput splits the capture-history CSV into cells.
func parseInput(in string) [][]string {
	var out [][]string
	for line := range strings.SplitSeq(strings.TrimSpace(in), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			out = append(out, strings.Split(line, ","))
		}
	}
	return out
}

// quantileCurve draws the posterior of N from its quantiles at every
// 2.5%: the cumulative probability against N, with the median and the
// 95% interval marked, in both layouts (figure.Both).
func quantileCurve(q []float64, median, observed float64) template.HTML {
	if len(q) < 3 {
		return ""
	}
	wide := figure.Wide
	wide.Width = 640 // the page caps it at 52rem
	return template.HTML(figure.Both(drawCurve(wide, q, median, observed), drawCurve(figure.Narrow, q, median, observed)))
}

// drawCurve draws quantileCurve for l: fewer ticks on a narrow layout,
// and none whose label would touch another.
func drawCurve(lay figure.Layout, q []float64, median, observed float64) string {
	w, h, t, bt, r := lay.Width, 220.0, lay.Font, lay.Font+22, 16.0
	l := math.Ceil(figure.TextWidth("100%", lay.Font)) + 8
	ticks := 5
	if w < 500 {
		ticks = 4
	}
	lo, hi := math.Min(q[0], observed), q[len(q)-1]
	if hi <= lo {
		hi = lo + 1
	}
	pad := (hi - lo) * 0.04
	lo, hi = lo-pad, hi+pad
	x := func(v float64) float64 { return l + (v-lo)/(hi-lo)*(w-l-r) }
	y := func(p float64) float64 { return t + (1-p)*(h-t-bt) }
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="curve" viewBox="0 0 %.0f %.0f" width="100%%" role="img" aria-labelledby="curve-caption" focusable="false" xmlns="http://www.w3.org/2000/svg" font-size="%s">`+"\n", w, h, f1(lay.Font))
	b.WriteString(`<g class="axis">`)
	for _, p := range []float64{0, 0.25, 0.5, 0.75, 1} {
		fmt.Fprintf(&b, `<line x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f"/><text x="%.1f" y="%.1f" dy="%s" text-anchor="end">%.0f%%</text>`, l, w-r, y(p), y(p), l-4, y(p), f1(0.35*lay.Font), p*100)
	}
	vs := niceTicks(lo, hi, ticks)
	xs, labels := make([]float64, len(vs)), make([]string, len(vs))
	for i, v := range vs {
		xs[i], labels[i] = x(v), formatNum(int64(v))
		fmt.Fprintf(&b, `<line x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f"/>`, x(v), x(v), t, h-bt)
	}
	for i, c := range figure.Ticks(xs, labels, lay.Font, l, w-2) {
		if !math.IsNaN(c) {
			fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="middle">%s</text>`, c, h-bt+lay.Font+4, esc(labels[i]))
		}
	}
	b.WriteString("</g>\n")
	n := len(q) - 1
	fmt.Fprintf(&b, `<rect class="ci" x="%.1f" y="%.1f" width="%.1f" height="%.1f"/>`, x(q[n/40]), t, x(q[n*39/40])-x(q[n/40]), h-t-bt)
	fmt.Fprintf(&b, `<line class="obs" x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f"><title>documented minimum %s</title></line>`, x(observed), x(observed), t, h-bt, esc(formatNum(int64(observed))))
	b.WriteString(`<polyline class="cdf" points="`)
	for i, v := range q {
		fmt.Fprintf(&b, "%.1f,%.1f ", x(v), y(float64(i)/float64(n)))
	}
	b.WriteString(`"/>`)
	fmt.Fprintf(&b, `<line class="median" x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f"/>`, x(median), x(median), t, h-bt)
	b.WriteString("\n</svg>")
	return b.String()
}

// niceTicks returns about n round values between lo and hi.
func niceTicks(lo, hi float64, n int) []float64 {
	span := hi - lo
	if span <= 0 {
		return nil
	}
	step := math.Pow(10, math.Floor(math.Log10(span/float64(n))))
	for _, m := range []float64{1, 2, 5, 10} {
		if span/(step*m) <= float64(n) {
			step *= m
			break
		}
	}
	var out []float64
	for v := math.Ceil(lo/step) * step; v <= hi; v += step {
		out = append(out, v)
	}
	return out
}

func (s *Server) estimatePage(w http.ResponseWriter, r *http.Request) error {
	if _, err := pageQuery(r); err != nil {
		return err
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	v, err := s.estimateView(r.Context(), id)
	if err != nil {
		return err
	}
	return s.render(w, r, "estimate", page{Title: fmt.Sprintf("Estimate %d", id), Nav: "estimates", Body: v})
}
