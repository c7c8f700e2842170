package extract

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

type tokKind uint8

const (
	tWord  tokKind = iota + 1 // a run of letters
	tNum                      // digits, with thousands separators and a decimal part
	tPunct                    // any other rune; an invalid byte is a punctuation token of one byte
)

// token is one word, number or punctuation mark of a sentence. Offsets
// are byte offsets into the whole text.
type token struct {
	s, e int
	kind tokKind
	low  string // the token with ASCII letters lower-cased
	cap  bool   // a word starting with an upper-case letter
	sp   bool   // white space, or the start of the sentence, before the token
	nl   bool   // a line break before the token
	cls  uint32 // word classes (cls* bits), from one lexicon lookup

	// Number tokens only.
	val   float64
	ndig  int  // digits in the integer part
	grp   bool // has thousands separators
	dec   bool // has a decimal part
	odd   bool // a second dot: a date or a code such as 10.07.2023
	lead0 bool // starts with 0 and has more digits: a time or a code
}

// Word classes looked up once per word token, so that the rules test a
// bit where they would look a word up in a lexicon.
const (
	clsNumberish   = 1 << iota // can make a figure (numberishWords), or "a", "an", "many", "quite"
	clsReport                  // a report verb that names a source
	clsContinue                // "saying", "adding": carries the last source on
	clsFunction                // functionWords
	clsProjection              // projectionWords
	clsNPStop                  // npStopVerbs
	clsPerson                  // personNouns
	clsMilitary                // militaryNouns
	clsThing                   // thingNouns
	clsCasualty                // casualtyNouns
	clsPredicate               // predicateWords
	clsAux                     // auxWords
	clsClause                  // clauseWords
	clsWeekday                 // weekdayWords
	clsCueLast                 // the last word of a qualifier cue (cuesByLast)
	clsLeftCue                 // leftCues
	clsCurrency                // currencyWords
	clsPercent                 // percentWords
	clsTimeAfter               // timeAfter
	clsAgeBefore               // ageBefore
	clsDurationAdj             // durationAdjectives
	clsTimeUnit                // timeUnits
	clsRateWord                // rateWords
	clsRateDet                 // rateDeterminer
	clsMeasureUnit             // measureUnits
	clsFraction                // fractionWords
	clsUnitName                // unitNameBefore

	clsCounted = clsPerson | clsMilitary | clsThing
)

// wordClasses returns the table of each lexicon word's classes and the
// length of the longest word, built on first use rather than at start-up,
// which every reckon command would pay for.
var wordClasses = sync.OnceValues(func() (*classTable, int) {
	m := map[string]uint32{"a": clsNumberish, "an": clsNumberish, "many": clsNumberish, "quite": clsNumberish}
	add := func(c uint32, words map[string]bool) {
		for w := range words {
			m[w] |= c
		}
	}
	add(clsNumberish, numberishWords)
	add(clsReport, reportVerbs)
	add(clsContinue, continuationVerbs)
	add(clsFunction, functionWords)
	add(clsProjection, projectionWords)
	add(clsNPStop, npStopVerbs)
	add(clsPerson, personNouns)
	add(clsMilitary, militaryNouns)
	add(clsThing, thingNouns)
	add(clsAux, auxWords)
	add(clsClause, clauseWords)
	add(clsWeekday, weekdayWords)
	add(clsCurrency, currencyWords)
	add(clsPercent, percentWords)
	add(clsTimeAfter, timeAfter)
	add(clsAgeBefore, ageBefore)
	add(clsDurationAdj, durationAdjectives)
	add(clsTimeUnit, timeUnits)
	add(clsRateWord, rateWords)
	add(clsRateDet, rateDeterminer)
	add(clsMeasureUnit, measureUnits)
	add(clsFraction, fractionWords)
	add(clsUnitName, unitNameBefore)
	for w := range casualtyNouns {
		m[w] |= clsCasualty
	}
	for w := range predicateWords {
		m[w] |= clsPredicate
	}
	for w := range leftCues {
		m[w] |= clsLeftCue
	}
	for w := range cuesByLast {
		m[w] |= clsCueLast
	}
	n := 0
	for w := range m {
		n = max(n, len(w))
	}
	return newClassTable(m), n
})

// classTable is a read-only hash table from words to classes, open
// addressing with linear probing at a quarter full: for the short keys of
// the lexicons it answers faster than a map.
type classTable struct {
	keys []string
	vals []uint32
	mask uint32
}

func newClassTable(m map[string]uint32) *classTable {
	size := 1
	for size < 4*len(m) {
		size *= 2
	}
	t := &classTable{keys: make([]string, size), vals: make([]uint32, size), mask: uint32(size - 1)}
	for w, c := range m {
		i := wordHash(w) & t.mask
		for t.keys[i] != "" {
			i = (i + 1) & t.mask
		}
		t.keys[i], t.vals[i] = w, c
	}
	return t
}

// get returns the classes of w, 0 for a word in no lexicon.
func (t *classTable) get(w string) uint32 {
	for i := wordHash(w) & t.mask; ; i = (i + 1) & t.mask {
		switch t.keys[i] {
		case w:
			return t.vals[i]
		case "":
			return 0
		}
	}
}

// wordHash is FNV-1a.
func wordHash(w string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(w); i++ {
		h ^= uint32(w[i])
		h *= 16777619
	}
	return h
}

// isAt reports whether toks[i] has one of the classes c.
func isAt(toks []token, i int, c uint32) bool { return clsAt(toks, i)&c != 0 }

// clsAt returns the classes of toks[i], or 0 outside toks.
func clsAt(toks []token, i int) uint32 {
	if i < 0 || i >= len(toks) {
		return 0
	}
	return toks[i].cls
}

func isDigit(b byte) bool { return '0' <= b && b <= '9' }

func isASCIILetter(b byte) bool { return 'a' <= b|0x20 && b|0x20 <= 'z' }

// spaceAt reports the width of a white-space rune at text[i], or 0.
// Invalid UTF-8 is not space.
func spaceAt(text string, i int) int {
	b := text[i]
	if b < utf8.RuneSelf {
		switch b {
		case ' ', '\t', '\n', '\r', '\v', '\f':
			return 1
		}
		return 0
	}
	r, n := utf8.DecodeRuneInString(text[i:])
	if r == utf8.RuneError && n == 1 {
		return 0
	}
	if unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff' {
		return n
	}
	return 0
}

// groupSpaceAt reports the width of a space that may separate digit
// groups ("10 000", with a normal, no-break, thin or narrow no-break
// space) at text[i], or 0.
func groupSpaceAt(text string, i int) int {
	switch {
	case text[i] == ' ':
		return 1
	case len(text)-i >= 2 && text[i] == 0xc2 && text[i+1] == 0xa0: // U+00A0
		return 2
	case len(text)-i >= 3 && text[i] == 0xe2 && text[i+1] == 0x80 && (text[i+2] == 0xaf || text[i+2] == 0x89): // U+202F, U+2009
		return 3
	}
	return 0
}

// threeDigits reports whether text[i:] starts with exactly three digits.
func threeDigits(text string, i, end int) bool {
	return i+3 <= end && isDigit(text[i]) && isDigit(text[i+1]) && isDigit(text[i+2]) &&
		(i+3 == end || !isDigit(text[i+3]))
}

// tokenize appends the tokens of text[s:e] to toks. low is text[s:e] with
// ASCII letters lower-cased (same length).
func tokenize(toks []token, text string, s, e int, low string) []token {
	classes, maxClassWord := wordClasses()
	sp, nl := true, false
	i := s
	for i < e {
		if w := spaceAt(text, i); w > 0 {
			sp = true
			if text[i] == '\n' {
				nl = true
			}
			i += w
			continue
		}
		b := text[i]
		t := token{s: i, sp: sp, nl: nl}
		sp, nl = false, false
		switch {
		case isDigit(b):
			i = scanNumber(&t, text, i, e)
		case isASCIILetter(b):
			t.kind = tWord
			t.cap = b <= 'Z'
			i = scanWord(text, i, e)
		case b < utf8.RuneSelf:
			t.kind = tPunct
			i++
		default:
			r, n := utf8.DecodeRuneInString(text[i:e])
			if r != utf8.RuneError && unicode.IsLetter(r) {
				t.kind = tWord
				t.cap = unicode.IsUpper(r)
				i = scanWord(text, i, e)
			} else {
				t.kind = tPunct
				i += n
			}
		}
		t.e = i
		t.low = low[t.s-s : t.e-s]
		if t.kind == tWord && len(t.low) <= maxClassWord {
			t.cls = classes.get(t.low)
		}
		toks = append(toks, t)
	}
	return toks
}

// scanWord returns the end of the run of letters starting at i.
func scanWord(text string, i, e int) int {
	for i < e {
		b := text[i]
		if b < utf8.RuneSelf {
			if !isASCIILetter(b) {
				return i
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(text[i:e])
		if r == utf8.RuneError || !(unicode.IsLetter(r) || unicode.Is(unicode.Mn, r)) {
			return i
		}
		i += n
	}
	return i
}

// scanNumber reads the number starting at text[i] into t and returns its
// end. It accepts "10,000", "10 000" (three-digit groups after a space of
// any width), "1.2", "1,234.5"; a number directly followed by letters
// keeps them as a separate token.
func scanNumber(t *token, text string, i, e int) int {
	t.kind = tNum
	start := i
	var v float64
	n := 0
	for i < e && isDigit(text[i]) {
		v = v*10 + float64(text[i]-'0')
		i++
		n++
	}
	t.lead0 = text[start] == '0' && n > 1
	if n <= 3 {
		spaceGroups := false
		for i < e {
			if text[i] == ',' && !spaceGroups && threeDigits(text, i+1, e) {
				v = v*1000 + float64(text[i+1]-'0')*100 + float64(text[i+2]-'0')*10 + float64(text[i+3]-'0')
				i += 4
				n += 3
				t.grp = true
				continue
			}
			if w := groupSpaceAt(text, i); w > 0 && (!t.grp || spaceGroups) && threeDigits(text, i+w, e) {
				j := i + w
				v = v*1000 + float64(text[j]-'0')*100 + float64(text[j+1]-'0')*10 + float64(text[j+2]-'0')
				i = j + 3
				n += 3
				t.grp = true
				spaceGroups = true
				continue
			}
			break
		}
	}
	if n <= 3 && !t.grp && decimalComma(text, i, e) {
		// "1,2 million": a decimal comma before a scale word.
		i++
		f := 0.1
		for i < e && isDigit(text[i]) {
			v += f * float64(text[i]-'0')
			f /= 10
			i++
		}
		t.dec = true
	}
	if i+1 < e && text[i] == '.' && isDigit(text[i+1]) {
		t.dec = true
		f := 0.1
		i++
		for i < e && isDigit(text[i]) {
			v += f * float64(text[i]-'0')
			f /= 10
			i++
		}
		for i+1 < e && (text[i] == '.' || text[i] == '/') && isDigit(text[i+1]) {
			t.odd = true
			i++
			for i < e && isDigit(text[i]) {
				i++
			}
		}
	}
	t.val = v
	t.ndig = n
	return i
}

// lowerASCII returns s with ASCII letters lower-cased; s itself when it
// has none upper-case.
func lowerASCII(s string) string {
	i := 0
	for i < len(s) && !('A' <= s[i] && s[i] <= 'Z') {
		i++
	}
	if i == len(s) {
		return s
	}
	// One allocation: the copy is lower-cased through a small buffer.
	var sb strings.Builder
	sb.Grow(len(s))
	sb.WriteString(s[:i])
	var buf [1024]byte
	for i < len(s) {
		n := copy(buf[:], s[i:])
		for k, c := range buf[:n] {
			buf[k] = lowerTable[c]
		}
		sb.Write(buf[:n])
		i += n
	}
	return sb.String()
}

// lowerTable maps each byte to itself with ASCII letters lower-cased.
var lowerTable = func() (t [256]byte) {
	for i := range t {
		t[i] = byte(i)
		if 'A' <= i && i <= 'Z' {
			t[i] += 'a' - 'A'
		}
	}
	return t
}()

// equalASCII reports whether lowerASCII(s) == low, for a lower-case low,
// without making the lower-case copy.
func equalASCII(s, low string) bool {
	if len(s) != len(low) {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != low[i] {
			return false
		}
	}
	return true
}

// decimalComma reports whether text[i:] is a decimal comma with one or
// two digits followed by a scale word: ",2 million".
func decimalComma(text string, i, e int) bool {
	if i+2 >= e || text[i] != ',' || !isDigit(text[i+1]) {
		return false
	}
	j := i + 2
	if j < e && isDigit(text[j]) {
		j++
	}
	if j >= e || text[j] != ' ' {
		return false
	}
	rest := text[j+1 : min(e, j+10)]
	for _, w := range []string{"million", "billion", "thousand", "mln", "bn"} {
		if len(rest) >= len(w) && equalASCII(rest[:len(w)], w) {
			return true
		}
	}
	return false
}
