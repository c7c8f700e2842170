package names

import "testing"

var benchNames = []struct{ name, a, b string }{
	{"hangul", "리철수", "김영호"},
	{"dprk", "Ri Chol Su", "Kim Yong Ho"},
	{"cyrillic", "Ли Чхольсу", "Ким Ёнхо"},
	{"russian", "Иванов Иван Иванович", "Petrov Ivan"},
}

func BenchmarkKoreanKeys(b *testing.B) {
	for _, bn := range benchNames {
		b.Run(bn.name, func(b *testing.B) {
			for b.Loop() {
				KoreanKeys(bn.a)
			}
		})
	}
}

func BenchmarkPrepare(b *testing.B) {
	for _, bn := range benchNames {
		n := Parse(bn.a)
		b.Run(bn.name, func(b *testing.B) {
			for b.Loop() {
				Prepare(n)
			}
		})
	}
}

// BenchmarkCompare measures comparing two prepared names, the inner loop
// of record linkage.
func BenchmarkCompare(b *testing.B) {
	for _, bn := range benchNames {
		p, q := Prepare(Parse(bn.a)), Prepare(Parse(bn.b))
		b.Run(bn.name, func(b *testing.B) {
			for b.Loop() {
				p.Compare(&q)
			}
		})
	}
	b.Run("match", func(b *testing.B) {
		p, q := Prepare(Parse("리철수")), Prepare(Parse("Cheol-su Lee"))
		for b.Loop() {
			p.Compare(&q)
		}
	})
}

func BenchmarkJaroWinkler(b *testing.B) {
	for b.Loop() {
		JaroWinkler("cheolsu", "cholsoo")
	}
}
