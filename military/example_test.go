package military_test

import (
	"fmt"
	"strings"

	"github.com/reckonhq/reckon/military"
)

func Example() {
	h := military.DefaultHierarchy()
	ko := military.ParseUnit("제94려단")
	ru := military.ParseUnit("94-я отдельная бригада")
	en := military.ParseUnit("Bde 94")
	corps := military.ParseUnit("폭풍군단")
	fmt.Println(ko, "|", ru, "|", en, "|", corps)
	fmt.Println(h.Compare(ko, ru), h.Compare(ru, en))
	fmt.Println(h.Compare(en, corps))
	fmt.Println(h.Compare(en, military.ParseUnit("93rd Brigade")))
	fmt.Println(h.Compare(military.ParseUnit("2nd Bn"), corps))
	// Output:
	// 94th Brigade | 94th Brigade | 94th Brigade | 11th (Storm) Corps
	// same same
	// related
	// different
	// unconnected
}

func ExampleParseUnit() {
	for _, s := range []string{"93 бр. 2 б-н", "94th Brigade, 11th Corps", "військова частина А1234", "somewhere near Kursk"} {
		u := military.ParseUnit(s)
		fmt.Printf("%q: %v (zero %v)\n", s, u, u.IsZero())
	}
	// Output:
	// "93 бр. 2 б-н": 93rd Brigade / 2nd Battalion (zero false)
	// "94th Brigade, 11th Corps": 11th Corps / 94th Brigade (zero false)
	// "військова частина А1234": military unit A1234 (zero false)
	// "somewhere near Kursk":  (zero true)
}

func ExampleHierarchy_Extend() {
	h, err := military.DefaultHierarchy().Extend(strings.NewReader("unit,parent\n2-й батальон,94-я бригада\n"))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(h.Compare(military.ParseUnit("2nd Battalion"), military.ParseUnit("Storm Corps")))
	_, err = military.NewHierarchy(strings.NewReader("11th Corps,94th Brigade\n"))
	fmt.Println(err)
	// Output:
	// related
	// read hierarchy line 1: invalid hierarchy: parent 94th Brigade is not above 11th Corps
}

func ExampleCompareRanks() {
	a, _ := military.ParseRank("Sergeant")
	b, _ := military.ParseRank("сержант")
	c, _ := military.ParseRank("하사")
	d, _ := military.ParseRank("мл. сержант")
	fmt.Println(a, "|", b, "|", c, "|", d)
	fmt.Println(military.CompareRanks(a, b), military.CompareRanks(c, d), military.CompareRanks(c, a))
	p, _ := military.ParseRank("Private")
	fmt.Println(military.CompareRanks(p, a))
	// Output:
	// Sergeant (OR-5) | сержант (OR-5) | 하사 (OR-4) | младший сержант (OR-4)
	// same same related
	// different
}
