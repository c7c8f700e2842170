package release

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
)

// Diff explains how the totals moved from release A to release B: the
// persons each gained and lost, by why (new records, relinking that
// merged or split persons, records withheld or withdrawn), the records,
// and how each estimate changed. B.Persons = A.Persons + the sum of
// New minus the sum of Gone.
type Diff struct {
	A, B      string
	Persons   [2]int         `json:"persons"` // in A, in B
	Records   [2]int         `json:"records"`
	New       map[string]int `json:"new_persons"`  // persons of B not in A: added, merged, split
	Gone      map[string]int `json:"gone_persons"` // persons of A not in B: merged, split, withheld, withdrawn
	Merges    []Change       `json:"merges"`       // persons of B that join persons of A
	Splits    []Change       `json:"splits"`       // persons of A whose records went to several of B
	RecordsBy map[string]int `json:"records_by"`   // record changes by kind
	Estimates []EstimateMove `json:"estimates"`
}

// EstimateMove is one estimate in both releases, or in one: the latest
// estimate of its measure, population, stratum and method in each.
type EstimateMove struct {
	Measure, Population, Stratum, Method string
	A, B                                 *EstimateRow // nil when the release has none
}

// Explain computes the Diff of the change feed from a to b.
func Explain(a, b *Tables) (*Diff, error) {
	cs, err := Changes(a, b)
	if err != nil {
		return nil, err
	}
	d := &Diff{A: a.Name, B: b.Name, New: map[string]int{}, Gone: map[string]int{}, RecordsBy: map[string]int{},
		Persons: [2]int{len(a.Rows[EntityPerson]), len(b.Rows[EntityPerson])},
		Records: [2]int{len(a.Rows[EntityRecord]), len(b.Rows[EntityRecord])}}
	inA := func(id int64) bool { _, ok := a.Rows[EntityPerson][strconv.FormatInt(id, 10)]; return ok }
	inB := func(id int64) bool { _, ok := b.Rows[EntityPerson][strconv.FormatInt(id, 10)]; return ok }
	newBySplit := map[int64]bool{}
	for _, c := range cs {
		if c.Entity == EntityPerson && c.Kind == Split {
			for _, id := range c.Into {
				if !inA(id) {
					newBySplit[id] = true
				}
			}
		}
	}
	// Each person of B not in A is counted once, and so is each person
	// of A not in B, by the first reason that applies: a person both
	// split and merged counts as split.
	newWhy, goneWhy := map[int64]string{}, map[int64]string{}
	for _, c := range cs {
		if c.Entity == EntityRecord {
			d.RecordsBy[c.Kind]++
			continue
		}
		if c.Entity != EntityPerson {
			continue
		}
		id, _ := strconv.ParseInt(string(c.Key), 10, 64)
		switch c.Kind {
		case Split:
			d.Splits = append(d.Splits, c)
			if !inB(id) {
				goneWhy[id] = Split
			}
		case Withheld, Withdrawn:
			goneWhy[id] = c.Kind
		}
	}
	for _, c := range cs {
		if c.Entity != EntityPerson {
			continue
		}
		id, _ := strconv.ParseInt(string(c.Key), 10, 64)
		switch c.Kind {
		case Added:
			if newBySplit[id] {
				newWhy[id] = Split
			} else {
				newWhy[id] = Added
			}
		case Merged:
			d.Merges = append(d.Merges, c)
			if !inA(id) && newWhy[id] == "" {
				newWhy[id] = Merged
			}
			for _, f := range c.From {
				if !inB(f) && goneWhy[f] == "" {
					goneWhy[f] = Merged
				}
			}
		}
	}
	for _, why := range newWhy {
		d.New[why]++
	}
	for _, why := range goneWhy {
		d.Gone[why]++
	}
	ea, err := latestEstimates(a)
	if err != nil {
		return nil, err
	}
	eb, err := latestEstimates(b)
	if err != nil {
		return nil, err
	}
	keys := map[[4]string]bool{}
	for k := range ea {
		keys[k] = true
	}
	for k := range eb {
		keys[k] = true
	}
	for k := range keys {
		d.Estimates = append(d.Estimates, EstimateMove{Measure: k[0], Population: k[1], Stratum: k[2], Method: k[3], A: ea[k], B: eb[k]})
	}
	slices.SortFunc(d.Estimates, func(x, y EstimateMove) int {
		return cmp.Or(cmp.Compare(x.Measure, y.Measure), cmp.Compare(x.Population, y.Population), cmp.Compare(x.Stratum, y.Stratum), cmp.Compare(x.Method, y.Method))
	})
	return d, nil
}

func latestEstimates(t *Tables) (map[[4]string]*EstimateRow, error) {
	out := map[[4]string]*EstimateRow{}
	for _, raw := range t.Rows[EntityEstimate] {
		var e EstimateRow
		if err := json.Unmarshal(raw, &e); err != nil {
			return nil, fmt.Errorf("release %s estimates.json: %w", t.Name, err)
		}
		k := [4]string{e.Measure, e.Population, e.Stratum, e.Method}
		if old := out[k]; old == nil || old.EstimateID < e.EstimateID {
			out[k] = &e
		}
	}
	return out, nil
}

// kindsOrder is the order a Diff writes reasons in.
var kindsOrder = []string{Added, Merged, Split, Withheld, Withdrawn, Changed}

// WriteText writes d for people to read.
func (d *Diff) WriteText(w io.Writer) error {
	p := func(format string, args ...any) { fmt.Fprintf(w, format, args...) }
	p("from %s to %s\n", d.A, d.B)
	p("persons: %d -> %d (%+d)\n", d.Persons[0], d.Persons[1], d.Persons[1]-d.Persons[0])
	reasons := func(m map[string]int) {
		any := false
		for _, k := range kindsOrder {
			if n := m[k]; n > 0 {
				p("    %-9s %d\n", k, n)
				any = true
			}
		}
		if !any {
			p("    none\n")
		}
	}
	p("  new persons, by why:\n")
	reasons(d.New)
	p("  persons no longer in the public view, by why:\n")
	reasons(d.Gone)
	for _, c := range d.Merges {
		p("  merged by relinking: persons %s into person %s\n", ids(c.From), c.Key)
	}
	for _, c := range d.Splits {
		p("  split by relinking: person %s into persons %s\n", c.Key, ids(c.Into))
	}
	p("records: %d -> %d (%+d)\n", d.Records[0], d.Records[1], d.Records[1]-d.Records[0])
	reasons(d.RecordsBy)
	p("estimates:\n")
	if len(d.Estimates) == 0 {
		p("    none\n")
	}
	for _, m := range d.Estimates {
		name := m.Measure + " of " + quoteEmpty(m.Population)
		if m.Stratum != "" {
			name += " (" + m.Stratum + ")"
		}
		p("  %s, %s: %s -> %s", name, m.Method, estimateText(m.A), estimateText(m.B))
		if m.A != nil && m.B != nil {
			p(" (%+g)", m.B.NHat-m.A.NHat)
		}
		p("\n")
	}
	return nil
}

func quoteEmpty(s string) string {
	if s == "" {
		return "(all)"
	}
	return s
}

func ids(v []int64) string {
	s := ""
	for i, id := range v {
		if i > 0 {
			s += ", "
		}
		s += strconv.FormatInt(id, 10)
	}
	return s
}

func estimateText(e *EstimateRow) string {
	if e == nil {
		return "none"
	}
	up := "no upper bound"
	if e.Upper != nil {
		up = strconv.FormatFloat(math.Round(*e.Upper*10)/10, 'g', -1, 64)
	}
	r := func(v float64) string { return strconv.FormatFloat(math.Round(v*10)/10, 'g', -1, 64) }
	return fmt.Sprintf("%s [%s, %s] (#%d, %d observed)", r(e.NHat), r(e.Lower), up, e.EstimateID, e.Observed)
}
