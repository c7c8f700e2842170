package linkage_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/linkage"
)

func date(s string) reckon.Date {
	d, err := reckon.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// Three lists name the same two soldiers in Hangul, Cyrillic and the DPRK
// romanisation; Link finds the two persons.
func ExampleLink() {
	recs := []reckon.Record{
		{RecordID: "1", List: "kcna", FamilyName: "리", GivenName: "철수", BirthDate: date("1998-03-14"), Unit: "제94려단"},
		{RecordID: "2", List: "kcna", FamilyName: "김", GivenName: "영호", BirthDate: date("2001-07-02")},
		{RecordID: "a", List: "captured", FamilyName: "Ли", GivenName: "Чхольсу", BirthDate: date("1998-03-14"), Unit: "94 бр."},
		{RecordID: "b", List: "captured", FamilyName: "Ким", GivenName: "Ёнхо", BirthDate: date("2001")},
		{RecordID: "x", List: "gur", Name: "Ri Chol Su", BirthDate: date("1998-03"), Unit: "94th Brigade"},
		{RecordID: "y", List: "gur", Name: "Kim Yong Ho", BirthDate: date("2001-07-02")},
	}
	res, err := linkage.Link(recs, nil, linkage.Config{}, linkage.Options{Rand: rand.New(rand.NewPCG(1, 2))})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range res.Persons {
		fmt.Print(p.Key, ":")
		for _, i := range p.Records {
			fmt.Print(" ", linkage.RecordKey(recs[i]))
		}
		fmt.Println()
	}
	// Output:
	// captured/a: kcna/1 captured/a gur/x
	// captured/b: kcna/2 captured/b gur/y
}

func ExampleModel_Explain() {
	recs := []reckon.Record{
		{RecordID: "1", List: "kcna", FamilyName: "리", GivenName: "철수", BirthDate: date("1998-03-14"), Unit: "제94려단"},
		{RecordID: "2", List: "kcna", FamilyName: "김", GivenName: "영호", BirthDate: date("2001-07-02")},
		{RecordID: "a", List: "captured", FamilyName: "Ли", GivenName: "Чхольсу", BirthDate: date("1998-03-14"), Unit: "94 бр."},
		{RecordID: "b", List: "captured", FamilyName: "Ким", GivenName: "Ёнхо", BirthDate: date("2001")},
		{RecordID: "x", List: "gur", Name: "Ri Chol Su", BirthDate: date("1998-03"), Unit: "94th Brigade"},
		{RecordID: "y", List: "gur", Name: "Kim Yong Ho", BirthDate: date("2001-07-02")},
	}
	res, err := linkage.Link(recs, nil, linkage.Config{}, linkage.Options{Rand: rand.New(rand.NewPCG(1, 2))})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.Model.Explain(recs[0], recs[4]))
	// Output:
	// field        level      a                     b                           m      u          weight  running
	// prior                                                                                       -1.25   -1.25
	// family_name  key        리 [i]                 ri [i]                      0.84   tf 0.2812  +1.58   +0.33
	// given_name   key        철수 [CoLSo]            cholsu [CoLSo]              0.84   tf 0.2812  +1.58   +1.91
	// birth_date   month      1998-03-14            1998-03                     0.215  0.03488    +2.62   +4.53
	// unit         same       제94려단 [94th Brigade]  94thbrigade [94th Brigade]  0.7    tf 0.487   +0.52   +5.06
	// list         different  kcna                  gur                         0.8    0.5692     +0.49   +5.55
	// match weight +6.80 bits, probability 0.9791
}
