package figure

import (
	"fmt"
	"html"
	"math"
	"strconv"
	"strings"

	"github.com/reckonhq/reckon"
)

// Estimates is what the estimates chart shows for one measure: every
// method's estimate with its 95% interval (and its interval over linkage
// draws), the documented minimum, and claims, side by side on one count
// axis.
type Estimates struct {
	Minimum   *reckon.Estimate // nil when not computed
	Estimates []*reckon.Estimate
	Claims    []ChartClaim
	// Href, when set, links each estimate: fmt.Sprintf(Href, id).
	Href string
}

// ChartClaim is one claim drawn in a chart.
type ChartClaim struct {
	Label string // shown at the left of its row: the source's name
	Claim *reckon.Claim
	Grade reckon.Grade
	Href  string // a link for the row; "" for none
}

// SVG draws the chart in both layouts ([Both] of [Estimates.Draw] at
// [Wide] and [Narrow]), or returns "" when there is nothing to draw.
func (e *Estimates) SVG() string { return Both(e.Draw(Wide), e.Draw(Narrow)) }

// Draw draws the chart for l: a row per estimate (a bar for its 95%
// interval, a thinner one for its interval over linkage draws, a dot at
// the estimate), a row per claim (its interval, an arrow where it is
// open), and the documented minimum as a dashed line across every row, on
// a log scale. A wide layout writes each row's label in a column at its
// left; a narrow one (under 500 units) writes it above its bar, across
// the whole width. Labels that do not fit are shortened with an ellipsis
// (the full text is in the row's tooltip), tick labels that would touch
// are left out. Colours come from [Grades]; every text is escaped. It
// returns "" when there is nothing to draw.
func (e *Estimates) Draw(l Layout) string {
	var vals []float64
	see := func(v float64) {
		if v > 0 && !math.IsInf(v, 0) && !math.IsNaN(v) {
			vals = append(vals, v)
		}
	}
	if e.Minimum != nil {
		see(float64(e.Minimum.Observed))
	}
	for _, x := range e.Estimates {
		see(x.NHat)
		see(x.Lower)
		see(x.Upper)
	}
	for _, c := range e.Claims {
		if c.Claim.Low != nil {
			see(float64(*c.Claim.Low))
		}
		if c.Claim.High != nil {
			see(float64(*c.Claim.High))
		}
	}
	if len(vals) == 0 {
		return ""
	}
	lo, hi := math.Inf(1), 0.0
	for _, v := range vals {
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	llo, lhi := math.Floor(math.Log10(lo)), math.Ceil(math.Log10(hi))
	if lhi <= llo {
		lhi = llo + 1
	}
	f, w := l.Font, l.Width
	narrow := w < 500
	// x0 to x1 is the axis; a wide layout keeps 0 to x0-8 for labels.
	x0, x1, rowH := 0.0, w-20, f+10
	for _, est := range e.Estimates {
		x0 = max(x0, TextWidth(string(est.Method)+" "+Round(est.NHat), f))
	}
	for _, c := range e.Claims {
		x0 = max(x0, TextWidth(c.Label, f))
	}
	x0 = math.Ceil(min(max(x0+12, w/6), w/3))
	if narrow {
		x0, x1, rowH = 10, w-12, f+16
	}
	tickY := f + 2       // the baseline of the tick labels
	gridTop := tickY + 6 // where the grid lines start
	labelW := x0 - 8 - 4 // a wide layout's column of labels
	labelY, labelX, anchor := 0.35*f, x0-8, "end"
	if narrow {
		labelW, labelY, labelX, anchor = x1-x0, -8, x0-3, "start"
	}
	x := func(v float64) float64 {
		if v <= 0 || math.IsNaN(v) {
			return x0
		}
		if math.IsInf(v, 1) {
			return x1
		}
		l := math.Min(math.Max(math.Log10(v), llo), lhi)
		return x0 + (l-llo)/(lhi-llo)*(x1-x0)
	}
	rows := len(e.Estimates) + len(e.Claims)
	if len(e.Estimates) > 0 && len(e.Claims) > 0 {
		rows++ // a gap between the two groups
	}
	gridBottom := gridTop + float64(rows)*rowH + 10
	minY := gridBottom + f + 2 // the baseline of the minimum's label
	h := math.Ceil(minY + 0.3*f + 2)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg viewBox="0 0 %s %s" width="100%%" role="img" font-family="system-ui, sans-serif" font-size="%s">`, f1(w), f1(h), f1(f))
	b.WriteString("<title>Estimates and claims on one axis</title><desc>Each method's estimate with its 95% interval, the documented minimum as a dashed line, and claims as intervals, on a logarithmic count axis.</desc>\n")
	var tx []float64
	var tl []string
	for d := llo; d <= lhi; d++ {
		for _, m := range []float64{1, 2, 5} {
			v := m * math.Pow(10, d)
			if v > math.Pow(10, lhi) || (m != 1 && lhi-llo > 2) {
				continue
			}
			tx, tl = append(tx, x(v)), append(tl, Compact(int64(v)))
			fmt.Fprintf(&b, `<line x1="%s" x2="%s" y1="%s" y2="%s" stroke="#e5e7eb"/>`, f1(x(v)), f1(x(v)), f1(gridTop), f1(gridBottom))
		}
	}
	for i, c := range Ticks(tx, tl, f, 2, w-2) {
		if !math.IsNaN(c) {
			fmt.Fprintf(&b, `<text x="%s" y="%s" text-anchor="middle" fill="#444">%s</text>`, f1(c), f1(tickY), tl[i])
		}
	}
	b.WriteString("\n")
	// The minimum goes first, under the rows: the labels of a narrow
	// layout cross it on a white halo.
	if m := e.Minimum; m != nil {
		mx := x(float64(m.Observed))
		text := "minimum " + Count(m.Observed)
		open(&b, e.Href, m.ID)
		fmt.Fprintf(&b, `<title>documented minimum: %s distinct persons</title><line x1="%s" x2="%s" y1="%s" y2="%s" stroke="#111827" stroke-width="2" stroke-dasharray="6 3"/><text x="%s" y="%s" text-anchor="middle" fill="#111827">%s</text>`,
			Count(m.Observed), f1(mx), f1(mx), f1(gridTop-2), f1(gridBottom), f1(Clamp(mx, TextWidth(text, f), 2, w-2)), f1(minY), text)
		b.WriteString(closeLink(e.Href) + "\n")
	}
	y := gridTop
	label := func(s string) {
		fmt.Fprintf(&b, `<text x="%s" y="%s" text-anchor="%s" fill="#111827" stroke="#fff" stroke-width="3" paint-order="stroke">%s</text>`, f1(labelX), f1(y+labelY), anchor, esc(Fit(s, labelW, f)))
	}
	const estColor = "#0e7490"
	for _, est := range e.Estimates {
		y += rowH
		title := fmt.Sprintf("%s: %s, 95%% %s", est.Method, Round(est.NHat), Bounds(est.Lower, est.Upper))
		if l := est.Linkage; l != nil {
			title += fmt.Sprintf("; over %d linkage draws %s, 95%% %s", l.Draws, Round(l.NHat), Bounds(l.Lower, l.Upper))
		}
		open(&b, e.Href, est.ID)
		fmt.Fprintf(&b, `<title>%s</title>`, esc(title))
		label(string(est.Method) + " " + Round(est.NHat))
		fmt.Fprintf(&b, `<line x1="%s" x2="%s" y1="%s" y2="%s" stroke="%s" stroke-width="6" stroke-opacity=".35" stroke-linecap="round"/>`, f1(x(est.Lower)), f1(x(est.Upper)), f1(y), f1(y), estColor)
		if math.IsInf(est.Upper, 1) {
			b.WriteString(arrowHead(x1, y, 1, estColor))
		}
		if l := est.Linkage; l != nil {
			fmt.Fprintf(&b, `<line x1="%s" x2="%s" y1="%s" y2="%s" stroke="%s" stroke-width="2"/>`, f1(x(l.Lower)), f1(x(l.Upper)), f1(y+5), f1(y+5), estColor)
		}
		fmt.Fprintf(&b, `<circle cx="%s" cy="%s" r="4" fill="%s"/>`, f1(x(est.NHat)), f1(y), estColor)
		b.WriteString(closeLink(e.Href) + "\n")
	}
	if len(e.Estimates) > 0 && len(e.Claims) > 0 {
		y += rowH
	}
	for _, c := range e.Claims {
		y += rowH
		col := Grade(c.Grade).Color
		if c.Href != "" {
			fmt.Fprintf(&b, `<a href="%s">`, esc(c.Href))
		}
		fmt.Fprintf(&b, `<title>%s</title>`, esc(c.Label+", "+GradeLabel(c.Grade)+": "+Claim(c.Claim)))
		label(c.Label)
		var a, z float64 = x0, x1
		if c.Claim.Low != nil {
			a = x(float64(*c.Claim.Low))
		}
		if c.Claim.High != nil {
			z = x(float64(*c.Claim.High))
		}
		if c.Claim.Low != nil && c.Claim.High != nil && z-a < 2 {
			fmt.Fprintf(&b, `<circle cx="%s" cy="%s" r="4" fill="%s"/>`, f1(a), f1(y), col)
		} else {
			fmt.Fprintf(&b, `<line x1="%s" x2="%s" y1="%s" y2="%s" stroke="%s" stroke-width="4" stroke-linecap="round"/>`, f1(a), f1(z), f1(y), f1(y), col)
		}
		if c.Claim.High == nil {
			b.WriteString(arrowHead(x1, y, 1, col))
		}
		if c.Claim.Low == nil {
			b.WriteString(arrowHead(x0, y, -1, col))
		}
		if c.Href != "" {
			b.WriteString("</a>")
		}
		b.WriteString("\n")
	}
	b.WriteString("</svg>")
	return b.String()
}

func open(b *strings.Builder, href string, id int64) {
	if href != "" {
		fmt.Fprintf(b, `<a href="%s">`, esc(fmt.Sprintf(href, id)))
	} else {
		b.WriteString("<g>")
	}
}

func closeLink(href string) string {
	if href != "" {
		return "</a>"
	}
	return "</g>"
}

// arrowHead is an arrowhead at (x, y) pointing right (dir 1) or left (-1).
func arrowHead(x, y, dir float64, color string) string {
	return fmt.Sprintf(`<polygon points="%s,%s %s,%s %s,%s" fill="%s"/>`, f1(x+dir*3), f1(y), f1(x-dir*6), f1(y-5), f1(x-dir*6), f1(y+5), color)
}

func f1(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }

func esc(s string) string { return html.EscapeString(s) }
