package mse

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math"
	"math/bits"
	"sort"
	"strconv"
	"strings"

	"github.com/reckonhq/reckon"
)

// Limits on the input that [ReadCSV] accepts.
const (
	MaxLists   = 30        // lists (0/1 columns) in one table
	MaxLine    = 64 << 10  // bytes in one line
	MaxRows    = 1 << 20   // data rows
	MaxCount   = 1e12      // count in one row
	maxTotal   = 1 << 50   // sum of all counts
	stratumCol = "stratum" // optional column naming the stratum of a row
	countCol   = "count"   // required column holding the number of units
)

// Table is a capture-history table: for each observed pattern of lists,
// the number of units (people) seen on exactly those lists.
//
// Bit j of a pattern is set when the units are on Lists[j]. The all-zero
// pattern (the units no list saw) is never a row. Rows with a zero count
// are allowed. When Strata is non-nil it names the stratum of each row and
// patterns are unique within a stratum; otherwise patterns are unique.
type Table struct {
	Lists    []string
	Patterns []uint32
	Counts   []int64
	Strata   []string
}

// J returns the number of lists.
func (t *Table) J() int { return len(t.Lists) }

// N returns the number of observed units, the sum of the counts.
func (t *Table) N() int64 {
	var n int64
	for _, c := range t.Counts {
		n += c
	}
	return n
}

// Observed returns the number of distinct patterns with a positive count.
func (t *Table) Observed() int {
	m := 0
	for _, c := range t.Counts {
		if c > 0 {
			m++
		}
	}
	return m
}

// cells returns the counts of all 2^J patterns, indexed by pattern, with
// cell 0 (the unobserved) set to zero. It panics if J is too large for a
// dense table; callers check J first.
func (t *Table) cells() []float64 {
	if t.J() > maxDenseLists {
		panic("mse: too many lists for a dense table")
	}
	y := make([]float64, 1<<t.J())
	for i, p := range t.Patterns {
		y[p] += float64(t.Counts[i])
	}
	return y
}

// ByStratum splits a stratified table into one table per stratum, in order
// of first appearance. An unstratified table is returned as its only
// element with the name "".
func (t *Table) ByStratum() ([]string, []*Table) {
	if t.Strata == nil {
		return []string{""}, []*Table{t}
	}
	var names []string
	idx := map[string]*Table{}
	for i, s := range t.Strata {
		st, ok := idx[s]
		if !ok {
			st = &Table{Lists: t.Lists}
			idx[s] = st
			names = append(names, s)
		}
		st.Patterns = append(st.Patterns, t.Patterns[i])
		st.Counts = append(st.Counts, t.Counts[i])
	}
	out := make([]*Table, len(names))
	for i, s := range names {
		out[i] = idx[s]
	}
	return names, out
}

// NewTable returns a table for the given lists built from dense counts
// indexed by pattern (bit j for list j); counts[0] is ignored. Zero counts
// are kept as rows.
func NewTable(lists []string, counts []int64) (*Table, error) {
	J := len(lists)
	if J < 2 || J > maxDenseLists {
		return nil, reckon.Errorf(reckon.EINVALID, "mse: %d lists, want 2 to %d", J, maxDenseLists)
	}
	if len(counts) != 1<<J {
		return nil, reckon.Errorf(reckon.EINVALID, "mse: %d counts for %d lists, want %d", len(counts), J, 1<<J)
	}
	t := &Table{Lists: append([]string(nil), lists...)}
	for p := 1; p < len(counts); p++ {
		if counts[p] < 0 {
			return nil, reckon.Errorf(reckon.EINVALID, "mse: negative count %d for pattern %s", counts[p], t.PatternString(uint32(p)))
		}
		t.Patterns = append(t.Patterns, uint32(p))
		t.Counts = append(t.Counts, counts[p])
	}
	return t, nil
}

// PatternString returns the pattern as 0/1 digits in list order.
func (t *Table) PatternString(p uint32) string {
	var b strings.Builder
	for j := range t.Lists {
		if p&(1<<j) != 0 {
			b.WriteByte('1')
		} else {
			b.WriteByte('0')
		}
	}
	return b.String()
}

// ParseError reports bad input to [ReadCSV]: the 1-based line, the field
// (column name, or "" for the whole line) and what is wrong. Its code for
// [reckon.ErrorCode] is invalid.
type ParseError struct {
	Line  int
	Field string
	Err   error
}

func (e *ParseError) Error() string {
	if e.Field == "" {
		return fmt.Sprintf("mse: line %d: %v", e.Line, e.Err)
	}
	return fmt.Sprintf("mse: line %d, field %q: %v", e.Line, e.Field, e.Err)
}

// Unwrap returns the cause and an invalid-input [reckon.Error].
func (e *ParseError) Unwrap() []error {
	return []error{e.Err, &reckon.Error{Code: reckon.EINVALID, Message: e.Error()}}
}

// ReadCSV reads a capture-history table: a header naming one 0/1 column per
// list and a column "count" (usually last), optionally a column "stratum",
// then one row per pattern. Column names are trimmed and may be quoted.
// Blank lines are skipped.
//
// Any bad input gives one [*ParseError] naming the line and field: a
// missing count column, fewer than two or more than [MaxLists] lists, a
// value other than 0 or 1 in a list column, a negative, fractional or huge
// count, an all-zero pattern, a pattern given twice (in one stratum), a
// wrong number of fields, or a line longer than [MaxLine] bytes.
func ReadCSV(r io.Reader) (*Table, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), MaxLine)
	line := 0
	perr := func(field, format string, args ...any) error {
		return &ParseError{Line: line, Field: field, Err: fmt.Errorf(format, args...)}
	}
	next := func() (string, bool, error) {
		for sc.Scan() {
			line++
			s := strings.TrimRight(sc.Text(), "\r")
			if line == 1 {
				s = strings.TrimPrefix(s, "\ufeff")
			}
			if strings.TrimSpace(s) == "" {
				continue
			}
			return s, true, nil
		}
		if err := sc.Err(); err != nil {
			line++
			if errors.Is(err, bufio.ErrTooLong) {
				return "", false, perr("", "line longer than %d bytes", MaxLine)
			}
			return "", false, fmt.Errorf("mse: read line %d: %w", line, err)
		}
		return "", false, nil
	}

	head, ok, err := next()
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, &ParseError{Line: 1, Err: errors.New("empty input, want a header line")}
	}
	names := splitCSV(head)
	countAt, stratumAt := -1, -1
	var lists []string
	var listAt []int
	seen := map[string]bool{}
	for i, nm := range names {
		if nm == "" {
			return nil, perr("", "column %d has no name", i+1)
		}
		if seen[nm] {
			return nil, perr(nm, "column name given twice")
		}
		seen[nm] = true
		switch strings.ToLower(nm) {
		case countCol:
			countAt = i
		case stratumCol:
			stratumAt = i
		default:
			lists = append(lists, nm)
			listAt = append(listAt, i)
		}
	}
	if countAt < 0 {
		return nil, perr("", "no %q column", countCol)
	}
	if len(lists) < 2 {
		return nil, perr("", "%d list column(s), want at least 2", len(lists))
	}
	if len(lists) > MaxLists {
		return nil, perr("", "%d list columns, at most %d allowed", len(lists), MaxLists)
	}

	t := &Table{Lists: lists}
	if stratumAt >= 0 {
		t.Strata = []string{}
	}
	type key struct {
		s string
		p uint32
	}
	rowOf := map[key]int{}
	var total int64
	for {
		s, ok, err := next()
		if err != nil {
			return nil, err
		}
		if !ok {
			break
		}
		if len(t.Counts) >= MaxRows {
			return nil, perr("", "more than %d rows", MaxRows)
		}
		f := splitCSV(s)
		if len(f) != len(names) {
			return nil, perr("", "%d fields, want %d", len(f), len(names))
		}
		var p uint32
		for j, at := range listAt {
			switch f[at] {
			case "1":
				p |= 1 << j
			case "0":
			default:
				return nil, perr(lists[j], "value %s, want 0 or 1", reckon.Quote(f[at]))
			}
		}
		if p == 0 {
			return nil, perr("", "all-zero pattern: units seen on no list cannot be counted")
		}
		c, err := parseCount(f[countAt])
		if err != nil {
			return nil, perr(names[countAt], "%v", err)
		}
		if total += c; total > maxTotal {
			return nil, perr(names[countAt], "total count exceeds %d", int64(maxTotal))
		}
		var st string
		if stratumAt >= 0 {
			st = f[stratumAt]
		}
		k := key{st, p}
		if prev, dup := rowOf[k]; dup {
			return nil, perr("", "pattern %s given twice (first on line %d)", t.PatternString(p), prev)
		}
		rowOf[k] = line
		t.Patterns = append(t.Patterns, p)
		t.Counts = append(t.Counts, c)
		if stratumAt >= 0 {
			t.Strata = append(t.Strata, st)
		}
	}
	if len(t.Counts) == 0 {
		return nil, &ParseError{Line: line + 1, Err: errors.New("no data rows")}
	}
	return t, nil
}

// splitCSV splits a line on commas, trimming spaces and one pair of
// surrounding double quotes from each field. Quoted commas are not
// supported: the layout has none.
func splitCSV(s string) []string {
	f := strings.Split(s, ",")
	for i, v := range f {
		v = strings.TrimSpace(v)
		if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
			v = strings.TrimSpace(v[1 : len(v)-1])
		}
		f[i] = v
	}
	return f
}

// parseCount parses a non-negative whole count. Integral decimals such as
// "12.0" are accepted.
func parseCount(s string) (int64, error) {
	if s == "" {
		return 0, errors.New("empty count")
	}
	if c, err := strconv.ParseInt(s, 10, 64); err == nil {
		if c < 0 {
			return 0, fmt.Errorf("negative count %d", c)
		}
		if c > MaxCount {
			return 0, fmt.Errorf("count %d exceeds %g", c, float64(MaxCount))
		}
		return c, nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("count %s is not a number", reckon.Quote(s))
	}
	if v < 0 {
		return 0, fmt.Errorf("negative count %s", reckon.Quote(s))
	}
	if v != math.Trunc(v) {
		return 0, fmt.Errorf("fractional count %s, want a whole number", reckon.Quote(s))
	}
	if v > MaxCount {
		return 0, fmt.Errorf("count %s exceeds %g", reckon.Quote(s), float64(MaxCount))
	}
	return int64(v), nil
}

// sortedCopy returns the table's rows sorted by pattern, merged, with zero
// rows dropped; used by methods that work on observed cells only.
func (t *Table) observedCells() (pats []uint32, counts []int64) {
	m := map[uint32]int64{}
	for i, p := range t.Patterns {
		m[p] += t.Counts[i]
	}
	for p, c := range m {
		if c > 0 {
			pats = append(pats, p)
		}
	}
	sort.Slice(pats, func(a, b int) bool { return pats[a] < pats[b] })
	counts = make([]int64, len(pats))
	for i, p := range pats {
		counts[i] = m[p]
	}
	return pats, counts
}

func popcount(x uint32) int { return bits.OnesCount32(x) }
