package linkage

import (
	"slices"
	"time"

	"github.com/reckonhq/reckon/military"
	"github.com/reckonhq/reckon/names"
	"github.com/reckonhq/reckon/places"
)

// Levels of agreement, by kind. Level 0 is missing for every kind.
const (
	levelMissing = 0

	nameDifferent = 1
	nameSounds    = 2 // different given names whose two syllables start with the same sounds (see nearNames)
	nameNear      = 3 // different, but keys one letter apart (see nearNames)
	nameInitial   = 4
	nameClose     = 5
	nameKey       = 6
	nameExact     = 7

	dateDifferent  = 1 // years more than one apart
	dateNear       = 2 // years one apart (Korean age, a year's slip)
	dateYearOther  = 3 // the same year, both months known and different
	dateYear       = 4 // the same year, one side known only to the year
	dateMonthOther = 5 // the same month, both days known and far apart
	dateMonth      = 6 // the same month, one side known only to the month
	dateClose      = 7 // days at most dateCloseDays apart, day and month swapped, or the same day a year apart
	dateDay        = 8 // the same day
	dateCloseDays  = 3

	textDifferent = 1
	textPartial   = 2
	textClose     = 3
	textKey       = 4
	textExact     = 5

	exactDifferent = 1
	exactSame      = 2
)

// comparison is the comparison vector of a pair: a level per field, four
// bits each, and per field the frequency among the records of the value
// the pair agrees on (0 unless it agrees at the key or exact level and
// the field's values are counted).
type comparison struct {
	pat uint64
	f   [maxFields]float32
}

func (c comparison) level(f int) int { return int(c.pat >> (4 * f) & 15) }

// compare compares records i and j field by field.
func (d *dataset) compare(i, j int, nameClose, textClose float64) comparison {
	var c comparison
	if d.famField >= 0 || d.givField >= 0 {
		fam, giv, famF, givF := d.compareNames(i, j, nameClose)
		if d.famField >= 0 {
			c.pat |= uint64(fam) << (4 * d.famField)
			c.f[d.famField] = famF
		}
		if d.givField >= 0 {
			c.pat |= uint64(giv) << (4 * d.givField)
			c.f[d.givField] = givF
		}
	}
	// The values of both records, side by side in d.rows: two cache
	// lines a pair rather than two a field.
	nf := len(d.kinds)
	ri, rj := d.rows[i*nf:i*nf+nf:i*nf+nf], d.rows[j*nf:j*nf+nf:j*nf+nf]
	for fi, kind := range d.kinds {
		var l int
		a, b := ri[fi], rj[fi]
		switch kind {
		case KindName:
			continue
		case KindDate:
			l = compareDates(a, b)
		case KindExact:
			switch {
			case a == 0 || b == 0:
				l = levelMissing
			case a == b:
				l = exactSame
			default:
				l = exactDifferent
			}
		default:
			if a == 0 || b == 0 {
				l = levelMissing
			} else if a == b {
				l = textExact
			} else if d.matrix != nil && d.matrix[fi] != nil {
				m := d.matrix[fi]
				l = int(m[int(a)*len(d.texts[fi])+int(b)])
			} else {
				l = compareValues(kind, &d.texts[fi][a], &d.texts[fi][b], textClose)
			}
			if l >= textKey && d.freq[fi] != nil {
				c.f[fi] = max(d.freq[fi][a], d.freq[fi][b])
			}
		}
		c.pat |= uint64(l) << (4 * fi)
	}
	return c
}

// touchAhead reads, for the pairs a few places after k in pairs (up to
// hi), what compare will read of their second records, so that the
// loads of memory, which cost more than comparing, overlap: the profile
// index 16 pairs ahead, the profile and the field values 8 ahead, the
// name's text 4 ahead (each read where the read before it has arrived).
// The pairs are sorted by their first record, whose data stays in cache;
// their second records come in no order. It returns a sum of what it
// read, for the caller to keep so that the reads are not optimised away.
func (d *dataset) touchAhead(pairs []uint64, k, hi int) int {
	t := 0
	if f := k + 16; f < hi {
		t += int(d.profOf[pairs[f]&0xffffffff])
	}
	if f := k + 8; f < hi {
		j := int(pairs[f] & 0xffffffff)
		x := &d.prof[d.profOf[j]]
		t += len(x.p.Family.Compact) + len(x.p.Given.Compact) + int(d.rows[j*len(d.kinds)])
	}
	if f := k + 4; f < hi {
		x := &d.prof[d.profOf[pairs[f]&0xffffffff]]
		if c := x.p.Family.Compact; c != "" {
			t += int(c[0])
		}
	}
	return t
}

// compareDates compares two packed dates as far as both are known: a
// date known to the month agrees with a full date of that month at the
// month level (not below it), and only values both sides know can
// disagree. Two full dates a few days apart (a death reported a day late)
// or with day and month swapped (05.01 read as 01.05) are close.
func compareDates(a, b int32) int {
	if a == 0 || b == 0 {
		return levelMissing
	}
	ya, ma, da := unpackDate(a)
	yb, mb, db := unpackDate(b)
	if ya != yb {
		full := ma != 0 && mb != 0 && da != 0 && db != 0
		switch dy := ya - yb; {
		case (dy == 1 || dy == -1) && full && (ma == mb && da == db || daysApart(a, b) <= dateCloseDays):
			// the same day a year apart (a Korean age, a year typo), or
			// 31 December and 1 January
			return dateClose
		case dy == 1 || dy == -1, (dy == 2 || dy == -2) && full && ma == mb && da == db:
			return dateNear
		}
		return dateDifferent
	}
	switch {
	case ma == 0 || mb == 0:
		return dateYear
	case ma != mb:
		if da != 0 && db != 0 && ma == db && mb == da {
			return dateClose // day and month swapped
		}
		if da != 0 && db != 0 && daysApart(a, b) <= dateCloseDays {
			return dateClose // across the end of a month
		}
		return dateYearOther
	case da == 0 || db == 0:
		return dateMonth
	case da == db:
		return dateDay
	case daysApart(a, b) <= dateCloseDays:
		return dateClose
	}
	return dateMonthOther
}

// daysApart returns the number of days between two full packed dates.
func daysApart(a, b int32) int {
	ya, ma, da := unpackDate(a)
	yb, mb, db := unpackDate(b)
	ta := time.Date(int(ya), time.Month(ma), int(da), 0, 0, 0, 0, time.UTC)
	tb := time.Date(int(yb), time.Month(mb), int(db), 0, 0, 0, 0, time.UTC)
	d := int(ta.Sub(tb).Hours() / 24)
	if d < 0 {
		d = -d
	}
	return d
}

// compareValues compares two different interned values of a place, unit,
// rank or text field. Units, ranks and places that package military or
// places reads on both sides are compared as such, across scripts: the
// same formation, grade or place is the key level, a brigade and its
// corps (or ranks one grade apart, or a village and its region) partial,
// a conflict different; two units or places that say nothing about each
// other are missing, and so is a unit or rank read on one side only
// (an unread value is no evidence against a read one). Values read on
// neither side are compared as text.
func compareValues(kind Kind, a, b *textValue, closeJW float64) int {
	if a.compact == b.compact {
		return textExact
	}
	switch kind {
	case KindUnit:
		if a.unit.IsZero() != b.unit.IsZero() {
			return levelMissing // one unit read, the other not: nothing to compare
		}
		if !a.unit.IsZero() {
			switch defaultHierarchy.Compare(a.unit, b.unit) {
			case military.Same:
				return textKey
			case military.Related:
				return textPartial
			case military.Different:
				return textDifferent
			case military.Unconnected:
				return levelMissing
			}
		}
	case KindRank:
		if (a.rank.Grade == military.NoGrade) != (b.rank.Grade == military.NoGrade) {
			return levelMissing // one rank read, the other not
		}
		if a.rank.Grade != military.NoGrade {
			switch military.CompareRanks(a.rank, b.rank) {
			case military.Same:
				return textKey
			case military.Related:
				return textPartial
			case military.Different:
				return textDifferent
			}
		}
	case KindPlace:
		if !a.place.IsZero() && !b.place.IsZero() {
			switch a.place.Compare(&b.place) {
			case places.Same:
				return textKey
			case places.Close:
				return textClose
			case places.Related:
				return textPartial
			case places.Different:
				return textDifferent
			case places.Unconnected:
				return levelMissing
			}
		}
	}
	return compareTexts(a, b, closeJW)
}

// defaultHierarchy is the hierarchy of formations units are compared with.
var defaultHierarchy = military.DefaultHierarchy()

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

// maxMatrix is the most distinct values of a place or text field whose
// levels are all computed ahead, in a table of maxMatrix² bytes.
const maxMatrix = 1500

// buildMatrices computes the level of every pair of values of the place
// and text fields with few distinct values.
func (d *dataset) buildMatrices(textClose float64, run *runner) {
	d.matrix = make([][]uint8, len(d.fields))
	for fi, f := range d.fields {
		if f.Kind != KindPlace && f.Kind != KindText && f.Kind != KindUnit && f.Kind != KindRank {
			continue
		}
		t := d.texts[fi]
		n := len(t)
		if n > maxMatrix || n < 2 {
			continue
		}
		m := make([]uint8, n*n)
		run.parallel("", n-1, 16, func(lo, hi int) {
			for a := lo + 1; a <= hi; a++ {
				for b := 1; b < a; b++ {
					l := uint8(compareValues(f.Kind, &t[a], &t[b], textClose))
					m[a*n+b], m[b*n+a] = l, l
				}
			}
		})
		d.matrix[fi] = m
	}
}
