package reckon_test

import (
	"math"
	"strings"
	"testing"

	"github.com/reckonhq/reckon"
)

// TestValidate: each domain type refuses what no store may keep, with an
// invalid error saying what is wrong (issue 12: the stores each had their
// own copy of these checks, and let an infinite estimate and a match
// probability of 1.5 in).
func TestValidate(t *testing.T) {
	input := "a,b,count\n0,1,5\n1,0,7\n1,1,3\n"
	est := func(set func(e *reckon.Estimate)) *reckon.Estimate {
		e := &reckon.Estimate{Measure: reckon.Killed, Method: "loglinear", Observed: 15, NHat: 26.7, Lower: 18, Upper: math.Inf(1), Input: input}
		if set != nil {
			set(e)
		}
		return e
	}
	low, high := int64(10), int64(5)
	tests := []struct {
		name string
		v    interface{ Validate() error }
		want string // "" for valid, else a part of the message
	}{
		{"match", &reckon.Match{A: 1, B: 2, Weight: 3, Probability: 0.9}, ""},
		{"match in either order", &reckon.Match{A: 2, B: 1, Weight: -3, Probability: 0}, ""},
		{"match certain", &reckon.Match{A: 1, B: 2, Weight: math.Inf(1), Probability: 1}, ""},
		{"match of a record with itself", &reckon.Match{A: 1, B: 1, Probability: 0.9}, "bad match 1-1: two records"},
		{"match without a record", &reckon.Match{A: 0, B: 1, Probability: 0.9}, "bad match 0-1"},
		{"match NaN probability", &reckon.Match{A: 1, B: 2, Probability: math.NaN()}, "probability NaN is not in [0, 1]"},
		{"match probability above 1", &reckon.Match{A: 1, B: 2, Probability: 1.5}, "probability 1.5 is not in [0, 1]"},
		{"match negative probability", &reckon.Match{A: 1, B: 2, Probability: -0.5}, "probability -0.5"},
		{"match NaN weight", &reckon.Match{A: 1, B: 2, Weight: math.NaN(), Probability: 0.5}, "weight is NaN"},

		{"estimate", est(nil), ""},
		{"estimate with its hash", est(func(e *reckon.Estimate) { e.InputHash = reckon.InputHash(input) }), ""},
		{"minimum", est(func(e *reckon.Estimate) { e.Method, e.NHat, e.Lower, e.Upper = "minimum", 15, 15, 15 }), ""},
		{"estimate unknown measure", est(func(e *reckon.Estimate) { e.Measure = "dead-ish" }), "dead-ish"},
		{"estimate no method", est(func(e *reckon.Estimate) { e.Method = "" }), "needs a method and its input"},
		{"estimate no input", est(func(e *reckon.Estimate) { e.Input = "" }), "needs a method and its input"},
		{"estimate wrong hash", est(func(e *reckon.Estimate) { e.InputHash = "00" }), "input hash 00 does not match"},
		{"estimate negative observed", est(func(e *reckon.Estimate) { e.Observed = -1 }), "-1 persons observed"},
		{"estimate NaN", est(func(e *reckon.Estimate) { e.NHat = math.NaN() }), "must be numbers"},
		{"estimate infinite", est(func(e *reckon.Estimate) { e.NHat = math.Inf(1) }), "must be numbers"},
		{"estimate NaN lower", est(func(e *reckon.Estimate) { e.Lower = math.NaN() }), "must be numbers"},
		{"estimate -Inf lower", est(func(e *reckon.Estimate) { e.Lower = math.Inf(-1) }), "must be numbers"},
		{"estimate NaN upper", est(func(e *reckon.Estimate) { e.Upper = math.NaN() }), "upper bound a number or +Inf"},
		{"estimate -Inf upper", est(func(e *reckon.Estimate) { e.Upper = math.Inf(-1) }), "upper bound a number or +Inf"},
		{"estimate reversed", est(func(e *reckon.Estimate) { e.Lower, e.Upper = 30, 20 }), "lower bound is above the upper"},
		{"estimate bad linkage", est(func(e *reckon.Estimate) { e.Linkage = &reckon.LinkageInterval{} }), "linkage interval"},
		{"estimate linkage", est(func(e *reckon.Estimate) {
			e.Linkage = &reckon.LinkageInterval{Draws: 5, NHat: 27, Lower: 17, Upper: math.Inf(1)}
		}), ""},

		{"decision", &reckon.Decision{A: reckon.RecordKey{List: "a", RecordID: "1"}, B: reckon.RecordKey{List: "b", RecordID: "1"}, By: "ana"}, ""},
		{"decision by nobody", &reckon.Decision{A: reckon.RecordKey{List: "a", RecordID: "1"}, B: reckon.RecordKey{List: "b", RecordID: "1"}}, "who decides"},
		{"decision about one record", &reckon.Decision{A: reckon.RecordKey{List: "a", RecordID: "1"}, B: reckon.RecordKey{List: "a", RecordID: "1"}, By: "ana"}, "always the same as itself"},

		{"claim", &reckon.Claim{Measure: reckon.Killed, Qualifier: reckon.Exact, Interval: reckon.Closed(5, 5), Start: 3, End: 9}, ""},
		{"claim unknown measure", &reckon.Claim{Measure: "dead-ish", Qualifier: reckon.Exact}, "dead-ish"},
		{"claim unknown qualifier", &reckon.Claim{Measure: reckon.Killed, Qualifier: "roughly-ish"}, "roughly-ish"},
		{"claim unknown extent", &reckon.Claim{Measure: reckon.Killed, Qualifier: reckon.Exact, Scope: reckon.Scope{Extent: "everywhere-ish"}}, "everywhere-ish"},
		{"claim reversed", &reckon.Claim{Measure: reckon.Killed, Qualifier: reckon.Range, Interval: reckon.Interval{Low: &low, High: &high}, Span: "10 to 5"}, "low 10 > high 5"},
		{"claim span before the text", &reckon.Claim{Measure: reckon.Killed, Qualifier: reckon.Exact, Start: -1, End: 3}, "span [-1, 3) outside the text"},
		{"claim span reversed", &reckon.Claim{Measure: reckon.Killed, Qualifier: reckon.Exact, Start: 5, End: 3}, "span [5, 3)"},

		{"record", &reckon.Record{List: "kcna", RecordID: "1", Sensitive: []string{"contact"}}, ""},
		{"record without id", &reckon.Record{List: "kcna"}, "without record_id or list"},
		{"record without list", &reckon.Record{RecordID: "1"}, "without record_id or list"},
		{"record with a bad sensitive field", &reckon.Record{List: "kcna", RecordID: "1", Sensitive: []string{"list"}}, "cannot be sensitive"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.v.Validate()
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("Validate() = %v, want nil", err)
			case tt.want != "" && (reckon.ErrorCode(err) != reckon.EINVALID || !strings.Contains(err.Error(), tt.want)):
				t.Fatalf("Validate() = %v (%s), want invalid with %q", err, reckon.ErrorCode(err), tt.want)
			}
		})
	}
}
