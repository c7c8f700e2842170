package linkage

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/reckonhq/reckon/scenario"
)

func TestZZDiag(t *testing.T) {
	var sc scenario.Scenario
	for _, s := range scenario.Catalogue() {
		if s.Name == "baseline" {
			sc = s
		}
	}
	ls, err := scenario.Generate(sc, 1)
	if err != nil {
		t.Fatal(err)
	}
	recs := ls.Records
	res, err := Link(recs, nil, Config{}, Options{Rand: rand.New(rand.NewPCG(1, 1))})
	if err != nil {
		t.Fatal(err)
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
		for x := 0; x < len(rs); x++ {
			for y := x + 1; y < len(rs); y++ {
				a, b := rs[x], rs[y]
				pr, ok := cand[uint64(a)<<32|uint64(b)]
				if !ok || pr > 0.5 || shown > 25 {
					continue
				}
				shown++
				ra, rb := recs[a], recs[b]
				fmt.Printf("MISS %s|%s|%s|%s|%s|%s|%s\n     %s|%s|%s|%s|%s|%s|%s\n", ra.List, ra.FamilyName, ra.GivenName, ra.Name, ra.BirthDate, ra.DeathDate, ra.Unit, rb.List, rb.FamilyName, rb.GivenName, rb.Name, rb.BirthDate, rb.DeathDate, rb.Unit)
				fmt.Println(res.Explain(a, b))
			}
		}
	}
}

func TestZZFalse(t *testing.T) {
	var sc scenario.Scenario
	for _, s := range scenario.Catalogue() {
		if s.Name == "baseline" {
			sc = s
		}
	}
	ls, _ := scenario.Generate(sc, 1)
	recs := ls.Records
	res, _ := Link(recs, nil, Config{}, Options{Rand: rand.New(rand.NewPCG(1, 1))})
	shown := 0
	for _, p := range res.Pairs() {
		if p.Probability < 0.9 || ls.Truth[RecordKey(recs[p.A])] == ls.Truth[RecordKey(recs[p.B])] || shown > 15 {
			continue
		}
		shown++
		ra, rb := recs[p.A], recs[p.B]
		fmt.Printf("FALSE %s|%s|%s|%s|%s|%s|%s\n     %s|%s|%s|%s|%s|%s|%s\n", ra.List, ra.FamilyName, ra.GivenName, ra.Name, ra.BirthDate, ra.DeathDate, ra.Unit, rb.List, rb.FamilyName, rb.GivenName, rb.Name, rb.BirthDate, rb.DeathDate, rb.Unit)
		fmt.Println(res.Explain(p.A, p.B))
	}
}
