package names

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// maxKeys caps the keys of one name part, and maxSteps the work of
// segmenting one word, so that odd input cannot blow up.
const (
	maxKeys  = 16
	maxSteps = 4096
)

// Classes of the Korean key, in jamo order (see the package documentation).
var (
	leadClass  = [19]byte{'K', 'K', 'N', 'T', 'T', 'R', 'M', 'P', 'P', 'S', 'S', 0, 'C', 'C', 'C', 'K', 'T', 'P', 'H'}
	vowelClass = [21]string{"a", "e", "ya", "e", "o", "e", "yo", "e", "o", "wa", "we", "we", "yo", "o", "wo", "we", "wi", "yo", "o", "i", "i"}
)

// appendSyllable appends one key syllable. The onsets ㄴ, ㄹ and none are
// dropped before i and y vowels, and ㄹ becomes ㄴ before the others: the
// initial-sound rule of the South (리 → 이, 류 → 유, 로 → 노) applied
// everywhere, so that northern and southern spellings meet.
func appendSyllable(dst []byte, on byte, v string, co byte) []byte {
	if on == 'R' || on == 'N' || on == 0 {
		if v[0] == 'i' || v[0] == 'y' {
			on = 0
		} else if on == 'R' {
			on = 'N'
		}
	}
	if on != 0 {
		dst = append(dst, on)
	}
	dst = append(dst, v...)
	if co != 0 {
		dst = append(dst, co)
	}
	return dst
}

// hangulKey returns the key of a word of Hangul syllables.
func hangulKey(s string) (string, bool) {
	var buf [64]byte
	b := buf[:0]
	n := 0
	for _, r := range s {
		syl, ok := DecomposeSyllable(r)
		if !ok {
			return "", false
		}
		b = appendSyllable(b, leadClass[syl.Lead], vowelClass[syl.Vowel], tailClass[syl.Tail])
		n++
	}
	return string(b), n > 0
}

// unit is one entry of a segmentation inventory: the letters and the key
// class they stand for.
type unit struct {
	text       string
	class      string
	final      bool // a coda allowed only at the end of the word
	prevocalic bool // a coda allowed only before a vowel (Kontsevich р for ㄹ in 일우 Иру)
}

type inventory struct {
	onsets, vowels, codas []unit
	silentH               bool // a written h after a vowel may be silent (Ahn, Oh, Uhm)
}

// latinKorean is the inventory of Latin spellings of Korean syllables: the
// letters of RR, MR and the DPRK system after [Normalize] (breves and
// apostrophes gone) and the customary spellings (oo, ee, ou, oi, ai).
// Longer spellings come first; every segmentation is tried.
var latinKorean = inventory{
	onsets: []unit{
		{"tch", "C", false, false}, {"kk", "K", false, false}, {"tt", "T", false, false}, {"pp", "P", false, false}, {"ss", "S", false, false},
		{"jj", "C", false, false}, {"ch", "C", false, false}, {"kh", "K", false, false}, {"th", "T", false, false}, {"ph", "P", false, false},
		{"sh", "S", false, false}, {"rh", "R", false, false}, {"ts", "C", false, false}, {"g", "K", false, false}, {"k", "K", false, false},
		{"d", "T", false, false}, {"t", "T", false, false}, {"b", "P", false, false}, {"p", "P", false, false}, {"j", "C", false, false},
		{"c", "C", false, false}, {"z", "C", false, false}, {"s", "S", false, false}, {"h", "H", false, false}, {"m", "M", false, false},
		{"n", "N", false, false}, {"r", "R", false, false}, {"l", "R", false, false},
	},
	vowels: []unit{
		{"yeo", "yo", false, false}, {"yae", "e", false, false}, {"yoo", "yo", false, false}, {"you", "yo", false, false},
		{"wae", "we", false, false}, {"weo", "wo", false, false}, {"woo", "o", false, false}, {"wee", "wi", false, false},
		{"eui", "i", false, false}, {"yu", "yo", false, false}, {"yo", "yo", false, false}, {"ya", "ya", false, false},
		{"ye", "e", false, false}, {"yi", "i", false, false}, {"wa", "wa", false, false}, {"wo", "wo", false, false},
		{"we", "we", false, false}, {"wi", "wi", false, false}, {"wu", "o", false, false}, {"eo", "o", false, false},
		{"eu", "o", false, false}, {"ae", "e", false, false}, {"ai", "e", false, false}, {"oe", "we", false, false},
		{"oi", "we", false, false}, {"oy", "we", false, false}, {"oo", "o", false, false}, {"ou", "o", false, false},
		{"ee", "i", false, false}, {"ui", "i", false, false}, {"a", "a", false, false}, {"e", "e", false, false},
		{"i", "i", false, false}, {"o", "o", false, false}, {"u", "o", false, false},
	},
	codas: []unit{
		{"ng", "G", false, false}, {"ck", "K", false, false}, {"n", "N", false, false}, {"k", "K", false, false}, {"l", "L", false, false},
		{"m", "M", false, false}, {"p", "P", false, false}, {"t", "T", false, false}, {"b", "P", true, false}, {"g", "K", true, false}, {"r", "L", false, true},
	},
	silentH: true,
}

// cyrillicKorean is the inventory of Korean syllables in Russian Cyrillic:
// the Kontsevich system and the older press and Koryo-saram spellings
// (чж, дж, ц for ㅈ; е for ㅓ as in Чен; ой for ㅚ as in Цой). Final н is
// ㄴ or ㅇ, which Kontsevich does not tell apart.
var cyrillicKorean = inventory{
	onsets: []unit{
		{"чх", "C", false, false}, {"чч", "C", false, false}, {"чж", "C", false, false}, {"дж", "C", false, false}, {"ч", "C", false, false},
		{"ц", "C", false, false}, {"ж", "C", false, false}, {"тх", "T", false, false}, {"тт", "T", false, false}, {"т", "T", false, false},
		{"д", "T", false, false}, {"кх", "K", false, false}, {"кк", "K", false, false}, {"к", "K", false, false}, {"г", "K", false, false},
		{"пх", "P", false, false}, {"пп", "P", false, false}, {"п", "P", false, false}, {"б", "P", false, false}, {"сс", "S", false, false},
		{"с", "S", false, false}, {"ш", "S", false, false}, {"х", "H", false, false}, {"м", "M", false, false}, {"н", "N", false, false},
		{"р", "R", false, false}, {"л", "R", false, false},
	},
	vowels: []unit{
		{"йя", "ya", false, false}, {"йе", "e", false, false}, {"йо", "yo", false, false}, {"ьо", "yo", false, false}, {"ый", "i", false, false},
		{"ой", "we", false, false}, {"ай", "e", false, false}, {"ва", "wa", false, false}, {"вэ", "we", false, false},
		{"ве", "we", false, false}, {"во", "wo", false, false}, {"ви", "wi", false, false}, {"я", "ya", false, false},
		{"ё", "yo", false, false}, {"ю", "yo", false, false}, {"е", "e", false, false}, {"е", "o", false, false},
		{"э", "e", false, false}, {"а", "a", false, false}, {"о", "o", false, false}, {"у", "o", false, false},
		{"ы", "o", false, false}, {"и", "i", false, false},
	},
	codas: []unit{
		{"нг", "G", false, false}, {"н", "N", false, false}, {"н", "G", false, false}, {"к", "K", false, false}, {"ль", "L", false, false},
		{"л", "L", false, false}, {"м", "M", false, false}, {"п", "P", false, false}, {"т", "T", false, false},
		{"р", "L", false, true}, {"р", "L", true, false}, // Ир for 일 in Ким Ир Сен
	},
}

// ukrainianKorean is the inventory of Korean syllables in Ukrainian
// Cyrillic, as the Ukrainian press and the practical transcription write
// them (Кім Чен Ин, Рі Соль Чу, Чхве Рьон Хе): і for ㅣ, и for ㅡ, ий
// for ㅢ, є for ㅖ, йо and ьо for ㅕ and ㅛ (Ukrainian has no ё); the
// consonants are those of the Russian spellings.
var ukrainianKorean = inventory{
	onsets: append(slices.Clone(cyrillicKorean.onsets), unit{"ґ", "K", false, false}),
	vowels: []unit{
		{"йо", "yo", false, false}, {"ьо", "yo", false, false}, {"ий", "i", false, false}, {"ві", "wi", false, false},
		{"ой", "we", false, false}, {"ай", "e", false, false}, {"ва", "wa", false, false}, {"ве", "we", false, false},
		{"во", "wo", false, false}, {"я", "ya", false, false}, {"ю", "yo", false, false}, {"є", "e", false, false},
		{"ї", "i", false, false}, {"і", "i", false, false}, {"е", "e", false, false}, {"е", "o", false, false},
		{"а", "a", false, false}, {"о", "o", false, false}, {"у", "o", false, false}, {"и", "o", false, false},
	},
	codas: cyrillicKorean.codas,
}

// segmenter enumerates the segmentations of one word into syllables of an
// inventory, depth first, and collects their keys.
type segmenter struct {
	inv    *inventory
	s      string
	buf    []byte
	out    []string
	steps  int
	leaves int      // complete segmentations found, duplicates included
	dead   [65]bool // suffixes known to have no segmentation
}

func (p *segmenter) walk(i int) {
	p.steps++
	if len(p.out) >= maxKeys || p.steps > maxSteps || p.dead[i] {
		return
	}
	before := p.leaves
	defer func() {
		if p.leaves == before && p.steps <= maxSteps {
			p.dead[i] = true
		}
	}()
	if i == len(p.s) {
		p.leaves++
		if k := string(p.buf); !slices.Contains(p.out, k) {
			p.out = append(p.out, k)
		}
		return
	}
	mark := len(p.buf)
	for _, o := range p.inv.onsets {
		if strings.HasPrefix(p.s[i:], o.text) {
			p.onset(i+len(o.text), o.class[0], mark)
		}
	}
	// No empty onset inside the customary ee and oo (Lee, Soo are one
	// syllable, not le-e, so-o).
	if i == 0 || !(p.s[i] == p.s[i-1] && (p.s[i] == 'e' || p.s[i] == 'o')) {
		p.onset(i, 0, mark)
	}
}

func (p *segmenter) onset(j int, on byte, mark int) {
	for _, v := range p.inv.vowels {
		if !strings.HasPrefix(p.s[j:], v.text) {
			continue
		}
		k := j + len(v.text)
		p.nucleus(k, on, v.class, mark)
		if p.inv.silentH && k < len(p.s) && p.s[k] == 'h' && (k+1 == len(p.s) || !latinVowel(p.s[k+1])) {
			p.nucleus(k+1, on, v.class, mark)
		}
	}
}

func (p *segmenter) nucleus(k int, on byte, v string, mark int) {
	p.buf = appendSyllable(p.buf[:mark], on, v, 0)
	p.walk(k)
	for _, c := range p.inv.codas {
		end := k + len(c.text)
		if strings.HasPrefix(p.s[k:], c.text) && (!c.final || end == len(p.s)) && (!c.prevocalic || p.vowelAt(end)) {
			p.buf = appendSyllable(p.buf[:mark], on, v, c.class[0])
			p.walk(end)
		}
	}
	p.buf = p.buf[:mark]
}

// vowelAt reports whether a vowel of the inventory starts at i.
func (p *segmenter) vowelAt(i int) bool {
	for _, v := range p.inv.vowels {
		if strings.HasPrefix(p.s[i:], v.text) {
			return true
		}
	}
	return false
}

func latinVowel(c byte) bool {
	switch c {
	case 'a', 'e', 'i', 'o', 'u', 'w', 'y':
		return true
	}
	return false
}

// wordKeys returns the keys of one normalised word, or nil when the word
// cannot be read as Korean syllables. Cyrillic is read as Ukrainian when
// ukr is set or the word has a letter only Ukrainian uses (і ї є ґ), else
// as Russian.
func wordKeys(w string, ukr bool) []string {
	r, _ := utf8.DecodeRuneInString(w)
	switch {
	case isHangul(r):
		if k, ok := hangulKey(w); ok {
			return []string{k}
		}
		return nil
	case 'a' <= r && r <= 'z':
		for i := 0; i < len(w); i++ {
			if w[i] < 'a' || w[i] > 'z' {
				return nil
			}
		}
		return segment(&latinKorean, w)
	case 0x400 <= r && r <= 0x4FF:
		// ъ separates syllables (Kontsevich writes ㅇ before a vowel as нъ);
		// ь only softens л.
		inv := &cyrillicKorean
		if ukr || isUkrainianText(w) {
			inv = &ukrainianKorean
		}
		var keys []string
		for i, part := range strings.Split(w, "ъ") {
			part = dropSoftSigns(part)
			for _, c := range part {
				if (c < 0x430 || c > 0x451) && c != 'і' && c != 'ї' && c != 'є' && c != 'ґ' {
					return nil
				}
			}
			ks := segment(inv, part)
			if ks == nil {
				return nil
			}
			if i == 0 {
				keys = ks
				continue
			}
			keys = product(keys, ks)
		}
		return keys
	}
	return nil
}

// dropSoftSigns removes ь except after л, where it marks the final ㄹ,
// and before о, where Ukrainian writes ьо for the ё it lacks (Рьон).
func dropSoftSigns(s string) string {
	if !strings.Contains(s, "ь") {
		return s
	}
	var b strings.Builder
	rs := []rune(s)
	for i, r := range rs {
		if r == 'ь' && (i == 0 || rs[i-1] != 'л') && (i+1 == len(rs) || rs[i+1] != 'о') {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func segment(inv *inventory, w string) []string {
	if w == "" || len(w) > 64 {
		return nil
	}
	p := segmenter{inv: inv, s: w, buf: make([]byte, 0, 32)}
	p.walk(0)
	return p.out
}

// product returns every concatenation of a key of a with a key of b, at
// most maxKeys of them.
func product(a, b []string) []string {
	out := make([]string, 0, min(len(a)*len(b), maxKeys))
	for _, x := range a {
		for _, y := range b {
			k := x + y
			if len(out) < maxKeys && !slices.Contains(out, k) {
				out = append(out, k)
			}
		}
	}
	return out
}

// appendSurnameKeys appends to keys those of the keys of every surname c
// (a Compact spelling) may stand for that keys lacks.
func appendSurnameKeys(keys []string, c string) []string {
	d := surnames()
	for _, i := range d.index[c] {
		for _, k := range d.keys[i] {
			if !slices.Contains(keys, k) {
				keys = append(keys, k)
			}
		}
	}
	return keys
}

// KoreanKeys returns the Korean keys of a name part (a family name or a
// given name) written in Hangul, Latin or Cyrillic letters, sorted. The
// words of the part are read as Korean syllables in every way the
// inventories of RR, MR, the DPRK system, customary spellings and the
// Kontsevich system allow, and their keys are concatenated, so that
// "Chol Su", "Chol-su", "Cholsu", "Ch'ŏlsu", "Chul-soo", "Чхольсу" and
// "철수" share the key CoLSo. A spelling found in the surname table adds
// the keys of that surname (Park, Hur, Цой, Тен). KoreanKeys returns nil
// when the part cannot be read as Korean (Ivanov, Свердликово) or is
// empty. At most 16 keys are returned.
func KoreanKeys(s string) []string { return koreanKeys(s, false) }

// koreanKeys is KoreanKeys, reading Cyrillic as Ukrainian when ukr is set
// (another part of the name is Ukrainian: Кім Ин Чхоль).
func koreanKeys(s string, ukr bool) []string {
	n := Normalize(s)
	if n == "" {
		return nil
	}
	var keys []string
	ok := true
	for i, w := range strings.Fields(n) {
		ks := wordKeys(w, ukr)
		if ks == nil {
			ok = false
			break
		}
		if i == 0 {
			keys = ks
			continue
		}
		keys = product(keys, ks)
	}
	c := strings.ReplaceAll(n, " ", "")
	if !ok {
		// A break put in the wrong place ("Kis-oo" for Ki-soo, "Ji-nhoon"
		// for Jin-hoon) splits the name into pieces that are not
		// syllables; read as one word, it may still be.
		keys = nil
		if strings.Contains(n, " ") {
			keys = wordKeys(c, ukr)
		}
	}
	if ukr && strings.ContainsRune(c, 'и') {
		c = "" // Russian Ли, Ким: in Ukrainian и is ㅡ, and the keys above read it so
	}
	keys = appendSurnameKeys(keys, c)
	slices.Sort(keys)
	if len(keys) > maxKeys {
		keys = keys[:maxKeys]
	}
	return keys
}

// HangulKey returns the one Korean key of a string of Hangul syllables
// (spaces allowed), and false if s holds anything else.
func HangulKey(s string) (string, bool) {
	var b strings.Builder
	for _, w := range strings.Fields(s) {
		k, ok := hangulKey(w)
		if !ok {
			return "", false
		}
		b.WriteString(k)
	}
	return b.String(), b.Len() > 0
}

// KeysMeet reports whether two sorted key lists share a key.
func KeysMeet(a, b []string) bool {
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch c := strings.Compare(a[i], b[j]); {
		case c == 0:
			return true
		case c < 0:
			i++
		default:
			j++
		}
	}
	return false
}

// Keys returns the keys of a name part for blocking: its Korean keys (see
// [KoreanKeys]) and, unless it is Hangul, its phonetic key (see
// [PhoneticKey]) with the spaces removed and prefixed by "~" so that the
// two kinds never collide. Two spellings of one name share at least one
// key: "Kim", "Gim", "Ким" and "김" share KiM; "Ivanov" and "Иванов" share
// ~AVNV. The result is sorted; it is nil for an empty part.
func Keys(s string) []string {
	keys := KoreanKeys(s)
	if DetectScript(s) != Hangul {
		if p := strings.ReplaceAll(PhoneticKey(s), " ", ""); p != "" {
			keys = append(keys, "~"+p)
			slices.Sort(keys)
		}
	}
	return keys
}

// looseUnits are the spellings of the loose key, longest first: every
// onset, vowel and coda of both inventories, with ㄴ, ㄹ and ㅇ as one
// class N.
var looseUnits = func() []unit {
	var us []unit
	add := func(inv *inventory) {
		for _, list := range [][]unit{inv.vowels, inv.onsets, inv.codas} {
			for _, u := range list {
				c := u.class
				switch c {
				case "R", "L", "G":
					c = "N"
				}
				us = append(us, unit{text: u.text, class: c})
			}
		}
	}
	add(&latinKorean)
	add(&cyrillicKorean)
	add(&ukrainianKorean)
	slices.SortStableFunc(us, func(a, b unit) int { return len(b.text) - len(a.text) })
	return us
}()

// looseIndex holds looseUnits by the first byte of their spelling.
var looseIndex = func() (idx [256][]unit) {
	for _, u := range looseUnits {
		idx[u.text[0]] = append(idx[u.text[0]], u)
	}
	return idx
}()

// looseKey returns a key of s in the classes of the Korean key but without
// syllable structure, so that misspelt names that no longer read as Korean
// ("Yogn Jin", "Тонннам") can still be compared with Jaro–Winkler: letters
// are mapped greedily to classes, ㄴ ㄹ ㅇ are one class N, N before i and
// y is dropped and repeated consonant classes collapse.
func looseKey(s string) string {
	n := Normalize(s)
	var raw []byte
	for i := 0; i < len(n); {
		r, size := utf8.DecodeRuneInString(n[i:])
		if syl, ok := DecomposeSyllable(r); ok {
			raw = appendSyllable(raw, leadClass[syl.Lead], vowelClass[syl.Vowel], tailClass[syl.Tail])
			i += size
			continue
		}
		matched := false
		for _, u := range looseIndex[n[i]] {
			if strings.HasPrefix(n[i:], u.text) {
				raw = append(raw, u.class...)
				i += len(u.text)
				matched = true
				break
			}
		}
		if !matched {
			i += size
		}
	}
	out := raw[:0]
	for i, c := range raw {
		switch c {
		case 'R', 'L', 'G':
			c = 'N'
		}
		if c == 'N' && i+1 < len(raw) && (raw[i+1] == 'i' || raw[i+1] == 'y') {
			continue
		}
		if 'A' <= c && c <= 'Z' && len(out) > 0 && out[len(out)-1] == c {
			continue
		}
		out = append(out, c)
	}
	return string(out)
}
