package mse

import (
	"encoding/json"
	"fmt"
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
		name, ok := jsonName(f)
		if !ok {
			continue
		}
		x := rv.Field(i).Interface()
		if fl, ok := x.(float64); ok && (math.IsNaN(fl) || math.IsInf(fl, 0)) {
			x = nil
		}
		out[name] = x
	}
	return json.Marshal(out)
}

// finiteUnmarshal reads into the struct v points to what finiteJSON
// wrote: each exported field from the key of its Go name (or json tag),
// a float written as null as NaN ("not computed" or "no finite value",
// which finiteJSON does not tell apart). Other keys are ignored, as
// encoding/json does; a value of the wrong type is an error.
func finiteUnmarshal(b []byte, v any) error {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	rv := reflect.ValueOf(v).Elem()
	rt := rv.Type()
	for i := 0; i < rt.NumField(); i++ {
		f := rt.Field(i)
		if !f.IsExported() {
			continue
		}
		name, ok := jsonName(f)
		if !ok {
			continue
		}
		r, found := raw[name]
		if !found {
			continue
		}
		fv := rv.Field(i)
		if f.Type.Kind() == reflect.Float64 && string(r) == "null" {
			fv.SetFloat(math.NaN())
			continue
		}
		if err := json.Unmarshal(r, fv.Addr().Interface()); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	return nil
}

// MarshalJSON writes m with NaN and infinite numbers as null.
func (m ModelFit) MarshalJSON() ([]byte, error) {
	type plain ModelFit
	return finiteJSON(plain(m))
}

// UnmarshalJSON reads what MarshalJSON writes, null numbers as NaN.
func (m *ModelFit) UnmarshalJSON(b []byte) error {
	type plain ModelFit
	return finiteUnmarshal(b, (*plain)(m))
}

// MarshalJSON writes r with NaN and infinite numbers as null.
func (r StepwiseResult) MarshalJSON() ([]byte, error) {
	type plain StepwiseResult
	return finiteJSON(plain(r))
}

// UnmarshalJSON reads what MarshalJSON writes, null numbers as NaN.
func (r *StepwiseResult) UnmarshalJSON(b []byte) error {
	type plain StepwiseResult
	return finiteUnmarshal(b, (*plain)(r))
}

// MarshalJSON writes r with NaN and infinite numbers as null.
func (r LCMCRResult) MarshalJSON() ([]byte, error) {
	type plain LCMCRResult
	return finiteJSON(plain(r))
}

// UnmarshalJSON reads what MarshalJSON writes, null numbers as NaN.
func (r *LCMCRResult) UnmarshalJSON(b []byte) error {
	type plain LCMCRResult
	return finiteUnmarshal(b, (*plain)(r))
}

// jsonName is the key struct field f is written under: its json tag's
// name, else its Go name; ok is false for a field tagged "-".
func jsonName(f reflect.StructField) (name string, ok bool) {
	tag := f.Tag.Get("json")
	if tag == "-" {
		return "", false
	}
	if n, _, _ := strings.Cut(tag, ","); n != "" {
		return n, true
	}
	return f.Name, true
}
