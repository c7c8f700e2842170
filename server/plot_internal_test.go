package server

import (
	"strings"
	"testing"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/figure"
)

func TestForestPlot(t *testing.T) {
	src := &reckon.Source{ID: 1, Name: `<b>"Src"</b>`, Grade: reckon.Grade{Reliability: 'B', Credibility: '2'}}
	iv := []reckon.Interval{reckon.Closed(300, 600), reckon.From(40), reckon.To(1200), reckon.Closed(7, 7), {}, reckon.Closed(0, 5)}
	for _, n := range []int{1, 6, 150, 1000} {
		var rows []claimRow
		for i := range n {
			doc := &reckon.Document{ID: int64(i/3 + 1), Published: reckon.Date{Year: 2025, Month: 1 + i/90%12, Day: 1 + i/3%28}}
			c := &reckon.Claim{ID: int64(i + 1), Measure: reckon.Killed, Interval: iv[i%len(iv)], Span: "<i>x</i>", Status: reckon.StatusExtracted}
			if i%4 == 0 {
				c.Status = reckon.StatusRejected
			}
			rows = append(rows, claimRow{Claim: c, Doc: doc, Source: src})
		}
		p := newForestPlot(rows)
		if p.Narrow == nil || p.Narrow.Narrow != nil {
			t.Fatalf("%d claims: the plot has no narrow layout, or one of its own", n)
		}
		for _, q := range []*forestPlot{p, p.Narrow} {
			l := q.Layout
			if q.Height > max(plotTall, n*plotMinRow)+int(gridTop(l))+8+2*plotRowH+plotBottom {
				t.Errorf("%s, %d claims: %d units tall", l.Name, n, q.Height)
			}
			if q.Width != int(l.Width) || q.X0 < figure.TextWidth("2025-12-31", l.Font)+4 {
				t.Errorf("%s, %d claims: %d units wide, axis from %v: the dates do not fit", l.Name, n, q.Width, q.X0)
			}
			end := 0.0 // tick labels neither touch nor leave the chart
			for _, tk := range q.Ticks {
				if tk.Label == "" {
					continue
				}
				w := figure.TextWidth(tk.Label, l.Font)
				if tk.LabelX-w/2 < end || tk.LabelX+w/2 > float64(q.Width) {
					t.Errorf("%s, %d claims: tick label %q at %v runs into the one before (ending %v) or past the edge", l.Name, n, tk.Label, tk.LabelX, end)
				}
				end = tk.LabelX + w/2
			}
			lastLabel := -100.0
			for _, r := range q.Rows {
				if r.X1 < q.X0 || r.X2 > q.X1 || r.X1 > r.X2 {
					t.Errorf("%s, %d claims: row of claim at y %v runs from %v to %v, outside [%v, %v]", l.Name, n, r.Y, r.X1, r.X2, q.X0, q.X1)
				}
				if r.Label != "" {
					if r.Y-lastLabel < l.Font+2 {
						t.Errorf("%s, %d claims: date labels %v apart overlap at font %v", l.Name, n, r.Y-lastLabel, l.Font)
					}
					lastLabel = r.Y
				}
			}
			if want := n - n/len(iv) - b2i(n%len(iv) > 4); len(q.Rows) != want || q.Unplotted != n-want {
				t.Errorf("%s, %d claims: %d rows drawn, %d not; want %d drawn", l.Name, n, len(q.Rows), q.Unplotted, want)
			}
			if got := string(q.draw()); strings.Count(got, "<a ") != len(q.Rows) || !strings.Contains(got, `class="row rejected"`) || !strings.Contains(got, `font-size="`+f1(l.Font)+`"`) {
				t.Errorf("%s, %d claims: %d links for %d rows, or no font size", l.Name, n, strings.Count(got, "<a "), len(q.Rows))
			}
		}
		svg := string(p.SVG())
		if strings.Contains(svg, "<b>") || strings.Contains(svg, "<i>") || !strings.Contains(svg, "&lt;i&gt;x&lt;/i&gt;") {
			t.Errorf("%d claims: user text not escaped in the SVG", n)
		}
		if !strings.Contains(svg, `<div class="chart-wide"><svg`) || !strings.Contains(svg, `<div class="chart-narrow"><svg`) {
			t.Errorf("%d claims: the plot is not drawn in both layouts", n)
		}
	}
	if newForestPlot(nil) != nil {
		t.Error("a plot of nothing")
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
