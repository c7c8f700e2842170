package extract

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the .golden files of TestGolden")

// goldenClaim is the part of a claim a golden file pins down.
type goldenClaim struct {
	Span        string   `json:"span"`
	Start       int      `json:"start"`
	End         int      `json:"end"`
	Measure     string   `json:"measure"`
	Qualifier   string   `json:"qualifier"`
	Low         *int64   `json:"low"`
	High        *int64   `json:"high"`
	Subject     string   `json:"subject,omitempty"`
	Attribution string   `json:"attribution,omitempty"`
	Cites       string   `json:"cites,omitempty"`
	Date        string   `json:"date,omitempty"`
	Projected   bool     `json:"projected,omitempty"`
	Why         []string `json:"why"`
}

// TestGolden extracts the claims of each testdata/*.txt and compares them,
// one JSON line per claim, with its .golden file; -update rewrites them.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no testdata/*.txt: %v", err)
	}
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		text := string(b)
		var out bytes.Buffer
		enc := json.NewEncoder(&out)
		enc.SetEscapeHTML(false)
		cs := Extract(text)
		checkInvariants(t, text, cs)
		for _, c := range cs {
			enc.Encode(goldenClaim{c.Span, c.Start, c.End, string(c.Measure), string(c.Qualifier), c.Low, c.High,
				c.Subject, c.Attribution, c.Cites, c.Date, c.Projected, c.Why})
		}
		golden := strings.TrimSuffix(name, ".txt") + ".golden"
		if *update {
			if err := os.WriteFile(golden, out.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run go test -run TestGolden -update)", err)
		}
		if !bytes.Equal(out.Bytes(), want) {
			gl, wl := strings.Split(out.String(), "\n"), strings.Split(string(want), "\n")
			for i := 0; i < max(len(gl), len(wl)); i++ {
				var g, w string
				if i < len(gl) {
					g = gl[i]
				}
				if i < len(wl) {
					w = wl[i]
				}
				if g != w {
					t.Errorf("%s line %d:\n got  %s\n want %s", golden, i+1, g, w)
					break
				}
			}
		}
	}
}
