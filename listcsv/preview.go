package listcsv

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// previewBytes caps what Preview reads of a file.
const previewBytes = 4 << 20

// Preview is the head of a file as it would be read: its dialect, its
// header and its first rows, for a person to check the reading and map
// the columns before importing.
type Preview struct {
	Dialect Dialect
	Header  []string   // the file's column names, trimmed
	Rows    [][]string // the first rows, each as long as Header (short rows padded, long ones cut)
	// More says that the file has rows after Rows (within the part
	// Preview reads).
	More bool
}

// ReadPreview reads the dialect (as o's Encoding and Delimiter choose or
// detect), the header and at most n rows of r. It reads at most 4 MiB;
// a file whose head does not read as CSV is an [*Error] naming file and
// line. Other options of o are ignored.
func ReadPreview(r io.Reader, file string, o Options, n int) (*Preview, error) {
	br, d, err := openDialect(io.LimitReader(r, previewBytes), o)
	if err != nil {
		return nil, &Error{File: file, Err: err}
	}
	cr := csv.NewReader(br)
	cr.Comma = d.Delimiter
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err == io.EOF {
		return nil, &Error{File: file, Line: 1, Err: errors.New("empty file: want a header line with record_id")}
	}
	if err != nil {
		return nil, &Error{File: file, Line: 1, Err: csvErr(err)}
	}
	if len(header) > MaxColumns {
		return nil, &Error{File: file, Line: 1, Err: fmt.Errorf("%d columns, more than %d", len(header), MaxColumns)}
	}
	p := &Preview{Dialect: d, Header: make([]string, len(header))}
	for i, h := range header {
		h = strings.TrimSpace(h)
		if !utf8.ValidString(h) {
			return nil, &Error{File: file, Line: 1, Field: fmt.Sprintf("#%d", i+1), Err: errors.New("invalid UTF-8: the file is not UTF-8; name its encoding (cp949, windows-1251, koi8-r …)")}
		}
		p.Header[i] = h
	}
	for len(p.Rows) <= n {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			line := 0
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.Line
			}
			return nil, &Error{File: file, Line: line, Err: csvErr(err)}
		}
		if len(p.Rows) == n {
			p.More = true
			break
		}
		row := make([]string, len(header))
		for i := range row {
			if i < len(rec) {
				row[i] = strings.ToValidUTF8(rec[i], "\uFFFD")
			}
		}
		p.Rows = append(p.Rows, row)
	}
	return p, nil
}

// Known says whether name is a column of the record CSV (see [Columns]).
func Known(name string) bool {
	for _, c := range Columns {
		if c == name {
			return true
		}
	}
	return false
}
