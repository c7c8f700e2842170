package mse

import (
	"encoding/json"
	"github.com/reckonhq/reckon"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// dgaRefs are the runs of dga 2.0.2's bma.cr with δ = 2^-J, the prior on
// N proportional to 1/N and the unobserved count on the grid 0 … 20 ×
// observed, from shared/data/mse/README.md, table "Reference runs: every
// dataset x method", rows "dga bma.cr delta=2^-J, prior 1/N": the
// posterior median and 95% interval of N, the posterior mean ("postmean")
// and the top graph with its posterior probability. The HIV and Kosovo
// rows are also those of issue 14. Graphs are named in Rcapture's order
// (larger cliques first), where the README lists cliques as dga prints
// them.
var dgaRefs = []struct {
	data            string
	median, lo, hi  float64
	mean            float64
	top             string
	weight          float64
	exhaustiveGraph int
}{
	{"rcapture_hiv", 11220, 9404, 14095, 11357.1, "[1,2,3,4]", 0.539, 61},
	{"kosovo", 12595, 9827, 16544, 12749.3, "[123,134]", 0.986, 61},
	{"korea_3lists", 159, 123, 422, 196.2, "[12,23]", 0.648, 8},
	{"rcapture_lesbian", 5131, 4635, 5749, 5147.3, "[234,14]", 0.991, 61}, // README: [14,234]
	{"diabetes_bruno1994", 2471, 2376, 2589, 2474.1, "[13,24,34]", 0.987, 61},
	{"dga_example_3lists", 731, 694, 787, 734.0, "[12,3]", 0.722, 8},
	{"dga_example_5lists", 618, 590, 656, 618.9, "[12,13,45]", 0.441, 822},
	{"artificial_3lists", 278, 96, 1375, 351.7, "[123]", 0.316, 8},
	{"uk_5lists", 22990, 10387, 33508, 21281.6, "[123,25,34]", 0.443, 822},
	{"netherlands_5lists", 49385, 41405, 168992, 73972.6, "[125,235,245]", 0.634, 822},
}

func TestDGAReferences(t *testing.T) {
	for _, r := range dgaRefs {
		if testing.Short() && r.exhaustiveGraph == 822 && r.data != "dga_example_5lists" {
			continue
		}
		t.Run(r.data, func(t *testing.T) {
			res, err := DGA(mustRead(t, r.data), DGAOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if !res.Exhaustive || res.GraphsTotal != r.exhaustiveGraph {
				t.Errorf("graphs: exhaustive %v, %d; want all %d", res.Exhaustive, res.GraphsTotal, r.exhaustiveGraph)
			}
			// The quantiles are whole numbers of a discrete posterior:
			// they must agree to the unit (dga rounds none of them).
			for _, c := range []struct {
				what      string
				got, want float64
			}{{"median", res.Median, r.median}, {"lower", res.Lower, r.lo}, {"upper", res.Upper, r.hi}} {
				if math.Abs(c.got-c.want) > 1 {
					t.Errorf("%s = %.0f, want %.0f", c.what, c.got, c.want)
				}
			}
			if math.Abs(res.Mean-r.mean) > 0.06 {
				t.Errorf("mean = %.2f, want %.1f", res.Mean, r.mean)
			}
			top := res.Graphs[0]
			if top.Name != r.top || math.Abs(top.Weight-r.weight) > 0.0006 {
				t.Errorf("top graph %s %.4f, want %s %.3f", top.Name, top.Weight, r.top, r.weight)
			}
			var sum float64
			for _, g := range res.Graphs {
				sum += g.Weight
			}
			if sum > 1+1e-9 {
				t.Errorf("graph weights sum to %g", sum)
			}
		})
	}
}

// TestDecomposableCount checks the enumeration against the numbers of
// labelled chordal graphs (OEIS A058862: 1, 2, 8, 61, 822, 18154), which
// are also the sizes of dga's graphs3, graphs4 and graphs5.
func TestDecomposableCount(t *testing.T) {
	for J, want := range map[int]int{2: 2, 3: 8, 4: 61, 5: 822, 6: 18154} {
		if got := len(decomposableGraphs(J)); got != want {
			t.Errorf("J=%d: %d decomposable graphs, want %d", J, got, want)
		}
	}
}

// TestDGACliques checks the clique and separator decomposition of a few
// graphs: the 4-cycle is not decomposable, the path 1-2-3 has cliques
// {1,2}, {2,3} and separator {2}.
func TestDGACliques(t *testing.T) {
	edge := func(a, b int) (int, int) { return a, b }
	tests := []struct {
		name       string
		J          int
		edges      [][2]int
		chordal    bool
		bracket    string
		separators []uint32
	}{
		{"empty", 3, nil, true, "[1,2,3]", nil},
		{"path", 3, [][2]int{{0, 1}, {1, 2}}, true, "[12,23]", []uint32{0b010}},
		{"triangle", 3, [][2]int{{0, 1}, {1, 2}, {0, 2}}, true, "[123]", nil},
		{"4-cycle", 4, [][2]int{{0, 1}, {1, 2}, {2, 3}, {0, 3}}, false, "", nil},
		{"two triangles", 4, [][2]int{{0, 1}, {1, 2}, {0, 2}, {0, 3}, {2, 3}}, true, "[123,134]", []uint32{0b0101}},
	}
	for _, tc := range tests {
		adj := make([]uint32, tc.J)
		for _, e := range tc.edges {
			a, b := edge(e[0], e[1])
			adj[a] |= 1 << b
			adj[b] |= 1 << a
		}
		g, ok := decompose(adj)
		if ok != tc.chordal {
			t.Errorf("%s: decomposable %v, want %v", tc.name, ok, tc.chordal)
			continue
		}
		if !ok {
			continue
		}
		if b := Bracket(tc.J, g.cliques); b != tc.bracket {
			t.Errorf("%s: %s, want %s", tc.name, b, tc.bracket)
		}
		var seps []uint32
		for _, tm := range g.terms {
			if tm.sign < 0 {
				for range -tm.sign {
					seps = append(seps, tm.mask)
				}
			}
		}
		if len(seps) != len(tc.separators) || len(seps) > 0 && seps[0] != tc.separators[0] {
			t.Errorf("%s: separators %b, want %b", tc.name, seps, tc.separators)
		}
	}
}

// TestDGAApproximation runs the approximation used beyond five lists (MC3
// over decomposable graphs, the unobserved count summed on a thinned grid)
// on tables where the exact answer is known, and on a 6-list table
// against the exact enumeration of its 18,154 graphs.
func TestDGAApproximation(t *testing.T) {
	for _, name := range []string{"kosovo", "rcapture_hiv", "dga_example_5lists"} {
		tb := mustRead(t, name)
		ex, err := DGA(tb, DGAOptions{})
		if err != nil {
			t.Fatal(err)
		}
		ap, err := DGA(tb, DGAOptions{Exhaustive: -1, Seed: 3})
		if err != nil {
			t.Fatal(err)
		}
		if ap.Exhaustive || len(ap.Warnings) == 0 {
			t.Errorf("%s: the approximation does not say it is one: %v", name, ap.Warnings)
		}
		for _, c := range []struct {
			what      string
			got, want float64
		}{{"median", ap.Median, ex.Median}, {"lower", ap.Lower, ex.Lower}, {"upper", ap.Upper, ex.Upper}} {
			if math.Abs(c.got-c.want) > 0.005*c.want {
				t.Errorf("%s: approximate %s %.0f, exact %.0f", name, c.what, c.got, c.want)
			}
		}
		if ap.Graphs[0].Name != ex.Graphs[0].Name || math.Abs(ap.Graphs[0].Weight-ex.Graphs[0].Weight) > 0.01 {
			t.Errorf("%s: approximate top %s %.3f, exact %s %.3f", name, ap.Graphs[0].Name, ap.Graphs[0].Weight, ex.Graphs[0].Name, ex.Graphs[0].Weight)
		}
	}
	if testing.Short() {
		return
	}
	tb := mustRead(t, "uk_6lists")
	ex, err := DGA(tb, DGAOptions{Exhaustive: 6})
	if err != nil {
		t.Fatal(err)
	}
	if ex.GraphsTotal != 18154 {
		t.Fatalf("uk_6lists: %d graphs", ex.GraphsTotal)
	}
	ap, err := DGA(tb, DGAOptions{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("uk_6lists exact %.0f (%.0f-%.0f) top %s %.3f; MC3 %.0f (%.0f-%.0f) top %s %.3f, %d graphs visited",
		ex.Median, ex.Lower, ex.Upper, ex.Graphs[0].Name, ex.Graphs[0].Weight,
		ap.Median, ap.Lower, ap.Upper, ap.Graphs[0].Name, ap.Graphs[0].Weight, ap.GraphsTotal)
	for _, c := range []struct {
		what      string
		got, want float64
	}{{"median", ap.Median, ex.Median}, {"lower", ap.Lower, ex.Lower}, {"upper", ap.Upper, ex.Upper}} {
		if math.Abs(c.got-c.want) > 0.02*c.want {
			t.Errorf("uk_6lists: MC3 %s %.0f, exact %.0f", c.what, c.got, c.want)
		}
	}
}

// TestDGAManyLists runs the approximation on 8 and 12 lists: it must
// finish, say it is approximate and give an interval that contains the
// observed count.
func TestDGAManyLists(t *testing.T) {
	for _, J := range []int{8, 12} {
		// 3,000 people, each on each list independently with
		// probability 0.25 (a fixed draw)
		r := rand.New(rand.NewPCG(uint64(J), 14))
		counts := make([]int64, 1<<J)
		for range 3000 {
			var p uint32
			for j := 0; j < J; j++ {
				if r.Float64() < 0.25 {
					p |= 1 << j
				}
			}
			counts[p]++
		}
		lists := make([]string, J)
		for j := range lists {
			lists[j] = string(rune('A' + j))
		}
		tb, err := NewTable(lists, counts)
		if err != nil {
			t.Fatal(err)
		}
		res, err := DGA(tb, DGAOptions{Seed: 1, Iterations: 2000})
		if err != nil {
			t.Fatal(err)
		}
		if res.Exhaustive || len(res.Warnings) == 0 {
			t.Errorf("J=%d: not marked approximate", J)
		}
		if !(res.Lower >= float64(tb.N()) && res.Lower <= res.Median && res.Median <= res.Upper) {
			t.Errorf("J=%d: %.0f (%.0f-%.0f), observed %d", J, res.Median, res.Lower, res.Upper, tb.N())
		}
		if res.Lower > 3000 || res.Upper < 3000 {
			t.Errorf("J=%d: %.0f (%.0f-%.0f) misses the true 3,000 of independent lists", J, res.Median, res.Lower, res.Upper)
		}
	}
}

func TestDGADeterministic(t *testing.T) {
	tb := mustRead(t, "dga_example_5lists")
	a, err := DGA(tb, DGAOptions{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	b, err := DGA(tb, DGAOptions{Workers: 3})
	if err != nil {
		t.Fatal(err)
	}
	if a.Median != b.Median || a.Mean != b.Mean || a.Graphs[0].Weight != b.Graphs[0].Weight {
		t.Errorf("workers change the answer: %+v vs %+v", a.Graphs[0], b.Graphs[0])
	}
	c, _ := DGA(tb, DGAOptions{Exhaustive: -1, Seed: 5})
	d, _ := DGA(tb, DGAOptions{Exhaustive: -1, Seed: 5})
	if c.Median != d.Median || c.GraphsTotal != d.GraphsTotal {
		t.Errorf("same seed, different MC3 answers")
	}
}

func TestDGAInvalid(t *testing.T) {
	tb := mustRead(t, "kosovo")
	if _, err := DGA(tb, DGAOptions{Delta: -1}); err == nil {
		t.Error("negative delta accepted")
	}
	empty, _ := NewTable([]string{"A", "B"}, []int64{0, 0, 0, 0})
	if _, err := DGA(empty, DGAOptions{}); err == nil {
		t.Error("empty table accepted")
	}
}

// BenchmarkDGA times DGA with dga's reference settings (the R package
// takes 0.10 s on HIV, 0.30-0.64 s on Kosovo and 0.36 s on the 5-list
// example, shared/data/mse/README.md and issue 14).
func BenchmarkDGA(b *testing.B) {
	for _, name := range []string{"rcapture_hiv", "kosovo", "dga_example_5lists"} {
		tb := mustRead(b, name)
		b.Run(name, func(b *testing.B) {
			start := cpuNanos()
			for b.Loop() {
				if _, err := DGA(tb, DGAOptions{}); err != nil {
					b.Fatal(err)
				}
			}
			reportCPU(b, start)
		})
	}
}

// TestEstimateDGA: dga is a method of Estimate on its own and within
// "all", and its part of the result marshals to the JSON contract.
func TestEstimateDGA(t *testing.T) {
	tb := mustRead(t, "kosovo")
	fast := Options{Stepwise: StepwiseOptions{Bootstrap: -1}, LCMCR: LCMCROptions{Burnin: 100, Samples: 50, Thin: 2, Chains: 2}}
	for _, method := range []string{string(reckon.MethodDGA), MethodAll, "DGA"} {
		opt := fast
		opt.Method = method
		res, err := Estimate(tb, opt)
		if err != nil {
			t.Fatalf("%s: %v", method, err)
		}
		if res.DGA == nil || res.Raw.DGA == nil {
			t.Fatalf("%s: no dga result", method)
		}
		if res.DGA.Median != 12595 || res.DGA.Lower != 9827 || res.DGA.Upper != 16544 {
			t.Errorf("%s: dga %v (%v-%v)", method, res.DGA.Median, res.DGA.Lower, res.DGA.Upper)
		}
		if method == string(reckon.MethodDGA) && (res.LogLinear != nil || res.LCMCR != nil || res.Stepwise != nil) {
			t.Errorf("dga alone ran other methods")
		}
		b, err := json.Marshal(res)
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{`"dga":{`, `"median":12595`, `"graphs":[{"name":"[123,134]"`, `"exhaustive":true`, `"graphs_total":61`} {
			if !strings.Contains(string(b), want) {
				t.Errorf("%s: JSON lacks %s", method, want)
			}
		}
	}
}

// TestDGASpread: the spread stands for the posterior: its middle value
// is the median and its ends lie beyond the 95% interval's.
func TestDGASpread(t *testing.T) {
	res, err := DGA(mustRead(t, "kosovo"), DGAOptions{})
	if err != nil {
		t.Fatal(err)
	}
	s := res.Spread(1000)
	if len(s) != 1000 || !slices.IsSorted(s) {
		t.Fatalf("spread of %d values, sorted %v", len(s), slices.IsSorted(s))
	}
	if !(s[499] <= res.Median && res.Median <= s[500]) {
		t.Errorf("spread middle %v %v, median %v", s[499], s[500], res.Median)
	}
	if s[0] > res.Lower || s[999] < res.Upper {
		t.Errorf("spread %v-%v inside the interval %v-%v", s[0], s[999], res.Lower, res.Upper)
	}
	if c := Pool([][]float64{s, s}); math.Abs(c.NHat-res.Median) > 1 || math.Abs(c.Upper-res.Upper) > 0.01*res.Upper {
		t.Errorf("pooled spread %+v, posterior %v (%v-%v)", c, res.Median, res.Lower, res.Upper)
	}
}

// TestDGATwoLists: two lists have two graphs, independence and the
// saturated model, whose weights add up to one. Under independence N
// is near the Lincoln-Petersen estimate n1 n2 / m = 100·80/40 = 200.
func TestDGATwoLists(t *testing.T) {
	tb, err := NewTable([]string{"A", "B"}, []int64{0, 60, 80, 40})
	if err != nil {
		t.Fatal(err)
	}
	res, err := DGA(tb, DGAOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.GraphsTotal != 2 || len(res.Graphs) != 2 || math.Abs(res.Graphs[0].Weight+res.Graphs[1].Weight-1) > 1e-12 {
		t.Fatalf("graphs %+v", res.Graphs)
	}
	// the saturated graph, whose posterior of N has a heavy tail, pulls
	// the average above 200; nothing goes below the 180 observed
	if !(res.Lower >= 180 && res.Median > 200 && res.Upper <= 21*180) || res.Graphs[0].Name != "[1,2]" {
		t.Errorf("N %.0f (%.0f-%.0f), top %s", res.Median, res.Lower, res.Upper, res.Graphs[0].Name)
	}
	t.Logf("two lists: %.0f (%.0f-%.0f), %+v", res.Median, res.Lower, res.Upper, res.Graphs)
}
