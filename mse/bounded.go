package mse

import (
	"fmt"
	"math"
	"math/big"
	"sort"
	"strconv"
	"strings"
)

// Bounded search over hierarchical log-linear models.
//
// With many lists the hierarchical models are too many to fit them all:
// 2^28 with only the two-list interactions of 8 lists, 2^66 for 12. Then
// [LogLinear] searches instead (Edwards and Havránek 1985; Whittaker 1990,
// ch. 8): from the independence model it repeatedly moves to the best
// neighbouring model, those that add one interaction whose lower-order
// interactions are all in the model or drop one interaction that no
// other contains, as long as the move lowers the criterion. It searches
// on BIC, then on AIC from the BIC optimum, then on BIC again from the
// AIC optimum, which may lead down to a better model than the first;
// with at most 28 candidate interactions (8 lists at order 2) it also
// descends, on AIC then BIC, from the model that has them all. Models
// whose MLE does not exist or that Rcapture would flag (see
// [ModelFit.Usable]) are never moved to. Every model fitted on the way is kept, so the ranking by BIC
// and AIC is over the models visited, not over all models: the search
// finds a local optimum, which need not be the global one, and says so
// (LogLinearResult.Exhaustive is false).
//
// Each step fits at most (number of candidate interactions) models, each
// by IRLS in O(J 2^J) per iteration; twelve lists take a few seconds.

// maxSearchSteps caps the moves of one greedy search.
const maxSearchSteps = 200

// maxDescent is the most candidate interactions for which the search
// also descends from the model that has them all (28: the pairs of 8
// lists).
const maxDescent = 28

// boundedNeeded reports whether the exhaustive search over hierarchical
// models of J lists up to maxOrder would exceed maxModels, and the number
// of models when it can be counted cheaply (as text; "" when not).
func boundedNeeded(J, maxOrder, maxModels int) (bool, string) {
	npairs := J * (J - 1) / 2
	if maxOrder <= 1 {
		return false, "1"
	}
	if maxOrder == 2 {
		total := new(big.Int).Lsh(big.NewInt(1), uint(npairs))
		return total.Cmp(big.NewInt(int64(maxModels))) > 0, total.String()
	}
	// Order 3 or more: 113 models for 4 lists, 7,580 for 5 (order 3);
	// from 6 lists on the count runs into the millions.
	if J >= 6 {
		return true, ""
	}
	return false, ""
}

// termKey returns a map key for a set of interaction terms (sorted).
func termKey(terms []Term) string {
	var b strings.Builder
	for i, t := range terms {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.FormatUint(uint64(t), 36))
	}
	return b.String()
}

// searchNeighbours returns the models one move away from cur (a sorted,
// hierarchical set of interactions): each addition of a term of order 2
// to maxOrder whose sub-terms of one order less (if interactions) are all
// in cur, and each removal of a term contained in no other term of cur.
func searchNeighbours(J, maxOrder int, cur []Term) [][]Term {
	in := make(map[Term]bool, len(cur))
	for _, t := range cur {
		in[t] = true
	}
	var out [][]Term
	with := func(t Term) []Term {
		m := append(append([]Term(nil), cur...), t)
		sortTerms(m)
		return m
	}
	// additions
	for t := Term(1); t < Term(1)<<J; t++ {
		o := t.Order()
		if o < 2 || o > maxOrder || in[t] {
			continue
		}
		ok := true
		if o >= 3 {
			for j := 0; j < J && ok; j++ {
				if t&(1<<j) != 0 && !in[t&^(1<<j)] {
					ok = false
				}
			}
		}
		if ok {
			out = append(out, with(t))
		}
	}
	// removals
	for i, t := range cur {
		maximal := true
		for _, u := range cur {
			if u != t && u&t == t {
				maximal = false
				break
			}
		}
		if maximal {
			m := append(append([]Term(nil), cur[:i]...), cur[i+1:]...)
			out = append(out, m)
		}
	}
	return out
}

// boundedSearch fits the hierarchical models met by the greedy searches
// on BIC and then AIC, on nw goroutines, and returns them (unsorted) with
// a description of the search.
func boundedSearch(J, maxOrder int, y []float64, n float64, lists []string, nw int, keep int) []ModelFit {
	cache := map[string]int{} // key -> index in models
	var models []ModelFit
	// fitAll fits the models of specs not yet in the cache, in parallel,
	// IRLS starting from the means mu0 (nil: from the data, as R), and
	// returns their indexes.
	fitAll := func(specs [][]Term, mu0 []float64) []int {
		idx := make([]int, len(specs))
		var todo []int
		for i, s := range specs {
			k := termKey(s)
			if at, ok := cache[k]; ok {
				idx[i] = at
				continue
			}
			cache[k] = len(models) + len(todo)
			idx[i] = cache[k]
			todo = append(todo, i)
		}
		fresh := make([]ModelFit, len(todo))
		parallel(len(todo), nw, func() func(int) {
			f := newFitter(J, append([]float64(nil), y...))
			return func(i int) { fresh[i] = fitHierFrom(f, specs[todo[i]], n, lists, mu0) }
		})
		models = append(models, fresh...)
		return idx
	}
	// muOf refits a model from mu0 and returns its fitted means.
	f1 := newFitter(J, append([]float64(nil), y...))
	muOf := func(spec []Term, mu0 []float64) []float64 {
		fitHierFrom(f1, spec, n, lists, mu0)
		return append([]float64(nil), f1.mu...)
	}
	climb := func(start []Term, crit func(*ModelFit) float64) []Term {
		cur := start
		curAt := fitAll([][]Term{cur}, nil)[0]
		curMu := muOf(cur, nil)
		for step := 0; step < maxSearchSteps; step++ {
			nb := searchNeighbours(J, maxOrder, cur)
			at := fitAll(nb, curMu)
			best, bestV := -1, crit(&models[curAt])
			if !models[curAt].Usable {
				bestV = math.Inf(1)
			}
			for i, k := range at {
				m := &models[k]
				if !m.Usable {
					continue
				}
				if v := crit(m); v < bestV-1e-7 {
					best, bestV = i, v
				}
			}
			if best < 0 {
				return cur
			}
			cur, curAt = nb[best], at[best]
			curMu = muOf(cur, curMu)
		}
		return cur
	}
	byBIC := func(m *ModelFit) float64 { return m.BIC }
	byAIC := func(m *ModelFit) float64 { return m.AIC }
	aic := climb(climb(nil, byBIC), byAIC)
	// From the AIC optimum, richer, BIC may descend to another optimum.
	climb(aic, byBIC)
	// With few candidate terms, also descend from the model with all of
	// them, which reaches optima the climbs from independence miss.
	var all []Term
	for t := Term(1); t < Term(1)<<J; t++ {
		if o := t.Order(); o >= 2 && o <= maxOrder {
			all = append(all, t)
		}
	}
	if len(all) <= maxDescent {
		sortTerms(all)
		climb(climb(all, byAIC), byBIC)
	}

	// The search started IRLS from its neighbours' means, which changes
	// how many iterations a fit takes but not where it ends. Whether R
	// would call a fit converged depends on the iterations from its own
	// start, so the models reported first are refitted as R fits them,
	// until the best by BIC and AIC stand among refitted ones.
	refit := make([]bool, len(models))
	for {
		sortByBIC(models, refit)
		a, b := best(models)
		todo := []int{}
		for i := 0; i < len(models) && i < keep; i++ {
			if !refit[i] {
				todo = append(todo, i)
			}
		}
		for _, i := range []int{a, b} {
			if i >= 0 && !refit[i] {
				todo = append(todo, i)
			}
		}
		if len(todo) == 0 {
			return models
		}
		parallel(len(todo), nw, func() func(int) {
			f := newFitter(J, append([]float64(nil), y...))
			return func(i int) {
				k := todo[i]
				models[k] = fitHier(f, nil, models[k].Terms, n, lists)
				refit[k] = true
			}
		})
	}
}

// sortByBIC sorts models by BIC, NaN last, ties by name for a result
// that does not depend on the order of fitting, keeping flags in step.
func sortByBIC(models []ModelFit, flags []bool) {
	idx := make([]int, len(models))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool {
		ma, mb := &models[idx[a]], &models[idx[b]]
		if ma.BIC == mb.BIC {
			return ma.Name < mb.Name
		}
		return less(ma.BIC, mb.BIC)
	})
	m2 := make([]ModelFit, len(models))
	f2 := make([]bool, len(flags))
	for i, k := range idx {
		m2[i], f2[i] = models[k], flags[k]
	}
	copy(models, m2)
	copy(flags, f2)
}

// fitHierFrom is fitHier with IRLS started from the means mu0 over the
// cells (nil: from the data, as R's glm).
func fitHierFrom(f *fitter, inter []Term, n float64, lists []string, mu0 []float64) ModelFit {
	if mu0 == nil {
		return fitHier(f, nil, inter, n, lists)
	}
	J := f.J
	m := ModelFit{Name: Bracket(J, inter), Terms: inter, Names: TermNames(inter, lists),
		design: hierDesign(J, inter), chao: -1}
	f.in[0] = false
	f.setDesign(m.design)
	for c := 1; c < f.nc; c++ {
		f.mu[c] = math.Max(mu0[c], 1e-8) // a start, kept off zero
		f.eta[c] = math.Log(f.mu[c])
	}
	f.fit(true)
	summarise(f, &m, n)
	boundary(f, &m, n)
	if !m.NFinite {
		m.NHat, m.SE = math.Inf(1), math.NaN()
	}
	finish(&m)
	return m
}

// searchDescription says how the models of a [LogLinearResult] were
// found.
func searchDescription(exhaustive bool, J, maxOrder, fitted int, total string) string {
	if exhaustive {
		return fmt.Sprintf("exhaustive: all %d hierarchical models with interactions up to order %d", fitted, maxOrder)
	}
	space := "more than can be fitted"
	if total != "" {
		space = groupDigits(total)
	}
	return fmt.Sprintf("bounded, not exhaustive: %d lists give %s hierarchical models up to order %d; a greedy search (add or drop one interaction at a time, on BIC, then AIC, then BIC again, and with few candidate interactions down from the model with all of them) fitted %d of them and found a local optimum, which need not be the best model overall", J, space, maxOrder, fitted)
}

// groupDigits writes a decimal integer with thousands separators.
func groupDigits(s string) string {
	if len(s) <= 4 {
		return s
	}
	var b strings.Builder
	pre := len(s) % 3
	if pre > 0 {
		b.WriteString(s[:pre])
	}
	for i := pre; i < len(s); i += 3 {
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(s[i : i+3])
	}
	return b.String()
}
