package linkage

import (
	"math/rand/v2"
	"testing"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/synth"
)

// BenchmarkCompareNames compares the names of random pairs of records,
// as the u-sample does: mostly different names, the costliest path.
func BenchmarkCompareNames(b *testing.B) {
	recs, _ := synthLists(b, synth.Options{N: 20_000}, 1)
	cfg := Config{}.defaults()
	fields, err := cfg.resolveFields(recs)
	if err != nil {
		b.Fatal(err)
	}
	d := prepare(recs, fields, nil, nil)
	rng := rand.New(rand.NewPCG(1, 2))
	pairs := make([][2]int, 1<<16)
	for k := range pairs {
		pairs[k] = [2]int{rng.IntN(d.n), rng.IntN(d.n)}
	}
	k := 0
	for b.Loop() {
		p := pairs[k&(len(pairs)-1)]
		d.compareNames(p[0], p[1], cfg.NameClose)
		k++
	}
}

// TestCompareNamesContract pins what linkage relies on from package
// names: levels on the scale different < initial < close < key < exact
// (which linkage refines: different into different, sounds and near),
// the frequencies of agreed values, and both readings of a full name
// (issue 10).
func TestCompareNamesContract(t *testing.T) {
	tests := []struct {
		name     string
		a, b     reckon.Record
		fam, giv int
	}{
		{"Pak Myongsu = Pak Myŏng Su", reckon.Record{Name: "Pak Myongsu"}, reckon.Record{Name: "Pak Myŏng Su"}, nameExact, nameExact}, // equal once the breve is gone
		{"Jong Un-chol = Un-chol Jong", reckon.Record{Name: "Jong Un-chol"}, reckon.Record{Name: "Un-chol Jong"}, nameExact, nameExact},
		{"initials", reckon.Record{Name: "Kim R.C."}, reckon.Record{FamilyName: "Kim", GivenName: "Ryong Chol"}, nameExact, nameInitial},
		{"same initials are initial", reckon.Record{Name: "Kim R.C."}, reckon.Record{Name: "R. C. Kim"}, nameExact, nameInitial},
		{"truncation is close", reckon.Record{FamilyName: "Kim", GivenName: "Myong"}, reckon.Record{FamilyName: "Ким", GivenName: "Мёнсу"}, nameKey, nameClose},
		{"ukrainian", reckon.Record{Name: "Кім Чхоль Су"}, reckon.Record{FamilyName: "김", GivenName: "철수"}, nameKey, nameKey},
		{"russian phonetic counts as key", reckon.Record{FamilyName: "Иванов", GivenName: "Сергей"}, reckon.Record{FamilyName: "Ivanov", GivenName: "Sergey"}, nameKey, nameKey},
		{"other reading", reckon.Record{Name: "Won Tong Jong"}, reckon.Record{FamilyName: "Вон", GivenName: "Тонджон"}, nameKey, nameKey},
		{"different", reckon.Record{FamilyName: "Ri", GivenName: "Chol Su"}, reckon.Record{FamilyName: "Pak", GivenName: "Yong Ho"}, nameDifferent, nameDifferent},
		{"two surnames of one sound", reckon.Record{FamilyName: "Ri", GivenName: "Chol Su"}, reckon.Record{FamilyName: "Rim", GivenName: "Yong Ho"}, nameSounds, nameDifferent},
		{"a given name's vowels changed", reckon.Record{FamilyName: "김", GivenName: "진문"}, reckon.Record{FamilyName: "Ким", GivenName: "Чун Мин"}, nameKey, nameSounds},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := prepare([]reckon.Record{tt.a, tt.b, tt.a}, DefaultFields(), nil, nil)
			for _, ij := range [][2]int{{0, 1}, {1, 0}} {
				fam, giv, famF, givF := d.compareNames(ij[0], ij[1], 0.88)
				if fam != tt.fam || giv != tt.giv {
					t.Errorf("compareNames(%d, %d) = %d, %d; want %d, %d", ij[0], ij[1], fam, giv, tt.fam, tt.giv)
				}
				if (fam >= nameKey) != (famF > 0) || (giv >= nameKey) != (givF > 0) {
					t.Errorf("frequencies %v, %v for levels %d, %d: want them exactly for key and exact", famF, givF, fam, giv)
				}
			}
			// A record against its own profile agrees exactly, initials
			// only at the initial level.
			fam, giv, _, _ := d.compareNames(0, 2, 0.88)
			wantGiv := nameExact
			if d.prof[d.profOf[0]].p.Given.Initials {
				wantGiv = nameInitial
			}
			if fam != nameExact || (d.prof[d.profOf[0]].p.Given.Compact != "" && giv != wantGiv) {
				t.Errorf("same profile: %d, %d", fam, giv)
			}
		})
	}
}

// TestNameCache checks that the cache of name comparisons changes no
// result: every candidate pair compares alike with and without it, twice
// over (the second time from the cache), and a packed result unpacks to
// itself.
func TestNameCache(t *testing.T) {
	for fam := range 8 {
		for giv := range 8 {
			for flags := range 8 {
				v := packNames(fam, giv, flags&1 != 0, flags&2 != 0, flags&4 != 0)
				f, g, p, q, s := v.unpack()
				if f != fam || g != giv || p != (flags&1 != 0) || q != (flags&2 != 0) || s != (flags&4 != 0) {
					t.Fatalf("packNames(%d, %d, %03b) unpacks to %d %d %v %v %v", fam, giv, flags, f, g, p, q, s)
				}
			}
		}
	}
	d, rules, _ := blockingFixture(t, 1500, 3)
	pairs, _ := sharedPairs(d, rules, 1<<30)
	if len(pairs) < 1000 {
		t.Fatalf("%d pairs: too few to test", len(pairs))
	}
	cached := d.names
	for round := range 2 {
		for _, p := range pairs {
			i, j := int(p>>32), int(p&0xffffffff)
			d.names = nil
			f1, g1, ff1, gf1 := d.compareNames(i, j, 0.88)
			d.names = cached
			f2, g2, ff2, gf2 := d.compareNames(i, j, 0.88)
			if f1 != f2 || g1 != g2 || ff1 != ff2 || gf1 != gf2 {
				t.Fatalf("round %d, records %d and %d: %d %d %v %v without the cache, %d %d %v %v with it", round, i, j, f1, g1, ff1, gf1, f2, g2, ff2, gf2)
			}
		}
	}
}
