package mse

import (
	"math/rand/v2"
	"testing"
)

// benchIter measures one Gibbs iteration of one chain.
func benchIter(b *testing.B, t *Table) {
	s := newSampler(t, LCMCROptions{}.withDefaults(), rand.New(rand.NewPCG(1, 0)))
	s.warmup()
	for i := 0; i < 1000; i++ {
		s.iterate(true)
	}
	b.ResetTimer()
	for b.Loop() {
		s.iterate(true)
	}
}

func BenchmarkLCMCRIteration(b *testing.B) {
	kosovo := mustRead(b, "kosovo")
	b.Run("kosovo", func(b *testing.B) { benchIter(b, kosovo) })
	for _, n := range []int64{1e3, 1e6} {
		b.Run("scaled_n="+map[int64]string{1e3: "1e3", 1e6: "1e6"}[n], func(b *testing.B) {
			benchIter(b, scaled(kosovo, n))
		})
	}
}

// scaled returns t with the same cells and counts scaled to total about n.
func scaled(t *Table, n int64) *Table {
	out := &Table{Lists: t.Lists, Patterns: t.Patterns, Counts: make([]int64, len(t.Counts))}
	tot := t.N()
	for i, c := range t.Counts {
		out.Counts[i] = max(1, c*n/tot)
	}
	return out
}

func BenchmarkLogLinearExhaustive(b *testing.B) {
	t := mustRead(b, "uk_6lists") // 32,768 models; reference about 620 s
	for b.Loop() {
		if _, err := LogLinear(t, LogLinearOptions{NoHeterogeneity: true, Intervals: -1}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkStepwiseBCa(b *testing.B) {
	t := mustRead(b, "uk_5lists") // stepwise + 1,000 BCa; reference 98.4 s
	for b.Loop() {
		if _, err := Stepwise(t, StepwiseOptions{Seed: 1234}); err != nil {
			b.Fatal(err)
		}
	}
}
