package figure_test

import (
	"math"
	"strings"
	"testing"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/figure"
	"github.com/reckonhq/reckon/reconcile"
)

func TestCount(t *testing.T) {
	for _, tt := range []struct {
		n    int64
		want string
	}{
		{0, "0"}, {7, "7"}, {999, "999"}, {1000, "1,000"}, {1200, "1,200"}, {12345, "12,345"},
		{1234567, "1,234,567"}, {-1200, "-1,200"}, {math.MaxInt64, "9,223,372,036,854,775,807"},
	} {
		if got := figure.Count(tt.n); got != tt.want {
			t.Errorf("Count(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
}

func TestCompact(t *testing.T) {
	for n, want := range map[int64]string{1: "1", 20: "20", 500: "500", 1000: "1k", 1500: "1,500", 20000: "20k", 1e6: "1M", 2e9: "2B", 2500000: "2,500k"} {
		if got := figure.Compact(n); got != want {
			t.Errorf("Compact(%d) = %q, want %q", n, got, want)
		}
	}
}

// TestRound is the one rounding rule (issue 15: the same estimate was
// 2,868 in estimate show, which rounded half to even, and 2,869 in the
// report).
func TestRound(t *testing.T) {
	for _, tt := range []struct {
		name string
		v    float64
		want string
	}{
		{"half up", 2868.5, "2,869"},
		{"half up from even", 2.5, "3"},
		{"below half", 2868.49, "2,868"},
		{"negative half", -2.5, "-3"},
		{"nan", math.NaN(), "–"},
		{"infinite", math.Inf(1), "∞"},
		{"minus infinite", math.Inf(-1), "−∞"},
		{"beyond int64", 1e30, "∞"},
	} {
		if got := figure.Round(tt.v); got != tt.want {
			t.Errorf("%s: Round(%v) = %q, want %q", tt.name, tt.v, got, tt.want)
		}
	}
}

func TestIntervalAndBounds(t *testing.T) {
	for _, tt := range []struct {
		name string
		iv   reckon.Interval
		want string
	}{
		{"closed", reckon.Closed(300, 600), "300–600"},
		{"point", reckon.Closed(1200, 1200), "1,200"},
		{"open top", reckon.From(200), "≥ 200"},
		{"open bottom", reckon.To(600), "≤ 600"},
		{"open both", reckon.Interval{}, "unknown"},
	} {
		if got := figure.Interval(tt.iv); got != tt.want {
			t.Errorf("%s: Interval = %q, want %q", tt.name, got, tt.want)
		}
	}
	for _, tt := range []struct {
		lo, hi float64
		want   string
	}{
		{2725.5, 3250.4, "2,726–3,250"},
		{2725.5, math.Inf(1), "≥ 2,726"},
		{10.2, 9.8, "10"},
		{math.NaN(), 5, "–"},
	} {
		if got := figure.Bounds(tt.lo, tt.hi); got != tt.want {
			t.Errorf("Bounds(%v, %v) = %q, want %q", tt.lo, tt.hi, got, tt.want)
		}
	}
}

func claim(span string, iv reckon.Interval) *reckon.Claim {
	return &reckon.Claim{Span: span, Interval: iv}
}

// TestClaim: every claim is written with its words and its open ends open
// (issue 15: "a few hundred to over 600" was shown as 200–999, and "at
// least 1,200" as 1,200).
func TestClaim(t *testing.T) {
	for _, tt := range []struct {
		name string
		c    *reckon.Claim
		want string
	}{
		{"open top keeps the words", claim("a few hundred to over 600", reckon.From(200)), "≥ 200 (a few hundred to over 600)"},
		{"at least", claim("at least 1,200", reckon.From(1200)), "≥ 1,200 (at least 1,200)"},
		{"vague words", claim("thousands", reckon.Closed(2000, 9999)), "2,000–9,999 (thousands)"},
		{"exact number needs no words", claim("1,200", reckon.Closed(1200, 1200)), "1,200"},
		{"exact number without grouping", claim("1200", reckon.Closed(1200, 1200)), "1,200"},
		{"korean", claim("1만 2천 명", reckon.Closed(12000, 12000)), "12,000 (1만 2천 명)"},
		{"span on lines", claim("more than\n600", reckon.From(601)), "≥ 601 (more than 600)"},
		{"no span", claim("", reckon.To(90)), "≤ 90"},
	} {
		if got := figure.Claim(tt.c); got != tt.want {
			t.Errorf("%s: Claim = %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestRange: the headline of a measure names its lowest and highest claim
// as written (issue 15: "Killed 200 – 999" for an open top, "24 – 9,999"
// for "dozens" and "thousands").
func TestRange(t *testing.T) {
	fewHundred := claim("a few hundred to over 600", reckon.From(200))
	hundreds := claim("hundreds", reckon.Closed(200, 999))
	dozens := claim("dozens", reckon.Closed(24, 99))
	thousands := claim("thousands", reckon.Closed(2000, 9999))
	upTo := claim("up to 50", reckon.To(50))
	none := claim("many", reckon.Interval{})
	for _, tt := range []struct {
		name string
		cs   []*reckon.Claim
		want string
	}{
		{"open top is the highest", []*reckon.Claim{hundreds, fewHundred}, "200–999 (hundreds) to ≥ 200 (a few hundred to over 600)"},
		{"vague ends keep their words", []*reckon.Claim{thousands, dozens}, "24–99 (dozens) to 2,000–9,999 (thousands)"},
		{"open bottom is the lowest", []*reckon.Claim{dozens, upTo}, "≤ 50 (up to 50) to 24–99 (dozens)"},
		{"one claim", []*reckon.Claim{fewHundred}, "≥ 200 (a few hundred to over 600)"},
		{"unbounded claims skipped", []*reckon.Claim{none, dozens}, "24–99 (dozens)"},
		{"nothing", []*reckon.Claim{none}, ""},
		{"empty", nil, ""},
	} {
		if got := figure.Range(tt.cs); got != tt.want {
			t.Errorf("%s: Range = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestGrades(t *testing.T) {
	for _, tt := range []struct {
		g     string
		label string
		class string
	}{
		{"A1", "A1: completely reliable", "g-a"},
		{"b2", "B2: usually reliable", "g-b"},
		{"F6", "F6: reliability cannot be judged", "g-f"},
		{"", "ungraded", "g-none"},
	} {
		g, err := reckon.ParseGrade(tt.g)
		if err != nil {
			t.Fatal(err)
		}
		if got := figure.GradeLabel(g); got != tt.label {
			t.Errorf("GradeLabel(%q) = %q, want %q", tt.g, got, tt.label)
		}
		if got := figure.Grade(g).Class; got != tt.class {
			t.Errorf("Grade(%q).Class = %q, want %q", tt.g, got, tt.class)
		}
	}
	seen := map[string]bool{}
	for _, s := range figure.Grades {
		if len(s.Color) != 7 || s.Color[0] != '#' || seen[s.Color] {
			t.Errorf("grade %q: colour %q is not a distinct #rrggbb", s.Class, s.Color)
		}
		seen[s.Color] = true
		if r := contrast(s.Color, "#ffffff"); r < 4.5 {
			t.Errorf("grade %q: white on %s has contrast %.2f, want at least 4.5 (WCAG AA)", s.Class, s.Color, r)
		}
	}
}

// contrast is the WCAG 2 contrast ratio of two #rrggbb colours.
func contrast(a, b string) float64 {
	lum := func(hex string) float64 {
		var c [3]float64
		for i := range c {
			var v int
			for _, h := range hex[1+2*i : 3+2*i] {
				v *= 16
				switch {
				case h >= '0' && h <= '9':
					v += int(h - '0')
				default:
					v += int(h-'a') + 10
				}
			}
			s := float64(v) / 255
			if s <= 0.03928 {
				c[i] = s / 12.92
			} else {
				c[i] = math.Pow((s+0.055)/1.055, 2.4)
			}
		}
		return 0.2126*c[0] + 0.7152*c[1] + 0.0722*c[2]
	}
	x, y := lum(a), lum(b)
	return (max(x, y) + 0.05) / (min(x, y) + 0.05)
}

// TestContradictionLabels: every kind reconcile flags has words (issue 15:
// the report showed below_minimum).
func TestContradictionLabels(t *testing.T) {
	m := &reckon.Estimate{Method: "minimum", NHat: 500, Observed: 500}
	src := func(id int64) *reckon.Source { return &reckon.Source{ID: id, Name: "s"} }
	day := reckon.Date{Year: 2025, Month: 3, Day: 1}
	cs := []reconcile.Claim{
		{Claim: &reckon.Claim{ID: 1, Measure: reckon.Killed, Interval: reckon.Closed(10, 20)}, Source: src(1), Date: day},
		{Claim: &reckon.Claim{ID: 2, Measure: reckon.Killed, Interval: reckon.Closed(30, 40)}, Source: src(2), Date: day},
	}
	v := reconcile.Reconcile(reckon.Killed, cs, m, nil)
	kinds := map[string]bool{}
	for _, c := range v.Contradictions {
		kinds[c.Kind] = true
	}
	if !kinds[figure.BelowMinimum] || !kinds[figure.Incompatible] || len(kinds) != 2 {
		t.Fatalf("kinds flagged %v, want below_minimum and incompatible", kinds)
	}
	for k := range kinds {
		if l := figure.ContradictionLabel(k); l == "" || l == k || l == figure.ContradictionLabel("x_"+k) {
			t.Errorf("kind %q has no label of its own (%q)", k, l)
		}
	}
}

// TestTimeline: the overview's timeline of one measure draws dated claims
// in bounded columns, open tops as arrows, and nothing without a dated
// claim.
func TestTimeline(t *testing.T) {
	var empty figure.Timeline
	empty.Add(reckon.Date{}, reckon.Closed(1, 2))
	if empty.SVG("x") != "" || empty.Undated != 1 {
		t.Errorf("undated only: SVG %q, undated %d", empty.SVG("x"), empty.Undated)
	}
	var tl figure.Timeline
	for i := range 1000 {
		tl.Add(reckon.Date{Year: 2025, Month: 1 + i%12, Day: 1 + i%28}, reckon.Closed(int64(10+i), int64(20+i)))
	}
	tl.Add(reckon.Date{Year: 2025, Month: 6}, reckon.From(200))
	tl.Add(reckon.Date{Year: 2025, Month: 6}, reckon.Interval{}) // no bound: left out
	svg := tl.SVG("killed <over> time")
	if tl.Len() != 1001 || !strings.Contains(svg, "<polygon") || !strings.Contains(svg, "killed &lt;over&gt; time") {
		t.Errorf("timeline of %d claims: arrow or escaped title missing:\n%s", tl.Len(), svg)
	}
	if n := strings.Count(svg, "<g>"); n == 0 || n > 90 {
		t.Errorf("%d columns drawn for 1,001 claims, want 1 to 90", n)
	}
	if !strings.Contains(svg, ">1k<") {
		t.Errorf("axis labels not compact:\n%s", svg)
	}
}

// TestEstimatesChart: every method, the documented minimum and each
// claim are drawn, user text escaped, open ends as arrows.
func TestEstimatesChart(t *testing.T) {
	e := &figure.Estimates{
		Minimum:   &reckon.Estimate{ID: 1, Method: "minimum", Observed: 2244},
		Estimates: []*reckon.Estimate{{ID: 2, Method: "loglinear", NHat: 3051, Lower: 2881, Upper: 3250}, {ID: 3, Method: "lcmcr", NHat: 2653, Lower: 2526, Upper: math.Inf(1)}},
		Claims:    []figure.ChartClaim{{Label: "<b>News</b>", Claim: claim("more than 3,000", reckon.From(3001)), Href: "#c1"}},
		Href:      "/estimates/%d",
	}
	svg := e.SVG()
	for _, want := range []string{"loglinear 3,051", "lcmcr 2,653", "minimum 2,244", "&lt;b&gt;News&lt;/b&gt;", `href="/estimates/2"`, `href="#c1"`, "≥ 3,001 (more than 3,000)", "<polygon"} {
		if !strings.Contains(svg, want) {
			t.Errorf("estimates chart lacks %q", want)
		}
	}
	if strings.Contains(svg, "<b>") {
		t.Error("user text not escaped")
	}
	if (&figure.Estimates{}).SVG() != "" {
		t.Error("an empty chart is drawn")
	}
}
