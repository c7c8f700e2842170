package mse

import (
	"math"
	"math/bits"
)

// rng is the random source of the samplers: the PCG-DXSM generator of
// math/rand/v2 ([rand.PCG]: newRNG(s1, s2) gives the stream of
// rand.NewPCG(s1, s2)), held by value so that its step inlines where
// *rand.Rand makes an interface call per number. Its normal and
// exponential variates are Marsaglia and Tsang's (2000) ziggurats, as in
// math/rand/v2, with tables computed at start-up.
//
// Each sampler here is kept because it beats math/rand/v2 with gonum's
// distuv on the same PCG stream at the parameters LCMCR uses
// (BenchmarkSampler, compared with benchstat in the commit that added
// it): gamma, log-gamma and log-beta variates by 1.4 to 3 times,
// binomials and multinomial splits of 50 units and more by 4 to 13
// times, Poisson variates of mean 500 and more by up to 1.6 times (at
// mean 3, and for splits of 3 units, neither is significantly faster;
// the same code serves all means and sizes). The uniform step is
// math/rand/v2's PCG itself, as fast through *rand.Rand; it is held here
// so that the samplers inline it.
type rng struct{ hi, lo uint64 }

func newRNG(seed1, seed2 uint64) *rng { return &rng{hi: seed1, lo: seed2} }

// The constants of math/rand/v2's PCG: its 128-bit multiplier and
// increment, and the DXSM output multiplier.
const (
	mulHi    = 2549297995355413924
	mulLo    = 4865540595714422341
	incHi    = 6364136223846793005
	incLo    = 1442695040888963407
	cheapMul = 0xda942042e4dd58b5
)

// uint64 is [rand.PCG.Uint64].
func (g *rng) uint64() uint64 {
	// state = state * mul + inc
	hi, lo := bits.Mul64(g.lo, mulLo)
	hi += g.hi*mulLo + g.lo*mulHi
	lo, c := bits.Add64(lo, incLo, 0)
	hi, _ = bits.Add64(hi, incHi, c)
	g.lo, g.hi = lo, hi
	// DXSM output
	hi ^= hi >> 32
	hi *= cheapMul
	hi ^= hi >> 48
	hi *= lo | 1
	return hi
}

// next is uint64 on a state held by value: it returns the state after
// g's and the number of that step. Loops that draw many numbers keep the
// state in a local variable, st, x = st.next(), so that it stays in
// registers rather than going through memory at each step. (uint64
// calling next would exceed the inlining budget.)
func (g rng) next() (rng, uint64) {
	hi, lo := bits.Mul64(g.lo, mulLo)
	hi += g.hi*mulLo + g.lo*mulHi
	lo, c := bits.Add64(lo, incLo, 0)
	hi, _ = bits.Add64(hi, incHi, c)
	x := hi
	x ^= x >> 32
	x *= cheapMul
	x ^= x >> 48
	x *= lo | 1
	return rng{hi: hi, lo: lo}, x
}

// float64 returns a uniform variate on [0, 1), as [rand.Rand.Float64].
func (g *rng) float64() float64 { return float64(g.uint64()<<11>>11) / (1 << 53) }

// unitOpen returns a uniform variate on (0, 1), never 0 or 1: the
// midpoints of the 2^53 intervals of [0, 1).
func (g *rng) unitOpen() float64 { return (float64(g.uint64()>>11) + 0.5) / (1 << 53) }

// Ziggurat tables (Marsaglia and Tsang 2000): 128 strips for the normal,
// 256 for the exponential; k is the acceptance bound of a strip, w its
// width scale, f the density at its edge.
const (
	zigNormR = 3.442619855899    // start of the normal's tail strip
	zigExpR  = 7.697117470131487 // start of the exponential's
)

var (
	zigNormK           [128]uint32
	zigNormW, zigNormF [128]float64
	zigExpK            [256]uint32
	zigExpW, zigExpF   [256]float64
)

func init() {
	// Marsaglia and Tsang's zigset, in float64
	const m1, vn = 1 << 31, 9.91256303526217e-3
	dn, tn := zigNormR, zigNormR
	q := vn / math.Exp(-0.5*dn*dn)
	zigNormK[0] = uint32(dn / q * m1)
	zigNormW[0], zigNormW[127] = q/m1, dn/m1
	zigNormF[0], zigNormF[127] = 1, math.Exp(-0.5*dn*dn)
	for i := 126; i >= 1; i-- {
		dn = math.Sqrt(-2 * math.Log(vn/dn+math.Exp(-0.5*dn*dn)))
		zigNormK[i+1] = uint32(dn / tn * m1)
		tn = dn
		zigNormF[i] = math.Exp(-0.5 * dn * dn)
		zigNormW[i] = dn / m1
	}
	const m2, ve = 1 << 32, 3.949659822581572e-3
	de, te := zigExpR, zigExpR
	q = ve / math.Exp(-de)
	zigExpK[0] = uint32(de / q * m2)
	zigExpW[0], zigExpW[255] = q/m2, de/m2
	zigExpF[0], zigExpF[255] = 1, math.Exp(-de)
	for i := 254; i >= 1; i-- {
		de = -math.Log(ve/de + math.Exp(-de))
		zigExpK[i+1] = uint32(de / te * m2)
		te = de
		zigExpF[i] = math.Exp(-de)
		zigExpW[i] = de / m2
	}
}

// normStrip returns the abscissa x of the 64-bit number u in the
// normal ziggurat and whether it lies inside its strip's rectangle,
// which accepts it at once (about 99% of numbers). It inlines, so that
// gamma draws its normal variates without a call.
func normStrip(u uint64) (float64, bool) {
	j := int32(u)
	i := u >> 32 & 0x7f
	aj := uint32(j)
	if j < 0 {
		aj = uint32(-j)
	}
	return float64(j) * zigNormW[i], aj < zigNormK[i]
}

// normEdge completes the normal ziggurat's test of u when normStrip does not
// accept it: the tail beyond zigNormR, or the wedge of its strip. It
// returns the variate and whether u is accepted; if not, the next
// number is tried.
func (g *rng) normEdge(u uint64, x float64) (float64, bool) {
	j := int32(u)
	i := u >> 32 & 0x7f
	if i == 0 { // the tail beyond zigNormR
		for {
			x = -math.Log(g.unitOpen()) * (1 / zigNormR)
			y := -math.Log(g.unitOpen())
			if y+y >= x*x {
				break
			}
		}
		if j > 0 {
			return zigNormR + x, true
		}
		return -zigNormR - x, true
	}
	return x, zigNormF[i]+g.float64()*(zigNormF[i-1]-zigNormF[i]) < math.Exp(-0.5*x*x)
}

// exp returns a standard exponential variate.
func (g *rng) exp() float64 {
	for {
		u := g.uint64()
		j := uint32(u)
		i := uint8(u >> 32)
		x := float64(j) * zigExpW[i]
		if j < zigExpK[i] {
			return x
		}
		if i == 0 {
			return zigExpR - math.Log(g.unitOpen())
		}
		if zigExpF[i]+g.float64()*(zigExpF[i-1]-zigExpF[i]) < math.Exp(-x) {
			return x
		}
	}
}

// gamma returns a Gamma(shape, 1) variate for shape >= 1 (Marsaglia and
// Tsang 2000); shape 1 is an exponential variate.
//
// It accepts d v, d = shape - 1/3, v = (1 + c x)^3, c = 1/sqrt(9d), x
// standard normal, when log u < x^2/2 + d (1 - v + log v), u uniform.
// With y = c x the right side is 3d h(y), h(y) = log(1+y) - y + y^2/2 -
// y^3/3, and h(y) >= -y^4 / (4 min(1, 1+y)): for y >= 0, h + y^4/4 is 0
// at 0 with derivative y^4/(1+y); for y < 0, -h = sum_{i>=4} |y|^i/i <=
// y^4/(4(1+y)). As log u <= u - 1, the test holds whenever (1-u) 12
// min(1, 1+y) > c^2 x^4: this squeeze fails with probability about
// 1/(36d), against 0.1 for Marsaglia and Tsang's u < 1 - 0.0331 x^4, so
// the logarithms are seldom needed. The leading 25 bits of u come with
// the normal variate (bits 39-63 of its number) and decide the squeeze almost always;
// the rest of u is drawn only when they do not.
func (g *rng) gamma(shape float64) float64 {
	if shape == 1 {
		return g.exp()
	}
	d := shape - 1.0/3
	c := 1 / math.Sqrt(9*d)
	for {
		// a normal variate x and 25 spare bits hb, inlined
		r := g.uint64()
		x, ok := normStrip(r)
		if !ok {
			if x, ok = g.normEdge(r, x); !ok {
				continue
			}
		}
		hb := r >> 39
		v1 := 1 + c*x
		if v1 <= 0 {
			continue
		}
		v := v1 * v1 * v1
		x2 := x * x
		// min(1, v1) as the smaller bit pattern, both being positive:
		// math.Min is a call on amd64, and a branch on the sign of x
		// would be mispredicted every other time
		mb := math.Float64bits(v1)
		mb = min(mb, 0x3ff0000000000000)
		m12, t := 12*math.Float64frombits(mb), c*c*x2*x2 // accept if (1-u) m12 > t
		if (1-float64(hb+1)*0x1p-25)*m12 > t {           // u < (hb+1) 2^-25
			return d * v
		}
		u := (float64(hb) + g.float64()) * 0x1p-25
		if (1-u)*m12 > t || math.Log(u) < 0.5*x2+d*(1-v+math.Log(v)) {
			return d * v
		}
	}
}

// logGamma returns the log of a Gamma(shape, 1) variate; for shape < 1
// it boosts: log G(shape+1) + log(U)/shape, which stays finite for tiny
// shapes (Robert and Casella).
func (g *rng) logGamma(shape float64) float64 {
	if shape < 1 {
		return g.logGamma(shape+1) + math.Log(g.unitOpen())/shape
	}
	return math.Log(g.gamma(shape))
}

// logBeta returns log X and log(1-X) for X ~ Beta(a, b), from two gamma
// variates: in linear scale when both shapes are at least 1, in log scale
// otherwise so that nothing underflows.
func (g *rng) logBeta(a, b float64) (float64, float64) {
	if a >= 1 && b >= 1 {
		x, y := g.gamma(a), g.gamma(b)
		s := x + y
		return math.Log(x / s), math.Log(y / s)
	}
	x, y := g.logGamma(a), g.logGamma(b)
	m := math.Max(x, y)
	lse := m + math.Log(math.Exp(x-m)+math.Exp(y-m))
	return x - lse, y - lse
}

// logBeta1 returns log X and log(1-X) for X ~ Beta(1, b) by inversion:
// 1-X = U^(1/b), so log(1-X) = log(U)/b, one uniform and no gamma
// variates; log X = log(1 - e^t) is taken by log1p or expm1, whichever
// keeps its precision.
func (g *rng) logBeta1(b float64) (float64, float64) {
	t := math.Log(g.unitOpen()) / b
	if t < -math.Ln2 {
		return math.Log1p(-math.Exp(t)), t
	}
	return math.Log(-math.Expm1(t)), t
}

// fcTable holds fc(k) = log k! - ((k+1/2) log(k+1) - (k+1) + log(2π)/2),
// the error of Stirling's formula, for k < 16 (computed from math.Lgamma;
// TestStirlingTail checks them).
var fcTable = [16]float64{
	0.08106146679532733, 0.041340695955409457, 0.027677925684998939, 0.020790672103765395,
	0.016644691189822147, 0.013876128823071987, 0.011896709945892425, 0.010411265261971892,
	0.0092554621827112271, 0.0083305634333630252, 0.0075736754879525137, 0.0069428401072073598,
	0.006408994188007, 0.0059513701127578145, 0.0055547335519605667, 0.0052076559196052585,
}

// stirlingTail returns fc(k) for an integer k >= 0: from the table below
// 16, else from the series 1/(12x) - 1/(360x^3) + 1/(1260x^5) -
// 1/(1680x^7), x = k+1, whose error there is below 1e-14.
func stirlingTail(k float64) float64 {
	if k < 16 {
		return fcTable[int(k)]
	}
	r := 1 / (k + 1)
	r2 := r * r
	return (1.0/12 - (1.0/360-(1.0/1260-1.0/1680*r2)*r2)*r2) * r
}

// logFactorial returns log k! for an integer k >= 0 by Stirling's formula
// with the tail fc: one logarithm instead of math.Lgamma.
func logFactorial(k float64) float64 {
	const halfLog2Pi = 0.91893853320467274178
	return (k+0.5)*math.Log(k+1) - (k + 1) + halfLog2Pi + stirlingTail(k)
}

// binomial draws from Binomial(n, p): inversion when n min(p, 1-p) < 10,
// otherwise Hörmann's (1993) BTRD, transformed rejection whose exact test
// never calls math.Lgamma. The expected cost does not grow with n.
func (g *rng) binomial(n int64, p float64) int64 {
	if n <= 0 || p <= 0 {
		return 0
	}
	if p >= 1 {
		return n
	}
	if n <= binBitsMax {
		return g.binBits(n, p)
	}
	q, flip := p, false
	if p > 0.5 {
		q, flip = 1-p, true
	}
	var x int64
	switch {
	case float64(n)*q < 10:
		x = g.binv(n, q)
	case n <= binHalvesMax:
		return g.binHalves(n, p)
	default:
		x = g.btrd(n, q)
	}
	if flip {
		return n - x
	}
	return x
}

// binBitsMax is the largest n for which [rng.binomial] uses binBits.
//
// binBits and binHalves compare uniforms with the 63 leading bits of p,
// p 2^63 as int64, which converts without a branch: p 2^64 as uint64
// takes one on p >= 1/2, mispredicted every other call in a multinomial
// split. The rest of p, p 2^63 less its integer part, is exact.
const binBitsMax = 64

// binBits returns a Binomial(n, p) variate for 1 <= n <= 64, 0 <= p < 1,
// as the number of n uniform variates U_i below p, compared with p bit
// by bit, all n at once: in round t, lanes whose U_i agreed with p in
// bits 1..t-1 take bit t of U_i from a random word; where it differs
// from bit t of p the lane is decided (U_i < p where p has the 1). Each
// round halves the undecided lanes, so about log2(n) + 1.3 rounds
// suffice, and a 64-bit number serves 64/w rounds of w >= n lanes. The
// first eight rounds run unconditionally, so that few branches depend on
// the draws. Lanes still undecided
// after the 63 leading bits of p (probability n 2^-63) succeed with the
// probability given by the rest of p. The draw is exact.
func (g *rng) binBits(n int64, p float64) int64 {
	mask := ^uint64(0) >> (64 - n) // undecided lanes
	fp := p * 0x1p63
	pb := uint64(int64(fp)) << 1 // bits 1..63 of p, bit 1 leading; see binBitsMax
	var succ uint64
	// one round: lanes whose bit of U differs from the bit of p, b (all
	// ones or zeros), are decided, successes where b is 1
	round := func(r uint64) {
		b := -(pb >> 63)
		pb <<= 1
		succ |= mask &^ r & b
		mask &^= r ^ b
	}
	// eight rounds whatever happens (all lanes are decided by then with
	// probability above 3/4), from 1, 2, 4 or 8 numbers by lane width;
	// then one round per number while lanes remain
	st := *g // in registers, see next
	var r uint64
	switch {
	case n <= 8:
		st, r = st.next()
		for range 8 {
			round(r)
			r >>= 8
		}
	case n <= 16:
		for range 2 {
			st, r = st.next()
			round(r)
			round(r >> 16)
			round(r >> 32)
			round(r >> 48)
		}
	case n <= 32:
		for range 4 {
			st, r = st.next()
			round(r)
			round(r >> 32)
		}
	default:
		for range 8 {
			st, r = st.next()
			round(r)
		}
	}
	for t := 8; mask != 0 && t < 63; t++ {
		st, r = st.next()
		round(r)
	}
	*g = st
	x := int64(bits.OnesCount64(succ))
	if mask != 0 {
		x += g.binomial(int64(bits.OnesCount64(mask)), fp-float64(int64(fp)))
	}
	return x
}

// binHalvesMax is the largest n for which [rng.binomial] uses
// binHalves.
const binHalvesMax = 256

// binHalves returns a Binomial(n, p) variate for n >= 1, 0 <= p < 1:
// binBits's lanes counted rather than kept. The lanes still undecided
// after a round are exchangeable (their uniforms agree with p in the
// bits so far), so only their number m matters: in each round the
// number of them whose next bit differs from p's is Binomial(m, 1/2),
// the ones in m random bits; they succeed where p's bit is 1, the others
// stay undecided. A round reads ceil(m/64) numbers and halves m, so
// about log2(n) + 1.3 rounds and 2n/64 + log2(n) numbers in all. Lanes
// still undecided after the 63 leading bits of p succeed with the
// probability given by the rest of p. The draw is exact.
func (g *rng) binHalves(n int64, p float64) int64 {
	fp := p * 0x1p63
	pb := uint64(int64(fp)) << 1 // bits 1..63 of p, bit 1 leading; see binBitsMax
	m, x := n, int64(0)
	st := *g // in registers, see next
	var r uint64
	for t := 0; m > 0 && t < 63; t++ {
		var c int64 // Binomial(m, 1/2)
		k := m
		for ; k > 64; k -= 64 {
			st, r = st.next()
			c += int64(bits.OnesCount64(r))
		}
		st, r = st.next()
		c += int64(bits.OnesCount64(r >> (64 - k)))
		x += c & -int64(pb>>63)
		pb <<= 1
		m -= c
	}
	*g = st
	if m > 0 {
		x += g.binomial(m, fp-float64(int64(fp)))
	}
	return x
}

// recip holds 1/x for the first steps of the inversion in binv.
var recip = [32]float64{0, 1, 1.0 / 2, 1.0 / 3, 1.0 / 4, 1.0 / 5, 1.0 / 6, 1.0 / 7, 1.0 / 8, 1.0 / 9,
	1.0 / 10, 1.0 / 11, 1.0 / 12, 1.0 / 13, 1.0 / 14, 1.0 / 15, 1.0 / 16, 1.0 / 17, 1.0 / 18, 1.0 / 19,
	1.0 / 20, 1.0 / 21, 1.0 / 22, 1.0 / 23, 1.0 / 24, 1.0 / 25, 1.0 / 26, 1.0 / 27, 1.0 / 28, 1.0 / 29,
	1.0 / 30, 1.0 / 31}

// powInt returns q^n for n >= 0 by repeated squaring. The factor of
// each bit is picked by an index rather than a branch: the bits of n are
// random in a multinomial split, so a branch would be mispredicted about
// every other step.
func powInt(q float64, n int64) float64 {
	x := 1.0
	f := [2]float64{1, q}
	for n > 0 {
		f[1] = q
		x *= f[n&1]
		q *= q
		n >>= 1
	}
	return x
}

// binv is inversion (chop-down from 0) for Binomial(n, p), p <= 1/2.
func (g *rng) binv(n int64, p float64) int64 {
	// Most calls in a multinomial split have n p << 1: the inversion
	// returns 0 whenever u <= (1-p)^n, which holds when u < 1 - n p.
	u0 := g.float64()
	if u0 < 1-float64(n)*p {
		return 0
	}
	q := 1 - p
	s := p / q
	a := float64(n+1) * s
	var r0 float64
	if n <= 256 {
		r0 = powInt(q, n) // at most 16 products, exact to a few ulps
	} else {
		r0 = math.Exp(float64(n) * math.Log1p(-p))
	}
	for first := true; ; first = false {
		u := u0
		if !first {
			u = g.float64()
		}
		pr := r0
		var x int64
		for u > pr {
			u -= pr
			x++
			if x > n {
				break
			}
			if x < int64(len(recip)) {
				pr *= a*recip[x] - s
			} else {
				pr *= a/float64(x) - s
			}
			if pr < 1e-300 && float64(x) > float64(n)*p {
				x = n + 1
				break
			}
		}
		if x <= n {
			return x
		}
	}
}

// btrd is Hörmann's (1993) algorithm BTRD for Binomial(n, p), p <= 1/2,
// n p >= 10: transformed rejection (BTRS) whose immediate acceptance
// needs a single uniform. The exact test of the other draws compares v
// with f(k)/f(m), m the mode: near the mode by the recursion f(i)/f(i-1)
// = s (n+1-i)/i, s = p/q, with the numerator and denominator multiplied
// out so that it needs no division; farther out on the log scale, first
// against Hörmann's squeeze t ± rho of log f(k)/f(m) and then by
// Stirling's formula with the tabulated tail fc. The squeeze only skips
// the exact test, so the draws are those of the exact test alone; it is
// used for |k - m| <= npq/2 only: beyond about 0.85 npq its lower bound
// fails in the left tail when p is small (TestBTRDSqueeze).
func (g *rng) btrd(n int64, p float64) int64 {
	nf := float64(n)
	q := 1 - p
	npq := nf * p * q
	spq := math.Sqrt(npq)
	b := 1.15 + 2.53*spq
	a := -0.0873 + 0.0248*b + 0.01*p
	c := nf*p + 0.5
	d := 0.92*b - 4.2 // vr b
	var vr, m, s, nr, alpha, h, nm float64
	setup := false
	for {
		v := g.float64()
		if v*b <= 0.86*d { // v <= 0.86 vr: immediate acceptance
			// u = v/vr - 0.43 = N/D with D = vr b; the two divisions
			// of (2a/(0.5-|u|) + b) u are independent this way
			nn := v*b - 0.43*d
			return int64(math.Floor(2*a*nn/(0.5*d-math.Abs(nn)) + b*nn/d + c))
		}
		if !setup {
			vr = d / b
			m = math.Floor((nf + 1) * p)
			s = p / q
			nr = (nf + 1) * s
			alpha = (2.83 + 5.1/b) * spq
			h, nm = math.NaN(), nf-m+1
			setup = true
		}
		var u float64
		if v >= vr {
			u = g.float64() - 0.5
		} else {
			u = v/vr - 0.93
			u = math.Copysign(0.5, u) - u
			v = g.float64() * vr
		}
		us := 0.5 - math.Abs(u)
		k := math.Floor((2*a/us+b)*u + c)
		if k < 0 || k > nf {
			continue
		}
		v *= alpha / (a/(us*us) + b)
		km := math.Abs(k - m)
		if km <= 15 {
			// v <= f(k)/f(m) as num <= den; at most 15 factors each
			// below n+1 < 2^63, so neither product overflows
			num, den := 1.0, 1.0
			if m < k {
				den = v
				for i := m + 1; i <= k; i++ {
					num *= nr - s*i
					den *= i
				}
				if den <= num {
					return int64(k)
				}
			} else {
				num = v
				for i := k + 1; i <= m; i++ {
					num *= nr - s*i
					den *= i
				}
				if num <= den {
					return int64(k)
				}
			}
			continue
		}
		v = math.Log(v)
		if 2*km <= npq {
			rho := (km / npq) * (((km/3+0.625)*km+1.0/6)/npq + 0.5)
			t := -km * km / (2 * npq)
			if v < t-rho {
				return int64(k)
			}
			if v > t+rho {
				continue
			}
		}
		if math.IsNaN(h) {
			h = (m+0.5)*math.Log((m+1)/(s*nm)) + stirlingTail(m) + stirlingTail(nf-m)
		}
		nk := nf - k + 1
		if v <= h+(nf+1)*math.Log(nm/nk)+(k+0.5)*math.Log(nk*s/(k+1))-stirlingTail(k)-stirlingTail(nf-k) {
			return int64(k)
		}
	}
}

// poisson draws from Poisson(lam): multiplication for lam < 10, otherwise
// Hörmann's (1993) PTRS transformed rejection.
func (g *rng) poisson(lam float64) int64 {
	if lam <= 0 {
		return 0
	}
	if lam < 10 {
		l := math.Exp(-lam)
		var k int64
		p := g.float64()
		for p > l {
			k++
			p *= g.float64()
		}
		return k
	}
	slam := math.Sqrt(lam)
	b := 0.931 + 2.53*slam
	a := -0.059 + 0.02483*b
	vr := 0.9277 - 3.6224/(b-2)
	for {
		u := g.float64() - 0.5
		v := g.float64()
		us := 0.5 - math.Abs(u)
		k := math.Floor((2*a/us+b)*u + lam + 0.43)
		if us >= 0.07 && v <= vr {
			return int64(k)
		}
		if k < 0 || (us < 0.013 && v > us) {
			continue
		}
		invalpha := 1.1239 + 1.1328/(b-3.4)
		if math.Log(v*invalpha/(a/(us*us)+b)) <= -lam+k*math.Log(lam)-logFactorial(k) {
			return int64(k)
		}
	}
}

// smallMultinomial is the count up to which [rng.split] places units one
// at a time (one uniform each) rather than by conditional binomials.
const smallMultinomial = 2

// split splits n over weights w (unnormalised, non-negative) into out,
// sum being the sum of w, taking the classes in the order given: each by
// a binomial conditional on the units not yet placed, the last of
// positive weight taking what remains; once few units remain
// (smallMultinomial) they are placed one at a time against the
// cumulative weights of the classes left. Any order gives the same
// multinomial distribution. It returns h such that out[order[i]] is 0
// for i >= h.
func (g *rng) split(n int64, w []float64, sum float64, out []int64, order []int) int {
	clear(out)
	if n <= 0 {
		return 0
	}
	last := len(order) - 1
	for last > 0 && w[order[last]] <= 0 {
		last--
	}
	// The conditional probability of class i, p = w_k / rest (rest the
	// weight of the classes from i on), does not depend on the draws:
	// each is divided out while the binomial before it is drawn, so that
	// the division's latency does not delay its binomial, and only for
	// the classes the split reaches (about half of them in LCMCR).
	rest := sum
	p := w[order[0]] / rest
	for i, k := range order[:last+1] {
		if n <= smallMultinomial {
			// a categorical draw for each unit: the class of cls at
			// which u, uniform on [0, rest), falls below the cumulative
			// weight
			cls := order[i : last+1]
			for ; n > 0; n-- {
				u := g.float64() * rest
				c := -1
				for _, k := range cls {
					u -= w[k]
					if u < 0 {
						c = k
						break
					}
				}
				if c < 0 {
					c = lastPositive(w, cls)
				}
				out[c]++
			}
			return last + 1
		}
		wk := w[k]
		// the last class, or rounding (p = 1 would be out of the range
		// of binBits and binHalves)
		if i == last || wk >= rest || p >= 1 {
			out[k] += n
			return i + 1
		}
		next := rest - wk
		pNext := w[order[i+1]] / next // i < last
		if wk <= 0 {
			rest, p = next, pNext
			continue
		}
		// g.binomial(n, wk/rest), inlined
		var x int64
		if n <= binBitsMax {
			x = g.binBits(n, p)
		} else if p <= 0.5 {
			if nf := float64(n); nf*p < 10 {
				x = g.binv(n, p)
			} else if n <= binHalvesMax {
				x = g.binHalves(n, p)
			} else {
				x = g.btrd(n, p)
			}
		} else {
			if q := 1 - p; float64(n)*q < 10 {
				x = n - g.binv(n, q)
			} else if n <= binHalvesMax {
				x = g.binHalves(n, p)
			} else {
				x = n - g.btrd(n, q)
			}
		}
		out[k] = x
		n -= x
		if n == 0 {
			return i + 1
		}
		rest, p = next, pNext
	}
	return last + 1
}

// lastPositive returns the last class of order with a positive weight,
// the last of order if none has one: where a categorical draw lands when
// rounding leaves u at or above the total weight.
func lastPositive(w []float64, order []int) int {
	for i := len(order) - 1; i >= 0; i-- {
		if w[order[i]] > 0 {
			return order[i]
		}
	}
	return order[len(order)-1]
}
