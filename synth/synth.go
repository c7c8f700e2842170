// Package synth generates synthetic multi-list data with ground truth: a
// population of Korean soldiers killed in Kursk oblast in 2024–2025, and
// several lists that each capture some of them and write their names in
// their own script and romanisation, with typos, missing and partial
// dates, swapped name orders and duplicates. Tests, benchmarks and the
// demo use it; the true population size and the true person behind every
// record are known.
//
// # Capture model
//
// Person i is on list j with probability
//
//	p_ij = logistic(α_j + θ_i + η_i,pair(j))
//
// where α_j = logit(Capture) plus a fixed offset per list (lists differ in
// reach), θ_i ~ N(0, Heterogeneity²) is the person's latent propensity to be
// recorded by anyone (heterogeneous capture), and η_i,k ~ N(0, Dependence²)
// is shared by the two lists of pair k: lists 2 and 3 (captured documents
// and the intelligence release that draws on them) and lists 1 and 4 (state
// media and the press that reads it) are positively dependent, as are lists
// 5 and 6 and so on. Heterogeneity and dependence are what make multiple
// systems estimation hard; the generator has both on by default.
//
// # Lists
//
// List 1 ("kcna") writes Hangul as the DPRK does (리, 림); list 2
// ("captured") Russian Cyrillic by Kontsevich and established Russian
// spellings (Ли, Цой, Тен); list 3 ("gur") the DPRK romanisation with
// Ukrainian place names; list 4 ("press") South Korean customary and RR
// spellings, often given name first; further lists ("osint5", …) mix all of
// these and McCune–Reischauer record by record.
package synth

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/names"
)

// Options configures Generate. The zero value is the default data set:
// 3000 persons, four lists.
type Options struct {
	N             int     // true population size; 0 means 3000
	Lists         int     // number of lists; 0 means 4
	Capture       float64 // typical capture probability of a list, in (0, 1); 0 means 0.35
	Heterogeneity float64 // standard deviation of the person's latent log-odds of capture; 0 means 1.0, negative means none
	Dependence    float64 // standard deviation of the log-odds shared by dependent pairs of lists; 0 means 1.0, negative means none
	Duplicates    float64 // probability that a record is written twice in its list; 0 means 0.03, negative means none
	Typos         float64 // probability that a written name has a typo; 0 means 0.06, negative means none
	Missing       float64 // probability that an optional field (unit, rank, home town, place) is left empty; 0 means 0.2, negative means none
}

func (o Options) withDefaults() (Options, error) {
	def := func(v *float64, d float64) {
		switch {
		case *v == 0:
			*v = d
		case *v < 0:
			*v = 0
		}
	}
	if o.N == 0 {
		o.N = 3000
	}
	if o.Lists == 0 {
		o.Lists = 4
	}
	if o.Capture == 0 {
		o.Capture = 0.35
	}
	def(&o.Heterogeneity, 1.0)
	def(&o.Dependence, 1.0)
	def(&o.Duplicates, 0.03)
	def(&o.Typos, 0.06)
	def(&o.Missing, 0.2)
	var errs []error
	if o.N < 1 || o.N > 10_000_000 {
		errs = append(errs, fmt.Errorf("n %d: want 1..10000000", o.N))
	}
	if o.Lists < 1 || o.Lists > 26 {
		errs = append(errs, fmt.Errorf("lists %d: want 1..26", o.Lists))
	}
	if o.Capture <= 0 || o.Capture >= 1 {
		errs = append(errs, fmt.Errorf("capture %v: want a probability in (0, 1)", o.Capture))
	}
	for _, p := range []struct {
		name string
		v    float64
	}{{"duplicates", o.Duplicates}, {"typos", o.Typos}, {"missing", o.Missing}} {
		if p.v > 1 || math.IsNaN(p.v) {
			errs = append(errs, fmt.Errorf("%s %v: want a probability", p.name, p.v))
		}
	}
	if math.IsNaN(o.Heterogeneity) || math.IsNaN(o.Dependence) || o.Heterogeneity > 10 || o.Dependence > 10 {
		errs = append(errs, fmt.Errorf("heterogeneity %v, dependence %v: want 0..10", o.Heterogeneity, o.Dependence))
	}
	if len(errs) > 0 {
		return o, reckon.Errorf(reckon.EINVALID, "synth: %v", errors.Join(errs...))
	}
	return o, nil
}

// Person is one member of the true population.
type Person struct {
	ID          int    // 1..N
	Family      string // family name in southern Hangul (이, 임)
	FamilyNorth string // family name in northern Hangul (리, 림)
	Given       string // given name in Hangul
	Birth       reckon.Date
	Death       reckon.Date
	Place       int // index of the place of death
	Brigade     int
	Battalion   int
	Rank        int // index into the ranks, lowest first
	HomeTown    int
	surname     names.Surname
}

// Data is a generated data set.
type Data struct {
	N         int               // true population size
	Persons   []Person          // the whole population, captured or not, by ID
	ListNames []string          // the name of each list, as in Record.List
	Lists     [][]reckon.Record // the records of each list, in file order
	Truth     map[string]int    // record_id → person ID
}

var listStyles = []string{"kcna", "captured", "gur", "press"}

// Generate draws a data set from rng. The same seed and options give the
// same data, byte for byte. It returns an error with code EINVALID when an
// option is out of range.
func Generate(rng *rand.Rand, opt Options) (*Data, error) {
	if rng == nil {
		return nil, reckon.Errorf(reckon.EINVALID, "synth: nil random source")
	}
	o, err := opt.withDefaults()
	if err != nil {
		return nil, err
	}
	g := &generator{rng: rng, o: o, surnames: names.Surnames()}
	d := &Data{N: o.N, Truth: make(map[string]int)}
	for j := range o.Lists {
		if j < len(listStyles) {
			d.ListNames = append(d.ListNames, listStyles[j])
		} else {
			d.ListNames = append(d.ListNames, fmt.Sprintf("osint%d", j+1))
		}
	}
	d.Persons = make([]Person, o.N)
	for i := range d.Persons {
		d.Persons[i] = g.person(i + 1)
	}
	// Capture.
	base := math.Log(o.Capture / (1 - o.Capture))
	offsets := []float64{0.3, 0, -0.2, -0.4, 0.1, -0.3}
	npairs := max(2, (o.Lists+1)/2)
	d.Lists = make([][]reckon.Record, o.Lists)
	who := make([][]int, o.Lists) // person ID of each record
	eta := make([]float64, npairs)
	for i := range d.Persons {
		p := &d.Persons[i]
		theta := rng.NormFloat64() * o.Heterogeneity
		for k := range eta {
			eta[k] = rng.NormFloat64() * o.Dependence
		}
		for j := range o.Lists {
			a := base + offsets[j%len(offsets)] + theta + eta[pairOf(j)]
			if rng.Float64() >= 1/(1+math.Exp(-a)) {
				continue
			}
			copies := 1
			if rng.Float64() < o.Duplicates {
				copies = 2
			}
			for range copies {
				d.Lists[j] = append(d.Lists[j], g.record(p, j, d.ListNames[j]))
				who[j] = append(who[j], p.ID)
			}
		}
	}
	for j, recs := range d.Lists {
		ids := who[j]
		rng.Shuffle(len(recs), func(a, b int) {
			recs[a], recs[b] = recs[b], recs[a]
			ids[a], ids[b] = ids[b], ids[a]
		})
		for k := range recs {
			recs[k].RecordID = fmt.Sprintf("%s-%05d", d.ListNames[j], k+1)
			recs[k].SourceURL = fmt.Sprintf("https://%s.example.org/records/%d", d.ListNames[j], 1000+k)
			d.Truth[recs[k].RecordID] = ids[k]
		}
	}
	return d, nil
}

// pairOf returns the dependence pair of list j (0-based): lists 1 and 2
// form pair 0, lists 0 and 3 pair 1, then 4 and 5, 6 and 7, and so on.
func pairOf(j int) int {
	switch j {
	case 1, 2:
		return 0
	case 0, 3:
		return 1
	}
	return j / 2
}

type generator struct {
	rng      *rand.Rand
	o        Options
	surnames []names.Surname
}

func (g *generator) pick(ws []weighted) string {
	total := 0.0
	for _, w := range ws {
		total += w.w
	}
	x := g.rng.Float64() * total
	for _, w := range ws {
		x -= w.w
		if x < 0 {
			return w.v
		}
	}
	return ws[len(ws)-1].v
}

func (g *generator) pickIndex(n int, weight func(int) float64) int {
	total := 0.0
	for i := range n {
		total += weight(i)
	}
	x := g.rng.Float64() * total
	for i := range n {
		x -= weight(i)
		if x < 0 {
			return i
		}
	}
	return n - 1
}

func (g *generator) chance(p float64) bool { return g.rng.Float64() < p }

func (g *generator) person(id int) Person {
	s := g.surnames[g.pickIndex(len(g.surnames), func(i int) float64 { return g.surnames[i].Share })]
	given := g.pick(givenFirst)
	if !g.chance(0.06) {
		second := g.pick(givenSecond)
		for second == given {
			second = g.pick(givenSecond)
		}
		given += second
	}
	// Born 1985–2007, most of them conscripts in their late teens and
	// twenties: a triangular distribution peaking at 2003.
	year := 1985 + int(math.Round(triangular(g.rng.Float64(), 0, 18, 22)))
	birth := reckon.Date{Year: year, Month: 1 + g.rng.IntN(12)}
	birth.Day = 1 + g.rng.IntN(daysIn(birth.Year, birth.Month))
	// Died between November 2024 and April 2025, most in December to
	// February.
	months := []struct {
		y, m int
		w    float64
	}{{2024, 11, 1}, {2024, 12, 4}, {2025, 1, 5}, {2025, 2, 4}, {2025, 3, 3}, {2025, 4, 1}}
	mi := g.pickIndex(len(months), func(i int) float64 { return months[i].w })
	death := reckon.Date{Year: months[mi].y, Month: months[mi].m}
	death.Day = 1 + g.rng.IntN(daysIn(death.Year, death.Month))
	return Person{
		ID:          id,
		Family:      s.Hangul,
		FamilyNorth: s.North,
		Given:       given,
		Birth:       birth,
		Death:       death,
		Place:       g.pickIndex(len(kurskPlaces), func(i int) float64 { return kurskPlaces[i].w }),
		Brigade:     brigades[g.rng.IntN(len(brigades))],
		Battalion:   1 + g.rng.IntN(4),
		Rank:        g.pickIndex(len(ranks), func(i int) float64 { return ranks[i].w }),
		HomeTown:    g.pickIndex(len(homeTowns), func(i int) float64 { return homeTowns[i].w }),
		surname:     s,
	}
}

// triangular maps a uniform u to a triangular distribution on [lo, hi]
// with mode m.
func triangular(u, lo, hi, m float64) float64 {
	f := (m - lo) / (hi - lo)
	if u < f {
		return lo + math.Sqrt(u*(hi-lo)*(m-lo))
	}
	return hi - math.Sqrt((1-u)*(hi-lo)*(hi-m))
}

func daysIn(year, month int) int {
	switch month {
	case 4, 6, 9, 11:
		return 30
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	}
	return 31
}
