package extract

import (
	"math"
	"strings"

	"github.com/reckonhq/reckon"
)

// This file holds the rules of the Cyrillic extractor, in the order the
// engine applies them: which number phrases are not counts (distractor
// rules), the General Staff's lists, ranges, qualifiers, measures,
// attributions and dates.

// cyrFigRule is a named test on figure i of the sentence: when it holds,
// the figure is a distractor of kind (an age counts as a duration: the
// rule reads both). spreads says that numbers listed right before such a
// figure share its kind: "41 та 51 років", "70–80-е".
type cyrFigRule struct {
	name    string
	kind    distractor
	spreads bool
	test    func(p *cparser, i int) bool
}

// distractorRules decide, in order, that a number phrase is not a count
// (guide §2): the first that fires names the reason.
var distractorRules = []cyrFigRule{
	{"ordinal or unit name (suffix)", dOrdinal, true, (*cparser).isOrdinal},
	{"bare number", dOther, false, (*cparser).isBare},
	{"year", dYear, true, (*cparser).isYear},
	{"date", dDate, true, (*cparser).isDate},
	{"percent", dPercent, true, (*cparser).isPercent},
	{"money", dMoney, true, (*cparser).isMoney},
	{"measurement", dMeasurement, true, (*cparser).isMeasurement},
	{"duration or age", dDuration, true, (*cparser).isDuration},
	{"frequency or multiplier", dMultiplier, false, (*cparser).isFrequency},
	{"rate", dRate, false, (*cparser).isRate},
	{"phone or number sign", dOther, false, (*cparser).isPhone},
	{"ratio", dOther, false, (*cparser).isRatio},
	{"difference", dOther, false, (*cparser).isDifference},
	{"fraction", dFraction, false, (*cparser).isFraction},
	{"determiner one", dOther, false, (*cparser).isDeterminerOne},
	{"unit name", dUnitName, false, (*cparser).isUnitName},
	{"negated", dOther, false, (*cparser).isNegated},
}

// cyrCountSuffix reports whether a suffix after a hyphen marks a cardinal in
// an oblique case ("15-ти", "43-х", "5-ми") rather than an ordinal.
func cyrCountSuffix(s string) bool {
	switch s {
	case "ти", "х", "ми", "и", "ью", "ох", "ьох", "ма", "ух", "ех", "ем", "ем'", "тих":
		return true
	}
	return false
}

func (p *cparser) numTok(i int) (ctok, bool) {
	f := &p.figs[i]
	if f.words || f.isVague || f.t1-f.t0 != 1 {
		return ctok{}, false
	}
	t := p.toks[f.t0]
	return t, t.kind == ctNum
}

func (p *cparser) suffix(i int) string {
	t, ok := p.numTok(i)
	if !ok || t.le <= t.ls {
		return ""
	}
	return t.w
}

func (p *cparser) isOrdinal(i int) bool {
	sf := p.suffix(i)
	return sf != "" && !cyrCountSuffix(sf)
}

// isBare: a figure that is all its sentence holds ("1." of a list).
func (p *cparser) isBare(i int) bool {
	f := &p.figs[i]
	for k := range p.toks {
		if k >= f.t0 && k < f.t1 {
			continue
		}
		if p.toks[k].kind != ctPunct {
			return false
		}
	}
	return true
}

// nextWord returns the word after figure i, looking past one period of
// an abbreviation, or "".
func (p *cparser) nextWord(i int) string { return p.wordAt(p.figs[i].t1) }

func (p *cparser) prevWord(i int) string { return p.wordAt(p.figs[i].t0 - 1) }

func (p *cparser) isYear(i int) bool {
	t, ok := p.numTok(i)
	if !ok || t.dec || t.digits != 4 || t.val < 1800 || t.val > 2100 || t.le > t.ls {
		return false
	}
	f := &p.figs[i]
	nw := p.nextWord(i)
	if p.L.yearNoun[nw] || p.L.months[p.prevWord(i)] {
		return true
	}
	switch nw {
	case "и", "і", "та", "й", "по", "до", "или", "або":
		if n := p.tok(f.t1 + 1); n.kind == ctNum && n.digits == 4 {
			return true
		}
	}
	if n := p.tok(f.t1); n.kind == ctPunct && (n.w == "-" || n.w == "–") {
		if n2 := p.tok(f.t1 + 1); n2.kind == ctNum && (n2.digits == 4 || n2.digits == 2) {
			return true
		}
	}
	switch p.prevWord(i) {
	case "в", "у", "во", "с", "з", "із", "до", "по", "от", "від", "на", "за", "після", "после", "начиная", "починаючи":
		n := p.tok(f.t1)
		return n.kind == ctPunct || n.kind == 0
	}
	return false
}

func (p *cparser) isDate(i int) bool {
	t, ok := p.numTok(i)
	if !ok || t.dec || t.val < 1 || t.val > 31 {
		return false
	}
	return p.L.months[p.nextWord(i)]
}

func (p *cparser) isPercent(i int) bool {
	f := &p.figs[i]
	if n := p.tok(f.t1); n.kind == ctPunct && n.w == "%" {
		return true
	}
	nw := p.nextWord(i)
	return strings.HasPrefix(nw, "процент") || strings.HasPrefix(nw, "відсот") || nw == "проц" || nw == "п" && p.wordAt(p.figs[i].t1+2) == "п"
}

// cyrStemOrExact matches short stems (3 letters or fewer) exactly and longer
// ones as prefixes, so that "м" is metres but not "мирных".
func cyrStemOrExact(w string, stems []string) bool {
	for _, s := range stems {
		if len(s) <= 6 { // three Cyrillic letters
			if w == s {
				return true
			}
			continue
		}
		if strings.HasPrefix(w, s) {
			return true
		}
	}
	return false
}

func (p *cparser) isMoney(i int) bool {
	f := &p.figs[i]
	if b := p.tok(f.t0 - 1); b.kind == ctPunct && strings.ContainsAny(b.w, "$€₴₽£") {
		return true
	}
	if n := p.tok(f.t1); n.kind == ctPunct && strings.ContainsAny(n.w, "$€₴₽£") {
		return true
	}
	return cyrStemOrExact(p.nextWord(i), p.L.money)
}

func (p *cparser) isMeasurement(i int) bool {
	f := &p.figs[i]
	if n := p.tok(f.t1); n.kind == ctPunct && (n.w == "°" || n.w == "″" || n.w == "′") {
		return true
	}
	switch p.prevWord(i) {
	case "магнитудой", "магнітудою", "магнитуда", "магнітуда", "калибром", "калібром", "магнитуды", "магнітуди":
		return true
	}
	return cyrStemOrExact(p.nextWord(i), p.L.unitMeas)
}

// isDuration: the noun after the figure, or after one adjective, is a
// unit of time ("лет", "років", "суток"), or an age phrase comes before.
func (p *cparser) isDuration(i int) bool {
	f := &p.figs[i]
	for k := f.t1; k < f.t1+2; k++ {
		w := p.wordAt(k)
		if w == "" {
			break
		}
		if cyrTimeWord(w, p.L.timeNoun) {
			return true
		}
		if indexedStem(w, p.L.personIdx) || indexedStem(w, p.L.thingIdx) {
			break
		}
	}
	if p.seqEndsAt(f.c0, []string{"в", "возрасте"}) || p.seqEndsAt(f.c0, []string{"у", "віці"}) {
		return true
	}
	for k := f.c0 - 1; k >= 0 && k >= f.c0-3; k-- {
		w := p.wordAt(k)
		for _, s := range []string{"наймолодш", "найстарш", "младше", "старше", "самому", "наймолодшому"} {
			if strings.HasPrefix(w, s) {
				return true
			}
		}
	}
	return false
}

// cyrTimeWord matches units of time exactly or, for longer stems, as prefixes.
func cyrTimeWord(w string, stems []string) bool {
	for _, s := range stems {
		if len(s) <= 8 {
			if w == s {
				return true
			}
			continue
		}
		if strings.HasPrefix(w, s) {
			return true
		}
	}
	switch {
	case strings.HasPrefix(w, "месяц"), strings.HasPrefix(w, "місяц"), strings.HasPrefix(w, "недел"),
		strings.HasPrefix(w, "тижн"), strings.HasPrefix(w, "минут"), strings.HasPrefix(w, "хвилин"),
		strings.HasPrefix(w, "секунд"), strings.HasPrefix(w, "годин"), strings.HasPrefix(w, "суток"),
		strings.HasPrefix(w, "столет"), strings.HasPrefix(w, "століт"):
		return true
	}
	return false
}

func (p *cparser) isFrequency(i int) bool {
	if p.L.freq[p.nextWord(i)] {
		return true
	}
	return false
}

func (p *cparser) isRate(i int) bool {
	f := &p.figs[i]
	for k := f.t1; k < f.t1+4 && k < len(p.toks); k++ {
		if p.toks[k].kind == ctPunct && p.toks[k].w != "-" && p.toks[k].w != "–" && p.toks[k].w != "—" {
			break
		}
		for _, r := range p.L.rate {
			if p.seqAt(k, r) {
				return true
			}
		}
	}
	for k := f.t1; k < len(p.toks) && k < f.t1+8; k++ {
		if w := p.wordAt(k); strings.HasPrefix(w, "припада") || strings.HasPrefix(w, "приходит") {
			return true
		}
		if p.clauseBoundary(k) {
			break
		}
	}
	for k := f.c0 - 1; k >= 0 && k > f.c0-8; k-- {
		switch p.wordAt(k) {
		case "кожні", "каждые", "щогодини", "ежечасно", "кожну", "каждую":
			return true
		}
		if p.toks[k].kind == ctPunct && p.toks[k].w != "-" && p.toks[k].w != "–" {
			break
		}
	}
	return false
}

func (p *cparser) isPhone(i int) bool {
	f := &p.figs[i]
	if b := p.tok(f.t0 - 1); b.kind == ctPunct && (b.w == "№" || b.w == "#") {
		return true
	}
	switch p.wordAt(f.c0 - 1) {
	case "ст", "статья", "статьи", "статьей", "стаття", "статті", "статтею", "ч", "пункт", "пункта", "пункту", "п":
		return true // an article of a law: "за ст. 438"
	}
	if p.punctAt(f.c0-1) == "." {
		if w := p.wordAt(f.c0 - 2); w == "ст" || w == "ч" || w == "п" {
			return true
		}
	}
	if t, ok := p.numTok(i); ok && t.digits >= 3 && p.text[t.s] == '0' {
		return true
	}
	// A run of numbers joined by "+", "-" and parentheses with at most one
	// space between tokens: "+7 (495) 123-45-67".
	phoneTok := func(k int) bool {
		t := p.tok(k)
		return t.kind == ctNum && t.le == t.ls && !t.dec || t.kind == ctPunct && (t.w == "+" || t.w == "-" || t.w == "(" || t.w == ")")
	}
	near := func(a, b int) bool { return p.toks[b].s-p.toks[a].e <= 1 }
	a, b := f.t0, f.t0
	for a > 0 && phoneTok(a-1) && near(a-1, a) {
		a--
	}
	for b+1 < len(p.toks) && phoneTok(b+1) && near(b, b+1) {
		b++
	}
	nums, joins := 0, 0
	for k := a; k <= b; k++ {
		switch p.toks[k].w {
		case "+", "-":
			joins++
		}
		if p.toks[k].kind == ctNum {
			nums++
		}
	}
	return nums >= 3 && joins >= 1
}

func (p *cparser) isRatio(i int) bool {
	f := &p.figs[i]
	if w := p.nextWord(i); w == "к" {
		if _, ok := p.L.numbers[p.wordAt(f.t1+1)]; ok || p.tok(f.t1+1).kind == ctNum {
			return true
		}
	}
	if w := p.wordAt(f.c0 - 1); w == "к" && i > 0 && p.figs[i-1].t1 == f.c0-1 {
		return true
	}
	return false
}

// isDifference: "на N ... больше": by how much one count exceeds another.
func (p *cparser) isDifference(i int) bool {
	f := &p.figs[i]
	if p.wordAt(f.c0-1) != "на" {
		return false
	}
	for k := f.t1; k < f.t1+7 && k < len(p.toks); k++ {
		w := p.wordAt(k)
		switch {
		case w == "больше", w == "меньше", w == "более", w == "менее", w == "выше", w == "ниже",
			w == "більше", w == "менше", w == "вище", w == "нижче",
			strings.HasPrefix(w, "перевищ"), strings.HasPrefix(w, "превыш"), strings.HasPrefix(w, "превзош"):
			return true
		}
		if p.toks[k].kind == ctPunct && p.toks[k].w != "-" {
			break
		}
	}
	return false
}

func (p *cparser) isFraction(i int) bool {
	f := &p.figs[i]
	// "1/3", "24/7": numbers joined by a slash with no space.
	if n := p.tok(f.t1); n.kind == ctPunct && n.w == "/" && n.s == p.toks[f.t1-1].e && p.tok(f.t1+1).kind == ctNum && p.toks[f.t1+1].s == n.e {
		return true
	}
	if b := p.tok(f.t0 - 1); b.kind == ctPunct && b.w == "/" && b.e == p.toks[f.t0].s && p.tok(f.t0-2).kind == ctNum && p.toks[f.t0-2].e == b.s {
		return true
	}
	nw := p.nextWord(i)
	for _, s := range []string{"трет", "четверт", "чверт", "половин", "десят", "сот", "тисячн", "тысячн", "п'ят", "пят"} {
		if strings.HasPrefix(nw, s) && (strings.HasSuffix(nw, "ая") || strings.HasSuffix(nw, "ые") || strings.HasSuffix(nw, "их") ||
			strings.HasSuffix(nw, "ых") || strings.HasSuffix(nw, "а") || strings.HasSuffix(nw, "и") || strings.HasSuffix(nw, "і") ||
			strings.HasSuffix(nw, "ину") || strings.HasSuffix(nw, "ина")) {
			if strings.HasPrefix(nw, "трет") || strings.HasPrefix(nw, "четверт") || strings.HasPrefix(nw, "чверт") || strings.HasPrefix(nw, "половин") {
				return true
			}
		}
	}
	return false
}

// isDeterminerOne: "один" counts only before a noun of people or things,
// never in "один из".
func (p *cparser) isDeterminerOne(i int) bool {
	f := &p.figs[i]
	if !f.one {
		return false
	}
	for k := f.t1; k < f.t1+3; k++ {
		w := p.wordAt(k)
		if w == "" || w == "из" || w == "з" || w == "із" || w == "с" {
			return true
		}
		if indexedStem(w, p.L.personIdx) || indexedStem(w, p.L.thingIdx) {
			return false
		}
	}
	return true
}

// isNegated: "було не 800, а лише 450": a figure denied is no claim.
func (p *cparser) isNegated(i int) bool {
	f := &p.figs[i]
	return !f.ownCue && p.wordAt(f.c0-1) == "не"
}

func (p *cparser) isUnitName(i int) bool {
	if _, ok := p.numTok(i); !ok {
		return false
	}
	nw := p.nextWord(i)
	for _, s := range []string{"бригад", "полк", "батальон", "батальйон", "дивизи", "дивізі", "корпус", "омбр", "ошбр", "омпбр", "армии", "армія", "армії"} {
		if strings.HasPrefix(nw, s) && !strings.Contains(nw, "-") {
			return true
		}
	}
	return false
}

// spreadDistractors carries a distractor's kind to the numbers listed
// before it: "41 та 51 років", "трьох і чотирьох років", "70–80-е".
func (p *cparser) spreadDistractors() {
	for i := len(p.figs) - 2; i >= 0; i-- {
		f, g := &p.figs[i], &p.figs[i+1]
		if f.skip || !g.skip {
			continue
		}
		if g.skipRule == nil || !g.skipRule.spreads {
			continue
		}
		ok := g.c0-f.t1 <= 2 && g.c0 > f.t1
		for k := f.t1; k < g.c0 && ok; k++ {
			switch p.toks[k].w {
			case ",", "и", "і", "та", "й", "или", "або", "-", "–", "—", "−", "‒", "по", "до":
			default:
				ok = false
			}
		}
		if ok {
			// skipRule stays nil: a number given its kind this way does
			// not pass it on to the numbers before it
			f.skip, f.skipWhy = true, g.skipWhy+" (listed with the next)"
		}
	}
}

// generalStaff reads the lines of a loss report: "танки — 9419 (+20)":
// the number in "(+N)" is the increment of the running total before it,
// a line's label is the noun before its dash, and a cue before a colon
// ("орієнтовно становлять:") qualifies every running total after it.
func (p *cparser) generalStaff() {
	colon := p.listCueColon()
	carried := p.listCue
	labeled := false
	for i := range p.figs {
		f := &p.figs[i]
		if f.skip {
			continue
		}
		if b := p.punctAt(f.t0 - 1); b == "+" && p.punctAt(f.t0-2) == "(" && i > 0 {
			prev := &p.figs[i-1]
			if prev.t1 == f.t0-2 && !prev.skip {
				f.incr, f.parent = true, i-1
				prev.label = true
				continue
			}
		}
		k := f.t0 - 1
		for k >= 0 && p.wordAt(k) != "" && p.cueWordAt(k) {
			k--
		}
		if d := p.punctAt(k); (d == "—" || d == "–" || d == "-" || d == "‒") && p.wordAt(k-1) != "" {
			f.label = f.label || p.hasIncrement(i)
			if colon >= 0 && f.t0 > colon || carried && p.hasIncrement(i) {
				f.label = true
				f.listCued = true
			}
			labeled = labeled || f.label
		}
	}
	// A line of the list keeps the cue for the next; any other line ends it.
	p.listCue = carried && labeled || colon >= 0 && p.punctAt(len(p.toks)-1) == ":"
}

// listCueColon returns the colon that a list cue stands before
// ("орієнтовно становлять:"), or -1.
func (p *cparser) listCueColon() int {
	for k := range p.toks {
		if p.punctAt(k) != ":" {
			continue
		}
		for j := k - 1; j >= 0 && j >= k-4; j-- {
			switch p.wordAt(j) {
			case "орієнтовно", "ориентировочно", "приблизно", "примерно", "близько", "около":
				return k
			}
		}
	}
	return -1
}

// cueWordAt reports whether token k is one word of a qualifier cue.
func (p *cparser) cueWordAt(k int) bool { return p.L.cueWords[p.wordAt(k)] }

func (p *cparser) hasIncrement(i int) bool {
	f := &p.figs[i]
	return p.punctAt(f.t1) == "(" && p.punctAt(f.t1+1) == "+"
}

// labelWords returns the words of a General Staff line's label: those
// before the dash in front of figure i, back to the last punctuation.
func (p *cparser) labelWords(i int) (int, int) {
	f := &p.figs[i]
	k := f.t0 - 1
	for k >= 0 && p.wordAt(k) != "" && p.cueWordAt(k) {
		k--
	}
	e := k
	k--
	for k >= 0 && (p.wordAt(k) != "" || p.punctAt(k) == "/") {
		k--
	}
	return k + 1, e
}

// cyrFillers may stand between a cue and its number: "более ещё 4 тысяч".
var cyrFillers = set("еще", "ещё", "ще", "уже", "вже", "лишь", "лише", "всего", "всього", "усього", "целых", "аж", "только", "тільки", "так", "также", "також")

// qualifiers sets each figure's qualifier from the cue before it (or
// after it), a verb of change or of exceeding, the General Staff's list
// cue, and a qualifier spread over a list (distributive).
func (p *cparser) qualifiers() {
	for i := range p.figs {
		f := &p.figs[i]
		if f.skip {
			continue
		}
		if f.incr {
			f.why = append(f.why, "increment (+N) of a running total: exact")
			continue
		}
		p.ownCue(f)
	}
	for i := 1; i < len(p.figs); i++ {
		f, g := &p.figs[i], &p.figs[i-1]
		if f.skip || g.skip || f.ownCue || f.incr || f.label || g.label || !g.ownCue && !g.distrib {
			continue
		}
		switch g.kind {
		case qAtLeast, qMoreThan, qAbout, qNearly, qAtMost, qBelow, qUpTo:
		default:
			continue
		}
		if p.listItem(g, f) {
			f.kind, f.cue, f.distrib = g.kind, strings.TrimSuffix(g.cue, " (distributive)")+" (distributive)", true
			f.why = append(f.why, "qualifier "+f.cue+" spreads over the list")
		}
	}
}

// ownCue reads the cue of one figure.
func (p *cparser) ownCue(f *cfig) {
	k := f.t0
	for k > 0 && (cyrFillers[p.wordAt(k-1)] || p.wordAt(k-1) == "на" && k >= 2 && p.cueWordAt(k-2) && p.wordAt(k-2) != "до") {
		k--
	}
	for _, c := range p.L.cueByLast[p.wordAt(k-1)] {
		if !p.seqEndsAt(k, c.words) {
			continue
		}
		if c.kind == qUpTo && p.changeBefore(k-1) {
			f.kind, f.cue, f.ownCue = qExact, "до after a verb of change", true
			f.why = append(f.why, "до after a verb of change: the new figure, exact")
			return
		}
		f.kind, f.cue, f.c0, f.ownCue = c.kind, c.name, k-len(c.words), true
		f.why = append(f.why, "cue "+c.name+": "+string(c.kind.qualifier()))
		return
	}
	if w := p.wordAt(k - 1); p.L.exceed[w] {
		f.kind, f.cue, f.c0, f.ownCue = qMoreThan, w, k-1, true
		f.why = append(f.why, "verb "+w+": more_than")
		return
	}
	for _, c := range p.L.after {
		if p.seqAt(f.t1, c.words) {
			f.kind, f.cue, f.ownCue = c.kind, c.name, true
			f.why = append(f.why, "cue after the number "+c.name+": "+string(c.kind.qualifier()))
			return
		}
	}
	if n := p.tok(f.t1); n.kind == ctPunct && n.w == "+" && n.s == p.toks[f.t1-1].e && p.tok(f.t1+1).kind != ctNum {
		f.kind, f.cue, f.ownCue = qAtLeast, "+", true
		f.why = append(f.why, "N+: at_least")
		return
	}
	if f.listCued {
		f.kind, f.cue = qAbout, "list cue before the colon"
		f.why = append(f.why, "a cue before the list's colon qualifies each running total: about")
		return
	}
	if f.approx {
		f.kind, f.cue = qAbout, p.toks[f.t0].w
		f.why = append(f.why, "десяток: about 10")
		return
	}
	if p.changeBefore(k - 1) {
		f.kind, f.cue = qExact, "verb of change"
	}
}

// changeBefore reports whether a verb of change comes at or before token
// k in its clause: "возросло до", "увеличилось почти в два раза - до".
func (p *cparser) changeBefore(k int) bool {
	for j := k; j >= 0 && j > k-8; j-- {
		if p.L.change[p.wordAt(j)] {
			return true
		}
		if w := p.punctAt(j); w == "," || w == "." || w == ";" || w == ":" {
			return false
		}
	}
	return false
}

// listItem reports whether figure f is the next item of a list begun by
// figure g: only the noun of g and one comma or conjunction between them,
// no "ещё", and no predicate of f's own after it.
func (p *cparser) listItem(g, f *cfig) bool {
	seps := 0
	if f.c0-g.t1 > 7 || f.c0 <= g.t1 {
		return false
	}
	for k := g.t1; k < f.c0; k++ {
		t := p.toks[k]
		if t.kind == ctPunct {
			if t.w != "," {
				return false
			}
			seps++
			continue
		}
		switch t.w {
		case "и", "і", "та", "й":
			seps++
			continue
		case "еще", "ещё", "ще", "а", "но", "але", "в", "у", "на", "из", "з", "із", "по", "от", "від", "для", "до", "с", "со", "за", "среди", "серед", "зокрема", "включая", "включно", "том", "тому", "числе", "числі":
			return false
		}
		if t.kind != ctWord {
			return false
		}
	}
	if seps != 1 {
		return false
	}
	// A predicate of its own: "щонайменше 8451 цивільного, 14156 поранено".
	if w := p.wordAt(f.t1); w != "" {
		if _, ok := p.measureWord(f.t1); ok && cyrVerbLike(w) {
			return false
		}
	}
	return true
}

// cyrVerbLike reports whether a word ends as a finite verb or a short
// participle does ("поранено", "погибли", "загинули"), not as a noun.
func cyrVerbLike(w string) bool {
	for _, e := range []string{"но", "то", "ли", "ло", "ла", "ны", "ні", "ены", "ені", "ил", "ил", "ув", "ав"} {
		if strings.HasSuffix(w, e) {
			return true
		}
	}
	return false
}

// ranges joins two figures into a range: "A–B", "от A до B", "між A і
// B"; after a verb of change "з A до B" is two figures, the old and the
// new. A multiplier of the second end applies to the first: "от 80 до 95
// тысяч".
func (p *cparser) ranges() {
	for i := 0; i+1 < len(p.figs); i++ {
		a, b := &p.figs[i], &p.figs[i+1]
		if a.skip || b.skip || a.incr || b.incr || a.isVague && b.isVague {
			continue
		}
		conn := ""
		switch {
		case b.c0-a.t1 == 1 && p.isRangeDash(a.t1):
			conn = p.toks[a.t1].w
		case b.t0-a.t1 == 1 && p.wordAt(a.t1) == "до":
			conn = "до"
		case b.c0-a.t1 == 1 && (p.wordAt(a.t1) == "и" || p.wordAt(a.t1) == "і" || p.wordAt(a.t1) == "та") &&
			(p.wordAt(a.c0-1) == "между" || p.wordAt(a.c0-1) == "між"):
			conn = "между"
		default:
			continue
		}
		from := ""
		if conn == "до" {
			from = p.wordAt(a.c0 - 1)
			changed := p.changeInSentence(a.c0)
			if from != "от" && from != "від" && from != "з" && from != "с" && from != "із" && from != "со" {
				if !changed {
					continue
				}
				from = "з"
			}
			if changed && from != "от" && from != "від" {
				p.changePair(a, b)
				i++
				continue
			}
		}
		av := a.val
		if a.mult == 0 && b.mult > 0 && !a.isVague && a.val < b.base {
			av = a.val * b.mult
		}
		if !a.isVague && !b.isVague && av >= b.val {
			continue
		}
		if conn == "до" && (p.changeBefore(a.c0-2) || p.L.change[p.wordAt(a.c0-2)]) {
			p.changePair(a, b)
			i++
			continue
		}
		if conn == "до" || conn == "между" {
			a.c0 = min(a.c0, a.t0-1)
			if conn == "до" {
				b.kind, b.cue, b.ownCue = qNone, "", false
				b.c0 = b.t0
			}
		}
		a.val = av
		a.rng, a.hiFig, b.merged = true, i+1, true
		a.why = append(a.why, "range "+cyrConnName(conn))
		i++
	}
}

// changeInSentence reports whether a verb of change comes before token k
// in the sentence: "зросла кількість бригад з 8 до 25, батальйонів - з 50
// до 150".
func (p *cparser) changeInSentence(k int) bool {
	for j := k - 1; j >= 0; j-- {
		if p.L.change[p.wordAt(j)] {
			return true
		}
	}
	return false
}

// changePair reads "з A до B" after a verb of change: A the old figure,
// B the new, both exact; a multiplier of B applies to A.
func (p *cparser) changePair(a, b *cfig) {
	if a.mult == 0 && b.mult > 0 && a.val < b.base {
		a.val *= b.mult
	}
	a.earlier = true
	a.kind, a.cue = qExact, "from (before a verb of change)"
	b.kind, b.cue, b.c0, b.ownCue = qExact, "до after a verb of change", b.t0, true
	a.why = append(a.why, "з A до B after a verb of change: A is the old figure")
	b.why = append(b.why, "з A до B after a verb of change: B is the new figure")
}

func cyrConnName(c string) string {
	switch c {
	case "до":
		return "от A до B"
	case "между":
		return "между A и B"
	}
	return "A" + c + "B"
}

// isRangeDash reports whether token k is a dash joining two numbers: a
// hyphen, an en dash or a minus sign; an em dash only with no spaces.
func (p *cparser) isRangeDash(k int) bool {
	t := p.tok(k)
	if t.kind != ctPunct {
		return false
	}
	switch t.w {
	case "-", "–", "−", "‒":
		return true
	case "—":
		return p.toks[k-1].e == t.s && p.toks[k+1].s == t.e
	}
	return false
}

// bounds computes each figure's interval (guide §4).
func (p *cparser) bounds(f *cfig) {
	if f.rng {
		g := &p.figs[f.hiFig]
		var b bounds
		switch {
		case f.isVague:
			lo := vagueBounds(f.kind, f.vlo, f.vhi)
			b.lo, b.hasLo = lo.lo, lo.hasLo
		case f.kind == qMoreThan:
			b.lo, b.hasLo = cyrRound(f.val)+1, true
		case f.kind == qAtMost || f.kind == qBelow || f.kind == qUpTo:
		default:
			b.lo, b.hasLo = cyrRound(f.val), true
		}
		switch {
		case g.isVague:
			hi := vagueBounds(g.kind, g.vlo, g.vhi)
			b.hi, b.hasHi = hi.hi, hi.hasHi
		case g.kind == qMoreThan || g.kind == qAtLeast:
		case g.kind == qBelow:
			b.hi, b.hasHi = cyrRound(g.val)-1, true
		default:
			b.hi, b.hasHi = cyrRound(g.val), true
		}
		f.bnd = b
		return
	}
	if f.isVague {
		f.bnd = vagueBounds(f.kind, f.vlo, f.vhi)
		return
	}
	f.bnd = pointBounds(f.kind, cyrRound(f.val))
}

func cyrRound(v float64) int64 {
	if v > 1e15 {
		return 1e15
	}
	return int64(math.Round(v))
}

// measureWord returns the measure a word at token k names, if any; it
// remembers the answer for the sentence.
func (p *cparser) measureWord(k int) (reckon.Measure, bool) {
	if k < 0 || k >= len(p.mcache) {
		return "", false
	}
	if c := p.mcache[k]; c != 0 {
		if c == 1 {
			return "", false
		}
		return reckon.Measures[c-2], true
	}
	m, ok := p.readMeasureWord(k)
	p.mcache[k] = 1
	if ok {
		for i, x := range reckon.Measures {
			if x == m {
				p.mcache[k] = uint8(i + 2)
			}
		}
	}
	return m, ok
}

// readMeasureWord reads the measure a word at token k names, if any.
func (p *cparser) readMeasureWord(k int) (reckon.Measure, bool) {
	t := p.tok(k)
	if t.kind == ctNum && t.le > t.ls && (t.val == 200 || t.val == 300) && (!cyrCountSuffix(t.w) || p.tok(k-1).kind == ctNum || p.punctAt(k-1) == "«") {
		if t.val == 200 {
			return reckon.Killed, true
		}
		return reckon.Wounded, true
	}
	if t.kind != ctWord {
		return "", false
	}
	w := t.w
	switch w {
	case "тела", "тел", "телами", "тіла", "тіл", "тілами", "тело", "тіло":
		return reckon.Killed, true
	case "войска", "войск", "войсками", "войсках", "війська", "військ", "військами", "контингент", "контингента", "контингенту":
		return reckon.Deployed, true
	case "тяжелом", "тяжелое", "тяжелым", "тяжелых", "важкому", "важкий", "важкому стані", "тяжелые", "тяжелая":
		if n := p.wordAt(k + 1); strings.HasPrefix(n, "состоян") || strings.HasPrefix(n, "стан") || strings.HasPrefix(p.wordAt(k-1), "состоян") || strings.HasPrefix(p.wordAt(k-2), "состоян") || strings.HasPrefix(p.wordAt(k-1), "стан") {
			return reckon.Wounded, true
		}
		return "", false
	case "выжил", "выжила", "выжили", "вижив", "вижила", "вижили":
		if p.wordAt(k-1) == "не" {
			return reckon.Killed, true
		}
		return "", false
	case "крова", "даху", "жилья", "житла":
		if p.wordAt(k-1) == "без" {
			return reckon.Displaced, true // left homeless
		}
		return "", false
	case "розміщення", "размещения":
		if w := p.wordAt(k - 1); w == "тимчасового" || w == "временного" {
			return reckon.Displaced, true
		}
	case "вести", "вісти":
		if p.wordAt(k-1) == "без" {
			return reckon.Missing, true
		}
		return "", false
	case "життя", "жизни", "жизнь":
		if k > 0 && (strings.HasPrefix(p.wordAt(k-1), "унес") || strings.HasPrefix(p.wordAt(k-1), "забра") ||
			strings.HasPrefix(p.wordAt(k+1), "унес") || strings.HasPrefix(p.wordAt(k-1), "обірва")) {
			return reckon.Killed, true
		}
		return "", false
	}
	for _, x := range []string{"направлени", "напрям", "умерен", "пленар", "пленум", "телефон", "телеграм", "убитый горем", "смертельно опасн", "потерпіл", "военнопленные"} {
		if strings.HasPrefix(w, x) {
			if x == "военнопленные" {
				return reckon.Captured, true
			}
			return "", false
		}
	}
	if len(w) < 2 {
		return "", false
	}
	for _, r := range p.L.measureIdx[w[:2]] {
		if strings.HasPrefix(w, r.stem) {
			if r.m == reckon.Casualties && (strings.HasPrefix(w, "потер") || strings.HasPrefix(w, "втрат")) && p.lostContact(k) {
				return reckon.Missing, true
			}
			return r.m, true
		}
	}
	return "", false
}

// lostContact reports whether "потеряли"/"втратили" at k means lost
// contact ("потеряли связь", "втратили зв'язок"): missing, not a loss.
func (p *cparser) lostContact(k int) bool {
	for j := k - 3; j <= k+3; j++ {
		switch p.wordAt(j) {
		case "связь", "связи", "зв'язок", "зв'язку":
			return true
		}
	}
	return false
}

// cyrEquipment names the things a count before it may be of when no noun
// follows it: "втратила Україна танків набагато менше – усього 74".
var cyrEquipment = []string{"танк", "машин", "систем", "літак", "гелікоптер", "ракет", "дрон", "бпла", "корабл", "катер",
	"автомоб", "техні", "техни", "артсистем", "гармат", "орудий", "самолет", "вертолет", "бронетранспорт", "будин", "домов", "здани"}

// cyrReturnWord reports whether w says people came back or were freed: a
// prisoner exchange in war news, but weaker than a word of captivity.
func cyrReturnWord(w string) bool {
	for _, s := range []string{"повернул", "повернут", "повернен", "поверта", "звільнен", "визволен", "вернулис", "возвращен", "освобожден"} {
		if strings.HasPrefix(w, s) {
			return true
		}
	}
	return false
}

// cyrTroopWords name troops: a count of them is a force (deployed).
var cyrTroopWords = set("войска", "войск", "войсками", "войсках", "війська", "військ", "військами", "контингент", "контингента", "контингенту")

// cyrWeakMeasure reports whether the word only places people ("находятся",
// "перебувають"): a stronger measure in the clause wins over it.
func cyrWeakMeasure(w string) bool {
	switch {
	case strings.HasPrefix(w, "находятся"), strings.HasPrefix(w, "находится"), strings.HasPrefix(w, "перебува"),
		strings.HasPrefix(w, "остается"), strings.HasPrefix(w, "остаются"), strings.HasPrefix(w, "утримува"),
		cyrTroopWords[w], strings.HasPrefix(w, "тяжел"), strings.HasPrefix(w, "важк"), cyrReturnWord(w):
		return true
	}
	return false
}

// clauseBoundary reports whether token k ends a clause for the measure
// scan.
func (p *cparser) clauseBoundary(k int) bool {
	switch p.punctAt(k) {
	case ",", ";", ".", ":", "(", ")", "!", "?", "…":
		return true
	}
	return false
}

// pairAt reports whether the measure word at k is joined to another of a
// different kind ("убитыми и ранеными", "погибли или были ранены",
// "пропавших без вести и пленных"), which makes a mixed count.
func (p *cparser) pairAt(k int, m reckon.Measure) bool {
	for j := k + 1; j < k+6 && j < len(p.toks); j++ {
		if p.clauseBoundary(j) && p.punctAt(j) != "," || p.toks[j].kind == ctNum || p.figStarts(j) {
			break
		}
		m2, ok := p.measureWord(j)
		if !ok || m2 == m {
			continue
		}
		if p.pairGlue(k+1, j) && mixedMeasures(m, m2) {
			return true
		}
		break
	}
	for j := k - 1; j > k-5 && j >= 0; j-- {
		if p.clauseBoundary(j) && p.punctAt(j) != "," || p.toks[j].kind == ctNum || p.figStarts(j) {
			return false
		}
		m2, ok := p.measureWord(j)
		if !ok || m2 == m {
			continue
		}
		return p.pairGlue(j+1, k) && mixedMeasures(m, m2)
	}
	return false
}

// pairGlue reports whether tokens [a, b) join two measure words into one
// phrase: a conjunction and at most auxiliaries ("погибли или были
// ранены", "загинули та отримали поранення").
func (p *cparser) pairGlue(a, b int) bool {
	conj := false
	for x := a; x < b; x++ {
		switch p.toks[x].w {
		case "и", "і", "й", "та", "или", "або", "/":
			conj = true
		case "были", "були", "было", "було", "получили", "отримали", "дістали", "зазнали", "получил", "получила", "отримав", "отримала", "ещё", "еще", "ще", ",":
		default:
			return false
		}
	}
	return conj
}

func mixedMeasures(a, b reckon.Measure) bool {
	ab := func(x, y reckon.Measure) bool { return a == x && b == y || a == y && b == x }
	return ab(reckon.Killed, reckon.Wounded) || ab(reckon.Missing, reckon.Captured) ||
		ab(reckon.Killed, reckon.Missing) || ab(reckon.Wounded, reckon.Missing)
}

// clauseMeasure finds the measure word nearest to figure f in its clause:
// to the right up to 10 tokens, to the left up to 20, stopping at
// punctuation that ends a clause. A word that only places people loses to
// a stronger one.
func (p *cparser) clauseMeasure(f *cfig, across bool) (reckon.Measure, string, bool, bool) {
	type hit struct {
		m    reckon.Measure
		d, k int
		weak bool
	}
	var best, weak hit
	best.d, weak.d = 1<<30, 1<<30
	consider := func(k, d int) {
		m, ok := p.measureWord(k)
		if !ok {
			return
		}
		if m == reckon.Killed || m == reckon.Wounded || m == reckon.Missing || m == reckon.Captured {
			if p.pairAt(k, m) {
				m = reckon.Casualties
			}
		}
		h := hit{m, d, k, cyrWeakMeasure(p.toks[k].w)}
		if h.weak {
			if d < weak.d {
				weak = h
			}
		} else if d < best.d {
			best = h
		}
	}
	end := f.t1
	if f.rng {
		end = p.figs[f.hiFig].t1
	}
	c0 := f.c0
	rmax, lmax := 10, 20
	if across {
		rmax, lmax = len(p.toks), len(p.toks)
	}
	for k := end; k < len(p.toks) && k < end+rmax; k++ {
		if !across && p.clauseBoundary(k) {
			break
		}
		if across && p.includesBetween(k, k+1) {
			break
		}
		if g := p.figAt(k); g != nil && !across {
			if !p.listItem(f, g) {
				break
			}
			f = g
		}
		consider(k, k-end)
	}
	for k := c0 - 1; k >= 0 && k >= c0-lmax; k-- {
		if !across && p.clauseBoundary(k) {
			break
		}
		consider(k, c0-1-k)
	}
	switch {
	case best.d < 1<<30:
		return best.m, p.toks[best.k].w, false, true
	case weak.d < 1<<30:
		return weak.m, p.toks[weak.k].w, true, true
	}
	return "", "", false, false
}

// partOf reports whether "из них"/"з них" follows the figure: a part of
// people counted before.
func (p *cparser) partOf(f *cfig) bool {
	switch p.wordAt(f.t1) {
	case "из", "з", "із":
		return p.wordAt(f.t1+1) == "них"
	}
	return false
}

// figAt returns the claim figure starting at token k, or nil.
func (p *cparser) figAt(k int) *cfig {
	for i := range p.figs {
		if p.figs[i].c0 == k && !p.figs[i].skip && !p.figs[i].merged {
			return &p.figs[i]
		}
	}
	return nil
}

// figStarts reports whether a figure that is a claim starts at token k.
func (p *cparser) figStarts(k int) bool {
	for i := range p.figs {
		if p.figs[i].c0 == k && !p.figs[i].skip && !p.figs[i].merged {
			return true
		}
	}
	return false
}

// headNoun returns the kind of noun the figure counts: 'p' for people,
// 't' for things, 0 when none is found in the three words after it.
func (p *cparser) headNoun(f *cfig) byte {
	end := f.t1
	if f.rng {
		end = p.figs[f.hiFig].t1
	}
	for k := end; k < end+4 && k < len(p.toks); k++ {
		t := p.toks[k]
		if t.kind == ctPunct {
			if t.w == "«" || t.w == "\"" || t.w == "»" || t.w == "." && k == end && f.mult > 0 {
				continue
			}
			return 0
		}
		if t.kind != ctWord {
			return 0
		}
		if (t.w == "из" || t.w == "з" || t.w == "із") && p.tok(k+1).kind == ctNum {
			k++
			continue
		}
		if (strings.HasPrefix(t.w, "единиц") || strings.HasPrefix(t.w, "одиниц")) && (p.wordAt(k+1) == "живой" || p.wordAt(k+1) == "живої") {
			return 'p'
		}
		if indexedStem(t.w, p.L.personIdx) {
			return 'p'
		}
		if indexedStem(t.w, p.L.thingIdx) {
			return 't'
		}
		if _, ok := p.measureWord(k); ok {
			return 0
		}
	}
	return 0
}

// militaryPerson reports whether the figure counts soldiers.
func (p *cparser) militaryPerson(f *cfig) bool {
	end := f.t1
	if f.rng {
		end = p.figs[f.hiFig].t1
	}
	for k := end; k < end+4 && k < len(p.toks); k++ {
		w := p.wordAt(k)
		for _, s := range []string{"военн", "солдат", "бойц", "бійц", "військ", "военнослуж", "сапер", "инженер", "інженер", "строител", "будівельник", "воїн", "воин", "захисник", "морпех", "десантник", "новобранц", "контрактник", "мобилизован", "мобілізован", "наемник", "найманц", "штык", "багнет"} {
			if strings.HasPrefix(w, s) {
				return true
			}
		}
	}
	return false
}

// civilWorkers reports whether the figure counts rescuers, medics or
// police, whom the guide counts as other_count even when sent.
func (p *cparser) civilWorkers(f *cfig) bool {
	end := f.t1
	if f.rng {
		end = p.figs[f.hiFig].t1
	}
	for k := end; k < end+3 && k < len(p.toks); k++ {
		w := p.wordAt(k)
		for _, s := range []string{"рятувальник", "спасател", "поисковик", "медик", "лікар", "врач", "пожежн", "пожарн", "волонтер", "полицейск", "поліцейськ", "правоохорон", "піротехнік", "пиротехник"} {
			if strings.HasPrefix(w, s) {
				return true
			}
		}
	}
	return false
}

// militaryBefore reports whether the clause before a count of people
// speaks of soldiers: "чисельність особового складу військових … зросла
// з 32 до 73 тисяч осіб".
func (p *cparser) militaryBefore(f *cfig) bool {
	for k := f.c0 - 1; k >= 0 && k > f.c0-15; k-- {
		if p.clauseBoundary(k) {
			return false
		}
		w := p.wordAt(k)
		for _, s := range []string{"военн", "військов", "солдат", "бойц", "бійц", "войск", "військ", "особового", "личного", "контингент"} {
			if strings.HasPrefix(w, s) {
				return true
			}
		}
	}
	return false
}

// measureRules decide, in order, a figure's measure (guide §3); the first
// that fires wins.
var measureRules = []struct {
	name string
	rule func(p *cparser, i int) (reckon.Measure, string, bool)
}{
	{"General Staff personnel line", func(p *cparser, i int) (reckon.Measure, string, bool) {
		f := &p.figs[i]
		if !f.label {
			return "", "", false
		}
		a, b := p.labelWords(i)
		for k := a; k < b; k++ {
			if p.L.persOnly[p.wordAt(k)] {
				return reckon.Casualties, "the personnel line of a loss report counts killed and wounded", true
			}
		}
		for k := a; k < b; k++ {
			if indexedStem(p.wordAt(k), p.L.thingIdx) {
				return reckon.OtherCount, "loss report line " + p.wordAt(k), true
			}
		}
		return "", "", false
	}},
	{"word after the number", func(p *cparser, i int) (reckon.Measure, string, bool) {
		f := &p.figs[i]
		end := f.t1
		if f.rng {
			end = p.figs[f.hiFig].t1
		}
		k := end
		if p.punctAt(k) == "." && p.tok(k+1).kind == ctWord {
			k++
		}
		if m, ok := p.measureWord(k); ok && !cyrWeakMeasure(p.toks[k].w) {
			if p.pairAt(k, m) {
				m = reckon.Casualties
			}
			if m == reckon.Deployed && p.headNoun(f) == 't' {
				return "", "", false
			}
			return m, p.toks[k].w, true
		}
		return "", "", false
	}},
	{"noun of things", func(p *cparser, i int) (reckon.Measure, string, bool) {
		f := &p.figs[i]
		switch p.headNoun(f) {
		case 't':
			return reckon.OtherCount, "it counts things", true
		case 0:
			for k := f.c0 - 1; k >= 0 && k >= f.c0-6; k-- {
				if p.clauseBoundary(k) {
					break
				}
				w := p.wordAt(k)
				if indexedStem(w, p.L.personIdx) {
					break
				}
				if cyrStem(w, cyrEquipment) {
					return reckon.OtherCount, "it counts " + w, true
				}
			}
		}
		return "", "", false
	}},
	{"measure word in the clause", func(p *cparser, i int) (reckon.Measure, string, bool) {
		m, w, weak, ok := p.clauseMeasure(&p.figs[i], false)
		return m, w, ok && !weak
	}},
	{"list: the measure of the item before", func(p *cparser, i int) (reckon.Measure, string, bool) {
		f := &p.figs[i]
		for j := i - 1; j >= 0; j-- {
			g := &p.figs[j]
			if g.skip || g.merged || g.measure == "" {
				continue
			}
			end := g.t1
			if g.rng {
				end = p.figs[g.hiFig].t1
			}
			if g.measure == reckon.OtherCount && (p.partOf(f) || f.c0-end > 6) {
				continue
			}
			if f.c0-end > 12 || g.measure == reckon.OtherCount && p.headNoun(f) == 'p' {
				return "", "", false
			}
			f.inherit = j
			return g.measure, "as the figure before it", true
		}
		return "", "", false
	}},
	{"weak measure word in the clause", func(p *cparser, i int) (reckon.Measure, string, bool) {
		m, w, _, ok := p.clauseMeasure(&p.figs[i], false)
		return m, w, ok
	}},
	{"measure word in the sentence", func(p *cparser, i int) (reckon.Measure, string, bool) {
		m, w, _, ok := p.clauseMeasure(&p.figs[i], true)
		return m, w, ok
	}},
	{"soldiers with no verb", func(p *cparser, i int) (reckon.Measure, string, bool) {
		if p.militaryPerson(&p.figs[i]) || p.headNoun(&p.figs[i]) == 'p' && p.militaryBefore(&p.figs[i]) {
			return reckon.Deployed, "a count of soldiers", true
		}
		return "", "", false
	}},
}

// measures sets each figure's measure, then makes a whole whose parts
// ("в том числе", "из них") are of other kinds a mixedMeasures count.
func (p *cparser) measures() {
	for i := range p.figs {
		f := &p.figs[i]
		if f.skip || f.merged {
			continue
		}
		p.bounds(f)
		if f.incr {
			continue
		}
		f.measure, f.mwhy = reckon.OtherCount, "default"
		fired := false
		for _, r := range measureRules {
			if m, w, ok := r.rule(p, i); ok {
				f.measure, f.mwhy = m, r.name+": "+w
				fired = true
				break
			}
		}
		if f.measure == reckon.Deployed && p.civilWorkers(f) {
			f.measure, f.mwhy = reckon.OtherCount, "rescue and civil workers are other counts (guide §3)"
		}
		if !fired && p.lastMeasure != "" && (p.headNoun(f) == 'p' || p.includesBetween(0, min(3, len(p.toks)))) {
			f.measure, f.mwhy = p.lastMeasure, "the people of the sentence before"
		}
	}
	for i := range p.figs {
		f := &p.figs[i]
		if f.skip || f.merged || f.incr || (f.measure != reckon.Killed && f.measure != reckon.Wounded) {
			continue
		}
		if p.partsDiffer(i) {
			f.measure, f.mwhy = reckon.Casualties, "its parts count killed and wounded"
			for j := i + 1; j < len(p.figs); j++ {
				if p.figs[j].inherit == i {
					p.figs[j].measure = reckon.Casualties
				}
			}
		}
	}
	for i := range p.figs {
		if f := &p.figs[i]; f.earlier && i+1 < len(p.figs) && !p.figs[i+1].skip {
			f.measure, f.mwhy = p.figs[i+1].measure, "as the new figure it changed to"
		}
	}
	for i := range p.figs {
		f := &p.figs[i]
		if f.incr && f.parent >= 0 {
			f.measure, f.mwhy = p.figs[f.parent].measure, "as its running total"
		}
		if !f.skip {
			f.project = p.projected(f)
			f.subject = p.subjectOf(f)
		}
	}
}

// partsDiffer reports whether the parts listed after figure i ("в том
// числе", "из них": the first figure after each such phrase, and the items
// listed with it) are of another of killed and wounded.
func (p *cparser) partsDiffer(i int) bool {
	f := &p.figs[i]
	part := false
	for j := i + 1; j < len(p.figs); j++ {
		g := &p.figs[j]
		if g.skip || g.merged {
			continue
		}
		prev := &p.figs[j-1]
		switch {
		case p.includesBetween(prev.t1, g.c0):
			part = true
		case part && p.listItem(prev, g):
		default:
			part = false
		}
		if part && g.measure != f.measure && (g.measure == reckon.Killed || g.measure == reckon.Wounded) && g.inherit != i {
			return true
		}
	}
	return false
}

// includesBetween reports whether an "including" phrase stands between
// tokens a and b.
func (p *cparser) includesBetween(a, b int) bool {
	for k := a; k < b; k++ {
		for _, s := range p.L.includes {
			if k+len(s) <= b && p.seqAt(k, s) {
				return true
			}
		}
	}
	return false
}

// projected reports whether the figure's clause is a forecast or a plan.
func (p *cparser) projected(f *cfig) bool {
	for k := f.c0 - 1; k >= 0 && k > f.c0-12; k-- {
		if p.clauseBoundary(k) {
			break
		}
		if p.futureWord(p.wordAt(k)) {
			return true
		}
	}
	for k := f.t1; k < len(p.toks) && k < f.t1+8; k++ {
		if p.clauseBoundary(k) {
			break
		}
		if p.futureWord(p.wordAt(k)) {
			return true
		}
	}
	return false
}

func (p *cparser) futureWord(w string) bool {
	if w == "" {
		return false
	}
	if p.L.futureSet[w] {
		return true
	}
	for _, s := range cyrFuturePrefixes {
		if strings.HasPrefix(w, s) {
			return true
		}
	}
	return false
}

// cyrFuturePrefixes start words of plans and forecasts in either language.
var cyrFuturePrefixes = []string{"план", "ожида", "очіку", "намір", "намерен", "прогноз"}

// subjectOf returns the words after the figure, up to four, as written.
func (p *cparser) subjectOf(f *cfig) string {
	end := f.t1
	if f.rng {
		end = p.figs[f.hiFig].t1
	}
	k := end
	for k < len(p.toks) && k < end+4 && p.toks[k].kind == ctWord {
		if p.L.say[p.toks[k].w] || p.L.stopNP[p.toks[k].w] {
			break
		}
		k++
	}
	if k == end {
		return ""
	}
	return p.text[p.toks[end].s:p.toks[k-1].e]
}
