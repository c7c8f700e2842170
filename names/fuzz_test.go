package names

import (
	"math"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

var fuzzSeeds = []string{
	"Kim Chol Su", "Ri Ch'ŏl-su", "Lee Cheol-su", "Cheol-su LEE", "김철수", "남궁민수",
	"Ким Чхольсу", "Цой Хёк", "Иванов Иван Иванович", "Свердликове", "Дар'їно",
	"Chʼŏl", "ＫＩＭ", "Straße", "", " ", ",", "\xff\xfe", "Ki\xffm", "ㄱㄴ", "金正恩",
	"jongil jongil jongil", strings.Repeat("a", 300), "Сон Ир", "Ahn", "Чонъиль",
}

func FuzzNormalize(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := Normalize(s)
		if !utf8.ValidString(n) {
			t.Fatalf("Normalize(%q) = %q: invalid UTF-8", s, n)
		}
		if n != Normalize(s) {
			t.Fatalf("Normalize(%q) is not deterministic", s)
		}
		if strings.HasPrefix(n, " ") || strings.HasSuffix(n, " ") || strings.Contains(n, "  ") {
			t.Fatalf("Normalize(%q) = %q: stray spaces", s, n)
		}
		if len(s) <= maxInput && Normalize(n) != n {
			t.Fatalf("Normalize is not idempotent on %q: %q then %q", s, n, Normalize(n))
		}
		if c := Compact(s); strings.Contains(c, " ") {
			t.Fatalf("Compact(%q) = %q has a space", s, c)
		}
		_ = DetectScript(s)
		_ = Parse(s)
		_ = ToLatin(s)
		if p := PhoneticKey(s); p != PhoneticKey(s) || !utf8.ValidString(p) {
			t.Fatalf("PhoneticKey(%q) not deterministic or invalid", s)
		}
		for sc := BGN; sc <= Ukrainian2010; sc++ {
			if tr := Transliterate(s, sc); !utf8.ValidString(tr) {
				t.Fatalf("Transliterate(%q, %v) = %q: invalid UTF-8", s, sc, tr)
			}
		}
		for sys := RR; sys <= Kontsevich; sys++ {
			if r := Romanize(s, sys); !utf8.ValidString(r) {
				t.Fatalf("Romanize(%q, %v) = %q: invalid UTF-8", s, sys, r)
			}
		}
	})
}

func FuzzKeys(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s, "Kim Chol Su")
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		ka := KoreanKeys(a)
		if len(ka) > maxKeys || !slices.IsSorted(ka) {
			t.Fatalf("KoreanKeys(%q) = %v: more than %d or unsorted", a, ka, maxKeys)
		}
		if !slices.Equal(ka, KoreanKeys(a)) || !slices.Equal(Keys(a), Keys(a)) {
			t.Fatalf("keys of %q are not deterministic", a)
		}
		for _, k := range ka {
			if k == "" || !utf8.ValidString(k) {
				t.Fatalf("KoreanKeys(%q) has key %q", a, k)
			}
		}
		if ka != nil && !KeysMeet(ka, ka) {
			t.Fatalf("keys of %q do not meet themselves", a)
		}
		given := Prepare(Name{Given: a}).Given
		for _, k := range given.SyllableKeys() {
			if k == "" || !utf8.ValidString(k) {
				t.Fatalf("SyllableKeys(%q) has key %q", a, k)
			}
		}
		na, nb := Parse(a), Parse(b)
		s1, s2 := Compare(na, nb), Compare(nb, na)
		if s1.Score < 0 || s1.Score > 1 {
			t.Fatalf("Compare(%q, %q).Score = %v", a, b, s1.Score)
		}
		// Symmetric: crosswise readings pair p's family with q's given
		// name, so only the pair of levels is compared then.
		l1 := []Level{s1.Family.Level, s1.Given.Level}
		l2 := []Level{s2.Family.Level, s2.Given.Level}
		if s1.Swapped {
			slices.Sort(l1)
			slices.Sort(l2)
		}
		if s1.Swapped != s2.Swapped || !slices.Equal(l1, l2) || math.Abs(s1.Score-s2.Score) > 1e-9 {
			t.Fatalf("Compare(%q, %q) = %v but reversed %v", a, b, s1, s2)
		}
		if same := Compare(na, na); na.Family != "" && Compact(na.Family) != "" && same.Family.Level != Exact {
			t.Fatalf("Compare(%q, itself) = %v", a, same)
		}
		jw := JaroWinkler(a, b)
		if jw < 0 || jw > 1 || jw != JaroWinkler(a, b) {
			t.Fatalf("JaroWinkler(%q, %q) = %v", a, b, jw)
		}
	})
}
