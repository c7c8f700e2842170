package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/reckonhq/reckon"
)

// Lang is the language of a text, as an ISO 639-1 code. The zero value and
// [Auto] ask [Detect] to choose.
type Lang string

// The languages extraction knows.
const (
	Auto      Lang = "auto"
	English   Lang = "en"
	Korean    Lang = "ko"
	Russian   Lang = "ru"
	Ukrainian Lang = "uk"
)

// ParseLang reads a --lang value: auto, en, ko, ru or uk (any case).
func ParseLang(s string) (Lang, error) {
	switch l := Lang(strings.ToLower(strings.TrimSpace(s))); l {
	case "", Auto:
		return Auto, nil
	case English, Korean, Russian, Ukrainian:
		return l, nil
	}
	return "", reckon.Errorf(reckon.EINVALID, "unknown language %s (want auto, en, ko, ru or uk)", reckon.Quote(s))
}

// extractors maps each language to its extractor. English is [Extract];
// each other language registers its own in an init function of its file,
// so that the languages stay apart and a language without one is read as
// English (its digits and cues still count).
var extractors = map[Lang]func(string) []reckon.Claim{English: Extract}

// ExtractLang returns the claims of text read as language l ([Auto]
// detects it first), with the same contract as [Extract].
func ExtractLang(text string, l Lang) []reckon.Claim {
	if l == "" || l == Auto {
		l = Detect(text)
	}
	if f, ok := extractors[l]; ok {
		return f(text)
	}
	return Extract(text)
}

// detectSample bounds how much of a text [Detect] reads: the language of
// a news text shows in its first few kilobytes.
const detectSample = 16 << 10

// Detect guesses the language of text by its script and, between Russian
// and Ukrainian, by letters and short words only one of them uses. Hangul
// means Korean, Cyrillic Russian or Ukrainian, anything else English. A
// text mixing scripts takes the script with most letters, so an English
// text quoting a Korean name stays English.
func Detect(text string) Lang {
	if len(text) > detectSample {
		cut := detectSample
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text = text[:cut]
	}
	var hangul, cyr, latin, uk, ru int
	for _, r := range text {
		switch {
		case r < utf8.RuneSelf:
			if r|0x20 >= 'a' && r|0x20 <= 'z' {
				latin++
			}
		case unicode.Is(unicode.Hangul, r):
			hangul++
		case unicode.Is(unicode.Cyrillic, r):
			cyr++
			switch unicode.ToLower(r) {
			case 'і', 'ї', 'є', 'ґ':
				uk++
			case 'ы', 'э', 'ъ', 'ё':
				ru++
			}
		}
	}
	switch {
	case hangul > 0 && hangul*2 >= latin && hangul >= cyr:
		return Korean
	case cyr > 0 && cyr >= latin:
		if uk == ru {
			uk, ru = stopWords(text)
		}
		if uk > ru {
			return Ukrainian
		}
		return Russian
	}
	return English
}

// stopWords counts short words used in Ukrainian but not Russian and the
// reverse, for a Cyrillic text whose letters did not decide. An
// apostrophe inside a Cyrillic word ("дев'ять") and the superlative
// prefix "най" are Ukrainian too.
func stopWords(text string) (uk, ru int) {
	prev := rune(0)
	for i, r := range text {
		if (r == '\'' || r == '’' || r == 'ʼ') && unicode.Is(unicode.Cyrillic, prev) {
			if next, _ := utf8.DecodeRuneInString(text[i+utf8.RuneLen(r):]); unicode.Is(unicode.Cyrillic, next) {
				uk++
			}
		}
		prev = r
	}
	for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) }) {
		switch w {
		case "та", "що", "як", "але", "це", "ця", "цей", "вона", "вони", "був", "була", "були", "має", "мав", "зараз", "цього", "тому", "з", "із", "зі", "й":
			uk++
		case "что", "как", "это", "он", "она", "они", "был", "была", "были", "его", "её", "или", "также", "от", "из", "со", "при", "с":
			ru++
		default:
			if strings.HasPrefix(w, "най") && len(w) > len("най")+4 {
				uk++
			}
		}
	}
	return uk, ru
}
