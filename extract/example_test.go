package extract_test

import (
	"fmt"

	"github.com/reckonhq/reckon/extract"
)

func ExampleExtract() {
	text := "The regional governor said on Friday that at least 23 people had been killed " +
		"and about 140 injured, while some 4,000 residents had fled their homes."
	for _, c := range extract.Extract(text) {
		fmt.Printf("%-14q %-9s %-9s %-13s by %q on %q\n", c.Span, c.Measure, c.Qualifier, c.Interval, c.Attribution, c.Date)
	}
	// Output:
	// "at least 23"  killed    at_least  [23, ∞)       by "The regional governor" on "Friday"
	// "about 140"    wounded   about     [126, 154]    by "The regional governor" on "Friday"
	// "some 4,000"   displaced about     [3600, 4400]  by "The regional governor" on "Friday"
}

func ExampleParseNumber() {
	for _, s := range []string{"10 000", "1.2 million", "one hundred and sixty", "half a million", "300k", "hundreds"} {
		v, ok := extract.ParseNumber(s)
		fmt.Println(s, "=", v, ok)
	}
	// Output:
	// 10 000 = 10000 true
	// 1.2 million = 1.2e+06 true
	// one hundred and sixty = 160 true
	// half a million = 500000 true
	// 300k = 300000 true
	// hundreds = 0 false
}
