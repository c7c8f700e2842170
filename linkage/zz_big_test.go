package linkage

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/reckonhq/reckon/scenario"
)

func TestZZBig(t *testing.T) {
	sc := scenario.Scenario{Name: "big", N: 60000}
	ls, err := scenario.Generate(sc, 1)
	if err != nil {
		t.Fatal(err)
	}
	recs := ls.Records
	res, err := Link(recs, nil, Config{}, Options{Rand: rand.New(rand.NewPCG(1, 1))})
	if err != nil {
		t.Fatal(err)
	}
	ev := Evaluate(ls.Truth, res.Prediction())
	fmt.Printf("n %d pairwise %+v blocking %.3f prior %.2f warnings %v\n", len(recs), ev.Pairwise, blockingRecall(res, ls.Truth), res.Model.Prior(), res.Stats.Warnings)
	fmt.Printf("%+v\n", res.Stats.Blocking)
	for _, s := range res.Model.Sessions {
		fmt.Printf("session %-50s pairs %6d lambda %.4f it %d\n", s.Rule, s.Pairs, s.Lambda, s.Iterations)
	}
	for _, f := range res.Model.Fields {
		fmt.Println(f.Column, f.Prior)
		for _, l := range f.Levels {
			fmt.Printf("   %-22s M %.4f U %.5f W %.2f\n", l.Name, l.M, l.U, l.Weight)
		}
	}
	cand := map[uint64]float64{}
	for _, p := range res.Pairs() {
		cand[uint64(p.A)<<32|uint64(p.B)] = p.Probability
	}
	byP := map[string][]int{}
	for i := range recs {
		byP[ls.Truth[RecordKey(recs[i])]] = append(byP[ls.Truth[RecordKey(recs[i])]], i)
	}
	shown := 0
	for _, rs := range byP {
		for x := 0; x < len(rs) && shown < 8; x++ {
			for y := x + 1; y < len(rs) && shown < 8; y++ {
				a, b := rs[x], rs[y]
				pr, ok := cand[uint64(a)<<32|uint64(b)]
				if !ok || pr > 0.5 || recs[a].BirthDate.IsZero() || recs[b].BirthDate.IsZero() {
					continue
				}
				shown++
				fmt.Println(res.Explain(a, b))
			}
		}
	}
}
