package figure

import (
	"strings"

	"github.com/reckonhq/reckon"
)

// GradeStyle is how one reliability letter of the Admiralty code is shown:
// its class in the pages' stylesheet, its colour (which holds white text
// and reads on white at a contrast of at least 4.5:1) and its meaning.
type GradeStyle struct {
	Letter byte   // 'A'..'F', or 0 for an ungraded source
	Class  string // "g-a" … "g-f", "g-none"
	Color  string // #rrggbb
	Name   string // "usually reliable"
}

// Grades is the one palette and label table of source grades, most
// reliable first, the ungraded last.
var Grades = []GradeStyle{
	{'A', "g-a", "#08519c", "completely reliable"},
	{'B', "g-b", "#2f6fae", "usually reliable"},
	{'C', "g-c", "#1d7a6e", "fairly reliable"},
	{'D', "g-d", "#b4461d", "not usually reliable"},
	{'E', "g-e", "#9c1a73", "unreliable"},
	{'F', "g-f", "#5b4b6b", "reliability cannot be judged"},
	{0, "g-none", "#4a4a4a", "ungraded"},
}

// Rejected is the colour of a claim rejected in review, and Projected of
// a projection (a figure a source expects, not one it counted).
const (
	Rejected  = "#888888"
	Projected = "#9ca3af"
)

// Grade returns the style of g's reliability letter; an ungraded source,
// or a letter outside A–F, gets the ungraded style.
func Grade(g reckon.Grade) GradeStyle {
	for _, s := range Grades {
		if s.Letter == g.Reliability && s.Letter != 0 {
			return s
		}
	}
	return Grades[len(Grades)-1]
}

// GradeLabel writes g for a legend or a tooltip: "B2: usually reliable",
// "ungraded".
func GradeLabel(g reckon.Grade) string {
	s := Grade(g)
	if s.Letter == 0 {
		return s.Name
	}
	return g.String() + ": " + s.Name
}

// Contradiction kinds, as reconcile flags them.
const (
	BelowMinimum = "below_minimum" // a source's upper bound below the documented minimum
	Incompatible = "incompatible"  // two sources' intervals that cannot both be true
)

// contradictionLabels are the words shown for each kind.
var contradictionLabels = map[string]string{
	BelowMinimum: "below the documented minimum",
	Incompatible: "cannot both be true",
}

// ContradictionLabel writes a kind of contradiction for people: "below
// the documented minimum" for below_minimum. A kind without a label is
// written with spaces for its underscores.
func ContradictionLabel(kind string) string {
	if l, ok := contradictionLabels[kind]; ok {
		return l
	}
	return strings.ReplaceAll(kind, "_", " ")
}

// FontStack is the CSS font family list of every page and report: the
// system's interface font, then fonts that hold Hangul and Cyrillic on
// each common system (Noto CJK on Linux, Apple SD Gothic Neo on macOS,
// Malgun Gothic on Windows), so that Korean names and sentences never
// fall back to empty boxes where such a font is installed.
const FontStack = `system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK KR", "Noto Sans KR", "Apple SD Gothic Neo", "Malgun Gothic", "Nanum Gothic", "Source Han Sans KR", sans-serif`
