package main

import (
	"github.com/reckonhq/reckon"
)

// printStrataSums sets each method's sum over the strata beside its
// unstratified total, as estimate --strata computes both: the two answer
// one question under different assumptions (the sum lets every stratum
// have its own capture probabilities and dependence), and a reader should
// see them together.
func printStrataSums(e *env, es []*reckon.Estimate) error {
	whole := map[reckon.Method]*reckon.Estimate{}
	var sums []*reckon.Estimate
	for _, x := range es {
		switch {
		case x.SumOfStrata():
			sums = append(sums, x)
		case x.Stratum == "":
			whole[x.Method] = x
		}
	}
	if len(sums) == 0 {
		return nil
	}
	e.printf("\nsum over the strata beside the unstratified total:\n")
	t := &table{header: []string{"method", "sum over strata", "95%", "unstratified", "95%"}}
	for _, s := range sums {
		w, iv := "-", "-"
		if x := whole[s.Method]; x != nil {
			w, iv = fmtN(x.NHat), "["+fmtN(x.Lower)+", "+fmtN(x.Upper)+"]"
		}
		t.add(s.Method, fmtN(s.NHat), "["+fmtN(s.Lower)+", "+fmtN(s.Upper)+"]", w, iv)
	}
	return t.writeText(e.stdout)
}
