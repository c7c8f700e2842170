// Package listcsv reads and writes the record CSV of DESIGN.md: one row
// per record of a source list, with the columns
//
//	record_id, list, family_name, given_name, name, sex, birth_date,
//	death_date, death_place, unit, rank, home_town, source_url
//
// in any order; every other column is kept as an attribute. Only
// record_id is required. Column names may have surrounding spaces, and
// [Options.Columns] renames a file's own columns (rec_id, surname,
// date_of_birth …) to these. Two more columns protect personal data (see
// reckon.Record.Redacted): sensitive names the fields of the row that only
// those who may see personal data are shown (separated by ";" or ","), and
// embargoed (true/false, yes/no, 1/0) withholds the whole record. Lists
// arrive in other dialects too: fields separated by semicolons or tabs,
// text in UTF-16, CP949/EUC-KR, Windows-1251 or KOI8-R. Both are detected
// (or chosen in [Options]) and reported in [Dialect]; line ends may be LF
// or CRLF. Every error names the file, the line and the field.
//
// Dates (birth_date, death_date) are read with [reckon.ParseDateLoose]:
// YYYY, YYYY-MM, YYYY-MM-DD and the unambiguous forms it lists, such as
// FEBRL's YYYYMMDD and the European DD.MM.YYYY.
//
// # Dirty values
//
// Structural problems end a read with an [*Error]: no record_id column or
// an empty record id, a row with the wrong number of fields, bad quoting,
// text that is not UTF-8, a repeated record id, and a sensitive or
// embargoed cell that cannot be read (guessing there could publish
// personal data). A value inside a good row that does not parse, such
// as the birth date 1945-04-93, is not structural: it is read with
// [reckon.ParseDateLoose], kept as written in [reckon.Date.Raw] and
// counted in [Options.Warnings], unless [Options.Strict] is set, in which
// case it ends the read with an *Error as well.
package listcsv

import (
	"encoding/csv"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"iter"
	"maps"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/csvout"
)

// Columns are the known columns, in the order Write uses.
var Columns = []string{"record_id", "list", "family_name", "given_name", "name", "sex", "birth_date",
	"death_date", "death_place", "unit", "rank", "home_town", "source_url"}

// Limits on input, so that a hostile file cannot exhaust memory: a
// longer field or row, or more columns, end the read with an [*Error]
// that quotes at most a short prefix of the input (see [reckon.Quote]).
const (
	MaxFieldBytes = 64 << 10 // one field
	MaxColumns    = 256
	// MaxRowBytes bounds one row, the header included, with the line
	// breaks of its quoted fields: a longer one is refused before it is
	// read whole.
	MaxRowBytes = 1 << 20
)

// Error is a problem at a place in a file. Line is 1-based (the header is
// line 1); Field is the column name, or "" when the whole line is at fault.
type Error struct {
	File  string
	Line  int
	Field string
	Err   error
}

func (e *Error) Error() string {
	s := e.File
	if e.Line > 0 {
		s += fmt.Sprintf(" line %d", e.Line)
	}
	if e.Field != "" {
		s += fmt.Sprintf(" field %s", e.Field)
	}
	return s + ": " + e.Err.Error()
}

func (e *Error) Unwrap() error { return e.Err }

// Read returns the records of the CSV in r, yielded in file order. File is
// used in errors and, when the file has no list column, as the list name
// (its base name without extension is passed in by the caller as list).
// The first error ends the sequence. Duplicate record ids within the file
// are an error.
func Read(r io.Reader, file, list string) iter.Seq2[*reckon.Record, error] {
	return ReadWith(r, file, Options{List: list})
}

// Options say how to read a file. The zero Options read a record CSV
// whose rows all name their list, keeping dirty values as written.
type Options struct {
	// List is the list of the rows that name none.
	List string
	// Sensitive are columns whose values are sensitive in every row
	// (relatives' names, contacts, exact addresses …), named as the
	// record CSV names them (after Columns).
	Sensitive []string
	// Columns renames the file's columns before they are read: the
	// file's name of a column (trimmed) to the name of the record CSV,
	// such as "rec_id" to "record_id", "surname" to "family_name" or
	// "date_of_birth" to "birth_date"; a name that is no column of the
	// record CSV makes an attribute of that name. Columns of the file
	// that it does not name keep their names, and names of columns the
	// file lacks are ignored, so that one mapping serves several layouts.
	// Errors and warnings name the file's own column. Nil: no renaming.
	Columns map[string]string
	// Strict makes a value that does not parse an error, with its file,
	// line and field, instead of keeping it as written. false: kept.
	Strict bool
	// Warnings, if not nil, counts the values kept as written.
	Warnings *Warnings
	// Encoding names the file's encoding (see ParseEncoding): utf-8,
	// utf-16, cp949 (EUC-KR), windows-1251, koi8-r. "" or auto: detected
	// from a byte-order mark or the first 64 KiB, UTF-8 unless another
	// reads them with confidence (see detectEncoding).
	Encoding string
	// Delimiter separates fields. 0: detected from the first lines
	// (comma, semicolon, tab or pipe), a comma when none splits them.
	Delimiter rune
	// Dialect, if not nil, is set to the encoding and delimiter the file
	// is read in, before the first record is yielded.
	Dialect *Dialect
}

// Dirty is a value inside a good row that did not parse and was kept as
// written.
type Dirty struct {
	File  string
	Line  int    // 1-based; the header is line 1
	Field string // the file's name of the column
	Value string // as written, trimmed
}

// FieldDirt counts the dirty values of one column.
type FieldDirt struct {
	Field string // the file's name of the column
	Kind  string // what the values should have been: "date"
	Count int
	First Dirty // the first one, in file order
}

// Warnings counts the values kept as written in one or more reads, by
// column. The zero Warnings is ready to use.
type Warnings struct {
	// Fields has one entry per column with dirty values, in the order
	// their first dirty value came.
	Fields []FieldDirt
}

// add counts d, a value that should have been of the given kind.
func (w *Warnings) add(kind string, d Dirty) {
	for i := range w.Fields {
		if f := &w.Fields[i]; f.Field == d.Field && f.First.File == d.File {
			f.Count++
			return
		}
	}
	w.Fields = append(w.Fields, FieldDirt{Field: d.Field, Kind: kind, Count: 1, First: d})
}

// Count returns the number of values kept as written.
func (w *Warnings) Count() int {
	n := 0
	for _, f := range w.Fields {
		n += f.Count
	}
	return n
}

// String summarises w on one line, or returns "" when nothing was kept as
// written:
//
//	12 dates in birth_date did not parse (first: a.csv line 7 "1945-04-93"); kept as written
//
// with one such clause per column, separated by "; ". Values are quoted
// with [reckon.Quote], which cuts long ones.
func (w *Warnings) String() string {
	if len(w.Fields) == 0 {
		return ""
	}
	var b strings.Builder
	for _, f := range w.Fields {
		kind := f.Kind
		if kind == "" {
			kind = "value"
		}
		if f.Count != 1 {
			kind += "s"
		}
		fmt.Fprintf(&b, "%d %s in %s did not parse (first: %s line %d %s); ", f.Count, kind, f.Field, f.First.File, f.First.Line, reckon.Quote(f.First.Value))
	}
	b.WriteString("kept as written")
	return b.String()
}

// ParseColumns reads a column mapping written as "from=to,from=to", such
// as "rec_id=record_id,surname=family_name" (see [Options.Columns]).
// Spaces around names are ignored; the empty string is no mapping.
func ParseColumns(s string) (map[string]string, error) {
	m := map[string]string{}
	for part := range strings.SplitSeq(s, ",") {
		if strings.TrimSpace(part) == "" {
			continue
		}
		from, to, ok := strings.Cut(part, "=")
		if !ok {
			return nil, fmt.Errorf("column mapping %s: want FROM=TO", reckon.Quote(strings.TrimSpace(part)))
		}
		m[strings.TrimSpace(from)] = strings.TrimSpace(to)
	}
	if err := CheckColumns(m); err != nil {
		return nil, err
	}
	return m, nil
}

// CheckColumns checks a column mapping: no empty names, and no two
// columns renamed to one name.
func CheckColumns(m map[string]string) error {
	to := map[string]string{}
	for _, from := range slices.Sorted(maps.Keys(m)) {
		t := m[from]
		if from == "" || t == "" {
			return fmt.Errorf("column mapping %s=%s: empty column name", reckon.Quote(from), reckon.Quote(t))
		}
		if other, dup := to[t]; dup {
			return fmt.Errorf("column mapping: %s and %s both renamed to %s", bare(other), bare(from), bare(t))
		}
		to[t] = from
	}
	return nil
}

// ReadWith is Read with options.
func ReadWith(r io.Reader, file string, o Options) iter.Seq2[*reckon.Record, error] {
	list := o.List
	return func(yield func(*reckon.Record, error) bool) {
		fail := func(line int, field string, err error) {
			if len(field) > reckon.MaxQuote { // a column name of any length
				field = reckon.Quote(field)
			}
			yield(nil, &Error{File: file, Line: line, Field: field, Err: err})
		}
		br, dialect, err := openDialect(r, o)
		if err != nil {
			fail(0, "", err)
			return
		}
		if o.Dialect != nil {
			*o.Dialect = dialect
		}
		rows := &rowLimit{r: br}
		cr := csv.NewReader(rows)
		cr.Comma = dialect.Delimiter
		cr.ReuseRecord = true
		header, err := cr.Read()
		if err == io.EOF {
			fail(1, "", errors.New("empty file: want a header line with record_id"))
			return
		}
		if errors.Is(err, errRowTooLong) || err == nil && cr.InputOffset() > MaxRowBytes {
			fail(1, "", fmt.Errorf("the header is longer than %s: is this a record CSV?", mib(MaxRowBytes)))
			return
		}
		if err != nil {
			fail(1, "", csvErr(err))
			return
		}
		// next is the line where the next row starts.
		next := lineAfter(cr, header)
		rows.start = cr.InputOffset()
		if len(header) > MaxColumns {
			fail(1, "", fmt.Errorf("%d columns, more than %d", len(header), MaxColumns))
			return
		}
		if err := CheckColumns(o.Columns); err != nil {
			fail(0, "", err)
			return
		}
		// header holds the record CSV's names, named the file's names.
		header = append([]string(nil), header...)
		named := make([]string, len(header))
		idx := map[string]int{}
		for i, h := range header {
			h = strings.TrimSpace(h)
			if !utf8.ValidString(h) {
				fail(1, fmt.Sprintf("#%d", i+1), errors.New("invalid UTF-8: the file is not UTF-8; convert it, or name its encoding (cp949, windows-1251, koi8-r …)"))
				return
			}
			if h == "" {
				fail(1, fmt.Sprintf("#%d", i+1), errors.New("empty column name"))
				return
			}
			named[i] = h
			if to, ok := o.Columns[h]; ok {
				h = to
			}
			if j, dup := idx[h]; dup {
				if named[j] != h || named[i] != h {
					fail(1, named[i], fmt.Errorf("read as %s, like column %s", bare(h), bare(named[j])))
					return
				}
				fail(1, h, errors.New("column appears twice"))
				return
			}
			header[i] = h
			idx[h] = i
		}
		if _, ok := idx["record_id"]; !ok {
			fail(1, "", fmt.Errorf("no record_id column (columns: %s)", bare(strings.Join(named, ","))))
			return
		}
		// The columns sensitive in every row, in the file's order.
		allSensitive := make([]bool, len(header))
		for _, c := range o.Sensitive {
			i, ok := idx[c]
			if !ok {
				fail(1, "", fmt.Errorf("sensitive column %s is not in the file (columns: %s)", reckon.Quote(c), bare(strings.Join(header, ","))))
				return
			}
			if err := checkSensitive(c); err != nil {
				fail(1, c, err)
				return
			}
			allSensitive[i] = true
		}
		// Record ids seen, by a 64-bit hash: a tenth of the memory of the
		// ids themselves on a million rows. Two different ids share a hash
		// with odds of about 3e-8 in a million-row file; the store's own
		// uniqueness check stays exact either way.
		seed := maphash.MakeSeed()
		seen := map[uint64]int{}
		for {
			row, err := cr.Read()
			if err == io.EOF {
				return
			}
			if errors.Is(err, errRowTooLong) || err == nil && cr.InputOffset()-rows.start > MaxRowBytes {
				fail(next, "", fmt.Errorf("a row longer than %s: is a quote left open?", mib(MaxRowBytes)))
				return
			}
			if err != nil {
				line := 0
				var pe *csv.ParseError
				if errors.As(err, &pe) {
					line = pe.Line
				}
				fail(line, "", csvErr(err))
				return
			}
			line, _ := cr.FieldPos(0)
			next, rows.start = lineAfter(cr, row), cr.InputOffset()
			rec := &reckon.Record{List: list}
			for i, v := range row {
				col := header[i]
				if len(v) > MaxFieldBytes {
					fail(line, named[i], fmt.Errorf("longer than %d bytes", MaxFieldBytes))
					return
				}
				if !utf8.ValidString(v) {
					fail(line, named[i], errors.New("invalid UTF-8: the file is not UTF-8; convert it, or name its encoding (cp949, windows-1251, koi8-r …)"))
					return
				}
				v = strings.TrimSpace(v)
				var err error
				switch col {
				case "sensitive":
					err = addSensitive(rec, v, idx)
				case "embargoed":
					rec.Embargoed, err = parseBool(v)
				default:
					if kind := set(rec, col, v); kind != "" {
						if o.Strict {
							err = fmt.Errorf("%s %s does not parse (want YYYY, YYYY-MM, YYYY-MM-DD or a form such as YYYYMMDD or DD.MM.YYYY)", kind, reckon.Quote(v))
						} else if o.Warnings != nil {
							o.Warnings.add(kind, Dirty{File: file, Line: line, Field: named[i], Value: v})
						}
					}
					if allSensitive[i] && v != "" && !slices.Contains(rec.Sensitive, col) {
						rec.Sensitive = append(rec.Sensitive, col)
					}
				}
				if err != nil {
					fail(line, named[i], err)
					return
				}
			}
			if rec.RecordID == "" {
				fail(line, "record_id", errors.New("empty"))
				return
			}
			if rec.List == "" {
				fail(line, "list", errors.New("empty, and the file name gives none"))
				return
			}
			h := maphash.String(seed, rec.RecordID)
			if first, dup := seen[h]; dup {
				fail(line, "record_id", fmt.Errorf("%s repeats line %d", reckon.Quote(rec.RecordID), first))
				return
			}
			seen[h] = line
			if !yield(rec, nil) {
				return
			}
		}
	}
}

// checkSensitive says whether column c can be sensitive.
func checkSensitive(c string) error {
	if c == "sensitive" || c == "embargoed" {
		return fmt.Errorf("%s cannot itself be sensitive", c)
	}
	if err := reckon.CheckSensitiveName(c); err != nil {
		var re *reckon.Error
		if errors.As(err, &re) {
			return errors.New(re.Message)
		}
		return err
	}
	return nil
}

// addSensitive adds the field names of a sensitive cell to rec: known
// fields and columns of the file.
func addSensitive(rec *reckon.Record, v string, idx map[string]int) error {
	for f := range strings.FieldsFuncSeq(v, func(r rune) bool { return r == ';' || r == ',' }) {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if _, col := idx[f]; !col && !slices.Contains(reckon.RecordFields, f) {
			return fmt.Errorf("names %s, which is neither a field of a record nor a column of the file", reckon.Quote(f))
		}
		if err := checkSensitive(f); err != nil {
			return err
		}
		if !slices.Contains(rec.Sensitive, f) {
			rec.Sensitive = append(rec.Sensitive, f)
		}
	}
	return nil
}

// parseBool reads a yes/no cell; empty is no.
func parseBool(v string) (bool, error) {
	switch strings.ToLower(v) {
	case "", "0", "false", "no", "n":
		return false, nil
	case "1", "true", "yes", "y":
		return true, nil
	}
	return false, fmt.Errorf("%s: want true or false", reckon.Quote(v))
}

func csvErr(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		if errors.Is(pe.Err, csv.ErrFieldCount) {
			return errors.New("wrong number of fields (compare with the header)")
		}
		return pe.Err
	}
	return err
}

// set stores the value v of column col in rec. It returns the kind of
// value ("date") when v did not parse as one and was kept as written,
// else "".
func set(rec *reckon.Record, col, v string) (dirty string) {
	switch col {
	case "record_id":
		rec.RecordID = v
	case "list":
		if v != "" {
			rec.List = v
		}
	case "family_name":
		rec.FamilyName = v
	case "given_name":
		rec.GivenName = v
	case "name":
		rec.Name = v
	case "sex":
		rec.Sex = v
	case "birth_date":
		rec.BirthDate = reckon.ParseDateLoose(v)
		if rec.BirthDate.Raw != "" {
			return "date"
		}
	case "death_date":
		rec.DeathDate = reckon.ParseDateLoose(v)
		if rec.DeathDate.Raw != "" {
			return "date"
		}
	case "death_place":
		rec.DeathPlace = v
	case "unit":
		rec.Unit = v
	case "rank":
		rec.Rank = v
	case "home_town":
		rec.HomeTown = v
	case "source_url":
		rec.SourceURL = v
	default:
		if v != "" {
			if rec.Attributes == nil {
				rec.Attributes = map[string]string{}
			}
			rec.Attributes[col] = v
		}
	}
	return ""
}

// errRowTooLong ends a read at a row longer than MaxRowBytes.
var errRowTooLong = errors.New("row too long")

// rowLimit hands the CSV reader its input until the row being read has
// grown past MaxRowBytes, so that an endless line is refused after about
// that much rather than read whole into memory.
type rowLimit struct {
	r     io.Reader
	n     int64 // bytes handed out
	start int64 // offset where the row being read starts
}

// readAhead is how far the CSV reader reads past a row: its buffer.
const readAhead = 4096

func (l *rowLimit) Read(p []byte) (int, error) {
	// What was handed out past the row's start is the row so far and at
	// most a buffer read ahead.
	if l.n-l.start > MaxRowBytes+readAhead {
		return 0, errRowTooLong
	}
	n, err := l.r.Read(p)
	l.n += int64(n)
	return n, err
}

// lineAfter returns the line where the row after row (just read by cr)
// starts: the line of its last field plus the line breaks in that field.
func lineAfter(cr *csv.Reader, row []string) int {
	if len(row) == 0 {
		return 0
	}
	line, _ := cr.FieldPos(len(row) - 1)
	return line + strings.Count(row[len(row)-1], "\n") + 1
}

// bare returns a name of the input as it is, or quoted and cut when it
// is long (see reckon.Quote).
func bare(s string) string {
	if len(s) > reckon.MaxQuote {
		return reckon.Quote(s)
	}
	return s
}

// mib writes a byte count in MiB.
func mib(n int) string { return strconv.Itoa(n>>20) + " MiB" }

// Write writes records as a record CSV with the known columns followed by
// the attribute columns given, and the sensitive and embargoed columns
// when a record has either. Values are written as they are (csvout.Raw),
// so that reading the file gives the records back.
func Write(w io.Writer, recs []*reckon.Record, attrs ...string) error {
	cw := csvout.NewWriter(w, csvout.Raw)
	protect := slices.ContainsFunc(recs, func(r *reckon.Record) bool { return r.Embargoed || len(r.Sensitive) > 0 })
	header := append(append([]string(nil), Columns...), attrs...)
	if protect {
		header = append(header, "sensitive", "embargoed")
	}
	cw.Write(header)
	for _, r := range recs {
		row := []string{r.RecordID, r.List, r.FamilyName, r.GivenName, r.Name, r.Sex, r.BirthDate.String(),
			r.DeathDate.String(), r.DeathPlace, r.Unit, r.Rank, r.HomeTown, r.SourceURL}
		for _, a := range attrs {
			row = append(row, r.Attributes[a])
		}
		if protect {
			e := ""
			if r.Embargoed {
				e = "true"
			}
			row = append(row, strings.Join(r.Sensitive, ";"), e)
		}
		cw.Write(row)
	}
	cw.Flush()
	return cw.Error()
}
