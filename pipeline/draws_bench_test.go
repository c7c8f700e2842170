package pipeline_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/reckonhq/reckon/linkage"
	"github.com/reckonhq/reckon/pipeline"
)

// BenchmarkEstimateDraws is estimation of synthetic lists of 3,000
// persons, every method at its defaults, without linkage draws and with
// the default K = 20: the bar is 10 s (issue 10). Besides wall time it
// reports the process's CPU seconds per operation (user + system), which
// a machine shared with other work inflates less.
func BenchmarkEstimateDraws(b *testing.B) {
	ctx := context.Background()
	s := open(b)
	importSynth(b, s, 1, 3000)
	if _, _, err := pipeline.Link(ctx, s, linkage.Config{}, "", linkage.Options{}); err != nil {
		b.Fatal(err)
	}
	for _, k := range []int{-1, pipeline.DefaultLinkageDraws} {
		b.Run(fmt.Sprintf("draws=%d", max(k, 0)), func(b *testing.B) {
			start := cpuNanos()
			for b.Loop() {
				if _, err := pipeline.Estimate(ctx, s, pipeline.EstimateOptions{LinkageDraws: k}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(cpuNanos()-start)/1e9/float64(b.N), "cpu-s/op")
		})
	}
}
