package mse

import (
	"math"
	"slices"
	"strings"
	"testing"
)

// SparseMSE 2.0.1 reference runs, shared/data/mse/README.md, table
// "Reference runs": rows "SparseMSE stepwise p=0.02, normal CI" (terms,
// estimate, interval) and "SparseMSE stepwise + BCa (nboot 1000, iseed
// 1234)" (bca).
//
// The reference's model column lists the terms of SparseMSE's glm
// formula, which leaves out the pairs with no overlap: buildmodel drops
// such a term from the formula, deletes its cells and reports it only in
// the fit's emptyoverlaps. So terms is compared with our terms less our
// EmptyOverlaps, and empty (our own record, not printed by the reference
// run) pins the dropped terms. On Netherlands both packages add K:R (and
// on 6 lists I:K) as empty overlaps at the same step — we checked the
// p-values step by step: at step 5 of the 5-list fit K:R has n* = 0,
// mean 6.85, p = exp(-6.85) = 0.00106 < IO:K's 0.00181, and its model
// passes checkident (LP optimum 9.9 > 0) — and the estimates and
// intervals agree to the unit, which they could not with another model.
var stepwiseRefs = []struct {
	data         string
	terms        string
	empty        string // empty overlaps among our terms
	n, lo, hi    float64
	bcaLo, bcaHi float64 // 0: not checked here
}{
	{"kosovo", "ABA:OSCE+OSCE:HRW+EXH:OSCE+EXH:ABA+EXH:HRW", "", 14342, 12541, 16540, 12541, 16547},
	{"uk_6lists", "PF:NCA+LA:NG+NG:GP+LA:PF+PF:GP+GO:GP+NG:GO", "", 11418, 9977, 13146, 0, 0},
	{"uk_5lists", "LA:NG+NG:GP+PFNCA:GP+LA:PFNCA+GO:GP+NG:GO", "", 11313, 9884, 13027, 0, 0},
	// our order of addition: IO:Z P:Z P:R IO:P K:R IO:K
	{"netherlands_5lists", "IO:Z+P:Z+P:R+IO:P+IO:K", "K:R", 121522, 98675, 150139, 0, 0},
	// our order of addition: O:Z P:Z I:Z P:R O:P K:R I:K K:O
	{"netherlands_6lists", "O:Z+P:Z+I:Z+P:R+O:P+K:O", "K:R+I:K", 111139, 92440, 133992, 0, 0},
	{"korea_3lists", "b:c", "", 269, 202, 390, 123, 430},
	{"artificial_3lists", "", "", 539, 279, 1171, 282, 1466},
	{"rcapture_hiv", "", "", 11125, 9520, 13068, 0, 0},
	{"rcapture_lesbian", "A:D+C:D+B:D+B:C", "", 5350, 4839, 5961, 0, 0},
	{"diabetes_bruno1994", "c2:c4+c3:c4", "", 2279, 2252, 2311, 0, 0},
	{"dga_example_3lists", "L1:L2", "", 731, 708, 761, 0, 0},
	{"dga_example_5lists", "L4:L5+L1:L3", "", 610, 593, 632, 587, 638},
	{"rcapture_hare", "", "", 75, 72, 80, 0, 0},
}

func TestStepwiseReferences(t *testing.T) {
	t.Parallel() // heavy: runs beside the other heavy tests
	for _, tc := range stepwiseRefs {
		t.Run(tc.data, func(t *testing.T) {
			boot := -1
			if tc.bcaLo > 0 {
				boot = 1000
			}
			r, err := Stepwise(mustRead(t, tc.data), StepwiseOptions{Bootstrap: boot, Seed: 1234})
			if err != nil {
				t.Fatal(err)
			}
			tb := mustRead(t, tc.data)
			empty := TermNames(r.EmptyOverlaps, tb.Lists)
			var formula []string
			for _, nm := range r.Names {
				if !slices.Contains(empty, nm) {
					formula = append(formula, nm)
				}
			}
			if got := strings.Join(formula, "+"); got != tc.terms {
				t.Errorf("terms %q (all: %q), want %q", got, strings.Join(r.Names, "+"), tc.terms)
			}
			if got := strings.Join(empty, "+"); got != tc.empty {
				t.Errorf("empty overlaps %q, want %q", got, tc.empty)
			}
			// references are printed to the unit: 4 significant digits or
			// within one unit
			if math.Abs(r.NHat-tc.n) > math.Max(1, 5e-5*tc.n) {
				t.Errorf("N = %.1f, want %.0f", r.NHat, tc.n)
			}
			if math.Abs(r.NormalLower-tc.lo) > 0.01*tc.lo || math.Abs(r.NormalUpper-tc.hi) > 0.01*tc.hi {
				t.Errorf("normal interval [%.0f, %.0f], want [%.0f, %.0f]", r.NormalLower, r.NormalUpper, tc.lo, tc.hi)
			}
			if tc.bcaLo > 0 {
				t.Logf("BCa [%.0f, %.0f], reference [%.0f, %.0f]", r.Lower, r.Upper, tc.bcaLo, tc.bcaHi)
				if math.Abs(r.Lower-tc.bcaLo) > 0.05*tc.bcaLo || math.Abs(r.Upper-tc.bcaHi) > 0.05*tc.bcaHi {
					t.Errorf("BCa [%.0f, %.0f], want [%.0f, %.0f] within 5%%", r.Lower, r.Upper, tc.bcaLo, tc.bcaHi)
				}
			}
		})
	}
}

func TestQuantile8(t *testing.T) {
	// R: quantile(1:10, c(.1, .5, .975), type = 8) = 1.366667 5.5 10
	x := []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	for _, tc := range []struct{ p, want float64 }{{0.1, 1.3666667}, {0.5, 5.5}, {0.975, 10}} {
		if got := quantile8(x, tc.p); math.Abs(got-tc.want) > 1e-6 {
			t.Errorf("quantile8(%v) = %v, want %v", tc.p, got, tc.want)
		}
	}
}
