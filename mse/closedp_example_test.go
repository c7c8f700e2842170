package mse_test

import (
	"fmt"
	"strings"

	"github.com/reckonhq/reckon/mse"
)

func ExampleClosedp() {
	t, err := mse.ReadCSV(strings.NewReader(kosovo))
	if err != nil {
		fmt.Println(err)
		return
	}
	r, err := mse.Closedp(t, mse.ClosedpOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	b := r.Models[r.BestBIC]
	fmt.Printf("best BIC: %s, N = %.0f, 95%% %.0f–%.0f\n", b.Name, b.NHat, b.Lower, b.Upper)
	// Output:
	// best BIC: Mth Chao (LB), N = 8591, 95% 8189–9027
}

func ExampleLowerBound() {
	t, err := mse.ReadCSV(strings.NewReader(kosovo))
	if err != nil {
		fmt.Println(err)
		return
	}
	r, err := mse.LowerBound(t, mse.LowerBoundOptions{Seed: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("seen on 1, 2, 3, 4 lists: %v\n", r.F[1:])
	fmt.Printf("Chao's lower bound: %.0f (95%% %.0f–%.0f)\n", r.Chao, r.ChaoLower, r.ChaoUpper)
	fmt.Printf("sample coverage %.2f: N0 = %.0f, N1 = %.0f\n", r.Coverage, r.Coverage0, r.Coverage1)
	// Output:
	// seen on 1, 2, 3, 4 lists: [3218 882 273 27]
	// Chao's lower bound: 8803 (95% 8384–9266)
	// sample coverage 0.47: N0 = 7634, N1 = 9103
}
