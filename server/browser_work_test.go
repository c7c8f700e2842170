package server_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/pipeline"
	"github.com/reckonhq/reckon/server"
)

// TestBrowserWork does the whole job in the browser, on each store, as
// a newsroom analyst who never opens a terminal (issue 15): signs in
// from a page and comes back to it; adds a source (a mistake keeps what
// was typed); pastes an article; adds by selecting it a figure the
// extractor missed; uploads a semicolon list in CP949, sees it read and
// maps its columns, one sensitive; links the records and estimates the
// total, each followed on its progress page; adds a user and a token;
// sends a form after the session ended without losing the reason typed;
// signs out. Every page it passes is screenshotted, and the new pages
// are checked at a phone's width.
func TestBrowserWork(t *testing.T) {
	if os.Getenv("RECKON_TEST_BROWSER") == "" {
		t.Skip("RECKON_TEST_BROWSER is not set: set it to a Chromium binary (CI sets /usr/bin/chromium) to run the browser tests")
	}
	eachStore(t, testBrowserWork)
}

func testBrowserWork(t *testing.T, st reckon.Store) {
	ctx := browserWithin(t, 3*time.Minute)
	dir := artifacts(t)
	bg := reckon.WithPersonalData(context.Background())
	addUsers(t, st)
	s, _ := newServer(t, st, server.Options{Auth: true, Now: time.Now, ResponseTTL: -1, Engine: pipeline.NewEngine(st, pipeline.EngineOptions{})})
	t.Cleanup(func() { s.Close(context.Background()) })
	ts := httptest.NewServer(s)
	defer ts.Close()
	u := ts.URL
	visible := func(sel string) chromedp.Action[chromedp.Void] { return chromedp.WaitVisible(chromedp.CSS(sel)) }
	eval := func(js string) {
		t.Helper()
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[any](js)); err != nil {
			t.Fatalf("%s: %v", js, err)
		}
	}

	// A reader opens a work page; the sign-in brings them back to it.
	step(t, ctx, "open add a source", chromedp.Navigate(u+"/sources/new"), visible("#login-name"))
	shot(t, ctx, dir, "01-sign-in")
	step(t, ctx, "sign in", chromedp.SendKeys(chromedp.CSS("#login-name"), "admin"), chromedp.SendKeys(chromedp.CSS("#login-password"), testPassword),
		chromedp.Submit(chromedp.CSS("#login-password")), visible("#source-form"))
	if got := text(t, ctx, "#signed-in"); got != "Signed in as admin (admin)" {
		t.Errorf("signed in as %q", got)
	}

	// A source: a bad address is refused and what was typed stays.
	step(t, ctx, "a source with a bad address", chromedp.SendKeys(chromedp.CSS("#src-name"), "Memorial Kyiv"),
		chromedp.SetValue(chromedp.CSS("#src-kind"), "ngo"), chromedp.SetValue(chromedp.CSS("#src-grade"), "B2"),
		chromedp.SetValue(chromedp.CSS("#src-url"), "memorial"), chromedp.SendKeys(chromedp.CSS("#src-note"), "keeps a roll of the fallen"),
		chromedp.SetAttributeValue(chromedp.CSS("#src-url"), "type", "text"), // past the browser's own check, to the server's
		chromedp.Submit(chromedp.CSS("#src-name")), visible("#form-error"))
	if v := attr(t, ctx, "#src-name", "value"); v != "Memorial Kyiv" || !strings.Contains(text(t, ctx, "#form-error"), "http or https") {
		t.Errorf("after the error: name %q, error %q", v, text(t, ctx, "#form-error"))
	}
	if got, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("src-note").value`)); got != "keeps a roll of the fallen" {
		t.Errorf("note after the error %q", got)
	}
	shot(t, ctx, dir, "02-source-error")
	step(t, ctx, "the source", chromedp.SetValue(chromedp.CSS("#src-url"), "https://memorial.example.org"), chromedp.Submit(chromedp.CSS("#src-name")), visible(".facts"))
	if got := text(t, ctx, "h1"); got != "Memorial Kyiv" {
		t.Fatalf("source page h1 %q", got)
	}
	shot(t, ctx, dir, "03-source")
	step(t, ctx, "grade it again", chromedp.Click(chromedp.CSS("#edit-source")), visible("#source-edit"),
		chromedp.SetValue(chromedp.CSS("#src-grade"), "A2"), chromedp.Submit(chromedp.CSS("#src-grade")), visible(".facts"))
	if got := text(t, ctx, ".facts .grade"); got != "A2" {
		t.Errorf("grade after editing %q", got)
	}

	// An article pasted, with its language and date.
	article := "Kyiv, 19 December. The ministry said at least 1,200 soldiers were killed in the fighting.\nVolunteers later counted 35 more graves."
	step(t, ctx, "add a document", chromedp.Click(chromedp.CSS(`a[href^="/documents/new"]`)), visible("#document-form"),
		chromedp.SendKeys(chromedp.CSS("#doc-title"), "Ministry statement"), chromedp.SendKeys(chromedp.CSS("#doc-published"), "2024-12-19"),
		chromedp.SetValue(chromedp.CSS("#doc-lang"), "en"), chromedp.SetValue(chromedp.CSS("#doc-text"), article))
	shot(t, ctx, dir, "04-document-form")
	// The footer comes after the page's scripts: they have run.
	step(t, ctx, "send the document", chromedp.Submit(chromedp.CSS("#doc-title")), visible("#added"), visible("footer"))
	if got := text(t, ctx, ".doctext mark"); got != "at least 1,200" {
		t.Errorf("highlighted figure %q", got)
	}

	// A figure with more words than the extractor took: select "35
	// more" (across its highlight) and add it as a claim of its own.
	eval(`(function(){var m=[].find.call(document.querySelectorAll(".doctext mark"),function(x){return x.textContent==="35"});
		var r=document.createRange();r.setStart(m.querySelector("a").firstChild,0);r.setEnd(m.nextSibling,5);
		var s=window.getSelection();s.removeAllRanges();s.addRange(r);
		document.querySelector(".doctext").dispatchEvent(new MouseEvent("mouseup",{bubbles:true}));})()`)
	span, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("add-span").value`))
	after, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("add-after").value`))
	if want := fmt.Sprint(strings.Index(article, "35 more")); span != "35 more" || after != want {
		t.Errorf("selecting the figure filled span %q after %q, want \"35 more\" after %s", span, after, want)
	}
	shot(t, ctx, dir, "05-document-select")
	step(t, ctx, "add the claim", chromedp.SetValue(chromedp.CSS("#add-measure"), "killed"), chromedp.SetValue(chromedp.CSS("#add-qualifier"), "exact"),
		chromedp.SendKeys(chromedp.CSS("#add-low"), "35"), chromedp.SendKeys(chromedp.CSS("#add-high"), "35"), chromedp.SendKeys(chromedp.CSS("#add-subject"), "graves counted by volunteers"),
		chromedp.Submit(chromedp.CSS("#add-span")), visible("blockquote.context mark"))
	if got := text(t, ctx, "blockquote.context mark"); got != "35 more" {
		t.Errorf("new claim's span %q", got)
	}
	shot(t, ctx, dir, "06-claim-added")

	// A list in CP949 with semicolons: read as such, one column mapped,
	// one sensitive, imported.
	csv := filepath.Join(t.TempDir(), "roll-2024.csv")
	if err := os.WriteFile(csv, []byte(encodeCP949(t, "no;성명;부대;연락처\nr1;김철민;1 사단;010-1234\nr2;리영호;2 사단;010-5678\nr3;박정수;3 사단;010-9999\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	step(t, ctx, "import a list", chromedp.Navigate(u+"/lists"), chromedp.Click(chromedp.CSS(`a[href="/lists/import"]`)), visible("#import-form"),
		chromedp.SetUploadFiles(chromedp.CSS("#imp-file"), []string{csv}), chromedp.Submit(chromedp.CSS("#imp-file")), visible("#dialect"))
	if got := text(t, ctx, "#dialect"); !strings.Contains(got, "reads as cp949 (detected), semicolon-separated (detected)") {
		t.Errorf("dialect shown %q", got)
	}
	if got := text(t, ctx, "table.mapping tbody"); !strings.Contains(got, "김철민") {
		t.Errorf("first rows %q", got)
	}
	shot(t, ctx, dir, "07-import-preview")
	step(t, ctx, "map and import", chromedp.SetValue(chromedp.CSS("#map-0"), "record_id"), chromedp.SetValue(chromedp.CSS("#map-1"), "name"),
		chromedp.SetValue(chromedp.CSS("#map-2"), "unit"), chromedp.Click(chromedp.CSS("#sens-3")), chromedp.Click(chromedp.CSS("#do-import")), visible("#import-result"))
	if got := text(t, ctx, "#import-result"); !strings.Contains(got, "Imported 3 records into the list roll-2024") {
		t.Errorf("import result %q", got)
	}
	shot(t, ctx, dir, "08-imported")
	recs, err := st.Records(bg, reckon.RecordFilter{List: "roll-2024"})
	if err != nil || len(recs) != 3 || recs[0].Unit != "1 사단" || len(recs[0].Sensitive) != 1 {
		t.Fatalf("records imported: %+v, %v", recs, err)
	}

	// Link, followed on its page until done.
	step(t, ctx, "link", chromedp.Click(chromedp.CSS(`a[href="/link"]`)), visible("#link-form"), chromedp.Submit(chromedp.CSS("#link-form")),
		chromedp.WaitVisible(chromedp.CSS(`#link-status a[href="/persons"]`)))
	if got := text(t, ctx, "#link-status"); !strings.Contains(got, "into 3 persons") {
		t.Errorf("link status %q", got)
	}
	shot(t, ctx, dir, "09-linked")

	// Estimates: the minimum and Chao's bound, without draws.
	step(t, ctx, "estimate", chromedp.Navigate(u+"/estimates/run"), visible("#estimate-form"),
		chromedp.Evaluate[chromedp.Void](`document.querySelectorAll("input[name=method]").forEach(function(c){c.checked=c.value==="chao"})`),
		chromedp.SetValue(chromedp.CSS("#est-draws"), "0"))
	shot(t, ctx, dir, "10-estimate-form")
	step(t, ctx, "run the estimates", chromedp.Submit(chromedp.CSS("#est-draws")), visible("#estimate-done"))
	if got := text(t, ctx, "#estimate-done"); !strings.Contains(got, "minimum") {
		t.Errorf("estimates of the run %q", got)
	}
	shot(t, ctx, dir, "11-estimated")

	// A user, and a token for them.
	step(t, ctx, "users", chromedp.Click(chromedp.CSS(`.who a[href="/users"]`)), visible("#user-form"),
		chromedp.SendKeys(chromedp.CSS("#new-name"), "dana"), chromedp.SetValue(chromedp.CSS("#new-role"), "reviewer"), chromedp.Submit(chromedp.CSS("#new-name")), visible("#secret"))
	if got := text(t, ctx, "#done"); !strings.Contains(got, "Added dana (reviewer)") {
		t.Errorf("user added: %q", got)
	}
	eval(`document.getElementById("secret").remove()`) // so that the wait below is for the next page's
	step(t, ctx, "a token", chromedp.SendKeys(chromedp.CSS(`#user-dana input[name="token_name"]`), "laptop"), chromedp.Submit(chromedp.CSS(`#user-dana input[name="token_name"]`)),
		visible("#secret"))
	if got := text(t, ctx, "#secret"); !strings.HasPrefix(got, "rk_") {
		t.Errorf("token secret %q", got)
	}
	shot(t, ctx, dir, "12-users")

	// The session ends (another browser signed out) while a reason is
	// being typed; the sign-in keeps it and sends it after.
	claims, err := st.Claims(bg, reckon.ClaimFilter{})
	if err != nil || len(claims) == 0 {
		t.Fatal(err)
	}
	claim := fmt.Sprintf("/claims/%d", claims[0].ID)
	step(t, ctx, "open a claim", chromedp.Navigate(u+claim), visible("#reject-why"), chromedp.SendKeys(chromedp.CSS("#reject-why"), "the ministry withdrew it"))
	admin, err := st.UserByName(bg, "admin")
	if err != nil {
		t.Fatal(err)
	}
	if err := st.EndSessions(reckon.WithActor(bg, "admin"), admin.ID); err != nil {
		t.Fatal(err)
	}
	step(t, ctx, "send after the session ended", chromedp.Submit(chromedp.CSS("#reject-why")), visible("#draft-h"))
	shot(t, ctx, dir, "13-sign-in-keeps-the-form")
	step(t, ctx, "sign in again", chromedp.SendKeys(chromedp.CSS("#login-name"), "admin"), chromedp.SendKeys(chromedp.CSS("#login-password"), testPassword),
		chromedp.Submit(chromedp.CSS("#login-password")), visible("#resume"))
	shot(t, ctx, dir, "14-send-it")
	step(t, ctx, "send it", chromedp.Submit(chromedp.CSS("#resume")), visible(".history"))
	if got := text(t, ctx, ".history"); !strings.Contains(got, "admin rejected: “the ministry withdrew it”") {
		t.Errorf("history after sending again %q", got)
	}

	// The new pages on a phone.
	doc := fmt.Sprintf("/documents/%d", claims[0].DocumentID)
	noWiderThanPhone(t, ctx, u, "/sources/new", "/documents/new", "/lists/import", "/link", "/estimates/run", "/users", doc, claim)
	step(t, ctx, "phone import", chromedp.EmulateViewport(390, 844), chromedp.Navigate(u+"/lists/import"), visible("h1"))
	shot(t, ctx, dir, "15-import-phone")
	step(t, ctx, "phone users", chromedp.Navigate(u+"/users"), visible("h1"))
	shot(t, ctx, dir, "16-users-phone")
	step(t, ctx, "desktop", chromedp.EmulateViewport(1200, 900))

	// Signing out: the forms go, the sign-in link comes.
	step(t, ctx, "sign out", chromedp.Navigate(u+claim), visible(`form[action="/logout"] button`), chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)), visible("#sign-in"))
	step(t, ctx, "claim signed out", chromedp.Navigate(u+claim), visible("#sign-in"))
	if n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("main form").length`)); err != nil || n != 0 {
		t.Errorf("signed out, the claim page has %d forms (%v)", n, err)
	}
	shot(t, ctx, dir, "17-signed-out")
}
