package mse

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// TestSumStrataNormal sums three strata whose draws are normal, drawn
// from one stream so that they are correlated index by index (as strata
// resampled with the same seed are): the total's quantiles must be those
// of the sum of independent normals, N(Σμ, Σσ²), not of the index-wise
// sum (whose sd is Σσ). One stratum has fewer draws than the others.
// Tolerance 0.06 σ: three standard errors of a 2.5% quantile of 20,000
// draws (σ √(0.025 · 0.975 / R) / φ(1.96) ≈ 0.019 σ).
func TestSumStrataNormal(t *testing.T) {
	mu := []float64{1000, 2500, 400}
	sd := []float64{80, 200, 60}
	R := []int{20000, 20000, 5000}
	var strata []Stratum
	for s := range mu {
		g := rand.New(rand.NewPCG(7, 7)) // the same stream for every stratum
		d := make([]float64, R[s])
		for i := range d {
			d[i] = mu[s] + sd[s]*g.NormFloat64()
		}
		strata = append(strata, Stratum{NHat: mu[s], Draws: d})
	}
	m, v := 0.0, 0.0
	for s := range mu {
		m += mu[s]
		v += sd[s] * sd[s]
	}
	want := distuv.Normal{Mu: m, Sigma: math.Sqrt(v)}
	for _, post := range []bool{false, true} {
		got, err := SumStrata(strata, post, 1)
		if err != nil {
			t.Fatal(err)
		}
		tol := 0.06 * want.Sigma
		for _, c := range []struct {
			name      string
			got, want float64
		}{
			{"lower", got.Lower, want.Quantile(0.025)},
			{"upper", got.Upper, want.Quantile(0.975)},
			{"n-hat", got.NHat, m},
		} {
			if math.Abs(c.got-c.want) > tol {
				t.Errorf("posterior=%v: %s = %.1f, want %.1f ± %.1f", post, c.name, c.got, c.want, tol)
			}
		}
		if got.Draws != 20000 || got.Strata != 3 {
			t.Errorf("draws %d strata %d, want 20000 and 3", got.Draws, got.Strata)
		}
	}
}

func TestSumStrataErrors(t *testing.T) {
	for name, strata := range map[string][]Stratum{
		"none":     nil,
		"no draws": {{NHat: 10, Draws: []float64{9, 11}}, {NHat: 5}},
	} {
		if _, err := SumStrata(strata, false, 1); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	// a replicate without an estimate counts as unbounded
	d := make([]float64, 100)
	for i := range d {
		d[i] = 100
	}
	for i := range 10 {
		d[i] = math.NaN()
	}
	got, err := SumStrata([]Stratum{{NHat: 100, Draws: d}}, false, 1)
	if err != nil {
		t.Fatal(err)
	}
	if !math.IsInf(got.Upper, 1) || got.Lower != 100 {
		t.Errorf("with 10%% unbounded replicates: [%v, %v], want [100, +Inf]", got.Lower, got.Upper)
	}
}

// stratifiedPopulation captures the persons of each stratum on three
// lists independently, with the stratum's probabilities, and returns
// each stratum's table.
func stratifiedPopulation(g *rand.Rand, sizes []int, p [][3]float64) []*Table {
	var out []*Table
	for s, n := range sizes {
		counts := make([]int64, 8)
		for range n {
			pat := 0
			for j := range 3 {
				if g.Float64() < p[s][j] {
					pat |= 1 << j
				}
			}
			counts[pat]++
		}
		counts[0] = 0
		t, err := NewTable([]string{"A", "B", "C"}, counts)
		if err != nil {
			panic(err)
		}
		out = append(out, t)
	}
	return out
}

var (
	strataSizes = []int{500, 1000, 2000}
	strataProbs = [][3]float64{{0.3, 0.4, 0.35}, {0.5, 0.2, 0.3}, {0.25, 0.3, 0.45}}
)

// independence returns the fitted independence model of t.
func independence(tb testing.TB, t *Table) *ModelFit {
	tb.Helper()
	r, err := LogLinear(t, LogLinearOptions{MaxOrder: 1, NoHeterogeneity: true, Intervals: -1})
	if err != nil {
		tb.Fatal(err)
	}
	if len(r.Models) != 1 {
		tb.Fatalf("%d models at order 1", len(r.Models))
	}
	return &r.Models[0]
}

// TestStrataBootstrapMonteCarlo checks the stratum-wise bootstrap
// interval of a total against the sampling distribution of the summed
// estimate computed directly: the same stratified population (500, 1,000
// and 2,000 persons, three lists captured independently with
// probabilities that differ by stratum) captured 1,000 times afresh, each
// stratum estimated by the independence model, the estimates summed. The
// bootstrap of one capture must give an interval whose width is that of
// the direct 2.5–97.5% range within 10% (the Monte Carlo error of each
// end of 1,000 draws is about 3%), and the point must be the sum of the
// strata's estimates. Every stratum is resampled with the same seed,
// which correlates their replicates index by index: SumStrata must order
// them independently.
func TestStrataBootstrapMonteCarlo(t *testing.T) {
	if testing.Short() {
		t.Skip("1,000 captures")
	}
	g := rand.New(rand.NewPCG(14, 1))
	var mc []float64
	for range 1000 {
		sum := 0.0
		for _, tab := range stratifiedPopulation(g, strataSizes, strataProbs) {
			sum += independence(t, tab).NHat
		}
		mc = append(mc, sum)
	}
	slices.Sort(mc)
	mcLo, mcHi := quantile(mc, 0.025), quantile(mc, 0.975)

	tabs := stratifiedPopulation(rand.New(rand.NewPCG(14, 2)), strataSizes, strataProbs)
	var strata []Stratum
	point := 0.0
	for _, tab := range tabs {
		m := independence(t, tab)
		reps, err := m.Replicates(tab, 1000, 5)
		if err != nil {
			t.Fatal(err)
		}
		strata = append(strata, Stratum{NHat: m.NHat, Draws: reps})
		point += m.NHat
	}
	got, err := SumStrata(strata, false, 1)
	if err != nil {
		t.Fatal(err)
	}
	if got.NHat != point {
		t.Errorf("n-hat %v, want the sum of the strata's %v", got.NHat, point)
	}
	w, mw := got.Upper-got.Lower, mcHi-mcLo
	t.Logf("bootstrap %.0f [%.0f, %.0f] width %.0f; direct Monte Carlo [%.0f, %.0f] width %.0f; truth 3500", got.NHat, got.Lower, got.Upper, w, mcLo, mcHi, mw)
	if math.Abs(w-mw) > 0.10*mw {
		t.Errorf("bootstrap width %.0f, direct Monte Carlo %.0f: more than 10%% apart", w, mw)
	}
	if !(got.Lower <= 3500 && 3500 <= got.Upper) {
		t.Errorf("interval [%.0f, %.0f] misses the true 3,500", got.Lower, got.Upper)
	}
}

// TestSumStrataDGA checks the sum of dga posteriors against their exact
// convolution: the strata are independent, so the posterior of the total
// is the convolution of theirs, computed here on the whole grid. Sample
// draws 20,000 values from each stratum's posterior and SumStrata sums
// them; the median and 95% interval must match the convolution's within
// 1% (the Monte Carlo error of a 2.5% quantile of 20,000 draws is about
// 0.3% of these totals).
func TestSumStrataDGA(t *testing.T) {
	tabs := stratifiedPopulation(rand.New(rand.NewPCG(14, 3)), []int{300, 200, 400}, strataProbs)
	var strata []Stratum
	conv := []float64{1} // P(total = offset + i)
	offset := 0.0
	for s, tab := range tabs {
		r, err := DGA(tab, DGAOptions{})
		if err != nil {
			t.Fatal(err)
		}
		d, err := r.Sample(20000, uint64(s))
		if err != nil {
			t.Fatal(err)
		}
		strata = append(strata, Stratum{NHat: r.Median, Draws: d})
		// the exhaustive grid is every count 0 … MaxMissing
		for i, x := range r.Missing {
			if x != float64(i) {
				t.Fatalf("grid point %d is %v", i, x)
			}
		}
		next := make([]float64, len(conv)+len(r.Posterior)-1)
		for i, a := range conv {
			for j, b := range r.Posterior {
				next[i+j] += a * b
			}
		}
		conv, offset = next, offset+float64(r.N)
	}
	exact := func(p float64) float64 {
		acc, tot := 0.0, 0.0
		for _, v := range conv {
			tot += v
		}
		for i, v := range conv {
			if acc += v / tot; acc >= p {
				return offset + float64(i)
			}
		}
		return math.NaN()
	}
	got, err := SumStrata(strata, true, 1)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name      string
		got, want float64
	}{{"median", got.NHat, exact(0.5)}, {"lower", got.Lower, exact(0.025)}, {"upper", got.Upper, exact(0.975)}} {
		if math.Abs(c.got-c.want) > 0.01*c.want {
			t.Errorf("%s %.1f, exact convolution %.0f", c.name, c.got, c.want)
		}
	}
}

// TestDGASampleErrors: a result without a posterior cannot be sampled.
func TestDGASampleErrors(t *testing.T) {
	if _, err := (&DGAResult{}).Sample(10, 1); err == nil {
		t.Error("no error without a posterior")
	}
}

func TestReplicatesErrors(t *testing.T) {
	tab := mustRead(t, "rcapture_hiv")
	if _, err := (&ModelFit{Name: "[1,2]"}).Replicates(tab, 10, 1); err == nil {
		t.Error("a model never fitted: no error")
	}
	if _, err := (&ModelFit{Name: "Mb", Behavioural: true}).Replicates(tab, 10, 1); err == nil {
		t.Error("a behavioural model: no error")
	}
	m := independence(t, tab)
	if _, err := m.Replicates(tab, 0, 1); err == nil {
		t.Error("no replicates: no error")
	}
	a, err := m.Replicates(tab, 50, 3)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := m.Replicates(tab, 50, 3)
	if !slices.Equal(a, b) {
		t.Error("the same seed gave other replicates")
	}
}
