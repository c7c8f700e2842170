package scenario

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/reckonhq/reckon"
)

// writer renders persons as a list writes them.
type writer struct {
	rng *rand.Rand
	s   Scenario
}

func (w *writer) p(x float64) bool { return x > 0 && w.rng.Float64() < x }

func pick[T any](rng *rand.Rand, xs []T) T { return xs[rng.IntN(len(xs))] }

// record writes person x as list p would.
func (w *writer) record(p *Profile, x *person) reckon.Record {
	var r reckon.Record
	sc := p.Scripts[0]
	if len(p.Scripts) > 1 && w.rng.Float64() >= 0.7 {
		sc = p.Scripts[1+w.rng.IntN(len(p.Scripts)-1)]
	}
	fam, given, full := w.name(p, sc, x)
	if p.NameOnly {
		r.Name = full
	} else {
		r.FamilyName, r.GivenName = fam, given
		if w.p(w.s.Rates.OrderSwap / 2) { // the clerk filled the columns the other way round
			r.FamilyName, r.GivenName = given, fam
		}
		if p.FullName {
			r.Name = full
		}
		r.BirthDate = w.date(&r, "birth_date", x.birth, p.Birth, p, true)
		r.DeathDate = w.date(&r, "death_date", x.death, p.Death, p, false)
		r.Rank = w.field(p.Rank, func(l Lang) string { return w.rank(l, x, p.Posthumous) })
		r.DeathPlace = w.field(p.Place, func(l Lang) string { return w.place(l, x) })
		r.HomeTown = w.field(p.Home, func(l Lang) string { return w.town(l, sc, x) })
		r.Sex = w.field(p.Sex, func(l Lang) string {
			return map[Lang]string{Korean: "남", Russian: "м", UkrainianLang: "ч", English: "M"}[l]
		})
	}
	r.Unit = w.field(p.Unit, func(l Lang) string { return w.unit(l, x) })
	return r
}

// field renders a field in language l unless the list lacks it or leaves
// it empty in this record.
func (w *writer) field(l Lang, f func(Lang) string) string {
	if l == NoLang || w.p(w.s.Rates.Missing) {
		return ""
	}
	return f(l)
}

// name returns the family name, the given name and the full name of x in
// script sc, with the list's order and joining and this record's noise.
func (w *writer) name(p *Profile, sc Script, x *person) (fam, given, full string) {
	rt := w.s.Rates
	f := families[x.family]
	parts := make([]string, len(x.given))
	for k, g := range x.given {
		parts[k] = syllableIn(sc, syllables[g])
	}
	switch sc {
	case HangulNorth:
		fam = f.north
	case HangulSouth:
		fam = f.south
	case RR:
		fam = f.rr
	case MR:
		fam = f.mr
	case MRPlain:
		fam = plain(f.mr)
	case DPRK:
		fam = f.dprk
	case Customary:
		fam = f.cust
	case RussianKontsevich:
		fam = f.ruK
	case RussianCustomary:
		fam = f.ruC
	case Ukrainian:
		fam = f.uk
	}
	join := p.Join
	if w.p(rt.OrderSwap) {
		join = Join(w.rng.IntN(3))
	}
	if sc == MR && len(parts) == 2 && join != Split {
		parts[1] = voice(parts[0], parts[1])
	}
	if sc.hangul() {
		given = strings.Join(parts, "")
	} else {
		if w.p(rt.Truncate) {
			parts = truncate(w.rng, parts)
		}
		for k := range parts {
			if k == 0 || join == Split {
				parts[k] = title(parts[k])
			}
		}
		switch join {
		case Hyphen:
			given = strings.Join(parts, "-")
		case Joined:
			given = strings.Join(parts, "")
		case Split:
			given = strings.Join(parts, " ")
		}
		if w.p(rt.Initials) {
			given = initials(w.rng, parts)
		}
	}
	if w.p(rt.Typo) {
		fam = typo(w.rng, fam, sc)
	}
	if w.p(rt.Typo) {
		given = typo(w.rng, given, sc)
	}
	order := p.Order
	if w.p(rt.OrderSwap) {
		order = Order(w.rng.IntN(4))
	}
	if sc.hangul() {
		full = fam + given
		if w.p(0.2) {
			full = fam + " " + given
		}
		if order == WesternOrder {
			full = given + " " + fam
		}
		return fam, given, full
	}
	switch order {
	case KoreanOrder:
		full = fam + " " + given
	case WesternOrder:
		full = given + " " + fam
	case UpperFamily:
		fam = strings.ToUpper(fam)
		full = fam + " " + given
		if w.p(0.3) { // the capitals mark the family name, so it may stand last
			full = given + " " + fam
		}
	case UpperAll:
		fam, given = strings.ToUpper(fam), strings.ToUpper(given)
		full = fam + " " + given
	}
	return fam, given, full
}

func syllableIn(sc Script, y syllable) string {
	switch sc {
	case HangulNorth:
		return y.north
	case HangulSouth:
		return y.south
	case RR:
		return y.rr
	case MR:
		return y.mr
	case MRPlain:
		return plain(y.mr)
	case DPRK:
		return y.dprk
	case Customary:
		return y.cust
	case RussianKontsevich, RussianCustomary:
		return y.ru
	case Ukrainian:
		return y.uk
	}
	return ""
}

// plain drops the breves and apostrophes of McCune–Reischauer.
func plain(s string) string {
	return strings.NewReplacer("ŏ", "o", "ŭ", "u", "Ŏ", "O", "Ŭ", "U", "'", "", "’", "").Replace(s)
}

// voice applies McCune–Reischauer's rule that k, t, p and ch are voiced
// (g, d, b, j) between voiced sounds: after a vowel, n, m, ng or l.
func voice(prev, s string) string {
	last, _ := utf8.DecodeLastRuneInString(prev)
	if !strings.ContainsRune("aeiouŏŭnmgl", last) {
		return s
	}
	for _, v := range []struct{ from, to string }{{"ch", "j"}, {"k", "g"}, {"t", "d"}, {"p", "b"}} {
		if strings.HasPrefix(s, v.from) && !strings.HasPrefix(s[len(v.from):], "'") {
			return v.to + s[len(v.from):]
		}
	}
	return s
}

func title(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// initials writes the given name as initials: R.C., R. C. or R.
func initials(rng *rand.Rand, parts []string) string {
	var b strings.Builder
	sep := pick(rng, []string{".", ". "})
	for k, p := range parts {
		r, _ := utf8.DecodeRuneInString(p)
		b.WriteRune(unicode.ToUpper(r))
		if k < len(parts)-1 {
			b.WriteString(sep)
		} else {
			b.WriteString(".")
		}
	}
	return b.String()
}

// truncate cuts a given name: the first syllable only, or the second cut
// to its first letters.
func truncate(rng *rand.Rand, parts []string) []string {
	if len(parts) < 2 {
		return parts
	}
	if rng.IntN(2) == 0 {
		return parts[:1]
	}
	r := []rune(parts[1])
	return []string{parts[0], string(r[:1+rng.IntN(max(1, len(r)-1))])}
}

// date writes a true date as a list giving it to precision prec would,
// with this record's noise; a malformed value that a Date cannot hold is
// kept in the attribute col+"_as_written".
func (w *writer) date(r *reckon.Record, col string, d reckon.Date, prec reckon.Precision, p *Profile, birth bool) reckon.Date {
	rt := w.s.Rates
	if prec == reckon.Unknown || w.p(rt.Missing) {
		return reckon.Date{}
	}
	t := time.Date(d.Year, time.Month(d.Month), d.Day, 0, 0, 0, 0, time.UTC)
	if birth {
		if p.KoreanAge && w.p(0.5) {
			t = t.AddDate(-1, 0, 0)
		}
		if w.p(rt.DateShift) {
			t = t.AddDate(pick(w.rng, []int{-1, 1}), 0, 0)
		}
	} else if w.p(rt.DateShift) {
		t = t.AddDate(0, 0, pick(w.rng, []int{-5, -4, -3, -2, -1, 1, 2, 3, 4, 5}))
	}
	out := reckon.Date{Year: t.Year(), Month: int(t.Month()), Day: t.Day()}
	if w.p(rt.DatePartial) && prec > reckon.YearOnly {
		prec--
	}
	switch prec {
	case reckon.YearOnly:
		out.Month, out.Day = 0, 0
	case reckon.MonthOnly:
		out.Day = 0
	}
	if prec == reckon.DayKnown && out.Day <= 12 && out.Day != out.Month && w.p(rt.DaySwap) {
		out.Month, out.Day = out.Day, out.Month
	}
	if w.p(rt.Malformed) {
		return w.malformed(r, col, out)
	}
	return out
}

// malformed writes d so that it does not parse: a day or month out of
// range, a day that the month lacks, or text.
func (w *writer) malformed(r *reckon.Record, col string, d reckon.Date) reckon.Date {
	switch w.rng.IntN(5) {
	case 0: // 1945-04-93
		return reckon.Date{Year: d.Year, Month: max(1, d.Month), Day: 32 + w.rng.IntN(68)}
	case 1: // 2025-13-01
		return reckon.Date{Year: d.Year, Month: 13, Day: max(1, d.Day)}
	case 2: // 2025-02-30
		return reckon.Date{Year: d.Year, Month: 2, Day: 30}
	}
	var s string
	if w.rng.IntN(2) == 0 {
		s = fmt.Sprintf("30.02.%d", d.Year)
	} else {
		s = pick(w.rng, []string{"late %d", "early %d", "конец %d", "зима %d", "%d년 말", "кінець %d"})
		s = fmt.Sprintf(s, d.Year)
	}
	if r.Attributes == nil {
		r.Attributes = map[string]string{}
	}
	r.Attributes[col+"_as_written"] = s
	return reckon.Date{}
}

func (w *writer) unit(l Lang, x *person) string {
	c := allCorps[x.corps]
	if w.p(w.s.Rates.CorpsOnly) {
		switch l {
		case Korean:
			return pick(w.rng, append([]string{fmt.Sprintf("제%d군단", c.number)}, c.ko...))
		case Russian:
			return pick(w.rng, append([]string{fmt.Sprintf("%d-й корпус", c.number)}, c.ru...))
		case UkrainianLang:
			return pick(w.rng, append([]string{fmt.Sprintf("%d-й корпус", c.number)}, c.uk...))
		}
		return pick(w.rng, append([]string{fmt.Sprintf("%s Corps", ordinal(c.number))}, c.en...))
	}
	b, bn := x.brigade, x.battalion
	var forms []string
	switch l {
	case Korean:
		forms = []string{fmt.Sprintf("제%d려단", b), fmt.Sprintf("%d려단", b), fmt.Sprintf("제%d려단 제%d대대", b, bn), fmt.Sprintf("%s 제%d려단", c.ko[0], b)}
	case Russian:
		forms = []string{fmt.Sprintf("%d-я отдельная бригада", b), fmt.Sprintf("%d ОБр", b), fmt.Sprintf("%d-й батальон %d-й бригады", bn, b), fmt.Sprintf("в/ч %d-я бригада", b)}
	case UkrainianLang:
		forms = []string{fmt.Sprintf("%d-та окрема бригада", b), fmt.Sprintf("%d ОБр", b), fmt.Sprintf("%d-й батальйон %d-ї бригади", bn, b)}
	default:
		forms = []string{fmt.Sprintf("%s Brigade", ordinal(b)), fmt.Sprintf("Bde %d", b), fmt.Sprintf("%d Bde", b), fmt.Sprintf("%s Bn, %s Brigade", ordinal(bn), ordinal(b))}
	}
	return pick(w.rng, forms)
}

func ordinal(n int) string {
	suf := "th"
	if n%100 < 11 || n%100 > 13 {
		switch n % 10 {
		case 1:
			suf = "st"
		case 2:
			suf = "nd"
		case 3:
			suf = "rd"
		}
	}
	return fmt.Sprint(n) + suf
}

func (w *writer) rank(l Lang, x *person, posthumous bool) string {
	k := x.rank
	if posthumous && w.p(w.s.Rates.Posthumous) {
		k = min(k+1, len(ranks)-1)
	}
	r := ranks[k]
	switch l {
	case Korean:
		return r.ko
	case Russian:
		return pick(w.rng, r.ru)
	case UkrainianLang:
		return pick(w.rng, r.uk)
	}
	return pick(w.rng, r.en)
}

func (w *writer) place(l Lang, x *person) string {
	pl := places[x.place]
	d := districts[pl.district]
	switch l {
	case Korean:
		switch {
		case pl.ko != "" && w.p(0.6):
			return pick(w.rng, []string{pl.ko, "쿠르스크주 " + pl.ko})
		case d.ko != "" && w.p(0.5):
			return "쿠르스크주 " + d.ko
		}
		return pick(w.rng, []string{"쿠르스크주", "쿠르스크 지역"})
	case Russian:
		return pick(w.rng, []string{pl.ru, "с. " + pl.ru, pl.ru + ", Курская область", pl.ru + " (" + d.ru + ", Курская обл.)", d.ru + ", Курская область"})
	case UkrainianLang:
		return pick(w.rng, []string{pl.uk, "с. " + pl.uk, pl.uk + ", Курська область", d.uk + " Курської області"})
	}
	name := pl.en
	if w.p(0.3) {
		name = pl.ua
	}
	return pick(w.rng, []string{name, name + ", Kursk Oblast", "near " + name, name + ", Kursk region", d.en + ", Kursk"})
}

func (w *writer) town(l Lang, sc Script, x *person) string {
	t := towns[x.town]
	switch l {
	case Korean:
		return pick(w.rng, []string{t.ko, t.province + " " + t.ko, t.ko + "시"})
	case Russian:
		return pick(w.rng, []string{t.ru, "г. " + t.ru})
	case UkrainianLang:
		return pick(w.rng, []string{t.uk, "м. " + t.uk})
	}
	switch sc {
	case MR:
		return t.mr
	case MRPlain:
		return plain(t.mr)
	}
	return pick(w.rng, []string{t.dprk, t.dprk + " City"})
}

// typo makes one slip of the pen or keyboard in s, of a kind that the
// script allows: in Hangul a vowel, final or initial jamo changed, in
// Latin and Cyrillic a letter dropped, doubled, swapped with the next or
// replaced by a look-alike or sound-alike.
func typo(rng *rand.Rand, s string, sc Script) string {
	r := []rune(s)
	if len(r) == 0 {
		return s
	}
	if sc.hangul() {
		return hangulTypo(rng, r)
	}
	i := rng.IntN(len(r))
	switch rng.IntN(4) {
	case 0:
		if len(r) > 2 {
			return string(append(r[:i:i], r[i+1:]...))
		}
	case 1:
		return string(append(r[:i+1:i+1], r[i:]...))
	case 2:
		if i+1 < len(r) && r[i+1] != ' ' && r[i] != ' ' {
			r[i], r[i+1] = r[i+1], r[i]
			return string(r)
		}
	}
	subs := latinSubs
	if sc.cyrillic() {
		subs = cyrillicSubs
	}
	lower := unicode.ToLower(r[i])
	if alt, ok := subs[lower]; ok {
		n := []rune(alt)[rng.IntN(utf8.RuneCountInString(alt))]
		if unicode.IsUpper(r[i]) {
			n = unicode.ToUpper(n)
		}
		r[i] = n
		return string(r)
	}
	return string(append(r[:i:i], r[i+1:]...))
}

var latinSubs = map[rune]string{
	'a': "eo", 'e': "ai", 'o': "ua", 'u': "oy", 'i': "ey", 'y': "iu", 'k': "gc", 'g': "kq", 'c': "kx", 'h': "jn",
	'n': "mb", 'm': "n", 'r': "lt", 'l': "rk", 's': "zd", 'j': "ch", 'p': "bo", 'b': "pv", 't': "dr", 'd': "ts", 'w': "vq",
}

var cyrillicSubs = map[rune]string{
	'а': "оя", 'о': "аё", 'е': "ёэи", 'ё': "ео", 'и': "ыйі", 'ы': "и", 'і': "иї", 'й': "и", 'у': "юо", 'ю': "у",
	'н': "мт", 'м': "н", 'ч': "цщ", 'ц': "ч", 'с': "зш", 'з': "с", 'к': "гх", 'г': "к", 'х': "к", 'л': "р",
	'р': "л", 'п': "б", 'т': "д", 'д': "т", 'ь': "ъ", 'э': "е", 'я': "а", 'ш': "щ",
}

// hangulTypo changes one jamo of one syllable, or swaps the vowels of two.
func hangulTypo(rng *rand.Rand, r []rune) string {
	var idx []int
	for i, c := range r {
		if c >= 0xAC00 && c <= 0xD7A3 {
			idx = append(idx, i)
		}
	}
	if len(idx) == 0 {
		return string(r)
	}
	i := idx[rng.IntN(len(idx))]
	s := int(r[i] - 0xAC00)
	l, v, t := s/588, (s%588)/28, s%28
	switch rng.IntN(4) {
	case 0: // a confusable vowel: ㅓ/ㅗ, ㅐ/ㅔ, ㅕ/ㅛ, ㅜ/ㅡ, ㅚ/ㅙ/ㅞ
		alt := map[int][]int{4: {8}, 8: {4}, 1: {5}, 5: {1}, 6: {12}, 12: {6}, 13: {18}, 18: {13}, 11: {10, 15}, 10: {11}, 15: {11}, 0: {4}, 20: {19}, 19: {20}}
		if a, ok := alt[v]; ok {
			v = a[rng.IntN(len(a))]
		}
	case 1: // the final consonant: dropped, or ㅇ/ㄴ/ㅁ confused
		alt := map[int][]int{0: {4, 21}, 4: {21, 16, 0}, 21: {4, 0}, 16: {4}, 8: {0}, 1: {0}}
		if a, ok := alt[t]; ok {
			t = a[rng.IntN(len(a))]
		} else {
			t = 0
		}
	case 2: // the initial: ㄹ/ㄴ/ㅇ, ㅈ/ㅊ, ㄱ/ㅋ, ㄷ/ㅌ, ㅂ/ㅍ
		alt := map[int][]int{5: {2, 11}, 2: {5}, 11: {5, 2}, 12: {14}, 14: {12}, 0: {15}, 15: {0}, 3: {16}, 16: {3}, 7: {17}, 17: {7}}
		if a, ok := alt[l]; ok {
			l = a[rng.IntN(len(a))]
		}
	default: // swap the vowels of two syllables
		if len(idx) > 1 {
			j := idx[rng.IntN(len(idx))]
			for j == i {
				j = idx[rng.IntN(len(idx))]
			}
			s2 := int(r[j] - 0xAC00)
			v2 := (s2 % 588) / 28
			r[j] = rune(0xAC00 + (s2/588)*588 + v*28 + s2%28)
			v = v2
		}
	}
	r[i] = rune(0xAC00 + l*588 + v*28 + t)
	return string(r)
}

func newRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 0x6b75727331)) }
