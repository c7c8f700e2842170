package linkage

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/reckonhq/reckon"
)

// Kind says how a field is compared and which levels of agreement it has.
type Kind string

// The kinds of comparison. Levels are listed from worst to best; every
// kind also has the level "missing" (one side or both empty), which is no
// evidence either way.
const (
	// KindName compares a family or given name with the names package:
	// different, sounds (given names written out in full, different,
	// whose first two syllables start with the same sounds: typos that
	// changed vowels or dropped letters, 진문 and "Чун Мин"; family names
	// that start with the same sound), near (keys
	// one letter apart), initial, close (Jaro–Winkler of the Latin forms at least
	// Config.NameClose, or near Korean keys), key (the romanisation keys or
	// phonetic keys meet across scripts: Kim = Gim = Ким = 김), exact (equal
	// after normalising). Agreement at key and exact is adjusted for the
	// frequency of the name.
	KindName Kind = "name"
	// KindDate compares dates as far as both are known: different (years
	// more than one apart), near (one apart), "year, months differ", year
	// (the same year, one side known only to the year), "month, days
	// differ" (more than three days apart), month (the same month, one
	// side known only to the month), close (at most three days apart, or
	// day and month swapped), day. A date known to the month agrees with a
	// full date of that month at the month level, never below it.
	KindDate Kind = "date"
	// KindPlace compares place names: different, partial (a word or
	// number in common), close (Jaro–Winkler of the Latin forms at least
	// Config.TextClose), key (the phonetic keys agree across scripts:
	// Свердликово = Sverdlykove), exact.
	KindPlace Kind = "place"
	// KindText compares free text; its levels are those of KindPlace.
	KindText Kind = "text"
	// KindUnit compares military units read by package military, across
	// scripts and with a hierarchy of formations: different (conflicting
	// formations or unit numbers), related (one contains the other: a
	// brigade and its corps), close (unread units spelled alike), same
	// (the same formation at the most specific echelon both give), exact.
	// Units that say nothing about each other (a battalion and a corps
	// that nothing connects) are missing; units it cannot read are
	// compared as text.
	KindUnit Kind = "unit"
	// KindRank compares military ranks on one ordered scale (NATO grades,
	// package military) across Korean, Russian, Ukrainian and English:
	// different (two grades or more apart), "one grade apart" (a
	// posthumous promotion), close (unread ranks spelled alike), same
	// (the same grade), exact. Ranks it cannot read are compared as text.
	KindRank Kind = "rank"
	// KindExact compares codes such as sex or a postcode: different, exact.
	KindExact Kind = "exact"
)

// levelNames lists the levels of each kind, from worst to best; level 0,
// missing, comes first.
var levelNames = map[Kind][]string{
	KindName:  {"missing", "different", "sounds", "near", "initial", "close", "key", "exact"},
	KindDate:  {"missing", "different", "near", "year, months differ", "year", "month, days differ", "month", "close", "day"},
	KindPlace: {"missing", "different", "partial", "close", "key", "exact"},
	KindText:  {"missing", "different", "partial", "close", "key", "exact"},
	KindUnit:  {"missing", "different", "related", "close", "same", "exact"},
	KindRank:  {"missing", "different", "one grade apart", "close", "same", "exact"},
	KindExact: {"missing", "different", "exact"},
}

// Columns of the record CSV that a Field may name. Any other column name
// is read from Record.Attributes.
const (
	ColFamilyName = "family_name"
	ColGivenName  = "given_name"
	ColSex        = "sex"
	ColBirthDate  = "birth_date"
	ColDeathDate  = "death_date"
	ColDeathPlace = "death_place"
	ColUnit       = "unit"
	ColRank       = "rank"
	ColHomeTown   = "home_town"
	ColList       = "list"
)

// Field is one compared column.
type Field struct {
	// Column is the column of the record CSV (family_name, given_name, sex,
	// birth_date, death_date, death_place, unit, rank, home_town, list) or the
	// name of an attribute. family_name and given_name are read from the
	// record's name parts, or from its full name split by names.Parse when
	// both are empty.
	Column string `toml:"column"`
	// Kind is how the column is compared. Empty: name for family_name and
	// given_name, date for birth_date and death_date, place for
	// death_place and home_town, exact for sex, text otherwise.
	Kind Kind `toml:"kind"`
}

// Rule is one blocking rule: two records are compared when they share the
// key of at least one rule. A key joins the values of its parts; a record
// with an empty part has no key for the rule.
type Rule struct {
	// On lists the parts of the key, each "column" or "column:modifier":
	//
	//	name                      family and given name keys, in either order
	//	family_name, given_name   a romanisation or phonetic key of the part
	//	                          (a part may have a few: each is a key)
	//	family_name:initial       the first letter, by sound class
	//	unit:brigade              the unit's brigade only (none if it
	//	                          names none)
	//	given_name:initials       the sound classes of the first two
	//	                          syllables, written out or as initials
	//	                          ("S. H." meets 석훈 and Сок Хун)
	//	given_name:syllable       each syllable of a Korean key and the
	//	                          runs between its cuts (names.Part.
	//	                          SyllableKeys): meets a name cut short
	//	                          or misspelt in one syllable. Not in the
	//	                          default rules: at 415,000 records it
	//	                          costs a fifth more time for +0.002 F1
	//	                          (it helps more on small, messy lists)
	//	birth_date, death_date    the year; with :month the month, with
	//	                          :day the full date
	//	other columns             the normalised value: for place and
	//	                          text its numbers if it has any (a unit
	//	                          number), else its phonetic key; for exact
	//	                          the value itself
	On []string `toml:"on"`
}

// Config sets up linkage. The zero Config is the default, made for the
// record CSV of reckon: it compares names across scripts, sex, birth and
// death dates, place of death, unit, rank, home town and list (those that
// some record fills) and the attribute columns that look informative, and
// blocks by the rules of DefaultRules.
type Config struct {
	// Fields lists the compared columns. Nil: DefaultFields, plus the
	// attribute columns chosen as Attributes says.
	Fields []Field `toml:"fields"`
	// Attributes says which attribute columns are compared when Fields is
	// nil: "auto" or "" compares each attribute filled in at least 5% of
	// the records that is neither constant nor unique per record (at most
	// 8, the most filled first), as a date when nine in ten of its values
	// read as dates (YYYY-MM-DD, YYYYMMDD, DD.MM.YYYY …), else as text;
	// "none" compares none. With Blocking nil, each such attribute also
	// blocks (a date column on its full date, another on its value and the
	// given name's initial).
	Attributes string `toml:"attributes"`
	// Blocking lists the blocking rules. Nil: those of DefaultRules whose
	// columns are compared, plus for each attribute compared by default a
	// rule on its value (a date column on its full date, another on its
	// value and the given name's initial).
	Blocking []Rule `toml:"blocking"`
	// MaxBlock is the largest block whose pairs are all compared; a larger
	// block is split by second-level keys into parts of at most MaxBlock,
	// and what stays too large is sorted by name and birth date and each
	// record compared with about Window neighbours (BlockStats.LeftOut
	// counts the pairs left out). 0: 24.
	MaxBlock int `toml:"max_block"`
	// Window is the neighbourhood of sorted comparison in the parts of
	// oversize blocks that no key splits small enough; it widens up to
	// four times over records of equal name keys and birth year. 0: 6.
	Window int `toml:"window"`
	// NameClose is the Jaro–Winkler similarity of the Latin forms of two
	// name parts from which they are close. 0: 0.88.
	NameClose float64 `toml:"name_close"`
	// TextClose is the Jaro–Winkler similarity from which two places or
	// texts are close. 0: 0.9.
	TextClose float64 `toml:"text_close"`
	// SamplePairs is the number of random pairs from which the
	// u-probabilities are estimated. 0: ten per record, at least 50,000
	// and at most 200,000; fewer when there are fewer distinct pairs.
	SamplePairs int `toml:"sample_pairs"`
	// MaxIterations bounds the EM iterations. 0: 200.
	MaxIterations int `toml:"max_iterations"`
	// NoTermFrequency turns off the term-frequency adjustment of name
	// agreement. false: on.
	NoTermFrequency bool `toml:"no_term_frequency"`
	// LinkThreshold is the posterior match probability from which a pair
	// joins two records into one candidate person before clustering.
	// 0: 0.5.
	LinkThreshold float64 `toml:"link_threshold"`
	// MaxComponent is the largest group of linked records clustered by
	// comparing all its pairs; a larger group is first cut at rising
	// thresholds. 0: 64.
	MaxComponent int `toml:"max_component"`
	// ReviewLow and ReviewHigh bound the posterior probabilities of the
	// pairs offered for review. 0: 0.1 and 0.9.
	ReviewLow  float64 `toml:"review_low"`
	ReviewHigh float64 `toml:"review_high"`
	// ReviewLimit caps the review list. 0: 10,000; negative: no limit.
	ReviewLimit int `toml:"review_limit"`
}

// DefaultFields returns the fields compared by default.
func DefaultFields() []Field {
	return []Field{
		{Column: ColFamilyName, Kind: KindName},
		{Column: ColGivenName, Kind: KindName},
		{Column: ColSex, Kind: KindExact},
		{Column: ColBirthDate, Kind: KindDate},
		{Column: ColDeathDate, Kind: KindDate},
		{Column: ColDeathPlace, Kind: KindPlace},
		{Column: ColUnit, Kind: KindUnit},
		{Column: ColRank, Kind: KindRank},
		{Column: ColHomeTown, Kind: KindPlace},
		{Column: ColList, Kind: KindExact},
	}
}

// DefaultRules returns the blocking rules used by default. Each catches
// matches the others may miss: a typo in the given name (rules on the
// family name and dates, and the family name with the given name's
// initial), a missing birth date (rules on unit and death date), a
// swapped name order (name), a typo in the family name (the given name
// with the family name's initial), a given name written as initials
// (the family name with the sounds of the given name's first two
// syllables: blocking recall over the scenario catalogue 0.943 -> 0.962),
// a common name (the full name with the unit's brigade: at 415,000
// records, where most names are shared, a full name's block is oversize
// and a record with only a name and a unit met its partner in none;
// blocking recall there 0.723 -> 0.735; with every key of the unit it
// cost 13 s and 250 MB more at 1M records, with the brigade's alone
// nothing measurable).
// The initial rules make blocks
// that are oversize from some tens of thousands of records and are then
// split by dates and units (see oversize.go); beyond broadRecords records
// Link leaves them out of the defaults (they added no recall at 415,000
// records and 0.9 GiB of heap at 1M). A family + initial + death month
// rule cost 39% more CPU at 415,000 for no gain and was left out.
func DefaultRules() []Rule {
	return []Rule{
		{On: []string{"name"}},
		{On: []string{"name", "unit:brigade"}},
		{On: []string{"given_name", "birth_date"}},
		{On: []string{"family_name", "birth_date:day"}},
		{On: []string{"family_name", "given_name:initial", "birth_date:month"}},
		{On: []string{"given_name", "unit"}},
		{On: []string{"given_name", "death_date:month"}},
		{On: []string{"family_name", "given_name:initial", "death_date:day"}},
		{On: []string{"family_name", "given_name:initial", "birth_date"}},
		{On: []string{"family_name", "given_name:initial", "unit"}},
		{On: []string{"given_name", "family_name:initial"}},
		{On: []string{"family_name", "given_name:initial"}},
		{On: []string{"family_name", "given_name:initials"}},
		{On: []string{"birth_date:day", "death_date:day"}},
		{On: []string{"birth_date:day", "unit"}},
	}
}

// Options are the run-time inputs of Link that are not configuration.
type Options struct {
	// Rand draws the random pairs for the u-probabilities. Nil: a PCG
	// seeded with (1, 2). The same Rand state gives the same result.
	Rand *rand.Rand
	// Progress, if not nil, is called as stages advance with the stage
	// name, the units done and the units in all. The stages, in order:
	// prepare, block keys, block sort, block pairs, block dedupe, sample
	// (random pairs), sessions (EM), score, cluster. Calls never overlap.
	// Nil: no reports.
	Progress func(stage string, done, total int)
	// Workers is the number of goroutines. 0: runtime.GOMAXPROCS(0).
	Workers int
}

// defaults returns c with its zero fields set.
func (c Config) defaults() Config {
	if c.MaxBlock <= 0 {
		c.MaxBlock = 24
	}
	if c.Window <= 0 {
		c.Window = 6
	}
	if c.NameClose <= 0 {
		c.NameClose = 0.88
	}
	if c.TextClose <= 0 {
		c.TextClose = 0.9
	}
	if c.SamplePairs < 0 {
		c.SamplePairs = 0
	}
	if c.MaxIterations <= 0 {
		c.MaxIterations = 200
	}
	if c.LinkThreshold <= 0 {
		c.LinkThreshold = 0.5
	}
	if c.MaxComponent <= 0 {
		c.MaxComponent = 64
	}
	if c.ReviewLow <= 0 {
		c.ReviewLow = 0.1
	}
	if c.ReviewHigh <= 0 {
		c.ReviewHigh = 0.9
	}
	if c.ReviewLimit == 0 {
		c.ReviewLimit = 10_000
	}
	if c.Blocking == nil {
		c.Blocking = DefaultRules()
	}
	return c
}

// defaultKind returns the kind of a column when the config names none.
func defaultKind(col string) Kind {
	switch col {
	case ColFamilyName, ColGivenName:
		return KindName
	case ColBirthDate, ColDeathDate:
		return KindDate
	case ColDeathPlace, ColHomeTown:
		return KindPlace
	case ColSex:
		return KindExact
	case ColUnit:
		return KindUnit
	case ColRank:
		return KindRank
	}
	return KindText
}

// resolveFields returns the fields to compare for records, checked.
func (c Config) resolveFields(recs []reckon.Record) ([]Field, error) {
	fields := c.Fields
	if fields == nil {
		fields = usedDefaults(recs)
		switch c.Attributes {
		case "", "auto":
			auto := autoAttributes(recs)
			fields = append(fields, auto[:min(len(auto), maxFields-len(fields))]...)
		case "none":
		default:
			return nil, reckon.Errorf(reckon.EINVALID, "linkage config: attributes %q: want auto or none", c.Attributes)
		}
	}
	if len(fields) == 0 {
		return nil, reckon.Errorf(reckon.EINVALID, "linkage config: no fields to compare")
	}
	if len(fields) > maxFields {
		return nil, reckon.Errorf(reckon.EINVALID, "linkage config: %d fields, at most %d", len(fields), maxFields)
	}
	out := make([]Field, len(fields))
	seen := map[string]bool{}
	for i, f := range fields {
		if f.Column == "" {
			return nil, reckon.Errorf(reckon.EINVALID, "linkage config: field %d has no column", i+1)
		}
		if seen[f.Column] {
			return nil, reckon.Errorf(reckon.EINVALID, "linkage config: field %s twice", f.Column)
		}
		seen[f.Column] = true
		if f.Kind == "" {
			f.Kind = defaultKind(f.Column)
		}
		if _, ok := levelNames[f.Kind]; !ok {
			return nil, reckon.Errorf(reckon.EINVALID, "linkage config: field %s: kind %q: want name, date, place, unit, rank, text or exact", f.Column, f.Kind)
		}
		if f.Kind == KindName && f.Column != ColFamilyName && f.Column != ColGivenName {
			return nil, reckon.Errorf(reckon.EINVALID, "linkage config: field %s: kind name is for family_name and given_name", f.Column)
		}
		out[i] = f
	}
	return out, nil
}

// usedDefaults returns the default fields that some record fills; the
// names always, the list only when there are two lists or more.
func usedDefaults(recs []reckon.Record) []Field {
	var out []Field
	for _, f := range DefaultFields() {
		used := f.Kind == KindName
		for i := 0; i < len(recs) && !used; i++ {
			v := strings.TrimSpace(column(&recs[i], f.Column))
			if f.Column == ColList {
				used = v != strings.TrimSpace(recs[0].List)
			} else {
				used = v != ""
			}
		}
		if used {
			out = append(out, f)
		}
	}
	return out
}

// maxFields is the most fields a comparison vector holds (4 bits each).
const maxFields = 16

// autoAttributes picks the attribute columns worth comparing.
func autoAttributes(recs []reckon.Record) []Field {
	type stat struct {
		filled, dates int
		distinct      map[string]struct{}
	}
	stats := map[string]*stat{}
	for _, r := range recs {
		for k, v := range r.Attributes {
			v = strings.TrimSpace(v)
			if v == "" {
				continue
			}
			s := stats[k]
			if s == nil {
				s = &stat{distinct: map[string]struct{}{}}
				stats[k] = s
			}
			s.filled++
			if len(s.distinct) < 1<<20 {
				s.distinct[v] = struct{}{}
			}
			if reckon.ParseDateLoose(v).Month > 0 {
				s.dates++ // a year alone is as likely a number
			}
		}
	}
	type cand struct {
		col    string
		filled int
		date   bool
	}
	var cands []cand
	for k, s := range stats {
		if isReserved(k) || s.filled*20 < len(recs) || len(s.distinct) < 2 {
			continue
		}
		if float64(len(s.distinct)) > 0.99*float64(s.filled) {
			continue // an identifier of the row, not of the person
		}
		cands = append(cands, cand{k, s.filled, s.dates*10 >= s.filled*9})
	}
	slices.SortFunc(cands, func(a, b cand) int {
		if a.filled != b.filled {
			return b.filled - a.filled
		}
		return strings.Compare(a.col, b.col)
	})
	var out []Field
	for _, c := range cands {
		if len(out) == 8 {
			break
		}
		kind := KindText
		if c.date {
			kind = KindDate
		}
		out = append(out, Field{Column: c.col, Kind: kind})
	}
	return out
}

// broadRecords is the most records for which the default blocking keeps
// its broad rules (see broadRule). Beyond it their blocks are all
// oversize: at 415,000 records they added no recall, and at 1M records
// they cost 0.9 GiB more peak heap (4.7 against 3.8) for the same time.
const broadRecords = 200_000

// broadRule reports whether a rule's blocks grow with the data, so that
// beyond broadRecords they are all oversize: name parts only, one of them
// an initial (family name + given name's initial: a rule that catches
// typos in one name part), or a birth date with a unit (the soldiers of a
// brigade born on one day: a rule that catches typos in both).
func broadRule(r Rule) bool {
	initial, named, unit, born := false, false, false, false
	for _, part := range r.On {
		col, mod, _ := strings.Cut(strings.TrimSpace(part), ":")
		switch col {
		case ColFamilyName, ColGivenName:
			named = true
			initial = initial || mod == "initial" || mod == "initials"
		case "unit":
			unit = true
		case "birth_date":
			born = true
		default:
			return false
		}
	}
	if named {
		return initial && !unit && !born
	}
	return unit && born
}

// scaleRules returns the default rules suited to n records: without the
// broad rules beyond broadRecords.
func scaleRules(rules []Rule, n int) []Rule {
	if n <= broadRecords {
		return rules
	}
	return slices.DeleteFunc(slices.Clone(rules), broadRule)
}

// usableRules returns the rules whose parts are all compared fields.
func usableRules(rules []Rule, fields []Field) []Rule {
	var out []Rule
	for _, r := range rules {
		ok := true
		for _, part := range r.On {
			col, _, _ := strings.Cut(strings.TrimSpace(part), ":")
			if col == "name" {
				col = ColFamilyName
			}
			ok = ok && slices.ContainsFunc(fields, func(f Field) bool { return f.Column == col })
		}
		if ok {
			out = append(out, r)
		}
	}
	return out
}

// attributeRules returns the blocking rules added to the defaults for
// the attribute columns compared by default that tell persons apart (a
// distinct value for every hundred records or more): a date column
// blocks on its full date, another on its value and the given name's
// initial, and a code or text column with a distinct value for every four
// records or more (an identity or service number) on its value alone.
func attributeRules(recs []reckon.Record, fields []Field) []Rule {
	var out []Rule
	for _, f := range fields {
		if slices.ContainsFunc(DefaultFields(), func(d Field) bool { return d.Column == f.Column }) {
			continue
		}
		distinct := map[string]struct{}{}
		for i := range recs {
			if v := strings.TrimSpace(recs[i].Attributes[f.Column]); v != "" && len(distinct) < 1<<16 {
				distinct[v] = struct{}{}
			}
		}
		if len(distinct)*100 < len(recs) {
			continue
		}
		if f.Kind == KindDate {
			out = append(out, Rule{On: []string{f.Column + ":day"}})
			continue
		}
		if len(distinct)*4 >= len(recs) && (f.Kind == KindExact || f.Kind == KindText) {
			// A value for every four records or fewer, as an identity or
			// service number has: its blocks hold four records on
			// average, at most 2n pairs in all, and they find the records
			// whose names were replaced or mistyped.
			out = append(out, Rule{On: []string{f.Column}})
		}
		out = append(out, Rule{On: []string{f.Column, "given_name:initial"}})
	}
	return out
}

// isReserved reports whether an attribute column is about the row rather
// than the person.
func isReserved(col string) bool {
	switch strings.ToLower(col) {
	case "record_id", "list", "name", "source_url", "source", "url", "id", "rec_id", "person_id", "true_person", "truth", "notes", "note", "comment":
		return true
	}
	return false
}

func (k Kind) levels() []string { return levelNames[k] }

func (f Field) String() string { return fmt.Sprintf("%s (%s)", f.Column, f.Kind) }
