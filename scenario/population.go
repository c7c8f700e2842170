package scenario

import (
	"math"
	"math/rand/v2"
	"sort"
	"time"

	"github.com/reckonhq/reckon"
)

// person is the truth about one of the dead.
type person struct {
	family       int   // index in families
	given        []int // indices in syllables: one or two
	birth, death reckon.Date
	corps        int // index in allCorps
	brigade      int // number
	battalion    int // 1..6
	rank         int // index in ranks
	place        int // index in places
	town         int // index in towns
}

// key is the person's true full name.
func (p *person) key() string {
	k := families[p.family].north
	for _, g := range p.given {
		k += syllables[g].north
	}
	return k
}

// sampler draws indices with given weights by inverting the cumulative
// distribution.
type sampler []float64

func newSampler(w []float64) sampler {
	c := make(sampler, len(w))
	sum := 0.0
	for i, x := range w {
		sum += x
		c[i] = sum
	}
	for i := range c {
		c[i] /= sum
	}
	return c
}

func (s sampler) draw(rng *rand.Rand) int {
	u := rng.Float64()
	return min(sort.SearchFloat64s(s, u), len(s)-1)
}

// deathStart is the first day of the deaths: the first reported losses in
// Kursk oblast came in early November 2024.
var deathStart = time.Date(2024, 11, 1, 0, 0, 0, 0, time.UTC)

// waves are the centres (days after deathStart) and spreads of the waves
// of losses: mid-December 2024, mid-January 2025 and the March 2025
// counter-offensive around Sudzha.
var waves = []struct{ centre, sd, weight float64 }{
	{44, 10, 0.3}, {75, 12, 0.3}, {130, 10, 0.25},
}

func newPopulation(rng *rand.Rand, s Scenario) []person {
	fw := make([]float64, len(families))
	named := 0.0
	for i, f := range families {
		named += f.share
		fw[i] = f.share
	}
	// The long tail: what the named shares leave, spread over the last
	// tailFamilies entries.
	for i := len(fw) - tailFamilies; i < len(fw); i++ {
		fw[i] += (100 - named) / tailFamilies
	}
	for i := range fw {
		fw[i] = math.Pow(fw[i], s.FamilyConcentration)
	}
	fam := newSampler(fw)
	w1 := make([]float64, len(syllables))
	w2 := make([]float64, len(syllables))
	for i, y := range syllables {
		w1[i] = math.Pow(y.w1, s.GivenConcentration)
		w2[i] = math.Pow(y.w2, s.GivenConcentration)
	}
	first, second := newSampler(w1), newSampler(w2)
	rw := make([]float64, len(ranks))
	for i, r := range ranks {
		rw[i] = r.share
	}
	rank := newSampler(rw)
	pw := make([]float64, len(places))
	for i, p := range places {
		pw[i] = p.weight
	}
	place := newSampler(pw)
	tw := make([]float64, len(towns))
	for i, t := range towns {
		tw[i] = t.weight
	}
	town := newSampler(tw)
	// Birth years 1994–2007, most 2000–2005.
	yw := []float64{1, 1, 2, 2, 3, 4, 6, 8, 9, 9, 8, 7, 5, 2}
	year := newSampler(yw)

	pop := make([]person, s.N)
	for i := range pop {
		p := &pop[i]
		p.family = fam.draw(rng)
		a := first.draw(rng)
		if rng.Float64() < 0.03 {
			p.given = []int{a}
		} else {
			b := second.draw(rng)
			for b == a {
				b = second.draw(rng)
			}
			p.given = []int{a, b}
		}
		by := 1994 + year.draw(rng)
		bt := time.Date(by, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, rng.IntN(365))
		p.birth = reckon.Date{Year: bt.Year(), Month: int(bt.Month()), Day: bt.Day()}
		var day float64
		u := rng.Float64()
		for _, w := range waves {
			if u < w.weight {
				day = w.centre + rng.NormFloat64()*w.sd
				break
			}
			u -= w.weight
		}
		if day == 0 {
			day = rng.Float64() * 180
		}
		day = max(0, min(179, day))
		dt := deathStart.AddDate(0, 0, int(day))
		p.death = reckon.Date{Year: dt.Year(), Month: int(dt.Month()), Day: dt.Day()}
		if rng.Float64() < 0.85 {
			p.corps = 0
		} else {
			p.corps = 1 + rng.IntN(len(allCorps)-1)
		}
		bs := allCorps[p.corps].brigades
		p.brigade = bs[rng.IntN(len(bs))]
		p.battalion = 1 + rng.IntN(6)
		p.rank = rank.draw(rng)
		p.place = place.draw(rng)
		p.town = town.draw(rng)
	}
	return pop
}
