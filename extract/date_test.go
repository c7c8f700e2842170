package extract

import (
	"testing"

	"github.com/reckonhq/reckon"
)

func TestResolveDate(t *testing.T) {
	pub := reckon.Date{Year: 2025, Month: 9, Day: 3} // a Wednesday
	jan := reckon.Date{Year: 2025, Month: 1, Day: 5}
	for _, tt := range []struct {
		expr string
		pub  reckon.Date
		want string
	}{
		{"3 March 2025", pub, "2025-03-03"},
		{"on 3 March 2025", reckon.Date{}, "2025-03-03"},
		{"March 3, 2025", pub, "2025-03-03"},
		{"As of August 30", pub, "2025-08-30"},
		{"as of December 30", jan, "2024-12-30"},
		{"August 30", reckon.Date{}, ""},
		{"Monday", pub, "2025-09-01"},
		{"late Monday", pub, "2025-09-01"},
		{"Wednesday", pub, "2025-09-03"},
		{"last Wednesday", pub, "2025-08-27"},
		{"Thursday", pub, "2025-08-28"},
		{"Monday", reckon.Date{Year: 2025, Month: 9}, ""},
		{"yesterday", pub, "2025-09-02"},
		{"the previous day", jan, "2025-01-04"},
		{"today", pub, "2025-09-03"},
		{"this month", pub, "2025-09"},
		{"last month", jan, "2024-12"},
		{"earlier this month", pub, "2025-09"},
		{"2024-02-17", pub, "2024-02-17"},
		{"10.10.2023", pub, "2023-10-10"},
		{"March 2022", pub, "2022-03"},
		{"the March 3 attack", pub, ""},
		{"soon", pub, ""},
		{"", pub, ""},
	} {
		if got := ResolveDate(tt.expr, tt.pub).String(); got != tt.want {
			t.Errorf("ResolveDate(%q, %s) = %q, want %q", tt.expr, tt.pub, got, tt.want)
		}
	}
}

func FuzzResolveDate(f *testing.F) {
	for _, s := range []string{"3 March 2025", "As of August 30", "last Monday", "10.10.2023", "31 February", "99 99"} {
		f.Add(s, 2025, 9, 3)
	}
	f.Fuzz(func(t *testing.T, s string, y, m, d int) {
		pub, err := reckon.ParseDate(reckon.Date{Year: y, Month: m, Day: d}.String())
		if err != nil {
			pub = reckon.Date{}
		}
		got := ResolveDate(s, pub)
		if got.Raw != "" {
			t.Fatalf("ResolveDate(%q) = raw %q", s, got.Raw)
		}
		if got.Year != 0 {
			if _, err := reckon.ParseDate(got.String()); err != nil {
				t.Fatalf("ResolveDate(%q) = %v, not a valid date", s, got)
			}
		}
	})
}
