package mse

import (
	"encoding/json"
	"math"
	"reflect"
	"strings"
)

// finiteJSON marshals the exported fields of struct v by their Go names
// (or json tags), writing NaN and infinite floats, which JSON cannot
// hold, as null: "not computed" or "no finite value".
func finiteJSON(v any) ([]byte, error) {
	rv := reflect.ValueOf(v)
	rt := rv.Type()
	out := make(map[string]any, rt.NumField())
	for i := 0; i < rt.NumField(); i++ {
		f := rt.Field(i)
		if !f.IsExported() {
			continue
		}
		name := f.Name
		if tag := f.Tag.Get("json"); tag != "" {
			if tag == "-" {
				continue
			}
			if n, _, _ := strings.Cut(tag, ","); n != "" {
				name = n
			}
		}
		x := rv.Field(i).Interface()
		if fl, ok := x.(float64); ok && (math.IsNaN(fl) || math.IsInf(fl, 0)) {
			x = nil
		}
		out[name] = x
	}
	return json.Marshal(out)
}

// MarshalJSON writes m with NaN and infinite numbers as null.
func (m ModelFit) MarshalJSON() ([]byte, error) {
	type plain ModelFit
	return finiteJSON(plain(m))
}

// MarshalJSON writes r with NaN and infinite numbers as null.
func (r StepwiseResult) MarshalJSON() ([]byte, error) {
	type plain StepwiseResult
	return finiteJSON(plain(r))
}

// MarshalJSON writes r with NaN and infinite numbers as null.
func (r LCMCRResult) MarshalJSON() ([]byte, error) {
	type plain LCMCRResult
	return finiteJSON(plain(r))
}
