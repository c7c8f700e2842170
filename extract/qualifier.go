package extract

import (
	"strings"

	"github.com/reckonhq/reckon"
)

// qkind is how a cue hedges a number (guide §4). It is finer than
// [reckon.Qualifier]: the two kinds of at_most and the two kinds of about
// give different intervals.
type qkind uint8

const (
	qNone      qkind = iota // a bare number: exact
	qExact                  // "rose to", "a total of": exact, with a cue
	qAtLeast                // [N, ∞)
	qMoreThan               // [N+1, ∞)
	qAtMost                 // (∞, N]: "at most", "no more than", an upper estimate
	qBelow                  // (∞, N-1]: "fewer than", "under"
	qUpTo                   // (∞, N]: "up to", "as many as"
	qAbout                  // [round(0.9N), round(1.1N)]
	qNearly                 // [ceil(0.9N), N-1]: "nearly", "almost"
	qLowerEst               // "a lower estimate of": at_least
	qUpperEst               // "an upper estimate of": at_most
	qPointEst               // "an average estimate of": about
	qRangeFrom              // "between", "from", "ranging from": only before a range
)

// qualifier returns the guide's qualifier for k.
func (k qkind) qualifier() reckon.Qualifier {
	switch k {
	case qAtLeast, qLowerEst:
		return reckon.AtLeast
	case qMoreThan:
		return reckon.MoreThan
	case qAtMost, qBelow, qUpperEst:
		return reckon.AtMost
	case qUpTo:
		return reckon.UpTo
	case qAbout, qNearly, qPointEst:
		return reckon.About
	}
	return reckon.Exact
}

// aboutLike reports whether k, in front of a range, keeps its ends:
// "about 650-900" is [650, 900].
func (k qkind) aboutLike() bool { return k == qAbout || k == qNearly || k == qPointEst }

type cuePhrase struct {
	words []string
	kind  qkind
}

// cueList holds the qualifier cues that come before a number, and their
// natural synonyms. Words are lower-case tokens, punctuation included.
var cueList = []struct {
	phrase string
	kind   qkind
}{
	// at_least
	{"at least", qAtLeast}, {"no fewer than", qAtLeast}, {"no less than", qAtLeast},
	{"not less than", qAtLeast}, {"not fewer than", qAtLeast}, {"a minimum of", qAtLeast},
	{"at minimum", qAtLeast}, {"at a minimum", qAtLeast}, {"minimum of", qAtLeast}, {"as few as", qAtLeast},
	{"at the very least", qAtLeast}, {"≥", qAtLeast}, {"at least some", qAtLeast},
	// more_than
	{"more than", qMoreThan}, {"over", qMoreThan}, {"above", qMoreThan}, {"exceeds", qMoreThan},
	{"exceeded", qMoreThan}, {"exceeding", qMoreThan}, {"exceed", qMoreThan}, {"surpassed", qMoreThan},
	{"surpassing", qMoreThan}, {"surpasses", qMoreThan}, {"surpass", qMoreThan}, {"topped", qMoreThan},
	{"tops", qMoreThan}, {"topping", qMoreThan}, {"top", qMoreThan}, {"upwards of", qMoreThan},
	{"upward of", qMoreThan}, {"in excess of", qMoreThan}, {"greater than", qMoreThan},
	{"higher than", qMoreThan}, {"north of", qMoreThan}, {"passed", qMoreThan}, {"past", qMoreThan},
	{"beyond", qMoreThan}, {"crossed", qMoreThan}, {"passes", qMoreThan}, {"passing", qMoreThan},
	{"crosses", qMoreThan}, {"crossing", qMoreThan}, {"surpassed", qMoreThan}, {"well over", qMoreThan}, {"well above", qMoreThan},
	{"just over", qMoreThan}, {"just above", qMoreThan}, {"slightly more than", qMoreThan},
	{"a little over", qMoreThan}, {"a little more than", qMoreThan}, {"far more than", qMoreThan},
	{"much more than", qMoreThan}, {"many more than", qMoreThan}, {"considerably more than", qMoreThan},
	{"significantly more than", qMoreThan}, {"substantially more than", qMoreThan},
	{"well in excess of", qMoreThan}, {">", qMoreThan}, {"over and above", qMoreThan},
	// at_most, inclusive
	{"at most", qAtMost}, {"no more than", qAtMost}, {"not more than", qAtMost}, {"a maximum of", qAtMost},
	{"at maximum", qAtMost}, {"at the most", qAtMost}, {"maximum of", qAtMost}, {"≤", qAtMost},
	// at_most, strict
	{"fewer than", qBelow}, {"less than", qBelow}, {"under", qBelow}, {"below", qBelow},
	{"south of", qBelow}, {"somewhere south of", qBelow}, {"short of", qBelow}, {"well under", qBelow},
	{"well below", qBelow}, {"lower than", qBelow}, {"<", qBelow},
	// up_to
	{"up to", qUpTo}, {"as many as", qUpTo}, {"as high as", qUpTo}, {"as much as", qUpTo},
	{"could grow to", qUpTo}, {"could reach", qUpTo}, {"could rise to", qUpTo}, {"could climb to", qUpTo},
	{"may reach", qUpTo}, {"might reach", qUpTo}, {"could be as high as", qUpTo}, {"could number", qUpTo},
	{"may rise to", qUpTo}, {"might rise to", qUpTo}, {"could hit", qUpTo},
	// about
	{"about", qAbout}, {"around", qAbout}, {"approximately", qAbout}, {"approx", qAbout}, {"approx .", qAbout},
	{"roughly", qAbout}, {"some", qAbout}, {"an estimated", qAbout}, {"estimated", qAbout},
	{"estimated at", qAbout}, {"circa", qAbout}, {"ca .", qAbout}, {"c .", qAbout},
	{"in the region of", qAbout}, {"on the order of", qAbout}, {"of the order of", qAbout},
	{"something like", qAbout}, {"in the neighbourhood of", qAbout}, {"in the neighborhood of", qAbout},
	{"~", qAbout}, {"≈", qAbout}, {"an approximate", qAbout}, {"approximate", qAbout},
	{"about some", qAbout}, {"some estimated", qAbout}, {"reportedly about", qAbout},
	{"an average estimate of", qPointEst}, {"average estimate of", qPointEst},
	{"a central estimate of", qPointEst}, {"central estimate of", qPointEst},
	{"a best estimate of", qPointEst}, {"best estimate of", qPointEst}, {"a point estimate of", qPointEst},
	// about (nearly)
	{"nearly", qNearly}, {"almost", qNearly}, {"close to", qNearly}, {"closer to", qNearly},
	{"just under", qNearly}, {"just below", qNearly}, {"approaching", qNearly}, {"nearing", qNearly},
	{"near", qNearly}, {"not quite", qNearly}, {"just shy of", qNearly}, {"shy of", qNearly},
	{"just short of", qNearly}, {"close on", qNearly}, {"getting on for", qNearly}, {"almost reaching", qNearly},
	// exact, with a cue worth recording
	{"rose to", qExact}, {"risen to", qExact}, {"increased to", qExact}, {"climbed to", qExact},
	{"jumped to", qExact}, {"reached", qExact}, {"totaled", qExact}, {"totalled", qExact},
	{"a total of", qExact}, {"stands at", qExact}, {"stood at", qExact}, {"standing at", qExact},
	{"rises to", qExact}, {"climbs to", qExact}, {"now at", qExact}, {"grew to", qExact},
	{"exactly", qExact}, {"precisely", qExact}, {"a further", qExact},
	// bounds of an estimate
	{"lower estimate of", qLowerEst}, {"low estimate of", qLowerEst}, {"lower bound of", qLowerEst},
	{"minimum estimate of", qLowerEst}, {"lower limit of", qLowerEst}, {"lower - bound estimate of", qLowerEst},
	{"upper estimate of", qUpperEst}, {"high estimate of", qUpperEst}, {"upper bound of", qUpperEst},
	{"maximum estimate of", qUpperEst}, {"upper limit of", qUpperEst}, {"higher estimate of", qUpperEst},
	{"upper - bound estimate of", qUpperEst},
	// ranges
	{"between", qRangeFrom}, {"from", qRangeFrom}, {"ranging from", qRangeFrom}, {"range from", qRangeFrom},
	{"ranges from", qRangeFrom}, {"anywhere from", qRangeFrom}, {"anywhere between", qRangeFrom},
	{"somewhere between", qRangeFrom}, {"roughly between", qAbout}, {"about between", qAbout},
}

// cuesByLast indexes cueList by last word, longest phrase first.
var cuesByLast = func() map[string][]cuePhrase {
	m := make(map[string][]cuePhrase)
	for _, c := range cueList {
		words := strings.Fields(c.phrase)
		last := words[len(words)-1]
		m[last] = append(m[last], cuePhrase{words, c.kind})
	}
	for _, l := range m {
		for i := 1; i < len(l); i++ {
			for j := i; j > 0 && len(l[j].words) > len(l[j-1].words); j-- {
				l[j], l[j-1] = l[j-1], l[j]
			}
		}
	}
	return m
}()

// overAfterVerbs are verbs whose particle "over" is not a cue: "handed
// over 50 bodies".
var overAfterVerbs = set("handed", "hand", "hands", "handing", "turned", "turn", "turns", "turning",
	"taken", "took", "take", "takes", "taking", "blown", "blew", "run", "ran", "fought", "won", "win",
	"signed", "pulled", "watched", "presided", "flew", "flown", "fly", "flying", "looked", "spread",
	"rolled", "kicked", "knocked", "passed", "carried", "left", "paid", "gave", "given", "give", "sent",
	"brought", "thrown", "threw", "tipped", "climbed", "jumped", "moved", "shipped", "transferred", "ceded")

// modalWords extend a verbal cue: "could top", "may have exceeded".
var modalWords = set("could", "may", "might", "will", "would")

// cueBefore finds the longest qualifier cue ending at toks[end-1]. It
// returns the cue's kind and first token, or qNone and end.
func cueBefore(toks []token, end int) (qkind, int) {
	if end <= 0 || end > len(toks) {
		return qNone, end
	}
	if t := &toks[end-1]; t.kind == tWord && t.cls&clsCueLast == 0 || t.kind == tNum {
		return qNone, end
	}
	for _, c := range cuesByLast[toks[end-1].low] {
		n := len(c.words)
		if n > end {
			continue
		}
		ok := true
		for k, w := range c.words {
			if toks[end-n+k].low != w {
				ok = false
				break
			}
		}
		if !ok {
			continue
		}
		start := end - n
		first := c.words[0]
		p := low(toks, start-1)
		switch {
		case first == "over" && (overAfterVerbs[p] || p == "all" || p == "the"):
			continue
		case (first == "top" || first == "past" || first == "near" || first == "under") && articles[p] && p != "that":
			continue
		case first == "from" && n == 1 && (p == "away" || p == "apart"):
			continue
		}
		// Extend verbal cues with their modal: "could top", "may have exceeded".
		if c.kind == qMoreThan || c.kind == qUpTo || c.kind == qExact {
			s := start
			if low(toks, s-1) == "have" {
				s--
			}
			if modalWords[low(toks, s-1)] && (s < start || isVerbCue(first)) {
				start = s - 1
			}
		}
		return c.kind, start
	}
	return qNone, end
}

func isVerbCue(w string) bool {
	switch w {
	case "top", "tops", "topped", "exceed", "exceeds", "exceeded", "surpass", "surpassed", "pass", "passed", "reach", "reached", "hit", "rise", "climb", "grow", "number":
		return true
	}
	return false
}

// cueAfter finds a qualifier written after a number: "1,200+", "10 or
// more", "100 or so", "40-odd", "300 at least". It returns the kind and
// the end of the cue.
func cueAfter(toks []token, i int) (qkind, int) {
	w, w2 := low(toks, i), low(toks, i+1)
	switch {
	case w == "+" && attached(toks, i):
		return qAtLeast, i + 1
	case w == "or" && (w2 == "more" || w2 == "above" || w2 == "over" || w2 == "greater"):
		return qAtLeast, i + 2
	case w == "and" && (w2 == "above" || w2 == "over" || w2 == "up"):
		return qAtLeast, i + 2
	case w == "plus" && !countWordAt(toks, i+1) && toks[i].kind == tWord:
		return qAtLeast, i + 1
	case w == "or" && w2 == "so":
		return qAbout, i + 2
	case w == "odd" || (w == "-" || w == "–") && w2 == "odd" && attached(toks, i):
		if w == "odd" {
			return qAbout, i + 1
		}
		return qAbout, i + 2
	case w == "or" && (w2 == "fewer" || w2 == "less" || w2 == "below" || w2 == "under"):
		return qAtMost, i + 2
	case w == "at" && w2 == "least":
		return qAtLeast, i + 2
	case w == "at" && w2 == "most":
		return qAtMost, i + 2
	case w == "give" && w2 == "or" && low(toks, i+2) == "take":
		return qAbout, i + 3
	case w == "at" && w2 == "a" && low(toks, i+2) == "minimum":
		return qAtLeast, i + 3
	}
	return qNone, i
}

// bounds is a closed integer interval with optional ends.
type bounds struct {
	lo, hi       int64
	hasLo, hasHi bool
}

func (b bounds) interval() reckon.Interval {
	var iv reckon.Interval
	if b.hasLo {
		lo := b.lo
		iv.Low = &lo
	}
	if b.hasHi {
		hi := b.hi
		iv.High = &hi
	}
	return iv
}

func closed(lo, hi int64) bounds { return bounds{lo, hi, true, true} }

// roundHalfEven returns num/10 rounded half to even, as Python's round
// does (guide §4): 9*N/10 and 11*N/10 for "about N".
func roundHalfEven(num int64) int64 {
	q, r := num/10, num%10
	if r > 5 || r == 5 && q%2 != 0 {
		q++
	}
	return q
}

// pointBounds returns the interval the guide gives a number n under k.
func pointBounds(k qkind, n int64) bounds {
	switch k {
	case qAtLeast, qLowerEst:
		return bounds{lo: n, hasLo: true}
	case qMoreThan:
		return bounds{lo: n + 1, hasLo: true}
	case qAtMost, qUpperEst, qUpTo:
		return bounds{hi: n, hasHi: true}
	case qBelow:
		return bounds{hi: n - 1, hasHi: true}
	case qAbout, qPointEst:
		return closed(roundHalfEven(9*n), roundHalfEven(11*n))
	case qNearly:
		lo := (9*n + 9) / 10 // ceil(0.9 N)
		hi := n - 1
		if hi < lo {
			hi = lo
		}
		return closed(lo, hi)
	}
	return closed(n, n)
}

// vagueBounds returns the interval of a vague quantity [lo, hi] under k:
// "at least several hundred" is [300, ∞).
func vagueBounds(k qkind, lo, hi int64) bounds {
	switch k {
	case qAtLeast, qMoreThan, qLowerEst:
		return bounds{lo: lo, hasLo: true}
	case qUpTo, qAtMost, qBelow, qUpperEst:
		return bounds{hi: hi, hasHi: true}
	}
	return closed(lo, hi)
}
