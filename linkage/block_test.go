package linkage

import (
	"runtime"
	"testing"
)

// TestBlockAllocates checks that blocking allocates about what the pairs
// it makes take, not room reserved by guess: the pairs of each bucket
// were once kept in one slice sized by MaxBlock pairs a record of every
// oversize block, twice the pairs made at a million records and the
// largest allocation of a run (issue 10: 1M records within 4 GiB). The
// pairs are held twice, in their chunks and in the array they are
// deduplicated in, at 8 bytes each; the block keys take 16 bytes an
// entry, twice. Splitting, samples and the left-out count add the rest:
// at 155,000 records 1.6 times that in all, where the guessed room made
// it 2.0 times.
func TestBlockAllocates(t *testing.T) {
	if testing.Short() {
		t.Skip("blocks 155,000 records")
	}
	d, rules, _ := blockingFixture(t, 100_000, 1)
	cfg := Config{}.defaults()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, _, st := d.block(rules, cfg.MaxBlock, cfg.Window, sessionPairs, nil)
	runtime.ReadMemStats(&after)
	entries := 0
	for _, n := range st.RuleEntries {
		entries += n
	}
	got := float64(after.TotalAlloc - before.TotalAlloc)
	need := float64(2*8*st.RawPairs + 2*16*entries)
	t.Logf("%d raw pairs, %d entries: %.0f MiB allocated, %.2f× what they take", st.RawPairs, entries, got/(1<<20), got/need)
	if got > 1.8*need {
		t.Errorf("blocking allocated %.0f MiB for %d raw pairs and %d entries (%.0f MiB): more than 1.8 times what they take", got/(1<<20), st.RawPairs, entries, need/(1<<20))
	}
}
