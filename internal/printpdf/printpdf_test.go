package printpdf

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// TestNoBrowser: a browser that is not there is said so, naming what to
// install or set, before anything starts.
func TestNoBrowser(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "chromium")
	_, err := Print(context.Background(), []byte("<p>x</p>"), Options{Browser: missing})
	if !errors.Is(err, ErrNoBrowser) || !bytes.Contains([]byte(err.Error()), []byte("--browser")) {
		t.Errorf("Print with %s: %v, want ErrNoBrowser saying --browser", missing, err)
	}
}

// TestPrint prints a small page; it needs RECKON_TEST_BROWSER (the PDF
// report test in package report reads the pages back).
func TestPrint(t *testing.T) {
	browser := os.Getenv("RECKON_TEST_BROWSER")
	if browser == "" {
		t.Skip("RECKON_TEST_BROWSER is not set: set it to a Chromium binary (CI sets /usr/bin/chromium) to print")
	}
	pdf, err := Print(context.Background(), []byte("<!doctype html><title>t</title><p>사망자 300명</p>"), Options{Browser: browser})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) || !bytes.Contains(pdf, []byte("%%EOF")) {
		t.Errorf("not a whole PDF (%d bytes)", len(pdf))
	}
}
