package pipeline_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"testing"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/linkage"
	"github.com/reckonhq/reckon/pipeline"
	"github.com/reckonhq/reckon/synth"
)

// BenchmarkTraceMatch matches one request, a name in Hangul with a birth
// year, against the index of n generated records (Hangul, Cyrillic and
// Latin lists) with a model fitted on the first 5,000. The index is
// built once, outside the timing; the figure is one request's matching.
// 1M records take about a minute to generate and index: set
// RECKON_BENCH_TRACE_1M=1 to run that size.
func BenchmarkTraceMatch(b *testing.B) {
	sizes := []int{10_000, 100_000}
	if os.Getenv("RECKON_BENCH_TRACE_1M") != "" {
		sizes = append(sizes, 1_000_000)
	}
	for _, n := range sizes {
		b.Run(fmt.Sprintf("records=%d", n), func(b *testing.B) {
			// Four lists capturing half the population each: about
			// two records per person.
			d, err := synth.Generate(rand.New(rand.NewPCG(3, 4)), synth.Options{N: n / 2, Lists: 4, Capture: 0.5})
			if err != nil {
				b.Fatal(err)
			}
			var recs []reckon.Record
			for _, l := range d.Lists {
				for _, r := range l {
					r.ID = int64(len(recs) + 1)
					recs = append(recs, r)
				}
			}
			res, err := linkage.Link(recs[:min(5000, len(recs))], nil, linkage.Config{}, linkage.Options{})
			if err != nil {
				b.Fatal(err)
			}
			ix := pipeline.NewTraceIndex(recs)
			p := d.Persons[len(d.Persons)/2]
			req := &reckon.TraceRequest{ID: 1, Sought: reckon.Sought{Names: []string{p.FamilyNorth + p.Given}, BirthDate: reckon.Date{Year: p.Birth.Year}}}
			var found int
			for b.Loop() {
				found = len(ix.Match(res.Model, req, pipeline.TraceOptions{}))
			}
			b.ReportMetric(float64(len(ix.Block(req))), "compared/op")
			b.ReportMetric(float64(found), "candidates/op")
		})
	}
}
