package extract

import (
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/reckonhq/reckon"
)

func init() { extractors[Korean] = extractKorean }

// extractKorean returns the figure claims of a Korean text, with the
// contract of [Extract]: byte offsets, Span == text[Start:End], text
// order, and Why naming the rules that fired. Each sentence is read in
// four passes: the figures (numeral, counter, range, cues), then for each
// its measure, its source and its date.
func extractKorean(text string) []reckon.Claim {
	r := koReaders.Get().(*koReader)
	r.text, r.lastMeas = text, ""
	for i := 0; i < len(text); {
		s, e, next := nextSentence(text, i)
		if next <= i {
			next = i + 1
		}
		if e > s {
			r.sentence(s, e)
		}
		i = next
	}
	var out []reckon.Claim
	if len(r.out) > 0 {
		out = make([]reckon.Claim, len(r.out))
		copy(out, r.out)
		r.why.finish(out, r.whyAt)
		koIntervals(out, r.bnds)
	}
	r.whyAt, r.bnds = r.whyAt[:0], r.bnds[:0]
	clear(r.out)
	r.out, r.text = r.out[:0], ""
	clear(r.figs)
	clear(r.srcs)
	if cap(r.out) > maxKeptClaims {
		r.out = nil
	}
	koReaders.Put(r)
	return out
}

// koReaders keeps readers and their buffers between calls, as [parsers]
// does for English: scratch space, not state, since every call starts
// from a reset reader and what it returns shares no memory with it.
var koReaders = sync.Pool{New: func() any { return new(koReader) }}

// koReader holds what one call of extractKorean has read so far.
type koReader struct {
	text     string
	out      []reckon.Claim
	lastMeas reckon.Measure // the measure of the last claim, for "이 중 …"
	s, e     int            // the current sentence
	figs     []koFig
	quoted   []int // where quotations start and end, in turn
	// Read once per sentence with figures, so that the work per figure
	// stays bounded whatever the number of figures.
	ws    []koWordSpan // the words
	verbs []int        // where verbs of saying start, in order
	dts   []koDate     // the dates
	all   []koHit      // the measure words
	from  []int        // where "X에 따르면" sources are, with srcs
	srcs  []string
	why   koWhy    // the notes of the claims made so far
	whyAt [][2]int // the notes of each claim: why.ends[a:b]
	hbuf  []koHit
	bnds  []bounds // the bounds of each claim
	// plainUpTo is how many words from the sentence's start are plain
	// nouns, adverbs or dates; -1 until known.
	plainUpTo int
}

// koScan bounds how far the rules look for a source, a date or a measure
// word around a figure: a long run of text without a clause end costs
// no more than this per figure.
const koScan = 64 // words

// koFig is one figure of a sentence.
type koFig struct {
	s, e      int // the span: cue, numeral, counter and cue after it
	ns, ne    int // the numeral (both ends of a range)
	a, b      koNum
	isRange   bool
	kind      koKind
	counter   string
	q         qkind
	cue       string
	cueBefore bool // the cue stands before the number (최소, 약)
	bq        qkind
	// What the rules saw, for Why.
	conn     string // the range connector
	implicit bool   // no counter: counted by the noun before
	pcue     string // the cue before the number
	scue     string // the cue after the counter
	yeoNote  bool   // 여 set the qualifier
	dist     string // the cue given by the figure before (distributive)
	cend     int    // where the figure's clause ends; 0 until known
}

func (r *koReader) span(s, e int) string { return r.text[s:e] }

// sentence finds the figures of text[s:e] and makes their claims.
func (r *koReader) sentence(s, e int) {
	r.s, r.e = s, e
	r.figs = r.figs[:0]
	t := r.text
	for i := s; i < e; {
		c := t[i]
		if c < utf8.RuneSelf && !isDigit(c) {
			i++
			continue
		}
		if c >= utf8.RuneSelf {
			rr, w := utf8.DecodeRuneInString(t[i:e])
			if !koStartsWith(rr, koStartNumeral) || hangulBefore(t, i) {
				i += w
				continue
			}
		}
		f, next, ok := r.figure(i)
		if next <= i {
			_, w := utf8.DecodeRuneInString(t[i:e])
			next = i + w
		}
		if ok {
			r.figs = append(r.figs, f)
		}
		i = next
	}
	if len(r.figs) == 0 {
		return
	}
	r.markQuotes()
	r.ws = r.words(s, e)
	r.scanWords()
	r.dts = r.dates(r.ws)
	r.from, r.srcs = r.accordingAll(r.ws)
	r.plainUpTo = -1
	for k := range r.figs {
		r.distribute(k)
		r.claim(k)
	}
}

// figure reads the figure whose numeral starts at text[i]; next is where
// to look for the next one.
func (r *koReader) figure(i int) (koFig, int, bool) {
	t, e := r.text, r.e
	a, ok := koNumeral(t, i, e)
	if !ok {
		return koFig{}, i, false
	}
	var f koFig
	f.a, f.ns, f.ne = a, a.s, a.e
	why := koSkipBefore(t, r.s, a)
	if why != "" && why != "magnitude" {
		return koFig{}, r.skipWord(a.e), false
	}
	// The word after the numeral: a counter, a unit, a range.
	p := a.e
	if a2, b, bq, q, conn, ok := r.rangeEnd(a, p); ok {
		f.a, f.b, f.bq, f.isRange, f.ne = a2, b, bq, true, b.e
		f.conn = conn
		p = q
	}
	last := f.a
	if f.isRange {
		last = f.b
	}
	p, f.kind, f.counter = r.follower(last, p)
	if strings.HasPrefix(f.counter, "여") {
		// 18만 여명: 여 written apart from its numeral.
		if f.isRange {
			f.b.yeo = true
		} else {
			f.a.yeo = true
		}
	}
	if why == "magnitude" && f.kind != kPerson && f.kind != kBody {
		return koFig{}, r.skipWord(p), false // 규모 7.7; but 사망자 규모 4700여 명 counts
	}
	switch f.kind {
	case kSkip:
		return koFig{}, r.skipWord(p), false
	case kNone:
		if !r.implicitCount(f) {
			return koFig{}, p, false
		}
		f.kind, f.implicit = kPerson, true
	}
	if a.native && f.kind != kPerson && f.kind != kBody {
		return koFig{}, p, false
	}
	if why := r.skipAfter(f, p); why != "" {
		return koFig{}, p, false
	}
	f.s, f.e = f.ns, p
	r.cues(&f, p)
	return f, f.e, true
}

// koSkipBefore returns why the numeral n, by the words before it, is not a
// figure: "제94려단" (a unit), "규모 7.7" (a magnitude), "하루 평균 1556명"
// (a rate), a phone number.
func koSkipBefore(t string, s int, n koNum) string {
	before := strings.TrimRight(t[s:n.s], " \u00a0")
	switch {
	case strings.HasSuffix(t[s:n.s], "제"):
		return "ordinal or unit (제N)"
	case n.digits && n.s > s && (t[n.s-1] == '-' || t[n.s-1] == '.' || isASCIILetter(t[n.s-1]) || t[n.s-1] == '+' || t[n.s-1] == '#'):
		return "part of a code or name"
	case n.digits && n.e+1 < len(t) && t[n.e] == '-' && isDigit(t[n.e+1]) && strings.Count(koDigitRun(t, n.s), "-") >= 2:
		return "phone number"
	}
	w1, rest := lastWord(before)
	w2, _ := lastWord(strings.TrimRight(rest, " "))
	for _, c := range koPrefixCues {
		if w1 == c.word {
			w1, w2 = w2, ""
			break
		}
	}
	if koRateWords[w1] || koRateWords[w2] && (w1 == "평균" || w1 == "거의" || w1 == "약") {
		return "rate"
	}
	if w1 == "규모" || w1 == "진도" || w1 == "리히터" {
		return "magnitude"
	}
	return ""
}

// koDigitRun returns the run of digits and hyphens at t[i].
func koDigitRun(t string, i int) string {
	j := i
	for j < len(t) && (isDigit(t[j]) || t[j] == '-') {
		j++
	}
	return t[i:j]
}

// lastWord splits s into its last word (after a space, tab, line break
// or no-break space) and what precedes it.
func lastWord(s string) (string, string) {
	for i := len(s) - 1; i >= 0; i-- {
		switch s[i] {
		case ' ', '\t', '\n':
			return s[i+1:], s[:i]
		case 0xa0:
			if i > 0 && s[i-1] == 0xc2 {
				return s[i+1:], s[:i-1]
			}
		}
	}
	return s, ""
}

// skipWord returns the end of the word holding text[i-1], so that the
// rest of a distractor ("2024년", "1,2차") is not read again.
func (r *koReader) skipWord(i int) int {
	for i < r.e && (isDigit(r.text[i]) || r.text[i] == ',' || r.text[i] == '.') {
		i++
	}
	return i
}

// rangeEnd reads the second end of a range after numeral a at text[p]:
// "1만~1만2000", "7,000~8,000", "4만 명에서 6만 명", "19,000에서 20,000".
// A change ("9명에서 10명으로 늘었다") and an addition ("18만8000명에서
// 3만1000명 추가") are not ranges.
func (r *koReader) rangeEnd(a koNum, p int) (a2, b koNum, bq qkind, q int, conn string, ok bool) {
	t, e := r.text, r.e
	if a.vague || a.native {
		return
	}
	q = p
	counted := false
	if f, fe, ok := koFollowerAt(t, q+spaceAt2(t, q, e), e); ok && f.kind == kPerson {
		q, counted = fe, true
	}
	sp := spaceAt2(t, q, e)
	switch rest := t[q:e]; {
	case !counted && strings.HasPrefix(strings.TrimLeft(rest, " "), "~"), !counted && strings.HasPrefix(strings.TrimLeft(rest, " "), "∼"),
		!counted && strings.HasPrefix(strings.TrimLeft(rest, " "), "〜"), !counted && strings.HasPrefix(rest, "–"),
		!counted && strings.HasPrefix(rest, "-") && a.digits:
		rest2 := strings.TrimLeft(rest, " ")
		_, w := utf8.DecodeRuneInString(rest2)
		conn = rest2[:w]
		q += len(rest) - len(rest2) + w
	case strings.HasPrefix(rest, "에서 "), strings.HasPrefix(rest, "서 "), strings.HasPrefix(rest, "부터 "):
		conn = strings.TrimSuffix(rest[:strings.IndexByte(rest, ' ')+1], " ")
		q += len(conn) + 1
	case sp > 0 && strings.HasPrefix(t[q+sp:e], "내지 "):
		conn = "내지"
		q += sp + len("내지 ")
	default:
		return
	}
	q += spaceAt2(t, q, e)
	for _, c := range koPrefixCues {
		if strings.HasPrefix(t[q:e], c.word+" ") {
			bq = c.q
			q += len(c.word) + 1
			break
		}
	}
	if q >= e || !isDigit(t[q]) && !(koSmallUnits[firstRune(t[q:e])] > 0 || koBigUnits[firstRune(t[q:e])] > 0) {
		return
	}
	b, ok = koNumeral(t, q, e)
	if !ok || b.vague || b.native {
		return koNum{}, koNum{}, 0, 0, "", false
	}
	if a.big == 0 && b.big > 0 && a.v < b.v && a.v*b.big <= b.v {
		a.v *= b.big // 20~30만: the multiplier applies to both ends
	}
	if a.v >= b.v {
		return koNum{}, koNum{}, 0, 0, "", false
	}
	if conn == "에서" || conn == "서" || conn == "부터" {
		after := t[b.e:e]
		if f, fe, ok := koFollowerAt(t, b.e+spaceAt2(t, b.e, e), e); ok && f.kind != kSkip {
			after = t[fe:e]
		} else if ok {
			return koNum{}, koNum{}, 0, 0, "", false
		}
		after = strings.TrimLeft(after, " ")
		for _, w := range []string{"으로 늘", "으로 증가", "로 늘", "로 증가", "으로 줄", "로 줄", "으로 감소", "로 감소", "으로 급증", "로 급증", "으로 불어", "로 불어", "으로 상향", "로 상향", "으로 하향", "추가", "증가", "늘어", "늘었"} {
			if strings.HasPrefix(after, w) {
				return koNum{}, koNum{}, 0, 0, "", false
			}
		}
	}
	return a, b, bq, b.e, conn, true
}

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}
