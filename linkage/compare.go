package linkage

import (
	"slices"
	"github.com/reckonhq/reckon/names"
)

// Levels of agreement, by kind. Level 0 is missing for every kind.
const (
	levelMissing = 0

	nameDifferent = 1
	nameInitial   = 2
	nameClose     = 3
	nameKey       = 4
	nameExact     = 5

	dateDifferent = 1
	dateNear      = 2
	dateYear      = 3
	dateMonth     = 4
	dateDay       = 5

	textDifferent = 1
	textPartial   = 2
	textClose     = 3
	textKey       = 4
	textExact     = 5

	exactDifferent = 1
	exactSame      = 2
)

// comparison is the comparison vector of a pair: a level per field, four
// bits each, and the frequencies of the name values the pair agrees on.
type comparison struct {
	pat        uint64
	famF, givF float32 // 0 unless the part agrees at key or exact
}

func (c comparison) level(f int) int { return int(c.pat >> (4 * f) & 15) }

// compare compares records i and j field by field.
func (d *dataset) compare(i, j int, nameClose, textClose float64) comparison {
	var c comparison
	if d.famField >= 0 || d.givField >= 0 {
		fam, giv, famF, givF := d.compareNames(i, j, nameClose)
		if d.famField >= 0 {
			c.pat |= uint64(fam) << (4 * d.famField)
			c.famF = famF
		}
		if d.givField >= 0 {
			c.pat |= uint64(giv) << (4 * d.givField)
			c.givF = givF
		}
	}
	for fi := range d.fields {
		var l int
		switch d.fields[fi].Kind {
		case KindName:
			continue
		case KindDate:
			l = compareDates(d.cols[fi][i], d.cols[fi][j])
		case KindExact:
			a, b := d.cols[fi][i], d.cols[fi][j]
			switch {
			case a == 0 || b == 0:
				l = levelMissing
			case a == b || d.texts[fi][a].compact == d.texts[fi][b].compact:
				l = exactSame
			default:
				l = exactDifferent
			}
		default:
			a, b := d.cols[fi][i], d.cols[fi][j]
			if a == 0 || b == 0 {
				l = levelMissing
			} else if a == b {
				l = textExact
			} else {
				l = compareTexts(&d.texts[fi][a], &d.texts[fi][b], textClose)
			}
		}
		c.pat |= uint64(l) << (4 * fi)
	}
	return c
}

// compareNames returns the levels of the family and given names of i and
// j, and the frequencies of the values they agree on.
func (d *dataset) compareNames(i, j int, nameClose float64) (fam, giv int, famF, givF float32) {
	pi, pj := d.profOf[i], d.profOf[j]
	if pi == pj {
		p, x := &d.profiles[pi], &d.prof[pi]
		if p.Family.Compact != "" {
			fam, famF = nameExact, x.famFreq
		}
		if p.Given.Compact != "" {
			giv, givF = nameExact, x.givFreq
		}
		return
	}
	pa, xa := &d.profiles[pi], &d.prof[pi]
	pb, xb := &d.profiles[pj], &d.prof[pj]
	s := pa.Compare(pb)
	if d.hasAlt[pi] || d.hasAlt[pj] {
		// Try the other readings of either name and keep the best.
		for k := 1; k < 4; k++ {
			qa, ya, qb, yb := pa, xa, pb, xb
			if k&1 != 0 {
				if !d.hasAlt[pi] {
					continue
				}
				qa, ya = &d.alt[pi], &d.altX[pi]
			}
			if k&2 != 0 {
				if !d.hasAlt[pj] {
					continue
				}
				qb, yb = &d.alt[pj], &d.altX[pj]
			}
			if t := qa.Compare(qb); t.Score > s.Score {
				s, xa, xb = t, ya, yb
			}
		}
	}
	fam = nameLevel(s.Family, nameClose)
	giv = nameLevel(s.Given, nameClose)
	// The frequencies of the values agreed on: with a swapped reading,
	// the family name of one is the given name of the other.
	fj, gj := xb.famFreq, xb.givFreq
	if s.Swapped {
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

// nameLevel maps the names package's level of a part to a linkage level.
func nameLevel(p names.PartSimilarity, closeJW float64) int {
	switch p.Level {
	case names.Missing:
		return levelMissing
	case names.Exact:
		return nameExact
	case names.Key, names.Phonetic:
		return nameKey
	case names.Fuzzy:
		return nameClose
	case names.Initial:
		return nameInitial
	}
	if p.JW >= closeJW {
		return nameClose
	}
	return nameDifferent
}

// compareDates compares two packed dates by their precision.
func compareDates(a, b int32) int {
	if a == 0 || b == 0 {
		return levelMissing
	}
	ya, ma, da := unpackDate(a)
	yb, mb, db := unpackDate(b)
	switch {
	case ya != yb:
		if ya-yb == 1 || yb-ya == 1 {
			return dateNear
		}
		return dateDifferent
	case ma == 0 || mb == 0 || ma != mb:
		return dateYear
	case da != 0 && da == db:
		return dateDay
	}
	return dateMonth
}

// compareTexts compares two different interned values of a place or text.
//
// Numbers weigh more than words: two values that both hold numbers agree
// at the key level when their numbers are the same (93 бр. 2 б-н and 93
// Bde / 2 Bn), partly when they share some, and are different when they
// share none (unit 12345 and unit 54321), however alike their words.
func compareTexts(a, b *textValue, closeJW float64) int {
	switch {
	case a.compact == b.compact:
		return textExact
	case a.phon != "" && a.phon == b.phon:
		return textKey
	}
	if len(a.nums) > 0 && len(b.nums) > 0 {
		switch {
		case slices.Equal(a.nums, b.nums):
			return textKey // the same numbers: "93 бр. 2 б-н" and "93 Bde / 2 Bn"
		case !shareToken(a.nums, b.nums):
			return textDifferent
		}
		return textPartial
	}
	switch {
	case names.JaroWinkler(a.latin, b.latin) >= closeJW:
		return textClose
	case shareToken(a.tokens, b.tokens):
		return textPartial
	}
	return textDifferent
}

// shareToken reports whether two sorted lists share an element.
func shareToken(a, b []uint64) bool {
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			return true
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return false
}
