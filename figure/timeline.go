package figure

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/reckonhq/reckon"
)

// Timeline is a small chart of the claims about one measure over time: x
// the date a claim speaks of, y the count on a log scale. Claims are
// gathered into at most timelineCols columns, each drawn as one bar from
// the lowest bottom end to the highest top end of its claims, with an
// arrow where one of them is open, so that its size does not grow with
// the number of claims. The zero Timeline is empty and ready to use.
type Timeline struct {
	points  []timePoint
	Undated int // claims added without a date
}

type timePoint struct {
	day      int64 // days since 1970-01-01
	lo, hi   int64 // 0 and -1 when open
	low, top bool  // the bottom and top ends are bounded
}

// Geometry of the timeline, in SVG user units. It is drawn in a card of
// the overview, 254 to 480 CSS px wide on any screen (the page's
// stylesheet caps it at 30rem), so that its 13-unit words are drawn at
// 11 px or more.
const (
	timelineCols = 90
	timelineW    = 290
	timelineH    = 128
	timelineLeft = 40
	timelineTop  = 10
	timelineBot  = 22
	timelineFont = 13
)

// Add adds a claim's interval as of date d; an undated claim is counted
// in Undated and a claim with no bound at all is left out.
func (t *Timeline) Add(d reckon.Date, iv reckon.Interval) {
	if iv.Low == nil && iv.High == nil {
		return
	}
	if d.Year == 0 {
		t.Undated++
		return
	}
	p := timePoint{day: dayOf(d)}
	if iv.Low != nil {
		p.lo, p.low = *iv.Low, true
	}
	if iv.High != nil {
		p.hi, p.top = *iv.High, true
	}
	t.points = append(t.points, p)
}

// Len is the number of dated claims drawn.
func (t *Timeline) Len() int { return len(t.points) }

func dayOf(d reckon.Date) int64 {
	m, day := d.Month, d.Day
	if m == 0 {
		m = 7 // the middle of a year known only by its number
	}
	if day == 0 {
		day = 15
	}
	return time.Date(d.Year, time.Month(m), day, 0, 0, 0, 0, time.UTC).Unix() / 86400
}

// SVG draws the timeline with title as its accessible name, or returns
// "" when no dated claim has been added. Every text is escaped.
func (t *Timeline) SVG(title string) string {
	if len(t.points) == 0 {
		return ""
	}
	d0, d1 := t.points[0].day, t.points[0].day
	lo, hi := math.Inf(1), 0.0
	for _, p := range t.points {
		d0, d1 = min(d0, p.day), max(d1, p.day)
		for _, v := range []struct {
			n  int64
			ok bool
		}{{p.lo, p.low}, {p.hi, p.top}} {
			if v.ok && v.n > 0 {
				lo, hi = math.Min(lo, float64(v.n)), math.Max(hi, float64(v.n))
			}
		}
	}
	if hi == 0 {
		lo, hi = 1, 10
	}
	llo, lhi := math.Floor(math.Log10(lo)), math.Ceil(math.Log10(hi))
	if lhi <= llo {
		lhi = llo + 1
	}
	if d1 == d0 {
		d0, d1 = d0-15, d1+15
	}
	x0, x1 := float64(timelineLeft), float64(timelineW-6)
	y0, y1 := float64(timelineH-timelineBot), float64(timelineTop)
	y := func(v int64) float64 {
		l := llo
		if v > 0 {
			l = math.Min(math.Max(math.Log10(float64(v)), llo), lhi)
		}
		return y0 - (l-llo)/(lhi-llo)*(y0-y1)
	}
	col := func(day int64) int {
		return min(int(float64(day-d0)/float64(d1-d0)*timelineCols), timelineCols-1)
	}
	type column struct {
		n                            int
		lo, hi                       int64
		hasLo, hasHi, openLo, openHi bool
	}
	var cols [timelineCols]column
	for _, p := range t.points {
		c := &cols[col(p.day)]
		c.n++
		if p.low {
			if !c.hasLo || p.lo < c.lo {
				c.lo = p.lo
			}
			c.hasLo = true
		} else {
			c.openLo = true
		}
		if p.top {
			if !c.hasHi || p.hi > c.hi {
				c.hi = p.hi
			}
			c.hasHi = true
		} else {
			c.openHi = true
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="timeline" viewBox="0 0 %d %d" width="100%%" role="img" font-size="%d"><title>%s</title>`, timelineW, timelineH, timelineFont, esc(title))
	lastY := math.Inf(1) // decades are labelled a line apart at least
	for d := llo; d <= lhi; d++ {
		v := int64(math.Pow(10, d))
		fmt.Fprintf(&b, `<line x1="%s" x2="%s" y1="%s" y2="%s" stroke="#e5e7eb"/>`, f1(x0), f1(x1), f1(y(v)), f1(y(v)))
		if lastY-y(v) >= timelineFont+1 {
			fmt.Fprintf(&b, `<text x="%d" y="%s" dy="4" text-anchor="end" fill="#555">%s</text>`, timelineLeft-4, f1(y(v)), Compact(v))
			lastY = y(v)
		}
	}
	first, last := time.Unix(d0*86400, 0).UTC().Format("Jan 2006"), time.Unix(d1*86400, 0).UTC().Format("Jan 2006")
	fmt.Fprintf(&b, `<text x="%s" y="%d" fill="#555">%s</text>`, f1(x0), timelineH-5, first)
	if last != first {
		fmt.Fprintf(&b, `<text x="%s" y="%d" text-anchor="end" fill="#555">%s</text>`, f1(x1), timelineH-5, last)
	}
	w := (x1 - x0) / timelineCols
	for i, c := range cols {
		if c.n == 0 {
			continue
		}
		cx := x0 + (float64(i)+0.5)*w
		top, bottom := y1, y0
		if !c.openHi {
			top = y(c.hi)
		}
		if !c.openLo {
			bottom = y(c.lo)
		}
		fmt.Fprintf(&b, `<g><title>%d claims: %s</title><line x1="%s" x2="%s" y1="%s" y2="%s" stroke="#2f6fae" stroke-width="%s" stroke-linecap="round"/>`,
			c.n, esc(columnText(c.lo, c.hi, c.openLo, c.openHi)), f1(cx), f1(cx), f1(bottom), f1(math.Min(top, bottom-1.5)), f1(math.Max(w-1, 2)))
		if c.openHi {
			fmt.Fprintf(&b, `<polygon points="%s,%s %s,%s %s,%s" fill="#2f6fae"/>`, f1(cx), f1(y1-4), f1(cx-3), f1(y1+2), f1(cx+3), f1(y1+2))
		}
		b.WriteString("</g>")
	}
	b.WriteString("</svg>")
	return b.String()
}

// columnText says what a column's claims span: "200–999", "≥ 200".
func columnText(lo, hi int64, openLo, openHi bool) string {
	var iv reckon.Interval
	if !openLo {
		iv.Low = &lo
	}
	if !openHi {
		iv.High = &hi
	}
	return Interval(iv)
}
