package mse

import (
	"math"
	"testing"
)

// ref is a reference estimate with its profile 95% interval.
type ref struct {
	model     string
	n, lo, hi float64
}

// Reference runs of Rcapture 1.4-4 from shared/data/mse/README.md, table
// "Reference runs: every dataset x method": rows "Rcapture
// closedpMS.t(maxorder=…) best-AIC" and "best-BIC" of each dataset.
var closedpMSRefs = []struct {
	data     string
	aic, bic ref
}{
	{"kosovo", ref{"[123,134]", 12741, 10184, 16703}, ref{"[123,14,34]", 10356.5, 8994, 12110}}, // BIC N 10,356.5: MultipleSystemsEstimation paragraph
	{"uk_6lists", ref{"[12,13,15,16,24,25,35,36,45]", 11252, 9840, 12985}, ref{"[12,13,25,35,36,45]", 12350, 10868, 14143}},
	{"uk_5lists", ref{"[12,13,15,24,25,35,45]", 11175, 9771, 12900}, ref{"[12,13,23,25,34]", 22991, 17991, 30142}},
	{"netherlands_6lists", ref{"[12,14,15,16,23,24,25,26,35,36,46,56]", 41561, 36297, 48025}, ref{"[12,16,25,34,36,45,46]", 116667, 97492, 141219}},
	{"netherlands_5lists", ref{"[12,14,15,23,24,25,35,45]", 46331, 40653, 53236}, ref{"[12,15,23,24,25,35,45]", 48013, 42185, 55075}},
	{"korea_3lists", ref{"[12,23]", 157.2, 129, 226}, ref{"[12,23]", 157.2, 129, 226}},               // N 157.2: MultipleSystemsEstimation paragraph
	{"rcapture_hiv", ref{"[12,3,4]", 12318.5, 10266, 14992}, ref{"[1,2,3,4]", 11124.6, 9532, 13114}}, // 12,318.5: "Other Rcapture outputs"; 11,124.6: MSE paragraph
	{"rcapture_lesbian", ref{"[124,134,23]", 9909, 7072, 14285}, ref{"[12,14,23,24,34]", 6349, 5422, 7536}},
	{"diabetes_bruno1994", ref{"[12,13,23,24,34]", 2771, 2528, 3104}, ref{"[13,24,34]", 2472.2, 2374, 2584}}, // 2,472.2: MSE paragraph
	{"dga_example_3lists", ref{"[12,23]", 758, 713, 814}, ref{"[12,3]", 731, 700, 766}},
	{"dga_example_5lists", ref{"[12,13,24,45]", 634, 602, 674}, ref{"[12,13,45]", 620, 593, 652}},
}

// Rows "Rcapture closedp.t best-AIC" and "best-BIC" (or "best-AIC/BIC")
// of the same table, over all 12 closedp.t models including the
// behavioural Mb and Mbh. Behavioural models have no profile interval:
// their references give none (lo = hi = 0).
var closedpRefs = []struct {
	data     string
	aic, bic ref
}{
	{"kosovo", ref{"Mth Chao (LB)", 8591, 8189, 9027}, ref{"Mth Chao (LB)", 8591, 8189, 9027}},
	{"uk_6lists", ref{"Mt", 12214, 10984, 13648}, ref{"Mt", 12214, 10984, 13648}},
	{"uk_5lists", ref{"Mth Chao (LB)", 13570, 12086, 15323}, ref{"Mt", 13444, 11985, 15166}},
	{"netherlands_6lists", ref{"Mth Chao (LB)", 54368, 49698, 59659}, ref{"Mt", 52824, 48542, 57648}},
	{"netherlands_5lists", ref{"Mt", 52924, 48613, 57785}, ref{"Mt", 52924, 48613, 57785}},
	{"rcapture_hiv", ref{"Mth Chao (LB)", 11701, 9898, 13985}, ref{"Mt", 11125, 9532, 13114}},
	{"rcapture_lesbian", ref{"Mth Darroch", 6964, 5826, 8398}, ref{"Mth Darroch", 6964, 5826, 8398}},
	{"diabetes_bruno1994", ref{"Mth Poisson2", 2421, 2353, 2497}, ref{"Mth Poisson2", 2421, 2353, 2497}},
	{"dga_example_3lists", ref{"Mth Poisson2", 675, 651, 705}, ref{"Mth Poisson2", 675, 651, 705}},
	{"dga_example_5lists", ref{"Mth Poisson2", 667, 627, 713}, ref{"Mt", 638, 611, 669}},
	// hare: 81.1 (71.8-93.8) from "Other Rcapture outputs"
	{"rcapture_hare", ref{"Mth Poisson2", 81.1, 71.8, 93.8}, ref{"Mh Poisson2", 82, 72, 95}},
	// "Mbh (behavioural; no profile CI available)", 76
	{"korea_3lists", ref{"Mbh", 76, 0, 0}, ref{"Mbh", 76, 0, 0}},
	// "Mb (behavioural; no profile CI)", 134
	{"artificial_3lists", ref{"Mb", 134, 0, 0}, ref{"Mb", 134, 0, 0}},
}

// checkRef compares an estimate with a reference: the point estimate to 4
// significant digits (or within the rounding of the reference when it is
// printed with fewer digits) and the interval ends within 1%.
func checkRef(t *testing.T, what string, m *ModelFit, r ref) {
	t.Helper()
	if m.Name != r.model {
		t.Errorf("%s: model %s, want %s", what, m.Name, r.model)
		return
	}
	// 4 significant digits; references printed to the unit agree when
	// they are within one unit (the printed figure is itself rounded).
	tol := math.Max(5e-5*r.n, 1)
	if r.n != math.Trunc(r.n) {
		tol = math.Max(5e-5*r.n, 0.05) // reference given to 0.1
	}
	if math.Abs(m.NHat-r.n) > tol {
		t.Errorf("%s %s: N = %.2f, want %.1f", what, m.Name, m.NHat, r.n)
	}
	if r.lo == 0 && r.hi == 0 {
		if !math.IsNaN(m.Lower) || !math.IsNaN(m.Upper) {
			t.Errorf("%s %s: interval [%.1f, %.1f], want none", what, m.Name, m.Lower, m.Upper)
		}
		return
	}
	if math.Abs(m.Lower-r.lo) > 0.01*r.lo || math.Abs(m.Upper-r.hi) > 0.01*r.hi {
		t.Errorf("%s %s: interval [%.1f, %.1f], want [%.0f, %.0f] within 1%%", what, m.Name, m.Lower, m.Upper, r.lo, r.hi)
	}
}

func TestLogLinearReferences(t *testing.T) {
	t.Parallel() // heavy: runs beside the other heavy tests
	for i, tc := range closedpMSRefs {
		t.Run(tc.data, func(t *testing.T) {
			shortFirst(t, i)
			tb := mustRead(t, tc.data)
			shortLists(t, tb)
			r, err := LogLinear(tb, LogLinearOptions{NoHeterogeneity: true})
			if err != nil {
				t.Fatal(err)
			}
			if r.BestAIC < 0 {
				t.Fatal("no usable model")
			}
			checkRef(t, "best AIC", &r.Models[r.BestAIC], tc.aic)
			checkRef(t, "best BIC", &r.Models[r.BestBIC], tc.bic)
		})
	}
}

func TestHeterogeneityReferences(t *testing.T) {
	for _, tc := range closedpRefs {
		t.Run(tc.data, func(t *testing.T) {
			tb := mustRead(t, tc.data)
			r, err := LogLinear(tb, LogLinearOptions{MaxOrder: 1})
			if err != nil {
				t.Fatal(err)
			}
			checkRef(t, "closedp best AIC", &r.Heterogeneity[r.HeterogeneityAIC], tc.aic)
			checkRef(t, "closedp best BIC", &r.Heterogeneity[r.HeterogeneityBIC], tc.bic)
		})
	}
}

func TestHierarchicalCount(t *testing.T) {
	// model counts: README "Reference runs" work column (8, 113, 1,024, 32,768)
	for _, tc := range []struct{ J, order, want int }{{3, 2, 8}, {4, 3, 113}, {5, 2, 1024}, {6, 2, 32768}} {
		if got := len(Hierarchical(tc.J, tc.order)); got != tc.want {
			t.Errorf("Hierarchical(%d, %d) = %d models, want %d", tc.J, tc.order, got, tc.want)
		}
	}
}

func TestArtificialNoMLE(t *testing.T) {
	// README: "[12,3] has no finite MLE, [12,13,23] is not identifiable";
	// Rcapture prints 1.39e13 for [12,3]. We must not.
	r, err := LogLinear(mustRead(t, "artificial_3lists"), LogLinearOptions{NoHeterogeneity: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range r.Models {
		switch m.Name {
		case "[12,3]":
			if m.NFinite || !math.IsInf(m.NHat, 1) || m.Usable {
				t.Errorf("[12,3]: NFinite=%v N=%v usable=%v, want no finite MLE", m.NFinite, m.NHat, m.Usable)
			}
		case "[12,13,23]":
			if m.Usable || m.Rank == m.design.p() {
				t.Errorf("[12,13,23]: usable=%v rank=%d, want not identifiable", m.Usable, m.Rank)
			}
		}
	}
	if r.BestAIC >= 0 && r.Models[r.BestAIC].Name == "[12,3]" {
		t.Error("[12,3] chosen as best")
	}
}

func TestLogLinearWorkersDeterministic(t *testing.T) {
	tb := mustRead(t, "uk_5lists")
	a, _ := LogLinear(tb, LogLinearOptions{Workers: 1, Intervals: -1})
	b, _ := LogLinear(tb, LogLinearOptions{Workers: 3, Intervals: -1})
	for i := range a.Models {
		if a.Models[i].Name != b.Models[i].Name || a.Models[i].NHat != b.Models[i].NHat {
			t.Fatalf("model %d differs with the number of workers: %s %v vs %s %v", i, a.Models[i].Name, a.Models[i].NHat, b.Models[i].Name, b.Models[i].NHat)
		}
	}
}
