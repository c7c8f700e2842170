package pipeline_test

import (
	"context"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/linkage"
	"github.com/reckonhq/reckon/pipeline"
)

// TestResolveCorrection: accepting and rejecting need a note and close
// the report once; withholding embargoes every record of the person the
// report names, as linked now, and lists them in the report's note; a
// report resolved already is a conflict and changes nothing.
func TestResolveCorrection(t *testing.T) {
	ctx := reckon.WithActor(context.Background(), "ana")
	s := open(t)
	importRecords(t, s, "kcna", &reckon.Record{RecordID: "1", FamilyName: "김", GivenName: "철수", BirthDate: reckon.Date{Year: 2001, Month: 3, Day: 4}})
	importRecords(t, s, "gur", &reckon.Record{RecordID: "7", FamilyName: "Кім", GivenName: "Чхоль Су", BirthDate: reckon.Date{Year: 2001, Month: 3, Day: 4}},
		&reckon.Record{RecordID: "8", FamilyName: "Пак", GivenName: "Ён Ир", BirthDate: reckon.Date{Year: 1999, Month: 1, Day: 2}})
	if _, _, err := pipeline.Link(ctx, s, linkage.Config{}, "", linkage.Options{Rand: rand.New(rand.NewPCG(1, 2))}); err != nil {
		t.Fatal(err)
	}
	add := func(list, id string, kind reckon.CorrectionKind) int64 {
		recs, err := s.Records(ctx, reckon.RecordFilter{List: list, RecordID: id})
		if err != nil || len(recs) != 1 {
			t.Fatalf("record %s/%s: %v", list, id, err)
		}
		p, err := s.PersonOfRecord(ctx, recs[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		c := &reckon.Correction{Record: recs[0].Key(), PersonID: p.ID, Kind: kind, Text: "the family asks"}
		if err := s.AddCorrection(ctx, c); err != nil {
			t.Fatal(err)
		}
		return c.ID
	}
	fix, withhold := add("gur", "8", reckon.CorrectionFix), add("kcna", "1", reckon.CorrectionWithhold)

	if _, _, err := pipeline.ResolveCorrection(ctx, s, fix, reckon.Resolution{Status: reckon.CorrectionRejected, By: "ana"}); reckon.ErrorCode(err) != reckon.EINVALID {
		t.Errorf("reject without a reason: %v, want invalid", err)
	}
	c, keys, err := pipeline.ResolveCorrection(ctx, s, fix, reckon.Resolution{Status: reckon.CorrectionAccepted, By: "ana", Note: " birth date corrected "})
	if err != nil || c.Status != reckon.CorrectionAccepted || c.Note != "birth date corrected" || len(keys) != 0 {
		t.Fatalf("accept: %+v, %v, %v", c, keys, err)
	}
	if _, _, err := pipeline.ResolveCorrection(ctx, s, fix, reckon.Resolution{Status: reckon.CorrectionRejected, By: "ana", Note: "no"}); reckon.ErrorCode(err) != reckon.ECONFLICT {
		t.Errorf("resolving twice: %v, want conflict", err)
	}

	c, keys, err = pipeline.ResolveCorrection(ctx, s, withhold, reckon.Resolution{Status: reckon.CorrectionWithheld, By: "ana", Note: "mother's letter"})
	if err != nil || c.Status != reckon.CorrectionWithheld {
		t.Fatalf("withhold: %+v, %v", c, err)
	}
	if strings.Join(keys, " ") != "gur/7 kcna/1" && strings.Join(keys, " ") != "kcna/1 gur/7" {
		t.Errorf("withheld %v, want the person's two records", keys)
	}
	if !strings.HasPrefix(c.Note, "mother's letter\nrecords embargoed: ") {
		t.Errorf("note %q", c.Note)
	}
	all, err := s.Records(ctx, reckon.RecordFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range all {
		if want := r.RecordID != "8"; r.Embargoed != want {
			t.Errorf("record %s embargoed %v, want %v", r.Key(), r.Embargoed, want)
		}
	}
}
