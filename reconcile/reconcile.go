// Package reconcile puts every claim about one measure beside the
// documented minimum and the statistical estimates, and flags the claims
// that cannot all be true.
//
// # Contradictions
//
// Two kinds are flagged, both only between claims that are not rejected,
// not merged into another and not projections, and only between claims
// whose scopes can be compared ([reckon.Scope.Comparable]):
//
//   - below the minimum: a claim whose upper bound is below the number of
//     distinct persons documented (the "portraits exceed the official
//     figure" case);
//   - incompatible claims: two claims from different sources whose
//     intervals share no value although they speak of the same date; for
//     cumulative measures (killed, wounded, missing, captured, casualties)
//     also an earlier claim whose lower bound exceeds a later claim's upper
//     bound, since a cumulative toll does not fall.
//
// # Sub-counts
//
// A claim whose scope narrows the whole (a place, a period, a part of the
// force: "dozens of bodies in two fields", "60 men in a single week") is
// a sub-count. It is listed in [View.Parts], below the whole, and never
// compared with the documented minimum or with claims about the whole;
// sub-counts of the same scope are compared with each other.
package reconcile

import (
	"fmt"
	"sort"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/figure"
)

// Claim is a claim with what reconciling needs to know about it.
type Claim struct {
	*reckon.Claim
	Source *reckon.Source `json:"source"`
	Date   reckon.Date    `json:"as_of"` // the date it speaks of: its own (Claim.On), else the publication date of its document
}

// Contradiction is a flagged conflict between numbers.
type Contradiction struct {
	Kind    string `json:"kind"` // figure.BelowMinimum or figure.Incompatible; figure.ContradictionLabel writes it for people
	A       int64  `json:"claim_a"`
	B       int64  `json:"claim_b,omitempty"` // 0 for below_minimum
	Message string `json:"message"`
}

// View is the reconciled picture of one measure.
type View struct {
	Measure        reckon.Measure     `json:"measure"`
	Claims         []Claim            `json:"claims"` // claims of the whole, by date, then id
	Parts          []Claim            `json:"parts"`  // sub-counts, by date, then id
	Latest         []Claim            `json:"latest"` // each source's latest claim, by source name
	Minimum        *reckon.Estimate   `json:"minimum,omitempty"`
	Estimates      []*reckon.Estimate `json:"estimates,omitempty"`
	Contradictions []Contradiction    `json:"contradictions"`
	// Spread is how the methods' estimates relate; nil with fewer than
	// two estimates.
	Spread *Spread `json:"spread,omitempty"`
	// Assumptions say in plain words what each method of the minimum and
	// the estimates assumes, by method.
	Assumptions map[reckon.Method]string `json:"assumptions"`
	// StrataSums are the latest estimates of each method summed over the
	// strata of an attribute (reckon.Estimate.SumOfStrata), to read beside
	// the unstratified Estimates; the caller sets them.
	StrataSums []*reckon.Estimate `json:"strata_sums,omitempty"`
}

// Cumulative reports whether a measure counts a total that can only grow.
func Cumulative(m reckon.Measure) bool {
	switch m {
	case reckon.Killed, reckon.Wounded, reckon.Missing, reckon.Captured, reckon.Casualties:
		return true
	}
	return false
}

// Reconcile builds the view of measure m from claims (other measures and
// rejected claims are left out), the documented minimum (nil when there
// is none) and the estimates.
func Reconcile(m reckon.Measure, claims []Claim, minimum *reckon.Estimate, estimates []*reckon.Estimate) *View {
	v := &View{Measure: m, Minimum: minimum, Estimates: estimates, Contradictions: []Contradiction{}, Parts: []Claim{}, Spread: spread(estimates),
		Assumptions: map[reckon.Method]string{}}
	for _, e := range append([]*reckon.Estimate{minimum}, estimates...) {
		if e != nil && Assumption(e.Method) != "" {
			v.Assumptions[e.Method] = Assumption(e.Method)
		}
	}
	for _, c := range claims {
		if c.Measure != m || c.Status == reckon.StatusRejected || c.Status == reckon.StatusMerged {
			continue
		}
		if c.Scope.Whole() {
			v.Claims = append(v.Claims, c)
		} else {
			v.Parts = append(v.Parts, c)
		}
	}
	byDate := func(cs []Claim) {
		sort.SliceStable(cs, func(i, j int) bool {
			a, b := cs[i], cs[j]
			if a.Date != b.Date {
				return dateLess(a.Date, b.Date)
			}
			return a.ID < b.ID
		})
	}
	byDate(v.Claims)
	byDate(v.Parts)
	latest := map[int64]Claim{}
	for _, c := range v.Claims {
		if c.Projected || c.Source == nil {
			continue
		}
		latest[c.Source.ID] = c // claims are in date order: the last wins
	}
	for _, c := range latest {
		v.Latest = append(v.Latest, c)
	}
	sort.Slice(v.Latest, func(i, j int) bool { return v.Latest[i].Source.Name < v.Latest[j].Source.Name })

	var firm, parts []Claim
	for _, c := range v.Claims {
		if !c.Projected {
			firm = append(firm, c)
		}
	}
	for _, c := range v.Parts {
		if !c.Projected {
			parts = append(parts, c)
		}
	}
	if minimum != nil {
		for _, c := range firm {
			if c.High != nil && float64(*c.High) < minimum.NHat {
				v.Contradictions = append(v.Contradictions, Contradiction{Kind: figure.BelowMinimum, A: c.ID,
					Message: fmt.Sprintf("%s says at most %s, but %s distinct persons are documented", name(c), figure.Count(*c.High), figure.Count(minimum.Observed))})
			}
		}
	}
	v.incompatible(firm)
	v.incompatible(parts)
	return v
}

// incompatible flags the pairs of claims of cs, from different sources
// and of comparable scopes, that cannot both be true.
func (v *View) incompatible(cs []Claim) {
	m := v.Measure
	for i, a := range cs {
		for _, b := range cs[i+1:] {
			if a.Source == nil || b.Source == nil || a.Source.ID == b.Source.ID || !a.Scope.Comparable(b.Scope) {
				continue
			}
			sameDay := a.Date == b.Date && !a.Date.IsZero()
			switch {
			case sameDay && !a.Interval.Overlaps(b.Interval):
				v.Contradictions = append(v.Contradictions, Contradiction{Kind: figure.Incompatible, A: a.ID, B: b.ID,
					Message: fmt.Sprintf("%s (%s) and %s (%s) cannot both be true on %s", name(a), figure.Claim(a.Claim), name(b), figure.Claim(b.Claim), a.Date)})
			case Cumulative(m) && dateLess(a.Date, b.Date) && a.Low != nil && b.High != nil && *a.Low > *b.High:
				v.Contradictions = append(v.Contradictions, Contradiction{Kind: figure.Incompatible, A: a.ID, B: b.ID,
					Message: fmt.Sprintf("%s said at least %s on %s, but %s says at most %s on %s: a cumulative toll does not fall",
						name(a), figure.Count(*a.Low), a.Date, name(b), figure.Count(*b.High), b.Date)})
			}
		}
	}
}

func name(c Claim) string {
	if c.Source == nil {
		return fmt.Sprintf("claim %d", c.ID)
	}
	return c.Source.Name
}

// dateLess orders known dates before unknown ones, and compares known
// dates at the precision both share: 2025 is not before 2025-03.
func dateLess(a, b reckon.Date) bool {
	if a.IsZero() || b.IsZero() {
		return !a.IsZero() && b.IsZero()
	}
	if a.Year != b.Year {
		return a.Year < b.Year
	}
	if a.Month == 0 || b.Month == 0 || a.Month != b.Month {
		return a.Month < b.Month && a.Month != 0 && b.Month != 0
	}
	if a.Day == 0 || b.Day == 0 {
		return false
	}
	return a.Day < b.Day
}
