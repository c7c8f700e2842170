package synth

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/names"
)

// Writing styles of the lists.
const (
	styleHangul      = iota // state media: northern Hangul
	styleCyrillic           // captured documents: Russian Cyrillic
	styleDPRK               // intelligence release: DPRK romanisation, Ukrainian places
	styleSouth              // press: South Korean spellings, English order
	styleMR                 // OSINT: McCune–Reischauer, with or without diacritics
	styleSouthHangul        // OSINT: southern Hangul (이, 임)
	nStyles
)

// record writes person p as list j would.
func (g *generator) record(p *Person, j int, list string) reckon.Record {
	st := j
	if j >= len(listStyles) {
		st = g.rng.IntN(nStyles)
	}
	r := reckon.Record{List: list}
	fam, giv, full := g.name(p, st)
	r.Name = full
	if !g.chance(g.nameOnly(st)) {
		r.FamilyName, r.GivenName = fam, giv
	}
	if g.chance(0.9) {
		r.Sex = "M"
	}
	r.BirthDate = g.date(p.Birth, st, true)
	r.DeathDate = g.date(p.Death, st, false)
	r.DeathPlace = g.place(p, st)
	if !g.chance(g.o.Missing) {
		r.Unit = unit(p, st, g.rng.IntN(2) == 0)
	}
	if !g.chance(g.o.Missing) {
		r.Rank = rank(p, st)
	}
	if !g.chance(g.o.Missing + 0.3) {
		r.HomeTown = town(p, st)
	}
	return r
}

// nameOnly is the probability that a style gives only the full name, not
// the family and given name columns.
func (g *generator) nameOnly(st int) float64 {
	switch st {
	case styleHangul:
		return 0.3
	case styleCyrillic:
		return 0.1
	case styleDPRK:
		return 0.2
	case styleSouth:
		return 0.5
	}
	return 0.7
}

// name returns the family name, given name and full name of p in style st.
func (g *generator) name(p *Person, st int) (fam, giv, full string) {
	swap := false
	sep := " "
	switch st {
	case styleHangul, styleSouthHangul:
		fam = p.FamilyNorth
		if st == styleSouthHangul {
			fam = p.Family
		}
		giv = p.Given
		if g.chance(g.o.Typos) {
			giv = g.hangulTypo(giv)
		}
		if g.chance(0.8) {
			sep = ""
		}
	case styleCyrillic:
		fam = p.surname.Cyrillic[0]
		if len(p.surname.Cyrillic) > 1 && g.chance(0.3) {
			fam = p.surname.Cyrillic[1+g.rng.IntN(len(p.surname.Cyrillic)-1)]
		}
		switch u := g.rng.Float64(); {
		case u < 0.7:
			_, giv = names.RomanizeName("", p.Given, names.Kontsevich)
		case u < 0.85:
			giv = g.splitGiven(p.Given, names.Kontsevich, " ")
		default:
			giv = g.splitGiven(p.Given, names.Kontsevich, "-")
		}
		fam, giv = g.typo(fam, giv)
		if g.chance(0.1) {
			fam, giv = strings.ToUpper(fam), strings.ToUpper(giv)
		} else if g.chance(0.3) {
			fam = strings.ToUpper(fam)
		}
	case styleDPRK:
		fam, giv = names.RomanizeName(p.FamilyNorth, p.Given, names.DPRK)
		if g.chance(0.3) {
			_, giv = names.RomanizeName("", p.Given, names.MRPlain) // Chol-su
		}
		fam, giv = g.typo(fam, giv)
		if g.chance(0.2) {
			fam = strings.ToUpper(fam)
		}
	case styleSouth:
		sys := names.Customary
		if g.chance(0.4) {
			sys = names.RR
		}
		fam, _ = names.RomanizeName(p.Family, "", names.Customary)
		if len(p.surname.Customary) > 1 && g.chance(0.25) {
			fam = p.surname.Customary[g.rng.IntN(len(p.surname.Customary))]
		}
		_, giv = names.RomanizeName("", p.Given, sys)
		if sys == names.RR && utf8.RuneCountInString(p.Given) > 1 && g.chance(0.6) {
			giv = hyphenate(p.Given, sys) // Cheol-su
		}
		fam, giv = g.typo(fam, giv)
		swap = g.chance(0.3)
	case styleMR:
		sys := names.MR
		if g.chance(0.5) {
			sys = names.MRPlain
		}
		fam, giv = names.RomanizeName(p.Family, p.Given, sys)
		if g.chance(0.4) {
			fam, _ = names.RomanizeName(p.FamilyNorth, "", names.DPRK) // Ri rather than Yi
		}
		fam, giv = g.typo(fam, giv)
	}
	if swap {
		return fam, giv, giv + " " + fam
	}
	return fam, giv, fam + sep + giv
}

// hyphenate writes a given name syllable by syllable joined by hyphens,
// with only the first letter capitalised.
func hyphenate(hangul string, sys names.System) string {
	var parts []string
	for _, r := range hangul {
		parts = append(parts, strings.ToLower(names.Romanize(string(r), sys)))
	}
	s := strings.Join(parts, "-")
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// splitGiven writes a Hangul given name syllable by syllable in sys,
// joined by sep; after a hyphen the syllable is lower case half the time
// (Чхоль-Су, Чхоль-су).
func (g *generator) splitGiven(hangul string, sys names.System, sep string) string {
	var parts []string
	lower := sep == "-" && g.chance(0.5)
	for i, r := range hangul {
		p := names.Romanize(string(r), sys)
		if i > 0 && lower {
			p = strings.ToLower(p)
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, sep)
}

// typo may put one typo in the given name (most of the time) or the family
// name.
func (g *generator) typo(fam, giv string) (string, string) {
	if !g.chance(g.o.Typos) {
		return fam, giv
	}
	if g.chance(0.25) {
		return g.letterTypo(fam), giv
	}
	return fam, g.letterTypo(giv)
}

// letterTypo deletes, doubles, transposes or substitutes one letter.
func (g *generator) letterTypo(s string) string {
	rs := []rune(s)
	var letters []int
	for i, r := range rs {
		if unicode.IsLetter(r) && i > 0 {
			letters = append(letters, i)
		}
	}
	if len(letters) < 2 {
		return s
	}
	i := letters[g.rng.IntN(len(letters))]
	switch g.rng.IntN(4) {
	case 0:
		return string(rs[:i]) + string(rs[i+1:])
	case 1:
		return string(rs[:i+1]) + string(rs[i:])
	case 2:
		if i+1 < len(rs) && unicode.IsLetter(rs[i+1]) {
			rs[i], rs[i+1] = rs[i+1], rs[i]
			return string(rs)
		}
		return string(rs[:i]) + string(rs[i+1:])
	}
	rs[i] = similar(rs[i], g.rng.IntN(2))
	return string(rs)
}

// similar returns a letter often confused with r.
func similar(r rune, k int) rune {
	pairs := map[rune][2]rune{
		'a': {'e', 'o'}, 'e': {'a', 'i'}, 'i': {'e', 'y'}, 'o': {'u', 'a'}, 'u': {'o', 'i'},
		'y': {'i', 'u'}, 'n': {'m', 'g'}, 'm': {'n', 'n'}, 'g': {'k', 'h'}, 'k': {'g', 'c'},
		'l': {'r', 'i'}, 'r': {'l', 'n'}, 's': {'z', 'c'}, 'c': {'k', 's'}, 'h': {'n', 'g'},
		'j': {'i', 'g'}, 'p': {'b', 'o'}, 'b': {'p', 'v'}, 't': {'d', 'r'}, 'd': {'t', 's'},
		'а': {'о', 'я'}, 'о': {'а', 'ё'}, 'е': {'ё', 'и'}, 'ё': {'е', 'о'}, 'и': {'ы', 'е'},
		'у': {'ю', 'о'}, 'ы': {'и', 'у'}, 'н': {'м', 'к'}, 'м': {'н', 'л'}, 'к': {'г', 'х'},
		'х': {'к', 'ж'}, 'л': {'р', 'п'}, 'р': {'л', 'п'}, 'с': {'ш', 'з'}, 'ч': {'ц', 'ш'},
		'п': {'б', 'н'}, 'т': {'д', 'ш'}, 'ю': {'у', 'ё'}, 'ь': {'ъ', 'б'}, 'я': {'а', 'е'},
	}
	lower := unicode.ToLower(r)
	p, ok := pairs[lower]
	if !ok {
		return r
	}
	out := p[k]
	if unicode.IsUpper(r) {
		out = unicode.ToUpper(out)
	}
	return out
}

// hangulTypo changes one syllable of a Hangul name to a near one: a vowel
// confused with its neighbour (ㅓ/ㅗ, ㅕ/ㅛ, ㅐ/ㅔ, ㅡ/ㅜ) or final ㄴ with ㅇ.
func (g *generator) hangulTypo(s string) string {
	rs := []rune(s)
	if len(rs) == 0 {
		return s
	}
	i := g.rng.IntN(len(rs))
	syl, ok := names.DecomposeSyllable(rs[i])
	if !ok {
		return s
	}
	vowels := map[int]int{4: 8, 8: 4, 6: 12, 12: 6, 1: 5, 5: 1, 18: 13, 13: 18}
	if v, ok := vowels[syl.Vowel]; ok && g.chance(0.6) {
		syl.Vowel = v
	} else if syl.Tail == 4 {
		syl.Tail = 21
	} else if syl.Tail == 21 {
		syl.Tail = 4
	} else if v, ok := vowels[syl.Vowel]; ok {
		syl.Vowel = v
	} else {
		return s
	}
	rs[i] = syl.Rune()
	return string(rs)
}

// date writes a true date as a list would: in full, to the month or year
// only, missing, and now and then wrong by a year or with day and month
// swapped.
func (g *generator) date(d reckon.Date, st int, birth bool) reckon.Date {
	// Probabilities of: missing, year only, month only; the rest is the
	// full date.
	var miss, year, month float64
	switch {
	case st == styleHangul && birth:
		miss, year, month = 0.1, 0.1, 0
	case st == styleHangul:
		miss, year, month = 0.05, 0, 0.2
	case st == styleCyrillic && birth:
		miss, year, month = 0.05, 0.05, 0
	case st == styleCyrillic:
		miss, year, month = 0.5, 0, 0.1
	case st == styleDPRK && birth:
		miss, year, month = 0.2, 0.4, 0
	case st == styleDPRK:
		miss, year, month = 0.2, 0, 0.3
	case birth:
		miss, year, month = 0.2, 0.3, 0.2
	default:
		miss, year, month = 0.2, 0.05, 0.4
	}
	u := g.rng.Float64()
	switch {
	case u < miss:
		return reckon.Date{}
	case u < miss+year:
		d = reckon.Date{Year: d.Year}
	case u < miss+year+month:
		d = reckon.Date{Year: d.Year, Month: d.Month}
	}
	if birth && g.chance(0.03) {
		d.Year += 1 - 2*g.rng.IntN(2)
		if d.Day != 0 {
			d.Day = min(d.Day, daysIn(d.Year, d.Month)) // 29 February a year off
		}
	}
	if d.Day != 0 && d.Day <= 12 && g.chance(0.02) {
		d.Day, d.Month = d.Month, d.Day
	}
	return d
}

func (g *generator) place(p *Person, st int) string {
	pl := kurskPlaces[p.Place]
	if g.chance(g.o.Missing) {
		return ""
	}
	switch st {
	case styleHangul, styleSouthHangul:
		if g.chance(0.7) {
			return ""
		}
		return pl.ko
	case styleCyrillic:
		if g.chance(0.3) {
			return "с. " + pl.ru
		}
		return pl.ru
	case styleDPRK:
		if g.chance(0.25) {
			return pl.uk
		}
		return names.Transliterate(pl.uk, names.Ukrainian2010)
	case styleSouth:
		s := names.Transliterate(pl.ru, names.BGN)
		if g.chance(0.3) {
			s += ", Kursk Oblast"
		}
		return s
	}
	switch g.rng.IntN(3) {
	case 0:
		return pl.ru
	case 1:
		return names.Transliterate(pl.ru, names.GOST779B)
	}
	return names.Transliterate(pl.uk, names.Ukrainian2010)
}

func unit(p *Person, st int, short bool) string {
	switch st {
	case styleHangul, styleSouthHangul:
		return fmt.Sprintf("제%d려단 제%d대대", p.Brigade, p.Battalion)
	case styleCyrillic:
		if short {
			return fmt.Sprintf("%d бр. %d б-н", p.Brigade, p.Battalion)
		}
		return fmt.Sprintf("%d-я бригада, %d-й батальон", p.Brigade, p.Battalion)
	}
	if short {
		return fmt.Sprintf("%d Bde / %d Bn", p.Brigade, p.Battalion)
	}
	return fmt.Sprintf("%d%s Brigade, %d%s Battalion", p.Brigade, ordinal(p.Brigade), p.Battalion, ordinal(p.Battalion))
}

func ordinal(n int) string {
	if n%100/10 == 1 {
		return "th"
	}
	switch n % 10 {
	case 1:
		return "st"
	case 2:
		return "nd"
	case 3:
		return "rd"
	}
	return "th"
}

func rank(p *Person, st int) string {
	switch st {
	case styleHangul, styleSouthHangul:
		return ranks[p.Rank].ko
	case styleCyrillic:
		return ranks[p.Rank].ru
	}
	return ranks[p.Rank].en
}

func town(p *Person, st int) string {
	t := homeTowns[p.HomeTown]
	switch st {
	case styleHangul, styleSouthHangul:
		return t.ko
	case styleCyrillic:
		return t.ru
	case styleDPRK, styleMR:
		return t.dprk
	}
	return t.rr
}
