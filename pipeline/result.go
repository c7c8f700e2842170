package pipeline

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/mse"
)

// Settings is the typed view of a stored estimate's Settings (JSON): the
// options its method ran with. Exactly the field of the estimate's
// method is set; none for the documented minimum.
type Settings struct {
	Method     reckon.Method
	LogLinear  *mse.LogLinearOptions
	Stepwise   *mse.StepwiseOptions
	LCMCR      *mse.LCMCROptions
	Closedp    *mse.ClosedpOptions
	LowerBound *mse.LowerBoundOptions // chao
	DGA        *mse.DGAOptions
}

// Result is the typed view of a stored estimate's Result (JSON): the
// method's full output as mse returned it, with what Estimate stored
// beside it. Exactly the fields of the estimate's method are set.
type Result struct {
	Method reckon.Method
	// Observed is the documented minimum's count of distinct persons.
	Observed int64
	// Sensitivity is how the documented minimum and the log-linear
	// estimate move with the link threshold (EstimateOptions.Sensitivity);
	// nil when it was not asked for.
	Sensitivity []SensitivityPoint
	LogLinear   *mse.LogLinearResult
	// Selection is the log-linear interval that allows for the choice of
	// model; nil when it was not computed.
	Selection *mse.SelectionJSON
	Stepwise  *mse.StepwiseResult // without the bootstrap replicates
	LCMCR     *mse.LCMCRResult    // without the draws
	// Quantiles are LCMCR's posterior quantiles of N at every 2.5% (dga
	// keeps its own in DGA.Quantiles).
	Quantiles []float64
	Closedp   *mse.ClosedpResult
	Chao      *mse.LowerBoundResult
	DGA       *mse.DGAResult
}

// The keys Estimate stores beside a method's own output.
const (
	keyObserved    = "observed"         // minimum
	keySensitivity = "link_sensitivity" // minimum
	keySelection   = "model_selection"  // loglinear
	keyQuantiles   = "quantiles"        // lcmcr
)

// ReadSettings decodes e's settings as its method's options. Settings
// that do not read as the method's (another type, a field the method
// does not have) are an error of code invalid naming the estimate; ""
// and "{}" are the defaults.
func ReadSettings(e *reckon.Estimate) (*Settings, error) {
	st := &Settings{Method: e.Method}
	var v any
	switch e.Method {
	case reckon.MethodMinimum:
		return st, nil
	case reckon.MethodLogLinear:
		st.LogLinear = new(mse.LogLinearOptions)
		v = st.LogLinear
	case reckon.MethodStepwise:
		st.Stepwise = new(mse.StepwiseOptions)
		v = st.Stepwise
	case reckon.MethodLCMCR:
		st.LCMCR = new(mse.LCMCROptions)
		v = st.LCMCR
	case reckon.MethodClosedp:
		st.Closedp = new(mse.ClosedpOptions)
		v = st.Closedp
	case reckon.MethodChao:
		st.LowerBound = new(mse.LowerBoundOptions)
		v = st.LowerBound
	case reckon.MethodDGA:
		st.DGA = new(mse.DGAOptions)
		v = st.DGA
	default:
		_, err := reckon.ParseMethod(string(e.Method))
		return nil, fmt.Errorf("estimate %d: %w", e.ID, err)
	}
	if strings.TrimSpace(e.Settings) == "" {
		return st, nil
	}
	d := json.NewDecoder(strings.NewReader(e.Settings))
	d.DisallowUnknownFields()
	if err := d.Decode(v); err != nil || d.More() {
		if err == nil {
			err = fmt.Errorf("text after the object")
		}
		return nil, reckon.Errorf(reckon.EINVALID, "estimate %d: settings %s do not read as %s's: %v", e.ID, reckon.Quote(e.Settings), e.Method, err)
	}
	return st, nil
}

// ReadResult decodes e's result as its method's output. A result that
// does not read as the method's is an error of code invalid naming the
// estimate; an empty result (an estimate stored without one) gives a
// Result with only Method set.
func ReadResult(e *reckon.Estimate) (*Result, error) {
	r := &Result{Method: e.Method}
	if !e.Method.MSE() && e.Method != reckon.MethodMinimum {
		_, err := reckon.ParseMethod(string(e.Method))
		return nil, fmt.Errorf("estimate %d: %w", e.ID, err)
	}
	b := []byte(e.Result)
	if len(bytes.TrimSpace(b)) == 0 {
		return r, nil
	}
	fail := func(err error) (*Result, error) {
		return nil, reckon.Errorf(reckon.EINVALID, "estimate %d: result does not read as %s's: %v", e.ID, e.Method, err)
	}
	// extra reads what Estimate stored beside the method's output.
	var extra struct {
		Observed    *int64             `json:"observed"`
		Sensitivity []SensitivityPoint `json:"link_sensitivity"`
		Selection   *mse.SelectionJSON `json:"model_selection"`
		Quantiles   []float64          `json:"quantiles"`
	}
	if err := json.Unmarshal(b, &extra); err != nil {
		return fail(err)
	}
	var err error
	switch e.Method {
	case reckon.MethodMinimum:
		if extra.Observed == nil {
			return fail(fmt.Errorf("no %s", keyObserved))
		}
		r.Observed, r.Sensitivity = *extra.Observed, extra.Sensitivity
	case reckon.MethodLogLinear:
		r.LogLinear, r.Selection = new(mse.LogLinearResult), extra.Selection
		err = json.Unmarshal(b, r.LogLinear)
	case reckon.MethodStepwise:
		r.Stepwise = new(mse.StepwiseResult)
		err = json.Unmarshal(b, r.Stepwise)
	case reckon.MethodLCMCR:
		r.LCMCR, r.Quantiles = new(mse.LCMCRResult), extra.Quantiles
		err = json.Unmarshal(b, r.LCMCR)
	case reckon.MethodClosedp:
		r.Closedp = new(mse.ClosedpResult)
		err = json.Unmarshal(b, r.Closedp)
	case reckon.MethodChao:
		r.Chao = new(mse.LowerBoundResult)
		err = json.Unmarshal(b, r.Chao)
	case reckon.MethodDGA:
		r.DGA = new(mse.DGAResult)
		err = json.Unmarshal(b, r.DGA)
	}
	if err != nil {
		return fail(err)
	}
	return r, nil
}

// withExtra returns the JSON object of v with key set to extra: how
// Estimate stores what it adds to a method's output (keys sorted, as
// encoding/json writes a map).
func withExtra(v any, key string, extra any) (string, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", err
	}
	// Numbers stay as written (json.Number): a seed above 2^53 would
	// lose its last digits as a float64.
	var m map[string]any
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	if err := d.Decode(&m); err != nil {
		return "", err
	}
	m[key] = extra
	b, err = json.Marshal(m)
	return string(b), err
}
