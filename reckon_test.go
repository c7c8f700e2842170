package reckon_test

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/reckonhq/reckon"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want reckon.Date
		prec reckon.Precision
		ok   bool
	}{
		{"", reckon.Date{}, reckon.Unknown, true},
		{"1999", reckon.Date{Year: 1999}, reckon.YearOnly, true},
		{"1999-03", reckon.Date{Year: 1999, Month: 3}, reckon.MonthOnly, true},
		{"2024-02-29", reckon.Date{Year: 2024, Month: 2, Day: 29}, reckon.DayKnown, true},
		{"2023-02-29", reckon.Date{}, 0, false}, // not a leap year
		{"1999-13", reckon.Date{}, 0, false},
		{"1999-00", reckon.Date{}, 0, false},
		{"1999-04-31", reckon.Date{}, 0, false},
		{"0000", reckon.Date{}, 0, false},
		{"99", reckon.Date{}, 0, false},
		{"1999/03/04", reckon.Date{}, 0, false},
		{"1999-3-4", reckon.Date{}, 0, false},
		{"+999-01", reckon.Date{}, 0, false},
		{"１９９９", reckon.Date{}, 0, false}, // full-width digits
	}
	for _, tt := range tests {
		got, err := reckon.ParseDate(tt.in)
		if (err == nil) != tt.ok {
			t.Errorf("ParseDate(%q) error %v, want ok=%v", tt.in, err, tt.ok)
			continue
		}
		if !tt.ok {
			if reckon.ErrorCode(err) != reckon.EINVALID {
				t.Errorf("ParseDate(%q): code %q", tt.in, reckon.ErrorCode(err))
			}
			continue
		}
		if got != tt.want || got.Precision() != tt.prec || got.String() != tt.in {
			t.Errorf("ParseDate(%q) = %+v (%v, %q)", tt.in, got, got.Precision(), got.String())
		}
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"", "1999", "1999-03", "2024-02-29", "1999-13-01", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := reckon.ParseDate(s)
		if err != nil {
			return
		}
		if d.String() != s {
			t.Fatalf("ParseDate(%q) prints back as %q", s, d.String())
		}
	})
}

// TestParseDateLoose: the forms lists write, and dirty values kept as
// written rather than refused (issue 10).
func TestParseDateLoose(t *testing.T) {
	day := func(y, m, d int) reckon.Date { return reckon.Date{Year: y, Month: m, Day: d} }
	raw := func(s string) reckon.Date { return reckon.Date{Raw: s} }
	tests := []struct {
		name, in string
		want     reckon.Date
	}{
		{"empty", "", reckon.Date{}},
		{"space only", "  ", reckon.Date{}},
		{"strict year", "1999", reckon.Date{Year: 1999}},
		{"strict month", "2025-01", reckon.Date{Year: 2025, Month: 1}},
		{"strict day", "2024-02-29", day(2024, 2, 29)},
		{"surrounding space", " 1945-04-03 ", day(1945, 4, 3)},
		{"yyyymmdd", "19450403", day(1945, 4, 3)},
		{"yyyymmdd bad day", "19450493", raw("19450493")},
		{"slashes year first", "1945/04/03", day(1945, 4, 3)},
		{"dots year first", "1945.4.3.", day(1945, 4, 3)},
		{"short month and day", "1945-4-3", day(1945, 4, 3)},
		{"year and month slash", "1945/04", reckon.Date{Year: 1945, Month: 4}},
		{"year and month dot", "1945.4", reckon.Date{Year: 1945, Month: 4}},
		{"day first dots", "03.04.1945", day(1945, 4, 3)},
		{"day first dots short", "3.4.1945", day(1945, 4, 3)},
		{"day first slash", "25/04/1945", day(1945, 4, 25)},
		{"month first slash", "04/25/1945", day(1945, 4, 25)},
		{"day first dash", "25-04-1945", day(1945, 4, 25)},
		{"ambiguous slash", "03/04/1945", raw("03/04/1945")},
		{"korean day", "1945년 4월 3일", day(1945, 4, 3)},
		{"korean month", "1945년4월", reckon.Date{Year: 1945, Month: 4}},
		{"korean year", "1945년", reckon.Date{Year: 1945}},
		{"korean unfinished", "1945년 4월 3", raw("1945년 4월 3")},
		{"timestamp", "1945-04-03T00:00:00Z", day(1945, 4, 3)},
		{"timestamp space", "1945-04-03 10:30", day(1945, 4, 3)},
		{"timestamp junk", "1945-04-03 noon", raw("1945-04-03 noon")},
		{"febrl malformed", "1945-04-93", raw("1945-04-93")},
		{"no such day", "2023-02-29", raw("2023-02-29")},
		{"month 13", "1999-13", raw("1999-13")},
		{"words", " spring 1951 ", raw("spring 1951")},
		{"mixed separators", "1945-04/03", raw("1945-04/03")},
		{"year zero", "0000", raw("0000")},
		{"two-digit year", "03.04.45", raw("03.04.45")},
		{"full-width digits", "１９９９", raw("１９９９")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := reckon.ParseDateLoose(tt.in)
			if got != tt.want {
				t.Fatalf("ParseDateLoose(%q) = %+v, want %+v", tt.in, got, tt.want)
			}
			if got.Parsed() != (tt.want.Year != 0) {
				t.Errorf("Parsed() = %v", got.Parsed())
			}
			if got.IsZero() != (strings.TrimSpace(tt.in) == "") {
				t.Errorf("IsZero() = %v", got.IsZero())
			}
			if back := reckon.ParseDateLoose(got.String()); back != got {
				t.Errorf("ParseDateLoose(%q) = %+v, does not round-trip", got.String(), back)
			}
		})
	}
}

// TestDateRawJSON: a date kept as written survives JSON, and the zero Date
// is still omitted.
func TestDateRawJSON(t *testing.T) {
	in := reckon.Record{RecordID: "1", List: "a", BirthDate: reckon.Date{Raw: "1945-04-93"}}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"birth_date":"1945-04-93"`) || strings.Contains(string(b), "death_date") {
		t.Fatalf("json %s", b)
	}
	var out reckon.Record
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	if out.BirthDate != in.BirthDate || !out.DeathDate.IsZero() {
		t.Fatalf("round trip %+v", out)
	}
}

func FuzzParseDateLoose(f *testing.F) {
	for _, s := range []string{"", "1999", "2025-01", "19450403", "1945-04-93", "03.04.1945", "25/04/1945",
		"1945년 4월 3일", "1945-04-03T00:00:00Z", " x ", "1945.4.3."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d := reckon.ParseDateLoose(s)
		if d != reckon.ParseDateLoose(s) {
			t.Fatalf("ParseDateLoose(%q) not deterministic", s)
		}
		switch {
		case strings.TrimSpace(s) == "":
			if !d.IsZero() {
				t.Fatalf("ParseDateLoose(%q) = %+v, want zero", s, d)
			}
		case d.Parsed():
			if d.Raw != "" {
				t.Fatalf("ParseDateLoose(%q) = %+v: parsed with Raw", s, d)
			}
			if p, err := reckon.ParseDate(d.String()); err != nil || p != d {
				t.Fatalf("ParseDateLoose(%q) = %+v: %q is not a strict date (%v)", s, d, d.String(), err)
			}
		default:
			if d.Raw != strings.TrimSpace(s) || d.IsZero() {
				t.Fatalf("ParseDateLoose(%q) = %+v, want it kept as written", s, d)
			}
		}
		if back := reckon.ParseDateLoose(d.String()); back != d {
			t.Fatalf("ParseDateLoose(%q) = %+v; its String %q reads back as %+v", s, d, d.String(), back)
		}
		if p, err := reckon.ParseDate(s); err == nil && p != d {
			t.Fatalf("ParseDate(%q) = %+v but ParseDateLoose gives %+v", s, p, d)
		}
	})
}

func TestParseGrade(t *testing.T) {
	for _, tt := range []struct {
		in, out string
		ok      bool
	}{
		{"B2", "B2", true}, {"f6", "F6", true}, {"", "", true},
		{"G1", "", false}, {"A0", "", false}, {"A7", "", false}, {"AB", "", false}, {"B22", "", false},
	} {
		g, err := reckon.ParseGrade(tt.in)
		if (err == nil) != tt.ok || (tt.ok && g.String() != tt.out) {
			t.Errorf("ParseGrade(%q) = %q, %v", tt.in, g, err)
		}
	}
}

func TestInterval(t *testing.T) {
	a, b := reckon.Closed(300, 600), reckon.From(601)
	if a.Overlaps(b) || !a.Overlaps(reckon.To(300)) || !reckon.From(5).Overlaps(reckon.To(5)) {
		t.Error("Overlaps")
	}
	if !a.Contains(300) || a.Contains(601) || !b.Contains(1<<40) || !(reckon.Interval{}).Contains(-5) {
		t.Error("Contains")
	}
	if !a.Valid() || reckon.Closed(2, 1).Valid() {
		t.Error("Valid")
	}
	if !a.Equal(reckon.Closed(300, 600)) || a.Equal(b) || !(reckon.Interval{}).Equal(reckon.Interval{}) {
		t.Error("Equal")
	}
	for iv, want := range map[*reckon.Interval]string{&a: "[300, 600]", &b: "[601, ∞)"} {
		if iv.String() != want {
			t.Errorf("String = %q, want %q", iv.String(), want)
		}
	}
	if s := reckon.To(9).String(); s != "(−∞, 9]" {
		t.Errorf("String = %q", s)
	}
}

func TestErrorCode(t *testing.T) {
	if reckon.ErrorCode(nil) != "" || reckon.ErrorMessage(nil) != "" {
		t.Error("nil error")
	}
	e := reckon.Errorf(reckon.ENOTFOUND, "claim %d not found", 3)
	if reckon.ErrorCode(e) != reckon.ENOTFOUND || reckon.ErrorMessage(e) != "claim 3 not found" {
		t.Error("domain error")
	}
	wrapped := &wrapErr{e}
	if reckon.ErrorCode(wrapped) != reckon.ENOTFOUND {
		t.Error("wrapped domain error")
	}
	if reckon.ErrorCode(errPlain{}) != reckon.EINTERNAL || reckon.ErrorMessage(errPlain{}) != "internal error" {
		t.Error("other errors are internal and their text is not shown")
	}
}

type wrapErr struct{ err error }

func (w *wrapErr) Error() string { return "op: " + w.err.Error() }
func (w *wrapErr) Unwrap() error { return w.err }

type errPlain struct{}

func (errPlain) Error() string { return "secret detail" }

func TestEstimateJSON(t *testing.T) {
	for _, up := range []float64{math.Inf(1), 1234.5} {
		e := &reckon.Estimate{ID: 3, Method: "loglinear", NHat: 1000, Lower: 900, Upper: up, Lists: []string{"a", "b"}}
		b, err := json.Marshal(e)
		if err != nil {
			t.Fatalf("upper %v: %v", up, err)
		}
		var back reckon.Estimate
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatal(err)
		}
		if back.Upper != up || back.NHat != 1000 || back.ID != 3 || len(back.Lists) != 2 {
			t.Errorf("round trip of upper %v: %s -> %+v", up, b, back)
		}
		if math.IsInf(up, 1) && !strings.Contains(string(b), `"upper":null`) {
			t.Errorf("an infinite upper bound should be null: %s", b)
		}
	}
	// Inside a slice of pointers and of values alike.
	if _, err := json.Marshal([]*reckon.Estimate{{Upper: math.Inf(1)}}); err != nil {
		t.Error(err)
	}
}
