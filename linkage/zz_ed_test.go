package linkage

import (
	"fmt"
	"math/rand/v2"
	"os"
	"testing"

	"github.com/reckonhq/reckon/scenario"
)

func lev(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			c := 1
			if ra[i-1] == rb[j-1] {
				c = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+c)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

func TestZZEd(t *testing.T) {
	if os.Getenv("ED") == "" {
		t.Skip()
	}
	var hist [2][2][8]int // [fam?][true][dist]
	for _, sc := range scenario.Catalogue() {
		if sc.Name == "large-415k" {
			continue
		}
		ls, _ := scenario.Generate(sc, 1)
		recs := ls.Records
		res, err := Link(recs, nil, Config{}, Options{Rand: rand.New(rand.NewPCG(1, 2))})
		if err != nil {
			t.Fatal(err)
		}
		d := res.data
		for _, pr := range res.pairs {
			a, b := int(pr>>32), int(pr&0xffffffff)
			c := d.compare(a, b, 0.88, 0.88)
			tr := 0
			if ls.Truth[RecordKey(recs[a])] == ls.Truth[RecordKey(recs[b])] {
				tr = 1
			}
			xa, xb := &d.prof[d.profOf[a]], &d.prof[d.profOf[b]]
			for part := 0; part < 2; part++ {
				f := d.givField
				ka, kb := xa.givKeys, xb.givKeys
				if part == 0 {
					f = d.famField
					ka, kb = xa.famKeys, xb.famKeys
				}
				if f < 0 || c.level(f) != nameDifferent {
					continue
				}
				best := 7
				for _, x := range ka {
					for _, y := range kb {
						if len(x) < 4 || len(y) < 4 {
							continue
						}
						best = min(best, lev(x, y))
					}
				}
				hist[part][tr][best]++
			}
		}
	}
	for part := range 2 {
		fmt.Println("part", part)
		for dd := range 8 {
			fmt.Printf("  dist %d: true %6d false %8d\n", dd, hist[part][1][dd], hist[part][0][dd])
		}
	}
}
