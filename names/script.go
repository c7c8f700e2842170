package names

import (
	"unicode"
	"unicode/utf8"
)

// Script is the writing system of a string.
type Script int

// The scripts [DetectScript] tells apart.
const (
	Other    Script = iota // no letters, or letters of another script only (such as Han)
	Latin                  // Latin letters only
	Hangul                 // Hangul syllables or jamo only
	Cyrillic               // Cyrillic letters only
	Mixed                  // letters of two or more scripts
)

var scriptNames = [...]string{"other", "latin", "hangul", "cyrillic", "mixed"}

// String returns the lower-case name of the script.
func (s Script) String() string {
	if s < 0 || int(s) >= len(scriptNames) {
		return "other"
	}
	return scriptNames[s]
}

// DetectScript returns the script of the letters of s, ignoring digits,
// spaces and punctuation. A string whose letters belong to two or more of
// Latin, Hangul, Cyrillic and other scripts is Mixed. Invalid UTF-8 bytes
// are ignored.
func DetectScript(s string) Script {
	var seen [5]bool
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' {
				seen[Latin] = true
			}
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		if r == utf8.RuneError && n == 1 {
			continue
		}
		seen[runeScript(r)] = true
	}
	var got Script
	n := 0
	for sc := Latin; sc <= Cyrillic; sc++ {
		if seen[sc] {
			got = sc
			n++
		}
	}
	switch {
	case n == 0:
		return Other
	case n > 1 || seen[Mixed]:
		return Mixed
	}
	return got
}

// runeScript classifies one rune. Non-letters are Other; letters of a
// script other than Latin, Hangul and Cyrillic are reported as Mixed so
// that DetectScript can tell them apart from "no letters".
func runeScript(r rune) Script {
	switch {
	case isHangul(r):
		return Hangul
	case r < 0x250 && unicode.IsLetter(r), 0x1E00 <= r && r <= 0x1EFF:
		return Latin
	case 0x400 <= r && r <= 0x52F, 0x1C80 <= r && r <= 0x1C8F, 0x2DE0 <= r && r <= 0x2DFF, 0xA640 <= r && r <= 0xA69F:
		if unicode.IsLetter(r) {
			return Cyrillic
		}
		return Other
	case unicode.IsLetter(r):
		return Mixed
	}
	return Other
}

// isHangul reports whether r is a Hangul syllable or jamo.
func isHangul(r rune) bool {
	return 0xAC00 <= r && r <= 0xD7A3 || 0x1100 <= r && r <= 0x11FF ||
		0x3130 <= r && r <= 0x318F || 0xA960 <= r && r <= 0xA97F || 0xD7B0 <= r && r <= 0xD7FF
}
