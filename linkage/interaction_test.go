package linkage

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/reckonhq/reckon/scenario"
)

// TestNameInteraction: counts of random pairs by the levels of their two
// name parts give log2(independent/joint) per cell, near 0 where the
// parts are independent, shrunk where a cell is rare, bounded, and
// nothing from too few pairs.
func TestNameInteraction(t *testing.T) {
	indep := zeroSquare(8)
	rows := []float64{0, 7000, 300, 200, 500, 400, 1200, 400}
	cols := []float64{0, 8000, 200, 100, 600, 300, 700, 100}
	total := 10000.0
	for f := range 8 {
		for g := range 8 {
			indep[f][g] = rows[f] * cols[g] / total
		}
	}
	for f, row := range nameInteraction(indep) {
		for g, d := range row {
			if math.Abs(d) > 1e-9 {
				t.Fatalf("independent parts: cell %d,%d = %v, want 0", f, g, d)
			}
		}
	}
	dep := zeroSquare(8)
	for f := range 8 {
		copy(dep[f], indep[f])
	}
	// The family name at key (6) with the given name at initial (4):
	// half as common as independence implies, the difference moved to
	// key with different (1); the given name's margins move a little,
	// hence the tolerance.
	dep[6][4] -= 42
	dep[6][1] += 42
	d := nameInteraction(dep)
	e := indep[6][4]
	if want := math.Log2((e + namePseudoPairs) / (e - 42 + namePseudoPairs)); d[6][4] < want-0.15 || d[6][4] > want+0.15 || d[6][4] < 0.5 {
		t.Errorf("key + initial at half the independent count: %.3f bits, want about %.3f", d[6][4], want)
	}
	if d[6][1] > 0 {
		t.Errorf("key + different, commoner than independence: %.3f bits, want below 0", d[6][1])
	}
	rare := zeroSquare(8)
	for f := range 8 {
		copy(rare[f], indep[f])
	}
	rare[3][3] = 0 // expected 2: no evidence worth 3 bits
	if d := nameInteraction(rare)[3][3]; d <= 0 || d > 0.5 {
		t.Errorf("an empty rare cell: %.3f bits, want a small positive shift", d)
	}
	huge := zeroSquare(8)
	copy(huge[1], []float64{0, 5000, 0, 0, 0, 0, 0, 0})
	copy(huge[6], []float64{0, 0, 0, 0, 0, 0, 5000, 0})
	if d := nameInteraction(huge); d[1][6] != maxNameInteraction || d[6][6] < -maxNameInteraction {
		t.Errorf("bounds: %v, %v", d[1][6], d[6][6])
	}
	few := zeroSquare(8)
	few[1][1] = minNamePairs - 1
	if nameInteraction(few) != nil || nameInteraction(nil) != nil {
		t.Error("too few pairs gave an interaction")
	}
}

// TestNameInteractionExplained: a fitted model carries the names'
// interaction, and Explain shows it as one step, after the given name,
// whose weight the waterfall adds up.
func TestNameInteractionExplained(t *testing.T) {
	var sc scenario.Scenario
	for _, s := range scenario.Catalogue() {
		if s.Name == "initials" {
			sc = s
		}
	}
	ls, err := scenario.Generate(sc, 1)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Link(ls.Records, nil, Config{}, Options{Rand: rand.New(rand.NewPCG(1, 2))})
	if err != nil {
		t.Fatal(err)
	}
	if res.Model.NameInteraction == nil {
		t.Fatal("no names' interaction fitted")
	}
	shown := 0
	for k := 0; k < len(res.pairs) && shown < 50; k += 97 {
		p := res.pairs[k]
		e := res.Explain(int(p>>32), int(p&0xffffffff))
		sum := 0.0
		steps := 0
		for i, f := range e.Fields {
			sum += f.Weight
			if f.Column == NamePartsTogether {
				steps++
				if i == 0 || e.Fields[i-1].Column != ColGivenName {
					t.Fatalf("the names' step follows %s", e.Fields[i-1].Column)
				}
			}
		}
		if math.Abs(sum-e.Weight) > 1e-9 || steps > 1 {
			t.Fatalf("steps sum to %v, weight %v, %d names' steps", sum, e.Weight, steps)
		}
		shown += steps
	}
	if shown == 0 {
		t.Error("no pair shows the names' step")
	}
}
