package extract

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Korean numerals (GUIDE.md §9): Arabic digits with commas, decimals and
// space-split groups, Sino-Korean multipliers mixed with digits (1만 2천,
// 1.2만, 100만340, 2천 9백), the "more than" suffix 여 (600여, 30여만),
// native numerals before a counter (한 명, 두 명, 스무 명) and the vague
// quantities 수십/수백/수천/수만 and their compounds.

// koNum is one Korean numeral: its byte span and its value.
type koNum struct {
	s, e    int     // text[s:e], 여 included
	v       float64 // the value; 0 for vague quantities
	digits  bool    // written with Arabic digits
	native  bool    // a native numeral (한, 두, 스무)
	wordy   bool    // made of number words only (천, 만, 백여)
	yeo     bool    // ends in 여: "more than" (600여 명, 30여만)
	big     float64 // the last of 만/억/조 applied, for "20~30만"
	vague   bool    // 수십, 수백, 여러
	vlo     int64   // the vague interval
	vhi     int64
	vkey    string // the vague word, as the guide's vague_key
	unitEnd bool   // ends in a multiplier, so that a digit group may follow a space
}

// koSmallUnits and koBigUnits are the Sino-Korean multipliers: 십 백 천
// multiply within a group of four digits, 만 억 조 close the group.
var koSmallUnits = map[rune]float64{'십': 10, '백': 100, '천': 1000}
var koBigUnits = map[rune]float64{'만': 1e4, '억': 1e8, '조': 1e12}

// koNative lists the native numerals read before a counter ("두 명",
// "스무 명"), longest first within a shared beginning.
var koNative = []struct {
	word string
	v    float64
}{
	{"열다섯", 15}, {"열한", 11}, {"열두", 12}, {"열세", 13}, {"열네", 14}, {"열", 10},
	{"한", 1}, {"두", 2}, {"세", 3}, {"석", 3}, {"네", 4}, {"넉", 4}, {"다섯", 5}, {"여섯", 6},
	{"일곱", 7}, {"여덟", 8}, {"아홉", 9}, {"스무", 20}, {"서른", 30}, {"마흔", 40}, {"쉰", 50},
}

// koVague lists the vague quantities and their intervals (GUIDE.md §9
// and §5): 수백 is "several hundred", 수천 "thousands", 수십만 "hundreds of
// thousands". Longest first.
var koVague = []struct {
	word   string
	lo, hi int64
}{
	{"수십만", 200000, 999999}, {"수백만", 2000000, 9999999}, {"수천만", 20000000, 99999999},
	{"수십 만", 200000, 999999}, {"수백 만", 2000000, 9999999},
	{"수십", 20, 99}, {"수백", 300, 900}, {"수천", 2000, 9999}, {"수만", 20000, 99999},
	{"여러", 3, 9}, {"수", 3, 9},
}

func isHangul(r rune) bool { return r >= 0xAC00 && r <= 0xD7A3 }

// hangulBefore reports whether the rune ending at text[i] is a Hangul
// syllable, so that a word does not start at i.
func hangulBefore(text string, i int) bool {
	if i == 0 {
		return false
	}
	r, _ := koLastRune(text[:i])
	return isHangul(r)
}

// runeAt decodes the rune at text[i] within text[:end], with a fast path
// for the three-byte sequences of Hangul.
func runeAt(text string, i, end int) (rune, int) {
	if i >= end {
		return 0, 0
	}
	c := text[i]
	if c < utf8.RuneSelf {
		return rune(c), 1
	}
	if c >= 0xE1 && c <= 0xEC && i+2 < end {
		b1, b2 := text[i+1], text[i+2]
		if b1&0xC0 == 0x80 && b2&0xC0 == 0x80 {
			return rune(c&0x0F)<<12 | rune(b1&0x3F)<<6 | rune(b2&0x3F), 3
		}
	}
	return utf8.DecodeRuneInString(text[i:end])
}

// koLastRune decodes the last rune of s, with a fast path for the
// three-byte sequences of Hangul.
func koLastRune(s string) (rune, int) {
	n := len(s)
	if n >= 3 {
		c, b1, b2 := s[n-3], s[n-2], s[n-1]
		if c >= 0xE1 && c <= 0xEC && b1&0xC0 == 0x80 && b2&0xC0 == 0x80 {
			return rune(c&0x0F)<<12 | rune(b1&0x3F)<<6 | rune(b2&0x3F), 3
		}
	}
	return utf8.DecodeLastRuneInString(s)
}

// koNumeral reads a numeral starting at text[i] (a digit, or a number word
// at the start of a word) within text[:end].
func koNumeral(text string, i, end int) (koNum, bool) {
	if isDigit(text[i]) {
		return koComposite(text, i, end)
	}
	if hangulBefore(text, i) {
		return koNum{}, false
	}
	rest := text[i:end]
	for _, v := range koVague {
		if !strings.HasPrefix(rest, v.word) {
			continue
		}
		p := i + len(v.word)
		n := koNum{s: i, e: p, vague: true, vlo: v.lo, vhi: v.hi, vkey: strings.ReplaceAll(v.word, " ", "")}
		if strings.HasPrefix(text[p:end], "여") && !strings.HasPrefix(text[p:end], "여단") {
			n.e, n.yeo = p+len("여"), true
		}
		if v.word == "수" || v.word == "여러" { // only "수 명", "여러 명"
			if sp := spaceAt2(text, n.e, end); sp == 0 || !koPersonAt(text, n.e+sp, end) {
				return koNum{}, false
			}
		} else if r, _ := runeAt(text, n.e, end); isHangul(r) && !koCounterAt(text, n.e, end) {
			return koNum{}, false // 수십억 (money), 수천만원: not a figure
		}
		return n, true
	}
	for _, w := range koNative {
		if !strings.HasPrefix(rest, w.word) {
			continue
		}
		p := i + len(w.word)
		sp := spaceAt2(text, p, end)
		if r, _ := runeAt(text, p, end); isHangul(r) && !(strings.HasPrefix(text[p:end], "명") && sp == 0) {
			continue // a longer word: 세계, 한국, 두고
		}
		return koNum{s: i, e: p, v: w.v, native: true}, true
	}
	if r, _ := runeAt(text, i, end); koSmallUnits[r] > 0 || koBigUnits[r] > 0 {
		n, ok := koComposite(text, i, end)
		if !ok {
			return n, false
		}
		// A word of multipliers only (천 명, 만여 명, 백여 명) must end
		// its word or meet its counter: 천명하다, 만큼, 백악관 are words.
		r, _ := runeAt(text, n.e, end)
		if isHangul(r) && !koCounterAt(text, n.e, end) {
			return koNum{}, false
		}
		n.wordy = true
		return n, true
	}
	return koNum{}, false
}

// spaceAt2 is the width of one space (or no-break space) at text[i], or 0.
func spaceAt2(text string, i, end int) int {
	if i >= end {
		return 0
	}
	if w := groupSpaceAt(text[:end], i); w > 0 {
		return w
	}
	return 0
}

// koComposite reads digits and multipliers: 1만 2천, 1.2만, 100만340, 3만 7
// 781, 30여만, 천여.
func koComposite(text string, i, end int) (koNum, bool) {
	n := koNum{s: i}
	var total, section, cur float64
	hasCur, any, afterYeo := false, false, false
	p := i
	for p < end {
		c := text[p]
		if isDigit(c) {
			if hasCur || afterYeo {
				break
			}
			v, q, ok := koDigits(text, p, end)
			if !ok {
				return n, false
			}
			cur, hasCur, any, n.digits, n.unitEnd = v, true, true, true, false
			p = q
			continue
		}
		r, w := runeAt(text, p, end)
		if m := koSmallUnits[r]; m > 0 && (!afterYeo || hasCur) {
			if afterYeo {
				break
			}
			x := 1.0
			if hasCur {
				x = cur
			}
			section += x * m
			hasCur, any, n.unitEnd = false, true, true
			p += w
			continue
		}
		if m := koBigUnits[r]; m > 0 {
			x := section
			if hasCur {
				x += cur
			}
			if x == 0 {
				x = 1
			}
			total += x * m
			section, hasCur, any, n.unitEnd, n.big = 0, false, true, true, m
			p += w
			if afterYeo {
				break // 30여만: the multiplier ends the numeral
			}
			continue
		}
		if r == '여' && any && !n.yeo && !strings.HasPrefix(text[p:end], "여단") && !strings.HasPrefix(text[p:end], "여성") {
			n.yeo, afterYeo = true, true
			p += w
			continue
		}
		if sp := spaceAt2(text, p, end); sp > 0 && n.unitEnd && !afterYeo && p+sp < end && isDigit(text[p+sp]) {
			p += sp // 1만 2천, 17만 5000
			continue
		}
		break
	}
	if !any {
		return n, false
	}
	n.v = total + section
	if hasCur {
		n.v += cur
	}
	n.e = p
	return n, n.v > 0 && n.v < maxFigure
}

// koDigits reads Arabic digits at text[i]: "1,000", "1.5", "7 781" (a
// group of three after a space).
func koDigits(text string, i, end int) (float64, int, bool) {
	q := i
	for q < end && isDigit(text[q]) {
		q++
	}
	nd := q - i
	var buf [40]byte
	b := append(buf[:0], text[i:q]...)
	grouped := false
	if nd <= 3 {
		for q < end && text[q] == ',' && threeDigits(text, q+1, end) {
			b = append(b, text[q+1:q+4]...)
			q += 4
			grouped = true
		}
	}
	if !grouped && q+1 < end && text[q] == '.' && isDigit(text[q+1]) {
		r := q + 1
		for r < end && isDigit(text[r]) {
			r++
		}
		b = append(b, text[q:r]...)
		q = r
	} else if !grouped && nd <= 3 {
		if sp := spaceAt2(text, q, end); sp > 0 && threeDigits(text, q+sp, end) {
			after := q + sp + 3
			if after == end || text[after] != ',' && text[after] != '.' {
				b = append(b, text[q+sp:after]...)
				q = after
			}
		}
	}
	if len(b) > 30 {
		return 0, q, false // past any count
	}
	v, err := strconv.ParseFloat(string(b), 64)
	return v, q, err == nil
}
