package mse

// ClosedpModelJSON is one closedp.t model in a [Result]: a [ModelJSON]
// with its standard error and deviance.
type ClosedpModelJSON struct {
	ModelJSON
	SE       *float64 `json:"se"`
	Deviance float64  `json:"deviance"`
}

// ClosedpJSON is the closedp part of a [Result]: Rcapture's closedp.t
// models in its order, and the best by AIC and BIC (null when no model
// is usable).
type ClosedpJSON struct {
	Models  []ClosedpModelJSON `json:"models"`
	BestAIC *ClosedpModelJSON  `json:"best_aic"`
	BestBIC *ClosedpModelJSON  `json:"best_bic"`
}

// ChaoJSON is the chao part of a [Result]: the lower bounds of
// [LowerBound].
type ChaoJSON struct {
	// F[k] units were seen on exactly k lists.
	F []int64 `json:"f"`
	// LowerBound is Chao's (1987) lower bound with its log-transformed
	// 95% interval.
	LowerBound struct {
		NHat  float64  `json:"n_hat"`
		SE    *float64 `json:"se"`
		Lower float64  `json:"lower"`
		Upper float64  `json:"upper"`
	} `json:"lower_bound"`
	// SampleCoverage is Chao and Tsay's (1998) estimator: the coverage,
	// N̂0 (independent lists), N̂1 (one step for pairwise heterogeneity)
	// with its bootstrap log-transformed interval.
	SampleCoverage struct {
		Coverage  *float64 `json:"coverage"`
		N0        *float64 `json:"n0"`
		N1        *float64 `json:"n1"`
		CCV       *float64 `json:"ccv"`
		SE        *float64 `json:"se"`
		Lower     *float64 `json:"lower"`
		Upper     *float64 `json:"upper"`
		Bootstrap int      `json:"bootstrap"`
	} `json:"sample_coverage"`
	Warnings []string `json:"warnings,omitempty"`
}

func closedpModelJSON(m *ModelFit) ClosedpModelJSON {
	return ClosedpModelJSON{ModelJSON: modelJSON(m), SE: num(m.SE), Deviance: m.Deviance}
}

func (res *Result) closedp(t *Table, opt Options) error {
	cp := res.Raw.Closedp // fitted with the log-linear models
	if cp == nil {
		var err error
		if cp, err = Closedp(t, opt.Closedp); err != nil {
			return err
		}
		res.Raw.Closedp = cp
	}
	cj := &ClosedpJSON{Models: []ClosedpModelJSON{}}
	for i := range cp.Models {
		cj.Models = append(cj.Models, closedpModelJSON(&cp.Models[i]))
	}
	if cp.BestAIC >= 0 {
		a, b := cj.Models[cp.BestAIC], cj.Models[cp.BestBIC]
		cj.BestAIC, cj.BestBIC = &a, &b
	} else {
		res.Warnings = append(res.Warnings, "closedp: no closedp.t model is usable on this table")
	}
	res.Closedp = cj
	return nil
}

func (res *Result) chao(t *Table, opt Options) error {
	lo := opt.LowerBound
	if lo.Seed == 0 {
		lo.Seed = opt.Stepwise.Seed
	}
	lb, err := LowerBound(t, lo)
	if err != nil {
		return err
	}
	res.Raw.Chao = lb
	c := &ChaoJSON{F: lb.F, Warnings: lb.Warnings}
	c.LowerBound.NHat, c.LowerBound.SE = lb.Chao, num(lb.ChaoSE)
	c.LowerBound.Lower, c.LowerBound.Upper = lb.ChaoLower, lb.ChaoUpper
	sc := &c.SampleCoverage
	sc.Coverage, sc.N0, sc.N1, sc.CCV = num(lb.Coverage), num(lb.Coverage0), num(lb.Coverage1), num(lb.CCV)
	sc.SE, sc.Lower, sc.Upper, sc.Bootstrap = num(lb.CoverageSE), num(lb.CoverageLower), num(lb.CoverageUpper), lb.Bootstrap
	res.Chao = c
	return nil
}
