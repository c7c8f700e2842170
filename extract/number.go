package extract

import (
	"math"
	"strconv"
	"strings"
)

// atom is one number expression of a sentence before it is read as a
// figure: digits ("10,000", "1.2 million", "300k"), words ("one hundred
// and sixty", "a dozen", "half a million") or a vague quantity
// ("several hundred", "tens of thousands").
type atom struct {
	t0, t1 int     // tokens [t0, t1)
	val    float64 // the value; 0 for vague quantities
	base   float64 // the value before a trailing scale word ("20" in "20 thousand")
	scale  float64 // that scale word's value, 0 if none
	vague  bool
	vlo    int64 // vague quantities: the table's interval
	vhi    int64
	vkey   string // vague quantities: the table's row, followed by the words of tokens [vks, t1)
	vks    int
	word   bool       // spelled out
	approx bool       // "a dozen", "half a dozen": about by itself
	kind   distractor // distractor type (guide §2); "" for a figure
	why    string     // why it is a distractor
}

// key returns the row of the guide's table of vague quantities that a
// vague atom reads: "a few hundred", "tens of thousands".
func (a atom) key(toks []token) string {
	k := a.vkey
	for j := a.vks; j < a.t1; j++ {
		k += " " + toks[j].low
	}
	return k
}

// maxFigure bounds the values read as counts; larger ones are not counts
// of people or things and would overflow the interval arithmetic.
const maxFigure = 1e13

// findAtoms appends the number expressions of toks to atoms.
func findAtoms(toks []token, atoms []atom) []atom {
	for i := 0; i < len(toks); {
		switch toks[i].kind {
		case tNum:
			a := digitAtom(toks, i)
			atoms = append(atoms, a)
			i = a.t1
			continue
		case tWord:
			if toks[i].cls&clsNumberish != 0 {
				if a, ok := vagueAtom(toks, i); ok {
					atoms = append(atoms, a)
					i = a.t1
					continue
				}
				if a, ok := wordAtom(toks, i); ok {
					atoms = append(atoms, a)
					i = a.t1
					continue
				}
			}
		}
		i++
	}
	return atoms
}

func low(toks []token, i int) string {
	if i < 0 || i >= len(toks) {
		return ""
	}
	return toks[i].low
}

// attached reports whether toks[i] follows toks[i-1] with no space.
func attached(toks []token, i int) bool {
	return i > 0 && i < len(toks) && !toks[i].sp
}

func digitAtom(toks []token, i int) atom {
	t := toks[i]
	a := atom{t0: i, t1: i + 1, val: t.val, base: t.val}
	j := i + 1
	if j < len(toks) && toks[j].kind == tWord && attached(toks, j) {
		if s, ok := suffixScales[toks[j].low]; ok && !t.lead0 {
			// "2m" is two million only as money or before a count noun;
			// alone it is two metres.
			if toks[j].low != "m" || isMoneyBefore(toks, i) || countWordAt(toks, j+1) {
				a.scale = s
				a.val *= s
				j++
			}
		}
	} else {
		for j < len(toks) && toks[j].kind == tWord && scaleWords[toks[j].low] > 0 {
			s := scaleWords[toks[j].low]
			a.scale = s
			a.val *= s
			j++
		}
	}
	a.t1 = j
	return a
}

// countWordAt reports whether toks[i] is a noun that is counted.
func countWordAt(toks []token, i int) bool {
	return isAt(toks, i, clsCounted|clsCasualty|clsPredicate)
}

func vagueAtom(toks []token, i int) (atom, bool) {
	a := atom{t0: i, vague: true}
	j := i
	switch low(toks, j) {
	case "many":
		if _, ok := vaguePlural[low(toks, j+1)]; !ok {
			return a, false
		}
		j++
	case "quite":
		if low(toks, j+1) != "a" || low(toks, j+2) != "few" {
			return a, false
		}
		j++
	}
	hasA := false
	if w := low(toks, j); w == "a" || w == "an" {
		if _, ok := vagueMult[low(toks, j+1)]; !ok || low(toks, j+1) == "several" {
			return a, false
		}
		hasA = true
		j++
	}
	w := low(toks, j)
	if v, ok := vagueMult[w]; ok {
		if w != "several" && !hasA {
			return a, false
		}
		next := low(toks, j+1)
		if w == "couple" && next != "of" && scaleWords[next] == 0 && !countWordAt(toks, j+1) {
			return a, false // "a couple were killed": the noun
		}
		if w == "handful" && next != "of" && j+1 < len(toks) && toks[j+1].kind == tWord && scaleWords[next] == 0 {
			return a, false
		}
		a.vlo, a.vhi, a.vkey = v.lo, v.hi, v.key
		j++
		if low(toks, j) == "of" && scaleWords[low(toks, j+1)] > 0 && low(toks, j+1) != "dozen" {
			j++ // "a couple of hundred"
		}
		a.vks = j
		for j < len(toks) && scaleWords[low(toks, j)] > 0 {
			s := int64(scaleWords[low(toks, j)])
			a.vlo *= s
			a.vhi *= s
			j++
		}
		a.t1 = j
		return a, true
	}
	if v, ok := vaguePlural[w]; ok {
		if w == "tens" && low(toks, j+1) != "of" || w == "scores" && low(toks, j+1) != "of" && !scoresFollow[low(toks, j+1)] {
			return a, false
		}
		a.vlo, a.vhi, a.vkey = v.lo, v.hi, v.key
		j++
		a.vks = j
		if low(toks, j) == "of" {
			if s, ok := pluralScale[low(toks, j+1)]; ok {
				a.vlo *= s
				a.vhi = (a.vhi+1)*s - 1
				j += 2
			}
		}
		a.t1 = j
		return a, true
	}
	return a, false
}

// scoresFollow are words after "scores" that make it a quantity of people
// ("scores more were hurt", "scores still missing") rather than results.
var scoresFollow = set("more", "others", "were", "are", "have", "had", "still", "dead", "killed", "injured",
	"wounded", "missing", "died", "remain", "remained", "fled", "feared")

// wordAtom reads a spelled-out number: "thirty-six", "one hundred and
// sixty", "a thousand", "two dozen", "half a million".
func wordAtom(toks []token, i int) (atom, bool) {
	a := atom{t0: i, word: true}
	n := len(toks)
	j := i
	w := low(toks, j)
	if w == "half" && low(toks, j+1) == "a" {
		if s := scaleWords[low(toks, j+2)]; s > 0 {
			a.val = s / 2
			a.base = a.val
			a.approx = s == 12
			a.t1 = j + 3
			return a, true
		}
		return a, false
	}
	if w == "a" || w == "an" {
		s := scaleWords[low(toks, j+1)]
		if s == 0 {
			if low(toks, j+1) == "quarter" && low(toks, j+2) == "of" && low(toks, j+3) == "a" && scaleWords[low(toks, j+4)] >= 1e3 {
				a.val = scaleWords[low(toks, j+4)] / 4
				a.base = a.val
				a.t1 = j + 5
				return a, true
			}
			return a, false
		}
	}
	const (
		none = iota
		unit
		teen
		tens
		scale
		and
	)
	var total, cur float64
	last := none
	seen := false
	single := true // "a dozen" alone: about twelve
	for j < n {
		t := toks[j]
		w := t.low
		if t.kind == tPunct && w == "-" && last == tens && attached(toks, j) && attached(toks, j+1) {
			if u, ok := unitWords[low(toks, j+1)]; ok && u > 0 && u < 10 {
				j++
				continue
			}
			break
		}
		if t.kind != tWord {
			break
		}
		if (w == "a" || w == "an") && !seen && j == i {
			cur = 1
			j++
			continue
		}
		if u, ok := unitWords[w]; ok {
			if last == unit || last == teen || (last == tens && u >= 10) {
				break
			}
			cur += float64(u)
			if u >= 10 {
				last = teen
			} else {
				last = unit
			}
			seen = true
			j++
			continue
		}
		if v, ok := tensWords[w]; ok {
			if last == unit || last == teen || last == tens {
				break
			}
			cur += float64(v)
			last = tens
			seen = true
			j++
			continue
		}
		if s, ok := scaleWords[w]; ok {
			if cur == 0 && !(j > i && (low(toks, j-1) == "a" || low(toks, j-1) == "an")) {
				break
			}
			if !seen {
				// "a" + scale
				single = s == 12
			} else {
				single = false
			}
			switch {
			case s == 100 || s == 12:
				cur *= s
			default:
				total += cur * s
				cur = 0
			}
			last = scale
			seen = true
			j++
			continue
		}
		if w == "and" && last == scale {
			if _, ok := unitWords[low(toks, j+1)]; ok {
				last = and
				j++
				continue
			}
			if _, ok := tensWords[low(toks, j+1)]; ok {
				last = and
				j++
				continue
			}
		}
		break
	}
	if !seen || last == and {
		return a, false
	}
	if low(toks, j-1) == "and" {
		j--
	}
	a.val = total + cur
	a.base = a.val
	a.t1 = j
	a.approx = single && (low(toks, i) == "a" || low(toks, i) == "an") && low(toks, j-1) == "dozen"
	return a, true
}

// ParseNumber reads s as one number expression, in digits or words, and
// returns its value: "10,000", "10 000", "1.2 million", "300k", "5,600+",
// "thirty-six", "one hundred and sixty", "a dozen", "half a million". A
// vague quantity ("hundreds") or anything else is not a number: ok is
// false.
func ParseNumber(s string) (v float64, ok bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 200 {
		return 0, false
	}
	toks := tokenize(nil, s, 0, len(s), lowerASCII(s))
	if len(toks) > 1 && toks[len(toks)-1].low == "+" && attached(toks, len(toks)-1) {
		toks = toks[:len(toks)-1]
	}
	atoms := findAtoms(toks, nil)
	if len(atoms) != 1 || atoms[0].vague || atoms[0].t0 != 0 || atoms[0].t1 != len(toks) {
		return 0, false
	}
	if v := atoms[0].val; v <= maxFigure && !math.IsNaN(v) {
		return v, true
	}
	return 0, false
}

// roundInt rounds a figure to the nearest integer.
func roundInt(v float64) int64 { return int64(math.Round(v)) }

func formatNum(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return strconv.FormatInt(int64(v), 10)
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}
