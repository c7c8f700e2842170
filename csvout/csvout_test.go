package csvout_test

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/reckonhq/reckon/csvout"
)

func TestCell(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", ""},
		{"text", "Kim Chol", "Kim Chol"},
		{"hangul", "김철수", "김철수"},
		{"formula", "=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"},
		{"plus formula", "+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"},
		{"minus formula", "-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"},
		{"at", "@SUM(A1)", "'@SUM(A1)"},
		{"tab", "\t=1", "'\t=1"},
		{"carriage return", "\r=1", "'\r=1"},
		{"negative number", "-5", "-5"},
		{"positive number", "+3", "+3"},
		{"decimal", "-0.25", "-0.25"},
		{"point first", "-.5", "-.5"},
		{"exponent", "-1e3", "-1e3"},
		{"exponent sign", "-1.5E-7", "-1.5E-7"},
		{"a lone minus", "-", "'-"},
		{"minus point", "-.", "'-."},
		{"sum of numbers", "-5+1", "'-5+1"},
		{"comma decimal", "-1,5", "'-1,5"},
		{"hex", "-0x1F", "'-0x1F"},
		{"two points", "-1.2.3", "'-1.2.3"},
		{"bare exponent", "-1e", "'-1e"},
		{"infinity", "-Inf", "'-Inf"},
		{"dash text", "- unknown", "'- unknown"},
		{"minus inside", "Kim-Jong", "Kim-Jong"},
		{"equals inside", "a=b", "a=b"},
		{"space first", " =1", " =1"},
		{"quote first", "'=1", "'=1"},
	}
	for _, tt := range tests {
		if got := csvout.Cell(tt.in); got != tt.want {
			t.Errorf("%s: Cell(%q) = %q, want %q", tt.name, tt.in, got, tt.want)
		}
	}
}

func TestWriter(t *testing.T) {
	rows := [][]string{{"id", "name", "n"}, {"1", "=1+1", "-5"}, {"2", "@x, \"y\"", "-2+3"}}
	for _, tt := range []struct {
		mode csvout.Mode
		want string
	}{
		{csvout.Escape, "id,name,n\n1,'=1+1,-5\n2,\"'@x, \"\"y\"\"\",'-2+3\n"},
		{csvout.Raw, "id,name,n\n1,=1+1,-5\n2,\"@x, \"\"y\"\"\",-2+3\n"},
	} {
		var b bytes.Buffer
		w := csvout.NewWriter(&b, tt.mode)
		if err := w.WriteAll(rows); err != nil {
			t.Fatal(err)
		}
		if b.String() != tt.want {
			t.Errorf("mode %d:\n%s\nwant:\n%s", tt.mode, b.String(), tt.want)
		}
		if rows[1][1] != "=1+1" {
			t.Fatal("Write changed its row")
		}
		back, err := csv.NewReader(strings.NewReader(b.String())).ReadAll()
		if err != nil || len(back) != len(rows) {
			t.Fatalf("mode %d: reads back as %v, %v", tt.mode, back, err)
		}
	}
}

// FuzzCell: an escaped value never starts a formula unless it is a plain
// number, and taking the quote away gives the value back.
func FuzzCell(f *testing.F) {
	for _, s := range []string{"", "-5", "=1", "-1e3", "+", "@", "\t", "-.5e+1", "a"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		c := csvout.Cell(v)
		if c != v && c != "'"+v {
			t.Fatalf("Cell(%q) = %q", v, c)
		}
		if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) && c == v {
			if v[0] != '-' && v[0] != '+' {
				t.Fatalf("Cell(%q) left a formula", v)
			}
			for _, r := range v[1:] {
				if !strings.ContainsRune("0123456789.eE+-", r) {
					t.Fatalf("Cell(%q) left a non-number", v)
				}
			}
		}
	})
}
