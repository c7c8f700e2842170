package reconcile

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/figure"
)

// Spread is how the estimates of the different methods relate (issue 14:
// one honest answer when they disagree). Each method's interval rests on
// its own assumptions; the span of all of them is the uncertainty that
// the choice of method adds, and two methods whose intervals do not
// overlap disagree beyond what either admits. Each estimate counts with
// its interval over linkage draws where there is one, else its own. A
// lower bound (chao) and the documented minimum are floors, not
// estimates, and are left out.
type Spread struct {
	Methods []string `json:"methods"`
	Low     float64  `json:"low"`  // the least lower end
	High    *float64 `json:"high"` // the greatest upper end; null when some interval has no finite upper end
	// Disjoint lists the pairs of estimates (ids) whose intervals do not
	// overlap.
	Disjoint [][2]int64 `json:"disjoint"`
	Message  string     `json:"message"` // one sentence for a reader
}

// floors are the methods whose figure is a lower bound, not an estimate.
var floors = map[string]bool{"minimum": true, "chao": true}

// spread returns the spread of the estimates, nil for fewer than two.
func spread(estimates []*reckon.Estimate) *Spread {
	type iv struct {
		e      *reckon.Estimate
		lo, hi float64
	}
	var ivs []iv
	for _, e := range estimates {
		if e == nil || floors[e.Method] {
			continue
		}
		lo, hi := e.Lower, e.Upper
		if l := e.Linkage; l != nil {
			lo, hi = l.Lower, l.Upper
		}
		if math.IsNaN(lo) || math.IsNaN(hi) {
			continue
		}
		ivs = append(ivs, iv{e, lo, hi})
	}
	if len(ivs) < 2 {
		return nil
	}
	s := &Spread{Low: math.Inf(1), Disjoint: [][2]int64{}}
	high := math.Inf(-1)
	for i, a := range ivs {
		s.Methods = append(s.Methods, a.e.Method)
		s.Low = min(s.Low, a.lo)
		high = max(high, a.hi)
		for _, b := range ivs[i+1:] {
			if a.hi < b.lo || b.hi < a.lo {
				s.Disjoint = append(s.Disjoint, [2]int64{a.e.ID, b.e.ID})
			}
		}
	}
	if !math.IsInf(high, 1) {
		s.High = &high
	}
	hi := "no finite upper end"
	if s.High != nil {
		hi = figure.Round(*s.High)
	}
	s.Message = fmt.Sprintf("The %d methods' 95%% intervals together span %s to %s: the choice of method adds that much uncertainty.", len(ivs), figure.Round(s.Low), hi)
	if len(s.Disjoint) > 0 {
		method := map[int64]string{}
		for _, x := range ivs {
			method[x.e.ID] = fmt.Sprintf("%s (E%d)", x.e.Method, x.e.ID)
		}
		var pairs []string
		for _, d := range s.Disjoint {
			pairs = append(pairs, method[d[0]]+" and "+method[d[1]])
		}
		slices.Sort(pairs)
		s.Message += " They disagree beyond their own intervals: " + strings.Join(pairs, "; ") +
			" do not overlap, so at least one rests on assumptions these lists break; read what each assumes before quoting one."
	}
	return s
}
