// Package storetest is the one contract suite that every [reckon.Store]
// implementation runs: the embedded SQLite store and, later, PostgreSQL.
package storetest

import (
	"context"
	"errors"
	"iter"
	"strings"
	"testing"

	"github.com/reckonhq/reckon"
)

// Run runs the suite. open returns a new, empty store for each subtest;
// the suite closes it.
func Run(t *testing.T, open func(t testing.TB) reckon.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s reckon.Store)
	}{
		{"Sources", testSources},
		{"AddDocument", testAddDocument},
		{"AddDocumentDuplicate", testAddDocumentDuplicate},
		{"AddDocumentAtomic", testAddDocumentAtomic},
		{"DocumentLang", testDocumentLang},
		{"DocumentText", testDocumentText},
		{"Claims", testClaims},
		{"ReviewClaim", testReviewClaim},
		{"ClaimVersion", testClaimVersion},
		{"ClaimScope", testClaimScope},
		{"ClaimEditAll", testClaimEditAll},
		{"AddClaim", testAddClaim},
		{"MergeClaims", testMergeClaims},
		{"ImportRecords", testImportRecords},
		{"RecordsByList", testRecordsByList},
		{"ImportList", testImportList},
		{"Linkage", testLinkage},
		{"Decisions", testDecisions},
		{"RecordsWithPersons", testRecordsWithPersons},
		{"PersonsByID", testPersonsByID},
		{"Estimates", testEstimates},
		{"Audit", testAudit},
		{"Users", testUsers},
		{"SessionGen", testSessionGen},
		{"LastAdmin", testLastAdmin},
		{"LastAdminRace", testLastAdminRace},
		{"ConfusableUserNames", testConfusableUserNames},
		{"Privacy", testPrivacy},
		{"RedactView", testRedactView},
		{"ProtectionWatch", testProtectionWatch},
		{"FailuresNamed", testFailuresNamed},
		{"InputErrorsKept", testInputErrorsKept},
		{"Releases", testReleases},
		{"TraceRequests", testTraceRequests},
		{"TraceCandidates", testTraceCandidates},
		{"TraceNotices", testTraceNotices},
		{"TraceWithdraw", testTraceWithdraw},
		{"TraceRedact", testTraceRedact},
		{"Corrections", testCorrections},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := open(t)
			defer s.Close()
			tt.fn(t, s)
		})
	}
}

func wantCode(t testing.TB, err error, code string) {
	t.Helper()
	if got := reckon.ErrorCode(err); got != code {
		t.Fatalf("error %v: code %q, want %q", err, got, code)
	}
}

func mustSource(t testing.TB, s reckon.Store, name string) *reckon.Source {
	t.Helper()
	g, _ := reckon.ParseGrade("B2")
	src := &reckon.Source{Name: name, Kind: reckon.KindMedia, Grade: g}
	if err := s.CreateSource(context.Background(), src); err != nil {
		t.Fatal(err)
	}
	return src
}

// chunks splits text into pieces of at most size bytes, attaching claims
// to the chunk holding their start.
func chunks(text string, size int, claims []reckon.Claim) iter.Seq2[reckon.Chunk, error] {
	return func(yield func(reckon.Chunk, error) bool) {
		for off := 0; off < len(text); off += size {
			end := min(off+size, len(text))
			c := reckon.Chunk{Offset: int64(off), Text: text[off:end]}
			for _, cl := range claims {
				if cl.Start >= off && cl.Start < end {
					c.Claims = append(c.Claims, cl)
				}
			}
			if !yield(c, nil) {
				return
			}
		}
	}
}

func claimAt(text, span string, m reckon.Measure, iv reckon.Interval, q reckon.Qualifier) reckon.Claim {
	i := strings.Index(text, span)
	return reckon.Claim{Measure: m, Qualifier: q, Interval: iv, Span: span, Start: i, End: i + len(span),
		Attribution: "officials", ExtractorVersion: "test", Stated: []float64{1}, Why: []string{"test"}}
}

const text = "Officials said at least 300 soldiers were killed and about 2,000 wounded. Thousands more are missing."

func addDoc(t testing.TB, s reckon.Store, src *reckon.Source, text string, claims ...reckon.Claim) *reckon.Document {
	t.Helper()
	d := &reckon.Document{SourceID: src.ID, Title: "t", URL: "https://example.org/a"}
	created, err := s.AddDocument(context.Background(), d, chunks(text, 16, claims))
	if err != nil || !created {
		t.Fatalf("AddDocument: created %v, err %v", created, err)
	}
	return d
}

func testSources(t *testing.T, s reckon.Store) {
	ctx := context.Background()
	a := mustSource(t, s, "Yonhap")
	mustSource(t, s, "KCNA")
	if a.ID == 0 || a.CreatedAt.IsZero() {
		t.Fatalf("CreateSource did not set ID and CreatedAt: %+v", a)
	}
	wantCode(t, s.CreateSource(ctx, &reckon.Source{Name: "Yonhap", Kind: reckon.KindMedia}), reckon.ECONFLICT)
	wantCode(t, s.CreateSource(ctx, &reckon.Source{Name: "", Kind: reckon.KindMedia}), reckon.EINVALID)
	wantCode(t, s.CreateSource(ctx, &reckon.Source{Name: "x", Kind: "blog"}), reckon.EINVALID)

	got, err := s.SourceByName(ctx, "Yonhap")
	if err != nil || got.ID != a.ID || got.Grade.String() != "B2" || got.Kind != reckon.KindMedia {
		t.Fatalf("SourceByName = %+v, %v", got, err)
	}
	_, err = s.SourceByName(ctx, "nobody")
	wantCode(t, err, reckon.ENOTFOUND)
	_, err = s.Source(ctx, 999)
	wantCode(t, err, reckon.ENOTFOUND)
	all, err := s.Sources(ctx)
	if err != nil || len(all) != 2 || all[0].Name != "KCNA" {
		t.Fatalf("Sources = %v, %v; want KCNA first of 2", all, err)
	}

	// A source graded again (issue 15): kind, grade, URL and note change,
	// the name stays, and the audit log keeps both.
	c3, _ := reckon.ParseGrade("C3")
	up := &reckon.Source{ID: a.ID, Name: "renamed", Kind: reckon.KindStateMedia, Grade: c3, URL: "https://example.org/y", Note: "regraded"}
	if err := s.UpdateSource(reckon.WithActor(ctx, "ana"), up); err != nil {
		t.Fatalf("UpdateSource: %v", err)
	}
	got, err = s.Source(ctx, a.ID)
	if err != nil || got.Name != "Yonhap" || got.Grade.String() != "C3" || got.Kind != reckon.KindStateMedia || got.URL != "https://example.org/y" || got.Note != "regraded" || !got.CreatedAt.Equal(a.CreatedAt) {
		t.Fatalf("after UpdateSource: %+v, %v", got, err)
	}
	if up.Name != "Yonhap" {
		t.Errorf("UpdateSource left the name %q in its argument", up.Name)
	}
	evs, err := s.Events(ctx, reckon.EventFilter{})
	if err != nil || len(evs) == 0 || evs[len(evs)-1].Action != "source.update" || evs[len(evs)-1].Actor != "ana" ||
		!strings.Contains(evs[len(evs)-1].Before, "B2") || !strings.Contains(evs[len(evs)-1].After, "C3") {
		t.Errorf("audit after UpdateSource: %+v, %v", evs, err)
	}
	wantCode(t, s.UpdateSource(ctx, &reckon.Source{ID: 999, Kind: reckon.KindMedia}), reckon.ENOTFOUND)
	wantCode(t, s.UpdateSource(ctx, &reckon.Source{ID: a.ID, Kind: "blog"}), reckon.EINVALID)
}

func testAddDocument(t *testing.T, s reckon.Store) {
	ctx := context.Background()
	src := mustSource(t, s, "Yonhap")
	c1 := claimAt(text, "at least 300", reckon.Killed, reckon.From(300), reckon.AtLeast)
	c2 := claimAt(text, "Thousands", reckon.Missing, reckon.Closed(2000, 9999), reckon.Vague)
	d := addDoc(t, s, src, text, c1, c2)
	if d.ID == 0 || d.Size != int64(len(text)) || d.Claims != 2 || len(d.Hash) != 64 {
		t.Fatalf("document after add: %+v", d)
	}
	got, err := s.Document(ctx, d.ID)
	if err != nil || got.Hash != d.Hash || got.Claims != 2 || got.SourceID != src.ID {
		t.Fatalf("Document = %+v, %v", got, err)
	}
	claims, err := s.Claims(ctx, reckon.ClaimFilter{DocumentID: d.ID})
	if err != nil || len(claims) != 2 {
		t.Fatalf("Claims = %v, %v", claims, err)
	}
	c := claims[0]
	if c.Span != "at least 300" || c.Status != reckon.StatusExtracted || !c.Interval.Equal(reckon.From(300)) ||
		c.Attribution != "officials" || c.ExtractorVersion != "test" || len(c.Why) != 1 || c.DocumentID != d.ID {
		t.Fatalf("claim round trip: %+v", c)
	}
	span, err := s.DocumentText(ctx, d.ID, int64(c.Start), int64(c.End))
	if err != nil || span != c.Span {
		t.Fatalf("DocumentText(span) = %q, %v; want %q", span, err, c.Span)
	}
	if _, err := s.AddDocument(ctx, &reckon.Document{SourceID: 999}, chunks("x", 4, nil)); reckon.ErrorCode(err) != reckon.ENOTFOUND {
		t.Fatalf("AddDocument with unknown source: %v, want not found", err)
	}
	_, err = s.Document(ctx, 999)
	wantCode(t, err, reckon.ENOTFOUND)
	docs, err := s.Documents(ctx, reckon.DocumentFilter{})
	if err != nil || len(docs) != 1 {
		t.Fatalf("Documents = %v, %v", docs, err)
	}
}

// testDocumentLang: a document keeps the language its claims were read
// in, from the caller or from its chunks (issue 13).
func testDocumentLang(t *testing.T, s reckon.Store) {
	ctx := context.Background()
	src := mustSource(t, s, "Yonhap")
	inLang := func(text, lang string) iter.Seq2[reckon.Chunk, error] {
		return func(yield func(reckon.Chunk, error) bool) {
			for c, err := range chunks(text, 8, nil) {
				c.Lang = lang
				if !yield(c, err) {
					return
				}
			}
		}
	}
	ko := &reckon.Document{SourceID: src.ID}
	if _, err := s.AddDocument(ctx, ko, inLang("국정원은 600여 명이라고 밝혔다.", "ko")); err != nil {
		t.Fatal(err)
	}
	en := &reckon.Document{SourceID: src.ID, Lang: "en"}
	if _, err := s.AddDocument(ctx, en, inLang(text, "")); err != nil {
		t.Fatal(err)
	}
	old := &reckon.Document{SourceID: src.ID}
	if _, err := s.AddDocument(ctx, old, inLang("no language", "")); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		d    *reckon.Document
		want string
	}{{ko, "ko"}, {en, "en"}, {old, ""}} {
		if tc.d.Lang != tc.want {
			t.Errorf("AddDocument set Lang %q, want %q", tc.d.Lang, tc.want)
		}
		got, err := s.Document(ctx, tc.d.ID)
		if err != nil || got.Lang != tc.want {
			t.Errorf("Document(%d).Lang = %q, %v; want %q", tc.d.ID, got.Lang, err, tc.want)
		}
	}
	docs, err := s.Documents(ctx, reckon.DocumentFilter{})
	if err != nil || len(docs) != 3 || docs[0].Lang != "ko" || docs[1].Lang != "en" {
		t.Fatalf("Documents = %v, %v; want ko, en, \"\"", docs, err)
	}
	again := &reckon.Document{SourceID: src.ID}
	if created, err := s.AddDocument(ctx, again, inLang(text, "ko")); err != nil || created || again.Lang != "en" {
		t.Fatalf("re-adding: created %v, err %v, Lang %q; want the first document, en", created, err, again.Lang)
	}
	_, err = s.AddDocument(ctx, &reckon.Document{SourceID: src.ID, Lang: "Korean; DROP"}, inLang("x", ""))
	wantCode(t, err, reckon.EINVALID)
}

func testAddDocumentDuplicate(t *testing.T, s reckon.Store) {
	ctx := context.Background()
	src := mustSource(t, s, "Yonhap")
	first := addDoc(t, s, src, text, claimAt(text, "at least 300", reckon.Killed, reckon.From(300), reckon.AtLeast))
	d := &reckon.Document{SourceID: src.ID, Title: "again"}
	created, err := s.AddDocument(ctx, d, chunks(text, 7, nil))
	if err != nil || created {
		t.Fatalf("re-adding: created %v, err %v; want a no-op", created, err)
	}
	if d.ID != first.ID || d.Title != "t" {
		t.Fatalf("re-adding returned %+v, want the first document", d)
	}
	claims, _ := s.Claims(ctx, reckon.ClaimFilter{})
	docs, _ := s.Documents(ctx, reckon.DocumentFilter{})
	if len(claims) != 1 || len(docs) != 1 {
		t.Fatalf("after re-adding: %d documents, %d claims; want 1, 1", len(docs), len(claims))
	}
}

func testAddDocumentAtomic(t *testing.T, s reckon.Store) {
	ctx := context.Background()
	src := mustSource(t, s, "Yonhap")
	boom := errors.New("disk on fire")
	failing := func(yield func(reckon.Chunk, error) bool) {
		if !yield(reckon.Chunk{Offset: 0, Text: "Officials said 300 were killed. ",
			Claims: []reckon.Claim{claimAt("Officials said 300 were killed. ", "300", reckon.Killed, reckon.Closed(300, 300), reckon.Exact)}}, nil) {
			return
		}
		yield(reckon.Chunk{}, boom)
	}
	if _, err := s.AddDocument(ctx, &reckon.Document{SourceID: src.ID}, failing); !errors.Is(err, boom) {
		t.Fatalf("AddDocument = %v, want %v", err, boom)
	}
	cctx, cancel := context.WithCancel(ctx)
	cancelling := func(yield func(reckon.Chunk, error) bool) {
		if yield(reckon.Chunk{Offset: 0, Text: "first "}, nil) {
			cancel()
			yield(reckon.Chunk{Offset: 6, Text: "second"}, nil)
		}
	}
	if _, err := s.AddDocument(cctx, &reckon.Document{SourceID: src.ID}, cancelling); err == nil {
		t.Fatal("AddDocument with a cancelled context succeeded")
	}
	bad := claimAt(text, "at least 300", reckon.Killed, reckon.Closed(9, 1), reckon.AtLeast)
	if _, err := s.AddDocument(ctx, &reckon.Document{SourceID: src.ID}, chunks(text, 1000, []reckon.Claim{bad})); reckon.ErrorCode(err) != reckon.EINVALID {
		t.Fatalf("AddDocument with low > high: %v, want invalid", err)
	}
	docs, _ := s.Documents(ctx, reckon.DocumentFilter{})
	claims, _ := s.Claims(ctx, reckon.ClaimFilter{})
	if len(docs) != 0 || len(claims) != 0 {
		t.Fatalf("failed adds left %d documents and %d claims behind", len(docs), len(claims))
	}
	// The same text then adds normally: nothing of the failures remains.
	addDoc(t, s, src, "Officials said 300 were killed. second")
}

func testDocumentText(t *testing.T, s reckon.Store) {
	ctx := context.Background()
	src := mustSource(t, s, "Yonhap")
	d := addDoc(t, s, src, text)
	for _, r := range [][2]int{{0, 0}, {0, 5}, {10, 40}, {15, 17}, {16, 32}, {0, len(text)}, {50, len(text) + 100}} {
		got, err := s.DocumentText(ctx, d.ID, int64(r[0]), int64(r[1]))
		want := text[r[0]:min(r[1], len(text))]
		if err != nil || got != want {
			t.Errorf("DocumentText(%d, %d) = %q, %v; want %q", r[0], r[1], got, err, want)
		}
	}
	_, err := s.DocumentText(ctx, d.ID, -1, 4)
	wantCode(t, err, reckon.EINVALID)
	_, err = s.DocumentText(ctx, 999, 0, 4)
	wantCode(t, err, reckon.ENOTFOUND)
}

func testClaims(t *testing.T, s reckon.Store) {
	ctx := context.Background()
	a, b := mustSource(t, s, "A"), mustSource(t, s, "B")
	addDoc(t, s, a, text,
		claimAt(text, "at least 300", reckon.Killed, reckon.From(300), reckon.AtLeast),
		claimAt(text, "about 2,000", reckon.Wounded, reckon.Closed(1800, 2200), reckon.About))
	t2 := "Another 40 were killed."
	addDoc(t, s, b, t2, claimAt(t2, "40", reckon.Killed, reckon.Closed(40, 40), reckon.Exact))

	for _, tt := range []struct {
		name string
		f    reckon.ClaimFilter
		want int
	}{
		{"all", reckon.ClaimFilter{}, 3},
		{"killed", reckon.ClaimFilter{Measure: reckon.Killed}, 2},
		{"source B", reckon.ClaimFilter{SourceID: b.ID}, 1},
		{"confirmed", reckon.ClaimFilter{Status: reckon.StatusConfirmed}, 0},
		{"limit", reckon.ClaimFilter{Limit: 2}, 2},
	} {
		got, err := s.Claims(ctx, tt.f)
		if err != nil || len(got) != tt.want {
			t.Errorf("%s: %d claims, %v; want %d", tt.name, len(got), err, tt.want)
		}
	}
	first, _ := s.Claims(ctx, reckon.ClaimFilter{Limit: 1})
	rest, _ := s.Claims(ctx, reckon.ClaimFilter{AfterID: first[0].ID})
	if len(rest) != 2 || rest[0].ID <= first[0].ID {
		t.Errorf("cursor after %d gave %d claims", first[0].ID, len(rest))
	}
}

func testReviewClaim(t *testing.T, s reckon.Store) {
	ctx := context.Background()
	src := mustSource(t, s, "A")
	d := addDoc(t, s, src, text, claimAt(text, "at least 300", reckon.Killed, reckon.From(300), reckon.AtLeast))
	cs, _ := s.Claims(ctx, reckon.ClaimFilter{DocumentID: d.ID})
	id := cs[0].ID

	_, err := s.ReviewClaim(ctx, id, &reckon.Review{Action: reckon.ActionReject, By: "ana"}, nil)
	wantCode(t, err, reckon.EINVALID) // a rejection needs a reason
	_, err = s.ReviewClaim(ctx, id, &reckon.Review{Action: reckon.ActionConfirm}, nil)
	wantCode(t, err, reckon.EINVALID) // who decided is required
	_, err = s.ReviewClaim(ctx, 999, &reckon.Review{Action: reckon.ActionConfirm, By: "ana"}, nil)
	wantCode(t, err, reckon.ENOTFOUND)

	c, err := s.ReviewClaim(ctx, id, &reckon.Review{Action: reckon.ActionConfirm, By: "ana"}, nil)
	if err != nil || c.Status != reckon.StatusConfirmed || c.ReviewedBy != "ana" || c.ReviewedAt == nil {
		t.Fatalf("confirm: %+v, %v", c, err)
	}
	lo, hi := int64(300), int64(600)
	r := &reckon.Review{Action: reckon.ActionEdit, By: "ben", Why: "the source gives a range"}
	c, err = s.ReviewClaim(ctx, id, r, &reckon.ClaimEdit{SetLow: true, Low: &lo, SetHigh: true, High: &hi})
	if err != nil || !c.Interval.Equal(reckon.Closed(300, 600)) {
		t.Fatalf("edit: %+v, %v", c, err)
	}
	if r.ID == 0 || r.At.IsZero() || !strings.Contains(r.Before, "[300, ∞)") || !strings.Contains(r.After, "[300, 600]") {
		t.Fatalf("edit review record: %+v", r)
	}
	lo2, hi2 := int64(700), int64(600)
	_, err = s.ReviewClaim(ctx, id, &reckon.Review{Action: reckon.ActionEdit, By: "ben"}, &reckon.ClaimEdit{SetLow: true, Low: &lo2, SetHigh: true, High: &hi2})
	wantCode(t, err, reckon.EINVALID)
	if _, err := s.ReviewClaim(ctx, id, &reckon.Review{Action: reckon.ActionReject, By: "cy", Why: "double count"}, nil); err != nil {
		t.Fatal(err)
	}
	got, _ := s.Claim(ctx, id)
	if got.Status != reckon.StatusRejected || got.ReviewNote != "double count" || !got.Interval.Equal(reckon.Closed(300, 600)) {
		t.Fatalf("after reject: %+v", got)
	}
	hist, err := s.Reviews(ctx, id)
	if err != nil || len(hist) != 3 || hist[0].Action != reckon.ActionConfirm || hist[2].By != "cy" {
		t.Fatalf("Reviews = %v, %v; want confirm, edit, reject", hist, err)
	}
	_, err = s.Reviews(ctx, 999)
	wantCode(t, err, reckon.ENOTFOUND)
}

// testClaimVersion: two analysts who loaded the same claim cannot both
// change it; the second is told, and nothing of it is stored.
func testClaimVersion(t *testing.T, s reckon.Store) {
	ctx := context.Background()
	src := mustSource(t, s, "A")
	d := addDoc(t, s, src, text, claimAt(text, "at least 300", reckon.Killed, reckon.From(300), reckon.AtLeast))
	cs, _ := s.Claims(ctx, reckon.ClaimFilter{DocumentID: d.ID})
	c := cs[0]
	if c.Version != 0 {
		t.Fatalf("a new claim at version %d", c.Version)
	}
	seen := c.Version
	lo := int64(250)
	got, err := s.ReviewClaim(ctx, c.ID, &reckon.Review{Action: reckon.ActionEdit, By: "ana", IfVersion: &seen}, &reckon.ClaimEdit{SetLow: true, Low: &lo})
	if err != nil || got.Version != 1 {
		t.Fatalf("first edit: %+v, %v", got, err)
	}
	hi := int64(400)
	_, err = s.ReviewClaim(ctx, c.ID, &reckon.Review{Action: reckon.ActionEdit, By: "ben", IfVersion: &seen}, &reckon.ClaimEdit{SetHigh: true, High: &hi})
	wantCode(t, err, reckon.ECONFLICT)
	now, _ := s.Claim(ctx, c.ID)
	if now.Version != 1 || now.High != nil || !now.Interval.Equal(reckon.From(250)) {
		t.Fatalf("after the refused edit: %+v", now)
	}
	// Without a version the review applies, as from the command line.
	if got, err := s.ReviewClaim(ctx, c.ID, &reckon.Review{Action: reckon.ActionConfirm, By: "cy"}, nil); err != nil || got.Version != 2 {
		t.Fatalf("unversioned review: %+v, %v", got, err)
	}
	hist, _ := s.Reviews(ctx, c.ID)
	if len(hist) != 2 {
		t.Errorf("%d reviews kept, want 2 (the refused one leaves none)", len(hist))
	}
}
