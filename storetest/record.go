package storetest

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"testing"

	"github.com/reckonhq/reckon"
)

func records(recs ...*reckon.Record) iter.Seq2[*reckon.Record, error] {
	return func(yield func(*reckon.Record, error) bool) {
		for _, r := range recs {
			if !yield(r, nil) {
				return
			}
		}
	}
}

func testImportRecords(t *testing.T, s reckon.Store) {
	ctx := context.Background()
	src := mustSource(t, s, "KCNA")
	a := &reckon.Record{RecordID: "1", List: "kcna", Name: "리철수", BirthDate: reckon.Date{Year: 1999, Month: 3},
		Attributes: map[string]string{"kin": "mother"}}
	// A date that did not parse is kept as written (issue 10).
	b := &reckon.Record{RecordID: "2", List: "kcna", FamilyName: "Kim", GivenName: "Chol",
		BirthDate: reckon.Date{Raw: "1945-04-93"}, DeathDate: reckon.Date{Raw: "봄 1951"}}
	imp := &reckon.Import{SourceID: src.ID, List: "kcna", File: "kcna.csv", Hash: "h1"}
	created, err := s.ImportRecords(ctx, imp, records(a, b))
	if err != nil || !created || imp.ID == 0 || imp.Records != 2 {
		t.Fatalf("ImportRecords: created %v, %v, %+v", created, err, imp)
	}
	again := &reckon.Import{List: "kcna", File: "copy.csv", Hash: "h1"}
	created, err = s.ImportRecords(ctx, again, records(a, b))
	if err != nil || created || again.ID != imp.ID || again.File != "kcna.csv" {
		t.Fatalf("re-import: created %v, %v, %+v; want a no-op returning the first import", created, err, again)
	}
	got, err := s.Records(ctx, reckon.RecordFilter{List: "kcna"})
	if err != nil || len(got) != 2 {
		t.Fatalf("Records = %v, %v", got, err)
	}
	if r := got[0]; r.Name != "리철수" || r.BirthDate != a.BirthDate || r.Attributes["kin"] != "mother" || r.SourceID != src.ID {
		t.Fatalf("record round trip: %+v", r)
	}
	if r := got[1]; r.BirthDate != b.BirthDate || r.DeathDate != b.DeathDate {
		t.Fatalf("raw dates round trip: %+v %+v, want %+v %+v", r.BirthDate, r.DeathDate, b.BirthDate, b.DeathDate)
	}
	// The same (list, record_id) again is a conflict, and nothing of that file stays.
	c := &reckon.Record{RecordID: "3", List: "kcna"}
	_, err = s.ImportRecords(ctx, &reckon.Import{Hash: "h2"}, records(c, a))
	wantCode(t, err, reckon.ECONFLICT)
	boom := errors.New("bad row")
	failing := func(yield func(*reckon.Record, error) bool) {
		if yield(&reckon.Record{RecordID: "4", List: "docs"}, nil) {
			yield(nil, boom)
		}
	}
	if _, err := s.ImportRecords(ctx, &reckon.Import{Hash: "h3"}, failing); !errors.Is(err, boom) {
		t.Fatalf("ImportRecords = %v, want %v", err, boom)
	}
	all, _ := s.Records(ctx, reckon.RecordFilter{})
	imps, _ := s.Imports(ctx)
	if len(all) != 2 || len(imps) != 1 {
		t.Fatalf("after failed imports: %d records, %d imports; want 2, 1", len(all), len(imps))
	}
	_, err = s.ImportRecords(ctx, &reckon.Import{}, records(c))
	wantCode(t, err, reckon.EINVALID)
	page, _ := s.Records(ctx, reckon.RecordFilter{Limit: 1})
	rest, _ := s.Records(ctx, reckon.RecordFilter{AfterID: page[0].ID})
	if len(page) != 1 || len(rest) != 1 {
		t.Fatalf("paging: %d then %d", len(page), len(rest))
	}
}

// testRecordsByList pages through one list's records when lists are
// interleaved within and across imports.
func testRecordsByList(t *testing.T, s reckon.Store) {
	ctx := context.Background()
	var first, second []*reckon.Record
	for i := range 30 {
		list := []string{"a", "b", "c"}[i%3]
		first = append(first, &reckon.Record{RecordID: fmt.Sprint("x", i), List: list})
		second = append(second, &reckon.Record{RecordID: fmt.Sprint("y", i), List: []string{"c", "a"}[i%2]})
	}
	for i, recs := range [][]*reckon.Record{first, second} {
		if _, err := s.ImportRecords(ctx, &reckon.Import{Hash: fmt.Sprint("h", i)}, records(recs...)); err != nil {
			t.Fatal(err)
		}
	}
	want := map[string]int{"a": 10 + 15, "b": 10, "c": 10 + 15, "nope": 0}
	for list, n := range want {
		var got []*reckon.Record
		var after int64
		for {
			page, err := s.Records(ctx, reckon.RecordFilter{List: list, AfterID: after, Limit: 4})
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range page {
				if r.List != list || r.ID <= after {
					t.Fatalf("list %s after %d: record %+v", list, after, r)
				}
				after = r.ID
			}
			got = append(got, page...)
			if len(page) < 4 {
				break
			}
		}
		if len(got) != n {
			t.Errorf("list %s: %d records, want %d", list, len(got), n)
		}
	}
}

// testImportList: an import whose records all name one list is filed
// under that list, whatever list the caller gave for rows without one
// (the file's name); one of several lists keeps the caller's and counts
// its records by list (issue 11, item 16).
func testImportList(t *testing.T, s reckon.Store) {
	ctx := context.Background()
	fam := func(id string) *reckon.Record {
		return &reckon.Record{RecordID: id, List: "families", Name: "Kim " + id}
	}
	imp := &reckon.Import{List: "fam", File: "fam.csv", Hash: "h-fam"}
	if _, err := s.ImportRecords(ctx, imp, records(fam("1"), fam("2"), fam("3"))); err != nil {
		t.Fatal(err)
	}
	if imp.List != "families" || imp.Records != 3 {
		t.Errorf("import of rows naming families: %+v, want list families", imp)
	}
	mixed := &reckon.Import{List: "mixed", File: "mixed.csv", Hash: "h-mixed"}
	if _, err := s.ImportRecords(ctx, mixed, records(fam("4"), &reckon.Record{RecordID: "1", List: "kcna"})); err != nil {
		t.Fatal(err)
	}
	if mixed.List != "mixed" || fmt.Sprint(mixed.Lists) != "map[families:1 kcna:1]" {
		t.Errorf("import of rows of two lists: list %q, lists %v; want the given one, mixed, and families:1 kcna:1", mixed.List, mixed.Lists)
	}
	if imp.Lists != nil {
		t.Errorf("import of one list: lists %v, want none", imp.Lists)
	}
	empty := &reckon.Import{List: "none", File: "none.csv", Hash: "h-none"}
	if _, err := s.ImportRecords(ctx, empty, records()); err != nil {
		t.Fatal(err)
	}
	imps, err := s.Imports(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, i := range imps {
		got = append(got, fmt.Sprintf("%s:%d%v", i.List, i.Records, i.ListRecords()))
	}
	if want := "[families:3map[families:3] mixed:2map[families:1 kcna:1] none:0map[none:0]]"; fmt.Sprint(got) != want {
		t.Errorf("Imports: %v, want %s", got, want)
	}
	// A repeated import answers with the import as filed.
	again := &reckon.Import{List: "fam", File: "fam.csv", Hash: "h-fam"}
	if created, err := s.ImportRecords(ctx, again, records(fam("1"), fam("2"), fam("3"))); err != nil || created || again.List != "families" {
		t.Errorf("re-import: created %v, %v, %+v", created, err, again)
	}
	again = &reckon.Import{List: "mixed", Hash: "h-mixed"}
	if created, err := s.ImportRecords(ctx, again, records()); err != nil || created || fmt.Sprint(again.Lists) != "map[families:1 kcna:1]" {
		t.Errorf("re-import of two lists: created %v, %v, %+v", created, err, again)
	}
}
