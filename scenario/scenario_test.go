package scenario

import (
	"math"
	"reflect"
	"strings"
	"testing"
	"unicode"

	"github.com/reckonhq/reckon"
)

func mustGenerate(t testing.TB, s Scenario, seed uint64) *Lists {
	t.Helper()
	l, err := Generate(s, seed)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func TestDeterministic(t *testing.T) {
	s := Scenario{N: 600, Lists: 6}
	a, b := mustGenerate(t, s, 7), mustGenerate(t, s, 7)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("the same seed gave different lists")
	}
	c := mustGenerate(t, s, 8)
	if reflect.DeepEqual(a.Records, c.Records) {
		t.Fatal("different seeds gave the same lists")
	}
}

// TestTruth checks that every record has a true person, that the keys are
// unique and that Observed counts the persons of the truth.
func TestTruth(t *testing.T) {
	for _, s := range Catalogue() {
		t.Run(s.Name, func(t *testing.T) {
			l := mustGenerate(t, s, 1)
			if len(l.Truth) != len(l.Records) {
				t.Fatalf("%d truth entries for %d records (repeated keys?)", len(l.Truth), len(l.Records))
			}
			persons := map[string]bool{}
			lists := map[string]bool{}
			for _, r := range l.Records {
				p, ok := l.Truth[r.List+"/"+r.RecordID]
				if !ok || p == "" {
					t.Fatalf("record %s/%s has no person", r.List, r.RecordID)
				}
				persons[p] = true
				lists[r.List] = true
				if r.FamilyName == "" && r.GivenName == "" && r.Name == "" {
					t.Fatalf("record %s/%s has no name", r.List, r.RecordID)
				}
			}
			if len(persons) != l.Observed || l.Observed > l.N || l.Observed == 0 {
				t.Fatalf("observed %d, truth has %d persons, N %d", l.Observed, len(persons), l.N)
			}
			if l.SharedNames < 0 || l.SharedNames > 1 {
				t.Errorf("shared names %v", l.SharedNames)
			}
			if len(lists) != len(l.Names) {
				t.Fatalf("records on %d lists, %d names", len(lists), len(l.Names))
			}
			if s.N == 0 && (len(l.Records) < 3000 || len(l.Records) > 9000) {
				t.Errorf("%d records at N 3000", len(l.Records))
			}
		})
	}
	if n := len(Catalogue()); n < 30 {
		t.Errorf("%d scenarios in the catalogue, want 30 or more", n)
	}
}

func TestInvalid(t *testing.T) {
	for _, s := range []Scenario{
		{Lists: 7}, {Capture: 1.5}, {N: -3}, {Noise: -1},
		{Profiles: []Profile{{Name: "a", Scripts: []Script{RR}}, {Name: "a", Scripts: []Script{RR}}}},
		{Profiles: []Profile{{Name: "a"}}},
		{GivenConcentration: -1},
	} {
		if _, err := Generate(s, 1); reckon.ErrorCode(err) != reckon.EINVALID {
			t.Errorf("%+v: error %v, want invalid", s, err)
		}
	}
}

// TestLargeSize checks that Large makes the sizes it promises: on a
// twentieth of the population, scaled up (the count is linear in N), and
// at full size unless -short.
func TestLargeSize(t *testing.T) {
	want := map[string][2]int{"large-415k": {395_000, 440_000}, "large-1m": {950_000, 1_050_000}}
	for _, s := range Large() {
		w, ok := want[s.Name]
		if !ok {
			t.Fatalf("no expected size for %s", s.Name)
		}
		small := s
		small.N /= 20
		if n := 20 * len(mustGenerate(t, small, 1).Records); n < w[0] || n > w[1] {
			t.Errorf("%s at N/20: %d records scaled up, want %d to %d", s.Name, n, w[0], w[1])
		}
	}
	if testing.Short() {
		return
	}
	s := Large()[0]
	if n := len(mustGenerate(t, s, 1).Records); n < 400_000 || n > 430_000 {
		t.Errorf("%s: %d records, want about 415,000", s.Name, n)
	}
}

// share returns the share of records (of list, or any list when list is
// "") for which f holds.
func share(l *Lists, list string, f func(r *reckon.Record) bool) float64 {
	n, k := 0, 0
	for i := range l.Records {
		r := &l.Records[i]
		if list != "" && r.List != list {
			continue
		}
		n++
		if f(r) {
			k++
		}
	}
	if n == 0 {
		return math.NaN()
	}
	return float64(k) / float64(n)
}

func isFamily(s string) bool {
	for _, f := range families {
		for _, v := range []string{f.north, f.south, f.rr, f.mr, plain(f.mr), f.dprk, f.cust, f.ruK, f.ruC, f.uk} {
			if strings.EqualFold(s, v) {
				return true
			}
		}
	}
	return false
}

// listsPerPerson returns how many lists each observed person is on.
func listsPerPerson(l *Lists) map[string]int {
	on := map[[2]string]bool{}
	for _, r := range l.Records {
		on[[2]string{r.List, l.Truth[r.List+"/"+r.RecordID]}] = true
	}
	n := map[string]int{}
	for k := range on {
		n[k[1]]++
	}
	return n
}

// oddsRatio is the odds ratio of capture by lists a and b among all N.
func oddsRatio(l *Lists, a, b string) float64 {
	in := map[string]int{}
	for _, r := range l.Records {
		p := l.Truth[r.List+"/"+r.RecordID]
		switch r.List {
		case a:
			in[p] |= 1
		case b:
			in[p] |= 2
		}
	}
	var c [4]float64
	for _, v := range in {
		c[v]++
	}
	c[0] = float64(l.N) - c[1] - c[2] - c[3]
	return (c[3] * c[0]) / (c[1] * c[2])
}

// samePersonDisagree is the share of pairs of records of one person, both
// with a death date to the day, whose death dates differ.
func samePersonDisagree(l *Lists) float64 {
	by := map[string][]reckon.Date{}
	for _, r := range l.Records {
		if r.DeathDate.Precision() == reckon.DayKnown {
			p := l.Truth[r.List+"/"+r.RecordID]
			by[p] = append(by[p], r.DeathDate)
		}
	}
	n, k := 0, 0
	for _, ds := range by {
		for i := range ds {
			for j := i + 1; j < len(ds); j++ {
				n++
				if ds[i] != ds[j] {
					k++
				}
			}
		}
	}
	return float64(k) / float64(max(n, 1))
}

func distinctGiven(l *Lists) float64 {
	seen := map[string]bool{}
	for _, r := range l.Records {
		seen[r.GivenName] = true
	}
	return float64(len(seen))
}

// TestParameters checks that each parameter has its intended effect,
// measured on the output: the measure is lower under lo than under hi.
func TestParameters(t *testing.T) {
	const n = 2000
	badFamily := func(l *Lists) float64 {
		return share(l, "kcna", func(r *reckon.Record) bool { return !isFamily(r.FamilyName) })
	}
	tests := []struct {
		name    string
		lo, hi  Scenario
		measure func(*Lists) float64
	}{
		{"noise raises typos", Scenario{Noise: 0.5}, Scenario{Noise: 3}, badFamily},
		{"typo rate", Scenario{Rates: Rates{Typo: -1}}, Scenario{Rates: Rates{Typo: 0.3}}, badFamily},
		{"duplicates", Scenario{Duplicates: -1}, Scenario{Duplicates: 0.2}, func(l *Lists) float64 {
			return float64(len(l.Records)) / float64(sumValues(listsPerPerson(l)))
		}},
		{"capture", Scenario{Capture: 0.15}, Scenario{Capture: 0.6}, func(l *Lists) float64 { return float64(l.Observed) / float64(l.N) }},
		{"lists", Scenario{Lists: 3}, Scenario{Lists: 6}, func(l *Lists) float64 { return float64(len(l.Names)) }},
		{"heterogeneity", Scenario{Heterogeneity: -1, Dependence: -1}, Scenario{Heterogeneity: 2.5, Dependence: -1}, func(l *Lists) float64 {
			return oddsRatio(l, "captured", "press")
		}},
		{"dependence", Scenario{Heterogeneity: -1, Dependence: -1}, Scenario{Heterogeneity: -1, Dependence: 2.5}, func(l *Lists) float64 {
			return oddsRatio(l, "captured", "gur")
		}},
		{"negative dependence", Scenario{Lists: 6, Heterogeneity: -1, Dependence: 2.5}, Scenario{Lists: 6, Heterogeneity: -1, Dependence: -1}, func(l *Lists) float64 {
			return oddsRatio(l, "osint", "nis")
		}},
		{"dates none", Scenario{Dates: DatesNone}, Scenario{}, func(l *Lists) float64 {
			return share(l, "", func(r *reckon.Record) bool { return !r.BirthDate.IsZero() || !r.DeathDate.IsZero() })
		}},
		{"birth year only", Scenario{Dates: DatesBirthYear}, Scenario{}, func(l *Lists) float64 {
			return share(l, "", func(r *reckon.Record) bool { return r.BirthDate.Precision() > reckon.YearOnly || !r.DeathDate.IsZero() })
		}},
		{"name-only lists", Scenario{NameOnly: -1}, Scenario{NameOnly: 3}, func(l *Lists) float64 {
			return share(l, "", func(r *reckon.Record) bool { return r.FamilyName == "" && r.Name != "" })
		}},
		{"given concentration", Scenario{GivenConcentration: 2.5, Scripts: []Script{HangulNorth}}, Scenario{GivenConcentration: 0.4, Scripts: []Script{HangulNorth}}, distinctGiven},
		{"shared names", Scenario{GivenConcentration: 0.4}, Scenario{GivenConcentration: 2.5}, func(l *Lists) float64 { return l.SharedNames }},
		{"family concentration", Scenario{}, Scenario{FamilyConcentration: 1.6}, func(l *Lists) float64 {
			return share(l, "kcna", func(r *reckon.Record) bool { return r.FamilyName == "김" })
		}},
		{"initials", Scenario{Rates: Rates{Initials: -1}}, Scenario{Rates: Rates{Initials: 0.3}}, func(l *Lists) float64 {
			return share(l, "captured", func(r *reckon.Record) bool { return strings.Contains(r.GivenName, ".") })
		}},
		{"order swaps", Scenario{Rates: Rates{OrderSwap: -1}}, Scenario{Rates: Rates{OrderSwap: 0.4}}, func(l *Lists) float64 {
			return share(l, "captured", func(r *reckon.Record) bool { return isFamily(r.GivenName) && !isFamily(r.FamilyName) })
		}},
		{"date shifts", Scenario{Rates: Rates{DateShift: -1, DaySwap: -1, Malformed: -1}}, Scenario{Rates: Rates{DateShift: 0.4}}, samePersonDisagree},
		{"malformed dates", Scenario{Rates: Rates{Malformed: -1}}, Scenario{Rates: Rates{Malformed: 0.2}}, func(l *Lists) float64 {
			return share(l, "", func(r *reckon.Record) bool {
				_, err := reckon.ParseDate(r.DeathDate.String())
				return err != nil || r.Attributes["death_date_as_written"] != ""
			})
		}},
		{"corps only", Scenario{Rates: Rates{CorpsOnly: -1}}, Scenario{Rates: Rates{CorpsOnly: 0.5}}, func(l *Lists) float64 {
			return share(l, "kcna", func(r *reckon.Record) bool {
				return strings.Contains(r.Unit, "군단") && !strings.Contains(r.Unit, "려단")
			})
		}},
		{"missing", Scenario{Rates: Rates{Missing: -1}}, Scenario{Rates: Rates{Missing: 0.5}}, func(l *Lists) float64 {
			return share(l, "captured", func(r *reckon.Record) bool { return r.Unit == "" })
		}},
		{"truncation", Scenario{Rates: Rates{Truncate: -1, Initials: -1}}, Scenario{Rates: Rates{Truncate: 0.6, Initials: -1}}, func(l *Lists) float64 {
			// Shorter given names in the Cyrillic list make the measure fall.
			return -meanRunes(l, "captured")
		}},
		{"posthumous promotion", Scenario{Rates: Rates{Posthumous: -1}}, Scenario{Rates: Rates{Posthumous: 0.9}}, func(l *Lists) float64 {
			return meanRank(l, "kcna")
		}},
		{"korean age", Scenario{Profiles: ageProfiles(false)}, Scenario{Profiles: ageProfiles(true)}, yearEarly},
		{"scripts", Scenario{Scripts: []Script{DPRK}}, Scenario{Scripts: []Script{Ukrainian}}, func(l *Lists) float64 {
			return share(l, "", func(r *reckon.Record) bool {
				return strings.IndexFunc(r.FamilyName+r.Name, func(c rune) bool { return unicode.Is(unicode.Cyrillic, c) }) >= 0
			})
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.lo.N, tt.hi.N = n, n
			lo, hi := tt.measure(mustGenerate(t, tt.lo, 3)), tt.measure(mustGenerate(t, tt.hi, 3))
			if !(lo < hi) {
				t.Errorf("measure %.4f under %+v, %.4f under %+v: want it to rise", lo, tt.lo, hi, tt.hi)
			}
		})
	}
}

func sumValues(m map[string]int) int {
	s := 0
	for _, v := range m {
		s += v
	}
	return s
}

func TestTypoChangesOneThing(t *testing.T) {
	for _, tt := range []struct {
		s  string
		sc Script
	}{{"리철민", HangulNorth}, {"Chol-min", DPRK}, {"Чхоль Мин", RussianKontsevich}, {"김", HangulSouth}, {"O", Customary}} {
		for seed := range uint64(50) {
			w := &writer{rng: newRand(seed)}
			got := typo(w.rng, tt.s, tt.sc)
			if got == "" {
				t.Fatalf("typo(%q) is empty", tt.s)
			}
			if d := len([]rune(got)) - len([]rune(tt.s)); d < -1 || d > 1 {
				t.Errorf("typo(%q) = %q: more than one letter", tt.s, got)
			}
		}
	}
}

func meanRunes(l *Lists, list string) float64 {
	n, k := 0, 0
	for _, r := range l.Records {
		if r.List == list {
			n++
			k += len([]rune(r.GivenName))
		}
	}
	return float64(k) / float64(n)
}

func meanRank(l *Lists, list string) float64 {
	n, k := 0, 0
	for _, r := range l.Records {
		if r.List != list || r.Rank == "" {
			continue
		}
		for i, x := range ranks {
			if x.ko == r.Rank {
				n++
				k += i
			}
		}
	}
	return float64(k) / float64(n)
}

// ageProfiles are two lists giving the birth year, the second by Korean
// age when korean is set.
func ageProfiles(korean bool) []Profile {
	return []Profile{
		{Name: "a", Scripts: []Script{RR}, Birth: reckon.YearOnly},
		{Name: "b", Scripts: []Script{RR}, Birth: reckon.YearOnly, KoreanAge: korean},
	}
}

// yearEarly is the share of persons on lists a and b whose birth year on
// b is one less than on a.
func yearEarly(l *Lists) float64 {
	year := map[[2]string]int{}
	for _, r := range l.Records {
		year[[2]string{r.List, l.Truth[r.List+"/"+r.RecordID]}] = r.BirthDate.Year
	}
	n, k := 0, 0
	for key, ya := range year {
		if key[0] != "a" || ya == 0 {
			continue
		}
		if yb := year[[2]string{"b", key[1]}]; yb != 0 {
			n++
			if yb == ya-1 {
				k++
			}
		}
	}
	return float64(k) / float64(n)
}
