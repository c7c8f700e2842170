package server

import (
	"fmt"
	"html/template"
	"math"
	"strconv"
	"strings"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/figure"
)

// Geometry of the forest plot, in SVG user units; its width and the size
// of its words come from the layout it is drawn for (figure.Wide,
// figure.Narrow), and the SVG scales to the width of the screen.
const (
	plotRight  = 24
	plotRowH   = 14   // the height of a row while few claims are drawn
	plotTall   = 2100 // many claims share about this height, at least plotMinRow each
	plotMinRow = 4
	plotBottom = 8
)

// forestPlot is a timeline of claims drawn as intervals: x is the count on
// a log scale, y the claims in order of their document's publication.
type forestPlot struct {
	ID            string // unique in the page: names the caption
	Layout        figure.Layout
	Width, Height int
	X0, X1        float64 // the plotting area
	Rows          []plotRow
	Ticks         []plotTick
	Legend        []legendItem
	Unplotted     int // claims with no bound at all
	Bands         []plotBand
	// Narrow is the same plot drawn for figure.Narrow, beside this one
	// for figure.Wide; nil in the narrow plot itself.
	Narrow *forestPlot
}

// plotBand is a documented minimum (a line) or an estimate's interval
// (a band) drawn across every row.
type plotBand struct {
	Label  string
	Lo, Hi float64 // counts; Hi may be +Inf
	X1, X2 float64
	Class  string // "minimum" or "estimate"
	Href   string
}

type plotRow struct {
	Y, X1, X2 float64
	Dot       bool   // an exact figure: a point, not a segment
	OpenLeft  string // the arrow polygon of an open end, "" when closed
	OpenRight string
	Class     string // grade class, or "rejected"
	Href      string
	Title     string // the tooltip
	Label     string // the date shown at left, only where it changes
}

type plotTick struct {
	X      float64
	Label  string  // "" for a tick drawn without its label
	LabelX float64 // the centre of its label: X, or moved inward at an end
}

type legendItem struct {
	Class, Label string
}

// logScale maps counts to x on a log10 scale over whole decades.
type logScale struct {
	lo, hi float64 // log10 of the domain's ends
	x0, x1 float64
}

func newLogScale(vals []int64, x0, x1 float64) (logScale, bool) {
	mn, mx := int64(math.MaxInt64), int64(0)
	for _, v := range vals {
		if v > 0 {
			mn, mx = min(mn, v), max(mx, v)
		}
	}
	if mx == 0 {
		return logScale{lo: 0, hi: 1, x0: x0, x1: x1}, false
	}
	lo := math.Floor(math.Log10(float64(mn)))
	hi := math.Ceil(math.Log10(float64(mx)))
	if hi <= lo {
		hi = lo + 1
	}
	return logScale{lo: lo, hi: hi, x0: x0, x1: x1}, true
}

// x places v; counts below the domain (0 included) sit at its left edge.
func (s logScale) x(v int64) float64 {
	l := s.lo
	if v > 0 {
		l = max(math.Log10(float64(v)), s.lo)
	}
	return s.x0 + (l-s.lo)/(s.hi-s.lo)*(s.x1-s.x0)
}

// ticks are the powers of ten, with 2 and 5 between them over a narrow
// domain; a tick whose label would touch the one before it at font size
// font, or reach past 0 or width, keeps its line but loses its label.
func (s logScale) ticks(font, width float64) []plotTick {
	var out []plotTick
	for e := s.lo; e <= s.hi; e++ {
		p := math.Pow(10, e)
		out = append(out, plotTick{X: s.x(int64(p)), Label: shortNum(int64(p))})
		if s.hi-s.lo <= 2 && e < s.hi {
			for _, m := range []float64{2, 5} {
				out = append(out, plotTick{X: s.x(int64(m * p)), Label: shortNum(int64(m * p))})
			}
		}
	}
	xs, labels := make([]float64, len(out)), make([]string, len(out))
	for i, t := range out {
		xs[i], labels[i] = t.X, t.Label
	}
	for i, c := range figure.Ticks(xs, labels, font, 2, width-2) {
		if math.IsNaN(c) {
			out[i].Label = ""
		} else {
			out[i].LabelX = c
		}
	}
	return out
}

// shortNum writes a tick label (figure.Compact): 1, 20, 500, 1k, 20k, 1M.
func shortNum(n int64) string { return figure.Compact(n) }

// grades lists the legend of source grades, most reliable first.
// It is figure.Grades, the one table of grades, and rejected claims.
var grades = func() []legendItem {
	var out []legendItem
	for _, g := range figure.Grades {
		label := g.Name
		if g.Letter != 0 {
			label = string(g.Letter) + ": " + g.Name
		}
		out = append(out, legendItem{g.Class, label})
	}
	return append(out, legendItem{"rejected", "rejected in review"})
}()

func gradeClass(g reckon.Grade) string { return figure.Grade(g).Class }

// newForestPlot lays out rows, which are in the order to draw them, for
// figure.Wide, with its Narrow plot for figure.Narrow. It returns nil for
// no rows.
func newForestPlot(rows []claimRow, bands ...plotBand) *forestPlot {
	if len(rows) == 0 && len(bands) == 0 {
		return nil
	}
	p := layoutForestPlot(figure.Wide, rows, bands)
	p.Narrow = layoutForestPlot(figure.Narrow, rows, bands)
	return p
}

// layoutForestPlot lays out rows for l: a column of dates at the left as
// wide as a date in l's font, the axis over the rest.
func layoutForestPlot(l figure.Layout, rows []claimRow, bands []plotBand) *forestPlot {
	var vals []int64
	for _, b := range bands {
		vals = append(vals, int64(b.Lo))
		if !math.IsInf(b.Hi, 1) {
			vals = append(vals, int64(math.Ceil(b.Hi)))
		}
	}
	for _, r := range rows {
		if r.Low != nil {
			vals = append(vals, *r.Low)
		}
		if r.High != nil {
			vals = append(vals, *r.High)
		}
	}
	w := int(l.Width)
	p := &forestPlot{ID: "plot", Layout: l, Width: w, X0: math.Ceil(figure.TextWidth("2025-12-31", l.Font)) + 10, X1: float64(w - plotRight)}
	sc, _ := newLogScale(vals, p.X0, p.X1)
	p.Ticks = sc.ticks(l.Font, float64(w))
	used := map[string]bool{}
	prev := "\x00"
	y := gridTop(l) + 8
	rowH := float64(plotRowH)
	if n := len(rows); n*plotRowH > plotTall {
		rowH = max(plotTall/float64(n), plotMinRow)
	}
	labelGap := l.Font + 2      // dates are written at least a line apart
	lastLabel := gridTop(l) - 2 // and below the tick labels
	for _, r := range rows {
		if r.Low == nil && r.High == nil {
			p.Unplotted++
			continue
		}
		y += rowH
		row := plotRow{Y: y, Class: gradeClass(r.Source.Grade), Href: fmt.Sprintf("/claims/%d", r.ID)}
		if r.Status == reckon.StatusRejected {
			row.Class = "rejected"
		}
		used[row.Class] = true
		switch {
		case r.Low != nil && r.High != nil:
			row.X1, row.X2 = sc.x(*r.Low), sc.x(*r.High)
			row.Dot = *r.Low == *r.High
		case r.Low != nil: // [low, ∞)
			row.X1, row.X2 = sc.x(*r.Low), p.X1
			row.OpenRight = arrow(p.X1, y, +1)
		default: // (-∞, high]
			row.X1, row.X2 = p.X0, sc.x(*r.High)
			row.OpenLeft = arrow(p.X0, y, -1)
		}
		label := "undated"
		if !r.Doc.Published.IsZero() {
			label = r.Doc.Published.String()
		}
		if label != prev && y-lastLabel >= labelGap {
			row.Label, prev, lastLabel = label, label, y
		}
		row.Title = fmt.Sprintf("%s %s (%s, %s, %s)", words(string(r.Measure)), figure.Claim(r.Claim),
			r.Source.Name, label, r.Status)
		p.Rows = append(p.Rows, row)
	}
	p.Height = int(y+rowH) + plotBottom
	for _, b := range bands {
		b.X1 = sc.x(int64(b.Lo))
		b.X2 = p.X1
		if !math.IsInf(b.Hi, 1) {
			b.X2 = sc.x(int64(math.Ceil(b.Hi)))
		}
		p.Bands = append(p.Bands, b)
	}
	for _, g := range grades {
		if used[g.Class] {
			p.Legend = append(p.Legend, g)
		}
	}
	return p
}

func words(s string) string { return strings.ReplaceAll(s, "_", " ") }

// arrow is the polygon of an arrowhead at (x, y) pointing in dir.
func arrow(x, y float64, dir float64) string {
	return fmt.Sprintf("%.1f,%.1f %.1f,%.1f %.1f,%.1f", x+dir*2, y, x-dir*5, y-4, x-dir*5, y+4)
}

// strip is a small chart of how many claims cover each count, on one log
// axis: darker where more claims agree. Its size does not grow with the
// number of claims.
type strip struct {
	Width, Height int
	Bins          []stripBin
	Ticks         []plotTick
}

type stripBin struct {
	X, W    float64
	Opacity float64 // share of the most-covered bin, 0..1
	Claims  int
}

// Geometry of the strip, in SVG user units. It is drawn in a card of the
// overview, 254 to 352 CSS px wide on any screen (the page's stylesheet
// caps it at 22rem), so that its 13-unit words are drawn at 11 px or
// more.
const (
	stripBins   = 64
	stripWidth  = 290
	stripSide   = 16 // room for half a tick label on either side
	stripFont   = 13
	stripHeight = 41
)

func newStrip(claims []*reckon.Claim) *strip {
	var vals []int64
	for _, c := range claims {
		if c.Low != nil {
			vals = append(vals, *c.Low)
		}
		if c.High != nil {
			vals = append(vals, *c.High)
		}
	}
	sc, ok := newLogScale(vals, stripSide, stripWidth-stripSide)
	if !ok {
		return nil
	}
	st := &strip{Width: stripWidth, Height: stripHeight, Ticks: sc.ticks(stripFont, stripWidth)}
	bw := (sc.x1 - sc.x0) / stripBins
	var count [stripBins]int
	for _, c := range claims {
		if c.Low == nil && c.High == nil {
			continue
		}
		x1, x2 := sc.x0, sc.x1
		if c.Low != nil {
			x1 = sc.x(*c.Low)
		}
		if c.High != nil {
			x2 = sc.x(*c.High)
		}
		a := min(int((x1-sc.x0)/bw), stripBins-1)
		b := min(int((x2-sc.x0)/bw), stripBins-1)
		for i := a; i <= b; i++ {
			count[i]++
		}
	}
	most := 0
	for _, n := range count {
		most = max(most, n)
	}
	for i, n := range count {
		if n == 0 {
			continue
		}
		if k := len(st.Bins) - 1; k >= 0 && st.Bins[k].Claims == n && count[i-1] == n {
			st.Bins[k].W += bw // one rectangle for a run of equal bins
			continue
		}
		st.Bins = append(st.Bins, stripBin{X: sc.x0 + float64(i)*bw, W: bw, Opacity: 0.15 + 0.85*float64(n)/float64(most), Claims: n})
	}
	return st
}

// gridTop is where the grid of a plot drawn for l starts, below the
// labels of its ticks.
func gridTop(l figure.Layout) float64 { return math.Ceil(l.Font) + 8 }

// SVG draws the plot in both layouts (figure.Both); a plot without a
// Narrow one is drawn alone.
func (p *forestPlot) SVG() template.HTML {
	if p.Narrow == nil {
		return p.draw()
	}
	return template.HTML(figure.Both(string(p.draw()), string(p.Narrow.draw())))
}

// draw writes the plot for its layout. It is written here rather than by
// the template, which would cost several reflective calls per claim;
// every text that came from a user goes through esc.
func (p *forestPlot) draw() template.HTML {
	var b strings.Builder
	b.Grow(256 * (len(p.Rows) + 4))
	top, tickY := f1(gridTop(p.Layout)), f1(gridTop(p.Layout)-6)
	fmt.Fprintf(&b, `<svg viewBox="0 0 %d %d" width="100%%" role="img" aria-labelledby="%s-caption" focusable="false" xmlns="http://www.w3.org/2000/svg" font-size="%s">`, p.Width, p.Height, esc(p.ID), f1(p.Layout.Font))
	b.WriteString("\n<g class=\"axis\">\n")
	for _, t := range p.Ticks {
		b.WriteString(`<line x1="` + f1(t.X) + `" x2="` + f1(t.X) + `" y1="` + top + `" y2="` + strconv.Itoa(p.Height) + `"/>`)
		if t.Label != "" {
			b.WriteString(`<text x="` + f1(t.LabelX) + `" y="` + tickY + `" text-anchor="middle">` + esc(t.Label) + "</text>")
		}
		b.WriteString("\n")
	}
	b.WriteString("</g>\n")
	for _, band := range p.Bands {
		b.WriteString(`<a href="` + esc(band.Href) + `" tabindex="-1" class="band ` + esc(band.Class) + `"><title>` + esc(band.Label) + `</title>`)
		if band.Class == "minimum" || band.X2-band.X1 < 2 {
			b.WriteString(`<line x1="` + f1(band.X1) + `" x2="` + f1(band.X1) + `" y1="` + top + `" y2="` + strconv.Itoa(p.Height) + `"/>`)
		} else {
			b.WriteString(`<rect x="` + f1(band.X1) + `" y="` + top + `" width="` + f1(band.X2-band.X1) + `" height="` + f1(float64(p.Height)-gridTop(p.Layout)) + `"/>`)
		}
		b.WriteString("</a>\n")
	}
	for _, r := range p.Rows {
		y := f1(r.Y)
		b.WriteString(`<a href="` + esc(r.Href) + `" tabindex="-1" class="row ` + esc(r.Class) + `"><title>` + esc(r.Title) + `</title>`)
		if r.Label != "" {
			b.WriteString(`<text class="ylabel" x="4" y="` + y + `" dy="4">` + esc(r.Label) + `</text>`)
		}
		if r.Dot {
			b.WriteString(`<circle cx="` + f1(r.X1) + `" cy="` + y + `" r="3.5"/>`)
		} else {
			b.WriteString(`<line x1="` + f1(r.X1) + `" x2="` + f1(r.X2) + `" y1="` + y + `" y2="` + y + `"/>`)
		}
		for _, pts := range []string{r.OpenLeft, r.OpenRight} {
			if pts != "" {
				b.WriteString(`<polygon points="` + pts + `"/>`)
			}
		}
		b.WriteString("</a>\n")
	}
	b.WriteString("</svg>")
	return template.HTML(b.String())
}

// SVG draws the strip.
func (st *strip) SVG() template.HTML {
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="strip" viewBox="0 0 %d %d" width="100%%" aria-hidden="true" focusable="false" xmlns="http://www.w3.org/2000/svg" font-size="%d">`+"\n", st.Width, st.Height, stripFont)
	for _, bin := range st.Bins {
		fmt.Fprintf(&b, `<rect x="%.2f" y="4" width="%.2f" height="14" fill-opacity="%.2f"/>`, bin.X, bin.W, bin.Opacity)
	}
	b.WriteString("\n")
	for _, t := range st.Ticks {
		b.WriteString(`<line x1="` + f1(t.X) + `" x2="` + f1(t.X) + `" y1="18" y2="22"/>`)
		if t.Label != "" {
			b.WriteString(`<text x="` + f1(t.LabelX) + `" y="35" text-anchor="middle">` + esc(t.Label) + `</text>`)
		}
	}
	b.WriteString("\n</svg>")
	return template.HTML(b.String())
}

func f1(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }

// esc escapes s for HTML text and quoted attribute values.
func esc(s string) string { return template.HTMLEscapeString(s) }
