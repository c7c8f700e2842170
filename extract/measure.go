package extract

import (
	"slices"
	"strings"
	"sync"

	"github.com/reckonhq/reckon"
)

// headKind is what the noun counted by a figure names.
type headKind uint8

const (
	hNone     headKind = iota // a bare number
	hPerson                   // people, civilians, mayors
	hMilitary                 // troops, fighters
	hThing                    // houses, sites, portraits
	hUnknown                  // a noun not in the lists
	hCasualty                 // deaths, casualties, refugees, hostages
)

// auxWords may stand between a counted phrase and its predicate: "20
// people were confirmed dead", "thousands still missing".
var auxWords = set("were", "was", "are", "is", "be", "been", "being", "have", "has", "had", "who", "that",
	"which", "also", "still", "reportedly", "confirmed", "reported", "believed", "feared", "thought",
	"presumed", "said", "known", "to", "now", "already", "remain", "remained", "remains", "remaining",
	"left", "all", "both", "each", "later", "subsequently", "eventually", "allegedly", "officially",
	"initially", "listed", "registered", "counted", "declared", "found", "shot", "burned", "burnt", "went",
	"gone", "go", "lay", "lie", "lying", "as", "taken", "held", "likely", "will", "would", "could", "may",
	"might", "expected", "so", "far", "either", "critically", "seriously", "severely", "lightly",
	"slightly", "badly", "since", "then", "got", "get", "gets", "yet", "apparently", "presumably",
	"possibly", "probably", "tragically", "instantly", "immediately", "recently", "previously",
	"being", "allegedly", "thus", "currently", "officially", "formally", "feared", "estimated",
	"set", "due", "planned", "scheduled", "expected", "likely", "also", "mostly", "mainly", "many", "most",
	"themselves", "ultimately", "altogether", "together", "among", "them", "whom", "of", "in", "total",
	"overall", "combined", "made", "rendered", "suffered", "sustained", "serious", "minor", "severe", "critical",
	"grievous", "multiple")

// npStopVerbs end a counted phrase: "tens of thousands left homeless".
var npStopVerbs = set("left", "remain", "remained", "remains", "remaining", "went", "gone", "lay", "lie",
	"lying", "got", "get", "gets", "found", "shot", "burned", "burnt", "taken", "held", "listed",
	"registered", "counted", "declared", "still", "reportedly", "presumed", "believed", "feared")

// reportAux are passive report verbs in a predicate; a date after the
// predicate then dates the figure ("were reported dead on Monday").
var reportAux = set("reported", "confirmed", "listed", "registered", "counted", "declared")

// asideStarters open an aside that does not hold the predicate: "More than
// 1,000 people, including about 700 civilians, have been killed".
var asideStarters = set("including", "among", "mostly", "mainly", "many", "most", "of", "some", "among",
	"according", "officials", "the", "a", "mostly", "both", "all", "half", "nearly", "almost", "about",
	"around", "roughly", "at", "with", "he", "she", "they", "it", "police", "authorities")

// measureAt returns measureOfWord of toks[k], looking it up only when its
// classes say it is there.
func measureAt(toks []token, k int) reckon.Measure {
	if clsAt(toks, k)&(clsCasualty|clsPredicate) == 0 {
		return ""
	}
	return measureOfWord(toks[k].low)
}

func measureOfWord(w string) reckon.Measure {
	if m := casualtyNouns[w]; m != "" {
		return m
	}
	return predicateWords[w]
}

// combined reads "killed or wounded", "dead and injured": a predicate
// that joins two measures is casualties.
func combined(toks []token, k int, m reckon.Measure) (reckon.Measure, int) {
	end := k + 1
	for j := k + 1; j < len(toks) && j <= k+4; j++ {
		w := toks[j].low
		if w == "or" || w == "and" || w == "," || w == "/" {
			continue
		}
		if toks[j].kind == tNum {
			break
		}
		if m2 := measureAt(toks, j); m2 != "" {
			if nt := low(toks, j+1); j+1 < len(toks) && (toks[j+1].kind == tNum || numberishWords[nt] || articles[nt]) {
				break // "74 deaths and injured 171 others": a new clause
			}
			if m2 != m && m2 != reckon.Casualties {
				return reckon.Casualties, j + 1
			}
			end = j + 1
			continue
		}
		break
	}
	return m, end
}

// readMeasure decides what figure i counts (guide §3), its subject and
// whether it is projected: it reads the counted phrase after the figure
// (its noun, or a predicate or idiom that says what happened), then the
// predicate after the phrase (predicateOf), and lets [enMeasureRules]
// decide.
func (p *parser) readMeasure(fi int) {
	f := &p.figs[fi]
	toks := p.toks
	n := len(toks)
	j := p.countedStart(fi)
	f.np0, f.np1 = j, j
	head := hNone
	var m reckon.Measure
	mword := ""
	pred := false
	k := j
	for ; k < n && k < j+7; k++ {
		t := toks[k]
		if t.kind == tPunct {
			if (t.low == "-" || t.low == "–") && attached(toks, k) && attached(toks, k+1) && k+1 < n && toks[k+1].kind == tWord {
				continue
			}
			if t.low == "'" || t.low == "’" {
				continue
			}
			break
		}
		if t.kind == tNum {
			break
		}
		w := t.low
		c := t.cls
		if c&clsCasualty != 0 && (c&clsPredicate == 0 || head == hNone || head == hUnknown && k == j) {
			cm := casualtyNouns[w]
			head = hCasualty
			m, mword = cm, w
			f.mpos = k
			f.np1 = k + 1
			m, f.predEnd = combined(toks, k, m)
			k++
			break
		}
		if c&clsPredicate != 0 && !activeRelease(toks, k) {
			pm := predicateWords[w]
			if (w == "buried" || w == "trapped") && underRubble(toks, k+1) {
				pm = reckon.Missing
			}
			m, mword, pred = pm, w, true
			f.mpos = k
			m, f.predEnd = combined(toks, k, m)
			k++
			break
		}
		if im, iw, e := idiomAt(toks, k); im != "" {
			m, mword, pred = im, iw, true
			f.mpos, f.predEnd = k, e
			k = e
			break
		}
		if w == "lost" {
			break
		}
		if c&(clsFunction|clsNPStop) != 0 {
			break
		}
		known := c&clsCounted != 0
		if !known && (head == hPerson || head == hMilitary || head == hThing) {
			break // a verb after the noun: "1,100 men marched"
		}
		if !known && !t.cap && !strings.HasSuffix(w, "s") {
			// Not a plural noun: "only 700 fit for duty"; but a modifier
			// before one: "war-monitoring groups", "small painted portraits".
			nx := low(toks, k+1)
			if head == hNone && k+1 < n && (toks[k+1].kind == tWord && toks[k+1].cls&(clsFunction|clsNPStop) == 0 ||
				(nx == "-" || nx == "–") && attached(toks, k+1) && attached(toks, k+2)) {
				continue
			}
			break
		}
		switch {
		case c&clsMilitary != 0:
			head = hMilitary
		case c&clsPerson != 0:
			head = hPerson
		case c&clsThing != 0:
			head = hThing
		case t.cap && len(w) > 3 && w[len(w)-1] == 's' && k > 0:
			head = hPerson // a people: "Palestinians", "Muslims"
		default:
			head = hUnknown
		}
		f.np1 = k + 1
	}
	s := measureScan{m: m, mword: mword, pred: pred, head: head, end: k}
	p.predicateOf(fi, &s)
	f.head = s.head
	f.npEnd = s.end
	if f.np1 > f.np0 {
		f.subject = p.span(f.np0, f.np1)
	}
	f.mword = s.mword
	for i := range enMeasureRules {
		r := &enMeasureRules[i]
		if m, w1, w2, ok := r.read(p, fi, &s); ok {
			f.measure, f.mwhy = m, r.why.fill(w1, w2)
			break
		}
	}
	p.readProjection(fi)
}

// countedStart returns where the phrase that figure fi counts begins:
// after "of the", "out of", a possessor ("300 of Ukraine's soldiers") and
// the words that may follow a number; at the noun of the figure it is a
// part of ("Nine of the 14 crew members").
func (p *parser) countedStart(fi int) int {
	f := &p.figs[fi]
	toks := p.toks
	n := len(toks)
	vague := f.a >= 0 && p.atoms[f.a].vague
	j := f.t1
	if f.b >= 0 && p.atoms[f.b].vague {
		vague = true
	}
	partitive := false // "2,000 of the country's soldiers"
	if low(toks, j) == "out" && low(toks, j+1) == "of" && j+2 < n && p.figAt[j+2] > fi {
		j, partitive = j+2, true // "600 out of 1,000 villagers"
	}
	if low(toks, j) == "of" {
		switch low(toks, j+1) {
		case "them", "whom", "those", "these", "the", "their", "our", "its", "his", "her", "my", "your":
			j += 2
			partitive = true
		default:
			if e := skipPossessor(toks, j+1); e > j+1 {
				j, partitive = e, true // "300 of Ukraine's soldiers"
			} else if vague {
				j++
			}
		}
		if partitive {
			j = skipPossessor(toks, j)
		}
	}
	for j < n && (skipAfterNumber[toks[j].low] || toks[j].low == "\"" || toks[j].low == "“") {
		j++
	}
	if (partitive || j > f.t1 && low(toks, j-2) == "of") && j < n && p.figAt[j] > fi {
		// "Nine of the 14 crew members": count the same noun.
		j = p.figs[p.figAt[j]].t1
		if low(toks, j) == "-" && attached(toks, j) && j+1 < n && attached(toks, j+1) {
			j += 2
		}
	}
	return j
}

// measureScan is what readMeasure read of a figure's counted phrase: the
// measure of its noun or predicate and the word that gave it, whether a
// predicate gave it, the kind of noun counted and the phrase's end.
type measureScan struct {
	m     reckon.Measure
	mword string
	pred  bool
	head  headKind
	end   int
}

// predicateOf completes s with the predicate after the counted phrase,
// over auxiliaries, asides and other figures of the same list, and with
// the clause's own verb where the predicate may only say who the people
// are ("deployed") or changes their status ("17 of the hostages have
// died").
func (p *parser) predicateOf(fi int, s *measureScan) {
	f := &p.figs[fi]
	if s.m == "" && s.head != hThing {
		s.m, s.mword = p.predicateAfter(fi, s.end)
		s.pred = s.m != ""
	}
	if s.pred && s.m == reckon.Deployed {
		// "deployed" may only say who the people are: "2 soldiers who were
		// deployed to Kursk" after "captured", "300 troops deployed to
		// Russia have been killed". The clause's own verb decides.
		if cm, cw := p.clauseVerb(fi, f.predEnd); cm != "" {
			s.m, s.mword = cm, cw
		}
	}
	if s.head == hCasualty {
		// A status that the predicate changes: "17 of the hostages have
		// died", "five prisoners were hanged", "14 injured later died".
		if pm, pw := p.laterStatus(fi, s.end, s.m); pm != "" {
			s.head, s.m, s.mword, s.pred = hPerson, pm, pw, true
		}
	}
}

// measureRule is a named rule of guide §3 for what a figure counts: read
// returns the measure and the words w1 and w2 that stand for "$1" and
// "$2" in the rule's reason, ok when the rule decides.
type measureRule struct {
	name string
	why  note
	read func(p *parser, fi int, s *measureScan) (m reckon.Measure, w1, w2 string, ok bool)
}

// fill returns n with "$1" and "$2" replaced by w1 and w2.
func (n note) fill(w1, w2 string) note {
	for i, v := range n {
		switch v {
		case "$1":
			n[i] = w1
		case "$2":
			n[i] = w2
		}
	}
	return n
}

// enMeasureRules decide, in order, what a figure counts once its counted
// phrase is read (readMeasure): the noun when it is a casualty word or a
// thing; the predicate after it; a measure verb right before it
// ("killing four"); a force noun ("troops": deployed); a measure word
// earlier in its clause; the figure before it in a list; other_count for
// people and things; killed for a bare number with no cue.
var enMeasureRules = []measureRule{
	// "90 percent of the territory's 2.3 million people"
	{"whole of a share", note{"the whole of which a share is counted"}, func(p *parser, fi int, s *measureScan) (reckon.Measure, string, string, bool) {
		return reckon.OtherCount, "", "", s.head != hCasualty && p.wholeOfPart(&p.figs[fi])
	}},
	// "captured 2 wounded soldiers": the status is an adjective; the verb
	// before the figure says what is counted.
	{"status describing people", note{"'", "$1", "' right before it ('", "$2", "' describes the people)"}, func(p *parser, fi int, s *measureScan) (reckon.Measure, string, string, bool) {
		f, toks := &p.figs[fi], p.toks
		if s.head != hCasualty || f.mpos+1 >= len(toks) || toks[f.mpos+1].kind != tWord ||
			toks[f.mpos+1].cls&(clsPerson|clsMilitary) == 0 && !toks[f.mpos+1].cap || p.verbBefore(f, s.m) == "" {
			return "", "", "", false
		}
		lm, w := p.leftAdjacent(f)
		return lm, w, s.mword, true
	}},
	{"casualty noun", note{"'", "$1", "' counted"}, func(p *parser, fi int, s *measureScan) (reckon.Measure, string, string, bool) {
		return s.m, s.mword, "", s.head == hCasualty
	}},
	{"thing counted", note{"'", "$1", "' counted (a thing)"}, func(p *parser, fi int, s *measureScan) (reckon.Measure, string, string, bool) {
		return reckon.OtherCount, low(p.toks, p.figs[fi].np1-1), "", s.head == hThing
	}},
	{"predicate after", note{"'", "$1", "' after it"}, func(p *parser, fi int, s *measureScan) (reckon.Measure, string, string, bool) {
		return s.m, s.mword, "", s.pred
	}},
	// "14 bodies (nine men and five women)"
	{"breakdown in brackets", note{"part of '", "$1", "' (in brackets)"}, func(p *parser, fi int, s *measureScan) (reckon.Measure, string, string, bool) {
		f := &p.figs[fi]
		if fi == 0 || low(p.toks, f.t0-1) != "(" {
			return "", "", "", false
		}
		g := &p.figs[fi-1]
		return g.measure, p.span(g.t0, g.t1), "", g.measure != "" && g.t1 >= f.t0-4 && g.measure != reckon.OtherCount
	}},
	{"part of a total", note{"part of '", "$1", "' (", "$2", ")"}, func(p *parser, fi int, s *measureScan) (reckon.Measure, string, string, bool) {
		f := &p.figs[fi]
		if fi == 0 || s.head == hMilitary || !p.subTotal(f) {
			return "", "", "", false
		}
		g := &p.figs[fi-1]
		return g.measure, p.span(g.t0, g.t1), low(p.toks, f.t0-1), true
	}},
	// An appositive count: "the gunmen, about a dozen in all, arrived". It
	// reads the noun before the comma as the figure's subject, and decides
	// only for a thing.
	{"appositive thing", note{"'", "$1", "' before it (a thing)"}, func(p *parser, fi int, s *measureScan) (reckon.Measure, string, string, bool) {
		f := &p.figs[fi]
		if s.head != hNone || f.t0 < 2 || low(p.toks, f.t0-1) != "," {
			return "", "", "", false
		}
		w := low(p.toks, f.t0-2)
		if !militaryNouns[w] && !personNouns[w] && !thingNouns[w] {
			return "", "", "", false
		}
		f.np0, f.np1 = f.t0-2, f.t0-1
		f.subject = w
		switch {
		case militaryNouns[w]:
			s.head = hMilitary
		case thingNouns[w]:
			s.head = hThing
		default:
			s.head = hPerson
		}
		f.head = s.head
		return reckon.OtherCount, w, "", s.head == hThing
	}},
	// "killing four"
	{"verb right before", note{"'", "$1", "' right before it"}, func(p *parser, fi int, s *measureScan) (reckon.Measure, string, string, bool) {
		lm, w := p.leftAdjacent(&p.figs[fi])
		return lm, w, "", lm != ""
	}},
	{"force, verb later in the clause", note{"'", "$1", "' later in the clause"}, func(p *parser, fi int, s *measureScan) (reckon.Measure, string, string, bool) {
		cm, cw := p.clauseVerb(fi, p.figs[fi].npEnd) // also when not a force: it marks the predicate
		return cm, cw, "", s.head == hMilitary && cm != ""
	}},
	{"force", note{"'", "$1", "' counted (a force)"}, func(p *parser, fi int, s *measureScan) (reckon.Measure, string, string, bool) {
		return reckon.Deployed, low(p.toks, p.figs[fi].np1-1), "", s.head == hMilitary
	}},
	{"unknown noun", note{"'", "$1", "' counted"}, func(p *parser, fi int, s *measureScan) (reckon.Measure, string, string, bool) {
		return reckon.OtherCount, low(p.toks, p.figs[fi].np1-1), "", s.head == hUnknown
	}},
	{"measure word earlier in the clause", note{"'", "$1", "' earlier in the clause"}, func(p *parser, fi int, s *measureScan) (reckon.Measure, string, string, bool) {
		lm, w := p.leftInClause(&p.figs[fi])
		return lm, w, "", lm != ""
	}},
	{"table column", note{"column '", "$1", "' of the table"}, func(p *parser, fi int, s *measureScan) (reckon.Measure, string, string, bool) {
		lm, w := p.tableColumn(&p.figs[fi])
		return lm, w, "", lm != ""
	}},
	// "12 killed and 30 wounded"; the subject carries over when it has none.
	{"same as the figure before", note{"same as '", "$1", "' before it"}, func(p *parser, fi int, s *measureScan) (reckon.Measure, string, string, bool) {
		f := &p.figs[fi]
		if fi == 0 {
			return "", "", "", false
		}
		g := &p.figs[fi-1]
		if g.measure == "" || !(s.head == hNone || p.coordinated(fi)) || p.between(g.t1, f.t0, ";") {
			return "", "", "", false
		}
		if f.subject == "" {
			f.subject = g.subject
		}
		return g.measure, p.span(g.t0, g.t1), "", true
	}},
	{"said of it", note{"'", "$1", "' said of it, not a casualty word"}, func(p *parser, fi int, s *measureScan) (reckon.Measure, string, string, bool) {
		f, toks := &p.figs[fi], p.toks
		if s.head != hNone || f.npEnd >= len(toks) {
			return "", "", "", false
		}
		t := toks[f.npEnd]
		return reckon.OtherCount, t.low, "", t.kind == tWord && !functionWords[t.low] && !auxWords[t.low] && !t.cap
	}},
	{"people, no casualty word", note{"'", "$1", "' counted, no casualty word"}, func(p *parser, fi int, s *measureScan) (reckon.Measure, string, string, bool) {
		return reckon.OtherCount, low(p.toks, p.figs[fi].np1-1), "", s.head == hPerson
	}},
	{"no cue", note{"no cue: default"}, func(p *parser, fi int, s *measureScan) (reckon.Measure, string, string, bool) {
		return reckon.Killed, "", "", true
	}},
}

// wholeOfPart reports whether the figure is the whole that a share is
// taken of: "90 percent of the territory's 2.3 million people".
func (p *parser) wholeOfPart(f *fig) bool {
	toks := p.toks
	for k := f.t0 - 1; k >= 0 && k >= f.t0-5; k-- {
		if toks[k].low != "of" {
			continue
		}
		for i := f.a - 1; i >= 0 && f.a >= 0 && p.atoms[i].t1 >= k-1; i-- {
			if a := p.atoms[i]; a.t1 == k && (a.kind == "percent" || a.kind == "fraction") {
				return true
			}
		}
		if w := low(toks, k-1); w == "half" || w == "third" || w == "quarter" || w == "percent" || w == "cent" || w == "%" || w == "majority" || w == "most" {
			return true
		}
		return false
	}
	return false
}

// between reports whether token text w occurs in toks[i:j].
func (p *parser) between(i, j int, w string) bool {
	for k := i; k < j && k < len(p.toks); k++ {
		if p.toks[k].low == w {
			return true
		}
	}
	return false
}

// tableColumn reads the measure of a figure in a table row from the
// header row above it: "| District | Dead | Missing |".
func (p *parser) tableColumn(f *fig) (reckon.Measure, string) {
	if len(p.header) == 0 || p.toks[0].low != "|" {
		return "", ""
	}
	col := -1
	for k := f.t0 - 1; k >= 0 && k > f.t0-400; k-- {
		if p.toks[k].low == "|" {
			col++
		}
	}
	if col < 0 || col >= len(p.header) {
		return "", ""
	}
	h := p.header[col]
	for _, w := range strings.Fields(h) {
		if m := measureOfWord(w); m != "" {
			return m, h
		}
		if militaryNouns[w] {
			return reckon.Deployed, h
		}
	}
	return "", ""
}

// subTotal reports whether figure f is a part of the figure before it:
// "17 people, among them four children", "1,200, including 300 children".
func (p *parser) subTotal(f *fig) bool {
	toks := p.toks
	switch low(toks, f.t0-1) {
	case "including", "incl":
		return true
	case "them", "whom":
		w := low(toks, f.t0-2)
		return w == "among" || w == "of"
	}
	return false
}

// skipPossessor returns the token after a possessor that starts at k
// ("the country's", "Syria's", "the Interior Ministry's"), or k when none
// does.
func skipPossessor(toks []token, k int) int {
	for e := k; e < len(toks) && e < k+4; e++ {
		t := toks[e]
		if t.kind != tWord || functionWords[t.low] && e > k {
			return k
		}
		if q := low(toks, e+1); (q == "'" || q == "’") && attached(toks, e+1) && low(toks, e+2) == "s" && attached(toks, e+2) {
			return e + 3
		}
	}
	return k
}

// idiomAt reads a predicate of several words at token k that says what
// happened to the people counted: "lost their lives", "gave their lives",
// "laid down their lives", "fell in battle", "did not return", "burned to
// death" (killed); "lost their homes", "were forced from their homes",
// "forced to flee", "sought refuge" (displaced); "under the rubble"
// (missing); "in custody" (captured); "for gunshot wounds" (wounded). It
// returns the measure, the words that decided it and the end of the
// idiom, or "" when none starts at k. The rules are [idiomRules].
func idiomAt(toks []token, k int) (reckon.Measure, string, int) {
	if r, words, end := idiomRuleAt(toks, k); r != nil && r.measure != "" {
		return r.measure, words, end
	}
	return "", "", k
}

// idiomRule is a named multi-word predicate of guide §3 that starts with
// one of the words heads (any word when heads is nil): read returns the
// words that decide it and the idiom's end, ok when it is there. A rule
// without a measure stops the search with no idiom ("made their lives
// here").
type idiomRule struct {
	name    string
	measure reckon.Measure
	heads   map[string]bool
	read    func(toks []token, k int) (words string, end int, ok bool)
}

// idiomRuleAt returns the first rule of [idiomRules] that reads an idiom
// at toks[k] or stops there, with its words and end; nil when none does.
func idiomRuleAt(toks []token, k int) (*idiomRule, string, int) {
	byHead, anyHead := idioms()
	rules, ok := byHead[low(toks, k)]
	if !ok {
		rules = anyHead
	}
	for _, r := range rules {
		if words, end, ok := r.read(toks, k); ok {
			return r, words, end
		}
	}
	return nil, "", k
}

var (
	lossVerbs = set("lost", "lose", "loses", "losing", "gave", "given", "give", "gives", "giving", "laid", "lay", "lays",
		"laying", "sacrificed", "sacrifice", "sacrificing", "paid", "pay", "paying", "made", "make", "making")
	loseForms   = set("lost", "lose", "loses", "losing")
	fallVerbs   = set("fell", "fallen", "fall", "falling", "became", "become", "becoming")
	fallPlaces  = set("in", "during", "at", "on")
	notVerbs    = set("did", "didn", "never", "failed", "not")
	forceVerbs  = set("forced", "driven", "chased", "pushed", "expelled", "evicted", "uprooted", "displaced", "ordered")
	refugeVerbs = set("sought", "seek", "seeking", "seeks", "took", "taking", "taken", "found", "sheltered", "sheltering")
	underWords  = set("under", "beneath", "underneath", "buried")
	possessives = set("their", "his", "her", "its", "our", "my", "your")
)

// idiomRules are the idioms of [idiomAt], in order.
var idiomRules = []idiomRule{
	// "paid the ultimate price", "made the ultimate sacrifice"
	{"the ultimate price", reckon.Killed, lossVerbs, func(toks []token, k int) (string, int, bool) {
		x := low(toks, k+3)
		return low(toks, k) + " the ultimate " + x, k + 4,
			low(toks, k+1) == "the" && low(toks, k+2) == "ultimate" && (x == "price" || x == "sacrifice")
	}},
	{"lost at sea", reckon.Killed, loseForms, func(toks []token, k int) (string, int, bool) {
		return "lost at sea", k + 3, low(toks, k+1) == "at" && low(toks, k+2) == "sea" && low(toks, k) != "loses"
	}},
	{"laid to rest", reckon.Killed, set("laid", "lay", "laying"), func(toks []token, k int) (string, int, bool) {
		return "laid to rest", k + 3, low(toks, k+1) == "to" && low(toks, k+2) == "rest"
	}},
	{"made their lives (no loss)", "", set("made", "make", "making"), func(toks []token, k int) (string, int, bool) {
		return "", k, true
	}},
	{"gave their lives", reckon.Killed, lossVerbs, func(toks []token, k int) (string, int, bool) {
		j := lossObject(toks, k)
		switch low(toks, j) {
		case "lives", "life":
			return low(toks, k) + " " + low(toks, j-1) + " lives", j + 1, true
		}
		return "", k, false
	}},
	{"lost their homes", reckon.Displaced, loseForms, func(toks []token, k int) (string, int, bool) {
		j := lossObject(toks, k)
		switch low(toks, j) {
		case "homes", "home", "houses":
			return "lost homes", j + 1, true
		}
		return "", k, false
	}},

	{"fell ill", reckon.OtherCount, fallVerbs, func(toks []token, k int) (string, int, bool) {
		n := low(toks, k+1)
		return low(toks, k) + " " + n, k + 2, n == "ill" || n == "sick" // not a casualty
	}},
	{"fell into enemy hands", reckon.Captured, set("fell", "fallen", "fall", "falling"), func(toks []token, k int) (string, int, bool) {
		e := inHands(toks, k+1)
		return "fell into enemy hands", e, low(toks, k+1) == "into" && e > 0
	}},
	{"fell into (no idiom)", "", fallVerbs, func(toks []token, k int) (string, int, bool) {
		return "", k, low(toks, k+1) == "into"
	}},
	{"became in (no idiom)", "", set("became", "become", "becoming"), func(toks []token, k int) (string, int, bool) {
		return "", k, fallPlaces[low(toks, k+1)]
	}},
	{"fell with no place (no idiom)", "", fallVerbs, func(toks []token, k int) (string, int, bool) {
		return "", k, !fallPlaces[low(toks, k+1)]
	}},
	{"fell in battle", reckon.Killed, fallVerbs, func(toks []token, k int) (string, int, bool) {
		j := k + 2
		if articles[low(toks, j)] {
			j++
		}
		switch low(toks, j) {
		case "battle", "action", "combat", "fighting", "war", "defence", "defense", "line", "field":
			return "fell in " + low(toks, j), j + 1, true
		}
		return "", k, false
	}},

	{"did (no negation)", "", notVerbs, func(toks []token, k int) (string, int, bool) {
		_, ok := negatedVerb(toks, k)
		return "", k, !ok
	}},
	{"did not return", reckon.Killed, notVerbs, func(toks []token, k int) (string, int, bool) {
		j, _ := negatedVerb(toks, k)
		switch v := low(toks, j); v {
		case "return", "returned", "survive", "survived":
			return "did not " + v, j + 1, true
		}
		return "", k, false
	}},
	{"did not come back", reckon.Killed, notVerbs, func(toks []token, k int) (string, int, bool) {
		j, _ := negatedVerb(toks, k)
		switch v := low(toks, j); v {
		case "come", "came", "make", "made":
			if n := low(toks, j+1); n == "back" || n == "it" {
				return "did not " + v + " " + n, j + 2, true
			}
		}
		return "", k, false
	}},

	{"forced from their homes", reckon.Displaced, forceVerbs, func(toks []token, k int) (string, int, bool) {
		return low(toks, k) + " from their homes", k + 4, fromHomes(toks, k+1)
	}},
	{"forced to flee", reckon.Displaced, forceVerbs, func(toks []token, k int) (string, int, bool) {
		if low(toks, k+1) == "to" {
			switch v := low(toks, k+2); v {
			case "flee", "leave", "evacuate", "abandon", "relocate":
				return low(toks, k) + " to " + v, k + 3, true
			}
		}
		return "", k, false
	}},

	{"sheltered (a predicate word)", "", set("sheltered", "sheltering"), func(toks []token, k int) (string, int, bool) {
		return "", k, true
	}},
	{"sought refuge", reckon.Displaced, refugeVerbs, func(toks []token, k int) (string, int, bool) {
		switch n := low(toks, k+1); n {
		case "refuge", "shelter", "asylum", "sanctuary":
			return low(toks, k) + " " + n, k + 2, true
		}
		return "", k, false
	}},

	{"buried, not under rubble (no idiom)", "", set("buried"), func(toks []token, k int) (string, int, bool) {
		return "", k, !underRubble(toks, k+1)
	}},
	{"under the rubble", reckon.Missing, underWords, func(toks []token, k int) (string, int, bool) {
		j := k + 1
		if low(toks, k) == "buried" {
			j++
		}
		if articles[low(toks, j)] || low(toks, j) == "collapsed" {
			j++
		}
		switch low(toks, j) {
		case "rubble", "debris", "ruins", "wreckage", "mud", "snow":
			return low(toks, k) + " the " + low(toks, j), j + 1, true
		}
		return "", k, false
	}},

	{"in custody", reckon.Captured, set("in", "into"), func(toks []token, k int) (string, int, bool) {
		switch v := low(toks, k+1); v {
		case "custody", "captivity", "detention":
			return low(toks, k) + " " + v, k + 2, true
		}
		return "", k, false
	}},
	{"in enemy hands", reckon.Captured, set("in", "into"), func(toks []token, k int) (string, int, bool) {
		e := inHands(toks, k)
		if e > 0 {
			return "in " + low(toks, e-2) + " hands", e, true
		}
		return "", k, false
	}},
	// "remain in temporary shelters"; not "children in the camps are
	// malnourished", a place.
	{"in shelters", reckon.Displaced, set("in", "into"), func(toks []token, k int) (string, int, bool) {
		for j := k + 1; j < len(toks) && j <= k+3; j++ {
			switch v := toks[j].low; v {
			case "shelters", "shelter", "camps", "camp":
				if low(toks, k) == "in" && low(toks, j+1) != "for" && stayVerbs[low(toks, k-1)] {
					return "in " + v, j + 1, true
				}
			}
			if toks[j].kind != tWord || functionWords[toks[j].low] && !articles[toks[j].low] {
				break
			}
		}
		return "", k, false
	}},

	{"rounded up", reckon.Captured, set("rounded", "round", "rounding"), func(toks []token, k int) (string, int, bool) {
		return low(toks, k) + " up", k + 2, low(toks, k+1) == "up"
	}},
	// "held by the rebels", "held captive", "held in prison"
	{"held by", reckon.Captured, set("held", "holding"), func(toks []token, k int) (string, int, bool) {
		nx, n2 := low(toks, k+1), low(toks, k+2)
		return "held " + nx, k + 2, nx == "by" || nx == "incommunicado" || nx == "without" ||
			nx == "in" && (n2 == "prison" || n2 == "jail" || n2 == "custody" || n2 == "captivity" || n2 == "detention")
	}},
	// "are being held."
	{"being held", reckon.Captured, set("held"), func(toks []token, k int) (string, int, bool) {
		nx, pv := low(toks, k+1), low(toks, k-1)
		return "being held", k + 1, (k+1 >= len(toks) || toks[k+1].kind == tPunct && nx != "-") &&
			(pv == "being" || beForms[pv] || pv == "still")
	}},
	{"went down with the ship", reckon.Killed, set("went", "gone", "go", "goes", "going"), func(toks []token, k int) (string, int, bool) {
		if low(toks, k+1) != "down" || low(toks, k+2) != "with" {
			return "", k, false
		}
		j := k + 3
		if articles[low(toks, j)] {
			j++
		}
		switch v := low(toks, j); v {
		case "ship", "vessel", "boat", "submarine", "plane", "aircraft", "ferry":
			return "went down with the " + v, j + 1, true
		}
		return "", k, false
	}},
	{"treated for wounds", reckon.Wounded, set("for"), func(toks []token, k int) (string, int, bool) {
		for j := k + 1; j < len(toks) && j <= k+3; j++ {
			switch v := toks[j].low; v {
			case "wounds", "injuries", "burns", "wound", "injury":
				return "treated for " + v, j + 1, true
			}
			if toks[j].kind != tWord {
				break
			}
		}
		return "", k, false
	}},
	// "burned to death", "beaten to death"
	{"to death", reckon.Killed, nil, func(toks []token, k int) (string, int, bool) {
		w := low(toks, k)
		return w + " to death", k + 3, low(toks, k+1) == "to" && low(toks, k+2) == "death" && toks[k].kind == tWord && !functionWords[w]
	}},
}

// idioms returns, for each word that starts an idiom, the rules of
// [idiomRules] to try there, in order, and those for any other word;
// indexed on first use rather than at start-up.
var idioms = sync.OnceValues(func() (map[string][]*idiomRule, []*idiomRule) { return indexIdioms(idiomRules) })

func indexIdioms(rules []idiomRule) (map[string][]*idiomRule, []*idiomRule) {
	by := map[string][]*idiomRule{}
	var any []*idiomRule
	for i := range rules {
		r := &rules[i]
		if r.heads == nil {
			any = append(any, r)
			for w := range by {
				by[w] = append(by[w], r)
			}
			continue
		}
		for w := range r.heads {
			if _, ok := by[w]; !ok {
				by[w] = slices.Clone(any)
			}
			by[w] = append(by[w], r)
		}
	}
	return by, any
}

// lossObject returns the position of the object of a loss verb at k,
// over "down", "up" or "with" and a possessive: "laid down their lives".
func lossObject(toks []token, k int) int {
	j := k + 1
	if n := low(toks, j); n == "down" || n == "up" || n == "with" {
		j++
	}
	if possessives[low(toks, j)] {
		j++
	}
	return j
}

// negatedVerb returns the position of the verb after a negation at k
// ("did not", "didn't", "failed to", "never", "not"), and whether k
// starts one.
func negatedVerb(toks []token, k int) (int, bool) {
	w, j := low(toks, k), k+1
	switch {
	case w == "didn" && (low(toks, j) == "'" || low(toks, j) == "’") && low(toks, j+1) == "t":
		return j + 2, true // didn't
	case w == "did" && low(toks, j) == "not", w == "failed" && low(toks, j) == "to":
		return j + 1, true
	case w == "never" || w == "not":
		return j, true
	}
	return k, false
}

// underRubble reads "under rubble", "beneath the debris": people buried
// there are missing, not counted dead.
func underRubble(toks []token, k int) bool {
	switch low(toks, k) {
	case "under", "beneath", "underneath", "in":
		switch low(toks, k+1) {
		case "rubble", "debris", "the", "collapsed", "mud", "snow", "buildings", "ruins":
			return true
		}
	}
	return false
}

// fromHomes reads "from their homes", "out of their homes".
func fromHomes(toks []token, k int) bool {
	j := k + 1
	if low(toks, k) == "out" {
		if low(toks, j) != "of" {
			return false
		}
		j++
	}
	switch low(toks, j) {
	case "their", "his", "her", "its", "the":
		j++
	}
	switch low(toks, j) {
	case "homes", "home", "houses", "villages", "towns", "land", "lands":
		return true
	}
	return false
}

// clauseVerb returns the measure of the verb that governs figure fi when
// the predicate read after it was a deployment, or it counts a force: a
// measure verb right before the figure ("captured 2 soldiers who were
// deployed"), else a finite predicate from token from on, in the same
// clause and before any other figure ("troops deployed to Russia have
// been killed", "soldiers fighting in Kursk have died").
// It returns "" when there is none, and the deployment stands.
func (p *parser) clauseVerb(fi, from int) (reckon.Measure, string) {
	f := &p.figs[fi]
	if lm, w := p.leftAdjacent(f); lm != "" && lm != reckon.Deployed {
		return lm, w
	}
	toks := p.toks
	n := len(toks)
	aux := false
	for k, steps := from, 0; k < n && steps < 12; k, steps = k+1, steps+1 {
		t := toks[k]
		if p.figAt[k] >= 0 || t.low == ";" || t.low == "." || t.low == "and" || t.low == "but" || t.low == "while" || t.low == "whereas" {
			break
		}
		if t.cls&clsReport != 0 && !aux {
			break // "…, the ministry said"
		}
		if beForms[t.low] || t.low == "have" || t.low == "has" || t.low == "had" || modalWords[t.low] {
			aux = true
			continue
		}
		if !aux || t.cls&clsAux != 0 {
			continue
		}
		if m, iw, e := idiomAt(toks, k); m != "" && m != reckon.Deployed {
			f.mpos, f.predEnd = k, e
			return m, iw
		}
		if m := measureAt(toks, k); m != "" && m != reckon.Deployed && !activeRelease(toks, k) {
			m, e := combined(toks, k, m)
			f.mpos, f.predEnd = k, e
			return m, t.low
		}
		if t.kind == tWord {
			break // another verb: the clause says something else
		}
	}
	return "", ""
}

// verbBefore returns the measure of a verb right before figure f when it
// differs from m, or "".
func (p *parser) verbBefore(f *fig, m reckon.Measure) reckon.Measure {
	if lm, _ := p.leftAdjacent(f); lm != m {
		return lm
	}
	return ""
}

// predicateAfter looks for the predicate of figure fi from token k on.
// The whole of a partitive ("40 of the ship's 120 crew members were
// missing") does not take a finite predicate, which is said of the part.
func (p *parser) predicateAfter(fi, k int) (reckon.Measure, string) {
	f := &p.figs[fi]
	toks := p.toks
	n := len(toks)
	whole := p.partWhole(fi)
	finite := false
	for steps := 0; k < n && steps < 10; steps++ {
		w := toks[k].low
		switch {
		case w == ",":
			nw := low(toks, k+1)
			if asideStarters[nw] && clsAt(toks, k+1)&clsAux == 0 || nw == "including" {
				// Skip the aside to its closing comma.
				e := -1
				for j := k + 1; j < n && j < k+16; j++ {
					if toks[j].low == "," {
						e = j
						break
					}
					if toks[j].low == "." || toks[j].low == ";" {
						break
					}
				}
				if e < 0 {
					return "", ""
				}
				k = e + 1
				continue
			}
			if clsAt(toks, k+1)&clsAux != 0 {
				k++
				continue
			}
			return "", ""
		case w == "and" || w == "or" || w == "&":
			g := -1
			if k+1 < n {
				g = p.figAt[k+1]
			}
			if g < 0 && steps == 0 {
				// A second noun with no figure: "men and boys were killed".
				if e := coordinatedNoun(toks, k+1); e > k+1 {
					k = e
					continue
				}
			}
			if g < 0 || g <= fi {
				return "", ""
			}
			// Another figure of the same list: skip it and its noun.
			e := p.figs[g].t1
			for e < n && toks[e].kind == tWord && toks[e].cls&clsFunction == 0 && measureAt(toks, e) == "" {
				e++
			}
			if g == fi+1 {
				p.figs[g].shared = true
			}
			k = e
			continue
		case w == "among" && low(toks, k+1) == "the":
			if m := measureOfWord(low(toks, k+2)); m != "" {
				f.predEnd = k + 3
				return m, "among the " + low(toks, k+2)
			}
			return "", ""
		case (w == "from" || w == "out") && fromHomes(toks, k):
			f.predEnd = k + 3
			return reckon.Displaced, "from their homes"
		case w == "buried" && underRubble(toks, k+1):
			f.mpos, f.predEnd = k, k+1
			return reckon.Missing, "buried under"
		}
		if m, iw, e := idiomAt(toks, k); m != "" {
			if whole && finite {
				return "", ""
			}
			f.mpos, f.predEnd = k, e
			return m, iw
		}
		switch {
		case w == "lost":
			return "", ""
		case measureAt(toks, k) != "" && !activeRelease(toks, k):
			if whole && finite {
				return "", ""
			}
			f.mpos = k
			m, e := combined(toks, k, measureAt(toks, k))
			f.predEnd = e
			return m, w
		case toks[k].cls&clsAux != 0:
			if reportAux[w] {
				f.report = true
			}
			if beForms[w] || w == "have" || w == "has" || w == "had" || modalWords[w] {
				finite = true
			}
			k++
			continue
		case toks[k].kind == tWord && (low(toks, k+1) == "or" || low(toks, k+1) == "and") && measureAt(toks, k+2) != "":
			// "sick or wounded"
			k += 2
			continue
		case steps == 0 && placePrepositions[w]:
			// A place after the phrase: "migrants on board are feared drowned".
			if e := p.finiteAfterPlace(k); e > k {
				k = e
				continue
			}
		}
		return "", ""
	}
	return "", ""
}

// laterStatus returns the measure of the predicate after figure fi's
// casualty noun (which ends before token k) when it tells what became of
// the people that noun counts with measure m: death overrides any status
// ("the wounded died"); being wounded or missing overrides capture,
// displacement and undifferentiated casualties ("three hostages were
// wounded"). Otherwise it returns "" and leaves the figure as it was.
func (p *parser) laterStatus(fi, k int, m reckon.Measure) (reckon.Measure, string) {
	f := &p.figs[fi]
	saved := *f
	var next bool
	if fi+1 < len(p.figs) {
		next = p.figs[fi+1].shared
	}
	pm, pw := p.predicateAfter(fi, k)
	switch {
	case pm == reckon.Killed && m != reckon.Killed,
		(pm == reckon.Wounded || pm == reckon.Missing) && (m == reckon.Captured || m == reckon.Displaced || m == reckon.Casualties):
		return pm, pw
	}
	*f = saved
	if fi+1 < len(p.figs) {
		p.figs[fi+1].shared = next
	}
	return "", ""
}

// placePrepositions may open a short place phrase between a counted
// phrase and its verb.
var placePrepositions = set("in", "on", "at", "aboard", "inside", "near", "from", "across")

// finiteAfterPlace returns the finite verb after a place phrase of at most
// three words that starts at the preposition toks[k], or k: "on board
// are", "in the camp were".
func (p *parser) finiteAfterPlace(k int) int {
	toks := p.toks
	for j := k + 1; j < len(toks) && j <= k+4; j++ {
		t := toks[j]
		if t.kind != tWord || p.figAt[j] >= 0 || measureAt(toks, j) != "" {
			return k
		}
		switch t.low {
		case "were", "was", "are", "is", "have", "has", "had":
			if j > k+1 {
				return j
			}
			return k
		}
		if functionWords[t.low] && !articles[t.low] {
			return k
		}
	}
	return k
}

// coordinatedNoun returns the end of a noun phrase of people at token k
// ("boys", "police officers"), or k when none is there.
func coordinatedNoun(toks []token, k int) int {
	e := k
	for j := k; j < len(toks) && j < k+3; j++ {
		w := low(toks, j)
		if toks[j].kind != tWord || toks[j].cls&(clsFunction|clsAux|clsCasualty|clsPredicate) != 0 {
			break
		}
		if personNouns[w] || militaryNouns[w] {
			e = j + 1
		}
	}
	return e
}

// partWhole reports whether figure fi is the whole of a partitive: "40 of
// the 120 crew members", "300 of the estimated 2,000 migrants", "nine of
// the ship's 14 sailors", "600 out of 1,000 villagers".
func (p *parser) partWhole(fi int) bool {
	f := &p.figs[fi]
	toks := p.toks
	for k := f.t0 - 1; k >= 1 && k >= f.t0-6; k-- {
		if toks[k].low != "of" {
			continue
		}
		j := k + 1
		if articles[low(toks, j)] {
			j++
		}
		if skipPossessor(toks, j) == f.t0 || j == f.t0 {
			b := k - 1
			if toks[b].low == "out" && b > 0 {
				b-- // "600 out of 1,000 villagers"
			}
			g := p.figAt[b]
			return g >= 0 && g != fi
		}
		return false
	}
	return false
}

// leftAdjacent finds a measure word right before the figure, over at most
// "of" and an article: "killing four", "the unlawful killing of over 300",
// "a force of about 70", "a death toll of 65".
func (p *parser) leftAdjacent(f *fig) (reckon.Measure, string) {
	toks := p.toks
	k := f.t0 - 1
	sawOf := false
	for steps := 0; k >= 0 && steps < 4; steps++ {
		w := toks[k].low
		switch w {
		case "of":
			sawOf = true
			k--
			continue
		case "the", "a", "an", "to", "at", "by", "with", "has", "have", "had", "been", "reportedly", "also", "\"", "“", "”", "‘", "’":
			k--
			continue
		}
		if m := leftCues[w]; m != "" {
			return m, w
		}
		if w == "for" && searchBefore(toks, k) {
			return reckon.Missing, "search for"
		}
		if w == "up" && (low(toks, k-1) == "rounded" || low(toks, k-1) == "rounding" || low(toks, k-1) == "round") {
			return reckon.Captured, "rounded up" // "police rounded up 200 protesters"
		}
		if m := ofCues[w]; m != "" && sawOf {
			return m, w + " of"
		}
		break
	}
	return "", ""
}

// activeRelease reports whether toks[k] is a verb of release used
// actively ("the two sides exchanged 390 prisoners", "released a
// statement") or of leaving hospital ("released from hospital"): only
// the passive "were freed" makes the people counted captives.
func activeRelease(toks []token, k int) bool {
	switch toks[k].low {
	case "freed", "released", "exchanged", "swapped", "repatriated":
	default:
		return false
	}
	nx := low(toks, k+1)
	return nx == "from" || articles[nx] || numberishWords[nx] || k+1 < len(toks) && toks[k+1].kind == tNum ||
		nx == "them" || nx == "him" || nx == "her"
}

// stayVerbs before "in shelters" or "in camps" make it where people live.
var stayVerbs = set("remain", "remains", "remained", "remaining", "live", "lives", "lived", "living", "stay",
	"stays", "stayed", "staying", "housed", "sheltering", "sheltered", "still", "now", "are", "were", "been")

// inHands returns the end of "in enemy hands", "in the hands of", "into
// Russian hands" starting at toks[k], or 0.
func inHands(toks []token, k int) int {
	for j := k + 1; j < len(toks) && j <= k+3; j++ {
		if toks[j].low == "hands" {
			return j + 1
		}
		if toks[j].kind != tWord || toks[j].cls&clsFunction != 0 && !articles[toks[j].low] {
			return 0
		}
	}
	return 0
}

// searchBefore reports whether a search comes right before the "for" at
// toks[k]: "the search continues for 9 others", "looking for".
func searchBefore(toks []token, k int) bool {
	for j := k - 1; j >= 0 && j >= k-3; j-- {
		switch toks[j].low {
		case "search", "searches", "searching", "searched", "looking", "hunt", "hunting", "searchers":
			return true
		}
	}
	return false
}

// leftInClause finds the nearest measure word before the figure in its
// clause, not crossing another figure: "The number of injured has exceeded
// 111,588", "the death toll ... has increased to 65". A word for a
// gathering of people ("the crowd, which organisers put at 250,000") and,
// after a verb of counting, the noun counted ("households numbered 5,400")
// make it other_count.
func (p *parser) leftInClause(f *fig) (reckon.Measure, string) {
	toks := p.toks
	counting := countingVerbs[low(toks, f.t0-1)]
	for k := f.t0 - 1; k >= 0 && k >= f.t0-25; k-- {
		if p.figAt[k] >= 0 || toks[k].low == ";" {
			break
		}
		w := toks[k].low
		if m := leftCues[w]; m != "" {
			return m, w
		}
		if f.head == hNone && militaryNouns[w] && w != "men" {
			return reckon.Deployed, w // "Government forces number about 30,000"
		}
		if f.head == hNone && (collectiveNouns[w] || counting && (personNouns[w] || thingNouns[w])) {
			return reckon.OtherCount, w
		}
	}
	return "", ""
}

// countingVerbs before a figure say how many of their subject there are.
var countingVerbs = set("number", "numbers", "numbered", "numbering", "totalled", "totaled", "totalling",
	"totaling", "totals", "total")

// collectiveNouns count people gathered or living somewhere, not
// casualties: "a crowd of 80,000", "the population, some 40,000".
var collectiveNouns = set("crowd", "crowds", "population", "turnout", "attendance", "audience", "membership",
	"workforce", "electorate", "enrolment", "enrollment", "congregation")

// coordinated reports whether figure fi follows the one before it in a
// list: "hundreds of fighters and several officials".
func (p *parser) coordinated(fi int) bool {
	switch low(p.toks, p.figs[fi].t0-1) {
	case "and", ",", "or", "while", "plus", "with", "whereas":
		return true
	}
	return false
}

// readProjection marks forecasts, plans and hypotheticals: "expected to
// exceed 3,000", "planning to increase ... to up to 5,000", "could top".
func (p *parser) readProjection(fi int) {
	f := &p.figs[fi]
	toks := p.toks
	check := func(k int) bool {
		if toks[k].cls&clsProjection == 0 {
			return false
		}
		w := toks[k].low
		nw := low(toks, k+1)
		switch w {
		case "may", "might", "could", "would", "will":
			if nw == "have" || nw == "not" && low(toks, k+2) == "have" {
				return false
			}
			if w == "would" && nw != "be" && nw != "rise" && nw != "reach" && nw != "top" && nw != "exceed" && nw != "grow" && nw != "climb" && nw != "hit" && nw != "need" {
				return false
			}
		case "set", "due":
			if nw != "to" {
				return false
			}
		case "likely":
			if nw != "to" {
				return false
			}
		}
		f.projected = true
		f.pwhy = note{"'", w, "'"}
		return true
	}
	for k := f.t0; k < f.t1 && p.figAt[k] == fi; k++ {
		if check(k) { // "could top 500"
			return
		}
	}
	for k := f.t0 - 1; k >= 0 && k >= f.t0-12; k-- {
		if p.figAt[k] >= 0 || toks[k].low == ";" || toks[k].low == "." {
			break
		}
		if check(k) {
			return
		}
	}
	for k := f.t1; k < f.npEnd+4 && k < len(toks); k++ {
		if p.figAt[k] >= 0 && p.figAt[k] != fi || toks[k].low == "," {
			break
		}
		if f.predEnd > 0 && k >= f.predEnd {
			break
		}
		if check(k) {
			return
		}
	}
}
