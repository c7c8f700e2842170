package places

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/reckonhq/reckon/names"
)

// maxInput caps the bytes of a place that are read; maxParts the parts kept.
const (
	maxInput = 512
	maxParts = 6
)

// Kind is the administrative level of a part of a place.
type Kind int

// The kinds, most specific first.
const (
	Unspecified Kind = iota // no marker: a bare name ("Kursk", "함흥")
	Settlement              // village, town or city: село, с., пгт, г., місто, хутор, village, -ri, 리, 동, 읍, 면, 시
	District                // район, р-н, raion, district, county, 군, 구, 구역
	Region                  // область, обл., край, oblast, region, province, 도, 특별시, 광역시
)

var kindNames = [...]string{"", "settlement", "district", "region"}

// String returns the lower-case name of the kind, "" for Unspecified.
func (k Kind) String() string {
	if k < 0 || int(k) >= len(kindNames) {
		return "kind(?)"
	}
	return kindNames[k]
}

// Direction is the half of a Korean province that a name gives: 함경남도
// is South Hamgyong (Hamgyŏng-namdo), 평안북도 North Phyongan.
type Direction int8

// The directions.
const (
	NoDirection Direction = iota
	North
	South
)

// Part is one named part of a place: a settlement, a district or a region,
// its administrative words removed.
type Part struct {
	Name      string // normalised (names.Normalize), without markers: "курская", "함흥", "plekhovo"
	Kind      Kind   // from its marker; the most specific bare name of a place of several parts is a Settlement
	Direction Direction
	forms     []form // the readings compared: the name, and for adjectival region names their stems
}

// form is one reading of a name, normalised and keyed once.
type form struct {
	compact  string   // names.Compact
	latin    string   // Latin letters, no spaces, for Jaro–Winkler
	phonetic string   // names.PhoneticKey without spaces
	korean   []string // names.KoreanKeys
	script   names.Script
	skeleton string // consonant letters of a Cyrillic name, see skeleton
	labial   string // phonetic with the labials folded, see labialKey
	// hangulOnly: the Korean keys of a stem, compared only with Hangul
	hangulOnly bool
}

// Place is a place name prepared for comparison: its parts, most specific
// first. Make one with [Prepare]; the zero Place is an unknown place.
type Place struct {
	Parts []Part
}

// IsZero reports whether p has no part: nothing was recognised.
func (p *Place) IsZero() bool { return len(p.Parts) == 0 }

// String returns the parts with their kinds: "Плехово (settlement), Курская (region)".
func (p Place) String() string {
	var b strings.Builder
	for i, pt := range p.Parts {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(pt.Name)
		var tags []string
		if pt.Kind != Unspecified {
			tags = append(tags, pt.Kind.String())
		}
		switch pt.Direction {
		case North:
			tags = append(tags, "north")
		case South:
			tags = append(tags, "south")
		}
		if len(tags) > 0 {
			b.WriteString(" (" + strings.Join(tags, " ") + ")")
		}
	}
	return b.String()
}

// Keys returns blocking keys of the most specific part of p: its phonetic
// keys and Korean keys (see package names), sorted and without
// duplicates; two places that Compare as Same share a key. Nil for the
// zero Place.
func (p *Place) Keys() []string {
	if len(p.Parts) == 0 {
		return nil
	}
	var ks []string
	for _, f := range p.Parts[0].forms {
		if f.phonetic != "" {
			ks = append(ks, "~"+f.phonetic)
		}
		ks = append(ks, f.korean...)
		if f.labial != "" {
			ks = append(ks, "^"+f.labial)
		}
		ks = append(ks, "="+f.compact)
	}
	slices.Sort(ks)
	return slices.Compact(ks)
}

// Prepare reads a place name written in Korean, Russian, Ukrainian or
// English (or a romanisation) into its parts, removes the administrative
// words and keys each part for comparison. It never fails; a string with
// no name in it gives the zero Place.
//
// Parts are separated by commas, semicolons, slashes or parentheses, or
// by the administrative words themselves ("Курская обл. Суджанский р-н
// с. Плехово", "함경남도 함흥시"). A marker before a name (с., село, г.,
// город, пос., пгт, смт, м., місто, хутор, village of) makes it a
// settlement; after it (область, обл., район, р-н, oblast, region,
// province, district, and the Korean suffixes 도, 시, 군, 구, 읍, 면, 리,
// 동 and their hyphenated romanisations -do, -si, -gun, -ri …) its kind.
// Country names (Russia, Україна, 조선 …) and prepositions (в, під, near)
// are dropped. The adjectival names of regions and districts are also read
// as their stems, so that Курская область, Курська область, Kurskaya
// oblast and Kursk oblast all read Kursk.
func Prepare(s string) Place {
	if len(s) > maxInput {
		s = s[:maxInput]
	}
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "")
	}
	var raw []Part
	hangulFirst := false // Korean writes the general part first
	for _, seg := range segments(s) {
		ps := parseSegment(seg)
		raw = append(raw, ps...)
	}
	raw = slices.DeleteFunc(raw, func(p Part) bool { return isCountry(p.Name) })
	if len(raw) == 0 {
		return Place{}
	}
	for _, p := range raw {
		if r, _ := utf8.DecodeRuneInString(p.Name); isHangul(r) {
			hangulFirst = true
		}
	}
	if hangulFirst {
		slices.Reverse(raw)
	}
	// Most specific first: bare names, then settlements, districts, regions,
	// keeping the written order within a kind.
	slices.SortStableFunc(raw, func(a, b Part) int { return int(a.Kind) - int(b.Kind) })
	if len(raw) > maxParts {
		raw = raw[:maxParts]
	}
	if len(raw) > 1 && raw[0].Kind == Unspecified && !slices.ContainsFunc(raw, func(p Part) bool { return p.Kind == Settlement }) {
		raw[0].Kind = Settlement
	}
	for i := range raw {
		if raw[i].Kind == Region && raw[i].Direction == NoDirection {
			raw[i].Direction = latinDirection(raw[i].Name)
		}
		raw[i].forms = readings(raw[i].Name, raw[i].Kind)
	}
	return Place{Parts: raw}
}

// segments splits s at the separators of the parts of a place.
func segments(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		switch r {
		case ',', ';', '/', '|', '(', ')', '[', ']', '\n', '\\', '«', '»', '"':
			return true
		}
		return false
	})
}

// word is one word of a segment: its normalised form and whether a hyphen
// joined it to the word before (Hamhung-si).
type word struct {
	text   string
	hyphen bool
}

// words splits a segment into words at spaces and dots (г.Курск),
// keeping hyphens inside words (р-н, Николаево-Дарьино) but splitting a
// hyphenated Korean suffix off its name (Hamgyongnam-do, Hamhung-si).
func words(seg string) []word {
	var out []word
	for _, np := range []string{"н.п.", "Н.п.", "н. п.", "Н. п.", "Н.П."} {
		seg = strings.ReplaceAll(seg, np, " нп ")
	}
	for _, f := range strings.FieldsFunc(seg, func(r rune) bool { return unicode.IsSpace(r) || r == '.' }) {
		if lw := strings.ToLower(f); whole[lw] != 0 {
			out = append(out, word{text: lw})
			continue
		}
		if i := strings.LastIndexAny(f, "-‐‑–"); i > 0 {
			_, size := utf8.DecodeRuneInString(f[i:])
			if tail := names.Normalize(f[i+size:]); hyphenSuffix[tail].kind != Unspecified {
				if head := names.Normalize(f[:i]); head != "" {
					out = append(out, word{text: head})
				}
				out = append(out, word{text: tail, hyphen: true})
				continue
			}
		}
		if w := names.Normalize(f); w != "" {
			out = append(out, word{text: w})
		}
	}
	return out
}

// parseSegment reads the parts of one segment.
func parseSegment(seg string) []Part {
	var out []Part
	var cur []string
	kind, dir := Unspecified, NoDirection
	flush := func(k Kind) {
		if n := len(cur); n > 1 && (k == Region || k == District) && isAdjectival(cur[n-1]) {
			// "Плехово Суджанского района": a name, then the adjective of
			// the district or region
			out = append(out, Part{Name: strings.Join(cur[:n-1], " ")})
			cur = cur[n-1:]
		}
		if len(cur) > 0 {
			out = append(out, Part{Name: strings.Join(cur, " "), Kind: k, Direction: dir})
		}
		cur, kind, dir = cur[:0], Unspecified, NoDirection
	}
	for _, w := range words(seg) {
		t := w.text
		if m, ok := hyphenSuffix[t]; ok && w.hyphen {
			if m.dir != NoDirection {
				dir = m.dir
			}
			flush(m.kind)
			continue
		}
		if k := whole[t]; k != 0 {
			switch {
			case k == Settlement && prefixOnly[t]:
				flush(kind)
				kind = Settlement
			case k == Settlement:
				// village, town, city: after a bare name it is a suffix
				if len(cur) > 0 && kind == Unspecified {
					flush(Settlement)
				} else {
					flush(kind)
					kind = Settlement
				}
			default:
				if len(cur) > 0 {
					flush(k)
				} else if len(out) > 0 && out[len(out)-1].Kind == Unspecified {
					out[len(out)-1].Kind = k // "Kursk, oblast"
				}
			}
			continue
		}
		if ignore[t] {
			continue
		}
		if d := directionWord(t); d != NoDirection {
			dir = d
			continue
		}
		if r, _ := utf8.DecodeRuneInString(t); isHangul(r) && !strings.Contains(t, " ") {
			if stem, k, d, ok := hangulSuffix(t); ok {
				flush(kind)
				cur = append(cur, stem)
				dir = d
				flush(k)
				continue
			}
		}
		cur = append(cur, t)
	}
	flush(kind)
	return out
}

func isHangul(r rune) bool { return r >= 0xAC00 && r <= 0xD7A3 }

// directionWord reads North and South in the names of Korean provinces.
func directionWord(w string) Direction {
	switch {
	case w == "north" || w == "northern" || strings.HasPrefix(w, "северн") || strings.HasPrefix(w, "північн"):
		return North
	case w == "south" || w == "southern" || strings.HasPrefix(w, "южн") || strings.HasPrefix(w, "південн"):
		return South
	}
	return NoDirection
}

// latinDirection reads the direction that a romanised province name
// carries at its end: Hamgyongnam (-do) is South, Phyonganbuk North.
func latinDirection(name string) Direction {
	if r, _ := utf8.DecodeRuneInString(name); r >= 0x80 || len(name) < 7 {
		return NoDirection
	}
	switch {
	case strings.HasSuffix(name, "nam"):
		return South
	case strings.HasSuffix(name, "buk") || strings.HasSuffix(name, "puk"):
		return North
	}
	return NoDirection
}

// hangulSuffix splits a Korean administrative suffix off a word when at
// least two syllables of name remain, so that 함흥시 is 함흥 but 강동 (a
// name ending in 동) is kept whole.
func hangulSuffix(w string) (stem string, k Kind, d Direction, ok bool) {
	for _, s := range hangulSuffixes {
		if !strings.HasSuffix(w, s.suffix) {
			continue
		}
		stem := strings.TrimSuffix(w, s.suffix)
		if n := utf8.RuneCountInString(stem); n < 2 || s.suffix == "주" && n < 3 {
			return "", 0, 0, false
		}
		return stem, s.kind, s.dir, true
	}
	return "", 0, 0, false
}

// isCountry reports whether a part names a country, which says nothing
// about where in it a person died.
func isCountry(name string) bool {
	return countries[strings.ReplaceAll(name, " ", "")]
}
