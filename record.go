package reckon

import (
	"strconv"
	"strings"
	"time"
	"unicode"
)

// Precision says how much of a Date is known.
type Precision int

// The precisions of a Date, from nothing known to the day.
const (
	Unknown Precision = iota
	YearOnly
	MonthOnly
	DayKnown
)

// Date is a calendar date known to a precision: a year, a month or a day,
// or the text of a date that did not parse, kept as the source wrote it.
// The zero Date is unknown.
type Date struct {
	Year  int // 0 when unknown or not parsed
	Month int // 1..12, or 0 when only the year is known
	Day   int // 1..31, or 0 when only the month is known
	// Raw is the text of a date that did not parse (such as "1945-04-93"
	// or "spring 1951"), trimmed of surrounding space, so that it is shown,
	// stored and exported as written and can be compared as text. It is
	// set only when Year is 0 (see [ParseDateLoose]); with Year set it is
	// ignored.
	Raw string
}

// ParseDate parses "", "YYYY", "YYYY-MM" or "YYYY-MM-DD". The empty
// string is the unknown Date. Calendar validity is checked (no 2023-02-30).
func ParseDate(s string) (Date, error) {
	bad := func() (Date, error) {
		return Date{}, Errorf(EINVALID, "date %s: want YYYY, YYYY-MM or YYYY-MM-DD", Quote(s))
	}
	if s == "" {
		return Date{}, nil
	}
	num := func(t string) (int, bool) {
		for i := 0; i < len(t); i++ {
			if t[i] < '0' || t[i] > '9' {
				return 0, false
			}
		}
		n, err := strconv.Atoi(t)
		return n, err == nil
	}
	var d Date
	var ok bool
	switch len(s) {
	case 4:
		d.Year, ok = num(s)
	case 7:
		if s[4] != '-' {
			return bad()
		}
		if d.Year, ok = num(s[:4]); ok {
			d.Month, ok = num(s[5:])
		}
	case 10:
		if s[4] != '-' || s[7] != '-' {
			return bad()
		}
		if d.Year, ok = num(s[:4]); ok {
			if d.Month, ok = num(s[5:7]); ok {
				d.Day, ok = num(s[8:])
			}
		}
	}
	if !ok || d.Year < 1 {
		return bad()
	}
	if len(s) >= 7 && (d.Month < 1 || d.Month > 12) {
		return bad()
	}
	if len(s) == 10 {
		t := time.Date(d.Year, time.Month(d.Month), d.Day, 0, 0, 0, 0, time.UTC)
		if d.Day < 1 || t.Day() != d.Day {
			return bad()
		}
	}
	return d, nil
}

// ParseDateLoose reads s as a date the way lists write them and never
// fails. Besides the forms of [ParseDate] it reads the common forms
// whose reading is unambiguous:
//
//	19450403                 YYYYMMDD
//	1945/04/03, 1945.4.3.    year first, separated by "/", "." or "-",
//	1945-4-3                 month and day of one or two digits
//	1945/04, 1945.04         year and month
//	03.04.1945, 3.4.1945     day first with dots (the European form)
//	25/04/1945, 04/25/1945   day and month with "/" or "-", only when one
//	                         of them is above 12; 03/04/1945 is ambiguous
//	1945년 4월 3일, 1945년 4월  Korean
//	1945-04-03T00:00:00      a full date followed by a time
//
// Surrounding space is ignored. The empty string is the unknown Date;
// any other text that does not read as a valid calendar date is kept as
// written: the result has Year 0 and Raw set to the trimmed text.
// ParseDateLoose(d.String()) == d for every Date it returns, so a kept
// text survives a store or an export.
func ParseDateLoose(s string) Date {
	s = strings.TrimSpace(s)
	if s == "" {
		return Date{}
	}
	if d, err := ParseDate(s); err == nil {
		return d
	}
	if d, ok := looseDate(s); ok {
		return d
	}
	return Date{Raw: s}
}

// looseDate reads the forms of ParseDateLoose beyond ParseDate's.
func looseDate(s string) (Date, bool) {
	// A full date followed by a time: 1945-04-03T10:00, 1945-04-03 00:00:00.
	if len(s) > 10 && (s[10] == 'T' || s[10] == ' ') && strings.Trim(s[11:], "0123456789:.Z+- ") == "" {
		if d, err := ParseDate(s[:10]); err == nil && d.Day != 0 {
			return d, true
		}
	}
	// Korean: 1945년 4월 3일, 1945년 4월, 1945년.
	if strings.Contains(s, "년") {
		t := strings.NewReplacer("년", " ", "월", " ", "일", " ").Replace(s)
		f := strings.Fields(t)
		if len(f) >= 1 && len(f) <= 3 && len(f[0]) == 4 && strings.HasSuffix(strings.TrimSpace(s), lastUnit[len(f)-1]) {
			return checkDate(f...)
		}
		return Date{}, false
	}
	if len(s) == 8 && digits(s) {
		return checkDate(s[:4], s[4:6], s[6:])
	}
	s = strings.TrimSuffix(s, ".") // Korean and Russian dates may end in a dot
	var sep byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '/' || c == '.' || c == '-' {
			if sep != 0 && c != sep {
				return Date{}, false
			}
			sep = c
		} else if c < '0' || c > '9' {
			return Date{}, false
		}
	}
	if sep == 0 {
		return Date{}, false
	}
	f := strings.Split(s, string(sep))
	if len(f) < 2 || len(f) > 3 {
		return Date{}, false
	}
	if len(f[0]) == 4 { // year first
		return checkDate(f...)
	}
	if len(f) != 3 || len(f[2]) != 4 || len(f[0]) > 2 || len(f[1]) > 2 {
		return Date{}, false
	}
	a, _ := strconv.Atoi(f[0])
	b, _ := strconv.Atoi(f[1])
	switch {
	case sep == '.', a > 12 && b <= 12: // day first
		return checkDate(f[2], f[1], f[0])
	case b > 12 && a <= 12: // month first
		return checkDate(f[2], f[0], f[1])
	}
	return Date{}, false // both could be the month
}

// lastUnit is the Korean unit that ends a date of one, two or three parts.
var lastUnit = [3]string{"년", "월", "일"}

// checkDate makes a Date of a four-digit year and, optionally, a month
// and a day of one or two digits, and checks it as ParseDate does.
func checkDate(parts ...string) (Date, bool) {
	if len(parts[0]) != 4 || !digits(parts[0]) {
		return Date{}, false
	}
	t := parts[0]
	for _, p := range parts[1:] {
		if len(p) < 1 || len(p) > 2 || !digits(p) {
			return Date{}, false
		}
		if len(p) == 1 {
			p = "0" + p
		}
		t += "-" + p
	}
	d, err := ParseDate(t)
	return d, err == nil
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// Parsed reports whether d was read as a calendar date: false for the
// unknown Date and for a date kept as written (see [Date.Raw]).
func (d Date) Parsed() bool { return d.Year != 0 }

// Precision returns how much of d is known.
func (d Date) Precision() Precision {
	switch {
	case d.Year == 0:
		return Unknown
	case d.Month == 0:
		return YearOnly
	case d.Day == 0:
		return MonthOnly
	}
	return DayKnown
}

// IsZero reports whether nothing of d is known: not a date, and no text
// kept as written either.
func (d Date) IsZero() bool { return d.Year == 0 && d.Raw == "" }

// String formats d as it was parsed: "", "YYYY", "YYYY-MM" or
// "YYYY-MM-DD"; a date that did not parse is its Raw text.
func (d Date) String() string {
	p := d.Precision()
	if p == Unknown {
		return d.Raw
	}
	if d.Year > 9999 || d.Year < 0 { // not a Date that ParseDate makes
		return "invalid-year-" + strconv.Itoa(d.Year)
	}
	var b [10]byte
	put := func(i, n, w int) {
		for k := w - 1; k >= 0; k-- {
			b[i+k] = byte('0' + n%10)
			n /= 10
		}
	}
	put(0, d.Year, 4)
	n := 4
	if p >= MonthOnly {
		b[4] = '-'
		put(5, d.Month, 2)
		n = 7
	}
	if p == DayKnown {
		b[7] = '-'
		put(8, d.Day, 2)
		n = 10
	}
	return string(b[:n])
}

// MarshalText implements encoding.TextMarshaler.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler. It reads what
// MarshalText writes, with [ParseDateLoose]: a text that is not a date
// is kept as written, so that a record's JSON round-trips. It never fails.
func (d *Date) UnmarshalText(b []byte) error {
	*d = ParseDateLoose(string(b))
	return nil
}

// Record is one row of a source list: what one list says about one person.
// RecordID is the list's own identifier, unique within its list.
type Record struct {
	ID         int64             `json:"id,omitempty"`
	RecordID   string            `json:"record_id"`
	List       string            `json:"list"`
	FamilyName string            `json:"family_name,omitempty"`
	GivenName  string            `json:"given_name,omitempty"`
	Name       string            `json:"name,omitempty"` // as the source wrote it, in its own script
	Sex        string            `json:"sex,omitempty"`
	BirthDate  Date              `json:"birth_date,omitzero"`
	DeathDate  Date              `json:"death_date,omitzero"`
	DeathPlace string            `json:"death_place,omitempty"`
	Unit       string            `json:"unit,omitempty"`
	Rank       string            `json:"rank,omitempty"`
	HomeTown   string            `json:"home_town,omitempty"`
	SourceURL  string            `json:"source_url,omitempty"`
	Attributes map[string]string `json:"attributes,omitempty"` // every other column
	SourceID   int64             `json:"source_id,omitempty"`
	// Sensitive names the fields (columns such as "home_town", or
	// attribute keys such as "relative_phone") that only those who may
	// see personal data are shown; see [Record.Redacted].
	Sensitive []string `json:"sensitive,omitempty"`
	// Embargoed records are shown to no one who may not see personal data,
	// not even in part; they still count in aggregate figures.
	Embargoed bool `json:"embargoed,omitempty"`
}

// Import is one file of records brought into a workspace. Hash (hex
// SHA-256 of the file's bytes) is unique: importing the same file twice
// changes nothing. Hash covers the file's sensitive columns and embargoed
// rows, and a small file's values can be found by hashing guesses: show
// it only to those who may see personal data (JSON leaves it out when
// empty).
type Import struct {
	ID       int64 `json:"id"`
	SourceID int64 `json:"source_id"`
	// List is the list of the import's records when they all name one
	// (rows may carry their own list, which is then not the file's
	// name); else the default list the caller gave for rows without one.
	// See [ImportLists].
	List    string `json:"list"`
	File    string `json:"file"`
	Hash    string `json:"hash,omitempty"`
	Records int    `json:"records"`
	// Lists counts the import's records by the list each names, when
	// they name more than one; nil when every record is of List.
	Lists      map[string]int `json:"lists,omitempty"`
	ImportedAt time.Time      `json:"imported_at"`
}

// ListRecords returns the import's records by list: Lists, or all of
// Records under List.
func (imp *Import) ListRecords() map[string]int {
	if len(imp.Lists) > 0 {
		return imp.Lists
	}
	return map[string]int{imp.List: imp.Records}
}

// ImportLists finds the list an import is filed under and counts its
// records by list: a store adds the list of each record it imports and
// sets [Import.List] to Filed and [Import.Lists] to Counts. The zero
// ImportLists has seen no record.
type ImportLists struct {
	one     string
	several bool
	n       map[string]int
	// run counts the records of list one added last, not yet in n:
	// records of a list mostly come together.
	last string
	run  int
}

// Add notes the list of one record of the import.
func (l *ImportLists) Add(list string) {
	if list == l.last && l.run > 0 {
		l.run++
		return
	}
	l.flush()
	l.last, l.run = list, 1
	switch {
	case l.one == "":
		l.one = list
	case l.one != list:
		l.several = true
	}
}

func (l *ImportLists) flush() {
	if l.run == 0 {
		return
	}
	if l.n == nil {
		l.n = map[string]int{}
	}
	l.n[l.last] += l.run
	l.run = 0
}

// Count returns how many records of list were added.
func (l *ImportLists) Count(list string) int {
	l.flush()
	return l.n[list]
}

// Counts returns the records added by list when they name more than one
// list, else nil (see [Import.Lists]).
func (l *ImportLists) Counts() map[string]int {
	if !l.several {
		return nil
	}
	l.flush()
	return l.n
}

// Filed returns the one list of every record added, or def (the list the
// caller gave for rows without one) when they name several or none.
func (l *ImportLists) Filed(def string) string {
	if l.one == "" || l.several {
		return def
	}
	return l.one
}

// RecordFilter selects records. The zero filter selects all.
type RecordFilter struct {
	List    string // "": any list
	Limit   int    // 0: no limit
	AfterID int64  // cursor: only records with a larger ID
	// Embargoed selects only the embargoed records.
	Embargoed bool
	// RecordID, with List, selects the one record with that key.
	RecordID string
}

// DisplayName is the record's name for people to read: Name as the source
// wrote it when it has one, else its family and given names joined as
// the script writes them: Hangul, Chinese characters and kana without a
// space, family name first (리철민), other scripts with a space (Ли
// Чхоль Мин). It is "" when the record names no one.
func (r *Record) DisplayName() string {
	if n := strings.TrimSpace(r.Name); n != "" {
		return n
	}
	fam, giv := strings.TrimSpace(r.FamilyName), strings.TrimSpace(r.GivenName)
	if fam == "" || giv == "" {
		return fam + giv
	}
	if eastAsian(fam) && eastAsian(giv) {
		return fam + giv
	}
	return fam + " " + giv
}

// eastAsian reports whether s is written in Hangul, Chinese characters or
// kana, scripts that write a name without spaces.
func eastAsian(s string) bool {
	for _, c := range s {
		if !unicode.In(c, unicode.Hangul, unicode.Han, unicode.Hiragana, unicode.Katakana) {
			return false
		}
	}
	return s != ""
}
