package linkage

import "github.com/reckonhq/reckon/names"

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
	s := xa.p.CompareWith(&xb.p, names.Options{Close: closeJW})
	fam, giv = nameLevel[s.Family.Level], nameLevel[s.Given.Level]
	// The frequencies of the values agreed on, of the readings compared:
	// with a swapped reading, the family name of one is the given name of
	// the other.
	fa, ga := xa.famFreq, xa.givFreq
	if s.AltP {
		fa, ga = d.altX[pi].famFreq, d.altX[pi].givFreq
	}
	fb, gb := xb.famFreq, xb.givFreq
	if s.AltQ {
		fb, gb = d.altX[pj].famFreq, d.altX[pj].givFreq
	}
	if s.Swapped {
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
