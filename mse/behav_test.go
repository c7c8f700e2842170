package mse

import (
	"math"
	"math/bits"
	"slices"
	"testing"
)

// TestBehaviouralExact fits Mb and Mbh to the expected counts of their own
// models, where the fit is exact: N-hat must be the N that made them.
// Capture probabilities: p before the first capture, c after it, and for
// Mbh p1 at the first occasion (Rivest and Lévesque 2001).
func TestBehaviouralExact(t *testing.T) {
	const N = 1000.0
	for _, tc := range []struct {
		name      string
		J         int
		p1, p, c  float64
		wantModel string
	}{
		{"Mb 3 lists", 3, 0.3, 0.3, 0.5, "Mb"},
		{"Mb 5 lists", 5, 0.2, 0.2, 0.1, "Mb"},
		{"Mbh 3 lists", 3, 0.6, 0.25, 0.4, "Mbh"},
		{"Mbh 6 lists", 6, 0.1, 0.3, 0.2, "Mbh"},
		{"Mb 2 lists", 2, 0.4, 0.4, 0.7, "Mb"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			y := make([]float64, 1<<tc.J)
			var n float64
			for c := 1; c < len(y); c++ {
				f := bits.TrailingZeros32(uint32(c)) // occasions before the first capture
				k := popcount(uint32(c))
				first := tc.p1
				if f > 0 {
					first = (1 - tc.p1) * math.Pow(1-tc.p, float64(f-1)) * tc.p
				}
				y[c] = N * first * math.Pow(tc.c, float64(k-1)) * math.Pow(1-tc.c, float64(tc.J-1-f-(k-1)))
				n += y[c]
			}
			f := newFitter(tc.J, y)
			var got *ModelFit
			for _, s := range closedModels(tc.J) {
				if s.name == tc.wantModel {
					m := fitClosed(f, s, n)
					got = &m
				}
			}
			if got == nil {
				t.Fatalf("no model %s among the closedp models", tc.wantModel)
			}
			if math.Abs(got.NHat-N) > 1e-6*N || got.Deviance > 1e-6 {
				t.Errorf("%s: N = %.6f (deviance %.2g), want %v", got.Name, got.NHat, got.Deviance, N)
			}
			if !got.Behavioural || !got.Usable {
				t.Errorf("%s: behavioural %v usable %v %v", got.Name, got.Behavioural, got.Usable, got.Warnings)
			}
		})
	}
}

// Rcapture closedp.t fits 12 models, in this order, and only M0, Mt and Mb
// with two occasions ("When there is 2 capture occasions, only models M0,
// Mt and Mb are fitted"). Mb and Mbh get no profile interval.
func TestClosedpModelList(t *testing.T) {
	for _, tc := range []struct {
		data string
		want []string
	}{
		{"korea_3lists", []string{"M0", "Mt", "Mh Chao (LB)", "Mh Poisson2", "Mh Darroch", "Mh Gamma3.5",
			"Mth Chao (LB)", "Mth Poisson2", "Mth Darroch", "Mth Gamma3.5", "Mb", "Mbh"}},
		{"two lists", []string{"M0", "Mt", "Mb"}},
	} {
		t.Run(tc.data, func(t *testing.T) {
			var tb *Table
			if tc.data == "two lists" {
				var err error
				tb, err = NewTable([]string{"A", "B"}, []int64{0, 60, 40, 15})
				if err != nil {
					t.Fatal(err)
				}
			} else {
				tb = mustRead(t, tc.data)
			}
			r, err := LogLinear(tb, LogLinearOptions{MaxOrder: 1, Intervals: -1})
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, m := range r.Heterogeneity {
				names = append(names, m.Name)
				if m.Behavioural != (m.Name == "Mb" || m.Name == "Mbh") {
					t.Errorf("%s: Behavioural = %v", m.Name, m.Behavioural)
				}
				if m.Behavioural && (!math.IsNaN(m.Lower) || !math.IsNaN(m.Upper)) {
					t.Errorf("%s: interval [%v, %v], want none", m.Name, m.Lower, m.Upper)
				}
			}
			if !slices.Equal(names, tc.want) {
				t.Errorf("models %q, want %q", names, tc.want)
			}
		})
	}
}
