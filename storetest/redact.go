package storetest

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/release"
)

// Marker values of the redacted view's fixture: each may be shown only to
// those who may see personal data.
const (
	markHomeTown = "MARK-HOMETOWN"   // a sensitive field
	markPhone    = "MARK-PHONE"      // a sensitive attribute
	markGiven    = "MARK-GIVEN"      // a given name made sensitive after the import
	markEmbID    = "MARK-EMBID"      // the record_id of an embargoed record
	markEmbName  = "MARK-EMBNAME"    // its family name
	markWhy      = "MARK-WHY"        // a reviewer's reason
	markStats    = "MARK-STATS"      // link run diagnostics that name records
	markHash     = "MARK-HASH"       // an import's file hash
	markInput    = "918273"          // a count of an estimate's input that includes an embargoed record
	markEmbList  = "MARK-ONLYLISTED" // a list whose only record is embargoed
	markContact  = "MARK-CONTACT"    // how to reach the reporter of a correction
)

var redactMarkers = []string{markHomeTown, markPhone, markGiven, markEmbID, markEmbName, markWhy, markStats, markHash, markInput, markEmbList, markContact}

// redactFixture fills s with a record whose fields are sensitive, an
// embargoed record linked to a public one, a list holding only an
// embargoed record, a decision with a reason, a link run whose stats name
// the embargoed record, an estimate counting it, a user and a token. It
// returns the IDs of a public record, the embargoed one and the person
// of both.
type redactIDs struct {
	open, plain, emb, onlyListed, other int64 // records
	person                              int64 // the person of emb and other
	estimate                            int64
	user                                int64
	source, document, claim             int64
	correction                          int64
}

func redactFixture(t *testing.T, s reckon.Store) redactIDs {
	t.Helper()
	ctx := context.Background()
	var ids redactIDs
	src := mustSource(t, s, "Yonhap")
	ids.source = src.ID
	d := addDoc(t, s, src, text, claimAt(text, "at least 300", reckon.Killed, reckon.From(300), reckon.AtLeast))
	ids.document = d.ID
	cls, err := s.Claims(ctx, reckon.ClaimFilter{})
	if err != nil || len(cls) == 0 {
		t.Fatalf("claims: %v, %v", cls, err)
	}
	ids.claim = cls[0].ID

	open := &reckon.Record{RecordID: "open", List: "kcna", FamilyName: "Kim", GivenName: "Chol", HomeTown: markHomeTown,
		Attributes: map[string]string{"relative_phone": markPhone, "kin": "brother"}, Sensitive: []string{"home_town", "relative_phone"}}
	plain := &reckon.Record{RecordID: "plain", List: "kcna", FamilyName: "Ri", GivenName: markGiven}
	emb := &reckon.Record{RecordID: markEmbID, List: "kcna", FamilyName: markEmbName, GivenName: "Nam", Embargoed: true}
	only := &reckon.Record{RecordID: "o1", List: markEmbList, FamilyName: "Pak", GivenName: "Nam", Embargoed: true}
	other := &reckon.Record{RecordID: "other", List: "yonhap", FamilyName: "Pak", GivenName: "Nam"}
	if _, err := s.ImportRecords(ctx, &reckon.Import{List: "kcna", File: "kcna.csv", Hash: markHash}, records(open, plain, emb, only, other)); err != nil {
		t.Fatal(err)
	}
	// The given name of plain becomes sensitive after the import.
	if err := s.ProtectRecord(ctx, plain.Key(), []string{"given_name"}, false); err != nil {
		t.Fatal(err)
	}
	all, err := s.Records(ctx, reckon.RecordFilter{})
	if err != nil || len(all) != 5 {
		t.Fatalf("records: %d, %v", len(all), err)
	}
	ids.open, ids.plain, ids.emb, ids.onlyListed, ids.other = all[0].ID, all[1].ID, all[2].ID, all[3].ID, all[4].ID
	// Persons: {open, plain}, {emb, only, other}.
	stats := fmt.Sprintf(`{"Warnings":["pair %s/%s kept apart"],"Note":%q}`, emb.List, emb.RecordID, markStats)
	if err := s.SaveLinkage(ctx, &reckon.LinkRun{Stats: stats}, [][]int64{{ids.open, ids.plain}, {ids.emb, ids.onlyListed, ids.other}},
		[]reckon.Match{{A: ids.open, B: ids.plain, Probability: 0.6}, {A: ids.emb, B: ids.other, Probability: 0.5}}); err != nil {
		t.Fatal(err)
	}
	p, err := s.PersonOfRecord(ctx, ids.other)
	if err != nil {
		t.Fatal(err)
	}
	ids.person = p.ID
	for _, d := range []*reckon.Decision{
		{A: open.Key(), B: plain.Key(), Same: true, By: "rev", Why: markWhy},
		{A: emb.Key(), B: other.Key(), Same: true, By: "rev"},
	} {
		if err := s.AddDecision(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	e := &reckon.Estimate{Measure: reckon.Killed, Population: "all", Method: "minimum", Observed: 3, NHat: 3, Lower: 3, Upper: 3,
		Lists: []string{"kcna", "yonhap"}, Input: "kcna,yonhap,count\n1,0,1\n1,1," + markInput + "\n", Settings: "{}", Version: "test"}
	if err := s.SaveEstimate(ctx, e); err != nil {
		t.Fatal(err)
	}
	ids.estimate = e.ID
	u := &reckon.User{Name: "ana", Role: reckon.RoleAnalyst}
	if err := s.CreateUser(ctx, u, "$argon2id$x"); err != nil {
		t.Fatal(err)
	}
	ids.user = u.ID
	if err := s.CreateToken(ctx, &reckon.Token{UserID: u.ID, Name: "t"}, "tokenhash"); err != nil {
		t.Fatal(err)
	}
	c := &reckon.Correction{Record: open.Key(), Kind: reckon.CorrectionWithhold, Text: "please withhold", Reporter: "his mother", Contact: markContact}
	if err := s.AddCorrection(ctx, c); err != nil {
		t.Fatal(err)
	}
	ids.correction = c.ID
	// A release of the public view, built while the markers are there.
	rel, files, err := release.Build(ctx, s, release.Options{Name: "2026.1", Key: ed25519.NewKeyFromSeed(make([]byte, ed25519.SeedSize))})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.CreateRelease(ctx, rel, files); err != nil {
		t.Fatal(err)
	}
	return ids
}

// redactWrites are the methods of reckon.Store that change the workspace
// or hand back only what the caller gave: the view passes them through.
// Each names why it cannot show the caller personal data it did not have.
var redactWrites = map[string]string{
	"CreateSource":  "sets the ID and time of the caller's source",
	"UpdateSource":  "sets the name and time of the caller's source, which is public",
	"AddDocument":   "sets the ID of the caller's document, or gives the one with the same text, which the caller has",
	"ReviewClaim":   "returns the claim, published text",
	"AddClaim":      "sets the ID, span and status of the caller's claim, from published text",
	"ImportRecords": "sets the counts of the caller's import, or gives the one with the hash the caller computed",
	"ProtectRecord": "returns only an error",
	"SaveLinkage":   "sets the ID and time of the caller's run",
	"AddDecision":   "sets the ID and time of the caller's decision",
	"UndoDecision":  "returns only an error",
	"SaveEstimate":  "sets the ID and hash of the caller's estimate",
	"AddCorrection": "sets the ID, status and time of the caller's report",
	"CreateUser":    "sets the ID and time of the caller's user",
	// Tracing requests (issue 16): writes pass; their reads need
	// reckon.WithTraceContacts (see testTraceRedact).
	"CreateTraceRequest":   "sets the ID, status and times of the caller's request",
	"SetTraceStatus":       "returns only an error",
	"WithdrawTraceRequest": "returns only an error",
	"AddTraceCandidates":   "returns those of the caller's candidates that were new",
	"DecideTraceCandidate": "returns the decided candidate, its explanation (records' values) only to a context that sees trace contacts",
	"AddNotice":            "sets the ID and times of the caller's notice",
	"MarkNotice":           "returns only an error",
	"UpdateUser":           "returns only an error",
	"EndSessions":          "returns only an error",
	"CreateToken":          "sets the ID and time of the caller's token",
	"RevokeToken":          "returns only an error",
	"Import":               "loads the caller's snapshot into an empty store",
	"CreateRelease":        "sets the ID and hashes of the caller's release, built from the public view",
	"Close":                "returns only an error",
}

// testRedactView calls every read of the Redact view of a store holding
// marker values in sensitive fields, embargoed records, reasons, import
// hashes, link diagnostics and estimate inputs: the public gets none of
// them, the full view all. Every method of reckon.Store must be either
// in the table of reads below or in redactWrites, so that a method added
// to the interface fails here until someone decides what the view shows.
func testRedactView(t *testing.T, s reckon.Store) {
	ids := redactFixture(t, s)
	pub := reckon.Redact(s)
	reads := map[string]func(ctx context.Context) (any, error){
		"Source":       func(ctx context.Context) (any, error) { return pub.Source(ctx, ids.source) },
		"SourceByName": func(ctx context.Context) (any, error) { return pub.SourceByName(ctx, "Yonhap") },
		"Sources":      func(ctx context.Context) (any, error) { return pub.Sources(ctx) },
		"Document":     func(ctx context.Context) (any, error) { return pub.Document(ctx, ids.document) },
		"Documents":    func(ctx context.Context) (any, error) { return pub.Documents(ctx, reckon.DocumentFilter{}) },
		"DocumentText": func(ctx context.Context) (any, error) { return pub.DocumentText(ctx, ids.document, 0, 1000) },
		"Claim":        func(ctx context.Context) (any, error) { return pub.Claim(ctx, ids.claim) },
		"Claims":       func(ctx context.Context) (any, error) { return pub.Claims(ctx, reckon.ClaimFilter{}) },
		"Reviews":      func(ctx context.Context) (any, error) { return pub.Reviews(ctx, ids.claim) },
		"Records": func(ctx context.Context) (any, error) {
			var out []any
			for _, f := range []reckon.RecordFilter{{}, {List: "kcna"}, {Embargoed: true}, {List: "kcna", RecordID: markEmbID},
				{Limit: 1}, {Limit: 1, AfterID: ids.plain}, {List: markEmbList}} {
				rs, err := pub.Records(ctx, f)
				if err != nil {
					return nil, err
				}
				out = append(out, rs)
			}
			return out, nil
		},
		"Imports": func(ctx context.Context) (any, error) { return pub.Imports(ctx) },
		"Person": func(ctx context.Context) (any, error) {
			var out []any
			for _, id := range []int64{ids.person, ids.person - 1} {
				p, err := pub.Person(ctx, id)
				out = append(out, p, errText(err))
			}
			return out, nil
		},
		"PersonOfRecord": func(ctx context.Context) (any, error) {
			var out []any
			for _, id := range []int64{ids.open, ids.emb, ids.onlyListed, ids.other} {
				p, err := pub.PersonOfRecord(ctx, id)
				out = append(out, p, errText(err))
			}
			return out, nil
		},
		"RecordsWithPersons": func(ctx context.Context) (any, error) {
			rs, ps, err := pub.RecordsWithPersons(ctx, []int64{ids.open, ids.plain, ids.emb, ids.onlyListed, ids.other})
			return []any{rs, ps}, err
		},
		"Persons": func(ctx context.Context) (any, error) {
			var out []any
			for _, f := range []reckon.PersonFilter{{}, {List: "kcna"}, {List: markEmbList}, {IDs: []int64{ids.person}},
				{IDs: []int64{ids.person}, List: markEmbList}, {Limit: 1}, {Limit: 1, List: markEmbList}} {
				ps, err := pub.Persons(ctx, f)
				if err != nil {
					return nil, err
				}
				// Which persons a filter selects is what leaks: the
				// public must not see the list's name in a person found
				// by it.
				found := []any{}
				for _, p := range ps {
					found = append(found, p)
					if f.List != "" {
						found = append(found, "found by list "+f.List)
					}
				}
				out = append(out, found)
			}
			return out, nil
		},
		"Matches":      func(ctx context.Context) (any, error) { return pub.Matches(ctx, 0, 1, 0) },
		"LinkRuns":     func(ctx context.Context) (any, error) { return pub.LinkRuns(ctx) },
		"Decisions":    func(ctx context.Context) (any, error) { return pub.Decisions(ctx) },
		"Estimate":     func(ctx context.Context) (any, error) { return pub.Estimate(ctx, ids.estimate) },
		"Estimates":    func(ctx context.Context) (any, error) { return pub.Estimates(ctx, reckon.EstimateFilter{}) },
		"UserByName":   func(ctx context.Context) (any, error) { return pub.UserByName(ctx, "ana") },
		"Users":        func(ctx context.Context) (any, error) { return pub.Users(ctx) },
		"PasswordHash": func(ctx context.Context) (any, error) { return pub.PasswordHash(ctx, ids.user) },
		"TokenUser": func(ctx context.Context) (any, error) {
			tk, u, err := pub.TokenUser(ctx, "tokenhash")
			return []any{tk, u}, err
		},
		"Tokens":      func(ctx context.Context) (any, error) { return pub.Tokens(ctx, ids.user) },
		"Correction":  func(ctx context.Context) (any, error) { return pub.Correction(ctx, ids.correction) },
		"Corrections": func(ctx context.Context) (any, error) { return pub.Corrections(ctx, reckon.CorrectionFilter{}) },
		// Resolving returns the report, contact and all: it is refused
		// to the public view (and succeeds, once, for the full one).
		"ResolveCorrection": func(ctx context.Context) (any, error) {
			return pub.ResolveCorrection(ctx, ids.correction, &reckon.Resolution{Status: reckon.CorrectionAccepted, By: "ana", Note: "done"})
		},
		"Events":      func(ctx context.Context) (any, error) { return pub.Events(ctx, reckon.EventFilter{}) },
		"VerifyAudit": func(ctx context.Context) (any, error) { return pub.VerifyAudit(ctx) },
		// Tracing requests are refused to every context here (neither
		// sees trace contacts): what the refusal says is checked.
		"TraceRequest": func(ctx context.Context) (any, error) {
			tr, err := pub.TraceRequest(ctx, 1)
			return []any{tr, errText(err)}, nil
		},
		"TraceRequests": func(ctx context.Context) (any, error) {
			ts, err := pub.TraceRequests(ctx, reckon.TraceFilter{})
			return []any{ts, errText(err)}, nil
		},
		"TraceCandidates": func(ctx context.Context) (any, error) {
			cs, err := pub.TraceCandidates(ctx, reckon.CandidateFilter{})
			return []any{cs, errText(err)}, nil
		},
		"Notices": func(ctx context.Context) (any, error) {
			ns, err := pub.Notices(ctx, false, time.Time{})
			return []any{ns, errText(err)}, nil
		},
		"Releases": func(ctx context.Context) (any, error) { return pub.Releases(ctx) },
		"Release":  func(ctx context.Context) (any, error) { return pub.Release(ctx, "2026.1") },
		"ReleaseFile": func(ctx context.Context) (any, error) {
			r, err := pub.Release(ctx, "2026.1")
			if err != nil {
				return nil, err
			}
			var out []string // the files' bytes as text, to find the markers in
			for _, f := range r.Files {
				rf, err := pub.ReleaseFile(ctx, "2026.1", f.Name)
				if err != nil {
					return nil, err
				}
				out = append(out, string(rf.Data))
			}
			return out, nil
		},
		"Export": func(ctx context.Context) (any, error) {
			var b bytes.Buffer
			err := pub.Export(ctx, &b)
			return b.String(), err
		},
	}
	// Every method of the interface is decided.
	st := reflect.TypeFor[reckon.Store]()
	for i := range st.NumMethod() {
		m := st.Method(i).Name
		_, read := reads[m]
		_, write := redactWrites[m]
		if read == write {
			t.Errorf("reckon.Store.%s: the redacted view's test must call it as a read or name it a write (read %v, write %v)", m, read, write)
		}
	}

	ctx := context.Background()
	full := reckon.WithPersonalData(ctx)
	seen := map[string]bool{}
	names := make([]string, 0, len(reads))
	for m := range reads {
		names = append(names, m)
	}
	slices.Sort(names)
	for _, m := range names {
		call := reads[m]
		v, err := call(ctx)
		out := dump(v) + errText(err)
		for _, mk := range redactMarkers {
			if strings.Contains(out, mk) {
				t.Errorf("public %s shows %q: %.400s", m, mk, out)
			}
		}
		v, err = call(full)
		if err != nil {
			t.Errorf("full %s: %v", m, err)
		}
		out = dump(v)
		for _, mk := range redactMarkers {
			if strings.Contains(out, mk) {
				seen[mk] = true
			}
		}
	}
	for _, mk := range redactMarkers {
		if !seen[mk] {
			t.Errorf("%q is shown by no read of the full view: the fixture does not test it", mk)
		}
	}
}

func dump(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprintf("%+v", v)
	}
	return string(b)
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// testProtectionWatch checks that every change of a record's protection
// moves the mark of a reckon.ProtectionWatch, and nothing else does.
func testProtectionWatch(t *testing.T, s reckon.Store) {
	ctx := context.Background()
	var w reckon.ProtectionWatch
	mark := func() int64 {
		t.Helper()
		m, err := w.Mark(ctx, reckon.Redact(s)) // through the view, as the server reads it
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	if m := mark(); m != 0 {
		t.Errorf("mark of an empty store = %d, want 0", m)
	}
	r := &reckon.Record{RecordID: "1", List: "kcna", FamilyName: "Kim"}
	if _, err := s.ImportRecords(ctx, &reckon.Import{Hash: "w1"}, records(r)); err != nil {
		t.Fatal(err)
	}
	mustSource(t, s, "Yonhap")
	m0 := mark()
	if m0 != 0 {
		t.Errorf("mark after an import and a source = %d, want 0: only protection changes count", m0)
	}
	last := m0
	for i, p := range []struct {
		sensitive []string
		embargoed bool
	}{{[]string{"family_name"}, false}, {nil, true}, {nil, false}} {
		if err := s.ProtectRecord(ctx, r.Key(), p.sensitive, p.embargoed); err != nil {
			t.Fatal(err)
		}
		if m := mark(); m <= last {
			t.Errorf("change %d: mark %d, want more than %d", i, m, last)
		} else {
			last = m
		}
		if m := mark(); m != last {
			t.Errorf("change %d: mark moved to %d without a change", i, m)
		}
	}
}
