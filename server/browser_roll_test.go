package server_test

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/server"
)

// TestBrowserRoll walks the public roll as a family would, on each store
// (issue 16): without signing in, searches in Cyrillic for a man the
// lists know only in Hangul, opens his page (names, sources, citation),
// reports a wrong unit with a contact, and is thanked; an analyst signs
// in, finds the report with its contact in the queue and accepts it.
// The roll, the person's page and the queue are checked at a phone's
// width, and the page's print style hides the form and the navigation.
func TestBrowserRoll(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test")
	}
	eachStore(t, testBrowserRoll)
}

func testBrowserRoll(t *testing.T, st reckon.Store) {
	ctx := browserWithin(t, 2*time.Minute)
	dir := artifacts(t)
	w := newRollWorkspace(t, st)
	addUsers(t, st)
	h := w.server(t, server.Options{Now: time.Now})
	ts := httptest.NewServer(h)
	defer ts.Close()
	u := ts.URL
	visible := func(sel string) chromedp.Action[chromedp.Void] { return chromedp.WaitVisible(chromedp.CSS(sel)) }

	// Anonymous: the roll is the entry point, searched in Cyrillic.
	step(t, ctx, "open the roll", chromedp.Navigate(u+"/roll"), visible("#roll-search"))
	if got := text(t, ctx, "#sign-in"); got != "Sign in" {
		t.Errorf("the roll's reader is signed in: %q", got)
	}
	step(t, ctx, "search in Cyrillic", chromedp.SendKeys(chromedp.CSS("#roll-q"), "Пак Мён Хо"), chromedp.Submit(chromedp.CSS("#roll-q")), visible("#roll-results"))
	if got := text(t, ctx, "#roll-results"); !strings.Contains(got, "박명호") || strings.Contains(got, rollSecretTown) {
		t.Errorf("results of the Cyrillic search: %q", got)
	}
	shot(t, ctx, dir, "01-roll-search")
	step(t, ctx, "open the person", chromedp.Click(chromedp.CSS(`#roll-results a[href="/roll/kcna/k2"]`)), visible("#roll-person"))
	if got := text(t, ctx, "h1"); got != "박명호" {
		t.Errorf("person page h1 %q", got)
	}
	cite := text(t, ctx, "#roll-citation")
	if !strings.HasPrefix(cite, "“박명호”, reckon roll, Test roll, person kcna/k2, https://roll.example.org/roll/kcna/k2, retrieved ") {
		t.Errorf("citation %q", cite)
	}
	if got := text(t, ctx, "#roll-sources"); !strings.Contains(got, "Ministry lists") {
		t.Errorf("sources %q", got)
	}
	if body := text(t, ctx, "main"); strings.Contains(body, rollSecretTown) {
		t.Error("the public page shows a sensitive home town")
	}
	shot(t, ctx, dir, "02-roll-person")

	// Printed: no navigation, no form, the citation kept.
	step(t, ctx, "print media", media("print"))
	hidden, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`getComputedStyle(document.querySelector("header.top")).display === "none" &&
		getComputedStyle(document.getElementById("report")).display === "none" &&
		getComputedStyle(document.getElementById("roll-citation")).display !== "none"`))
	if err != nil || !hidden {
		t.Errorf("print style: navigation and form hidden, citation shown = %v (%v)", hidden, err)
	}
	step(t, ctx, "screen media", media(""))

	// A report of a correction, with a contact.
	step(t, ctx, "report", chromedp.SetValue(chromedp.CSS("#rep-field"), "unit"),
		chromedp.SendKeys(chromedp.CSS("#rep-text"), "He served in the 7th Corps; his discharge papers say so."),
		chromedp.SendKeys(chromedp.CSS("#rep-name"), "his sister"), chromedp.SendKeys(chromedp.CSS("#rep-contact"), "sister@example.org"),
		chromedp.Submit(chromedp.CSS("#rep-text")), visible("#report-received"))
	shot(t, ctx, dir, "03-report-received")
	if body := text(t, ctx, "main"); strings.Contains(body, "sister@example.org") {
		t.Error("the public page shows the reporter's contact")
	}
	noWiderThanPhone(t, ctx, u, "/roll?q=%D0%9F%D0%B0%D0%BA+%D0%9C%D1%91%D0%BD+%D0%A5%D0%BE", "/roll/kcna/k2")
	step(t, ctx, "phone person", chromedp.EmulateViewport(390, 844), chromedp.Navigate(u+"/roll/kcna/k2"), visible("h1"))
	shot(t, ctx, dir, "04-person-phone")
	step(t, ctx, "desktop", chromedp.EmulateViewport(1200, 900))

	// The queue: an analyst signs in and finds the report, contact and all.
	step(t, ctx, "open the queue", chromedp.Navigate(u+"/corrections"), visible("#login-name"))
	step(t, ctx, "sign in", chromedp.SendKeys(chromedp.CSS("#login-name"), "analyst"), chromedp.SendKeys(chromedp.CSS("#login-password"), testPassword),
		chromedp.Submit(chromedp.CSS("#login-password")), visible("#report-queue"))
	q := text(t, ctx, "#report-queue")
	for _, want := range []string{"7th Corps", "his sister", "sister@example.org", "kcna/k2", "correction of unit"} {
		if !strings.Contains(q, want) {
			t.Errorf("the queue lacks %q: %q", want, q)
		}
	}
	shot(t, ctx, dir, "05-queue")
	noWiderThanPhone(t, ctx, u, "/corrections")
	step(t, ctx, "accept", chromedp.SendKeys(chromedp.CSS(".resolve textarea"), "unit corrected in the next import"),
		chromedp.Click(chromedp.CSS(`.resolve button[value="accept"]`)), visible(`p[role="status"]`)) // "No open reports."
	step(t, ctx, "accepted reports", chromedp.Navigate(u+"/corrections?status=accepted"), visible("#report-queue"))
	if got := text(t, ctx, "#report-queue"); !strings.Contains(got, "accepted by analyst") || !strings.Contains(got, "unit corrected") {
		t.Errorf("accepted report: %q", got)
	}
	shot(t, ctx, dir, "06-accepted")
}

// media emulates a CSS media type ("print"; "" ends the emulation).
func media(m string) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: m})
		return chromedp.Void{}, err
	}
}
