package pipeline_test

import (
	"context"
	"iter"
	"slices"
	"testing"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/pipeline"
)

func importRecords(tb testing.TB, s reckon.Store, list string, recs ...*reckon.Record) {
	tb.Helper()
	seq := func(yield func(*reckon.Record, error) bool) {
		for _, r := range recs {
			r.List = list
			if !yield(r, nil) {
				return
			}
		}
	}
	if _, err := s.ImportRecords(context.Background(), &reckon.Import{List: list, Hash: list}, iter.Seq2[*reckon.Record, error](seq)); err != nil {
		tb.Fatal(err)
	}
}

// TestEngine searches persons across scripts, explains a pair and
// relinks after a decision.
func TestEngine(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	e := pipeline.NewEngine(s, pipeline.EngineOptions{})
	if _, err := e.Explain(ctx, 1, 2); reckon.ErrorCode(err) != reckon.EINVALID {
		t.Errorf("explain before any link run: %v, want invalid", err)
	}
	born := reckon.Date{Year: 2001, Month: 4, Day: 9}
	importRecords(t, s, "kcna",
		&reckon.Record{RecordID: "k1", Name: "리철", FamilyName: "리", GivenName: "철", BirthDate: born, Unit: "11th Corps"},
		&reckon.Record{RecordID: "k2", Name: "김영호", FamilyName: "김", GivenName: "영호", BirthDate: reckon.Date{Year: 1999}},
		&reckon.Record{RecordID: "k3", Name: "박무수", FamilyName: "박", GivenName: "무수"})
	importRecords(t, s, "captured",
		&reckon.Record{RecordID: "c1", Name: "Ли Чхоль", BirthDate: born, Unit: "11th Corps"},
		&reckon.Record{RecordID: "c2", Name: "Ким Ёнхо", BirthDate: reckon.Date{Year: 1999}})
	importRecords(t, s, "press",
		&reckon.Record{RecordID: "p1", FamilyName: "Lee", GivenName: "Cheol", BirthDate: reckon.Date{Year: 2001}},
		&reckon.Record{RecordID: "p2", Name: "Ivan Petrov"})
	run, err := e.Relink(ctx)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := s.Records(ctx, reckon.RecordFilter{})
	if err != nil {
		t.Fatal(err)
	}
	personOf := func(key string) int64 {
		t.Helper()
		for _, r := range recs {
			if r.Key().String() == key {
				p, err := s.PersonOfRecord(ctx, r.ID)
				if err != nil {
					t.Fatal(err)
				}
				return p.ID
			}
		}
		t.Fatalf("no record %s", key)
		return 0
	}
	recordID := func(key string) int64 {
		for _, r := range recs {
			if r.Key().String() == key {
				return r.ID
			}
		}
		t.Fatalf("no record %s", key)
		return 0
	}
	chol := []int64{personOf("kcna/k1"), personOf("captured/c1"), personOf("press/p1")}
	slices.Sort(chol)
	chol = slices.Compact(chol)
	for _, tt := range []struct {
		name, q string
		want    []int64
	}{
		{"romanised", "Ri Chol", chol},
		{"hangul", "리철", chol},
		{"cyrillic", "Ли Чхоль", chol},
		{"southern spelling", "Lee Cheol", chol},
		{"given name first", "Cheol Lee", chol},
		{"russian name", "Иван Петров", []int64{personOf("press/p2")}},
		{"substring", "petr", []int64{personOf("press/p2")}},
		{"nobody", "Zzyzx Qwerty", nil},
		{"empty", "", nil},
	} {
		got, err := e.Search(ctx, tt.q, 0, 10)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s: Search(%q) = %v, want %v", tt.name, tt.q, got, tt.want)
		}
	}
	if got, _ := e.Search(ctx, "Ri Chol", 0, 1); len(got) != 1 || got[0] != chol[0] {
		t.Errorf("limit 1: %v", got)
	}
	if got, _ := e.Search(ctx, "Ri Chol", chol[0], 0); !slices.Equal(got, chol[1:]) {
		t.Errorf("after %d: %v, want %v", chol[0], got, chol[1:])
	}

	x, err := e.Explain(ctx, recordID("kcna/k1"), recordID("captured/c1"))
	if err != nil {
		t.Fatal(err)
	}
	if len(x.Fields) == 0 || x.Probability <= 0 || x.Probability > 1 {
		t.Errorf("explanation %+v", x)
	}
	if _, err := e.Explain(ctx, recordID("kcna/k1"), 9999); reckon.ErrorCode(err) != reckon.ENOTFOUND {
		t.Errorf("explain unknown record: %v", err)
	}

	// A decision joins two records; after Relink they are one person and
	// the search index follows the new run.
	a, b := recs[1], recs[2] // 김영호 and 박무수: not the same person by any measure
	if personOf(a.Key().String()) == personOf(b.Key().String()) {
		t.Fatal("fixture: two different names linked")
	}
	if err := s.AddDecision(ctx, &reckon.Decision{A: a.Key(), B: b.Key(), Same: true, By: "test"}); err != nil {
		t.Fatal(err)
	}
	run2, err := e.Relink(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if run2.ID == run.ID {
		t.Errorf("relink: run %d after run %d", run2.ID, run.ID)
	}
	p := personOf(a.Key().String())
	if p != personOf(b.Key().String()) {
		t.Error("after the decision and relink, the two records are not one person")
	}
	got, err := e.Search(ctx, "Pak Mu Su", 0, 10)
	if err != nil || !slices.Equal(got, []int64{p}) {
		t.Errorf("search after relink: %v, %v; want [%d]", got, err, p)
	}

	v, err := e.Reconcile(ctx, reckon.Killed)
	if err != nil || v.Measure != reckon.Killed {
		t.Errorf("reconcile: %+v, %v", v, err)
	}
}
