// Package tally counts persons by the lists that saw them: the documented
// minimum (distinct persons) and the capture histories that multiple
// systems estimation works on, for the whole population or by stratum.
package tally

import (
	"fmt"
	"sort"
	"strings"

	"github.com/reckonhq/reckon"
)

// Histories are capture histories: Counts[p] persons were seen by exactly
// the lists whose bits are set in p (bit j for Lists[j], as in package
// mse). Counts[0] is the unobserved cell and always 0.
type Histories struct {
	Stratum  string   `json:"stratum,omitempty"`
	Lists    []string `json:"lists"`
	Counts   []int64  `json:"counts"`
	Observed int64    `json:"observed"` // distinct persons: the documented minimum
}

// Options say which persons to count and how to split them.
type Options struct {
	// Lists restricts and orders the lists; nil means every list seen,
	// sorted by name.
	Lists []string
	// Stratum returns a person's stratum; nil means one stratum "".
	// Persons whose stratum is "" are left out when Stratum is set.
	Stratum func(*reckon.Person) string
	// Keep selects persons; nil keeps all.
	Keep func(*reckon.Person) bool
}

// MaxLists is the most lists Count accepts: 2^MaxLists cells.
const MaxLists = 20

// Count tallies persons into capture histories, one per stratum, ordered
// by stratum.
func Count(persons []*reckon.Person, opt Options) ([]*Histories, error) {
	lists := opt.Lists
	if lists == nil {
		seen := map[string]bool{}
		for _, p := range persons {
			for _, r := range p.Records {
				if !seen[r.List] {
					seen[r.List] = true
					lists = append(lists, r.List)
				}
			}
		}
		sort.Strings(lists)
	}
	if len(lists) > MaxLists {
		return nil, reckon.Errorf(reckon.EINVALID, "%d lists: at most %d can be tallied", len(lists), MaxLists)
	}
	bit := map[string]int{}
	for j, l := range lists {
		if _, dup := bit[l]; dup {
			return nil, reckon.Errorf(reckon.EINVALID, "list %q named twice", l)
		}
		bit[l] = j
	}
	byStratum := map[string]*Histories{}
	for _, p := range persons {
		if opt.Keep != nil && !opt.Keep(p) {
			continue
		}
		s := ""
		if opt.Stratum != nil {
			if s = opt.Stratum(p); s == "" {
				continue
			}
		}
		pat := 0
		for _, r := range p.Records {
			if b, ok := bit[r.List]; ok {
				pat |= 1 << b
			}
		}
		if pat == 0 {
			continue // seen only by lists left out
		}
		h := byStratum[s]
		if h == nil {
			h = &Histories{Stratum: s, Lists: lists, Counts: make([]int64, 1<<len(lists))}
			byStratum[s] = h
		}
		h.Counts[pat]++
		h.Observed++
	}
	out := make([]*Histories, 0, len(byStratum))
	for _, h := range byStratum {
		out = append(out, h)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Stratum < out[j].Stratum })
	return out, nil
}

// CSV renders h in the capture-history layout of shared/data/mse: a 0/1
// column per list, then count, one row per non-empty pattern in
// increasing binary order.
func (h *Histories) CSV() string {
	var b strings.Builder
	b.WriteString(strings.Join(h.Lists, ","))
	b.WriteString(",count\n")
	J := len(h.Lists)
	for v := 1; v < len(h.Counts); v++ {
		// v reads with the first list as its most significant bit.
		p := 0
		for j := 0; j < J; j++ {
			bit := v >> (J - 1 - j) & 1
			b.WriteByte('0' + byte(bit))
			b.WriteByte(',')
			p |= bit << j
		}
		fmt.Fprintf(&b, "%d\n", h.Counts[p])
	}
	return b.String()
}

// Attribute returns a stratum function for a record field or attribute:
// the most common non-empty value among the person's records (ties go to
// the smaller value). Known fields: unit, rank, death_place, home_town,
// sex, birth_year, death_year, death_month, list. A date kept as written
// (reckon.Date.Raw, such as 1945-04-93) has no year or month: it counts
// as unknown, like an empty one.
func Attribute(name string) func(*reckon.Person) string {
	get := func(r *reckon.Record) string {
		switch name {
		case "unit":
			return r.Unit
		case "rank":
			return r.Rank
		case "death_place":
			return r.DeathPlace
		case "home_town":
			return r.HomeTown
		case "sex":
			return r.Sex
		case "birth_year":
			if r.BirthDate.Year == 0 {
				return ""
			}
			return fmt.Sprint(r.BirthDate.Year)
		case "death_year":
			if r.DeathDate.Year == 0 {
				return ""
			}
			return fmt.Sprint(r.DeathDate.Year)
		case "death_month":
			if r.DeathDate.Month == 0 {
				return ""
			}
			return fmt.Sprintf("%04d-%02d", r.DeathDate.Year, r.DeathDate.Month)
		}
		return r.Attributes[name]
	}
	return func(p *reckon.Person) string {
		n := map[string]int{}
		best := ""
		for _, r := range p.Records {
			v := get(r)
			if v == "" {
				continue
			}
			n[v]++
			if n[v] > n[best] || (n[v] == n[best] && v < best) {
				best = v
			}
		}
		return best
	}
}
