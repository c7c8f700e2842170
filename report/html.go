package report

import (
	"fmt"
	"html/template"
	"io"
	"math"
	"strings"
	"sync"
	"time"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/figure"
	"github.com/reckonhq/reckon/reconcile"
)

// chart is the interval plot over time: x the date a claim speaks of, y the
// count on a log scale; each claim a vertical bar from its low to its high
// end (an arrow where it is open), the documented minimum a line, each
// estimate a band.
type chart struct {
	Name       string // the layout's: "wide", "narrow"
	Measure    string
	Font       float64
	W, H       float64
	X0, X1     float64
	Y0, Y1     float64
	Bars       []bar
	YTicks     []tick
	XTicks     []tick
	Lines      []band
	Undated    int
	Unbounded  int
	HasClaims  bool
	LegendY    float64
	LegendGrad []legend
	// Narrow is the same chart drawn for figure.Narrow; nil in the
	// narrow chart itself.
	Narrow *chart
}

type bar struct {
	X, YLo, YHi    float64
	OpenLo, OpenHi bool
	Dot            bool
	Color          string
	Title          string
	Href           string
}

type tick struct {
	Pos   float64
	Label string
}

type band struct {
	YLo, YHi, Y float64
	Label       string
	Color       string
	Line        bool
}

type legend struct {
	Color, Label string
}

// newChart lays the chart out for figure.Wide, with its Narrow chart for
// figure.Narrow.
func newChart(v *reconcile.View) *chart {
	c := layoutChart(v, figure.Wide, 360)
	c.Narrow = layoutChart(v, figure.Narrow, 300)
	return c
}

// layoutChart lays the chart out for l, h units tall: the column of
// count labels as wide as the widest, month labels that would touch left
// out.
func layoutChart(v *reconcile.View, l figure.Layout, h float64) *chart {
	c := &chart{Name: l.Name, Measure: codeWords(string(v.Measure)), Font: l.Font, W: l.Width, H: h, X1: l.Width - 20, Y0: h - l.Font - 14, Y1: l.Font}
	// The value range, over claims and estimates.
	lo, hi := math.Inf(1), 0.0
	see := func(x float64) {
		if x > 0 && !math.IsInf(x, 0) && !math.IsNaN(x) {
			lo, hi = math.Min(lo, x), math.Max(hi, x)
		}
	}
	var t0, t1 time.Time
	for _, cl := range v.Claims {
		if cl.Low != nil {
			see(float64(*cl.Low))
		}
		if cl.High != nil {
			see(float64(*cl.High))
		}
		if cl.Date.IsZero() {
			continue
		}
		t := dateTime(cl.Date)
		if t0.IsZero() || t.Before(t0) {
			t0 = t
		}
		if t.After(t1) {
			t1 = t
		}
	}
	if v.Minimum != nil {
		see(v.Minimum.NHat)
	}
	for _, e := range v.Estimates {
		see(e.Lower)
		see(e.Upper)
		see(e.NHat)
	}
	if hi == 0 {
		return c
	}
	c.HasClaims = len(v.Claims) > 0
	llo, lhi := math.Floor(math.Log10(lo)), math.Ceil(math.Log10(hi))
	if lhi == llo {
		lhi++
	}
	y := func(x float64) float64 {
		return c.Y0 - (math.Log10(math.Max(x, math.Pow(10, llo)))-llo)/(lhi-llo)*(c.Y0-c.Y1)
	}
	labelW := 0.0
	for d := llo; d <= lhi; d++ {
		t := tick{y(math.Pow(10, d)), figure.Compact(int64(math.Pow(10, d)))}
		c.YTicks = append(c.YTicks, t)
		labelW = max(labelW, figure.TextWidth(t.Label, l.Font))
	}
	c.X0 = math.Ceil(labelW) + 12
	if t1.Equal(t0) {
		t0, t1 = t0.AddDate(0, -1, 0), t1.AddDate(0, 1, 0)
	}
	span := t1.Sub(t0)
	t0, t1 = t0.Add(-span/20), t1.Add(span/20)
	x := func(t time.Time) float64 {
		return c.X0 + float64(t.Sub(t0))/float64(t1.Sub(t0))*(c.X1-c.X0)
	}
	for m := time.Date(t0.Year(), t0.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, 1, 0); m.Before(t1); m = m.AddDate(0, 1, 0) {
		c.XTicks = append(c.XTicks, tick{x(m), m.Format("Jan 2006")})
	}
	if len(c.XTicks) > 8 { // keep every other month, or every quarter
		step := (len(c.XTicks) + 7) / 8
		var keep []tick
		for i, t := range c.XTicks {
			if i%step == 0 {
				keep = append(keep, t)
			}
		}
		c.XTicks = keep
	}
	xs, labels := make([]float64, len(c.XTicks)), make([]string, len(c.XTicks))
	for i, t := range c.XTicks {
		xs[i], labels[i] = t.Pos, t.Label
	}
	var keep []tick
	for i, at := range figure.Ticks(xs, labels, l.Font, 2, c.W-2) {
		if !math.IsNaN(at) {
			keep = append(keep, tick{at, labels[i]})
		}
	}
	c.XTicks = keep
	sameDay := map[reckon.Date]int{} // claims of one date side by side
	for _, cl := range v.Claims {
		if cl.Date.IsZero() {
			c.Undated++
			continue
		}
		if cl.Low == nil && cl.High == nil {
			c.Unbounded++
			continue
		}
		b := bar{X: x(dateTime(cl.Date)) + float64(sameDay[cl.Date])*9, Color: figure.Grade(cl.Source.Grade).Color, Href: fmt.Sprintf("#claim-%d", cl.ID),
			Title: fmt.Sprintf("C%d %s (%s), %s: %s", cl.ID, cl.Source.Name, figure.GradeLabel(cl.Source.Grade), cl.Date, figure.Claim(cl.Claim))}
		if cl.Low != nil {
			b.YLo = y(float64(*cl.Low))
		} else {
			b.YLo, b.OpenLo = c.Y0, true
		}
		if cl.High != nil {
			b.YHi = y(float64(*cl.High))
		} else {
			b.YHi, b.OpenHi = c.Y1, true
		}
		sameDay[cl.Date]++
		b.Dot = !b.OpenLo && !b.OpenHi && b.YLo-b.YHi < 2
		if cl.Projected {
			b.Color = figure.Projected
		}
		c.Bars = append(c.Bars, b)
	}
	palette := []string{"#0e7490", "#a21caf", "#4d7c0f"}
	for i, e := range v.Estimates {
		hiY := c.Y1
		if !math.IsInf(e.Upper, 1) {
			hiY = y(e.Upper)
		}
		c.Lines = append(c.Lines, band{YLo: y(e.Lower), YHi: hiY, Y: y(e.NHat), Label: fmt.Sprintf("%s %s (E%d)", e.Method, num(e.NHat), e.ID), Color: palette[i%len(palette)]})
	}
	if v.Minimum != nil {
		c.Lines = append(c.Lines, band{Y: y(v.Minimum.NHat), Label: fmt.Sprintf("documented minimum %s (E%d)", num(v.Minimum.NHat), v.Minimum.ID), Color: "#111827", Line: true})
	}
	for _, g := range figure.Grades {
		c.LegendGrad = append(c.LegendGrad, legend{g.Color, g.Name})
	}
	return c
}

func dateTime(d reckon.Date) time.Time {
	m, day := max(d.Month, 1), max(d.Day, 1)
	if d.Month == 0 {
		m = 7 // the middle of a year known only by its number
	}
	if d.Day == 0 {
		day = 15
	}
	return time.Date(d.Year, time.Month(m), day, 0, 0, 0, 0, time.UTC)
}

// page is the report's template, parsed on first use rather than at
// start-up, which every reckon command would pay for.
var page = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("report").Funcs(template.FuncMap{
		"num":        num,
		"claim":      claimText,
		"gradeLabel": figure.GradeLabel,
		"contraKind": figure.ContradictionLabel,
		"words":      codeWords,
		"assume":     reconcile.Assumption,
		"claimrange": claimRange,
		"review":     reviewText,
		"scope":      scopeText,
		"utc":        func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") },
		"lines":      func(s string) []string { return strings.Split(strings.TrimSpace(s), "\n") },
		"add":        func(a, b float64) float64 { return a + b },
		"sub":        func(a, b float64) float64 { return a - b },
	}).Parse(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.R.Title}}</title>
<style>
body{font:16px/1.5 {{.Fonts}};color:#111827;max-width:60rem;margin:0 auto;padding:1rem}
h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2rem;border-bottom:1px solid #d1d5db}
table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{text-align:left;padding:.3rem .4rem;border-bottom:1px solid #e5e7eb;vertical-align:top}
th{background:#f3f4f6}.num{text-align:right;font-variant-numeric:tabular-nums}
.headline{display:grid;grid-template-columns:repeat(auto-fit,minmax(12rem,1fr));gap:.75rem}
.card{border:1px solid #d1d5db;border-radius:.4rem;padding:.6rem}.card b{font-size:1.4rem;display:block}
.warn{color:#9a3412}.muted{color:#4b5563}pre{background:#f9fafb;padding:.5rem;overflow:auto;font-size:.8rem}
svg{width:100%;height:auto}.key{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.3rem 1.2rem}.key svg{width:28px}mark{background:#fde68a}
@media print{a{color:inherit;text-decoration:none}h2{break-after:avoid}tr,li,.card,svg{break-inside:avoid}}
@media screen and (max-width:47.99rem){table{display:block;overflow-x:auto}}
{{.Charts}}</style>
</head>
<body>
<header><h1>{{.R.Title}}</h1>
<p class="muted">Generated {{utc .R.Generated}} by reckon {{.R.Version}}. Every number names its evidence: claims C<i>n</i>, estimates E<i>n</i>.</p></header>
<main>
<section aria-labelledby="h-headline"><h2 id="h-headline">Headline: {{.V.Measure}}</h2>
<div class="headline">
{{with .V.Minimum}}<div class="card">Documented minimum<b>{{num .NHat}}</b><a href="#estimate-{{.ID}}">E{{.ID}}</a>: distinct persons named by any list{{with .Linkage}} ({{num .Lower}} to {{num .Upper}} over {{.Draws}} linkage draws){{end}}</div>{{else}}<div class="card">Documented minimum<b>–</b>not computed yet</div>{{end}}
{{range .V.Estimates}}<div class="card">{{.Method}} estimate<b>{{num .NHat}}</b>95%: {{num .Lower}} to {{num .Upper}}{{with .Linkage}}; over {{.Draws}} linkage draws {{num .NHat}}, 95% {{num .Lower}} to {{num .Upper}}{{end}} · <a href="#estimate-{{.ID}}">E{{.ID}}</a></div>{{end}}
<div class="card">Claims<b>{{len .V.Claims}}</b>from the lowest to the highest, as stated: {{claimrange .V}}</div>
</div>
{{range .V.StrataSums}}<p id="strata-sum-{{.ID}}">Summed over the strata ({{.Model}}): {{.Method}} <b>{{num .NHat}}</b>, 95% {{num .Lower}} to {{num .Upper}} (<a href="#estimate-{{.ID}}">E{{.ID}}</a>), beside the unstratified figure; the sum lets each stratum have its own capture probabilities and dependence.</p>
{{end}}<p class="muted">The estimates differ in their assumptions; none is the truth. Read them together.</p>
</section>
{{with .Est}}<section aria-labelledby="h-estchart"><h2 id="h-estchart">Estimates beside the claims</h2>
{{.}}
<p class="muted">Each method's estimate (dot) with its 95% interval (wide bar) and its interval over linkage draws (thin line); the dashed line is the documented minimum; below, each source's latest claim as an interval, coloured by the source's grade, an arrow marking an open end.</p>
</section>{{end}}
<section aria-labelledby="h-chart"><h2 id="h-chart">Claims of {{words (print .V.Measure)}} over time</h2>
{{with .C}}{{if .HasClaims}}
<div class="chart-wide">{{template "timechart" .}}</div>
<div class="chart-narrow">{{template "timechart" .Narrow}}</div>
<ul class="key">{{range .Lines}}<li><svg width="28" height="10" aria-hidden="true"><line x1="0" x2="28" y1="5" y2="5" stroke="{{.Color}}" stroke-width="2"{{if .Line}} stroke-dasharray="6 3"{{end}}/></svg> {{.Label}}{{if not .Line}}, band: 95% interval{{end}}</li>{{end}}</ul>
<p class="muted">Claims, by the grade of their source: {{range .LegendGrad}}<span style="color:{{.Color}}">■</span> {{.Label}} {{end}}; grey: projections. {{if .Undated}}{{.Undated}} undated claims are not drawn.{{end}}</p>
{{else}}<p>No claims to draw.</p>{{end}}{{end}}
</section>
{{with .R.Linkage}}{{if .Warnings}}<section aria-labelledby="h-linkage"><h2 id="h-linkage">Warnings of the record linkage (link run {{.Run}})</h2>
<ul>{{range .Warnings}}<li class="warn">{{.}}</li>{{end}}</ul>
</section>{{end}}{{end}}
<section aria-labelledby="h-contra"><h2 id="h-contra">Contradictions</h2>
{{if .V.Contradictions}}<ul>{{range .V.Contradictions}}<li class="warn"><b>{{contraKind .Kind}}</b>: {{.Message}} (<a href="#claim-{{.A}}">C{{.A}}</a>{{if .B}}, <a href="#claim-{{.B}}">C{{.B}}</a>{{end}})</li>{{end}}</ul>{{else}}<p>None flagged.</p>{{end}}
</section>
<section aria-labelledby="h-latest"><h2 id="h-latest">Each source's latest claim</h2>
<table><thead><tr><th scope="col">Source</th><th scope="col">Grade</th><th scope="col">As of</th><th scope="col" class="num">Figure</th><th scope="col">Claim</th></tr></thead><tbody>
{{range .V.Latest}}<tr><td>{{.Source.Name}}</td><td>{{gradeLabel .Source.Grade}}</td><td>{{.Date}}</td><td class="num">{{claim .}}</td><td><a href="#claim-{{.ID}}">C{{.ID}}</a></td></tr>{{end}}
</tbody></table></section>
<section aria-labelledby="h-claims"><h2 id="h-claims">Every claim, in time order</h2>
<table><thead><tr><th scope="col">Claim</th><th scope="col">As of</th><th scope="col">Source</th><th scope="col" class="num">Figure</th><th scope="col">Qualifier</th><th scope="col">In its sentence</th><th scope="col">Attributed to</th><th scope="col">Review</th></tr></thead><tbody>
{{range .V.Claims}}<tr id="claim-{{.ID}}"><td>C{{.ID}}</td><td>{{.Date}}</td><td>{{.Source.Name}} ({{.Source.Grade}})</td><td class="num">{{claim .}}</td><td>{{words (print .Qualifier)}}{{if .Projected}} (projected){{end}}</td><td>{{$.Sentence .}}</td><td>{{.Attribution}}</td><td>{{review .Claim}}</td></tr>{{end}}
</tbody></table></section>
{{if .V.Parts}}<section aria-labelledby="h-parts"><h2 id="h-parts">Sub-counts</h2>
<p class="muted">These claims count a part of the whole (a place, a period, a unit); they are shown below the whole and never compared with it.</p>
<table><thead><tr><th scope="col">Claim</th><th scope="col">As of</th><th scope="col">Source</th><th scope="col" class="num">Figure</th><th scope="col">Counts</th><th scope="col">In its sentence</th><th scope="col">Attributed to</th><th scope="col">Review</th></tr></thead><tbody>
{{range .V.Parts}}<tr id="claim-{{.ID}}"><td>C{{.ID}}</td><td>{{.Date}}</td><td>{{.Source.Name}} ({{.Source.Grade}})</td><td class="num">{{claim .}}</td><td>{{scope .Claim}}</td><td>{{$.Sentence .}}</td><td>{{.Attribution}}</td><td>{{review .Claim}}</td></tr>{{end}}
</tbody></table></section>{{end}}
<section aria-labelledby="h-est"><h2 id="h-est">Estimates and their inputs</h2>
{{with .V.Spread}}<p class="{{if .Disjoint}}warn{{else}}muted{{end}}">{{.Message}}</p>{{end}}
{{range $e := .All}}<article id="estimate-{{.ID}}"><h3>E{{.ID}}: {{.Method}} {{.Model}}</h3>
<p><b>{{num .NHat}}</b>{{if ne .Method "minimum"}}, 95% {{num .Lower}} to {{num .Upper}} ({{.Interval}}){{end}}{{with .Linkage}}{{if eq $e.Method "minimum"}}; {{num .Lower}} to {{num .Upper}} distinct persons over {{.Draws}} linkage draws{{else}}; over {{.Draws}} linkage draws {{num .NHat}}, 95% {{num .Lower}} to {{num .Upper}} (linkage and sampling){{end}}{{end}}. Observed {{.Observed}} distinct persons. {{assume .Method}}</p>
<p class="muted">Seed {{.Seed}} · reckon {{.Version}} · link run {{.LinkRunID}} · computed {{utc .CreatedAt}} · input sha256 <code>{{.InputHash}}</code></p>
{{range .Warnings}}<p class="warn">Warning: {{.}}</p>{{end}}
<details{{if $.Print}} open{{end}}><summary>Input: capture histories</summary><pre>{{.Input}}</pre></details></article>{{end}}
</section>
</main>
</body>
</html>
{{define "timechart"}}<svg viewBox="0 0 {{.W}} {{.H}}" role="img" aria-labelledby="chart-title-{{.Name}} chart-desc-{{.Name}}" font-size="{{.Font}}">
<title id="chart-title-{{$.Name}}">Every claim of {{$.Measure}} as an interval over time</title>
<desc id="chart-desc-{{$.Name}}">Vertical bars are claims from their low to their high end on a logarithmic scale, coloured by the source's grade; arrows mark open ends; horizontal lines are the documented minimum and the estimates.</desc>
{{range .YTicks}}<line x1="{{$.X0}}" x2="{{$.X1}}" y1="{{.Pos}}" y2="{{.Pos}}" stroke="#e5e7eb"/><text x="{{sub $.X0 6}}" y="{{add .Pos 4}}" text-anchor="end">{{.Label}}</text>{{end}}
{{range .XTicks}}<text x="{{.Pos}}" y="{{add $.Y0 (add $.Font 4)}}" text-anchor="middle">{{.Label}}</text>{{end}}
{{range .Lines}}{{if .Line}}<line x1="{{$.X0}}" x2="{{$.X1}}" y1="{{.Y}}" y2="{{.Y}}" stroke="{{.Color}}" stroke-width="2" stroke-dasharray="6 3"><title>{{.Label}}</title></line>{{else}}<rect x="{{$.X0}}" width="{{sub $.X1 $.X0}}" y="{{.YHi}}" height="{{sub .YLo .YHi}}" fill="{{.Color}}" opacity=".10"><title>{{.Label}}</title></rect><line x1="{{$.X0}}" x2="{{$.X1}}" y1="{{.Y}}" y2="{{.Y}}" stroke="{{.Color}}" stroke-width="1.5"><title>{{.Label}}</title></line>{{end}}{{end}}
{{range .Bars}}<a href="{{.Href}}"><title>{{.Title}}</title>{{if .Dot}}<circle cx="{{.X}}" cy="{{.YLo}}" r="4" fill="{{.Color}}"/>{{else}}<line x1="{{.X}}" x2="{{.X}}" y1="{{.YLo}}" y2="{{.YHi}}" stroke="{{.Color}}" stroke-width="4" stroke-linecap="round"/>{{if .OpenHi}}<path d="M{{sub .X 6}} {{add .YHi 8}} L{{.X}} {{.YHi}} L{{add .X 6}} {{add .YHi 8}}" fill="{{.Color}}"/>{{end}}{{if .OpenLo}}<path d="M{{sub .X 6}} {{sub .YLo 8}} L{{.X}} {{.YLo}} L{{add .X 6}} {{sub .YLo 8}}" fill="{{.Color}}"/>{{end}}{{end}}</a>{{end}}
</svg>{{end}}
`))
})

type htmlData struct {
	R     *Report
	V     *reconcile.View
	C     *chart
	Est   template.HTML // the estimates chart; "" with nothing to draw
	All   []*reckon.Estimate
	Fonts template.CSS
	// Charts shows the drawing of each chart that fits the screen
	// (figure.ChartCSS).
	Charts template.CSS
	Print  bool // for a PDF: every detail open, since paper cannot be clicked
}

// Sentence shows a claim's sentence with its span marked.
func (htmlData) Sentence(c reconcile.Claim) template.HTML {
	s := c.Sentence
	if s == "" {
		s = c.Span
	}
	i := strings.Index(s, c.Span)
	if i < 0 || c.Span == "" {
		return template.HTML(template.HTMLEscapeString(s))
	}
	return template.HTML(template.HTMLEscapeString(s[:i]) + "<mark>" + template.HTMLEscapeString(c.Span) + "</mark>" + template.HTMLEscapeString(s[i+len(c.Span):]))
}

func writeHTML(w io.Writer, r *Report) error { return renderHTML(w, r, false) }

func renderHTML(w io.Writer, r *Report, print bool) error {
	d := htmlData{R: r, V: r.View, C: newChart(r.View), Fonts: template.CSS(figure.FontStack), Charts: template.CSS(figure.ChartCSS), Print: print}
	if r.View.Minimum != nil || len(r.View.Estimates) > 0 {
		ec := &figure.Estimates{Minimum: r.View.Minimum, Estimates: r.View.Estimates, Href: "#estimate-%d"}
		for _, c := range r.View.Latest {
			ec.Claims = append(ec.Claims, figure.ChartClaim{Label: c.Source.Name, Claim: c.Claim, Grade: c.Source.Grade, Href: fmt.Sprintf("#claim-%d", c.ID)})
		}
		d.Est = template.HTML(ec.SVG()) // every text in it is escaped
	}
	if r.View.Minimum != nil {
		d.All = append(d.All, r.View.Minimum)
	}
	d.All = append(d.All, r.View.Estimates...)
	d.All = append(d.All, r.View.StrataSums...)
	return page().Execute(w, d)
}
