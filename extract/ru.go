package extract

import (
	"math"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/reckonhq/reckon"
)

// This file is the Cyrillic extractor: one engine for Russian and
// Ukrainian, driven by the word tables of ru_lexicon.go. It reads a text
// sentence by sentence: it splits a sentence into tokens, finds the number
// phrases ("1 230", "4,7 тыс.", "двух тысяч", "півтори тисячі", "несколько
// сотен"), drops the ones that are not counts (the distractor rules), and
// reads each remaining figure's qualifier, range, measure, attribution,
// date and projection with ordered tables of named rules (ru_rules.go).

func init() {
	extractors[Russian] = ExtractRussian
	extractors[Ukrainian] = ExtractUkrainian
}

// ExtractRussian returns the figure claims of a Russian text, with the
// contract of [Extract]: byte offsets, Span == text[Start:End], Why
// listing the rules that fired, intervals of the annotation guide.
func ExtractRussian(text string) []reckon.Claim { return cyrExtract(text, ruLang()) }

// ExtractUkrainian returns the figure claims of a Ukrainian text, with the
// contract of [Extract].
func ExtractUkrainian(text string) []reckon.Claim { return cyrExtract(text, ukLang()) }

// cyrLang is the word tables the engine reads for one language: its own
// table merged with the other's, its own first.
type cyrLang struct {
	name      string
	numbers   map[string]cyrNumWord
	vague     map[string]cyrVague
	cues      []cyrCue
	after     []cyrCue
	change    map[string]bool
	exceed    map[string]bool
	say       map[string]bool
	impers    map[string]bool
	yearNoun  map[string]bool
	freq      map[string]bool
	abbrevs   map[string]bool
	pronouns  map[string]bool
	persOnly  map[string]bool
	stopNP    map[string]bool
	months    map[string]bool
	weekdays  map[string]bool
	futureSet map[string]bool // words of plans and forecasts
	cueWords  map[string]bool // every word of a qualifier cue
	cueByLast map[string][]cyrCue
	personIdx map[string][]string // person stems by their first letter
	thingIdx  map[string][]string // thing stems by their first letter
	// measureIdx holds the measure stems by their first two bytes (one
	// Cyrillic letter), longest stems first.
	measureIdx map[string][]cyrStemRule
	srcFirst   map[string]bool // first words of sources, cites, reporting verbs
	relFirst   map[string]bool // first words of relative days
	measures   []cyrStemRule
	things     []string
	persons    []string
	generic    []string
	future     []string
	timeNoun   []string
	money      []string
	unitMeas   []string
	sources    [][]string
	cites      [][]string
	relDays    [][]string
	asOf       [][]string
	includes   [][]string
	rate       [][]string
}

var (
	ruOnce, ukOnce sync.Once
	ruMerged       *cyrLang
	ukMerged       *cyrLang
)

func ruLang() *cyrLang {
	ruOnce.Do(func() { ruMerged = mergeTables("ru", ruTable(), ukTable()) })
	return ruMerged
}

func ukLang() *cyrLang {
	ukOnce.Do(func() { ukMerged = mergeTables("uk", ukTable(), ruTable()) })
	return ukMerged
}

// mergeTables builds the tables of a language from its own (a) and the
// other's (b): a map takes a's entry where both have one; a list is a's
// then b's; cue lists are ordered longest first so that "не менее"
// wins over "менее".
func mergeTables(name string, a, b *cyrTable) *cyrLang {
	nums := map[string]cyrNumWord{}
	for k, v := range b.numbers {
		nums[k] = v
	}
	for k, v := range a.numbers {
		nums[k] = v
	}
	vg := map[string]cyrVague{}
	for k, v := range b.vague {
		vg[k] = v
	}
	for k, v := range a.vague {
		vg[k] = v
	}
	both := func(x, y []string) map[string]bool {
		m := set(x...)
		for _, s := range y {
			m[s] = true
		}
		return m
	}
	cat := func(x, y []string) []string { return append(append([]string{}, x...), y...) }
	cat2 := func(x, y [][]string) [][]string {
		out := append(append([][]string{}, x...), y...)
		sort.SliceStable(out, func(i, j int) bool { return len(out[i]) > len(out[j]) })
		return out
	}
	cues := append(append([]cyrCue{}, a.cues...), b.cues...)
	sort.SliceStable(cues, func(i, j int) bool { return len(cues[i].words) > len(cues[j].words) })
	after := append(append([]cyrCue{}, a.after...), b.after...)
	ms := append(append([]cyrStemRule{}, a.measures...), b.measures...)
	sort.SliceStable(ms, func(i, j int) bool { return len(ms[i].stem) > len(ms[j].stem) })
	L := &cyrLang{
		name: name, numbers: nums, vague: vg, cues: cues, after: after,
		change: both(a.change, b.change), exceed: both(a.exceed, b.exceed), say: both(a.say, b.say),
		impers: both(a.impers, b.impers), yearNoun: both(a.yearNoun, b.yearNoun), freq: both(a.freq, b.freq),
		abbrevs: both(a.abbrevs, b.abbrevs), pronouns: both(a.pronouns, b.pronouns),
		persOnly: both(a.persOnly, b.persOnly), stopNP: both(a.stopNP, b.stopNP),
		measures: ms, things: cat(a.things, b.things), persons: cat(a.persons, b.persons),
		generic: cat(a.generic, b.generic), months: both(a.months, b.months), weekdays: both(a.weekdays, b.weekdays),
		future: cat(a.future, b.future), timeNoun: cat(a.timeNoun, b.timeNoun), money: cat(a.money, b.money),
		unitMeas: cat(a.unitMeas, b.unitMeas),
		sources:  cat2(a.sources, b.sources), cites: cat2(a.cites, b.cites), relDays: cat2(a.relDays, b.relDays),
		asOf: cat2(a.asOf, b.asOf), includes: cat2(a.includes, b.includes), rate: cat2(a.rate, b.rate),
	}
	L.srcFirst = set("за", "по", "згідно")
	for _, x := range append(append([][]string{}, L.sources...), L.cites...) {
		L.srcFirst[x[0]] = true
	}
	for w := range L.say {
		L.srcFirst[w] = true
	}
	for w := range L.impers {
		L.srcFirst[w] = true
	}
	L.futureSet = both(a.future, b.future)
	L.cueByLast = map[string][]cyrCue{}
	for _, c := range L.cues {
		last := c.words[len(c.words)-1]
		L.cueByLast[last] = append(L.cueByLast[last], c)
	}
	L.personIdx, L.thingIdx = stemIndex(L.persons), stemIndex(L.things)
	L.cueWords = map[string]bool{}
	for _, c := range L.cues {
		for _, w := range c.words {
			L.cueWords[w] = true
		}
	}
	L.measureIdx = map[string][]cyrStemRule{}
	for _, r := range L.measures {
		k := r.stem[:min(2, len(r.stem))]
		L.measureIdx[k] = append(L.measureIdx[k], r)
	}
	L.relFirst = map[string]bool{}
	for _, x := range L.relDays {
		L.relFirst[x[0]] = true
	}
	return L
}

// stemIndex groups stems by their first two bytes (one Cyrillic letter).
func stemIndex(stems []string) map[string][]string {
	m := map[string][]string{}
	for _, s := range stems {
		k := s[:min(2, len(s))]
		m[k] = append(m[k], s)
	}
	return m
}

// indexedStem reports whether w starts with a stem of the index.
func indexedStem(w string, idx map[string][]string) bool {
	if len(w) < 2 {
		return false
	}
	for _, s := range idx[w[:2]] {
		if strings.HasPrefix(w, s) {
			return true
		}
	}
	return false
}

// ctKind is the kind of a token.
type ctKind uint8

const (
	ctWord  ctKind = iota + 1
	ctNum          // digits, maybe grouped, with a decimal part or a suffix ("15-ти")
	ctPunct        // one rune of punctuation
	ctDate         // "24.02.22", "5.11.2025"
	ctTime         // "18:15"
)

// ctok is one token of a sentence.
type ctok struct {
	s, e   int // byte offsets in the text
	kind   ctKind
	w      string  // lower-case word, the punctuation rune, or a number's suffix
	val    float64 // a number's value
	dec    bool    // the number has a decimal part
	digits int     // digits of the number's first group
	upper  bool    // the word starts with a capital letter
	alnum  bool    // a word holding digits ("Су-34", "COVID-19")
	nl     bool    // a line break comes before the token
	ls, le int     // bounds of w in the lower-case buffer
}

// cfig is one figure found in a sentence.
type cfig struct {
	t0, t1   int // tokens of the number phrase
	c0       int // first token of the cue (t0 when none)
	val      float64
	base     float64 // the value before the last multiplier
	mult     float64 // the last multiplier (0 when none)
	isVague  bool
	vlo, vhi int64
	words    bool // written in words
	coll     bool // a collective numeral: "пятеро"
	one      bool // the word "one"
	approx   bool // "десяток": about by itself
	dec      bool // written with a decimal part

	kind     qkind
	cue      string
	rng      bool // a range: hiFig holds its upper end
	hiFig    int  // index of the upper end's figure
	bnd      bounds
	skip     bool // not a claim
	skipWhy  string
	skipRule *cyrFigRule // the distractor rule that made it one, nil for others
	merged   bool        // the upper end of a range

	incr   bool // the "(+N)" of a General Staff line
	parent int  // the running total an increment belongs to
	label  bool // a General Staff line: "label — N"

	measure  reckon.Measure
	mwhy     string
	inherit  int // the figure whose measure this one took, or -1
	attr     string
	cites    string
	date     string
	project  bool
	subject  string
	why      []string
	distrib  bool
	earlier  bool // the "from" value of "rose from A to B"
	ownCue   bool
	listCued bool
}

// cparser holds the scratch of one call.
type cparser struct {
	L    *cyrLang
	text string
	toks []ctok
	low  []byte
	figs []cfig
	// mcache memoises measureWord per token of the sentence: 0 not yet
	// read, 1 no measure, 2 + index into reckon.Measures.
	mcache []uint8
	out    []reckon.Claim
	// Scratch reused between sentences.
	groups  []int
	stack   []int
	anchors []cyrAnchor
	dexps   []cyrDate
	ss      int // start of the sentence
	// carryAttr and carryDate come from a wire dateline ("ТАСС, 22
	// июня.", "МОСКВА, 23 августа. /ТАСС/.") and serve the next sentence.
	carryAttr, carryDate string
	// lastMeasure is the measure of the last claim of the sentence
	// before, for a sentence that goes on about the same people ("Серед
	// них - дві дитини").
	lastMeasure reckon.Measure
	// listCue says a line ended with a cue and a colon ("орієнтовно
	// склали:"), which qualifies the running totals of the lines after it.
	listCue bool
}

var cparsers = sync.Pool{New: func() any { return new(cparser) }}

func cyrExtract(text string, L *cyrLang) []reckon.Claim {
	p := cparsers.Get().(*cparser)
	p.L, p.text, p.out = L, text, nil
	p.carryAttr, p.carryDate, p.lastMeasure, p.listCue = "", "", "", false
	for i := 0; i < len(text); {
		s, e := cyrSentence(text, i, L)
		if e > s && hasFigureChars(text[s:e]) {
			p.sentence(s, e)
		}
		if e <= i {
			e = i + 1
		}
		i = e
	}
	out := p.out
	p.text, p.out = "", nil
	clear(p.toks[:cap(p.toks)])
	clear(p.figs[:cap(p.figs)])
	p.toks, p.figs = p.toks[:0], p.figs[:0]
	if cap(p.low) > 1<<16 {
		p.low = nil
	}
	cparsers.Put(p)
	return out
}

// hasFigureChars reports whether a sentence may hold a figure: a digit or
// a Cyrillic letter (number words are Cyrillic).
func hasFigureChars(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= '0' && c <= '9' || c == 0xD0 || c == 0xD1 || c == 0xD2 {
			return true
		}
	}
	return false
}

// maxCyrSentence caps one sentence, as [maxSentence] does for English.
const maxCyrSentence = 4 << 10

// cyrSentence returns the bounds of the sentence starting at i: it ends at
// a line break, or at ".", "!", "?" or "…" followed by space and a capital
// letter, a digit, a quote or a dash, unless the word before the period is
// an abbreviation ("тыс.", "г.") or an initial.
func cyrSentence(text string, i int, L *cyrLang) (int, int) {
	n := len(text)
	for i < n && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r' || text[i] == '\n') {
		i++
	}
	s := i
	limit := min(n, s+maxCyrSentence)
	for j := s; j < limit; j++ {
		c := text[j]
		switch {
		case c == '\n':
			return s, j
		case c == '.' || c == '!' || c == '?':
			if sentenceBreak(text, s, j, j+1, L) {
				return s, j + 1
			}
		case c == 0xE2 && j+2 < n && text[j+1] == 0x80 && text[j+2] == 0xA6: // …
			if sentenceBreak(text, s, j, j+3, L) {
				return s, j + 3
			}
		}
	}
	if limit < n {
		// Cut a run with no end at a space, so that work stays linear.
		for k := limit; k > s+maxCyrSentence/2; k-- {
			if text[k] == ' ' {
				return s, k
			}
		}
		for limit < n && !utf8.RuneStart(text[limit]) {
			limit++
		}
	}
	return s, limit
}

func sentenceBreak(text string, s, dot, after int, L *cyrLang) bool {
	n := len(text)
	k := after
	for k < n && (text[k] == '"' || text[k] == ')' || strings.HasPrefix(text[k:], "»") || strings.HasPrefix(text[k:], "”")) {
		_, sz := utf8.DecodeRuneInString(text[k:])
		k += sz
	}
	if k >= n {
		return true
	}
	sp := 0
	for k < n && (text[k] == ' ' || text[k] == '\t' || text[k] == '\r') {
		k++
		sp++
	}
	if k < n && text[k] == '\n' {
		return true
	}
	if sp == 0 || k >= n {
		return k >= n
	}
	r, _ := utf8.DecodeRuneInString(text[k:])
	if !(unicode.IsUpper(r) || unicode.IsDigit(r) || r == '«' || r == '"' || r == '“' || r == '„' || r == '—' || r == '–' || r == '-' || r == '(' || r == '/') {
		return false
	}
	// The word before the period.
	b := dot
	for b > s {
		r, sz := utf8.DecodeLastRuneInString(text[s:b])
		if !unicode.IsLetter(r) {
			break
		}
		b -= sz
	}
	word := text[b:dot]
	if word == "" {
		return true
	}
	if len(word) > 10 {
		return true // no abbreviation is that long
	}
	if utf8.RuneCountInString(word) == 1 {
		r, _ := utf8.DecodeRuneInString(word)
		if unicode.IsUpper(r) {
			return false // an initial
		}
	}
	return !L.abbrevs[strings.ToLower(word)]
}

// cyrSpaceGroup reports whether the rune is a space that may split digit
// groups: a space, a no-break space, a narrow or thin space.
func cyrSpaceGroup(r rune) bool { return r == ' ' || r == '\u00a0' || r == '\u202f' || r == '\u2009' }

// cyrDigitRun returns the end of the run of ASCII digits at i.
func cyrDigitRun(t string, i int) int {
	for i < len(t) && isDigit(t[i]) {
		i++
	}
	return i
}

// tokenize splits text[s:e] into p.toks, and lower-cases words into p.low.
func (p *cparser) tokenize(s, e int) {
	t := p.text[:e]
	p.toks = p.toks[:0]
	p.low = p.low[:0]
	nl := false
	for i := s; i < e; {
		if c := t[i]; c == ' ' {
			i++
			continue
		} else if c == 0xD0 || c == 0xD1 || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' {
			if j := p.word(t, i, nl); j > i {
				i, nl = j, false
				continue
			}
			p.toks = p.toks[:len(p.toks)-1] // not a letter: read it below
		}
		r, sz := utf8.DecodeRuneInString(t[i:])
		switch {
		case r == '\n':
			nl = true
			i += sz
		case unicode.IsSpace(r):
			i += sz
		case isDigit(t[i]):
			i = p.number(t, i, nl)
			nl = false
		case unicode.IsLetter(r):
			if j := p.word(t, i, nl); j > i {
				i = j
			} else {
				p.toks = p.toks[:len(p.toks)-1]
				i += sz
			}
			nl = false
		default:
			p.toks = append(p.toks, ctok{s: i, e: i + sz, kind: ctPunct, w: t[i : i+sz], nl: nl})
			nl = false
			i += sz
		}
	}
	if cap(p.mcache) < len(p.toks) {
		p.mcache = make([]uint8, len(p.toks), 2*len(p.toks))
	}
	p.mcache = p.mcache[:len(p.toks)]
	clear(p.mcache)
	lw := string(p.low)
	for k := range p.toks {
		if tk := &p.toks[k]; tk.kind == ctWord || tk.kind == ctNum && tk.le > tk.ls {
			tk.w = lw[tk.ls:tk.le]
		}
	}
}

// cyrApostrophe reports whether r is an apostrophe inside a word ("п'ять").
func cyrApostrophe(r rune) bool { return r == '\'' || r == '’' || r == 'ʼ' || r == '`' }

// cyrLowerRune maps a rune to its lower-case, normalised form: ё as е, every
// apostrophe as '.
func cyrLowerRune(r rune) rune {
	if cyrApostrophe(r) {
		return '\''
	}
	r = unicode.ToLower(r)
	if r == 'ё' {
		return 'е'
	}
	return r
}

// word reads a word: letters, with apostrophes and hyphens inside, and
// digits after its first letter ("Су-34", "M1A1").
func (p *cparser) word(t string, i int, nl bool) int {
	tk := ctok{s: i, kind: ctWord, nl: nl, ls: len(p.low)}
	r0, _ := utf8.DecodeRuneInString(t[i:])
	tk.upper = unicode.IsUpper(r0)
	j := i
	sawCyr, sawLat := false, false
	for j < len(t) {
		if c := t[j]; (c == 0xD0 || c == 0xD1) && j+1 < len(t) && t[j+1]&0xC0 == 0x80 {
			sawCyr = true
			// Cyrillic U+0400–U+047F, the common case: lower it by arithmetic.
			r := rune(c&0x1F)<<6 | rune(t[j+1]&0x3F)
			if r >= 0x400 && r <= 0x45F {
				switch {
				case r >= 0x410 && r <= 0x42F:
					r += 0x20
				case r < 0x410:
					r += 0x50
				}
				if r == 'ё' {
					r = 'е'
				}
				p.low = utf8.AppendRune(p.low, r)
				j += 2
				continue
			}
		} else if c >= 'a' && c <= 'z' {
			p.low = append(p.low, c)
			j++
			sawLat = true
			continue
		} else if c >= 'A' && c <= 'Z' {
			p.low = append(p.low, c+'a'-'A')
			j++
			sawLat = true
			continue
		}
		r, sz := utf8.DecodeRuneInString(t[j:])
		switch {
		case unicode.IsLetter(r) || unicode.Is(unicode.Mn, r):
			p.low = utf8.AppendRune(p.low, cyrLowerRune(r))
			j += sz
			continue
		case isDigit(t[j]):
			tk.alnum = true
			p.low = append(p.low, t[j])
			j++
			continue
		case (cyrApostrophe(r) || r == '-') && j+sz < len(t):
			r2, _ := utf8.DecodeRuneInString(t[j+sz:])
			if unicode.IsLetter(r2) || r == '-' && isDigit(t[j+sz]) {
				p.low = utf8.AppendRune(p.low, cyrLowerRune(r))
				j += sz
				continue
			}
		}
		break
	}
	tk.e, tk.le = j, len(p.low)
	if sawCyr && sawLat {
		p.homoglyphs(&tk)
	}
	p.toks = append(p.toks, tk)
	return j
}

// cyrLatinLookalike maps Latin letters that look Cyrillic to their Cyrillic
// twins, for words that mix the scripts ("зaгинуло" with a Latin a).
var cyrLatinLookalike = map[byte]rune{'a': 'а', 'e': 'е', 'o': 'о', 'p': 'р', 'c': 'с', 'x': 'х', 'i': 'і', 'y': 'у', 'k': 'к', 'm': 'м', 't': 'т', 'h': 'н', 'b': 'в'}

// homoglyphs rewrites the lower-case form of a word that mixes Cyrillic
// and Latin letters into Cyrillic, so that its stems match.
func (p *cparser) homoglyphs(tk *ctok) {
	w := p.low[tk.ls:tk.le]
	cyr, lat := false, false
	for _, c := range w {
		if c == 0xD0 || c == 0xD1 {
			cyr = true
		} else if c >= 'a' && c <= 'z' {
			if _, ok := cyrLatinLookalike[c]; !ok {
				return // a Latin word part ("telegram-канале"): leave it
			}
			lat = true
		}
	}
	if !cyr || !lat {
		return
	}
	out := make([]byte, 0, 2*len(w))
	for i := 0; i < len(w); i++ {
		if r, ok := cyrLatinLookalike[w[i]]; ok {
			out = utf8.AppendRune(out, r)
			continue
		}
		out = append(out, w[i])
	}
	p.low = append(p.low[:tk.ls], out...)
	tk.le = len(p.low)
}

// number reads a number at i: digit groups split by spaces ("1 230",
// "1 234 560"), by commas or periods before exactly three digits
// ("10,000"), a decimal part ("4,7"), a date ("24.02.22"), a time
// ("18:15"), and a suffix after a hyphen ("15-ти", "94-я", "200-е").
func (p *cparser) number(t string, i int, nl bool) int {
	j := cyrDigitRun(t, i)
	tk := ctok{s: i, kind: ctNum, nl: nl, digits: j - i}
	val := cyrAtof(t[i:j])
	// Dates and times.
	if j+1 < len(t) && (t[j] == '.' || t[j] == '/') && j-i <= 2 && isDigit(t[j+1]) {
		k := cyrDigitRun(t, j+1)
		if k-(j+1) <= 2 && k+1 < len(t) && t[k] == t[j] && isDigit(t[k+1]) {
			m := cyrDigitRun(t, k+1)
			if m-(k+1) == 2 || m-(k+1) == 4 {
				p.toks = append(p.toks, ctok{s: i, e: m, kind: ctDate, nl: nl})
				return m
			}
		}
	}
	if j+2 < len(t) && t[j] == ':' && j-i <= 2 && isDigit(t[j+1]) && isDigit(t[j+2]) && (j+3 == len(t) || !isDigit(t[j+3])) {
		p.toks = append(p.toks, ctok{s: i, e: j + 3, kind: ctTime, nl: nl})
		return j + 3
	}
	grouped := false
	if j-i <= 3 {
		for {
			r, sz := utf8.DecodeRuneInString(t[j:])
			if j >= len(t) || !cyrSpaceGroup(r) {
				break
			}
			k := j + sz
			m := cyrDigitRun(t, k)
			if m-k != 3 || m < len(t) && (t[m] == ':' || t[m] == '.' && m+1 < len(t) && isDigit(t[m+1])) {
				break
			}
			val = val*1000 + cyrAtof(t[k:m])
			j, grouped = m, true
		}
	}
	if !grouped && j+1 < len(t) && (t[j] == ',' || t[j] == '.') && isDigit(t[j+1]) {
		k := cyrDigitRun(t, j+1)
		if k-(j+1) == 3 && j-i <= 3 && !p.multAfter(t, k) {
			// "10,000", "2.800": thousands.
			val = val*1000 + cyrAtof(t[j+1:k])
			j = k
			for j+1 < len(t) && t[j] == t[j-4] && isDigit(t[j+1]) && cyrDigitRun(t, j+1)-(j+1) == 3 {
				val = val*1000 + cyrAtof(t[j+1:j+4])
				j += 4
			}
		} else if k-(j+1) <= 3 {
			val += cyrAtof(t[j+1:k]) / math.Pow(10, float64(k-(j+1)))
			tk.dec = true
			j = k
		}
	}
	tk.val = val
	// A suffix: "15-ти", "22-летнего", "200-е", "2024-го".
	if j+1 < len(t) && t[j] == '-' {
		r, _ := utf8.DecodeRuneInString(t[j+1:])
		if unicode.IsLetter(r) {
			j++
			tk.ls = len(p.low)
			for j < len(t) {
				r, sz := utf8.DecodeRuneInString(t[j:])
				if !unicode.IsLetter(r) {
					break
				}
				p.low = utf8.AppendRune(p.low, cyrLowerRune(r))
				j += sz
			}
			tk.le = len(p.low)
		}
	} else if j < len(t) {
		r, _ := utf8.DecodeRuneInString(t[j:])
		if unicode.IsLetter(r) {
			tk.ls = len(p.low)
			for j < len(t) {
				r, sz := utf8.DecodeRuneInString(t[j:])
				if !unicode.IsLetter(r) && !isDigit(t[j]) {
					break
				}
				p.low = utf8.AppendRune(p.low, cyrLowerRune(r))
				j += sz
			}
			tk.le = len(p.low)
		}
	}
	tk.e = j
	p.toks = append(p.toks, tk)
	return j
}

// multAfter reports whether a multiplier word follows position k ("1,500
// тыс." reads 1.5 thousand).
func (p *cparser) multAfter(t string, k int) bool {
	for k < len(t) && t[k] == ' ' {
		k++
	}
	e := k
	for e < len(t) {
		r, sz := utf8.DecodeRuneInString(t[e:])
		if !unicode.IsLetter(r) {
			break
		}
		e += sz
	}
	nw, ok := p.L.numbers[strings.ToLower(t[k:e])]
	return ok && nw.kind == nkMult
}

func cyrAtof(s string) float64 {
	v := 0.0
	for i := 0; i < len(s); i++ {
		v = v*10 + float64(s[i]-'0')
	}
	return v
}

// sentence reads one sentence.
func (p *cparser) sentence(s, e int) {
	p.ss = s
	p.tokenize(s, e)
	p.figs = p.figs[:0]
	if p.dateline() {
		return
	}
	p.findFigures()
	if len(p.figs) == 0 {
		p.carryAttr, p.carryDate = "", ""
		p.listCue = p.listCueColon() >= 0 && p.punctAt(len(p.toks)-1) == ":"
		return
	}
	for i := range p.figs {
		p.figs[i].inherit, p.figs[i].hiFig, p.figs[i].parent = -1, -1, -1
	}
	for ri := range distractorRules {
		r := &distractorRules[ri]
		for i := range p.figs {
			f := &p.figs[i]
			if f.skip {
				continue
			}
			if ok := r.test(p, i); ok {
				f.skip, f.skipWhy, f.skipRule = true, r.name, r
			}
		}
	}
	p.spreadDistractors()
	p.generalStaff()
	p.ranges()
	p.qualifiers()
	p.measures()
	p.attributions()
	p.dates()
	p.emit()
	p.carryAttr, p.carryDate = "", ""
}

// dateline reads a wire dateline, a sentence of a place or an agency and
// a date ("ТАСС, 22 июня.", "МОСКВА, 23 августа.") or of an agency
// between slashes ("/ТАСС/."), and keeps its agency and date for the
// next sentence.
func (p *cparser) dateline() bool {
	n := len(p.toks)
	if n == 0 || n > 8 {
		return false
	}
	if n >= 3 && p.punctAt(0) == "/" && p.tok(1).kind == ctWord && p.punctAt(2) == "/" {
		p.carryAttr = p.text[p.toks[1].s:p.toks[1].e]
		return true
	}
	t0 := p.toks[0]
	if t0.kind != ctWord || !t0.upper || p.punctAt(1) != "," {
		return false
	}
	d := p.tok(2)
	if d.kind != ctNum || d.val < 1 || d.val > 31 || !p.L.months[p.wordAt(3)] {
		return false
	}
	for k := 4; k < n; k++ {
		if p.punctAt(k) == "" && !(p.tok(k).kind == ctNum && p.tok(k).digits == 4) && !p.L.yearNoun[p.wordAt(k)] {
			return false
		}
	}
	p.carryDate = p.text[d.s:p.toks[3].e]
	name := p.text[t0.s:t0.e]
	if utf8.RuneCountInString(name) <= 4 && strings.ToUpper(name) == name {
		p.carryAttr = name
	}
	return true
}

// tok returns token k or an empty token.
func (p *cparser) tok(k int) ctok {
	if k < 0 || k >= len(p.toks) {
		return ctok{}
	}
	return p.toks[k]
}

// wordAt returns the lower-case word at token k, or "".
func (p *cparser) wordAt(k int) string {
	if k < 0 || k >= len(p.toks) || p.toks[k].kind != ctWord {
		return ""
	}
	return p.toks[k].w
}

// punctAt returns the punctuation at token k, or "".
func (p *cparser) punctAt(k int) string {
	if k < 0 || k >= len(p.toks) || p.toks[k].kind != ctPunct {
		return ""
	}
	return p.toks[k].w
}

// seqAt reports whether the words seq start at token k.
func (p *cparser) seqAt(k int, seq []string) bool {
	for j, w := range seq {
		if p.wordAt(k+j) != w {
			return false
		}
	}
	return true
}

// seqEndsAt reports whether the words seq end just before token k.
func (p *cparser) seqEndsAt(k int, seq []string) bool {
	return k-len(seq) >= 0 && p.seqAt(k-len(seq), seq)
}

// findFigures collects the number phrases and vague quantities.
func (p *cparser) findFigures() {
	for k := 0; k < len(p.toks); {
		t := p.toks[k]
		switch t.kind {
		case ctNum:
			if t.le > t.ls && (t.val == 200 || t.val == 300) && k > 0 && (p.toks[k-1].kind == ctNum || p.punctAt(k-1) == "«") {
				k++ // "50 200-х": the killed, a word here
				continue
			}
			f, ok := p.numberAt(k, false)
			if ok {
				p.figs = append(p.figs, f)
				k = f.t1
				continue
			}
		case ctWord:
			if f, ok := p.vagueAt(k); ok {
				p.figs = append(p.figs, f)
				k = f.t1
				continue
			}
			if _, isNum := p.L.numbers[t.w]; isNum {
				if f, ok := p.numberAt(k, p.cueBefore(k)); ok {
					p.figs = append(p.figs, f)
					k = f.t1
					continue
				}
			}
		}
		k++
	}
}

// cueBefore reports whether a qualifier cue ends just before token k.
func (p *cparser) cueBefore(k int) bool {
	for _, c := range p.L.cueByLast[p.wordAt(k-1)] {
		if p.seqEndsAt(k, c.words) {
			return true
		}
	}
	return false
}

// cyrSingularMult reports whether w is a singular form of a multiplier noun
// that counts one of it: "тысяча", "тысячу", "тисяча", "сотню".
func cyrSingularMult(w string) bool {
	switch w {
	case "тысяча", "тысячу", "тысячей", "тисяча", "тисячу", "тисячею", "миллион", "мільйон",
		"сотня", "сотню", "сотней", "сотнею", "десяток", "десятку":
		return true
	}
	return false
}

// numberAt reads the number phrase at token k. cued says a qualifier cue
// comes before it, so that a noun of a multiplier counts one of it:
// "более тысячи" is more than 1,000, not "thousands".
func (p *cparser) numberAt(k int, cued bool) (cfig, bool) {
	f := cfig{t0: k, c0: k, t1: k}
	var total, cur float64
	have, last := false, 0.0 // last: the place value of the last number word
	fromDigits := false
	var lastMult float64
loop:
	for j := k; j < len(p.toks); j++ {
		t := p.toks[j]
		switch t.kind {
		case ctNum:
			if t.le > t.ls { // a suffix: the token stands alone
				if !have {
					cur, have, fromDigits = t.val, true, true
					f.t1 = j + 1
				}
				break loop
			}
			switch {
			case !have:
				cur, have, fromDigits = t.val, true, true
				f.dec = t.dec
				f.t1 = j + 1
			case lastMult > 0 && cur == 0 && t.val < lastMult && !t.dec && !t.nl:
				cur = t.val // "19 тисяч 120"
				f.t1 = j + 1
				break loop
			default:
				break loop
			}
		case ctPunct:
			if t.w == "." && lastMult > 0 && j == f.t1 && cur == 0 {
				// The period of "тыс.": "2 тис. 145" goes on past it.
				n, nn := p.tok(j+1), p.tok(j+2)
				if n.kind == ctNum && n.le == n.ls && n.val < lastMult && !n.dec && !n.nl &&
					nn.kind != ctNum && !(nn.kind == ctPunct && (nn.w == "-" || nn.w == "–")) {
					cur = n.val
					f.t1 = j + 2
				}
			}
			break loop
		case ctWord:
			nw, ok := p.L.numbers[t.w]
			if !ok {
				break loop
			}
			switch nw.kind {
			case nkUnit, nkTeen, nkTen, nkHundred:
				switch {
				case fromDigits && cur != 0:
					break loop
				case !have:
					cur, have, last = nw.val, true, nw.val
					f.words = true
					f.one = nw.val == 1
				case cur != 0 && cyrPlaceBelow(last, nw.val):
					cur += nw.val
					last = nw.val
					f.one = false
				case cur == 0 && lastMult > 0 && nw.val < lastMult:
					cur, last = nw.val, nw.val
				default:
					break loop
				}
			case nkMult:
				if !have {
					if !(cued || cyrSingularMult(t.w)) {
						break loop
					}
					cur, have = 1, true
					f.words = true
				}
				if cur == 0 || lastMult > 0 && nw.val >= lastMult {
					break loop
				}
				f.base, f.mult = cur, nw.val
				total += cur * nw.val
				cur, lastMult, last = 0, nw.val, 0
				f.one = false
			case nkColl:
				if !have {
					cur, have, f.coll, f.words = nw.val, true, true, true
					f.t1 = j + 1
				}
				break loop
			case nkHalfMore:
				if have {
					break loop
				}
				cur, have, f.words = 1.5, true, true
			case nkHundredN, nkTenN:
				switch {
				case have && cur > 0 && cur < 10 && lastMult == 0:
					cur *= nw.val
					f.one = false
				case !have && (cued || cyrSingularMult(t.w)):
					cur, have, f.words = nw.val, true, true
					f.approx = nw.kind == nkTenN && !cued
				default:
					break loop
				}
			}
			f.t1 = j + 1
		default:
			break loop
		}
	}
	if !have || f.t1 <= k {
		return f, false
	}
	// The period of an abbreviated multiplier belongs to the figure:
	// "4,7 тыс.".
	if f.mult > 0 && f.t1 < len(p.toks) && p.punctAt(f.t1) == "." && p.toks[f.t1].s == p.toks[f.t1-1].e && p.L.abbrevs[p.wordAt(f.t1-1)] {
		f.t1++
	}
	f.val = total + cur
	if f.mult == 0 {
		f.base = f.val
	}
	if !have || f.val < 0 || f.val == 0 && p.punctAt(k-1) != "+" || f.val != f.val || f.val > 1e13 {
		return f, false
	}
	if f.val != math.Trunc(f.val) && f.mult == 0 {
		return f, false // "1,5" alone: not a count
	}
	return f, true
}

// cyrPlaceBelow reports whether a number word of value v can follow one of
// place value last in a compound numeral: "сто двадцать пять".
func cyrPlaceBelow(last, v float64) bool {
	switch {
	case last >= 100:
		return v < 100
	case last >= 20:
		return v < 10
	}
	return false
}

// vagueAt reads a vague quantity at token k: "несколько сотен",
// "десятки тысяч", "сотни", "тисячі", "кілька сотень тисяч".
func (p *cparser) vagueAt(k int) (cfig, bool) {
	vw, ok := p.L.vague[p.toks[k].w]
	if !ok {
		return cfig{}, false
	}
	if k > 0 && p.toks[k-1].kind == ctNum || p.cueBefore(k) && vw != vwSeveral && vw != vwTens && !p.pluralOnly(k) {
		return cfig{}, false // "три сотни", "более тысячи": numbers
	}
	if pw := p.wordAt(k - 1); pw != "" {
		if nw, isNum := p.L.numbers[pw]; isNum && nw.kind != nkMult && nw.kind != nkHundredN && nw.kind != nkTenN {
			return cfig{}, false
		}
	}
	f := cfig{t0: k, c0: k, t1: k + 1, isVague: true, words: true}
	next := func() cyrNumWord {
		nw := p.L.numbers[p.wordAt(f.t1)]
		return nw
	}
	switch vw {
	case vwSeveral:
		f.vlo, f.vhi = 3, 9
		if nw := next(); nw.kind == nkTenN || nw.kind == nkHundredN || nw.kind == nkMult {
			f.vlo, f.vhi = 3*int64(nw.val), 9*int64(nw.val)
			f.t1++
			if nw2 := next(); nw2.kind == nkMult && nw2.val > nw.val {
				f.vlo, f.vhi = f.vlo*int64(nw2.val), f.vhi*int64(nw2.val)
				f.t1++
			}
		}
	case vwTens:
		f.vlo, f.vhi = 20, 99
		if nw := next(); nw.kind == nkMult {
			f.vlo, f.vhi = 20*int64(nw.val), 100*int64(nw.val)-1
			f.t1++
		}
	case vwHundreds:
		f.vlo, f.vhi = 200, 999
		if nw := next(); nw.kind == nkMult {
			f.vlo, f.vhi = 200*int64(nw.val), 1000*int64(nw.val)-1
			f.t1++
		}
	case vwThousands:
		f.vlo, f.vhi = 2000, 9999
	case vwMillions:
		f.vlo, f.vhi = 2000000, 9999999
	}
	return f, true
}

// pluralOnly reports whether the word at k can only be a plural ("сотен",
// "тысяч"), so that even after a cue it is vague: "более сотен" is rare,
// "десятков тысяч" never a single number.
func (p *cparser) pluralOnly(k int) bool {
	switch p.toks[k].w {
	case "сотен", "сотень", "тысяч", "тисяч", "десятков", "десятків", "миллионов", "мільйонів":
		return true
	}
	return false
}

// text of tokens [a, b).
func (p *cparser) span(a, b int) (int, int) {
	if b <= a {
		return p.toks[a].s, p.toks[a].s
	}
	return p.toks[a].s, p.toks[b-1].e
}

// emit turns the figures of a sentence into claims.
func (p *cparser) emit() {
	sentEnd := p.toks[len(p.toks)-1].e
	for i := range p.figs {
		f := &p.figs[i]
		if f.skip || f.merged {
			continue
		}
		end := f.t1
		if f.rng {
			end = p.figs[f.hiFig].t1
		}
		s, e := p.span(f.c0, end)
		if e <= s {
			continue
		}
		if f.incr && s > 0 && p.text[s-1] == '+' {
			s--
		}
		if f.attr == "" && p.carryAttr != "" {
			f.attr = p.carryAttr
			f.why = append(f.why, "source: the wire dateline before")
		}
		if f.date == "" && p.carryDate != "" {
			f.date = p.carryDate
		}
		c := reckon.Claim{
			Measure:     f.measure,
			Subject:     f.subject,
			Cue:         f.cue,
			Span:        p.text[s:e],
			Start:       s,
			End:         e,
			Sentence:    p.text[p.ss:sentEnd],
			Attribution: f.attr,
			Cites:       f.cites,
			Date:        f.date,
			Projected:   f.project,
		}
		if f.isVague && !f.rng {
			c.Qualifier = reckon.Vague
			switch f.kind {
			case qAtLeast, qMoreThan, qUpTo, qAtMost, qBelow:
				c.Qualifier = f.kind.qualifier()
			}
		} else if f.rng {
			c.Qualifier = reckon.Range
		} else {
			c.Qualifier = f.kind.qualifier()
		}
		if !f.isVague {
			c.Stated = append(c.Stated, f.val)
			if f.rng {
				c.Stated = append(c.Stated, p.figs[f.hiFig].val)
			}
		}
		c.Interval = f.bnd.interval()
		if !c.Interval.Valid() {
			continue
		}
		c.Why = append(c.Why, f.why...)
		c.Why = append(c.Why, "measure "+string(f.measure)+": "+f.mwhy)
		if f.attr != "" {
			c.Why = append(c.Why, "attribution: "+f.attr)
		}
		if f.date != "" {
			c.Why = append(c.Why, "date: "+f.date)
		}
		p.out = append(p.out, c)
		p.lastMeasure = c.Measure
	}
}
