package extract

import (
	"slices"
	"strings"
)

// This file decides which numbers are not figures (guide §2): dates,
// years, times, ages, durations, ordinals, unit names, money, percentages,
// fractions, multipliers, rates, measurements, citation marks, account
// numbers and the determiner "one". The rules are the ordered table
// [atomRules]: each is named, gives its kind and its reason, and is
// tested alone on an example (classify_test.go).

var (
	currencySymbols = set("$", "€", "£", "¥", "₹", "₽", "₴", "₪", "₩", "₦", "฿", "₱", "₺", "₫", "¢")
	fractionWords   = set("half", "halves", "third", "thirds", "quarter", "quarters", "fifth", "fifths",
		"sixth", "sixths", "seventh", "sevenths", "eighth", "eighths", "ninth", "ninths", "tenth", "tenths",
		"hundredth", "hundredths", "thousandth", "thousandths")
	yearPrepositions = set("in", "since", "of", "by", "until", "till", "from", "during", "year", "early",
		"late", "mid", "before", "after", "circa", "c", "spring", "summer", "autumn", "fall", "winter",
		"between", "through", "throughout", "to", "and", "fiscal", "election", "census", "class", "the", "'s",
		"for", "around", "at", "as", "on", "pre", "post", "within", "into")
	rateWords      = set("daily", "weekly", "monthly", "annually", "yearly", "hourly", "nightly", "apiece")
	rateDeterminer = set("a", "an", "per", "each", "every")
	ageBefore      = set("aged", "age", "ages", "ageing", "aging")
	ageHolders     = set("children", "kids", "people", "those", "boys", "girls", "men", "women", "adults",
		"persons", "anyone", "everyone", "minors", "youths", "teenagers", "citizens", "individuals", "patients",
		"residents", "population", "aged", "age", "ages")
	timeAfter   = set("am", "pm", "gmt", "utc", "hrs", "hours", "est", "edt", "cet", "bst", "ist", "jst", "local")
	oneNotAfter = set("of", "another", "hand", "way", "side", "thing", "point", "such", "reason", "example",
		"instance", "occasion", "who", "which", "that", "must", "can", "could", "would", "should", "will",
		"might", "may", "is", "was", "has", "had", "and", "or", "more", "too", "else", "in", "on", "at",
		"kind", "sort", "type", "form", "moment", "night", "morning", "evening", "afternoon", "time", "day",
		"third", "quarter", "half", "fifth", "tenth", "after", "by", "another's", "way", "direction",
		"place", "location", "area", "option", "thing", "issue", "question", "problem", "step", "stage")
	oneNotBefore = set("no", "any", "every", "each", "the", "this", "that", "which", "someone", "everyone",
		"anyone", "number", "someone's", "last", "little", "big", "only", "'s")
	compoundFigure = set("strong", "member", "man", "men", "person", "people", "soldier", "troop", "seat", "nation", "vehicle")
)

// isMoneyBefore reports whether a currency sign or code precedes toks[i].
func isMoneyBefore(toks []token, i int) bool {
	p := low(toks, i-1)
	if i >= 1 && toks[i-1].kind == tPunct && currencySymbols[p] {
		return true
	}
	if i >= 1 && toks[i-1].kind == tWord && currencyCodes[p] && toks[i-1].cap && p != "us" {
		return true
	}
	return false
}

// classify sets the kind and reason of atom ai when it is not a figure.
func (p *parser) classify(ai int) {
	a := &p.atoms[ai]
	p.nc.reset(p.toks, a)
	if r := classifyAtom(&p.nc); r != nil {
		a.kind, a.why = r.kind, r.why
	}
}

// classifyAtom returns the first rule of [atomRules] that holds for the
// number of c, nil when it may be a figure.
func classifyAtom(c *numCtx) *atomRule {
	for i := range atomRules {
		if r := &atomRules[i]; r.test(c) {
			return r
		}
	}
	return nil
}

// galleryCounter reports whether toks[i] is part of a bare "N of M" that
// opens a sentence and counts nothing: "1 of 12 | Rescuers search …".
func galleryCounter(toks []token, i int) bool {
	s := i
	if low(toks, i-1) == "of" {
		s = i - 2
	}
	if s != 0 || low(toks, 1) != "of" || len(toks) < 3 || toks[0].kind != tNum || toks[2].kind != tNum ||
		toks[0].val > toks[2].val || toks[2].grp || toks[2].dec {
		return false
	}
	if len(toks) == 3 {
		return true
	}
	switch toks[3].low {
	case "|", ":", "—", "–", "-", "/", ")", "]":
		return true
	}
	return toks[3].cap && toks[3].kind == tWord && !countWordAt(toks, 3)
}

// isMeasureContextBefore reports whether a measure verb or qualifier
// comes right before toks[i]: "killing one", "at least one".
func isMeasureContextBefore(toks []token, i int) bool {
	p := low(toks, i-1)
	return leftCues[p] != "" || p == "least" || p == "than" || p == "only" || p == "just"
}

func isYearLike(t token) bool {
	return t.kind == tNum && !t.grp && !t.dec && t.ndig == 4 && t.val >= 1800 && t.val <= 2100
}

// dateSep reports whether w joins the parts of a numeric date or time.
func dateSep(w string) bool { return w == "-" || w == "/" || w == "." || w == ":" || w == "–" }

// dateChain is the chain of numbers joined, with no space, by "-", "/",
// "." or ":" (and the "T" of ISO 8601) around one number: the parts
// before the first ":" or "T" are the date, the rest the time.
type dateChain struct {
	ok     bool     // a chain of at least two numbers, its date parts joined by one separator
	isTime bool     // the number is in the time part
	nd     int      // date parts
	d      [3]token // the date parts
	sep    string   // their separator
}

// readDateChain reads the chain around the number toks[i] (see
// [dateChain]). A range such as "20-25" or "1990-2000" and a score such
// as "12-3" are chains too; the date rules tell them apart.
func readDateChain(toks []token, i int) dateChain {
	joined := func(k int) bool { // toks[k] continues the chain of toks[k-1]
		return k > 0 && k < len(toks) && attached(toks, k)
	}
	s := i
	for s >= 2 && joined(s) && joined(s-1) && toks[s-2].kind == tNum &&
		(dateSep(toks[s-1].low) || toks[s-1].low == "t" && s >= 4 && toks[s-3].low == "-") {
		s -= 2
	}
	e := i
	for e+2 < len(toks) && joined(e+1) && joined(e+2) && toks[e+2].kind == tNum &&
		(dateSep(toks[e+1].low) || toks[e+1].low == "t" && e >= 2 && toks[e-1].low == "-") {
		e += 2
	}
	var c dateChain
	if s == e {
		return c
	}
	timeFrom := -1
	for k := s; k <= e; k += 2 {
		if k > s && (toks[k-1].low == ":" || toks[k-1].low == "t") {
			timeFrom = k - 2
			if toks[k-1].low == "t" {
				timeFrom = k
			}
			break
		}
		if k > s {
			if c.sep != "" && toks[k-1].low != c.sep {
				return dateChain{}
			}
			c.sep = toks[k-1].low
		}
		if c.nd == len(c.d) {
			return dateChain{}
		}
		c.d[c.nd] = toks[k]
		c.nd++
	}
	c.ok = true
	c.isTime = timeFrom >= 0 && i >= timeFrom
	return c
}

// datePart reports whether t can be a day or month part between lo and
// hi: one or two digits, no decimals or groups.
func datePart(t token, lo, hi float64) bool {
	return !t.dec && !t.grp && t.val >= lo && t.val <= hi && t.ndig <= 2
}

// distractor is the kind of a number that is not a figure: the
// annotation guide's distractor types (§2). The zero value is a number
// that may be a figure.
type distractor string

const (
	dDate        distractor = "date"
	dYear        distractor = "year"
	dTime        distractor = "time"
	dAge         distractor = "age"
	dDuration    distractor = "duration"
	dOrdinal     distractor = "ordinal"
	dUnitName    distractor = "unit_name"
	dMoney       distractor = "money"
	dPercent     distractor = "percent"
	dMeasurement distractor = "measurement"
	dFraction    distractor = "fraction"
	dMultiplier  distractor = "multiplier"
	dRate        distractor = "rate"
	dCitation    distractor = "citation"
	dOther       distractor = "other"
)

// atomRule is a named rule of guide §2 on one number: when test holds,
// the number is a distractor of kind, for the reason why.
type atomRule struct {
	name string
	kind distractor
	why  string
	test func(c *numCtx) bool
}

// numCtx is what the rules read about one number: the number, its
// first token and the words around it.
type numCtx struct {
	toks         []token
	a            *atom
	t            token  // the number's first token
	t1           int    // the token after it ("of" skipped after a vague quantity)
	prev, prev2  string // the two words before it, lower case
	next, next2  string // the two words after it
	digits       bool   // written in digits
	nextAttached bool   // toks[t1] follows with no space
	chainRead    bool
	chainVal     dateChain
}

// reset points c at the number a of toks. (The parser keeps one numCtx
// and resets it for each number: the rules are called through function
// values, so a fresh one would be allocated on the heap each time.)
func (c *numCtx) reset(toks []token, a *atom) {
	t1 := a.t1
	if a.vague && low(toks, t1) == "of" {
		t1++ // "hundreds of thousands of euros", "dozens of kilometres"
	}
	t := toks[a.t0]
	*c = numCtx{toks: toks, a: a, t: t, t1: t1,
		prev: low(toks, a.t0-1), prev2: low(toks, a.t0-2),
		next: low(toks, t1), next2: low(toks, t1+1),
		digits: t.kind == tNum, nextAttached: attached(toks, t1)}
}

// at returns the lower-case word at toks[i], "" outside the sentence.
func (c *numCtx) at(i int) string { return low(c.toks, i) }

// chain returns the numeric date chain around the number, read once.
func (c *numCtx) chain() *dateChain {
	if !c.chainRead {
		c.chainVal, c.chainRead = readDateChain(c.toks, c.a.t0), true
	}
	return &c.chainVal
}

// numericDateKind returns the kind the numeric date rules give the number
// toks[i] of the sentence, "" when it is no numeric date or time.
func (p *parser) numericDateKind(i int) distractor {
	p.ncAtom = atom{t0: i, t1: i + 1}
	p.nc.reset(p.toks, &p.ncAtom)
	for _, r := range numericDateRules {
		if r.test(&p.nc) {
			return r.kind
		}
	}
	return ""
}

// numericDateRules read a chain of numbers joined by separators (see
// [dateChain]): year-month-day, day-month-year and month/day/year with
// any separator, a year and a two-digit month, any part with a leading
// zero ("05-11"), and hours and minutes. A range such as "20-25" or
// "1990-2000" and a score such as "12-3" are none of these.
var numericDateRules = []atomRule{
	{"numeric time", dTime, "hours and minutes", func(c *numCtx) bool {
		return c.digits && c.chain().ok && c.chain().isTime
	}},
	{"year-month-day", dDate, "a year-month-day date", func(c *numCtx) bool {
		d := c.dateParts(3)
		return d != nil && isYearLike(d[0]) && datePart(d[1], 1, 12) && datePart(d[2], 1, 31)
	}},
	{"day-month-year", dDate, "a day-month-year date", func(c *numCtx) bool {
		d := c.dateParts(3)
		return d != nil && datePart(d[0], 1, 31) && datePart(d[1], 1, 31) && (datePart(d[0], 1, 12) || datePart(d[1], 1, 12)) &&
			(isYearLike(d[2]) || d[2].ndig == 2 && !d[2].dec)
	}},
	{"year and month", dDate, "a year and a month", func(c *numCtx) bool {
		d := c.dateParts(2)
		return d != nil && isYearLike(d[0]) && d[1].ndig == 2 && datePart(d[1], 1, 12) && (c.chain().sep != "–" || d[1].lead0)
	}},
	{"span of years", dYear, "a span of years ('2014-15')", func(c *numCtx) bool {
		d := c.dateParts(2)
		sep := c.chain().sep
		return d != nil && isYearLike(d[0]) && d[1].ndig == 2 && !d[1].dec && d[1].val > float64(int(d[0].val)%100) &&
			(sep == "-" || sep == "–" || sep == "/")
	}},
	{"month and year", dDate, "a month and a year", func(c *numCtx) bool {
		d := c.dateParts(2)
		return d != nil && c.chain().sep != "-" && datePart(d[0], 1, 12) && isYearLike(d[1])
	}},
	{"numeric date with leading zeros", dDate, "a date or code with leading zeros", func(c *numCtx) bool {
		d := c.dateParts(0)
		return d != nil && (d[0].lead0 && d[0].ndig == 2 || d[1].lead0 && d[1].ndig == 2 || c.chain().nd == 3 && d[2].lead0 && d[2].ndig == 2)
	}},
}

// dateParts returns the date parts of the number's chain when it is a
// date chain (not its time part) of n parts, or of two or three when n
// is 0; nil otherwise.
func (c *numCtx) dateParts(n int) *[3]token {
	if !c.digits {
		return nil
	}
	ch := c.chain()
	if !ch.ok || ch.isTime || ch.nd < 2 || n != 0 && ch.nd != n {
		return nil
	}
	return &ch.d
}

// atomRules decide, in order, that a number is not a figure (guide §2):
// the first that holds gives its kind and the reason.
var atomRules = slices.Concat([]atomRule{
	{"too large", dOther, "too large for a count", func(c *numCtx) bool { return c.a.val > maxFigure }},
}, numericDateRules, []atomRule{
	// Page furniture: "1 of 12 |" under a photo, "UTC+3".
	{"gallery counter", dOther, "a counter ('1 of 12')", func(c *numCtx) bool {
		return c.digits && !c.t.grp && galleryCounter(c.toks, c.a.t0)
	}},
	{"time zone offset", dTime, "a time zone offset", func(c *numCtx) bool {
		t0 := c.a.t0
		return c.digits && attached(c.toks, t0) && (c.prev == "+" || c.prev == "-" || c.prev == "−") && t0 >= 2 &&
			attached(c.toks, t0-1) && (c.prev2 == "gmt" || c.prev2 == "utc")
	}},

	// Digits written against letters: MI5, France24, F-16, 3rd, 1990s, 40km.
	{"digits after a word", dUnitName, "digits joined to a name", func(c *numCtx) bool {
		return c.digits && attached(c.toks, c.a.t0) && c.toks[c.a.t0-1].kind == tWord
	}},
	{"year after a hyphened word", dYear, "a year joined to a word", func(c *numCtx) bool {
		return c.hyphenedToWord() && isYearLike(c.t)
	}},
	{"digits after a hyphened word", dUnitName, "digits joined to a name", (*numCtx).hyphenedToWord},
	{"number sign", dOther, "a number sign before it", func(c *numCtx) bool {
		return c.digits && attached(c.toks, c.a.t0) && (c.prev == "#" || c.prev == "№")
	}},
	{"ordinal suffix", dOrdinal, "an ordinal suffix", func(c *numCtx) bool {
		return c.lettersAfter() && ordinalSuffixes[c.next]
	}},
	{"age bracket", dAge, "an age bracket ('in their 30s')", func(c *numCtx) bool {
		p := c.prev
		return c.lettersAfter() && c.next == "s" && c.t.val < 100 &&
			(p == "their" || p == "his" || p == "her" || p == "early" || p == "mid" || p == "late")
	}},
	{"decade", dYear, "a decade", func(c *numCtx) bool { return c.lettersAfter() && c.next == "s" }},
	{"unit joined", dMeasurement, "a unit joined to the digits", func(c *numCtx) bool {
		return c.lettersAfter() && (isAt(c.toks, c.t1, clsMeasureUnit) || c.next == "km2" || c.next == "sqkm")
	}},
	{"time of day joined", dTime, "time of day", func(c *numCtx) bool {
		return c.lettersAfter() && (isAt(c.toks, c.t1, clsTimeAfter) || c.next == "h" || c.next == "a" || c.next == "p")
	}},
	{"multiplier joined", dMultiplier, "a multiplier ('3x')", func(c *numCtx) bool {
		return c.lettersAfter() && (c.next == "x" || c.next == "fold")
	}},
	{"letters joined", dUnitName, "letters joined to the digits", (*numCtx).lettersAfter},
	{"hours and minutes", dTime, "hours and minutes", func(c *numCtx) bool {
		return c.separatorAfter() && c.next == ":"
	}},
	{"separators after", dDate, "a date or code with separators", (*numCtx).separatorAfter},
	{"minutes after hours", dTime, "hours and minutes", func(c *numCtx) bool {
		return c.separatorBefore() && c.prev == ":"
	}},
	{"separators before", dDate, "a date or code with separators", (*numCtx).separatorBefore},
	{"citation mark", dCitation, "citation mark", func(c *numCtx) bool {
		return c.digits && c.prev == "[" && c.next == "]"
	}},
	{"digit groups after a number", dOther, "digit groups after a number: a phone number or code", func(c *numCtx) bool {
		t0 := c.a.t0
		return c.digits && t0 > 0 && c.toks[t0-1].kind == tNum && c.t.grp && !strings.Contains(c.toks[t0].low, ",")
	}},

	// Money and percentages.
	{"currency", dMoney, "currency", func(c *numCtx) bool {
		return isMoneyBefore(c.toks, c.a.t0) || isAt(c.toks, c.t1, clsCurrency) && !(c.next == "won" && c.nextAttached)
	}},
	{"percent", dPercent, "percentage", func(c *numCtx) bool {
		return c.next == "%" || isAt(c.toks, c.t1, clsPercent) || c.next == "per" && c.next2 == "cent"
	}},

	// Times of day.
	{"24-hour time", dTime, "24-hour time", func(c *numCtx) bool { return c.digits && c.t.lead0 && c.t.ndig == 4 }},
	{"time word after", dTime, "a time of day", func(c *numCtx) bool {
		t := c.t
		return c.digits && isAt(c.toks, c.t1, clsTimeAfter) && (t.val <= 24 || t.lead0 || t.ndig == 4) && !t.grp
	}},
	{"a.m. or p.m.", dTime, "time of day", func(c *numCtx) bool {
		return c.digits && (c.next == "a" || c.next == "p") && c.next2 == "." && c.at(c.t1+2) == "m"
	}},
	{"o'clock", dTime, "o'clock", func(c *numCtx) bool {
		return c.digits && c.next == "o" && c.at(c.t1+2) == "clock"
	}},

	// Dates: "24 February", "April 18", "March 2022", "October 2, 2023".
	{"day before a month", dDate, "a day before a month", func(c *numCtx) bool {
		return c.plain() && c.t1 < len(c.toks) && c.toks[c.t1].cap && monthWords[c.next] && dayOfMonth(c.a.val)
	}},
	{"day of the month", dDate, "day of the month", func(c *numCtx) bool {
		return c.plain() && c.next == "of" && c.t1+1 < len(c.toks) && c.toks[c.t1+1].cap && monthWords[c.next2] && dayOfMonth(c.a.val)
	}},
	{"after a month", dDate, "after a month", func(c *numCtx) bool {
		t0 := c.a.t0
		return c.plain() && t0 > 0 && c.toks[t0-1].cap && monthWords[c.prev] && (dayOfMonth(c.a.val) || isYearLike(c.t))
	}},
	{"after an abbreviated month", dDate, "after a month", func(c *numCtx) bool {
		t0 := c.a.t0
		return c.plain() && c.prev == "." && t0 >= 2 && c.toks[t0-2].cap && monthWords[c.prev2]
	}},
	{"year of a date", dDate, "year of a date", func(c *numCtx) bool {
		t0 := c.a.t0
		return c.plain() && c.digits && isYearLike(c.t) && c.prev == "," && t0 >= 3 && c.toks[t0-2].kind == tNum && monthWords[c.at(t0-3)]
	}},

	// Ages.
	{"after aged", dAge, "after 'aged'", func(c *numCtx) bool {
		return isAt(c.toks, c.a.t0-1, clsAgeBefore) || (c.prev == "between" || c.prev == "of" || c.prev == "from") && ageBefore[c.prev2]
	}},
	{"age range", dAge, "age range", func(c *numCtx) bool {
		t0 := c.a.t0
		return t0 >= 2 && c.at(t0-2) != "" && (c.prev == "and" || c.prev == "to" || c.prev == "-") && ageBefore[c.at(t0-3)]
	}},
	{"N-year-old", dAge, "N-year-old", func(c *numCtx) bool {
		return (c.next == "-" || c.next == "–") && c.next2 == "year" && c.at(c.t1+2) == "-" && c.at(c.t1+3) == "old"
	}},
	{"N years old", dAge, "N years old", func(c *numCtx) bool {
		return (c.next == "year" || c.next == "years") && (c.next2 == "old" || c.next2 == "of" && c.at(c.t1+2) == "age")
	}},
	{"children under N", dAge, "'children under N'", func(c *numCtx) bool {
		p := c.prev
		return (p == "under" || p == "over" || p == "below" || p == "above") && ageHolders[c.prev2] && c.a.val <= 120 && !countWordAt(c.toks, c.t1)
	}},
	// "Amina, 34, whose home …"
	{"age after a name", dAge, "an age after a name", func(c *numCtx) bool {
		a, t0 := c.a, c.a.t0
		return c.prev == "," && c.next == "," && !a.vague && a.val >= 1 && a.val <= 110 && t0 >= 2 && c.toks[t0-2].cap &&
			c.toks[t0-2].kind == tWord && !monthWords[c.prev2] && a.scale == 0
	}},

	// Durations and rates: "three days", "a 3-day ceasefire", "500 a day".
	{"time unit before 'old'", dAge, "N years old", func(c *numCtx) bool {
		j, ok := c.timeUnitAfter()
		return ok && (c.at(j+1) == "old" || c.at(j+1) == "-" && c.at(j+2) == "old")
	}},
	{"time unit after", dDuration, "a time unit after it", func(c *numCtx) bool {
		_, ok := c.timeUnitAfter()
		return ok
	}},
	{"rate word after", dRate, "a rate word after it", func(c *numCtx) bool { return isAt(c.toks, c.t1, clsRateWord) }},
	{"per N", dRate, "'per N', 'every N'", func(c *numCtx) bool { return c.prev == "per" || c.prev == "every" }},
	{"a day, per week", dRate, "'a day', 'per week'", (*numCtx).ratePhraseAfter},

	// Measurements: "40 kilometers", "nearly 1,000-mile", "magnitude 6.8".
	{"unit magnitude", dMeasurement, "unit 'magnitude'", func(c *numCtx) bool {
		u, ok := c.unitAfter()
		return ok && u == "magnitude"
	}},
	{"unit after", dMeasurement, "a unit of measure after it", func(c *numCtx) bool {
		_, ok := c.unitAfter()
		return ok
	}},
	{"after magnitude", dMeasurement, "magnitude", func(c *numCtx) bool {
		return c.prev == "magnitude" || (c.prev == "-" && c.prev2 == "magnitude") || c.prev == "richter"
	}},

	// Fractions: "one third", "two-thirds", "one in five".
	{"fraction word after", dFraction, "a fraction word after it", func(c *numCtx) bool {
		j := c.t1
		if j < len(c.toks) && c.toks[j].low == "-" && attached(c.toks, j) {
			j++
		}
		return isAt(c.toks, j, clsFraction) && !c.a.vague
	}},
	{"N in M", dFraction, "'N in M'", func(c *numCtx) bool {
		t1 := c.t1
		return c.next == "in" && c.a.val <= 20 && t1+1 < len(c.toks) &&
			(c.toks[t1+1].kind == tNum && !isYearLike(c.toks[t1+1]) || unitWords[c.next2] > 0 || tensWords[c.next2] > 0)
	}},
	{"M of N in M", dFraction, "'N in M'", func(c *numCtx) bool {
		t0 := c.a.t0
		return c.prev == "in" && t0 >= 2 && (c.toks[t0-2].kind == tNum && c.toks[t0-2].val <= 20 || unitWords[c.prev2] > 0) &&
			!isYearLike(c.t) && c.at(t0-3) != "died" && c.a.val <= 1000
	}},

	// Multipliers: "three times", "two-fold".
	{"N times", dMultiplier, "'N times'", func(c *numCtx) bool {
		m := c.at(c.t1 + 2)
		return c.next == "times" && !(c.next2 == "as" && (m == "many" || m == "much"))
	}},
	{"N-fold", dMultiplier, "'N-fold'", func(c *numCtx) bool {
		return c.next == "fold" || c.next == "-" && c.next2 == "fold"
	}},

	// Names and labels: "Resolution 2334", "Flight 17", "giro number 7447".
	{"after 'number'", dOther, "a number after 'number', 'account' or 'phone'", func(c *numCtx) bool {
		p := c.prev
		return c.label() && (p == "number" || p == "no" || p == "account" || p == "giro" || p == "phone" || p == "hotline" || p == "code")
	}},
	{"label", dUnitName, "a label ('Resolution 2334')", (*numCtx).label},
	{"after 'No.' or 'p.'", dOther, "a number after 'No.' or 'p.'", func(c *numCtx) bool {
		p2 := c.prev2
		return c.digits && c.prev == "." &&
			(p2 == "no" || p2 == "nos" || p2 == "p" || p2 == "pp" || p2 == "vol" || p2 == "art" || p2 == "fig")
	}},

	// Years: four digits from 1800 to 2100 with no separator, unless they
	// count something ("2000 people").
	{"year", dYear, "a year", (*numCtx).year},

	// Compounds such as "two-state", "one-sided": not counts, except
	// "a 300-strong force", "a 12-member team".
	{"compound adjective", dOther, "a compound adjective ('two-state')", func(c *numCtx) bool {
		t1 := c.t1
		return (c.next == "-" || c.next == "–") && c.nextAttached && t1+1 < len(c.toks) && c.toks[t1+1].kind == tWord &&
			attached(c.toks, t1+1) && !compoundFigure[c.next2]
	}},

	// Decimals with no scale word are measurements or ratios, not counts.
	{"decimal", dOther, "a decimal without a scale word", func(c *numCtx) bool {
		return c.digits && c.t.dec && c.a.scale == 0
	}},
	// Long codes with no separator: account and phone numbers.
	{"long code", dOther, "a long code", func(c *numCtx) bool {
		return c.digits && !c.t.grp && c.t.ndig >= 7 && c.a.scale == 0
	}},

	// The determiner "one": "one of", "One witness said", "no one".
	{"determiner one", dOther, "determiner 'one'", (*numCtx).determinerOne},
	{"one before a speaker", dOther, "determiner 'one' before a speaker", func(c *numCtx) bool {
		return c.oneWord() && c.t1+1 < len(c.toks) && c.toks[c.t1].kind == tWord && reportVerbs[c.next2]
	}},
})

// hyphenedToWord reports digits hyphened to a word before them: "F-16".
func (c *numCtx) hyphenedToWord() bool {
	t0 := c.a.t0
	return c.digits && attached(c.toks, t0) && (c.prev == "-" || c.prev == "–") && attached(c.toks, t0-1) && t0 >= 2 &&
		c.toks[t0-2].kind == tWord
}

// lettersAfter reports digits with letters joined after them: "3rd",
// "1990s", "40km".
func (c *numCtx) lettersAfter() bool {
	return c.digits && c.nextAttached && c.toks[c.t1].kind == tWord && c.a.scale == 0
}

// separatorAfter reports a number joined by "/", ":" or "." to a number
// after it, or a number with odd separators of its own: "14/02", "9:30".
func (c *numCtx) separatorAfter() bool {
	t1 := c.t1
	return c.digits && (c.t.odd || (c.nextAttached && (c.next == "/" || c.next == ":" || c.next == ".") && t1+1 < len(c.toks) &&
		c.toks[t1+1].kind == tNum && attached(c.toks, t1+1)))
}

// separatorBefore reports a number joined by "/" or ":" to a number
// before it.
func (c *numCtx) separatorBefore() bool {
	t0 := c.a.t0
	return c.digits && attached(c.toks, t0) && (c.prev == "/" || c.prev == ":") && t0 >= 2 && c.toks[t0-2].kind == tNum
}

// plain reports a number that may be a day or a year: not vague, not a
// decimal, no scale word.
func (c *numCtx) plain() bool { return !c.a.vague && !c.t.dec && c.a.scale == 0 }

// dayOfMonth reports whether v can be a day of the month.
func dayOfMonth(v float64) bool { return v >= 1 && v <= 31 }

// timeUnitAfter returns the position of a time unit after the number, over
// a joined hyphen and up to two duration adjectives ("3-day", "five
// long years"), and whether there is one.
func (c *numCtx) timeUnitAfter() (int, bool) {
	j := c.t1
	if j < len(c.toks) && (c.toks[j].low == "-" || c.toks[j].low == "–") && attached(c.toks, j) {
		j++
	}
	for k := 0; k < 2 && isAt(c.toks, j, clsDurationAdj); k++ {
		j++
	}
	return j, isAt(c.toks, j, clsTimeUnit)
}

// ratePhraseAfter reports "a day", "per week" within the next few words,
// over words that are not function words, unless the time unit is
// followed by "after", "before", "earlier", "later" or "ago".
func (c *numCtx) ratePhraseAfter() bool {
	toks := c.toks
	for k := c.t1; k < c.t1+4 && k < len(toks); k++ {
		if toks[k].cls&clsRateDet != 0 && isAt(toks, k+1, clsTimeUnit) {
			switch low(toks, k+2) {
			case "after", "before", "earlier", "later", "ago":
			default:
				return true
			}
		}
		if toks[k].kind != tWord || toks[k].cls&clsFunction != 0 && toks[k].cls&clsRateDet == 0 {
			return false
		}
	}
	return false
}

// unitAfter returns the unit of measure after the number, over a joined
// hyphen, and whether there is one.
func (c *numCtx) unitAfter() (string, bool) {
	j := c.t1
	if j < len(c.toks) && (c.toks[j].low == "-" || c.toks[j].low == "–") && attached(c.toks, j) {
		j++
	}
	u := c.at(j)
	return u, isAt(c.toks, j, clsMeasureUnit) || u == "°"
}

// label reports digits after a label word: "Resolution 2334".
func (c *numCtx) label() bool { return c.digits && isAt(c.toks, c.a.t0-1, clsUnitName) }

// year reports a year: four digits from 1800 to 2100, unless they count
// something ("2000 people", "1800-2000 people") with no year preposition
// before them.
func (c *numCtx) year() bool {
	a, toks, t1, next, prev := c.a, c.toks, c.t1, c.next, c.prev
	if !c.digits || !isYearLike(c.t) || a.scale != 0 {
		return false
	}
	counted := countWordAt(toks, t1) || skipAfterNumber[next] && countWordAt(toks, t1+1)
	lowEnd := false
	if (next == "-" || next == "–" || next == "to" || next == "and" && prev == "between") && t1+1 < len(toks) &&
		toks[t1+1].kind == tNum && toks[t1+1].val > a.val {
		// "1800-2000 people": the low end of a range of counts.
		lowEnd = countWordAt(toks, t1+2) || skipAfterNumber[low(toks, t1+2)] && countWordAt(toks, t1+3)
		counted = lowEnd
	}
	return !counted || !lowEnd && yearPrepositions[prev] && prev != "to" && prev != "and" && prev != "around" && prev != "about"
}

// oneWord reports the word "one" by itself.
func (c *numCtx) oneWord() bool { return c.a.word && c.a.val == 1 && c.t1-c.a.t0 == 1 }

// determinerOne reports "one" as a determiner: "one of", "no one", "One
// witness said"; not "killing one." at the end of a clause.
func (c *numCtx) determinerOne() bool {
	if !c.oneWord() {
		return false
	}
	next, prev := c.next, c.prev
	if !(oneNotAfter[next] || oneNotBefore[prev] || next == "-" || next == "," || next == "." || next == "") {
		return false
	}
	verbBefore := strings.HasSuffix(prev, "ing") || strings.HasSuffix(prev, "ed")
	return !(next == "," || next == "." || next == "") || !(isMeasureContextBefore(c.toks, c.a.t0) || verbBefore)
}
