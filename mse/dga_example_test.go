package mse_test

import (
	"fmt"
	"strings"

	"github.com/reckonhq/reckon/mse"
)

func ExampleDGA() {
	t, err := mse.ReadCSV(strings.NewReader(kosovo))
	if err != nil {
		fmt.Println(err)
		return
	}
	r, err := mse.DGA(t, mse.DGAOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d graphs; N = %.0f, 95%% interval %.0f-%.0f\n", r.GraphsTotal, r.Median, r.Lower, r.Upper)
	for _, g := range r.Graphs[:2] {
		fmt.Printf("%s %.3f\n", g.Name, g.Weight)
	}
	// Output:
	// 61 graphs; N = 12595, 95% interval 9827-16544
	// [123,134] 0.986
	// [123,34] 0.011
}
