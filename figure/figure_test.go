package figure_test

import (
	"fmt"
	"html"
	"math"
	"regexp"
	"strconv"
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
	// Every word inside the chart, at the size that keeps it readable in
	// the narrowest card of the overview (issue 15).
	if !strings.Contains(svg, `font-size="13"`) {
		t.Errorf("timeline words not at 13 units:\n%s", svg[:200])
	}
	texts, from, to := svgTexts(t, svg, 13)
	for i, s := range texts {
		if from[i] < 0 || to[i] > 290 {
			t.Errorf("timeline: %q spans %.0f to %.0f, outside 0 to 290", s, from[i], to[i])
		}
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
	if !strings.Contains(svg, `<div class="chart-wide"><svg`) || !strings.Contains(svg, `<div class="chart-narrow"><svg`) {
		t.Error("the chart is not drawn in both layouts")
	}
}

// TestEstimatesChartLayouts: in each layout every word of the chart is
// inside it at the layout's size, a long source name shortened rather
// than cut by the edge (issue 15: the chart was drawn 760 units wide at
// 11 units a word, 5 px on a phone, and a name of 30 letters began left
// of the chart), and the narrow layout writes each row's label above its
// bar, from the left edge.
func TestEstimatesChartLayouts(t *testing.T) {
	long := "Southern Intelligence Service of the Eastern Military District"
	e := &figure.Estimates{
		Minimum:   &reckon.Estimate{ID: 1, Method: "minimum", Observed: 9990},
		Estimates: []*reckon.Estimate{{ID: 2, Method: "loglinear", NHat: 3051, Lower: 2881, Upper: 3250}, {ID: 3, Method: "lcmcr", NHat: 2653, Lower: 2526, Upper: math.Inf(1)}},
		Claims:    []figure.ChartClaim{{Label: long, Claim: claim("more than 3,000", reckon.From(3001))}, {Label: "리철민 통신", Claim: claim("12", reckon.Closed(12, 12))}},
	}
	for _, l := range []figure.Layout{figure.Wide, figure.Narrow} {
		svg := e.Draw(l)
		if !strings.Contains(svg, fmt.Sprintf(`viewBox="0 0 %s `, strconv.FormatFloat(l.Width, 'f', 1, 64))) || !strings.Contains(svg, fmt.Sprintf(`font-size="%s"`, strconv.FormatFloat(l.Font, 'f', 1, 64))) {
			t.Errorf("%s: not drawn %v wide at font %v:\n%s", l.Name, l.Width, l.Font, svg[:min(len(svg), 300)])
		}
		texts, from, to := svgTexts(t, svg, l.Font)
		if len(texts) < 8 {
			t.Fatalf("%s: %d texts: %q", l.Name, len(texts), texts)
		}
		for i, s := range texts {
			if from[i] < 0 || to[i] > l.Width {
				t.Errorf("%s: %q spans %.0f to %.0f, outside 0 to %v", l.Name, s, from[i], to[i], l.Width)
			}
		}
		if strings.Contains(svg, ">"+long+"<") || !strings.Contains(svg, "Southern Intelligence") || !strings.Contains(svg, "minimum 9,990") {
			t.Errorf("%s: the long name is not shortened, or a label is missing: %q", l.Name, texts)
		}
		if l.Name == "narrow" && !strings.Contains(svg, `text-anchor="start" fill="#111827"`) {
			t.Errorf("narrow: row labels not written above the bars")
		}
	}
}

// TestLayouts: each layout's words are drawn at figure.MinText px or more
// over the range of widths it is shown at (issue 15: the charts drew
// their labels at 5 px on a 375 px phone). The widths are those of the
// pages' main column: 343 px on a 375 px phone, 288 px on a 320 px one,
// 480 px where ChartCSS caps the narrow drawing, and 736 px on the
// narrowest screen that shows the wide one (48rem less the margins).
func TestLayouts(t *testing.T) {
	for _, tt := range []struct {
		l       figure.Layout
		shownAt []float64
	}{
		{figure.Narrow, []float64{288, 343, 480}},
		{figure.Wide, []float64{736, 1120}},
	} {
		for _, px := range tt.shownAt {
			if got := tt.l.Font * px / tt.l.Width; got < figure.MinText {
				t.Errorf("%s layout shown %v px wide: words at %.1f px", tt.l.Name, px, got)
			}
		}
	}
	if !strings.Contains(figure.ChartCSS, "48rem") && !strings.Contains(figure.ChartCSS, "47.99rem") {
		t.Errorf("ChartCSS does not switch at 48rem:\n%s", figure.ChartCSS)
	}
	if got := figure.Both("<svg/>", ""); got != "" {
		t.Errorf("Both with nothing narrow to draw = %q", got)
	}
}

func TestTextWidthAndFit(t *testing.T) {
	if a, b := figure.TextWidth("리철민", 12), figure.TextWidth("abc", 12); a <= b {
		t.Errorf("Hangul %v not wider than Latin %v", a, b)
	}
	if figure.TextWidth("", 12) != 0 {
		t.Error("the empty string has a width")
	}
	for _, tt := range []struct {
		name, s string
		width   float64
		want    string
	}{
		{"fits", "Central News", 200, "Central News"},
		{"spaces folded", "Central \n News", 200, "Central News"},
		{"shortened", "Southern Intelligence Service", 120, ""},
		{"nothing fits", "Southern", 5, ""},
	} {
		got := figure.Fit(tt.s, tt.width, 12)
		if figure.TextWidth(got, 12) > tt.width {
			t.Errorf("%s: Fit = %q, %v wide, over %v", tt.name, got, figure.TextWidth(got, 12), tt.width)
		}
		if tt.want != "" && got != tt.want {
			t.Errorf("%s: Fit = %q, want %q", tt.name, got, tt.want)
		}
		if tt.name == "shortened" && (!strings.HasSuffix(got, "…") || !strings.HasPrefix(tt.s, strings.TrimSuffix(got, "…"))) {
			t.Errorf("%s: Fit = %q, want a prefix and an ellipsis", tt.name, got)
		}
	}
}

// TestTicks: labels that would touch are left out, and those at the
// ends move inward instead of reaching past the chart.
func TestTicks(t *testing.T) {
	labels := []string{"10", "20", "50", "100", "200", "500", "1k"}
	xs := []float64{0, 15, 35, 50, 65, 85, 100}
	got := figure.Ticks(xs, labels, 12, 0, 100)
	if math.IsNaN(got[0]) || math.IsNaN(got[len(got)-1]) || got[0] < figure.TextWidth("10", 12)/2 || got[len(got)-1] > 100-figure.TextWidth("1k", 12)/2 {
		t.Errorf("the ends are left out or reach past the axis: %v", got)
	}
	last := math.Inf(-1)
	kept := 0
	for i, c := range got {
		if math.IsNaN(c) {
			continue
		}
		kept++
		w := figure.TextWidth(labels[i], 12)
		if c-w/2 < last+6 {
			t.Errorf("label %q at %v touches the one before it (ending at %v)", labels[i], c, last)
		}
		last = c + w/2
	}
	if kept < 3 || kept == len(labels) {
		t.Errorf("%d of %d labels kept on a 100-unit axis: %v", kept, len(labels), got)
	}
}

// svgTexts lists the texts of an SVG with the extent TextWidth gives
// them: x from, x to.
func svgTexts(t *testing.T, svg string, font float64) (texts []string, from, to []float64) {
	t.Helper()
	re := regexp.MustCompile(`<text x="([-0-9.]+)"([^>]*)>([^<]*)</text>`)
	anchor := regexp.MustCompile(`text-anchor="(\w+)"`)
	for _, m := range re.FindAllStringSubmatch(svg, -1) {
		if a := anchor.FindStringSubmatch(m[2]); a != nil {
			m[2] = a[1]
		}
		x, err := strconv.ParseFloat(m[1], 64)
		if err != nil {
			t.Fatal(err)
		}
		s := html.UnescapeString(m[3])
		w := figure.TextWidth(s, font)
		a := x
		switch m[2] {
		case "middle":
			a = x - w/2
		case "end":
			a = x - w
		}
		texts, from, to = append(texts, s), append(from, a), append(to, a+w)
	}
	return texts, from, to
}
