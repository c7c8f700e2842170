// Package listcsv reads and writes the record CSV of DESIGN.md: one row
// per record of a source list, with the columns
//
//	record_id, list, family_name, given_name, name, sex, birth_date,
//	death_date, death_place, unit, rank, home_town, source_url
//
// in any order; every other column is kept as an attribute. Only
// record_id is required. Files must be UTF-8 (a UTF-8 byte-order mark is
// allowed, UTF-16 is refused with a clear message); line ends may be LF or
// CRLF. Every error names the file, the line and the field.
package listcsv

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"iter"
	"strings"
	"unicode/utf8"

	"github.com/reckonhq/reckon"
)

// Columns are the known columns, in the order Write uses.
var Columns = []string{"record_id", "list", "family_name", "given_name", "name", "sex", "birth_date",
	"death_date", "death_place", "unit", "rank", "home_town", "source_url"}

// Limits on input, so that a hostile file cannot exhaust memory.
const (
	MaxFieldBytes = 64 << 10 // one field
	MaxColumns    = 256
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
	return func(yield func(*reckon.Record, error) bool) {
		fail := func(line int, field string, err error) {
			yield(nil, &Error{File: file, Line: line, Field: field, Err: err})
		}
		br := newBOMReader(r)
		if br.utf16 {
			fail(0, "", errors.New("the file is UTF-16; save it as UTF-8"))
			return
		}
		cr := csv.NewReader(br)
		cr.ReuseRecord = true
		header, err := cr.Read()
		if err == io.EOF {
			fail(1, "", errors.New("empty file: want a header line with record_id"))
			return
		}
		if err != nil {
			fail(1, "", csvErr(err))
			return
		}
		if len(header) > MaxColumns {
			fail(1, "", fmt.Errorf("%d columns, more than %d", len(header), MaxColumns))
			return
		}
		header = append([]string(nil), header...)
		idx := map[string]int{}
		for i, h := range header {
			h = strings.TrimSpace(h)
			if !utf8.ValidString(h) {
				fail(1, fmt.Sprintf("#%d", i+1), errors.New("invalid UTF-8: the file is not UTF-8; convert it"))
				return
			}
			if h == "" {
				fail(1, fmt.Sprintf("#%d", i+1), errors.New("empty column name"))
				return
			}
			if _, dup := idx[h]; dup {
				fail(1, h, errors.New("column appears twice"))
				return
			}
			header[i] = h
			idx[h] = i
		}
		if _, ok := idx["record_id"]; !ok {
			fail(1, "", fmt.Errorf("no record_id column (columns: %s)", strings.Join(header, ",")))
			return
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
			rec := &reckon.Record{List: list}
			for i, v := range row {
				col := header[i]
				if len(v) > MaxFieldBytes {
					fail(line, col, fmt.Errorf("longer than %d bytes", MaxFieldBytes))
					return
				}
				if !utf8.ValidString(v) {
					fail(line, col, errors.New("invalid UTF-8: the file is not UTF-8; convert it"))
					return
				}
				v = strings.TrimSpace(v)
				if err := set(rec, col, v); err != nil {
					fail(line, col, err)
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
				fail(line, "record_id", fmt.Errorf("%q repeats line %d", rec.RecordID, first))
				return
			}
			seen[h] = line
			if !yield(rec, nil) {
				return
			}
		}
	}
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

// set stores the value v of column col in rec.
func set(rec *reckon.Record, col, v string) error {
	var err error
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
		rec.BirthDate, err = reckon.ParseDate(v)
	case "death_date":
		rec.DeathDate, err = reckon.ParseDate(v)
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
	return err
}

// bomReader drops a UTF-8 byte-order mark and notices a UTF-16 one.
type bomReader struct {
	io.Reader
	utf16 bool
}

func newBOMReader(r io.Reader) *bomReader {
	head := make([]byte, 3)
	n, _ := io.ReadFull(r, head)
	head = head[:n]
	b := &bomReader{}
	switch {
	case bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}):
		head = head[3:]
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}), bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		b.utf16 = true
	}
	b.Reader = io.MultiReader(bytes.NewReader(head), r)
	return b
}

// Write writes records as a record CSV with the known columns followed by
// the attribute columns given.
func Write(w io.Writer, recs []*reckon.Record, attrs ...string) error {
	cw := csv.NewWriter(w)
	cw.Write(append(append([]string(nil), Columns...), attrs...))
	for _, r := range recs {
		row := []string{r.RecordID, r.List, r.FamilyName, r.GivenName, r.Name, r.Sex, r.BirthDate.String(),
			r.DeathDate.String(), r.DeathPlace, r.Unit, r.Rank, r.HomeTown, r.SourceURL}
		for _, a := range attrs {
			row = append(row, r.Attributes[a])
		}
		cw.Write(row)
	}
	cw.Flush()
	return cw.Error()
}
