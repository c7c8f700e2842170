package names

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// maxInput caps the bytes of one name that the functions of this package
// look at; the rest is ignored. No real name comes near it.
const maxInput = 512

// Normalize returns s in the form names are compared in:
//
//   - Unicode NFKC (full-width letters, ligatures and compatibility jamo
//     become ordinary letters);
//   - case folded (lower case, ß as ss);
//   - diacritics of Latin letters removed (ŏ ŭ é ë become o u e e; the
//     letters й ё ї of Cyrillic are kept, they are letters of their own);
//   - apostrophes and primes removed without a space, so that Ch'ŏl,
//     Chʼŏl and Ch’ŏl all become chol and Дар'їно becomes дарїно;
//   - hyphens, dots, commas and other punctuation or symbols turned into
//     spaces, runs of spaces collapsed, leading and trailing space trimmed.
//
// Invalid UTF-8 bytes are dropped. Input beyond 512 bytes is ignored.
func Normalize(s string) string {
	if len(s) > maxInput {
		s = s[:maxInput]
	}
	if ascii(s) {
		return normalizeASCII(s)
	}
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "")
	}
	if simple(s) {
		return normalizeSimple(s)
	}
	// Apostrophes go first: NFKD turns ´ into a space and a combining mark.
	s = strings.Map(func(r rune) rune {
		if isApostrophe(r) {
			return -1
		}
		return r
	}, s)
	d := norm.NFKD.String(s)
	var b strings.Builder
	b.Grow(len(d))
	var base rune // the last base letter, to decide about a combining mark
	space := true // suppress leading and repeated spaces
	for _, r := range d {
		if isApostrophe(r) {
			continue // also those that NFKD makes: ŉ is ʼn
		}
		if unicode.Is(unicode.Mn, r) {
			if base >= 0x400 && base <= 0x52F || isHangul(base) {
				b.WriteRune(r) // й ё ї; recomposed below
			}
			continue
		}
		if unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			if !space {
				b.WriteByte(' ')
				space = true
			}
			continue
		}
		base = r
		space = false
		r = unicode.ToLower(r)
		if f, ok := foldSpecial[r]; ok {
			b.WriteString(f)
			continue
		}
		b.WriteRune(r)
	}
	out := strings.TrimRight(b.String(), " ")
	return norm.NFC.String(out)
}

// foldSpecial maps the Latin letters that neither NFKD nor lower-casing
// turn into plain ASCII letters.
var foldSpecial = map[rune]string{
	'ß': "ss", 'ẞ': "ss", 'ø': "o", 'Ø': "o", 'æ': "ae", 'Æ': "ae",
	'œ': "oe", 'Œ': "oe", 'ł': "l", 'Ł': "l", 'đ': "d", 'Đ': "d",
	'ı': "i", 'þ': "th", 'Þ': "th", 'ð': "d", 'Ð': "d", 'ŋ': "ng",
	'ʹ': "", 'ʺ': "",
}

// isApostrophe reports whether r is one of the apostrophes, primes and
// modifier letters used for aspiration in McCune–Reischauer or for the
// Ukrainian apostrophe and the soft sign in transliterations.
func isApostrophe(r rune) bool {
	switch r {
	case '\'', '`', '´', '‘', '’', '‛', 'ʼ', 'ʻ', 'ʽ', 'ʾ', 'ʿ', '′', '″', 'ʹ', 'ʺ', 'ˈ', '"', '“', '”':
		return true
	}
	return false
}

func ascii(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// simple reports whether s holds only runes that NFKC leaves alone and
// that need no diacritic stripping: ASCII, precomposed Hangul syllables and
// the basic Cyrillic letters.
func simple(s string) bool {
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf:
		case 0xAC00 <= r && r <= 0xD7A3:
		case 0x410 <= r && r <= 0x44F, r == 'ё', r == 'Ё', r == 'і', r == 'І', r == 'ї', r == 'Ї', r == 'є', r == 'Є', r == 'ґ', r == 'Ґ':
		default:
			return false
		}
	}
	return true
}

// normalizeSimple is Normalize for strings that satisfy simple.
func normalizeSimple(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := true
	for _, r := range s {
		switch {
		case r >= utf8.RuneSelf:
			b.WriteRune(unicode.ToLower(r))
		case 'A' <= r && r <= 'Z':
			b.WriteByte(byte(r) + 'a' - 'A')
		case 'a' <= r && r <= 'z', '0' <= r && r <= '9':
			b.WriteByte(byte(r))
		case r == '\'' || r == '`' || r == '"':
			continue
		default:
			if !space {
				b.WriteByte(' ')
				space = true
			}
			continue
		}
		space = false
	}
	return strings.TrimRight(b.String(), " ")
}

// normalizeASCII is Normalize for ASCII input, without allocating more than
// the result.
func normalizeASCII(s string) string {
	b := make([]byte, 0, len(s))
	space := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
		case c == '\'' || c == '`' || c == '"':
			continue
		default:
			if !space {
				b = append(b, ' ')
				space = true
			}
			continue
		}
		b = append(b, c)
		space = false
	}
	if n := len(b); n > 0 && b[n-1] == ' ' {
		b = b[:n-1]
	}
	return string(b)
}

// Compact returns Normalize(s) without spaces, so that the ways of writing
// a given name (Chol-su, Cholsu, Chol Su) agree.
func Compact(s string) string {
	n := Normalize(s)
	if strings.IndexByte(n, ' ') < 0 {
		return n
	}
	return strings.ReplaceAll(n, " ", "")
}

// Initials returns the first letter of each word of Normalize(s):
// "Cheol-su" and "C. S." both give "cs".
func Initials(s string) string {
	var b strings.Builder
	for _, w := range strings.Fields(Normalize(s)) {
		r, _ := utf8.DecodeRuneInString(w)
		b.WriteRune(r)
	}
	return b.String()
}

// IsInitials reports whether every word of s is a single Latin or
// Cyrillic letter, possibly followed by a dot: "C. S.", "И.", "J". A
// Hangul syllable is a whole syllable, not an initial.
func IsInitials(s string) bool {
	f := strings.Fields(Normalize(s))
	if len(f) == 0 {
		return false
	}
	for _, w := range f {
		r, n := utf8.DecodeRuneInString(w)
		if n != len(w) || isHangul(r) || !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}
