package reconcile

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/mse"
)

func TestSpread(t *testing.T) {
	est := func(id int64, method reckon.Method, lo, hi float64) *reckon.Estimate {
		return &reckon.Estimate{ID: id, Method: method, NHat: (lo + hi) / 2, Lower: lo, Upper: hi}
	}
	// The demo's shape (issue 14): log-linear and stepwise exclude what
	// LCMCR covers, and the two disagree with it beyond their intervals.
	ll, sw, lc := est(1, "loglinear", 3194, 3663), est(2, "stepwise", 3054, 3801), est(3, "lcmcr", 2722, 3023)
	s := spread([]*reckon.Estimate{ll, sw, lc, est(4, "chao", 2500, 2900), est(5, "minimum", 2400, 2400)})
	if s == nil || s.Low != 2722 || s.High == nil || *s.High != 3801 {
		t.Fatalf("spread %+v", s)
	}
	if len(s.Disjoint) != 2 || s.Disjoint[0] != [2]int64{1, 3} || s.Disjoint[1] != [2]int64{2, 3} {
		t.Errorf("disjoint %v, want loglinear and stepwise against lcmcr", s.Disjoint)
	}
	if !strings.Contains(s.Message, "disagree beyond their own intervals") || !strings.Contains(s.Message, "lcmcr (E3)") {
		t.Errorf("message %q", s.Message)
	}
	// The interval over linkage draws counts where there is one.
	lc.Linkage = &reckon.LinkageInterval{Draws: 20, NHat: 3000, Lower: 2700, Upper: 3300}
	if s := spread([]*reckon.Estimate{ll, sw, lc}); len(s.Disjoint) != 0 || strings.Contains(s.Message, "disagree") {
		t.Errorf("with the linkage interval: %+v", s)
	}
	// No finite upper end; fewer than two estimates.
	if s := spread([]*reckon.Estimate{ll, est(6, "dga", 3000, math.Inf(1))}); s.High != nil || !strings.Contains(s.Message, "no finite upper end") {
		t.Errorf("open spread %+v", s)
	}
	if s := spread([]*reckon.Estimate{ll, est(7, "chao", 1, 2)}); s != nil {
		t.Errorf("one estimate and a floor: %+v", s)
	}
}

// TestSpreadOverModels: a log-linear estimate counts with the intervals
// stored beside it that allow for the choice of model (selection-aware
// and BIC-averaged), so that a disagreement that disappears once model
// choice is allowed for is not flagged; each interval says what it rests
// on, and the view says what each method assumes (issue 14).
func TestSpreadOverModels(t *testing.T) {
	ll := &reckon.Estimate{ID: 1, Method: "loglinear", NHat: 3400, Lower: 3194, Upper: 3663,
		Result: `{"models":[],"model_selection":{"lower":2900,"upper":3900,"averaged_lower":2950,"averaged_upper":4100}}`}
	lc := &reckon.Estimate{ID: 2, Method: "lcmcr", NHat: 2900, Lower: 2722, Upper: 3023}
	s := spread([]*reckon.Estimate{ll, lc})
	if s == nil || s.Low != 2722 || s.High == nil || *s.High != 4100 {
		t.Fatalf("spread %+v, want 2722 to 4100", s)
	}
	if len(s.Disjoint) != 0 || strings.Contains(s.Message, "disagree") {
		t.Errorf("log-linear allowing for model choice overlaps lcmcr: %+v", s)
	}
	if len(s.Intervals) != 2 || s.Intervals[0].Lower != 2900 || !strings.Contains(s.Intervals[0].Basis, "choice of model") || s.Intervals[1].Basis != "its 95% interval" {
		t.Errorf("intervals %+v", s.Intervals)
	}
	if !strings.Contains(s.Message, "Over models and methods") {
		t.Errorf("message %q", s.Message)
	}
	// An open upper end of the averaged interval opens the spread.
	ll.Result = `{"model_selection":{"lower":2900,"upper":3900,"averaged_lower":2950,"averaged_upper":null}}`
	if s := spread([]*reckon.Estimate{ll, lc}); s.High != nil {
		t.Errorf("open averaged interval: high %v", *s.High)
	}
	v := Reconcile(reckon.Killed, nil, &reckon.Estimate{ID: 3, Method: "minimum"}, []*reckon.Estimate{ll, lc})
	for _, m := range []reckon.Method{"minimum", "loglinear", "lcmcr"} {
		if v.Assumptions[m] == "" {
			t.Errorf("no assumption for %s in the view", m)
		}
	}
}

// TestSpreadClosedpWindow: a closedp estimate counts with the intervals
// of the closedp models the data do not rule out (Occam's window: BIC
// within 2 ln 20 of the best), not only its best model's, which takes the
// form of heterogeneity as known; behavioural models (Mb, Mbh: the lists
// as ordered occasions) and unusable ones are left out. The models are
// those of a table drawn with heterogeneity and list dependence (reckon
// synth coverage --heterogeneity 1 --dependence 1, seed 1, true N 2,000),
// where the best model's interval alone missed the truth.
func TestSpreadClosedpWindow(t *testing.T) {
	model := func(name string, nhat, lo, hi, bic float64) mse.ModelFit {
		return mse.ModelFit{Name: name, NHat: nhat, Lower: lo, Upper: hi, BIC: bic, Usable: true}
	}
	res := mse.ClosedpResult{N: 1533, Models: []mse.ModelFit{
		model("Mt", 1690, 1650, 1735, 130.2),
		model("Mth Chao (LB)", 1766, 1717, 1821, 107.3),
		model("Mth Poisson2", 1811, 1753, 1875, 100.0),
		model("Mth Darroch", 1932, 1831, 2054, 102.3),
		model("Mth Gamma3.5", 2092, 1919, 2314, 104.7),
		model("Mb", 1400, math.NaN(), math.NaN(), 95.0),
		model("Mbh", 5000, 4000, 6000, 90.0),
	}, BestAIC: 2, BestBIC: 2}
	res.Models[5].Behavioural = true
	res.Models[6].Usable = false
	b, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	cp := &reckon.Estimate{ID: 1, Method: reckon.MethodClosedp, NHat: 1811, Lower: 1753, Upper: 1875, Result: string(b)}
	lc := &reckon.Estimate{ID: 2, Method: reckon.MethodLCMCR, NHat: 1774, Lower: 1692, Upper: 1974}
	s := spread([]*reckon.Estimate{cp, lc})
	if s == nil || s.Low != 1692 || s.High == nil || *s.High != 2314 {
		t.Fatalf("spread %+v, want 1,692 to 2,314 (Mth Gamma3.5's upper end)", s)
	}
	iv := s.Intervals[0]
	if iv.Lower != 1753 || iv.Upper == nil || *iv.Upper != 2314 || !strings.Contains(iv.Basis, "Mth Poisson2, Mth Darroch, Mth Gamma3.5") || strings.Contains(iv.Basis, "Chao") {
		t.Errorf("closedp interval %+v", iv)
	}
	// A best model that is behavioural: the window is taken over the
	// others, from the best of them.
	res.Models[5].BIC = 80
	b, _ = json.Marshal(res)
	cp.Result = string(b)
	if s := spread([]*reckon.Estimate{cp, lc}); s.High == nil || *s.High != 2314 {
		t.Errorf("behavioural best: %+v", s)
	}
	// A result that is not a closedp result leaves the interval alone.
	cp.Result = `{"observed":1533}`
	if s := spread([]*reckon.Estimate{cp, lc}); s.High == nil || *s.High != 1974 || s.Intervals[0].Basis != "its 95% interval" {
		t.Errorf("no models: %+v", s)
	}
}
