package scenario

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/reckonhq/reckon"
)

// Script is a way of writing Korean names.
type Script int

// The scripts a list writes names in.
const (
	HangulNorth       Script = iota // 리철민: the DPRK's spelling (리, 류, 로, 림)
	HangulSouth                     // 이철민: the South's initial-sound rule (이, 유, 노, 임)
	RR                              // Revised Romanization: Gim Cheolmin
	MR                              // McCune–Reischauer with breves and apostrophes: Kim Ch'ŏl-min
	MRPlain                         // McCune–Reischauer without them: Kim Chol-min
	DPRK                            // DPRK official: Kim Chol Min, Ri, Thaek
	Customary                       // customary southern spellings: Lee Chul-min, Park, Choi
	RussianKontsevich               // Russian Cyrillic by Kontsevich: Ри Чхольмин, Чхве
	RussianCustomary                // Russian customary: Ли, Пак, Цой, Тен
	Ukrainian                       // Ukrainian Cyrillic: Рі, Пак, Чхве
)

var scriptNames = [...]string{"hangul-north", "hangul-south", "rr", "mr", "mr-plain", "dprk", "customary", "russian-kontsevich", "russian-customary", "ukrainian"}

func (s Script) String() string {
	if s >= 0 && int(s) < len(scriptNames) {
		return scriptNames[s]
	}
	return fmt.Sprintf("script(%d)", int(s))
}

func (s Script) hangul() bool { return s == HangulNorth || s == HangulSouth }
func (s Script) cyrillic() bool {
	return s == RussianKontsevich || s == RussianCustomary || s == Ukrainian
}

// Order is how a list orders the parts of a full name.
type Order int

// The name orders.
const (
	KoreanOrder  Order = iota // family name first: Kim Chol-min
	WesternOrder              // given name first: Chol-min Kim
	UpperFamily               // family name first in capitals: KIM Chol Min
	UpperAll                  // everything in capitals: KIM CHOL MIN
)

// Join is how a list writes the syllables of a given name.
type Join int

// The ways of joining given-name syllables.
const (
	Hyphen Join = iota // Chol-min
	Joined             // Cholmin
	Split              // Chol Min
)

// Lang is the language a list writes units, ranks and places in; NoLang
// leaves the field out.
type Lang int

// The languages of units, ranks and places.
const (
	NoLang Lang = iota
	Korean
	Russian
	UkrainianLang
	English
)

// Profile is how one list writes its records.
type Profile struct {
	Name string
	// Scripts are the scripts of the list's names: the first for about
	// 70% of the records, the others share the rest.
	Scripts []Script
	Order   Order
	Join    Join
	// NameOnly lists (press lists) give only the full name as written,
	// and the unit when Unit is set.
	NameOnly bool
	// FullName also fills Name besides the family and given names.
	FullName bool
	// Birth and Death are the precision the list gives dates to;
	// reckon.Unknown leaves the date out.
	Birth, Death reckon.Precision
	// The languages of unit, rank, place of death and home town; NoLang
	// leaves the field out. Sex is written in the language of Sex.
	Unit, Rank, Place, Home, Sex Lang
	// Posthumous lists give ranks after posthumous promotion, one step up.
	Posthumous bool
	// KoreanAge lists derive the birth year from the age in Korean
	// reckoning and so often give it one year early.
	KoreanAge bool
	// Reach is added to the log-odds of capture: lists differ in reach.
	Reach float64
}

// DefaultProfiles returns the six list profiles that scenarios take the
// first Lists of: a DPRK state-media memorial list, captured Russian
// documents, Ukrainian intelligence, the press (name-only), an OSINT
// compilation and a South Korean intelligence list in southern Hangul.
func DefaultProfiles() []Profile {
	return []Profile{
		{Name: "kcna", Scripts: []Script{HangulNorth}, Order: KoreanOrder, Join: Joined, FullName: true,
			Death: reckon.MonthOnly, Unit: Korean, Rank: Korean, Place: Korean, Home: Korean, Posthumous: true, Reach: 0.2},
		{Name: "captured", Scripts: []Script{RussianKontsevich, RussianCustomary}, Order: KoreanOrder, Join: Split,
			Birth: reckon.DayKnown, Death: reckon.DayKnown, Unit: Russian, Rank: Russian, Place: Russian, Home: Russian, Sex: Russian},
		{Name: "gur", Scripts: []Script{Ukrainian, DPRK}, Order: KoreanOrder, Join: Split, FullName: true,
			Birth: reckon.DayKnown, Death: reckon.DayKnown, Unit: UkrainianLang, Rank: UkrainianLang, Place: UkrainianLang, Reach: -0.2},
		{Name: "press", Scripts: []Script{Customary, RR, MRPlain}, Order: WesternOrder, Join: Hyphen, NameOnly: true,
			Unit: English, Reach: -0.4},
		{Name: "osint", Scripts: []Script{MR, MRPlain, DPRK}, Order: UpperFamily, Join: Hyphen, FullName: true,
			Birth: reckon.YearOnly, Death: reckon.DayKnown, Unit: English, Rank: English, Place: English, Home: English, Sex: English, Reach: -0.1},
		{Name: "nis", Scripts: []Script{HangulSouth, RR}, Order: KoreanOrder, Join: Joined,
			Birth: reckon.YearOnly, Death: reckon.MonthOnly, Unit: Korean, Home: Korean, KoreanAge: true, Reach: -0.3},
	}
}

// Dates overrides which dates the lists give.
type Dates int

// The date settings of a scenario.
const (
	DatesListed    Dates = iota // as each profile says
	DatesNone                   // no list gives any date
	DatesBirthYear              // birth year only, no death dates
	DatesFull                   // every list gives both dates to the day
)

// Rates are the probabilities of each corruption at noise 1. Each zero
// field takes its default; a negative one turns the corruption off.
type Rates struct {
	Typo        float64 // a name part has a typo; 0: 0.05
	Initials    float64 // a Latin or Cyrillic given name cut to initials; 0: 0.04
	Truncate    float64 // a given name cut short; 0: 0.02
	OrderSwap   float64 // a record departs from its list's name order or joining; 0: 0.05
	DatePartial float64 // a date given to a coarser precision than the list's; 0: 0.08
	DateShift   float64 // a death date a few days off, a birth year one off; 0: 0.07
	DaySwap     float64 // day and month swapped (when the day is at most 12); 0: 0.03
	Malformed   float64 // a date written so that it does not parse; 0: 0.01
	CorpsOnly   float64 // a unit given as the corps only; 0: 0.12
	Missing     float64 // a field the list gives left empty in a record (not scaled by noise); 0: 0.15
	Posthumous  float64 // share promoted in a posthumous list (not scaled by noise); 0: 0.7
}

func (r Rates) withDefaults(noise float64) Rates {
	set := func(v *float64, d float64, scale bool) {
		switch {
		case *v == 0:
			*v = d
		case *v < 0:
			*v = 0
		}
		if scale {
			*v = min(0.95, *v*noise)
		}
	}
	set(&r.Typo, 0.05, true)
	set(&r.Initials, 0.04, true)
	set(&r.Truncate, 0.02, true)
	set(&r.OrderSwap, 0.05, true)
	set(&r.DatePartial, 0.08, true)
	set(&r.DateShift, 0.07, true)
	set(&r.DaySwap, 0.03, true)
	set(&r.Malformed, 0.01, true)
	set(&r.CorpsOnly, 0.12, true)
	set(&r.Missing, 0.15, false)
	set(&r.Posthumous, 0.7, false)
	return r
}

// Scenario is the parameters of a generated data set. The zero value is
// the default: 3,000 persons, the first four default profiles, capture
// heterogeneity and dependence, noise 1.
type Scenario struct {
	Name        string
	Description string
	N           int       // true population size; 0: 3000
	Lists       int       // lists, 1 to 6, taken from DefaultProfiles; 0: 4; ignored when Profiles is set
	Profiles    []Profile // the lists' profiles; nil: the first Lists of DefaultProfiles
	// Capture is the typical probability that a list records a person,
	// before Reach; 0: 0.35.
	Capture float64
	// Heterogeneity is the standard deviation of the persons' latent
	// log-odds of capture, shared by all lists; 0: 1.0; negative: none.
	Heterogeneity float64
	// Dependence is the standard deviation of log-odds shared by pairs of
	// lists: lists 1 and 4 and lists 2 and 3 positively, lists 5 and 6
	// negatively; 0: 0.8; negative: none.
	Dependence float64
	// Noise multiplies every corruption rate (Rates and Duplicates); 0: 1.
	Noise float64
	// Duplicates is the probability that a list writes a record twice;
	// 0: 0.03; negative: none. Scaled by Noise.
	Duplicates float64
	// GivenConcentration is the exponent applied to the syllable weights
	// of given names: above 1 concentrates them, below 1 spreads them;
	// 0: 1.3.
	GivenConcentration float64
	// FamilyConcentration is the exponent applied to the family-name
	// shares; 0: 1.
	FamilyConcentration float64
	// Dates overrides the lists' dates.
	Dates Dates
	// Scripts, when set, replaces each list's scripts: list j writes in
	// Scripts[j mod len(Scripts)] only.
	Scripts []Script
	// NameOnly makes the last NameOnly lists name-only; negative makes
	// none name-only; 0 leaves the profiles as they are.
	NameOnly int
	Rates    Rates
}

// Lists is a generated data set with its truth.
type Lists struct {
	Scenario Scenario // with its defaults filled in
	Names    []string // the list names, in profile order
	Records  []reckon.Record
	// Truth maps each record's key, list + "/" + record_id, to the id of
	// the true person.
	Truth map[string]string
	// N is the true population size and Observed the number of distinct
	// persons on at least one list.
	N, Observed int
	// SharedNames is the share of the observed persons whose true full
	// name (family name and given-name syllables) another observed person
	// bears too: how much names alone cannot tell persons apart.
	SharedNames float64
}

// WithDefaults returns s with its zero fields set as documented, or an
// error of code invalid.
func (s Scenario) WithDefaults() (Scenario, error) {
	if s.N == 0 {
		s.N = 3000
	}
	if s.Profiles == nil {
		if s.Lists == 0 {
			s.Lists = 4
		}
		all := DefaultProfiles()
		if s.Lists < 1 || s.Lists > len(all) {
			return s, reckon.Errorf(reckon.EINVALID, "scenario %s: %d lists: want 1 to %d", s.Name, s.Lists, len(all))
		}
		s.Profiles = all[:s.Lists]
	} else {
		s.Profiles = slices.Clone(s.Profiles)
	}
	s.Lists = len(s.Profiles)
	if s.Capture == 0 {
		s.Capture = 0.35
	}
	def := func(v *float64, d float64) {
		switch {
		case *v == 0:
			*v = d
		case *v < 0:
			*v = 0
		}
	}
	def(&s.Heterogeneity, 1.0)
	def(&s.Dependence, 0.8)
	if s.Noise == 0 {
		s.Noise = 1
	}
	def(&s.Duplicates, 0.03)
	s.Duplicates = min(0.9, s.Duplicates*s.Noise)
	if s.GivenConcentration == 0 {
		s.GivenConcentration = 1.3
	}
	if s.FamilyConcentration == 0 {
		s.FamilyConcentration = 1
	}
	s.Rates = s.Rates.withDefaults(s.Noise)
	var errs []error
	if s.N < 1 || s.N > 20_000_000 {
		errs = append(errs, fmt.Errorf("n %d: want 1 to 20,000,000", s.N))
	}
	if !(s.Capture > 0 && s.Capture < 1) {
		errs = append(errs, fmt.Errorf("capture %v: want in (0, 1)", s.Capture))
	}
	if !(s.Noise > 0 && s.Noise <= 10) {
		errs = append(errs, fmt.Errorf("noise %v: want in (0, 10]", s.Noise))
	}
	if s.GivenConcentration < 0 || s.FamilyConcentration < 0 {
		errs = append(errs, errors.New("concentrations must not be negative"))
	}
	seen := map[string]bool{}
	for j, p := range s.Profiles {
		if p.Name == "" || seen[p.Name] {
			errs = append(errs, fmt.Errorf("profile %d: name %q empty or repeated", j+1, p.Name))
		}
		seen[p.Name] = true
		if len(s.Scripts) > 0 {
			s.Profiles[j].Scripts = []Script{s.Scripts[j%len(s.Scripts)]}
		}
		if len(s.Profiles[j].Scripts) == 0 {
			errs = append(errs, fmt.Errorf("profile %s: no script", p.Name))
		}
		for _, sc := range s.Profiles[j].Scripts {
			if sc < 0 || int(sc) >= len(scriptNames) {
				errs = append(errs, fmt.Errorf("profile %s: unknown script %d", p.Name, sc))
			}
		}
		q := &s.Profiles[j]
		switch s.Dates {
		case DatesNone:
			q.Birth, q.Death = reckon.Unknown, reckon.Unknown
		case DatesBirthYear:
			q.Birth, q.Death = reckon.YearOnly, reckon.Unknown
		case DatesFull:
			q.Birth, q.Death = reckon.DayKnown, reckon.DayKnown
		}
		switch {
		case s.NameOnly < 0:
			q.NameOnly = false
		case s.NameOnly > 0 && j >= len(s.Profiles)-s.NameOnly:
			q.NameOnly = true
		}
	}
	if len(errs) > 0 {
		return s, reckon.Errorf(reckon.EINVALID, "scenario %s: %v", s.Name, errors.Join(errs...))
	}
	return s, nil
}

// Generate draws a population of s.N persons and the lists of s. The same
// scenario and seed give the same lists. It returns an error of code
// invalid for a bad scenario.
func Generate(s Scenario, seed uint64) (*Lists, error) {
	s, err := s.WithDefaults()
	if err != nil {
		return nil, err
	}
	rng := newRand(seed)
	pop := newPopulation(rng, s)
	out := &Lists{Scenario: s, N: s.N, Truth: make(map[string]string)}
	// Capture: person i is on list j with probability
	// logistic(α + reach_j + θ_i + sign_j η_i,pair(j)).
	alpha := math.Log(s.Capture / (1 - s.Capture))
	J := len(s.Profiles)
	pairOf := func(j int) (int, float64) {
		switch j {
		case 0, 3:
			return 0, 1
		case 1, 2:
			return 1, 1
		case 4:
			return 2, 1
		case 5:
			return 2, -1
		}
		return -1, 0
	}
	on := make([][]int32, J) // persons on each list
	seen := make([]bool, s.N)
	var eta [3]float64
	for i := range s.N {
		theta := rng.NormFloat64() * s.Heterogeneity
		for k := range eta {
			eta[k] = rng.NormFloat64() * s.Dependence
		}
		for j, p := range s.Profiles {
			x := alpha + p.Reach + theta
			if k, sign := pairOf(j); k >= 0 {
				x += sign * eta[k]
			}
			if rng.Float64() < 1/(1+math.Exp(-x)) {
				on[j] = append(on[j], int32(i))
				seen[i] = true
			}
		}
	}
	fullName := map[string]int{}
	for i, b := range seen {
		if b {
			out.Observed++
			fullName[pop[i].key()]++
		}
	}
	shared := 0
	for i, b := range seen {
		if b && fullName[pop[i].key()] > 1 {
			shared++
		}
	}
	if out.Observed > 0 {
		out.SharedNames = float64(shared) / float64(out.Observed)
	}
	total := 0
	for j := range on {
		total += len(on[j])
	}
	out.Records = make([]reckon.Record, 0, total+total/10)
	w := &writer{rng: rng, s: s}
	for j, p := range s.Profiles {
		out.Names = append(out.Names, p.Name)
		start := len(out.Records)
		var who []int32
		for _, i := range on[j] {
			copies := 1
			if rng.Float64() < s.Duplicates {
				copies = 2
			}
			for range copies {
				out.Records = append(out.Records, w.record(&p, &pop[i]))
				who = append(who, i)
			}
		}
		// Shuffle the list so that its order tells nothing, then number it.
		recs := out.Records[start:]
		rng.Shuffle(len(recs), func(a, b int) {
			recs[a], recs[b] = recs[b], recs[a]
			who[a], who[b] = who[b], who[a]
		})
		for k := range recs {
			recs[k].List = p.Name
			recs[k].RecordID = recordID(j, k)
			out.Truth[p.Name+"/"+recs[k].RecordID] = personID(int(who[k]))
		}
	}
	return out, nil
}

// recordID numbers record k of list j, in a style of its own per list
// and unique across lists, so that tools keyed by record_id alone work.
func recordID(j, k int) string {
	switch j % 3 {
	case 0:
		return fmt.Sprintf("%d%06d", j+1, k+1)
	case 1:
		return fmt.Sprintf("R%d.%d", j+1, k+1)
	}
	return fmt.Sprintf("%c-%05d", 'A'+j, k+1)
}

func personID(i int) string { return fmt.Sprintf("P%07d", i+1) }
