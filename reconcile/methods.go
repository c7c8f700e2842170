package reconcile

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/figure"
	"github.com/reckonhq/reckon/mse"
)

// Spread is how the estimates of the different methods relate (issue 14:
// one honest answer when they disagree): an interval over models and
// methods. Each method's interval rests on its own assumptions; the span
// of all of them is the uncertainty that the choice of model and method
// adds, and two methods whose intervals do not overlap disagree beyond
// what either admits.
//
// Each estimate counts with its interval over linkage draws where there
// is one, else its own. A log-linear estimate's interval takes its model
// as known, so it counts widened to the intervals stored beside it that
// do not: the one allowing for the choice of model by BIC and the one of
// the BIC-weighted average of the models (Silverman, Chan and Vincent
// 2024; Buckland, Burnham and Augustin 1997). A closedp estimate's
// interval, its best model's by BIC, likewise counts widened to the
// intervals of the closedp models the data do not rule out
// ([mse.ClosedpResult.Window]: Occam's window, behavioural models left
// out). A dga estimate already averages over its graphs. A lower bound (chao) and the documented
// minimum are floors, not estimates, and are left out.
//
// In the study of reckon synth coverage this span covered the truth more
// often than any one method did (README, "How the estimators behave").
type Spread struct {
	Methods []reckon.Method `json:"methods"`
	Low     float64         `json:"low"`  // the least lower end
	High    *float64        `json:"high"` // the greatest upper end; null when some interval has no finite upper end
	// Intervals are the intervals spanned, one per estimate, with what
	// each rests on.
	Intervals []SpreadInterval `json:"intervals"`
	// Disjoint lists the pairs of estimates (ids) whose intervals do not
	// overlap.
	Disjoint [][2]int64 `json:"disjoint"`
	Message  string     `json:"message"` // one sentence for a reader
}

// SpreadInterval is one estimate's interval in a [Spread].
type SpreadInterval struct {
	ID     int64         `json:"estimate"`
	Method reckon.Method `json:"method"`
	Lower  float64       `json:"lower"`
	Upper  *float64      `json:"upper"` // null: no finite upper end
	Basis  string        `json:"basis"` // what the interval is
}

// selectionEnds reads, from a log-linear estimate's result, the ends of
// its intervals that allow for the choice of model (model_selection: the
// selection-aware and the BIC-averaged intervals); ok is false when the
// result holds none.
func selectionEnds(result string) (lo, hi float64, ok bool) {
	var r struct {
		Sel *struct {
			Lower         *float64 `json:"lower"`
			Upper         *float64 `json:"upper"`
			AveragedLower *float64 `json:"averaged_lower"`
			AveragedUpper *float64 `json:"averaged_upper"`
		} `json:"model_selection"`
	}
	if json.Unmarshal([]byte(result), &r) != nil || r.Sel == nil {
		return 0, 0, false
	}
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, p := range [][2]*float64{{r.Sel.Lower, r.Sel.Upper}, {r.Sel.AveragedLower, r.Sel.AveragedUpper}} {
		if p[0] == nil {
			continue
		}
		ok = true
		lo = min(lo, *p[0])
		if p[1] == nil { // null: no finite upper end
			hi = math.Inf(1)
		} else {
			hi = max(hi, *p[1])
		}
	}
	return lo, hi, ok
}

// spread returns the spread of the estimates, nil for fewer than two.
func spread(estimates []*reckon.Estimate) *Spread {
	type iv struct {
		e      *reckon.Estimate
		lo, hi float64
		basis  string
	}
	var ivs []iv
	for _, e := range estimates {
		if e == nil || e.Method.Floor() {
			continue
		}
		lo, hi := e.Lower, e.Upper
		basis := "its 95% interval"
		if l := e.Linkage; l != nil {
			lo, hi = l.Lower, l.Upper
			basis = fmt.Sprintf("its 95%% interval over %d linkage draws", l.Draws)
		}
		if math.IsNaN(lo) || math.IsNaN(hi) {
			continue
		}
		switch e.Method {
		case reckon.MethodLogLinear:
			if slo, shi, ok := selectionEnds(e.Result); ok && (slo < lo || shi > hi) {
				lo, hi = min(lo, slo), max(hi, shi)
				basis += ", widened to the intervals allowing for the choice of model and for the BIC-weighted average of the models"
			}
		case reckon.MethodClosedp:
			var r mse.ClosedpResult
			if json.Unmarshal([]byte(e.Result), &r) != nil {
				break
			}
			if wlo, whi, names, ok := r.Window(); ok && (wlo < lo || whi > hi) {
				lo, hi = min(lo, wlo), max(hi, whi)
				basis += fmt.Sprintf(", widened to the closedp models the data do not rule out (%s: BIC within 2 ln %d of the best, Occam's window)", strings.Join(names, ", "), mse.OccamOdds)
			}
		}
		ivs = append(ivs, iv{e, lo, hi, basis})
	}
	if len(ivs) < 2 {
		return nil
	}
	s := &Spread{Low: math.Inf(1), Disjoint: [][2]int64{}}
	high := math.Inf(-1)
	for i, a := range ivs {
		s.Methods = append(s.Methods, a.e.Method)
		si := SpreadInterval{ID: a.e.ID, Method: a.e.Method, Lower: a.lo, Basis: a.basis}
		if !math.IsInf(a.hi, 1) {
			h := a.hi
			si.Upper = &h
		}
		s.Intervals = append(s.Intervals, si)
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
	s.Message = fmt.Sprintf("Over models and methods, the %d methods' 95%% intervals together span %s to %s: the choice of model and method adds that much uncertainty, and this span is the honest interval when no one method's assumptions can be trusted.", len(ivs), figure.Round(s.Low), hi)
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
