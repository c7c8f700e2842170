package mse

import "math"

// fmax maximises f on [a, b] by Brent's method (golden section with
// parabolic steps), as R's optimize; it returns the argument and value.
func fmax(f func(float64) float64, a, b, tol float64) (float64, float64) {
	g := func(x float64) float64 { return -f(x) }
	const c = 0.3819660112501051 // (3 - sqrt 5)/2
	eps := math.Sqrt(2.220446e-16)
	v := a + c*(b-a)
	w, x := v, v
	d, e := 0.0, 0.0
	fx := g(x)
	fv, fw := fx, fx
	tol3 := tol / 3
	for {
		xm := (a + b) / 2
		tol1 := eps*math.Abs(x) + tol3
		t2 := 2 * tol1
		if math.Abs(x-xm) <= t2-(b-a)/2 {
			break
		}
		p, q, r := 0.0, 0.0, 0.0
		if math.Abs(e) > tol1 {
			r = (x - w) * (fx - fv)
			q = (x - v) * (fx - fw)
			p = (x-v)*q - (x-w)*r
			q = (q - r) * 2
			if q > 0 {
				p = -p
			} else {
				q = -q
			}
			r = e
			e = d
		}
		if math.Abs(p) >= math.Abs(q/2*r) || p <= q*(a-x) || p >= q*(b-x) {
			if x < xm {
				e = b - x
			} else {
				e = a - x
			}
			d = c * e
		} else {
			d = p / q
			u := x + d
			if u-a < t2 || b-u < t2 {
				d = tol1
				if x >= xm {
					d = -d
				}
			}
		}
		var u float64
		if math.Abs(d) >= tol1 {
			u = x + d
		} else if d > 0 {
			u = x + tol1
		} else {
			u = x - tol1
		}
		fu := g(u)
		if fu <= fx {
			if u < x {
				b = x
			} else {
				a = x
			}
			v, w, x = w, x, u
			fv, fw, fx = fw, fx, fu
		} else {
			if u < x {
				a = u
			} else {
				b = u
			}
			if fu <= fw || w == x {
				v, fv = w, fw
				w, fw = u, fu
			} else if fu <= fv || v == x || v == w {
				v, fv = u, fu
			}
		}
	}
	return x, -fx
}

// zeroin finds a root of f in [a, b] by Brent's method, as R's uniroot.
// It reports false when f(a) and f(b) have the same sign (R's error).
func zeroin(f func(float64) float64, a, b, tol float64) (float64, bool) {
	fa, fb := f(a), f(b)
	if math.IsNaN(fa) || math.IsNaN(fb) || fa*fb > 0 {
		return 0, false
	}
	if fa == 0 {
		return a, true
	}
	if fb == 0 {
		return b, true
	}
	const eps = 2.220446e-16
	c, fc := a, fa
	for iter := 0; iter < 1000; iter++ {
		prev := b - a
		if math.Abs(fc) < math.Abs(fb) {
			a, b, c = b, c, b
			fa, fb, fc = fb, fc, fb
		}
		tolAct := 2*eps*math.Abs(b) + tol/2
		newStep := (c - b) / 2
		if math.Abs(newStep) <= tolAct || fb == 0 {
			return b, true
		}
		if math.Abs(prev) >= tolAct && math.Abs(fa) > math.Abs(fb) {
			var p, q float64
			cb := c - b
			if a == c {
				t1 := fb / fa
				p = cb * t1
				q = 1 - t1
			} else {
				qq := fa / fc
				t1 := fb / fc
				t2 := fb / fa
				p = t2 * (cb*qq*(qq-t1) - (b-a)*(t1-1))
				q = (qq - 1) * (t1 - 1) * (t2 - 1)
			}
			if p > 0 {
				q = -q
			} else {
				p = -p
			}
			if p < 0.75*cb*q-math.Abs(tolAct*q)/2 && p < math.Abs(prev*q/2) {
				newStep = p / q
			}
		}
		if math.Abs(newStep) < tolAct {
			if newStep > 0 {
				newStep = tolAct
			} else {
				newStep = -tolAct
			}
		}
		a, fa = b, fb
		b += newStep
		fb = f(b)
		if (fb > 0 && fc > 0) || (fb < 0 && fc < 0) {
			c, fc = a, fa
		}
	}
	return b, true
}
