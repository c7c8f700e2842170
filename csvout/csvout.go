// Package csvout writes the CSV files reckon gives out: downloads of the
// server and exports of the command line alike go through [Writer], so
// that they all treat spreadsheets' formulas the same way.
//
// # Formulas
//
// A spreadsheet that opens a CSV file reads a cell that starts with =, +,
// - or @ as a formula, and a formula can fetch addresses, run commands
// through DDE, or send the sheet's other cells away (CSV or formula
// injection). Names, places and notes in reckon come from lists and
// articles that anyone may have written, so by default a Writer makes
// such a cell inert: it puts a single quote (') before a value that starts
// with one of = + - @, a tab or a carriage return, as the OWASP advice on
// CSV injection says. Spreadsheets show the quote or hide it; programs
// see it, which is why [Raw] exists.
//
// A value that is a plain decimal number, such as -5, +3, -0.25 or -1e3,
// is left alone: a spreadsheet reads it as that number and runs nothing,
// and a quote would turn it into text that sums and sorts wrongly. Only
// digits, one point, one sign and an exponent qualify; -5+1, -1,5 or
// -0x1F do not, and are quoted.
//
// [Raw] writes every value as it is, for files that a program or reckon
// itself reads back (the record CSV of an export re-imported, the
// machine contracts of reckon link).
package csvout

import (
	"encoding/csv"
	"io"
)

// Mode says how a Writer treats values that a spreadsheet would read as
// formulas.
type Mode int

const (
	// Escape puts a single quote before each value that would start a
	// formula (see the package documentation). It is the zero Mode.
	Escape Mode = iota
	// Raw writes every value as it is.
	Raw
)

// Writer writes CSV records (RFC 4180, comma separated, \n line ends,
// quoting as encoding/csv does) with its Mode applied to every cell,
// header included. Like csv.Writer it buffers: call Flush, then Error.
type Writer struct {
	cw   *csv.Writer
	mode Mode
	buf  []string
}

// NewWriter returns a Writer to w in mode.
func NewWriter(w io.Writer, mode Mode) *Writer {
	return &Writer{cw: csv.NewWriter(w), mode: mode}
}

// Write writes one record. row is not changed.
func (w *Writer) Write(row []string) error {
	if w.mode == Raw {
		return w.cw.Write(row)
	}
	w.buf = w.buf[:0]
	for _, v := range row {
		w.buf = append(w.buf, Cell(v))
	}
	return w.cw.Write(w.buf)
}

// WriteAll writes rows and flushes.
func (w *Writer) WriteAll(rows [][]string) error {
	for _, r := range rows {
		if err := w.Write(r); err != nil {
			return err
		}
	}
	w.cw.Flush()
	return w.cw.Error()
}

// Flush writes what is buffered to the underlying writer.
func (w *Writer) Flush() { w.cw.Flush() }

// Error returns the first error of a Write or Flush so far.
func (w *Writer) Error() error { return w.cw.Error() }

// Cell returns v as Escape writes it: with a single quote before it when
// it starts with = + - @, a tab or a carriage return and is not a plain
// decimal number; otherwise v itself.
func Cell(v string) string {
	if v == "" {
		return v
	}
	switch v[0] {
	case '=', '@', '\t', '\r':
		return "'" + v
	case '+', '-':
		if !isNumber(v) {
			return "'" + v
		}
	}
	return v
}

// isNumber says whether v is a plain decimal number: a sign, digits with
// at most one point and at least one digit, and an optional exponent of
// e or E, a sign and digits.
func isNumber(v string) bool {
	i := 0
	if i < len(v) && (v[i] == '+' || v[i] == '-') {
		i++
	}
	digits, point := 0, false
	for ; i < len(v); i++ {
		c := v[i]
		if c >= '0' && c <= '9' {
			digits++
		} else if c == '.' && !point {
			point = true
		} else {
			break
		}
	}
	if digits == 0 {
		return false
	}
	if i < len(v) && (v[i] == 'e' || v[i] == 'E') {
		i++
		if i < len(v) && (v[i] == '+' || v[i] == '-') {
			i++
		}
		exp := 0
		for ; i < len(v) && v[i] >= '0' && v[i] <= '9'; i++ {
			exp++
		}
		if exp == 0 {
			return false
		}
	}
	return i == len(v)
}
