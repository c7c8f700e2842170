package server

import (
	"strings"
	"testing"

	"github.com/reckonhq/reckon"
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
		if p.Height > max(plotTall, n*plotMinRow)+plotTop+2*plotRowH+plotBottom {
			t.Errorf("%d claims: %d units tall", n, p.Height)
		}
		lastLabel := -100.0
		for _, r := range p.Rows {
			if r.X1 < p.X0 || r.X2 > p.X1 || r.X1 > r.X2 {
				t.Errorf("%d claims: row of claim at y %v runs from %v to %v, outside [%v, %v]", n, r.Y, r.X1, r.X2, p.X0, p.X1)
			}
			if r.Label != "" {
				if r.Y-lastLabel < plotRowH-1 {
					t.Errorf("%d claims: date labels %v apart overlap", n, r.Y-lastLabel)
				}
				lastLabel = r.Y
			}
		}
		if want := n - n/len(iv) - b2i(n%len(iv) > 4); len(p.Rows) != want || p.Unplotted != n-want {
			t.Errorf("%d claims: %d rows drawn, %d not; want %d drawn", n, len(p.Rows), p.Unplotted, want)
		}
		svg := string(p.SVG())
		if strings.Contains(svg, "<b>") || strings.Contains(svg, "<i>") || !strings.Contains(svg, "&lt;i&gt;x&lt;/i&gt;") {
			t.Errorf("%d claims: user text not escaped in the SVG", n)
		}
		if strings.Count(svg, "<a ") != len(p.Rows) || !strings.Contains(svg, `class="row rejected"`) {
			t.Errorf("%d claims: %d links for %d rows", n, strings.Count(svg, "<a "), len(p.Rows))
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
