package storetest

import (
	"context"
	"strings"
	"testing"

	"github.com/reckonhq/reckon"
)

// testCorrections: a report is stored open with its contact, listed by
// status, resolved once (accept with a note, reject only with a reason),
// and audited without its reporter's name or contact; the redacted view
// refuses the queue to the public.
func testCorrections(t *testing.T, s reckon.Store) {
	ctx := reckon.WithActor(context.Background(), "web")
	key := reckon.RecordKey{List: "kcna", RecordID: "a"}
	bad := []struct {
		name string
		c    reckon.Correction
		want string
	}{
		{"no record", reckon.Correction{Kind: reckon.CorrectionFix, Text: "x"}, "record is required"},
		{"no text", reckon.Correction{Record: key, Kind: reckon.CorrectionFix, Text: "  "}, "text is empty"},
		{"bad kind", reckon.Correction{Record: key, Kind: "delete", Text: "x"}, "want correction or withhold"},
		{"long text", reckon.Correction{Record: key, Kind: reckon.CorrectionFix, Text: strings.Repeat("x", reckon.MaxCorrectionText+1)}, "longer than"},
		{"control in contact", reckon.Correction{Record: key, Kind: reckon.CorrectionFix, Text: "x", Contact: "a\x00b"}, "control character"},
		{"bad utf-8", reckon.Correction{Record: key, Kind: reckon.CorrectionFix, Text: "\xff"}, "UTF-8"},
	}
	for _, tt := range bad {
		c := tt.c
		err := s.AddCorrection(ctx, &c)
		wantCode(t, err, reckon.EINVALID)
		if !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v, want %q", tt.name, err, tt.want)
		}
	}
	if cs, err := s.Corrections(ctx, reckon.CorrectionFilter{}); err != nil || len(cs) != 0 {
		t.Fatalf("after refused reports: %d, %v", len(cs), err)
	}

	fix := &reckon.Correction{Record: key, PersonID: 7, Kind: reckon.CorrectionFix, Field: "unit", Text: "He served in the 3rd, not the 5th.\nSee his letter.",
		Reporter: "Kim Young-hee", Contact: "CONTACT-SECRET@example.org"}
	if err := s.AddCorrection(ctx, fix); err != nil {
		t.Fatal(err)
	}
	if fix.ID == 0 || fix.Status != reckon.CorrectionOpen || fix.CreatedAt.IsZero() {
		t.Fatalf("added: %+v", fix)
	}
	hold := &reckon.Correction{Record: reckon.RecordKey{List: "docs", RecordID: "b"}, Kind: reckon.CorrectionWithhold, Text: "Our family asks that our son be withheld."}
	if err := s.AddCorrection(ctx, hold); err != nil {
		t.Fatal(err)
	}
	got, err := s.Correction(ctx, fix.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Record != key || got.PersonID != 7 || got.Field != "unit" || got.Text != fix.Text || got.Contact != fix.Contact || got.Reporter != fix.Reporter || got.Kind != reckon.CorrectionFix {
		t.Errorf("read back %+v", got)
	}
	_, err = s.Correction(ctx, 999)
	wantCode(t, err, reckon.ENOTFOUND)

	// Resolving: a rejection needs its reason; only once.
	_, err = s.ResolveCorrection(ctx, fix.ID, &reckon.Resolution{Status: reckon.CorrectionRejected, By: "ana"})
	wantCode(t, err, reckon.EINVALID)
	_, err = s.ResolveCorrection(ctx, fix.ID, &reckon.Resolution{Status: reckon.CorrectionAccepted, By: "ana", Note: " "})
	wantCode(t, err, reckon.EINVALID)
	_, err = s.ResolveCorrection(ctx, fix.ID, &reckon.Resolution{Status: reckon.CorrectionOpen, By: "ana", Note: "x"})
	wantCode(t, err, reckon.EINVALID)
	_, err = s.ResolveCorrection(ctx, fix.ID, &reckon.Resolution{Status: reckon.CorrectionAccepted, Note: "x"})
	wantCode(t, err, reckon.EINVALID)
	_, err = s.ResolveCorrection(ctx, 999, &reckon.Resolution{Status: reckon.CorrectionAccepted, By: "ana", Note: "x"})
	wantCode(t, err, reckon.ENOTFOUND)
	done, err := s.ResolveCorrection(reckon.WithActor(ctx, "ana"), fix.ID, &reckon.Resolution{Status: reckon.CorrectionAccepted, By: "ana", Note: "unit corrected in the next import"})
	if err != nil {
		t.Fatal(err)
	}
	if done.Status != reckon.CorrectionAccepted || done.ResolvedBy != "ana" || done.ResolvedAt == nil || done.Note != "unit corrected in the next import" {
		t.Errorf("resolved: %+v", done)
	}
	_, err = s.ResolveCorrection(ctx, fix.ID, &reckon.Resolution{Status: reckon.CorrectionRejected, By: "ben", Note: "no"})
	wantCode(t, err, reckon.ECONFLICT)

	open, err := s.Corrections(ctx, reckon.CorrectionFilter{Status: reckon.CorrectionOpen})
	if err != nil || len(open) != 1 || open[0].ID != hold.ID {
		t.Fatalf("open reports: %v, %v", open, err)
	}
	page, err := s.Corrections(ctx, reckon.CorrectionFilter{AfterID: fix.ID, Limit: 1})
	if err != nil || len(page) != 1 || page[0].ID != hold.ID {
		t.Fatalf("page after %d: %v, %v", fix.ID, page, err)
	}
	if again, err := s.Correction(ctx, fix.ID); err != nil || again.ResolvedAt == nil || again.Status != reckon.CorrectionAccepted {
		t.Errorf("read after resolving: %+v, %v", again, err)
	}

	// Audited, in the chain, without the reporter or the contact.
	evs, err := s.Events(ctx, reckon.EventFilter{Entity: "correction"})
	if err != nil || len(evs) != 3 {
		t.Fatalf("events: %d, %v", len(evs), err)
	}
	if evs[0].Action != "correction.add" || evs[2].Action != "correction.resolve" || evs[2].Actor != "ana" {
		t.Errorf("events %s by %s, %s by %s", evs[0].Action, evs[0].Actor, evs[2].Action, evs[2].Actor)
	}
	for _, e := range evs {
		if strings.Contains(e.Before+e.After, "CONTACT-SECRET") || strings.Contains(e.Before+e.After, "Young-hee") {
			t.Errorf("event %d holds the reporter: %s %s", e.ID, e.Before, e.After)
		}
	}
	if !strings.Contains(evs[0].After, `"has_contact":true`) {
		t.Errorf("the add event does not say a contact was given: %s", evs[0].After)
	}
	if c, err := s.VerifyAudit(ctx); err != nil || c.BadID != 0 {
		t.Errorf("audit: %+v, %v", c, err)
	}

	// The public view refuses the queue; adding passes through.
	pub := reckon.Redact(s)
	_, err = pub.Corrections(ctx, reckon.CorrectionFilter{})
	wantCode(t, err, reckon.EFORBIDDEN)
	_, err = pub.Correction(ctx, fix.ID)
	wantCode(t, err, reckon.EFORBIDDEN)
	_, err = pub.ResolveCorrection(ctx, hold.ID, &reckon.Resolution{Status: reckon.CorrectionAccepted, By: "x", Note: "x"})
	wantCode(t, err, reckon.EFORBIDDEN)
	if err := pub.AddCorrection(ctx, &reckon.Correction{Record: key, Kind: reckon.CorrectionFix, Text: "another"}); err != nil {
		t.Fatal(err)
	}
	if cs, err := pub.Corrections(reckon.WithPersonalData(ctx), reckon.CorrectionFilter{}); err != nil || len(cs) != 3 {
		t.Errorf("the full view: %d, %v", len(cs), err)
	}
	if _, err := pub.Corrections(reckon.PublicView(reckon.WithPersonalData(ctx)), reckon.CorrectionFilter{}); reckon.ErrorCode(err) != reckon.EFORBIDDEN {
		t.Errorf("PublicView over a full view reads the queue: %v", err)
	}
}
