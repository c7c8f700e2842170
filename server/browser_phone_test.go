package server_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/demo"
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
// follow link and estimate runs fit a phone of 375 px: no page wider
// than the screen, no chart past its edges or scrolling inside. A
// screenshot of each is kept, to be checked by eye.
func TestBrowserChartsPhone(t *testing.T) {
	ctx := browserWithin(t, 4*60e9)
	dir := artifacts(t)
	st := openStore(t)
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

	step(t, ctx, "phone", chromedp.EmulateViewport(phoneWidth, 812))
	charts := 0
	for _, p := range pages {
		step(t, ctx, "phone "+p.path, chromedp.Navigate(ts.URL+p.path), chromedp.WaitVisible(chromedp.CSS("h1")))
		spill, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](chartOverflow))
		if err != nil {
			t.Fatalf("%s: %v", p.path, err)
		}
		if len(spill) > 0 {
			t.Errorf("%s at %d px: %s", p.path, phoneWidth, strings.Join(spill, "; "))
			wide, _ := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("body *")].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && !(e.parentElement && e.parentElement.getBoundingClientRect().right > window.innerWidth + 1)).slice(0, 8).map(e => e.tagName + "." + e.className + " " + Math.round(e.getBoundingClientRect().right) + ": " + (e.textContent || "").slice(0, 60))`))
			t.Logf("what reaches past the screen: %q", wide)
		}
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("figure svg, svg.timeline, svg.strip").length`))
		if err != nil {
			t.Fatal(err)
		}
		charts += n
		// How large the smallest label of a chart is drawn: charts scale
		// down to fit, and their words with them (logged for the eye;
		// the screenshots show it).
		small, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`Math.min(Infinity, ...[...document.querySelectorAll("figure svg text")].map(e => e.getBoundingClientRect().height).filter(h => h > 0))`))
		if err == nil && small < 1e9 {
			t.Logf("%s: smallest chart label %.1f px high", p.path, small)
		}
		shot(t, ctx, dir, "phone-375-"+p.name)
	}
	if charts < 10 {
		t.Errorf("only %d charts on the pages: the test checks too little", charts)
	}
	// The check itself catches a chart wider than the screen.
	step(t, ctx, "a wide chart", chromedp.Navigate(ts.URL+"/reconcile"), chromedp.WaitVisible(chromedp.CSS("h1")))
	spill, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`document.querySelector("figure svg").style.width = "900px", document.querySelector("figure svg").style.maxWidth = "none", `+chartOverflow))
	if err != nil || len(spill) == 0 {
		t.Errorf("a 900 px chart passes the check (%v)", err)
	}
}
