package reckon

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"math"
	"strings"
	"time"
)

// StrataTotal is the stratum value of an estimate that sums the estimates
// of every stratum of an attribute: its Stratum is "ATTR=" + StrataTotal,
// as "unit=(all, summed)".
const StrataTotal = "(all, summed)"

// SumOfStrata reports whether e sums the estimates of the strata of an
// attribute (see [StrataTotal]).
func (e *Estimate) SumOfStrata() bool { return strings.HasSuffix(e.Stratum, "="+StrataTotal) }

// Estimate is a stored estimate of a total: a documented minimum or a
// multiple systems estimate, with everything needed to reproduce it.
type Estimate struct {
	ID         int64    `json:"id"`
	Measure    Measure  `json:"measure"`
	Population string   `json:"population"`        // who is counted, as the analyst names it
	Stratum    string   `json:"stratum,omitempty"` // "unit=94th"; "" for the whole population; "unit=(all, summed)" for the sum over the strata
	Method     Method   `json:"method"`            // see Methods
	Model      string   `json:"model,omitempty"`   // the selected model, e.g. "[12,13]"
	Observed   int64    `json:"observed"`          // distinct persons seen by any list
	NHat       float64  `json:"n_hat"`
	Lower      float64  `json:"lower"` // 95% interval; equal to NHat for a minimum
	Upper      float64  `json:"upper"` // +Inf when there is no finite upper bound
	Interval   string   `json:"interval,omitempty"`
	Lists      []string `json:"lists"`
	Input      string   `json:"input"`      // the capture-history CSV the estimate was computed from
	InputHash  string   `json:"input_hash"` // hex SHA-256 of Input
	Settings   string   `json:"settings"`   // JSON of the method's options, seed included
	Seed       uint64   `json:"seed"`
	Version    string   `json:"version"` // reckon version that computed it
	LinkRunID  int64    `json:"link_run_id,omitempty"`
	Result     string   `json:"result"` // the method's full JSON output
	Warnings   []string `json:"warnings,omitempty"`
	// Linkage is the estimate over draws of the linkage, carrying the
	// uncertainty of linkage as well as of sampling; nil when it was not
	// computed (no draws asked, or no draw gave an estimate).
	Linkage   *LinkageInterval `json:"linkage,omitempty"`
	CreatedAt time.Time        `json:"created_at"`
}

// LinkageInterval is an estimate computed over K linkages drawn from the
// match probabilities, combined with the uncertainty of each: for
// log-linear and stepwise estimates by Rubin's rules, for LCMCR by
// pooling the posterior draws, for the documented minimum the range of
// distinct persons over the draws (NHat their median).
type LinkageInterval struct {
	Draws int     `json:"draws"` // linkages that gave an estimate
	NHat  float64 `json:"n_hat"`
	Lower float64 `json:"lower"` // 95% over linkage and sampling
	Upper float64 `json:"upper"` // +Inf (null in JSON) when there is no finite upper bound
}

// Check returns an error of code invalid for an interval a store must
// refuse: no draws, or a point or lower bound that is not a finite
// number, or a NaN upper bound (+Inf is no finite bound, and allowed).
func (l *LinkageInterval) Check() error {
	if l.Draws < 1 || math.IsNaN(l.NHat) || math.IsInf(l.NHat, 0) || math.IsNaN(l.Lower) || math.IsInf(l.Lower, 0) || math.IsNaN(l.Upper) {
		return Errorf(EINVALID, "estimate's linkage interval: %d draws, %v [%v, %v]", l.Draws, l.NHat, l.Lower, l.Upper)
	}
	return nil
}

// MarshalJSON writes an infinite upper bound as null.
func (l *LinkageInterval) MarshalJSON() ([]byte, error) {
	type plain LinkageInterval
	var upper *float64
	if !math.IsInf(l.Upper, 1) {
		u := l.Upper
		upper = &u
	}
	return json.Marshal(struct {
		*plain
		Upper *float64 `json:"upper"`
	}{(*plain)(l), upper})
}

// UnmarshalJSON reads what MarshalJSON writes: a null upper bound is +Inf.
func (l *LinkageInterval) UnmarshalJSON(b []byte) error {
	type plain LinkageInterval
	aux := struct {
		*plain
		Upper *float64 `json:"upper"`
	}{plain: (*plain)(l)}
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	l.Upper = math.Inf(1)
	if aux.Upper != nil {
		l.Upper = *aux.Upper
	}
	return nil
}

// EstimateFilter selects estimates. The zero filter selects all.
type EstimateFilter struct {
	Measure    Measure // "": any
	Population string  // "": any
	Method     Method  // "": any
}

// MarshalJSON writes e with an infinite upper bound (no finite bound) as
// null, which JSON can hold.
func (e *Estimate) MarshalJSON() ([]byte, error) {
	type plain Estimate
	var upper *float64
	if !math.IsInf(e.Upper, 1) {
		u := e.Upper
		upper = &u
	}
	return json.Marshal(struct {
		*plain
		Upper *float64 `json:"upper"`
	}{(*plain)(e), upper})
}

// UnmarshalJSON reads what MarshalJSON writes: a null upper bound is +Inf.
func (e *Estimate) UnmarshalJSON(b []byte) error {
	type plain Estimate
	aux := struct {
		*plain
		Upper *float64 `json:"upper"`
	}{plain: (*plain)(e)}
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	e.Upper = math.Inf(1)
	if aux.Upper != nil {
		e.Upper = *aux.Upper
	}
	return nil
}

// Validate returns an error of code invalid for an estimate a store must
// refuse: an unknown measure; no method or no input; an input hash that
// is set and is not the hex SHA-256 of Input; a negative count observed;
// a point estimate or lower bound that is not a finite number; an upper
// bound that is NaN or -Inf (+Inf is no finite bound, and allowed); a
// lower bound above the upper; or a linkage interval that
// [LinkageInterval.Check] refuses.
func (e *Estimate) Validate() error {
	if _, err := ParseMeasure(string(e.Measure)); err != nil {
		return err
	}
	if e.Method == "" || e.Input == "" {
		return Errorf(EINVALID, "estimate needs a method and its input")
	}
	if e.InputHash != "" {
		if h := InputHash(e.Input); e.InputHash != h {
			return Errorf(EINVALID, "estimate input hash %s does not match its input (%s)", e.InputHash, h)
		}
	}
	finite := func(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
	switch {
	case e.Observed < 0:
		return Errorf(EINVALID, "%s estimate: %d persons observed", e.Method, e.Observed)
	case !finite(e.NHat) || !finite(e.Lower) || math.IsNaN(e.Upper) || math.IsInf(e.Upper, -1):
		return Errorf(EINVALID, "%s estimate %v [%v, %v]: the estimate and its lower bound must be numbers, the upper bound a number or +Inf", e.Method, e.NHat, e.Lower, e.Upper)
	case e.Lower > e.Upper:
		return Errorf(EINVALID, "%s estimate %v [%v, %v]: the lower bound is above the upper", e.Method, e.NHat, e.Lower, e.Upper)
	}
	if e.Linkage != nil {
		return e.Linkage.Check()
	}
	return nil
}

// InputHash returns what [Estimate.InputHash] holds for an estimate
// computed from input: its hex SHA-256.
func InputHash(input string) string {
	sum := sha256.Sum256([]byte(input))
	return hex.EncodeToString(sum[:])
}
