package server

import (
	"net/url"
	"testing"

	"github.com/reckonhq/reckon"
)

// FuzzRollQuery: any query string of the roll's search is read without
// panicking; what is accepted has a limit in range and parsed dates, and
// its filters run on any person.
func FuzzRollQuery(f *testing.F) {
	for _, s := range []string{"", "q=Ri+Chol", "home_town=%ED%95%A8%ED%9D%A5&died=2024-12", "unit=3rd&born=2001&limit=5",
		"died=2024-13", "born=yesterday", "limit=0", "cursor=aTE", "q=%3Cscript%3E", "home_town=" + string([]byte{0xff, 0xfe})} {
		f.Add(s)
	}
	p := &reckon.Person{ID: 1, Records: []*reckon.Record{
		{List: "kcna", RecordID: "k1", Name: "리철수", HomeTown: "함흥시", Unit: "3rd Brigade", DeathDate: reckon.Date{Year: 2024, Month: 12, Day: 19}},
		{List: "ua", RecordID: "u1", HomeTown: "Курская обл.", BirthDate: reckon.Date{Year: 2001}, DeathDate: reckon.Date{Raw: "1945-04-93"}},
	}}
	f.Fuzz(func(t *testing.T, raw string) {
		v, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		q, err := readRollQuery(v)
		if err != nil {
			if reckon.ErrorCode(err) != reckon.EINVALID {
				t.Fatalf("%q: error of code %s: %v", raw, reckon.ErrorCode(err), err)
			}
			return
		}
		if q.limit < 1 || q.limit > maxLimit {
			t.Fatalf("%q: limit %d", raw, q.limit)
		}
		if (q.Died != "") != (q.died.Year != 0) || (q.Born != "") != (q.born.Year != 0) {
			t.Fatalf("%q: dates %+v %+v", raw, q.died, q.born)
		}
		got := q.matches(p)
		if q.empty() && !got {
			t.Fatalf("%q: an empty query does not match", raw)
		}
	})
}

// TestSameDate: dates agree at the coarser precision; unknown and
// unparsed dates never do.
func TestSameDate(t *testing.T) {
	d := func(y, m, day int) reckon.Date { return reckon.Date{Year: y, Month: m, Day: day} }
	for _, tc := range []struct {
		name   string
		rec, q reckon.Date
		want   bool
	}{
		{"same day", d(2024, 12, 19), d(2024, 12, 19), true},
		{"other day", d(2024, 12, 19), d(2024, 12, 18), false},
		{"month asked", d(2024, 12, 19), d(2024, 12, 0), true},
		{"year asked", d(2024, 12, 19), d(2024, 0, 0), true},
		{"record of a year", d(2024, 0, 0), d(2024, 12, 19), true},
		{"other month", d(2024, 11, 0), d(2024, 12, 0), false},
		{"other year", d(2023, 12, 19), d(2024, 12, 19), false},
		{"unknown", reckon.Date{}, d(2024, 0, 0), false},
		{"unparsed", reckon.Date{Raw: "1945-04-93"}, d(1945, 0, 0), false},
	} {
		if got := sameDate(tc.rec, tc.q); got != tc.want {
			t.Errorf("%s: sameDate(%v, %v) = %v", tc.name, tc.rec, tc.q, got)
		}
	}
}
