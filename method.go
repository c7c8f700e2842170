package reckon

import "strings"

// Method is how an [Estimate] was computed: the documented minimum or a
// method of multiple systems estimation.
type Method string

// The estimation methods; Methods lists them.
const (
	// MethodMinimum is the documented minimum: the distinct persons
	// named by any list after linkage. A floor, not an estimate.
	MethodMinimum Method = "minimum"
	// MethodLogLinear is the best Poisson log-linear model by BIC, with a
	// profile-likelihood interval.
	MethodLogLinear Method = "loglinear"
	// MethodStepwise is stepwise selection of two-list interactions
	// (Chan, Silverman and Vincent 2021) with a BCa bootstrap interval.
	MethodStepwise Method = "stepwise"
	// MethodLCMCR is the Bayesian latent-class model (Manrique-Vallier
	// 2016).
	MethodLCMCR Method = "lcmcr"
	// MethodClosedp is the best by BIC of Rcapture's closedp.t models.
	MethodClosedp Method = "closedp"
	// MethodChao is Chao's (1987) lower bound, with the sample-coverage
	// estimate beside it. A floor, not an estimate.
	MethodChao Method = "chao"
	// MethodDGA is Bayesian model averaging over the decomposable
	// graphical models of the lists (Madigan and York 1997).
	MethodDGA Method = "dga"
)

// Methods lists every Method: the documented minimum first, then the
// methods of multiple systems estimation in the order they are run and
// reported.
var Methods = []Method{MethodMinimum, MethodLogLinear, MethodStepwise, MethodLCMCR, MethodClosedp, MethodChao, MethodDGA}

// ParseMethod returns the method named s, or an error of code EINVALID
// that lists the methods.
func ParseMethod(s string) (Method, error) {
	for _, m := range Methods {
		if string(m) == s {
			return m, nil
		}
	}
	return "", Errorf(EINVALID, "unknown method %s (want %s)", Quote(s), methodList(Methods))
}

// ParseMethods reads a comma-separated list of methods of multiple
// systems estimation (every method but the documented minimum, which is
// always computed); "" is nil. An unknown name, the minimum or a
// repeated name is an error of code EINVALID.
func ParseMethods(s string) ([]Method, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	var out []Method
	for _, name := range strings.Split(s, ",") {
		m, err := ParseMethod(strings.TrimSpace(name))
		if err == nil && !m.MSE() {
			err = Errorf(EINVALID, "method %s is always computed: want some of %s", Quote(string(m)), methodList(Methods[1:]))
		}
		if err != nil {
			return nil, err
		}
		for _, o := range out {
			if o == m {
				return nil, Errorf(EINVALID, "method %s is named twice", Quote(string(m)))
			}
		}
		out = append(out, m)
	}
	return out, nil
}

// MSE reports whether m is a method of multiple systems estimation: every
// known method but the documented minimum.
func (m Method) MSE() bool {
	for _, k := range Methods[1:] {
		if m == k {
			return true
		}
	}
	return false
}

// Floor reports whether m's figure is a lower bound on the total rather
// than an estimate of it: the documented minimum and Chao's bound.
func (m Method) Floor() bool { return m == MethodMinimum || m == MethodChao }

// methodList writes ms as "a, b, c or d".
func methodList(ms []Method) string {
	var b strings.Builder
	for i, m := range ms {
		switch {
		case i == 0:
		case i == len(ms)-1:
			b.WriteString(" or ")
		default:
			b.WriteString(", ")
		}
		b.WriteString(string(m))
	}
	return b.String()
}
