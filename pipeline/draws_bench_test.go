package pipeline_test

import (
	"context"
	"testing"

	"github.com/reckonhq/reckon/linkage"
	"github.com/reckonhq/reckon/pipeline"
)

// BenchmarkEstimateDraws is estimation with K = 20 linkage draws of
// synthetic lists of 3,000 persons, every method at its defaults: the bar
// is 10 s (issue 10).
func BenchmarkEstimateDraws(b *testing.B) {
	ctx := context.Background()
	s := open(b)
	importSynth(b, s, 1, 3000)
	if _, _, err := pipeline.Link(ctx, s, linkage.Config{}, "", linkage.Options{}); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := pipeline.Estimate(ctx, s, pipeline.EstimateOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}
