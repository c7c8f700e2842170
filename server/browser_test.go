// The browser tests drive headless Chromium (Debian's chromium package)
// through chromedp. CI installs it and says where it is:
//
//	RECKON_TEST_BROWSER=/usr/bin/chromium go test -run Browser ./server
//
// Without RECKON_TEST_BROWSER they skip, saying so. Screenshots of the
// main pages are kept in the folder RECKON_TEST_ARTIFACTS names (a
// temporary folder otherwise, whose path the test logs).

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
	"github.com/reckonhq/reckon/pipeline"
	"github.com/reckonhq/reckon/server"
)

// browser starts headless Chromium for t from RECKON_TEST_BROWSER with a
// fresh profile, and skips t when that variable is not set.
// The tests may take two minutes: go test ./... runs other packages
// beside them on a machine of two cores, where TestBrowserDemo took over
// 50 seconds.
func browser(t *testing.T) context.Context {
	t.Helper()
	return browserWithin(t, 2*time.Minute)
}

// browserWithin is browser for a test that may take up to d.
func browserWithin(t *testing.T, d time.Duration) context.Context {
	t.Helper()
	path := os.Getenv("RECKON_TEST_BROWSER")
	if path == "" {
		t.Skip("RECKON_TEST_BROWSER is not set: set it to a Chromium binary (CI sets /usr/bin/chromium) to run the browser tests")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1200, 900),
	}
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(cancel)
	ctx, cancel = context.WithTimeout(ctx, d)
	t.Cleanup(cancel)
	return ctx
}

// artifacts returns the folder for screenshots.
func artifacts(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("RECKON_TEST_ARTIFACTS")
	if dir == "" {
		dir = t.TempDir()
	} else {
		dir = filepath.Join(dir, t.Name())
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshots in %s", dir)
	return dir
}

// shot keeps a full-page screenshot as an artefact.
func shot(t *testing.T, ctx context.Context, dir, name string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)) // quality 100: PNG
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
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

func attr(t *testing.T, ctx context.Context, sel, name string) string {
	t.Helper()
	a, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS(sel), name))
	if err != nil || !a.Exists {
		t.Fatalf("attribute %s of %s: %v (exists %v)", name, sel, err, a.Exists)
	}
	return a.Value
}

func step(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// noWiderThanPhone checks that nothing of the pages is wider than a
// phone's screen.
func noWiderThanPhone(t *testing.T, ctx context.Context, base string, paths ...string) {
	t.Helper()
	step(t, ctx, "phone", chromedp.EmulateViewport(390, 844))
	for _, p := range paths {
		step(t, ctx, "phone "+p, chromedp.Navigate(base+p), chromedp.WaitVisible(chromedp.CSS("h1")))
		wide, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`))
		if err != nil || wide {
			t.Errorf("%s on a phone: wider than the screen (%v)", p, err)
		}
	}
	step(t, ctx, "desktop", chromedp.EmulateViewport(1200, 900))
}

// TestBrowserClaimFlow opens the overview, follows the killed measure to
// a claim, sees its sentence highlighted, rejects it with a reason and
// sees the decision in its history; then checks keyboard use and a
// phone's width.
func TestBrowserClaimFlow(t *testing.T) {
	ctx := browser(t)
	dir := artifacts(t)
	f := newFixture(t)
	s, _ := newServer(t, f.st, server.Options{})
	ts := httptest.NewServer(s)
	defer ts.Close()

	step(t, ctx, "open the overview", chromedp.Navigate(ts.URL+"/"), chromedp.WaitVisible(chromedp.CSS("#m-killed")))
	if got := text(t, ctx, "h1"); got != "Overview" {
		t.Fatalf("overview h1 %q", got)
	}

	// The first Tab lands on the skip link.
	step(t, ctx, "tab", chromedp.KeyEvent("\t"))
	if active, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.textContent`)); err != nil || active != "Skip to content" {
		t.Errorf("first Tab focuses %q, %v; want the skip link", active, err)
	}

	step(t, ctx, "follow killed", chromedp.Click(chromedp.CSS("#m-killed a")), chromedp.WaitVisible(chromedp.CSS("figure.plot svg")))
	step(t, ctx, "open the claim", chromedp.Click(chromedp.CSS(`td a[href="/claims/1"]`)), chromedp.WaitVisible(chromedp.CSS("blockquote.context mark")))
	if got := text(t, ctx, "blockquote.context mark"); got != "at least 300" {
		t.Fatalf("highlighted span %q, want %q", got, "at least 300")
	}
	if got := text(t, ctx, "blockquote.context"); !strings.Contains(got, "Officials said at least 300 soldiers were killed") {
		t.Errorf("context %q", got)
	}

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
	shot(t, ctx, dir, "document")

	// A record named <script> is text on the person's page.
	step(t, ctx, "person with markup", chromedp.Navigate(fmt.Sprintf("%s/persons/%d", ts.URL, f.personOf(t, 1))), chromedp.WaitVisible(chromedp.CSS("h1")))
	if got := text(t, ctx, "h1"); got != evilRecord {
		t.Errorf("person h1 %q, want the record's name as text", got)
	}
	noWiderThanPhone(t, ctx, ts.URL, "/", "/claims", "/claims/2", "/records", "/sources")
}

// demoPerson finds a person of the demo with a romanised record in list
// gur and a Cyrillic one in list captured.
func demoPerson(t *testing.T, st reckon.Store) (id int64, latin, cyrillic string) {
	t.Helper()
	ps, err := st.Persons(context.Background(), reckon.PersonFilter{Limit: 2000})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		latin, cyrillic = "", ""
		for _, r := range p.Records {
			switch {
			case r.List == "gur" && r.FamilyName != "" && r.GivenName != "":
				latin = r.FamilyName + " " + r.GivenName
			case r.List == "captured" && r.FamilyName != "" && r.GivenName != "":
				cyrillic = r.FamilyName + " " + r.GivenName
			}
		}
		if latin != "" && cyrillic != "" && len(p.Records) >= 3 {
			return p.ID, latin, cyrillic
		}
	}
	t.Fatal("the demo has no person with a romanised and a Cyrillic record")
	return 0, "", ""
}

// TestBrowserDemo walks the demo workspace as a user would: the overview,
// a claim's highlighted sentence, a person found by a romanisation and by
// Cyrillic, the person's records and why they were linked, the lists'
// overlaps, an estimate, the reconciliation, and a review decision made
// with one key that changes the persons at once.
func TestBrowserDemo(t *testing.T) {
	ctx := browser(t)
	dir := artifacts(t)
	st := openStore(t)
	bg := context.Background()
	if _, err := demo.Build(bg, st, demo.Options{N: 800, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	engine := pipeline.NewEngine(st, pipeline.EngineOptions{Rand: func() *rand.Rand { return rand.New(rand.NewPCG(1, 11)) }})
	s, _ := newServer(t, st, server.Options{Engine: engine})
	ts := httptest.NewServer(s)
	defer ts.Close()

	// The overview: headline of the killed, with its minimum and estimates.
	step(t, ctx, "open the overview", chromedp.Navigate(ts.URL+"/"), chromedp.WaitVisible(chromedp.CSS("#m-killed")))
	if got := text(t, ctx, "#m-killed ~ .headline a.big"); got == "" {
		t.Error("no documented minimum in the killed card")
	}
	shot(t, ctx, dir, "overview")

	// A claim and its sentence.
	step(t, ctx, "claims of the killed", chromedp.Click(chromedp.CSS("#m-killed a")), chromedp.WaitVisible(chromedp.CSS("figure.plot svg")))
	shot(t, ctx, dir, "claims")
	step(t, ctx, "open a claim", chromedp.Click(chromedp.CSS(`table td a[href^="/claims/"]`)), chromedp.WaitVisible(chromedp.CSS("blockquote.context mark")))
	span := text(t, ctx, "blockquote.context mark")
	if span == "" || !strings.Contains(text(t, ctx, "blockquote.context"), span) {
		t.Errorf("claim page: highlighted %q", span)
	}
	shot(t, ctx, dir, "claim")

	// One person, found by a romanisation and by Cyrillic.
	pid, latin, cyrillic := demoPerson(t, st)
	link := fmt.Sprintf(`table.persons a[href="/persons/%d"]`, pid)
	for _, q := range []string{latin, cyrillic} {
		step(t, ctx, "search "+q, chromedp.Navigate(ts.URL+"/persons"), chromedp.WaitVisible(chromedp.CSS("#q")),
			chromedp.SendKeys(chromedp.CSS("#q"), q), chromedp.Submit(chromedp.CSS("#q")),
			// Only the answer carries the query in its value attribute.
			chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf(`input#q[value=%q]`, q))))
		found, err := chromedp.Run(ctx, chromedp.Evaluate[bool](fmt.Sprintf(`document.querySelector(%q) !== null`, link)))
		if err != nil || !found {
			t.Errorf("searching %q does not find person %d (%v)", q, pid, err)
		}
	}
	shot(t, ctx, dir, "persons-search")
	step(t, ctx, "open the person", chromedp.Click(chromedp.CSS(link)), chromedp.WaitVisible(chromedp.CSS("table.explain")))
	if n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("table.sidebyside thead th").length`)); err != nil || n < 4 {
		t.Errorf("person page: %d columns in the side-by-side table, %v", n, err)
	}
	shot(t, ctx, dir, "person")

	step(t, ctx, "lists", chromedp.Navigate(ts.URL+"/lists"), chromedp.WaitVisible(chromedp.CSS("svg.upset")))
	shot(t, ctx, dir, "lists")
	step(t, ctx, "estimates", chromedp.Navigate(ts.URL+"/estimates?method=lcmcr"), chromedp.WaitVisible(chromedp.CSS("h1")),
		chromedp.Click(chromedp.CSS(`td a[href^="/estimates/"]`)), chromedp.WaitVisible(chromedp.CSS("svg.curve")))
	if got := text(t, ctx, "pre.cmd"); !strings.HasPrefix(got, "reckon mse input.csv --method lcmcr --seed 1 --burnin") {
		t.Errorf("reproduce command %q", got)
	}
	shot(t, ctx, dir, "estimate")
	step(t, ctx, "reconcile", chromedp.Navigate(ts.URL+"/reconcile?measure=killed"), chromedp.WaitVisible(chromedp.CSS("figure.plot svg")))
	shot(t, ctx, dir, "reconcile")

	// Review: decide the first pair with one key; the persons change.
	step(t, ctx, "review", chromedp.Navigate(ts.URL+"/review"), chromedp.WaitVisible(chromedp.CSS("#decide")))
	shot(t, ctx, dir, "review")
	pa, pb := attr(t, ctx, "#person-a", "href"), attr(t, ctx, "#person-b", "href")
	recA := text(t, ctx, "table.pair thead th:nth-child(2)")
	recB := text(t, ctx, "table.pair thead th:nth-child(3)")
	key, want := "y", "Both are now"
	if pa == pb {
		key, want = "n", "They are now"
	}
	step(t, ctx, "press "+key, chromedp.KeyEvent(key), chromedp.WaitVisible(chromedp.CSS("#decided")))
	if got := text(t, ctx, "#decided"); !strings.Contains(got, want) {
		t.Fatalf("after pressing %s: %q, want %q", key, got, want)
	}
	shot(t, ctx, dir, "review-decided")
	// The message names the two records in key order, each with its
	// person: the first link is the person of whichever sorts first.
	step(t, ctx, "the first record's person", chromedp.Click(chromedp.CSS("#decided a")), chromedp.WaitVisible(chromedp.CSS("table.sidebyside:not(.pair)")))
	head := text(t, ctx, "table.sidebyside thead")
	both := strings.Contains(head, recA) && strings.Contains(head, recB)
	if key == "y" && !both {
		t.Errorf("after deciding same, the person does not hold both %s and %s", recA, recB)
	}
	if key == "n" && both {
		t.Errorf("after deciding different, one person still holds %s and %s", recA, recB)
	}
	shot(t, ctx, dir, "person-after-review")

	// Undo with u brings the pair back.
	step(t, ctx, "undo", chromedp.Navigate(ts.URL+"/review"), chromedp.WaitVisible(chromedp.CSS("h1")), chromedp.KeyEvent("u"),
		chromedp.WaitVisible(chromedp.CSS("#undone")))
	if got := text(t, ctx, "#undone"); !strings.Contains(got, "Undid the decision") {
		t.Errorf("after undo: %q", got)
	}
	noWiderThanPhone(t, ctx, ts.URL, "/", "/persons", fmt.Sprintf("/persons/%d", pid), "/lists", "/estimates", "/reconcile", "/review")
	step(t, ctx, "phone overview", chromedp.EmulateViewport(390, 844), chromedp.Navigate(ts.URL+"/"), chromedp.WaitVisible(chromedp.CSS("h1")))
	shot(t, ctx, dir, "overview-phone")
}
