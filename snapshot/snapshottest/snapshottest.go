// Package snapshottest is the contract suite for stores that copy a whole
// workspace through a snapshot (package snapshot): export, import into an
// empty store, and the refusal of malformed snapshots.
package snapshottest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"math"
	"strings"
	"testing"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/snapshot"
)

// Store is a store that copies itself through snapshots.
type Store interface {
	reckon.Store
	// Export writes every row of every table to w as a snapshot.
	Export(ctx context.Context, w io.Writer) error
	// Import loads a snapshot into the store, which must be empty.
	Import(ctx context.Context, r io.Reader) error
}

// Run runs the suite. open returns a new, empty store for each call; it
// closes it when the test ends.
func Run(t *testing.T, open func(tb testing.TB) Store) {
	t.Run("RoundTrip", func(t *testing.T) {
		a := open(t)
		Fill(t, a)
		want := Export(t, a)
		b := open(t)
		if err := b.Import(context.Background(), bytes.NewReader(want)); err != nil {
			t.Fatal(err)
		}
		if got := Export(t, b); !bytes.Equal(got, want) {
			t.Fatalf("export after import differs from the snapshot imported:\n%s", Diff(want, got))
		}
		SameAnswers(t, a, b)
	})
	t.Run("ContinueAfterImport", func(t *testing.T) {
		a := open(t)
		Fill(t, a)
		b := open(t)
		if err := b.Import(context.Background(), bytes.NewReader(Export(t, a))); err != nil {
			t.Fatal(err)
		}
		Continue(t, b)
	})
	t.Run("NotEmpty", func(t *testing.T) {
		a := open(t)
		Fill(t, a)
		snap := Export(t, a)
		b := open(t)
		if err := b.CreateSource(context.Background(), &reckon.Source{Name: "x", Kind: reckon.KindOther}); err != nil {
			t.Fatal(err)
		}
		before := Export(t, b)
		err := b.Import(context.Background(), bytes.NewReader(snap))
		if reckon.ErrorCode(err) != reckon.ECONFLICT {
			t.Fatalf("Import into a store with a source: %v, want a conflict", err)
		}
		if after := Export(t, b); !bytes.Equal(after, before) {
			t.Fatalf("a refused import changed the store:\n%s", Diff(before, after))
		}
	})
	t.Run("Malformed", func(t *testing.T) {
		a := open(t)
		Fill(t, a)
		good := Export(t, a)
		// One store refuses them all, and stays empty.
		s := open(t)
		empty := Export(t, s)
		for _, tt := range Malformed(good) {
			t.Run(tt.Name, func(t *testing.T) {
				err := s.Import(context.Background(), strings.NewReader(tt.Input))
				t.Log(err)
				CheckRefusal(t, err, tt.Line)
				if got := Export(t, s); !bytes.Equal(got, empty) {
					t.Fatalf("a refused import left rows behind:\n%s", Diff(empty, got))
				}
			})
		}
		if err := s.Import(context.Background(), bytes.NewReader(good)); err != nil {
			t.Fatalf("a good snapshot after the refused ones: %v", err)
		}
		if got := Export(t, s); !bytes.Equal(got, good) {
			t.Fatalf("export after the refused imports and a good one:\n%s", Diff(good, got))
		}
	})
}

// CheckRefusal checks that err refuses a malformed snapshot: an EINVALID
// *snapshot.LineError naming line (any line when line is 0).
func CheckRefusal(tb testing.TB, err error, line int) {
	tb.Helper()
	var le *snapshot.LineError
	switch {
	case err == nil:
		tb.Fatal("Import succeeded")
	case reckon.ErrorCode(err) != reckon.EINVALID:
		tb.Fatalf("Import = %v (code %q), want invalid", err, reckon.ErrorCode(err))
	case !errors.As(err, &le):
		tb.Fatalf("Import = %v, not a *snapshot.LineError", err)
	case line != 0 && le.Line != line:
		tb.Fatalf("Import = %v; want the error at line %d", err, line)
	case !strings.Contains(reckon.ErrorMessage(err), fmt.Sprintf("line %d", le.Line)):
		tb.Fatalf("message %q does not name line %d", reckon.ErrorMessage(err), le.Line)
	}
}

// Export returns s's snapshot.
func Export(tb testing.TB, s Store) []byte {
	tb.Helper()
	var b bytes.Buffer
	if err := s.Export(context.Background(), &b); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}

// Diff returns the first line where a and b differ, for a test failure.
func Diff(a, b []byte) string {
	la, lb := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
	for i := 0; i < max(len(la), len(lb)); i++ {
		var x, y string
		if i < len(la) {
			x = la[i]
		}
		if i < len(lb) {
			y = lb[i]
		}
		if x != y {
			return fmt.Sprintf("line %d:\n- %s\n+ %s", i+1, clip(x), clip(y))
		}
	}
	return "(no difference)"
}

func clip(s string) string {
	if len(s) > 300 {
		return s[:300] + "…"
	}
	return s
}

func seq[T any](xs ...T) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		for _, x := range xs {
			if !yield(x, nil) {
				return
			}
		}
	}
}

// chunks splits text into pieces of size bytes, even inside a UTF-8
// sequence, attaching each claim to the chunk holding its start.
func chunks(text string, size int, claims ...reckon.Claim) iter.Seq2[reckon.Chunk, error] {
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
	if i < 0 {
		panic("no " + span)
	}
	return reckon.Claim{Measure: m, Qualifier: q, Interval: iv, Span: span, Start: i, End: i + len(span),
		Sentence: text, Attribution: "officials", ExtractorVersion: "test"}
}

// Fill stores, through the public methods of reckon.Store, data that
// covers every table and column: documents of several chunks (some cut
// inside a UTF-8 sequence) with claims and their reviews, records with
// attributes from two imports, two link runs with persons and matches,
// decisions of which one is undone, and estimates, one with no finite
// upper bound.
func Fill(tb testing.TB, s reckon.Store) {
	tb.Helper()
	ctx := context.Background()
	must := func(err error) {
		tb.Helper()
		if err != nil {
			tb.Fatal(err)
		}
	}
	g, _ := reckon.ParseGrade("B2")
	kcna := &reckon.Source{Name: "KCNA", Kind: reckon.KindStateMedia, Grade: g, URL: "https://kcna.example/", Note: "state <agency> & \"press\""}
	yon := &reckon.Source{Name: "Yonhap", Kind: reckon.KindMedia}
	must(s.CreateSource(ctx, kcna))
	must(s.CreateSource(ctx, yon))

	text := "Officials said at least 300 soldiers were killed and about 2,000 wounded.\nThousands more are missing. " +
		"국방부는 북한군 1,500명이 사상했다고 밝혔다.\u2028Tab\there."
	c1 := claimAt(text, "at least 300", reckon.Killed, reckon.From(300), reckon.AtLeast)
	c1.Stated, c1.Why, c1.Cue = []float64{300}, []string{"at least N", "killed verb"}, "at least"
	c2 := claimAt(text, "about 2,000", reckon.Wounded, reckon.Closed(1800, 2200), reckon.About)
	c2.Stated, c2.Cites, c2.Date, c2.Projected = []float64{2000, 0.5, 1e21}, "ministry", "2025-01-02", true
	c3 := claimAt(text, "Thousands", reckon.Missing, reckon.Interval{}, reckon.Vague)
	c4 := claimAt(text, "1,500명", reckon.Casualties, reckon.To(1500), reckon.UpTo)
	c4.Subject = "북한군"
	d1 := &reckon.Document{SourceID: kcna.ID, Title: "Report <1> & \"2\"", URL: "https://example.org/a?b=1&c=2", Published: reckon.Date{Year: 2025, Month: 1, Day: 2}}
	_, err := s.AddDocument(ctx, d1, chunks(text, 7, c1, c2, c3, c4))
	must(err)
	t2 := "Another 40 were killed."
	d2 := &reckon.Document{SourceID: yon.ID, Published: reckon.Date{Year: 2024}, Lang: "en"}
	_, err = s.AddDocument(ctx, d2, chunks(t2, 1000, claimAt(t2, "40", reckon.Killed, reckon.Closed(40, 40), reckon.Exact)))
	must(err)
	d3 := &reckon.Document{SourceID: yon.ID, Title: "no claims", Published: reckon.Date{Year: 2024, Month: 5}}
	_, err = s.AddDocument(ctx, d3, chunks("Nothing to see.", 5))
	must(err)

	cs, err := s.Claims(ctx, reckon.ClaimFilter{DocumentID: d1.ID})
	must(err)
	_, err = s.ReviewClaim(ctx, cs[0].ID, &reckon.Review{Action: reckon.ActionConfirm, By: "ana"}, nil)
	must(err)
	lo, hi := int64(1500), int64(2500)
	m := reckon.Killed
	_, err = s.ReviewClaim(ctx, cs[1].ID, &reckon.Review{Action: reckon.ActionEdit, By: "ben", Why: "the ministry gives a range"},
		&reckon.ClaimEdit{Measure: &m, SetLow: true, Low: &lo, SetHigh: true, High: &hi})
	must(err)
	_, err = s.ReviewClaim(ctx, cs[1].ID, &reckon.Review{Action: reckon.ActionReject, By: "cy", Why: "double count"}, nil)
	must(err)

	imp1 := &reckon.Import{SourceID: kcna.ID, List: "kcna", File: "kcna.csv", Hash: "h-kcna"}
	_, err = s.ImportRecords(ctx, imp1, seq(
		&reckon.Record{RecordID: "1", List: "kcna", FamilyName: "김", GivenName: "철수", Name: "김철수", Sex: "M",
			BirthDate: reckon.Date{Year: 1999, Month: 3}, DeathDate: reckon.Date{Year: 2025, Month: 1, Day: 5},
			DeathPlace: "Курская область", Unit: "94th", Rank: "sergeant", HomeTown: "Hamhung", SourceURL: "https://example.org/r/1",
			Attributes: map[string]string{"kin": "mother", "a": "b=\"c\""}, Sensitive: []string{"home_town", "kin"}},
		&reckon.Record{RecordID: "2", List: "kcna", Name: "리영호", BirthDate: reckon.Date{Year: 2001}, Embargoed: true},
		&reckon.Record{RecordID: "3", List: "kcna", Name: "박명", DeathDate: reckon.Date{Raw: "1945-04-93"}})) // kept as written (issue 10)
	must(err)
	imp2 := &reckon.Import{List: "docs", File: "docs.csv", Hash: "h-docs"}
	_, err = s.ImportRecords(ctx, imp2, seq(
		&reckon.Record{RecordID: "x1", List: "docs", Name: "Ким Чхоль Су", Attributes: map[string]string{"note": ""}},
		&reckon.Record{RecordID: "x2", List: "docs", Name: "Ли Ён Хо"}))
	must(err)
	recs, err := s.Records(ctx, reckon.RecordFilter{})
	must(err)
	id := map[string]int64{}
	for _, r := range recs {
		id[r.RecordID] = r.ID
	}
	run1 := &reckon.LinkRun{CandidatePairs: 4, ConfigHash: "cfg1", Version: "test", Stats: `{"m":[0.9,0.1]}`}
	must(s.SaveLinkage(ctx, run1, [][]int64{{id["1"], id["x1"]}, {id["2"], id["x2"]}, {id["3"]}}, []reckon.Match{
		{A: id["1"], B: id["x1"], Weight: 12.5, Probability: 0.99},
		{A: id["x2"], B: id["2"], Weight: 0.1, Probability: 0.55},
		{A: id["3"], B: id["x2"], Weight: -3, Probability: 1e-9}}))
	run2 := &reckon.LinkRun{CandidatePairs: 3, ConfigHash: "cfg2", Version: "test"}
	must(s.SaveLinkage(ctx, run2, [][]int64{{id["1"]}, {id["x1"]}, {id["2"], id["x2"]}, {id["3"]}}, []reckon.Match{
		{A: id["1"], B: id["x1"], Weight: -1, Probability: 0.3},
		{A: id["2"], B: id["x2"], Weight: 2, Probability: 0.75}}))

	k := func(list, rid string) reckon.RecordKey { return reckon.RecordKey{List: list, RecordID: rid} }
	dec1 := &reckon.Decision{A: k("kcna", "1"), B: k("docs", "x1"), Same: true, By: "ana"}
	dec2 := &reckon.Decision{A: k("docs", "x1"), B: k("kcna", "1"), Same: false, By: "ben", Why: "different fathers"}
	dec3 := &reckon.Decision{A: k("kcna", "2"), B: k("docs", "x2"), Same: true, By: "cy", Why: "same unit"}
	for _, d := range []*reckon.Decision{dec1, dec2, dec3} {
		must(s.AddDecision(ctx, d))
	}
	must(s.UndoDecision(ctx, dec2.ID))

	input := "kcna,docs,count\n0,1,5\n1,0,7\n1,1,3\n"
	must(s.SaveEstimate(ctx, &reckon.Estimate{Measure: reckon.Killed, Population: "soldiers", Stratum: "unit=94th",
		Method: "loglinear", Model: "[12]", Observed: 15, NHat: 26.666666666666668, Lower: 18.25, Upper: math.Inf(1),
		Interval: "profile", Lists: []string{"kcna", "docs"}, Input: input, Settings: `{"max_order":1}`,
		Seed: math.MaxUint64 - 6, Version: "test", LinkRunID: run2.ID, Result: `{"n_hat":26.67}`, Warnings: []string{"small lists"}}))
	must(s.SaveEstimate(ctx, &reckon.Estimate{Measure: reckon.Killed, Population: "soldiers", Method: "minimum",
		Observed: 15, NHat: 15, Lower: 15, Upper: 15, Input: input}))

	// Reports from the public roll: one resolved, one open with a contact.
	fix := &reckon.Correction{Record: k("kcna", "1"), PersonID: 1, Kind: reckon.CorrectionFix, Field: "unit", Text: "94th, not 49th\nsee the letter"}
	must(s.AddCorrection(ctx, fix))
	_, err = s.ResolveCorrection(ctx, fix.ID, &reckon.Resolution{Status: reckon.CorrectionRejected, By: "ana", Note: "both lists say 49th"})
	must(err)
	must(s.AddCorrection(ctx, &reckon.Correction{Record: k("docs", "x2"), Kind: reckon.CorrectionWithhold, Text: "his mother asks",
		Reporter: "Pak Ok-sun", Contact: "+82 10 0000 0000"}))
}

// Continue checks that a store filled by [Fill] and then copied goes on
// working: new rows get new ids, persons keep theirs, decisions supersede.
func Continue(tb testing.TB, s reckon.Store) {
	tb.Helper()
	ctx := context.Background()
	must := func(err error) {
		tb.Helper()
		if err != nil {
			tb.Fatal(err)
		}
	}
	srcs, err := s.Sources(ctx)
	must(err)
	src := &reckon.Source{Name: "New", Kind: reckon.KindNGO}
	must(s.CreateSource(ctx, src))
	for _, o := range srcs {
		if src.ID <= o.ID {
			tb.Fatalf("new source has id %d, not after %d", src.ID, o.ID)
		}
	}
	docs, err := s.Documents(ctx, reckon.DocumentFilter{})
	must(err)
	text := "Later 12 were killed."
	d := &reckon.Document{SourceID: src.ID}
	created, err := s.AddDocument(ctx, d, chunks(text, 4, claimAt(text, "12", reckon.Killed, reckon.Closed(12, 12), reckon.Exact)))
	must(err)
	if !created || d.ID <= docs[len(docs)-1].ID {
		tb.Fatalf("new document %+v after %d", d, docs[len(docs)-1].ID)
	}
	if got, err := s.DocumentText(ctx, docs[0].ID, 0, 1<<20); err != nil || !strings.HasPrefix(got, "Officials said") {
		tb.Fatalf("text of the copied document: %q, %v", got, err)
	}
	claims, err := s.Claims(ctx, reckon.ClaimFilter{DocumentID: d.ID})
	must(err)
	r := &reckon.Review{Action: reckon.ActionConfirm, By: "dan"}
	_, err = s.ReviewClaim(ctx, claims[0].ID, r, nil)
	must(err)
	if hist, _ := s.Reviews(ctx, claims[0].ID); len(hist) != 1 || r.ID <= 3 {
		tb.Fatalf("review after import: id %d, history %v", r.ID, hist)
	}
	// Re-adding a copied document is still recognised.
	again := &reckon.Document{SourceID: src.ID}
	created, err = s.AddDocument(ctx, again, chunks("Nothing to see.", 3))
	must(err)
	if created || again.ID != docs[2].ID {
		tb.Fatalf("re-adding a copied document: created %v, %+v", created, again)
	}

	imp := &reckon.Import{List: "late", Hash: "h-late"}
	_, err = s.ImportRecords(ctx, imp, seq(&reckon.Record{RecordID: "z", List: "late"}))
	must(err)
	_, err = s.ImportRecords(ctx, &reckon.Import{Hash: "h-dup"}, seq(&reckon.Record{RecordID: "1", List: "kcna"}))
	if reckon.ErrorCode(err) != reckon.ECONFLICT {
		tb.Fatalf("importing a copied record again: %v, want a conflict", err)
	}
	recs, err := s.Records(ctx, reckon.RecordFilter{})
	must(err)
	if imp.ID <= 2 || recs[len(recs)-1].RecordID != "z" {
		tb.Fatalf("new import %+v, last record %+v", imp, recs[len(recs)-1])
	}
	before, err := s.Persons(ctx, reckon.PersonFilter{})
	must(err)
	var clusters [][]int64
	maxID := int64(0)
	for _, p := range before {
		var c []int64
		for _, r := range p.Records {
			c = append(c, r.ID)
		}
		clusters = append(clusters, c)
		maxID = max(maxID, p.ID)
	}
	clusters = append(clusters, []int64{recs[len(recs)-1].ID})
	must(s.SaveLinkage(ctx, &reckon.LinkRun{}, clusters, nil))
	after, err := s.Persons(ctx, reckon.PersonFilter{})
	must(err)
	for i, p := range before {
		if after[i].ID != p.ID {
			tb.Fatalf("person %d lost its id after a copy: %d", p.ID, after[i].ID)
		}
	}
	if last := after[len(after)-1]; last.ID <= maxID {
		tb.Fatalf("new person has id %d, not after %d", last.ID, maxID)
	}
	ds, err := s.Decisions(ctx)
	must(err)
	if len(ds) != 2 || !ds[0].Same {
		tb.Fatalf("decisions in force after a copy: %v", ds)
	}
	dec := &reckon.Decision{A: ds[0].A, B: ds[0].B, Same: false, By: "dan"}
	must(s.AddDecision(ctx, dec))
	if dec.ID <= 3 {
		tb.Fatalf("new decision id %d", dec.ID)
	}
	must(s.UndoDecision(ctx, dec.ID))
	if again, _ := s.Decisions(ctx); len(again) != 2 || again[0].ID != ds[0].ID {
		tb.Fatalf("after undoing a new decision: %v", again)
	}
	e := &reckon.Estimate{Measure: reckon.Wounded, Method: "minimum", NHat: 1, Lower: 1, Upper: 1, Input: "x"}
	must(s.SaveEstimate(ctx, e))
	if e.ID <= 2 {
		tb.Fatalf("new estimate id %d", e.ID)
	}
	runs, err := s.LinkRuns(ctx)
	must(err)
	if len(runs) != 3 || runs[2].ID <= runs[1].ID {
		tb.Fatalf("link runs after a copy: %v", runs)
	}
}

// SameAnswers checks that a and b answer every query of reckon.Store
// alike.
func SameAnswers(tb testing.TB, a, b reckon.Store) {
	tb.Helper()
	ctx := context.Background()
	type query struct {
		name string
		fn   func(s reckon.Store) (any, error)
	}
	qs := []query{
		{"Sources", func(s reckon.Store) (any, error) { return s.Sources(ctx) }},
		{"Documents", func(s reckon.Store) (any, error) { return s.Documents(ctx, reckon.DocumentFilter{}) }},
		{"Claims", func(s reckon.Store) (any, error) { return s.Claims(ctx, reckon.ClaimFilter{}) }},
		{"Imports", func(s reckon.Store) (any, error) { return s.Imports(ctx) }},
		{"Records", func(s reckon.Store) (any, error) { return s.Records(ctx, reckon.RecordFilter{}) }},
		{"Persons", func(s reckon.Store) (any, error) { return s.Persons(ctx, reckon.PersonFilter{}) }},
		{"Matches", func(s reckon.Store) (any, error) { return s.Matches(ctx, 0, 1, 0) }},
		{"LinkRuns", func(s reckon.Store) (any, error) { return s.LinkRuns(ctx) }},
		{"Decisions", func(s reckon.Store) (any, error) { return s.Decisions(ctx) }},
		{"Corrections", func(s reckon.Store) (any, error) { return s.Corrections(ctx, reckon.CorrectionFilter{}) }},
		{"Estimates", func(s reckon.Store) (any, error) {
			es, err := s.Estimates(ctx, reckon.EstimateFilter{})
			// JSON has no infinity: show the bounds as text.
			type estimate struct {
				*reckon.Estimate
				Upper string `json:"upper"`
			}
			var out []estimate
			for _, e := range es {
				out = append(out, estimate{e, fmt.Sprint(e.Upper)})
			}
			return out, err
		}},
		{"Texts", func(s reckon.Store) (any, error) {
			docs, err := s.Documents(ctx, reckon.DocumentFilter{})
			var out []string
			for _, d := range docs {
				t, err := s.DocumentText(ctx, d.ID, 0, d.Size)
				if err != nil {
					return nil, err
				}
				out = append(out, t)
			}
			return out, err
		}},
		{"Reviews", func(s reckon.Store) (any, error) {
			cs, err := s.Claims(ctx, reckon.ClaimFilter{})
			var out []*reckon.Review
			for _, c := range cs {
				rs, err := s.Reviews(ctx, c.ID)
				if err != nil {
					return nil, err
				}
				out = append(out, rs...)
			}
			return out, err
		}},
	}
	for _, q := range qs {
		x, err := q.fn(a)
		if err != nil {
			tb.Fatalf("%s: %v", q.name, err)
		}
		y, err := q.fn(b)
		if err != nil {
			tb.Fatalf("%s of the copy: %v", q.name, err)
		}
		jx, err := json.Marshal(x)
		if err != nil {
			tb.Fatalf("%s: %v", q.name, err)
		}
		jy, _ := json.Marshal(y)
		if !bytes.Equal(jx, jy) {
			tb.Errorf("%s differ:\n%s", q.name, Diff(jx, jy))
		}
		if string(jx) == "null" || string(jx) == "[]" {
			tb.Errorf("%s: nothing to compare", q.name)
		}
	}
}
