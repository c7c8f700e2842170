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

// TestAttributeDates: strata by year and month read parsed dates; a date
// kept as written counts as unknown and never breaks a count (issue 10).
func TestAttributeDates(t *testing.T) {
	rec := func(birth, death reckon.Date) *reckon.Record {
		return &reckon.Record{List: "a", BirthDate: birth, DeathDate: death}
	}
	raw := reckon.Date{Raw: "1945-04-93"}
	tests := []struct {
		name, attr string
		records    []*reckon.Record
		want       string
	}{
		{"birth year", "birth_year", []*reckon.Record{rec(reckon.Date{Year: 1999, Month: 3}, reckon.Date{})}, "1999"},
		{"birth year raw", "birth_year", []*reckon.Record{rec(raw, reckon.Date{})}, ""},
		{"birth year raw beside a parsed one", "birth_year", []*reckon.Record{rec(raw, reckon.Date{}), rec(reckon.Date{Year: 2001}, reckon.Date{})}, "2001"},
		{"death year raw", "death_year", []*reckon.Record{rec(reckon.Date{}, raw)}, ""},
		{"death month", "death_month", []*reckon.Record{rec(reckon.Date{}, reckon.Date{Year: 2025, Month: 1, Day: 5})}, "2025-01"},
		{"death month raw", "death_month", []*reckon.Record{rec(reckon.Date{}, raw)}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &reckon.Person{Records: tt.records}
			if got := Attribute(tt.attr)(p); got != tt.want {
				t.Errorf("%s = %q, want %q", tt.attr, got, tt.want)
			}
			if _, err := Count([]*reckon.Person{p}, Options{Stratum: Attribute(tt.attr)}); err != nil {
				t.Errorf("Count: %v", err)
			}
		})
	}
}
