package mse

import (
	"flag"
	"math"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/stat"
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
	bcaLo, bcaHi float64 // SparseMSE's BCa interval
	// sdLo and sdHi are the Monte Carlo standard deviations of our BCa
	// ends with 1,000 replicates: the spread over seeds 0-49 of R's
	// generator (run go test -run StepwiseBCaSpread -bcaspread to measure
	// them again). The artificial table's upper end is heavy-tailed (some
	// replicates have no overlap and an infinite estimate).
	sdLo, sdHi float64
}{
	{"kosovo", "ABA:OSCE+OSCE:HRW+EXH:OSCE+EXH:ABA+EXH:HRW", "", 14342, 12541, 16540, 12541, 16547, 77, 131},
	{"uk_6lists", "PF:NCA+LA:NG+NG:GP+LA:PF+PF:GP+GO:GP+NG:GO", "", 11418, 9977, 13146, 8941, 14908, 306, 307},
	{"uk_5lists", "LA:NG+NG:GP+PFNCA:GP+LA:PFNCA+GO:GP+NG:GO", "", 11313, 9884, 13027, 8896, 15568, 216, 498},
	// our order of addition: IO:Z P:Z P:R IO:P K:R IO:K
	{"netherlands_5lists", "IO:Z+P:Z+P:R+IO:P+IO:K", "K:R", 121522, 98675, 150139, 47572, 167017, 926, 7046},
	// our order of addition: O:Z P:Z I:Z P:R O:P K:R I:K K:O
	{"netherlands_6lists", "O:Z+P:Z+I:Z+P:R+O:P+K:O", "K:R+I:K", 111139, 92440, 133992, 45483, 166294, 1824, 6336},
	{"korea_3lists", "b:c", "", 269, 202, 390, 123, 430, 0.04, 23},
	{"artificial_3lists", "", "", 539, 279, 1171, 282, 1466, 12, 149},
	{"rcapture_hiv", "", "", 11125, 9520, 13068, 8451, 13760, 194, 123},
	{"rcapture_lesbian", "A:D+C:D+B:D+B:C", "", 5350, 4839, 5961, 4287, 7074, 111, 140},
	{"diabetes_bruno1994", "c2:c4+c3:c4", "", 2279, 2252, 2311, 2251, 2308, 1.6, 1.8},
	{"dga_example_3lists", "L1:L2", "", 731, 708, 761, 710, 760, 1.2, 1.9},
	{"dga_example_5lists", "L4:L5+L1:L3", "", 610, 593, 632, 587, 638, 1.7, 1.8},
	{"rcapture_hare", "", "", 75, 72, 80, 71, 81, 0.15, 0.7},
}

func TestStepwiseReferences(t *testing.T) {
	t.Parallel() // heavy: runs beside the other heavy tests
	for i, tc := range stepwiseRefs {
		t.Run(tc.data, func(t *testing.T) {
			shortFirst(t, i)
			tb := mustRead(t, tc.data)
			shortLists(t, tb)
			r, err := Stepwise(tb, StepwiseOptions{Seed: 1234})
			if err != nil {
				t.Fatal(err)
			}
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
			// Seed 1234 draws SparseMSE's own resamples (R's set.seed(1234)
			// and rmultinom, see TestRRNGSparseMSETables), so the BCa ends
			// agree to the printed unit; the artificial table's lower end is
			// 282.51, printed 282.
			for _, e := range []struct {
				what      string
				got, want float64
			}{{"lower", r.Lower, tc.bcaLo}, {"upper", r.Upper, tc.bcaHi}} {
				t.Logf("BCa %s %.2f, SparseMSE %.0f", e.what, e.got, e.want)
				if math.Abs(e.got-e.want) > 1 {
					t.Errorf("BCa %s %.2f, SparseMSE %.0f", e.what, e.got, e.want)
				}
			}
		})
	}
}

// bcaSpread re-measures the Monte Carlo spread of the BCa ends recorded in
// stepwiseRefs (50 seeds x 13 tables: several minutes).
var bcaSpread = flag.Bool("bcaspread", false, "measure the seed-to-seed spread of the stepwise BCa ends")

// TestStepwiseBCaSpread runs the stepwise BCa with seeds 0-49 on every
// reference table and checks that the recorded standard deviations are
// those of our ends, and that SparseMSE's ends lie within our
// seed-to-seed spread (mean +- 3 sd).
func TestStepwiseBCaSpread(t *testing.T) {
	if !*bcaSpread {
		t.Skip("run with -bcaspread")
	}
	const seeds = 50
	for _, tc := range stepwiseRefs {
		tb := mustRead(t, tc.data)
		lo := make([]float64, seeds)
		hi := make([]float64, seeds)
		for s := range seeds {
			r, err := Stepwise(tb, StepwiseOptions{Seed: uint64(s)})
			if err != nil {
				t.Fatal(err)
			}
			lo[s], hi[s] = r.Lower, r.Upper
		}
		for _, e := range []struct {
			what     string
			x        []float64
			ref, rsd float64
		}{{"lower", lo, tc.bcaLo, tc.sdLo}, {"upper", hi, tc.bcaHi, tc.sdHi}} {
			m, sd := stat.MeanStdDev(e.x, nil)
			t.Logf("%s %s: mean %.1f sd %.2f (recorded %.2f), SparseMSE %.0f at %+.2f sd", tc.data, e.what, m, sd, e.rsd, e.ref, (e.ref-m)/sd)
			if sd > 1.5*e.rsd || sd < e.rsd/1.5 {
				t.Errorf("%s %s: sd %.2f, recorded %.2f", tc.data, e.what, sd, e.rsd)
			}
			// the references are printed to the unit
			if math.Abs(e.ref-m) > 3*sd+0.5 {
				t.Errorf("%s %s: SparseMSE %.0f outside our mean %.1f +- 3 sd (%.2f)", tc.data, e.what, e.ref, m, sd)
			}
		}
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
	// infinite replicates (no MLE) sort last: a level reaching them is
	// infinite, one below them is not touched
	inf := []float64{1, 2, 3, 4, 5, 6, 7, 8, math.Inf(1), math.Inf(1)}
	for _, tc := range []struct{ p, want float64 }{{0.5, 5.5}, {0.8, math.Inf(1)}, {0.975, math.Inf(1)}, {0.7, 7.5666667}} {
		if got := quantile8(inf, tc.p); math.Abs(got-tc.want) > 1e-6 && got != tc.want {
			t.Errorf("quantile8(%v) with +Inf = %v, want %v", tc.p, got, tc.want)
		}
	}
}
