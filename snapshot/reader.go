package snapshot

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"time"
)

// MaxLine is the longest line a [Reader] accepts, in bytes.
const MaxLine = 256 << 20

// Reader reads a snapshot, checking as it goes that it is well formed:
// the header, every table in order with the columns this version knows,
// every value of its column's type, and the row counts of the last line.
// Every error about the input is a *[LineError] naming the line.
type Reader struct {
	br    *bufio.Reader
	buf   []byte
	line  int
	next  int    // index in Tables of the next table expected
	table *Table // the table whose rows are being read
	perm  []int  // perm[i]: the index in table.Columns of the snapshot's column i
	ncols int    // the number of columns in the snapshot's table
	rows  map[string]int64
	row   []any
	done  bool
	// version is the snapshot's: an earlier one than Version lacks the
	// tables and columns added since, which read as empty and zero.
	version int
}

// NewReader returns a Reader of r, having read and checked the header.
func NewReader(r io.Reader) (*Reader, error) {
	sr := &Reader{br: bufio.NewReaderSize(r, 64<<10), rows: map[string]int64{}}
	b, err := sr.readLine()
	if err == io.EOF {
		return nil, lineErrorf(1, "empty input, want a snapshot header")
	}
	if err != nil {
		return nil, err
	}
	var h header
	if err := json.Unmarshal(b, &h); err != nil || h.Format != Format {
		return nil, lineErrorf(1, "not a reckon snapshot (want a header such as {\"format\":%q,\"version\":%d})", Format, Version)
	}
	if h.Version < 1 || h.Version > Version {
		return nil, lineErrorf(1, "snapshot version %d is not supported (this reckon reads versions 1 to %d; a newer reckon wrote it?)", h.Version, Version)
	}
	sr.version = h.Version
	if err := strict(b, &h); err != nil {
		return nil, lineErrorf(1, "header: %v", syntaxMessage(err))
	}
	return sr, nil
}

// Line returns the number of the line last read, 1-based.
func (r *Reader) Line() int { return r.line }

// Next returns the next row and its table. The row holds one value per
// column of the table, in the order of [Table.Columns], typed as [Type]
// says, nil for null; it is valid until the next call. After the last
// row of the last table, Next checks the row counts and returns io.EOF.
func (r *Reader) Next() (*Table, []any, error) {
	for {
		if r.done {
			return nil, nil, io.EOF
		}
		b, err := r.readLine()
		if err == io.EOF {
			return nil, nil, lineErrorf(r.line+1, "the snapshot ends without its last line (cut short?)")
		}
		if err != nil {
			return nil, nil, err
		}
		switch {
		case len(b) > 0 && b[0] == '[':
			if r.table == nil {
				return nil, nil, lineErrorf(r.line, "a row before the first table")
			}
			if err := r.decodeRow(b); err != nil {
				return nil, nil, err
			}
			r.rows[r.table.Name]++
			return r.table, r.row, nil
		case len(b) > 0 && b[0] == '{':
			if err := r.control(b); err != nil {
				return nil, nil, err
			}
		default:
			return nil, nil, lineErrorf(r.line, "want a JSON object or array")
		}
	}
}

// control handles a table line or the last line.
func (r *Reader) control(b []byte) error {
	var probe map[string]json.RawMessage
	if err := json.Unmarshal(b, &probe); err != nil {
		return lineErrorf(r.line, "%v", syntaxMessage(err))
	}
	if _, ok := probe["end"]; ok {
		return r.end(b)
	}
	var t tableJSON
	if err := strict(b, &t); err != nil {
		return lineErrorf(r.line, "want a table line {\"table\":…,\"columns\":[…]}: %v", syntaxMessage(err))
	}
	var want *Table
	for _, tt := range Tables {
		if tt.Name == t.Table && tt.Since <= r.version {
			want = tt
		}
	}
	r.skipAbsent()
	switch {
	case want == nil:
		return lineErrorf(r.line, "unknown table %q", t.Table)
	case r.next >= len(Tables) || Tables[r.next] != want:
		if _, seen := r.rows[want.Name]; seen {
			return lineErrorf(r.line, "table %q a second time", t.Table)
		}
		return lineErrorf(r.line, "table %q out of order (want %q next)", t.Table, Tables[r.next].Name)
	}
	if n := want.columnsAt(r.version); len(t.Columns) != n {
		return lineErrorf(r.line, "table %s has %d columns, want %d", want.Name, len(t.Columns), n)
	}
	perm := make([]int, len(t.Columns))
	used := make([]bool, len(want.Columns))
	for i, c := range t.Columns {
		j := slices.IndexFunc(want.Columns, func(w Column) bool { return w.Name == c.Name && w.Since <= r.version })
		if j < 0 {
			return lineErrorf(r.line, "table %s has no column %q", want.Name, c.Name)
		}
		if used[j] {
			return lineErrorf(r.line, "table %s: column %q twice", want.Name, c.Name)
		}
		if w := want.Columns[j]; c.Type != w.Type.String() || c.Null != w.Null {
			return lineErrorf(r.line, "column %s.%s is %s (null %v), want %s (null %v)", want.Name, c.Name, c.Type, c.Null, w.Type, w.Null)
		}
		perm[i], used[j] = j, true
	}
	r.table, r.perm = want, perm
	r.next++
	r.rows[want.Name] = 0
	r.row = make([]any, len(want.Columns))
	for j, c := range want.Columns {
		if c.Since > r.version && !c.Null { // not in the snapshot: its zero value, row after row
			r.row[j] = zero(c.Type)
		}
	}
	r.ncols = len(t.Columns)
	return nil
}

// skipAbsent passes over the tables that the snapshot's version does not
// have.
func (r *Reader) skipAbsent() {
	for r.next < len(Tables) && Tables[r.next].Since > r.version {
		r.rows[Tables[r.next].Name] = 0
		r.next++
	}
}

// zero is the zero value of a column type.
func zero(t Type) any {
	switch t {
	case Int:
		return int64(0)
	case Float:
		return float64(0)
	case Bool:
		return false
	case Time:
		return time.Time{}
	}
	return ""
}

// end checks the last line and that nothing follows it.
func (r *Reader) end(b []byte) error {
	var e endJSON
	if err := strict(b, &e); err != nil {
		return lineErrorf(r.line, "want the last line {\"end\":{…}}: %v", syntaxMessage(err))
	}
	r.skipAbsent()
	if r.next != len(Tables) {
		return lineErrorf(r.line, "the snapshot ends before table %q", Tables[r.next].Name)
	}
	for _, name := range slices.Sorted(maps.Keys(e.End)) {
		if _, ok := r.rows[name]; !ok {
			return lineErrorf(r.line, "row count of unknown table %q", name)
		}
	}
	for _, t := range Tables {
		if t.Since > r.version {
			continue
		}
		n, ok := e.End[t.Name]
		if !ok {
			return lineErrorf(r.line, "no row count for table %q", t.Name)
		}
		if n != r.rows[t.Name] {
			return lineErrorf(r.line, "table %s has %d rows, the last line says %d", t.Name, r.rows[t.Name], n)
		}
	}
	endLine := r.line
	if _, err := r.readLine(); err != io.EOF {
		if err != nil {
			return err
		}
		return lineErrorf(r.line, "data after the last line (line %d)", endLine)
	}
	r.done, r.table = true, nil
	return nil
}

func (r *Reader) decodeRow(b []byte) error {
	var raw []json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return lineErrorf(r.line, "%v", syntaxMessage(err))
	}
	t := r.table
	if len(raw) != r.ncols {
		return lineErrorf(r.line, "%s row has %d values, want %d", t.Name, len(raw), r.ncols)
	}
	for i, v := range raw {
		c := t.Columns[r.perm[i]]
		val, err := decodeValue(c, v)
		if err != nil {
			return lineErrorf(r.line, "column %s.%s: %v", t.Name, c.Name, err)
		}
		r.row[r.perm[i]] = val
	}
	return nil
}

func decodeValue(c Column, v json.RawMessage) (any, error) {
	if string(v) == "null" {
		if !c.Null {
			return nil, errors.New("null in a column that cannot be null")
		}
		return nil, nil
	}
	bad := func() (any, error) {
		s := string(v)
		if len(s) > 40 {
			s = s[:40] + "…"
		}
		return nil, fmt.Errorf("want %s, got %s", c.Type, s)
	}
	switch c.Type {
	case Int:
		n, err := strconv.ParseInt(string(v), 10, 64)
		if err != nil {
			return bad()
		}
		return n, nil
	case Float:
		if v[0] != '-' && (v[0] < '0' || v[0] > '9') {
			return bad()
		}
		f, err := strconv.ParseFloat(string(v), 64)
		if err != nil {
			return bad()
		}
		return f, nil
	case Text:
		switch v[0] {
		case '"':
			var s string
			if err := json.Unmarshal(v, &s); err != nil {
				return bad()
			}
			return s, nil
		case '{':
			var bj bytesJSON
			if err := strict(v, &bj); err != nil {
				return bad()
			}
			p, err := base64.StdEncoding.DecodeString(bj.Base64)
			if err != nil {
				return nil, fmt.Errorf("bad base64: %v", err)
			}
			return string(p), nil
		}
		return bad()
	case Bool:
		switch string(v) {
		case "true":
			return true, nil
		case "false":
			return false, nil
		}
		return bad()
	case Time:
		var s string
		if v[0] != '"' || json.Unmarshal(v, &s) != nil {
			return bad()
		}
		t, err := time.Parse(TimeFormat, s)
		if err != nil {
			return nil, fmt.Errorf("time %q: want RFC 3339 such as 2025-01-02T03:04:05.5Z", s)
		}
		return t.UTC(), nil
	}
	return bad()
}

// readLine reads the next line without its newline. A last line without
// a newline was cut short.
func (r *Reader) readLine() ([]byte, error) {
	r.buf = r.buf[:0]
	r.line++
	for {
		chunk, err := r.br.ReadSlice('\n')
		if len(r.buf)+len(chunk) > MaxLine+1 {
			return nil, lineErrorf(r.line, "line longer than %d bytes", MaxLine)
		}
		r.buf = append(r.buf, chunk...)
		switch {
		case err == bufio.ErrBufferFull:
			continue
		case err == io.EOF && len(r.buf) == 0:
			r.line--
			return nil, io.EOF
		case err == io.EOF:
			return nil, lineErrorf(r.line, "cut short (no newline at its end)")
		case err != nil:
			return nil, fmt.Errorf("read snapshot line %d: %w", r.line, err)
		}
		return r.buf[:len(r.buf)-1], nil
	}
}

// strict decodes one JSON value into v, refusing unknown members and
// anything after the value.
func strict(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("data after the JSON value")
	}
	return nil
}

// syntaxMessage says what is wrong with a line's JSON without Go types.
func syntaxMessage(err error) string {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Sprintf("bad JSON at byte %d: %v", se.Offset, se)
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		if te.Field != "" {
			return fmt.Sprintf("member %q: want %s, got %s", te.Field, te.Type, te.Value)
		}
		return fmt.Sprintf("want %s, got %s", te.Type, te.Value)
	}
	return err.Error()
}
