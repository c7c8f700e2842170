package names

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// Level says how well one part of two names agrees, from worst to best.
type Level int

// The levels of agreement of a name part. Record linkage uses them as
// they are, with Phonetic counted as Key: different < initial < close <
// key < exact.
const (
	Missing   Level = iota // one side or both have no value: no evidence either way
	Different              // the values disagree
	Initial                // one side is initials, consistent with the other's first sounds
	Close                  // a near miss: Jaro–Winkler at the close threshold on the Latin forms, near Korean or loose keys (typos), or a truncation to whole syllables
	Phonetic               // the phonetic keys agree (Russian and Ukrainian names, see PhoneticKey)
	Key                    // the Korean keys meet (Ri and Lee and 리, see KoreanKeys)
	Exact                  // identical after Compact
)

// Fuzzy is the former name of Close, kept for callers written before it.
const Fuzzy = Close

var levelNames = [...]string{"missing", "different", "initial", "close", "phonetic", "key", "exact"}

// String returns the lower-case name of the level.
func (l Level) String() string {
	if l < 0 || int(l) >= len(levelNames) {
		return "unknown"
	}
	return levelNames[l]
}

// Thresholds of the Close level.
const (
	// DefaultClose is the Jaro–Winkler similarity of the Latin forms at
	// which two parts agree at Close, unless Options say otherwise.
	DefaultClose = 0.9
	closeKey     = 0.9 // Jaro–Winkler of the best pair of Korean keys, or of the loose keys
	// closeGate is the Jaro–Winkler similarity of the Latin forms below
	// which keys are not compared for a near miss: keys that differ by a
	// typo have Latin forms alike too, and comparing keys is costly.
	closeGate = 0.7
)

// Options tune [Profile.CompareWith]. The zero value is the default.
type Options struct {
	// Close is the Jaro–Winkler similarity of the Latin forms at which
	// two parts agree at the Close level. 0: DefaultClose (0.9).
	Close float64
}

// Part is one prepared name part. Make one with [Prepare]; the exported
// fields say how it was read.
type Part struct {
	// The fields that comparing reads come first, so that a part's
	// comparison touches two cache lines: candidate pairs meet their
	// profiles in no order, and loading them costs more than comparing.

	Compact string // Compact(Text)
	ch      uint64 // FNV-1a hash of Compact: unequal hashes, unequal forms
	k0      uint64 // the hash of the first key (hs[0]), when nk > 0
	// kmask and pmask hold a bit per hash of a key, of a cut key, to tell
	// quickly that none is shared.
	kmask, pmask uint64
	Keys         []string // KoreanKeys(Text); nil when it does not read as Korean
	// hs holds the FNV-1a hashes of Keys, in their order (the first nk),
	// then the sorted hashes of the keys cut after a whole syllable (see
	// truncated).
	hs       []uint64
	Latin    string // ToLatin(Text) without spaces, for Jaro–Winkler
	Initials bool   // Text is only initials ("C. S.", "R.C."); set for given names only
	surname  bool   // a family name that is a known spelling of a surname (see Surnames)
	family   bool   // a family name
	ascii    bool   // Latin is ASCII
	class    byte   // sound class of the first letter, see InitialClass
	nk       uint8  // how many of hs are hashes of Keys
	nsound   uint8  // how many of sounds are set
	// sounds are the sound classes of the first syllables or initials,
	// see initialsAgree.
	sounds   [4]uint16
	Phonetic string // PhoneticKey(Text) without spaces
	Loose    string // loose Korean key for near misses, see Close
	Text     string // as written
	// TypoKeys, for a family name that is not a known surname, are the
	// keys of the known surnames one typo away: a letter dropped or two
	// adjacent letters swapped (Тххе for Тхе, Koa for Ko, иЛ for Ли,
	// Paark for Park). They make such a pair Close, never Key, and give
	// blocking a way to bring it together.
	TypoKeys []string
	typo     []uint64 // FNV-1a hashes of TypoKeys
}

// kh returns the hashes of the keys of p.
func (p *Part) kh() []uint64 { return p.hs[:p.nk] }

// pre returns the hashes of the cut keys of p.
func (p *Part) pre() []uint64 { return p.hs[p.nk:] }

// Reading is a split of a full name into family and given name.
type Reading struct {
	Family, Given Part
}

// Profile is a [Name] prepared for comparison: its parts normalised and
// keyed once, so that comparing two profiles is cheap and allocates
// nothing. Make one with [Prepare] or [PrepareFull]; the zero Profile is
// an empty name.
type Profile struct {
	// Alt is the other reading of a full name of three words or more:
	// with the first word as the family name when Parse read it
	// otherwise ("Won Tong Jong" is Won + Tong Jong, though Parse takes
	// the commoner Jong), or with the last when Parse took the first and
	// the last is a surname too ("Min Il Han"); nil when there is none.
	// Compare keeps the better reading.
	Alt *Reading
	// Family and Given come first, beside Alt: comparing reads them and
	// nothing else.
	Family Part
	Given  Part
	Name   Name
	Script Script
}

// Prepare normalises and keys the parts of n.
func Prepare(n Name) Profile {
	ukr := isUkrainianText(n.Family) || isUkrainianText(n.Given) || isUkrainianText(n.Patronymic)
	p := Profile{
		Name:   n,
		Script: DetectScript(n.Family + " " + n.Given),
		Family: preparePart(n.Family, false, ukr),
		Given:  preparePart(n.Given, true, ukr),
	}
	packStrings(&p.Family, &p.Given)
	return p
}

// packStrings moves the strings that comparing reads (the Compact,
// Latin, Phonetic and Loose forms and the keys of both parts) into one
// allocation, so that comparing a name met in no particular order loads
// one or two cache lines of text instead of one a string. The keys get a
// slice of their own, as koreanKeys may share its result.
func packStrings(f, g *Part) {
	size := 0
	for _, q := range [2]*Part{f, g} {
		size += len(q.Compact) + len(q.Latin) + len(q.Phonetic) + len(q.Loose)
		for _, k := range q.Keys {
			size += len(k)
		}
	}
	if size == 0 {
		return
	}
	var b strings.Builder
	b.Grow(size)
	for _, q := range [2]*Part{f, g} {
		b.WriteString(q.Compact)
		b.WriteString(q.Latin)
		b.WriteString(q.Phonetic)
		b.WriteString(q.Loose)
		for _, k := range q.Keys {
			b.WriteString(k)
		}
	}
	all, at := b.String(), 0
	take := func(s string) string {
		at += len(s)
		return all[at-len(s) : at]
	}
	for _, q := range [2]*Part{f, g} {
		q.Compact = take(q.Compact)
		q.Latin = take(q.Latin)
		q.Phonetic = take(q.Phonetic)
		q.Loose = take(q.Loose)
		if q.Keys != nil {
			keys := make([]string, len(q.Keys))
			for i, k := range q.Keys {
				keys[i] = take(k)
			}
			q.Keys = keys
		}
	}
}

// PrepareFull parses a full name as written (see [Parse]) and prepares
// it with its other reading: a name of three words or more whose first
// word Parse did not take as the family name is also read with the first
// word as the family name (see Profile.Alt).
func PrepareFull(full string) Profile {
	n := Parse(full)
	p := Prepare(n)
	if a, ok := altReading(full, n); ok {
		ap := Prepare(a)
		p.Alt = &Reading{Family: ap.Family, Given: ap.Given}
	}
	return p
}

// altReading returns the other reading of full, when it has three words
// or more and no comma: with the first word as the family name when Parse
// read it otherwise, else with the last ("Min Il Han" is Min + Il Han or
// Han + Min Il); none when that word is initials or the family name or
// given name Parse read.
func altReading(full string, parsed Name) (Name, bool) {
	if len(full) > maxInput {
		full = full[:maxInput]
	}
	if full == "" || strings.ContainsAny(full, ",，") {
		return Name{}, false
	}
	words := strings.Fields(full)
	if len(words) < 3 {
		return Name{}, false
	}
	a := Name{Family: words[0], Given: strings.Join(words[1:], " ")}
	if Compact(parsed.Family) == Compact(words[0]) && !parsed.Swapped {
		// Read in Korean order: the other reading is Western order, when
		// the last word is a surname too.
		last := len(words) - 1
		if !IsSurname(words[last]) {
			return Name{}, false
		}
		a = Name{Family: words[last], Given: strings.Join(words[:last], " "), Swapped: true}
	}
	f := Compact(a.Family)
	if f == "" || f == Compact(parsed.Family) || f == Compact(parsed.Given) || IsInitials(a.Family) {
		return Name{}, false
	}
	return a, true
}

func preparePart(s string, given, ukr bool) Part {
	n := Normalize(s)
	p := Part{Text: s, Compact: strings.ReplaceAll(n, " ", "")}
	if p.Compact == "" {
		return p
	}
	p.ch = fnv1a(p.Compact)
	p.Latin = strings.ReplaceAll(ToLatin(s), " ", "")
	p.ascii = ascii(p.Latin)
	p.Initials = given && IsInitials(s) && !loneVowel(s)
	p.surname = !given && IsSurname(s)
	p.family = !given
	if !given && !p.surname {
		p.TypoKeys = surnameTypoKeys(p.Compact)
		for _, k := range p.TypoKeys {
			p.typo = append(p.typo, fnv1a(k))
		}
	}
	if !p.Initials {
		p.Keys = koreanKeys(s, ukr)
		if p.Keys != nil || koreanLike(p.Compact) {
			p.Loose = looseKey(s)
		}
		p.Phonetic = strings.ReplaceAll(PhoneticKey(s), " ", "")
	}
	if nk := len(p.Keys); nk > 0 {
		// One allocation, of the exact size, for the hashes of the keys
		// and of their cuts.
		var stack [128]uint64
		pre := stack[:0]
		for _, k := range p.Keys {
			pre = keyPrefixes(k, pre)
		}
		slices.Sort(pre)
		pre = slices.Compact(pre)
		buf := make([]uint64, nk+len(pre))
		for i, k := range p.Keys {
			h := fnv1a(k)
			buf[i] = h
			p.kmask |= 1 << (h >> 58)
		}
		for _, h := range pre {
			p.pmask |= 1 << (h >> 58)
		}
		copy(buf[nk:], pre)
		p.hs, p.nk, p.k0 = buf, uint8(nk), buf[0]
	}
	p.prepareSounds(n)
	return p
}

// loneVowel reports whether s is one vowel letter without a dot: a
// given name of one syllable (U, O, I are 우, 오, 이), not an initial.
func loneVowel(s string) bool {
	s = strings.TrimSpace(s)
	r, n := utf8.DecodeRuneInString(s)
	return n == len(s) && strings.ContainsRune("aeiouAEIOUаеиоуэюяАЕИОУЭЮЯ", r)
}

// fnv1a is the 64-bit FNV-1a hash of s.
func fnv1a(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// koreanLike reports whether a compact name uses only letters that
// spellings of Korean use (no f, q, v, x, z, ф, з, щ), so that a misspelt
// Korean name still gets a loose key and most European names do not.
func koreanLike(c string) bool {
	if utf8.RuneCountInString(c) < 2 {
		return false
	}
	for _, r := range c {
		switch {
		case 0xAC00 <= r && r <= 0xD7A3:
		case 'a' <= r && r <= 'z':
			if strings.ContainsRune("fqvxz", r) {
				return false
			}
		case 'а' <= r && r <= 'я', r == 'ё', r == 'і', r == 'ї', r == 'є':
			if strings.ContainsRune("фзщ", r) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// Sound classes of the first sound of a syllable, as bits: what an
// initial letter may stand for and what a syllable starts with. The
// classes are those of the Korean key's onsets (see the package
// documentation), so that they survive romanisation: Ch, J, Ч and ㅈ are
// one class. N, R and L may also stand for no sound, by the initial-sound
// rule (Ryong = Yong, 룡 = 용).
const (
	soundK uint16 = 1 << iota
	soundT
	soundP
	soundC
	soundS
	soundH
	soundM
	soundN
	soundV // no consonant: the syllable starts with a vowel or a glide
)

// soundOfKey maps an onset letter of a Korean key to its class.
func soundOfKey(c byte) uint16 {
	switch c {
	case 'K':
		return soundK
	case 'T':
		return soundT
	case 'P':
		return soundP
	case 'C':
		return soundC
	case 'S':
		return soundS
	case 'H':
		return soundH
	case 'M':
		return soundM
	case 'N':
		return soundN
	}
	return soundV
}

// letterSounds returns the classes the first letters of a normalised word
// may stand for, 0 for a letter of no class (a digit, Han).
func letterSounds(w string) uint16 {
	r, n := utf8.DecodeRuneInString(w)
	var next rune
	if n < len(w) {
		next, _ = utf8.DecodeRuneInString(w[n:])
	}
	if syl, ok := DecomposeSyllable(r); ok {
		switch c := leadClass[syl.Lead]; c {
		case 'R', 'N':
			return soundN | soundV
		case 0:
			return soundV
		default:
			return soundOfKey(c)
		}
	}
	switch r {
	case 'k', 'g', 'q', 'к', 'г', 'ґ':
		return soundK
	case 'd':
		return soundT
	case 'д':
		return soundT | soundC // дж is ㅈ: Пон Джун, П. Д.
	case 't', 'т':
		if next == 's' || next == 'c' {
			return soundC // ts, tch
		}
		return soundT
	case 'p', 'b', 'f', 'п', 'б', 'ф':
		return soundP
	case 'c', 'j', 'z', 'ч', 'ц', 'ж', 'з':
		return soundC
	case 's', 'с', 'ш', 'щ':
		return soundS
	case 'h', 'х':
		return soundH
	case 'm', 'м':
		return soundM
	case 'n', 'r', 'l', 'н', 'р', 'л':
		return soundN | soundV
	case 'x':
		return soundK | soundH // ks, or the GOST x for х
	case 'a', 'e', 'i', 'o', 'u', 'y', 'w', 'v', 'а', 'е', 'ё', 'є', 'и', 'і', 'ї', 'й', 'о', 'у', 'ы', 'э', 'ю', 'я', 'в':
		return soundV
	}
	return 0
}

// prepareSounds sets the class and the sounds of the first syllables of
// p: of its initials, of the first letters of its words, of its Hangul
// syllables, or of the syllables its Korean keys may split into.
func (p *Part) prepareSounds(n string) {
	add := func(i int, m uint16) {
		if i < len(p.sounds) {
			p.sounds[i] |= m
			p.nsound = max(p.nsound, uint8(i+1))
		}
	}
	switch {
	case p.Initials || strings.IndexByte(n, ' ') >= 0 || len(p.Keys) == 0:
		i := 0
		for w := range strings.FieldsSeq(n) {
			if m := letterSounds(w); m != 0 {
				add(i, m)
				i++
			}
		}
	case DetectScript(n) == Hangul:
		i := 0
		for j, r := range n {
			add(i, letterSounds(n[j:j+utf8.RuneLen(r)]))
			i++
		}
	default:
		for _, k := range p.Keys {
			keySounds(k, add)
		}
	}
	if len(p.Keys) > 0 {
		// The first sound of the key: Lee, Ri, 리 and 이 are all a vowel.
		p.class = classLetter(soundOfKey(p.Keys[0][0]))
	} else if p.nsound > 0 {
		p.class = classLetter(p.sounds[0])
	}
}

// classLetter names the lowest class of a set of sound classes, for
// blocking: N for N, R and L, a for vowels.
func classLetter(m uint16) byte {
	for i, c := range []byte("ktpcshmna") {
		if m&(1<<i) != 0 {
			return c
		}
	}
	return 0
}

// keySounds calls add with the sound classes of each syllable of a Korean
// key. Where the key is ambiguous, both readings are added: a capital
// between vowels is the coda of one syllable (the next starts with a
// vowel) or the onset of the next, except N before i or y, which the key
// drops (the initial-sound rule) and so is a coda.
func keySounds(k string, add func(int, uint16)) {
	i, syl := 0, 0
	if 'A' <= k[0] && k[0] <= 'Z' {
		add(0, soundOfKey(k[0]))
		i++
	} else {
		add(0, soundV)
	}
	for i < len(k) {
		for i < len(k) && 'a' <= k[i] && k[i] <= 'z' {
			i++
		}
		if i+1 >= len(k) {
			return // the end, or a final coda
		}
		syl++
		c := k[i]
		switch {
		case 'A' <= k[i+1] && k[i+1] <= 'Z':
			add(syl, soundOfKey(k[i+1])) // coda, then onset
			i += 2
		case c == 'N' && (k[i+1] == 'i' || k[i+1] == 'y'), c == 'G', c == 'L':
			add(syl, soundV) // only a coda
			i++
		default:
			add(syl, soundOfKey(c)|soundV)
			i++
		}
	}
}

// InitialClass returns the sound class of the first letter of the part,
// one byte for blocking on initials: k t p c s h m n a (a for a vowel,
// n for N, R and L), 0 for an empty part. A Korean name takes the class
// of its key, so that Lee, Ri, 리 and 이 are all a. An initial R, L or N
// is n; it also agrees with a vowel at the Initial level (Ryong = Yong),
// which one byte cannot say.
func (p *Part) InitialClass() byte { return p.class }

// InitialSounds returns the sound classes, as bit sets, that the first
// and the second syllable of p may start with, whether p is written out
// or as initials: 석훈, "Sok Hun", "Сок Хун" and "S. H." all give the
// classes of S and H. 0 for a syllable p does not have. Two parts whose
// sets meet at both places agree at the Initial level; blocking on every
// pair of classes brings such names together (see package linkage).
func (p *Part) InitialSounds() (first, second uint16) { return p.sounds[0], p.sounds[1] }

// KnownSurname reports whether p is a family name that is a known
// spelling of a Korean surname (see [Surnames]). A family name that is
// not may be a given name in the wrong field or a misspelt surname.
func (p *Part) KnownSurname() bool { return p.surname }

// initialsAgree reports whether the initials of a agree with b: the
// first sounds agree, and the second too when both have two.
func initialsAgree(a, b *Part) bool {
	n := min(a.nsound, b.nsound)
	if n == 0 {
		return false
	}
	for i := range min(n, 2) {
		if a.sounds[i]&b.sounds[i] == 0 {
			return false
		}
	}
	return true
}

// PartSimilarity is the agreement of one name part.
type PartSimilarity struct {
	Level Level
	JW    float64 // Jaro–Winkler of the Latin forms for Close and Different, 1 for Exact, else 0
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
	case Close:
		return 0.9 * max(p.JW, DefaultClose)
	case Initial:
		return 0.6
	case Different:
		return 0.5 * p.JW
	}
	return 0
}

// Similarity is the agreement of two names, part by part.
type Similarity struct {
	Family PartSimilarity
	Given  PartSimilarity
	// Swapped says the family name of one matched the given name of the
	// other: Family then compares the receiver's family name with the
	// argument's given name, and Given the receiver's given name with the
	// argument's family name.
	Swapped bool
	// AltP and AltQ say the receiver's (the argument's) Alt reading was
	// compared.
	AltP, AltQ bool
	Score      float64 // 0..1: the mean score of the parts present (exact 1, key 0.95, phonetic 0.9, close ≤ 0.9, initial 0.6, different ≤ 0.5)
}

// String explains the similarity: "family key CoG, given exact, score 0.97".
func (s Similarity) String() string {
	var b strings.Builder
	part := func(name string, p PartSimilarity) {
		fmt.Fprintf(&b, "%s %s", name, p.Level)
		switch p.Level {
		case Key, Phonetic:
			fmt.Fprintf(&b, " %s", p.Key)
		case Close, Different:
			fmt.Fprintf(&b, " jw %.2f", p.JW)
		}
	}
	part("family", s.Family)
	b.WriteString(", ")
	part("given", s.Given)
	if s.Swapped {
		b.WriteString(", swapped")
	}
	if s.AltP || s.AltQ {
		b.WriteString(", other reading")
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

// Compare compares p with q with the default Options; see CompareWith.
func (p *Profile) Compare(q *Profile) Similarity { return p.CompareWith(q, Options{}) }

// CompareWith compares p with q part by part, and also crosswise (p's
// family name with q's given name) when both have both parts and the
// straight reading is weak, keeping the crosswise reading, reported as
// Swapped, when it scores more than 0.1 better. When either has an Alt
// reading, every combination of readings is compared and the best kept.
// The rules for one part, first that applies:
//
//	Missing    either part is empty
//	Initial    one side is initials and their sounds agree with the
//	           other's first syllables (the first, and the second when
//	           both have two); Different if not. Identical initials are
//	           Initial too: "R. C." says little about a person
//	Exact      the Compact forms are equal
//	Key        both read as Korean and their keys meet
//	Phonetic   one side does not read as Korean and the phonetic keys agree
//	Close      Jaro–Winkler of the Latin forms ≥ o.Close; or, when it is at
//	           least 0.7, of two Korean keys or the loose keys ≥ 0.9, or
//	           one Korean key is the other cut after a whole syllable
//	           (Myong for Myongsu)
//	Different  otherwise
//
// CompareWith allocates nothing and is symmetric: Compare(q, p) has the
// same score and levels, the two levels exchanged when Swapped.
func (p *Profile) CompareWith(q *Profile, o Options) Similarity {
	closeJW := o.Close
	if closeJW <= 0 {
		closeJW = DefaultClose
	}
	s := compareReadings(&p.Family, &p.Given, &q.Family, &q.Given, closeJW)
	if p.Alt == nil && q.Alt == nil {
		return s
	}
	try := func(pf, pg, qf, qg *Part, altP, altQ bool) {
		t := compareReadings(pf, pg, qf, qg, closeJW)
		t.AltP, t.AltQ = altP, altQ
		if better(&t, &s) {
			s = t
		}
	}
	if p.Alt != nil {
		try(&p.Alt.Family, &p.Alt.Given, &q.Family, &q.Given, true, false)
	}
	if q.Alt != nil {
		try(&p.Family, &p.Given, &q.Alt.Family, &q.Alt.Given, false, true)
	}
	if p.Alt != nil && q.Alt != nil {
		try(&p.Alt.Family, &p.Alt.Given, &q.Alt.Family, &q.Alt.Given, true, true)
	}
	return s
}

// better reports whether t beats s: a higher score, or on a tie higher
// levels (the better level first), so that the choice does not depend on
// the order the readings were tried in.
func better(t, s *Similarity) bool {
	if t.Score != s.Score {
		return t.Score > s.Score
	}
	th, tl := max(t.Family.Level, t.Given.Level), min(t.Family.Level, t.Given.Level)
	sh, sl := max(s.Family.Level, s.Given.Level), min(s.Family.Level, s.Given.Level)
	return th > sh || th == sh && tl > sl
}

// compareReadings compares one reading of each name, straight and
// crosswise.
func compareReadings(pf, pg, qf, qg *Part, closeJW float64) Similarity {
	s := Similarity{Family: comparePart(pf, qf, closeJW), Given: comparePart(pg, qg, closeJW)}
	if (s.Family.Level < Key || s.Given.Level < Key) &&
		pf.Compact != "" && pg.Compact != "" && qf.Compact != "" && qg.Compact != "" {
		// The crosswise reading wins only by more than 0.1; as a part
		// scores at most 1, its first part tells whether it can.
		straight := s.Family.score() + s.Given.score()
		xf := comparePart(pf, qg, closeJW)
		if xf.score()+1 > straight+0.1 {
			xg := comparePart(pg, qf, closeJW)
			if xf.score()+xg.score() > straight+0.1 {
				s = Similarity{Family: xf, Given: xg, Swapped: true}
			}
		}
	}
	switch {
	case s.Family.Level != Missing && s.Given.Level != Missing:
		s.Score = (s.Family.score() + s.Given.score()) / 2
	case s.Family.Level != Missing:
		s.Score = s.Family.score()
	case s.Given.Level != Missing:
		s.Score = s.Given.score()
	}
	return s
}

func comparePart(a, b *Part, closeJW float64) PartSimilarity {
	switch {
	case a.Compact == "" || b.Compact == "":
		return PartSimilarity{}
	case a.Initials || b.Initials:
		if sameCompact(a, b) || initialsAgree(a, b) {
			return PartSimilarity{Level: Initial}
		}
		return PartSimilarity{Level: Different}
	case sameCompact(a, b):
		return PartSimilarity{Level: Exact, JW: 1}
	}
	korean := a.Keys != nil && b.Keys != nil
	if korean {
		if a.nk > 0 && b.nk > 0 && a.k0 == b.k0 {
			// The first keys are shared (sharedHash's answer, found
			// without loading either list of hashes).
			return PartSimilarity{Level: Key, Key: a.Keys[0]}
		}
		if a.kmask&b.kmask != 0 {
			if i := sharedHash(a.kh(), b.kh()); i >= 0 {
				return PartSimilarity{Level: Key, Key: a.Keys[i]}
			}
		}
	} else if a.Phonetic != "" && a.Phonetic == b.Phonetic {
		return PartSimilarity{Level: Phonetic, Key: a.Phonetic}
	}
	jw := jaroWinkler(a, b)
	if a.surname && b.surname && korean {
		// Two known surnames whose keys do not meet are two surnames,
		// however alike their letters (Ri and Rim, Kim and Kam).
		return PartSimilarity{Level: Different, JW: jw}
	}
	if jw >= closeJW {
		return PartSimilarity{Level: Close, JW: jw}
	}
	// Near keys when both read as Korean; the loose keys when a typo
	// broke the reading of one.
	if jw >= closeGate && (korean && (keysOneEdit(a.Keys, b.Keys) || keysNear(a.Keys, b.Keys, closeKey)) ||
		!korean && a.Loose != "" && b.Loose != "" && jaroWinklerASCII(a.Loose, b.Loose) >= closeKey) ||
		korean && a.sounds[0]&b.sounds[0] != 0 && truncated(a, b) ||
		familyTypo(a, b) || surnameTypo(a, b) {
		return PartSimilarity{Level: Close, JW: jw}
	}
	return PartSimilarity{Level: Different, JW: jw}
}

// sameCompact reports whether two prepared parts have the same Compact
// form; unequal hashes answer without loading either string.
func sameCompact(a, b *Part) bool {
	return a.ch == b.ch && a.Compact == b.Compact
}

// jaroWinkler is JaroWinkler of the Latin forms of two parts.
func jaroWinkler(a, b *Part) float64 {
	if a.ascii && b.ascii {
		return jaroWinklerASCII(a.Latin, b.Latin)
	}
	return JaroWinkler(a.Latin, b.Latin)
}

// sharedHash returns the index in a of the first element of a that b
// holds too, -1 if none. The lists are short (a name has a few keys, at
// most 16), so two loops beat sorting. As keys are sorted, the key found
// is the least shared one whichever side is a, up to hash collisions.
func sharedHash(a, b []uint64) int {
	for i, x := range a {
		for _, y := range b {
			if x == y {
				return i
			}
		}
	}
	return -1
}

// keysNear reports whether a pair of keys has a Jaro–Winkler similarity
// of at least th.
func keysNear(a, b []string, th float64) bool {
	for _, x := range a {
		for _, y := range b {
			if jaroWinklerASCII(x, y) >= th { // keys are ASCII
				return true
			}
		}
	}
	return false
}

// familyTypo reports whether two family names, not both known surnames,
// have loose keys one edit apart: a typo in a name of one syllable (Gnm
// for Gim, Пам for Пак), which Jaro–Winkler, made for longer strings,
// misses. Two known surnames are two surnames (Kim and Kam).
func familyTypo(a, b *Part) bool {
	return a.family && b.family && !(a.surname && b.surname) &&
		len(a.Loose) >= 3 && len(b.Loose) >= 3 && oneEdit(a.Loose, b.Loose)
}

// surnameTypo reports whether one family name is a known surname one typo
// away from the other (see Part.TypoKeys), or both are one typo away from
// the same surname.
func surnameTypo(a, b *Part) bool {
	if !a.family || !b.family || len(a.typo)+len(b.typo) == 0 {
		return false
	}
	return sharedHash(a.typo, b.kh()) >= 0 || sharedHash(b.typo, a.kh()) >= 0 || sharedHash(a.typo, b.typo) >= 0
}

// surnameTypoKeys returns the sorted keys of the known surnames that c, a
// family name in Compact form, becomes with one letter dropped or two
// adjacent letters swapped. Only names of two to eight letters: a
// surname is short, and a longer name is not a mistyped one.
func surnameTypoKeys(c string) []string {
	rs := []rune(c)
	if len(rs) < 2 || len(rs) > 8 {
		return nil
	}
	var keys []string
	add := func(v []rune) {
		if len(v) < 2 {
			return // a lone letter is an initial, not a surname
		}
		keys = appendSurnameKeys(keys, string(v))
	}
	buf := make([]rune, 0, len(rs))
	for i := range rs {
		if i > 0 && rs[i] == rs[i-1] {
			continue // dropping either of a doubled letter gives the same
		}
		add(append(append(buf[:0], rs[:i]...), rs[i+1:]...))
	}
	for i := 0; i+1 < len(rs); i++ {
		if rs[i] != rs[i+1] {
			buf = append(buf[:0], rs...)
			buf[i], buf[i+1] = buf[i+1], buf[i]
			add(buf)
		}
	}
	slices.Sort(keys)
	return keys
}

// keysOneEdit reports whether a key of one list and a key of the other,
// both at least four letters long (about two syllables), are one edit
// apart: one class inserted, dropped, replaced, or two adjacent classes
// swapped (Damerau). Keys are short and classes coarse, so one edit is a
// typo in any script: 무샹 for 무성, Тхэджум for Тхэджун.
func keysOneEdit(a, b []string) bool {
	if len(a)*len(b) > 16 {
		// Two Latin spellings that read many ways: their Latin forms,
		// compared by Jaro–Winkler, already tell a typo.
		return false
	}
	for _, x := range a {
		for _, y := range b {
			if len(x) >= 4 && len(y) >= 4 && oneEdit(x, y) {
				return true
			}
		}
	}
	return false
}

// OneEdit reports whether two different strings are one insertion,
// deletion, substitution or adjacent transposition of a byte apart: one
// typo in two keys (KoreanKeys, PhoneticKey), which are ASCII.
func OneEdit(x, y string) bool { return oneEdit(x, y) }

// oneEdit reports whether two different ASCII strings are one
// insertion, deletion, substitution or adjacent transposition apart.
func oneEdit(x, y string) bool {
	if len(x) > len(y) {
		x, y = y, x
	}
	if len(y)-len(x) > 1 {
		return false
	}
	i := 0
	for i < len(x) && x[i] == y[i] {
		i++
	}
	if len(x) == len(y) {
		if i == len(x) {
			return false // equal
		}
		if x[i+1:] == y[i+1:] {
			return true // substitution
		}
		return i+1 < len(x) && x[i] == y[i+1] && x[i+1] == y[i] && x[i+2:] == y[i+2:]
	}
	return x[i:] == y[i+1:] // insertion
}

// truncated reports whether a key of one part is a key of the other cut
// after a whole syllable: MyoG (Myong) and MyoGSo (Myongsu). The cut
// keys are hashed ahead (see keyPrefixes), so this is a merge of two
// short sorted lists.
func truncated(a, b *Part) bool {
	return a.kmask&b.pmask != 0 && inSorted(a.kh(), b.pre()) || b.kmask&a.pmask != 0 && inSorted(b.kh(), a.pre())
}

// inSorted reports whether an element of xs is in the sorted list sorted.
func inSorted(xs, sorted []uint64) bool {
	for _, x := range xs {
		if _, ok := slices.BinarySearch(sorted, x); ok {
			return true
		}
	}
	return false
}

// keyPrefixes appends to dst the hashes of the proper prefixes of a
// Korean key that end after a whole syllable and are at least two letters
// long (see keyCuts).
func keyPrefixes(k string, dst []uint64) []uint64 {
	keyCuts(k, func(i int) {
		if i >= 2 {
			dst = append(dst, fnv1a(k[:i]))
		}
	})
	return dst
}

// keyCuts calls cut with every position inside a Korean key after which a
// syllable may end, in ascending order. Where a capital between vowels may
// be a coda or the next onset, both positions are given.
func keyCuts(k string, cut func(int)) {
	at := func(i int) {
		if i > 0 && i < len(k) {
			cut(i)
		}
	}
	i := 0
	if i < len(k) && 'A' <= k[i] && k[i] <= 'Z' {
		i++
	}
	for i < len(k) {
		for i < len(k) && 'a' <= k[i] && k[i] <= 'z' {
			i++
		}
		if i+1 >= len(k) {
			return
		}
		c := k[i]
		switch {
		case 'A' <= k[i+1] && k[i+1] <= 'Z':
			at(i + 1) // coda, then onset
			i += 2
		case c == 'N' && (k[i+1] == 'i' || k[i+1] == 'y'), c == 'G', c == 'L':
			at(i + 1)
			i++
		default:
			at(i)
			if strings.IndexByte("KTPNM", c) >= 0 {
				at(i + 1)
			}
			i++
		}
	}
}

// SyllableKeys returns the keys of the first and of the last syllable of
// each Korean key of p, and of the runs of syllables between its cuts (a
// key of one syllable is returned whole): "MyoGSo" gives MyoG and So. Two
// spellings of a given name that differ in one syllable ("Yogn Min" and
// 용민, a syllable cut off) share one of them. When p as a whole does not
// read as Korean, the keys of its words that do. Nil when none does.
func (p *Part) SyllableKeys() []string {
	var out []string
	for _, k := range p.Keys {
		n := len(out)
		keyCuts(k, func(i int) {
			out = append(out, k[:i], k[i:])
		})
		if len(out) == n {
			out = append(out, k)
		}
	}
	if len(out) == 0 && !p.Initials {
		// A misspelt word keeps the whole from reading as Korean ("Yogn
		// Min"): the words that do read give their keys.
		for _, w := range strings.FieldsFunc(p.Text, func(r rune) bool { return r == ' ' || r == '-' }) {
			out = append(out, KoreanKeys(w)...)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// jaroWinklerASCII is JaroWinkler for ASCII strings of at most 64 bytes,
// on bytes; longer strings go to JaroWinkler.
func jaroWinklerASCII(a, b string) float64 {
	if a == b {
		return 1
	}
	if len(a) > 64 || len(b) > 64 {
		return JaroWinkler(a, b)
	}
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	if len(a) > len(b) {
		a, b = b, a
	}
	window := max(len(b)/2-1, 0)
	var ma, mb [64]bool
	m := 0
	for i := 0; i < len(a); i++ {
		lo, hi := max(i-window, 0), min(i+window+1, len(b))
		for j := lo; j < hi; j++ {
			if !mb[j] && b[j] == a[i] {
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
	for i := 0; i < len(a); i++ {
		if !ma[i] {
			continue
		}
		for !mb[j] {
			j++
		}
		if a[i] != b[j] {
			t++
		}
		j++
	}
	fm := float64(m)
	jaro := (fm/float64(len(a)) + fm/float64(len(b)) + (fm-float64(t)/2)/fm) / 3
	if jaro <= 0.7 {
		return jaro
	}
	l := 0
	for l < 4 && l < len(a) && a[l] == b[l] {
		l++
	}
	return jaro + float64(l)*0.1*(1-jaro)
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
	if len(a) <= 64 && len(b) <= 64 && ascii(a) && ascii(b) {
		return jaroWinklerASCII(a, b)
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
