package linkage

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"strings"
)

// Oversize blocks. A block larger than MaxBlock would cost too many
// comparisons to compare whole, and comparing only neighbours in a sorted
// window (sorted neighbourhood, Hernández and Stolfo 1995) silently drops
// the true pairs that sort apart. So an oversize block is first split by
// second-level keys from fields its rule does not use (birth year, death
// month, unit number, the other name part, rank, places): each part no
// larger than MaxBlock is compared whole, and a part still too large is
// split again by another key, down to splitDepth levels. The block is
// split by up to splitFan keys side by side, so that a pair that
// disagrees on one key (a year off, a missing unit) still meets on
// another. What no key splits small enough falls back to the sorted
// window, which widens over runs of records whose names and birth years
// agree (adaptive sorted neighbourhood, after Yan et al. 2007), up to
// windowStretch times Window; the whole block also gets the window, for
// records that lack every second-level key.
//
// The pairs of an oversize block that none of this compares are left
// out; [BlockStats.LeftOut] counts those that no other block compares
// either, exactly when there are few pairs in oversize blocks, else by
// the Karp–Luby estimator of the size of a union (Karp, Luby and Madras
// 1989): draw a pair uniformly from all pairs of oversize blocks, score
// 1/c for a pair that is not a candidate, where c is the number of blocks
// holding both records, and multiply the mean by the number of pairs
// drawn from.
//
// References: M. A. Hernández and S. J. Stolfo, The merge/purge problem
// for large databases, SIGMOD 1995. S. Yan, D. Lee, M.-Y. Kan and C. L.
// Giles, Adaptive sorted neighborhood methods for efficient record
// linkage, JCDL 2007. R. M. Karp, M. Luby and N. Madras, Monte-Carlo
// approximation algorithms for enumeration problems, J. Algorithms 10,
// 1989.

const (
	splitFan      = 2 // second-level keys an oversize block is split by side by side
	splitDepth    = 3 // levels of splitting before the sorted window
	windowStretch = 4 // how far the adaptive window may widen, in Windows
	// leftOutExact is the number of pairs in oversize blocks up to which
	// the left-out pairs are counted exactly rather than estimated.
	leftOutExact = 1 << 20
	// leftOutDraws is the number of pairs drawn to estimate them.
	leftOutDraws = 20_000
	// leftOutSample is the most left-out pairs returned for scoring.
	leftOutSample = 2_000
)

// refiner is a second-level key that splits oversize blocks.
type refiner struct {
	text string // as a rule part: "birth_date", "death_date:month"
	key  keyFunc
}

// oversizeBlock is a block larger than MaxBlock: the rule that made it and
// its records, ascending.
type oversizeBlock struct {
	rule    uint32
	members []uint32
}

// splitter compares the pairs of oversize blocks.
type splitter struct {
	d                *dataset
	maxBlock, window int
	birth            int       // index of the birth date field, or -1
	refiners         []refiner // in order of preference
	allowed          [][]int   // per rule, the refiners on fields the rule does not use
	rank             []int32   // per name profile, the rank of its sort key
}

// refinerRules lists the second-level keys in order of preference: those
// that tell the most persons apart for the fewest missing values first
// (name keys meet for nine true pairs in ten, where a birth year or a
// death month is often missing). A rule skips the keys its own parts
// already make as fine: family_name:initial does not skip family_name.
// Columns that are not compared are skipped; attribute fields follow.
var refinerRules = [][]string{
	{ColGivenName},
	{ColFamilyName},
	{ColBirthDate},
	{ColDeathDate + ":month"},
	{ColUnit},
	{ColBirthDate + ":month"},
	{ColHomeTown},
	{ColRank},
	{ColDeathPlace},
}

// newSplitter prepares the refiners of d for rules.
func (d *dataset) newSplitter(rules []compiledRule, maxBlock, window int) *splitter {
	sp := &splitter{d: d, maxBlock: maxBlock, window: window, birth: -1}
	has := map[string]bool{}
	for fi, f := range d.fields {
		has[f.Column] = true
		if f.Column == ColBirthDate && f.Kind == KindDate {
			sp.birth = fi
		}
	}
	var specs []Rule
	for _, on := range refinerRules {
		col, _, _ := strings.Cut(on[0], ":")
		if has[col] {
			specs = append(specs, Rule{On: on})
		}
	}
	for _, f := range d.fields {
		if f.Kind == KindName || slices.ContainsFunc(refinerRules, func(on []string) bool {
			col, _, _ := strings.Cut(on[0], ":")
			return col == f.Column
		}) || f.Column == ColSex || f.Column == ColList {
			continue
		}
		specs = append(specs, Rule{On: []string{f.Column}})
	}
	compiled, err := d.compileRules(specs)
	if err != nil {
		// Every spec names a compared field with a valid modifier.
		panic("linkage: refiners: " + err.Error())
	}
	for _, c := range compiled {
		sp.refiners = append(sp.refiners, refiner{text: c.text, key: c.parts[0]})
	}
	// Profiles ranked by sort key (given, then family name keys), equal
	// keys equal ranks, so that windows sort on integers.
	order := make([]int32, len(d.prof))
	for p := range order {
		order[p] = int32(p)
	}
	slices.SortFunc(order, func(a, b int32) int { return strings.Compare(d.prof[a].sortKey, d.prof[b].sortKey) })
	sp.rank = make([]int32, len(d.prof))
	for k, p := range order {
		if k > 0 && d.prof[p].sortKey != d.prof[order[k-1]].sortKey {
			sp.rank[p] = sp.rank[order[k-1]] + 1
		} else if k > 0 {
			sp.rank[p] = sp.rank[order[k-1]]
		}
	}
	sp.allowed = make([][]int, len(rules))
	for ri, r := range rules {
		for k, rf := range sp.refiners {
			if !slices.ContainsFunc(strings.Split(r.text, " + "), func(part string) bool { return covers(part, rf.text) }) {
				sp.allowed[ri] = append(sp.allowed[ri], k)
			}
		}
	}
	return sp
}

// covers reports whether the rule part splits records at least as finely
// as the refiner ref, so that ref cannot split its blocks: the same column
// at the same or a finer modifier ("name" covers both name parts).
func covers(part, ref string) bool {
	pc, pm, _ := strings.Cut(strings.TrimSpace(part), ":")
	rc, rm, _ := strings.Cut(ref, ":")
	if pc == "name" && (rc == ColFamilyName || rc == ColGivenName) {
		return true
	}
	return pc == rc && fineness(pm) >= fineness(rm)
}

// fineness orders the modifiers of a rule part: initial, then year, then
// month, then the value itself or a full date.
func fineness(mod string) int {
	switch mod {
	case "initial", "initials":
		return 0
	case "", "key", "year":
		return 1
	case "month":
		return 2
	}
	return 3
}

// splitScratch is reused across the blocks of one goroutine.
type splitScratch struct {
	vals []uint64
	kv   []keyRec
	win  []keyRec
}

type keyRec struct {
	key uint64
	rec uint32
}

// oversize appends the pairs of one oversize block of rule to pairs: the
// adaptive window over the whole block, then the parts of its splits. It
// returns the pairs and how many it appended by splitting and by window.
func (sp *splitter) oversize(pairs []uint64, members []uint32, rule int, sc *splitScratch) ([]uint64, int, int) {
	from := len(pairs)
	pairs = sp.windowPairs(pairs, members, sp.window, sc)
	nw := len(pairs) - from
	pairs = sp.split(pairs, members, sp.allowed[rule], 0, sc)
	return pairs, len(pairs) - from - nw, nw
}

// split appends the pairs of the parts of members under up to splitFan
// of the refiners avail.
func (sp *splitter) split(pairs []uint64, members []uint32, avail []int, depth int, sc *splitScratch) []uint64 {
	fan := splitFan
	if depth > 0 {
		fan = 1
	}
	tried := 0
	for k, r := range avail {
		if tried == fan {
			break
		}
		kv := sc.kv[:0]
		for _, m := range members {
			sc.vals = sp.refiners[r].key(int(m), sc.vals[:0])
			if len(sc.vals) > 1 {
				slices.Sort(sc.vals)
				sc.vals = slices.Compact(sc.vals)
			}
			for _, v := range sc.vals {
				kv = append(kv, keyRec{v, m})
			}
		}
		sc.kv = kv
		slices.SortFunc(kv, func(a, b keyRec) int {
			if c := cmp.Compare(a.key, b.key); c != 0 {
				return c
			}
			return cmp.Compare(a.rec, b.rec)
		})
		// A key that leaves the block whole, or in pieces of one, splits
		// nothing.
		largest, groups := 0, 0
		for s := 0; s < len(kv); {
			e := s + 1
			for e < len(kv) && kv[e].key == kv[s].key {
				e++
			}
			largest = max(largest, e-s)
			if e-s >= 2 {
				groups++
			}
			s = e
		}
		if largest >= len(members) || groups == 0 {
			continue
		}
		tried++
		// The parts: kv is reused below, so copy them out first.
		var parts [][]uint32
		for s := 0; s < len(kv); {
			e := s + 1
			for e < len(kv) && kv[e].key == kv[s].key {
				e++
			}
			if e-s >= 2 {
				part := make([]uint32, e-s)
				for x := range part {
					part[x] = kv[s+x].rec
				}
				parts = append(parts, part)
			}
			s = e
		}
		rest := make([]int, 0, len(avail)-1)
		rest = append(append(rest, avail[:k]...), avail[k+1:]...)
		for _, part := range parts {
			switch {
			case len(part) <= sp.maxBlock:
				for x := 0; x < len(part); x++ {
					for y := x + 1; y < len(part); y++ {
						pairs = append(pairs, uint64(part[x])<<32|uint64(part[y]))
					}
				}
			case depth+1 < splitDepth && len(rest) > 0:
				pairs = sp.split(pairs, part, rest, depth+1, sc)
			default:
				pairs = sp.windowPairs(pairs, part, sp.window, sc)
			}
		}
	}
	if tried == 0 && depth > 0 {
		pairs = sp.windowPairs(pairs, members, sp.window, sc)
	}
	return pairs
}

// windowPairs sorts members by name keys and birth date and appends the
// pairs of each record with its window next neighbours, and further with
// the neighbours that share its name keys and birth year, up to
// windowStretch·window.
func (sp *splitter) windowPairs(pairs []uint64, members []uint32, window int, sc *splitScratch) []uint64 {
	kv := sc.win[:0]
	for _, m := range members {
		var birth int32
		if sp.birth >= 0 {
			birth = sp.d.cols[sp.birth][m]
		}
		kv = append(kv, keyRec{uint64(sp.rank[sp.d.profOf[m]])<<32 | uint64(uint32(birth)), m})
	}
	sc.win = kv
	slices.SortFunc(kv, func(a, b keyRec) int {
		if c := cmp.Compare(a.key, b.key); c != 0 {
			return c
		}
		return cmp.Compare(a.rec, b.rec)
	})
	// Same name keys and birth year: the key without month and day; a
	// record without a birth year never stretches the window.
	stretch := func(k uint64) uint64 { return k >> 9 }
	for x := range kv {
		a := kv[x]
		sa := stretch(a.key)
		known := uint32(a.key)>>9 != 0
		for y := x + 1; y < len(kv); y++ {
			c := kv[y]
			if y >= x+window && (y >= x+window*windowStretch || !known || stretch(c.key) != sa) {
				break
			}
			lo, hi := min(a.rec, c.rec), max(a.rec, c.rec)
			pairs = append(pairs, uint64(lo)<<32|uint64(hi))
		}
	}
	return pairs
}

// recordKeys appends the blocking keys of record i under every rule.
func recordKeys(rules []compiledRule, i int, out []uint64) []uint64 {
	var kb keyBuf
	for ri, r := range rules {
		out = append(out, kb.keys(ri, r, i)...)
	}
	return out
}

// keyBuf holds the scratch space of computing blocking keys.
type keyBuf struct{ out, buf, next []uint64 }

// keys returns the distinct blocking keys of record i under rule r, the
// ri-th: the product of its parts' values, mixed with the rule. The slice
// is valid until the next call.
func (kb *keyBuf) keys(ri int, r compiledRule, i int) []uint64 {
	keys := append(kb.out[:0], uint64(ri+1)*0x9e3779b97f4a7c15)
	for _, part := range r.parts {
		kb.buf = part(i, kb.buf[:0])
		next := kb.next[:0]
		for _, k := range keys {
			for _, v := range kb.buf {
				next = append(next, mix(k, v))
			}
		}
		keys, kb.next = next, keys
		if len(keys) == 0 {
			break
		}
	}
	if len(keys) > 1 {
		slices.Sort(keys)
		keys = slices.Compact(keys)
	}
	kb.out = keys
	return keys
}

// leftOutPair is a pair that shares a blocking key but was not compared,
// with the number of left-out pairs it stands for.
type leftOutPair struct {
	pair   uint64
	weight float64
}

// leftOut counts the pairs of the oversize blocks over that are not among
// the candidate pairs (sorted): exactly when the oversize blocks hold at
// most exactLimit pairs, else estimated from leftOutDraws draws. It
// returns the count, whether it is exact, and up to leftOutSample of the
// left-out pairs, each weighted by the number it stands for.
func (d *dataset) leftOut(rules []compiledRule, over []oversizeBlock, pairs []uint64, exactLimit float64) (float64, bool, []leftOutPair) {
	if len(over) == 0 {
		return 0, true, nil
	}
	cum := make([]float64, len(over))
	total := 0.0
	for k, b := range over {
		m := float64(len(b.members))
		total += m * (m - 1) / 2
		cum[k] = total
	}
	isCandidate := func(p uint64) bool {
		_, ok := slices.BinarySearch(pairs, p)
		return ok
	}
	rng := rand.New(rand.NewPCG(0x6c656674, uint64(len(pairs))))
	if total <= exactLimit {
		var out []uint64
		for _, b := range over {
			for x := 0; x < len(b.members); x++ {
				for y := x + 1; y < len(b.members); y++ {
					p := uint64(b.members[x])<<32 | uint64(b.members[y])
					if !isCandidate(p) {
						out = append(out, p)
					}
				}
			}
		}
		slices.Sort(out)
		out = slices.Compact(out)
		n := len(out)
		if n == 0 {
			return 0, true, nil
		}
		k := min(n, leftOutSample)
		sample := make([]leftOutPair, k)
		w := float64(n) / float64(k)
		for x := range k {
			sample[x] = leftOutPair{out[x*n/k], w}
		}
		return float64(n), true, sample
	}
	var sum float64
	hits := 0
	var sample []leftOutPair
	var ka, kb []uint64
	for range leftOutDraws {
		k, _ := slices.BinarySearch(cum, rng.Float64()*total)
		k = min(k, len(over)-1)
		ms := over[k].members
		x := rng.IntN(len(ms))
		y := rng.IntN(len(ms) - 1)
		if y >= x {
			y++
		}
		a, b := min(ms[x], ms[y]), max(ms[x], ms[y])
		p := uint64(a)<<32 | uint64(b)
		if isCandidate(p) {
			continue
		}
		ka = recordKeys(rules, int(a), ka[:0])
		kb = recordKeys(rules, int(b), kb[:0])
		slices.Sort(kb)
		c := 0
		for _, key := range ka {
			if _, ok := slices.BinarySearch(kb, key); ok {
				c++
			}
		}
		c = max(c, 1)
		sum += 1 / float64(c)
		hits++
		if len(sample) < leftOutSample {
			sample = append(sample, leftOutPair{p, 1 / float64(c)})
		}
	}
	est := total * sum / leftOutDraws
	// The sample's weights: each draw stands for total/draws pairs.
	for x := range sample {
		sample[x].weight *= total / leftOutDraws
	}
	if len(sample) > 0 && len(sample) < hits {
		// Fewer kept than drawn: scale so the sample still sums to est.
		s := 0.0
		for _, lp := range sample {
			s += lp.weight
		}
		for x := range sample {
			sample[x].weight *= est / s
		}
	}
	return est, false, sample
}

// leftOutMatches returns the expected number of true matches among the
// left-out pairs, from their sample and score, the posterior log-odds
// (bits) of a pair.
func leftOutMatches(sample []leftOutPair, score func(i, j int) float64) float64 {
	sum := 0.0
	for _, lp := range sample {
		sum += lp.weight * logitProb(score(int(lp.pair>>32), int(lp.pair&0xffffffff)))
	}
	return sum
}
