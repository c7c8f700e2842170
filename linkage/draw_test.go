package linkage

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestDraw checks draws on synthetic data with a known truth: the same
// seed gives the same draws, decisions hold in every draw, the number of
// persons spreads around what the probabilities imply, and pairs are
// together in about the share of draws that their probability says.
func TestDraw(t *testing.T) {
	recs, truth := synthLists(t, synthOptions(800), 3)
	base, err := Link(recs, nil, Config{}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	// Decide: the most uncertain review pairs one way or the other, and a
	// confident link apart, so that every kind of decision is exercised.
	// The review pairs are decided as the truth says, so that no chain
	// of decisions contradicts another; the confident link decided apart
	// is one that no "same" decision reaches.
	var ds []Decision
	uf := newUnionFind(len(recs))
	for k, p := range base.Review {
		if k >= 20 {
			break
		}
		same := truth[RecordKey(recs[p.A])] == truth[RecordKey(recs[p.B])]
		if same {
			uf.union(int32(p.A), int32(p.B))
		}
		ds = append(ds, Decision{A: RecordKey(recs[p.A]), B: RecordKey(recs[p.B]), Same: same})
	}
	for _, p := range base.Pairs() {
		if p.Probability > 0.99 && base.PersonOf[p.A] == base.PersonOf[p.B] && uf.find(int32(p.A)) != uf.find(int32(p.B)) {
			ds = append(ds, Decision{A: RecordKey(recs[p.A]), B: RecordKey(recs[p.B]), Same: false})
			break
		}
	}
	res, err := Link(recs, ds, Config{}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	index := map[string]int{}
	for i, r := range recs {
		index[RecordKey(r)] = i
	}

	const K = 30
	rng := rand.New(rand.NewPCG(7, 7))
	draws := make([][]int, K)
	var counts []float64
	for d := range draws {
		draws[d] = res.Draw(rng)
		n := slices.Max(draws[d]) + 1
		counts = append(counts, float64(n))
		for _, dc := range ds {
			a, b := draws[d][index[dc.A]], draws[d][index[dc.B]]
			if (a == b) != dc.Same {
				t.Fatalf("draw %d: decision %s %s same=%v broken", d, dc.A, dc.B, dc.Same)
			}
		}
	}

	t.Run("same seed same draws", func(t *testing.T) {
		rng := rand.New(rand.NewPCG(7, 7))
		for d := range 3 {
			if !slices.Equal(res.Draw(rng), draws[d]) {
				t.Fatalf("draw %d differs with the same seed", d)
			}
		}
		if slices.Equal(res.Draw(rand.New(rand.NewPCG(8, 8))), draws[0]) && len(res.Review) > 0 {
			t.Error("another seed gives the same draw although pairs are uncertain")
		}
	})

	t.Run("spread of persons", func(t *testing.T) {
		mean, sd := meanSD(counts)
		distinct := map[string]bool{}
		for _, p := range truth {
			distinct[p] = true
		}
		want := float64(len(distinct))
		t.Logf("persons over %d draws: mean %.1f sd %.1f; point linkage %d; true %d", K, mean, sd, len(res.Persons), len(distinct))
		// The expected number of persons: the point linkage's count moved
		// by the pairs' probabilities. It stays near the truth (within 5%)
		// and the point linkage (within 3%), without snowballing.
		if math.Abs(mean-want) > 0.05*want {
			t.Errorf("mean persons %.1f, true %v: draws snowball or shatter", mean, want)
		}
		if math.Abs(mean-float64(len(res.Persons))) > 0.03*float64(len(res.Persons)) {
			t.Errorf("mean persons %.1f, point linkage %d", mean, len(res.Persons))
		}
		if sd == 0 {
			t.Error("every draw has the same number of persons although pairs are uncertain")
		}
		if sd > 0.05*mean {
			t.Errorf("sd %.1f of %.1f persons: draws vary more than the probabilities allow", sd, mean)
		}
	})

	t.Run("co-clustering follows the probabilities", func(t *testing.T) {
		// For candidate pairs binned by probability, the share of draws in
		// which the two records are one person is near the bin's mean
		// probability. Bins of many pairs only; tolerance 0.15, as
		// clustering moves pairs whose neighbours disagree.
		const bins = 5
		var sumP, sumTogether, n [bins]float64
		for _, p := range res.Pairs() {
			b := min(int(p.Probability*bins), bins-1)
			together := 0
			for _, d := range draws {
				if d[p.A] == d[p.B] {
					together++
				}
			}
			sumP[b] += p.Probability
			sumTogether[b] += float64(together) / K
			n[b]++
		}
		for b := range bins {
			if n[b] < 30 {
				continue
			}
			mp, mt := sumP[b]/n[b], sumTogether[b]/n[b]
			t.Logf("p in [%.1f, %.1f): %4.0f pairs, mean p %.3f, together in %.3f of draws", float64(b)/bins, float64(b+1)/bins, n[b], mp, mt)
			if math.Abs(mp-mt) > 0.15 {
				t.Errorf("bin %d: mean probability %.3f but together in %.3f of draws", b, mp, mt)
			}
		}
	})
}

// TestDrawPair: two records alone are one person in a share p of draws.
func TestDrawPair(t *testing.T) {
	for _, l := range []float32{-3, 0, 2} {
		in := clusterInput{n: 2, pairs: []uint64{1}, logit: []float32{l}, cannot: map[uint64]bool{},
			score: func(i, j int) float64 { panic("all pairs are candidates") }, maxComp: 64}
		r := &Result{clus: in}
		rng := rand.New(rand.NewPCG(1, 1))
		const n = 4000
		together := 0
		for range n {
			if d := r.Draw(rng); d[0] == d[1] {
				together++
			}
		}
		p := 1 / (1 + math.Exp2(-float64(l)))
		// Binomial standard error at n = 4000 is at most 0.008; 4 of them.
		if got := float64(together) / n; math.Abs(got-p) > 0.032 {
			t.Errorf("log-odds %v: together in %.3f of draws, want %.3f", l, got, p)
		}
	}
}

func meanSD(x []float64) (float64, float64) {
	var s, ss float64
	for _, v := range x {
		s += v
	}
	m := s / float64(len(x))
	for _, v := range x {
		ss += (v - m) * (v - m)
	}
	return m, math.Sqrt(ss / float64(len(x)-1))
}
