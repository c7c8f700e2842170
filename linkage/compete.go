package linkage

import (
	"math"
	"slices"
)

// compete adjusts the log-odds of every candidate pair of records from two
// different lists for the other candidates each of the two has in the
// other's list (pairs within one list keep theirs).
//
// The Fellegi–Sunter model scores a pair alone, as if it were the only
// way either record could have a match. But a list names a person once
// (bar a slip), so a record a of list A is the same person as at most one
// record of list B. Among pairs the pairwise model scores alike, the ones
// whose records have no other plausible candidate are far more often true
// than the ones that compete with a namesake: on the scenario catalogue a
// pair scored 0.55 was true 89% of the time with no competitor and 27%
// with strong ones, and a pair scored 0.85 was true 46% of the time when
// it competed. The model of a record linked to at most one record of each
// other list (Sadinle 2017, bipartite matching) gives, for a pair of
// pairwise odds o whose records' other candidates have pairwise odds
// summing to C,
//
//	odds' = κ·o / (1 + κ·C)
//
// where κ converts the pairwise prior into the prior of one-to-one
// matching (a record that has a match has it with one candidate only, so
// each candidate's prior odds are higher than the average pair's). κ is
// set so that the expected number of true pairs, the sum of the
// probabilities, is what the pairwise model expects: the pairwise
// probabilities are calibrated on average, and competition only moves
// belief between a record's candidates. C counts both records' other
// candidates; records one list names twice (their own pair at or above
// the threshold) count as one candidate, not as competitors.
//
// A competitor that itself loses to a stronger candidate should count
// less, so C is computed from the adjusted odds and the adjustment is
// repeated (competeRounds, each step halfway to the new value, since the
// plain iteration swings between two states), refitting κ each time.
// Only pairs of pairwise odds at least competeFloor take part in the
// rounds; the rest, whose odds add next to nothing to any C, are adjusted
// once at the end.
func compete(pairs []uint64, logit []float32, list []int32, n int, thr float64, run *runner) {
	if len(pairs) == 0 || list == nil {
		return
	}
	nl := int(slices.Max(list)) + 1
	if nl < 2 {
		return
	}
	cross := func(p uint64) bool { return list[p>>32] != list[p&0xffffffff] }
	odds := func(l float32) float64 { return math.Exp2(min(float64(l), 60)) }

	// Records that one list names twice, by the model: one candidate.
	dup := newUnionFind(n)
	for k, p := range pairs {
		if !cross(p) && float64(logit[k]) >= thr {
			dup.union(int32(p>>32), int32(p&0xffffffff))
		}
	}
	root := make([]int32, n)
	grouped := make([]bool, n)
	for i := range int32(n) {
		root[i] = dup.find(i)
		if root[i] != i {
			grouped[i], grouped[root[i]] = true, true
		}
	}

	// The pairs that take part in the rounds, and the odds the others
	// add to each record's sum once and for all.
	floor := float32(math.Log2(competeFloor))
	var live []int32
	base := make([]float32, n*nl)
	for k, p := range pairs {
		if !cross(p) {
			continue
		}
		if logit[k] >= floor {
			live = append(live, int32(k))
			continue
		}
		a, b := int(p>>32), int(p&0xffffffff)
		o := float32(odds(logit[k]))
		base[a*nl+int(list[b])] += o
		base[b*nl+int(list[a])] += o
	}

	// odd is the odds of each live pair as they stand.
	odd := make([]float32, len(live))
	for x, k := range live {
		odd[x] = float32(odds(logit[k]))
	}
	// sum[r*nl+l] is the odds of record r with its candidates in list l;
	// grp the odds of a record with the members of a duplicate group
	// (keyed by the record and the group's root).
	sum := make([]float32, n*nl)
	grp := map[uint64]float64{}
	tally := func() {
		copy(sum, base)
		clear(grp)
		for x, k := range live {
			p := pairs[k]
			a, b := int32(p>>32), int32(p&0xffffffff)
			o := odd[x]
			sum[int(a)*nl+int(list[b])] += o
			sum[int(b)*nl+int(list[a])] += o
			if grouped[b] {
				grp[uint64(a)<<32|uint64(root[b])] += float64(o)
			}
			if grouped[a] {
				grp[uint64(b)<<32|uint64(root[a])] += float64(o)
			}
		}
	}
	// others is C of pair k of odds o: the odds of both records' other
	// candidates.
	others := func(k int, o float64) float64 {
		p := pairs[k]
		a, b := int32(p>>32), int32(p&0xffffffff)
		own := func(r, s int32) float64 {
			if grouped[s] {
				return grp[uint64(r)<<32|uint64(root[s])]
			}
			return o
		}
		ca := float64(sum[int(a)*nl+int(list[b])]) - own(a, b)
		cb := float64(sum[int(b)*nl+int(list[a])]) - own(b, a)
		return max(ca, 0) + max(cb, 0)
	}

	// κ is fitted on a stride through the live pairs, with the pairs
	// below the floor counted in want at their pairwise value (they stay
	// close to it).
	const sampleSize = 100_000
	step := max(1, len(live)/sampleSize)
	var sample []int // positions in live
	want := 0.0
	for x := 0; x < len(live); x += step {
		sample = append(sample, x)
		want += logitProb(float64(logit[live[x]]))
	}
	// adj is the adjustment of each live pair so far.
	adj := make([]float32, len(live))
	at := make([]float64, len(sample)) // a sample pair's log-odds less log2 κ
	var lk float64                     // log2 κ of the latest round
	for round := range competeRounds {
		tally()
		for i, x := range sample {
			k := int(live[x])
			at[i] = float64(logit[k]-adj[x]) - math.Log2(1+others(k, float64(odd[x])))
		}
		expected := func(lk float64) float64 {
			s := 0.0
			for _, v := range at {
				s += logitProb(v + lk)
			}
			return s
		}
		lo, hi := -20.0, 20.0 // log2 κ
		for hi-lo > 1e-4 {
			mid := (lo + hi) / 2
			if expected(mid) < want {
				lo = mid
			} else {
				hi = mid
			}
		}
		lk = (lo + hi) / 2
		// Each pair moves halfway to its new adjustment (the whole way
		// in the first round). The sums are frozen for the round, and
		// each pair reads and writes only its own entries, so the pairs
		// move in parallel.
		keep := 0.5
		if round == 0 {
			keep = 0
		}
		run.parallel("", len(live), 1<<14, func(lo, hi int) {
			for x := lo; x < hi; x++ {
				k := live[x]
				a := lk - math.Log2(1+others(int(k), float64(odd[x])))
				next := float32(keep*float64(adj[x]) + (1-keep)*a)
				logit[k] += next - adj[x]
				adj[x] = next
				odd[x] = float32(odds(logit[k]))
			}
		})
	}
	// The pairs below the floor, once, with the last round's sums and κ.
	tally()
	x := 0
	for k, p := range pairs {
		if x < len(live) && int(live[x]) == k {
			x++
			continue
		}
		if cross(p) {
			logit[k] += float32(lk - math.Log2(1+others(k, odds(logit[k]))))
		}
	}
}

// competeRounds is the number of rounds of compete; competeFloor the
// pairwise odds from which a pair takes part in them.
const (
	competeRounds = 6
	competeFloor  = 1e-2
)
