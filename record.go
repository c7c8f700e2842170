package reckon

import (
	"strconv"
	"time"
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

// Date is a calendar date known to a precision: a year, a month or a day.
// The zero Date is unknown.
type Date struct {
	Year  int // 0 when unknown
	Month int // 1..12, or 0 when only the year is known
	Day   int // 1..31, or 0 when only the month is known
}

// ParseDate parses "", "YYYY", "YYYY-MM" or "YYYY-MM-DD". The empty
// string is the unknown Date. Calendar validity is checked (no 2023-02-30).
func ParseDate(s string) (Date, error) {
	bad := func() (Date, error) {
		return Date{}, Errorf(EINVALID, "date %q: want YYYY, YYYY-MM or YYYY-MM-DD", s)
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

// IsZero reports whether nothing of d is known.
func (d Date) IsZero() bool { return d.Year == 0 }

// String formats d as it was parsed: "", "YYYY", "YYYY-MM" or "YYYY-MM-DD".
func (d Date) String() string {
	p := d.Precision()
	if p == Unknown {
		return ""
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

// UnmarshalText implements encoding.TextUnmarshaler.
func (d *Date) UnmarshalText(b []byte) error {
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
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
// changes nothing.
type Import struct {
	ID         int64     `json:"id"`
	SourceID   int64     `json:"source_id"`
	List       string    `json:"list"` // default list for rows without one
	File       string    `json:"file"`
	Hash       string    `json:"hash"`
	Records    int       `json:"records"`
	ImportedAt time.Time `json:"imported_at"`
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
