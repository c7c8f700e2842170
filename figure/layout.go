package figure

import (
	"math"
	"strings"
	"unicode"
)

// Layout is the size a chart is drawn for: the width of its viewBox and
// the size of its words, both in SVG user units. A page shows a drawing
// scaled to the width of its box, so that a word is Font × (the box's
// width in CSS pixels) / Width pixels high; each layout is chosen so that
// this stays at least [MinText] on the screens it is shown on.
type Layout struct {
	Name  string  // "wide" or "narrow": the class of the drawing's box is "chart-" + Name
	Width float64 // the width of the viewBox
	Font  float64 // the size of every word
}

// MinText is the smallest size, in CSS pixels, at which a chart may draw
// a word on any screen it is shown on (issue 15: the claims chart wrote
// its labels at 5 px on a phone).
const MinText = 11

var (
	// Wide is the layout for screens of 48rem (768 px) and more, and for
	// print: 800 units shown in a page's main column, at least 736 px
	// wide there, so that its 12-unit words are at least 11 px.
	Wide = Layout{Name: "wide", Width: 800, Font: 12}
	// Narrow is the layout for phones and small tablets: 340 units shown
	// from 288 px (a 320 px phone) to 480 px wide ([ChartCSS] caps it at
	// 30rem), its 13-unit words 11 to 18 px; 13 px on a 375 px phone.
	Narrow = Layout{Name: "narrow", Width: 340, Font: 13}
)

// ChartCSS is the stylesheet rule that shows one drawing of a chart that
// [Both] wrote: the narrow one on screens narrower than 48rem, the wide
// one on wider screens and in print. Pages and reports include it.
const ChartCSS = `.chart-narrow { display: none; }
@media screen and (max-width: 47.99rem) { .chart-wide { display: none; } .chart-narrow { display: block; max-width: 30rem; } }
`

// Both writes a chart's two drawings, wide and narrow, each in a box of
// its layout's class; [ChartCSS] shows the one that fits the screen. Both
// is "" when either drawing is "" (nothing to draw).
func Both(wide, narrow string) string {
	if wide == "" || narrow == "" {
		return ""
	}
	return `<div class="chart-wide">` + wide + "</div>\n" + `<div class="chart-narrow">` + narrow + "</div>"
}

// TextWidth estimates how wide s is drawn at font size font, in the
// units of font, from the widths of the broad sans-serif fonts of
// [FontStack] (DejaVu Sans, Noto Sans): a digit or a small letter about
// 0.64 of the size, a capital 0.78, M, W, m, w and % a whole size, a
// space or a narrow mark (,.:;'|il) 0.35, a Hangul or Han character 1.
// Charts use it to keep words apart and inside their box; it errs on the
// wide side.
func TextWidth(s string, font float64) float64 {
	w := 0.0
	for _, r := range s {
		switch {
		case unicode.In(r, unicode.Hangul, unicode.Han, unicode.Hiragana, unicode.Katakana):
			w += 1
		case strings.ContainsRune("MWmw%@…", r):
			w += 1
		case strings.ContainsRune(" ,.:;'|!ilj", r):
			w += 0.35
		case strings.ContainsRune("frt()[]-", r):
			w += 0.45
		case unicode.IsUpper(r) || strings.ContainsRune("–≥≤+", r):
			w += 0.78
		default:
			w += 0.64
		}
	}
	return w * font
}

// Fit shortens s with an ellipsis until [TextWidth] of it at font is at
// most width; s itself when it fits, "" when not even one letter does.
func Fit(s string, width, font float64) string {
	s = strings.Join(strings.Fields(s), " ")
	if TextWidth(s, font) <= width {
		return s
	}
	r := []rune(s)
	for n := len(r) - 1; n > 0; n-- {
		t := strings.TrimRight(string(r[:n]), " ") + "…"
		if TextWidth(t, font) <= width {
			return t
		}
	}
	return ""
}

// Ticks places the labels of an axis so that none touches another or
// reaches past lo or hi: given each label's centre x (in increasing
// order) and its text at font size font, it returns the centre at which
// each is drawn, or NaN for a label left out. A label that would reach
// past an end is moved inward (the first and the last tick of an axis
// keep their words); a label that would come within font/2 of the last
// one kept is left out.
func Ticks(xs []float64, labels []string, font, lo, hi float64) []float64 {
	out := make([]float64, len(xs))
	last := math.Inf(-1) // the right end of the last label kept
	for i, x := range xs {
		w := TextWidth(labels[i], font)
		c := Clamp(x, w, lo, hi)
		if c-w/2 < last+font/2 || w > hi-lo {
			out[i] = math.NaN()
			continue
		}
		out[i], last = c, c+w/2
	}
	return out
}

// Clamp returns the centre at which a label of width w is drawn as near
// x as it can be while staying inside [lo, hi].
func Clamp(x, w, lo, hi float64) float64 {
	return max(lo+w/2, min(x, hi-w/2))
}
