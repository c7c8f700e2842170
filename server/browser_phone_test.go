package server_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/demo"
	"github.com/reckonhq/reckon/internal/charttest"
	"github.com/reckonhq/reckon/pipeline"
	"github.com/reckonhq/reckon/server"
)

// phoneWidth is the narrowest common phone's screen in CSS pixels
// (iPhone SE, mini): the pages must fit it.
const phoneWidth = 375

// chartOverflow is a script that lists, for the page shown, what spills
// past the screen's width: the page itself, and any chart (figure or
// svg) that reaches past either edge or scrolls inside its box.
const chartOverflow = `(() => {
	const w = window.innerWidth, out = [];
	if (document.documentElement.scrollWidth > w + 1) out.push("page " + document.documentElement.scrollWidth + "px");
	document.querySelectorAll("figure, svg").forEach(el => {
		const r = el.getBoundingClientRect(), name = el.tagName.toLowerCase() + (el.getAttribute("class") ? "." + el.getAttribute("class").replace(/ /g, ".") : "");
		if (r.width === 0 || el.closest("table")) return; // a table scrolls in its own box

		if (r.right > w + 1 || r.left < -1) out.push(name + " spans " + Math.round(r.left) + " to " + Math.round(r.right) + "px");
		if (el.tagName === "FIGURE" && el.scrollWidth > el.clientWidth + 1) out.push(name + " scrolls: " + el.scrollWidth + " in " + el.clientWidth + "px");
	});
	return out;
})()`

// TestBrowserChartsPhone (issue 15): every page with a chart (the
// overview's timelines and strips, the claims chart per measure, the
// estimates chart of the reconciliation, each method's estimate page,
// the lists' overlaps, a person's waterfall) and the pages that run and
// follow link and estimate runs fit a phone of 375 px, on each store: no
// page wider than the screen, no chart past its edges or scrolling
// inside, and every word of every chart at least 11 px high,
// inside its chart and clear of the others. The same words are checked
// on a tablet just wide enough for the wide layout (768 px) and on a
// desktop (1200 px). A screenshot of each page at each width is kept, to
// be checked by eye.
func TestBrowserChartsPhone(t *testing.T) {
	if os.Getenv("RECKON_TEST_BROWSER") == "" {
		t.Skip("RECKON_TEST_BROWSER is not set: set it to a Chromium binary (CI sets /usr/bin/chromium) to run the browser tests")
	}
	eachStore(t, testBrowserChartsPhone)
}

func testBrowserChartsPhone(t *testing.T, st reckon.Store) {
	ctx := browserWithin(t, 5*time.Minute)
	dir := artifacts(t)
	bg := context.Background()
	if _, err := demo.Build(bg, st, demo.Options{N: 400, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	engine := pipeline.NewEngine(st, pipeline.EngineOptions{Rand: func() *rand.Rand { return rand.New(rand.NewPCG(1, 11)) }})
	s, _ := newServer(t, st, server.Options{Engine: engine})
	ts := httptest.NewServer(s)
	defer ts.Close()

	pages := []struct{ name, path string }{
		{"overview", "/"},
		{"claims", "/claims"},
		{"reconcile-killed", "/reconcile"},
		{"reconcile-wounded", "/reconcile?measure=wounded"},
		{"estimates", "/estimates"},
		{"lists", "/lists"},
		{"link", "/link"},
		{"estimates-run", "/estimates/run"},
	}
	es, err := st.Estimates(bg, reckon.EstimateFilter{})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[reckon.Method]bool{}
	for _, e := range es {
		if !seen[e.Method] && e.Stratum == "" {
			seen[e.Method] = true
			pages = append(pages, struct{ name, path string }{"estimate-" + string(e.Method), fmt.Sprintf("/estimates/%d", e.ID)})
		}
	}
	if len(seen) < 3 {
		t.Fatalf("the demo has estimates of %d methods: the test would check too few charts", len(seen))
	}
	ps, err := st.Persons(bg, reckon.PersonFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		if len(p.Records) > 2 {
			pages = append(pages, struct{ name, path string }{"person", fmt.Sprintf("/persons/%d", p.ID)})
			break
		}
	}
	srcs, err := st.Sources(bg)
	if err != nil {
		t.Fatal(err)
	}
	if len(srcs) > 0 {
		pages = append(pages, struct{ name, path string }{"source", fmt.Sprintf("/sources/%d", srcs[0].ID)})
	}

	for _, width := range []int64{phoneWidth, 768, 1200} {
		step(t, ctx, "viewport", chromedp.EmulateViewport(width, 812))
		charts := 0
		for _, p := range pages {
			step(t, ctx, fmt.Sprintf("%d px %s", width, p.path), chromedp.Navigate(ts.URL+p.path), chromedp.WaitVisible(chromedp.CSS("h1")))
			spill, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](chartOverflow))
			if err != nil {
				t.Fatalf("%s: %v", p.path, err)
			}
			if len(spill) > 0 {
				t.Errorf("%s at %d px: %s", p.path, width, strings.Join(spill, "; "))
				wide, _ := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("body *")].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && !(e.parentElement && e.parentElement.getBoundingClientRect().right > window.innerWidth + 1)).slice(0, 8).map(e => e.tagName + "." + e.className + " " + Math.round(e.getBoundingClientRect().right) + ": " + (e.textContent || "").slice(0, 60))`))
				t.Logf("what reaches past the screen: %q", wide)
			}
			bad, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](charttest.Words))
			if err != nil {
				t.Fatalf("%s: %v", p.path, err)
			}
			for i, b := range bad {
				if i == 8 {
					t.Errorf("%s at %d px: and %d more", p.path, width, len(bad)-i)
					break
				}
				t.Errorf("%s at %d px: %s", p.path, width, b)
			}
			n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`[...document.querySelectorAll("figure svg, svg.timeline, svg.strip")].filter(e => e.getBoundingClientRect().width > 0).length`))
			if err != nil {
				t.Fatal(err)
			}
			charts += n
			if width != 768 {
				shot(t, ctx, dir, fmt.Sprintf("%d-%s", width, p.name))
				shotCharts(t, ctx, dir, fmt.Sprintf("%d-%s", width, p.name))
			}
		}
		if charts < 10 {
			t.Errorf("only %d charts shown on the pages at %d px: the test checks too little", charts, width)
		}
	}
	// The checks themselves catch a chart wider than the screen, and
	// words drawn too small, cut or on top of each other.
	step(t, ctx, "phone", chromedp.EmulateViewport(phoneWidth, 812))
	step(t, ctx, "a wide chart", chromedp.Navigate(ts.URL+"/reconcile"), chromedp.WaitVisible(chromedp.CSS("h1")))
	spill, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`(s => (s.style.width = "900px", s.style.maxWidth = "none"))([...document.querySelectorAll("figure svg")].find(e => e.getBoundingClientRect().width > 0)), `+chartOverflow))
	if err != nil || len(spill) == 0 {
		t.Errorf("a 900 px chart passes the check (%v)", err)
	}
	for _, tt := range []struct{ name, js, want string }{
		{"small", `(s => s.style.fontSize = "4px")([...document.querySelectorAll("figure svg text")].find(e => e.getBoundingClientRect().width > 0))`, "drawn at"},
		{"cut", `(s => s.setAttribute("x", "-40"))([...document.querySelectorAll("figure svg text")].find(e => e.getBoundingClientRect().width > 0))`, "cut by"},
		{"overlap", `(ts => (ts[1].setAttribute("x", ts[0].getAttribute("x")), ts[1].setAttribute("y", ts[0].getAttribute("y"))))([...document.querySelectorAll("figure svg text")].filter(e => e.getBoundingClientRect().width > 0))`, "overlaps"},
	} {
		step(t, ctx, tt.name, chromedp.Navigate(ts.URL+"/reconcile"), chromedp.WaitVisible(chromedp.CSS("h1")))
		bad, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](tt.js+`, `+charttest.Words))
		if err != nil || !strings.Contains(strings.Join(bad, "; "), tt.want) {
			t.Errorf("a chart's text %s passes the check: %q (%v)", tt.name, bad, err)
		}
	}
}

// shotCharts keeps a screenshot of each chart shown on the page (each
// figure and each strip), named after the page's and numbered, so that
// the charts can be checked by eye at the size they are drawn.
func shotCharts(t *testing.T, ctx context.Context, dir, name string) {
	t.Helper()
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`(() => { let i = 0; document.querySelectorAll("figure, svg.strip").forEach(e => { if (e.getBoundingClientRect().width > 0) e.dataset.chart = i++; }); return i; })()`))
	if err != nil {
		t.Fatalf("charts of %s: %v", name, err)
	}
	for i := range n {
		png, err := chromedp.Run(ctx, chromedp.Screenshot(chromedp.CSS(fmt.Sprintf(`[data-chart="%d"]`, i))))
		if err != nil {
			t.Fatalf("screenshot of chart %d of %s: %v", i, name, err)
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s-chart%d.png", name, i)), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
