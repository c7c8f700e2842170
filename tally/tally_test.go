package tally

import (
	"testing"

	"github.com/reckonhq/reckon"
)

func person(unit string, lists ...string) *reckon.Person {
	p := &reckon.Person{}
	for _, l := range lists {
		p.Records = append(p.Records, &reckon.Record{List: l, Unit: unit})
	}
	return p
}

func TestCount(t *testing.T) {
	persons := []*reckon.Person{
		person("94th", "a"), person("94th", "a", "b"), person("94th", "b", "b"), // a duplicate within b counts once
		person("41st", "c"), person("41st", "a", "c"), person("", "b"),
	}
	hs, err := Count(persons, Options{})
	if err != nil || len(hs) != 1 {
		t.Fatalf("Count = %v, %v", hs, err)
	}
	h := hs[0]
	if h.Observed != 6 {
		t.Errorf("observed %d, want 6", h.Observed)
	}
	want := "a,b,c,count\n0,0,1,1\n0,1,0,2\n0,1,1,0\n1,0,0,1\n1,0,1,1\n1,1,0,1\n1,1,1,0\n"
	if got := h.CSV(); got != want {
		t.Errorf("CSV:\n%s\nwant:\n%s", got, want)
	}

	hs, err = Count(persons, Options{Stratum: Attribute("unit"), Lists: []string{"c", "a"}})
	if err != nil || len(hs) != 2 || hs[0].Stratum != "41st" || hs[1].Stratum != "94th" {
		t.Fatalf("by unit: %+v, %v", hs, err)
	}
	// Lists c (bit 0) and a (bit 1): one person on c alone, one on both.
	if hs[0].Observed != 2 || hs[0].Counts[0b11] != 1 || hs[0].Counts[0b01] != 1 {
		t.Errorf("41st: %+v", hs[0])
	}
	if hs[1].Observed != 2 { // the person seen only by b is left out with b
		t.Errorf("94th observed %d, want 2", hs[1].Observed)
	}
	if _, err := Count(persons, Options{Lists: []string{"a", "a"}}); reckon.ErrorCode(err) != reckon.EINVALID {
		t.Errorf("a list named twice: %v", err)
	}
}
