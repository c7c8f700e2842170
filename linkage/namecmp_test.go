package linkage

import (
	"math/rand/v2"
	"testing"

	"github.com/reckonhq/reckon/synth"
)

// BenchmarkCompareNames compares the names of random pairs of records,
// as the u-sample does: mostly different names, the costliest path.
func BenchmarkCompareNames(b *testing.B) {
	recs, _ := synthLists(b, synth.Options{N: 20_000}, 1)
	cfg := Config{}.defaults()
	fields, err := cfg.resolveFields(recs)
	if err != nil {
		b.Fatal(err)
	}
	d := prepare(recs, fields, nil, nil)
	rng := rand.New(rand.NewPCG(1, 2))
	pairs := make([][2]int, 1<<16)
	for k := range pairs {
		pairs[k] = [2]int{rng.IntN(d.n), rng.IntN(d.n)}
	}
	k := 0
	for b.Loop() {
		p := pairs[k&(len(pairs)-1)]
		d.compareNames(p[0], p[1], cfg.NameClose)
		k++
	}
}
