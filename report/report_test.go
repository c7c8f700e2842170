package report

import (
	"bytes"
	"encoding/json"
	"flag"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/reconcile"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func sample() *Report {
	nis := &reckon.Source{ID: 1, Name: "Intelligence <Service>", Grade: reckon.Grade{Reliability: 'B', Credibility: '3'}}
	cn := &reckon.Source{ID: 2, Name: "Central News", Grade: reckon.Grade{Reliability: 'E', Credibility: '5'}}
	c := func(id int64, src *reckon.Source, date string, iv reckon.Interval, span, sentence string) reconcile.Claim {
		d, _ := reckon.ParseDate(date)
		return reconcile.Claim{Claim: &reckon.Claim{ID: id, Measure: reckon.Killed, Interval: iv, Span: span, Sentence: sentence,
			Qualifier: reckon.About, Attribution: src.Name}, Source: src, Date: d}
	}
	corrected := c(4, nis, "2025-05-02", reckon.Closed(24, 99), "dozens", "Dozens of bodies were buried in two fields.")
	corrected.Scope = reckon.Scope{Place: "in two fields"}
	corrected.Attribution, corrected.Original = "villagers", map[string]string{"attribution": "Reports", "measure": "other_count"}
	added := c(5, cn, "2025-06-21", reckon.Closed(18, 18), "18", "18 died this month.")
	added.Origin, added.Scope = reckon.FromAnalyst, reckon.Scope{Period: "this month", Extent: reckon.ForPeriod}
	claims := []reconcile.Claim{
		corrected, added,
		c(1, nis, "2025-05-02", reckon.Closed(1800, 2200), "about 2,000", "The agency said about 2,000 were killed."),
		c(2, cn, "2025-06-20", reckon.To(500), "no more than 500", `He said "no more than 500" <b>died</b>.`),
		c(3, nis, "2025-06-01", reckon.From(2201), "more than 2,200", "More than 2,200 were killed."),
	}
	min := &reckon.Estimate{ID: 7, Method: "minimum", Observed: 2340, NHat: 2340, Lower: 2340, Upper: 2340, Input: "a,b,count\n0,1,5\n1,0,7\n1,1,3\n", InputHash: "abc",
		Linkage: &reckon.LinkageInterval{Draws: 20, NHat: 2351, Lower: 2338, Upper: 2365}}
	ll := &reckon.Estimate{ID: 8, Method: "loglinear", Model: "[12,13]", Observed: 2340, NHat: 3100, Lower: 2900, Upper: math.Inf(1), Input: min.Input, InputHash: "abc", Warnings: []string{"small lists"},
		Linkage: &reckon.LinkageInterval{Draws: 20, NHat: 3150, Lower: 2890, Upper: math.Inf(1)}}
	v := reconcile.Reconcile(reckon.Killed, claims, min, []*reckon.Estimate{ll})
	return &Report{Title: "Soldiers killed abroad", Generated: time.Date(2025, 7, 4, 12, 0, 0, 0, time.UTC), Version: "test", View: v,
		Linkage: &Linkage{Run: 3, Warnings: []string{"field unit: the fit was <degenerate>", "2 pairs that the model links are kept apart by decisions on other pairs; reviewers see them on the review page"}}}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		os.MkdirAll("testdata", 0o755)
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file; run go test -update and review the diff", name)
	}
}

func TestMarkdown(t *testing.T) {
	var b bytes.Buffer
	if err := Write(&b, sample(), "md"); err != nil {
		t.Fatal(err)
	}
	golden(t, "report.md.golden", b.Bytes())
	for _, want := range []string{"Documented minimum: 2,340", "loglinear: 3,100", "below the documented minimum (C2)", "C2", "E8", "Warnings of the record linkage (link run 3)", "kept apart by decisions",
		"## Sub-counts", "| C4 | 2025-05-02 | Intelligence &lt;Service&gt; (B3) | 24–99 (dozens) | place: in two fields |",
		"corrected by an analyst: attribution (the extractor read “Reports”), measure (the extractor read “other_count”)", "| added by an analyst |"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("markdown lacks %q", want)
		}
	}
}

func TestHTML(t *testing.T) {
	var b bytes.Buffer
	if err := Write(&b, sample(), "html"); err != nil {
		t.Fatal(err)
	}
	golden(t, "report.html.golden", b.Bytes())
	s := b.String()
	for _, bad := range []string{"<Service>", "<b>died</b>", "http://", "https://"} {
		if strings.Contains(s, bad) {
			t.Errorf("html contains %q: user text must be escaped and nothing may load from elsewhere", bad)
		}
	}
	for _, want := range []string{"Intelligence &lt;Service&gt;", "<mark>no more than 500</mark>", `id="claim-2"`, `href="#claim-2"`, `id="estimate-8"`, "<svg", "∞",
		`<h2 id="h-parts">Sub-counts</h2>`, `id="claim-4"`, "period: this month (period)", "corrected by an analyst: attribution (the extractor read “Reports”)", "added by an analyst"} {
		if !strings.Contains(s, want) {
			t.Errorf("html lacks %q", want)
		}
	}
}

func TestJSON(t *testing.T) {
	var b bytes.Buffer
	if err := Write(&b, sample(), "json"); err != nil {
		t.Fatal(err)
	}
	var back map[string]any
	if err := json.Unmarshal(b.Bytes(), &back); err != nil {
		t.Fatalf("report JSON does not parse: %v", err)
	}
	if !strings.Contains(b.String(), `"upper": null`) {
		t.Error("an infinite upper bound should be written as null")
	}
	if err := Write(&b, sample(), "pdf"); reckon.ErrorCode(err) != reckon.EINVALID {
		t.Errorf("unknown format: %v", err)
	}
}

// TestAssumptionsEveryMethod: every method reckon estimate stores says
// what it assumes in a report (issue 14: closedp and chao too).
func TestAssumptionsEveryMethod(t *testing.T) {
	for _, m := range reckon.Methods {
		if reconcile.Assumption(m) == "" {
			t.Errorf("method %s: no assumption sentence", m)
		}
	}
	r := sample()
	e := *r.View.Estimates[0]
	e.ID, e.Method, e.Model = 9, "chao", "Chao (1987) lower bound, f1 = 40, f2 = 12"
	r.View.Estimates = append(r.View.Estimates, &e)
	var b bytes.Buffer
	if err := Write(&b, r, "md"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "**chao:") || !strings.Contains(b.String(), "a floor on the total") {
		t.Errorf("markdown without the chao estimate and its assumption:\n%s", b.String())
	}
}

// TestStrataSums: a method's sum over strata is in the headline of every
// format, beside the unstratified figure, with its estimate's id and its
// input (issue 14).
func TestStrataSums(t *testing.T) {
	r := sample()
	e := *r.View.Estimates[0]
	e.ID, e.Stratum, e.Model, e.NHat, e.Lower, e.Upper = 31, "unit="+reckon.StrataTotal, "sum of 3 strata of unit", 1234, 1100, 1400
	r.View.StrataSums = []*reckon.Estimate{&e}
	for _, f := range []struct{ format, want string }{
		{"md", "Summed over the strata (sum of 3 strata of unit): **" + string(e.Method) + " 1,234** (95% 1,100 to 1,400; E31)"},
		{"html", `<p id="strata-sum-31">Summed over the strata (sum of 3 strata of unit): ` + string(e.Method) + ` <b>1,234</b>`},
		{"json", `"strata_sums": [`},
	} {
		var b bytes.Buffer
		if err := Write(&b, r, f.format); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(b.String(), f.want) {
			t.Errorf("%s: missing %q", f.format, f.want)
		}
		if f.format != "json" && !strings.Contains(b.String(), "E31") {
			t.Errorf("%s: the sum's estimate E31 is not listed", f.format)
		}
	}
}

// TestFiguresAsStated: a report writes every claim with its words and its
// open ends open, the estimates by the one rounding rule, and grades and
// contradictions in words (issue 15: "Claims range from 200 to 300+" for
// "a few hundred to over 600", 2,869 here and 2,868 in estimate show,
// below_minimum as a raw code).
func TestFiguresAsStated(t *testing.T) {
	src := &reckon.Source{ID: 1, Name: "Agency", Grade: reckon.Grade{Reliability: 'B', Credibility: '2'}}
	other := &reckon.Source{ID: 2, Name: "Paper", Grade: reckon.Grade{Reliability: 'D', Credibility: '4'}}
	d, _ := reckon.ParseDate("2025-05-02")
	claims := []reconcile.Claim{
		{Claim: &reckon.Claim{ID: 1, Measure: reckon.Killed, Interval: reckon.From(200), Qualifier: reckon.Range, Span: "a few hundred to over 600"}, Source: src, Date: d},
		{Claim: &reckon.Claim{ID: 2, Measure: reckon.Killed, Interval: reckon.Closed(300, 300), Qualifier: reckon.Exact, Span: "300"}, Source: other, Date: d},
		{Claim: &reckon.Claim{ID: 3, Measure: reckon.Killed, Interval: reckon.To(250), Qualifier: reckon.AtMost, Span: "no more than 250"}, Source: other, Date: reckon.Date{Year: 2025, Month: 6}},
	}
	min := &reckon.Estimate{ID: 7, Method: "minimum", Observed: 280, NHat: 280, Lower: 280, Upper: 280}
	ll := &reckon.Estimate{ID: 8, Method: "loglinear", Observed: 280, NHat: 2868.5, Lower: 2700.5, Upper: 3100.2}
	r := &Report{Title: "t", Version: "test", View: reconcile.Reconcile(reckon.Killed, claims, min, []*reckon.Estimate{ll})}
	for _, format := range []string{"md", "html"} {
		var b bytes.Buffer
		if err := Write(&b, r, format); err != nil {
			t.Fatal(err)
		}
		s := b.String()
		for _, want := range []string{"≥ 200 (a few hundred to over 600)", "≤ 250 (no more than 250) to ≥ 200 (a few hundred to over 600)", "2,869", "2,701", "below the documented minimum", "usually reliable"} {
			if !strings.Contains(s, want) {
				t.Errorf("%s lacks %q", format, want)
			}
		}
		for _, bad := range []string{"300+", "2,868", "below_minimum", "at_most"} {
			if strings.Contains(s, bad) {
				t.Errorf("%s shows %q", format, bad)
			}
		}
	}
	var b bytes.Buffer
	if err := Write(&b, r, "html"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `<h2 id="h-estchart">`) || !strings.Contains(b.String(), "documented minimum: 280 distinct persons") {
		t.Error("html lacks the estimates chart with the documented minimum")
	}
	if !strings.Contains(b.String(), `"Noto Sans CJK KR"`) {
		t.Error("html declares no font for Hangul")
	}
}
