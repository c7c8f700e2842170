package pipeline

import (
	"context"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/reconcile"
)

// Reconcile gathers every claim of measure m with its source and date
// (the date the text gives it, else the document's publication date),
// the latest documented minimum and the latest estimate by each method
// for population ("" means any) over the whole population, and flags the
// contradictions. The latest sum over strata of each method and attribute
// goes in the view's StrataSums.
func Reconcile(ctx context.Context, s reckon.Store, m reckon.Measure, population string) (*reconcile.View, error) {
	claims, err := s.Claims(ctx, reckon.ClaimFilter{Measure: m})
	if err != nil {
		return nil, err
	}
	docs := map[int64]*reckon.Document{}
	srcs := map[int64]*reckon.Source{}
	var rc []reconcile.Claim
	for _, c := range claims {
		d, ok := docs[c.DocumentID]
		if !ok {
			if d, err = s.Document(ctx, c.DocumentID); err != nil {
				return nil, err
			}
			docs[c.DocumentID] = d
		}
		src, ok := srcs[d.SourceID]
		if !ok {
			if src, err = s.Source(ctx, d.SourceID); err != nil {
				return nil, err
			}
			srcs[d.SourceID] = src
		}
		on := d.Published
		if c.On.Parsed() {
			on = c.On // the date the text gives the figure, resolved against publication
		}
		rc = append(rc, reconcile.Claim{Claim: c, Source: src, Date: on})
	}
	ests, err := s.Estimates(ctx, reckon.EstimateFilter{Measure: m, Population: population})
	if err != nil {
		return nil, err
	}
	var minimum *reckon.Estimate
	var latest []*reckon.Estimate
	seen := map[string]bool{}
	var sums []*reckon.Estimate
	for _, e := range ests { // newest first
		if e.SumOfStrata() && !seen[e.Stratum+" "+string(e.Method)] {
			seen[e.Stratum+" "+string(e.Method)] = true
			if e.Method != reckon.MethodMinimum {
				sums = append(sums, e)
			}
			continue
		}
		if e.Stratum != "" || seen[string(e.Method)] {
			continue
		}
		seen[string(e.Method)] = true
		if e.Method == reckon.MethodMinimum {
			minimum = e
		} else {
			latest = append(latest, e)
		}
	}
	v := reconcile.Reconcile(m, rc, minimum, latest)
	v.StrataSums = sums
	return v, nil
}
