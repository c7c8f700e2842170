package linkage

import "github.com/reckonhq/reckon/names"

// compareNames returns the levels of the family and given names of i and
// j, and the frequencies of the values they agree on.
func (d *dataset) compareNames(i, j int, closeJW float64) (fam, giv int, famF, givF float32) {
	pi, pj := d.profOf[i], d.profOf[j]
	xa, xb := &d.prof[pi], &d.prof[pj]
	if pi == pj {
		if xa.fam.compact != "" {
			fam, famF = nameExact, xa.famFreq
		}
		if xa.giv.compact != "" {
			giv, givF = nameExact, xa.givFreq
		}
		return
	}
	s := compareProfiles(xa, xb, closeJW)
	if d.hasAlt[pi] || d.hasAlt[pj] {
		// Try the other readings of either name and keep the best.
		for k := 1; k < 4; k++ {
			ya, yb := &d.prof[pi], &d.prof[pj]
			if k&1 != 0 {
				if !d.hasAlt[pi] {
					continue
				}
				ya = d.altX[pi]
			}
			if k&2 != 0 {
				if !d.hasAlt[pj] {
					continue
				}
				yb = d.altX[pj]
			}
			if t := compareProfiles(ya, yb, closeJW); t.score > s.score {
				s, xa, xb = t, ya, yb
			}
		}
	}
	fam, giv = s.fam.level, s.giv.level
	// The frequencies of the values agreed on: with a swapped reading,
	// the family name of one is the given name of the other.
	fj, gj := xb.famFreq, xb.givFreq
	if s.swapped {
		fj, gj = gj, fj
	}
	if fam >= nameKey {
		famF = max(xa.famFreq, fj)
	}
	if giv >= nameKey {
		givF = max(xa.givFreq, gj)
	}
	return
}

// partCmp is the agreement of one name part.
type partCmp struct {
	level int
	jw    float64 // Jaro–Winkler of the Latin forms, when computed
}

// score ranks readings as names.Similarity does: exact 1, key 0.95, close
// 0.9, initial 0.6, different half the Jaro–Winkler similarity.
func (p partCmp) score() float64 {
	switch p.level {
	case nameExact:
		return 1
	case nameKey:
		return 0.95
	case nameClose:
		return 0.9
	case nameInitial:
		return 0.6
	case nameDifferent:
		return 0.5 * p.jw
	}
	return 0
}

// nameCmp is the agreement of two names.
type nameCmp struct {
	fam, giv partCmp
	swapped  bool
	score    float64
}

// compareProfiles compares two names part by part, and crosswise when
// both have both parts and the straight reading is weak, by the rules of
// names.Profile.Compare with the Jaro–Winkler threshold closeJW.
func compareProfiles(a, b *profileExtra, closeJW float64) nameCmp {
	s := nameCmp{fam: comparePart(&a.fam, &b.fam, closeJW), giv: comparePart(&a.giv, &b.giv, closeJW)}
	if (s.fam.level < nameKey || s.giv.level < nameKey) &&
		a.fam.cid != 0 && a.giv.cid != 0 && b.fam.cid != 0 && b.giv.cid != 0 {
		// The crosswise reading wins only by more than 0.1; as a part
		// scores at most 1, its first part tells whether it can.
		straight := s.fam.score() + s.giv.score()
		xf := comparePart(&a.fam, &b.giv, closeJW)
		if xf.score()+1 > straight+0.1 {
			x := nameCmp{fam: xf, giv: comparePart(&a.giv, &b.fam, closeJW), swapped: true}
			if x.fam.score()+x.giv.score() > straight+0.1 {
				s = x
			}
		}
	}
	n := 0
	for _, p := range [2]partCmp{s.fam, s.giv} {
		if p.level != levelMissing {
			n++
			s.score += p.score()
		}
	}
	if n > 0 {
		s.score /= float64(n)
	}
	return s
}

// comparePart compares two name parts; the first rule that applies:
//
//	missing    either part is empty
//	exact      the compact forms are equal
//	initial    one side is initials and its first letter agrees by sound
//	           class with the other's (different if not)
//	key        both read as Korean and their keys meet, or one does not
//	           and the phonetic keys agree
//	close      Jaro–Winkler of the Latin forms at least closeJW, or of
//	           two Korean keys at least 0.9
//	different  otherwise
func comparePart(a, b *namePart, closeJW float64) partCmp {
	switch {
	case a.cid == 0 || b.cid == 0:
		return partCmp{}
	case a.cid == b.cid:
		return partCmp{level: nameExact, jw: 1}
	case a.initials || b.initials:
		if a.init != 0 && a.init == b.init {
			return partCmp{level: nameInitial}
		}
		return partCmp{level: nameDifferent}
	}
	if a.korean && b.korean {
		if a.kmask&b.kmask != 0 && shareToken(a.kh, b.kh) {
			return partCmp{level: nameKey}
		}
	} else if a.phon != "" && a.phon == b.phon {
		return partCmp{level: nameKey}
	}
	var jw float64
	if a.ascii && b.ascii {
		jw = jaroWinklerASCII(a.latin, b.latin)
	} else {
		jw = names.JaroWinkler(a.latin, b.latin)
	}
	// Keys that differ by a typo have Latin forms alike too: the keys are
	// compared only then, as that is costly.
	if jw >= closeJW || (jw >= 0.7 && a.korean && b.korean && bestKeyJW(a.keys, b.keys) >= 0.9) {
		return partCmp{level: nameClose, jw: jw}
	}
	return partCmp{level: nameDifferent, jw: jw}
}

// bestKeyJW returns the best Jaro–Winkler similarity over pairs of keys.
func bestKeyJW(a, b []string) float64 {
	best := 0.0
	for _, x := range a {
		for _, y := range b {
			best = max(best, jaroWinklerASCII(x, y)) // keys are ASCII
		}
	}
	return best
}

// jaroWinkler is names.JaroWinkler, on bytes when both strings are ASCII
// and short, which is most Latin forms and keys.
func jaroWinkler(a, b string) float64 {
	if !isASCII(a) || !isASCII(b) {
		return names.JaroWinkler(a, b)
	}
	return jaroWinklerASCII(a, b)
}

// jaroWinklerASCII is jaroWinkler for ASCII strings.
func jaroWinklerASCII(a, b string) float64 {
	if a == b {
		return 1
	}
	if len(a) > 64 || len(b) > 64 {
		return names.JaroWinkler(a, b)
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

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
