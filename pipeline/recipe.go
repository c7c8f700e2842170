package pipeline

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/mse"
)

// Recipe returns the command line that recomputes a stored estimate from
// its input, saved as input.csv, with its settings and seed: every figure
// of the estimate, interval included, comes out the same (Estimate runs
// the methods on the table read back from that input). The documented
// minimum has no recipe: it is "", as the input's rows add up to it. An
// estimate whose settings do not read as its method's is an error of code
// invalid, never a recipe that would not repeat it. A sum over strata
// has no recipe of its own either (""): each stratum's estimate has one.
func Recipe(e *reckon.Estimate) (string, error) {
	if e.SumOfStrata() {
		return "", nil
	}
	var flags []string
	decode := func(v any) error {
		if err := json.Unmarshal([]byte(e.Settings), v); err != nil {
			return reckon.Errorf(reckon.EINVALID, "estimate %d: settings %s do not read as %s's: %v", e.ID, reckon.Quote(e.Settings), e.Method, err)
		}
		return nil
	}
	switch e.Method {
	case MethodMinimum:
		return "", nil
	case MethodLCMCR:
		var o mse.LCMCROptions
		if err := decode(&o); err != nil {
			return "", err
		}
		flags = append(flags, fmt.Sprintf("--burnin %d --samples %d --thin %d --chains %d", o.Burnin, o.Samples, o.Thin, o.Chains))
	case MethodStepwise:
		var o mse.StepwiseOptions
		if err := decode(&o); err != nil {
			return "", err
		}
		if o.Bootstrap != 0 {
			flags = append(flags, fmt.Sprintf("--bootstrap %d", o.Bootstrap))
		}
	case MethodLogLinear:
		var o mse.LogLinearOptions
		if err := decode(&o); err != nil {
			return "", err
		}
		if o.MaxOrder != 0 {
			flags = append(flags, fmt.Sprintf("--max-order %d", o.MaxOrder))
		}
	case MethodClosedp:
		var o mse.ClosedpOptions
		if err := decode(&o); err != nil {
			return "", err
		}
	case MethodChao:
		var o mse.LowerBoundOptions
		if err := decode(&o); err != nil {
			return "", err
		}
		if o.Bootstrap != 0 {
			return "", reckon.Errorf(reckon.EINVALID, "estimate %d: chao with %d bootstrap tables: reckon mse draws the default 200", e.ID, o.Bootstrap)
		}
	case MethodDGA:
		var o mse.DGAOptions
		if err := decode(&o); err != nil {
			return "", err
		}
		if o.Delta != 0 {
			flags = append(flags, fmt.Sprintf("--dga-delta %g", o.Delta))
		}
		if o.MaxMissing != 0 {
			flags = append(flags, fmt.Sprintf("--dga-max-missing %d", o.MaxMissing))
		}
		if o.Iterations != 0 {
			flags = append(flags, fmt.Sprintf("--dga-iterations %d", o.Iterations))
		}
	default:
		return "", reckon.Errorf(reckon.EINVALID, "estimate %d: method %s has no recipe", e.ID, reckon.Quote(e.Method))
	}
	cmd := fmt.Sprintf("reckon mse input.csv --method %s --seed %d", e.Method, e.Seed)
	if len(flags) > 0 {
		cmd += " " + strings.Join(flags, " ")
	}
	return cmd + " --format json", nil
}
