package mse

import (
	"math"
	"math/big"
)

// rRNG is R's default generator (R 4.2.2, RNGkind "Mersenne-Twister",
// normal.kind "Inversion", sample.kind "Rejection") with the state R's
// set.seed gives it, and R's rbinom and rmultinom on top of it, so that
// [Stepwise] draws exactly the bootstrap tables SparseMSE draws in R.
//
// Ported from R's src/main/RNG.c (RNG_Init, FixupSeeds, MT_genrand, fixup),
// src/nmath/rbinom.c and src/nmath/rmultinom.c as of R 4.2.2, including
// rbinom's cached set-up for repeated (n, p).
type rRNG struct {
	mt  [rmtN]uint32
	mti int

	// rbinom's set-up, kept while (n, p) do not change
	psave                          float64
	nsave, m                       int
	c, fm, npq, p1, p2, p3, p4, qn float64
	xl, xll, xlr, xm, xr           float64
}

const (
	rmtN      = 624
	rmtM      = 397
	ri2to32m1 = 2.328306437080797e-10 // 1/(2^32 - 1)
)

// newRRNG returns the generator in the state set.seed(seed) leaves it in;
// seed is R's integer seed as a 32-bit pattern (a negative R seed s is
// uint32(s)).
func newRRNG(seed uint32) *rRNG {
	g := &rRNG{psave: -1, nsave: -1}
	// RNG_Init: initial scrambling, then one LCG step per seed word; the
	// first word is mti, which FixupSeeds resets to 624.
	for range 50 {
		seed = 69069*seed + 1
	}
	seed = 69069*seed + 1
	for i := range g.mt {
		seed = 69069*seed + 1
		g.mt[i] = seed
	}
	g.mti = rmtN
	return g
}

// unif is R's unif_rand: MT_genrand, a 32-bit output times 2^-32, moved
// off 0 and 1 by fixup.
func (g *rRNG) unif() float64 {
	if g.mti >= rmtN {
		g.twist()
	}
	y := g.mt[g.mti]
	g.mti++
	y ^= y >> 11
	y ^= (y << 7) & 0x9d2c5680
	y ^= (y << 15) & 0xefc60000
	y ^= y >> 18
	x := float64(y) * 2.3283064365386963e-10
	if x <= 0 {
		return 0.5 * ri2to32m1
	}
	if 1-x <= 0 {
		return 1 - 0.5*ri2to32m1
	}
	return x
}

func (g *rRNG) twist() {
	const upper, lower, matrixA = 0x80000000, 0x7fffffff, 0x9908b0df
	mag := func(y uint32) uint32 { return -(y & 1) & matrixA }
	mt := &g.mt
	var kk int
	for ; kk < rmtN-rmtM; kk++ {
		y := mt[kk]&upper | mt[kk+1]&lower
		mt[kk] = mt[kk+rmtM] ^ y>>1 ^ mag(y)
	}
	for ; kk < rmtN-1; kk++ {
		y := mt[kk]&upper | mt[kk+1]&lower
		mt[kk] = mt[kk+rmtM-rmtN] ^ y>>1 ^ mag(y)
	}
	y := mt[rmtN-1]&upper | mt[0]&lower
	mt[rmtN-1] = mt[rmtM-1] ^ y>>1 ^ mag(y)
	g.mti = 0
}

// rpowdi is R's R_pow_di for n >= 0: x^n by repeated squaring.
func rpowdi(x float64, n int) float64 {
	pow := 1.0
	for n != 0 {
		if n&1 != 0 {
			pow *= x
		}
		if n >>= 1; n != 0 {
			x *= x
		}
	}
	return pow
}

// binom is R 4.2.2's rbinom(n, pp) for 0 <= n < 2^31 - 1 and 0 <= pp <= 1:
// inversion when n min(p, 1-p) < 30, else Kachitvichyanukul and
// Schmeiser's BTPE with the Stirling terms R had before PR#19049.
func (g *rRNG) binom(n int, pp float64) int {
	if n == 0 || pp == 0 {
		return 0
	}
	if pp == 1 {
		return n
	}
	p := min(pp, 1-pp)
	q := 1 - p
	np := float64(n) * p
	r := p / q
	gg := r * float64(n+1)
	var ix int
	if pp != g.psave || n != g.nsave {
		g.psave, g.nsave = pp, n
		if np < 30 {
			g.qn = rpowdi(q, n)
			ix = g.binomSmall(gg, r)
			goto finis
		}
		ffm := np + p
		g.m = int(ffm)
		g.fm = float64(g.m)
		g.npq = np * q
		g.p1 = float64(int(2.195*math.Sqrt(g.npq)-4.6*q)) + 0.5
		g.xm = g.fm + 0.5
		g.xl = g.xm - g.p1
		g.xr = g.xm + g.p1
		g.c = 0.134 + 20.5/(15.3+g.fm)
		al := (ffm - g.xl) / (ffm - g.xl*p)
		g.xll = al * (1 + 0.5*al)
		al = (g.xr - ffm) / (g.xr * q)
		g.xlr = al * (1 + 0.5*al)
		g.p2 = g.p1 * (1 + g.c + g.c)
		g.p3 = g.p2 + g.c/g.xll
		g.p4 = g.p3 + g.c/g.xlr
	} else if np < 30 {
		ix = g.binomSmall(gg, r)
		goto finis
	}
	ix = g.binomBTPE(n, p, q, gg, r)
finis:
	if g.psave > 0.5 {
		ix = n - ix
	}
	return ix
}

// binomSmall is rbinom's inversion for n p < 30, from qn = q^n.
func (g *rRNG) binomSmall(gg, r float64) int {
	for {
		ix := 0
		f := g.qn
		u := g.unif()
		for {
			if u < f {
				return ix
			}
			if ix > 110 {
				break
			}
			u -= f
			ix++
			f *= gg/float64(ix) - r
		}
	}
}

// binomBTPE is rbinom's rejection for n p >= 30 with the set-up in g.
func (g *rRNG) binomBTPE(n int, p, q, gg, r float64) int {
	m, fm, npq := g.m, g.fm, g.npq
	p1, xm, xl, xr, c := g.p1, g.xm, g.xl, g.xr, g.c
	for {
		u := g.unif() * g.p4
		v := g.unif()
		var ix int
		if u <= p1 { // triangle
			return int(xm - p1*v + u)
		}
		if u <= g.p2 { // parallelogram
			x := xl + (u-p1)/c
			v = v*c + 1 - math.Abs(xm-x)/p1
			if v > 1 || v <= 0 {
				continue
			}
			ix = int(x)
		} else if u > g.p3 { // right tail
			ix = int(xr - math.Log(v)/g.xlr)
			if ix > n {
				continue
			}
			v = v * (u - g.p3) * g.xlr
		} else { // left tail
			ix = int(xl + math.Log(v)/g.xll)
			if ix < 0 {
				continue
			}
			v = v * (u - g.p2) * g.xll
		}
		k := ix - m
		if k < 0 {
			k = -k
		}
		if k <= 20 || float64(k) >= npq/2-1 {
			// explicit evaluation
			f := 1.0
			if m < ix {
				for i := m + 1; i <= ix; i++ {
					f *= gg/float64(i) - r
				}
			} else if m != ix {
				for i := ix + 1; i <= m; i++ {
					f /= gg/float64(i) - r
				}
			}
			if v <= f {
				return ix
			}
			continue
		}
		// squeeze with bounds on log f(x)
		kf := float64(k)
		amaxp := (kf / npq) * ((kf*(kf/3+0.625)+0.1666666666666)/npq + 0.5)
		ynorm := float64(-k*k) / (2 * npq)
		alv := math.Log(v)
		if alv < ynorm-amaxp {
			return ix
		}
		if alv <= ynorm+amaxp {
			// Stirling's formula, with the signs of R 4.2.2 (before PR#19049)
			x1 := float64(ix + 1)
			f1 := fm + 1
			z := float64(n+1) - fm
			w := float64(n-ix) + 1
			z2, x2, f2, w2 := z*z, x1*x1, f1*f1, w*w
			if alv <= xm*math.Log(f1/x1)+(float64(n-m)+0.5)*math.Log(z/w)+float64(ix-m)*math.Log(w*p/(x1*q))+
				(13860-(462-(132-(99-140/f2)/f2)/f2)/f2)/f1/166320+
				(13860-(462-(132-(99-140/z2)/z2)/z2)/z2)/z/166320+
				(13860-(462-(132-(99-140/x2)/x2)/x2)/x2)/x1/166320+
				(13860-(462-(132-(99-140/w2)/w2)/w2)/w2)/w/166320 {
				return ix
			}
		}
	}
}

// rMultinom holds what R's rmultinom(., size, prob) computes from prob
// alone: prob normalised as stats::rmultinom does (each weight over their
// double sum), and the conditional probability prob[k] / (remaining total)
// of each binomial, whose total R keeps in x87 80-bit long double.
type rMultinom struct {
	prob []float64
	cond []float64
}

// newRMultinom prepares rmultinom over the non-negative weights w, at
// least one positive.
func newRMultinom(w []float64) *rMultinom {
	var sum float64
	for _, v := range w {
		if v > 0 {
			sum += v
		}
	}
	m := &rMultinom{prob: make([]float64, len(w)), cond: make([]float64, len(w))}
	for k, v := range w {
		m.prob[k] = v / sum
	}
	// long double: 64-bit significand, round to nearest even
	ld := func() *big.Float { return new(big.Float).SetPrec(64).SetMode(big.ToNearestEven) }
	tot := ld()
	for _, p := range m.prob {
		tot.Add(tot, ld().SetFloat64(p))
	}
	q := ld()
	for k, p := range m.prob {
		if p != 0 {
			m.cond[k], _ = q.Quo(ld().SetFloat64(p), tot).Float64()
		}
		tot.Sub(tot, ld().SetFloat64(p))
	}
	return m
}

// multinom is R's rmultinom(size, prob, K, out): conditional binomials in
// cell order, stopping once size is placed.
func (g *rRNG) multinom(size int, m *rMultinom, out []int) {
	clear(out)
	if size == 0 {
		return
	}
	K := len(m.prob)
	for k := 0; k < K-1; k++ {
		if m.prob[k] != 0 {
			pp := m.cond[k]
			x := size
			if pp < 1 {
				x = g.binom(size, pp)
			}
			out[k] = x
			size -= x
		}
		if size <= 0 {
			return
		}
	}
	out[K-1] = size
}
