package reckon

import (
	"slices"
	"testing"
)

// TestPageFill pages through items 1..n of which some are hidden: every
// visible one comes once, in order, whatever the page size, and a long
// stretch of hidden items costs few reads.
func TestPageFill(t *testing.T) {
	tests := []struct {
		name   string
		n      int
		hidden func(int64) bool
		limit  int
		reads  int // at most, for the whole walk
	}{
		{"nothing hidden", 20, func(int64) bool { return false }, 5, 5},
		{"every other", 20, func(i int64) bool { return i%2 == 0 }, 3, 12},
		{"all hidden", 10000, func(int64) bool { return true }, 50, 10},
		{"one visible at the end", 10000, func(i int64) bool { return i != 10000 }, 50, 12},
		{"the first hidden", 5, func(i int64) bool { return i == 1 }, 1, 6},
		{"no limit", 30, func(i int64) bool { return i%3 == 0 }, 0, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reads := 0
			get := func(after int64, n int) ([]int64, error) {
				reads++
				var out []int64
				for i := after + 1; i <= int64(tt.n) && (n <= 0 || len(out) < n); i++ {
					out = append(out, i)
				}
				return out, nil
			}
			keep := func(i int64) (int64, bool) { return i, !tt.hidden(i) }
			var got, want []int64
			for i := int64(1); i <= int64(tt.n); i++ {
				if !tt.hidden(i) {
					want = append(want, i)
				}
			}
			for after := int64(0); ; {
				page, err := pageFill(tt.limit, after, get, keep, func(i int64) int64 { return i })
				if err != nil {
					t.Fatal(err)
				}
				if tt.limit > 0 && len(page) > tt.limit {
					t.Fatalf("page of %d, limit %d", len(page), tt.limit)
				}
				got = append(got, page...)
				if len(page) == 0 || tt.limit <= 0 {
					break
				}
				after = page[len(page)-1]
			}
			if !slices.Equal(got, want) {
				t.Errorf("visible %v, want %v", got, want)
			}
			if reads > tt.reads {
				t.Errorf("%d reads, want at most %d", reads, tt.reads)
			}
		})
	}
}
