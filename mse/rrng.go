package mse

import (
	"math"
	"math/big"
)

// This file is the random stream of [Stepwise]'s bootstrap: the stream R
// draws after set.seed with its default generator, and multinomial tables
// drawn from it by conditional binomials, so that a bootstrap run here
// resamples the very tables SparseMSE resamples in R for the same seed.
//
// It is written from the published algorithms, not from R's source:
//
//   - the uniform stream is MT19937 (Matsumoto and Nishimura 1998), a
//     624-word state seeded the way R's set.seed documents for its
//     "Mersenne-Twister" kind: the integer seed is scrambled by 50 steps
//     of the congruential generator s <- 69069 s + 1, and further steps
//     fill the seed vector (position word, then the 624 state words);
//     the position is then set so that the first draw regenerates the
//     state. Each tempered 32-bit word w gives the uniform w 2^-32,
//     never 0 (R's uniforms lie in the open interval (0, 1));
//   - binomial variates use Kachitvichyanukul and Schmeiser's (1988)
//     algorithms: BINV (inversion) when n min(p, 1-p) < 30 and BTPE
//     (triangle, parallelogram and exponential tails, with the paper's
//     squeeze and its Stirling-series final test) otherwise; both
//     draw for min(p, 1-p) and reflect;
//   - a multinomial table is K-1 binomials in cell order, the count of
//     cell k drawn from the size not yet placed with probability p_k over
//     the probability of cells k..K-1, stopping once all is placed. One
//     detail is not in the papers and matters for bit-exactness: R
//     carries the remaining probability in extended precision (see
//     [newRMultinomial]); in double precision the tables drift from R's
//     within a few dozen replicates.
//
// The papers fix everything else that the tests check, with R's choices
// where the papers leave one open: the inversion threshold n p < 30, and
// the paper's own Step 5.3 (its four Stirling terms all added, as R 4.2
// has it; later R releases changed two signs, which changes rare draws).
//
// The tests check the stream bit for bit against R 4.2.2's output kept
// as test data: runif, rbinom (through BINV, BTPE and its final test),
// rmultinom, and the 1,000 bootstrap tables SparseMSE drew for each of 13
// reference tables (rrng_test.go).
//
// References:
//
//   - M. Matsumoto and T. Nishimura (1998). Mersenne twister: a
//     623-dimensionally equidistributed uniform pseudo-random number
//     generator. ACM TOMACS 8(1), 3-30.
//   - V. Kachitvichyanukul and B. W. Schmeiser (1988). Binomial random
//     variate generation. Communications of the ACM 31(2), 216-222.
//   - C. S. Davis (1993). The computer generation of multinomial random
//     variates. Computational Statistics & Data Analysis 16, 205-217
//     (the conditional distribution method).

// mtN, mtM and the masks are MT19937's parameters: degree n = 624,
// middle word m = 397, separation point r = 31, twist matrix a.
const (
	mtN          = 624
	mtM          = 397
	mtUpper      = 0x80000000 // the word's top w-r bits
	mtLower      = 0x7fffffff // its low r bits
	mtA          = 0x9908b0df
	mtTemperB    = 0x9d2c5680
	mtTemperC    = 0xefc60000
	twoToMinus32 = 1.0 / (1 << 32)
)

// rStream is R's default uniform stream: MT19937 with set.seed's seeding.
type rStream struct {
	x   [mtN]uint32 // the last n words of the recurrence
	pos int         // next word of x to temper; mtN means regenerate
}

// newRStream returns the stream in the state set.seed(seed) leaves it in;
// seed is R's integer seed as a 32-bit pattern (R's seed -1 is 1<<32 - 1).
func newRStream(seed uint32) *rStream {
	lcg := func() uint32 {
		seed = 69069*seed + 1
		return seed
	}
	for range 50 { // initial scrambling
		lcg()
	}
	lcg() // the seed vector's position word, overwritten below
	s := &rStream{}
	for i := range s.x {
		s.x[i] = lcg()
	}
	s.pos = mtN
	return s
}

// regenerate replaces the n words of the state by the next n of the
// recurrence x[k+n] = x[k+m] xor (upper(x[k]) | lower(x[k+1])) A, where
// multiplying by A is a shift right and, for an odd word, xor a.
func (s *rStream) regenerate() {
	for k := range mtN {
		y := s.x[k]&mtUpper | s.x[(k+1)%mtN]&mtLower
		next := s.x[(k+mtM)%mtN] ^ y>>1
		if y&1 != 0 {
			next ^= mtA
		}
		s.x[k] = next
	}
	s.pos = 0
}

// uniform returns the next uniform variate on (0, 1): the next word,
// tempered, times 2^-32; a zero word (one in 2^32) gives 2^-33.
func (s *rStream) uniform() float64 {
	if s.pos == mtN {
		s.regenerate()
	}
	y := s.x[s.pos]
	s.pos++
	y ^= y >> 11
	y ^= y << 7 & mtTemperB
	y ^= y << 15 & mtTemperC
	y ^= y >> 18
	if y == 0 {
		return 0.5 * twoToMinus32
	}
	return float64(y) * twoToMinus32
}

// powUint returns x^n for n >= 0 by binary powering: one squaring per
// bit of n, a product per set bit, from the lowest bit up.
func powUint(x float64, n int) float64 {
	r := 1.0
	for ; n > 0; n >>= 1 {
		if n&1 == 1 {
			r *= x
		}
		if n > 1 {
			x *= x
		}
	}
	return r
}

// binomial returns a Binomial(n, p) variate for n >= 0 and 0 <= p <= 1.
func (s *rStream) binomial(n int, p float64) int {
	if n == 0 || p == 0 {
		return 0
	}
	if p == 1 {
		return n
	}
	r := min(p, 1-p) // the paper's p, at most 1/2
	var y int
	if float64(n)*r < 30 {
		y = s.binv(n, r)
	} else {
		y = s.btpe(n, r)
	}
	if p > 0.5 {
		return n - y
	}
	return y
}

// binv is algorithm BINV for 0 < r <= 1/2: it walks the probabilities
// f(0) = q^n, f(x) = f(x-1) ((n+1) s / x - s), s = r/q, subtracting each
// from a uniform until the remainder falls below one.
func (s *rStream) binv(n int, r float64) int {
	q := 1 - r
	ratio := r / q
	a := float64(n+1) * ratio
	f0 := powUint(q, n)
	for {
		u := s.uniform()
		f := f0
		for x := 0; x <= n; x++ {
			if u < f {
				return x
			}
			u -= f
			f *= a/float64(x+1) - ratio
		}
		// rounding left u above the total of f: draw again
	}
}

// btpe is algorithm BTPE for 0 < r <= 1/2 and n r >= 30. The notation is
// the paper's: mode M, the triangle's half-width p1 around xM, the
// parallelogram's height c, the exponential tails' rates lambdaL and
// lambdaR beyond xL and xR, and p1..p4 the cumulative areas of the four
// regions.
func (s *rStream) btpe(n int, r float64) int {
	// Step 0: set-up.
	q := 1 - r
	nr := float64(n) * r
	nrq := nr * q
	fM := nr + r
	M := int(fM)
	p1 := math.Floor(2.195*math.Sqrt(nrq)-4.6*q) + 0.5
	xM := float64(M) + 0.5
	xL := xM - p1
	xR := xM + p1
	c := 0.134 + 20.5/(15.3+float64(M))
	a := (fM - xL) / (fM - xL*r)
	lambdaL := a * (1 + 0.5*a)
	a = (xR - fM) / (xR * q)
	lambdaR := a * (1 + 0.5*a)
	p2 := p1 * (1 + 2*c)
	p3 := p2 + c/lambdaL
	p4 := p3 + c/lambdaR

	for {
		// Step 1: u on (0, p4) picks the region, v the height.
		u := s.uniform() * p4
		v := s.uniform()
		if u <= p1 { // triangle: accept at once
			return int(xM - p1*v + u)
		}
		var y int
		switch {
		case u <= p2: // Step 2: parallelogram
			x := xL + (u-p1)/c
			v = v*c + 1 - math.Abs(xM-x)/p1
			if v > 1 || v <= 0 {
				continue
			}
			y = int(x)
		case u <= p3: // Step 3: left exponential tail
			y = int(math.Floor(xL + math.Log(v)/lambdaL))
			if y < 0 {
				continue
			}
			v *= (u - p2) * lambdaL
		default: // Step 4: right exponential tail
			y = int(xR - math.Log(v)/lambdaR)
			if y > n {
				continue
			}
			v *= (u - p3) * lambdaR
		}

		// Step 5.0: near the mode or far in the tails, evaluate
		// f(y)/f(M) exactly; in between, squeeze.
		k := y - M
		if k < 0 {
			k = -k
		}
		if k <= 20 || float64(k) >= nrq/2-1 {
			// Step 5.1: the ratio f(y)/f(M) by the recursion of binv.
			ratio := r / q
			a := float64(n+1) * ratio
			F := 1.0
			for i := M + 1; i <= y; i++ {
				F *= a/float64(i) - ratio
			}
			for i := y + 1; i <= M; i++ {
				F /= a/float64(i) - ratio
			}
			if v <= F {
				return y
			}
			continue
		}

		// Step 5.2: squeeze log v against bounds on log f(y)/f(M).
		kf := float64(k)
		rho := (kf / nrq) * ((kf*(kf/3+0.625)+1.0/6)/nrq + 0.5)
		t := -kf * kf / (2 * nrq)
		A := math.Log(v)
		if A < t-rho {
			return y
		}
		if A > t+rho {
			continue
		}

		// Step 5.3: the final test, log f(y)/f(M) by Stirling's series.
		x1 := float64(y + 1)
		f1 := float64(M + 1)
		z := float64(n+1) - float64(M)
		w := float64(n-y) + 1
		if A <= xM*math.Log(f1/x1)+(float64(n-M)+0.5)*math.Log(z/w)+float64(y-M)*math.Log(w*r/(x1*q))+
			stirlingTerm(f1)+stirlingTerm(z)+stirlingTerm(x1)+stirlingTerm(w) {
			return y
		}
	}
}

// stirlingTerm is the paper's correction term of Step 5.3 for x:
// (13860 - (462 - (132 - (99 - 140/x²)/x²)/x²)/x²) / x / 166320, the
// series 1/(12x) - 1/(360x³) + 1/(1260x⁵) - 1/(1680x⁷) + ... of log Γ.
func stirlingTerm(x float64) float64 {
	x2 := x * x
	return (13860 - (462-(132-(99-140/x2)/x2)/x2)/x2) / x / 166320
}

// rMultinomial draws multinomial tables over fixed cell weights by the
// conditional distribution method.
type rMultinomial struct {
	// cond[k] is cell k's probability given that the table lies in cells
	// k..K-1, p[k] / (p[k] + ... + p[K-1]); 0 for an empty cell.
	cond []float64
}

// newRMultinomial prepares tables over the non-negative weights w, at
// least one of them positive.
//
// The arithmetic is R's, for the tables to match bit for bit: each
// weight over their total gives p[k] in double precision, and the
// remaining total p[k] + ... + p[K-1] is carried in x87 extended
// precision (a 64-bit significand, rounding to nearest even), summed in
// cell order and decreased by each p[k] in turn; the quotient is rounded
// to extended and then to double precision. The last unit matters: in a
// bootstrap the size left to place and the weight left are often such
// that (n+1) p is an integer, where BTPE's mode floor(n p + p) turns on
// the last bit of p.
func newRMultinomial(w []float64) *rMultinomial {
	var total float64
	for _, v := range w {
		total += v
	}
	p := make([]float64, len(w))
	for k, v := range w {
		p[k] = v / total
	}
	ext := func(x float64) *big.Float {
		return new(big.Float).SetPrec(64).SetMode(big.ToNearestEven).SetFloat64(x)
	}
	rest := ext(0)
	for _, pk := range p {
		rest.Add(rest, ext(pk))
	}
	m := &rMultinomial{cond: make([]float64, len(w))}
	quo := ext(0)
	for k, pk := range p {
		if pk > 0 {
			m.cond[k], _ = quo.Quo(ext(pk), rest).Float64()
		}
		rest.Sub(rest, ext(pk))
	}
	return m
}

// draw places size items into the cells of out (len(out) == K) from the
// stream: cell k gets Binomial(remaining, cond[k]), the last cell the
// rest. An empty cell, or a cell of conditional probability 1, takes no
// variate; nothing is drawn once all items are placed.
func (m *rMultinomial) draw(s *rStream, size int, out []int) {
	clear(out)
	last := len(out) - 1
	for k := 0; k < last && size > 0; k++ {
		switch p := m.cond[k]; {
		case p == 0:
		case p >= 1:
			out[k] = size
		default:
			out[k] = s.binomial(size, p)
		}
		size -= out[k]
	}
	out[last] += size
}
