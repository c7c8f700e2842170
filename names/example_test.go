package names_test

import (
	"fmt"

	"github.com/reckonhq/reckon/names"
)

func Example() {
	state := names.Parse("리철수")           // state media, Hangul
	captured := names.Parse("Ли Чхольсу") // captured documents, Cyrillic
	press := names.Parse("Cheol-su Lee")  // a South Korean paper, given name first
	fmt.Println(names.Compare(state, captured))
	fmt.Println(names.Compare(captured, press))
	fmt.Println(names.KoreanKeys("Ri Chol Su"), names.KoreanKeys("Lee Chul-soo"))
	fmt.Println(names.RomanizeName("리", "철수", names.DPRK))
	fmt.Println(names.PhoneticKey("Свердликово"), names.PhoneticKey("Sverdlykove"))
	// Output:
	// family key i, given key CoLSo, score 0.95
	// family key i, given key CoLSo, score 0.95
	// [iCoLSo] [iCoLSo]
	// Ri Chol Su
	// SVRDLKV SVRDLKV
}

func ExampleTransliterate() {
	fmt.Println(names.Transliterate("Свердликово", names.BGN))
	fmt.Println(names.Transliterate("Свердликове", names.Ukrainian2010))
	fmt.Println(names.Transliterate("Щигры", names.ISO9))
	// Output:
	// Sverdlikovo
	// Sverdlykove
	// Ŝigry
}
