package names

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// System is a way of writing Korean in another script.
type System int

// The systems [Romanize] knows.
//
// References:
//   - RR: Revised Romanization of Korean, Ministry of Culture and Tourism
//     notice 2000-8 (2000), with its rules for personal names: family name
//     first, sound changes between the syllables of a given name not
//     transcribed, ㄹㄹ written ll.
//   - MR: G. M. McCune and E. O. Reischauer, "The Romanization of the
//     Korean Language", Transactions of the Korea Branch of the Royal
//     Asiatic Society 29 (1939); ㄱ ㄷ ㅂ ㅈ voiced between voiced sounds,
//     aspiration marked by an apostrophe, ㅓ ㅡ as ŏ ŭ, 시 as shi.
//   - DPRK: 조선어의 라틴문자 표기법 (1992, revised 2002) as KCNA writes
//     names: ㅈ j, ㅊ ch, ㅋ kh, ㅌ th, ㅍ ph, breves dropped (Jong Un,
//     Choe Ryong Hae, Ri Son Gwon), each syllable of a given name a word.
//   - Customary: the spellings South Koreans choose for passports and the
//     press (Chul-soo, Young-ho, Sung-min, Hee, Joon): MR consonants
//     without apostrophes, ㅓ and ㅕ as u and yu in closed syllables, ㅜ as
//     oo.
//   - Kontsevich: Л. Р. Концевич, «Корейско-русская практическая
//     транскрипция» (1959, revised in «Хрестоматия по восточной
//     ономастике», 2001): ㅊ чх, ㅋ кх, ㅓ о, ㅡ ы, ㅐ э, final ㄹ ль, final
//     ㅇ н, voicing of ㄱ ㄷ ㅂ ㅈ into г д б дж between voiced sounds.
const (
	RR         System = iota // Revised Romanization (2000): Gim Cheolsu
	MR                       // McCune–Reischauer with breves and apostrophes: Kim Ch'ŏl-su
	MRPlain                  // McCune–Reischauer without breves or apostrophes: Kim Chol-su
	DPRK                     // DPRK official, as KCNA writes it: Kim Chol Su
	Customary                // customary South Korean spelling: Kim Chul-soo
	Kontsevich               // Kontsevich system, Russian Cyrillic: Ким Чхольсу
)

var systemNames = [...]string{"rr", "mr", "mr-plain", "dprk", "customary", "kontsevich"}

// String returns the short name of the system.
func (s System) String() string {
	if s < 0 || int(s) >= len(systemNames) {
		return "unknown"
	}
	return systemNames[s]
}

// Tables in jamo order (see [Syllable]). A lead has a voiceless and a
// voiced spelling; the voiced one is used between voiced sounds by the
// systems that mark voicing.
var (
	rrLead    = [19]string{"g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h"}
	rrVowel   = [21]string{"a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi", "yu", "eu", "ui", "i"}
	rrTail    = [28]string{"", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t"}
	mrLead    = [19]string{"k", "kk", "n", "t", "tt", "r", "m", "p", "pp", "s", "ss", "", "ch", "tch", "ch'", "k'", "t'", "p'", "h"}
	mrVoiced  = [19]string{"g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "tch", "ch'", "k'", "t'", "p'", "h"}
	mrVowel   = [21]string{"a", "ae", "ya", "yae", "ŏ", "e", "yŏ", "ye", "o", "wa", "wae", "oe", "yo", "u", "wŏ", "we", "wi", "yu", "ŭ", "ŭi", "i"}
	kpLead    = [19]string{"k", "kk", "n", "t", "tt", "r", "m", "p", "pp", "s", "ss", "", "j", "jj", "ch", "kh", "th", "ph", "h"}
	kpVoiced  = [19]string{"g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "kh", "th", "ph", "h"}
	kpVowel   = [21]string{"a", "ae", "ya", "yae", "o", "e", "yo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi", "yu", "u", "ui", "i"}
	cuLead    = [19]string{"k", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h"}
	cuVoiced  = [19]string{"g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h"}
	kcLead    = [19]string{"к", "кк", "н", "т", "тт", "р", "м", "п", "пп", "с", "сс", "", "ч", "чч", "чх", "кх", "тх", "пх", "х"}
	kcVoiced  = [19]string{"г", "кк", "н", "д", "тт", "р", "м", "б", "пп", "с", "сс", "", "дж", "чч", "чх", "кх", "тх", "пх", "х"}
	kcVowelC  = [21]string{"а", "э", "я", "я", "о", "е", "ё", "е", "о", "ва", "вэ", "вэ", "ё", "у", "во", "ве", "ви", "ю", "ы", "и", "и"}    // after a consonant
	kcVowelV  = [21]string{"а", "э", "я", "йя", "о", "э", "ё", "йе", "о", "ва", "вэ", "вэ", "ё", "у", "во", "ве", "ви", "ю", "ы", "ый", "и"} // syllable-initial
	kcTail    = [28]string{"", "к", "к", "к", "н", "н", "н", "т", "ль", "к", "м", "ль", "ль", "ль", "п", "ль", "м", "п", "п", "т", "т", "н", "т", "т", "к", "т", "п", "т"}
	tailClass = [28]byte{0, 'K', 'K', 'K', 'N', 'N', 'N', 'T', 'L', 'K', 'M', 'L', 'L', 'L', 'P', 'L', 'M', 'P', 'P', 'T', 'T', 'G', 'T', 'T', 'K', 'T', 'P', 'T'}
)

// voicedAfter reports whether a lead following tail t is between voiced
// sounds: after a vowel or a sonorant final (n, l, m, ng).
func voicedAfter(t int) bool {
	switch tailClass[t] {
	case 0, 'N', 'L', 'M', 'G':
		return true
	}
	return false
}

// romanizeWord writes the syllables of one word in sys, one string per
// syllable, applying the contextual rules of the system across syllables.
func romanizeWord(syls []Syllable, sys System) []string {
	out := make([]string, len(syls))
	for i, s := range syls {
		prev := -1 // tail of the previous syllable, -1 at the start of the word
		if i > 0 {
			prev = syls[i-1].Tail
		}
		next := -1 // lead of the next syllable
		if i+1 < len(syls) {
			next = syls[i+1].Lead
		}
		var b strings.Builder
		b.WriteString(lead(s, prev, sys))
		b.WriteString(vowel(s, sys))
		b.WriteString(tail(s, next, sys))
		out[i] = b.String()
	}
	return out
}

func lead(s Syllable, prev int, sys System) string {
	voiced := prev >= 0 && voicedAfter(prev)
	afterL := prev >= 0 && tailClass[prev] == 'L'
	switch sys {
	case RR:
		if s.Lead == leadR && afterL {
			return "l"
		}
		return rrLead[s.Lead]
	case MR, MRPlain:
		if s.Lead == leadR && afterL {
			return "l"
		}
		if s.Lead == leadS && (s.Vowel == vowelI || s.Vowel == vowelWI) {
			return "sh"
		}
		l := mrLead[s.Lead]
		if voiced {
			l = mrVoiced[s.Lead]
		}
		if sys == MRPlain {
			l = strings.TrimSuffix(l, "'")
		}
		return l
	case DPRK:
		if voiced {
			return kpVoiced[s.Lead]
		}
		return kpLead[s.Lead]
	case Customary:
		if s.Lead == leadR && afterL {
			return "l"
		}
		if s.Lead == leadS && (s.Vowel == vowelI || s.Vowel == vowelWI) {
			return "sh"
		}
		if prev >= 0 {
			return cuVoiced[s.Lead]
		}
		return cuLead[s.Lead]
	case Kontsevich:
		if s.Lead == leadR && afterL {
			return "л"
		}
		if voiced {
			return kcVoiced[s.Lead]
		}
		return kcLead[s.Lead]
	}
	panic("names: unknown System")
}

func vowel(s Syllable, sys System) string {
	closed := s.Tail != tailNone
	switch sys {
	case RR:
		return rrVowel[s.Vowel]
	case MR:
		return mrVowel[s.Vowel]
	case MRPlain, DPRK:
		return kpVowel[s.Vowel]
	case Customary:
		switch s.Vowel {
		case vowelEO:
			if closed {
				return "u" // 정 Jung, 성 Sung, 철 Chul, 석 Suk
			}
		case vowelYEO:
			if s.Lead == leadNone && s.Tail == tailNG {
				return "you" // 영 Young
			}
			if closed {
				return "yu" // 현 Hyun, 명 Myung, 혁 Hyuk
			}
		case vowelU:
			if s.Lead == leadNone {
				return "woo" // 우 Woo
			}
			if s.Tail == tailNone || s.Tail == tailN || s.Tail == tailK {
				return "oo" // 수 Soo, 준 Joon, 숙 Sook; but 중 Jung, 울 Ul
			}
		case vowelYU:
			if s.Lead == leadNone {
				return "yoo" // 유 Yoo, 윤 Yoon
			}
		case vowelUI:
			if s.Lead == leadH {
				return "ee" // 희 Hee
			}
			if s.Lead == leadNone {
				return "eui" // 의 Eui
			}
		}
		return rrVowel[s.Vowel]
	case Kontsevich:
		if s.Lead == leadNone {
			return kcVowelV[s.Vowel]
		}
		return kcVowelC[s.Vowel]
	}
	panic("names: unknown System")
}

func tail(s Syllable, next int, sys System) string {
	if sys != Kontsevich {
		t := rrTail[s.Tail]
		if sys == Customary && s.Vowel == vowelYEO && s.Lead == leadNone && s.Tail == tailNG {
			return "ng" // Young
		}
		return t
	}
	switch tailClass[s.Tail] {
	case 'L':
		switch next {
		case leadNone:
			return "р" // 일우 Иру
		case leadR:
			return "л" // ㄹㄹ лл
		}
	case 'G':
		if next == leadNone {
			return "нъ" // ㅇ before a vowel, to tell it from ㄴ
		}
	}
	return kcTail[s.Tail]
}

// Romanize writes the Hangul syllables of s in sys. Each run of syllables
// is one word: its syllables are joined without a separator and the
// contextual rules (voicing, ㄹㄹ, Kontsevich finals) apply across them.
// The first letter of each word is upper case. Runes other than Hangul
// syllables are copied.
func Romanize(s string, sys System) string {
	return romanize(s, sys, "", false)
}

// romanize is Romanize with sep between the syllables of a word, and
// capitalisation of every syllable when title is set.
func romanize(s string, sys System, sep string, title bool) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "")
	}
	var b strings.Builder
	var run []Syllable
	flush := func() {
		if len(run) == 0 {
			return
		}
		parts := romanizeWord(run, sys)
		for i, p := range parts {
			if i > 0 {
				b.WriteString(sep)
			}
			if i == 0 || title {
				p = capitalize(p)
			}
			b.WriteString(p)
		}
		run = run[:0]
	}
	for _, r := range s {
		if syl, ok := DecomposeSyllable(r); ok {
			run = append(run, syl)
			continue
		}
		flush()
		b.WriteRune(r)
	}
	flush()
	return b.String()
}

// capitalize upper-cases the first letter of s.
func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 || unicode.IsUpper(r) {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// RomanizeName writes a Korean name given in Hangul in sys, as that system
// writes names:
//
//	RR         Gim Cheolsu      given name one word
//	MR         Kim Ch'ŏl-su     syllables joined by a hyphen
//	MRPlain    Kim Chol-su
//	DPRK       Kim Chol Su      each syllable a word
//	Customary  Kim Chul-soo
//	Kontsevich Ким Чхольсу
//
// A family name found in [Surnames] takes the spelling of the table for
// that system (the DPRK writes 리, so 이 and 리 are both Ri; MR writes Yi,
// customary Lee, Kontsevich Ли). Either part may be empty. Runes other
// than Hangul syllables are copied.
func RomanizeName(family, given string, sys System) (string, string) {
	fam := ""
	if family != "" {
		if e, ok := surnameByHangul(family); ok {
			fam = e.Spelling(sys)
		} else {
			fam = romanize(family, sys, "", false)
		}
	}
	var giv string
	switch sys {
	case RR, Kontsevich:
		giv = romanize(given, sys, "", false)
	case DPRK:
		giv = romanize(given, sys, " ", true)
	default:
		giv = romanize(given, sys, "-", false)
	}
	return fam, giv
}
