package places

import (
	"strings"
	"unicode/utf8"

	"github.com/reckonhq/reckon/names"
)

// Agreement says how two places agree, from no evidence to the same.
type Agreement int

// The levels of agreement of two places.
const (
	// Unknown: either place is the zero Place (nothing recognised).
	Unknown Agreement = iota
	// Unconnected: both places were read, but they give parts of no
	// common kind and no part agrees: a village against a district or
	// region that may or may not hold it ("Погребки" and "Суджанский
	// район"). Without a gazetteer this is no evidence either way.
	Unconnected
	// Different: both give a part of the same kind (two settlements, two
	// regions) and those disagree: Плехово and Погребки, even in one
	// region.
	Different
	// Related: a part agrees but not the most specific ones: a settlement
	// with its region against the region alone ("Плехово, Курская обл."
	// and "Kursk oblast"), or a city against the region named after it.
	Related
	// Close: the most specific parts are spelled alike (Jaro–Winkler of
	// their Latin forms at least 0.92) but their keys differ: a typo, or a
	// near namesake (Курилово and Куриловка).
	Close
	// Same: the most specific parts are the same name in any script (equal
	// after normalising, or the same phonetic key, or meeting Korean keys)
	// and nothing conflicts.
	Same
)

var agreementNames = [...]string{"unknown", "unconnected", "different", "related", "close", "same"}

// String returns the lower-case name of the level.
func (a Agreement) String() string {
	if a < 0 || int(a) >= len(agreementNames) {
		return "agreement(?)"
	}
	return agreementNames[a]
}

// closeJW is the Jaro–Winkler similarity of the Latin forms from which two
// names are Close.
const closeJW = 0.92

// Compare says how p and q agree (see [Agreement]):
//
//  1. Unknown if either has no part.
//  2. Different if, for some kind both give (settlement, district or
//     region), no part of that kind of p agrees with one of q.
//  3. Same or Close when the most specific parts agree, their kinds
//     compatible (equal, or one Unspecified); the weaker of the two
//     matches.
//  4. Related when some other pair of parts agrees.
//  5. Different otherwise.
//
// Two names agree when any of their readings are equal after
// names.Compact, have the same names.PhoneticKey (of at least three
// classes, or of fewer with Jaro–Winkler ≥ 0.85), or have meeting
// names.KoreanKeys (Same); or when their Latin forms have Jaro–Winkler ≥
// 0.92 (Close). Directions (함경남도, South Hamgyong) must not differ.
// Compare is symmetric and Compare(p, p) is Same for every non-zero p.
func (p *Place) Compare(q *Place) Agreement {
	if len(p.Parts) == 0 || len(q.Parts) == 0 {
		return Unknown
	}
	// 2. conflicts within a kind both give
	for k := Settlement; k <= Region; k++ {
		has, agree := false, false
		for i := range p.Parts {
			if p.Parts[i].Kind != k {
				continue
			}
			for j := range q.Parts {
				if q.Parts[j].Kind != k {
					continue
				}
				has = true
				if match(&p.Parts[i], &q.Parts[j]) >= Close {
					agree = true
				}
			}
		}
		if has && !agree {
			return Different
		}
	}
	a, b := &p.Parts[0], &q.Parts[0]
	if compatible(a.Kind, b.Kind) {
		if m := match(a, b); m >= Close {
			return m
		}
	}
	shared := false
	for i := range p.Parts {
		for j := range q.Parts {
			if match(&p.Parts[i], &q.Parts[j]) >= Close {
				return Related
			}
			shared = shared || comparable(p.Parts[i].Kind, q.Parts[j].Kind)
		}
	}
	if !shared {
		return Unconnected
	}
	return Different
}

func compatible(a, b Kind) bool { return a == b || a == Unspecified || b == Unspecified }

// comparable reports whether two parts that do not agree are evidence of
// different places: parts of one kind, or a bare name against a
// settlement or another bare name. A bare name against a district or
// region it is not may well be a village inside it.
func comparable(a, b Kind) bool {
	if a > b {
		a, b = b, a
	}
	return a == b || a == Unspecified && b == Settlement
}

// match compares two names: Same, Close or Different.
func match(a, b *Part) Agreement {
	if a.Direction != NoDirection && b.Direction != NoDirection && a.Direction != b.Direction {
		return Different
	}
	best := Different
	for i := range a.forms {
		for j := range b.forms {
			fa, fb := &a.forms[i], &b.forms[j]
			if fa.compact == fb.compact {
				return Same
			}
			if fa.korean != nil && fb.korean != nil && (!fa.hangulOnly && !fb.hangulOnly || fa.script == names.Hangul || fb.script == names.Hangul) && names.KeysMeet(fa.korean, fb.korean) {
				return Same
			}
			if transcribed(fa, fb) && fa.labial == fb.labial && utf8.RuneCountInString(fa.labial) >= 3 {
				return Same
			}
			jw := -1.0
			if pa, pb, ok := consonants(fa, fb); ok && pa != "" && pa == pb {
				if utf8.RuneCountInString(pa) >= 3 {
					return Same
				}
				jw = names.JaroWinkler(fa.latin, fb.latin)
				if jw >= 0.85 {
					return Same
				}
			}
			if best < Close && utf8.RuneCountInString(fa.latin) >= 4 && utf8.RuneCountInString(fb.latin) >= 4 {
				if jw < 0 {
					jw = names.JaroWinkler(fa.latin, fb.latin)
				}
				if jw >= closeJW {
					best = Close
				}
			}
		}
	}
	return best
}

// transcribed reports whether exactly one of two forms is Hangul, of
// three syllables or more: the Korean transcription of a foreign name
// (크레먀노예, 플레호보, 코레네보), which is compared with the other's
// phonetic key with the labials folded (labialKey), as Korean writes в
// and v with ㅂ or 프.
func transcribed(a, b *form) bool {
	if (a.script == names.Hangul) == (b.script == names.Hangul) {
		return false
	}
	if b.script == names.Hangul {
		a = b
	}
	return utf8.RuneCountInString(a.compact) >= 3
}

// labialKey folds the labial consonants of a phonetic key (B, P, V, F)
// into B.
func labialKey(k string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case 'P', 'V', 'F':
			return 'B'
		}
		return r
	}, k)
}

// consonants returns the consonant keys on which two forms are compared,
// and false when they must not be compared by consonants at all:
//
//   - Hangul against a name that reads as Korean: the Korean keys decide,
//     as the consonant key of Hangul (read by RR) drops the vowels that
//     tell 함흥 (Hamhung) from Hamgyong;
//   - two Latin names that both read as Korean: likewise;
//   - two Cyrillic names are compared by their letters' consonants, with г
//     and х apart (Хамхын is not Хамгён), which still lets the Russian and
//     Ukrainian forms meet (Коренево, Коренове);
//   - otherwise names.PhoneticKey, which merges г, х, g, h and kh so that
//     Glushkovo, Hlushkove and Глушково meet.
func consonants(a, b *form) (string, string, bool) {
	switch {
	case a.script == names.Hangul && b.korean != nil, b.script == names.Hangul && a.korean != nil:
		return "", "", false
	case a.script == names.Latin && b.script == names.Latin && a.korean != nil && b.korean != nil:
		return "", "", false
	case a.script == names.Cyrillic && b.script == names.Cyrillic:
		return a.skeleton, b.skeleton, true
	}
	return a.phonetic, b.phonetic, true
}

// skeleton returns the consonant letters of a Cyrillic name, without
// vowels, й, ь, ъ and repeats: Коренево and Коренове are крнв. Ukrainian ґ
// is г.
func skeleton(s string) string {
	var b strings.Builder
	var last rune
	for _, r := range s {
		if r == 'ґ' {
			r = 'г'
		}
		if strings.ContainsRune("аеёиіїоуыэюяєйьъ ", r) || r == last {
			if r != last {
				last = 0
			}
			continue
		}
		b.WriteRune(r)
		last = r
	}
	return b.String()
}

// readings returns the forms of a name that are compared: the name, and
// for a region or district written as an adjective (Курская, Курська,
// Kurskaya, Суджанский) also its stems, with and without the -sk of the
// adjective (Курск for Курская, Белгород for Белгородская).
func readings(name string, k Kind) []form {
	cands := []string{name}
	if h, ok := exonyms[strings.ReplaceAll(name, " ", "")]; ok {
		cands = append(cands, h)
	}
	if k == Region || k == District {
		last := name
		if i := strings.LastIndexByte(name, ' '); i >= 0 {
			last = name[i+1:]
		}
		head := strings.TrimSuffix(name, last)
		for _, e := range adjectival {
			if strings.HasSuffix(last, e.ending) && utf8.RuneCountInString(last)-utf8.RuneCountInString(e.ending) >= 2 {
				base := strings.TrimSuffix(last, e.ending)
				cands = append(cands, head+base+e.stem, head+base)
				// Суджанский is of Суджа, Кореневский of Коренево
				for _, an := range []string{"ан", "ян"} {
					if b, ok := strings.CutSuffix(base, an); ok && utf8.RuneCountInString(b) >= 2 {
						cands = append(cands, head+b+"а")
					}
				}
				break
			}
		}
		// Hamgyongnam (-do), Phyonganbuk (-to): the direction in the name
		if r, _ := utf8.DecodeRuneInString(last); r < 0x80 {
			for _, d := range []string{"nam", "puk", "buk"} {
				if strings.HasSuffix(last, d) && len(last) >= len(d)+4 {
					cands = append(cands, head+strings.TrimSuffix(last, d))
				}
			}
		}
	}
	out := make([]form, 0, len(cands))
	for i, c := range cands {
		f := newForm(c)
		if i > 0 && f.script != names.Hangul {
			// stems of Russian adjectives are not Korean names, but their
			// Korean keys meet the Hangul transcription of the name:
			// Суджанский (Суджа) and 수자
			f.hangulOnly = true
		}
		out = append(out, f)
	}
	return out
}

// isAdjectival reports whether a word ends as a region or district
// adjective does (Курская, Суджанского, Kurskaya).
func isAdjectival(w string) bool {
	for _, e := range adjectival {
		if strings.HasSuffix(w, e.ending) && utf8.RuneCountInString(w)-utf8.RuneCountInString(e.ending) >= 2 {
			return true
		}
	}
	return false
}

// adjectival are the endings of Russian, Ukrainian and romanised region
// and district adjectives, longest first, with the stem of the adjective
// that the noun keeps (Курская → Курск).
var adjectival = []struct{ ending, stem string }{
	{"ского", "ск"}, {"скому", "ск"}, {"ського", "ськ"}, {"ської", "ськ"}, {"ському", "ськ"},
	{"ская", "ск"}, {"ской", "ск"}, {"ский", "ск"}, {"ское", "ск"}, {"скую", "ск"}, {"ском", "ск"},
	{"ська", "ськ"}, {"ський", "ськ"}, {"ське", "ськ"}, {"ській", "ськ"}, {"ську", "ськ"}, {"ським", "ськ"},
	{"цкая", "цк"}, {"цкой", "цк"}, {"цкий", "цк"}, {"цька", "цьк"}, {"цької", "цьк"}, {"цький", "цьк"},
	{"skaya", "sk"}, {"skoye", "sk"}, {"skiy", "sk"}, {"skii", "sk"}, {"skyi", "sk"}, {"skyy", "sk"},
	{"skoy", "sk"}, {"skoi", "sk"}, {"skoe", "sk"}, {"sky", "sk"}, {"ska", "sk"}, {"ske", "sk"},
}

// newForm normalises and keys one reading of a name.
func newForm(s string) form {
	f := form{compact: names.Compact(s)}
	lat := names.ToLatin(s)
	f.latin = strings.ReplaceAll(lat, " ", "")
	ph := s
	if r, _ := utf8.DecodeRuneInString(s); r < 0x80 {
		// Latin: dj and j for дж (Sudja, Sudzha); PhoneticKey reads j as a glide
		ph = strings.ReplaceAll(ph, "dj", "dzh")
	}
	f.phonetic = strings.ReplaceAll(names.PhoneticKey(ph), " ", "")
	f.labial = labialKey(f.phonetic)
	f.korean = names.KoreanKeys(s)
	f.script = names.DetectScript(s)
	if f.script == names.Cyrillic {
		f.skeleton = skeleton(s)
	}
	return f
}
