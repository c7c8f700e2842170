package pipeline

import (
	"fmt"
	"strings"

	"github.com/reckonhq/reckon"
)

// Recipe returns the command line that recomputes a stored estimate from
// its input, saved as input.csv, with its settings and seed: every figure
// of the estimate, interval included, comes out the same (Estimate runs
// the methods on the table read back from that input). The documented
// minimum has no recipe: it is "", as the input's rows add up to it. A sum
// over strata has no recipe of its own either (""): each stratum's
// estimate has one.
//
// An estimate whose settings do not read as its method's (see
// [ReadSettings]), or hold a setting that reckon mse has no flag for, is
// an error of code invalid, never a recipe that would not repeat it.
func Recipe(e *reckon.Estimate) (string, error) {
	if e.SumOfStrata() {
		return "", nil
	}
	st, err := ReadSettings(e)
	if err != nil {
		return "", err
	}
	var flags []string
	flag := func(name string, v any, set bool) {
		if set {
			flags = append(flags, fmt.Sprintf("--%s %v", name, v))
		}
	}
	// unsupported names the settings reckon mse cannot take; each must be
	// at its default.
	var unsupported []string
	fixed := func(name string, set bool) {
		if set {
			unsupported = append(unsupported, name)
		}
	}
	switch e.Method {
	case reckon.MethodMinimum:
		return "", nil
	case reckon.MethodLCMCR:
		o := st.LCMCR
		// Estimate stores the options as run, defaults filled in: the
		// four lengths are always written.
		flags = append(flags, fmt.Sprintf("--burnin %d --samples %d --thin %d --chains %d", o.Burnin, o.Samples, o.Thin, o.Chains))
		fixed("K", o.K != 0 && o.K != 10)
		fixed("AAlpha", o.AAlpha != 0 && o.AAlpha != 0.25)
		fixed("BAlpha", o.BAlpha != 0 && o.BAlpha != 0.25)
		fixed("MaxFactor", o.MaxFactor != 0 && o.MaxFactor != 20)
	case reckon.MethodStepwise:
		o := st.Stepwise
		flag("bootstrap", o.Bootstrap, o.Bootstrap != 0)
		fixed("PThreshold", o.PThreshold != 0)
	case reckon.MethodLogLinear:
		o := st.LogLinear
		flag("max-order", o.MaxOrder, o.MaxOrder != 0)
		fixed("MaxModels", o.MaxModels != 0)
		fixed("Bounded", o.Bounded)
		// Intervals and NoHeterogeneity change which other models get an
		// interval and are listed, not the figures of the best by BIC.
	case reckon.MethodClosedp:
		// Workers only: the answer does not depend on it.
	case reckon.MethodChao:
		fixed("Bootstrap", st.LowerBound.Bootstrap != 0)
	case reckon.MethodDGA:
		o := st.DGA
		flag("dga-delta", o.Delta, o.Delta != 0)
		flag("dga-max-missing", o.MaxMissing, o.MaxMissing != 0)
		flag("dga-iterations", o.Iterations, o.Iterations != 0)
		fixed("Exhaustive", o.Exhaustive != 0)
		// Top only lists fewer or more graphs.
	}
	if len(unsupported) > 0 {
		return "", reckon.Errorf(reckon.EINVALID, "estimate %d: %s settings %s have no reckon mse flag: no command line repeats it", e.ID, e.Method, strings.Join(unsupported, ", "))
	}
	cmd := fmt.Sprintf("reckon mse input.csv --method %s --seed %d", e.Method, e.Seed)
	if len(flags) > 0 {
		cmd += " " + strings.Join(flags, " ")
	}
	return cmd + " --format json", nil
}
