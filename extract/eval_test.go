package extract

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"
)

// TestEvaluate scores the small corpus testdata/eval.jsonl, whose records
// e-002 and e-005 carry gold values that differ from the guide on purpose
// so that every kind of error is exercised; e-001 puts a two-byte rune
// before its span, so code points and bytes differ.
func TestEvaluate(t *testing.T) {
	f, err := os.Open("testdata/eval.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rep, err := Evaluate(f)
	if err != nil {
		t.Fatal(err)
	}
	counts := []struct {
		name      string
		got, want int
	}{
		{"records", rep.Records, 5},
		{"gold", rep.Gold, 5},
		{"predicted", rep.Predicted, 5},
		{"found", rep.Found, 4},
		{"overlapping", rep.Overlapping, 4},
		{"interval correct", rep.Interval.Correct, 3},
		{"measure correct", rep.Measure.Correct, 3},
		{"attribution correct", rep.Attribution.Correct, 4},
		{"date correct", rep.Date.Correct, 4},
		{"spurious on other", rep.SpuriousByType["other"], 1},
		{"items", len(rep.Items), 4},
		{"warnings", len(rep.Warnings), 0},
	}
	for _, c := range counts {
		if c.got != c.want {
			t.Errorf("%s = %d, want %d", c.name, c.got, c.want)
		}
	}
	const eps = 1e-9
	if d := rep.F1 - 0.8; d > eps || d < -eps || rep.Precision != 0.8 || rep.Recall != 0.8 {
		t.Errorf("P %v R %v F1 %v, want 0.8 each", rep.Precision, rep.Recall, rep.F1)
	}
	if s := rep.IntervalByQualifier["about"]; s.Correct != 1 || s.Total != 2 {
		t.Errorf("interval for about: %+v, want 1 of 2", s)
	}
	kinds := map[string]int{}
	for _, it := range rep.Items {
		kinds[it.Kind]++
	}
	for _, k := range []string{"miss", "spurious", "interval", "measure"} {
		if kinds[k] != 1 {
			t.Errorf("%d %s items, want 1 (items %v)", kinds[k], k, kinds)
		}
	}
	b, err := json.Marshal(rep)
	if err != nil {
		t.Fatalf("marshal report: %v", err)
	}
	var back Report
	if err := json.Unmarshal(b, &back); err != nil || back.Found != rep.Found || back.F1 != rep.F1 {
		t.Errorf("report does not survive JSON: %v", err)
	}
	var out bytes.Buffer
	if err := rep.WriteText(&out); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"precision 0.800 (4/5)", "recall 0.800 (4/5)", "F1 0.800", "e-003 miss", "e-004 spurious", "spurious   other 1"} {
		if !strings.Contains(out.String(), s) {
			t.Errorf("text report lacks %q:\n%s", s, out.String())
		}
	}
}

func TestEvaluateEmpty(t *testing.T) {
	rep, err := Evaluate(strings.NewReader("\n\n"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := json.Marshal(rep); err != nil || rep.F1 != 0 || rep.Records != 0 {
		t.Errorf("empty corpus: %+v, %v", rep, err)
	}
}

func TestEvaluateErrors(t *testing.T) {
	good := `{"id":"a","text":"5 died.","claims":[],"distractors":[]}`
	tests := []struct {
		name  string
		input string
		line  int
		cause error
		text  string
	}{
		{"bad JSON", good + "\n{\"id\": \"b\", \"text\": \n", 2, nil, "line 2: invalid JSON"},
		{"no text", good + "\n\n" + `{"id":"c"}`, 3, nil, `line 3: no "text" field`},
		{"span not in text", `{"id":"d","text":"5 died.","claims":[{"span":"six","start":0,"end":3}]}`, 1, nil, `span "six" is not in the text`},
		{"line too long", good + "\n" + `{"id":"e","text":"` + strings.Repeat("x", MaxLine) + `"}`, 2, ErrLineTooLong, "line 2: line longer than 1 MiB"},
	}
	for _, tt := range tests {
		_, err := Evaluate(strings.NewReader(tt.input))
		var le *LineError
		if !errors.As(err, &le) || le.Line != tt.line {
			t.Errorf("%s: error %v, want one on line %d", tt.name, err, tt.line)
			continue
		}
		if tt.cause != nil && !errors.Is(err, tt.cause) {
			t.Errorf("%s: error %v is not %v", tt.name, err, tt.cause)
		}
		if !strings.Contains(err.Error(), tt.text) {
			t.Errorf("%s: error %q, want %q in it", tt.name, err, tt.text)
		}
	}
}

// TestEvaluateOffsets checks that code-point offsets are converted to bytes
// and that a span at wrong offsets is found in the text with a warning.
func TestEvaluateOffsets(t *testing.T) {
	line := `{"id":"u","text":"“Über” — 40 killed","claims":[{"measure":"killed","span":"40","start":9,"end":11,"qualifier":"exact","low":40,"high":40}]}` + "\n" +
		`{"id":"w","text":"“Über” — 40 killed","claims":[{"measure":"killed","span":"40","start":2,"end":4,"qualifier":"exact","low":40,"high":40}]}`
	rep, err := Evaluate(strings.NewReader(line))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Found != 2 || rep.Interval.Correct != 2 {
		t.Errorf("found %d, interval %d; want 2, 2", rep.Found, rep.Interval.Correct)
	}
	if len(rep.Warnings) != 1 || !strings.HasPrefix(rep.Warnings[0], "w:") {
		t.Errorf("warnings %q, want one for record w", rep.Warnings)
	}
}

func TestNullOrOverlap(t *testing.T) {
	text := "the Houthi-controlled health ministry said on Monday"
	s := func(v string) *string { return &v }
	tests := []struct {
		gold *string
		got  string
		want bool
	}{
		{nil, "", true},
		{nil, "the ministry", false},
		{s("the Houthi-controlled health ministry"), "", false},
		{s("the Houthi-controlled health ministry"), "health ministry", true},
		{s("Monday"), "on Monday", true},
		{s("Monday"), "the Houthi", false},
	}
	for _, tt := range tests {
		if got := nullOrOverlap(text, tt.gold, tt.got); got != tt.want {
			t.Errorf("nullOrOverlap(%v, %q) = %v, want %v", strOrNull(tt.gold), tt.got, got, tt.want)
		}
	}
}

// TestGeneralCorpus scores the sentences written for these tests
// (testdata/general.jsonl, annotated by the guide's rules) and holds the
// extractor to bars a little below its score when they were written, so
// that a rule change that loses generality fails here.
func TestGeneralCorpus(t *testing.T) {
	scoreCorpus(t, "testdata/general.jsonl", []corpusBar{
		{"detection F1", 0.97}, {"interval", 0.95}, {"measure", 0.95}, {"attribution", 0.95}, {"date", 0.95},
	})
}

// TestVariedCorpus scores a second set of written sentences
// (testdata/varied.jsonl): numeric dates and times in article furniture
// ("Published: 2025-04-28", "09:15 UTC"), partitives with a distant
// predicate ("about 60 of the town's firefighters have been injured"),
// idioms of death, capture and flight ("gave their lives", "did not
// return", "were taken prisoner", "were forced from their homes"), and
// other registers: wire copy, NGO reports, parliamentary answers, tables,
// headlines and quotations. The first 77 sentences were annotated before
// the rules they test were written, the last 30 after them and before
// they were first scored; the bars are those set for the corpus then.
func TestVariedCorpus(t *testing.T) {
	scoreCorpus(t, "testdata/varied.jsonl", []corpusBar{
		{"detection F1", 0.95}, {"interval", 0.95}, {"measure", 0.90}, {"attribution", 0.85},
	})
}

// corpusBar is a minimum score for one of a report's rates.
type corpusBar struct {
	name string
	min  float64
}

// scoreCorpus evaluates Extract on the corpus at path and fails t when a
// rate falls below its bar, printing the report's items.
func scoreCorpus(t *testing.T, path string, bars []corpusBar) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rep, err := Evaluate(f)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("F1 %.3f, interval %.3f, measure %.3f, attribution %.3f, date %.3f",
		rep.F1, rep.Interval.Rate, rep.Measure.Rate, rep.Attribution.Rate, rep.Date.Rate)
	rates := map[string]float64{"detection F1": rep.F1, "interval": rep.Interval.Rate, "measure": rep.Measure.Rate,
		"attribution": rep.Attribution.Rate, "date": rep.Date.Rate}
	for _, b := range bars {
		got, ok := rates[b.name]
		if !ok {
			t.Fatalf("no rate %q", b.name)
		}
		if got < b.min {
			var out bytes.Buffer
			rep.WriteText(&out)
			t.Errorf("%s %.3f, want >= %.2f\n%s", b.name, got, b.min, out.String())
		}
	}
}
