package extract

import "strings"

// This file decides which numbers are not figures (guide §2): dates,
// years, times, ages, durations, ordinals, unit names, money, percentages,
// fractions, multipliers, rates, measurements, citation marks, account
// numbers and the determiner "one".

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

// classify sets a.kind when the atom is not a figure.
func classify(toks []token, atoms []atom, ai int) {
	a := &atoms[ai]
	kind, why := classifyAtom(toks, a)
	a.kind, a.why = kind, why
}

func classifyAtom(toks []token, a *atom) (kind, why string) {
	t1 := a.t1
	if a.vague && low(toks, t1) == "of" {
		t1++ // "hundreds of thousands of euros", "dozens of kilometres"
	}
	t := toks[a.t0]
	prev, prev2 := low(toks, a.t0-1), low(toks, a.t0-2)
	next, next2 := low(toks, t1), low(toks, t1+1)
	digits := t.kind == tNum
	nextAttached := attached(toks, t1)
	if a.val > maxFigure {
		return "other", "too large for a count"
	}

	// Numeric dates and times: 2025-04-28, 2024/06/30, 14/02/2024,
	// 3/15/24, 2023-04, 2025-04-28T10:00Z.
	if digits {
		if kind, why := numericDate(toks, a.t0); kind != "" {
			return kind, why
		}
	}

	// Counters of page furniture: "1 of 12 |" under a photo, "UTC+3".
	if digits && !t.grp && galleryCounter(toks, a.t0) {
		return "other", "a counter ('1 of 12')"
	}
	if digits && attached(toks, a.t0) && (prev == "+" || prev == "-" || prev == "−") && a.t0 >= 2 && attached(toks, a.t0-1) &&
		(prev2 == "gmt" || prev2 == "utc") {
		return "time", "a time zone offset"
	}

	// Digits written against letters: MI5, France24, F-16, 3rd, 1990s, 40km.
	if digits {
		if attached(toks, a.t0) && toks[a.t0-1].kind == tWord {
			return "unit_name", "digits joined to a name"
		}
		if attached(toks, a.t0) && (prev == "-" || prev == "–") && attached(toks, a.t0-1) && a.t0 >= 2 && toks[a.t0-2].kind == tWord {
			if isYearLike(t) {
				return "year", "a year joined to a word"
			}
			return "unit_name", "digits joined to a name"
		}
		if attached(toks, a.t0) && (prev == "#" || prev == "№") {
			return "other", "a number sign before it"
		}
		if nextAttached && toks[t1].kind == tWord && a.scale == 0 {
			switch {
			case ordinalSuffixes[next]:
				return "ordinal", "an ordinal suffix"
			case next == "s":
				if t.val < 100 && (prev == "their" || prev == "his" || prev == "her" || prev == "early" || prev == "mid" || prev == "late") {
					return "age", "an age bracket ('in their 30s')"
				}
				return "year", "a decade"
			case isAt(toks, t1, clsMeasureUnit) || next == "km2" || next == "sqkm":
				return "measurement", "a unit joined to the digits"
			case isAt(toks, t1, clsTimeAfter) || next == "h" || next == "a" || next == "p":
				return "time", "time of day"
			case next == "x" || next == "fold":
				return "multiplier", "a multiplier ('3x')"
			}
			return "unit_name", "letters joined to the digits"
		}
		if t.odd || (nextAttached && (next == "/" || next == ":" || next == ".") && t1+1 < len(toks) && toks[t1+1].kind == tNum && attached(toks, t1+1)) {
			if next == ":" {
				return "time", "hours and minutes"
			}
			return "date", "a date or code with separators"
		}
		if attached(toks, a.t0) && (prev == "/" || prev == ":") && a.t0 >= 2 && toks[a.t0-2].kind == tNum {
			if prev == ":" {
				return "time", "hours and minutes"
			}
			return "date", "a date or code with separators"
		}
		if prev == "[" && next == "]" {
			return "citation", "citation mark"
		}
		if a.t0 > 0 && toks[a.t0-1].kind == tNum && t.grp && !strings.Contains(toks[a.t0].low, ",") {
			return "other", "digit groups after a number: a phone number or code"
		}
	}

	// Money and percentages.
	if isMoneyBefore(toks, a.t0) || isAt(toks, t1, clsCurrency) && !(next == "won" && nextAttached) {
		return "money", "currency"
	}
	if next == "%" || isAt(toks, t1, clsPercent) || next == "per" && next2 == "cent" {
		return "percent", "percentage"
	}

	// Times of day.
	if digits {
		if t.lead0 && t.ndig == 4 {
			return "time", "24-hour time"
		}
		if isAt(toks, t1, clsTimeAfter) && (t.val <= 24 || t.lead0 || t.ndig == 4) && !t.grp {
			return "time", "a time of day"
		}
		if (next == "a" || next == "p") && next2 == "." && low(toks, t1+2) == "m" {
			return "time", "time of day"
		}
		if next == "o" && low(toks, t1+2) == "clock" {
			return "time", "o'clock"
		}
	}

	// Dates: "24 February", "April 18", "March 2022", "October 2, 2023".
	if !a.vague && !t.dec && a.scale == 0 {
		v := a.val
		if t1 < len(toks) && toks[t1].cap && monthWords[next] && v >= 1 && v <= 31 {
			return "date", "a day before a month"
		}
		if next == "of" && t1+1 < len(toks) && toks[t1+1].cap && monthWords[next2] && v >= 1 && v <= 31 {
			return "date", "day of the month"
		}
		if a.t0 > 0 && toks[a.t0-1].cap && monthWords[prev] && (v >= 1 && v <= 31 || isYearLike(t)) {
			return "date", "after a month"
		}
		if prev == "." && a.t0 >= 2 && toks[a.t0-2].cap && monthWords[prev2] {
			return "date", "after a month"
		}
		if digits && isYearLike(t) && prev == "," && a.t0 >= 3 && toks[a.t0-2].kind == tNum && monthWords[low(toks, a.t0-3)] {
			return "date", "year of a date"
		}
	}

	// Ages.
	if isAt(toks, a.t0-1, clsAgeBefore) || (prev == "between" || prev == "of" || prev == "from") && ageBefore[prev2] {
		return "age", "after 'aged'"
	}
	if a.t0 >= 2 && low(toks, a.t0-2) != "" && (prev == "and" || prev == "to" || prev == "-") && ageBefore[low(toks, a.t0-3)] {
		return "age", "age range"
	}
	if (next == "-" || next == "–") && next2 == "year" && low(toks, t1+2) == "-" && low(toks, t1+3) == "old" {
		return "age", "N-year-old"
	}
	if (next == "year" || next == "years") && (next2 == "old" || next2 == "of" && low(toks, t1+2) == "age") {
		return "age", "N years old"
	}
	if (prev == "under" || prev == "over" || prev == "below" || prev == "above") && ageHolders[prev2] && a.val <= 120 && !countWordAt(toks, t1) {
		return "age", "'children under N'"
	}

	// "Amina, 34, whose home …": an age after a name.
	if prev == "," && next == "," && !a.vague && a.val >= 1 && a.val <= 110 && a.t0 >= 2 && toks[a.t0-2].cap && toks[a.t0-2].kind == tWord && !monthWords[prev2] && a.scale == 0 {
		return "age", "an age after a name"
	}

	// Durations and rates: "three days", "a 3-day ceasefire", "500 a day".
	j := t1
	if j < len(toks) && (toks[j].low == "-" || toks[j].low == "–") && attached(toks, j) {
		j++
	}
	for k := 0; k < 2 && isAt(toks, j, clsDurationAdj); k++ {
		j++
	}
	if isAt(toks, j, clsTimeUnit) {
		if low(toks, j+1) == "old" || low(toks, j+1) == "-" && low(toks, j+2) == "old" {
			return "age", "N years old"
		}
		return "duration", "a time unit after it"
	}
	if isAt(toks, t1, clsRateWord) {
		return "rate", "a rate word after it"
	}
	if prev == "per" || prev == "every" {
		return "rate", "'per N', 'every N'"
	}
	for k := t1; k < t1+4 && k < len(toks); k++ {
		if toks[k].cls&clsRateDet != 0 && isAt(toks, k+1, clsTimeUnit) && low(toks, k+2) != "after" && low(toks, k+2) != "before" && low(toks, k+2) != "earlier" && low(toks, k+2) != "later" && low(toks, k+2) != "ago" {
			return "rate", "'a day', 'per week'"
		}
		if toks[k].kind != tWord || toks[k].cls&clsFunction != 0 && toks[k].cls&clsRateDet == 0 {
			break
		}
	}

	// Measurements: "40 kilometers", "nearly 1,000-mile", "magnitude 6.8".
	j = t1
	if j < len(toks) && (toks[j].low == "-" || toks[j].low == "–") && attached(toks, j) {
		j++
	}
	if u := low(toks, j); isAt(toks, j, clsMeasureUnit) || u == "°" {
		if u == "magnitude" {
			return "measurement", "unit 'magnitude'"
		}
		return "measurement", "a unit of measure after it"
	}
	if prev == "magnitude" || (prev == "-" && prev2 == "magnitude") || prev == "richter" {
		return "measurement", "magnitude"
	}

	// Fractions: "one third", "two-thirds", "one in five".
	j = t1
	if j < len(toks) && toks[j].low == "-" && attached(toks, j) {
		j++
	}
	if isAt(toks, j, clsFraction) && !a.vague {
		return "fraction", "a fraction word after it"
	}
	if next == "in" && a.val <= 20 && t1+1 < len(toks) && (toks[t1+1].kind == tNum && !isYearLike(toks[t1+1]) || unitWords[next2] > 0 || tensWords[next2] > 0) {
		return "fraction", "'N in M'"
	}
	if prev == "in" && a.t0 >= 2 && (toks[a.t0-2].kind == tNum && toks[a.t0-2].val <= 20 || unitWords[prev2] > 0) && !isYearLike(t) && low(toks, a.t0-3) != "died" && a.val <= 1000 {
		return "fraction", "'N in M'"
	}

	// Multipliers: "three times", "two-fold".
	if next == "times" && !(next2 == "as" && (low(toks, t1+2) == "many" || low(toks, t1+2) == "much")) {
		return "multiplier", "'N times'"
	}
	if next == "fold" || next == "-" && next2 == "fold" {
		return "multiplier", "'N-fold'"
	}

	// Names and labels: "Resolution 2334", "Flight 17", "giro number 7447".
	if digits && isAt(toks, a.t0-1, clsUnitName) {
		if prev == "number" || prev == "no" || prev == "account" || prev == "giro" || prev == "phone" || prev == "hotline" || prev == "code" {
			return "other", "a number after 'number', 'account' or 'phone'"
		}
		return "unit_name", "a label ('Resolution 2334')"
	}
	if digits && prev == "." && (prev2 == "no" || prev2 == "nos" || prev2 == "p" || prev2 == "pp" || prev2 == "vol" || prev2 == "art" || prev2 == "fig") {
		return "other", "a number after 'No.' or 'p.'"
	}

	// Years: four digits from 1800 to 2100 with no separator, unless they
	// count something ("2000 people").
	if digits && isYearLike(t) && a.scale == 0 {
		counted := countWordAt(toks, t1) || skipAfterNumber[next] && countWordAt(toks, t1+1)
		lowEnd := false
		if (next == "-" || next == "–" || next == "to" || next == "and" && prev == "between") && t1+1 < len(toks) && toks[t1+1].kind == tNum && toks[t1+1].val > a.val {
			// "1800-2000 people": the low end of a range of counts.
			lowEnd = countWordAt(toks, t1+2) || skipAfterNumber[low(toks, t1+2)] && countWordAt(toks, t1+3)
			counted = lowEnd
		}
		if !counted || !lowEnd && yearPrepositions[prev] && prev != "to" && prev != "and" && prev != "around" && prev != "about" {
			return "year", "a year"
		}
	}

	// Compounds such as "two-state", "one-sided": not counts, except
	// "a 300-strong force", "a 12-member team".
	if (next == "-" || next == "–") && nextAttached && t1+1 < len(toks) && toks[t1+1].kind == tWord && attached(toks, t1+1) && !compoundFigure[next2] {
		return "other", "a compound adjective ('two-state')"
	}

	// Decimals with no scale word are measurements or ratios, not counts.
	if digits && t.dec && a.scale == 0 {
		return "other", "a decimal without a scale word"
	}
	// Long codes with no separator: account and phone numbers.
	if digits && !t.grp && t.ndig >= 7 && a.scale == 0 {
		return "other", "a long code"
	}

	// The determiner "one": "one of", "One witness said", "no one".
	if a.word && a.val == 1 && t1-a.t0 == 1 {
		if oneNotAfter[next] || oneNotBefore[prev] || next == "-" || next == "," || next == "." || next == "" {
			verbBefore := strings.HasSuffix(prev, "ing") || strings.HasSuffix(prev, "ed")
			if !(next == "," || next == "." || next == "") || !(isMeasureContextBefore(toks, a.t0) || verbBefore) {
				return "other", "determiner 'one'"
			}
		}
		if t1+1 < len(toks) && toks[t1].kind == tWord && reportVerbs[next2] {
			return "other", "determiner 'one' before a speaker"
		}
	}
	return "", ""
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

// numericDate reads the chain of numbers joined, with no space, by "-",
// "/", "." or ":" (and the "T" of ISO 8601) around the number toks[i],
// and reports whether it is a date or a time of day: year-month-day,
// day-month-year and month/day/year in any of those separators, a year
// and a two-digit month, any part with a leading zero ("05-11"), and
// hours and minutes. A range such as "20-25" or "1990-2000" and a score
// such as "12-3" are none of these.
func numericDate(toks []token, i int) (kind, why string) {
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
	if s == e {
		return "", ""
	}
	// The parts before the first ":" or "T" are the date; the rest the time.
	var date [3]token
	nd := 0
	sep := ""
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
			if sep != "" && toks[k-1].low != sep {
				return "", ""
			}
			sep = toks[k-1].low
		}
		if nd == len(date) {
			return "", ""
		}
		date[nd] = toks[k]
		nd++
	}
	if timeFrom >= 0 && i >= timeFrom {
		return "time", "hours and minutes"
	}
	if nd < 2 {
		return "", ""
	}
	year := func(t token) bool { return isYearLike(t) }
	in := func(t token, lo, hi float64) bool {
		return !t.dec && !t.grp && t.val >= lo && t.val <= hi && t.ndig <= 2
	}
	d0, d1, d2 := date[0], date[1], date[2]
	switch {
	case nd == 3 && year(d0) && in(d1, 1, 12) && in(d2, 1, 31):
		return "date", "a year-month-day date"
	case nd == 3 && in(d0, 1, 31) && in(d1, 1, 31) && (in(d0, 1, 12) || in(d1, 1, 12)) && (year(d2) || d2.ndig == 2 && !d2.dec):
		return "date", "a day-month-year date"
	case nd == 2 && year(d0) && d1.ndig == 2 && in(d1, 1, 12) && (sep != "–" || d1.lead0):
		return "date", "a year and a month"
	case nd == 2 && year(d0) && d1.ndig == 2 && !d1.dec && d1.val > float64(int(d0.val)%100) && (sep == "-" || sep == "–" || sep == "/"):
		return "year", "a span of years ('2014-15')"
	case nd == 2 && sep != "-" && in(d0, 1, 12) && year(d1):
		return "date", "a month and a year"
	case d0.lead0 && d0.ndig == 2 || d1.lead0 && d1.ndig == 2 || nd == 3 && d2.lead0 && d2.ndig == 2:
		return "date", "a date or code with leading zeros"
	}
	return "", ""
}
