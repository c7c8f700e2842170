package storetest

import (
	"bytes"
	"context"
	"errors"
	"io"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/snapshot"
)

// testFailuresNamed closes the store and calls each method: every failure
// of the database is an internal error that names the store and the
// operation, such as "sqlite: save estimate: sql: database is closed", so
// that a log says what failed (issue 12: 139 of sqlite's error returns
// were bare). Calls pass valid input, so that each reaches the database.
func testFailuresNamed(t *testing.T, s reckon.Store) {
	ctx := context.Background()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	src := &reckon.Source{Name: "KCNA", Kind: reckon.KindStateMedia}
	chunk := func(yield func(reckon.Chunk, error) bool) { yield(reckon.Chunk{Text: "Text."}, nil) }
	rec := func(yield func(*reckon.Record, error) bool) { yield(&reckon.Record{List: "l", RecordID: "1"}, nil) }
	key := reckon.RecordKey{List: "l", RecordID: "1"}
	est := &reckon.Estimate{Measure: reckon.Killed, Method: "minimum", Observed: 1, NHat: 1, Lower: 1, Upper: 1, Input: "a,count\n1,1\n"}
	user := &reckon.User{Name: "ana", Role: reckon.RoleAdmin}
	var b bytes.Buffer
	sw, err := snapshot.NewWriter(&b)
	if err != nil {
		t.Fatal(err)
	}
	for _, tb := range snapshot.Tables {
		if err := sw.Begin(tb.Name); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.Close(); err != nil {
		t.Fatal(err)
	}
	empty := b.Bytes()
	calls := []struct {
		method string
		op     string // what the error names after the store
		call   func() error
	}{
		{"CreateSource", "create source", func() error { return s.CreateSource(ctx, src) }},
		{"Source", "source 1", func() error { _, err := s.Source(ctx, 1); return err }},
		{"SourceByName", "source by name", func() error { _, err := s.SourceByName(ctx, "KCNA"); return err }},
		{"Sources", "sources", func() error { _, err := s.Sources(ctx); return err }},
		{"UpdateSource", "update source 1", func() error {
			return s.UpdateSource(ctx, &reckon.Source{ID: 1, Name: "KCNA", Kind: reckon.KindStateMedia})
		}},
		{"AddDocument", "add document", func() error {
			_, err := s.AddDocument(ctx, &reckon.Document{SourceID: 1, Title: "t"}, chunk)
			return err
		}},
		{"Document", "document 1", func() error { _, err := s.Document(ctx, 1); return err }},
		{"Documents", "documents", func() error { _, err := s.Documents(ctx, reckon.DocumentFilter{}); return err }},
		{"DocumentText", "document 1 text", func() error { _, err := s.DocumentText(ctx, 1, 0, 4); return err }},
		{"Claim", "claim 1", func() error { _, err := s.Claim(ctx, 1); return err }},
		{"Claims", "claims", func() error { _, err := s.Claims(ctx, reckon.ClaimFilter{}); return err }},
		{"ReviewClaim", "review claim 1", func() error {
			_, err := s.ReviewClaim(ctx, 1, &reckon.Review{Action: reckon.ActionConfirm, By: "ana"}, nil)
			return err
		}},
		{"Reviews", "reviews of claim 1", func() error { _, err := s.Reviews(ctx, 1); return err }},
		{"AddClaim", "add claim", func() error {
			c := &reckon.Claim{DocumentID: 1, Measure: reckon.Killed, Qualifier: reckon.Exact, Interval: reckon.Closed(3, 3), Start: 0, End: 4}
			return s.AddClaim(ctx, c, &reckon.Review{By: "ana"})
		}},
		{"ImportRecords", "import records", func() error {
			_, err := s.ImportRecords(ctx, &reckon.Import{SourceID: 1, List: "l", File: "l.csv", Hash: "h"}, rec)
			return err
		}},
		{"Records", "records", func() error { _, err := s.Records(ctx, reckon.RecordFilter{}); return err }},
		{"Imports", "imports", func() error { _, err := s.Imports(ctx); return err }},
		{"ProtectRecord", "protect record l/1", func() error { return s.ProtectRecord(ctx, key, []string{"contact"}, false) }},
		{"SaveLinkage", "save linkage", func() error { return s.SaveLinkage(ctx, &reckon.LinkRun{}, [][]int64{{1}}, nil) }},
		{"Person", "person 1", func() error { _, err := s.Person(ctx, 1); return err }},
		{"PersonOfRecord", "person of record 1", func() error { _, err := s.PersonOfRecord(ctx, 1); return err }},
		{"RecordsWithPersons", "records with persons", func() error { _, _, err := s.RecordsWithPersons(ctx, []int64{1}); return err }},
		{"Persons", "persons", func() error { _, err := s.Persons(ctx, reckon.PersonFilter{}); return err }},
		{"Matches", "matches", func() error { _, err := s.Matches(ctx, 0, 1, 10); return err }},
		{"LinkRuns", "link runs", func() error { _, err := s.LinkRuns(ctx); return err }},
		{"AddDecision", "add decision", func() error {
			return s.AddDecision(ctx, &reckon.Decision{A: key, B: reckon.RecordKey{List: "m", RecordID: "1"}, Same: true, By: "ana"})
		}},
		{"Decisions", "decisions", func() error { _, err := s.Decisions(ctx); return err }},
		{"UndoDecision", "undo decision 1", func() error { return s.UndoDecision(ctx, 1) }},
		{"SaveEstimate", "save estimate", func() error { return s.SaveEstimate(ctx, est) }},
		{"Estimate", "estimate 1", func() error { _, err := s.Estimate(ctx, 1); return err }},
		{"Estimates", "estimates", func() error { _, err := s.Estimates(ctx, reckon.EstimateFilter{}); return err }},
		{"Export", "export", func() error { return s.Export(ctx, io.Discard) }},
		{"Import", "import snapshot", func() error { return s.Import(ctx, bytes.NewReader(empty)) }},
		{"Events", "events", func() error { _, err := s.Events(ctx, reckon.EventFilter{}); return err }},
		{"VerifyAudit", "verify audit", func() error { _, err := s.VerifyAudit(ctx); return err }},
		{"CreateUser", "create user", func() error { return s.CreateUser(ctx, user, "hash") }},
		{"UserByName", "user by name", func() error { _, err := s.UserByName(ctx, "ana"); return err }},
		{"Users", "users", func() error { _, err := s.Users(ctx); return err }},
		{"PasswordHash", "password hash of user 1", func() error { _, err := s.PasswordHash(ctx, 1); return err }},
		{"UpdateUser", "update user", func() error { return s.UpdateUser(ctx, &reckon.User{ID: 1, Name: "ana", Role: reckon.RoleAdmin}, "") }},
		{"EndSessions", "end sessions of user 1", func() error { return s.EndSessions(ctx, 1) }},
		{"CreateToken", "create token", func() error { return s.CreateToken(ctx, &reckon.Token{UserID: 1, Name: "ci"}, "secret-hash") }},
		{"TokenUser", "token user", func() error { _, _, err := s.TokenUser(ctx, "secret-hash"); return err }},
		{"Tokens", "tokens of user 1", func() error { _, err := s.Tokens(ctx, 1); return err }},
		{"RevokeToken", "revoke token 1", func() error { return s.RevokeToken(ctx, 1) }},
		{"CreateRelease", `create release "2026.9"`, func() error {
			return s.CreateRelease(ctx, &reckon.Release{Name: "2026.9"}, releaseFiles())
		}},
		{"Release", `release "2026.9"`, func() error { _, err := s.Release(ctx, "2026.9"); return err }},
		{"Releases", "releases", func() error { _, err := s.Releases(ctx); return err }},
		{"ReleaseFile", `release "2026.9" file "notes.md"`, func() error { _, err := s.ReleaseFile(ctx, "2026.9", "notes.md"); return err }},
		{"CreateTraceRequest", "create trace request", func() error { return s.CreateTraceRequest(ctx, newTrace()) }},
		{"TraceRequest", "trace request 1", func() error { _, err := s.TraceRequest(ctx, 1); return err }},
		{"TraceRequests", "trace requests", func() error { _, err := s.TraceRequests(ctx, reckon.TraceFilter{}); return err }},
		{"SetTraceStatus", "set trace request 1 closed", func() error { return s.SetTraceStatus(ctx, 1, reckon.TraceClosed, "done") }},
		{"WithdrawTraceRequest", "withdraw trace request 1", func() error { return s.WithdrawTraceRequest(ctx, 1, "asked") }},
		{"AddTraceCandidates", "add candidates of trace request 1", func() error {
			_, err := s.AddTraceCandidates(ctx, 1, []*reckon.TraceCandidate{{RecordID: 1, Probability: 0.5}})
			return err
		}},
		{"TraceCandidates", "trace candidates", func() error { _, err := s.TraceCandidates(ctx, reckon.CandidateFilter{}); return err }},
		{"DecideTraceCandidate", "decide candidate record 1 of trace request 1", func() error {
			_, err := s.DecideTraceCandidate(ctx, 1, 1, true, "same")
			return err
		}},
		{"AddNotice", "add notice of trace request 1", func() error {
			return s.AddNotice(ctx, &reckon.Notice{RequestID: 1, Channel: "smtp", To: "t@example.org", Subject: "s"})
		}},
		{"Notices", "notices", func() error { _, err := s.Notices(ctx, false, time.Time{}); return err }},
		{"MarkNotice", "mark notice 1", func() error { return s.MarkNotice(ctx, 1, true, "", time.Time{}) }},
		{"AddCorrection", "add correction", func() error {
			return s.AddCorrection(ctx, &reckon.Correction{Record: key, Kind: reckon.CorrectionFix, Text: "wrong unit"})
		}},
		{"Correction", "correction 1", func() error { _, err := s.Correction(ctx, 1); return err }},
		{"Corrections", "corrections", func() error { _, err := s.Corrections(ctx, reckon.CorrectionFilter{}); return err }},
		{"ResolveCorrection", "resolve correction 1", func() error {
			_, err := s.ResolveCorrection(ctx, 1, &reckon.Resolution{Status: reckon.CorrectionAccepted, By: "ana", Note: "done"})
			return err
		}},
	}
	// Every method of the interface is called above: a method added to
	// reckon.Store needs a row here.
	called := map[string]bool{}
	for _, c := range calls {
		called[c.method] = true
	}
	st := reflect.TypeFor[reckon.Store]()
	for i := range st.NumMethod() {
		if m := st.Method(i).Name; m != "Close" && !called[m] {
			t.Errorf("no call of %s on a closed store: add one", m)
		}
	}
	for _, c := range calls {
		err := c.call()
		want := regexp.MustCompile(`^[a-z]+: ` + regexp.QuoteMeta(c.op) + `: \S`)
		if reckon.ErrorCode(err) != reckon.EINTERNAL || !want.MatchString(err.Error()) || strings.Count(err.Error(), ": database is closed")+strings.Count(err.Error(), ": closed pool") > 1 ||
			len(regexp.MustCompile(`\b(sqlite|postgres): `).FindAllString(err.Error(), -1)) > 1 {
			t.Errorf("%s on a closed store: %v (%s), want an internal error %q", c.op, err, reckon.ErrorCode(err), "STORE: "+c.op+": CAUSE")
		}
		if err != nil && strings.Contains(err.Error(), "secret-hash") {
			t.Errorf("%s: the error shows the token's hash: %v", c.op, err)
		}
	}
}

// testInputErrorsKept: an error that the caller's stream of records or
// chunks yields is the caller's to word (a file's line and field), and
// comes back as it was, not named as a failure of the store.
func testInputErrorsKept(t *testing.T, s reckon.Store) {
	ctx := context.Background()
	src := mustSource(t, s, "KCNA")
	bad := errors.New("../bad.csv line 3: wrong number of fields (compare with the header)")
	recs := func(yield func(*reckon.Record, error) bool) {
		if yield(&reckon.Record{List: "l", RecordID: "1"}, nil) {
			yield(nil, bad)
		}
	}
	_, err := s.ImportRecords(ctx, &reckon.Import{SourceID: src.ID, List: "l", File: "bad.csv", Hash: "h"}, recs)
	if !errors.Is(err, bad) || err.Error() != bad.Error() {
		t.Errorf("ImportRecords: %v, want %v as it was", err, bad)
	}
	chunks := func(yield func(reckon.Chunk, error) bool) {
		if yield(reckon.Chunk{Text: "Text. "}, nil) {
			yield(reckon.Chunk{}, bad)
		}
	}
	_, err = s.AddDocument(ctx, &reckon.Document{SourceID: src.ID, Title: "t"}, chunks)
	if !errors.Is(err, bad) || err.Error() != bad.Error() {
		t.Errorf("AddDocument: %v, want %v as it was", err, bad)
	}
}
