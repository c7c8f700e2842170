package military

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func unitSeeds() []string {
	seeds := []string{"", " ", ",", "/", "-", "\xff\xfe", "제", "№", "в/ч", "в/ч А", "military unit", strings.Repeat("94 bde ", 60), "1 2 3 4 5 bn", "б-н-н", "ㄱ려단"}
	for _, tt := range unitTests {
		seeds = append(seeds, tt.in)
	}
	for _, tt := range compareTests {
		seeds = append(seeds, tt.a, tt.b)
	}
	return seeds
}

func FuzzParseUnit(f *testing.F) {
	seeds := unitSeeds()
	for i, s := range seeds {
		f.Add(s, seeds[(i*7+3)%len(seeds)])
	}
	h := DefaultHierarchy()
	f.Fuzz(func(t *testing.T, a, b string) {
		ua, ub := ParseUnit(a), ParseUnit(b)
		if ua.String() != ParseUnit(a).String() {
			t.Fatalf("ParseUnit(%q) not deterministic", a)
		}
		if !utf8.ValidString(ua.String()) {
			t.Fatalf("ParseUnit(%q) = %q: invalid UTF-8", a, ua.String())
		}
		for i, fm := range ua.Path {
			if fm.Echelon <= NoEchelon || fm.Echelon > Army || fm.Number < 0 || fm.Number == 0 && fm.Name == "" {
				t.Fatalf("ParseUnit(%q): bad formation %+v", a, fm)
			}
			if i > 0 && ua.Path[i-1].Echelon <= fm.Echelon {
				t.Fatalf("ParseUnit(%q): path %v not strictly most general first", a, ua.Path)
			}
		}
		ab, ba := h.Compare(ua, ub), h.Compare(ub, ua)
		if ab != ba {
			t.Fatalf("Compare(%q, %q) = %v but reversed %v", a, b, ab, ba)
		}
		if ab < Unknown || ab > Same {
			t.Fatalf("Compare(%q, %q) = %v out of range", a, b, ab)
		}
		if !ua.IsZero() {
			if got := h.Compare(ua, ua); got != Same {
				t.Fatalf("Compare(x, x) = %v for %q (%v)", got, a, ua)
			}
		} else if ab != Unknown {
			t.Fatalf("zero unit of %q compared %v", a, ab)
		}
	})
}

func FuzzParseRank(f *testing.F) {
	seeds := []string{"", " ", "\xff", "ст.", "мл", "2", "2nd", "Lt", "특무", strings.Repeat("старший ", 40)}
	for _, tt := range rankTests {
		seeds = append(seeds, tt.in)
	}
	for i, s := range seeds {
		f.Add(s, seeds[(i*5+1)%len(seeds)])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		ra, oka := ParseRank(a)
		rb, _ := ParseRank(b)
		if r2, ok2 := ParseRank(a); r2 != ra || ok2 != oka {
			t.Fatalf("ParseRank(%q) not deterministic", a)
		}
		if oka != (ra.Grade != NoGrade) || oka && (ra.Grade < OR1 || ra.Grade > OF10 || ra.Title == "") {
			t.Fatalf("ParseRank(%q) = %+v, %v", a, ra, oka)
		}
		if !slices.ContainsFunc(rankTable, func(e rankEntry) bool { return e.title == ra.Title }) && oka {
			t.Fatalf("ParseRank(%q) title %q not in the table", a, ra.Title)
		}
		if CompareRanks(ra, rb) != CompareRanks(rb, ra) {
			t.Fatalf("CompareRanks(%q, %q) not symmetric", a, b)
		}
		if oka && CompareRanks(ra, ra) != Same {
			t.Fatalf("CompareRanks(x, x) != Same for %q", a)
		}
		if !oka && CompareRanks(ra, rb) != Unknown {
			t.Fatalf("unparsed rank %q compared %v", a, CompareRanks(ra, rb))
		}
	})
}
