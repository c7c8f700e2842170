package server

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/figure"
)

// overviewData is the rendered overview page, kept in a [memo]: the page
// reads every claim, so it is built once per cache period, not per
// request.
type overviewData struct {
	body []byte
	etag string
	// view is what body shows, to render the page again for a reader
	// who is signed in (whose name the page shows); it is not changed.
	view *overviewView
}

// overviewView is what the overview shows: per measure, the claims made
// about it, and what the workspace holds.
type overviewView struct {
	Measures   []*measureView
	Sources    int
	Documents  int
	Claims     int
	Records    int
	Lists      []listCount
	Status     map[reckon.ClaimStatus]int
	LastUpdate time.Time       // the latest change seen in the data; zero when empty
	Linked     *reckon.LinkRun // the latest link run; nil before any
	// Warnings are the latest link run's as the public may read them
	// (the page is one for every reader): conflicts only as a count.
	Warnings  []string
	Conflicts []string  // always empty here: conflicts name records
	Estimated time.Time // when the latest estimate was computed
	Engine    bool
	Computed  time.Time // when this page was computed
	CacheTTL  time.Duration
}

// measureView is the headline of one measure. Only what the data holds
// is shown: a documented minimum and an estimate join it once the
// workspace has persons and estimates.
type measureView struct {
	Measure   reckon.Measure
	Claims    int // every claim, rejected ones included
	Extracted int
	Confirmed int
	Rejected  int
	Sources   int // sources with a standing claim about it
	// Range is what the standing claims say, from the lowest to the
	// highest, each with its words and open ends (figure.Range); "" when
	// none states a figure.
	Range  string
	Latest *claimRow // the standing claim of the latest publication
	// Minimum is the latest documented minimum of the whole population,
	// Estimates the latest estimate of it by each other method.
	Minimum   *reckon.Estimate
	Estimates []*reckon.Estimate
	// Contradictions counts the flagged contradictions; -1 when the
	// server has no engine to reconcile with.
	Contradictions int
	Strip          *strip
	// Timeline is the standing claims over the dates they speak of.
	Timeline template.HTML
	timeline figure.Timeline
	standing []*reckon.Claim
	sources  map[int64]bool
}

// claimBatch is how many claims the overview reads from the store at a
// time.
const claimBatch = 2000

func (s *Server) overviewPage(w http.ResponseWriter, r *http.Request) error {
	if _, err := pageQuery(r); err != nil {
		return err
	}
	o, err := s.overview.get(r.Context(), s.buildOverview)
	if err != nil {
		return err
	}
	if authUser(r) != nil { // the page names who is signed in
		return s.render(w, r, "overview", page{Title: "Overview", Nav: "overview", Body: o.view})
	}
	w.Header().Set("ETag", o.etag)
	s.send(w, r, http.StatusOK, "text/html; charset=utf-8", o.body)
	return nil
}

func (s *Server) buildOverview(ctx context.Context) (*overviewData, error) {
	v, err := s.overviewView(ctx)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	// The page kept is the one of a reader who is not signed in.
	p := page{Title: "Overview", Nav: "overview", Body: v, ReadOnly: s.opt.ReadOnly, Style: styleVersion,
		Auth: s.opt.Auth, Can: permissions{Analyst: !s.opt.Auth && !s.opt.ReadOnly, Reviewer: !s.opt.Auth && !s.opt.ReadOnly, Admin: !s.opt.Auth && !s.opt.ReadOnly}, Here: "/"}
	if err := s.pages.sets["overview"].Execute(&buf, p); err != nil {
		return nil, fmt.Errorf("render overview: %w", err)
	}
	return &overviewData{body: buf.Bytes(), etag: etagOf(buf.Bytes()), view: v}, nil
}

func (s *Server) overviewView(ctx context.Context) (*overviewView, error) {
	c, err := s.catalogue(ctx)
	if err != nil {
		return nil, err
	}
	imps, err := s.store.Imports(ctx)
	if err != nil {
		return nil, err
	}
	v := &overviewView{
		Sources: len(c.sources), Documents: len(c.document), Lists: listCounts(imps),
		Status: map[reckon.ClaimStatus]int{}, Computed: s.now(), CacheTTL: max(s.ttl, 0),
	}
	latest := func(t time.Time) {
		if t.After(v.LastUpdate) {
			v.LastUpdate = t
		}
	}
	for _, src := range c.sources {
		latest(src.CreatedAt)
	}
	for _, d := range c.document {
		latest(d.AddedAt)
	}
	for _, imp := range imps {
		v.Records += imp.Records
		latest(imp.ImportedAt)
	}

	by := map[reckon.Measure]*measureView{}
	var after int64
	for {
		batch, err := s.store.Claims(ctx, reckon.ClaimFilter{AfterID: after, Limit: claimBatch})
		if err != nil {
			return nil, err
		}
		for _, cl := range batch {
			v.Claims++
			v.Status[cl.Status]++
			latest(cl.CreatedAt)
			if cl.ReviewedAt != nil {
				latest(*cl.ReviewedAt)
			}
			m := by[cl.Measure]
			if m == nil {
				m = &measureView{Measure: cl.Measure, sources: map[int64]bool{}}
				by[cl.Measure] = m
			}
			m.add(ctx, s, c, cl)
		}
		if len(batch) < claimBatch {
			break
		}
		after = batch[len(batch)-1].ID
	}
	if v.Linked, err = s.latestRun(ctx); err != nil {
		return nil, err
	}
	if v.Linked != nil {
		latest(v.Linked.At)
	}
	if v.Warnings, _, err = s.linkWarnings(ctx, false); err != nil {
		return nil, err
	}
	ests, err := s.store.Estimates(ctx, reckon.EstimateFilter{})
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for _, e := range ests { // newest first
		if v.Estimated.IsZero() {
			v.Estimated = e.CreatedAt
			latest(e.CreatedAt)
		}
		if e.Stratum != "" || seen[string(e.Measure)+"\x00"+string(e.Method)] {
			continue
		}
		seen[string(e.Measure)+"\x00"+string(e.Method)] = true
		m := by[e.Measure]
		if m == nil {
			m = &measureView{Measure: e.Measure, sources: map[int64]bool{}}
			by[e.Measure] = m
		}
		if e.Method == reckon.MethodMinimum {
			m.Minimum = e
		} else {
			m.Estimates = append(m.Estimates, e)
		}
	}
	v.Engine = s.engine != nil
	for _, meas := range reckon.Measures {
		m := by[meas]
		if m == nil {
			continue
		}
		slices.SortFunc(m.Estimates, func(a, b *reckon.Estimate) int { return strings.Compare(string(a.Method), string(b.Method)) })
		m.Contradictions = -1
		if s.engine != nil && m.Claims > 0 {
			rv, err := s.engine.Reconcile(ctx, meas)
			if err != nil {
				return nil, err
			}
			m.Contradictions = len(rv.Contradictions)
		}
		m.Sources = len(m.sources)
		m.Strip = newStrip(m.standing)
		m.Range = figure.Range(m.standing)
		m.Timeline = template.HTML(m.timeline.SVG(words(string(meas)) + ": the standing claims over time")) // escaped inside
		m.standing, m.sources = nil, nil
		v.Measures = append(v.Measures, m)
	}
	return v, nil
}

// add counts cl into m.
func (m *measureView) add(ctx context.Context, s *Server, c *catalog, cl *reckon.Claim) {
	m.Claims++
	switch cl.Status {
	case reckon.StatusConfirmed:
		m.Confirmed++
	case reckon.StatusRejected:
		m.Rejected++
		return
	default:
		m.Extracted++
	}
	// What the headline and charts need, the words kept as stated.
	m.standing = append(m.standing, &reckon.Claim{Interval: cl.Interval, Span: cl.Span})
	d, src, err := s.lookup(ctx, c, cl.DocumentID)
	if err != nil {
		return // a claim whose document vanished meanwhile
	}
	on := cl.On
	if on.Year == 0 {
		on = d.Published
	}
	m.timeline.Add(on, cl.Interval)
	m.sources[src.ID] = true
	if m.Latest == nil || later(d, m.Latest.Doc) || (d.ID == m.Latest.Doc.ID && cl.ID > m.Latest.ID) {
		m.Latest = &claimRow{Claim: cl, Doc: d, Source: src}
	}
}

// later reports whether a was published after b; a dated document is
// later than an undated one, and ties go to the later added.
func later(a, b *reckon.Document) bool {
	if a.Published.IsZero() != b.Published.IsZero() {
		return b.Published.IsZero()
	}
	if ka, kb := dateKey(a.Published), dateKey(b.Published); ka != kb {
		return ka > kb
	}
	return a.ID > b.ID
}
