package linkage

import (
	"sync/atomic"

	"github.com/reckonhq/reckon/names"
)

// nameLevel maps a level of names.Level to the levels of KindName: the
// phonetic agreement of Russian names counts as key.
var nameLevel = [...]int{
	names.Missing:   levelMissing,
	names.Different: nameDifferent,
	names.Initial:   nameInitial,
	names.Close:     nameClose,
	names.Phonetic:  nameKey,
	names.Key:       nameKey,
	names.Exact:     nameExact,
}

// compareNames returns the levels of the family and given names of i and
// j, by names.Profile.CompareWith with the Jaro–Winkler threshold
// closeJW, and the frequencies of the values they agree on.
func (d *dataset) compareNames(i, j int, closeJW float64) (fam, giv int, famF, givF float32) {
	pi, pj := d.profOf[i], d.profOf[j]
	xa, xb := &d.prof[pi], &d.prof[pj]
	if pi == pj {
		if xa.p.Family.Compact != "" {
			fam, famF = nameExact, xa.famFreq
			if xa.p.Family.Initials {
				fam = nameInitial
			}
		}
		if xa.p.Given.Compact != "" {
			giv, givF = nameExact, xa.givFreq
			if xa.p.Given.Initials {
				giv, givF = nameInitial, 0
			}
		}
		return
	}
	var altP, altQ, swapped bool
	if v, ok := d.names.get(pi, pj); ok {
		fam, giv, altP, altQ, swapped = v.unpack()
	} else {
		s := xa.p.CompareWith(&xb.p, names.Options{Close: closeJW})
		fam, giv = nameLevel[s.Family.Level], nameLevel[s.Given.Level]
		altP, altQ, swapped = s.AltP, s.AltQ, s.Swapped
		if fam == nameDifferent || giv == nameDifferent {
			fam, giv = d.nearNames(pi, pj, fam, giv, altP, altQ, swapped)
		}
		d.names.put(pi, pj, packNames(fam, giv, altP, altQ, swapped))
	}
	// The frequencies of the values agreed on, of the readings compared:
	// with a swapped reading, the family name of one is the given name of
	// the other.
	fa, ga := xa.famFreq, xa.givFreq
	if altP {
		fa, ga = d.altX[pi].famFreq, d.altX[pi].givFreq
	}
	fb, gb := xb.famFreq, xb.givFreq
	if altQ {
		fb, gb = d.altX[pj].famFreq, d.altX[pj].givFreq
	}
	if swapped {
		fb, gb = gb, fb
	}
	if fam >= nameKey {
		famF = max(fa, fb)
	}
	if giv >= nameKey {
		givF = max(ga, gb)
	}
	return
}

// nearNames returns fam and giv with a part that differs put at nameNear
// when a blocking key of one record's part and one of the other's, both
// of three letters or more, are one letter apart (names.OneEdit): "Myong
// Hung" and "Myeongehung", 숙영 and "Sukyong" mistyped, 의준 and
// "Ыйун" (Ыйчжун with a letter lost: keys iCoN and ioN), where the names
// package sees two names. Such pairs are a dozen times likelier to be one
// person than other pairs whose names differ (measured over the scenario
// catalogue: a third of the true pairs with different given names, 3%
// of the others), too few to count as Close; EM weighs the level. A
// given name that differs and is not near is put at nameSounds when its
// syllables start with the other's sounds (sameSounds).
func (d *dataset) nearNames(pi, pj int32, fam, giv int, altP, altQ, swapped bool) (int, int) {
	xa, xb := &d.prof[pi], &d.prof[pj]
	if altP {
		xa = d.altX[pi]
	}
	if altQ {
		xb = d.altX[pj]
	}
	bf, bg := xb.famKeys, xb.givKeys
	if swapped {
		bf, bg = bg, bf
	}
	if fam == nameDifferent {
		bp := &xb.p.Family
		if swapped {
			bp = &xb.p.Given
		}
		switch {
		case keysOneApart(xa.famKeys, bf):
			fam = nameNear
		case firstSound(&xa.p.Family, bp):
			fam = nameSounds
		}
	}
	if giv == nameDifferent {
		switch {
		case keysOneApart(xa.givKeys, bg):
			giv = nameNear
		case swapped && sameSounds(&xa.p.Family, &xb.p.Given) || !swapped && sameSounds(&xa.p.Given, &xb.p.Given):
			giv = nameSounds
		}
	}
	return fam, giv
}

// sameSounds reports whether two name parts, both written out in full
// (not as initials) and of two syllables or more, start their first and
// second syllables with the same sounds (names.Part.InitialSounds): 진문
// and "Чун Мин", 긍괌 and "Kwang Kum", 잉셕 and "Ён-си", names that typos
// in vowels and final letters left different. Over the scenario
// catalogue three in four true pairs of different given names agree so,
// and one random pair in sixty: EM weighs the level (nameSounds), which
// sits between different and near.
func sameSounds(a, b *names.Part) bool {
	if a.Initials || b.Initials {
		return false
	}
	a1, a2 := a.InitialSounds()
	b1, b2 := b.InitialSounds()
	return a1&b1 != 0 && a2&b2 != 0
}

// firstSound reports whether two family names start with the same sound.
func firstSound(a, b *names.Part) bool {
	a1, _ := a.InitialSounds()
	b1, _ := b.InitialSounds()
	return a1&b1 != 0
}

// keysOneApart reports whether a key of a and one of b, both of three
// bytes or more, are one edit apart. Three, not four: over the scenario
// catalogue the shorter keys moved the documented minimum toward the
// truth in 21 of 36 scenarios and away from it in 4 (typos +15.8% ->
// +15.4%), F1 within ±0.001.
func keysOneApart(a, b []string) bool {
	for _, x := range a {
		if len(x) < 3 {
			continue
		}
		for _, y := range b {
			if len(y) >= 3 && names.OneEdit(x, y) {
				return true
			}
		}
	}
	return false
}

// nameCache remembers the comparisons of pairs of name profiles: the
// candidate pairs of a large input repeat the same pairs of spellings
// many times over (every Kim Yong Il of one list against every 김영일 of
// another), and comparing two names costs more than the rest of a pair
// together. It is direct-mapped and lock-free: an entry is one word, the
// two profiles and the result (namePair), written and read atomically,
// so that workers share it without locks and a lost write only costs a
// comparison. A nil cache (too many profiles for the key) remembers
// nothing.
type nameCache []atomic.Uint64

// maxNameCache is the most entries: 8 MiB.
const maxNameCache = 1 << 20

// profileBits is the width of a profile index in a cache entry.
const profileBits = 27

// newNameCache returns a cache for profiles profiles: four entries a
// profile, a power of two from 1,024 to maxNameCache; nil if their
// indices do not fit the key.
func newNameCache(profiles int) nameCache {
	if profiles >= 1<<profileBits {
		return nil
	}
	n := 1 << 10
	for n < 4*profiles && n < maxNameCache {
		n <<= 1
	}
	return make(nameCache, n)
}

// namePair is the result of comparing two name profiles, packed in 9
// bits: the two levels (3 bits each) and the flags AltP, AltQ, Swapped.
type namePair uint16

func packNames(fam, giv int, altP, altQ, swapped bool) namePair {
	v := namePair(fam) | namePair(giv)<<3
	if altP {
		v |= 1 << 6
	}
	if altQ {
		v |= 1 << 7
	}
	if swapped {
		v |= 1 << 8
	}
	return v
}

func (v namePair) unpack() (fam, giv int, altP, altQ, swapped bool) {
	return int(v & 7), int(v >> 3 & 7), v&(1<<6) != 0, v&(1<<7) != 0, v&(1<<8) != 0
}

// entry layout: bit 63 set (occupied), then pi and pj (profileBits each),
// then the 9 bits of namePair.
func (c nameCache) slot(pi, pj int32) (*atomic.Uint64, uint64) {
	key := uint64(pi)<<profileBits | uint64(pj)
	h := (key * 0x9e3779b97f4a7c15) >> 32
	return &c[h&uint64(len(c)-1)], key
}

func (c nameCache) get(pi, pj int32) (namePair, bool) {
	if c == nil {
		return 0, false
	}
	e, key := c.slot(pi, pj)
	w := e.Load()
	if w>>63 == 0 || (w>>9)&(1<<(2*profileBits)-1) != key {
		return 0, false
	}
	return namePair(w & (1<<9 - 1)), true
}

func (c nameCache) put(pi, pj int32, v namePair) {
	if c == nil {
		return
	}
	e, key := c.slot(pi, pj)
	e.Store(1<<63 | key<<9 | uint64(v))
}
