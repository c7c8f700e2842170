package storetest

import (
	"context"
	"math"
	"testing"

	"github.com/reckonhq/reckon"
)

func testEstimates(t *testing.T, s reckon.Store) {
	ctx := context.Background()
	input := "a,b,count\n0,1,5\n1,0,7\n1,1,3\n"
	e := &reckon.Estimate{Measure: reckon.Killed, Population: "soldiers", Method: "loglinear", Model: "[1,2]",
		Observed: 15, NHat: 26.67, Lower: 18, Upper: math.Inf(1), Lists: []string{"a", "b"}, Input: input,
		Settings: `{"max_order":1}`, Seed: 7, Version: "test", Warnings: []string{"small lists"},
		Linkage: &reckon.LinkageInterval{Draws: 20, NHat: 27.5, Lower: 17.25, Upper: math.Inf(1)}}
	if err := s.SaveEstimate(ctx, e); err != nil {
		t.Fatal(err)
	}
	if e.ID == 0 || len(e.InputHash) != 64 {
		t.Fatalf("after save: %+v", e)
	}
	got, err := s.Estimate(ctx, e.ID)
	if err != nil || got.NHat != 26.67 || !math.IsInf(got.Upper, 1) || got.Input != input || got.Seed != 7 ||
		len(got.Lists) != 2 || got.Warnings[0] != "small lists" || got.InputHash != e.InputHash {
		t.Fatalf("Estimate = %+v, %v", got, err)
	}
	if l := got.Linkage; l == nil || l.Draws != 20 || l.NHat != 27.5 || l.Lower != 17.25 || !math.IsInf(l.Upper, 1) {
		t.Fatalf("Estimate's linkage = %+v, want 20 draws 27.5 [17.25, +Inf]", l)
	}
	for name, l := range map[string]*reckon.LinkageInterval{
		"no draws":  {Draws: 0, NHat: 1, Lower: 1, Upper: 1},
		"NaN n_hat": {Draws: 3, NHat: math.NaN(), Lower: 1, Upper: 1},
		"NaN upper": {Draws: 3, NHat: 1, Lower: 1, Upper: math.NaN()},
	} {
		bad := *e
		bad.ID, bad.Linkage = 0, l
		if err := s.SaveEstimate(ctx, &bad); reckon.ErrorCode(err) != reckon.EINVALID {
			t.Errorf("linkage %s: error %v, want invalid", name, err)
		}
	}
	bad := *e
	bad.ID, bad.InputHash = 0, "0000"
	wantCode(t, s.SaveEstimate(ctx, &bad), reckon.EINVALID)
	// Numbers an estimate cannot be (issue 12: the stores refused NaN
	// only, and took an infinite estimate or a reversed interval).
	for name, set := range map[string]func(*reckon.Estimate){
		"NaN n_hat":         func(e *reckon.Estimate) { e.NHat = math.NaN() },
		"infinite n_hat":    func(e *reckon.Estimate) { e.NHat = math.Inf(1) },
		"NaN lower":         func(e *reckon.Estimate) { e.Lower = math.NaN() },
		"-Inf lower":        func(e *reckon.Estimate) { e.Lower = math.Inf(-1) },
		"NaN upper":         func(e *reckon.Estimate) { e.Upper = math.NaN() },
		"-Inf upper":        func(e *reckon.Estimate) { e.Upper = math.Inf(-1) },
		"lower above upper": func(e *reckon.Estimate) { e.Lower, e.Upper = 30, 20 },
		"negative observed": func(e *reckon.Estimate) { e.Observed = -1 },
		"no method":         func(e *reckon.Estimate) { e.Method = "" },
		"unknown measure":   func(e *reckon.Estimate) { e.Measure = "dead-ish" },
	} {
		bad := *e
		bad.ID = 0
		set(&bad)
		if err := s.SaveEstimate(ctx, &bad); reckon.ErrorCode(err) != reckon.EINVALID {
			t.Errorf("estimate with %s: error %v, want invalid", name, err)
		}
	}
	if all, err := s.Estimates(ctx, reckon.EstimateFilter{}); err != nil || len(all) != 1 {
		t.Fatalf("after refused estimates: %d estimates (%v), want 1", len(all), err)
	}
	min := &reckon.Estimate{Measure: reckon.Killed, Population: "soldiers", Method: "minimum", Observed: 15, NHat: 15, Lower: 15, Upper: 15, Input: input,
		Linkage: &reckon.LinkageInterval{Draws: 20, NHat: 15, Lower: 14, Upper: 17}}
	if err := s.SaveEstimate(ctx, min); err != nil {
		t.Fatal(err)
	}
	plain := &reckon.Estimate{Measure: reckon.Wounded, Population: "soldiers", Method: "minimum", Observed: 15, NHat: 15, Lower: 15, Upper: 15, Input: input}
	if err := s.SaveEstimate(ctx, plain); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Estimate(ctx, plain.ID); err != nil || got.Linkage != nil {
		t.Fatalf("an estimate without draws reads back with linkage %+v, %v", got.Linkage, err)
	}
	all, _ := s.Estimates(ctx, reckon.EstimateFilter{Measure: reckon.Killed})
	if len(all) != 2 || all[0].ID != min.ID {
		t.Fatalf("Estimates newest first: %v", all)
	}
	if l := all[0].Linkage; l == nil || *l != (reckon.LinkageInterval{Draws: 20, NHat: 15, Lower: 14, Upper: 17}) {
		t.Fatalf("listed minimum's linkage = %+v", l)
	}
	only, _ := s.Estimates(ctx, reckon.EstimateFilter{Measure: reckon.Killed, Method: "minimum"})
	if len(only) != 1 {
		t.Fatalf("filter by method: %d", len(only))
	}
	_, err = s.Estimate(ctx, 999)
	wantCode(t, err, reckon.ENOTFOUND)
}
