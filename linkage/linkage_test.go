package linkage

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/reckonhq/reckon"
)

func mustDate(tb testing.TB, s string) reckon.Date {
	tb.Helper()
	d, err := reckon.ParseDate(s)
	if err != nil {
		tb.Fatal(err)
	}
	return d
}

// levelOf prepares two records and returns the level name of column.
func levelOf(tb testing.TB, a, b reckon.Record, column string) string {
	tb.Helper()
	fields := DefaultFields()
	d := prepare([]reckon.Record{a, b}, fields, nil, nil)
	cfg := Config{}.defaults()
	c := d.compare(0, 1, cfg.NameClose, cfg.TextClose)
	for fi, f := range fields {
		if f.Column == column {
			return f.Kind.levels()[c.level(fi)]
		}
	}
	tb.Fatalf("no field %s", column)
	return ""
}

func TestDateLevels(t *testing.T) {
	tests := []struct {
		name, a, b, want string
	}{
		{"same day", "1998-03-14", "1998-03-14", "day"},
		{"a day apart is close", "1998-03-14", "1998-03-15", "close"},
		{"days apart in a month", "1998-03-04", "1998-03-25", "month, days differ"},
		{"across a month's end", "1998-03-31", "1998-04-02", "close"},
		{"across a year's end", "1998-12-31", "1999-01-01", "close"},
		{"day and month swapped", "1998-03-05", "1998-05-03", "close"},
		// Issue 10: a month-only date agrees with a full date of that month
		// as far as it is known; it must not count as a disagreement.
		{"month only vs day", "2025-01", "2025-01-05", "month"},
		{"month only both", "2025-01", "2025-01", "month"},
		{"year only vs full date agrees at year", "1998", "1998-03-14", "year"},
		{"year only vs month", "1998", "1998-03", "year"},
		{"same year other month", "1998-04-14", "1998-03-14", "year, months differ"},
		// Korean age and year typos: the day and month still agree, which
		// random dates rarely do.
		{"year apart, same day", "1999-03-14", "1998-03-14", "close"},
		{"two years apart, same day", "2000-03-14", "1998-03-14", "near"},
		{"year apart", "1999-06-02", "1998-03-14", "near"},
		{"years apart", "2001-03-14", "1998-03-14", "different"},
		{"unknown is missing", "", "1998-03-14", "missing"},
		{"both unknown", "", "", "missing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := reckon.Record{BirthDate: mustDate(t, tt.a)}
			b := reckon.Record{BirthDate: mustDate(t, tt.b)}
			if got := levelOf(t, a, b, ColBirthDate); got != tt.want {
				t.Errorf("%s vs %s: %s, want %s", tt.a, tt.b, got, tt.want)
			}
		})
	}
}

func TestNameLevels(t *testing.T) {
	tests := []struct {
		name      string
		a, b      reckon.Record
		fam, giv  string
		wantSwaps bool
	}{
		{"Kim = Gim", reckon.Record{Name: "Kim Chol Su"}, reckon.Record{Name: "Gim Cheolsu"}, "key", "key", false},
		{"Kim = Ким", reckon.Record{Name: "Kim Chol Su"}, reckon.Record{FamilyName: "Ким", GivenName: "Чхольсу"}, "key", "key", false},
		{"Kim = 김", reckon.Record{Name: "Kim Chol Su"}, reckon.Record{FamilyName: "김", GivenName: "철수"}, "key", "key", false},
		{"Ким = 김", reckon.Record{FamilyName: "Ким", GivenName: "Чхольсу"}, reckon.Record{FamilyName: "김", GivenName: "철수"}, "key", "key", false},
		{"Ri = Lee", reckon.Record{Name: "Ri Chol Su"}, reckon.Record{Name: "Lee Cheol-su"}, "key", "key", false},
		{"Ri = Ли", reckon.Record{Name: "Ri Chol Su"}, reckon.Record{FamilyName: "Ли", GivenName: "Чхольсу"}, "key", "key", false},
		{"Ri = 리", reckon.Record{Name: "Ri Chol Su"}, reckon.Record{FamilyName: "리", GivenName: "철수"}, "key", "key", false},
		{"Lee = 이", reckon.Record{Name: "Lee Cheol-su"}, reckon.Record{FamilyName: "이", GivenName: "철수"}, "key", "key", false},
		{"Choe = Choi", reckon.Record{Name: "Choe Yong Ho"}, reckon.Record{Name: "Choi Yong-ho"}, "key", "exact", false},
		{"Choe = Чхве", reckon.Record{Name: "Choe Yong Ho"}, reckon.Record{FamilyName: "Чхве", GivenName: "Ёнхо"}, "key", "key", false},
		{"Choi = 최", reckon.Record{Name: "Choi Yong-ho"}, reckon.Record{FamilyName: "최", GivenName: "영호"}, "key", "key", false},
		{"same spelling is exact", reckon.Record{FamilyName: "Pak", GivenName: "Song Il"}, reckon.Record{FamilyName: "PAK", GivenName: "Song-il"}, "exact", "exact", false},
		{"given name first", reckon.Record{Name: "Cheol-su Lee"}, reckon.Record{FamilyName: "리", GivenName: "철수"}, "key", "key", false},
		{"typo is close", reckon.Record{FamilyName: "Kim", GivenName: "Cholsu"}, reckon.Record{FamilyName: "Kim", GivenName: "Cholsux"}, "exact", "close", false},
		{"transposition is close", reckon.Record{FamilyName: "Orlov", GivenName: "Mikhail"}, reckon.Record{FamilyName: "Orlov", GivenName: "Mikhial"}, "exact", "close", false},
		{"other person", reckon.Record{FamilyName: "Kim", GivenName: "Chol Su"}, reckon.Record{FamilyName: "Pak", GivenName: "Yong Ho"}, "different", "different", false},
		{"initial", reckon.Record{FamilyName: "Kim", GivenName: "C. S."}, reckon.Record{FamilyName: "Kim", GivenName: "Chol Su"}, "exact", "initial", false},
		{"missing given", reckon.Record{FamilyName: "Kim"}, reckon.Record{FamilyName: "Kim", GivenName: "Chol Su"}, "exact", "missing", false},
		{"Russian across scripts", reckon.Record{FamilyName: "Иванов", GivenName: "Сергей"}, reckon.Record{FamilyName: "Ivanov", GivenName: "Sergey"}, "key", "key", false},
		// A DPRK-style full name whose last word is a commoner surname
		// than its first is read both ways.
		{"Won Tong Jong", reckon.Record{Name: "Won Tong Jong"}, reckon.Record{FamilyName: "Вон", GivenName: "Тонджон"}, "key", "key", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := levelOf(t, tt.a, tt.b, ColFamilyName); got != tt.fam {
				t.Errorf("family: %s, want %s", got, tt.fam)
			}
			if got := levelOf(t, tt.a, tt.b, ColGivenName); got != tt.giv {
				t.Errorf("given: %s, want %s", got, tt.giv)
			}
		})
	}
}

func TestTextLevels(t *testing.T) {
	tests := []struct {
		name, column, a, b, want string
	}{
		{"place across scripts", ColDeathPlace, "Свердликово", "Sverdlykove", "key"},
		{"place transliterations", ColDeathPlace, "Sverdlikovo", "Sverdlykove", "key"},
		{"same place", ColDeathPlace, "Суджа", "суджа", "exact"},
		{"a village with and without its region", ColDeathPlace, "Tetkino", "Tetkino, Kursk Oblast", "key"},
		{"a village and its region", ColDeathPlace, "Плехово, Курская обл.", "Kursk oblast", "partial"},
		{"Ukrainian and Russian spellings", ColDeathPlace, "Плехово", "Pliekhove", "key"},
		{"two villages of one region", ColDeathPlace, "Плехово, Курская обл.", "Погребки, Курская обл.", "different"},
		{"other place", ColDeathPlace, "Суджа", "Плехово", "different"},
		{"unit numbers across scripts", ColUnit, "93 бр. 2 б-н", "93 Bde / 2 Bn", "same"},
		// Issue 10: a brigade and its corps agree partly.
		{"brigade and its corps", ColUnit, "94th Brigade", "11th Corps", "related"},
		{"brigade and its corps by name", ColUnit, "제94려단", "Storm Corps", "related"},
		{"brigade across three scripts", ColUnit, "제94려단", "94-я отдельная бригада", "same"},
		{"other battalions of one brigade", ColUnit, "93 бр. 2 б-н", "93 Bde / 1 Bn", "different"},
		{"units share no number", ColUnit, "military unit 12345", "military unit 54321", "different"},
		{"a battalion and an unconnected corps say nothing", ColUnit, "2nd Battalion", "11th Corps", "missing"},
		// Issue 10: "Sergeant" against "сержант" was "different".
		{"rank across scripts", ColRank, "Sergeant", "сержант", "same"},
		{"rank one grade apart", ColRank, "Private", "ефрейтор", "one grade apart"},
		{"ranks far apart", ColRank, "Private", "Colonel", "different"},
		{"sex across scripts", ColSex, "м", "M", "exact"},
		{"sex differs", ColSex, "F", "male", "different"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var a, b reckon.Record
			switch tt.column {
			case ColDeathPlace:
				a.DeathPlace, b.DeathPlace = tt.a, tt.b
			case ColUnit:
				a.Unit, b.Unit = tt.a, tt.b
			case ColRank:
				a.Rank, b.Rank = tt.a, tt.b
			case ColSex:
				a.Sex, b.Sex = tt.a, tt.b
			}
			if got := levelOf(t, a, b, tt.column); got != tt.want {
				t.Errorf("%q vs %q: %s, want %s", tt.a, tt.b, got, tt.want)
			}
		})
	}
}

// kimData is records of many Kims and one rare family name, all with
// distinct given names and birth dates, in two lists that share every
// person.
func kimData() []reckon.Record {
	syl := []string{"Chol", "Su", "Yong", "Ho", "Myong", "Il", "Song", "Hun", "Kwang", "Jin", "Nam", "Hyok"}
	var recs []reckon.Record
	add := func(family, given string, k int) {
		b := reckon.Date{Year: 1980 + k%25, Month: 1 + k%12, Day: 1 + k%28}
		for l, list := range []string{"a", "b"} {
			recs = append(recs, reckon.Record{RecordID: family + given, List: list, FamilyName: family, GivenName: given, BirthDate: b, Rank: []string{"private", "sergeant"}[l]})
		}
	}
	k := 0
	for _, a := range syl {
		for _, b := range syl {
			if a != b {
				add("Kim", a+" "+b, k)
				k++
			}
		}
	}
	add("Hegai", "Chol Su", 1000)
	return recs
}

func TestTermFrequency(t *testing.T) {
	recs := kimData()
	res, err := Link(recs, nil, Config{}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	weight := func(e Explanation) float64 {
		for _, f := range e.Fields {
			if f.Column == ColFamilyName {
				if f.Level != "exact" || f.Frequency == 0 {
					t.Fatalf("family name: level %s frequency %g, want exact and adjusted", f.Level, f.Frequency)
				}
				return f.Weight
			}
		}
		t.Fatal("no family name")
		return 0
	}
	kim := weight(res.Model.Explain(recs[0], recs[1]))
	rare := weight(res.Model.Explain(recs[len(recs)-2], recs[len(recs)-1]))
	// Kim is 132 of 133 names, Hegai 1 of 133: log2(132) ≈ 7 bits apart,
	// less the shrinkage of frequencies towards U with few records.
	if rare-kim < 3 {
		t.Errorf("agreeing on Kim weighs %.2f, on a rare name %.2f: want the rare name at least 3 bits more", kim, rare)
	}
	off, err := Link(recs, nil, Config{NoTermFrequency: true}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	e := off.Model.Explain(recs[0], recs[1])
	for _, f := range e.Fields {
		if f.Frequency != 0 {
			t.Errorf("%s: frequency %g with NoTermFrequency", f.Column, f.Frequency)
		}
	}
}

// TestEM simulates comparison vectors from known M, U and λ and checks
// that EM recovers them, with U free and with U fixed at its true value.
func TestEM(t *testing.T) {
	nlev := []int{4, 3, 3, 5}
	trueM := [][]float64{{1, 0.05, 0.15, 0.80}, {1, 0.1, 0.9}, {1, 0.2, 0.8}, {1, 0.05, 0.05, 0.2, 0.7}}
	trueU := [][]float64{{1, 0.90, 0.07, 0.03}, {1, 0.8, 0.2}, {1, 0.7, 0.3}, {1, 0.85, 0.1, 0.04, 0.01}}
	const lambda = 0.25
	const n = 200_000
	rng := rand.New(rand.NewPCG(3, 4))
	draw := func(p []float64) int {
		x := rng.Float64()
		for l := 1; l < len(p); l++ {
			if x < p[l] {
				return l
			}
			x -= p[l]
		}
		return len(p) - 1
	}
	counts := map[uint64]float64{}
	for range n {
		p := trueU
		if rng.Float64() < lambda {
			p = trueM
		}
		var pat uint64
		for f := range nlev {
			l := draw(p[f])
			if rng.IntN(10) == 0 {
				l = 0 // missing: no evidence
			}
			pat |= uint64(l) << (4 * f)
		}
		counts[pat]++
	}
	pats := make([]uint64, 0, len(counts))
	for p := range counts {
		pats = append(pats, p)
	}
	slices.Sort(pats)
	cs := make([]float64, len(pats))
	for k, p := range pats {
		cs[k] = counts[p]
	}
	m0 := [][]float64{{1, 0.2, 0.3, 0.5}, {1, 0.5, 0.5}, {1, 0.5, 0.5}, {1, 0.2, 0.2, 0.3, 0.3}}
	u0 := [][]float64{{1, 0.6, 0.2, 0.2}, {1, 0.5, 0.5}, {1, 0.5, 0.5}, {1, 0.4, 0.3, 0.2, 0.1}}
	const tol = 0.02 // a few standard errors at n = 200,000
	check := func(name string, r emResult, wantU bool) {
		if math.Abs(r.lambda-lambda) > tol {
			t.Errorf("%s: lambda %.4f, want %.2f ± %.2f", name, r.lambda, lambda, tol)
		}
		for f := range nlev {
			for l := 1; l < nlev[f]; l++ {
				if math.Abs(r.m[f][l]-trueM[f][l]) > tol {
					t.Errorf("%s: m[%d][%d] = %.4f, want %.2f ± %.2f", name, f, l, r.m[f][l], trueM[f][l], tol)
				}
				if wantU && math.Abs(r.u[f][l]-trueU[f][l]) > tol {
					t.Errorf("%s: u[%d][%d] = %.4f, want %.2f ± %.2f", name, f, l, r.u[f][l], trueU[f][l], tol)
				}
			}
		}
	}
	check("free u", em(pats, cs, nlev, m0, u0, 0.5, 1, 1000, false), true)
	check("fixed u", em(pats, cs, nlev, m0, trueU, 0.5, 1, 1000, true), false)
}

// sameSoldier returns three records of one soldier in three lists.
func sameSoldier(t *testing.T) []reckon.Record {
	b := mustDate(t, "1998-03-14")
	return []reckon.Record{
		{RecordID: "1", List: "kcna", FamilyName: "리", GivenName: "철수", BirthDate: b, Unit: "제94려단 제2대대"},
		{RecordID: "1", List: "captured", FamilyName: "Ли", GivenName: "Чхольсу", BirthDate: b, Unit: "94 бр. 2 б-н"},
		{RecordID: "1", List: "gur", Name: "Ri Chol Su", BirthDate: b, Unit: "94 Bde / 2 Bn"},
	}
}

// withFiller adds unrelated soldiers so that the model has pairs to learn
// from.
func withFiller(recs []reckon.Record) []reckon.Record {
	return append(recs, kimData()...)
}

func TestDecisions(t *testing.T) {
	recs := withFiller(sameSoldier(t))
	base, err := Link(recs, nil, Config{}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if base.PersonOf[0] != base.PersonOf[1] || base.PersonOf[1] != base.PersonOf[2] {
		t.Fatalf("the three records of one soldier are persons %d %d %d", base.PersonOf[0], base.PersonOf[1], base.PersonOf[2])
	}

	t.Run("cannot link splits", func(t *testing.T) {
		ds := []Decision{{A: "kcna/1", B: "captured/1", Same: false}}
		res, err := Link(recs, ds, Config{}, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if res.PersonOf[0] == res.PersonOf[1] {
			t.Error("records decided apart are one person")
		}
		if res.Stats.Decisions != 1 {
			t.Errorf("%d decisions applied, want 1", res.Stats.Decisions)
		}
		for _, p := range res.Review {
			if p.A == 0 && p.B == 1 {
				t.Error("a decided pair is offered for review")
			}
		}
	})

	t.Run("must link merges", func(t *testing.T) {
		// Two Kims with nothing in common but the family name.
		k1, k2 := RecordKey(recs[3]), RecordKey(recs[len(recs)-4])
		if base.PersonOf[3] == base.PersonOf[len(recs)-4] {
			t.Fatalf("%s and %s are one person before any decision", k1, k2)
		}
		res, err := Link(recs, []Decision{{A: k1, B: k2, Same: true}}, Config{}, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if res.PersonOf[3] != res.PersonOf[len(recs)-4] {
			t.Error("records decided the same are two persons")
		}
	})

	t.Run("later decision wins", func(t *testing.T) {
		ds := []Decision{{A: "kcna/1", B: "gur/1", Same: false}, {A: "gur/1", B: "kcna/1", Same: true}}
		res, err := Link(recs, ds, Config{}, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if res.PersonOf[0] != res.PersonOf[2] {
			t.Error("the later decision (same) was not applied")
		}
	})

	t.Run("unknown records are ignored", func(t *testing.T) {
		res, err := Link(recs, []Decision{{A: "kcna/1", B: "nowhere/9", Same: false}}, Config{}, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if res.Stats.UnknownDecisions != 1 || res.Stats.Decisions != 0 {
			t.Errorf("unknown %d applied %d, want 1 and 0", res.Stats.UnknownDecisions, res.Stats.Decisions)
		}
	})

	t.Run("contradiction is an error", func(t *testing.T) {
		ds := []Decision{
			{A: "kcna/1", B: "captured/1", Same: true},
			{A: "captured/1", B: "gur/1", Same: true},
			{A: "kcna/1", B: "gur/1", Same: false},
		}
		_, err := Link(recs, ds, Config{}, Options{})
		if reckon.ErrorCode(err) != reckon.EINVALID {
			t.Errorf("error %v, want code invalid", err)
		}
	})
}

// TestNoChaining: A~B strong and B~C strong, but A and C decided apart,
// must not give one person of A, B and C.
func TestNoChaining(t *testing.T) {
	recs := withFiller(sameSoldier(t))
	ds := []Decision{{A: "kcna/1", B: "gur/1", Same: false}}
	res, err := Link(recs, ds, Config{}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	a, b, c := res.PersonOf[0], res.PersonOf[1], res.PersonOf[2]
	if a == c {
		t.Fatal("A and C decided apart are one person")
	}
	if b != a && b != c {
		t.Error("B, strongly like both, joined neither")
	}

	// Without decisions, clustering does not chain through a weak link
	// either: A~B and B~C strong, A and C strongly unlike.
	in := clusterInput{
		n:         3,
		pairs:     []uint64{0<<32 | 1, 0<<32 | 2, 1<<32 | 2},
		logit:     []float32{10, -14, 8},
		cannot:    map[uint64]bool{},
		score:     func(i, j int) float64 { panic("all pairs are candidates") },
		threshold: 0,
		maxComp:   64,
	}
	label, _, _ := cluster(in, nil)
	if label[0] == label[2] {
		t.Errorf("labels %v: A and C, strongly unlike, are one person", label)
	}
	if label[1] != label[0] {
		t.Errorf("labels %v: B should go with A, its stronger link", label)
	}
}

// TestMergeScore checks the clustering's merge rule on three records A, B
// and C with prior log-odds −12: A and B are one person (log-odds +10),
// C matches A (+2, weight 14) and B only weakly (−4, weight 8), as a
// sparse record does whose shared fields with B are few.
func TestMergeScore(t *testing.T) {
	tests := []struct {
		name     string
		list     []int32
		cb       float32 // log-odds of C and B
		together bool    // C joins A and B
	}{
		// The weak pair holds no evidence against: a weight of 8 is more
		// than half of the 12 a link needs. Averaging the log-odds (−1)
		// kept C apart.
		{"weak pair of two lists", []int32{0, 1, 2}, -4, true},
		// Weight 3, 3 short of half: 2 − 3 < 0.
		{"weaker pair of two lists", []int32{0, 1, 2}, -9, false},
		// B and C on one list must convince on their own: −4 counts.
		{"weak pair of one list", []int32{0, 1, 1}, -4, false},
		{"no lists known", nil, -4, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := clusterInput{
				n:         3,
				pairs:     []uint64{0<<32 | 1, 0<<32 | 2, 1<<32 | 2},
				logit:     []float32{10, 2, tt.cb},
				cannot:    map[uint64]bool{},
				score:     func(i, j int) float64 { panic("all pairs are candidates") },
				threshold: 0,
				prior:     -12,
				list:      tt.list,
				maxComp:   64,
			}
			label, _, _ := cluster(in, nil)
			if label[0] != label[1] {
				t.Fatalf("labels %v: A and B apart", label)
			}
			if got := label[2] == label[0]; got != tt.together {
				t.Errorf("labels %v: C with A and B %v, want %v", label, got, tt.together)
			}
		})
	}
}

func TestDeterminism(t *testing.T) {
	recs, _ := synthLists(t, synthOptions(600), 5)
	run := func(workers int) *Result {
		res, err := Link(recs, nil, Config{}, Options{Rand: rand.New(rand.NewPCG(9, 9)), Workers: workers})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	a, b, c := run(2), run(2), run(1)
	for _, r := range []*Result{b, c} {
		if !slices.Equal(a.PersonOf, r.PersonOf) || !slices.Equal(a.Probability, r.Probability) {
			t.Fatal("same input and seed, different persons")
		}
		if !slices.Equal(a.Review, r.Review) {
			t.Fatal("same input and seed, different review list")
		}
		if a.Model.Lambda != r.Model.Lambda {
			t.Fatal("same input and seed, different model")
		}
	}
}

func TestEvaluate(t *testing.T) {
	truth := map[string]string{"a": "1", "b": "1", "c": "1", "d": "2", "e": "3"}
	pred := map[string]string{"a": "x", "b": "x", "c": "y", "d": "y", "e": "z"}
	ev := Evaluate(truth, pred)
	// True pairs ab ac bc; predicted ab cd; correct ab.
	if ev.TruePairs != 3 || ev.PredictedPairs != 2 || ev.GoodPairs != 1 {
		t.Fatalf("pairs %d %d %d, want 3 2 1", ev.TruePairs, ev.PredictedPairs, ev.GoodPairs)
	}
	near := func(got, want float64) bool { return math.Abs(got-want) < 1e-9 }
	if !near(ev.Pairwise.Precision, 0.5) || !near(ev.Pairwise.Recall, 1.0/3) {
		t.Errorf("pairwise %+v", ev.Pairwise)
	}
	// Only {e} is predicted exactly: precision 1/3 (x, y, z), recall 1/3.
	if !near(ev.Cluster.Precision, 1.0/3) || !near(ev.Cluster.Recall, 1.0/3) {
		t.Errorf("cluster %+v", ev.Cluster)
	}
	// B-cubed precision: a, b 1; c, d 1/2; e 1 → 4/5. Recall: a, b 2/3;
	// c 1/3; d, e 1 → 11/15.
	if !near(ev.BCubed.Precision, 0.8) || !near(ev.BCubed.Recall, 11.0/15) {
		t.Errorf("b-cubed %+v", ev.BCubed)
	}
	if ev := Evaluate(truth, truth); ev.Pairwise.F1 != 1 || ev.Cluster.F1 != 1 || ev.BCubed.F1 != 1 {
		t.Errorf("the truth scores %+v", ev)
	}
}

func TestConfigErrors(t *testing.T) {
	recs := sameSoldier(t)
	tests := []struct {
		name string
		cfg  Config
		want string
	}{
		{"bad kind", Config{Fields: []Field{{Column: "unit", Kind: "fuzzy"}}}, "kind"},
		{"name kind on a place", Config{Fields: []Field{{Column: "death_place", Kind: KindName}}}, "kind name"},
		{"field twice", Config{Fields: []Field{{Column: "unit"}, {Column: "unit"}}}, "twice"},
		{"empty rule", Config{Blocking: []Rule{{}}}, "empty"},
		{"rule on no field", Config{Blocking: []Rule{{On: []string{"shoe_size"}}}}, "not a compared field"},
		{"bad modifier", Config{Blocking: []Rule{{On: []string{"birth_date:week"}}}}, "modifier"},
		{"bad attributes", Config{Attributes: "some"}, "attributes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Link(recs, nil, tt.cfg, Options{})
			if reckon.ErrorCode(err) != reckon.EINVALID || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want invalid with %q", err, tt.want)
			}
		})
	}
	dup := append(recs, recs[0])
	if _, err := Link(dup, nil, Config{}, Options{}); reckon.ErrorCode(err) != reckon.EINVALID {
		t.Errorf("repeated record: error %v, want invalid", err)
	}
}

func TestEmptyAndTiny(t *testing.T) {
	for n := range 3 {
		recs := sameSoldier(t)[:n]
		res, err := Link(recs, nil, Config{}, Options{})
		if err != nil {
			t.Fatalf("%d records: %v", n, err)
		}
		if len(res.PersonOf) != n {
			t.Errorf("%d records, %d assignments", n, len(res.PersonOf))
		}
	}
}

func TestAttributes(t *testing.T) {
	recs := []reckon.Record{
		{RecordID: "1", List: "a", FamilyName: "Smith", Attributes: map[string]string{"postcode": "2000", "row": "1"}},
		{RecordID: "2", List: "a", FamilyName: "Jones", Attributes: map[string]string{"postcode": "2001", "row": "2"}},
		{RecordID: "3", List: "a", FamilyName: "Smyth", Attributes: map[string]string{"postcode": "2000", "row": "3"}},
	}
	fields, err := Config{}.resolveFields(recs)
	if err != nil {
		t.Fatal(err)
	}
	var cols []string
	for _, f := range fields {
		cols = append(cols, f.Column)
	}
	if !slices.Contains(cols, "postcode") {
		t.Errorf("fields %v: want the postcode attribute", cols)
	}
	if slices.Contains(cols, "row") {
		t.Errorf("fields %v: a column unique per record is not about the person", cols)
	}
}

// TestCutOversize: a chain of 200 records linked at alternating strengths
// is cut at a higher threshold into pieces that fit MaxComponent.
func TestCutOversize(t *testing.T) {
	const n = 200
	in := clusterInput{n: n, cannot: map[uint64]bool{}, threshold: 0, maxComp: 64,
		score: func(i, j int) float64 { return -20 }}
	for i := 0; i < n-1; i++ {
		in.pairs = append(in.pairs, uint64(i)<<32|uint64(i+1))
		in.logit = append(in.logit, []float32{6, 30}[i%2])
	}
	label, _, st := cluster(in, nil)
	if st.cut != 1 {
		t.Errorf("%d components cut, want 1", st.cut)
	}
	for i := 0; i < n-1; i++ {
		strong := i%2 == 1
		if together := label[i] == label[i+1]; together != strong {
			t.Fatalf("records %d and %d, linked at %v bits in an oversize chain: together %v", i, i+1, in.logit[i], together)
		}
	}
}

// TestOwnFields: a configuration listing its own fields gets the default
// rules that apply to them.
func TestOwnFields(t *testing.T) {
	recs := withFiller(sameSoldier(t))
	cfg := Config{Fields: []Field{{Column: ColFamilyName}, {Column: ColGivenName}, {Column: ColBirthDate}}}
	res, err := Link(recs, nil, cfg, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.PersonOf[0] != res.PersonOf[1] || res.PersonOf[1] != res.PersonOf[2] {
		t.Error("one soldier in three scripts is not one person")
	}
	for _, r := range res.Stats.Blocking.Rules {
		if strings.Contains(r, "unit") || strings.Contains(r, "death") {
			t.Errorf("rule %q on a field not compared", r)
		}
	}
	if _, err := Link(recs, nil, Config{Fields: []Field{{Column: ColSex}}}, Options{}); reckon.ErrorCode(err) != reckon.EINVALID {
		t.Errorf("no rule applies: error %v, want invalid", err)
	}
}

func TestProgress(t *testing.T) {
	recs, _ := synthLists(t, synthOptions(300), 2)
	last := map[string]int{}
	var order []string
	_, err := Link(recs, nil, Config{}, Options{Progress: func(stage string, done, total int) {
		if done > total || done <= last[stage] {
			t.Errorf("%s: %d of %d after %d", stage, done, total, last[stage])
		}
		if _, seen := last[stage]; !seen {
			order = append(order, stage)
		}
		last[stage] = done
	}})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"prepare", "block keys", "block sort", "block pairs", "block dedupe", "sample", "sessions", "score", "cluster"}
	if !slices.Equal(order, want) {
		t.Errorf("stages %v, want %v", order, want)
	}
}

// TestSalvage: a date kept as written (issue 10: "1945-04-93" stopped
// reckon link) is compared as far as it still reads.
func TestSalvage(t *testing.T) {
	tests := []struct{ raw, want string }{
		{"1945-04-93", "1945-04"},
		{"19450493", "1945-04"},
		{"1945-13-01", "1945"},
		{"late 2024", ""},
		{"2025-1-x", "2025"},
		{"30.02.2025", ""},
	}
	for _, tt := range tests {
		d := reckon.ParseDateLoose(tt.raw)
		if d.Parsed() {
			t.Fatalf("%q parsed as %v", tt.raw, d)
		}
		if got := salvage(d).String(); got != tt.want {
			t.Errorf("salvage(%q) = %q, want %q", tt.raw, got, tt.want)
		}
	}
}

// An identity number (a value for every few records) blocks alone, so
// that records whose names were replaced still meet (FEBRL 3: default
// recall 0.942 to 1.000); a postcode shared by many does not.
func TestAttributeRules(t *testing.T) {
	var recs []reckon.Record
	for i := range 400 {
		recs = append(recs, reckon.Record{RecordID: fmt.Sprint(i), List: "a", Attributes: map[string]string{
			"soc_sec_id": fmt.Sprint(1000 + i/2), // two records a number
			"postcode":   fmt.Sprint(i % 40),     // ten records a code
		}})
	}
	fields := []Field{{Column: "soc_sec_id", Kind: KindExact}, {Column: "postcode", Kind: KindExact}}
	var got []string
	for _, r := range attributeRules(recs, fields) {
		got = append(got, strings.Join(r.On, " + "))
	}
	want := []string{"soc_sec_id", "soc_sec_id + given_name:initial", "postcode + given_name:initial"}
	if !slices.Equal(got, want) {
		t.Errorf("attributeRules = %q, want %q", got, want)
	}
}

// The broad rules stay in the defaults for small data and leave
// them beyond broadRecords; explicit rules are never changed.
func TestScaleRules(t *testing.T) {
	rules := DefaultRules()
	var broad []string
	for _, r := range rules {
		if broadRule(r) {
			broad = append(broad, strings.Join(r.On, " + "))
		}
	}
	if want := []string{"given_name + family_name:initial", "family_name + given_name:initial", "family_name + given_name:initials", "birth_date:day + unit"}; !slices.Equal(broad, want) {
		t.Errorf("broad default rules %q, want %q", broad, want)
	}
	if got := scaleRules(rules, broadRecords); len(got) != len(rules) {
		t.Errorf("%d records: %d rules, want all %d", broadRecords, len(got), len(rules))
	}
	if got := scaleRules(rules, broadRecords+1); len(got) != len(rules)-len(broad) || slices.ContainsFunc(got, broadRule) {
		t.Errorf("%d records: %d rules, want %d without the broad ones", broadRecords+1, len(got), len(rules)-len(broad))
	}
	if len(DefaultRules()) != len(rules) {
		t.Error("scaleRules changed DefaultRules")
	}
}

// When the names agree best read crosswise, explain shows the values it
// compared: one's family name beside the other's given name (FEBRL 2 had
// "harry" beside "alissa" at the key level).
func TestExplainSwappedShowsCompared(t *testing.T) {
	recs := []reckon.Record{
		{RecordID: "1", List: "a", FamilyName: "Kim", GivenName: "Chol Su", BirthDate: reckon.Date{Year: 2001, Month: 3, Day: 4}},
		{RecordID: "2", List: "b", FamilyName: "Chol Su", GivenName: "Kim", BirthDate: reckon.Date{Year: 2001, Month: 3, Day: 4}},
		{RecordID: "3", List: "b", FamilyName: "Pak", GivenName: "Myong Il", BirthDate: reckon.Date{Year: 1999, Month: 1, Day: 2}},
	}
	res, err := Link(recs, nil, Config{}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	e := res.Explain(0, 1)
	if !e.Swapped {
		t.Fatalf("not read crosswise: %s", e)
	}
	for _, f := range e.Fields {
		if (f.Column == ColFamilyName || f.Column == ColGivenName) && !strings.Contains(strings.ToLower(f.A), strings.ToLower(strings.ReplaceAll(f.B, " ", ""))[:2]) {
			t.Errorf("%s: %q beside %q, not the values compared", f.Column, f.A, f.B)
		}
	}
}
