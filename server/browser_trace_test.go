package server_test

import (
	"context"
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/pipeline"
	"github.com/reckonhq/reckon/server"
	"github.com/reckonhq/reckon/synth"
)

// TestBrowserTrace is issue 16's bar for tracing, in the browser, on
// each store: a mother submits a request in Hangul through the public
// form; a list that names her son in Cyrillic is imported; a tracer
// finds the candidate in the queue with its explanation and confirms it
// with a reason; the outbox holds the notice for the tracers, not for
// the family.
func TestBrowserTrace(t *testing.T) {
	if os.Getenv("RECKON_TEST_BROWSER") == "" {
		t.Skip("RECKON_TEST_BROWSER is not set: set it to a Chromium binary (CI sets /usr/bin/chromium) to run the browser tests")
	}
	eachStore(t, testBrowserTrace)
}

func testBrowserTrace(t *testing.T, st reckon.Store) {
	ctx := browserWithin(t, 3*time.Minute)
	dir := artifacts(t)
	bg := reckon.WithTraceContacts(reckon.WithPersonalData(context.Background()))
	addUsers(t, st)
	// Two lists linked; the third, in Cyrillic, comes later.
	d, err := synth.Generate(rand.New(rand.NewPCG(7, 8)), synth.Options{N: 300, Lists: 3, Capture: 0.5})
	if err != nil {
		t.Fatal(err)
	}
	for i, list := range d.Lists[:2] {
		recs := make([]*reckon.Record, len(list))
		for j := range list {
			recs[j] = &list[j]
		}
		if _, err := st.ImportRecords(bg, &reckon.Import{List: d.ListNames[i], Hash: d.ListNames[i]}, records(recs...)); err != nil {
			t.Fatal(err)
		}
	}
	engine := pipeline.NewEngine(st, pipeline.EngineOptions{})
	if _, err := engine.Relink(bg); err != nil {
		t.Fatal(err)
	}
	// The son: in the Cyrillic list only.
	var son *synth.Person
	var sonRec reckon.Record
	for _, r := range d.Lists[2] {
		p := &d.Persons[d.Truth[r.RecordID]-1]
		elsewhere := false
		for _, l := range d.Lists[:2] {
			for _, o := range l {
				elsewhere = elsewhere || d.Truth[o.RecordID] == p.ID
			}
		}
		if !elsewhere && p.Birth.Year != 0 && r.Name != "" {
			son, sonRec = p, r
			break
		}
	}
	if son == nil {
		t.Fatal("no person in the Cyrillic list only")
	}
	file := filepath.Join(t.TempDir(), d.ListNames[2]+".csv")
	f, err := os.Create(file)
	if err != nil {
		t.Fatal(err)
	}
	cw := csv.NewWriter(f)
	cw.Write([]string{"record_id", "name", "birth_date", "unit"})
	for _, r := range d.Lists[2] {
		cw.Write([]string{r.RecordID, r.Name, r.BirthDate.String(), r.Unit})
	}
	cw.Flush()
	f.Close()

	s, _ := newServer(t, st, server.Options{Auth: true, Now: time.Now, ResponseTTL: -1, Engine: engine,
		Trace: pipeline.TraceOptions{Notify: []pipeline.NoticeTarget{{Channel: "smtp", To: "tracers@example.org"}}}})
	t.Cleanup(func() { s.Close(context.Background()) })
	ts := httptest.NewServer(s)
	defer ts.Close()
	u := ts.URL
	visible := func(sel string) chromedp.Action[chromedp.Void] { return chromedp.WaitVisible(chromedp.CSS(sel)) }

	// The mother, signed in nowhere, writes in Hangul.
	hangul := son.FamilyNorth + son.Given
	step(t, ctx, "open the form", chromedp.Navigate(u+"/trace/new"), visible("#trace-form"))
	step(t, ctx, "fill in the form", chromedp.SendKeys(chromedp.CSS("#tr-name0"), hangul), chromedp.SendKeys(chromedp.CSS("#tr-born"), fmt.Sprint(son.Birth.Year)),
		chromedp.SendKeys(chromedp.CSS("#tr-rel"), "어머니"), chromedp.SendKeys(chromedp.CSS("#tr-email"), "mother@example.org"),
		chromedp.SendKeys(chromedp.CSS("#tr-last"), "편지, 2024년 10월"), chromedp.Click(chromedp.CSS("#tr-consent")))
	shot(t, ctx, dir, "01-trace-form")
	step(t, ctx, "send it", chromedp.Submit(chromedp.CSS("#tr-name0")), visible("#trace-done"))
	shot(t, ctx, dir, "02-trace-sent")
	reqs, err := st.TraceRequests(bg, reckon.TraceFilter{})
	if err != nil || len(reqs) != 1 || reqs[0].Sought.Names[0] != hangul {
		t.Fatalf("stored requests %v, %v", reqs, err)
	}
	req := reqs[0]

	// An analyst (here the admin) imports the Cyrillic list.
	step(t, ctx, "sign in to import", chromedp.Navigate(u+"/lists/import"), visible("#login-name"),
		chromedp.SendKeys(chromedp.CSS("#login-name"), "admin"), chromedp.SendKeys(chromedp.CSS("#login-password"), testPassword),
		chromedp.Submit(chromedp.CSS("#login-password")), visible("#import-form"))
	step(t, ctx, "upload the list", chromedp.SetUploadFiles(chromedp.CSS("#imp-file"), []string{file}), chromedp.Submit(chromedp.CSS("#imp-file")), visible("#do-import"))
	step(t, ctx, "import it", chromedp.Click(chromedp.CSS("#do-import")), visible("#import-result"))
	shot(t, ctx, dir, "03-imported")
	step(t, ctx, "sign out", chromedp.Navigate(u+"/lists"), visible(`form[action="/logout"] button`), chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)), visible("#sign-in"))

	// The tracer finds the candidate with its explanation.
	sonIDs, err := st.Records(bg, reckon.RecordFilter{List: d.ListNames[2], RecordID: sonRec.RecordID})
	if err != nil || len(sonIDs) != 1 {
		t.Fatalf("the son's record: %v, %v", sonIDs, err)
	}
	cand := fmt.Sprintf("#candidate-%d-%d", req.ID, sonIDs[0].ID)
	step(t, ctx, "sign in as a tracer", chromedp.Navigate(u+"/trace"), visible("#login-name"),
		chromedp.SendKeys(chromedp.CSS("#login-name"), "tracer"), chromedp.SendKeys(chromedp.CSS("#login-password"), testPassword),
		chromedp.Submit(chromedp.CSS("#login-password")), visible("#queue-h"))
	step(t, ctx, "the candidate", visible(cand))
	got := text(t, ctx, cand)
	if !strings.Contains(got, sonRec.Name) || !strings.Contains(got, "given_name") || !strings.Contains(got, "match weight") {
		t.Errorf("candidate shown as %q", got)
	}
	shot(t, ctx, dir, "04-trace-queue")
	step(t, ctx, "confirm it", chromedp.SendKeys(chromedp.CSS(cand+" input[name=reason]"), "이름과 출생년도가 같다; same name and birth year"),
		chromedp.Click(chromedp.CSS(cand+` button[value="confirm"]`)), visible("#trace-status"))
	if got := text(t, ctx, "#trace-status"); got != "confirmed" {
		t.Errorf("status after confirming %q", got)
	}
	if got := text(t, ctx, "#contact"); !strings.Contains(got, "mother@example.org") {
		t.Errorf("the tracer sees the contact as %q", got)
	}
	shot(t, ctx, dir, "05-trace-confirmed")

	// The outbox tells the tracers, never the family.
	notes, err := st.Notices(bg, false, time.Time{})
	if err != nil || len(notes) == 0 {
		t.Fatalf("outbox %v, %v", notes, err)
	}
	for _, n := range notes {
		if n.RequestID != req.ID || n.To != "tracers@example.org" || strings.Contains(n.Body, "mother@example.org") {
			t.Errorf("notice %+v", n)
		}
	}
	noWiderThanPhone(t, ctx, u, "/trace/new", "/trace", fmt.Sprintf("/trace/%d", req.ID))

	// The chain ends on the public roll (issue 16): after a relink the son
	// has a public page, found by his Hangul name, and a report of a
	// correction sent from it reaches the analysts' queue.
	if _, err := engine.Relink(bg); err != nil {
		t.Fatal(err)
	}
	page := "/roll/" + d.ListNames[2] + "/" + sonRec.RecordID
	step(t, ctx, "search the roll in Hangul", chromedp.Navigate(u+"/roll?q="+url.QueryEscape(hangul)), visible("#roll-results"))
	if got := text(t, ctx, "#roll-results"); !strings.Contains(got, sonRec.Name) {
		t.Errorf("the roll's search for %s shows %q", hangul, got)
	}
	step(t, ctx, "his public page", chromedp.Navigate(u+page), visible("#roll-person"))
	if got := text(t, ctx, "main"); !strings.Contains(got, sonRec.Name) || strings.Contains(got, "mother@example.org") {
		t.Errorf("the public page shows %q", got)
	}
	shot(t, ctx, dir, "06-roll-person")
	step(t, ctx, "report a correction", chromedp.SetValue(chromedp.CSS("#rep-field"), "unit"),
		chromedp.SendKeys(chromedp.CSS("#rep-text"), "그의 부대는 제94려단이었다; his unit was the 94th Brigade."),
		chromedp.SendKeys(chromedp.CSS("#rep-name"), "어머니"), chromedp.SendKeys(chromedp.CSS("#rep-contact"), "mother@example.org"),
		chromedp.Submit(chromedp.CSS("#rep-text")), visible("#report-received"))
	reports, err := st.Corrections(bg, reckon.CorrectionFilter{})
	if err != nil || len(reports) != 1 || reports[0].Record.RecordID != sonRec.RecordID || reports[0].Status != reckon.CorrectionOpen {
		t.Fatalf("the queue after the report: %+v, %v", reports, err)
	}
}
