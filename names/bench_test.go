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
	for _, bn := range []struct{ name, a, b string }{
		{"match", "리철수", "Cheol-su Lee"},
		{"initials", "Kim R. C.", "Kim Ryong Chol"},
		{"other-reading", "Won Tong Jong", "Вон Тонджон"},
		{"near-miss", "Kim Myong", "Ким Мёнсу"},
	} {
		p, q := PrepareFull(bn.a), PrepareFull(bn.b)
		b.Run(bn.name, func(b *testing.B) {
			for b.Loop() {
				p.Compare(&q)
			}
		})
	}
}

// BenchmarkCompareVariants compares the pairs of the variant generator
// (variants_test.go), true and false, as linkage meets them: a mix of
// scripts, orders, initials, truncations and typos.
func BenchmarkCompareVariants(b *testing.B) {
	var ps [][2]Profile
	vgMeasure(3, 500, func(a, c *Profile) (Level, Level) {
		ps = append(ps, [2]Profile{*a, *c})
		return Exact, Exact
	})
	k := 0
	for b.Loop() {
		p := &ps[k%len(ps)]
		p[0].Compare(&p[1])
		k++
	}
	b.ReportMetric(float64(len(ps)), "pairs")
}

func BenchmarkJaroWinkler(b *testing.B) {
	for b.Loop() {
		JaroWinkler("cheolsu", "cholsoo")
	}
}
