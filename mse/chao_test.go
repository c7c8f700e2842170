package mse

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
)

// TestChaoEqualsMhChao: Chao's lower bound is the N-hat of Rcapture's Mh
// Chao (LB) when no eta is negative (Rivest and Baillargeon 2007); our
// Mh Chao reproduces Rcapture's closedp.t (TestHeterogeneityReferences).
// On lesbian and the dga 5-list example no eta is dropped.
func TestChaoEqualsMhChao(t *testing.T) {
	for _, name := range []string{"rcapture_lesbian", "dga_example_5lists"} {
		tb := mustRead(t, name)
		lb, err := LowerBound(tb, LowerBoundOptions{Bootstrap: -1})
		if err != nil {
			t.Fatal(err)
		}
		cp, err := Closedp(tb, ClosedpOptions{})
		if err != nil {
			t.Fatal(err)
		}
		mh := cp.Models[2]
		if mh.Name != "Mh Chao (LB)" || math.Abs(lb.Chao-mh.NHat) > 1e-6*mh.NHat {
			t.Errorf("%s: Chao %.4f, %s %.4f", name, lb.Chao, mh.Name, mh.NHat)
		}
		if !(lb.ChaoLower >= float64(tb.N()) && lb.ChaoLower < lb.Chao && lb.ChaoUpper > lb.Chao) {
			t.Errorf("%s: interval [%v, %v] around %v", name, lb.ChaoLower, lb.ChaoUpper, lb.Chao)
		}
	}
}

func TestChaoFormula(t *testing.T) {
	// 3 lists: A 20, B 20, AB 10, C 20, ABC 5; f1 = 60, f2 = 10, f3 = 5.
	tb, err := NewTable([]string{"A", "B", "C"}, []int64{0, 20, 20, 10, 20, 0, 0, 5})
	if err != nil {
		t.Fatal(err)
	}
	r, err := LowerBound(tb, LowerBoundOptions{Bootstrap: -1})
	if err != nil {
		t.Fatal(err)
	}
	if r.F[1] != 60 || r.F[2] != 10 || r.F[3] != 5 {
		t.Fatalf("f = %v", r.F)
	}
	// N = 75 + (2/3)·3600/20 = 195;
	// var = 10 (2/3·36/2 + 4/9·216 + 4/9·1296/4) = 10 (12 + 96 + 144) = 2520
	if math.Abs(r.Chao-195) > 1e-9 || math.Abs(r.ChaoSE-math.Sqrt(2520)) > 1e-9 {
		t.Errorf("Chao %v se %v, want 195 and sqrt(2520)", r.Chao, r.ChaoSE)
	}
	T := 120.0
	K := math.Exp(1.959963984540054 * math.Sqrt(math.Log(1+2520/(T*T))))
	if math.Abs(r.ChaoLower-(75+T/K)) > 1e-9 || math.Abs(r.ChaoUpper-(75+T*K)) > 1e-9 {
		t.Errorf("interval [%v, %v]", r.ChaoLower, r.ChaoUpper)
	}
}

// expectedTable returns 1000 times the expected counts of N units in
// classes (weight, capture probabilities per list), lists independent
// within a class.
func expectedTable(t *testing.T, N float64, classes []struct {
	w float64
	p []float64
}) *Table {
	t.Helper()
	J := len(classes[0].p)
	counts := make([]int64, 1<<J)
	for c := 1; c < 1<<J; c++ {
		var e float64
		for _, cl := range classes {
			x := cl.w * N
			for j, p := range cl.p {
				if c&(1<<j) != 0 {
					x *= p
				} else {
					x *= 1 - p
				}
			}
			e += x
		}
		counts[c] = int64(math.Round(1000 * e))
	}
	lists := []string{"A", "B", "C", "D", "E", "F", "G", "H"}[:J]
	tb, err := NewTable(lists, counts)
	if err != nil {
		t.Fatal(err)
	}
	return tb
}

func TestSampleCoverage(t *testing.T) {
	type class = struct {
		w float64
		p []float64
	}
	// Independent lists, no heterogeneity: N̂0 is exact in expectation.
	tb := expectedTable(t, 1000, []class{{1, []float64{0.3, 0.2, 0.4, 0.25}}})
	r, err := LowerBound(tb, LowerBoundOptions{Bootstrap: -1})
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(r.Coverage0-1e6) > 1e-3*1e6 || math.Abs(r.Coverage1-1e6) > 0.01*1e6 || math.Abs(r.CCV) > 0.01 {
		t.Errorf("independent: N0 %.0f N1 %.0f CCV %.4f, want 1,000,000 and 0", r.Coverage0, r.Coverage1, r.CCV)
	}
	// Heterogeneity shared by the lists (two classes): N̂0 falls short,
	// the corrected N̂1 comes closer, and Chao's bound stays below N.
	for _, J := range []int{3, 5} {
		lo, hi := make([]float64, J), make([]float64, J)
		for j := range lo {
			lo[j], hi[j] = 0.1+0.02*float64(j), 0.5+0.05*float64(j)
		}
		tb = expectedTable(t, 1000, []class{{0.6, lo}, {0.4, hi}})
		r, err = LowerBound(tb, LowerBoundOptions{Bootstrap: -1})
		if err != nil {
			t.Fatal(err)
		}
		N := 1e6
		if !(r.Coverage0 < N && math.Abs(r.Coverage1-N) < math.Abs(r.Coverage0-N) && r.CCV > 0) {
			t.Errorf("%d lists, heterogeneous: N0 %.0f N1 %.0f CCV %.3f; want N0 < N and N1 closer to N = %.0f", J, r.Coverage0, r.Coverage1, r.CCV, N)
		}
		if r.Chao > N {
			t.Errorf("%d lists: Chao's lower bound %.0f above N", J, r.Chao)
		}
		t.Logf("%d lists: N0 %.0f N1 %.0f Chao %.0f (N %.0f)", J, r.Coverage0, r.Coverage1, r.Chao, N)
	}
}

func TestLowerBoundBootstrap(t *testing.T) {
	tb := mustRead(t, "kosovo")
	a, err := LowerBound(tb, LowerBoundOptions{Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := LowerBound(tb, LowerBoundOptions{Seed: 3})
	if a.CoverageLower != b.CoverageLower || a.CoverageUpper != b.CoverageUpper {
		t.Error("same seed, different interval")
	}
	if a.Bootstrap != 200 || !(a.CoverageLower >= float64(tb.N()) && a.CoverageLower < a.Coverage1 && a.CoverageUpper > a.Coverage1) {
		t.Errorf("bootstrap %d, interval [%v, %v] around %v", a.Bootstrap, a.CoverageLower, a.CoverageUpper, a.Coverage1)
	}
	t.Logf("kosovo: Chao %.0f [%.0f, %.0f]; coverage %.3f N0 %.0f N1 %.0f [%.0f, %.0f]", a.Chao, a.ChaoLower, a.ChaoUpper, a.Coverage, a.Coverage0, a.Coverage1, a.CoverageLower, a.CoverageUpper)
}

// TestLowerBoundManyLists: the bounds need no dense table, so they run on
// the 30 lists of the meadow voles.
func TestLowerBoundManyLists(t *testing.T) {
	tb := mustRead(t, "rcapture_mvole")
	r, err := LowerBound(tb, LowerBoundOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Lists != 30 || !(r.Chao >= float64(tb.N())) || math.IsNaN(r.Coverage1) {
		t.Errorf("mvole: %+v", r)
	}
}

// TestLowerBoundJSON: a result without bootstrap (NaN interval) still
// marshals, NaN as null, as stored estimates need.
func TestLowerBoundJSON(t *testing.T) {
	r, err := LowerBound(mustRead(t, "korea_3lists"), LowerBoundOptions{Bootstrap: -1})
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"CoverageSE":null`) || !strings.Contains(string(b), `"Chao":`) {
		t.Errorf("json %s", b)
	}
}

// TestSampleCoverageOneStep checks N̂1 on the Korea 3-list table against
// Chao et al. (2001), eq. 13, written out here cell by cell for three
// lists b, c, d (z_bcd the units on exactly those lists): Ĉ = 1 − (1/3)
// (z100/n_b + z010/n_c + z001/n_d), D = (1/3) Σ_k (M − Z_k),
// γ_jk(N) = N n_jk/(n_j n_k) − 1, one step N̂(N) = D/Ĉ + (1/(3Ĉ)) Σ_{j<k}
// (Z_j + Z_k + 2 Z_jk) γ_jk(N), taken twice from D/Ĉ as the authors'
// CARE1 package does (estN, method "LSC"). Before issue 14 reckon
// weighted the pairs by (n_j + n_k)(1 − n_l/N) and took the step once:
// 148 here against the paper's form 180.
func TestSampleCoverageOneStep(t *testing.T) {
	tb := mustRead(t, "korea_3lists")
	z := map[string]float64{}
	for i, p := range tb.Patterns {
		z[tb.PatternString(p)] = float64(tb.Counts[i])
	}
	nb := z["100"] + z["101"] + z["110"] + z["111"]
	nc := z["010"] + z["011"] + z["110"] + z["111"]
	nd := z["001"] + z["011"] + z["101"] + z["111"]
	M := tb.N()
	C := 1 - (z["100"]/nb+z["010"]/nc+z["001"]/nd)/3
	D := (3*float64(M) - z["100"] - z["010"] - z["001"]) / 3
	step := func(N float64) float64 {
		gbc := N*(z["110"]+z["111"])/(nb*nc) - 1
		gbd := N*(z["101"]+z["111"])/(nb*nd) - 1
		gcd := N*(z["011"]+z["111"])/(nc*nd) - 1
		y := (z["100"]+z["010"]+2*z["110"])*gbc + (z["100"]+z["001"]+2*z["101"])*gbd + (z["010"]+z["001"]+2*z["011"])*gcd
		return D/C + y/(3*C)
	}
	want := step(step(D / C))
	r, err := LowerBound(tb, LowerBoundOptions{Bootstrap: -1})
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(r.Coverage0-D/C) > 1e-9*D/C || math.Abs(r.Coverage1-want) > 1e-9*want {
		t.Errorf("N0 %.4f N1 %.4f, want %.4f and %.4f", r.Coverage0, r.Coverage1, D/C, want)
	}
	if math.Abs(want-180.0) > 0.05 {
		t.Errorf("the written-out form gives %.3f, not 180.0", want)
	}
}
