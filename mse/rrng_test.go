package mse

import (
	"slices"
	"testing"
)

// Reference values printed by R 4.2.2 Patched (2022-11-10 r83330),
// default RNGkind, with
//
//	Rscript -e 'set.seed(1234); cat(sprintf("%.17g", runif(6)), sep=", ")'
//	Rscript -e 'set.seed(1234); x <- runif(700); cat(sprintf("%.17g", x[624:626]), sep=", ")'
func TestRRNGUnif(t *testing.T) {
	want := []float64{0.11370341130532324, 0.62229940481483936, 0.60927473288029432,
		0.62337944167666137, 0.86091538355685771, 0.64031060528941453}
	g := newRStream(1234)
	for i, w := range want {
		if u := g.uniform(); u != w {
			t.Errorf("unif %d = %.17g, R %.17g", i+1, u, w)
		}
	}
	// across the first regeneration of the state
	g = newRStream(1234)
	for range 623 {
		g.uniform()
	}
	for i, w := range []float64{0.82551192888058722, 0.33661401900462806, 0.93152059172280133} {
		if u := g.uniform(); u != w {
			t.Errorf("unif %d = %.17g, R %.17g", 624+i, u, w)
		}
	}
}

// One stream through inversion and BTPE, including its squeeze and
// Stirling test (n p q large), compared with R 4.2.2:
//
//	Rscript -e 'set.seed(42); cat(rbinom(12, 1000, 0.3), sep=", "); cat(rbinom(12, 100000, 0.6), sep=", ");
//	  cat(rbinom(12, 50, 0.1), sep=", "); cat(rbinom(12, 2000000, 0.45), sep=", ")'
func TestRRNGBinom(t *testing.T) {
	g := newRStream(42)
	for _, tc := range []struct {
		n    int
		p    float64
		want []int
	}{
		{1000, 0.3, []int{289, 313, 287, 308, 299, 262, 293, 304, 323, 329, 289, 291}},
		{100000, 0.6, []int{60082, 59944, 60058, 60279, 60067, 59977, 60312, 60130, 59894, 60372, 59968, 60087}},
		{50, 0.1, []int{2, 6, 6, 3, 4, 5, 6, 10, 6, 5, 7, 3}},
		{2000000, 0.45, []int{899277, 901044, 899871, 899703, 899294, 899437, 901047, 900944, 899737, 900338, 899704, 901362}},
	} {
		got := make([]int, len(tc.want))
		for i := range got {
			got[i] = g.binomial(tc.n, tc.p)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("rbinom(%d, %v) = %v, R %v", tc.n, tc.p, got, tc.want)
		}
	}
}

// R 4.2.2: Rscript -e 'set.seed(7); print(rmultinom(3, 500, c(3,0,10,200,1,0,40)))'
func TestRRNGMultinom(t *testing.T) {
	g := newRStream(7)
	m := newRMultinomial([]float64{3, 0, 10, 200, 1, 0, 40})
	want := [][]int{{12, 0, 18, 388, 1, 0, 81}, {8, 0, 18, 384, 1, 0, 89}, {8, 0, 14, 386, 2, 0, 90}}
	out := make([]int, 7)
	for i, w := range want {
		m.draw(g, 500, out)
		if !slices.Equal(out, w) {
			t.Errorf("draw %d = %v, R %v", i+1, out, w)
		}
	}
}

// The stream draws SparseMSE's own bootstrap tables: set.seed(1234), then
// rmultinom(1, n, count) per replicate over the CSV's rows
// (testdata/sparsemse_boot).
func TestRRNGSparseMSETables(t *testing.T) {
	for _, tc := range stepwiseRefs {
		t.Run(tc.data, func(t *testing.T) {
			tb := mustRead(t, tc.data)
			reps := readBootTables(t, tc.data)
			tables := bootTables(tb, 1234, len(reps))
			k := len(tb.Patterns)
			for b, rep := range reps {
				for i, v := range rep {
					if got := tables[b*k+i]; float64(got) != v {
						t.Fatalf("replicate %d row %d: %d, R %v", b+1, i+1, got, v)
					}
				}
			}
		})
	}
}
