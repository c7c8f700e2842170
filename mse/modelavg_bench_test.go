package mse

import "testing"

// BenchmarkSelection times the model-selection-aware interval: every
// model refitted on every replicate (Kosovo: 113 models).
func BenchmarkSelection(b *testing.B) {
	for _, c := range []struct {
		name string
		boot int
	}{{"kosovo", 200}, {"uk_5lists", 20}} {
		tb := mustRead(b, c.name)
		b.Run(c.name, func(b *testing.B) {
			start := cpuNanos()
			for b.Loop() {
				if _, err := SelectionInterval(tb, SelectionOptions{Bootstrap: c.boot, Seed: 1}); err != nil {
					b.Fatal(err)
				}
			}
			reportCPU(b, start)
		})
	}
}
