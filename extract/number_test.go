package extract

import (
	"math"
	"strings"
	"testing"
	"unicode/utf8"
)

var numberTests = []struct {
	name string
	in   string
	want float64
	ok   bool
}{
	{"digits", "300", 300, true},
	{"comma groups", "10,000", 10000, true},
	{"many groups", "1,234,567", 1234567, true},
	{"space groups", "10 000", 10000, true},
	{"no-break space groups", "10\u00a0000", 10000, true},
	{"narrow no-break space groups", "10\u202f000", 10000, true},
	{"thin space groups", "1\u2009250\u2009000", 1250000, true},
	{"decimal", "1.5", 1.5, true},
	{"decimal with groups", "1,234.5", 1234.5, true},
	{"decimal million", "1.2 million", 1200000, true},
	{"decimal comma million", "1,2 million", 1200000, true},
	{"million", "2 million", 2000000, true},
	{"billion", "3 billion", 3e9, true},
	{"thousand", "20 thousand", 20000, true},
	{"lakh", "5 lakh", 500000, true},
	{"k suffix", "300k", 300000, true},
	{"K suffix", "250K", 250000, true},
	{"bn suffix", "1.5bn", 1.5e9, true},
	{"plus", "5,600+", 5600, true},
	{"word", "thirty-six", 36, true},
	{"word with space", "thirty six", 36, true},
	{"teen", "seventeen", 17, true},
	{"hundred and", "one hundred and sixty", 160, true},
	{"a thousand", "a thousand", 1000, true},
	{"a hundred", "a hundred", 100, true},
	{"half a million", "half a million", 500000, true},
	{"quarter of a million", "a quarter of a million", 250000, true},
	{"two dozen", "two dozen", 24, true},
	{"a dozen", "a dozen", 12, true},
	{"half a dozen", "half a dozen", 6, true},
	{"digits dozen", "3 dozen", 36, true},
	{"compound words", "two hundred thousand", 200000, true},
	{"long words", "one million two hundred thousand", 1200000, true},
	{"capitalised", "Forty-Two", 42, true},
	{"zero", "zero", 0, true},
	{"spaces around", "  42 ", 42, true},

	{"empty", "", 0, false},
	{"letters", "many", 0, false},
	{"vague", "hundreds", 0, false},
	{"vague several", "several hundred", 0, false},
	{"two numbers", "5 6", 0, false},
	{"bare scale", "million", 0, false},
	{"article alone", "a", 0, false},
	{"trailing word", "300 people", 0, false},
	{"leading word", "about 300", 0, false},
	{"bad groups", "1,23", 0, false},
	{"unit joined", "40km", 0, false},
	{"ordinal", "3rd", 0, false},
	{"invalid UTF-8", "\xff\xfe", 0, false},
	{"tens twice", "twenty thirty", 0, false},
	{"huge", "999999999999999999999", 0, false},
}

func TestParseNumber(t *testing.T) {
	for _, tt := range numberTests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := ParseNumber(tt.in)
			if ok != tt.ok || ok && math.Abs(got-tt.want) > 1e-6*math.Max(1, tt.want) {
				t.Errorf("ParseNumber(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func FuzzParseNumber(f *testing.F) {
	for _, tt := range numberTests {
		f.Add(tt.in)
	}
	for _, s := range testTexts(f) {
		if len(s) < 200 {
			f.Add(s)
		}
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, ok := ParseNumber(s)
		v2, ok2 := ParseNumber(s)
		if ok != ok2 || v != v2 && !(math.IsNaN(v) && math.IsNaN(v2)) {
			t.Fatalf("ParseNumber(%q) not deterministic", s)
		}
		if ok && (math.IsNaN(v) || math.IsInf(v, 0) || v < 0 || v > maxFigure) {
			t.Fatalf("ParseNumber(%q) = %v, out of range", s, v)
		}
		if ok && !utf8.ValidString(s) && !strings.ContainsFunc(s, func(r rune) bool { return r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' }) {
			t.Fatalf("ParseNumber(%q) = %v from no digits or letters", s, v)
		}
	})
}

func TestRoundHalfEven(t *testing.T) {
	// Reference values: Python's round(), which the guide names (§4).
	tests := []struct {
		num  int64 // tenths
		want int64
	}{
		{45, 4}, {55, 6}, {25, 2}, {35, 4}, {15381, 1538}, {18799, 1880}, {0, 0}, {10, 1}, {44, 4}, {46, 5},
		{315, 32}, {385, 38}, {18000, 1800}, {22000, 2200},
	}
	for _, tt := range tests {
		if got := roundHalfEven(tt.num); got != tt.want {
			t.Errorf("roundHalfEven(%d/10) = %d, want %d", tt.num, got, tt.want)
		}
	}
}

func TestPointBounds(t *testing.T) {
	none := int64(math.MinInt64)
	tests := []struct {
		name   string
		k      qkind
		n      int64
		lo, hi int64 // none for an open end
	}{
		{"exact", qNone, 65, 65, 65},
		{"exact with cue", qExact, 65, 65, 65},
		{"at least", qAtLeast, 10000, 10000, none},
		{"more than: strict", qMoreThan, 3380, 3381, none},
		{"at most: inclusive", qAtMost, 808000, none, 808000},
		{"fewer than: strict", qBelow, 300, none, 299},
		{"up to", qUpTo, 5000, none, 5000},
		{"about 2,000", qAbout, 2000, 1800, 2200},
		{"about 500", qAbout, 500, 450, 550},
		{"about 1,709: half to even", qAbout, 1709, 1538, 1880},
		{"about 5: 4.5 and 5.5 to even", qAbout, 5, 4, 6},
		{"about 35: 31.5 and 38.5 to even", qAbout, 35, 32, 38},
		{"about 15: 13.5 and 16.5 to even", qAbout, 15, 14, 16},
		{"nearly 700: ceil(0.9N)..N-1", qNearly, 700, 630, 699},
		{"nearly 33 million", qNearly, 33000000, 29700000, 32999999},
		{"nearly 76: ceil", qNearly, 76, 69, 75},
		{"nearly 1", qNearly, 1, 1, 1},
		{"lower estimate", qLowerEst, 311000, 311000, none},
		{"upper estimate", qUpperEst, 808000, none, 808000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := pointBounds(tt.k, tt.n)
			if b.hasLo != (tt.lo != none) || b.hasLo && b.lo != tt.lo || b.hasHi != (tt.hi != none) || b.hasHi && b.hi != tt.hi {
				t.Errorf("pointBounds(%v, %d) = %v, want lo %d hi %d", tt.k, tt.n, b.interval(), tt.lo, tt.hi)
			}
		})
	}
}

func TestVagueBounds(t *testing.T) {
	// The table of guide §5, read from text.
	tests := []struct {
		text   string
		key    string
		lo, hi int64
	}{
		{"a couple of", "a couple", 2, 3},
		{"a handful of", "a handful", 2, 5},
		{"a few", "a few", 2, 5},
		{"several", "several", 3, 9},
		{"dozens", "dozens", 24, 99},
		{"a few dozen", "a few dozen", 24, 60},
		{"several dozen", "several dozen", 36, 108},
		{"scores of", "scores", 40, 199},
		{"tens of", "tens", 20, 99},
		{"hundreds", "hundreds", 200, 999},
		{"a few hundred", "a few hundred", 200, 500},
		{"several hundred", "several hundred", 300, 900},
		{"thousands", "thousands", 2000, 9999},
		{"many thousands", "thousands", 2000, 9999},
		{"a few thousand", "a few thousand", 2000, 5000},
		{"several thousand", "several thousand", 3000, 9000},
		{"tens of thousands", "tens of thousands", 20000, 99999},
		{"hundreds of thousands", "hundreds of thousands", 200000, 999999},
		{"millions", "millions", 2000000, 9999999},
		{"a few million", "a few million", 2000000, 5000000},
		{"several million", "several million", 3000000, 9000000},
		{"several hundred thousand", "several hundred thousand", 300000, 900000},
	}
	for _, tt := range tests {
		toks := tokenize(nil, tt.text, 0, len(tt.text), lowerASCII(tt.text))
		a, ok := vagueAtom(toks, 0)
		if !ok || a.key(toks) != tt.key || a.vlo != tt.lo || a.vhi != tt.hi {
			t.Errorf("%q: %v key %q [%d, %d], want %q [%d, %d]", tt.text, ok, a.key(toks), a.vlo, a.vhi, tt.key, tt.lo, tt.hi)
		}
	}
	for _, text := range []string{"a couple were", "few", "scores", "tens", "many", "a number of"} {
		toks := tokenize(nil, text, 0, len(text), lowerASCII(text))
		if a, ok := vagueAtom(toks, 0); ok {
			t.Errorf("%q read as vague %q", text, a.key(toks))
		}
	}
}
