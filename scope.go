package reckon

import (
	"strings"
	"unicode"
)

// Extent says whether a figure counts everything up to its date or only
// what happened in a period.
type Extent string

// The extents of a claim. The zero Extent is unknown: the text does not
// say, and the claim is read as a running total, which is what a bare
// toll in the news usually is.
const (
	ExtentUnknown Extent = ""
	Cumulative    Extent = "cumulative" // "so far", "in total", "since the war began"
	ForPeriod     Extent = "period"     // "in one week", "on Monday", "since January"
)

// ParseExtent returns the extent named s ("" is unknown), or EINVALID.
func ParseExtent(s string) (Extent, error) {
	switch e := Extent(s); e {
	case ExtentUnknown, Cumulative, ForPeriod:
		return e, nil
	}
	return "", Errorf(EINVALID, "unknown extent %s (want cumulative, period or empty)", Quote(s))
}

// Scope is what a claim counts, as far as its text says: where (Place),
// when (Period, and whether the figure is a running total or a count for
// that period), and which part of the force or population (Part). Each
// field keeps the words of the text ("in two fields", "since January",
// "one brigade", "of the wounded"); an empty field means the text does
// not narrow the claim there. The zero Scope is the whole: every place,
// all the time, the whole population.
type Scope struct {
	Place  string `json:"place,omitempty"`
	Period string `json:"period,omitempty"`
	Extent Extent `json:"extent,omitempty"`
	Part   string `json:"part,omitempty"`
}

// IsZero reports whether s narrows nothing.
func (s Scope) IsZero() bool { return s == Scope{} }

// Whole reports whether s counts the whole: no place, no part and not
// only a period.
func (s Scope) Whole() bool { return s.Place == "" && s.Part == "" && s.Extent != ForPeriod }

// Comparable reports whether claims with scopes s and o count the same
// population over the same time, so that their intervals can contradict
// each other: the same place and part (compared without case, articles
// and punctuation; both empty counts as the same), and either both
// running totals or both counts of the same period.
func (s Scope) Comparable(o Scope) bool {
	if scopeKey(s.Place) != scopeKey(o.Place) || scopeKey(s.Part) != scopeKey(o.Part) {
		return false
	}
	sp, op := s.Extent == ForPeriod, o.Extent == ForPeriod
	if sp != op {
		return false
	}
	return !sp || scopeKey(s.Period) == scopeKey(o.Period)
}

// Within reports whether s is a part of o: o counts the whole and s does
// not, so a claim with scope s is a sub-count of one with scope o and is
// shown below it rather than against it.
func (s Scope) Within(o Scope) bool { return o.Whole() && !s.Whole() }

// String formats s for people: "place: in two fields; period: in one
// week (period); part: one brigade", "cumulative" for a running total
// with no period named, or "whole" for the zero Scope.
func (s Scope) String() string {
	var parts []string
	if s.Place != "" {
		parts = append(parts, "place: "+s.Place)
	}
	switch {
	case s.Period != "" && s.Extent != "":
		parts = append(parts, "period: "+s.Period+" ("+string(s.Extent)+")")
	case s.Period != "":
		parts = append(parts, "period: "+s.Period)
	case s.Extent != "":
		parts = append(parts, string(s.Extent))
	}
	if s.Part != "" {
		parts = append(parts, "part: "+s.Part)
	}
	if len(parts) == 0 {
		return "whole"
	}
	return strings.Join(parts, "; ")
}

// scopeKey reduces a scope phrase to what decides whether two phrases
// name the same thing: lower case, without leading prepositions and
// articles ("in the Kursk region" = "Kursk region") and punctuation.
func scopeKey(s string) string {
	f := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	for len(f) > 0 {
		switch f[0] {
		case "in", "at", "on", "of", "from", "near", "the", "a", "an", "across", "around", "inside", "within", "during", "over":
			f = f[1:]
			continue
		}
		break
	}
	return strings.Join(f, " ")
}
