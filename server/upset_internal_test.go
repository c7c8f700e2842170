package server

import (
	"fmt"
	"html"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/reckonhq/reckon/figure"
)

// TestUpSetLayouts: the lists' overlap chart is drawn for both layouts,
// each as wide as its layout at most, with every word inside it at the
// layout's size, long list names shortened and counts no wider than
// their column (issue 15: its words were drawn at 6 px on a phone, and
// its counts at 9 units).
func TestUpSetLayouts(t *testing.T) {
	v := &listsView{}
	names := []string{"kcna", "Ministry of Defence casualty list, second edition", "연합뉴스 사망자 명단", "press"}
	for i, n := range names {
		v.Lists = append(v.Lists, listStat{List: n, Persons: 120000 - i*1000})
	}
	for mask := 1; mask < 1<<len(names); mask++ {
		o := overlap{Persons: 150000 - mask*1111}
		for i, n := range names {
			if mask>>i&1 == 1 {
				o.Lists = append(o.Lists, n)
			}
		}
		v.Overlap = append(v.Overlap, o)
	}
	text := regexp.MustCompile(`<text x="([-0-9.]+)"([^>]*)>(?:<title>[^<]*</title>)?([^<]*)</text>`)
	for _, l := range []figure.Layout{figure.Wide, figure.Narrow} {
		svg := v.upset(l)
		width, _ := strconv.ParseFloat(regexp.MustCompile(`viewBox="0 0 ([0-9.]+) `).FindStringSubmatch(svg)[1], 64)
		if width > l.Width || !strings.Contains(svg, fmt.Sprintf(`font-size="%s"`, f1(l.Font))) {
			t.Errorf("%s: %v units wide (layout %v), or not at its font", l.Name, width, l.Width)
		}
		_, _, colW := v.upsetGeometry(l)
		for _, m := range text.FindAllStringSubmatch(svg, -1) {
			x, _ := strconv.ParseFloat(m[1], 64)
			s := html.UnescapeString(m[3])
			w := figure.TextWidth(s, l.Font)
			a := x
			if strings.Contains(m[2], `text-anchor="middle"`) {
				a = x - w/2
				if w > colW-2 {
					t.Errorf("%s: count %q is %v wide in a column of %v", l.Name, s, w, colW)
				}
			}
			if a < 0 || a+w > width {
				t.Errorf("%s: %q spans %.0f to %.0f, outside 0 to %v", l.Name, s, a, a+w, width)
			}
		}
		if strings.Contains(svg, ">"+names[1]+"<") {
			t.Errorf("%s: the long list name is not shortened", l.Name)
		}
	}
	if c := v.UpSetColumns(); c[0] <= c[1] || c[1] < 5 {
		t.Errorf("columns drawn: %d wide, %d narrow", c[0], c[1])
	}
	if !strings.Contains(string(v.UpSet()), `<div class="chart-narrow">`) {
		t.Error("the chart is not drawn in both layouts")
	}
}
