package military

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/reckonhq/reckon/names"
)

// maxInput caps the bytes of a unit or rank that are read; real values are
// a few dozen bytes.
const maxInput = 256

// tokKind tells the tokens of a unit or rank apart.
type tokKind uint8

const (
	tokWord tokKind = iota // a run of letters of one script, lower case
	tokNum                 // a run of digits
	tokSep                 // a hard separator: , ; / | ( ) or a spaced dash
)

// token is one piece of a unit or rank string.
type token struct {
	kind   tokKind
	text   string // the word, normalised, or the digits
	num    int    // the value of a number, 0 when it is too long
	joined bool   // no space before this token: "94th", "94-я", "제94"
}

// tokenize splits s into words, numbers and hard separators. Letters and
// digits are split apart ("94th" is 94 and th, "제94려단" is 제, 94 and 려단)
// and so are Hangul and other letters. A single letter joined by a hyphen
// or a slash to a short word is kept as one abbreviation with its hyphen
// or slash: б-н, в/ч, с-т. Dots, hyphens and apostrophes are ignored; the separators
// , ; / | ( ) [ ] and a dash between spaces end a group.
func tokenize(s string) []token {
	if len(s) > maxInput {
		s = s[:maxInput]
	}
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "")
	}
	rs := []rune(s)
	var toks []token
	space := true // whitespace or start before the next token
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case unicode.IsSpace(r):
			space = true
			i++
		case unicode.IsDigit(r):
			j := i
			for j < len(rs) && unicode.IsDigit(rs[j]) {
				j++
			}
			digits := string(rs[i:j])
			n := 0
			if len(digits) <= 7 {
				for _, d := range digits {
					n = n*10 + int(d-'0')
				}
				if d := []rune(digits); d[0] < '0' || d[0] > '9' {
					n = 0 // digits of other scripts are not unit numbers
				}
			}
			toks = append(toks, token{kind: tokNum, text: digits, num: n, joined: !space})
			space = false
			i = j
		case unicode.IsLetter(r) || unicode.Is(unicode.Mn, r):
			h := isHangul(r)
			j := i
			for j < len(rs) {
				if (unicode.IsLetter(rs[j]) || unicode.Is(unicode.Mn, rs[j])) && isHangul(rs[j]) == h {
					j++
					continue
				}
				// an apostrophe inside a word: п'ятий, p'okp'ung
				if isApostrophe(rs[j]) && j+1 < len(rs) && unicode.IsLetter(rs[j+1]) && isHangul(rs[j+1]) == h {
					j++
					continue
				}
				break
			}
			w := names.Normalize(string(rs[i:j]))
			w = strings.ReplaceAll(w, " ", "")
			// б-н, в/ч, р-н: a single letter, a hyphen or slash, a short word.
			if utf8.RuneCountInString(w) == 1 && j+1 < len(rs) && (rs[j] == '-' || rs[j] == '/') && unicode.IsLetter(rs[j+1]) {
				k := j + 1
				for k < len(rs) && unicode.IsLetter(rs[k]) {
					k++
				}
				if k-(j+1) <= 2 {
					w += string(rs[j]) + names.Normalize(string(rs[j+1:k]))
					j = k
				}
			}
			if w != "" {
				toks = append(toks, token{kind: tokWord, text: w, joined: !space})
			}
			space = false
			i = j
		case r == ',' || r == ';' || r == '/' || r == '|' || r == '(' || r == ')' || r == '[' || r == ']' || r == '\\' || r == '+' || r == '&':
			toks = appendSep(toks)
			space = true
			i++
		case r == '-' || r == '–' || r == '—':
			// A dash between spaces separates ("11th Corps - 94th Brigade");
			// a hyphen inside a word or after a number does not ("94-я").
			if space && i+1 < len(rs) && unicode.IsSpace(rs[i+1]) {
				toks = appendSep(toks)
				space = true
			}
			i++
		default:
			// dots, apostrophes, № and other symbols
			if r == '№' || r == '#' {
				toks = append(toks, token{kind: tokWord, text: "no"})
				space = true
			}
			i++
		}
	}
	return toks
}

func appendSep(toks []token) []token {
	if len(toks) == 0 || toks[len(toks)-1].kind == tokSep {
		return toks
	}
	return append(toks, token{kind: tokSep})
}

func isApostrophe(r rune) bool {
	return r == '\'' || r == '’' || r == 'ʼ' || r == '`' || r == '´' || r == 'ʻ'
}

func isHangul(r rune) bool {
	return r >= 0xAC00 && r <= 0xD7A3 || r >= 0x1100 && r <= 0x11FF || r >= 0x3130 && r <= 0x318F
}

// forms returns every word made of stem followed by one of the endings.
func forms(stem string, endings ...string) []string {
	if len(endings) == 0 {
		return []string{stem}
	}
	out := make([]string, len(endings))
	for i, e := range endings {
		out[i] = stem + e
	}
	return out
}
