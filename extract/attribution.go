package extract

import "strings"

// anchor is a place in a sentence that names who gives figures: "X said",
// "said X", "according to X", "X's tally", "reported by X".
type anchor struct {
	np0, np1 int  // the source: tokens [np0, np1)
	v0, v1   int  // the verb or phrase that marks it
	trailing bool // the clause ends after the verb: it covers what precedes
	after    bool // the verb has a complement: it covers what follows
	inverted bool // the source comes after its verb
	how      string
	date     string
	dwhy     note
}

func (a *anchor) start() int { return min(a.np0, a.v0) }

var (
	articles = set("the", "a", "an", "this", "that", "these", "those", "its", "his", "her", "their", "our",
		"my", "your", "whose")
	prepositions = set("of", "in", "on", "at", "by", "for", "from", "with", "into", "about", "than", "per", "as", "among", "without")
	pronouns     = set("he", "she", "they", "we", "it", "i", "you", "who")
	verbAdverbs  = set("also", "reportedly", "officially", "initially", "widely", "previously", "later",
		"earlier", "subsequently", "not", "all", "first", "now", "yet", "originally", "then", "already",
		"so", "far", "since", "once", "been", "being", "formally", "publicly", "never", "last", "recently")
	// noInversion are words that cannot start a source after its verb.
	noInversion = set("that", "it", "he", "she", "they", "we", "i", "you", "there", "on", "in", "at", "by",
		"to", "last", "this", "earlier", "later", "more", "about", "some", "nearly", "almost", "over", "up",
		"around", "as", "if", "when", "while", "and", "but", "so", "of", "for", "with", "from", "yesterday", "today", "what", "how", "why", "whether", "no",
		"not", "he's", "was", "were", "is", "are", "had", "has", "have", "would", "will")
	// objectWords may stand between a verb and the date or end of its
	// clause: "told reporters on Monday", "said in a statement".
	objectWords = set("reporters", "journalists", "lawmakers", "parliament", "media", "the", "a", "an",
		"local", "state", "news", "agency", "broadcaster", "channel", "television", "radio", "newspaper",
		"daily", "press", "conference", "briefing", "statement", "in", "at", "during", "late", "early",
		"him", "her", "them", "us", "me", "it", "interview", "an", "online", "publicly", "separately",
		"told", "on", "written", "post", "posted", "tv", "council", "committee", "congress")
	quoteMarks = set("\"", "“", "”", "'", "‘", "’", "«", "»")
	// npBreakAfter end a source read left to right: "according to X on Monday".
	npBreakAfter = set("that", "who", "which", "on", "as", "when", "while", "after", "before", "citing",
		"saying", "adding", "said", "says", "told", "reported", "and", "but", "late", "earlier", "yesterday",
		"today", "last", "because", "since", "following", "amid", "despite", "to", "quoted", "quoting",
		"than", "were", "was", "is", "are", "has", "have", "had", "will", "would", "could", "may", "might",
		"if", "where", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
)

// isBoundaryPunct reports whether a punctuation token ends a source.
func isBoundaryPunct(w string) bool {
	switch w {
	case ",", ";", ":", "(", "\"", "“", "”", "—", "–", "!", "?", ".", "|", "[", "]", "…", "«", "»", "‘":
		return true
	}
	return false
}

// npBefore reads the source that ends at token end (exclusive), right to
// left up to a clause boundary: "the Houthi-controlled health ministry",
// "US Central Command (Centcom)", "Ms. Bogner".
func (p *parser) npBefore(end int) (int, int) {
	return p.npBeforeDepth(end, 0)
}

func (p *parser) npBeforeDepth(end, depth int) (int, int) {
	toks := p.toks
	j := end - 1
	for ; j >= 0 && end-j <= 16; j-- {
		t := toks[j]
		if t.kind == tPunct {
			switch t.low {
			case ")":
				o := j - 1
				for o >= 0 && o > j-10 && toks[o].low != "(" {
					o--
				}
				if o >= 0 && toks[o].low == "(" {
					j = o
					continue
				}
			case "-", "'", "’", "@", "#", "&", "/", "–":
				if attached(toks, j) || attached(toks, j+1) {
					continue
				}
			case ".":
				if j > 0 && toks[j-1].kind == tWord && toks[j-1].cap && len(toks[j-1].low) <= 4 {
					continue // "Ms. Bogner", "U.S."
				}
			}
			break
		}
		w := t.low
		if w == "to" && low(toks, j-1) == "according" {
			break
		}
		if t.cls&clsClause != 0 {
			if (w == "which" || w == "whom") && p.shortSubject(j+1, end) {
				return j + 1, end // "the crowd, which organisers put at": its own subject
			}
			if (w == "who" || w == "which") && depth == 0 {
				{
					// The antecedent of the relative clause is the source:
					// "Aid workers who managed to reach the city described".
					q := j
					if low(toks, q-1) == "," {
						q-- // "the defence ministry, which said"
					}
					s, e := p.npBeforeDepth(q, depth+1)
					if e > s {
						return s, e
					}
				}
			}
			if (w == "and" || w == "&") && j+1 < end && toks[j+1].cap && j > 0 && toks[j-1].cap {
				continue // "Israel and Hamas", "Reduction and Management"
			}
			break
		}
		if t.cls&clsWeekday != 0 && t.cap {
			break
		}
	}
	s := j + 1
	for s < end && (toks[s].low == "and" || toks[s].low == "but" || toks[s].low == "then" || toks[s].low == "-" || quoteMarks[toks[s].low]) {
		s++
	}
	e := end
	for e > s && quoteMarks[toks[e-1].low] {
		e--
	}
	return s, e
}

// shortSubject reports whether toks[s:e] is a short noun phrase, the
// subject of a relative clause: "organisers", "the police".
func (p *parser) shortSubject(s, e int) bool {
	if e <= s || e-s > 3 {
		return false
	}
	for k := s; k < e; k++ {
		t := p.toks[k]
		if t.kind != tWord || functionWords[t.low] && !articles[t.low] || strings.HasSuffix(t.low, "ed") || strings.HasSuffix(t.low, "ing") {
			return false
		}
	}
	return !articles[p.toks[e-1].low]
}

// npAfter reads the source that starts at token k, left to right: "said X",
// "according to X", "citing X".
func (p *parser) npAfter(k int) (int, int) {
	toks := p.toks
	e := k
	for ; e < len(toks) && e < k+14; e++ {
		t := toks[e]
		if t.kind == tPunct {
			if t.low == "(" {
				c := e + 1
				for c < len(toks) && c < e+10 && toks[c].low != ")" {
					c++
				}
				if c < len(toks) && toks[c].low == ")" && c < e+10 {
					e = c
					continue
				}
			}
			if (t.low == "-" || t.low == "'" || t.low == "’" || t.low == "&" || t.low == "@" || t.low == "#") && (attached(toks, e) || attached(toks, e+1)) {
				continue
			}
			if t.low == "." && e > k && toks[e-1].kind == tWord && toks[e-1].cap && len(toks[e-1].low) <= 3 && e+1 < len(toks) && toks[e+1].cap {
				continue
			}
			break
		}
		if e > k && npBreakAfter[t.low] {
			if t.low == "and" && e+1 < len(toks) && toks[e+1].cap && toks[e-1].cap {
				continue
			}
			break
		}
		if e > k && t.low == "in" && (low(toks, e+1) == "a" || low(toks, e+1) == "an") {
			break
		}
	}
	return k, e
}

// clauseStart reports whether token k starts its clause.
func (p *parser) clauseStart(k int) bool {
	for j := k - 1; j >= 0; j-- {
		w := p.toks[j].low
		if quoteMarks[w] || w == "and" || w == "but" || w == "so" {
			continue
		}
		return w == ";" || w == ":" || w == "." || w == "—" || w == "|"
	}
	return true
}

// findAnchors collects the sources named in the sentence.
func (p *parser) findAnchors() {
	p.anchs = p.anchs[:0]
	toks := p.toks
	for k := range toks {
		t := &toks[k]
		if t.kind != tWord || t.cls&clsReport == 0 && t.low != "according" && t.low != "s" && t.low != "figures" {
			continue
		}
		w := t.low
		switch {
		case w == "according" && low(toks, k+1) == "to":
			s, e := p.npAfter(k + 2)
			if e > s {
				p.anchs = append(p.anchs, anchor{np0: s, np1: e, v0: k, v1: k + 2, inverted: true,
					trailing: !p.clauseStart(k), after: p.clauseStart(k), how: "according to"})
			}
		case (w == "s") && k >= 2 && (low(toks, k-1) == "'" || low(toks, k-1) == "’") && attached(toks, k-1) && attached(toks, k) &&
			(possessiveSourceNouns[low(toks, k+1)] || possessiveAdjectives[low(toks, k+1)] && possessiveSourceNouns[low(toks, k+2)]):
			s, e := p.npBefore(k - 1)
			if e > s {
				p.anchs = append(p.anchs, anchor{np0: s, np1: e, v0: k - 1, v1: k + 1, trailing: true, after: true, how: "possessive"})
			}
		case (w == "reports" || w == "claims" || w == "estimates" || w == "figures") && low(toks, k+1) == "that" && (determiners[low(toks, k-1)] || low(toks, k-1) == "unconfirmed"):
			// "reports that up to 2,000 more troops could be sent"
			s := k
			for s > 0 && toks[s-1].kind == tWord && !functionWords[toks[s-1].low] && !articles[toks[s-1].low] && toks[s-1].cls&clsReport == 0 {
				s--
			}
			p.anchs = append(p.anchs, anchor{np0: s, np1: k + 1, v0: k, v1: k + 2, after: true, how: "reports that"})
		case t.cls&clsReport != 0 && t.cls&clsContinue == 0:
			p.verbAnchor(k)
		}
	}
	p.headlineSource()
}

// verbAnchor reads the source of the report verb at token k.
func (p *parser) verbAnchor(k int) {
	toks := p.toks
	w := toks[k].low
	next := low(toks, k+1)
	// Passive: "were reported dead", "is estimated at"; with an agent,
	// "recorded by X".
	j := k - 1
	for j >= 0 && verbAdverbs[toks[j].low] {
		j--
	}
	if j >= 0 && beForms[toks[j].low] && j < k {
		if next == "by" {
			s, e := p.npAfter(k + 2)
			if e > s {
				p.anchs = append(p.anchs, anchor{np0: s, np1: e, v0: k, v1: k + 2, inverted: true, trailing: true, how: "by"})
			}
		}
		return
	}
	prev := low(toks, k-1)
	if articles[prev] || prepositions[prev] {
		return // "the reported strike", "an estimated 500", "the number of confirmed deaths"
	}
	if ambiguousReportVerbs[w] {
		// "reports of 31 deaths", "their estimates were", "our average
		// estimate" are nouns; "officials estimate", "the UN estimates
		// that", "the government plans to" are verbs.
		if determiners[prev] {
			return
		}
		q := k - 1
		for q >= 0 && (subjectSkip[toks[q].low] && !articles[toks[q].low] || quoteMarks[toks[q].low]) {
			q--
		}
		if q < 0 {
			return
		}
		pt := toks[q]
		subject := pt.low == ")" || pronouns[pt.low] || pt.kind == tWord && (pt.cap && q > 0 || strings.HasSuffix(pt.low, "s") && !functionWords[pt.low])
		if !subject && (next == "." || next == "" || next == ",") && p.articleNoun(q) {
			subject = true // "…, the official history records."
		}
		switch next {
		case "of", ",", ".", "", ")", "for", "from", "on", "in", "and", "were", "was", "are", "is", "have", "has", "had", "show", "showed", "suggest", "by", "put", "say", "said":
			if !subject || next == "of" || next == "were" || next == "was" || next == "are" || next == "is" {
				return
			}
		}
		complement := next == "that" || next == "to" || next == "as" || articles[next] || pronouns[next] || k+1 < len(toks) && (toks[k+1].kind == tNum || numberishWords[next])
		if kq, _ := cueBefore(toks, k+3); kq != qNone {
			complement = true
		}
		if !subject && !(complement && pt.kind == tWord && !functionWords[pt.low]) {
			return
		}
	}
	if tollObjectVerbs[w] {
		found := next == "at" || (next == "it" || next == "them") && low(toks, k+2) == "at" // "which organisers put at 250,000"
		for q := k + 1; q < len(toks) && q <= k+4; q++ {
			if tollNouns[toks[q].low] {
				found = true
			}
		}
		if !found {
			return
		}
	}
	if w == "claimed" || w == "claims" || w == "claim" {
		for q := k + 1; q < len(toks) && q <= k+5; q++ {
			if toks[q].low == "lives" || toks[q].low == "life" {
				return // "the quake claimed 30 lives"
			}
		}
	}
	if k == 0 {
		return
	}
	// Inverted: "…, says junta chief Min Aung Hlaing", "…,” said Jane Doe".
	pt := toks[k-1]
	closing := quoteMarks[pt.low] && k >= 2 && (low(toks, k-2) == "," || low(toks, k-2) == "." || low(toks, k-2) == "!" || low(toks, k-2) == "?")
	if pt.kind == tPunct && (pt.low == "," || closing || pt.low == "—" || pt.low == "–" || pt.low == ":") {
		if k+1 < len(toks) && toks[k+1].kind == tWord && !noInversion[next] && p.figAt[k+1] < 0 {
			if kq, _ := cueBefore(toks, k+2); kq == qNone || true {
				s, e := p.npAfter(k + 1)
				if e > s && (e >= len(toks) || toks[e].kind == tPunct || p.dateStarts(e)) {
					p.anchs = append(p.anchs, anchor{np0: s, np1: e, v0: k, v1: k + 1, inverted: true, trailing: true, how: "said X"})
					return
				}
			}
		}
		if pt.low == "," {
			// "Jeffrey Crisostomo, the spokesperson for X, said"
			c := -1
			for q := k - 2; q >= 0 && q > k-18; q-- {
				if toks[q].low == "," {
					c = q
					break
				}
				if toks[q].kind == tPunct && isBoundaryPunct(toks[q].low) && toks[q].low != "." {
					break
				}
			}
			if c > 0 {
				s, e := p.npBefore(c)
				if e > s && e-s <= 6 {
					end := p.trailingAfter(k + 1)
					p.anchs = append(p.anchs, anchor{np0: s, np1: e, v0: k, v1: k + 1, trailing: end, after: !end, how: "X, …, said"})
				}
			}
		}
		return
	}
	// Normal: the subject before the verb, over adverbs and auxiliaries.
	end := k
	for end > 0 {
		q := end - 1
		lw := toks[q].low
		if subjectSkip[lw] && !(lw == "a" || lw == "in" || lw == "this") || quoteMarks[lw] || weekdayWords[lw] && toks[q].cap {
			end--
			continue
		}
		if (lw == "a" && low(toks, q+1) == "statement") || (lw == "in" && low(toks, q+1) == "a") || (lw == "this" && (low(toks, q+1) == "week" || low(toks, q+1) == "month")) {
			end--
			continue
		}
		break
	}
	s, e := p.npBefore(end)
	if e <= s {
		return
	}
	end = 0
	closes := p.trailingAfter(k + 1)
	if pw := low(toks, s-1); pw == "," || quoteMarks[pw] && s >= 2 && (low(toks, s-2) == "," || low(toks, s-2) == "." || low(toks, s-2) == "!" || low(toks, s-2) == "?") {
		end = 1 // after a quotation or a clause: "…," Maarouf told reporters
	}
	p.anchs = append(p.anchs, anchor{np0: s, np1: e, v0: k, v1: k + 1, trailing: closes || end == 1, after: !closes || p.resumes(k+1), how: "X " + w})
}

// figDate reports whether the date at tokens [k, e) right after a figure
// dates it: it opens with "on" or "by" or is a weekday, and is not the
// date of an event named after it ("on March 3 attack").
func (p *parser) figDate(k, e int) bool {
	toks := p.toks
	w := toks[k].low
	if w != "on" && w != "by" && !(toks[k].cls&clsWeekday != 0 && toks[k].cap) {
		return false
	}
	if e < len(toks) && toks[e].kind == tWord && !toks[e].cap && !functionWords[toks[e].low] && toks[e].cls&clsReport == 0 {
		return false
	}
	return true
}

// resumes reports whether the clause of a verb at k-1 ends with a comma
// after which its report goes on: "…, the ministry said, 1,234 soldiers
// …", "The NIS said on Monday, citing intelligence, that 3,000 …". Such
// a source governs what follows as well as what went before.
func (p *parser) resumes(k int) bool {
	toks := p.toks
	n := len(toks)
	for steps := 0; k < n && steps < 6; steps++ {
		if _, e := p.dateAt(k); e > k {
			k = e
			continue
		}
		if toks[k].kind == tPunct || !(objectWords[toks[k].low] || toks[k].cap) {
			break
		}
		k++
	}
	if low(toks, k) != "," {
		return false
	}
	next := func(c int) bool {
		return low(toks, c) == "that" || c < n && p.figAt[c] >= 0
	}
	if next(k + 1) {
		return true
	}
	if w := low(toks, k+1); w == "citing" || w == "quoting" {
		for c := k + 2; c < n && c < k+14; c++ {
			if toks[c].low == "," {
				return next(c + 1)
			}
			if toks[c].kind == tPunct {
				break
			}
		}
	}
	return false
}

// articleNoun reports whether toks[q] ends a noun phrase opened by an
// article within three words: "the official history".
func (p *parser) articleNoun(q int) bool {
	toks := p.toks
	if toks[q].kind != tWord || functionWords[toks[q].low] {
		return false
	}
	for j := q - 1; j >= 0 && j >= q-3; j-- {
		w := toks[j].low
		if articles[w] {
			return j < q
		}
		if toks[j].kind != tWord || functionWords[w] || toks[j].cls&clsReport != 0 {
			return false
		}
	}
	return false
}

// headlineSource reads a headline that opens with its source and a colon:
// "UN: 4.5 million displaced", "Health ministry: death toll passes
// 1,000". The source is an acronym or ends in a word for a body that
// gives figures; a place ("Sudan: …") or a label ("Update: …") is not
// one.
func (p *parser) headlineSource() {
	toks := p.toks
	k := 0
	for k < len(toks) && quoteMarks[toks[k].low] {
		k++
	}
	for c := k + 1; c < len(toks) && c <= k+5; c++ {
		if toks[c].low != ":" {
			if toks[c].kind != tWord && !(toks[c].low == "'" || toks[c].low == "’" || toks[c].low == "-") {
				return
			}
			continue
		}
		last := toks[c-1]
		acronym := c == k+1 && len(last.low) >= 2 && len(last.low) <= 6 && !notSourceAcronyms[last.low] &&
			strings.ToUpper(p.text[last.s:last.e]) == p.text[last.s:last.e]
		if acronym || sourceBodies[last.low] {
			p.anchs = append(p.anchs, anchor{np0: k, np1: c, v0: c, v1: c + 1, after: true, how: "X: headline"})
		}
		return
	}
}

// trailingAfter reports whether the clause of a verb ends right after it
// (and its object or date): "…, local officials said on Sunday." Such a
// source covers the figures before it.
func (p *parser) trailingAfter(k int) bool {
	toks := p.toks
	for steps := 0; k < len(toks) && steps < 6; steps++ {
		if _, e := p.dateAt(k); e > k {
			k = e
			continue
		}
		w := toks[k].low
		if quoteMarks[w] && k+1 < len(toks) && toks[k+1].kind == tWord {
			k++ // a quotation mark inside the clause: `they "would admit" to`
			continue
		}
		if toks[k].kind == tPunct {
			switch w {
			case ".", ",", ";", "!", "?", "”", "\"", ")", "’", "'", "—", "–", "|":
				return true
			}
			return false
		}
		if objectWords[w] || toks[k].cap {
			k++
			continue
		}
		return false
	}
	return k >= len(toks)
}

// dateAt reads a time expression at token k that can date a figure:
// weekdays, "yesterday", "earlier this month", "last week", "the previous
// day", "October 2", "2 October 2023", "as of …". A leading "on" is
// skipped. It returns the expression's tokens, or e == k.
func (p *parser) dateAt(k int) (int, int) {
	toks := p.toks
	n := len(toks)
	if k >= n {
		return k, k
	}
	s := k
	w := toks[k].low
	if (w == "on" || w == "by") && k+1 < n {
		s, w = k+1, toks[k+1].low
	}
	if w == "as" && (low(toks, s+1) == "of" || low(toks, s+1) == "at") {
		if _, e := p.dateAt(s + 2); e > s+2 {
			return s, e
		}
		return k, k
	}
	if (w == "late" || w == "early") && s+1 < n && toks[s+1].cap && weekdayWords[toks[s+1].low] {
		e := s + 2
		if partOfDay(low(toks, e)) {
			e++
		}
		return s, e
	}
	if toks[s].cls&clsWeekday != 0 && toks[s].cap {
		e := s + 1
		if partOfDay(low(toks, e)) {
			e++
		}
		return s, e
	}
	switch w {
	case "yesterday", "today", "tonight", "overnight":
		return s, s + 1
	case "earlier", "later":
		w2, w3 := low(toks, s+1), low(toks, s+2)
		if (w2 == "this" || w2 == "last") && periodWord(w3) {
			return s, s + 3
		}
		if w2 == "today" || w2 == "in" && w3 == "the" && periodWord(low(toks, s+3)) {
			if w2 == "today" {
				return s, s + 2
			}
			return s, s + 4
		}
		if w2 == "on" && s+2 < n && toks[s+2].cap && weekdayWords[w3] {
			return s, s + 3
		}
	case "this", "last":
		if periodWord(low(toks, s+1)) || s+1 < n && toks[s+1].cap && weekdayWords[low(toks, s+1)] {
			return s, s + 2
		}
	case "the":
		w2, w3 := low(toks, s+1), low(toks, s+2)
		if (w2 == "previous" || w2 == "following" || w2 == "next" || w2 == "same") && periodWord(w3) {
			return s, s + 3
		}
		if w2 == "day" && (w3 == "before" || w3 == "after") {
			return s, s + 3
		}
	}
	// Calendar dates: "October 2", "October 2, 2023", "2 October 2023", "March 2022".
	if toks[s].cap && monthWords[w] && s+1 < n && toks[s+1].kind == tNum {
		e := s + 2
		if low(toks, e) == "," && e+1 < n && toks[e+1].kind == tNum && isYearLike(toks[e+1]) {
			e += 2
		}
		return s, e
	}
	if toks[s].kind == tNum && toks[s].val >= 1 && toks[s].val <= 31 && s+1 < n && toks[s+1].cap && monthWords[toks[s+1].low] {
		e := s + 2
		if e < n && isYearLike(toks[e]) {
			e++
		}
		return s, e
	}
	// Numeric dates and times: "10.10.2023", "2024-02-17", "14:00 GMT",
	// "5 p.m. on Sunday".
	if toks[s].kind == tNum {
		if e := numericTimeEnd(toks, s); e > s {
			if low(toks, e) == "on" && e+1 < n && toks[e+1].cap && weekdayWords[low(toks, e+1)] {
				e += 2
			}
			return s, e
		}
		if p.numericDateKind(s) == dDate || toks[s].odd {
			e := s + 1
			for e+1 < n && attached(toks, e) && attached(toks, e+1) && dateSep(toks[e].low) && toks[e+1].kind == tNum {
				e += 2
			}
			return s, e
		}
	}
	return k, k
}

// numericTimeEnd returns the end of a time of day written with digits at
// toks[s] ("14:00 GMT", "09:15 local time", "5 p.m."), or s.
func numericTimeEnd(toks []token, s int) int {
	e := s + 1
	switch {
	case low(toks, e) == ":" && attached(toks, e) && attached(toks, e+1) && e+1 < len(toks) && toks[e+1].kind == tNum:
		e += 2
	case (low(toks, e) == "a" || low(toks, e) == "p") && low(toks, e+1) == "." && low(toks, e+2) == "m":
		e += 3
		if low(toks, e) == "." && attached(toks, e) && e+1 < len(toks) {
			e++
		}
		return e
	case (low(toks, e) == "am" || low(toks, e) == "pm") && toks[s].val <= 12:
		return e + 1
	default:
		return s
	}
	if w := low(toks, e); timeAfter[w] && w != "hours" && w != "hrs" {
		e++
		if w == "local" && low(toks, e) == "time" {
			e++
		}
	}
	return e
}

// dateStarts reports whether a date expression starts at token k.
func (p *parser) dateStarts(k int) bool {
	_, e := p.dateAt(k)
	return e > k
}

func partOfDay(w string) bool {
	switch w {
	case "morning", "afternoon", "evening", "night":
		return true
	}
	return false
}

func periodWord(w string) bool {
	switch w {
	case "day", "week", "month", "year", "weekend", "morning", "afternoon", "evening", "night", "spring",
		"summer", "autumn", "fall", "winter", "quarter":
		return true
	}
	return false
}

// attribute gives each figure its source, cited source and date.
func (p *parser) attribute() {
	p.findAnchors()
	toks := p.toks
	// Dates of the anchors: after the verb ("said on Sunday"), between
	// subject and verb ("the ministry on Monday said"), or at the start of
	// the sentence before the source ("On Saturday, the council said").
	initS, initE := -1, -1
	{
		k := 0
		for k < len(toks) && quoteMarks[toks[k].low] {
			k++
		}
		if s, e := p.dateAt(k); e > k && low(toks, e) == "," {
			initS, initE = s, e
		}
	}
	for i := range p.anchs {
		a := &p.anchs[i]
		from := a.v1
		if a.inverted && a.np1 > from {
			from = a.np1
		}
		for k, steps := from, 0; k < len(toks) && steps < 6; steps++ {
			if s, e := p.dateAt(k); e > k {
				a.date, a.dwhy = p.span(s, e), note{"'", p.span(s, e), "' after '", p.span(a.v0, a.v1), "'"}
				break
			}
			if p.figAt[k] >= 0 || !(objectWords[toks[k].low] || toks[k].kind == tWord && toks[k].cap) {
				break
			}
			k++
		}
		if a.date == "" && !a.inverted {
			for k := a.np1; k < a.v0; k++ {
				if s, e := p.dateAt(k); e > k && e <= a.v0 {
					a.date, a.dwhy = p.span(s, e), note{"'", p.span(s, e), "' before '", p.span(a.v0, a.v1), "'"}
					break
				}
			}
		}
		if a.date == "" && initE > 0 {
			a.date, a.dwhy = p.span(initS, initE), note{"'", p.span(initS, initE), "' opens the sentence before the source"}
		}
	}
	// "as of …" dates the figures before it, or all when it opens the
	// sentence.
	asOf, asOfAt := "", -1
	for k := 0; k+1 < len(toks); k++ {
		if toks[k].low == "as" && (toks[k+1].low == "of" || toks[k+1].low == "at") {
			if s, e := p.dateAt(k); e > k {
				asOf, asOfAt = p.span(s, e), k
				break
			}
		}
	}
	if asOfAt >= 0 && len(p.figs) > 0 && p.figs[0].t0 < asOfAt {
		asOfAt = -asOfAt - 2 // covers only the figures before it
	}
	// Cited sources: "citing Y", "quoting Y".
	cites := ""
	for k := 0; k < len(toks); k++ {
		if w := toks[k].low; w == "citing" || w == "quoting" {
			s, e := p.npAfter(k + 1)
			for j := s; j < e; j++ {
				if j > s && citeVerbs[toks[j].low] {
					e = j // "citing the spy agency say …": the verb is not the source's
					break
				}
			}
			if e > s {
				cites = p.span(s, e)
				break
			}
		}
	}
	p.indexAnchors()
	srcS, srcE := -1, -1
	if len(p.anchs) == 0 {
		srcS, srcE = p.sourceSubject()
	}
	for i := range p.figs {
		f := &p.figs[i]
		best := p.pickAnchor(f)
		if best >= 0 {
			a := &p.anchs[best]
			f.attrib = p.span(a.np0, a.np1)
			f.awhy = note{"'", f.attrib, "' (", a.how, ")"}
			f.cites = cites
			if b := p.genericBy(a.np0, a.np1); b > 0 {
				// "Estimates by Western officials": the officials give it.
				f.attrib = p.span(b, a.np1)
				f.awhy = note{"'", f.attrib, "' (whose '", p.span(a.np0, b-1), "')"}
			} else if p.genericSource(a.np0, a.np1) {
				// "Reports", "Estimates": no one is named. The source they
				// cite is the one that gives the figure, if any.
				f.attrib, f.cites = cites, ""
				f.awhy = note{"'", p.span(a.np0, a.np1), "' names no source"}
				if cites != "" {
					f.awhy = note{"'", cites, "' (cited by '", p.span(a.np0, a.np1), "', which names no source)"}
				}
			}
			if a.date != "" {
				f.date, f.dwhy = a.date, a.dwhy
			}
		} else if srcE > srcS && !(f.t0 >= srcS && f.t1 <= srcE) && !p.genericSource(srcS, srcE) {
			f.attrib = p.span(srcS, srcE)
			f.awhy = note{"'", f.attrib, "' (a source as subject)"}
		}
		if f.date == "" && (f.report || f.kind == qExact && tollCue(f.cue)) {
			// "were reported dead on Monday", "rose to 65 on Sunday"
			end := f.t1
			if f.predEnd > end {
				end = f.predEnd
			}
			if s, e := p.dateAt(end); e > end {
				f.date, f.dwhy = p.span(s, e), note{"'", p.span(s, e), "' after the reported figure"}
			}
		}
		if f.date == "" && !f.projected {
			// "reported 1,230 casualties on 3 March 2025", "confirmed 23
			// deaths Monday": a date right after the counted phrase or its
			// predicate, opened by "on" or "by" or a weekday, dates it (a
			// forecast's "could be sent by Friday" is its deadline).
			end := max(f.t1, f.npEnd, f.predEnd)
			if s, e := p.dateAt(end); e > end && e-end <= 5 && p.figDate(end, e) {
				f.date, f.dwhy = p.span(s, e), note{"'", p.span(s, e), "' after the counted phrase"}
			}
		}
		if asOf != "" && (asOfAt >= 0 || f.t1 <= -asOfAt-2) {
			f.date, f.dwhy = asOf, note{"'", asOf, "' dates the figure"}
		}
	}
}

// genericHeads are nouns that name a kind of text, not who wrote it:
// "Reports said", "Estimates put the toll at". A source phrase made only
// of one of them and of genericModifiers names no source.
var genericHeads = set("reports", "report", "estimates", "estimate", "figures", "figure", "data", "numbers",
	"statistics", "accounts", "claims", "tallies", "tally", "counts", "count", "assessments", "assessment")

// citeVerbs end a cited source: "citing the spy agency say …".
var citeVerbs = set("say", "says", "said", "report", "reported", "told", "claim", "claimed", "estimate", "estimated",
	"put", "puts", "show", "showed", "shows", "suggest", "suggests", "suggested")

// genericModifiers may stand before a generic head without naming anyone.
var genericModifiers = set("some", "other", "earlier", "initial", "early", "latest", "previous", "recent",
	"unconfirmed", "unverified", "media", "news", "press", "official", "local", "new", "several", "many", "most",
	"conservative", "various", "current", "preliminary", "first", "these", "those", "such")

// genericSource reports whether the tokens [s, e) name no source: a
// generic head such as "Reports" or "Estimates", with at most generic
// modifiers before it and nothing after it but "citing …" or "quoting …"
// (which the caller reads as the cited source).
func (p *parser) genericSource(s, e int) bool {
	toks := p.toks
	for k := s; k < e; k++ {
		w := toks[k].low
		if genericHeads[w] {
			return k+1 == e || toks[k+1].low == "citing" || toks[k+1].low == "quoting"
		}
		if !genericModifiers[w] {
			return false
		}
	}
	return false
}

// genericBy returns where the source starts in a phrase [s, e) made of a
// generic head, "by" and a source ("Estimates by Western officials"), or
// 0. "Reports from the town" stays as it is: a place, not a source, but
// more than a generic word.
func (p *parser) genericBy(s, e int) int {
	toks := p.toks
	for k := s; k < e; k++ {
		w := toks[k].low
		if genericHeads[w] {
			if k+2 < e && toks[k+1].low == "by" {
				return k + 2
			}
			return 0
		}
		if !genericModifiers[w] {
			return 0
		}
	}
	return 0
}

// pickAnchor chooses the source of a figure: the nearest source before it
// whose verb governs what follows ("X said at least 10 …"), else the
// nearest source after it whose clause ends there or that follows a
// quotation ("…, X said", "…," X told reporters), else a source before
// it carried on by "saying" or "adding".
func (p *parser) pickAnchor(f *fig) int {
	if i := p.prevAfter[f.t0]; i >= 0 {
		return i
	}
	if i := p.nextTrail[f.t1]; i >= 0 {
		return i
	}
	if i := p.prevAny[f.t0]; i >= 0 && p.lastCont[f.t0] >= p.anchorEnd(i) {
		return i
	}
	return -1
}

func (p *parser) anchorEnd(i int) int { return max(p.anchs[i].v1, p.anchs[i].np1) }

// indexAnchors prepares pickAnchor: for every token position, the nearest
// source before it that governs what follows, the nearest trailing source
// after it, the nearest source before it, and the last "saying" or
// "adding" before it. A source that precedes a figure or follows it
// cannot contain it, so the choice is linear in the sentence.
func (p *parser) indexAnchors() {
	n := len(p.toks) + 1
	grow := func(b []int) []int {
		if cap(b) < n {
			b = make([]int, n)
		}
		b = b[:n]
		for i := range b {
			b[i] = -1
		}
		return b
	}
	p.prevAfter, p.nextTrail, p.prevAny, p.lastCont = grow(p.prevAfter), grow(p.nextTrail), grow(p.prevAny), grow(p.lastCont)
	better := func(cur, i int, end bool) bool {
		if cur < 0 {
			return true
		}
		if end {
			return p.anchorEnd(i) >= p.anchorEnd(cur)
		}
		return p.anchs[i].start() < p.anchs[cur].start()
	}
	for i := range p.anchs {
		a := &p.anchs[i]
		e := p.anchorEnd(i)
		if a.after && better(p.prevAfter[e], i, true) {
			p.prevAfter[e] = i
		}
		if better(p.prevAny[e], i, true) {
			p.prevAny[e] = i
		}
		if st := a.start(); a.trailing && better(p.nextTrail[st], i, false) {
			p.nextTrail[st] = i
		}
	}
	for k := 1; k < n; k++ {
		// A source ending at k ends after any that end before it.
		if p.prevAfter[k] < 0 {
			p.prevAfter[k] = p.prevAfter[k-1]
		}
		if p.prevAny[k] < 0 {
			p.prevAny[k] = p.prevAny[k-1]
		}
		p.lastCont[k] = p.lastCont[k-1]
		if p.toks[k-1].cls&clsContinue != 0 {
			p.lastCont[k] = k - 1
		}
	}
	for k := n - 2; k >= 0; k-- {
		if p.nextTrail[k] < 0 {
			p.nextTrail[k] = p.nextTrail[k+1]
		}
	}
}

// sourceSubject finds a sentence whose subject is a source noun with no
// report verb: "Most modern historians … lean toward", "Their estimates
// were much lower".
func (p *parser) sourceSubject() (int, int) {
	toks := p.toks
	k := 0
	for k < len(toks) && quoteMarks[toks[k].low] {
		k++
	}
	for j := k; j < len(toks) && j < k+6; j++ {
		t := toks[j]
		if t.kind != tWord && !(t.low == "-" || t.low == "'" || t.low == "’") {
			return -1, -1
		}
		if sourceNouns[t.low] {
			if genericHeads[t.low] && j > k && toks[j-1].cap && j+1 < len(toks) && toks[j+1].kind == tWord && !afterGenericNoun[toks[j+1].low] {
				return k, j // "Ukraine estimates North Korean casualties at …": a verb
			}
			return k, j + 1
		}
		if functionWords[t.low] && !articles[t.low] && t.low != "most" && t.low != "many" && t.low != "some" {
			return -1, -1
		}
	}
	return -1, -1
}

// afterGenericNoun are the words after "estimates" or "reports" that make
// it a noun ("Western estimates put the toll at 500"), not a verb.
var afterGenericNoun = set("put", "say", "says", "said", "suggest", "suggests", "suggested", "show", "shows", "showed",
	"were", "are", "was", "is", "have", "has", "had", "range", "ranged", "vary", "varied", "indicate", "indicated",
	"of", "by", "from", "for", "on", "and", "or", "place", "placed", "claim", "claimed", "state", "stated")

// tollCue reports whether an exact cue reports a running total, which a
// date right after it dates: "rose to 65 on Sunday".
func tollCue(cue string) bool {
	for cue != "" {
		i := strings.IndexAny(cue, " \t\n\r")
		w := cue
		if i >= 0 {
			w, cue = cue[:i], cue[i+1:]
		} else {
			cue = ""
		}
		for _, t := range [...]string{"rose", "risen", "rises", "climbed", "climbs", "increased", "jumped", "reached",
			"stands", "stood", "standing", "totaled", "totalled", "now", "grew"} {
			if equalASCII(w, t) {
				return true
			}
		}
	}
	return false
}
