package pipeline

import (
	"context"
	"math"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/linkage"
	"github.com/reckonhq/reckon/mse"
	"github.com/reckonhq/reckon/tally"
)

// SensitivityPoint is what the documented minimum and the best log-linear
// estimate would be had linkage joined records at another probability.
type SensitivityPoint struct {
	Threshold float64 `json:"threshold"`
	Persons   int64   `json:"persons"` // the documented minimum
	NHat      float64 `json:"n_hat"`   // best log-linear model by BIC; 0 when none is usable
	Model     string  `json:"model"`   // that model
	Stored    bool    `json:"stored"`  // the threshold of the stored persons
	Error     string  `json:"error,omitempty"`
}

// LinkSensitivity relinks the workspace's records at each threshold (in
// memory; the stored persons do not change) and reports how the documented
// minimum and the log-linear estimate move, so that a reader sees how much
// of the uncertainty comes from linkage.
func LinkSensitivity(ctx context.Context, s reckon.Store, cfg linkage.Config, opts linkage.Options, thresholds []float64) ([]SensitivityPoint, error) {
	recs, decisions, err := loadLinkInput(ctx, s)
	if err != nil {
		return nil, err
	}
	stored := cfg.LinkThreshold
	if stored == 0 {
		stored = 0.5
	}
	var out []SensitivityPoint
	for _, th := range thresholds {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		c := cfg
		c.LinkThreshold = th
		res, err := linkage.Link(recs, decisions, c, opts)
		if err != nil {
			return nil, err
		}
		persons := make([]*reckon.Person, len(res.Persons))
		for i, p := range res.Persons {
			persons[i] = &reckon.Person{}
			for _, k := range p.Records {
				persons[i].Records = append(persons[i].Records, &recs[k])
			}
		}
		pt := SensitivityPoint{Threshold: th, Persons: int64(len(persons)), Stored: th == stored}
		hs, err := tally.Count(persons, tally.Options{})
		if err == nil && len(hs) == 1 && len(hs[0].Lists) >= 2 {
			var t *mse.Table
			if t, err = mse.NewTable(hs[0].Lists, hs[0].Counts); err == nil {
				var r *mse.LogLinearResult
				if r, err = mse.LogLinear(t, mse.LogLinearOptions{NoHeterogeneity: true, Intervals: -1}); err == nil && r.BestBIC >= 0 {
					b := r.Models[r.BestBIC]
					if !math.IsInf(b.NHat, 0) && !math.IsNaN(b.NHat) {
						pt.NHat, pt.Model = b.NHat, b.Name
					}
				}
			}
		}
		if err != nil {
			pt.Error = err.Error()
		}
		out = append(out, pt)
	}
	return out, nil
}
