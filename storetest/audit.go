package storetest

import (
	"context"
	"strings"
	"testing"

	"github.com/reckonhq/reckon"
)

// testAudit: every change appends an event with its actor, in one chain
// that verifies.
func testAudit(t *testing.T, s reckon.Store) {
	ctx := reckon.WithActor(context.Background(), "ana")
	c0, err := s.VerifyAudit(ctx)
	if err != nil || c0.Events != 0 || c0.BadID != 0 {
		t.Fatalf("empty log: %+v, %v", c0, err)
	}
	src := &reckon.Source{Name: "KCNA", Kind: reckon.KindStateMedia}
	if err := s.CreateSource(ctx, src); err != nil {
		t.Fatal(err)
	}
	d := &reckon.Document{SourceID: src.ID}
	if _, err := s.AddDocument(ctx, d, chunks(text, 32, []reckon.Claim{claimAt(text, "at least 300", reckon.Killed, reckon.From(300), reckon.AtLeast)})); err != nil {
		t.Fatal(err)
	}
	cs, _ := s.Claims(ctx, reckon.ClaimFilter{})
	if _, err := s.ReviewClaim(reckon.WithActor(ctx, "ben"), cs[0].ID, &reckon.Review{Action: reckon.ActionReject, By: "ben", Why: "duplicate"}, nil); err != nil {
		t.Fatal(err)
	}
	// A failed change leaves no event.
	s.CreateSource(ctx, &reckon.Source{Name: "KCNA", Kind: reckon.KindStateMedia})
	ids := importIDs(t, s, "kcna", "김철수", "리영호")
	if err := s.SaveLinkage(ctx, &reckon.LinkRun{}, [][]int64{{ids[0]}, {ids[1]}}, nil); err != nil {
		t.Fatal(err)
	}
	dec := &reckon.Decision{A: reckon.RecordKey{List: "kcna", RecordID: "a"}, B: reckon.RecordKey{List: "kcna", RecordID: "b"}, By: "ana"}
	if err := s.AddDecision(ctx, dec); err != nil {
		t.Fatal(err)
	}
	if err := s.UndoDecision(ctx, dec.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveEstimate(ctx, &reckon.Estimate{Measure: reckon.Killed, Method: "minimum", Input: "a,count\n1,2\n", NHat: 2, Lower: 2, Upper: 2}); err != nil {
		t.Fatal(err)
	}
	evs, err := s.Events(ctx, reckon.EventFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range evs {
		actions = append(actions, e.Actor+":"+e.Action)
	}
	want := "ana:source.create ana:document.add ben:claim.reject system:records.import ana:linkage.save ana:decision.add ana:decision.undo ana:estimate.save"
	if got := strings.Join(actions, " "); got != want {
		t.Fatalf("events:\n%s\nwant:\n%s", got, want)
	}
	if rej := evs[2]; rej.Entity != "claim" || rej.EntityID == "" || !strings.Contains(rej.Before, "extracted") || !strings.Contains(rej.After, "rejected") {
		t.Errorf("review event: %+v", rej)
	}
	c, err := s.VerifyAudit(ctx)
	if err != nil || c.Events != len(evs) || c.BadID != 0 || c.Head != evs[len(evs)-1].Hash {
		t.Fatalf("VerifyAudit = %+v, %v", c, err)
	}
	claims, _ := s.Events(ctx, reckon.EventFilter{Entity: "claim"})
	page, _ := s.Events(ctx, reckon.EventFilter{AfterID: evs[5].ID, Limit: 1})
	if len(claims) != 1 || len(page) != 1 || page[0].ID != evs[6].ID {
		t.Errorf("filters: %d claim events, page %v", len(claims), page)
	}
}
