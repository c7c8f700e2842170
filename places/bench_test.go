package places

import "testing"

var benchPlaces = []string{"함흥", "Хамхын", "Hamhŭng", "Плехово, Курская обл.", "Pliekhove", "Sudja", "Курская область", "함경남도 함흥시"}

func BenchmarkPrepare(b *testing.B) {
	for b.Loop() {
		for _, s := range benchPlaces {
			Prepare(s)
		}
	}
}

func BenchmarkCompare(b *testing.B) {
	ps := make([]Place, len(benchPlaces))
	for i, s := range benchPlaces {
		ps[i] = Prepare(s)
	}
	b.ReportAllocs()
	for b.Loop() {
		for i := range ps {
			for j := range ps {
				ps[i].Compare(&ps[j])
			}
		}
	}
}
