package linkage

import (
	"fmt"
	"math"
	"os"
	"strconv"
	"testing"

	"github.com/reckonhq/reckon/synth"
)

func TestDiag2(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("SCALE_N"))
	if n == 0 {
		return
	}
	recs, truth := synthLists(t, synth.Options{N: n}, 7)
	res, _ := Link(recs, nil, Config{}, Options{})
	hist := map[int][2]int{}
	for k, p := range res.pairs {
		a, b := int(p>>32), int(p&0xffffffff)
		same := truth[res.data.keys[a]] == truth[res.data.keys[b]]
		bin := int(math.Floor(float64(res.logit[k]) / 2))
		h := hist[bin]
		if same {
			h[0]++
		} else {
			h[1]++
		}
		hist[bin] = h
	}
	for b := -20; b <= 20; b++ {
		fmt.Printf("%4d..%4d  match %6d  non %8d\n", 2*b, 2*b+2, hist[b][0], hist[b][1])
	}
	// record-level: true pairs linked by the cluster
	miss, cut := 0, 0
	for k, p := range res.pairs {
		a, b := int(p>>32), int(p&0xffffffff)
		if truth[res.data.keys[a]] == truth[res.data.keys[b]] && res.PersonOf[a] != res.PersonOf[b] {
			miss++
			if res.logit[k] > 0 {
				cut++
			}
		}
	}
	fmt.Println("missed candidate true pairs", miss, "with positive logit", cut)
}
