package linkage

import (
	"slices"
	"strings"
	"unicode"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/military"
	"github.com/reckonhq/reckon/names"
	"github.com/reckonhq/reckon/places"
)

// dataset is the records prepared for comparison: names parsed, keyed and
// interned once, other values normalised and interned per field, so that
// comparing a pair touches only small integers and shared profiles.
type dataset struct {
	n      int
	fields []Field
	keys   []string // record keys

	// Names, interned: profOf[i] is the profile of record i.
	profOf []int32
	prof   []profileExtra
	// A full name of three words or more may split otherwise than Parse
	// splits it ("Won Tong Jong" is Won + Tong Jong, not Jong + Won Tong):
	// altX[p] is the reading with the first word as the family name, when
	// hasAlt[p] (else nil). Names are compared by the better reading.
	altX   []*profileExtra
	hasAlt []bool

	// cols[f][i] is the value of field f for record i: an index into
	// texts[f] (0 = missing), or a packed date (0 = unknown), or unused
	// for name fields.
	cols [][]int32
	// rows holds the same values record by record, len(fields) a
	// record (0 for name fields), and kinds the fields' kinds, for
	// compare, which reads every field of two records at once.
	rows   []int32
	kinds  []Kind
	texts  [][]textValue
	matrix [][]uint8 // per field, the levels of all pairs of values, if few
	// freq[f][v] is the share of the records with a value of place or
	// text field f that have the value v (nil for other kinds).
	freq [][]float32

	famField, givField int // index of the name fields in fields, or -1

	tf *termFreq

	names     nameCache // comparisons of pairs of name profiles (namecmp.go)
	syllables bool      // fillSyllables has run

	// Blocking hashes of the name keys, per profile (block.go).
	famH, givH, nameH [][]uint64
}

// profileExtra is a prepared name with what linkage adds to it:
// blocking keys, term frequencies and a sort key. For the other reading
// of a name (dataset.altX) p is unused: names compares readings itself.
type profileExtra struct {
	// famFreq and givFreq come first, beside p's name parts: comparing
	// a pair reads them and the parts.
	famFreq, givFreq float32 // largest frequency of the part's keys among records
	p                names.Profile
	famKeys, givKeys []string  // romanisation keys, else phonetic key, else compact form
	famTypo          []string  // keys of the surnames one typo from the family name (names.Part.TypoKeys), for blocking only
	famInit, givInit byte      // sound class of the first letter (names.Part.InitialClass), 0 if none
	givSounds        [2]uint16 // sound classes of the given name's first two syllables (names.Part.InitialSounds)
	famSounds        [2]uint16 // the same of the family name, for a reading with the parts exchanged
	famSyl, givSyl   []uint64  // blocking hashes of the syllable keys, filled by dataset.fillSyllables
	sortKey          string
	count            int32 // records with this profile
}

// textValue is one interned value of a place, text or exact field.
type textValue struct {
	compact string
	latin   string
	phon    string
	tokens  []uint64 // sorted hashes of the phonetic keys of words
	nums    []uint64 // sorted hashes of the numbers
	block   string   // blocking key: the numbers in order if any, else phon

	unit  military.Unit // a unit field's value as read, zero if unread
	rank  military.Rank // a rank field's value as read, zero if unread
	place places.Place  // a place field's value as read, zero if unread
}

// termFreq holds the frequencies of name keys among the records, and of
// the values of place and text fields (by field, by normalised value).
type termFreq struct {
	fam, giv   map[string]float32 // records with each key, a record of k keys counting 1/k for each
	famN, givN int
	text       []map[string]float32
}

func (t *termFreq) freq(keys []string, family bool) float32 {
	if t == nil || len(keys) == 0 {
		return 0
	}
	m, n := t.giv, t.givN
	if family {
		m, n = t.fam, t.famN
	}
	if n == 0 {
		return 0
	}
	// A name read several ways (Кванвон: Kwang-won or Kwan-won) counts a
	// share of a record for each reading, and its frequency is the mean of
	// its readings': a name that could be either is not as common as the
	// commoner of the two.
	sum := 0.0
	for _, k := range keys {
		sum += float64(m[k])
	}
	return float32(max(sum/float64(len(keys)), 1) / float64(n))
}

// RecordKey returns the key that identifies a record across runs: its
// list and its record id joined by a slash, "kcna/17". Decisions name
// records by this key, and each person's Key is the least of its records'.
func RecordKey(r reckon.Record) string { return r.List + "/" + r.RecordID }

// column returns the raw value of col in r.
func column(r *reckon.Record, col string) string {
	switch col {
	case ColFamilyName:
		return r.FamilyName
	case ColGivenName:
		return r.GivenName
	case ColSex:
		return r.Sex
	case ColDeathPlace:
		return r.DeathPlace
	case ColUnit:
		return r.Unit
	case ColRank:
		return r.Rank
	case ColHomeTown:
		return r.HomeTown
	case ColBirthDate:
		return r.BirthDate.String()
	case ColDeathDate:
		return r.DeathDate.String()
	case ColList:
		return r.List
	}
	return r.Attributes[col]
}

// dateOf returns the date of a date field of r.
func dateOf(r *reckon.Record, col string) reckon.Date {
	switch col {
	case ColBirthDate:
		return r.BirthDate
	case ColDeathDate:
		return r.DeathDate
	}
	return reckon.ParseDateLoose(r.Attributes[col])
}

// salvage returns what a date kept as written still says: its leading
// year, and month when valid ("1945-04-93" is 1945-04, "1945-13-01"
// 1945), or the unknown date. The record keeps the text as written; this
// is only how linkage compares it.
func salvage(d reckon.Date) reckon.Date {
	if d.Parsed() || d.Raw == "" {
		return d
	}
	r := d.Raw
	if len(r) < 4 || !allDigits(r[:4]) || len(r) > 4 && r[4] >= '0' && r[4] <= '9' && len(r) != 8 {
		return reckon.Date{}
	}
	y, _ := reckon.ParseDate(r[:4])
	rest := strings.TrimLeft(r[4:], "-./")
	if len(r) == 8 { // YYYYMMDD with a bad day or month
		rest = r[4:]
	}
	if len(rest) >= 2 && allDigits(rest[:2]) {
		if m, err := reckon.ParseDate(r[:4] + "-" + rest[:2]); err == nil {
			return m
		}
	}
	return y
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// packDate packs a date into an int32: 0 is unknown.
func packDate(d reckon.Date) int32 {
	if d.Year <= 0 {
		return 0
	}
	return int32(d.Year)<<9 | int32(d.Month)<<5 | int32(d.Day)
}

func unpackDate(p int32) (y, m, d int32) { return p >> 9, p >> 5 & 15, p & 31 }

// normSex maps the ways lists write sex to m and f.
func normSex(s string) string {
	c := names.Compact(s)
	switch c {
	case "m", "male", "man", "м", "муж", "мужской", "남", "남자", "남성", "h", "1":
		return "m"
	case "f", "female", "woman", "w", "ж", "жен", "женский", "여", "여자", "여성", "2":
		return "f"
	}
	return c
}

// prepareText normalises one value of a place, text or exact field.
func prepareText(s string, kind Kind, col string) textValue {
	if kind == KindExact {
		if col == ColSex {
			return textValue{compact: normSex(s)}
		}
		return textValue{compact: names.Compact(s)}
	}
	t := textValue{compact: names.Compact(s)}
	if t.compact == "" {
		return t
	}
	lat := names.ToLatin(s)
	t.latin = strings.ReplaceAll(lat, " ", "")
	// The phonetic key drops digits; numbers (of a unit, a house) are kept
	// beside it, so that "в/ч 12345" and "military unit 12345" share the
	// number and "в/ч 12345" and "в/ч 54321" do not share the key.
	var nums strings.Builder
	for _, w := range strings.Fields(names.Normalize(s)) {
		var digits strings.Builder
		for _, r := range w {
			if unicode.IsDigit(r) {
				digits.WriteRune(r)
			}
		}
		if digits.Len() > 0 {
			num := strings.TrimLeft(digits.String(), "0")
			t.nums = append(t.nums, hashString("#"+num))
			nums.WriteString("#" + num)
		}
		if k := names.PhoneticKey(w); len(k) >= 2 {
			t.tokens = append(t.tokens, hashString(k))
		}
	}
	t.phon = strings.ReplaceAll(names.PhoneticKey(s), " ", "") + nums.String()
	t.block = nums.String()
	slices.Sort(t.tokens)
	t.tokens = slices.Compact(t.tokens)
	slices.Sort(t.nums)
	t.nums = slices.Compact(t.nums)
	if t.phon == "" {
		t.phon = t.latin
	}
	if t.block == "" {
		t.block = t.phon
	}
	switch kind {
	case KindUnit:
		t.unit = military.ParseUnit(s)
	case KindRank:
		t.rank, _ = military.ParseRank(s)
	case KindPlace:
		t.place = places.Prepare(s)
	}
	return t
}

// freqKey is what a value of a field of kind is counted as for its
// frequency: a unit's most specific formation (or unit number), a rank's
// grade, a place's first key, else the normalised value.
func (t *textValue) freqKey(kind Kind) string {
	switch kind {
	case KindUnit:
		if f, ok := t.unit.Lowest(); ok {
			return "unit:" + f.String()
		}
		if t.unit.Number != "" {
			return "unitno:" + t.unit.Number
		}
	case KindRank:
		if t.rank.Grade != military.NoGrade {
			return "rank:" + t.rank.Grade.String()
		}
	case KindPlace:
		if ks := t.place.Keys(); len(ks) > 0 {
			return "place:" + ks[0]
		}
	}
	return t.compact
}

// partKeys returns the blocking and frequency keys of a name part.
func partKeys(p *names.Part) []string {
	switch {
	case len(p.Keys) > 0:
		if len(p.Keys) > 4 {
			return p.Keys[:4]
		}
		return p.Keys
	case p.Phonetic != "":
		return []string{"~" + p.Phonetic}
	case p.Compact != "":
		return []string{"=" + p.Compact}
	}
	return nil
}

// prepare builds the dataset of recs for fields. With tf nil the name
// frequencies are counted from recs; otherwise tf is used, so that a pair
// is explained with the frequencies of the fitted model.
func prepare(recs []reckon.Record, fields []Field, tf *termFreq, run *runner) *dataset {
	d := &dataset{n: len(recs), fields: fields, famField: -1, givField: -1}
	d.keys = make([]string, len(recs))
	for i := range recs {
		d.keys[i] = RecordKey(recs[i])
	}
	for fi, f := range fields {
		switch {
		case f.Kind == KindName && f.Column == ColFamilyName:
			d.famField = fi
		case f.Kind == KindName && f.Column == ColGivenName:
			d.givField = fi
		}
	}

	// Names: intern by the raw strings, then parse and prepare each
	// distinct name once, in parallel.
	type rawName struct{ family, given, full string }
	index := map[rawName]int32{}
	var raws []rawName
	d.profOf = make([]int32, len(recs))
	for i := range recs {
		r := &recs[i]
		k := rawName{r.FamilyName, r.GivenName, ""}
		if strings.TrimSpace(k.family) == "" && strings.TrimSpace(k.given) == "" {
			k = rawName{full: r.Name}
		}
		id, ok := index[k]
		if !ok {
			id = int32(len(raws))
			index[k] = id
			raws = append(raws, k)
		}
		d.profOf[i] = id
	}
	index = nil
	d.prof = make([]profileExtra, len(raws))
	d.altX = make([]*profileExtra, len(raws))
	d.hasAlt = make([]bool, len(raws))
	run.parallel("prepare", len(raws), 4096, func(lo, hi int) {
		for p := lo; p < hi; p++ {
			d.prof[p] = extra(prepareName(raws[p].family, raws[p].given, raws[p].full))
			if a := d.prof[p].p.Alt; a != nil {
				x := extraOf(&a.Family, &a.Given)
				d.altX[p] = &x
				d.hasAlt[p] = true
			}
		}
	})
	raws = nil
	for _, p := range d.profOf {
		d.prof[p].count++
	}
	d.names = newNameCache(len(d.prof))

	fitted := tf != nil
	if !fitted {
		tf = countTerms(d.prof)
		tf.text = make([]map[string]float32, len(fields))
	}
	for p := range d.prof {
		for _, x := range []*profileExtra{&d.prof[p], d.altX[p]} {
			if x != nil {
				x.famFreq = tf.freq(x.famKeys, true)
				x.givFreq = tf.freq(x.givKeys, false)
			}
		}
	}
	d.tf = tf

	// Other fields.
	d.cols = make([][]int32, len(fields))
	d.texts = make([][]textValue, len(fields))
	d.freq = make([][]float32, len(fields))
	for fi, f := range fields {
		if f.Kind == KindName {
			continue
		}
		col := make([]int32, len(recs))
		if f.Kind == KindDate {
			for i := range recs {
				col[i] = packDate(salvage(dateOf(&recs[i], f.Column)))
			}
			d.cols[fi] = col
			continue
		}
		idx := map[string]int32{}
		raw := []string{""}
		for i := range recs {
			v := column(&recs[i], f.Column)
			if strings.TrimSpace(v) == "" {
				continue
			}
			id, ok := idx[v]
			if !ok {
				id = int32(len(raw))
				idx[v] = id
				raw = append(raw, v)
			}
			col[i] = id
		}
		tv := make([]textValue, len(raw))
		run.parallel("", len(raw)-1, 1024, func(lo, hi int) {
			for k := lo + 1; k <= hi; k++ {
				tv[k] = prepareText(raw[k], f.Kind, f.Column)
			}
		})
		// Values that normalise alike share the id of the first of them,
		// so that equal ids mean equal values; values that normalise to
		// nothing are missing.
		canon := map[string]int32{"": 0}
		remap := make([]int32, len(tv))
		for k := 1; k < len(tv); k++ {
			c, ok := canon[tv[k].compact]
			if !ok {
				c = int32(k)
				canon[tv[k].compact] = c
			}
			remap[k] = c
		}
		// Frequencies are of what a value means, not how it is written:
		// 92려단 and 92 Bde are one brigade, shared by as many records as
		// write it either way.
		meaning := make([]string, len(tv))
		for k := 1; k < len(tv); k++ {
			meaning[k] = tv[k].freqKey(f.Kind)
		}
		counts := make([]float32, len(tv))
		byKey := map[string]float32{}
		filled := 0
		for i, id := range col {
			col[i] = remap[id]
			if col[i] != 0 {
				byKey[meaning[col[i]]]++
				filled++
			}
		}
		d.cols[fi] = col
		d.texts[fi] = tv
		switch {
		case f.Kind == KindExact:
		case fitted && fi < len(tf.text) && tf.text[fi] != nil:
			// Explaining with a fitted model: its frequencies.
			for k := 1; k < len(tv); k++ {
				counts[k] = tf.text[fi][meaning[k]]
			}
			d.freq[fi] = counts
		case !fitted && filled > 0:
			for key := range byKey {
				byKey[key] /= float32(filled)
			}
			for k := 1; k < len(tv); k++ {
				counts[k] = byKey[meaning[k]]
			}
			d.freq[fi] = counts
			tf.text[fi] = byKey
		}
	}
	d.kinds = make([]Kind, len(fields))
	for fi, f := range fields {
		d.kinds[fi] = f.Kind
	}
	nf := len(fields)
	d.rows = make([]int32, len(recs)*nf)
	for fi, col := range d.cols {
		for i, v := range col {
			d.rows[i*nf+fi] = v
		}
	}
	return d
}

// prepareName prepares the name of a record from its family and given
// names, or from its full name (with its other reading, see
// names.PrepareFull) when both are empty.
func prepareName(family, given, full string) names.Profile {
	if strings.TrimSpace(family) != "" || strings.TrimSpace(given) != "" {
		return names.Prepare(names.Name{Family: family, Given: given})
	}
	if strings.TrimSpace(full) == "" {
		return names.Profile{}
	}
	return names.PrepareFull(full)
}

// extra computes what linkage adds to a prepared name.
func extra(pr names.Profile) profileExtra {
	x := extraOf(&pr.Family, &pr.Given)
	x.p = pr
	return x
}

// extraOf computes the keys of one reading of a name.
func extraOf(fam, giv *names.Part) profileExtra {
	x := profileExtra{
		famKeys: partKeys(fam),
		givKeys: partKeys(giv),
		famTypo: fam.TypoKeys,
		famInit: fam.InitialClass(),
		givInit: giv.InitialClass(),
	}
	x.givSounds[0], x.givSounds[1] = giv.InitialSounds()
	x.famSounds[0], x.famSounds[1] = fam.InitialSounds()
	g, f := "", ""
	if len(x.givKeys) > 0 {
		g = x.givKeys[0]
	}
	if len(x.famKeys) > 0 {
		f = x.famKeys[0]
	}
	x.sortKey = g + "|" + f
	return x
}

// fillSyllables computes the syllable keys of every reading of every
// name profile, once, for rules on given_name:syllable or
// family_name:syllable (few configurations use them, so prepare does not).
func (d *dataset) fillSyllables() {
	if d.syllables {
		return
	}
	d.syllables = true
	for p := range d.prof {
		x := &d.prof[p]
		x.famSyl, x.givSyl = syllableHashes(&x.p.Family), syllableHashes(&x.p.Given)
		if d.hasAlt[p] {
			a := x.p.Alt
			d.altX[p].famSyl, d.altX[p].givSyl = syllableHashes(&a.Family), syllableHashes(&a.Given)
		}
	}
}

// syllableHashes returns the blocking hashes of the syllable keys of p
// (names.Part.SyllableKeys), or of its only key when it does not read as
// Korean.
func syllableHashes(p *names.Part) []uint64 {
	ks := p.SyllableKeys()
	if ks == nil {
		ks = partKeys(p)
	}
	out := make([]uint64, len(ks))
	for k, s := range ks {
		out[k] = hashString("syl:" + s)
	}
	return out
}

// countTerms counts the records of each name key.
func countTerms(prof []profileExtra) *termFreq {
	tf := &termFreq{fam: map[string]float32{}, giv: map[string]float32{}}
	for p := range prof {
		x := &prof[p]
		for _, k := range x.famKeys {
			tf.fam[k] += float32(x.count) / float32(len(x.famKeys))
		}
		if len(x.famKeys) > 0 {
			tf.famN += int(x.count)
		}
		for _, k := range x.givKeys {
			tf.giv[k] += float32(x.count) / float32(len(x.givKeys))
		}
		if len(x.givKeys) > 0 {
			tf.givN += int(x.count)
		}
	}
	return tf
}
