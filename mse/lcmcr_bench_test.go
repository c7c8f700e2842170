package mse

import "testing"

// reportCPU adds the process CPU time per operation since start as the
// metric "cpu-ns/op": on a shared machine wall time (ns/op) includes
// waiting for a core, CPU time does not. Other goroutines of the process
// (the GC, parallel workers) are included.
func reportCPU(b *testing.B, start int64) {
	if c := cpuNanos(); c > 0 && b.N > 0 {
		b.ReportMetric(float64(c-start)/float64(b.N), "cpu-ns/op")
	}
}

// benchIter measures one Gibbs iteration of one chain. The cost of an
// iteration depends on the chain's state (how many classes are
// occupied), which drifts slowly: one chain's average over a second of
// iterations moves by a few percent with the seed. So the iterations
// cycle over four chains (seeds 1-4, each after its warm-up and 1,000
// iterations), one iteration of each in turn; their states fit in L1
// together.
func benchIter(b *testing.B, t *Table) {
	var ss [4]*sampler
	for c := range ss {
		ss[c] = newSampler(t, LCMCROptions{}.withDefaults(), newRNG(uint64(c+1), 0))
		ss[c].warmup()
		for i := 0; i < 1000; i++ {
			ss[c].iterate(true)
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	start := cpuNanos()
	i := 0
	for b.Loop() {
		ss[i&3].iterate(true)
		i++
	}
	reportCPU(b, start)
}

// What an iteration costs, and what did not make it cheaper (issue 14).
// Under cachegrind (reckon mse --method lcmcr --chains 1, burn-in 15,000
// less 5,000, seeds 1-3) a Kosovo iteration is 54-57 thousand
// instructions and about 370 mispredicted branches (valgrind's model):
// 26% of the instructions in binBits, 16% in split itself, 14% in
// binHalves, 12% in gamma, 17% in the rest of iterate. Each of these kept
// the reference tests passing and was dropped for want of a gain in CPU
// time (cpu-ns/op over -count=10, interleaved with the code before; about
// ±5% on the shared machine): binomials of up to 16 units by byte lanes
// compared at once (as many instructions, more mispredictions); BTRD
// instead of binHalves from 65 units (6-17% fewer instructions, no less
// time: BTRD's divisions, logarithms and rejections); gamma's constant c
// tabulated for integer shapes (the same draws, 1% more instructions for
// the extra call); per-cell class orders by decreasing weight; the last 4
// to 32 units placed one at a time, branch-free; xoshiro256++ instead of
// PCG (no faster here: the generator is not what bounds an iteration);
// profile-guided optimisation of the reckon binary; computing both
// gamma constants of a Beta's pair before its first variate (the same
// draws, no gain beyond the noise over 30 whole runs). Kept: split
// divides out each class's conditional probability while the binomial
// before it is drawn, and only for the classes it reaches (160 -> about
// 72 divisions an iteration), and draws its last units without a call
// each: the same draws (TestSplitStream), cpu-ns/op -5.8% (p=0.015,
// -count=10, load 8 on 2 cores).
//
// BenchmarkLCMCRIteration times one Gibbs iteration of one chain on the
// Kosovo table (reference: 14.3 µs, README "Speed baselines") and on the
// same 15 cells with counts scaled to n = 10^3, 10^6 and 10^9: the cost
// must not grow with n. (It rises from 10^3 to about 10^5 because the
// posterior occupies more of the K classes when the counts are large, so
// more of the M x (K-1) conditional binomials are not trivially zero; it
// is bounded by that number of O(1) draws and flat beyond.)
func BenchmarkLCMCRIteration(b *testing.B) {
	kosovo := mustRead(b, "kosovo")
	b.Run("kosovo", func(b *testing.B) { benchIter(b, kosovo) })
	for _, n := range []int64{1e3, 1e6, 1e9} {
		b.Run("scaled_n="+map[int64]string{1e3: "1e3", 1e6: "1e6", 1e9: "1e9"}[n], func(b *testing.B) {
			benchIter(b, scaled(kosovo, n))
		})
	}
}

// BenchmarkLCMCRChains times whole LCMCR runs of 4 chains on 2 workers
// on the Kosovo table. It reports the wall time per Gibbs iteration of a
// chain ("us/iter-chain": the run's wall time over the iterations of one
// chain, as a user waits for it) and per chain-iteration
// ("us/chain-iter": over the iterations of all chains, the throughput of
// the parallel chains); cpu-ns/op counts all goroutines.
func BenchmarkLCMCRChains(b *testing.B) {
	t := mustRead(b, "kosovo")
	opt := LCMCROptions{Seed: 1, Burnin: 1000, Samples: 1000, Thin: 10, Chains: 4, Workers: 2}
	iters := float64(500 + opt.Burnin + opt.Samples*opt.Thin)
	start := cpuNanos()
	for b.Loop() {
		if _, err := LCMCR(t, opt); err != nil {
			b.Fatal(err)
		}
	}
	us := float64(b.Elapsed().Nanoseconds()) / 1e3 / float64(b.N)
	b.ReportMetric(us/iters*float64(opt.Workers)/float64(opt.Chains), "us/iter-chain")
	b.ReportMetric(us/iters/float64(opt.Chains), "us/chain-iter")
	reportCPU(b, start)
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
	start := cpuNanos()
	for b.Loop() {
		if _, err := LogLinear(t, LogLinearOptions{NoHeterogeneity: true, Intervals: -1}); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, start)
}

func BenchmarkStepwiseBCa(b *testing.B) {
	t := mustRead(b, "uk_5lists") // stepwise + 1,000 BCa; reference 98.4 s
	start := cpuNanos()
	for b.Loop() {
		if _, err := Stepwise(t, StepwiseOptions{Seed: 1234}); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, start)
}

// BenchmarkSplit times one multinomial split of n units over ten classes
// with fixed weights (a Kosovo cell's, roughly), the z-step's unit of
// work: its cost must not grow with n (BTRD and bit-parallel binomials
// are O(1) in n; only which algorithm serves a class changes).
func BenchmarkSplit(b *testing.B) {
	w := []float64{0.55, 0.2, 0.1, 0.06, 0.04, 0.025, 0.015, 0.006, 0.003, 0.001}
	order := []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}
	var sum float64
	for _, v := range w {
		sum += v
	}
	out := make([]int64, len(w))
	for _, n := range []int64{1e3, 1e6, 1e9} {
		b.Run("n="+map[int64]string{1e3: "1e3", 1e6: "1e6", 1e9: "1e9"}[n], func(b *testing.B) {
			g := newRNG(1, 0)
			start := cpuNanos()
			for b.Loop() {
				g.split(n, w, sum, out, order)
			}
			reportCPU(b, start)
		})
	}
}
