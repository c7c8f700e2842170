package storetest

import (
	"context"
	"fmt"
	"io"
	"slices"
	"testing"

	"github.com/reckonhq/reckon"
)

// testPrivacy checks that a store keeps the sensitive fields and embargo
// of records, and that the Redact view of it shows them to no one who may
// not see personal data: not in records, persons, pairs or decisions.
func testPrivacy(t *testing.T, s reckon.Store) {
	ctx := context.Background()
	open := &reckon.Record{RecordID: "1", List: "kcna", FamilyName: "Kim", GivenName: "Chol", HomeTown: "Kaesong",
		Attributes: map[string]string{"relative_phone": "+850 2 123", "kin": "brother"},
		Sensitive:  []string{"home_town", "relative_phone"}}
	plain := &reckon.Record{RecordID: "2", List: "kcna", FamilyName: "Ri", GivenName: "Su"}
	hidden := &reckon.Record{RecordID: "3", List: "kcna", FamilyName: "Pak", GivenName: "Nam", Embargoed: true}
	other := &reckon.Record{RecordID: "9", List: "yonhap", FamilyName: "Pak", GivenName: "Nam"}
	if _, err := s.ImportRecords(ctx, &reckon.Import{List: "kcna", Hash: "p1"}, records(open, plain, hidden, other)); err != nil {
		t.Fatal(err)
	}
	// A name that cannot be sensitive is refused, and nothing is kept.
	bad := &reckon.Record{RecordID: "4", List: "kcna", Sensitive: []string{"record_id"}}
	_, err := s.ImportRecords(ctx, &reckon.Import{Hash: "p2"}, records(bad))
	wantCode(t, err, reckon.EINVALID)

	all, err := s.Records(ctx, reckon.RecordFilter{})
	if err != nil || len(all) != 4 {
		t.Fatalf("Records = %d, %v; want 4", len(all), err)
	}
	if r := all[0]; !slices.Equal(r.Sensitive, open.Sensitive) || r.HomeTown != "Kaesong" || r.Embargoed {
		t.Errorf("stored record %+v: want its sensitive fields kept with their values", r)
	}
	if !all[2].Embargoed || all[1].Embargoed || all[1].Sensitive != nil {
		t.Errorf("stored embargo: %+v %+v", all[1], all[2])
	}
	emb, err := s.Records(ctx, reckon.RecordFilter{Embargoed: true})
	if err != nil || len(emb) != 1 || emb[0].RecordID != "3" {
		t.Errorf("Records(Embargoed) = %v, %v; want record 3 only", emb, err)
	}
	emb, err = s.Records(ctx, reckon.RecordFilter{Embargoed: true, List: "yonhap"})
	if err != nil || len(emb) != 0 {
		t.Errorf("Records(Embargoed, yonhap) = %v, %v; want none", emb, err)
	}
	emb, err = s.Records(ctx, reckon.RecordFilter{Embargoed: true, List: "kcna"})
	if err != nil || len(emb) != 1 {
		t.Errorf("Records(Embargoed, kcna) = %v, %v; want record 3", emb, err)
	}
	for _, k := range []struct {
		list, id string
		want     int
	}{{"kcna", "1", 1}, {"yonhap", "9", 1}, {"kcna", "9", 0}, {"yonhap", "1", 0}} {
		got, err := s.Records(ctx, reckon.RecordFilter{List: k.list, RecordID: k.id})
		if err != nil || len(got) != k.want || (k.want == 1 && (got[0].List != k.list || got[0].RecordID != k.id)) {
			t.Errorf("Records(%s/%s) = %v, %v; want %d", k.list, k.id, got, err, k.want)
		}
	}
	ids := []int64{all[0].ID, all[1].ID, all[2].ID, all[3].ID}
	// Persons: {open, plain}, {hidden, other}; a match between hidden and
	// other and one between open and plain; a decision on each pair.
	matches := []reckon.Match{{A: ids[0], B: ids[1], Probability: 0.6}, {A: ids[2], B: ids[3], Probability: 0.5}}
	if err := s.SaveLinkage(ctx, &reckon.LinkRun{}, [][]int64{{ids[0], ids[1]}, {ids[2], ids[3]}}, matches); err != nil {
		t.Fatal(err)
	}
	for _, d := range []*reckon.Decision{
		{A: open.Key(), B: plain.Key(), Same: true, By: "rev", Why: "same home town Kaesong"},
		{A: hidden.Key(), B: other.Key(), Same: true, By: "rev"},
	} {
		if err := s.AddDecision(ctx, d); err != nil {
			t.Fatal(err)
		}
	}

	pub := reckon.Redact(s)
	full := reckon.WithPersonalData(ctx)
	// The full view is the store's.
	if got, err := pub.Records(full, reckon.RecordFilter{}); err != nil || len(got) != 4 || got[0].HomeTown != "Kaesong" {
		t.Errorf("full view Records = %v, %v", got, err)
	}
	// The public view: values withheld, the embargoed record absent.
	got, err := pub.Records(ctx, reckon.RecordFilter{})
	if err != nil || len(got) != 3 {
		t.Fatalf("public Records = %d, %v; want 3", len(got), err)
	}
	r := got[0]
	if r.HomeTown != "" || r.Attributes["relative_phone"] != "" || r.Attributes["kin"] != "brother" || r.FamilyName != "Kim" ||
		!slices.Equal(r.Sensitive, open.Sensitive) {
		t.Errorf("public record %+v: want home town and phone withheld, the rest shown", r)
	}
	for _, g := range got {
		if g.RecordID == "3" {
			t.Errorf("public Records shows the embargoed record")
		}
	}
	// Paging through the public view skips the embargoed record without
	// ending early.
	var paged []string
	for after := int64(0); ; {
		page, err := pub.Records(ctx, reckon.RecordFilter{Limit: 1, AfterID: after})
		if err != nil {
			t.Fatal(err)
		}
		if len(page) == 0 {
			break
		}
		paged = append(paged, page[0].RecordID)
		after = page[0].ID
	}
	if !slices.Equal(paged, []string{"1", "2", "9"}) {
		t.Errorf("public pages = %v, want [1 2 9]", paged)
	}
	// The stored record is not changed by redaction.
	if again, _ := s.Records(ctx, reckon.RecordFilter{Limit: 1}); again[0].HomeTown != "Kaesong" {
		t.Errorf("redaction changed the stored record: %+v", again[0])
	}

	ps, err := pub.Persons(ctx, reckon.PersonFilter{})
	if err != nil || len(ps) != 2 {
		t.Fatalf("public Persons = %v, %v", ps, err)
	}
	for _, p := range ps {
		for _, rec := range p.Records {
			if rec.Embargoed || rec.HomeTown != "" {
				t.Errorf("public person %d shows %+v", p.ID, rec)
			}
		}
	}
	pOther, err := pub.PersonOfRecord(ctx, ids[3])
	if err != nil || len(pOther.Records) != 1 {
		t.Errorf("public PersonOfRecord(other) = %+v, %v; want the person without the embargoed record", pOther, err)
	}
	_, err = pub.PersonOfRecord(ctx, ids[2])
	wantCode(t, err, reckon.ENOTFOUND)
	recs, _, err := pub.RecordsWithPersons(ctx, ids)
	if err != nil || len(recs) != 3 {
		t.Errorf("public RecordsWithPersons = %d, %v; want 3", len(recs), err)
	}
	ms, err := pub.Matches(ctx, 0, 1, 0)
	if err != nil || len(ms) != 1 || ms[0].A != ids[0] {
		t.Errorf("public Matches = %v, %v; want only the pair without the embargoed record", ms, err)
	}
	ds, err := pub.Decisions(ctx)
	if err != nil || len(ds) != 1 || ds[0].Why != "" {
		t.Errorf("public Decisions = %v, %v; want one, without its reason", ds, err)
	}
	if ds, _ := pub.Decisions(full); len(ds) != 2 || ds[0].Why == "" {
		t.Errorf("full Decisions = %v; want both with reasons", ds)
	}
	wantCode(t, pub.Export(ctx, io.Discard), reckon.EFORBIDDEN)

	// Protection decided after the import: embargo the plain record, lift
	// the other embargo, and mark a field sensitive; each is an event.
	before, _ := s.Events(ctx, reckon.EventFilter{})
	if err := s.ProtectRecord(ctx, plain.Key(), []string{"given_name"}, true); err != nil {
		t.Fatal(err)
	}
	if err := s.ProtectRecord(ctx, hidden.Key(), nil, false); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.ProtectRecord(ctx, reckon.RecordKey{List: "kcna", RecordID: "nope"}, nil, true), reckon.ENOTFOUND)
	wantCode(t, s.ProtectRecord(ctx, plain.Key(), []string{"list"}, true), reckon.EINVALID)
	after, _ := s.Events(ctx, reckon.EventFilter{})
	if len(after) != len(before)+2 || after[len(after)-1].Action != "record.protect" {
		t.Errorf("ProtectRecord events: %d before, %d after; want two record.protect events", len(before), len(after))
	}
	got, err = pub.Records(ctx, reckon.RecordFilter{})
	var keys []string
	for _, r := range got {
		keys = append(keys, r.RecordID)
	}
	if err != nil || !slices.Equal(keys, []string{"1", "3", "9"}) {
		t.Errorf("public records after protecting: %v, %v; want [1 3 9]", keys, err)
	}
	if all, _ := s.Records(ctx, reckon.RecordFilter{}); !all[1].Embargoed || !slices.Equal(all[1].Sensitive, []string{"given_name"}) || all[2].Embargoed {
		t.Errorf("stored after protecting: %+v %+v", all[1], all[2])
	}

	// A large import whose batches differ: only record 300 of 700 is
	// protected.
	many := make([]*reckon.Record, 700)
	for i := range many {
		many[i] = &reckon.Record{RecordID: fmt.Sprint(i), List: "big", FamilyName: "Kim"}
	}
	many[300].Embargoed, many[300].Sensitive = true, []string{"family_name"}
	if _, err := s.ImportRecords(ctx, &reckon.Import{Hash: "p-big"}, records(many...)); err != nil {
		t.Fatal(err)
	}
	big, err := s.Records(ctx, reckon.RecordFilter{List: "big"})
	if err != nil || len(big) != 700 {
		t.Fatalf("Records(big) = %d, %v", len(big), err)
	}
	for i, r := range big {
		if want := i == 300; r.Embargoed != want || (len(r.Sensitive) > 0) != want || r.FamilyName != "Kim" {
			t.Errorf("big record %d: %+v", i, r)
		}
	}
}
