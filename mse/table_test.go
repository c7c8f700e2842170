package mse

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reckonhq/reckon"
)

func TestReadCSV(t *testing.T) {
	long := "A,B,count\n1,0," + strings.Repeat("1", MaxLine) + "\n"
	many := make([]string, MaxLists+1)
	for i := range many {
		many[i] = "L" + string(rune('a'+i%26)) + string(rune('a'+i/26))
	}
	tests := []struct {
		name  string
		in    string
		n     int64
		rows  int
		line  int    // wanted error line, 0 for success
		field string // wanted error field
		msg   string // substring of the error
	}{
		{name: "ok", in: "A,B,count\n0,1,3\n1,0,4\n1,1,0\n", n: 7, rows: 3},
		{name: "crlf and quotes", in: "\"A\",\"B\",\"count\"\r\n0,1,3\r\n1,1,2\r\n", n: 5, rows: 2},
		{name: "blank lines", in: "A,B,count\n\n0,1,3\n\n", n: 3, rows: 1},
		{name: "integral decimal", in: "A,B,count\n0,1,3.0\n", n: 3, rows: 1},
		{name: "count first", in: "count,A,B\n3,0,1\n", n: 3, rows: 1},
		{name: "not 0/1", in: "A,B,count\n0,2,3\n", line: 2, field: "B", msg: "want 0 or 1"},
		{name: "yes", in: "A,B,count\nyes,1,3\n", line: 2, field: "A", msg: "want 0 or 1"},
		{name: "negative", in: "A,B,count\n0,1,-3\n", line: 2, field: "count", msg: "negative"},
		{name: "fractional", in: "A,B,count\n0,1,2.5\n", line: 2, field: "count", msg: "fractional"},
		{name: "not a number", in: "A,B,count\n0,1,x\n", line: 2, field: "count", msg: "not a number"},
		{name: "huge", in: "A,B,count\n0,1,1e13\n", line: 2, field: "count", msg: "exceeds"},
		{name: "no count", in: "A,B,C\n0,1,1\n", line: 1, msg: "no \"count\" column"},
		{name: "one list", in: "A,count\n1,3\n", line: 1, msg: "want at least 2"},
		{name: "too many lists", in: strings.Join(many, ",") + ",count\n", line: 1, msg: "at most"},
		{name: "all zero", in: "A,B,count\n0,1,3\n0,0,5\n", line: 3, msg: "all-zero"},
		{name: "duplicate", in: "A,B,count\n0,1,3\n1,0,1\n0,1,2\n", line: 4, msg: "given twice (first on line 2)"},
		{name: "short row", in: "A,B,count\n0,1\n", line: 2, msg: "2 fields, want 3"},
		{name: "long line", in: long, line: 2, msg: "longer than"},
		{name: "empty", in: "", line: 1, msg: "empty input"},
		{name: "header only", in: "A,B,count\n", line: 2, msg: "no data rows"},
		{name: "duplicate column", in: "A,A,count\n", line: 1, field: "A", msg: "twice"},
		{name: "stratum", in: "A,B,stratum,count\n0,1,x,3\n0,1,y,4\n", n: 7, rows: 2},
		{name: "stratum duplicate", in: "A,B,stratum,count\n0,1,x,3\n0,1,x,4\n", line: 3, msg: "twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tb, err := ReadCSV(strings.NewReader(tt.in))
			if tt.line == 0 {
				if err != nil {
					t.Fatalf("ReadCSV: %v", err)
				}
				if tb.N() != tt.n || len(tb.Counts) != tt.rows {
					t.Fatalf("n=%d rows=%d, want %d %d", tb.N(), len(tb.Counts), tt.n, tt.rows)
				}
				return
			}
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("err = %v, want *ParseError", err)
			}
			if pe.Line != tt.line || pe.Field != tt.field || !strings.Contains(err.Error(), tt.msg) {
				t.Fatalf("err = %q (line %d field %q), want line %d field %q containing %q", err, pe.Line, pe.Field, tt.line, tt.field, tt.msg)
			}
			if reckon.ErrorCode(err) != reckon.EINVALID {
				t.Fatalf("code %q, want invalid", reckon.ErrorCode(err))
			}
		})
	}
}

func TestReadCSVTestdata(t *testing.T) {
	// observed n from the dataset table of shared/data/mse/README.md
	want := map[string]int64{"kosovo": 4400, "uk_6lists": 2744, "uk_5lists": 2744, "netherlands_6lists": 8234,
		"korea_3lists": 123, "artificial_3lists": 96, "rcapture_hiv": 1896, "rcapture_lesbian": 2185,
		"diabetes_bruno1994": 2069, "dga_example_3lists": 626, "dga_example_5lists": 537, "rcapture_hare": 68,
		"rcapture_mvole": 171}
	for name, n := range want {
		tb := mustRead(t, name)
		if tb.N() != n {
			t.Errorf("%s: n = %d, want %d", name, tb.N(), n)
		}
	}
	names, strata := mustRead(t, "kosovo").ByStratum()
	if len(names) != 1 || len(strata) != 1 {
		t.Errorf("ByStratum of an unstratified table: %d", len(names))
	}
}

func mustRead(tb testing.TB, name string) *Table {
	tb.Helper()
	f, err := os.Open(filepath.Join("testdata", name+".csv"))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	t, err := ReadCSV(f)
	if err != nil {
		tb.Fatal(err)
	}
	return t
}

func FuzzReadCSV(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.csv")
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err == nil && len(b) < 2000 {
			f.Add(string(b))
		}
	}
	f.Add("A,B,count\n0,1,3\n")
	f.Add("A,B,stratum,count\n0,1,x,3\n")
	f.Fuzz(func(t *testing.T, in string) {
		tb, err := ReadCSV(strings.NewReader(in))
		if err != nil {
			var pe *ParseError
			if errors.As(err, &pe) && pe.Line < 1 {
				t.Fatalf("error line %d < 1: %v", pe.Line, err)
			}
			return
		}
		if tb.J() < 2 || tb.J() > MaxLists {
			t.Fatalf("J = %d", tb.J())
		}
		seen := map[string]bool{}
		for i, p := range tb.Patterns {
			if p == 0 || p >= 1<<tb.J() || tb.Counts[i] < 0 {
				t.Fatalf("bad row %d: %b %d", i, p, tb.Counts[i])
			}
			k := tb.PatternString(p)
			if tb.Strata != nil {
				k += "|" + tb.Strata[i]
			}
			if seen[k] {
				t.Fatalf("duplicate pattern %s", k)
			}
			seen[k] = true
		}
		tb2, err := ReadCSV(strings.NewReader(in))
		if err != nil || tb2.N() != tb.N() {
			t.Fatal("not deterministic")
		}
	})
}
