package report

// The PDF test prints a report in headless Chromium and reads the PDF
// back with poppler's tools. CI installs chromium, poppler-utils and
// fonts-noto-cjk (.ci/run) and says where the browser is:
//
//	RECKON_TEST_BROWSER=/usr/bin/chromium go test -run PDF ./report
//
// Without RECKON_TEST_BROWSER, or without pdftoppm and pdftotext, it
// skips, saying so. The PDF and its pages as PNG are kept in the folder
// RECKON_TEST_ARTIFACTS names (a temporary folder otherwise, logged).

import (
	"bytes"
	"context"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/reconcile"
)

// TestPDF: report --format pdf is a real PDF whose pages render and carry
// the content of the HTML report, Hangul included (issue 15).
func TestPDF(t *testing.T) {
	browser := os.Getenv("RECKON_TEST_BROWSER")
	if browser == "" {
		t.Skip("RECKON_TEST_BROWSER is not set: set it to a Chromium binary (CI sets /usr/bin/chromium) to print the PDF report")
	}
	for _, tool := range []string{"pdftoppm", "pdftotext"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed: install poppler-utils to check the PDF report", tool)
		}
	}
	dir := os.Getenv("RECKON_TEST_ARTIFACTS")
	if dir == "" {
		dir = t.TempDir()
	} else {
		dir = filepath.Join(dir, t.Name())
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Logf("PDF and pages in %s", dir)

	r := sample()
	yonhap := &reckon.Source{ID: 3, Name: "연합뉴스", Grade: reckon.Grade{Reliability: 'B', Credibility: '2'}}
	d, _ := reckon.ParseDate("2025-07-01")
	r.View.Claims = append(r.View.Claims, reconcile.Claim{Claim: &reckon.Claim{ID: 6, Measure: reckon.Killed, Interval: reckon.From(300),
		Qualifier: reckon.AtLeast, Span: "300여 명", Sentence: "국정원은 북한군 300여 명이 사망했다고 밝혔다.", Attribution: "국정원"}, Source: yonhap, Date: d})

	var pdf bytes.Buffer
	if err := WritePDF(context.Background(), &pdf, r, PDFOptions{Browser: browser}); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(pdf.Bytes(), []byte("%PDF-")) {
		t.Fatalf("not a PDF: starts %q", pdf.Bytes()[:min(16, pdf.Len())])
	}
	file := filepath.Join(dir, "report.pdf")
	if err := os.WriteFile(file, pdf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}

	// Every page renders, and none is blank.
	if out, err := exec.Command("pdftoppm", "-r", "40", "-png", file, filepath.Join(dir, "page")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, out)
	}
	pages, _ := filepath.Glob(filepath.Join(dir, "page-*.png"))
	if len(pages) < 2 {
		t.Fatalf("%d pages rendered, want the report over at least 2", len(pages))
	}
	for _, p := range pages {
		if ink := inked(t, p); ink < 0.002 {
			t.Errorf("%s: %.4f of the page inked: blank", filepath.Base(p), ink)
		}
	}

	// The text is the HTML report's: headline, charts' titles, every
	// claim with its words, the inputs the HTML folds away, and Hangul.
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", file, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	text := strings.Join(strings.Fields(string(out)), " ")
	for _, want := range []string{"Soldiers killed abroad", "Documented minimum", "2,340", "Estimates beside the claims", "Claims of killed over time",
		"≥ 2,201 (more than 2,200)", "≤ 500 (no more than 500)", "below the documented minimum", "C1", "C2", "C3", "C4", "C5", "E7", "E8",
		"0,1,5", // an estimate's input, in a <details> the HTML shows folded
		"연합뉴스"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF's text lacks %q", want)
		}
	}

	// Hangul comes through as text, wherever the table cell wraps it.
	flat := strings.Join(strings.Fields(string(out)), "")
	for _, want := range []string{"국정원은북한군", "300여명", "이사망", "했다고밝혔다."} {
		if !strings.Contains(flat, want) {
			t.Errorf("the PDF's text lacks %q of the Korean sentence", want)
		}
	}
}

// inked is the share of a PNG's pixels that are not near white.
func inked(t *testing.T, file string) float64 {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	b := img.Bounds()
	n := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if r, g, bl, _ := img.At(x, y).RGBA(); r+g+bl < 3*0xe000 {
				n++
			}
		}
	}
	return float64(n) / float64(b.Dx()*b.Dy())
}
