package mse

import (
	"fmt"
	"testing"
)

// BenchmarkBoundedSearch times LogLinear's bounded search with its
// profile intervals (closedp models apart) on tables drawn by
// syntheticTable: 3,000 units, heterogeneous, lists 1 and 2 dependent.
// Issue 14's bar: 12 lists under 10 s.
func BenchmarkBoundedSearch(b *testing.B) {
	for _, J := range []int{8, 10, 12} {
		tb := syntheticTable(b, J, 3000, 1)
		b.Run(fmt.Sprintf("lists=%d", J), func(b *testing.B) {
			for b.Loop() {
				if _, err := LogLinear(tb, LogLinearOptions{NoHeterogeneity: true}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkClosedp times the twelve closedp.t models with their profile
// intervals on the same tables.
func BenchmarkClosedp(b *testing.B) {
	for _, J := range []int{8, 12} {
		tb := syntheticTable(b, J, 3000, 1)
		b.Run(fmt.Sprintf("lists=%d", J), func(b *testing.B) {
			for b.Loop() {
				if _, err := Closedp(tb, ClosedpOptions{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
