package pipeline

import (
	"fmt"
	"math"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/mse"
)

// closedpEstimate fills e from the best closedp.t model by BIC. The
// behavioural models Mb and Mbh have no profile interval in Rcapture;
// theirs is the normal interval of N-hat from its standard error, and
// says so.
func closedpEstimate(e *reckon.Estimate, m *mse.ModelFit) {
	e.Model, e.NHat, e.Lower, e.Upper = m.Name, m.NHat, m.Lower, m.Upper
	e.Interval = "profile likelihood 95%, best closedp.t model by BIC"
	switch {
	case m.UpperOpen:
		e.Upper = math.Inf(1)
	case math.IsNaN(m.Lower):
		e.Lower = math.Max(float64(e.Observed), m.NHat-1.959963984540054*m.SE)
		e.Upper = m.NHat + 1.959963984540054*m.SE
		e.Interval = "normal 95% from the standard error (a behavioural model has no profile interval), best closedp.t model by BIC"
	}
	e.Warnings = append(e.Warnings, m.Warnings...)
}

// chaoEstimate fills e with Chao's lower bound, and says beside it what
// the sample-coverage estimator gives.
func chaoEstimate(e *reckon.Estimate, r *mse.LowerBoundResult) {
	e.Model = fmt.Sprintf("Chao (1987) lower bound, f1 = %d, f2 = %d", r.F[1], r.F[2])
	e.NHat, e.Lower, e.Upper = r.Chao, r.ChaoLower, r.ChaoUpper
	e.Interval = "log-transformed 95% (Chao 1987); a lower bound on N under heterogeneity, not an estimate of it"
	if !math.IsNaN(r.Coverage1) {
		sc := fmt.Sprintf("sample coverage %.0f%%: N̂1 = %.0f", 100*r.Coverage, r.Coverage1)
		if !math.IsNaN(r.CoverageLower) {
			sc += fmt.Sprintf(" (%.0f–%.0f)", r.CoverageLower, r.CoverageUpper)
		}
		e.Model += "; " + sc + " (Chao and Tsay 1998)"
	}
	e.Warnings = append(e.Warnings, r.Warnings...)
}
