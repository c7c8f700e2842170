package mse

import (
	"encoding/binary"
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize/convex/lp"
)

// existence checks whether the maximum likelihood estimate of a Poisson
// log-linear model exists (is finite), by the linear program of Fienberg
// and Rinaldo (2012) as SparseMSE's checkident sets it up: with A the
// design (columns = parameters, rows = cells in the fit) and t = A'y the
// sufficient statistics,
//
//	maximise s  subject to  A'x = t,  x_c >= s for every cell,  x >= 0.
//
// The MLE exists if and only if the optimum s is positive: some strictly
// positive table has the same margins as the data. Answers are cached by
// model and by the data's pattern of zeros, which is all they depend on.
//
// Most questions are settled before the linear program by the dual
// condition of Haberman (1974, Theorem 2.3), see [existence.direction].
// An existence is not safe for concurrent use.
type existence struct {
	J     int
	cache map[string]bool
	key   []byte
	f     *fitter   // design on the positive cells
	a     []float64 // their cross products, before factoring
	d     []float64 // a direction X b over the cells
}

func newExistence(J int) *existence {
	return &existence{J: J, cache: map[string]bool{}, f: newFitter(J, make([]float64, 1<<J)), d: make([]float64, 1<<J)}
}

// Answers of [existence.direction].
const (
	mleUnknown = iota
	mleExists
	mleNone
)

// direction decides existence by Haberman's (1974) condition where it is
// cheap: the MLE fails to exist exactly when some direction d = X b of
// the linear predictor is zero on the positive cells, at most zero on the
// empty ones and not zero everywhere (the likelihood then grows without
// bound along b). With the columns independent on the cells in the fit:
// if they are also independent on the positive cells, no such b exists
// (exists); if the positive cells leave one direction b free, the MLE
// exists exactly when X b takes both signs on the empty cells. With more
// free directions it returns mleUnknown and the linear program decides.
func (e *existence) direction(masks []uint32, in []bool, y []float64) int {
	f := e.f
	for c := range f.in {
		f.in[c] = in[c] && y[c] > 0
		f.mu[c], f.eta[c] = 1, 0
	}
	f.setDesign(design{masks: masks})
	f.normal()
	p := f.p
	e.a = append(e.a[:0], f.a[:p*p]...)
	f.cholesky()
	free := -1
	for i := 0; i < p; i++ {
		if f.alias[i] {
			if free >= 0 {
				return mleUnknown
			}
			free = i
		}
	}
	if free < 0 {
		return mleExists
	}
	// b = e_free - gamma, X_pos gamma the projection of column free
	b := f.b
	for i := 0; i < p; i++ {
		b[i] = e.a[i*p+free]
	}
	f.solve(b)
	for i := range b {
		b[i] = -b[i]
	}
	b[free] = 1
	d := e.d
	clear(d)
	for i, m := range masks {
		d[m] += b[i]
	}
	subsetSum(d, e.J)
	const tol = 1e-7
	var neg, pos bool
	for c, v := range d {
		if !in[c] {
			continue
		}
		if y[c] > 0 {
			if math.Abs(v) > tol {
				return mleUnknown // not a null direction: numerical trouble
			}
			continue
		}
		neg = neg || v < -tol
		pos = pos || v > tol
	}
	switch {
	case neg && pos:
		return mleExists
	case neg || pos:
		return mleNone
	}
	return mleUnknown // X b = 0 on every cell: columns not independent
}

// exists reports whether the MLE of the model with the given mask columns
// exists on the cells in the fit.
func (e *existence) exists(masks []uint32, in []bool, y []float64) bool {
	nc := 1 << e.J
	allPos := true
	for c := 0; c < nc; c++ {
		if in[c] && y[c] <= 0 {
			allPos = false
			break
		}
	}
	if allPos {
		return true
	}
	switch e.direction(independentMasks(e.J, masks, in), in, y) {
	case mleExists:
		return true
	case mleNone:
		return false
	}
	k := e.key[:0]
	for _, m := range masks {
		k = binary.LittleEndian.AppendUint32(k, m)
	}
	k = append(k, 0xff)
	for c := 0; c < nc; c += 8 {
		var b byte
		for i := 0; i < 8 && c+i < nc; i++ {
			if in[c+i] {
				b |= 1 << i
			}
		}
		k = append(k, b)
		b = 0
		for i := 0; i < 8 && c+i < nc; i++ {
			if in[c+i] && y[c+i] > 0 {
				b |= 1 << i
			}
		}
		k = append(k, b)
	}
	e.key = k
	if v, ok := e.cache[string(k)]; ok {
		return v
	}
	v := lpExists(e.J, masks, in, y)
	e.cache[string(k)] = v
	return v
}

// independentMasks returns the columns of masks, in order, that are
// linearly independent on the cells in the fit.
func independentMasks(J int, masks []uint32, in []bool) []uint32 {
	f := newFitter(J, make([]float64, 1<<J))
	copy(f.in, in)
	f.setDesign(design{masks: masks})
	for c := range f.mu {
		f.mu[c] = 1
	}
	f.normal()
	f.cholesky()
	var out []uint32
	for i, m := range masks {
		if !f.alias[i] {
			out = append(out, m)
		}
	}
	return out
}

// rankDeficiency returns the number of mask columns that are linearly
// dependent on the others over the cells in the fit.
func rankDeficiency(J int, masks []uint32, in []bool) int {
	return len(masks) - len(independentMasks(J, masks, in))
}

func lpExists(J int, masks []uint32, in []bool, y []float64) bool {
	cols := independentMasks(J, masks, in)
	var cells []int
	for c := range in {
		if in[c] {
			cells = append(cells, c)
		}
	}
	nC, r := len(cells), len(cols)
	nv := 2*nC + 1
	A := mat.NewDense(r+nC, nv, nil)
	b := make([]float64, r+nC)
	scale := 0.0
	for _, c := range cells {
		scale = math.Max(scale, y[c])
	}
	if scale == 0 {
		return false
	}
	for a, m := range cols {
		for i, c := range cells {
			if uint32(c)&m == m {
				A.Set(a, i, 1)
				b[a] += y[c] / scale
			}
		}
	}
	for i := range cells {
		A.Set(r+i, i, 1)
		A.Set(r+i, nC, -1)
		A.Set(r+i, nC+1+i, -1)
	}
	obj := make([]float64, nv)
	obj[nC] = -1
	opt, _, err := lp.Simplex(obj, A, b, 1e-10, nil)
	if err != nil {
		// A numerical failure of the simplex: fall back on the plain
		// sufficient condition (no zero cells), already known false.
		return false
	}
	return -opt > 1e-9
}

// facialSet returns the cells of the fit that can be positive in a table
// with the data's sufficient statistics (the facial set of Fienberg and
// Rinaldo 2012): cells with a positive count, and empty cells c whose
// largest possible value max x_c subject to A'x = A'y, x >= 0, is
// positive. The extended MLE is positive exactly on these cells.
func facialSet(J int, masks []uint32, in []bool, y []float64) []bool {
	cols := independentMasks(J, masks, in)
	var cells []int
	for c := range in {
		if in[c] {
			cells = append(cells, c)
		}
	}
	nC, r := len(cells), len(cols)
	A := mat.NewDense(r, nC, nil)
	b := make([]float64, r)
	scale := 0.0
	for _, c := range cells {
		scale = math.Max(scale, y[c])
	}
	for a, m := range cols {
		for i, c := range cells {
			if uint32(c)&m == m {
				A.Set(a, i, 1)
				b[a] += y[c] / scale
			}
		}
	}
	F := append([]bool(nil), in...)
	obj := make([]float64, nC)
	for i, c := range cells {
		if y[c] > 0 {
			continue
		}
		clear(obj)
		obj[i] = -1
		opt, _, err := lp.Simplex(obj, A, b, 1e-10, nil)
		if err == nil && -opt <= 1e-9 {
			F[c] = false
		}
	}
	return F
}
