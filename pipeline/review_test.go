package pipeline

import (
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/reckonhq/reckon/linkage"
	"github.com/reckonhq/reckon/scenario"
)

func TestIndependence(t *testing.T) {
	tests := []struct {
		name   string
		counts []int64
		J      int
		want   float64
	}{
		// Two lists: Lincoln–Petersen, n1 n2 / m.
		{"two lists", []int64{0, 60, 30, 20}, 2, 80.0 * 50 / 20},
		{"no overlap", []int64{0, 60, 30, 0}, 2, math.NaN()},
		{"one list sees all", []int64{0, 10, 0, 5}, 2, 15},
		{"empty", []int64{0, 0, 0, 0}, 2, math.NaN()},
		// Three independent lists with p = 1/2 each of N = 800: every
		// pattern holds 100 (reference: N(1/2)^3).
		{"three lists", []int64{0, 100, 100, 100, 100, 100, 100, 100}, 3, 800},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Independence(tt.counts, tt.J)
			if math.IsNaN(tt.want) != math.IsNaN(got) || !math.IsNaN(got) && math.Abs(got-tt.want) > 1e-6*tt.want {
				t.Errorf("Independence = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestReviewDecide(t *testing.T) {
	l, err := scenario.Generate(scenario.Scenario{N: 300, Lists: 3}, 3)
	if err != nil {
		t.Fatal(err)
	}
	res, err := linkage.Link(l.Records, nil, linkage.Config{}, linkage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	rv, err := NewReview(res, l.Records, ReviewOptions{})
	if err != nil {
		t.Fatal(err)
	}
	q := rv.Queue()
	if len(q) < 2 {
		t.Fatalf("%d pairs to review: the fixture must give a queue to order", len(q))
	}
	for k := 1; k < len(q); k++ {
		if magnitude(q[k].Estimate) > magnitude(q[k-1].Estimate) {
			t.Fatalf("queue out of order at %d: %v after %v", k, q[k].Estimate, q[k-1].Estimate)
		}
	}
	if rv.Minimum() != int64(len(res.Persons)) {
		t.Fatalf("minimum %d, want %d persons", rv.Minimum(), len(res.Persons))
	}
	// Deciding against the linkage moves the minimum by one, and the
	// estimate to what the queue item foresaw.
	it := q[0]
	before, est := rv.Minimum(), rv.Estimate()
	changed, err := rv.Decide(it.A, it.B, !it.Linked)
	if err != nil || !changed {
		t.Fatalf("Decide = %v, %v; want a change", changed, err)
	}
	want := before - 1
	if it.Linked {
		want = before + 1
	}
	if rv.Minimum() != want {
		t.Errorf("minimum %d after the decision, want %d", rv.Minimum(), want)
	}
	if got := rv.Estimate() - est; it.Flip > 0 && math.Abs(got-it.Estimate/it.Flip) > 1e-6*math.Max(1, math.Abs(got)) {
		t.Errorf("estimate moved %v, the queue foresaw %v", got, it.Estimate/it.Flip)
	}
	if rv.Linked(it.A, it.B) == it.Linked {
		t.Errorf("pair still linked = %v", it.Linked)
	}
	for _, x := range rv.Queue() {
		if x.A == it.A && x.B == it.B {
			t.Fatal("decided pair still queued")
		}
	}
	var sum int64
	for _, c := range rv.Table() {
		sum += c
	}
	if sum != rv.Minimum() {
		t.Errorf("table holds %d persons, minimum %d", sum, rv.Minimum())
	}
	// Decide more, then check that what the queue keeps between
	// decisions is what it would compute afresh.
	for k := 0; k < 30 && len(rv.Queue()) > 0; k++ {
		it := rv.Queue()[k%len(rv.Queue())]
		if _, err := rv.Decide(it.A, it.B, k%3 == 0); err != nil {
			t.Fatal(err)
		}
	}
	kept := slices.Clone(rv.Queue())
	for k := range rv.queue {
		rv.queue[k].verA = -1
	}
	clear(rv.cache)
	rv.reorder()
	for k, it := range rv.Queue() {
		if it.A != kept[k].A || it.B != kept[k].B || it.Estimate != kept[k].Estimate && !(math.IsNaN(it.Estimate) && math.IsNaN(kept[k].Estimate)) {
			t.Fatalf("item %d kept as %+v, computed afresh %+v", k, kept[k], it)
		}
	}
	if _, err := rv.Decide(0, 0, true); err == nil {
		t.Error("Decide(0, 0) did not fail")
	}
}

// BenchmarkReviewDecide measures one decision against the linkage on the
// head of the queue: the persons, the table and the queue's order
// updated in memory.
func BenchmarkReviewDecide(b *testing.B) {
	for _, n := range []int{1000, 3000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			l, err := scenario.Generate(scenario.Scenario{N: n}, 1)
			if err != nil {
				b.Fatal(err)
			}
			res, err := linkage.Link(l.Records, nil, linkage.Config{}, linkage.Options{})
			if err != nil {
				b.Fatal(err)
			}
			rv, err := NewReview(res, l.Records, ReviewOptions{})
			if err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				q := rv.Queue()
				if len(q) == 0 {
					b.StopTimer()
					if rv, err = NewReview(res, l.Records, ReviewOptions{}); err != nil {
						b.Fatal(err)
					}
					b.StartTimer()
					continue
				}
				if _, err := rv.Decide(q[0].A, q[0].B, !q[0].Linked); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
