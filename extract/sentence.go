package extract

import "unicode/utf8"

// abbreviations end with a period that does not end a sentence.
var abbreviations = set("mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "sgt", "cpl",
	"pvt", "adm", "cmdr", "cdr", "gov", "sen", "rep", "rev", "hon", "st", "mt", "jr", "sr", "no", "nos",
	"vs", "v", "approx", "est", "dept", "univ", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
	"sept", "oct", "nov", "dec", "fig", "vol", "pp", "ca", "cf", "al", "brig", "lieut", "supt", "insp",
	"det", "pres", "sec", "messrs", "mme", "mlle", "op", "nr", "tel", "ext", "corp", "inc", "ltd", "co",
	"govt", "intl", "assn", "bros", "e", "i", "eg", "ie", "viz", "u", "s", "n", "art", "sgt", "spc",
	"pfc", "fr", "sr", "sra", "srta", "dir", "min", "amb", "atty", "supt", "rt", "ret", "maj-gen")

// nextSentence returns the bounds [s, e) of the sentence that starts at or
// after i, and where to look for the next one. A sentence ends at ".", "!"
// or "?" followed by space and a word that does not start in lower case
// (not after an abbreviation or an initial), at a blank line, and at a
// line break that starts a table row or a list item.
func nextSentence(text string, i int) (s, e, next int) {
	n := len(text)
	for i < n {
		w := spaceAt(text, i)
		if w == 0 {
			break
		}
		i += w
	}
	s = i
	if n-s > maxSentence {
		// Look for an end only within the cap; cut there if none.
		n = s + maxSentence
		if ss, e, next := nextSentence(text[:n], s); next < n {
			return ss, e, next
		}
		c := cutSentence(text, s, n)
		return s, trimEnd(text, s, c), c
	}
	for j := i; j < n; j++ {
		switch text[j] {
		case '\n':
			if lineBreakEnds(text, s, j) {
				return s, trimEnd(text, s, j), j + 1
			}
		case '.', '!', '?':
			end, ok := sentenceEnd(text, s, j)
			if ok {
				return s, end, end
			}
			for j+1 < n && (text[j+1] == '.' || text[j+1] == '!' || text[j+1] == '?') {
				j++ // one look at a run such as "..." or "?!"
			}
		}
	}
	return s, trimEnd(text, s, n), n
}

// maxSentence caps the bytes of one sentence; longer runs of text with no
// sentence end (lists, tables, garbage) are cut at a clause or word
// boundary so that work and memory stay linear.
const maxSentence = 8 << 10

// cutSentence returns where to cut text[s:n]: after the last semicolon,
// comma or space in its second half, else at a rune boundary.
func cutSentence(text string, s, n int) int {
	for _, sep := range []byte{'\n', ';', ',', ' '} {
		for i := n - 1; i > s+(n-s)/2; i-- {
			if text[i] == sep {
				return i + 1
			}
		}
	}
	for i := n; i > s+1; i-- {
		if utf8.RuneStart(text[i]) {
			return i
		}
	}
	return n
}

func trimEnd(text string, s, e int) int {
	for e > s {
		switch text[e-1] {
		case ' ', '\t', '\n', '\r':
			e--
			continue
		}
		break
	}
	return e
}

// lineBreakEnds reports whether the line break at text[j] ends a sentence:
// a blank line follows, the line ends a table row or with a colon, or the
// next line starts a table row or a list item. Other line breaks are
// wrapped text.
func lineBreakEnds(text string, s, j int) bool {
	p := j - 1
	for p >= s && (text[p] == ' ' || text[p] == '\t' || text[p] == '\r') {
		p--
	}
	if p < s {
		return false
	}
	q := j + 1
	for q < len(text) && (text[q] == ' ' || text[q] == '\t' || text[q] == '\r') {
		q++
	}
	if q >= len(text) || text[q] == '\n' {
		return true
	}
	switch text[p] {
	case '|', ':', ';':
		return true
	}
	switch text[q] {
	case '|', '*', '#', '>':
		return true
	case '-':
		return q+1 < len(text) && text[q+1] == ' '
	}
	if text[q] == 0xe2 && q+2 < len(text) && text[q+1] == 0x80 && text[q+2] == 0xa2 { // •
		return true
	}
	return false
}

// sentenceEnd reports whether the terminator at text[j] ends a sentence,
// and where the sentence ends (after closing quotes and brackets).
func sentenceEnd(text string, s, j int) (int, bool) {
	n := len(text)
	k := j + 1
	for k < n && (text[k] == '.' || text[k] == '!' || text[k] == '?') {
		k++
	}
	for k < n {
		switch {
		case text[k] == '"' || text[k] == '\'' || text[k] == ')' || text[k] == ']':
			k++
			continue
		case k+2 < n && text[k] == 0xe2 && text[k+1] == 0x80 && (text[k+2] == 0x9d || text[k+2] == 0x99): // ” ’
			k += 3
			continue
		case k+1 < n && text[k] == 0xc2 && text[k+1] == 0xbb: // »
			k += 2
			continue
		}
		break
	}
	if k >= n {
		return n, true
	}
	if spaceAt(text, k) == 0 {
		return 0, false
	}
	m := k
	for m < n {
		w := spaceAt(text, m)
		if w == 0 {
			break
		}
		m += w
	}
	if m >= n {
		return k, true
	}
	c := text[m]
	if 'a' <= c && c <= 'z' {
		return 0, false
	}
	if text[j] == '.' && k == j+1 {
		// The word before the period.
		ws := j
		for ws > s && isASCIILetter(text[ws-1]) {
			ws--
		}
		w := text[ws:j]
		if len(w) == 1 && 'A' <= w[0] && w[0] <= 'Z' {
			return 0, false // an initial: "J. Smith", "U.S. troops"
		}
		if len(w) > 0 && len(w) <= 8 && abbreviations[lowerASCII(w)] {
			if len(w) == 1 && !(ws > s && text[ws-1] == '.') {
				return k, true // a sentence ending in a one-letter word
			}
			return 0, false
		}
	}
	return k, true
}

// numberishShape holds, by first and last letter, the lengths of the
// numberishWords: a cheap test that rules out most words before a lookup.
var numberishShape = func() (s [26][26]uint32) {
	for w := range numberishWords {
		if len(w) < 32 {
			s[w[0]-'a'][w[len(w)-1]-'a'] |= 1 << len(w)
		}
	}
	return s
}()

// hasFigureWords reports whether text[s:e] holds a digit or a word that
// can make a figure; sentences without one are skipped.
func hasFigureWords(text string, s, e int) bool {
	var buf [12]byte
	for i := s; i < e; {
		c := text[i]
		if isDigit(c) {
			return true
		}
		if !isASCIILetter(c) {
			i++
			continue
		}
		j := i
		for j < e && isASCIILetter(text[j]) {
			j++
		}
		if n := j - i; n >= 3 && n <= len(buf) && numberishShape[text[i]|0x20-'a'][text[j-1]|0x20-'a']&(1<<n) != 0 {
			for k := 0; k < n; k++ {
				buf[k] = text[i+k] | 0x20
			}
			if numberishWords[string(buf[:n])] {
				return true
			}
		}
		i = j
	}
	return false
}
