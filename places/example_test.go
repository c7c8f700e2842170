package places_test

import (
	"fmt"

	"github.com/reckonhq/reckon/places"
)

func Example() {
	compare := func(a, b string) {
		p, q := places.Prepare(a), places.Prepare(b)
		fmt.Printf("%s | %s: %v\n", a, b, p.Compare(&q))
	}
	compare("함흥", "Хамхын")
	compare("Hamhŭng", "Hamheung")
	compare("Плехово", "Pliekhove")
	compare("Суджа", "Sudja")
	compare("Курская область", "Kursk")
	compare("Плехово, Курская обл.", "Курська область")
	compare("Плехово", "Погребки")
	compare("Plekhovo", "Plekjovo")
	compare("", "Kursk")
	// Output:
	// 함흥 | Хамхын: same
	// Hamhŭng | Hamheung: same
	// Плехово | Pliekhove: same
	// Суджа | Sudja: same
	// Курская область | Kursk: same
	// Плехово, Курская обл. | Курська область: related
	// Плехово | Погребки: different
	// Plekhovo | Plekjovo: close
	//  | Kursk: unknown
}

func ExamplePrepare() {
	for _, s := range []string{"Курская обл. Суджанский р-н с. Плехово", "함경남도 함흥시", "Hamgyongnam-do", "Kursk, Russia"} {
		fmt.Println(places.Prepare(s))
	}
	// Output:
	// плехово (settlement), суджанский (district), курская (region)
	// 함흥 (settlement), 함경 (region south)
	// hamgyongnam (region south)
	// kursk
}
