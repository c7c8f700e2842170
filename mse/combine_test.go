package mse

import (
	"math"
	"testing"
)

func TestRubin(t *testing.T) {
	// Reference values computed by hand (Python, math module) from the
	// formulas of Rubin (1987, ch. 3) on the log scale.
	draws := []Draw{{1000, 900, 1150}, {1100, 980, 1260}, {1050, 940, 1190}, {980, 870, 1120}}
	c := Rubin(draws)
	const tol = 1e-9
	if c.Draws != 4 || math.Abs(c.NHat-1031.4591076479699) > 1e-6 ||
		math.Abs(c.Within-0.003947919331641871) > tol || math.Abs(c.Between-0.0026783345949066527) > tol ||
		math.Abs(c.DF-14.24694935813914) > 1e-6 {
		t.Fatalf("got %+v", c)
	}
	// t quantiles at 14 and 15 degrees of freedom (2.1448, 2.1314, from
	// any table) bracket the one at 14.25.
	T := c.Within + 1.25*c.Between
	for _, b := range []struct {
		name string
		got  float64
		lo   float64
		hi   float64
	}{
		{"lower", c.Lower, math.Exp(6.938729688146196 - 2.1448*math.Sqrt(T)), math.Exp(6.938729688146196 - 2.1314*math.Sqrt(T))},
		{"upper", c.Upper, math.Exp(6.938729688146196 + 2.1314*math.Sqrt(T)), math.Exp(6.938729688146196 + 2.1448*math.Sqrt(T))},
	} {
		if b.got < b.lo || b.got > b.hi {
			t.Errorf("%s %v outside [%v, %v]", b.name, b.got, b.lo, b.hi)
		}
	}

	for _, tc := range []struct {
		name  string
		draws []Draw
		want  Combined
	}{
		{"none", nil, Combined{NHat: math.NaN(), Lower: math.NaN(), Upper: math.NaN()}},
		{"only failed draws", []Draw{{math.Inf(1), 1, math.Inf(1)}, {math.NaN(), 0, 0}}, Combined{NHat: math.NaN(), Lower: math.NaN(), Upper: math.NaN()}},
		{"all equal: normal quantile", []Draw{{100, 100 * math.Exp(-1.96*0.1), 100 * math.Exp(1.96*0.1)}, {100, 100 * math.Exp(-1.96*0.1), 100 * math.Exp(1.96*0.1)}},
			Combined{Draws: 2, NHat: 100, Lower: 100 * math.Exp(-1.959963984540054*0.1), Upper: 100 * math.Exp(1.959963984540054*0.1), Within: 0.01, DF: math.Inf(1)}},
		{"an open upper bound stays open", []Draw{{100, 90, math.Inf(1)}, {110, 95, 130}},
			Combined{Draws: 2, NHat: math.Sqrt(100 * 110), Upper: math.Inf(1)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Rubin(tc.draws)
			same := func(a, b float64) bool {
				return (math.IsNaN(a) && math.IsNaN(b)) || a == b || math.Abs(a-b) < 1e-6*math.Abs(b)
			}
			if got.Draws != tc.want.Draws || !same(got.NHat, tc.want.NHat) || !same(got.Upper, tc.want.Upper) {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
			if tc.want.Lower != 0 && !same(got.Lower, tc.want.Lower) {
				t.Errorf("lower %v, want %v", got.Lower, tc.want.Lower)
			}
			if !(got.Lower <= got.NHat && got.NHat <= got.Upper) && got.Draws > 0 {
				t.Errorf("interval [%v, %v] does not hold %v", got.Lower, got.Upper, got.NHat)
			}
		})
	}
}

func TestPool(t *testing.T) {
	// Two draws of 0..99 and 100..199: the pooled median is 99.5, the
	// quantiles those of 0..199 (type 7: 0.025 · 199 = 4.975).
	a, b := make([]float64, 100), make([]float64, 100)
	for i := range a {
		a[i], b[i] = float64(i), float64(100+i)
	}
	c := Pool([][]float64{b, a, {math.NaN()}})
	if c.Draws != 2 || c.NHat != 99.5 || math.Abs(c.Lower-4.975) > 1e-9 || math.Abs(c.Upper-194.025) > 1e-9 {
		t.Errorf("got %+v", c)
	}
	if c := Pool(nil); !math.IsNaN(c.NHat) || c.Draws != 0 {
		t.Errorf("no samples: %+v", c)
	}
}
