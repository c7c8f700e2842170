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

// Geometry of the forest plot, in SVG user units; the SVG scales to the
// width of the screen.
const (
	plotWidth  = 800
	plotLabel  = 92 // the column of dates on the left
	plotRight  = 24
	plotTop    = 28
	plotRowH   = 14   // the height of a row while few claims are drawn
	plotTall   = 2100 // many claims share about this height, at least plotMinRow each
	plotMinRow = 4
	plotBottom = 8
)

// forestPlot is a timeline of claims drawn as intervals: x is the count on
// a log scale, y the claims in order of their document's publication.
type forestPlot struct {
	ID            string // unique in the page: names the caption
	Width, Height int
	X0, X1        float64 // the plotting area
	Rows          []plotRow
	Ticks         []plotTick
	Legend        []legendItem
	Unplotted     int // claims with no bound at all
	Bands         []plotBand
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
	X     float64
	Label string
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
// domain.
func (s logScale) ticks() []plotTick {
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

// newForestPlot lays out rows, which are in the order to draw them. It
// returns nil for no rows.
func newForestPlot(rows []claimRow, bands ...plotBand) *forestPlot {
	if len(rows) == 0 && len(bands) == 0 {
		return nil
	}
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
	p := &forestPlot{ID: "plot", Width: plotWidth, X0: plotLabel, X1: plotWidth - plotRight}
	sc, _ := newLogScale(vals, p.X0, p.X1)
	p.Ticks = sc.ticks()
	used := map[string]bool{}
	prev := "\x00"
	y := float64(plotTop)
	rowH := float64(plotRowH)
	if n := len(rows); n*plotRowH > plotTall {
		rowH = max(plotTall/float64(n), plotMinRow)
	}
	lastLabel := -float64(plotRowH) // dates are written at least a line apart
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
		if label != prev && y-lastLabel >= plotRowH-1 {
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

const stripBins = 64

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
	const w, left, right = 320, 10, 14
	sc, ok := newLogScale(vals, left, w-right)
	if !ok {
		return nil
	}
	st := &strip{Width: w, Height: 36, Ticks: sc.ticks()}
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

// SVG draws the plot. It is written here rather than by the template,
// which would cost several reflective calls per claim; every text that
// came from a user goes through esc.
func (p *forestPlot) SVG() template.HTML {
	var b strings.Builder
	b.Grow(256 * (len(p.Rows) + 4))
	fmt.Fprintf(&b, `<svg viewBox="0 0 %d %d" width="100%%" role="img" aria-labelledby="%s-caption" focusable="false" xmlns="http://www.w3.org/2000/svg">`, p.Width, p.Height, esc(p.ID))
	b.WriteString("\n<g class=\"axis\">\n")
	for _, t := range p.Ticks {
		b.WriteString(`<line x1="` + f1(t.X) + `" x2="` + f1(t.X) + `" y1="20" y2="` + strconv.Itoa(p.Height) + `"/><text x="` + f1(t.X) + `" y="14" text-anchor="middle">` + esc(t.Label) + "</text>\n")
	}
	b.WriteString("</g>\n")
	for _, band := range p.Bands {
		b.WriteString(`<a href="` + esc(band.Href) + `" tabindex="-1" class="band ` + esc(band.Class) + `"><title>` + esc(band.Label) + `</title>`)
		if band.Class == "minimum" || band.X2-band.X1 < 2 {
			b.WriteString(`<line x1="` + f1(band.X1) + `" x2="` + f1(band.X1) + `" y1="20" y2="` + strconv.Itoa(p.Height) + `"/>`)
		} else {
			b.WriteString(`<rect x="` + f1(band.X1) + `" y="20" width="` + f1(band.X2-band.X1) + `" height="` + strconv.Itoa(p.Height-20) + `"/>`)
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
	fmt.Fprintf(&b, `<svg class="strip" viewBox="0 0 %d %d" width="100%%" aria-hidden="true" focusable="false" xmlns="http://www.w3.org/2000/svg">`+"\n", st.Width, st.Height)
	for _, bin := range st.Bins {
		fmt.Fprintf(&b, `<rect x="%.2f" y="4" width="%.2f" height="14" fill-opacity="%.2f"/>`, bin.X, bin.W, bin.Opacity)
	}
	b.WriteString("\n")
	for _, t := range st.Ticks {
		b.WriteString(`<line x1="` + f1(t.X) + `" x2="` + f1(t.X) + `" y1="18" y2="22"/><text x="` + f1(t.X) + `" y="33" text-anchor="middle">` + esc(t.Label) + `</text>`)
	}
	b.WriteString("\n</svg>")
	return template.HTML(b.String())
}

func f1(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }

// esc escapes s for HTML text and quoted attribute values.
func esc(s string) string { return template.HTMLEscapeString(s) }
