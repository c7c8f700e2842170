package extract

import (
	"errors"
	"flag"
	"io/fs"
	"os"
	"testing"
)

var devReport = flag.Bool("devreport", false, "print the whole report of TestDevScore")

// devPath is the development corpus beside the project (DESIGN.md, "Data
// at hand"); fresh clones elsewhere may not have it.
const devPath = "../../shared/data/claims-dev/dev.jsonl"

// TestDevScore holds the extractor to the bars set for the development
// corpus: detection F1 >= 0.95, interval exact match >= 0.90 of found
// claims, measure >= 0.90, attribution >= 0.80.
func TestDevScore(t *testing.T) {
	f, err := os.Open(devPath)
	if errors.Is(err, fs.ErrNotExist) {
		t.Skipf("dev corpus %s not present: skipping the dev-score bars", devPath)
	}
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
	t.Logf("F1 %.3f (P %.3f R %.3f), interval %.3f, measure %.3f, attribution %.3f, date %.3f",
		rep.F1, rep.Precision, rep.Recall, rep.Interval.Rate, rep.Measure.Rate, rep.Attribution.Rate, rep.Date.Rate)
	bars := []struct {
		name string
		got  float64
		min  float64
	}{
		{"detection F1", rep.F1, 0.95},
		{"interval exact match", rep.Interval.Rate, 0.90},
		{"measure accuracy", rep.Measure.Rate, 0.90},
		{"attribution", rep.Attribution.Rate, 0.80},
	}
	for _, b := range bars {
		if b.got < b.min {
			t.Errorf("%s %.3f, want >= %.2f", b.name, b.got, b.min)
		}
	}
}
