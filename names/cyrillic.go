package names

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Scheme is a standard for writing Russian and Ukrainian Cyrillic in Latin
// letters.
type Scheme int

// The schemes [Transliterate] knows.
//
// References:
//   - BGN/PCGN: the romanization of Russian of the US Board on Geographic
//     Names and the UK Permanent Committee on Geographical Names (1947),
//     without the optional middle dots; е and ё are ye and yë at the start
//     of a word and after a vowel, й, ъ or ь. For Ukrainian text BGN/PCGN
//     adopted the Ukrainian national system in 2019, and so does this
//     package.
//   - GOST779B: ГОСТ 7.79-2000 (= ISO 9:1995), system B, the ASCII one:
//     й j, х x, ц cz before e, i, y, j and c elsewhere, щ shh, ы y', э e`,
//     ъ “, ь `; for Ukrainian г g, ґ g`, и y`, і i, ї yi, є ye.
//   - ISO9: ISO 9:1995 (= ГОСТ 7.79-2000 system A), one Latin letter per
//     Cyrillic letter: ж ž, х h, ц c, ч č, ш š, щ ŝ, ю û, я â, и i, і ì.
//   - Ukrainian2010: the national system of Ukraine, Cabinet of Ministers
//     resolution No. 55 of 27 January 2010: г h, ґ g, и y, і i, є ї й ю я
//     as ye yi y yu ya at the start of a word and ie i i iu ia elsewhere,
//     зг zgh, ь and the apostrophe dropped. Russian-only letters are
//     written ё io, ы y, э e, ъ dropped.
const (
	BGN Scheme = iota
	GOST779B
	ISO9
	Ukrainian2010
)

var schemeNames = [...]string{"bgn", "gost-7.79-b", "iso9", "ukrainian-2010"}

// String returns the short name of the scheme.
func (s Scheme) String() string {
	if s < 0 || int(s) >= len(schemeNames) {
		return "unknown"
	}
	return schemeNames[s]
}

// Letters of the lower-case Russian and Ukrainian alphabets, in the order
// of the tables below: а б в г ґ д е ё є ж з и і ї й к л м н о п р с т у
// ф х ц ч ш щ ъ ы ь э ю я.
var cyrOrder = []rune("абвгґдеёєжзиіїйклмнопрстуфхцчшщъыьэюя")

type translitTable [38]string

var (
	bgnRussian = translitTable{"a", "b", "v", "g", "g", "d", "e", "ë", "ye", "zh", "z", "i", "i", "yi", "y", "k", "l", "m", "n", "o", "p", "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "”", "y", "’", "e", "yu", "ya"}
	gostB      = translitTable{"a", "b", "v", "g", "g`", "d", "e", "yo", "ye", "zh", "z", "i", "i", "yi", "j", "k", "l", "m", "n", "o", "p", "r", "s", "t", "u", "f", "x", "c", "ch", "sh", "shh", "``", "y'", "`", "e`", "yu", "ya"}
	iso9       = translitTable{"a", "b", "v", "g", "g̀", "d", "e", "ë", "ê", "ž", "z", "i", "ì", "ï", "j", "k", "l", "m", "n", "o", "p", "r", "s", "t", "u", "f", "h", "c", "č", "š", "ŝ", "ʺ", "y", "ʹ", "è", "û", "â"}
	ukrainian  = translitTable{"a", "b", "v", "h", "g", "d", "e", "io", "ie", "zh", "z", "y", "i", "i", "i", "k", "l", "m", "n", "o", "p", "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "iu", "ia"}
)

var cyrIndex = func() map[rune]int {
	m := make(map[rune]int, len(cyrOrder))
	for i, r := range cyrOrder {
		m[r] = i
	}
	return m
}()

// isUkrainianText reports whether s has a letter found only in Ukrainian.
func isUkrainianText(s string) bool {
	return strings.ContainsAny(s, "іїєґІЇЄҐ")
}

func isCyrVowel(r rune) bool {
	return strings.ContainsRune("аеёєиіїоуыэюяАЕЁЄИІЇОУЫЭЮЯ", r)
}

// Transliterate writes the Cyrillic letters of s in Latin letters by the
// scheme sc; other runes are copied. Capitals are kept: a capital letter
// gives a capitalised spelling (Щ → Shch), or an upper-case one inside an
// upper-case word (ЩУКА → SHCHUKA). Invalid UTF-8 bytes are dropped.
func Transliterate(s string, sc Scheme) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "")
	}
	uk := isUkrainianText(s)
	rs := []rune(s)
	var b strings.Builder
	b.Grow(len(s) + len(s)/4)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		lower := unicode.ToLower(r)
		idx, ok := cyrIndex[lower]
		if !ok {
			if r == '\'' || r == '’' || r == 'ʼ' {
				// The Ukrainian apostrophe: dropped by the national system.
				if sc == Ukrainian2010 || sc == BGN && uk {
					continue
				}
			}
			b.WriteRune(r)
			continue
		}
		var prev, next rune
		if i > 0 {
			prev = rs[i-1]
		}
		if i+1 < len(rs) {
			next = rs[i+1]
		}
		wordStart := i == 0 || !unicode.IsLetter(prev) && prev != '\'' && prev != '’' && prev != 'ʼ'
		out := translitRune(lower, idx, sc, uk, wordStart, unicode.ToLower(prev), unicode.ToLower(next))
		if out == "" {
			continue
		}
		if unicode.IsUpper(r) {
			allCaps := unicode.IsUpper(next) || unicode.IsUpper(prev) && !unicode.IsLower(next)
			if allCaps {
				out = strings.ToUpper(out)
			} else {
				out = capitalize(out)
			}
		}
		b.WriteString(out)
	}
	return b.String()
}

func translitRune(r rune, idx int, sc Scheme, uk, wordStart bool, prev, next rune) string {
	if sc == BGN && uk {
		sc = Ukrainian2010
	}
	switch sc {
	case BGN:
		if r == 'е' || r == 'ё' {
			if wordStart || isCyrVowel(prev) || prev == 'й' || prev == 'ъ' || prev == 'ь' {
				if r == 'е' {
					return "ye"
				}
				return "yë"
			}
		}
		return bgnRussian[idx]
	case GOST779B:
		switch r {
		case 'ц':
			if strings.ContainsRune("еиыйіїє", next) {
				return "cz"
			}
			return "c"
		case 'и':
			if uk {
				return "y`"
			}
		case 'г':
			return "g"
		}
		return gostB[idx]
	case ISO9:
		return iso9[idx]
	case Ukrainian2010:
		if wordStart {
			switch r {
			case 'є':
				return "ye"
			case 'ї':
				return "yi"
			case 'й':
				return "y"
			case 'ю':
				return "yu"
			case 'я':
				return "ya"
			}
		}
		if r == 'г' && prev == 'з' {
			return "gh" // зг is zgh, to tell it from ж zh
		}
		return ukrainian[idx]
	}
	panic("names: unknown Scheme")
}

// ToLatin writes s in Latin letters for comparing spellings across
// scripts: Hangul by RR, Cyrillic by BGN/PCGN (or the Ukrainian system for
// Ukrainian text), then [Normalize]. "철수" is "cheolsu", "Свердликово" is
// "sverdlikovo".
func ToLatin(s string) string {
	if ascii(s) {
		return Normalize(s)
	}
	return Normalize(Transliterate(Romanize(s, RR), BGN))
}

// latinSpecial spells out the Latin letters of ISO 9 and other
// scholarly transliterations before Normalize strips their diacritics.
var latinSpecial = strings.NewReplacer(
	"č", "ch", "Č", "ch", "š", "sh", "Š", "sh", "ž", "zh", "Ž", "zh",
	"ŝ", "shch", "Ŝ", "shch", "ĉ", "ch", "ǆ", "dzh", "ś", "sh", "ź", "zh",
	"ć", "ch", "ł", "l", "ǰ", "j",
)

// PhoneticKey returns a coarse key of a Russian or Ukrainian name or place
// name in any script, on which the transliteration schemes and the
// Russian and Ukrainian forms meet: Свердликово, Свердликове, Sverdlikovo
// and Sverdlykove are all SVRDLKV; Глухов, Глухів, Glukhov and Hlukhiv are
// all GLGV. It is the consonant skeleton of each word: vowels, й, ь, ъ and
// the glides j and y are dropped, except that a word starting with a vowel
// starts with A; г, ґ, х, g, h, kh are one class G (Ukrainian г is h);
// repeated classes collapse. Words are separated by a space. Hangul is
// read by RR first. The empty string has the empty key.
func PhoneticKey(s string) string {
	if !ascii(s) {
		if strings.IndexFunc(s, isHangul) >= 0 {
			// RR j is ㅈ, which Korean uses for дж (수자 is Суджа).
			s = strings.ReplaceAll(Romanize(s, RR), "j", "dzh")
		}
		s = latinSpecial.Replace(s)
	}
	n := Normalize(s)
	var b strings.Builder
	for wi, w := range strings.Fields(n) {
		if wi > 0 && b.Len() > 0 {
			b.WriteByte(' ')
		}
		phoneticWord(&b, w)
	}
	return strings.TrimSpace(b.String())
}

func phoneticWord(b *strings.Builder, w string) {
	var last rune = -1
	first := true
	emit := func(c rune) {
		if first && c == 'A' {
			b.WriteByte('A')
			first = false
			last = c
			return
		}
		first = false
		if c == 'A' {
			last = c
			return
		}
		if c != last {
			b.WriteRune(c)
		}
		last = c
	}
	for i := 0; i < len(w); {
		r, n := utf8.DecodeRuneInString(w[i:])
		if r >= 0x400 && r <= 0x4FF {
			i += n
			if c, ok := cyrPhonetic(r); ok {
				emit(c)
			}
			continue
		}
		rest := w[i:]
		matched := false
		for _, d := range latinPhonetic {
			if strings.HasPrefix(rest, d.text) {
				for _, c := range d.class {
					emit(c)
				}
				i += len(d.text)
				matched = true
				break
			}
		}
		if !matched {
			i += n
		}
	}
}

// cyrPhonetic returns the class of a Cyrillic letter, 'A' for vowels and
// glides, and false for the signs.
func cyrPhonetic(r rune) (rune, bool) {
	switch r {
	case 'б':
		return 'B', true
	case 'в':
		return 'V', true
	case 'г', 'ґ', 'х':
		return 'G', true
	case 'д':
		return 'D', true
	case 'ж':
		return 'Ž', true
	case 'з':
		return 'Z', true
	case 'к':
		return 'K', true
	case 'л':
		return 'L', true
	case 'м':
		return 'M', true
	case 'н':
		return 'N', true
	case 'п':
		return 'P', true
	case 'р':
		return 'R', true
	case 'с':
		return 'S', true
	case 'т':
		return 'T', true
	case 'ф':
		return 'F', true
	case 'ц':
		return 'C', true
	case 'ч':
		return 'Č', true
	case 'ш', 'щ':
		return 'Š', true
	case 'ь', 'ъ':
		return 0, false
	}
	if isCyrVowel(r) || r == 'й' {
		return 'A', true
	}
	return 0, false
}

// latinPhonetic holds the Latin spellings of the phonetic classes, longest
// first.
var latinPhonetic = []struct{ text, class string }{
	{"shch", "Š"}, {"tsch", "Č"}, {"sch", "Š"}, {"shh", "Š"}, {"tch", "Č"}, {"ch", "Č"}, {"sh", "Š"},
	{"zh", "Ž"}, {"kh", "G"}, {"gh", "G"}, {"ts", "C"}, {"tz", "C"}, {"cz", "C"}, {"ck", "K"},
	{"ph", "F"}, {"th", "T"}, {"x", "KS"},
	{"b", "B"}, {"c", "C"}, {"d", "D"}, {"f", "F"}, {"g", "G"}, {"h", "G"}, {"k", "K"}, {"l", "L"},
	{"m", "M"}, {"n", "N"}, {"p", "P"}, {"q", "K"}, {"r", "R"}, {"s", "S"}, {"t", "T"}, {"v", "V"},
	{"w", "V"}, {"z", "Z"},
	{"a", "A"}, {"e", "A"}, {"i", "A"}, {"o", "A"}, {"u", "A"}, {"y", "A"}, {"j", "A"},
}
