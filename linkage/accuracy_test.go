package linkage

import (
	"fmt"
	"github.com/reckonhq/reckon/synth"
	"math/rand/v2"
	"testing"
	"time"
)

func TestAccuracyDev(t *testing.T) {
	for _, seed := range []uint64{1, 2, 3} {
		recs, truth := synthLists(t, synth.Options{N: 3000}, seed)
		start := time.Now()
		res, err := Link(recs, nil, Config{}, Options{Rand: rand.New(rand.NewPCG(seed, 1))})
		if err != nil {
			t.Fatal(err)
		}
		ev := Evaluate(truth, res.Prediction())
		t.Logf("seed %d: %d records, %d true persons, %d predicted; cand %d (raw %d) in %v", seed, len(recs), ev.TruePersons, ev.PredictedPersons, res.Stats.Blocking.CandidatePairs, res.Stats.Blocking.RawPairs, time.Since(start))
		t.Logf("pairwise %+v\ncluster %+v\nbcubed %+v", ev.Pairwise, ev.Cluster, ev.BCubed)
		t.Logf("blocking recall %.4f", blockingRecall(res, truth))
		t.Logf("lambda %g cand %g iters %d sessions %+v", res.Model.Lambda, res.Model.CandidateLambda, res.Model.Iterations, res.Model.Sessions)
		for _, f := range res.Model.Fields {
			s := f.Column + ":"
			for _, l := range f.Levels[1:] {
				s += fmt.Sprintf(" %s m=%.3f u=%.4f w=%.1f;", l.Name, l.M, l.U, l.Weight)
			}
			t.Log(s)
		}
		t.Logf("%+v", res.Stats)
	}
}

// blockingRecall is the share of true pairs among the candidate pairs.
func blockingRecall(res *Result, truth map[string]string) float64 {
	byP := map[string][]int{}
	for i, k := range res.data.keys {
		byP[truth[k]] = append(byP[truth[k]], i)
	}
	cand := map[uint64]bool{}
	for _, p := range res.pairs {
		cand[p] = true
	}
	tot, hit := 0, 0
	for _, is := range byP {
		for x := range is {
			for y := x + 1; y < len(is); y++ {
				a, b := min(is[x], is[y]), max(is[x], is[y])
				tot++
				if cand[uint64(a)<<32|uint64(b)] {
					hit++
				}
			}
		}
	}
	return float64(hit) / float64(tot)
}
