// Package figure writes numbers for people, the one way every surface of
// reckon writes them: the pages, the reports and the command line.
//
// A count is written with comma grouping (12,345). An estimate, which is
// a real number, is rounded half away from zero before it is written
// (2,868.5 is 2,869 everywhere). An interval keeps its open ends open
// ("≥ 200", never "200–999"), and a claim is written with the words its
// source used beside its interval, so that a vague or open figure is never
// read as a precise one: "≥ 200 (a few hundred to more than 600)",
// "2,000–9,999 (thousands)".
//
// The package also holds the one table of labels and colours for source
// grades and for the kinds of contradiction.
package figure

import (
	"math"
	"strconv"
	"strings"
	"unicode"

	"github.com/reckonhq/reckon"
)

// Count writes n with comma grouping: 7, 1,200, -12,345.
func Count(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// Compact writes a round count for a narrow axis: 1, 20, 500, 1k, 20k,
// 1M, 2B; a count that is not a whole number of thousands, millions or
// billions is written by [Count].
func Compact(n int64) string {
	switch {
	case n >= 1e9 && n%1e9 == 0:
		return Count(n/1e9) + "B"
	case n >= 1e6 && n%1e6 == 0:
		return Count(n/1e6) + "M"
	case n >= 1e3 && n%1e3 == 0:
		return Count(n/1e3) + "k"
	}
	return Count(n)
}

// Whole rounds v to a whole number, half away from zero: the one rounding
// rule of every displayed estimate. It returns false for NaN and
// infinities, and for values beyond the range of int64.
func Whole(v float64) (int64, bool) {
	r := math.Round(v)
	if math.IsNaN(r) || r >= math.MaxInt64 || r <= math.MinInt64 {
		return 0, false
	}
	return int64(r), true
}

// Round writes v rounded by [Whole] with grouping: 2,869 for 2,868.5.
// NaN is "–" (no value), +Inf "∞" and -Inf "−∞".
func Round(v float64) string {
	switch {
	case math.IsNaN(v):
		return "–"
	case math.IsInf(v, 1):
		return "∞"
	case math.IsInf(v, -1):
		return "−∞"
	}
	n, ok := Whole(v)
	if !ok {
		if v > 0 {
			return "∞"
		}
		return "−∞"
	}
	return Count(n)
}

// Interval writes a claim's interval: "300–600", "300" when both ends are
// one number, "≥ 301" and "≤ 600" for an open end, "unknown" when both
// are open.
func Interval(iv reckon.Interval) string {
	switch {
	case iv.Low != nil && iv.High != nil && *iv.Low == *iv.High:
		return Count(*iv.Low)
	case iv.Low != nil && iv.High != nil:
		return Count(*iv.Low) + "–" + Count(*iv.High)
	case iv.Low != nil:
		return "≥ " + Count(*iv.Low)
	case iv.High != nil:
		return "≤ " + Count(*iv.High)
	}
	return "unknown"
}

// Bounds writes an estimate's interval from its real ends, rounded by
// [Whole]: "2,726–3,250", "≥ 2,726" when the upper end is infinite, one
// number when both round to it, "–" when the lower end is not a number.
func Bounds(lo, hi float64) string {
	if math.IsNaN(lo) {
		return "–"
	}
	l := Round(lo)
	if math.IsInf(hi, 1) {
		return "≥ " + l
	}
	if math.IsNaN(hi) {
		return l + "–?"
	}
	h := Round(hi)
	if l == h {
		return l
	}
	return l + "–" + h
}

// Claim writes a claim's figure with the words its source used:
// "≥ 200 (a few hundred to more than 600)", "2,000–9,999 (thousands)",
// "≥ 1,200 (at least 1,200)". The words are left out where they say no
// more than the number ("1,200" for an exact 1,200) and when the claim
// has no span.
func Claim(c *reckon.Claim) string {
	s := Interval(c.Interval)
	w := Words(c)
	if w == "" {
		return s
	}
	return s + " (" + w + ")"
}

// Words is the span of a claim as its source wrote it, on one line, or ""
// when the span is only the number its interval already writes.
func Words(c *reckon.Claim) string {
	w := strings.Join(strings.Fields(c.Span), " ")
	if w == "" || digitsOf(w) == digitsOf(Interval(c.Interval)) && onlyNumber(w) {
		return ""
	}
	return w
}

// onlyNumber reports whether s holds nothing but digits and the marks
// that group them.
func onlyNumber(s string) bool {
	for _, r := range s {
		if !unicode.IsDigit(r) && !strings.ContainsRune(",. \u00a0\u202f'", r) {
			return false
		}
	}
	return true
}

func digitsOf(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}

// Extremes returns the claim with the lowest bottom end and the claim
// with the highest top end among cs, skipping claims with no bound at
// all. An open bottom is below every number and an open top above every
// number; ties go to the narrower claim, then to the earlier in cs. Both
// are nil when no claim has a bound.
func Extremes(cs []*reckon.Claim) (lowest, highest *reckon.Claim) {
	for _, c := range cs {
		if c.Low == nil && c.High == nil {
			continue
		}
		if lowest == nil || below(c, lowest) {
			lowest = c
		}
		if highest == nil || above(c, highest) {
			highest = c
		}
	}
	return lowest, highest
}

// below reports whether a's bottom end is below b's (ties: a's top is
// below b's).
func below(a, b *reckon.Claim) bool {
	if k := cmpLow(a.Low, b.Low); k != 0 {
		return k < 0
	}
	return cmpHigh(a.High, b.High) < 0
}

// above reports whether a's top end is above b's (ties: a's bottom is
// above b's).
func above(a, b *reckon.Claim) bool {
	if k := cmpHigh(a.High, b.High); k != 0 {
		return k > 0
	}
	return cmpLow(a.Low, b.Low) > 0
}

// cmpLow compares bottom ends, nil being below every number.
func cmpLow(a, b *int64) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return -1
	case b == nil:
		return 1
	}
	return cmpInt(*a, *b)
}

// cmpHigh compares top ends, nil being above every number.
func cmpHigh(a, b *int64) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return 1
	case b == nil:
		return -1
	}
	return cmpInt(*a, *b)
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Range writes what a set of claims says as a whole, naming the lowest
// and the highest claim with their words:
// "24–99 (dozens) to ≥ 200 (a few hundred to more than 600)"; one claim,
// or claims that all state the same figure, as that claim. It is "" when
// no claim has a bound.
func Range(cs []*reckon.Claim) string {
	lo, hi := Extremes(cs)
	if lo == nil {
		return ""
	}
	a, b := Claim(lo), Claim(hi)
	if a == b {
		return a
	}
	return a + " to " + b
}
