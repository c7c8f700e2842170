package snapshot

import (
	"bufio"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"time"
	"unicode/utf8"
)

// TimeFormat is the layout of time values in a snapshot; they are in UTC.
const TimeFormat = time.RFC3339Nano

// Writer writes a snapshot. Call [Writer.Begin] for each table of [Tables]
// in order, [Writer.Row] for each of its rows, then [Writer.Close]. The
// first error is kept and returned by every later call.
type Writer struct {
	bw    *bufio.Writer
	enc   *json.Encoder
	next  int    // index in Tables of the next table to begin
	table *Table // the table being written, nil before the first
	rows  map[string]int64
	row   []any
	err   error
}

type header struct {
	Format  string `json:"format"`
	Version int    `json:"version"`
}

type columnJSON struct {
	Name string `json:"name"`
	Type string `json:"type"`
	Null bool   `json:"null,omitempty"`
}

type tableJSON struct {
	Table   string       `json:"table"`
	Columns []columnJSON `json:"columns"`
}

type endJSON struct {
	End map[string]int64 `json:"end"`
}

type bytesJSON struct {
	Base64 string `json:"base64"`
}

// NewWriter returns a Writer that writes to w, having written the header.
func NewWriter(w io.Writer) (*Writer, error) {
	sw := &Writer{bw: bufio.NewWriterSize(w, 64<<10), rows: map[string]int64{}}
	sw.enc = json.NewEncoder(sw.bw)
	sw.enc.SetEscapeHTML(false)
	if err := sw.enc.Encode(header{Format: Format, Version: Version}); err != nil {
		return nil, fmt.Errorf("write snapshot: %w", err)
	}
	return sw, nil
}

// Begin starts the table named name, which must be the next of [Tables].
func (w *Writer) Begin(name string) error {
	if w.err != nil {
		return w.err
	}
	if w.next >= len(Tables) || Tables[w.next].Name != name {
		panic(fmt.Sprintf("snapshot: Begin(%q) out of order", name))
	}
	w.table = Tables[w.next]
	w.next++
	w.rows[name] = 0
	t := tableJSON{Table: name}
	for _, c := range w.table.Columns {
		t.Columns = append(t.Columns, columnJSON{Name: c.Name, Type: c.Type.String(), Null: c.Null})
	}
	if err := w.enc.Encode(t); err != nil {
		w.err = fmt.Errorf("write snapshot: %w", err)
	}
	return w.err
}

// Row writes a row of the current table: one value per column, of the Go
// type its [Type] names, or nil where the column may be null. A value of
// the wrong type is an error, and so is a NaN or infinite float.
func (w *Writer) Row(vals ...any) error {
	if w.err != nil {
		return w.err
	}
	t := w.table
	if t == nil {
		panic("snapshot: Row before Begin")
	}
	if len(vals) != len(t.Columns) {
		panic(fmt.Sprintf("snapshot: %d values for the %d columns of %s", len(vals), len(t.Columns), t.Name))
	}
	w.row = w.row[:0]
	for i, v := range vals {
		c := t.Columns[i]
		out, err := encodeValue(c, v)
		if err != nil {
			w.err = fmt.Errorf("write snapshot: %s row %d: column %s: %w", t.Name, w.rows[t.Name]+1, c.Name, err)
			return w.err
		}
		w.row = append(w.row, out)
	}
	w.rows[t.Name]++
	if err := w.enc.Encode(w.row); err != nil {
		w.err = fmt.Errorf("write snapshot: %w", err)
	}
	return w.err
}

func encodeValue(c Column, v any) (any, error) {
	if v == nil {
		if !c.Null {
			return nil, fmt.Errorf("null in a column that cannot be null")
		}
		return nil, nil
	}
	switch c.Type {
	case Int:
		if n, ok := v.(int64); ok {
			return n, nil
		}
	case Float:
		if f, ok := v.(float64); ok {
			if math.IsNaN(f) || math.IsInf(f, 0) {
				return nil, fmt.Errorf("float %v cannot be stored", f)
			}
			return f, nil
		}
	case Text:
		if s, ok := v.(string); ok {
			if !utf8.ValidString(s) {
				return bytesJSON{base64.StdEncoding.EncodeToString([]byte(s))}, nil
			}
			return s, nil
		}
	case Bool:
		if b, ok := v.(bool); ok {
			return b, nil
		}
	case Time:
		if t, ok := v.(time.Time); ok {
			t = t.UTC()
			if t.Year() < 0 || t.Year() > 9999 {
				return nil, fmt.Errorf("time %v is outside years 0-9999", t)
			}
			return t.Format(TimeFormat), nil
		}
	}
	return nil, fmt.Errorf("%T is not a %s", v, c.Type)
}

// Close writes the last line, which counts the rows of each table, and
// flushes. It does not close the underlying writer. Every table must have
// been begun.
func (w *Writer) Close() error {
	if w.err != nil {
		return w.err
	}
	if w.next != len(Tables) {
		panic(fmt.Sprintf("snapshot: Close after %d of %d tables", w.next, len(Tables)))
	}
	if err := w.enc.Encode(endJSON{End: w.rows}); err != nil {
		w.err = fmt.Errorf("write snapshot: %w", err)
		return w.err
	}
	if err := w.bw.Flush(); err != nil {
		w.err = fmt.Errorf("write snapshot: %w", err)
	}
	return w.err
}
