package extract

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
)

// cyrDevBars are the bars issue 13 sets for each language on its own
// development corpus (testdata/<lang>/dev.jsonl: real published sentences
// annotated by the guide's §9).
var cyrDevBars = []struct {
	lang Lang
	path string
}{
	{Russian, "testdata/ru/dev.jsonl"},
	{Ukrainian, "testdata/uk/dev.jsonl"},
}

// TestDevScoreCyrillic holds each language to detection F1 >= 0.92,
// interval >= 0.90, measure >= 0.85 and attribution >= 0.75, scored by
// [Evaluate], which reads every text in the language [Detect] gives it.
func TestDevScoreCyrillic(t *testing.T) {
	for _, d := range cyrDevBars {
		t.Run(string(d.lang), func(t *testing.T) {
			f, err := os.Open(d.path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			rep, err := Evaluate(f)
			if err != nil {
				t.Fatal(err)
			}
			if *devReport {
				rep.WriteText(os.Stdout)
			}
			t.Logf("%s: F1 %.3f (P %.3f R %.3f), interval %.3f, measure %.3f, attribution %.3f, date %.3f",
				d.lang, rep.F1, rep.Precision, rep.Recall, rep.Interval.Rate, rep.Measure.Rate, rep.Attribution.Rate, rep.Date.Rate)
			checkLanguageBars(t, rep)
		})
	}
}

// TestDevCorpusCyrillic checks the corpora themselves: at least 100 real
// sentences each, every one with its source page, in the language of its
// file as [Detect] sees it.
func TestDevCorpusCyrillic(t *testing.T) {
	for _, d := range cyrDevBars {
		f, err := os.Open(d.path)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, MaxLine)
		n := 0
		for sc.Scan() {
			var r struct {
				ID        string `json:"id"`
				Text      string `json:"text"`
				SourceURL string `json:"source_url"`
			}
			if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
				t.Fatalf("%s line %d: %v", d.path, n+1, err)
			}
			n++
			if !strings.HasPrefix(r.SourceURL, "http") {
				t.Errorf("%s %s: no source URL", d.path, r.ID)
			}
			if got := Detect(r.Text); got != d.lang {
				t.Errorf("%s %s: Detect = %s, want %s: %q", d.path, r.ID, got, d.lang, r.Text)
			}
		}
		f.Close()
		if n < 100 {
			t.Errorf("%s: %d sentences, want at least 100", d.path, n)
		}
	}
}

// FuzzRussian: no panic, spans inside the text, valid intervals, and the
// same claims for the same text.
func FuzzRussian(f *testing.F) { fuzzCyrillic(f, Russian, "testdata/ru/dev.jsonl") }

// FuzzUkrainian is [FuzzRussian] for Ukrainian.
func FuzzUkrainian(f *testing.F) { fuzzCyrillic(f, Ukrainian, "testdata/uk/dev.jsonl") }

func fuzzCyrillic(f *testing.F, l Lang, path string) {
	for _, tc := range cyrTests {
		f.Add(tc.text)
	}
	if fh, err := os.Open(path); err == nil {
		sc := bufio.NewScanner(fh)
		sc.Buffer(nil, MaxLine)
		for sc.Scan() {
			var r struct{ Text string }
			if json.Unmarshal(sc.Bytes(), &r) == nil {
				f.Add(r.Text)
			}
		}
		fh.Close()
	}
	f.Fuzz(func(t *testing.T, text string) {
		a := ExtractLang(text, l)
		checkCyrClaims(t, text, a)
		b := ExtractLang(text, l)
		if fmt.Sprint(a) != fmt.Sprint(b) {
			t.Fatalf("two runs differ on %q", text)
		}
	})
}
