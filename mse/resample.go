package mse

// bootTables draws the B bootstrap tables of [Stepwise] as SparseMSE's
// estimatepopulation does in R: set.seed(seed), then for each replicate
// rmultinom(1, n, counts) over the rows of t in their order. Replicate b's
// count of row i is at b*len(t.Patterns)+i. The draws are sequential, one
// stream as in R; only the refits run in parallel.
func bootTables(t *Table, seed uint64, B int) []int32 {
	k := len(t.Patterns)
	w := make([]float64, k)
	var n int
	for i, c := range t.Counts {
		w[i] = float64(c)
		n += int(c)
	}
	m := newRMultinomial(w)
	g := newRStream(uint32(seed))
	out := make([]int32, B*k)
	row := make([]int, k)
	for b := range B {
		m.draw(g, n, row)
		for i, x := range row {
			out[b*k+i] = int32(x)
		}
	}
	return out
}
