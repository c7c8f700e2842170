package names

import "strings"

// Hangul syllables are composed arithmetically (Unicode Standard, §3.12
// "Conjoining Jamo Behavior"):
//
//	syllable = 0xAC00 + (lead*21 + vowel)*28 + tail
const (
	syllableBase = 0xAC00
	syllableLast = 0xD7A3
	nVowels      = 21
	nTails       = 28
)

// Syllable is one precomposed Hangul syllable split into its jamo, as
// indices into the Unicode orders:
//
//	Lead  0..18  ㄱ ㄲ ㄴ ㄷ ㄸ ㄹ ㅁ ㅂ ㅃ ㅅ ㅆ ㅇ ㅈ ㅉ ㅊ ㅋ ㅌ ㅍ ㅎ
//	Vowel 0..20  ㅏ ㅐ ㅑ ㅒ ㅓ ㅔ ㅕ ㅖ ㅗ ㅘ ㅙ ㅚ ㅛ ㅜ ㅝ ㅞ ㅟ ㅠ ㅡ ㅢ ㅣ
//	Tail  0..27  none ㄱ ㄲ ㄳ ㄴ ㄵ ㄶ ㄷ ㄹ ㄺ ㄻ ㄼ ㄽ ㄾ ㄿ ㅀ ㅁ ㅂ ㅄ ㅅ ㅆ ㅇ ㅈ ㅊ ㅋ ㅌ ㅍ ㅎ
type Syllable struct {
	Lead, Vowel, Tail int
}

// Jamo indices used by the rules below.
const (
	leadR    = 5
	leadS    = 9
	leadNone = 11
	leadH    = 18

	vowelYEO = 6
	vowelEO  = 4
	vowelU   = 13
	vowelWI  = 16
	vowelYU  = 17
	vowelUI  = 19
	vowelI   = 20

	tailNone = 0
	tailK    = 1
	tailN    = 4
	tailL    = 8
	tailNG   = 21
)

var (
	leadJamo  = []rune("ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ")
	vowelJamo = []rune("ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ")
	tailJamo  = []rune(" ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ")
)

// DecomposeSyllable splits r into its jamo. It reports false when r is not
// a precomposed Hangul syllable (U+AC00..U+D7A3).
func DecomposeSyllable(r rune) (Syllable, bool) {
	if r < syllableBase || r > syllableLast {
		return Syllable{}, false
	}
	i := int(r - syllableBase)
	return Syllable{Lead: i / (nVowels * nTails), Vowel: i / nTails % nVowels, Tail: i % nTails}, true
}

// Rune composes the syllable. It panics if an index is out of range, which
// is a programming error.
func (s Syllable) Rune() rune {
	if s.Lead < 0 || s.Lead >= len(leadJamo) || s.Vowel < 0 || s.Vowel >= nVowels || s.Tail < 0 || s.Tail >= nTails {
		panic("names: Syllable index out of range")
	}
	return rune(syllableBase + (s.Lead*nVowels+s.Vowel)*nTails + s.Tail)
}

// Jamo returns the syllable as compatibility jamo: 철 is "ㅊㅓㄹ".
func (s Syllable) Jamo() string {
	r := []rune{leadJamo[s.Lead], vowelJamo[s.Vowel]}
	if s.Tail != 0 {
		r = append(r, tailJamo[s.Tail])
	}
	return string(r)
}

// Decompose returns s with every precomposed Hangul syllable replaced by
// its compatibility jamo; other runes are kept: "김철수" is "ㄱㅣㅁㅊㅓㄹㅅㅜ".
func Decompose(s string) string {
	var b strings.Builder
	for _, r := range s {
		if syl, ok := DecomposeSyllable(r); ok {
			b.WriteString(syl.Jamo())
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// syllables decomposes a string of Hangul syllables. It reports false if
// any rune is not a syllable.
func syllables(s string) ([]Syllable, bool) {
	out := make([]Syllable, 0, len(s)/3)
	for _, r := range s {
		syl, ok := DecomposeSyllable(r)
		if !ok {
			return nil, false
		}
		out = append(out, syl)
	}
	return out, len(out) > 0
}
