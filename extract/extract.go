package extract

import (
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/reckonhq/reckon"
)

// Version names the extraction rules. It changes whenever a rule change
// can change the output, so that stored claims say which rules made them.
const Version = "extract/4"

// Extract returns the figure claims of text in text order. It never fails:
// text that is not UTF-8 is read with invalid bytes as punctuation. Start
// and End are byte offsets into text, and Span == text[Start:End]. The
// result is the same for the same text; Why says which rules fired.
func Extract(text string) []reckon.Claim {
	p := parsers.Get().(*parser)
	p.text = text
	p.lowText = lowerASCII(text)
	for i := 0; i < len(text); {
		s, e, next := nextSentence(text, i)
		if next <= i {
			next = i + 1
		}
		if e > s && text[s] == '|' {
			p.tableRow(s, e)
		} else if e > s {
			p.header = p.header[:0]
		}
		if e > s && hasFigureWords(text, s, e) {
			p.sentence(s, e)
		} else {
			p.ref = nil
		}
		i = next
	}
	out := p.claims()
	p.reset()
	parsers.Put(p)
	return out
}

// parsers keeps parsers and their buffers between calls to [Extract], as
// fmt keeps its printers: a cache of scratch space, not state, since
// every call starts from a reset parser and what it returns shares no
// memory with the parser.
var parsers = sync.Pool{New: func() any { return new(parser) }}

// claims returns the claims made so far in one block each for the claims,
// their bounds, their stated numbers and their explanations.
func (p *parser) claims() []reckon.Claim {
	out := make([]reckon.Claim, len(p.pend))
	copy(out, p.pend)
	nb := 0
	for _, pc := range p.pendX {
		if pc.bnd.hasLo {
			nb++
		}
		if pc.bnd.hasHi {
			nb++
		}
	}
	ends := make([]int64, nb)
	var stated []float64
	if len(p.statedBuf) > 0 {
		stated = make([]float64, len(p.statedBuf))
		copy(stated, p.statedBuf)
	}
	for i, pc := range p.pendX {
		if pc.bnd.hasLo {
			ends[0] = pc.bnd.lo
			out[i].Low, ends = &ends[0], ends[1:]
		}
		if pc.bnd.hasHi {
			ends[0] = pc.bnd.hi
			out[i].High, ends = &ends[0], ends[1:]
		}
		if pc.s1 > pc.s0 {
			out[i].Stated = stated[pc.s0:pc.s1:pc.s1]
		}
	}
	p.why.finish(out)
	markRestatements(out)
	return out
}

// markRestatements flags each claim that restates an earlier claim of
// the text in another sentence, as a summary and the body of an article
// do: the same measure, interval, qualifier, subject (ignoring case),
// scope and projection, a stated number (vague words such as "hundreds"
// say too little to be the same figure). Who the text attributes each to
// does not matter: a summary often names the source differently from the
// body, and both are the document's. Restates points at the first
// statement of the figure.
func markRestatements(cs []reckon.Claim) {
	if len(cs) < 2 {
		return
	}
	type key struct {
		m            reckon.Measure
		q            reckon.Qualifier
		lo, hi       int64
		hasLo, hasHi bool
		projected    bool
		scope        reckon.Scope
	}
	first := make(map[key][]int, len(cs)) // the figures stated so far, by what must be equal
	for i := range cs {
		c := &cs[i]
		if len(c.Stated) == 0 {
			continue
		}
		k := key{m: c.Measure, q: c.Qualifier, projected: c.Projected}
		if c.Low != nil {
			k.lo, k.hasLo = *c.Low, true
		}
		if c.High != nil {
			k.hi, k.hasHi = *c.High, true
		}
		found := false
		for _, j := range first[k] {
			o := &cs[j]
			if o.Sentence == c.Sentence && c.Start-o.Start < len(o.Sentence) || o.Scope != c.Scope || !sameSubject(o.Subject, c.Subject) {
				continue // the same sentence: a list, not a restatement
			}
			start := o.Start
			c.Restates = &start
			c.Why = append(c.Why[:len(c.Why):len(c.Why)], "restates: the same figure as '"+o.Span+"' at byte "+strconv.Itoa(o.Start))
			found = true
			break
		}
		if !found {
			if first == nil {
				first = map[key][]int{}
			}
			first[k] = append(first[k], i)
		}
	}
}

// sameSubject reports whether two subjects may count the same people:
// equal but for case, or one of them unsaid ("2,000 had been wounded")
// or only the measure word ("2,000 wounded").
func sameSubject(a, b string) bool {
	a, b = strings.ToLower(a), strings.ToLower(b)
	if leftCues[a] != "" {
		a = ""
	}
	if leftCues[b] != "" {
		b = ""
	}
	return a == b || a == "" || b == ""
}

// reset empties the parser for the next call, dropping every reference
// into the text it read.
func (p *parser) reset() {
	p.text, p.lowText = "", ""
	clear(p.pend)
	p.pend, p.pendX = p.pend[:0], p.pendX[:0]
	p.statedBuf = p.statedBuf[:0]
	clear(p.toks[:cap(p.toks)])
	clear(p.figs[:cap(p.figs)])
	clear(p.anchs[:cap(p.anchs)])
	clear(p.header[:cap(p.header)])
	p.header = p.header[:0]
	p.ref, p.refBuf = nil, fig{}
	p.why.reset()
	if cap(p.pend) > maxKeptClaims {
		p.pend, p.pendX, p.statedBuf, p.why = nil, nil, nil, whyBuilder{} // a very long text: let it go
	}
}

// maxKeptClaims bounds the scratch a pooled parser keeps after a call.
const maxKeptClaims = 1 << 15

// tableRow remembers a table row without digits as the header of the rows
// that follow it.
func (p *parser) tableRow(s, e int) {
	row := p.lowText[s:e]
	if strings.ContainsAny(row, "0123456789") {
		return
	}
	if strings.Trim(row, "|-:+ \t") == "" {
		return // "|---|:--:|": the line under the header
	}
	p.header = p.header[:0]
	cells := strings.Split(strings.Trim(row, "| \t"), "|")
	for _, c := range cells {
		p.header = append(p.header, strings.TrimSpace(c))
	}
}

// parser holds the buffers reused from sentence to sentence.
type parser struct {
	text    string
	lowText string // text with ASCII letters lower-cased
	s, e    int    // the current sentence
	toks    []token
	atoms   []atom
	nc      numCtx // the distractor rules' view of one number (classify)
	ncAtom  atom   // numericDateKind's number
	figs    []fig
	figAt   []int // token -> index of the figure spanning it, or -1
	anchs   []anchor
	pend    []reckon.Claim // the claims made so far, without bounds, stated numbers and explanations
	pendX   []pendingExtra // their bounds and stated numbers
	ref     *fig           // the last figure of the previous sentence, for "twice as many"
	refBuf  fig
	why     whyBuilder
	// Indexes of the anchors by token, for pickAnchor.
	prevAfter, nextTrail, prevAny, lastCont []int
	// header holds the lower-cased cells of the last table row without
	// numbers, which names the columns of the rows below it.
	header []string
	// statedBuf holds the Stated numbers of the claims made so far.
	statedBuf []float64
}

// pendingExtra is what a claim being made keeps apart from it until the
// end of the call: its bounds, and its stated numbers in statedBuf[s0:s1].
type pendingExtra struct {
	bnd    bounds
	s0, s1 int
}

// fig is a figure being read: one number or a range, with its cue.
type fig struct {
	t0, t1   int // tokens of the span, cue included
	a, b     int // atoms; b < 0 for a single number
	kind     qkind
	cue      string
	bnd      bounds
	qual     reckon.Qualifier
	stated   [2]float64 // the numbers written in the span: nstated of them
	nstated  int
	value    float64 // the point value of a single number
	relative bool
	text     string // the span, once emitted

	measure   reckon.Measure
	mwhy      note
	mword     string // the word that decided the measure
	mpos      int    // its token
	head      headKind
	np0, np1  int // the counted noun phrase after the number
	npEnd     int // where the noun phrase and its predicate end
	predEnd   int
	subject   string
	shared    bool // the figure before it read its predicate past this one's phrase
	report    bool // a passive report verb in the predicate ("were reported dead")
	projected bool
	pwhy      note
	date      string
	dwhy      note
	attrib    string
	awhy      note
	cites     string
	scope     reckon.Scope
	why       [maxWhy]note // the rules that read the number, its cue and its list
	nwhy      int
}

// maxWhy bounds the explanations a figure collects before its measure:
// a range has at most five.
const maxWhy = 5

// addWhy records an explanation of f, written out when f becomes a claim.
func (f *fig) addWhy(n note) {
	if f.nwhy < maxWhy {
		f.why[f.nwhy] = n
		f.nwhy++
	}
}

// addStated records a number written in f's span.
func (f *fig) addStated(v float64) {
	if f.nstated < len(f.stated) {
		f.stated[f.nstated] = v
		f.nstated++
	}
}

func (p *parser) span(t0, t1 int) string {
	if t0 >= t1 || t0 < 0 || t1 > len(p.toks) {
		return ""
	}
	return p.text[p.toks[t0].s:p.toks[t1-1].e]
}

// sentence reads the figures of text[s:e] and appends their claims.
func (p *parser) sentence(s, e int) {
	p.s, p.e = s, e
	p.toks = tokenize(p.toks[:0], p.text, s, e, p.lowText[s:e])
	p.atoms = findAtoms(p.toks, p.atoms[:0])
	if len(p.atoms) == 0 {
		p.ref = nil
		return
	}
	for i := range p.atoms {
		p.classify(i)
	}
	p.spreadRangeKinds()
	p.buildFigs()
	if len(p.figs) == 0 {
		p.ref = nil
		return
	}
	if cap(p.figAt) < len(p.toks) {
		p.figAt = make([]int, len(p.toks), 2*len(p.toks))
	}
	p.figAt = p.figAt[:len(p.toks)]
	for i := range p.figAt {
		p.figAt[i] = -1
	}
	for i, f := range p.figs {
		for k := f.t0; k < f.t1; k++ {
			p.figAt[k] = i
		}
	}
	for i := range p.figs {
		p.readMeasure(i)
	}
	p.distribute()
	p.relatives()
	p.estimateBounds()
	p.attribute()
	for i := range p.figs {
		p.readScope(i)
	}
	p.emit()
}

// rangeConnector reports whether the tokens [i, j) join two numbers into
// a range: "to", "-", "–", "—", "and" (after "between"), "or", "through".
func rangeConnector(toks []token, i, j int, between bool) (string, bool) {
	if j-i != 1 {
		return "", false
	}
	switch w := toks[i].low; w {
	case "to", "-", "–", "—", "through", "till", "until":
		return w, true
	case "and":
		return w, between
	case "or":
		return w, !between
	}
	return "", false
}

// spreadRangeKinds gives both ends of a range the distractor kind of one:
// "10-15 minutes", "aged 5 to 12", "$5 to $10 million".
func (p *parser) spreadRangeKinds() {
	for i := 0; i+1 < len(p.atoms); i++ {
		a, b := &p.atoms[i], &p.atoms[i+1]
		_, c0 := cueBefore(p.toks, b.t0)
		if c0 < a.t1 {
			c0 = b.t0
		}
		if c0 == a.t1+1 && (low(p.toks, a.t1) == "-" || low(p.toks, a.t1) == "–") && attached(p.toks, a.t1) && attached(p.toks, c0) &&
			!a.vague && !b.vague && a.val >= b.val && a.kind == "" && b.kind == "" && b.scale == 0 {
			// "passed 12-3": a score or a code, not a range.
			a.kind, a.why = dOther, "a score or code"
			b.kind, b.why = dOther, "a score or code"
			continue
		}
		if _, ok := rangeConnector(p.toks, a.t1, c0, true); !ok {
			if _, ok := rangeConnector(p.toks, a.t1, c0, false); !ok {
				continue
			}
		}
		switch {
		case a.kind == "" && b.kind != "" && b.kind != dYear && b.kind != dDate && b.kind != dOther && b.kind != dUnitName:
			a.kind, a.why = b.kind, b.why+" (range)"
		case a.kind == "" && b.kind == dDate && !a.vague && a.val >= 1 && a.val < b.val && monthWords[low(p.toks, b.t1)]:
			a.kind, a.why = b.kind, b.why+" (range of days)" // "10-12 March"
		case b.kind == "" && (a.kind == dMoney || a.kind == dAge || a.kind == dRate || a.kind == dMeasurement && strings.Contains(a.why, "magnitude")):
			b.kind, b.why = a.kind, a.why+" (range)"
		}
	}
}

// buildFigs turns the atoms that are not distractors into figures,
// joining ranges and reading the cues around them.
func (p *parser) buildFigs() {
	p.figs = p.figs[:0]
	toks := p.toks
	for i := 0; i < len(p.atoms); i++ {
		a := p.atoms[i]
		if a.kind != "" {
			continue
		}
		if low(toks, a.t1) == "times" {
			continue // "three times as many": read by relatives
		}
		k, c0 := cueBefore(toks, a.t0)
		if i+1 < len(p.atoms) && p.atoms[i+1].kind == "" {
			if f, ok := p.rangeFig(i, k, c0); ok {
				p.figs = append(p.figs, f)
				i++
				continue
			}
		}
		f := fig{a: i, b: -1, t0: c0, t1: a.t1}
		if k == qRangeFrom {
			k, f.t0 = qNone, a.t0
		}
		if k != qNone {
			f.cue = p.span(c0, a.t0)
		}
		if k == qExact {
			f.t0 = a.t0 // "has risen to 87": the figure is "87"
			f.addWhy(note{"'", f.cue, "' reports an exact running total"})
		}
		if ka, e := cueAfter(toks, a.t1); ka != qNone && (k == qNone || k == qExact) {
			k = ka
			f.cue = p.span(a.t1, e)
			f.t1 = e
		}
		if a.approx && k == qNone {
			k = qAbout
			f.cue = p.span(a.t0, a.t1)
			f.addWhy(note{"'", f.cue, "' is about a dozen by itself"})
		}
		f.kind = k
		p.setBounds(&f)
		p.figs = append(p.figs, f)
	}
}

// setBounds computes the interval of a single-number figure from its kind.
func (p *parser) setBounds(f *fig) {
	a := p.atoms[f.a]
	if f.relative {
		return
	}
	if a.vague {
		f.bnd = vagueBounds(f.kind, a.vlo, a.vhi)
		switch f.kind {
		case qAtLeast, qMoreThan, qLowerEst, qUpTo, qAtMost, qBelow, qUpperEst:
			f.qual = f.kind.qualifier()
		default:
			f.qual = reckon.Vague
		}
		f.nstated = 0
		return
	}
	f.value = a.val
	f.bnd = pointBounds(f.kind, roundInt(a.val))
	f.qual = f.kind.qualifier()
	f.nstated = 0
	f.addStated(a.val)
}

// rangeFig joins atoms i and i+1 into a range when a connector joins them
// and the first is smaller: "between 50,000 and 100,000", "650-900",
// "20 to 30 thousand", "several hundred to more than 600".
func (p *parser) rangeFig(i int, k qkind, c0 int) (fig, bool) {
	toks := p.toks
	a, b := p.atoms[i], p.atoms[i+1]
	kb, cb0 := cueBefore(toks, b.t0)
	if cb0 < a.t1 || kb == qRangeFrom {
		kb, cb0 = qNone, b.t0
	}
	// What introduces the range, and the first end's own qualifier.
	intro := ""
	introT := -1
	ka := qNone
	keep := qNone // an "about" in front of the whole range keeps its ends
	switch {
	case k == qRangeFrom:
		intro, introT = p.span(c0, a.t0), c0
		if !equalASCII(intro, "between") {
			introT = a.t0 // "range from A to B": the verb is not part of the figure
		}
	case k != qNone:
		w := low(toks, c0-1)
		if w == "between" || w == "from" {
			intro, introT = w, c0-1
			if w == "from" {
				introT = c0
			}
			ka = k
		} else if k.aboutLike() || k == qUpTo && isVerbCue(low(toks, c0+1)) || k == qExact {
			// "about 650-900", "could reach 18,000 to 20,000": the ends stay
			keep = k
			intro, introT = p.span(c0, a.t0), c0
		} else {
			ka = k
			introT = c0
		}
	}
	if hasSuffixFold(intro, "from") && changeVerbs[low(toks, c0-1)] {
		return fig{}, false // "rose from 300 to 500": two totals, not a range
	}
	between := introT >= 0 && hasSuffixFold(intro, "between")
	conn, ok := rangeConnector(toks, a.t1, cb0, between)
	if !ok {
		return fig{}, false
	}
	if conn == "or" && (a.vague || b.vague || a.word != b.word || b.val > 1000 || k != qNone) {
		return fig{}, false
	}
	av := a.val
	if !a.vague && !b.vague && a.scale == 0 && b.scale > 0 && a.val < b.base {
		av = a.val * b.scale // "20 to 30 thousand"
	}
	lowA, highB := av, b.val
	if a.vague {
		lowA = float64(a.vlo)
	}
	if b.vague {
		highB = float64(b.vhi)
	}
	if !(lowA < highB) {
		return fig{}, false
	}
	// Each end gets its own rule (guide §4).
	var lo, hi bounds
	if a.vague {
		lo = vagueBounds(ka, a.vlo, a.vhi)
	} else {
		lo = pointBounds(ka, roundInt(av))
	}
	if b.vague {
		hi = vagueBounds(kb, b.vlo, b.vhi)
	} else {
		hi = pointBounds(kb, roundInt(b.val))
	}
	f := fig{a: i, b: i + 1, t0: a.t0, t1: b.t1, kind: qNone, qual: reckon.Range}
	if introT >= 0 {
		f.t0 = introT
	}
	if keep != qNone || intro != "" {
		f.cue = intro
	}
	if ke, e := cueAfter(toks, b.t1); ke == qAtLeast && kb == qNone {
		f.t1 = e
		hi = bounds{}
		f.addWhy(note{"cue after the range: '", p.span(b.t1, e), "' opens its top"})
	}
	f.bnd = bounds{lo: lo.lo, hasLo: lo.hasLo, hi: hi.hi, hasHi: hi.hasHi}
	if !a.vague {
		f.addStated(av)
	}
	if !b.vague {
		f.addStated(b.val)
	}
	f.value = (av + b.val) / 2
	f.addWhy(note{"range: '", p.span(a.t0, a.t1), connWhy(conn), p.span(b.t0, b.t1), "'"})
	if ka != qNone {
		f.addWhy(note{"low end qualified: '", p.span(c0, a.t0), "'"})
	}
	if kb != qNone {
		f.addWhy(note{"high end qualified: '", p.span(cb0, b.t0), "'"})
	}
	if keep != qNone {
		f.addWhy(note{"'", intro, "' before a range keeps its ends"})
	}
	return f, true
}

// hasSuffixFold reports whether s ends with suffix, ignoring ASCII case.
func hasSuffixFold(s, suffix string) bool {
	return len(s) >= len(suffix) && equalASCII(s[len(s)-len(suffix):], suffix)
}

// connWhy returns the connector of a range quoted between its ends, for
// explanations.
func connWhy(conn string) string {
	switch conn {
	case "to":
		return "' to '"
	case "-":
		return "' - '"
	case "–":
		return "' – '"
	case "—":
		return "' — '"
	case "through":
		return "' through '"
	case "till":
		return "' till '"
	case "until":
		return "' until '"
	case "and":
		return "' and '"
	case "or":
		return "' or '"
	}
	return "' " + conn + " '"
}

// changeVerbs before "from A to B" make it a change between two figures.
var changeVerbs = set("rose", "risen", "rises", "rising", "increased", "increases", "climbed", "climbs",
	"jumped", "grew", "grown", "fell", "fallen", "dropped", "declined", "decreased", "revised", "raised",
	"lowered", "up", "down", "went", "soared", "surged", "doubled")

// distribute carries a qualifier over a list of counts with one predicate:
// "at least 400 houses, 12 schools and three bridges were damaged".
func (p *parser) distribute() {
	for i := 1; i < len(p.figs); i++ {
		f, g := &p.figs[i], &p.figs[i-1]
		if f.kind != qNone || f.b >= 0 || f.relative || p.atoms[f.a].approx {
			continue
		}
		if g.kind == qNone || g.kind == qExact || g.b >= 0 || g.kind == qRangeFrom {
			continue
		}
		coord := f.shared
		if !coord {
			end := g.np1
			if end <= g.t1 {
				end = g.t1
			}
			switch p.span(end, f.t0) {
			case ",", "and", ", and", "or", "as well as", "&":
				coord = true
			}
		}
		if !coord {
			continue
		}
		if predicateWords[g.mword] != "" && g.mpos < f.t0 {
			continue // "at least 8 dead and 90 injured": two predicates
		}
		root := strings.TrimSuffix(g.cue, " (distributive)")
		f.kind = g.kind
		f.cue = root + " (distributive)"
		p.setBounds(f)
		f.addWhy(note{"distributive: '", root, "' covers this item of the same list"})
	}
}

// relatives reads "twice as many", "three times as many" against the
// figure before them.
func (p *parser) relatives() {
	toks := p.toks
	added := false
	nOrig, ri := len(p.figs), -1
	for k := 0; k+2 < len(toks); k++ {
		if p.figAt[k] >= 0 {
			continue
		}
		var factor float64
		t0 := k
		switch toks[k].low {
		case "twice", "double":
			factor = 2
		case "triple", "treble", "thrice":
			factor = 3
		case "half":
			factor = 0.5
		default:
			if low(toks, k+1) == "times" && low(toks, k+2) == "as" && (toks[k].kind == tNum || toks[k].cls&clsNumberish != 0) {
				{
					for _, a := range p.atoms {
						if a.t0 == k && a.kind == "" {
							factor = a.val
							k = a.t1 - 1
						}
					}
				}
			}
			if factor == 0 {
				continue
			}
		}
		j := k + 1
		if low(toks, j) == "times" {
			j++
		}
		if low(toks, j) != "as" || (low(toks, j+1) != "many" && low(toks, j+1) != "much") {
			continue
		}
		end := j + 2
		// The reference: the figure before, in this sentence or the last.
		for ri+1 < nOrig && p.figs[ri+1].t1 <= t0 {
			ri++
		}
		var ref *fig
		if ri >= 0 && p.figs[ri].t1 <= t0 {
			ref = &p.figs[ri]
		}
		if ref == nil {
			ref = p.ref
		}
		if ref == nil || ref.qual == "" {
			continue
		}
		kc, c0 := cueBefore(toks, t0)
		f := fig{a: -1, b: -1, t0: t0, t1: end, relative: true}
		if kc != qNone && kc != qRangeFrom {
			f.t0 = c0
			f.cue = p.span(c0, t0)
		}
		q := kc
		switch {
		case q != qNone && q != qRangeFrom:
		case hedged(low(toks, t0-1)):
			q = qAbout // "perhaps twice as many": an approximation
		default:
			q = ref.kind
		}
		switch {
		case ref.qual == reckon.Range || ref.qual == reckon.Vague:
			f.bnd = ref.bnd
			if f.bnd.hasLo {
				f.bnd.lo = roundInt(float64(f.bnd.lo) * factor)
			}
			if f.bnd.hasHi {
				f.bnd.hi = roundInt(float64(f.bnd.hi) * factor)
			}
			f.qual = ref.qual
			f.kind = qNone
		default:
			n := roundInt(ref.value * factor)
			f.value = float64(n)
			f.kind = q
			f.bnd = pointBounds(q, n)
			f.qual = q.qualifier()
		}
		prev := ""
		if ref == p.ref {
			prev = " (previous sentence)"
		}
		f.addWhy(note{"relative: ", formatNum(factor), " × '", p.refText(ref), "'", prev})
		f.addWhy(note{"qualifier of the wording: ", string(f.qual)})
		p.figs = append(p.figs, f)
		added = true
		k = end - 1
	}
	if !added {
		return
	}
	// Keep text order and index the new figures.
	figs := p.figs
	sort.SliceStable(figs, func(i, j int) bool { return figs[i].t0 < figs[j].t0 })
	for i := range p.figAt {
		p.figAt[i] = -1
	}
	for i, f := range figs {
		for k := f.t0; k < f.t1; k++ {
			p.figAt[k] = i
		}
	}
	for i := range figs {
		if figs[i].relative && figs[i].measure == "" {
			p.readMeasure(i)
		}
	}
}

// hedged reports whether w makes the figure after it an approximation.
func hedged(w string) bool {
	switch w {
	case "perhaps", "maybe", "possibly", "probably", "likely", "roughly", "approximately":
		return true
	}
	return false
}

// estimateBounds reads a point estimate with explicit bounds: "518k (with
// a lower estimate of 311k and an upper estimate of 808k)" is about with
// [311000, 808000]; the bounds stay claims of their own.
func (p *parser) estimateBounds() {
	figs := p.figs
	for i := 0; i+2 < len(figs); i++ {
		f, l, u := &figs[i], &figs[i+1], &figs[i+2]
		if l.kind == qUpperEst && u.kind == qLowerEst {
			l, u = u, l
		}
		if l.kind != qLowerEst || u.kind != qUpperEst || f.b >= 0 || f.relative || p.atoms[f.a].vague {
			continue
		}
		if !(l.bnd.lo <= roundInt(f.value) && roundInt(f.value) <= u.bnd.hi) || u.t0-f.t1 > 16 {
			continue
		}
		p.setPointEstimate(f, l.bnd.lo, u.bnd.hi, "lower and upper estimates given")
	}
	// "518k (95% CI 311k–808k)"
	for i := 0; i+1 < len(figs); i++ {
		f, g := &figs[i], &figs[i+1]
		if f.b >= 0 || f.relative || g.b < 0 || low(p.toks, f.t1) != "(" || g.t0-f.t1 > 8 || f.a < 0 || p.atoms[f.a].vague {
			continue
		}
		marked := false
		for k := f.t1; k < g.t0; k++ {
			switch p.toks[k].low {
			case "ci", "interval", "range", "confidence", "uncertainty", "ui", "cri", "estimate", "estimates":
				marked = true
			}
		}
		v := roundInt(f.value)
		if marked && g.bnd.hasLo && g.bnd.hasHi && g.bnd.lo <= v && v <= g.bnd.hi {
			p.setPointEstimate(f, g.bnd.lo, g.bnd.hi, "interval in brackets")
		}
	}
}

func (p *parser) setPointEstimate(f *fig, lo, hi int64, why string) {
	f.kind = qPointEst
	f.qual = reckon.About
	f.bnd = closed(lo, hi)
	if f.cue == "" {
		f.cue = "estimate"
		for k := f.t0 - 1; k >= 0 && k >= f.t0-14; k-- {
			if w := p.toks[k].low; w == "estimate" || w == "estimated" {
				f.cue = w
				if k > 0 && p.toks[k-1].kind == tWord && !functionWords[p.toks[k-1].low] {
					f.cue = p.span(k-1, k+1)
				}
				break
			}
		}
	}
	f.addWhy(note{"point estimate: ", why, " give its interval"})
}

// emit records the claims of the sentence's figures.
func (p *parser) emit() {
	sent := p.text[p.s:p.e]
	for i := range p.figs {
		f := &p.figs[i]
		if f.t0 >= f.t1 {
			continue
		}
		start, end := p.toks[f.t0].s, p.toks[f.t1-1].e
		p.pend = append(p.pend, reckon.Claim{
			Measure:          f.measure,
			Subject:          f.subject,
			Qualifier:        f.qual,
			Cue:              f.cue,
			Span:             p.text[start:end],
			Start:            start,
			End:              end,
			Sentence:         sent,
			Attribution:      f.attrib,
			Cites:            f.cites,
			Date:             f.date,
			Projected:        f.projected,
			Scope:            f.scope,
			ExtractorVersion: Version,
		})
		s0 := len(p.statedBuf)
		p.statedBuf = append(p.statedBuf, f.stated[:f.nstated]...)
		p.pendX = append(p.pendX, pendingExtra{bnd: f.bnd, s0: s0, s1: len(p.statedBuf)})
		f.text = p.text[start:end]
		w := &p.why
		w.begin()
		switch {
		case f.relative:
		case f.b >= 0:
			w.add("numbers: ", p.span(p.atoms[f.a].t0, p.atoms[f.a].t1), ", ", p.span(p.atoms[f.b].t0, p.atoms[f.b].t1))
		case p.atoms[f.a].vague:
			a := p.atoms[f.a]
			w.open("vague: '", p.span(a.t0, a.t1), "' -> ", a.vkey)
			for k := a.vks; k < a.t1; k++ {
				w.open(" ", p.toks[k].low)
			}
			w.open(" [")
			w.num(a.vlo)
			w.open(", ")
			w.num(a.vhi)
			w.add("]")
		default:
			a := p.atoms[f.a]
			w.open("number: ", p.span(a.t0, a.t1), " = ")
			w.float(a.val)
			w.add()
		}
		if f.cue != "" && !strings.HasSuffix(f.cue, "(distributive)") {
			w.add("cue: ", f.cue, " -> ", string(f.qual))
		}
		for _, n := range f.why[:f.nwhy] {
			w.addNote(n)
		}
		w.addNote(f.mwhy, "measure: ", string(f.measure), " <- ")
		if f.subject != "" {
			w.add("subject: '", f.subject, "'")
		}
		if f.awhy[0] != "" {
			w.addNote(f.awhy, "attribution: ")
		}
		if f.cites != "" {
			w.add("cites: '", f.cites, "'")
		}
		if f.dwhy[0] != "" {
			w.addNote(f.dwhy, "date: ")
		}
		if f.projected {
			w.addNote(f.pwhy, "projected: ")
		}
		if sc := f.scope; !sc.IsZero() {
			w.open("scope:")
			if sc.Place != "" {
				w.open(" place '", sc.Place, "'")
			}
			if sc.Period != "" {
				w.open(" period '", sc.Period, "'")
			}
			if sc.Extent != "" {
				w.open(" ", string(sc.Extent))
			}
			if sc.Part != "" {
				w.open(" part '", sc.Part, "'")
			}
			w.add()
		}
		w.end(len(p.pend) - 1)
	}
	// Remember the last figure for "twice as many" in the next sentence.
	last := p.figs[len(p.figs)-1]
	last.shared, last.nstated, last.nwhy = false, 0, 0
	last.t0, last.t1 = 0, 0 // its tokens belong to this sentence
	p.refBuf = last
	p.ref = &p.refBuf
}

// refText returns the span of a reference figure.
func (p *parser) refText(f *fig) string {
	if f.text != "" {
		return f.text
	}
	return p.span(f.t0, f.t1)
}

// whyBuilder builds the Why lines of all claims of one Extract call in
// one buffer, turned into strings once at the end, so that explanations
// cost no allocation per claim.
type whyBuilder struct {
	buf   []byte
	ends  []int    // end of each line in buf
	first int      // first line of the claim being built
	spans [][3]int // claim index, first line, end line
}

func (w *whyBuilder) reset() {
	w.buf, w.ends, w.spans = w.buf[:0], w.ends[:0], w.spans[:0]
}

func (w *whyBuilder) begin() { w.first = len(w.ends) }

// open writes parts of a line.
func (w *whyBuilder) open(parts ...string) {
	for _, s := range parts {
		w.buf = append(w.buf, s...)
	}
}

// num writes an integer into a line.
func (w *whyBuilder) num(v int64) { w.buf = strconv.AppendInt(w.buf, v, 10) }

// float writes a number into a line as formatNum does.
func (w *whyBuilder) float(v float64) {
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		w.buf = strconv.AppendInt(w.buf, int64(v), 10)
		return
	}
	w.buf = strconv.AppendFloat(w.buf, v, 'f', -1, 64)
}

// add writes the last parts of a line and ends it.
func (w *whyBuilder) add(parts ...string) {
	w.open(parts...)
	w.ends = append(w.ends, len(w.buf))
}

// note is a Why line kept in parts until it is written.
type note [6]string

func (w *whyBuilder) addNote(n note, head ...string) {
	w.open(head...)
	for _, s := range n {
		w.buf = append(w.buf, s...)
	}
	w.ends = append(w.ends, len(w.buf))
}

// end records that the lines since begin belong to claim ci.
func (w *whyBuilder) end(ci int) { w.spans = append(w.spans, [3]int{ci, w.first, len(w.ends)}) }

// finish sets the Why of every claim, from one string and one block of
// lines.
func (w *whyBuilder) finish(out []reckon.Claim) {
	if len(w.spans) == 0 {
		return
	}
	all := string(w.buf)
	lines := make([]string, len(w.ends))
	start := 0
	for i, e := range w.ends {
		lines[i] = all[start:e]
		start = e
	}
	for _, s := range w.spans {
		out[s[0]].Why = lines[s[1]:s[2]:s[2]]
	}
}
