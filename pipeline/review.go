package pipeline

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/linkage"
	"github.com/reckonhq/reckon/mse"
)

// ReviewEstimator names the fast estimate of the total that orders the
// review queue ([ReviewOptions]).
type ReviewEstimator string

// The estimators of the review queue.
const (
	// ReviewIndependence is the log-linear model of independent lists
	// (Darroch's M_t): N̂ solves N − n = N ∏_j (1 − n_j/N), with n the
	// persons observed and n_j those on list j. It depends on the table
	// only through n and the n_j, so it is smooth and costs microseconds.
	ReviewIndependence ReviewEstimator = "independence"
	// ReviewBestBIC is the hierarchical log-linear model best by BIC
	// ([mse.LogLinear] without heterogeneity models or intervals): closer
	// to what reckon estimate reports, but a decision can switch the
	// chosen model, and each distinct change of the table costs a search.
	ReviewBestBIC ReviewEstimator = "loglinear"
)

// ParseReviewEstimator reads an estimator name; "" is independence.
func ParseReviewEstimator(s string) (ReviewEstimator, error) {
	switch ReviewEstimator(s) {
	case "", ReviewIndependence:
		return ReviewIndependence, nil
	case ReviewBestBIC:
		return ReviewBestBIC, nil
	}
	return "", reckon.Errorf(reckon.EINVALID, "review estimator %s: want independence or loglinear", reckon.Quote(s))
}

// ReviewOptions configure [NewReview]. The zero value orders by the
// independence model.
type ReviewOptions struct {
	// Estimator is the estimate whose expected change orders the queue;
	// "" means ReviewIndependence.
	Estimator ReviewEstimator
	// LogLinear configures ReviewBestBIC; its Intervals are always
	// turned off and heterogeneity models left out.
	LogLinear mse.LogLinearOptions
}

// ReviewItem is one pair of the review queue with what deciding it is
// expected to change.
type ReviewItem struct {
	A, B        int     // the records, by index in the linkage input, A < B
	Probability float64 // the pair's match probability
	Weight      float64 // the pair's match weight in bits
	// Linked says the two records are one person now: a decision
	// "not the same" would split that person, "the same" changes nothing.
	Linked bool
	// Flip is the probability that a decision changes whether the pair
	// is linked: 1 − Probability when linked, Probability when not.
	Flip float64
	// Minimum is the expected change of the documented minimum: Flip
	// times +1 for a split, −1 for a merge.
	Minimum float64
	// Estimate is the expected change of the fast estimate of the total
	// (ReviewOptions.Estimator): Flip times the change of N̂ between the
	// capture-history table now and the table after the flip. NaN when
	// the estimate does not exist before or after.
	Estimate float64
	// Priority is linkage's order: the expected number of record pairs
	// whose linked state a decision would change ([linkage.Pair]).
	Priority float64

	// The table change of the pair's flip, kept while the persons of
	// its records are unchanged (their versions).
	change     tableChange
	verA, verB int
}

// Review is the review queue of one linkage result, ordered by how much a
// decision on each pair is expected to move the total, and kept up to date
// as decisions are made without linking again ([Review.Decide]). It is not
// safe for concurrent use.
//
// What is incremental: the persons (a "same" joins the two persons, a
// "not same" splits one person in two, its other records going to the side
// they match best by their candidate pairs), the capture-history table,
// the documented minimum, the estimate and the queue's order. What is not:
// the model's weights and probabilities, the clustering of records that no
// decision touched, and decisions made before this result other than
// through the result itself; a full relink (reckon link, pipeline.Link)
// applies everything.
type Review struct {
	opt      ReviewOptions
	keys     []string
	index    map[string]int // record by key, built on first use
	lists    []string
	bit      []uint32 // the list bit of each record
	personOf []int
	members  [][]int // records of each person; empty for persons merged away
	version  []int   // of each person: changes whenever its records do
	counts   []int64 // persons by capture pattern
	observed int64
	prob     map[uint64]float64 // candidate pairs with their probability
	same     map[uint64]bool    // decisions made here: true same, false not
	queue    []ReviewItem       // undecided pairs
	stamp    int                // the next person version
	base     float64            // the estimate of the current table
	cache    map[tableChange]float64
	// Conflicts counts "same" decisions that were not applied because a
	// "not same" decision made here parts the two persons.
	Conflicts int
}

// tableChange is a change of the capture-history table: the patterns of
// persons removed and added.
type tableChange struct {
	del [2]uint32
	add [2]uint32
}

// NewReview builds the review queue of res over recs, the records res was
// linked from in the same order: its pairs are res.Review. It returns an
// error of code invalid when recs does not fit res or there are more lists
// than a table can hold.
func NewReview(res *linkage.Result, recs []reckon.Record, opt ReviewOptions) (*Review, error) {
	if len(recs) != len(res.PersonOf) {
		return nil, reckon.Errorf(reckon.EINVALID, "review: %d records for a linkage of %d", len(recs), len(res.PersonOf))
	}
	return newReview(recs, res.PersonOf, len(res.Persons), res.Pairs(), res.Review, opt)
}

// newReview builds a review queue of the pairs queue over records recs
// whose persons are personOf (indices below persons); pairs are the
// scored pairs that hold persons together.
func newReview(recs []reckon.Record, personOf []int, persons int, pairs, queue []linkage.Pair, opt ReviewOptions) (*Review, error) {
	est, err := ParseReviewEstimator(string(opt.Estimator))
	if err != nil {
		return nil, err
	}
	opt.Estimator = est
	opt.LogLinear.Intervals = -1
	opt.LogLinear.NoHeterogeneity = true
	r := &Review{opt: opt, keys: make([]string, len(recs)), bit: make([]uint32, len(recs)),
		personOf: slices.Clone(personOf), same: map[uint64]bool{}, cache: map[tableChange]float64{}}
	index := map[string]int{}
	for _, rec := range recs {
		if _, ok := index[rec.List]; !ok {
			index[rec.List] = 0
			r.lists = append(r.lists, rec.List)
		}
	}
	if len(r.lists) > 20 {
		return nil, reckon.Errorf(reckon.EINVALID, "review: %d lists, at most 20", len(r.lists))
	}
	slices.Sort(r.lists)
	for j, l := range r.lists {
		index[l] = j
	}
	for i, rec := range recs {
		r.keys[i] = rec.Key().String()
		r.bit[i] = 1 << index[rec.List]
	}
	r.members = make([][]int, persons)
	r.version = make([]int, persons)
	for p := range r.version {
		r.version[p] = 1 // 0 marks an item never computed
	}
	r.stamp = 2
	for i, p := range r.personOf {
		if p < 0 || p >= persons {
			return nil, reckon.Errorf(reckon.EINVALID, "review: record %d has no person", i)
		}
		r.members[p] = append(r.members[p], i)
	}
	r.counts = make([]int64, 1<<len(r.lists))
	for p := range r.members {
		if len(r.members[p]) > 0 {
			r.counts[r.pattern(r.members[p])]++
			r.observed++
		}
	}
	r.prob = map[uint64]float64{}
	for _, p := range pairs {
		if p.Probability >= MinStoredProbability {
			r.prob[pairID(p.A, p.B)] = p.Probability
		}
	}
	for _, p := range queue {
		if p.A == p.B || p.A < 0 || p.B < 0 || p.A >= len(recs) || p.B >= len(recs) {
			return nil, reckon.Errorf(reckon.EINVALID, "review: no pair of records %d and %d", p.A, p.B)
		}
		a, b := min(p.A, p.B), max(p.A, p.B)
		r.queue = append(r.queue, ReviewItem{A: a, B: b, Probability: p.Probability, Weight: p.Weight, Priority: p.Priority})
	}
	r.reorder()
	return r, nil
}

func pairID(a, b int) uint64 {
	if a > b {
		a, b = b, a
	}
	return uint64(a)<<32 | uint64(b)
}

// pattern returns the capture pattern of a set of records.
func (r *Review) pattern(recs []int) uint32 {
	var p uint32
	for _, i := range recs {
		p |= r.bit[i]
	}
	return p
}

// Queue returns the undecided pairs, the most expected change first. The
// slice is the Review's own until the next Decide.
func (r *Review) Queue() []ReviewItem { return r.queue }

// Lists returns the lists of the capture-history table, in bit order.
func (r *Review) Lists() []string { return r.lists }

// Table returns the capture-history table of the current persons: the
// number of persons seen by exactly the lists of each bit pattern.
func (r *Review) Table() []int64 { return slices.Clone(r.counts) }

// Minimum returns the documented minimum of the current persons.
func (r *Review) Minimum() int64 { return r.observed }

// Estimate returns the estimate of the total from the current persons,
// NaN when it does not exist (one list, or lists that share nobody).
func (r *Review) Estimate() float64 { return r.base }

// Estimator returns the estimator that orders the queue.
func (r *Review) Estimator() ReviewEstimator { return r.opt.Estimator }

// Key returns the record key of record i.
func (r *Review) Key(i int) string { return r.keys[i] }

// Linked says whether records a and b are one person now.
func (r *Review) Linked(a, b int) bool { return r.personOf[a] == r.personOf[b] }

// Decide applies a decision on records a and b: it joins or splits their
// persons when the decision says otherwise than the linkage, updates the
// table, the minimum and the estimate, drops the pair from the queue and
// orders the rest again. It reports whether the persons changed. A "same"
// whose persons a "not same" made here keeps apart is not applied and is
// counted in Conflicts. An index out of range is an error of code
// invalid.
func (r *Review) Decide(a, b int, same bool) (changed bool, err error) {
	changed, err = r.decide(a, b, same)
	if err == nil {
		r.reorder()
	}
	return changed, err
}

// decide is Decide without ordering the queue again.
func (r *Review) decide(a, b int, same bool) (changed bool, err error) {
	if a < 0 || b < 0 || a >= len(r.keys) || b >= len(r.keys) || a == b {
		return false, reckon.Errorf(reckon.EINVALID, "review: no pair of records %d and %d", a, b)
	}
	id := pairID(a, b)
	r.same[id] = same
	r.queue = slices.DeleteFunc(r.queue, func(it ReviewItem) bool { return pairID(it.A, it.B) == id })
	pa, pb := r.personOf[a], r.personOf[b]
	// The decision changes how the persons would split.
	r.touch(pa)
	r.touch(pb)
	switch {
	case same && pa != pb:
		if r.keptApart(pa, pb) {
			r.Conflicts++
			break
		}
		r.merge(pa, pb)
		changed = true
	case !same && pa == pb:
		x, y := r.split(pa, a, b)
		r.counts[r.pattern(r.members[pa])]--
		r.members[pa] = x
		r.members = append(r.members, y)
		r.touch(pa)
		r.version = append(r.version, 0)
		r.touch(len(r.members) - 1)
		for _, i := range y {
			r.personOf[i] = len(r.members) - 1
		}
		r.counts[r.pattern(x)]++
		r.counts[r.pattern(y)]++
		r.observed++
		changed = true
	}
	if changed {
		clear(r.cache)
	}
	return changed, nil
}

// Index returns the index of the record with key k (list/record_id).
func (r *Review) Index(k string) (int, bool) {
	if r.index == nil {
		r.index = make(map[string]int, len(r.keys))
		for i, key := range r.keys {
			r.index[key] = i
		}
	}
	i, ok := r.index[k]
	return i, ok
}

// keptApart says whether a "not same" decided here parts persons p and q.
func (r *Review) keptApart(p, q int) bool {
	for id, s := range r.same {
		if s {
			continue
		}
		x, y := r.personOf[int(id>>32)], r.personOf[int(id&0xffffffff)]
		if x == p && y == q || x == q && y == p {
			return true
		}
	}
	return false
}

// merge joins person q into person p.
func (r *Review) merge(p, q int) {
	r.counts[r.pattern(r.members[p])]--
	r.counts[r.pattern(r.members[q])]--
	for _, i := range r.members[q] {
		r.personOf[i] = p
	}
	r.members[p] = append(r.members[p], r.members[q]...)
	slices.Sort(r.members[p])
	r.members[q] = nil
	r.counts[r.pattern(r.members[p])]++
	r.observed--
	r.touch(p)
	r.touch(q)
}

// touch marks person p changed.
func (r *Review) touch(p int) {
	r.version[p] = r.stamp
	r.stamp++
}

// link returns how strongly records i and j hold together: 1 when decided
// the same here, −1 when decided apart, else their candidate pair's
// probability (0 when they were no candidate pair).
func (r *Review) link(i, j int) float64 {
	id := pairID(i, j)
	if s, ok := r.same[id]; ok {
		if s {
			return 1
		}
		return -1
	}
	return r.prob[id]
}

// split parts person p's records into the side of a and the side of b:
// starting from a and b, the record that holds most strongly to a side
// (its best link to a record of that side) joins it, until none is left;
// a record decided apart from a side's record never joins that side.
func (r *Review) split(p, a, b int) (x, y []int) {
	x, y = []int{a}, []int{b}
	var rest []int
	for _, i := range r.members[p] {
		if i != a && i != b {
			rest = append(rest, i)
		}
	}
	hold := func(i int, side []int) float64 {
		best := 0.0
		for _, j := range side {
			l := r.link(i, j)
			if l < 0 {
				return -1
			}
			best = max(best, l)
		}
		return best
	}
	for len(rest) > 0 {
		bi, bs, bv := 0, 0, math.Inf(-1)
		for k, i := range rest {
			hx, hy := hold(i, x), hold(i, y)
			if hx >= hy && hx > bv {
				bi, bs, bv = k, 0, hx
			} else if hy > hx && hy > bv {
				bi, bs, bv = k, 1, hy
			}
		}
		i := rest[bi]
		rest = slices.Delete(rest, bi, bi+1)
		if bs == 0 {
			x = append(x, i)
		} else {
			y = append(y, i)
		}
	}
	slices.Sort(x)
	slices.Sort(y)
	return x, y
}

// reorder computes the expected changes of every queued pair on the
// current table and sorts the queue by them.
func (r *Review) reorder() {
	r.base = r.estimate(r.counts)
	for k := range r.queue {
		it := &r.queue[k]
		pa, pb := r.personOf[it.A], r.personOf[it.B]
		it.Linked = pa == pb
		if it.Linked {
			it.Flip = 1 - it.Probability
			it.Minimum = it.Flip
		} else {
			it.Flip = it.Probability
			it.Minimum = -it.Flip
		}
		if it.verA != r.version[pa] || it.verB != r.version[pb] {
			if it.Linked {
				x, y := r.split(pa, it.A, it.B)
				it.change = tableChange{del: [2]uint32{r.pattern(r.members[pa])}, add: [2]uint32{r.pattern(x), r.pattern(y)}}
			} else {
				xa, xb := r.pattern(r.members[pa]), r.pattern(r.members[pb])
				it.change = tableChange{del: [2]uint32{min(xa, xb), max(xa, xb)}, add: [2]uint32{xa | xb}}
			}
			it.verA, it.verB = r.version[pa], r.version[pb]
		}
		ch := it.change
		after, ok := r.cache[ch]
		if !ok {
			after = r.estimate(r.changed(ch))
			r.cache[ch] = after
		}
		it.Estimate = it.Flip * (after - r.base)
	}
	slices.SortFunc(r.queue, func(x, y ReviewItem) int {
		return cmp.Or(cmp.Compare(magnitude(y.Estimate), magnitude(x.Estimate)),
			cmp.Compare(math.Abs(y.Minimum), math.Abs(x.Minimum)),
			cmp.Compare(y.Priority, x.Priority), cmp.Compare(x.A, y.A), cmp.Compare(x.B, y.B))
	})
}

// magnitude is |v|, with NaN (no estimate) ordered last.
func magnitude(v float64) float64 {
	if math.IsNaN(v) {
		return -1
	}
	return math.Abs(v)
}

// changed returns the current table with ch applied.
func (r *Review) changed(ch tableChange) []int64 {
	t := slices.Clone(r.counts)
	for _, p := range ch.del {
		if p != 0 {
			t[p]--
		}
	}
	for _, p := range ch.add {
		if p != 0 {
			t[p]++
		}
	}
	return t
}

// estimate returns the estimator's N̂ of a table, NaN when none exists.
func (r *Review) estimate(counts []int64) float64 {
	if len(r.lists) < 2 {
		return math.NaN()
	}
	if r.opt.Estimator == ReviewBestBIC {
		return BestBIC(r.lists, counts, r.opt.LogLinear)
	}
	return Independence(counts, len(r.lists))
}

// BestBIC returns N̂ of the hierarchical log-linear model best by BIC for
// the capture-history counts of lists (bit j for lists[j]), NaN when no
// model is usable.
func BestBIC(lists []string, counts []int64, opt mse.LogLinearOptions) float64 {
	t, err := mse.NewTable(lists, counts)
	if err != nil {
		return math.NaN()
	}
	res, err := mse.LogLinear(t, opt)
	if err != nil || res.BestBIC < 0 {
		return math.NaN()
	}
	return res.Models[res.BestBIC].NHat
}

// Independence returns N̂ of the log-linear model of J independent lists
// for capture-history counts indexed by pattern (Darroch 1958's M_t): the
// root N ≥ n of
//
//	N − n = N ∏_j (1 − n_j/N),
//
// found by bisection. It is NaN when no person is on two lists (N̂ is
// infinite) or nobody is observed, and n when a list saw everyone.
//
// Reference: J. N. Darroch (1958), The multiple-recapture census I:
// estimation of a closed population, Biometrika 45, 343–359.
func Independence(counts []int64, J int) float64 {
	var n float64
	nj := make([]float64, J)
	for p, c := range counts {
		if p == 0 || c == 0 {
			continue
		}
		n += float64(c)
		for j := range J {
			if p>>j&1 == 1 {
				nj[j] += float64(c)
			}
		}
	}
	var captures float64
	for _, x := range nj {
		captures += x
		if x >= n && n > 0 {
			return n
		}
	}
	if n == 0 || captures <= n {
		return math.NaN()
	}
	g := func(N float64) float64 {
		prod := N
		for _, x := range nj {
			prod *= 1 - x/N
		}
		return N - n - prod
	}
	lo, hi := n, 2*n
	for g(hi) < 0 {
		lo, hi = hi, 2*hi
		if hi > 1e15 {
			return math.NaN()
		}
	}
	for range 200 {
		mid := lo + (hi-lo)/2
		if g(mid) < 0 {
			lo = mid
		} else {
			hi = mid
		}
		if hi-lo < 1e-9*hi {
			break
		}
	}
	return lo + (hi-lo)/2
}

// String describes an item for a terminal: its expected changes.
func (it ReviewItem) String() string {
	est := "no estimate"
	if !math.IsNaN(it.Estimate) {
		est = fmt.Sprintf("estimate %+.1f", it.Estimate)
	}
	return fmt.Sprintf("expected change: %s, minimum %+.2f", est, it.Minimum)
}

// WorkspaceReview links the workspace's records in memory with the
// decisions in force (as [Link] does, without storing anything) and
// returns the review queue of the result, with the records in the order
// of the queue's indices and the linkage result.
func WorkspaceReview(ctx context.Context, s reckon.Store, cfg linkage.Config, opts linkage.Options, ropt ReviewOptions) (*Review, []*reckon.Record, *linkage.Result, error) {
	ptrs, err := s.Records(ctx, reckon.RecordFilter{})
	if err != nil {
		return nil, nil, nil, err
	}
	if len(ptrs) == 0 {
		return nil, nil, nil, errNoRecords
	}
	recs := make([]reckon.Record, len(ptrs))
	for i, r := range ptrs {
		recs[i] = *r
	}
	ds, err := s.Decisions(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	decisions := make([]linkage.Decision, len(ds))
	for i, d := range ds {
		decisions[i] = linkage.Decision{A: d.A.String(), B: d.B.String(), Same: d.Same}
	}
	res, err := linkage.Link(recs, decisions, cfg, opts)
	if err != nil {
		return nil, nil, nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, nil, nil, err
	}
	rv, err := NewReview(res, recs, ropt)
	if err != nil {
		return nil, nil, nil, err
	}
	return rv, ptrs, res, nil
}

// StoredReview builds the review queue of the workspace's latest link run
// from what the store keeps of it: its persons and its saved matches
// (those of probability at least MinStoredProbability). The queue is the
// undecided saved matches with a probability in [lo, hi]. It returns the
// queue and the ID of each record by its index in the queue. A workspace
// never linked is an error of code invalid.
func StoredReview(ctx context.Context, s reckon.Store, lo, hi float64, opt ReviewOptions) (*Review, []int64, error) {
	runs, err := s.LinkRuns(ctx)
	if err != nil {
		return nil, nil, err
	}
	if len(runs) == 0 {
		return nil, nil, reckon.Errorf(reckon.EINVALID, "no link run yet: run reckon link first")
	}
	ps, err := s.Persons(ctx, reckon.PersonFilter{})
	if err != nil {
		return nil, nil, err
	}
	var recs []reckon.Record
	var ids []int64
	var personOf []int
	index := map[int64]int{}
	for p, per := range ps {
		for _, r := range per.Records {
			index[r.ID] = len(recs)
			recs = append(recs, *r)
			ids = append(ids, r.ID)
			personOf = append(personOf, p)
		}
	}
	ms, err := s.Matches(ctx, MinStoredProbability, 1, 0)
	if err != nil {
		return nil, nil, err
	}
	ds, err := s.Decisions(ctx)
	if err != nil {
		return nil, nil, err
	}
	var decisions []linkage.Decision
	for _, d := range ds {
		decisions = append(decisions, linkage.Decision{A: d.A.String(), B: d.B.String(), Same: d.Same})
	}
	settled := linkage.NewSettled(decisions)
	var pairs, queue []linkage.Pair
	for _, m := range ms {
		a, okA := index[m.A]
		b, okB := index[m.B]
		if !okA || !okB || a == b {
			continue
		}
		p := linkage.Pair{A: min(a, b), B: max(a, b), Weight: m.Weight, Probability: m.Probability}
		pairs = append(pairs, p)
		if m.Probability < lo || m.Probability > hi || settled.Settles(recs[a].Key().String(), recs[b].Key().String()) {
			continue
		}
		// linkage's priority: the record pairs whose linked state the
		// decision is expected to change.
		pa, pb := ps[personOf[a]], ps[personOf[b]]
		if pa == pb {
			p.Priority = (1 - p.Probability) * float64(len(pa.Records)-1)
		} else {
			p.Priority = p.Probability * float64(len(pa.Records)*len(pb.Records))
		}
		queue = append(queue, p)
	}
	rv, err := newReview(recs, personOf, len(ps), pairs, queue, opt)
	if err != nil {
		return nil, nil, err
	}
	return rv, ids, nil
}
