package sqlite

import (
	"errors"
	"testing"
)

func count(n int, failAt int) func(func(int, error) bool) {
	return func(yield func(int, error) bool) {
		for i := range n {
			if i == failAt {
				yield(0, errors.New("boom"))
				return
			}
			if !yield(i, nil) {
				return
			}
		}
	}
}

func TestPrefetch(t *testing.T) {
	for _, tt := range []struct {
		name      string
		n, failAt int
		stopAfter int
		want      int
		wantErr   bool
	}{
		{"all", 1000, -1, -1, 1000, false},
		{"error keeps the values before it", 1000, 700, -1, 700, true},
		{"consumer stops early", 100000, -1, 10, 10, false},
		{"empty", 0, -1, -1, 0, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			next, stop := prefetch(count(tt.n, tt.failAt), 64)
			got, sawErr := 0, false
			for v, err := range next {
				if err != nil {
					sawErr = true
					break
				}
				if v != got {
					t.Fatalf("value %d, want %d", v, got)
				}
				got++
				if got == tt.stopAfter {
					break
				}
			}
			stop() // must not hang, even when the producer has more
			stop() // and may be called twice
			if got != tt.want || sawErr != tt.wantErr {
				t.Fatalf("got %d values, error %v; want %d, %v", got, sawErr, tt.want, tt.wantErr)
			}
		})
	}
}
