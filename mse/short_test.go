package mse

import "testing"

// shortRefs is how many cases of each reference table `go test -short`
// refits: the first ones, so that the quick run still checks numbers
// against the published references. The full run refits every case.
const shortRefs = 2

// shortFirst skips reference case i under -short unless it is among the
// first shortRefs.
func shortFirst(t *testing.T, i int) {
	t.Helper()
	if testing.Short() && i >= shortRefs {
		t.Skipf("-short refits only the first %d reference cases", shortRefs)
	}
}

// shortLists skips, under -short, a reference case on a table of more
// than five lists: an exhaustive search over six lists fits 2^15 models
// and took 20 s or more of a -short run (issue 12). The full run fits
// them all.
func shortLists(t *testing.T, tb *Table) {
	t.Helper()
	if testing.Short() && tb.J() > 5 {
		t.Skipf("-short leaves out tables of %d lists", tb.J())
	}
}

// skipLong skips a long test under -short.
func skipLong(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("long: run without -short")
	}
}
