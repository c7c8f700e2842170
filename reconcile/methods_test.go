package reconcile

import (
	"math"
	"strings"
	"testing"

	"github.com/reckonhq/reckon"
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
