package linkage

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/reckonhq/reckon"
)

// Decision is a person's judgement about two records, named by their
// RecordKey: the same person or not. Link respects every decision: two
// records decided the same are always one person, two decided not the same
// never are. Of several decisions on one pair the last holds; a decision
// naming a record not in the input is ignored and counted in
// Stats.UnknownDecisions; decisions whose must-links join two records
// decided apart are an error.
type Decision struct {
	A, B string
	Same bool
}

// Pair is a scored pair of records, named by their indices in the input,
// A < B.
type Pair struct {
	A, B        int
	Weight      float64 // match weight in bits, the sum of the field weights
	Probability float64 // posterior match probability
	// Priority orders the review list: the expected number of pairs of
	// records whose linked state a decision on this pair would change.
	Priority float64
}

// Person is one cluster of records.
type Person struct {
	// Key is the least RecordKey of the person's records: deterministic,
	// so a store can keep person ids stable across runs.
	Key string
	// Records are the indices of the person's records in the input,
	// ascending.
	Records []int
}

// Stats are the diagnostics of a run.
type Stats struct {
	Records   int
	Fields    []string // the compared fields, "column (kind)"
	Blocking  BlockStats
	Decisions int // decisions applied
	// UnknownDecisions counts decisions naming a record that is not in
	// the input; they are ignored.
	UnknownDecisions int
	Links            int // candidate pairs at or above the link threshold
	Components       int // groups of two or more linked records
	CutComponents    int // components larger than MaxComponent, cut at higher thresholds
	SplitComponents  int // components that clustering split into several persons
	Persons          int
	// Conflicts are the pairs that score at or above the link threshold
	// but are kept apart by decisions on other pairs: A = B and B ≠ C
	// keep C from A however alike they are. Each names the decisions to
	// look at again.
	Conflicts []Conflict `json:",omitempty"`
	// Warnings say where the result is less trustworthy than it looks:
	// a degenerate fit, an implausible match rate, pairs a block cap left
	// out. Every surface that shows the result shows them.
	Warnings []string `json:",omitempty"`
}

// Conflict is a pair of records that the model links and decisions keep
// apart through other pairs.
type Conflict struct {
	A, B        string  // record keys
	Probability float64 // the pair's match probability
	// Apart are the decisions that keep the two persons apart: each
	// decides a record of A's person not the same as a record of B's.
	Apart []Decision
}

// String says what conflicts and how to resolve it.
func (c Conflict) String() string {
	var ds []string
	for _, d := range c.Apart {
		ds = append(ds, d.A+" ≠ "+d.B)
	}
	return fmt.Sprintf("%s and %s match at %.4f but are kept apart by the decision %s together with decisions that join them to those records; decide one of these pairs again (reckon review) if they are the same person", c.A, c.B, c.Probability, strings.Join(ds, ", "))
}

// Result is the outcome of Link.
type Result struct {
	Model   *Model
	Persons []Person // ordered by Key
	// PersonOf is the index in Persons of each input record.
	PersonOf []int
	// Probability is, for each record, its mean posterior match
	// probability with the other records of its person; 0 for a person of
	// one record.
	Probability []float64
	// Review lists the uncertain pairs, their probability within
	// [ReviewLow, ReviewHigh] and not decided, most useful first.
	Review []Pair
	Stats  Stats

	data   *dataset
	pairs  []uint64
	logit  []float32
	cannot map[uint64]bool
	clus   clusterInput // what cluster saw, for Draw
}

// Pairs returns the candidate pairs with their weights and probabilities,
// in order of A then B.
func (r *Result) Pairs() []Pair {
	out := make([]Pair, len(r.pairs))
	prior := r.Model.Prior()
	for k, p := range r.pairs {
		l := float64(r.logit[k])
		out[k] = Pair{A: int(p >> 32), B: int(p & 0xffffffff), Weight: l - prior, Probability: logitProb(l)}
	}
	return out
}

// listOf numbers the lists of recs and returns each record's.
func listOf(recs []reckon.Record) []int32 {
	ids := map[string]int32{}
	out := make([]int32, len(recs))
	for i := range recs {
		id, ok := ids[recs[i].List]
		if !ok {
			id = int32(len(ids))
			ids[recs[i].List] = id
		}
		out[i] = id
	}
	return out
}

// sessionPairs is the number of pairs of each blocking rule that EM
// estimates the model from.
const sessionPairs = 30_000

// Link finds which of recs are the same person: it prepares the records,
// blocks them into candidate pairs, compares each pair field by field,
// fits the Fellegi–Sunter model by EM, scores the pairs and clusters the
// records into persons, respecting decisions. The same records, decisions,
// configuration and Rand state give the same result.
//
// Records are identified by RecordKey in decisions and person keys; two
// records with the same key are an error. Link returns an error of code
// invalid for a bad configuration, a repeated key or decisions that
// contradict each other.
func Link(recs []reckon.Record, decisions []Decision, cfg Config, opts Options) (*Result, error) {
	if len(recs) >= math.MaxInt32 {
		return nil, reckon.Errorf(reckon.EINVALID, "linkage: %d records, at most %d", len(recs), math.MaxInt32-1)
	}
	autoBlocking, autoFields := cfg.Blocking == nil, cfg.Fields == nil
	cfg = cfg.defaults()
	fields, err := cfg.resolveFields(recs)
	if err != nil {
		return nil, err
	}
	if autoBlocking {
		// The default rules that the fields allow, and rules on the
		// attributes chosen by default.
		cfg.Blocking = usableRules(scaleRules(cfg.Blocking, len(recs)), fields)
		if autoFields {
			cfg.Blocking = append(cfg.Blocking, attributeRules(recs, fields)...)
		}
		if len(cfg.Blocking) == 0 {
			return nil, reckon.Errorf(reckon.EINVALID, "linkage config: no default blocking rule applies to the fields: set blocking")
		}
	}
	run := newRunner(opts)
	rng := opts.Rand
	if rng == nil {
		rng = rand.New(rand.NewPCG(1, 2))
	}

	d := prepare(recs, fields, nil, run)
	d.buildMatrices(cfg.TextClose, run)
	index := make(map[string]int32, len(recs))
	for i, k := range d.keys {
		if _, dup := index[k]; dup {
			return nil, reckon.Errorf(reckon.EINVALID, "linkage: record %q appears twice", k)
		}
		index[k] = int32(i)
	}
	must, cannot, applied, unknown, err := resolveDecisions(decisions, index)
	if err != nil {
		return nil, err
	}
	rules, err := d.compileRules(cfg.Blocking)
	if err != nil {
		return nil, err
	}

	pairs, samples, bst := d.block(rules, cfg.MaxBlock, cfg.Window, sessionPairs, run)
	// Only blocking reads the blocking hashes of the name keys and the
	// rules' key functions that hold them: they go before scoring, so
	// that the collector's goal during scoring does not count them.
	d.famH, d.givH, d.nameH = nil, nil, nil
	for k := range rules {
		rules[k].parts = nil
	}
	sample := cfg.SamplePairs
	if sample == 0 {
		sample = min(max(10*d.n, 50_000), 200_000)
	}
	uCounts, randomPairs := d.sampleU(sample, rng, cfg.NameClose, cfg.TextClose, run)
	model := fit(d, cfg, rules, samples, uCounts, randomPairs, run)
	samples = nil

	logit := make([]float32, len(pairs))
	const scoreChunk = 1 << 14
	touched := make([]int, (len(pairs)+scoreChunk-1)/scoreChunk)
	run.parallel("score", len(pairs), scoreChunk, func(lo, hi int) {
		var t int
		for k := lo; k < hi; k++ {
			t += d.touchAhead(pairs, k, hi)
			p := pairs[k]
			c := d.compare(int(p>>32), int(p&0xffffffff), cfg.NameClose, cfg.TextClose)
			logit[k] = float32(model.weight(c))
		}
		touched[lo/scoreChunk] = t
	})
	touched = nil
	model.fitLambda(logit, float64(d.n)*float64(d.n-1)/2)
	prior := model.Prior()
	for k := range logit {
		logit[k] += float32(prior)
	}
	// Blocking: the expected matches among the pairs a block cap left out.
	bst.LeftOutMatches = leftOutMatches(bst.leftOutSample, func(i, j int) float64 {
		return model.weight(d.compare(i, j, cfg.NameClose, cfg.TextClose)) + prior
	})

	thr := math.Log2(cfg.LinkThreshold / (1 - cfg.LinkThreshold))
	list := listOf(recs)
	compete(pairs, logit, list, d.n, thr, run)
	links := 0
	for _, l := range logit {
		if float64(l) >= thr {
			links++
		}
	}
	in := clusterInput{
		n:      d.n,
		pairs:  pairs,
		logit:  logit,
		must:   must,
		cannot: cannot,
		score: func(i, j int) float64 {
			c := d.compare(i, j, cfg.NameClose, cfg.TextClose)
			return model.weight(c) + prior
		},
		threshold: thr,
		prior:     prior,
		list:      list,
		maxComp:   cfg.MaxComponent,
	}
	label, prob, cst := cluster(in, run)

	res := &Result{Model: model, Probability: prob, data: d, pairs: pairs, logit: logit, cannot: cannot, clus: in}
	res.Persons, res.PersonOf = persons(label, d.keys)
	conflicts := res.conflicts(thr)
	res.Review = review(pairs, logit, prior, res.PersonOf, res.Persons, cannot, must, cfg)
	res.Stats = Stats{
		Records:          d.n,
		Blocking:         bst,
		Decisions:        applied,
		UnknownDecisions: unknown,
		Links:            links,
		Components:       cst.components,
		CutComponents:    cst.cut,
		SplitComponents:  cst.split,
		Persons:          len(res.Persons),
		Conflicts:        conflicts,
		Warnings:         slices.Clone(model.Warnings),
	}
	if w := bst.LeftOutWarning(); w != "" {
		res.Stats.Warnings = append(res.Stats.Warnings, w)
	}
	if len(conflicts) > 0 {
		res.Stats.Warnings = append(res.Stats.Warnings, fmt.Sprintf("%d pairs that the model links are kept apart by decisions on other pairs (first: %s)", len(conflicts), conflicts[0]))
	}
	for _, f := range fields {
		res.Stats.Fields = append(res.Stats.Fields, f.String())
	}
	return res, nil
}

// resolveDecisions turns decisions into must-link and cannot-link pairs of
// record indices, and checks that no chain of must-links joins two
// records decided apart. A later decision on the same pair overrides an
// earlier one.
func resolveDecisions(ds []Decision, index map[string]int32) (must [][2]int32, cannot map[uint64]bool, applied, unknown int, err error) {
	last := map[uint64]bool{}
	var order []uint64
	for _, dc := range ds {
		a, okA := index[dc.A]
		b, okB := index[dc.B]
		if !okA || !okB {
			unknown++
			continue
		}
		if a == b {
			if !dc.Same {
				return nil, nil, 0, 0, reckon.Errorf(reckon.EINVALID, "linkage: decision says record %q is not itself", dc.A)
			}
			continue
		}
		if a > b {
			a, b = b, a
		}
		key := uint64(a)<<32 | uint64(b)
		if _, seen := last[key]; !seen {
			order = append(order, key)
		}
		last[key] = dc.Same
	}
	cannot = map[uint64]bool{}
	uf := newUnionFind(len(index))
	for _, key := range order {
		a, b := int32(key>>32), int32(key&0xffffffff)
		if last[key] {
			must = append(must, [2]int32{a, b})
			uf.union(a, b)
		} else {
			cannot[key] = true
		}
		applied++
	}
	keys := make([]string, len(index))
	for k, i := range index {
		keys[i] = k
	}
	for _, key := range order {
		a, b := int32(key>>32), int32(key&0xffffffff)
		if !last[key] && uf.find(a) == uf.find(b) {
			return nil, nil, 0, 0, reckon.Errorf(reckon.EINVALID, "linkage: decisions contradict: %q and %q are decided apart but joined by decisions that they are the same", keys[a], keys[b])
		}
	}
	return must, cannot, applied, unknown, nil
}

// persons turns cluster labels into persons ordered by key.
func persons(label []int32, keys []string) ([]Person, []int) {
	// Records by label (a label is the least record of its cluster).
	size := make([]int32, len(label))
	for _, l := range label {
		size[l]++
	}
	var out []Person
	at := make([]int32, len(label))
	for l, n := range size {
		if n > 0 {
			at[l] = int32(len(out))
			out = append(out, Person{Records: make([]int, 0, n)})
		}
	}
	for i, l := range label {
		p := &out[at[l]]
		p.Records = append(p.Records, i)
		if p.Key == "" || keys[i] < p.Key {
			p.Key = keys[i]
		}
	}
	slices.SortFunc(out, func(a, b Person) int {
		if c := cmp.Compare(a.Key, b.Key); c != 0 {
			return c
		}
		return cmp.Compare(a.Records[0], b.Records[0])
	})
	personOf := make([]int, len(label))
	for p, per := range out {
		for _, i := range per.Records {
			personOf[i] = p
		}
	}
	return out, personOf
}

// review lists the undecided candidate pairs whose probability is in the
// review band, by the expected number of record pairs whose linked state
// a decision would change: for two records of one person, (1−p) times the
// other records of that person; for two persons, p times the product of
// their sizes.
func review(pairs []uint64, logit []float32, prior float64, personOf []int, ps []Person, cannot map[uint64]bool, must [][2]int32, cfg Config) []Pair {
	lo := math.Log2(cfg.ReviewLow / (1 - cfg.ReviewLow))
	hi := math.Log2(cfg.ReviewHigh / (1 - cfg.ReviewHigh))
	decided := make(map[uint64]bool, len(cannot)+len(must))
	for k := range cannot {
		decided[k] = true
	}
	// Decisions also settle pairs they reach through other pairs: A = B
	// and B = C settle A = C, and A = B with B ≠ C settle A ≠ C. Such a
	// pair is not offered, as answering it against the decisions would
	// contradict them.
	uf := newUnionFind(len(personOf))
	for _, m := range must {
		decided[uint64(m[0])<<32|uint64(m[1])] = true
		uf.union(m[0], m[1])
	}
	apart := make(map[[2]int32]bool, len(cannot))
	for k := range cannot {
		x, y := uf.find(int32(k>>32)), uf.find(int32(k&0xffffffff))
		apart[[2]int32{min(x, y), max(x, y)}] = true
	}
	var out []Pair
	for k, p := range pairs {
		l := float64(logit[k])
		if l < lo || l > hi || decided[p] {
			continue
		}
		a, b := int(p>>32), int(p&0xffffffff)
		if x, y := uf.find(int32(a)), uf.find(int32(b)); x == y || apart[[2]int32{min(x, y), max(x, y)}] {
			continue
		}
		pr := logitProb(l)
		var prio float64
		if pa, pb := personOf[a], personOf[b]; pa == pb {
			prio = (1 - pr) * float64(len(ps[pa].Records)-1)
		} else {
			prio = pr * float64(len(ps[pa].Records)*len(ps[pb].Records))
		}
		out = append(out, Pair{A: a, B: b, Weight: l - prior, Probability: pr, Priority: prio})
	}
	slices.SortFunc(out, func(x, y Pair) int {
		if c := cmp.Compare(y.Priority, x.Priority); c != 0 {
			return c
		}
		if c := cmp.Compare(x.A, y.A); c != 0 {
			return c
		}
		return cmp.Compare(x.B, y.B)
	})
	if cfg.ReviewLimit > 0 && len(out) > cfg.ReviewLimit {
		out = out[:cfg.ReviewLimit]
	}
	return out
}

// Apart returns the decisions that keep records i and j in different
// persons: the not-same decisions between a record of i's person and a
// record of j's. It is empty when i and j are one person, or when the
// evidence, not a decision, parted them.
func (r *Result) Apart(i, j int) []Decision {
	pi, pj := r.PersonOf[i], r.PersonOf[j]
	if pi == pj {
		return nil
	}
	var out []Decision
	for k := range r.cannot {
		a, b := int(k>>32), int(k&0xffffffff)
		pa, pb := r.PersonOf[a], r.PersonOf[b]
		if pa == pi && pb == pj || pa == pj && pb == pi {
			out = append(out, Decision{A: r.data.keys[a], B: r.data.keys[b]})
		}
	}
	slices.SortFunc(out, func(x, y Decision) int { return cmp.Or(cmp.Compare(x.A, y.A), cmp.Compare(x.B, y.B)) })
	return out
}

// conflicts returns the candidate pairs at or above the link threshold
// thr (log-odds) that decisions on other pairs keep apart, most probable
// first.
func (r *Result) conflicts(thr float64) []Conflict {
	if len(r.cannot) == 0 {
		return nil
	}
	persons := map[int]bool{}
	for k := range r.cannot {
		persons[r.PersonOf[int(k>>32)]] = true
		persons[r.PersonOf[int(k&0xffffffff)]] = true
	}
	var out []Conflict
	seen := map[[2]int]bool{}
	for k, p := range r.pairs {
		a, b := int(p>>32), int(p&0xffffffff)
		pa, pb := r.PersonOf[a], r.PersonOf[b]
		if float64(r.logit[k]) < thr || pa == pb || !persons[pa] || !persons[pb] || r.cannot[p] {
			continue
		}
		key := [2]int{min(pa, pb), max(pa, pb)}
		if seen[key] {
			continue
		}
		if apart := r.Apart(a, b); len(apart) > 0 {
			seen[key] = true
			out = append(out, Conflict{A: r.data.keys[a], B: r.data.keys[b], Probability: logitProb(float64(r.logit[k])), Apart: apart})
		}
	}
	slices.SortFunc(out, func(x, y Conflict) int {
		return cmp.Or(cmp.Compare(y.Probability, x.Probability), cmp.Compare(x.A, y.A), cmp.Compare(x.B, y.B))
	})
	return out
}

// Settled tells which pairs of records a set of decisions settles,
// directly or through other pairs: A = B and B = C settle A = C; A = B
// and B ≠ C settle A ≠ C. A review queue leaves such pairs out, since an
// answer against them would contradict the decisions.
type Settled struct {
	parent map[string]string
	apart  map[[2]string]bool
}

// NewSettled returns the pairs that decisions settle. Of several
// decisions on one pair the last holds.
func NewSettled(ds []Decision) *Settled {
	last := map[[2]string]bool{}
	for _, d := range ds {
		last[[2]string{min(d.A, d.B), max(d.A, d.B)}] = d.Same
	}
	s := &Settled{parent: map[string]string{}, apart: map[[2]string]bool{}}
	for k, same := range last {
		if same {
			s.parent[s.root(k[0])] = s.root(k[1])
		}
	}
	for k, same := range last {
		if !same {
			x, y := s.root(k[0]), s.root(k[1])
			s.apart[[2]string{min(x, y), max(x, y)}] = true
		}
	}
	return s
}

func (s *Settled) root(k string) string {
	for {
		p, ok := s.parent[k]
		if !ok || p == k {
			return k
		}
		if g, ok := s.parent[p]; ok {
			s.parent[k] = g // path halving
		}
		k = p
	}
}

// Settles reports whether the decisions settle the pair of records a
// and b (record keys), directly or through other pairs.
func (s *Settled) Settles(a, b string) bool {
	x, y := s.root(a), s.root(b)
	return x == y || s.apart[[2]string{min(x, y), max(x, y)}]
}
