package storetest

import (
	"context"
	"math"
	"testing"

	"github.com/reckonhq/reckon"
)

// importIDs imports n records into list and returns their store IDs.
func importIDs(t testing.TB, s reckon.Store, list string, names ...string) []int64 {
	t.Helper()
	ctx := context.Background()
	var recs []*reckon.Record
	for i, n := range names {
		recs = append(recs, &reckon.Record{RecordID: string(rune('a' + i)), List: list, Name: n})
	}
	if _, err := s.ImportRecords(ctx, &reckon.Import{List: list, Hash: "h-" + list}, records(recs...)); err != nil {
		t.Fatal(err)
	}
	got, err := s.Records(ctx, reckon.RecordFilter{List: list})
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]int64, len(got))
	for i, r := range got {
		ids[i] = r.ID
	}
	return ids
}

func testLinkage(t *testing.T, s reckon.Store) {
	ctx := context.Background()
	x := importIDs(t, s, "kcna", "김철수", "리영호", "박명")
	y := importIDs(t, s, "docs", "Ким Чхоль Су", "Ли Ён Хо")

	// Invalid partitions are refused.
	for _, bad := range [][][]int64{
		{{x[0], y[0]}, {x[1]}},                     // records missing
		{{x[0], y[0]}, {x[1], y[1]}, {x[2], x[0]}}, // a record twice
		{{x[0], y[0]}, {x[1], y[1]}, {x[2]}, {}},   // an empty cluster
	} {
		err := s.SaveLinkage(ctx, &reckon.LinkRun{}, bad, nil)
		wantCode(t, err, reckon.EINVALID)
	}
	// So are bad matches (issue 12: each store had its own check, and
	// both let a probability of 1.5 or a NaN weight in).
	good := [][]int64{{x[0], y[0]}, {x[1], y[1]}, {x[2]}}
	for name, m := range map[string]reckon.Match{
		"a record with itself": {A: x[0], B: x[0], Probability: 0.5},
		"no record":            {A: 0, B: x[0], Probability: 0.5},
		"NaN probability":      {A: x[0], B: y[0], Probability: math.NaN()},
		"probability above 1":  {A: x[0], B: y[0], Probability: 1.5},
		"negative probability": {A: x[0], B: y[0], Probability: -0.1},
		"NaN weight":           {A: x[0], B: y[0], Weight: math.NaN(), Probability: 0.5},
	} {
		err := s.SaveLinkage(ctx, &reckon.LinkRun{}, good, []reckon.Match{{A: x[1], B: y[1], Probability: 0.9}, m})
		if reckon.ErrorCode(err) != reckon.EINVALID {
			t.Errorf("match %s: error %v, want invalid", name, err)
		}
	}
	if runs, err := s.LinkRuns(ctx); err != nil || len(runs) != 0 {
		t.Fatalf("refused linkages left runs %v (%v)", runs, err)
	}

	run := &reckon.LinkRun{CandidatePairs: 4, Version: "test"}
	matches := []reckon.Match{{A: y[0], B: x[0], Weight: 12, Probability: 0.99}, {A: x[1], B: y[1], Weight: 1, Probability: 0.55},
		{A: x[2], B: y[1], Weight: -3, Probability: 0.2}}
	if err := s.SaveLinkage(ctx, run, [][]int64{{x[0], y[0]}, {x[1], y[1]}, {x[2]}}, matches); err != nil {
		t.Fatal(err)
	}
	if run.ID == 0 || run.Persons != 3 || run.Records != 5 {
		t.Fatalf("run after save: %+v", run)
	}
	ps, err := s.Persons(ctx, reckon.PersonFilter{})
	if err != nil || len(ps) != 3 || len(ps[0].Records) != 2 {
		t.Fatalf("Persons = %v, %v", ps, err)
	}
	kim := ps[0]
	if got := kim.Lists(); len(got) != 2 {
		t.Fatalf("Lists = %v", got)
	}
	p, err := s.PersonOfRecord(ctx, y[0])
	if err != nil || p.ID != kim.ID {
		t.Fatalf("PersonOfRecord = %v, %v; want person %d", p, err, kim.ID)
	}
	_, err = s.Person(ctx, 9999)
	wantCode(t, err, reckon.ENOTFOUND)
	inDocs, _ := s.Persons(ctx, reckon.PersonFilter{List: "docs"})
	if len(inDocs) != 2 {
		t.Fatalf("persons with a docs record: %d, want 2", len(inDocs))
	}
	unsure, err := s.Matches(ctx, 0.1, 0.9, 10)
	if err != nil || len(unsure) != 2 || unsure[0].Probability != 0.55 {
		t.Fatalf("uncertain matches = %v, %v; want 0.55 first of 2", unsure, err)
	}
	if unsure[0].A > unsure[0].B {
		t.Fatalf("match not ordered: %+v", unsure[0])
	}

	// A re-run that splits one person and keeps the others keeps their ids.
	var rest []int64
	for _, q := range ps[1:] {
		rest = append(rest, q.ID)
	}
	if err := s.SaveLinkage(ctx, &reckon.LinkRun{}, [][]int64{{x[2]}, {x[1], y[1]}, {x[0]}, {y[0]}}, nil); err != nil {
		t.Fatal(err)
	}
	for _, id := range rest {
		if _, err := s.Person(ctx, id); err != nil {
			t.Errorf("person %d lost its id on a re-run that kept its records: %v", id, err)
		}
	}
	p, _ = s.PersonOfRecord(ctx, x[0])
	if p.ID != kim.ID {
		t.Errorf("the larger part of a split person should keep its id: got %d, want %d", p.ID, kim.ID)
	}
	if q, _ := s.PersonOfRecord(ctx, y[0]); q.ID == kim.ID {
		t.Errorf("both parts of a split kept id %d", kim.ID)
	}
	runs, _ := s.LinkRuns(ctx)
	if len(runs) != 2 {
		t.Errorf("%d link runs, want 2", len(runs))
	}
}

func testDecisions(t *testing.T, s reckon.Store) {
	ctx := context.Background()
	importIDs(t, s, "kcna", "김철수", "리영호")
	a, b := reckon.RecordKey{List: "kcna", RecordID: "b"}, reckon.RecordKey{List: "kcna", RecordID: "a"}
	wantCode(t, s.AddDecision(ctx, &reckon.Decision{A: a, B: b, Same: true}), reckon.EINVALID)
	wantCode(t, s.AddDecision(ctx, &reckon.Decision{A: a, B: a, Same: true, By: "x"}), reckon.EINVALID)
	wantCode(t, s.AddDecision(ctx, &reckon.Decision{A: a, B: reckon.RecordKey{List: "kcna", RecordID: "zz"}, By: "x"}), reckon.ENOTFOUND)
	d1 := &reckon.Decision{A: a, B: b, Same: true, By: "ana"}
	if err := s.AddDecision(ctx, d1); err != nil {
		t.Fatal(err)
	}
	if d1.A != b {
		t.Errorf("decision keys not put in order: %+v", d1)
	}
	d2 := &reckon.Decision{A: b, B: a, Same: false, By: "ben", Why: "different fathers"}
	if err := s.AddDecision(ctx, d2); err != nil {
		t.Fatal(err)
	}
	ds, err := s.Decisions(ctx)
	if err != nil || len(ds) != 1 || ds[0].ID != d2.ID || ds[0].Same {
		t.Fatalf("Decisions = %v, %v; want only the later one", ds, err)
	}
	if err := s.UndoDecision(ctx, d2.ID); err != nil {
		t.Fatal(err)
	}
	ds, _ = s.Decisions(ctx)
	if len(ds) != 1 || ds[0].ID != d1.ID {
		t.Fatalf("after undo: %v; want the earlier decision in force", ds)
	}
	wantCode(t, s.UndoDecision(ctx, d2.ID), reckon.ENOTFOUND)
}

func testRecordsWithPersons(t *testing.T, s reckon.Store) {
	ctx := context.Background()
	x := importIDs(t, s, "kcna", "김철수", "리영호", "박명")
	recs, persons, err := s.RecordsWithPersons(ctx, []int64{x[2], x[0], 9999})
	if err != nil || len(recs) != 2 || len(persons) != 2 || persons[0] != 0 {
		t.Fatalf("before linking: %v, %v, %v", recs, persons, err)
	}
	if err := s.SaveLinkage(ctx, &reckon.LinkRun{}, [][]int64{{x[0], x[2]}, {x[1]}}, nil); err != nil {
		t.Fatal(err)
	}
	recs, persons, err = s.RecordsWithPersons(ctx, x)
	if err != nil || len(recs) != 3 {
		t.Fatalf("RecordsWithPersons = %v, %v", recs, err)
	}
	person := map[int64]int64{}
	for i, r := range recs {
		person[r.ID] = persons[i]
		if r.Name == "" || r.List != "kcna" {
			t.Errorf("record without its fields: %+v", r)
		}
	}
	if person[x[0]] == 0 || person[x[0]] != person[x[2]] || person[x[1]] == person[x[0]] {
		t.Errorf("persons %v", person)
	}
	if recs, _, err := s.RecordsWithPersons(ctx, nil); err != nil || len(recs) != 0 {
		t.Errorf("no ids: %v, %v", recs, err)
	}
}

func testPersonsByID(t *testing.T, s reckon.Store) {
	ctx := context.Background()
	x := importIDs(t, s, "kcna", "김철수", "리영호", "박명")
	y := importIDs(t, s, "docs", "Ким Чхоль Су")
	if err := s.SaveLinkage(ctx, &reckon.LinkRun{}, [][]int64{{x[0], y[0]}, {x[1]}, {x[2]}}, nil); err != nil {
		t.Fatal(err)
	}
	all, _ := s.Persons(ctx, reckon.PersonFilter{})
	ids := []int64{all[2].ID, all[0].ID, 99999}
	got, err := s.Persons(ctx, reckon.PersonFilter{IDs: ids})
	if err != nil || len(got) != 2 || got[0].ID != all[0].ID || len(got[0].Records) != 2 || got[1].ID != all[2].ID {
		t.Fatalf("Persons by ids = %v, %v", got, err)
	}
	got, _ = s.Persons(ctx, reckon.PersonFilter{IDs: ids, List: "docs"})
	if len(got) != 1 || got[0].ID != all[0].ID {
		t.Fatalf("by ids in list docs: %v", got)
	}
	if got, err := s.Persons(ctx, reckon.PersonFilter{IDs: []int64{}}); err != nil || len(got) != 0 {
		t.Fatalf("no ids: %v, %v", got, err)
	}
}
