package linkage

import (
	"math/rand/v2"
	"testing"

	"github.com/reckonhq/reckon/synth"
)

// BenchmarkLink deduplicates and links synthetic four-list data of about
// 10⁴, 10⁵ and 10⁶ records (synth draws about 1.5 records a person) with
// the default configuration, and reports the records and candidate pairs.
// Generating the data is not timed.
//
//	go test -run XXX -bench 'Link/records=1e5' -count 10 ./linkage
func BenchmarkLink(b *testing.B) {
	for _, size := range []struct {
		name    string
		records int
	}{{"1e4", 10_000}, {"1e5", 100_000}, {"1e6", 1_000_000}} {
		b.Run("records="+size.name, func(b *testing.B) {
			recs, _ := synthLists(b, synth.Options{N: size.records * 2 / 3}, 1)
			var res *Result
			for b.Loop() {
				var err error
				res, err = Link(recs, nil, Config{}, Options{Rand: rand.New(rand.NewPCG(1, 2))})
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(recs)), "records")
			b.ReportMetric(float64(res.Stats.Blocking.CandidatePairs), "pairs")
		})
	}
}

// BenchmarkCompare measures comparing one candidate pair field by field.
func BenchmarkCompare(b *testing.B) {
	recs, _ := synthLists(b, synth.Options{N: 20_000}, 1)
	cfg := Config{}.defaults()
	fields, err := cfg.resolveFields(recs)
	if err != nil {
		b.Fatal(err)
	}
	d := prepare(recs, fields, nil, nil)
	d.buildMatrices(cfg.TextClose, nil)
	rules, err := d.compileRules(cfg.Blocking)
	if err != nil {
		b.Fatal(err)
	}
	pairs, _, _ := d.block(rules, cfg.MaxBlock, cfg.Window, 0, nil)
	k := 0
	for b.Loop() {
		p := pairs[k%len(pairs)]
		d.compare(int(p>>32), int(p&0xffffffff), cfg.NameClose, cfg.TextClose)
		k++
	}
	b.ReportMetric(float64(len(pairs)), "pairs")
}
