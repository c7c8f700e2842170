package linkage

import (
	"math"
	"testing"
)

func TestCompete(t *testing.T) {
	key := func(a, b int) uint64 { return uint64(a)<<32 | uint64(b) }
	// Records 0–1 in list 0; 2–5 in list 1; 6–7 in list 2.
	list := []int32{0, 0, 1, 1, 1, 1, 2, 2}
	// 0 has one candidate in list 1 (2); 1 has two alike (3 and 4); 5
	// and 3 are one record written twice in list 1 (their own pair is
	// strong), and 6 matches both; 7's candidate 0 is in list 0.
	pairs := []uint64{key(0, 2), key(0, 7), key(1, 3), key(1, 4), key(3, 5), key(3, 6), key(5, 6), key(1, 5)}
	logit := []float32{1, 1, 1, 1, 10, 1, 1, -20}
	before := 0.0
	for _, l := range logit {
		before += logitProb(float64(l))
	}
	compete(pairs, logit, list, len(list), 0, nil)
	p := func(a, b int) float64 {
		for k, x := range pairs {
			if x == key(a, b) {
				return logitProb(float64(logit[k]))
			}
		}
		t.Fatalf("no pair %d-%d", a, b)
		return 0
	}
	if p(3, 5) != logitProb(10) {
		t.Errorf("a pair within one list moved: %v", logit[4])
	}
	if !(p(0, 2) > p(1, 3)) {
		t.Errorf("a lone candidate %.3f is not above one that competes with a namesake %.3f", p(0, 2), p(1, 3))
	}
	if math.Abs(p(1, 3)-p(1, 4)) > 1e-6 {
		t.Errorf("two alike candidates differ: %.4f against %.4f", p(1, 3), p(1, 4))
	}
	// A pair too weak to take part in the rounds is adjusted at the end,
	// down for its competitors.
	if !(p(1, 5) < logitProb(-20)) {
		t.Errorf("a weak pair with strong competitors went from %.3g to %.3g", logitProb(-20), p(1, 5))
	}
	// 6 matches 3 and 5, one record written twice: not competitors, so
	// the pairs stand as the lone candidate does.
	if math.Abs(p(3, 6)-p(0, 2)) > 1e-3 || math.Abs(p(5, 6)-p(0, 2)) > 1e-3 {
		t.Errorf("a record written twice counts as competing: %.4f, %.4f against a lone %.4f", p(3, 6), p(5, 6), p(0, 2))
	}
	// Competition moves belief between candidates: the expected number
	// of true pairs stays (the sample is every cross-list pair here).
	after := 0.0
	for _, l := range logit {
		after += logitProb(float64(l))
	}
	if math.Abs(after-before) > 1e-3 {
		t.Errorf("expected true pairs %.4f before, %.4f after", before, after)
	}
}

func TestCompeteOneList(t *testing.T) {
	logit := []float32{2, -3}
	compete([]uint64{1, 2}, logit, []int32{0, 0, 0}, 3, 0, nil)
	if logit[0] != 2 || logit[1] != -3 {
		t.Errorf("one list: log-odds %v", logit)
	}
}
