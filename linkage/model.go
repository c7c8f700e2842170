package linkage

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

// Model is a fitted Fellegi–Sunter model: for each field and level of
// agreement, the probability of that level among matches (M) and among
// non-matches (U), and the prior probability that two records are the
// same person.
//
// The match weight of a pair is the sum over fields of log2(M/U) for the
// level the pair is at; missing values weigh nothing. For the name fields
// at the key and exact levels U is replaced by the frequency f of the
// name agreed on among the records (term-frequency adjustment), so that
// agreeing on Kim weighs log2(M/0.2) and agreeing on a rare name much
// more. The posterior match probability is
//
//	p = 1 / (1 + 2^−(w + log2(λ/(1−λ))))
//
// with λ the probability that two records drawn at random match.
//
// References: I. P. Fellegi and A. B. Sunter, "A theory for record
// linkage", JASA 64 (1969); W. E. Winkler, "Using the EM algorithm for
// weight computation in the Fellegi–Sunter model of record linkage",
// Proc. Section on Survey Research Methods, ASA (1988); the
// term-frequency adjustment follows Winkler (1989) and Splink's
// u = frequency of the value.
type Model struct {
	Fields []FieldModel
	// Lambda is the probability that two records drawn at random are the
	// same person: the matches EM expects among the candidate pairs over
	// all pairs.
	Lambda float64
	// CandidateLambda is the share of matches among the candidate pairs,
	// as EM estimated it.
	CandidateLambda float64
	// Sessions are the EM runs M was estimated from, one per blocking
	// rule; Iterations is their iterations in all.
	Sessions   []Session
	Iterations int
	// Records is the number of records the model was fitted on, and
	// RandomPairs the number of random pairs U was estimated from.
	Records     int
	RandomPairs int
	// Warnings say where the fit was degenerate or implausible and what
	// was used instead: a field's prior M, or the prior match rate.
	Warnings []string

	cfg Config
	tf  *termFreq
}

// FieldModel is the fitted parameters of one field.
type FieldModel struct {
	Field
	// Levels is indexed by level, from missing (always M = U = 1 and
	// Weight 0) to the best level of the kind. Weight is log2(M/U) within
	// the constraints of agreement (see Model).
	Levels []Level
	// TermFrequency says whether agreement at the key and exact levels
	// is weighed by the frequency of the value agreed on; AgreeM and AgreeU
	// are then the probabilities of agreeing at either level among matches
	// and non-matches (a value agreed on in the same script and across
	// scripts is the same evidence).
	TermFrequency  bool
	AgreeM, AgreeU float64
	// Prior says that the field's M is the prior of its kind because EM's
	// estimate was degenerate or there were too few pairs.
	Prior bool

	agreeFrom int // first level of term-frequency adjustment
}

// Level is one level of agreement of a field.
type Level struct {
	Name   string
	M, U   float64
	Weight float64 // log2(M/U)
}

// Prior returns log2(λ/(1−λ)), the match weight of a pair about which
// nothing is known.
func (m *Model) Prior() float64 { return math.Log2(m.Lambda / (1 - m.Lambda)) }

// Probability returns the posterior match probability of a pair of match
// weight w.
func (m *Model) Probability(w float64) float64 {
	return 1 / (1 + math.Exp2(-(w + m.Prior())))
}

// weight returns the match weight of a comparison.
func (m *Model) weight(c comparison) float64 {
	w := 0.0
	for fi := range m.Fields {
		if l := c.level(fi); l != levelMissing {
			w += m.fieldWeight(fi, l, float64(c.f[fi]))
		}
	}
	return w
}

// fieldWeight returns the weight of field fi at level l, for a pair that
// agrees on a value of frequency f among the records (0 when unknown or
// not adjusted).
func (m *Model) fieldWeight(fi, l int, f float64) float64 {
	fm := &m.Fields[fi]
	if f > 0 && fm.TermFrequency && l >= fm.agreeFrom {
		return max(m.tfWeight(fm.AgreeM, f, fm.AgreeU), 0)
	}
	return fm.Levels[l].Weight
}

// tfWeight is log2(M/f) for a value of frequency f among the records,
// agreed on at the levels whose probability is M among matches and U
// among non-matches in all: among matches the value is agreed on with
// probability M·f, among non-matches with probability f², so the ratio is
// M/f. f is shrunk towards U by tfPrior pseudo-records, which matters
// only with few records, and is at least one record in all.
func (m *Model) tfWeight(mProb, f, u float64) float64 {
	return math.Log2(mProb / m.tfFreq(f, u))
}

// tfFreq is the frequency tfWeight divides by.
func (m *Model) tfFreq(f, u float64) float64 {
	n := float64(max(m.Records, 1))
	return max((f*n+tfPrior*u)/(n+tfPrior), 1/n)
}

// tfPrior is the weight, in records, of U in a value's frequency.
const tfPrior = 10

// agreement says, for each kind, from which level a pair agrees on the
// field (by any spelling), and which levels are plain disagreement.
// Agreement never counts against a match and a better level of
// agreement never weighs less than a worse one; disagreement never counts
// for a match. These constraints hold whatever EM estimates, so that a
// fit on data unlike the priors (most true pairs across scripts, a place
// almost every record shares) cannot turn agreement into evidence
// against.
var agreement = map[Kind]struct {
	from, tf int   // first agreeing level; first level of term-frequency adjustment (0: none)
	against  []int // levels of disagreement
	chain    []int // agreeing levels whose weights must not decrease, in order
}{
	KindName:  {from: nameInitial, tf: nameKey, against: []int{nameDifferent}, chain: []int{nameInitial, nameClose, nameKey, nameExact}},
	KindDate:  {from: dateYear, against: []int{dateDifferent, dateYearOther}, chain: []int{dateYear, dateMonth, dateClose, dateDay}},
	KindPlace: {from: textPartial, tf: textKey, against: []int{textDifferent}, chain: []int{textPartial, textClose, textKey, textExact}},
	KindText:  {from: textPartial, tf: textKey, against: []int{textDifferent}, chain: []int{textPartial, textClose, textKey, textExact}},
	KindUnit:  {from: textPartial, tf: textKey, against: []int{textDifferent}, chain: []int{textPartial, textClose, textKey, textExact}},
	KindRank:  {from: textPartial, tf: textKey, against: []int{textDifferent}, chain: []int{textPartial, textClose, textKey, textExact}},
	KindExact: {from: exactSame, against: []int{exactDifferent}, chain: []int{exactSame}},
}

// constrain applies the constraints of agreement to the weights of fm.
func (fm *FieldModel) constrain() {
	a, ok := agreement[fm.Kind]
	if !ok || fm.Column == ColList {
		return // most matches are across lists: a different list is for a match
	}
	for _, l := range a.against {
		fm.Levels[l].Weight = min(fm.Levels[l].Weight, 0)
	}
	floor := 0.0
	for _, l := range a.chain {
		fm.Levels[l].Weight = max(fm.Levels[l].Weight, floor)
		floor = fm.Levels[l].Weight
	}
}

// initialM is where EM starts M, by kind, from worst level to best
// (missing excluded).
var initialM = map[Kind][]float64{
	KindName:  {0.03, 0.01, 0.03, 0.02, 0.07, 0.45, 0.39},
	KindDate:  {0.03, 0.04, 0.02, 0.06, 0.02, 0.08, 0.10, 0.65},
	KindPlace: {0.15, 0.10, 0.10, 0.15, 0.50},
	KindText:  {0.15, 0.10, 0.10, 0.15, 0.50},
	KindUnit:  {0.10, 0.15, 0.05, 0.30, 0.40},
	KindRank:  {0.10, 0.20, 0.05, 0.25, 0.40},
	KindExact: {0.10, 0.90},
}

// datePriorM returns the prior M of a date field over its levels
// (missing first, set to 1): how matches compare, given the precisions of
// the field's dates. Two dates compare only as far as the less precise
// one is known, so among matches the share of each level depends on how
// many dates are known to the year, month or day; with precision
// independent of matching, the pair's least precision is distributed
// among matches as among all pairs.
func datePriorM(col []int32) []float64 {
	var nY, nM, nD float64
	for _, v := range col {
		if v == 0 {
			continue
		}
		switch _, m, d := unpackDate(v); {
		case m == 0:
			nY++
		case d == 0:
			nM++
		default:
			nD++
		}
	}
	m := make([]float64, len(levelNames[KindDate]))
	m[0] = 1
	n := nY + nM + nD
	if n == 0 {
		copy(m[1:], initialM[KindDate])
		return m
	}
	qY, qD := nY/n, nD/n
	pY := 1 - (1-qY)*(1-qY) // the less precise date is known to the year
	pD := qD * qD           // both to the day
	pM := max(1-pY-pD, 0)   // the less precise to the month
	for l, v := range dateGivenYear {
		m[l] += pY * v
	}
	for l, v := range dateGivenMonth {
		m[l] += pM * v
	}
	for l, v := range dateGivenDay {
		m[l] += pD * v
	}
	return m
}

// The prior distribution of date levels among matches whose less precise
// date is known to the year, the month and the day.
var (
	dateGivenYear  = map[int]float64{dateDifferent: 0.04, dateNear: 0.08, dateYear: 0.88}
	dateGivenMonth = map[int]float64{dateDifferent: 0.03, dateNear: 0.05, dateYearOther: 0.04, dateClose: 0.02, dateMonth: 0.86}
	dateGivenDay   = map[int]float64{dateDifferent: 0.03, dateNear: 0.04, dateYearOther: 0.02, dateMonthOther: 0.03, dateClose: 0.10, dateDay: 0.78}
)

// sampleU compares random pairs of records and returns, per field and
// level, how often each level occurs (missing excluded), and the number
// of pairs compared. When there are no more distinct pairs than want,
// every pair is compared.
func (d *dataset) sampleU(want int, rng *rand.Rand, nameClose, textClose float64, run *runner) ([][]float64, int) {
	n := d.n
	all := n * (n - 1) / 2
	var pairs []uint64
	if n >= 2 && all <= want {
		pairs = make([]uint64, 0, all)
		for i := range n {
			for j := i + 1; j < n; j++ {
				pairs = append(pairs, uint64(i)<<32|uint64(j))
			}
		}
	} else if n >= 2 {
		pairs = make([]uint64, want)
		for k := range pairs {
			i := rng.IntN(n)
			j := rng.IntN(n - 1)
			if j >= i {
				j++
			}
			pairs[k] = uint64(i)<<32 | uint64(j)
		}
	}
	const chunk = 8192
	nchunks := (len(pairs) + chunk - 1) / chunk
	partial := make([][][]float64, nchunks)
	run.parallel("sample", len(pairs), chunk, func(lo, hi int) {
		counts := d.levelCounts()
		for _, p := range pairs[lo:hi] {
			c := d.compare(int(p>>32), int(p&0xffffffff), nameClose, textClose)
			for fi := range d.fields {
				if l := c.level(fi); l != levelMissing {
					counts[fi][l]++
				}
			}
		}
		partial[lo/chunk] = counts
	})
	counts := d.levelCounts()
	for _, pc := range partial {
		for fi := range pc {
			for l := range pc[fi] {
				counts[fi][l] += pc[fi][l]
			}
		}
	}
	return counts, len(pairs)
}

// levelCounts returns zeroed counts, one slice of levels per field.
func (d *dataset) levelCounts() [][]float64 {
	c := make([][]float64, len(d.fields))
	for fi, f := range d.fields {
		c[fi] = make([]float64, len(f.Kind.levels()))
	}
	return c
}

// initialU is the prior of U, by kind, from worst level to best (missing
// excluded): what random pairs of records of a typical list look like.
// It is worth uPrior pairs, so it matters only when there are few records.
var initialU = map[Kind][]float64{
	KindName:  {0.855, 0.015, 0.03, 0.005, 0.02, 0.05, 0.025},
	KindDate:  {0.80, 0.10, 0.05, 0.02, 0.013, 0.005, 0.0015, 0.0005},
	KindPlace: {0.85, 0.05, 0.03, 0.04, 0.03},
	KindText:  {0.85, 0.05, 0.03, 0.04, 0.03},
	KindUnit:  {0.70, 0.15, 0.02, 0.08, 0.05},
	KindRank:  {0.50, 0.25, 0.02, 0.13, 0.10},
	KindExact: {0.5, 0.5},
}

const uPrior = 50

// smooth turns the level counts of random pairs into probabilities over
// the levels other than missing, with the prior initialU of the kind;
// level 0 is set to 1.
func smooth(counts []float64, kind Kind) []float64 {
	p := make([]float64, len(counts))
	prior := initialU[kind]
	total := 0.0
	for l := 1; l < len(counts); l++ {
		total += counts[l] + uPrior*prior[l-1]
	}
	p[0] = 1
	for l := 1; l < len(counts); l++ {
		p[l] = (counts[l] + uPrior*prior[l-1]) / total
	}
	return p
}

// emResult is what EM returns.
type emResult struct {
	m, u       [][]float64
	mCounts    [][]float64 // expected pairs of each level in the match class
	uCounts    [][]float64 // and in the non-match class
	lambda     float64
	iterations int
	converged  bool
}

// em fits a two-class latent class model to comparison vectors with
// conditional independence between fields: the match class with level
// probabilities m, the non-match class with u, and the share of matches
// lambda; with fixU, u stays at u0. pats are distinct patterns (4 bits a field, level 0 missing and
// ignored) and counts their multiplicities; nlev[f] is the number of
// levels of field f, missing included. m0 and u0 start EM and are also its
// Dirichlet priors, each worth prior pairs in all, so that a level no
// pair shows keeps a small probability and EM cannot collapse onto it.
//
// References: W. E. Winkler (1988), cited at Model; A. P. Dempster, N. M.
// Laird and D. B. Rubin, "Maximum likelihood from incomplete data via the
// EM algorithm", JRSS B 39 (1977).
func em(pats []uint64, counts []float64, nlev []int, m0, u0 [][]float64, lambda0 float64, prior float64, maxIter int, fixU bool) emResult {
	nf := len(nlev)
	m := cloneTable(m0)
	u := cloneTable(u0)
	lambda := lambda0
	am := zeroTable(nlev)
	au := zeroTable(nlev)
	logm := zeroTable(nlev)
	logu := zeroTable(nlev)
	res := emResult{}
	for it := 1; it <= maxIter; it++ {
		for f := range nf {
			for l := 1; l < nlev[f]; l++ {
				logm[f][l] = math.Log(m[f][l])
				logu[f][l] = math.Log(u[f][l])
			}
			clear(am[f])
			clear(au[f])
		}
		lm0, lu0 := math.Log(lambda), math.Log(1-lambda)
		sumG, sumN := 0.0, 0.0
		for k, p := range pats {
			lm, lu := lm0, lu0
			for f := range nf {
				if l := int(p >> (4 * f) & 15); l != 0 {
					lm += logm[f][l]
					lu += logu[f][l]
				}
			}
			g := 1 / (1 + math.Exp(lu-lm))
			c := counts[k]
			cg, cn := c*g, c*(1-g)
			sumG += cg
			sumN += c
			for f := range nf {
				if l := int(p >> (4 * f) & 15); l != 0 {
					am[f][l] += cg
					au[f][l] += cn
				}
			}
		}
		delta := 0.0
		for f := range nf {
			delta = max(delta, mStep(m[f], am[f], m0[f], prior))
			if !fixU {
				delta = max(delta, mStep(u[f], au[f], u0[f], prior))
			}
		}
		newLambda := min(max(sumG/max(sumN, 1), 1e-9), 1-1e-9)
		delta = max(delta, math.Abs(newLambda-lambda))
		lambda = newLambda
		res.iterations = it
		if delta < 1e-7 {
			res.converged = true
			break
		}
	}
	res.m, res.u, res.lambda, res.mCounts, res.uCounts = m, u, lambda, am, au
	return res
}

// mStep sets p to the posterior-mean level probabilities from expected
// counts a and a Dirichlet prior of weight prior centred on p0, clamped
// away from 0, and returns the largest change.
func mStep(p, a, p0 []float64, prior float64) float64 {
	total := prior
	for l := 1; l < len(a); l++ {
		total += a[l]
	}
	delta := 0.0
	sum := 0.0
	for l := 1; l < len(a); l++ {
		v := max((a[l]+prior*p0[l])/total, 1e-6)
		delta = max(delta, math.Abs(v-p[l]))
		p[l] = v
		sum += v
	}
	for l := 1; l < len(a); l++ {
		p[l] /= sum
	}
	return delta
}

func zeroTable(nlev []int) [][]float64 {
	t := make([][]float64, len(nlev))
	for f, n := range nlev {
		t[f] = make([]float64, n)
	}
	return t
}

func cloneTable(t [][]float64) [][]float64 {
	out := make([][]float64, len(t))
	for f := range t {
		out[f] = slices.Clone(t[f])
	}
	return out
}

// mFloor is the least M of a level: however rarely EM saw matches
// disagree on a field, a typo can make them, and one disagreement must
// not outweigh all other evidence.
const mFloor = 0.005

// minEvidence is the number of pairs among matches below which a level is
// too rare to count for a match.
const minEvidence = 3

// floorM returns m with every level but missing at least mFloor, summing
// to 1 again.
func floorM(m []float64) []float64 {
	out := slices.Clone(m)
	sum := 0.0
	for l := 1; l < len(out); l++ {
		out[l] = max(out[l], mFloor)
		sum += out[l]
	}
	for l := 1; l < len(out); l++ {
		out[l] /= sum
	}
	return out
}

// Session is one EM run of model estimation: the sampled pairs of one
// blocking rule, with the fields the rule blocks on left out.
type Session struct {
	Rule       string
	Pairs      int
	Lambda     float64 // share of matches among the rule's pairs
	Iterations int
	Converged  bool
	// Collapsed says EM put nearly all of a large rule's pairs among the
	// matches; the session is left out of M.
	Collapsed bool `json:",omitempty"`
}

// A session whose EM finds more than maxSessionLambda of at least
// collapseCheckPairs pairs to be matches has collapsed.
const (
	maxSessionLambda   = 0.9
	collapseCheckPairs = 1000
)

// fit estimates M by EM, one session per blocking rule in the manner of
// Splink: within the pairs of a rule, the fields the rule blocks on agree
// by construction and are left out, U is held at its value from random
// pairs (non-matches that share a block key are, on the other fields,
// like random pairs), and EM estimates M and the share of matches. A
// field's M is the mean over the sessions that estimate it, weighted by
// their expected matches; a field that every rule blocks on keeps the
// initial M of its kind.
func fit(d *dataset, cfg Config, rules []compiledRule, samples [][]uint64, uCounts [][]float64, randomPairs int, run *runner) *Model {
	nf := len(d.fields)
	nlev := make([]int, nf)
	m0 := make([][]float64, nf)
	u0 := make([][]float64, nf)
	for fi, f := range d.fields {
		nlev[fi] = len(f.Kind.levels())
		m0[fi] = append([]float64{1}, initialM[f.Kind]...)
		if f.Kind == KindDate {
			m0[fi] = datePriorM(d.cols[fi])
		}
		if f.Column == ColList {
			// Most matches are across lists.
			m0[fi] = []float64{1, 0.8, 0.2}
		}
		u0[fi] = smooth(uCounts[fi], f.Kind)
	}
	acc := zeroTable(nlev)
	evidence := zeroTable(nlev)
	wsum := make([]float64, nf)
	mod := &Model{Records: d.n, RandomPairs: randomPairs, cfg: cfg, tf: d.tf}
	for ri, rule := range rules {
		pairs := samples[ri]
		var mask uint64
		for _, fi := range rule.fields {
			mask |= 15 << (4 * fi)
		}
		pats := make([]uint64, len(pairs))
		run.parallel("sessions", len(pairs), 1<<12, func(lo, hi int) {
			for k := lo; k < hi; k++ {
				p := pairs[k]
				pats[k] = d.compare(int(p>>32), int(p&0xffffffff), cfg.NameClose, cfg.TextClose).pat &^ mask
			}
		})
		slices.Sort(pats)
		var distinct []uint64
		var counts []float64
		for _, p := range pats {
			if n := len(distinct); n > 0 && distinct[n-1] == p {
				counts[n-1]++
				continue
			}
			distinct = append(distinct, p)
			counts = append(counts, 1)
		}
		ses := Session{Rule: rule.text, Pairs: len(pairs)}
		if len(pairs) >= minSessionPairs {
			r := em(distinct, counts, nlev, m0, u0, 0.3, emPrior, cfg.MaxIterations, false)
			ses.Lambda, ses.Iterations, ses.Converged = r.lambda, r.iterations, r.converged
			// A session informs M by telling matches from non-matches:
			// its weight is its pairs times λ(1−λ), largest when both
			// classes are well filled. A session that put nearly every
			// pair of a large rule among matches has collapsed (block-mates
			// that are not matches differ from random pairs, and with U
			// held EM can absorb them into M): it is left out.
			e := float64(len(pairs)) * r.lambda * (1 - r.lambda)
			if r.lambda > maxSessionLambda && len(pairs) >= collapseCheckPairs {
				ses.Collapsed, e = true, 0
			}
			for fi := range nf {
				if mask>>(4*fi)&15 != 0 {
					continue
				}
				if e == 0 {
					continue
				}
				wsum[fi] += e
				for l := 1; l < nlev[fi]; l++ {
					acc[fi][l] += e * r.m[fi][l]
					evidence[fi][l] += r.mCounts[fi][l]
				}
			}
			mod.Iterations += r.iterations
		}
		mod.Sessions = append(mod.Sessions, ses)
	}
	for fi, f := range d.fields {
		m := m0[fi]
		estimated := wsum[fi] > 0
		if estimated {
			m = make([]float64, nlev[fi])
			for l := 1; l < nlev[fi]; l++ {
				m[l] = acc[fi][l] / wsum[fi]
			}
			if degenerate(m, u0[fi], f) {
				// EM put matches where non-matches are: the fit says
				// nothing reliable about this field, and the prior of
				// its kind is a better guess than the fit.
				mod.Warnings = append(mod.Warnings, fmt.Sprintf("field %s: the fit was degenerate (agreement no likelier among matches than among non-matches); its prior m-probabilities are used", f.Column))
				m, estimated = m0[fi], false
			}
		}
		m = floorM(m)
		fm := FieldModel{Field: f, Prior: !estimated}
		for l, name := range f.Kind.levels() {
			lv := Level{Name: name, M: 1, U: 1}
			if l > 0 {
				lv.M, lv.U = m[l], u0[fi][l]
				lv.Weight = math.Log2(lv.M / lv.U)
				if estimated && evidence[fi][l] < minEvidence {
					// Too rare among matches to count for a match; it
					// may still count against one.
					lv.Weight = min(lv.Weight, 0)
				}
			}
			fm.Levels = append(fm.Levels, lv)
		}
		fm.constrain()
		if a := agreement[f.Kind]; a.tf > 0 && !cfg.NoTermFrequency && (f.Kind == KindName || d.freq[fi] != nil) {
			fm.TermFrequency, fm.agreeFrom = true, a.tf
			for l := a.tf; l < nlev[fi]; l++ {
				fm.AgreeM += fm.Levels[l].M
				fm.AgreeU += fm.Levels[l].U
			}
		}
		mod.Fields = append(mod.Fields, fm)
	}
	return mod
}

// degenerate reports whether fitted M-probabilities m of field f are no
// better than non-matches' U at agreeing: the levels from the first
// agreeing one up are no likelier among matches than among non-matches.
func degenerate(m, u []float64, f Field) bool {
	a, ok := agreement[f.Kind]
	if !ok || f.Column == ColList {
		return false
	}
	sm, su := 0.0, 0.0
	for l := a.from; l < len(m); l++ {
		sm += m[l]
		su += u[l]
	}
	// A field nearly every pair agrees on (sex in a list of soldiers)
	// tells nothing either way; that is not a degenerate fit.
	return sm <= su && su < 0.9
}

// emPrior is the weight, in pairs, of the prior M of a session's EM: it
// keeps a level that few pairs show near its prior instead of at 0 or 1.
const emPrior = 10

// minSessionPairs is the fewest pairs an EM session runs on.
const minSessionPairs = 20

// fitLambda sets Lambda, the probability that two records drawn at random
// match, by EM over all pairs with M and U held: the candidate pairs have
// match weights w, and every other pair is taken to be a non-match (its
// posterior is nil, as blocking is meant to find nearly all matches). It
// iterates λ ← (Σ p(w, λ) + a) / (all pairs + a + b) over a histogram of
// the weights, with a Beta(a, b) prior centred on λ0 = 1/(n−1), the rate
// at which each record has about half a match (a person on two lists),
// worth lambdaPriorPairs pairs per record (at most all pairs): with a
// dozen records the prior holds λ where a person would put it; with
// thousands the data decide. A fitted λ with more than maxMatchesPerRecord
// matches per record, or fewer than one match in 10,000 records although
// some candidate pair scores for a match, is implausible: it is reported
// in Warnings and the prior λ0 is used instead.
func (m *Model) fitLambda(w []float32, allPairs float64) {
	const lo, hi, perBit = -64.0, 64.0, 16
	if allPairs <= 0 {
		m.Lambda = 1e-12
		return
	}
	n := float64(max(m.Records, 2))
	lambda0 := min(1/(n-1), 0.5)
	s := min(allPairs, lambdaPriorPairs*n)
	a, b := lambda0*s, (1-lambda0)*s
	bins := make([]float64, int(hi-lo)*perBit+1)
	positive := 0
	for _, x := range w {
		b := int(math.Round((min(max(float64(x), lo), hi) - lo) * perBit))
		bins[b]++
		if x > 0 {
			positive++
		}
	}
	lambda := lambda0
	for range 500 {
		prior := math.Log2(lambda / (1 - lambda))
		sum := 0.0
		for k, c := range bins {
			if c > 0 {
				sum += c / (1 + math.Exp2(-(lo + float64(k)/perBit + prior)))
			}
		}
		next := min(max((sum+a)/(allPairs+a+b), 1e-12), 0.5)
		done := math.Abs(next-lambda) <= 1e-9*lambda
		lambda = next
		if done {
			break
		}
	}
	perRecord := lambda * (n - 1)
	switch {
	case perRecord > maxMatchesPerRecord:
		m.Warnings = append(m.Warnings, fmt.Sprintf("the fitted match rate is implausible (%.3g matches per record); the prior rate (one match per two records) is used", perRecord))
		lambda = lambda0
	case perRecord < 1e-4 && positive > 0:
		m.Warnings = append(m.Warnings, fmt.Sprintf("the fitted match rate is implausible (%.3g matches per record although %d candidate pairs score for a match); the prior rate (one match per two records) is used", perRecord, positive))
		lambda = lambda0
	}
	m.Lambda = lambda
	if len(w) > 0 {
		m.CandidateLambda = lambda * allPairs / float64(len(w))
	}
}

// lambdaPriorPairs is the weight of the prior of λ, in pairs per record.
const lambdaPriorPairs = 50

// maxMatchesPerRecord is the most matches per record, on average, that
// a plausible fit finds: more means one person written ten times over in
// every list, or a model that calls unlike records alike.
const maxMatchesPerRecord = 10
