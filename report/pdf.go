package report

import (
	"bytes"
	"context"
	"fmt"
	"io"

	"github.com/reckonhq/reckon/internal/printpdf"
)

// PDFOptions configure [WritePDF]; the zero value finds a browser on the
// PATH.
type PDFOptions = printpdf.Options

// WritePDF writes r as a PDF: the HTML report, with every detail open,
// printed on A4 by a headless Chromium-family browser (package
// printpdf), so that the PDF says what the HTML says, charts included.
// It fails, saying what to install, when no browser is found.
func WritePDF(ctx context.Context, w io.Writer, r *Report, opt PDFOptions) error {
	var html bytes.Buffer
	if err := renderHTML(&html, r, true); err != nil {
		return fmt.Errorf("report pdf: %w", err)
	}
	pdf, err := printpdf.Print(ctx, html.Bytes(), opt)
	if err != nil {
		return err
	}
	_, err = w.Write(pdf)
	return err
}
