package server_test

import (
	"context"
	"net/http/httptest"
	"os/exec"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/css"
	"github.com/chromedp/chromedp"

	"github.com/reckonhq/reckon/server"
)

// TestBrowserHangul: a Korean name on a page is drawn with a font that
// has Hangul, through the pages' font stack, not as empty boxes (issue
// 15). It needs a Korean font on the system: CI installs fonts-noto-cjk.
func TestBrowserHangul(t *testing.T) {
	ctx := browser(t)
	if out, err := exec.Command("fc-list", ":lang=ko", "family").Output(); err != nil || strings.TrimSpace(string(out)) == "" {
		t.Skip("no font with Hangul is installed: install fonts-noto-cjk (CI does) to check that Korean renders")
	}
	dir := artifacts(t)
	f := newFixture(t)
	s, _ := newServer(t, f.st, server.Options{})
	ts := httptest.NewServer(s)
	defer ts.Close()

	step(t, ctx, "open the records", chromedp.Navigate(ts.URL+"/records"), chromedp.WaitVisible(chromedp.CSS("table")))
	found, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => {
		for (const td of document.querySelectorAll("td")) {
			if (td.textContent.trim() === "리철수") { td.id = "hangul-probe"; return true }
		}
		return false
	})()`))
	if err != nil || !found {
		t.Fatalf("no cell with 리철수 on /records (%v)", err)
	}
	fonts, err := chromedp.Run(ctx, chromedp.QueryAfter(chromedp.CSS("#hangul-probe"), func(ctx context.Context, tg *chromedp.Target, nodes []*chromedp.Node) ([]*css.PlatformFontUsage, error) {
		if _, err := cdp.Call(ctx, tg, css.Enable, cdp.Empty{}); err != nil {
			return nil, err
		}
		r, err := cdp.Call(ctx, tg, css.GetPlatformFontsForNode, css.GetPlatformFontsForNodeParams{NodeID: nodes[0].NodeID})
		return r.Fonts, err
	}))
	if err != nil {
		t.Fatalf("fonts of the Korean name: %v", err)
	}
	shot(t, ctx, dir, "records-hangul")
	var names []string
	glyphs := 0.0
	for _, f := range fonts {
		names = append(names, f.FamilyName)
		if hasHangul(f.FamilyName) {
			glyphs += f.GlyphCount
		}
	}
	t.Logf("리철수 drawn with %v", names)
	if glyphs < 3 {
		t.Errorf("리철수 drawn with %v: no font with Hangul drew its 3 glyphs", names)
	}
}

// hasHangul reports whether a font family is one known to hold Hangul.
func hasHangul(family string) bool {
	for _, k := range []string{"CJK", "KR", "Korean", "Gothic", "Nanum", "Malgun", "Han Sans", "Han Serif", "Baekmuk", "UnDotum"} {
		if strings.Contains(family, k) {
			return true
		}
	}
	return false
}
