package mse

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestBoundedFindsExhaustiveBest runs the greedy search where the
// exhaustive one is feasible, against the exhaustive references of
// TestLogLinearReferences (README "Reference runs", closedpMS.t rows).
// On most tables it reaches the same best models; where it stops at
// another local optimum (local names which) that model can only be worse
// by the criterion than the exhaustive best.
func TestBoundedFindsExhaustiveBest(t *testing.T) {
	local := map[string]string{
		"uk_5lists":          "bic",
		"netherlands_6lists": "bic",
	}
	for _, tc := range closedpMSRefs {
		t.Run(tc.data, func(t *testing.T) {
			tb := mustRead(t, tc.data)
			shortLists(t, tb)
			ex, err := LogLinear(tb, LogLinearOptions{NoHeterogeneity: true, Intervals: -1})
			if err != nil {
				t.Fatal(err)
			}
			r, err := LogLinear(tb, LogLinearOptions{Bounded: true, NoHeterogeneity: true})
			if err != nil {
				t.Fatal(err)
			}
			if r.Exhaustive || !strings.Contains(r.Search, "not exhaustive") {
				t.Errorf("Exhaustive = %v, Search = %q: want a bounded search that says so", r.Exhaustive, r.Search)
			}
			if tb.J() > 3 && len(r.Models) >= len(ex.Models) {
				t.Errorf("fitted %d models, the exhaustive search fits %d", len(r.Models), len(ex.Models))
			}
			for _, c := range []struct {
				name     string
				got, all *ModelFit
				want     ref
				crit     func(*ModelFit) float64
			}{
				{"aic", &r.Models[r.BestAIC], &ex.Models[ex.BestAIC], tc.aic, func(m *ModelFit) float64 { return m.AIC }},
				{"bic", &r.Models[r.BestBIC], &ex.Models[ex.BestBIC], tc.bic, func(m *ModelFit) float64 { return m.BIC }},
			} {
				if strings.Contains(local[tc.data], c.name) {
					if c.got.Name == c.all.Name || c.crit(c.got) < c.crit(c.all) {
						t.Errorf("best %s: %s (%.3f) against the exhaustive %s (%.3f): want a worse local optimum", c.name, c.got.Name, c.crit(c.got), c.all.Name, c.crit(c.all))
					}
					continue
				}
				checkRef(t, "best "+c.name, c.got, c.want)
			}
		})
	}
}

// TestBoundedBeyondExhaustive: 8 lists at order 2 are 2^28 models, which
// LogLinear used to refuse ("too many models at order 2"); now it
// searches and says that it did not fit them all.
func TestBoundedBeyondExhaustive(t *testing.T) {
	tb := mustRead(t, "neworleans_8lists")
	r, err := LogLinear(tb, LogLinearOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Exhaustive || !strings.Contains(r.Search, "268,435,456") {
		t.Errorf("search %q, exhaustive %v", r.Search, r.Exhaustive)
	}
	if r.BestBIC < 0 {
		t.Fatal("no usable model")
	}
	b := r.Models[r.BestBIC]
	if !b.Usable || math.IsNaN(b.Lower) || b.Lower > b.NHat || b.Upper < b.NHat || b.NHat < float64(tb.N()) {
		t.Errorf("best BIC %s", b.String())
	}
	// every model visited is hierarchical and has main effects
	for _, m := range r.Models {
		for _, tm := range m.Terms {
			if tm.Order() > 2 {
				t.Errorf("%s: term of order %d beyond the maximum order 2", m.Name, tm.Order())
			}
		}
	}
}

func TestSearchNeighbours(t *testing.T) {
	// [12,3] on 3 lists, order 3: add 13, 23 (not 123: 13 and 23 are
	// missing), drop 12.
	nb := searchNeighbours(3, 3, []Term{3})
	var got []string
	for _, m := range nb {
		got = append(got, Bracket(3, m))
	}
	want := "[12,13] [12,23] [1,2,3]"
	if strings.Join(got, " ") != want {
		t.Errorf("neighbours of [12,3]: %v, want %s", got, want)
	}
	// [12,13,23]: add 123, drop any pair.
	nb = searchNeighbours(3, 3, []Term{3, 5, 6})
	got = got[:0]
	for _, m := range nb {
		got = append(got, Bracket(3, m))
	}
	want = "[123] [13,23] [12,23] [12,13]"
	if strings.Join(got, " ") != want {
		t.Errorf("neighbours of [12,13,23]: %v, want %s", got, want)
	}
	// [123]: drop 123 only (the pairs are in it).
	nb = searchNeighbours(3, 3, []Term{3, 5, 6, 7})
	if len(nb) != 1 || Bracket(3, nb[0]) != "[12,13,23]" {
		t.Errorf("neighbours of [123]: %v", nb)
	}
}

// syntheticTable draws a J-list table: N units with heterogeneous
// capture probabilities (two classes) and lists 1 and 2 positively
// dependent. The same seed gives the same table.
func syntheticTable(tb testing.TB, J, N int, seed uint64) *Table {
	tb.Helper()
	r := rand.New(rand.NewPCG(seed, 7))
	counts := make([]int64, 1<<J)
	for i := 0; i < N; i++ {
		base := 0.08
		if r.Float64() < 0.3 {
			base = 0.25
		}
		var p uint32
		for j := 0; j < J; j++ {
			q := base * (0.6 + 0.8*float64(j%3)/2)
			if j == 1 && p&1 != 0 {
				q = math.Min(1, 3*q)
			}
			if r.Float64() < q {
				p |= 1 << j
			}
		}
		counts[p]++
	}
	lists := make([]string, J)
	for j := range lists {
		lists[j] = "L" + string(rune('A'+j))
	}
	t, err := NewTable(lists, counts)
	if err != nil {
		tb.Fatal(err)
	}
	return t
}

func TestBoundedTwelveLists(t *testing.T) {
	if testing.Short() {
		t.Skip("fits a few hundred models on 4,096 cells")
	}
	tb := syntheticTable(t, 12, 3000, 1)
	r, err := LogLinear(tb, LogLinearOptions{NoHeterogeneity: true})
	if err != nil {
		t.Fatal(err)
	}
	if r.Exhaustive || r.BestBIC < 0 {
		t.Fatalf("exhaustive %v, best %d", r.Exhaustive, r.BestBIC)
	}
	b := r.Models[r.BestBIC]
	// The table was drawn with lists 1 and 2 dependent: the search must
	// find that interaction.
	if !strings.Contains(b.Name, "12") {
		t.Errorf("best BIC %s lacks the interaction 12 the data were drawn with", b.Name)
	}
	t.Logf("%d models fitted; best BIC %s", len(r.Models), b.String())
}

// TestBiasMasks checks the fast asymptotic bias of mask designs against
// the definition, cell by cell: bias = -exp(b0)/2 (V psi)_0 with
// psi = X' diag(mu) h - e_0 and h_c = x_c' V x_c.
func TestBiasMasks(t *testing.T) {
	tb := mustRead(t, "uk_5lists")
	f := newFitter(tb.J(), tb.cells())
	for _, spec := range Hierarchical(tb.J(), 2)[:200] {
		f.in[0] = false
		f.setDesign(hierDesign(tb.J(), spec))
		f.fit(false)
		if f.rank < f.p {
			continue
		}
		v := f.covariance()
		p := f.p
		x := make([]float64, p)
		psi := make([]float64, p)
		for c := 1; c < f.nc; c++ {
			f.row(c, x)
			var h float64
			for i := 0; i < p; i++ {
				for j := 0; j < p; j++ {
					h += x[i] * v[i*p+j] * x[j]
				}
			}
			for i := 0; i < p; i++ {
				psi[i] += x[i] * f.mu[c] * h
			}
		}
		psi[0]--
		var s float64
		for j := 0; j < p; j++ {
			s += v[j] * psi[j]
		}
		want := -0.5 * math.Exp(f.beta[0]) * s
		if got := f.biasMasks(v); math.Abs(got-want) > 1e-9*math.Max(1, math.Abs(want)) {
			t.Fatalf("%s: bias %v, want %v", Bracket(tb.J(), spec), got, want)
		}
	}
}
