package mse

import (
	"math"
	"testing"
)

// TestSparseClosedpMatchesDense: the closedp.t models fitted without a
// dense table give what the dense fitter gives (which reproduces
// Rcapture, TestClosedpReferences), model by model. Standard errors and
// biases may differ in the fifth digit: the dense fitter takes the
// information matrix at the weights of its last iteration (as R's glm),
// the sparse one at the final estimate.
func TestSparseClosedpMatchesDense(t *testing.T) {
	tables := []*Table{mustRead(t, "kosovo"), mustRead(t, "rcapture_hare"), mustRead(t, "korea_3lists"),
		mustRead(t, "uk_5lists"), mustRead(t, "dga_example_5lists"), syntheticTable(t, 8, 3000, 2)}
	for _, tb := range tables {
		dense, _, _ := closedp(tb.J(), tb.cells(), float64(tb.N()), 2)
		sparse, _, _ := closedpSparse(tb, 2)
		if len(dense) != len(sparse) {
			t.Fatalf("%v: %d models sparse, %d dense", tb.Lists, len(sparse), len(dense))
		}
		for i := range dense {
			a, b := &dense[i], &sparse[i]
			close := func(x, y, rel float64) bool {
				if math.IsNaN(x) && math.IsNaN(y) {
					return true
				}
				return math.Abs(x-y) <= rel*math.Max(1, math.Abs(x))
			}
			if a.Name != b.Name || !close(a.NHat, b.NHat, 1e-6) || !close(a.SE, b.SE, 1e-4) || !close(a.AIC, b.AIC, 1e-7) ||
				!close(a.Deviance, b.Deviance, 1e-6) || a.Rank != b.Rank || a.DF != b.DF || !close(a.Lower, b.Lower, 1e-3) || !close(a.Upper, b.Upper, 1e-3) {
				t.Errorf("%v %s:\n dense  N %.4f se %.4f dev %.4f AIC %.4f rank %d df %d [%.2f, %.2f] %v\n sparse N %.4f se %.4f dev %.4f AIC %.4f rank %d df %d [%.2f, %.2f] %v",
					tb.Lists, a.Name, a.NHat, a.SE, a.Deviance, a.AIC, a.Rank, a.DF, a.Lower, a.Upper, a.Warnings,
					b.NHat, b.SE, b.Deviance, b.AIC, b.Rank, b.DF, b.Lower, b.Upper, b.Warnings)
			}
			if !a.Behavioural && !close(a.Bias, b.Bias, 1e-3) {
				t.Errorf("%v %s: bias dense %v sparse %v", tb.Lists, a.Name, a.Bias, b.Bias)
			}
		}
	}
}

// TestClosedpThirtyLists: closedp on the 30 occasions of the meadow
// voles (Rcapture's closedp.t "might fail" beyond 20). The data are
// a robust design, so no reference; the fit must be usable and sane.
func TestClosedpThirtyLists(t *testing.T) {
	tb := mustRead(t, "rcapture_mvole")
	r, err := Closedp(tb, ClosedpOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Models) != 12 || r.BestBIC < 0 {
		t.Fatalf("%d models, best %d", len(r.Models), r.BestBIC)
	}
	for _, m := range r.Models {
		if m.Usable && (m.NHat < float64(tb.N()) || m.DF != 1<<30-1-m.Rank) {
			t.Errorf("%s", m.String())
		}
	}
	b := r.Models[r.BestBIC]
	if !(b.Lower <= b.NHat && b.NHat <= b.Upper) {
		t.Errorf("best %s", b.String())
	}
	t.Logf("best BIC %s", b.String())
}
