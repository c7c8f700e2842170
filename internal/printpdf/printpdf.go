// Package printpdf prints a self-contained HTML document to PDF with a
// headless Chromium-family browser (Chromium, Google Chrome or Microsoft
// Edge), so that a PDF report is the HTML report as a browser prints it:
// the same text, tables and SVG charts, in the system's fonts (Hangul and
// Cyrillic included where such fonts are installed).
//
// The browser is started for one document with a fresh profile in a
// temporary folder, networking features off, and stopped afterwards; the
// document is read from a file, so it must not need the network.
package printpdf

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// Options configure [Print]. The zero value finds a browser on the PATH
// and waits at most a minute.
type Options struct {
	// Browser is the path of the browser's executable; "" finds one
	// with [Find].
	Browser string
	// Timeout bounds the whole print, browser start included; 0 is one
	// minute.
	Timeout time.Duration
}

// browsers are the executables tried on the PATH, in order.
var browsers = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome", "microsoft-edge", "msedge", "headless_shell"}

// installed are where the browsers install themselves outside the PATH.
var installed = map[string][]string{
	"darwin": {
		"/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
		"/Applications/Chromium.app/Contents/MacOS/Chromium",
		"/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge",
	},
	"windows": {
		`C:\Program Files\Google\Chrome\Application\chrome.exe`,
		`C:\Program Files (x86)\Google\Chrome\Application\chrome.exe`,
		`C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe`,
	},
}

// ErrNoBrowser is returned by [Find] when no browser is installed.
var ErrNoBrowser = errors.New("no Chromium, Google Chrome or Microsoft Edge found")

// Find returns the path of a Chromium-family browser: the first of
// browsers on the PATH, else the first of the usual install paths of
// this system. It returns an error wrapping [ErrNoBrowser] that says
// what to do when there is none.
func Find() (string, error) {
	for _, name := range browsers {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	for _, p := range installed[runtime.GOOS] {
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p, nil
		}
	}
	return "", fmt.Errorf("%w: a PDF is printed by a browser; install Chromium (apt install chromium) or Google Chrome, or name one with --browser or $RECKON_BROWSER", ErrNoBrowser)
}

// Print prints html, a whole document that needs no network, on A4 pages
// with the page number in the footer, and returns the PDF.
func Print(ctx context.Context, html []byte, opt Options) ([]byte, error) {
	browser := opt.Browser
	if browser != "" {
		if _, err := exec.LookPath(browser); err != nil {
			return nil, fmt.Errorf("%w: %s is not a browser that can run here (%v); name Chromium, Google Chrome or Microsoft Edge with --browser or $RECKON_BROWSER", ErrNoBrowser, browser, errors.Unwrap(err))
		}
	} else {
		var err error
		if browser, err = Find(); err != nil {
			return nil, err
		}
	}
	timeout := opt.Timeout
	if timeout <= 0 {
		timeout = time.Minute
	}
	dir, err := os.MkdirTemp("", "reckon-print-*")
	if err != nil {
		return nil, fmt.Errorf("print pdf: %w", err)
	}
	defer os.RemoveAll(dir)
	file := filepath.Join(dir, "report.html")
	if err := os.WriteFile(file, html, 0o600); err != nil {
		return nil, fmt.Errorf("print pdf: %w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(browser),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", os.Geteuid() == 0), // a root user's Chromium refuses to start sandboxed
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("no-default-browser-check", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(filepath.Join(dir, "profile")),
	)
	defer cancelAlloc()
	bctx, cancelBrowser := chromedp.NewContext(actx)
	defer cancelBrowser()
	if err := chromedp.Do(bctx, chromedp.Navigate("file://"+filepath.ToSlash(file))); err != nil {
		return nil, fmt.Errorf("print pdf with %s: %w", browser, err)
	}
	pdf, err := chromedp.Run(bctx, printAction())
	if err != nil {
		return nil, fmt.Errorf("print pdf with %s: %w", browser, err)
	}
	return pdf, nil
}

// A4 in inches, with margins of 15 mm.
const (
	a4W, a4H = 8.27, 11.69
	margin   = 0.59
)

func printAction() chromedp.Action[[]byte] {
	return func(ctx context.Context, t *chromedp.Target) ([]byte, error) {
		yes, m, bottom := true, margin, margin+0.2
		r, err := cdp.Call(ctx, t, page.PrintToPDF, page.PrintToPDFParams{
			PrintBackground:         &yes,
			PaperWidth:              a4W,
			PaperHeight:             a4H,
			MarginTop:               &m,
			MarginBottom:            &bottom,
			MarginLeft:              &m,
			MarginRight:             &m,
			DisplayHeaderFooter:     &yes,
			HeaderTemplate:          "<span></span>",
			FooterTemplate:          `<div style="font-size:8px;width:100%;text-align:center;color:#555"><span class="pageNumber"></span> / <span class="totalPages"></span></div>`,
			GenerateTaggedPDF:       &yes,
			GenerateDocumentOutline: &yes,
		})
		if err != nil {
			return nil, err
		}
		return r.Data, nil
	}
}
