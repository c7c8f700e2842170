package extract

import (
	"strings"

	"github.com/reckonhq/reckon"
)

// The scope of a claim (reckon.Scope) is read from the words around its
// figure, in its clause: after the counted phrase up to the next figure or
// the verb that reports it, and before it back to the previous figure or
// reporting verb. Each rule keeps the words of the text.
//
//   - place: a preposition and a place ("in Kursk", "in two fields near
//     the river", "in the border region"); a country alone is the theatre
//     of the war, not a part of it, and is left out;
//   - part: a unit ("one brigade", "her son's unit"), an event ("in the
//     missile strike"), a partitive of a measure ("of the wounded", "of
//     them"), a sub-total ("including 300 children"), or a group that is
//     a part of any population ("children", "officers");
//   - period: "in a single week", "in the past 24 hours", "this month",
//     "in March" are counts for a period; "since January", "so far", "in
//     total", "since the war began" are running totals.

// placePreps open a place or event phrase.
var placePreps = set("in", "at", "near", "around", "inside", "across", "outside", "within")

// placeNouns name a place smaller than a country.
var placeNouns = set("field", "fields", "district", "districts", "village", "villages", "town", "towns", "city",
	"cities", "region", "regions", "province", "provinces", "area", "areas", "oblast", "oblasts", "camp", "camps",
	"hospital", "hospitals", "sector", "sectors", "zone", "zones", "settlement", "settlements", "county", "counties",
	"river", "forest", "valley", "neighbourhood", "neighborhood", "neighbourhoods", "neighborhoods", "suburb", "suburbs",
	"port", "base", "bases", "prison", "prisons", "border", "frontline", "front", "pocket", "bridgehead", "island",
	"islands", "municipality", "municipalities", "governorate", "governorates", "state", "states", "strip", "enclave",
	"street", "square", "building", "market", "school", "schools", "mine", "trench", "trenches", "grave", "graves")

// theatres are countries and regions that are usually the whole theatre
// of a war: a figure "in Ukraine" counts the whole, not a part.
var theatres = set("ukraine", "russia", "gaza", "israel", "lebanon", "syria", "iraq", "iran", "yemen", "sudan",
	"myanmar", "burma", "afghanistan", "libya", "ethiopia", "somalia", "mali", "nigeria", "congo", "drc", "korea",
	"vietnam", "palestine", "turkey", "armenia", "azerbaijan", "georgia", "chechnya", "bosnia", "kosovo", "serbia",
	"croatia", "rwanda", "uganda", "kenya", "colombia", "mexico", "haiti", "pakistan", "india", "china", "taiwan",
	"europe", "africa", "asia", "abroad", "action", "combat", "battle", "fighting", "war", "the war", "the conflict",
	"conflict", "service", "total", "all", "custody", "captivity", "hiding", "hospital", "jail", "prison", "territory",
	"duty", "line", "country", "world")

// eventNouns name one event: a figure "in the strike" counts a part.
// A disaster ("the blast", "the earthquake") is the whole it is about and
// is not one of them.
// Plural events ("in Israeli strikes", "in clashes") and campaigns ("the
// offensive") are usually the whole war as the text counts it.
var eventNouns = set("strike", "attack", "bombing", "raid", "ambush", "assault", "massacre", "ceremony", "clash",
	"storming", "barrage", "counterattack")

// partGroups are groups that are part of any population counted.
var partGroups = set("children", "child", "women", "girls", "boys", "minors", "infants", "babies", "journalists",
	"medics", "officers", "generals", "commanders", "doctors", "nurses", "teachers", "students", "elderly",
	"paramedics", "rescuers", "volunteers")

// partitiveParts follow "of the" in a partitive that counts a part of
// another count: "300 of the wounded".
var partitiveParts = set("wounded", "injured", "dead", "killed", "captured", "prisoners", "missing", "casualties",
	"hostages", "detainees", "captives", "bodies", "victims")

// scopeStops end a scope phrase.
var scopeStops = set("and", "or", "but", "while", "who", "which", "that", "after", "before", "when", "as", "where",
	"with", "by", "for", "to", "from", "said", "says", "say", "told", "on", "since", "during", "over", "including",
	"because", "than", "according", "amid", "despite", "since", "until", "till", "into", "onto", "while")

// readScope sets the scope of figure fi.
func (p *parser) readScope(fi int) {
	f := &p.figs[fi]
	toks := p.toks
	n := len(toks)
	lo, hi := 0, n
	if fi > 0 {
		lo = p.figs[fi-1].t1
	}
	for g := fi + 1; g < len(p.figs); g++ {
		if p.figs[g].t0 >= f.t1 {
			hi = p.figs[g].t0
			if hi-1 >= f.t1 && placePreps[toks[hi-1].low] {
				// "in two fields", "in one brigade": the next figure is in
				// this one's scope phrase.
				hi = n
				if g+1 < len(p.figs) {
					hi = p.figs[g+1].t0
				}
			}
			break
		}
	}
	var sc reckon.Scope
	from := max(f.t1, f.np1)
	if f.predEnd > from && f.predEnd-from < 3 {
		from = f.predEnd
	}
	// The clause after the figure.
	for k := f.t1; k < hi; k++ {
		t := toks[k]
		if t.cls&(clsReport|clsContinue) != 0 && k > f.t1 || t.low == ";" {
			break
		}
		if t.low == "," && k+1 < hi && (strings.HasSuffix(toks[k+1].low, "ing") || toks[k+1].low == "according") {
			break // ", speaking in Seoul": the report's circumstances
		}
		if (t.low == "—" || t.low == "–" || t.low == "-") && !attached(toks, k) {
			break // "-- marking the highest number since …": an aside
		}
		if k < f.np1 {
			continue
		}
		p.scopeAt(k, hi, &sc)
	}
	// Before it, back to the previous figure or the reporting verb.
	start := lo
	for k := f.t0 - 1; k >= lo; k-- {
		w := toks[k].low
		if toks[k].cls&clsReport != 0 || w == ";" || w == "that" ||
			(w == "and" || w == "but" || w == "while" || w == "whereas") && k > 0 && toks[k-1].low == "," {
			start = k + 1 // ", and …" opens another clause
			break
		}
	}
	for k := start; k < f.t0; k++ {
		// A place or period before the figure scopes it when it opens its
		// clause ("In Kursk, 300 …", "in one week 60 …"), not when it
		// belongs to a phrase before ("the typhoon that battered the
		// Philippines last week has killed 65"); a unit, an event and
		// "so far" do wherever they stand.
		var t reckon.Scope
		e := p.scopeAt(k, f.t0, &t)
		if e == 0 {
			continue
		}
		if e == f.t0 || low(toks, e) == "," || t.Part != "" || t.Extent == reckon.Cumulative && t.Period == "" {
			mergeScope(&sc, t)
		}
		k = e - 1
	}
	// Partitives and sub-totals.
	if low(toks, f.t1) == "of" && (low(toks, f.t1+1) == "the" && partitiveParts[low(toks, f.t1+2)] ||
		low(toks, f.t1+1) == "them" || low(toks, f.t1+1) == "those" || low(toks, f.t1+1) == "whom") && sc.Part == "" {
		e := f.t1 + 2
		if low(toks, f.t1+1) == "the" {
			e++
		}
		sc.Part = p.span(f.t1, e)
	}
	if b := f.t0 - 1; sc.Part == "" && b >= 2 {
		if low(toks, b) == "," {
			b--
		}
		if partitiveParts[low(toks, b)] && low(toks, b-1) == "the" && low(toks, b-2) == "of" {
			sc.Part = p.span(b-2, b+1) // "Of the wounded, 300 were …"
		}
	}
	if sc.Part == "" && f.t0 > 0 && (low(toks, f.t0-1) == "including" || low(toks, f.t0-1) == "among") && f.np1 > f.np0 &&
		fi > 0 && p.figs[fi-1].measure == f.measure {
		// "1,200 killed, including 300 children"; but "3,000 casualties,
		// including 300 deaths" counts every death.
		sc.Part = f.subject
	}
	if sc.Part == "" && f.np1 > f.np0 {
		for k := f.np0; k < f.np1; k++ {
			if partGroups[toks[k].low] {
				sc.Part = f.subject
				break
			}
		}
	}
	if sc.Period == "" && f.date != "" && sc.Extent == "" {
		// "killed this month": a date that is a period of the count.
		for k := from; k < hi; k++ {
			if e := periodAt(toks, k); e > k && p.span(k, e) == f.date {
				sc.Period, sc.Extent = f.date, reckon.ForPeriod
			}
		}
	}
	f.scope = sc
}

// scopeAt reads a scope phrase starting at token k (before token hi) into
// sc, filling only what sc does not have yet. It returns the end of the
// phrase it read, or 0.
func (p *parser) scopeAt(k, hi int, sc *reckon.Scope) int {
	toks := p.toks
	w := toks[k].low
	if !scopeStart(w) {
		return 0 // most words: one switch, no lookup
	}
	switch {
	case w == "since" && sc.Period == "":
		e := p.phraseEnd(k+1, hi)
		if e > k+1 {
			sc.Period, sc.Extent = p.span(k, e), reckon.Cumulative
			return e
		}
		return 0
	case (w == "so" && low(toks, k+1) == "far" || w == "to" && low(toks, k+1) == "date") && sc.Extent == "":
		sc.Extent = reckon.Cumulative
		return k + 2
	case w == "in" && (low(toks, k+1) == "total" || low(toks, k+1) == "all") && (k+2 >= hi || toks[k+2].kind == tPunct) && sc.Extent == "":
		sc.Extent = reckon.Cumulative
		return k + 2
	case w == "overall" && sc.Extent == "":
		sc.Extent = reckon.Cumulative
		return k + 1
	}
	if sc.Period == "" && sc.Extent != reckon.Cumulative {
		if e := periodAt(toks, k); e > k {
			sc.Period, sc.Extent = p.span(k, e), reckon.ForPeriod
			return e
		}
	}
	if !placePreps[w] && w != "of" && w != "from" {
		if unitNoun(w) && sc.Part == "" && toks[k].kind == tWord {
			// "one brigade", "her son's unit", "the 94th Brigade".
			s := k
			for s > 0 && k-s < 6 {
				pw := low(toks, s-1)
				switch {
				case pw == "the" || pw == "a" || pw == "one" || pw == "his" || pw == "her" || pw == "their" || pw == "its" || pw == "our":
				case pw == "s" && (low(toks, s-2) == "'" || low(toks, s-2) == "’"): // "son's": son ' s
				case pw == "'" || pw == "’":
				case s-1 > 0 && toks[s-1].kind == tWord && (low(toks, s) == "'" || low(toks, s) == "’"):
				case toks[s-1].cap && toks[s-1].kind == tWord && s-1 > 0:
				case toks[s-1].kind == tNum && attached(toks, s):
				default:
					s = -s // stop
				}
				if s < 0 {
					s = -s
					break
				}
				s--
			}
			sc.Part = p.span(s, k+1)
			return k + 1
		}
		return 0
	}
	if w == "of" || w == "from" {
		return 0
	}
	e := p.phraseEnd(k+1, hi)
	if e <= k+1 {
		return 0
	}
	b := k + 1
	if low(toks, b) == "the" || low(toks, b) == "a" || low(toks, b) == "an" {
		b++
	}
	if b >= e {
		return 0
	}
	phrase := p.span(b, e)
	if theatres[lowerASCII(phrase)] || e-b == 1 && theatres[toks[b].low] {
		return 0
	}
	event, place := false, false
	for j := b; j < e; j++ {
		t := toks[j]
		switch {
		case eventNouns[t.low]:
			event = true
		case placeNouns[t.low]:
			place = true
		case t.cap && t.kind == tWord && !weekdayWords[t.low] && !monthWords[t.low]:
			place = place || j == e-1 || placeNouns[low(toks, j+1)] || toks[j+1].cap
		}
	}
	switch {
	case event && sc.Part == "":
		sc.Part = p.span(k, e)
		return e
	case place && !event && sc.Place == "":
		sc.Place = p.span(k, e)
		// "in two fields near the river": the place goes on.
		if e < hi && placePreps[low(toks, e)] {
			if e2 := p.phraseEnd(e+1, hi); e2 > e+1 {
				sc.Place = p.span(k, e2)
				return e2
			}
		}
		return e
	}
	return 0
}

// mergeScope fills the fields of sc that are empty from t.
func mergeScope(sc *reckon.Scope, t reckon.Scope) {
	if sc.Place == "" {
		sc.Place = t.Place
	}
	if sc.Period == "" && t.Period != "" {
		sc.Period, sc.Extent = t.Period, t.Extent
	}
	if sc.Extent == "" {
		sc.Extent = t.Extent
	}
	if sc.Part == "" {
		sc.Part = t.Part
	}
}

// scopeStart reports whether a scope phrase can start at word w: a
// preposition, a period word or a unit noun.
func scopeStart(w string) bool {
	switch w {
	case "since", "so", "to", "in", "overall", "at", "near", "around", "inside", "across", "outside", "within", "this",
		"last", "past", "over", "during", "throughout", "of", "from":
		return true
	}
	return unitNoun(w)
}

// unitNoun reports whether w names a part of a force.
func unitNoun(w string) bool {
	switch w {
	case "brigade", "brigades", "battalion", "battalions", "regiment", "regiments", "division", "divisions", "company",
		"platoon", "platoons", "squad", "squads", "unit", "units", "corps", "detachment", "detachments", "crew", "crews",
		"column", "convoy":
		return true
	}
	return false
}

// phraseEnd returns the end of a noun phrase starting at token k, before
// hi: words, numbers and possessives up to punctuation, a stop word or a
// reporting verb; at most eight tokens.
func (p *parser) phraseEnd(k, hi int) int {
	toks := p.toks
	e := k
	for e < hi && e < len(toks) && e-k < 8 {
		t := toks[e]
		if t.kind == tPunct && t.low != "'s" && t.low != "’s" && t.low != "-" && !(t.low == "'" || t.low == "’") {
			break
		}
		if e > k && (scopeStops[t.low] || t.cls&clsReport != 0 || t.cls&clsAux != 0 && !t.cap) {
			break
		}
		if e > k && placePreps[t.low] {
			break
		}
		e++
	}
	return e
}

// periodAt returns the end of a period phrase at token k, or k: "in a
// single week", "in one week", "in the past 24 hours", "over the last
// month", "during the past week", "this month", "last week", "in March",
// "in 2024".
func periodAt(toks []token, k int) int {
	w := low(toks, k)
	switch w {
	case "this", "last", "past":
		if periodWord(low(toks, k+1)) {
			return k + 2
		}
		return k
	case "in", "over", "during", "within", "throughout":
	default:
		return k
	}
	j := k + 1
	if monthWords[low(toks, j)] && j < len(toks) && toks[j].cap {
		return j + 1
	}
	if j < len(toks) && isYearLike(toks[j]) && w == "in" {
		return j + 1
	}
	switch low(toks, j) {
	case "a", "one", "the", "just", "only":
		j++
	}
	switch low(toks, j) {
	case "single", "past", "last", "previous", "first", "same":
		j++
	}
	if j < len(toks) && (toks[j].kind == tNum || toks[j].cls&clsNumberish != 0) && !periodWord(low(toks, j)) {
		j++
	}
	if u := low(toks, j); periodWord(u) || u == "days" || u == "weeks" || u == "months" || u == "hours" || u == "years" || u == "24-hour" {
		if j > k+1 || w != "in" {
			return j + 1
		}
	}
	return k
}
