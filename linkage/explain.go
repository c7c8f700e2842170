package linkage

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/military"
	"github.com/reckonhq/reckon/names"
)

// Explanation accounts for the match weight of a pair field by field, in
// the order of the fields, like a waterfall: the prior, then each field's
// weight, ending at the posterior match probability.
type Explanation struct {
	Fields      []FieldExplanation
	Prior       float64 // log2(λ/(1−λ)), where every pair starts
	Weight      float64 // the sum of the field weights
	Probability float64 // posterior match probability: 1/(1+2^−(Prior+Weight))
	// Swapped says the names agree best with one's family name read as
	// the other's given name.
	Swapped bool
	// Competition is what the two records' other candidates in each
	// other's lists moved the pair's log-odds by (bits; see compete):
	// below 0 when a namesake competes, above when neither record has
	// another plausible match there. 0 for records of one list, pairs
	// blocking did not compare and records outside the linkage.
	Competition float64
}

// FieldExplanation is one field's step of an Explanation.
type FieldExplanation struct {
	Column string
	Kind   Kind
	Level  string // the level of agreement, "missing" when a value is absent
	A, B   string // the values compared, normalised, with their keys
	M, U   float64
	// Frequency is, for a name agreeing at the key or exact level, the
	// share of records with that name's key (shrunk towards U by ten
	// pseudo-records): it replaces U (term-frequency adjustment). 0 when
	// no adjustment was made.
	Frequency float64
	Weight    float64 // log2(M/U), or log2(M/Frequency); 0 when missing
	Running   float64 // Prior plus the weights of the fields so far
}

// Explain compares a and b as Link compared the records it was fitted
// on, with the model's parameters and name frequencies, and accounts for
// the result.
func (m *Model) Explain(a, b reckon.Record) Explanation {
	var fields []Field
	for _, f := range m.Fields {
		fields = append(fields, f.Field)
	}
	d := prepare([]reckon.Record{a, b}, fields, m.tf, nil)
	return m.explain(d, 0, 1)
}

// Explain accounts for the match weight of records i and j of the input,
// and for the competition of their other candidates.
func (r *Result) Explain(i, j int) Explanation {
	e := r.Model.explain(r.data, i, j)
	key := uint64(min(i, j))<<32 | uint64(max(i, j))
	if k, ok := slices.BinarySearch(r.pairs, key); ok {
		// The stored log-odds are the prior, the weight and the
		// competition, in float32.
		if c := float64(r.logit[k]) - (e.Prior + e.Weight); math.Abs(c) > 1e-3 {
			e.Competition = c
			e.Probability = logitProb(e.Prior + e.Weight + c)
		}
	}
	return e
}

func (m *Model) explain(d *dataset, i, j int) Explanation {
	cfg := m.cfg
	c := d.compare(i, j, cfg.NameClose, cfg.TextClose)
	e := Explanation{Prior: m.Prior()}
	if d.famField >= 0 || d.givField >= 0 {
		e.Swapped = d.namesSwapped(i, j, cfg.NameClose)
	}
	run := e.Prior
	for fi := range m.Fields {
		fm := &m.Fields[fi]
		l := c.level(fi)
		lv := fm.Levels[l]
		fe := FieldExplanation{Column: fm.Column, Kind: fm.Kind, Level: lv.Name, M: lv.M, U: lv.U}
		fe.A, fe.B = d.show(fi, i), d.show(fi, j)
		if e.Swapped && d.famField >= 0 && d.givField >= 0 {
			// the levels compare one's family name with the other's given
			// name: show the values compared
			switch fi {
			case d.famField:
				fe.B = d.show(d.givField, j)
			case d.givField:
				fe.B = d.show(d.famField, j)
			}
		}
		if l != levelMissing {
			f := float64(c.f[fi])
			fe.Weight = m.fieldWeight(fi, l, f)
			if f > 0 && fm.TermFrequency && l >= fm.agreeFrom {
				fe.Frequency = m.tfFreq(f, fm.AgreeU)
				fe.M, fe.U = fm.AgreeM, fm.AgreeU
			}
		}
		e.Weight += fe.Weight
		run += fe.Weight
		fe.Running = run
		e.Fields = append(e.Fields, fe)
	}
	e.Probability = 1 / (1 + math.Exp2(-(e.Prior + e.Weight)))
	return e
}

// namesSwapped reports whether the best reading of the names of i and j
// is the crosswise one.
func (d *dataset) namesSwapped(i, j int, closeJW float64) bool {
	pi, pj := d.profOf[i], d.profOf[j]
	if pi == pj {
		return false
	}
	s := d.prof[pi].p.CompareWith(&d.prof[pj].p, names.Options{Close: closeJW})
	return s.Swapped
}

// show returns the value of field fi of record i as compared.
func (d *dataset) show(fi, i int) string {
	f := d.fields[fi]
	switch f.Kind {
	case KindName:
		x := &d.prof[d.profOf[i]]
		p, keys := &x.p.Family, x.famKeys
		if f.Column == ColGivenName {
			p, keys = &x.p.Given, x.givKeys
		}
		if p.Compact == "" {
			return ""
		}
		return p.Compact + " [" + strings.Join(keys, " ") + "]"
	case KindDate:
		y, mo, dd := unpackDate(d.cols[fi][i])
		return reckon.Date{Year: int(y), Month: int(mo), Day: int(dd)}.String()
	}
	v := d.cols[fi][i]
	if v == 0 {
		return ""
	}
	t := &d.texts[fi][v]
	switch {
	case f.Kind == KindUnit && !t.unit.IsZero():
		return t.compact + " [" + t.unit.String() + "]"
	case f.Kind == KindRank && t.rank.Grade != military.NoGrade:
		return t.compact + " [" + t.rank.Grade.String() + "]"
	case f.Kind == KindExact || t.phon == "" || t.phon == t.compact:
		return t.compact
	}
	return t.compact + " [" + t.phon + "]"
}

// String formats the explanation as a table, one field a row, with the
// running total of the waterfall.
func (e Explanation) String() string {
	var b strings.Builder
	tw := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "field\tlevel\ta\tb\tm\tu\tweight\trunning\n")
	fmt.Fprintf(tw, "prior\t\t\t\t\t\t%+.2f\t%+.2f\n", e.Prior, e.Prior)
	for _, f := range e.Fields {
		u := fmt.Sprintf("%.4g", f.U)
		if f.Frequency > 0 {
			u = fmt.Sprintf("tf %.4g", f.Frequency)
		}
		if f.Level == "missing" {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t\t\t%+.2f\t%+.2f\n", f.Column, f.Level, f.A, f.B, f.Weight, f.Running)
			continue
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%.4g\t%s\t%+.2f\t%+.2f\n", f.Column, f.Level, f.A, f.B, f.M, u, f.Weight, f.Running)
	}
	if e.Competition != 0 {
		fmt.Fprintf(tw, "other candidates\t\t\t\t\t\t%+.2f\t%+.2f\n", e.Competition, e.Prior+e.Weight+e.Competition)
	}
	tw.Flush()
	fmt.Fprintf(&b, "match weight %+.2f bits, probability %.4f", e.Weight, e.Probability)
	if e.Swapped {
		b.WriteString(" (names read crosswise)")
	}
	return b.String()
}
