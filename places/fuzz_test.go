package places

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func FuzzPlace(f *testing.F) {
	seeds := []string{"", " ", ",", "-do", "с.", "обл.", "\xff\xfe", "함", "남도", "도시", "Hamhung-", "-si",
		strings.Repeat("Плехово, ", 40), "a-b-c-do", "South North", "Курская ская", "скaя"}
	for _, tt := range prepareTests {
		seeds = append(seeds, tt.in)
	}
	for _, tt := range comparePlaceTests {
		seeds = append(seeds, tt.a, tt.b)
	}
	seeds = append(seeds, kurskVillages...)
	for i, s := range seeds {
		f.Add(s, seeds[(i*11+5)%len(seeds)])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		pa, pb := Prepare(a), Prepare(b)
		if pa.String() != Prepare(a).String() {
			t.Fatalf("Prepare(%q) not deterministic", a)
		}
		if !utf8.ValidString(pa.String()) {
			t.Fatalf("Prepare(%q) = %q: invalid UTF-8", a, pa.String())
		}
		if len(pa.Parts) > maxParts {
			t.Fatalf("Prepare(%q): %d parts", a, len(pa.Parts))
		}
		for i, p := range pa.Parts {
			if p.Name == "" || len(p.forms) == 0 {
				t.Fatalf("Prepare(%q): empty part %d: %+v", a, i, p)
			}
			if i > 0 && pa.Parts[i-1].Kind > p.Kind && p.Kind != Unspecified {
				t.Fatalf("Prepare(%q): parts not most specific first: %v", a, pa)
			}
		}
		ab, ba := pa.Compare(&pb), pb.Compare(&pa)
		if ab != ba {
			t.Fatalf("Compare(%q, %q) = %v but reversed %v", a, b, ab, ba)
		}
		if ab < Unknown || ab > Same {
			t.Fatalf("Compare(%q, %q) = %v out of range", a, b, ab)
		}
		if pa.IsZero() {
			if ab != Unknown {
				t.Fatalf("zero place %q compared %v", a, ab)
			}
			return
		}
		if got := pa.Compare(&pa); got != Same {
			t.Fatalf("Compare(x, x) = %v for %q (%v)", got, a, pa)
		}
		if ab == Same {
			ka, kb := pa.Keys(), pb.Keys()
			shared := false
			for _, x := range ka {
				for _, y := range kb {
					shared = shared || x == y
				}
			}
			if !shared && len(pa.Parts[0].forms) == 1 && len(pb.Parts[0].forms) == 1 {
				t.Fatalf("Same places %q %v and %q %v share no key", a, ka, b, kb)
			}
		}
	})
}
