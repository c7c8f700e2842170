package storetest

import (
	"context"
	"strings"
	"testing"

	"github.com/reckonhq/reckon"
)

// testClaimScope: a claim's scope, resolved date and restatement survive
// the store; a restatement is merged into the claim it restates (issue 13).
func testClaimScope(t *testing.T, s reckon.Store) {
	ctx := context.Background()
	src := mustSource(t, s, "A")
	const txt = "At least 300 soldiers were killed in Kursk since January. Officials said at least 300 soldiers were killed."
	c1 := claimAt(txt, "At least 300", reckon.Killed, reckon.From(300), reckon.AtLeast)
	c1.Scope = reckon.Scope{Place: "in Kursk", Period: "since January", Extent: reckon.ForPeriod, Part: "one brigade"}
	c1.Date, c1.On = "Monday", reckon.Date{Year: 2025, Month: 3, Day: 3}
	i := strings.LastIndex(txt, "at least 300")
	c2 := reckon.Claim{Measure: reckon.Killed, Qualifier: reckon.AtLeast, Interval: reckon.From(300), Span: "at least 300", Start: i, End: i + 12,
		Restates: &c1.Start, ExtractorVersion: "test"}
	bad := c2
	bad.Scope.Extent = "forever"
	d := &reckon.Document{SourceID: src.ID, Title: "bad"}
	_, err := s.AddDocument(ctx, d, chunks(txt, 16, []reckon.Claim{bad}))
	wantCode(t, err, reckon.EINVALID)

	d = addDoc(t, s, src, txt, c1, c2)
	cs, err := s.Claims(ctx, reckon.ClaimFilter{DocumentID: d.ID})
	if err != nil || len(cs) != 2 {
		t.Fatalf("Claims = %v, %v", cs, err)
	}
	if cs[0].Scope != c1.Scope || cs[0].On != c1.On || cs[0].Status != reckon.StatusExtracted || cs[0].MergedInto != 0 {
		t.Errorf("scope round trip: %+v", cs[0])
	}
	if cs[1].Status != reckon.StatusMerged || cs[1].MergedInto != cs[0].ID {
		t.Errorf("restatement: status %s merged into %d, want merged into %d", cs[1].Status, cs[1].MergedInto, cs[0].ID)
	}
	merged, _ := s.Claims(ctx, reckon.ClaimFilter{Status: reckon.StatusMerged})
	if len(merged) != 1 {
		t.Errorf("filter by merged: %d claims", len(merged))
	}
}

// testClaimEditAll: an analyst corrects every field; the claim keeps the
// extractor's values of the corrected fields, the history and the audit
// log keep before and after (issue 13).
func testClaimEditAll(t *testing.T, s reckon.Store) {
	ctx := reckon.WithActor(context.Background(), "ana")
	src := mustSource(t, s, "A")
	nis := mustSource(t, s, "National Intelligence Service")
	d := addDoc(t, s, src, text, claimAt(text, "at least 300", reckon.Killed, reckon.From(300), reckon.AtLeast))
	cs, _ := s.Claims(ctx, reckon.ClaimFilter{DocumentID: d.ID})
	id := cs[0].ID
	m, q, subj, attr, date, note := reckon.Captured, reckon.Exact, "North Korean soldiers", "Seoul's spy agency", "2025-03-03", "two reports"
	lo := int64(310)
	scope := reckon.Scope{Place: "in Kursk", Extent: reckon.Cumulative}
	e := &reckon.ClaimEdit{Measure: &m, Qualifier: &q, Subject: &subj, SetLow: true, Low: &lo, SetHigh: true, High: &lo,
		Attribution: &attr, Date: &date, Scope: &scope, Note: &note}
	r := &reckon.Review{Action: reckon.ActionEdit, By: "ana", Why: "the article says captured"}
	c, err := s.ReviewClaim(ctx, id, r, e)
	if err != nil {
		t.Fatal(err)
	}
	if c.Measure != m || c.Qualifier != q || c.Subject != subj || !c.Interval.Equal(reckon.Closed(310, 310)) || c.Attribution != attr ||
		c.Date != date || c.On != (reckon.Date{Year: 2025, Month: 3, Day: 3}) || c.Scope != scope || c.Note != note {
		t.Fatalf("edit: %+v", c)
	}
	got, _ := s.Claim(ctx, id)
	want := map[string]string{"measure": "killed", "qualifier": "at_least", "subject": "", "low": "300", "high": "none",
		"attribution": "officials", "date": "", "scope": "whole", "note": ""}
	if len(got.Original) != len(want) {
		t.Fatalf("original = %v, want %v", got.Original, want)
	}
	for k, v := range want {
		if got.Original[k] != v {
			t.Errorf("original[%s] = %q, want %q", k, got.Original[k], v)
		}
	}
	if !strings.Contains(r.Before, "killed at_least [300, ∞)") || !strings.Contains(r.After, "attribution: Seoul's spy agency") || !strings.Contains(r.After, "scope: place: in Kursk") {
		t.Errorf("review before %q after %q", r.Before, r.After)
	}
	// A second correction keeps the extractor's value, not the first correction.
	name := nis.Name
	c, err = s.ReviewClaim(ctx, id, &reckon.Review{Action: reckon.ActionEdit, By: "ben"}, &reckon.ClaimEdit{AttributionSource: &name})
	if err != nil || c.Attribution != name || c.AttributionSourceID != nis.ID {
		t.Fatalf("attribution to a source: %+v, %v", c, err)
	}
	got, _ = s.Claim(ctx, id)
	if got.Original["attribution"] != "officials" || got.AttributionSourceID != nis.ID {
		t.Errorf("after a second correction: original %v, source %d", got.Original, got.AttributionSourceID)
	}
	nobody := "Nobody"
	_, err = s.ReviewClaim(ctx, id, &reckon.Review{Action: reckon.ActionEdit, By: "ben"}, &reckon.ClaimEdit{AttributionSource: &nobody})
	wantCode(t, err, reckon.ENOTFOUND)
	// Back to the extractor's measure: no longer a correction.
	killed := reckon.Killed
	got, err = s.ReviewClaim(ctx, id, &reckon.Review{Action: reckon.ActionEdit, By: "ben"}, &reckon.ClaimEdit{Measure: &killed})
	if err != nil || got.Original["measure"] != "" || len(got.Corrected()) != 8 {
		t.Errorf("measure restored: corrected %v, %v", got.Corrected(), err)
	}
	evs, err := s.Events(ctx, reckon.EventFilter{Entity: "claim"})
	if err != nil || len(evs) != 3 || evs[0].Action != "claim.edit" || !strings.Contains(evs[0].After, "Seoul") {
		t.Errorf("audit: %+v, %v", evs, err)
	}
}

// testAddClaim: an analyst adds a figure the extractor missed, with its
// span in the document (issue 13).
func testAddClaim(t *testing.T, s reckon.Store) {
	ctx := context.Background()
	src := mustSource(t, s, "A")
	d := addDoc(t, s, src, text)
	i := strings.Index(text, "Thousands")
	c := &reckon.Claim{DocumentID: d.ID, Measure: reckon.Missing, Qualifier: reckon.Vague, Interval: reckon.Closed(2000, 9999),
		Start: i, End: i + len("Thousands"), Subject: "soldiers", Attribution: "officials", Date: "2025-03", Note: "the extractor missed it"}
	for name, bad := range map[string]func(c *reckon.Claim){
		"empty span":   func(c *reckon.Claim) { c.End = c.Start },
		"past the end": func(c *reckon.Claim) { c.End = len(text) + 1 },
		"measure":      func(c *reckon.Claim) { c.Measure = "dead" },
		"interval":     func(c *reckon.Claim) { c.Interval = reckon.Closed(5, 1) },
	} {
		b := *c
		bad(&b)
		if err := s.AddClaim(ctx, &b, &reckon.Review{By: "ana"}); reckon.ErrorCode(err) != reckon.EINVALID {
			t.Errorf("%s: %v, want invalid", name, err)
		}
	}
	wantCode(t, s.AddClaim(ctx, &reckon.Claim{DocumentID: 999, Measure: reckon.Killed, Qualifier: reckon.Exact, Start: 0, End: 1}, &reckon.Review{By: "ana"}), reckon.ENOTFOUND)
	wantCode(t, s.AddClaim(ctx, c, &reckon.Review{}), reckon.EINVALID)
	r := &reckon.Review{By: "ana", Why: "missed"}
	if err := s.AddClaim(ctx, c, r); err != nil {
		t.Fatal(err)
	}
	got, err := s.Claim(ctx, c.ID)
	if err != nil || got.Span != "Thousands" || got.Origin != reckon.FromAnalyst || got.Status != reckon.StatusConfirmed ||
		got.Sentence != "Thousands more are missing." || got.On != (reckon.Date{Year: 2025, Month: 3}) || got.Note != c.Note || got.ReviewedBy != "ana" {
		t.Fatalf("added claim: %+v, %v", got, err)
	}
	hist, _ := s.Reviews(ctx, c.ID)
	if len(hist) != 1 || hist[0].Action != reckon.ActionAdd || hist[0].By != "ana" || r.ID != hist[0].ID {
		t.Errorf("history: %+v", hist)
	}
	doc, _ := s.Document(ctx, d.ID)
	if doc.Claims != 1 {
		t.Errorf("document counts %d claims, want 1", doc.Claims)
	}
	// An analyst's own claim has no extractor's values to keep.
	m := reckon.Killed
	got, err = s.ReviewClaim(ctx, c.ID, &reckon.Review{Action: reckon.ActionEdit, By: "ben"}, &reckon.ClaimEdit{Measure: &m})
	if err != nil || len(got.Original) != 0 {
		t.Errorf("edit of an added claim: original %v, %v", got.Original, err)
	}
}

// testMergeClaims: restated figures of one document become one claim;
// claims of other documents are not merged (issue 13).
func testMergeClaims(t *testing.T, s reckon.Store) {
	ctx := context.Background()
	src := mustSource(t, s, "A")
	const txt = "At least 300 were killed. Officials repeated: at least 300 were killed. At least 300, they said."
	a := claimAt(txt, "At least 300", reckon.Killed, reckon.From(300), reckon.AtLeast)
	b := claimAt(txt, "at least 300", reckon.Killed, reckon.From(300), reckon.AtLeast)
	j := strings.LastIndex(txt, "At least 300")
	c := reckon.Claim{Measure: reckon.Killed, Qualifier: reckon.AtLeast, Interval: reckon.From(300), Span: "At least 300", Start: j, End: j + 12}
	d := addDoc(t, s, src, txt, a, b, c)
	other := addDoc(t, s, src, text, claimAt(text, "at least 300", reckon.Killed, reckon.From(300), reckon.AtLeast))
	cs, _ := s.Claims(ctx, reckon.ClaimFilter{DocumentID: d.ID})
	os, _ := s.Claims(ctx, reckon.ClaimFilter{DocumentID: other.ID})
	merge := func(id, into int64) (*reckon.Claim, error) {
		return s.ReviewClaim(ctx, id, &reckon.Review{Action: reckon.ActionMerge, By: "ana", Why: "restated"}, &reckon.ClaimEdit{MergeInto: into})
	}
	_, err := merge(cs[1].ID, os[0].ID)
	wantCode(t, err, reckon.EINVALID) // another document
	_, err = merge(cs[1].ID, cs[1].ID)
	wantCode(t, err, reckon.EINVALID)
	_, err = merge(cs[1].ID, 999)
	wantCode(t, err, reckon.ENOTFOUND)
	got, err := merge(cs[2].ID, cs[1].ID)
	if err != nil || got.Status != reckon.StatusMerged || got.MergedInto != cs[1].ID {
		t.Fatalf("merge: %+v, %v", got, err)
	}
	_, err = merge(cs[0].ID, cs[2].ID)
	wantCode(t, err, reckon.EINVALID) // cs[2] is merged itself
	// Merging the claim others went into carries them along.
	if _, err := merge(cs[1].ID, cs[0].ID); err != nil {
		t.Fatal(err)
	}
	if g, _ := s.Claim(ctx, cs[2].ID); g.MergedInto != cs[0].ID {
		t.Errorf("claim merged into a merged claim now restates %d, want %d", g.MergedInto, cs[0].ID)
	}
	// Confirming a merged claim makes it a claim of its own again.
	g, err := s.ReviewClaim(ctx, cs[1].ID, &reckon.Review{Action: reckon.ActionConfirm, By: "ben"}, nil)
	if err != nil || g.Status != reckon.StatusConfirmed || g.MergedInto != 0 {
		t.Errorf("confirm a merged claim: %+v, %v", g, err)
	}
	hist, _ := s.Reviews(ctx, cs[1].ID)
	if len(hist) != 2 || hist[0].Action != reckon.ActionMerge || !strings.Contains(hist[0].After, "merged into claim") {
		t.Errorf("history: %+v", hist)
	}
}
