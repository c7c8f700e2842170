package military

import "testing"

var benchUnits = []string{"제94려단", "94-я отдельная бригада", "Bde 94", "폭풍군단", "93 бр. 2 б-н", "11th Corps / 94th Brigade", "в/ч 12345", "2nd Bn"}

func BenchmarkParseUnit(b *testing.B) {
	for b.Loop() {
		for _, s := range benchUnits {
			ParseUnit(s)
		}
	}
}

func BenchmarkCompare(b *testing.B) {
	h := DefaultHierarchy()
	us := make([]Unit, len(benchUnits))
	for i, s := range benchUnits {
		us[i] = ParseUnit(s)
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, x := range us {
			for _, y := range us {
				h.Compare(x, y)
			}
		}
	}
}

var benchRanks = []string{"하사", "мл. сержант", "Sgt", "старшего лейтенанта", "Lt Col", "특무 상사", "генерал-майор", "Private"}

func BenchmarkParseRank(b *testing.B) {
	for b.Loop() {
		for _, s := range benchRanks {
			ParseRank(s)
		}
	}
}
