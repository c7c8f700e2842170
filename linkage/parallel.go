package linkage

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// runner spreads work over goroutines and reports progress from one
// goroutine at a time.
type runner struct {
	workers  int
	progress func(stage string, done, total int)
	mu       sync.Mutex
	stage    string // the stage last reported
	done     int    // and how far
}

func newRunner(o Options) *runner {
	w := o.Workers
	if w <= 0 {
		w = runtime.GOMAXPROCS(0)
	}
	return &runner{workers: w, progress: o.Progress}
}

// report calls the progress callback, if any.
func (r *runner) report(stage string, done, total int) {
	if r == nil || r.progress == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if stage == r.stage && done <= r.done {
		return // chunks finish out of order; report only progress
	}
	r.stage, r.done = stage, done
	r.progress(stage, done, total)
}

// parallel calls fn on consecutive chunks [lo, hi) of [0, n), on up to
// r.workers goroutines, and reports stage progress as chunks finish. The
// chunks are fixed by n and chunk alone, so a fn that writes only its own
// chunk's output gives the same result however the chunks are scheduled.
func (r *runner) parallel(stage string, n, chunk int, fn func(lo, hi int)) {
	if n <= 0 {
		return
	}
	chunk = max(chunk, 1)
	chunks := (n + chunk - 1) / chunk
	workers := 1
	if r != nil {
		workers = min(r.workers, chunks)
	}
	var next, done atomic.Int64
	var wg sync.WaitGroup
	work := func() {
		defer wg.Done()
		for {
			c := int(next.Add(1) - 1)
			if c >= chunks {
				return
			}
			lo, hi := c*chunk, min((c+1)*chunk, n)
			fn(lo, hi)
			d := done.Add(int64(hi - lo))
			if stage != "" {
				r.report(stage, int(d), n)
			}
		}
	}
	wg.Add(workers)
	for range workers - 1 {
		go work()
	}
	work()
	wg.Wait()
}

// hashString is 64-bit FNV-1a.
func hashString(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// mix combines two hashes (the finaliser of SplitMix64 over their sum).
func mix(a, b uint64) uint64 {
	z := a*0x9e3779b97f4a7c15 + b + 0x632be59bd9b4e5f9
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}
