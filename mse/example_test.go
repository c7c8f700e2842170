package mse_test

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/reckonhq/reckon/mse"
)

// The Kosovo table (LCMCR kosovo_aggregate): exhumations, ABA, OSCE and
// HRW lists of killings in 1999.
const kosovo = `EXH,ABA,OSCE,HRW,count
0,0,0,1,306
0,0,1,0,936
0,0,1,1,123
0,1,0,0,845
0,1,0,1,31
0,1,1,0,217
0,1,1,1,32
1,0,0,0,1131
1,0,0,1,106
1,0,1,0,228
1,0,1,1,42
1,1,0,0,177
1,1,0,1,18
1,1,1,0,181
1,1,1,1,27
`

func ExampleLogLinear() {
	t, err := mse.ReadCSV(strings.NewReader(kosovo))
	if err != nil {
		fmt.Println(err)
		return
	}
	r, err := mse.LogLinear(t, mse.LogLinearOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	b := r.Models[r.BestBIC]
	fmt.Printf("%d models; best BIC %s %v: N = %.1f, 95%% profile interval %.0f-%.0f\n",
		len(r.Models), b.Name, b.Names, b.NHat, b.Lower, b.Upper)
	// Output:
	// 113 models; best BIC [123,14,34] [EXH:ABA EXH:OSCE ABA:OSCE EXH:HRW OSCE:HRW EXH:ABA:OSCE]: N = 10356.5, 95% profile interval 8994-12110
}

func ExampleStepwise() {
	t, _ := mse.ReadCSV(strings.NewReader(kosovo))
	r, _ := mse.Stepwise(t, mse.StepwiseOptions{Bootstrap: -1})
	fmt.Printf("%s: N = %.0f (%.0f-%.0f)\n", strings.Join(r.Names, "+"), r.NHat, r.NormalLower, r.NormalUpper)
	// Output:
	// ABA:OSCE+OSCE:HRW+EXH:OSCE+EXH:ABA+EXH:HRW: N = 14342 (12541-16540)
}

func ExampleEstimate() {
	t, _ := mse.ReadCSV(strings.NewReader("A,B,C,count\n0,0,1,20\n0,1,0,30\n0,1,1,0\n1,0,0,40\n1,0,1,0\n1,1,0,6\n1,1,1,0\n"))
	r, _ := mse.Estimate(t, mse.Options{Method: "loglinear", LogLinear: mse.LogLinearOptions{NoHeterogeneity: true}})
	for _, m := range r.LogLinear.Models {
		if m.Name == "[12,3]" {
			b, _ := json.Marshal(struct {
				Name   string   `json:"name"`
				NHat   *float64 `json:"n_hat"`
				Usable bool     `json:"usable"`
			}{m.Name, m.NHat, m.Usable})
			fmt.Println(string(b))
			fmt.Println(m.Warnings[len(m.Warnings)-1])
		}
	}
	// Output:
	// {"name":"[12,3]","n_hat":null,"usable":false}
	// the maximum likelihood estimate of N does not exist
}
