//go:build browser

// The browser tests drive headless Chromium (Debian's chromium package)
// through chromedp. They need that module, which is a test-only
// dependency, so they build only with the browser tag:
//
//	go test -tags browser -run Browser -artifacts -outputdir out ./server
//
// Screenshots of the main pages are kept as test artefacts (t.ArtifactDir).

package server_test

import (
	"context"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/reckonhq/reckon/server"
)

// browser starts headless Chromium for t, failing when it is not
// installed: CI installs it.
func browser(t *testing.T) context.Context {
	t.Helper()
	path := os.Getenv("RECKON_CHROMIUM")
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if path != "" {
			break
		}
		path, _ = exec.LookPath(name)
	}
	if path == "" {
		t.Fatal("no Chromium: install Debian's chromium package or set RECKON_CHROMIUM")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(path), chromedp.NoSandbox, chromedp.WindowSize(1200, 900))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(cancel)
	ctx, cancel = context.WithTimeout(ctx, 60*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// shot keeps a full-page screenshot as an artefact.
func shot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)) // quality 100: PNG
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(t.ArtifactDir(), name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("text of %s: %v", sel, err)
	}
	return strings.TrimSpace(s)
}

func step(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// TestBrowserClaimFlow opens the overview, follows the killed measure to
// a claim, sees its sentence highlighted, rejects it with a reason and
// sees the decision in its history; then checks keyboard use and a
// phone's width.
func TestBrowserClaimFlow(t *testing.T) {
	f := newFixture(t)
	s, _ := newServer(t, f.st, server.Options{})
	ts := httptest.NewServer(s)
	defer ts.Close()
	ctx := browser(t)

	step(t, ctx, "open the overview", chromedp.Navigate(ts.URL+"/"), chromedp.WaitVisible(chromedp.CSS("#m-killed")))
	if got := text(t, ctx, "h1"); got != "Overview" {
		t.Fatalf("overview h1 %q", got)
	}
	shot(t, ctx, "overview")

	// The first Tab lands on the skip link.
	step(t, ctx, "tab", chromedp.KeyEvent("\t"))
	if active, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.textContent`)); err != nil || active != "Skip to content" {
		t.Errorf("first Tab focuses %q, %v; want the skip link", active, err)
	}

	step(t, ctx, "follow killed", chromedp.Click(chromedp.CSS("#m-killed a")), chromedp.WaitVisible(chromedp.CSS("figure.plot svg")))
	shot(t, ctx, "claims")
	step(t, ctx, "open the claim", chromedp.Click(chromedp.CSS(`td a[href="/claims/1"]`)), chromedp.WaitVisible(chromedp.CSS("blockquote.context mark")))
	if got := text(t, ctx, "blockquote.context mark"); got != "at least 300" {
		t.Fatalf("highlighted span %q, want %q", got, "at least 300")
	}
	if got := text(t, ctx, "blockquote.context"); !strings.Contains(got, "Officials said at least 300 soldiers were killed") {
		t.Errorf("context %q", got)
	}
	shot(t, ctx, "claim")

	step(t, ctx, "reject the claim",
		chromedp.SendKeys(chromedp.CSS("#reject-why"), "counted twice with the ministry's figure"),
		chromedp.Submit(chromedp.CSS("#reject-why")),
		chromedp.WaitVisible(chromedp.CSS(".history li:nth-child(2)")))
	if got := text(t, ctx, ".history li:nth-child(2)"); !strings.Contains(got, "tester rejected: “counted twice with the ministry's figure”") {
		t.Errorf("history after rejecting: %q", got)
	}
	if loc, _ := chromedp.Run(ctx, chromedp.Location()); !strings.HasSuffix(loc, "/claims/1#history") {
		t.Errorf("after the form, the browser is at %s; want the claim (post/redirect/get)", loc)
	}

	// The document shows the claim highlighted as rejected.
	step(t, ctx, "open the document", chromedp.Navigate(ts.URL+"/documents/1"), chromedp.WaitVisible(chromedp.CSS("mark#c1")))
	if cls, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("mark#c1").className`)); err != nil || cls != "st-rejected" {
		t.Errorf("mark class %q, %v", cls, err)
	}
	shot(t, ctx, "document")

	// On a phone, nothing is wider than the screen.
	for _, p := range []string{"/", "/claims", "/claims/2", "/records", "/sources"} {
		step(t, ctx, "phone "+p, chromedp.EmulateViewport(390, 844), chromedp.Navigate(ts.URL+p), chromedp.WaitVisible(chromedp.CSS("h1")))
		wide, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`))
		if err != nil || wide {
			t.Errorf("%s on a phone: wider than the screen (%v)", p, err)
		}
	}
	step(t, ctx, "phone overview", chromedp.Navigate(ts.URL+"/"), chromedp.WaitVisible(chromedp.CSS("h1")))
	shot(t, ctx, "overview-phone")
}
