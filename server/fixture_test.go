package server_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"iter"
	"log/slog"
	"math"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/server"
	"github.com/reckonhq/reckon/sqlite"
)

// epoch is the fixed start of the fixture's clocks.
var epoch = time.Date(2025, 10, 2, 9, 0, 0, 0, time.UTC)

// ticker is a clock that moves one second per reading, so that a fixture
// built in the same order always gets the same times.
type ticker struct {
	mu sync.Mutex
	t  time.Time
}

func (c *ticker) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(time.Second)
	return c.t
}

// openStore opens an empty store in a temporary folder with a ticking
// clock, closed by t.Cleanup.
func openStore(tb testing.TB) *sqlite.Store {
	tb.Helper()
	st, err := sqlite.Open(context.Background(), filepath.Join(tb.TempDir(), "reckon.db"))
	if err != nil {
		tb.Fatal(err)
	}
	clock := &ticker{t: epoch}
	st.Now = clock.now
	tb.Cleanup(func() { st.Close() })
	return st
}

// chunked splits text into chunks of at most size bytes, each carrying
// the claims that start in it.
func chunked(text string, size int, claims []reckon.Claim) iter.Seq2[reckon.Chunk, error] {
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

// claimOf makes the claim of the first occurrence of span in text.
func claimOf(tb testing.TB, text, span string, m reckon.Measure, iv reckon.Interval, q reckon.Qualifier, attribution string) reckon.Claim {
	tb.Helper()
	i := strings.Index(text, span)
	if i < 0 {
		tb.Fatalf("span %q not in text", span)
	}
	return reckon.Claim{Measure: m, Qualifier: q, Interval: iv, Span: span, Start: i, End: i + len(span),
		Sentence: text, Attribution: attribution, Date: "", ExtractorVersion: "test-1",
		Why: []string{"number " + span, "measure " + string(m)}}
}

func mustAddDocument(tb testing.TB, st reckon.Store, d *reckon.Document, text string, claims ...reckon.Claim) *reckon.Document {
	tb.Helper()
	created, err := st.AddDocument(context.Background(), d, chunked(text, 64, claims))
	if err != nil || !created {
		tb.Fatalf("AddDocument: created %v, %v", created, err)
	}
	return d
}

func mustSource(tb testing.TB, st reckon.Store, name string, kind reckon.SourceKind, grade string) *reckon.Source {
	tb.Helper()
	g, err := reckon.ParseGrade(grade)
	if err != nil {
		tb.Fatal(err)
	}
	src := &reckon.Source{Name: name, Kind: kind, Grade: g}
	if err := st.CreateSource(context.Background(), src); err != nil {
		tb.Fatal(err)
	}
	return src
}

func records(recs ...*reckon.Record) iter.Seq2[*reckon.Record, error] {
	return func(yield func(*reckon.Record, error) bool) {
		for _, r := range recs {
			if !yield(r, nil) {
				return
			}
		}
	}
}

// The markup that user input carries in the fixture; no page or answer
// may contain it unescaped.
const (
	evilSource = `<script>alert(1)</script>`
	evilRecord = `<script>alert("record")</script>`
	evilReason = `<img src=x onerror=alert(3)> double count`
)

// Texts of the fixture's documents.
const (
	textYonhap = "Officials said at least 300 soldiers were killed and about 2,000 wounded. Thousands more are missing, the ministry added."
	textKCNA   = "KCNA said 250 portraits of the dead were shown; between 600 and 700 were killed in the fighting."
	textEvil   = "The <b>committee</b> counted up to 1,200 killed <script>alert(2)</script> in the province."
	textKorean = "Airwars recorded 40 civilians killed in 강원도 on 3 September, and 리철 was among 12 missing."
)

// fixture is a workspace with a little of everything, and the IDs the
// tests refer to.
type fixture struct {
	st                         *sqlite.Store
	yonhap, kcna, evil, air    *reckon.Source
	docYonhap, docKCNA         *reckon.Document
	docEvil, docKorean         *reckon.Document
	claims                     []*reckon.Claim // by ID
	killed300, wounded, range6 int64           // claim IDs
	evilClaim                  int64
	records                    []*reckon.Record // k1, k2, k3, m1, m2
	run                        *reckon.LinkRun
	decision                   *reckon.Decision
	minimum, lcmcr             *reckon.Estimate
}

// newFixture fills a new store: four sources (one named with markup),
// four documents with seven claims, three reviews and two imported lists.
func newFixture(tb testing.TB) *fixture {
	tb.Helper()
	ctx := context.Background()
	st := openStore(tb)
	f := &fixture{st: st}
	f.yonhap = mustSource(tb, st, "Yonhap", reckon.KindMedia, "B2")
	f.kcna = mustSource(tb, st, "KCNA", reckon.KindStateMedia, "E5")
	f.evil = mustSource(tb, st, evilSource, reckon.KindNGO, "")
	f.air = mustSource(tb, st, "Airwars", reckon.KindNGO, "A1")

	f.docYonhap = mustAddDocument(tb, st, &reckon.Document{SourceID: f.yonhap.ID, Title: "Yonhap report", URL: "https://example.org/yonhap",
		Published: reckon.Date{Year: 2025, Month: 9, Day: 2}}, textYonhap,
		claimOf(tb, textYonhap, "at least 300", reckon.Killed, reckon.From(300), reckon.AtLeast, "Officials"),
		claimOf(tb, textYonhap, "about 2,000", reckon.Wounded, reckon.Closed(1800, 2200), reckon.About, "Officials"),
		claimOf(tb, textYonhap, "Thousands", reckon.Missing, reckon.Closed(2000, 9999), reckon.Vague, "the ministry"))
	f.docKCNA = mustAddDocument(tb, st, &reckon.Document{SourceID: f.kcna.ID, Title: "KCNA statement",
		Published: reckon.Date{Year: 2025, Month: 10}}, textKCNA,
		claimOf(tb, textKCNA, "between 600 and 700", reckon.Killed, reckon.Closed(600, 700), reckon.Range, "KCNA"))
	f.docEvil = mustAddDocument(tb, st, &reckon.Document{SourceID: f.evil.ID, Title: "<i>Committee</i> report"}, textEvil,
		claimOf(tb, textEvil, "up to 1,200", reckon.Killed, reckon.To(1200), reckon.UpTo, "<b>committee</b>"))
	f.docKorean = mustAddDocument(tb, st, &reckon.Document{SourceID: f.air.ID, Title: "Airwars log",
		Published: reckon.Date{Year: 2025, Month: 9, Day: 15}}, textKorean,
		claimOf(tb, textKorean, "40", reckon.Killed, reckon.Closed(40, 40), reckon.Exact, "Airwars"),
		claimOf(tb, textKorean, "12", reckon.Missing, reckon.Closed(12, 12), reckon.Exact, "Airwars"))

	all, err := st.Claims(ctx, reckon.ClaimFilter{})
	if err != nil || len(all) != 7 {
		tb.Fatalf("fixture claims: %d, %v", len(all), err)
	}
	f.claims = all
	f.killed300, f.wounded, f.range6, f.evilClaim = all[0].ID, all[1].ID, all[3].ID, all[4].ID

	review := func(id int64, a reckon.ReviewAction, by, why string, e *reckon.ClaimEdit) {
		if _, err := st.ReviewClaim(ctx, id, &reckon.Review{Action: a, By: by, Why: why}, e); err != nil {
			tb.Fatal(err)
		}
	}
	lo, hi := int64(1900), int64(2100)
	review(f.killed300, reckon.ActionConfirm, "ana", "", nil)
	review(f.wounded, reckon.ActionEdit, "ben", "the ministry gave a range", &reckon.ClaimEdit{SetLow: true, Low: &lo, SetHigh: true, High: &hi})
	review(f.range6, reckon.ActionReject, "cy", evilReason, nil)

	imp := &reckon.Import{SourceID: f.kcna.ID, List: "kcna", File: "kcna.csv", Hash: "hash-kcna"}
	if _, err := st.ImportRecords(ctx, imp, records(
		&reckon.Record{RecordID: "k1", List: "kcna", Name: "리철수", FamilyName: "리", GivenName: "철수", BirthDate: reckon.Date{Year: 1999, Month: 3}},
		&reckon.Record{RecordID: "k2", List: "kcna", Name: evilRecord, Unit: "<b>11th</b> Corps", Attributes: map[string]string{"note": "=HYPERLINK(\"x\")"},
			BirthDate: reckon.Date{Raw: "<i>spring</i> 1951"}}, // a date kept as written (issue 10) is shown escaped
		&reckon.Record{RecordID: "k3", List: "kcna", FamilyName: "Kim", GivenName: "Chol", DeathDate: reckon.Date{Year: 2024, Month: 12, Day: 7},
			SourceURL: "javascript:alert(4)"},
	)); err != nil {
		tb.Fatal(err)
	}
	imp2 := &reckon.Import{List: "mediazona", File: "mz.csv", Hash: "hash-mz"}
	if _, err := st.ImportRecords(ctx, imp2, records(
		&reckon.Record{RecordID: "m1", List: "mediazona", Name: "Ли Чхоль", Rank: "private"},
		&reckon.Record{RecordID: "m2", List: "mediazona", Name: "=1+1", Rank: "sergeant", DeathDate: reckon.Date{Raw: "=1945-04-93"}},
	)); err != nil {
		tb.Fatal(err)
	}
	recs, err := st.Records(ctx, reckon.RecordFilter{})
	if err != nil || len(recs) != 5 {
		tb.Fatalf("fixture records: %d, %v", len(recs), err)
	}
	f.records = recs
	k1, k2, k3, m1, m2 := recs[0].ID, recs[1].ID, recs[2].ID, recs[3].ID, recs[4].ID
	// 리철수 (kcna) and Ли Чхоль (mediazona) are one person; the others
	// stand alone. Two pairs are uncertain: one for the review queue and
	// one that a decision has settled.
	// Its stats carry a warning and a conflict, as linkage.Stats writes
	// them.
	f.run = &reckon.LinkRun{Records: 5, CandidatePairs: 4, Persons: 4, Version: "test",
		Stats: `{"Records":5,"Warnings":["field unit: the fit was degenerate (agreement no likelier among matches than among non-matches); its prior m-probabilities are used"],` +
			`"Conflicts":[{"A":"kcna/k3","B":"mediazona/m2","Probability":0.93,"Apart":[{"A":"kcna/k2","B":"mediazona/m2","Same":false}]}]}`}
	if err := st.SaveLinkage(ctx, f.run, [][]int64{{k1, m1}, {k2}, {k3}, {m2}}, []reckon.Match{
		{A: k1, B: m1, Weight: 3.5, Probability: 0.7},
		{A: k3, B: m1, Weight: -1.2, Probability: 0.3},
		{A: k2, B: m2, Weight: -2, Probability: 0.2},
	}); err != nil {
		tb.Fatal(err)
	}
	f.decision = &reckon.Decision{A: recs[1].Key(), B: recs[4].Key(), Same: false, By: "ana", Why: evilReason}
	if err := st.AddDecision(ctx, f.decision); err != nil {
		tb.Fatal(err)
	}
	f.minimum = &reckon.Estimate{Measure: reckon.Killed, Population: "all persons", Method: "minimum", Observed: 4, NHat: 4, Lower: 4, Upper: 4,
		Lists: []string{"kcna", "mediazona"}, Input: "kcna,mediazona,count\n1,0,2\n0,1,1\n1,1,1\n", Settings: "{}",
		Version: "test", LinkRunID: f.run.ID, Result: `{"observed":4}`,
		Linkage: &reckon.LinkageInterval{Draws: 20, NHat: 4, Lower: 3, Upper: 5}}
	f.lcmcr = &reckon.Estimate{Measure: reckon.Killed, Population: "all persons", Method: "lcmcr", Model: "latent classes K=10", Observed: 4,
		NHat: 9, Lower: 5, Upper: 30, Interval: "posterior 95%", Lists: f.minimum.Lists, Input: f.minimum.Input,
		Settings: `{"K":10,"Burnin":100,"Samples":50,"Thin":2,"Chains":2,"Seed":1}`, Seed: 1, Version: "test", LinkRunID: f.run.ID,
		Result:   `{"Median":9,"Mean":11,"Lower":5,"Upper":30,"RHat":1.2,"ESS":40,"quantiles":[4,5,6,7,8,9,10,12,15,20,30]}`,
		Warnings: []string{"R-hat 1.2 > 1.01: <b>run longer</b>"},
		Linkage:  &reckon.LinkageInterval{Draws: 20, NHat: 10, Lower: 5, Upper: math.Inf(1)}}
	for _, e := range []*reckon.Estimate{f.minimum, f.lcmcr} {
		sum := sha256.Sum256([]byte(e.Input))
		e.InputHash = hex.EncodeToString(sum[:])
		if err := st.SaveEstimate(ctx, e); err != nil {
			tb.Fatal(err)
		}
	}
	return f
}

// logBuffer collects what a server logs.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// newServer serves st with fixed clocks and the user "tester".
func newServer(tb testing.TB, st reckon.Store, opt server.Options) (*server.Server, *logBuffer) {
	tb.Helper()
	logs := &logBuffer{}
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.NewTextHandler(logs, nil))
	}
	if opt.Now == nil {
		opt.Now = func() time.Time { return epoch.Add(time.Hour) }
	}
	if opt.User == nil {
		opt.User = func(*http.Request) string { return "tester" }
	}
	return server.New(st, opt), logs
}

// do sends one request to h and returns the response with its body read.
func do(tb testing.TB, h http.Handler, method, target string, body io.Reader, header ...string) (*http.Response, string) {
	tb.Helper()
	req := httptest.NewRequest(method, target, body)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	res := rec.Result()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

// personOf returns the ID of the person of the fixture's i-th record.
func (f *fixture) personOf(tb testing.TB, i int) int64 {
	tb.Helper()
	p, err := f.st.PersonOfRecord(context.Background(), f.records[i].ID)
	if err != nil {
		tb.Fatal(err)
	}
	return p.ID
}
