package linkage

import (
	"math/rand/v2"
	"os"
	"runtime"
	"runtime/metrics"
	"sync"
	"testing"
	"time"

	"github.com/reckonhq/reckon/synth"
)

// benchSizes are the sizes of the linkage benchmarks, in persons (synth
// draws about 1.55 records a person over four lists). The large ones run
// only with RECKON_BENCH_LARGE=1: 267,000 persons are the 415,000 records
// of the bar (≤ 30 s), 645,000 persons about a million records
// (≤ 60 s, ≤ 4 GiB), 1,000,000 persons the 1.55 million records the
// issue measured.
var benchSizes = []struct {
	name    string
	persons int
	large   bool
}{
	{"persons=1e4", 10_000, false},
	{"persons=5e4", 50_000, false},
	{"persons=1.5e5", 150_000, true},
	{"persons=2.67e5", 267_000, true},
	{"persons=6.45e5", 645_000, true},
	{"persons=1e6", 1_000_000, true},
}

// peakHeap samples the live heap every few milliseconds until stop is
// called, which returns the largest sample in bytes.
func peakHeap() (stop func() uint64) {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	var peak uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(s)
			peak = max(peak, s[0].Value.Uint64())
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() uint64 {
		close(done)
		wg.Wait()
		return peak
	}
}

// BenchmarkLink deduplicates and links synthetic four-list data with the
// default configuration, and reports the records, candidate pairs and
// the peak live heap of a run (sampled, so a lower bound; the process's
// peak resident size is larger by the garbage the collector lets pile
// up). Generating the data is not timed.
//
//	go test -run XXX -bench 'Link/persons=1e4' -count 10 ./linkage
//	RECKON_BENCH_LARGE=1 go test -run XXX -bench 'Link/persons=1e6' -benchtime 1x -count 5 -timeout 2h ./linkage
func BenchmarkLink(b *testing.B) {
	for _, size := range benchSizes {
		b.Run(size.name, func(b *testing.B) {
			if size.large && os.Getenv("RECKON_BENCH_LARGE") == "" {
				b.Skip("set RECKON_BENCH_LARGE=1 to run")
			}
			recs, _ := synthLists(b, synth.Options{N: size.persons}, 1)
			runtime.GC()
			b.ReportAllocs()
			var res *Result
			var peak uint64
			for b.Loop() {
				stop := peakHeap()
				var err error
				res, err = Link(recs, nil, Config{}, Options{Rand: rand.New(rand.NewPCG(1, 2))})
				if err != nil {
					b.Fatal(err)
				}
				peak = max(peak, stop())
			}
			b.ReportMetric(float64(len(recs)), "records")
			b.ReportMetric(float64(res.Stats.Blocking.CandidatePairs), "pairs")
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
		})
	}
}

// BenchmarkBlock measures blocking alone: keys, blocks, the pairs of
// oversize blocks and removing repeated pairs.
func BenchmarkBlock(b *testing.B) {
	for _, size := range benchSizes {
		b.Run(size.name, func(b *testing.B) {
			if size.large && os.Getenv("RECKON_BENCH_LARGE") == "" {
				b.Skip("set RECKON_BENCH_LARGE=1 to run")
			}
			d, rules, _ := blockingFixture(b, size.persons, 1)
			cfg := Config{}.defaults()
			run := newRunner(Options{})
			runtime.GC()
			b.ReportAllocs()
			var st BlockStats
			for b.Loop() {
				_, _, st = d.block(rules, cfg.MaxBlock, cfg.Window, sessionPairs, run)
			}
			b.ReportMetric(float64(d.n), "records")
			b.ReportMetric(float64(st.CandidatePairs), "pairs")
			b.ReportMetric(st.LeftOut, "left-out")
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
