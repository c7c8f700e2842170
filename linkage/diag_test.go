package linkage

import (
	"fmt"
	"github.com/reckonhq/reckon/synth"
	"math/rand/v2"
	"testing"
)

func TestDiag(t *testing.T) {
	recs, truth := synthLists(t, synth.Options{N: 3000}, 1)
	res, _ := Link(recs, nil, Config{}, Options{Rand: rand.New(rand.NewPCG(1, 1))})
	cand := map[uint64]int{}
	for k, p := range res.pairs {
		cand[p] = k
	}
	byP := map[string][]int{}
	for i, k := range res.data.keys {
		byP[truth[k]] = append(byP[truth[k]], i)
	}
	show := func(i int) string {
		r := recs[i]
		return fmt.Sprintf("%-9s %q %q %q b=%v d=%v u=%q p=%q h=%q r=%q", r.List, r.FamilyName, r.GivenName, r.Name, r.BirthDate, r.DeathDate, r.Unit, r.DeathPlace, r.HomeTown, r.Rank)
	}
	nb, ns := 0, 0
	for _, is := range byP {
		for x := range is {
			for y := x + 1; y < len(is); y++ {
				a, b := min(is[x], is[y]), max(is[x], is[y])
				k, ok := cand[uint64(a)<<32|uint64(b)]
				if !ok {
					nb++
					if nb <= 25 {
						fmt.Println("BLOCK MISS\n  ", show(a), "\n  ", show(b))
					}
					continue
				}
				if res.PersonOf[a] != res.PersonOf[b] {
					ns++
					if ns <= 25 {
						fmt.Printf("SCORE MISS logit %.1f\n   %s\n   %s\n", res.logit[k], show(a), show(b))
						e := 0
						_ = e
					}
				}
			}
		}
	}
	fmt.Println(nb, ns)
}
