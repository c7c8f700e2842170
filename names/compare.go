package names

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Level says how well one part of two names agrees, from worst to best.
type Level int

// The levels of agreement of a name part.
const (
	Missing   Level = iota // one side or both have no value: no evidence either way
	Different              // the values disagree
	Initial                // an initial agrees with the first letter of the other name
	Fuzzy                  // Jaro–Winkler ≥ 0.9 on the Latin forms, the Korean keys or the loose keys (typos)
	Phonetic               // the phonetic keys agree (Russian and Ukrainian names, see PhoneticKey)
	Key                    // the Korean keys meet (Ri and Lee and 리, see KoreanKeys)
	Exact                  // identical after Compact
)

var levelNames = [...]string{"missing", "different", "initial", "fuzzy", "phonetic", "key", "exact"}

// String returns the lower-case name of the level.
func (l Level) String() string {
	if l < 0 || int(l) >= len(levelNames) {
		return "unknown"
	}
	return levelNames[l]
}

// Thresholds of the Fuzzy level.
const (
	fuzzyLatin = 0.9 // Jaro–Winkler of the Latin forms
	fuzzyKey   = 0.9 // Jaro–Winkler of the best pair of Korean keys
)

// Part is one prepared name part.
type Part struct {
	Text     string   // as written
	Compact  string   // Compact(Text)
	Latin    string   // ToLatin(Text) without spaces, for Jaro–Winkler
	Keys     []string // KoreanKeys(Text); nil when it does not read as Korean
	Phonetic string   // PhoneticKey(Text) without spaces
	Initials bool     // Text is only initials ("C. S."); set for given names only
	Loose    string   // loose Korean key for near misses, see Fuzzy
	initial  byte     // coarse class of the first letter
}

// Profile is a [Name] prepared for comparison: its parts normalised and
// keyed once, so that comparing two profiles is cheap. Make one with
// [Prepare]; the zero Profile is an empty name.
type Profile struct {
	Name   Name
	Script Script
	Family Part
	Given  Part
}

// Prepare normalises and keys the parts of n.
func Prepare(n Name) Profile {
	return Profile{
		Name:   n,
		Script: DetectScript(n.Family + " " + n.Given),
		Family: preparePart(n.Family, false),
		Given:  preparePart(n.Given, true),
	}
}

func preparePart(s string, given bool) Part {
	p := Part{Text: s, Compact: Compact(s)}
	if p.Compact == "" {
		return p
	}
	p.Latin = strings.ReplaceAll(ToLatin(s), " ", "")
	p.Keys = KoreanKeys(s)
	if p.Keys != nil || koreanLike(p.Compact) {
		p.Loose = looseKey(s)
	}
	p.Phonetic = strings.ReplaceAll(PhoneticKey(s), " ", "")
	p.Initials = given && IsInitials(s)
	p.initial = initialClass(p.Latin)
	return p
}

// koreanLike reports whether a compact name uses only letters that
// spellings of Korean use (no f, q, v, x, z, ф, з, щ), so that a misspelt
// Korean name still gets a loose key and most European names do not.
func koreanLike(c string) bool {
	if utf8.RuneCountInString(c) < 2 {
		return false
	}
	hangul := true
	for _, r := range c {
		switch {
		case 0xAC00 <= r && r <= 0xD7A3:
			continue
		case 'a' <= r && r <= 'z':
			if strings.ContainsRune("fqvxz", r) {
				return false
			}
		case 'а' <= r && r <= 'я', r == 'ё':
			if strings.ContainsRune("фзщ", r) {
				return false
			}
		default:
			return false
		}
		hangul = false
	}
	return !hangul || c != ""
}

// initialClass maps the first Latin letter of a name to a class that
// survives romanisation: c j z ch are one class, k g another, and so on.
func initialClass(latin string) byte {
	if latin == "" {
		return 0
	}
	switch c := latin[0]; c {
	case 'c', 'j', 'z':
		return 'c'
	case 'k', 'g', 'q':
		return 'k'
	case 't', 'd':
		return 't'
	case 'p', 'b', 'f':
		return 'p'
	case 'n', 'r', 'l':
		return 'n'
	case 'a', 'e', 'i', 'o', 'u', 'y', 'w':
		return 'a'
	default:
		return c
	}
}

// PartSimilarity is the agreement of one name part.
type PartSimilarity struct {
	Level Level
	JW    float64 // Jaro–Winkler of the Latin forms, 0 when Missing
	Key   string  // the shared Korean key or phonetic key, for Key and Phonetic
}

func (p PartSimilarity) score() float64 {
	switch p.Level {
	case Exact:
		return 1
	case Key:
		return 0.95
	case Phonetic:
		return 0.9
	case Fuzzy:
		return 0.9 * max(p.JW, fuzzyLatin)
	case Initial:
		return 0.6
	case Different:
		return 0.5 * p.JW
	}
	return 0
}

// Similarity is the agreement of two names, part by part.
type Similarity struct {
	Family  PartSimilarity
	Given   PartSimilarity
	Swapped bool    // the family name of one matched the given name of the other; Family then compares the receiver's family name with the argument's given name
	Score   float64 // 0..1: the mean score of the parts present (exact 1, key 0.95, phonetic 0.9, fuzzy ≤ 0.9, initial 0.6, different ≤ 0.5)
}

// String explains the similarity: "family key CoG, given exact, score 0.97".
func (s Similarity) String() string {
	var b strings.Builder
	part := func(name string, p PartSimilarity) {
		fmt.Fprintf(&b, "%s %s", name, p.Level)
		switch p.Level {
		case Key, Phonetic:
			fmt.Fprintf(&b, " %s", p.Key)
		case Fuzzy, Different:
			fmt.Fprintf(&b, " jw %.2f", p.JW)
		}
	}
	part("family", s.Family)
	b.WriteString(", ")
	part("given", s.Given)
	if s.Swapped {
		b.WriteString(", swapped")
	}
	fmt.Fprintf(&b, ", score %.2f", s.Score)
	return b.String()
}

// Compare compares two names; see [Profile.Compare]. To compare one name
// with many, Prepare it once.
func Compare(a, b Name) Similarity {
	pa, pb := Prepare(a), Prepare(b)
	return pa.Compare(&pb)
}

// Compare compares p with q part by part, and also crosswise (p's family
// name with q's given name) when both have both parts, keeping the better
// reading and reporting it as Swapped. The rules for one part, first that
// applies:
//
//	Missing    either part is empty
//	Exact      the Compact forms are equal
//	Initial    one side is initials: its first letter agrees with the
//	           other's (Different if not)
//	Key        both read as Korean and their keys meet
//	Phonetic   one side does not read as Korean and the phonetic keys agree
//	Fuzzy      Jaro–Winkler ≥ 0.9 on the Latin forms or the Korean keys
//	Different  otherwise
func (p *Profile) Compare(q *Profile) Similarity {
	s := Similarity{Family: comparePart(&p.Family, &q.Family), Given: comparePart(&p.Given, &q.Given)}
	if p.Family.Compact != "" && p.Given.Compact != "" && q.Family.Compact != "" && q.Given.Compact != "" &&
		(s.Family.Level < Key || s.Given.Level < Key) {
		x := Similarity{Family: comparePart(&p.Family, &q.Given), Given: comparePart(&p.Given, &q.Family), Swapped: true}
		if x.Family.score()+x.Given.score() > s.Family.score()+s.Given.score()+0.1 {
			s = x
		}
	}
	n, sum := 0, 0.0
	for _, ps := range []PartSimilarity{s.Family, s.Given} {
		if ps.Level != Missing {
			n++
			sum += ps.score()
		}
	}
	if n > 0 {
		s.Score = sum / float64(n)
	}
	return s
}

func comparePart(a, b *Part) PartSimilarity {
	if a.Compact == "" || b.Compact == "" {
		return PartSimilarity{}
	}
	if a.Compact == b.Compact {
		return PartSimilarity{Level: Exact, JW: 1}
	}
	jw := JaroWinkler(a.Latin, b.Latin)
	if a.Initials || b.Initials {
		if a.initial != 0 && a.initial == b.initial {
			return PartSimilarity{Level: Initial, JW: jw}
		}
		return PartSimilarity{Level: Different, JW: jw}
	}
	if a.Keys != nil && b.Keys != nil {
		if k, ok := meet(a.Keys, b.Keys); ok {
			return PartSimilarity{Level: Key, JW: jw, Key: k}
		}
	} else if a.Phonetic != "" && a.Phonetic == b.Phonetic {
		return PartSimilarity{Level: Phonetic, JW: jw, Key: a.Phonetic}
	}
	fuzzy := jw >= fuzzyLatin
	if !fuzzy && a.Loose != "" && b.Loose != "" {
		fuzzy = JaroWinkler(a.Loose, b.Loose) >= fuzzyKey
	} else if !fuzzy {
		fuzzy = bestKeyJW(a.Keys, b.Keys) >= fuzzyKey
	}
	if fuzzy {
		return PartSimilarity{Level: Fuzzy, JW: jw}
	}
	return PartSimilarity{Level: Different, JW: jw}
}

// meet returns the first key two sorted key lists share.
func meet(a, b []string) (string, bool) {
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch c := strings.Compare(a[i], b[j]); {
		case c == 0:
			return a[i], true
		case c < 0:
			i++
		default:
			j++
		}
	}
	return "", false
}

// bestKeyJW returns the best Jaro–Winkler similarity over pairs of keys.
func bestKeyJW(a, b []string) float64 {
	best := 0.0
	for _, x := range a {
		for _, y := range b {
			best = max(best, JaroWinkler(x, y))
		}
	}
	return best
}

// JaroWinkler returns the Jaro–Winkler similarity of a and b, from 0 (no
// agreement) to 1 (equal), over runes as given: pass normalised forms
// ([Normalize], [ToLatin]) to compare names. Two empty strings are equal.
//
//	jaro = (m/|a| + m/|b| + (m−t)/m) / 3
//	jw   = jaro + ℓ·0.1·(1 − jaro)
//
// where m is the number of runes that match within a window of
// max(|a|,|b|)/2 − 1, t half the number of matched runes out of order, and
// ℓ ≤ 4 the length of the common prefix. The prefix bonus applies only
// when jaro > 0.7.
//
// References: M. A. Jaro, "Advances in record-linkage methodology as
// applied to matching the 1985 census of Tampa, Florida", JASA 84 (1989);
// W. E. Winkler, "String comparator metrics and enhanced decision rules in
// the Fellegi–Sunter model of record linkage", Proc. Section on Survey
// Research Methods, ASA (1990).
func JaroWinkler(a, b string) float64 {
	if a == b {
		return 1
	}
	var bufA, bufB [64]rune
	ra, rb := toRunes(a, bufA[:0]), toRunes(b, bufB[:0])
	if len(ra) == 0 || len(rb) == 0 {
		return 0
	}
	if len(ra) > len(rb) {
		ra, rb = rb, ra
	}
	window := max(len(rb)/2-1, 0)
	var matchA, matchB [64]bool
	var ma, mb []bool
	if len(rb) > len(matchB) {
		ma, mb = make([]bool, len(ra)), make([]bool, len(rb))
	} else {
		ma, mb = matchA[:len(ra)], matchB[:len(rb)]
	}
	m := 0
	for i, r := range ra {
		lo, hi := max(i-window, 0), min(i+window+1, len(rb))
		for j := lo; j < hi; j++ {
			if !mb[j] && rb[j] == r {
				ma[i], mb[j] = true, true
				m++
				break
			}
		}
	}
	if m == 0 {
		return 0
	}
	t, j := 0, 0
	for i := range ra {
		if !ma[i] {
			continue
		}
		for !mb[j] {
			j++
		}
		if ra[i] != rb[j] {
			t++
		}
		j++
	}
	fm := float64(m)
	jaro := (fm/float64(len(ra)) + fm/float64(len(rb)) + (fm-float64(t)/2)/fm) / 3
	if jaro <= 0.7 {
		return jaro
	}
	l := 0
	for l < 4 && l < len(ra) && ra[l] == rb[l] {
		l++
	}
	return jaro + float64(l)*0.1*(1-jaro)
}

// toRunes decodes s into buf, growing it only for long strings.
func toRunes(s string, buf []rune) []rune {
	if ascii(s) {
		for i := 0; i < len(s); i++ {
			buf = append(buf, rune(s[i]))
		}
		return buf
	}
	for len(s) > 0 {
		r, n := utf8.DecodeRuneInString(s)
		buf = append(buf, r)
		s = s[n:]
	}
	return buf
}
