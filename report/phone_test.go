package report

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/reckonhq/reckon/internal/charttest"
)

// TestHTMLPhone: the HTML report's charts are readable on a 375 px
// phone, on a tablet just wide enough for their wide drawing (768 px)
// and on a desktop: every word at figure.MinText px or more, inside its
// chart and clear of the others (issue 15). Screenshots are kept.
func TestHTMLPhone(t *testing.T) {
	browser := os.Getenv("RECKON_TEST_BROWSER")
	if browser == "" {
		t.Skip("RECKON_TEST_BROWSER is not set: set it to a Chromium binary (CI sets /usr/bin/chromium) to check the report in a browser")
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
	t.Logf("report and screenshots in %s", dir)
	var b bytes.Buffer
	if err := Write(&b, sample(), "html"); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "report.html")
	if err := os.WriteFile(file, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}

	actx, cancel := chromedp.NewExecAllocator(context.Background(), chromedp.ExecPath(browser), chromedp.Headless, chromedp.NoSandbox,
		chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.Flag("disable-dev-shm-usage", true), chromedp.Flag("hide-scrollbars", true), chromedp.UserDataDir(t.TempDir()))
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancel = context.WithTimeout(ctx, 90*time.Second)
	defer cancel()

	for _, width := range []int64{375, 768, 1200} {
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 900), chromedp.Navigate("file://"+file), chromedp.WaitVisible(chromedp.CSS("h1"))); err != nil {
			t.Fatalf("open the report at %d px: %v", width, err)
		}
		shown, err := chromedp.Run(ctx, chromedp.Evaluate[int](`[...document.querySelectorAll("svg[role=img]")].filter(e => e.getBoundingClientRect().width > 0).length`))
		if err != nil || shown != 2 {
			t.Errorf("at %d px: %d charts shown, want the estimates chart and the claims over time (%v)", width, shown, err)
		}
		bad, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](charttest.Words))
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range bad {
			t.Errorf("at %d px: %s", width, s)
		}
		wide, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`))
		if err != nil || wide {
			what, _ := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("body *")].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && !(e.parentElement && e.parentElement.getBoundingClientRect().right > window.innerWidth + 1)).slice(0, 8).map(e => e.tagName + "." + e.className + " " + Math.round(e.getBoundingClientRect().right) + ": " + (e.textContent || "").slice(0, 60))`))
			t.Errorf("at %d px: the report is wider than the screen (%v): %q", width, err, what)
		}
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("report-%d.png", width)), png, 0o644); err != nil {
			t.Fatal(err)
		}
		for i, id := range []string{"h-estchart", "h-chart"} {
			png, err := chromedp.Run(ctx, chromedp.Screenshot(chromedp.CSS(`section[aria-labelledby="`+id+`"]`)))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("report-%d-chart%d.png", width, i)), png, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}
