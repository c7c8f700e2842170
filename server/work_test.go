package server_test

import (
	"context"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/auth"
	"github.com/reckonhq/reckon/pipeline"
	"github.com/reckonhq/reckon/server"
	"golang.org/x/text/encoding/korean"
)

// testPassword is the password of every user the work tests make.
const testPassword = "a long enough passphrase"

// addUsers adds a user per role, named after it ("analyst", …), with
// testPassword.
func addUsers(tb testing.TB, st reckon.Store) {
	tb.Helper()
	hash, err := auth.HashPassword(testPassword, auth.Params{Memory: 1024, Time: 1, Threads: 1})
	if err != nil {
		tb.Fatal(err)
	}
	for _, role := range reckon.Roles {
		if err := st.CreateUser(context.Background(), &reckon.User{Name: string(role), Role: role}, hash); err != nil {
			tb.Fatal(err)
		}
	}
}

// browserless is a client with a cookie jar against a test server, as a
// browser without scripts: it follows redirects and keeps the session.
type browserless struct {
	t    *testing.T
	base string
	c    *http.Client
}

func newBrowserless(t *testing.T, h http.Handler) *browserless {
	t.Helper()
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	jar, _ := cookiejar.New(nil)
	return &browserless{t: t, base: ts.URL, c: &http.Client{Jar: jar, Timeout: 30 * time.Second}}
}

func (b *browserless) get(path string) (int, string) {
	b.t.Helper()
	res, err := b.c.Get(b.base + path)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	var sb strings.Builder
	if _, err := io.Copy(&sb, res.Body); err != nil {
		b.t.Fatal(err)
	}
	return res.StatusCode, sb.String()
}

// post sends a form as a browser would, with the page it was on as
// Referer and the same origin.
func (b *browserless) post(path, from string, form url.Values) (int, string) {
	b.t.Helper()
	return b.send(path, from, "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
}

// send posts body of type contentType as a browser would, from the page
// from.
func (b *browserless) send(path, from, contentType string, body io.Reader) (int, string) {
	b.t.Helper()
	req, _ := http.NewRequest("POST", b.base+path, body)
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("Referer", b.base+from)
	req.Header.Set("Origin", b.base)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	res, err := b.c.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	var sb strings.Builder
	if _, err := io.Copy(&sb, res.Body); err != nil {
		b.t.Fatal(err)
	}
	return res.StatusCode, sb.String()
}

func (b *browserless) signIn(name string) {
	b.t.Helper()
	if status, body := b.post("/login", "/login", url.Values{"name": {name}, "password": {testPassword}, "next": {"/"}}); status != 200 || !strings.Contains(body, "Signed in as") {
		b.t.Fatalf("sign in as %s: %d\n%s", name, status, body)
	}
}

// TestFormsOnlyForThoseWhoMayUseThem: with sign-in on, a reader who is
// not signed in sees a sign-in link that returns to the page and no form
// to change anything; a viewer sees none either; an analyst sees the
// claim's forms, "signed in as" and a way to sign out (issue 15). Before,
// anonymous readers saw Confirm, Reject and Edit on every claim.
func TestFormsOnlyForThoseWhoMayUseThem(t *testing.T) {
	f := newFixture(t)
	addUsers(t, f.st)
	s, _ := newServer(t, f.st, server.Options{Auth: true, Now: time.Now})
	claim := fmt.Sprintf("/claims/%d", f.killed300)
	doc := fmt.Sprintf("/documents/%d", f.docYonhap.ID)
	forms := []string{`action="` + claim + `/review"`, `id="add-claim"`, `href="/sources/new"`, `href="/documents/new`, `href="/lists/import"`, `href="/estimates/run"`}

	anon := newBrowserless(t, s)
	for _, p := range []string{claim, doc, "/sources", "/documents", "/lists", "/estimates"} {
		_, body := anon.get(p)
		for _, fm := range forms {
			if strings.Contains(body, fm) {
				t.Errorf("anonymous %s shows %s", p, fm)
			}
		}
		if want := `href="/login?next=` + url.QueryEscape(p) + `"`; !strings.Contains(body, want) {
			t.Errorf("anonymous %s: no sign-in link %s", p, want)
		}
		if strings.Contains(body, "Signed in as") {
			t.Errorf("anonymous %s: says signed in", p)
		}
	}

	viewer := newBrowserless(t, s)
	viewer.signIn("viewer")
	_, body := viewer.get(claim)
	if strings.Contains(body, `action="`+claim+`/review"`) || !strings.Contains(body, "Signed in as <strong>viewer</strong> (viewer)") {
		t.Errorf("viewer's claim page: forms or no name\n%s", body)
	}

	analyst := newBrowserless(t, s)
	analyst.signIn("analyst")
	_, body = analyst.get(claim)
	for _, w := range []string{"Signed in as <strong>analyst</strong> (analyst)", `action="/logout"`, `action="` + claim + `/review"`, "Reason for rejecting"} {
		if !strings.Contains(body, w) {
			t.Errorf("analyst's claim page lacks %s", w)
		}
	}
	if strings.Contains(body, `id="sign-in"`) || strings.Contains(body, `href="/users"`) {
		t.Errorf("analyst's claim page offers sign-in or users")
	}
	// The page kept for the analyst is not served to the anonymous
	// reader, nor the reverse.
	if _, body := anon.get(claim); strings.Contains(body, "Signed in as") || strings.Contains(body, "Reason for rejecting") {
		t.Errorf("anonymous reader got the analyst's page from the cache")
	}
	admin := newBrowserless(t, s)
	admin.signIn("admin")
	if _, body := admin.get("/"); !strings.Contains(body, `href="/users"`) {
		t.Errorf("admin's pages do not link to users")
	}
	// Signing out ends the session.
	if status, body := analyst.post("/logout", claim, nil); status != 200 || strings.Contains(body, "Signed in as") {
		t.Errorf("sign out: %d", status)
	}
}

// TestSignInKeepsTheForm: a form sent without a session (it expired, or
// the reader was never signed in) gets the sign-in form with what was
// typed; after signing in, one button sends it, and the change is made
// (issue 15). Before, the reason typed was lost and the sign-in returned
// to "/".
func TestSignInKeepsTheForm(t *testing.T) {
	f := newFixture(t)
	addUsers(t, f.st)
	s, _ := newServer(t, f.st, server.Options{Auth: true, Now: time.Now})
	b := newBrowserless(t, s)
	claim := fmt.Sprintf("/claims/%d", f.wounded)
	c, err := f.st.Claim(context.Background(), f.wounded)
	if err != nil {
		t.Fatal(err)
	}
	why := "the ministry withdrew the figure"
	status, body := b.post(claim+"/review", claim, url.Values{"action": {"reject"}, "why": {why}, "version": {fmt.Sprint(c.Version)}})
	if status != http.StatusUnauthorized || !strings.Contains(body, why) || !strings.Contains(body, `name="next" value="`+claim+`"`) {
		t.Fatalf("form without a session: %d\n%s", status, body)
	}
	// The sign-in form carries the fields; send it as the browser would.
	form := url.Values{"name": {"analyst"}, "password": {testPassword}}
	for _, m := range regexp.MustCompile(`<input type="hidden" name="([^"]+)" value="([^"]*)">`).FindAllStringSubmatch(body, -1) {
		form.Add(m[1], html.UnescapeString(m[2]))
	}
	status, body = b.post("/login", "/login", form)
	if status != 200 || !strings.Contains(body, `action="`+claim+`/review"`) || !strings.Contains(body, why) {
		t.Fatalf("after sign-in: %d\n%s", status, body)
	}
	resend := url.Values{}
	for _, m := range regexp.MustCompile(`<input type="hidden" name="([^"]+)" value="([^"]*)">`).FindAllStringSubmatch(body, -1) {
		resend.Add(m[1], html.UnescapeString(m[2]))
	}
	if status, body = b.post(claim+"/review", "/login", resend); status != 200 || !strings.Contains(body, why) {
		t.Fatalf("sending it again: %d\n%s", status, body)
	}
	if c, err := f.st.Claim(context.Background(), f.wounded); err != nil || c.Status != reckon.StatusRejected {
		t.Errorf("claim after sending again: %+v, %v", c, err)
	}
	// Pasted text sent as multipart (the document form) is kept too.
	ct, mp := multipartBody(t, map[string]string{"source": "Yonhap", "text": "Pasted: 14 were killed."}, "", "")
	if status, body = newBrowserless(t, s).postRaw("/documents", "/documents/new", ct, mp); status != http.StatusUnauthorized || !strings.Contains(body, "Pasted: 14 were killed.") {
		t.Errorf("document form without a session: %d\n%s", status, body)
	}
	// A plain sign-in returns to the page it was asked from.
	b2 := newBrowserless(t, s)
	_, body = b2.get("/login?next=" + url.QueryEscape(claim))
	if !strings.Contains(body, `name="next" value="`+claim+`"`) {
		t.Errorf("sign-in page does not keep next")
	}
}

// TestWorkPages goes through every work page without a browser, on each
// store: a source (an error keeps what was typed), a pasted document, a
// semicolon list in CP949 previewed, mapped and imported with a
// sensitive column, a link run, an estimate run, a user and a token.
func TestWorkPages(t *testing.T) {
	eachStore(t, testWorkPages)
}

func testWorkPages(t *testing.T, st reckon.Store) {
	ctx := reckon.WithPersonalData(context.Background())
	addUsers(t, st)
	s, _ := newServer(t, st, server.Options{Auth: true, Now: time.Now, ResponseTTL: -1, Engine: pipeline.NewEngine(st, pipeline.EngineOptions{})})
	t.Cleanup(func() { s.Close(context.Background()) })
	b := newBrowserless(t, s)
	b.signIn("admin")

	// A source; a bad address keeps the name typed.
	status, body := b.post("/sources", "/sources/new", url.Values{"name": {"Memorial Kyiv"}, "kind": {"ngo"}, "grade": {"B2"}, "url": {"ftp://x"}, "note": {"keeps a roll"}})
	if status != http.StatusBadRequest || !strings.Contains(body, `value="Memorial Kyiv"`) || !strings.Contains(body, "keeps a roll") || !strings.Contains(body, "http or https") {
		t.Fatalf("bad source: %d\n%s", status, body)
	}
	if status, body = b.post("/sources", "/sources/new", url.Values{"name": {"Memorial Kyiv"}, "kind": {"ngo"}, "grade": {"B2"}, "note": {"keeps a roll"}}); status != 200 || !strings.Contains(body, "<h1>Memorial Kyiv</h1>") {
		t.Fatalf("source: %d\n%s", status, body)
	}
	src, err := st.SourceByName(ctx, "Memorial Kyiv")
	if err != nil || src.Grade.String() != "B2" {
		t.Fatalf("source stored: %+v, %v", src, err)
	}

	// Graded again: the source page shows the new grade.
	if status, body = b.post(fmt.Sprintf("/sources/%d", src.ID), fmt.Sprintf("/sources/%d/edit", src.ID), url.Values{"kind": {"ngo"}, "grade": {"Z9"}, "note": {"after a visit"}}); status != http.StatusBadRequest || !strings.Contains(body, "after a visit") {
		t.Fatalf("bad grade: %d\n%s", status, body)
	}
	if status, body = b.post(fmt.Sprintf("/sources/%d", src.ID), fmt.Sprintf("/sources/%d/edit", src.ID), url.Values{"kind": {"ngo"}, "grade": {"A2"}, "note": {"after a visit"}}); status != 200 || !strings.Contains(body, ">A2</span>") {
		t.Fatalf("regrade: %d\n%s", status, body)
	}
	if src, err = st.Source(ctx, src.ID); err != nil || src.Grade.String() != "A2" || src.Note != "after a visit" {
		t.Fatalf("source regraded: %+v, %v", src, err)
	}

	// A pasted document, with its language and date.
	status, body = b.post("/documents", "/documents/new", url.Values{"source": {fmt.Sprint(src.ID)}, "title": {"Statement"}, "published": {"2024-12"}, "lang": {"en"},
		"text": {"The ministry said at least 1,200 soldiers were killed.\r\nAnother 40 were missing."}})
	if status != 200 || !strings.Contains(body, "Added. The extractor found") {
		t.Fatalf("document: %d\n%s", status, body)
	}
	docs, _ := st.Documents(ctx, reckon.DocumentFilter{})
	if len(docs) != 1 || docs[0].Published.String() != "2024-12" || docs[0].Claims == 0 {
		t.Fatalf("documents: %+v", docs)
	}
	// A file, as chosen in the form; a file and pasted text together are
	// refused.
	ct, mp := multipartBody(t, map[string]string{"source": fmt.Sprint(src.ID), "lang": "auto"}, "bulletin.txt", "Officials said 75 civilians were killed.")
	if status, body = b.postRaw("/documents", "/documents/new", ct, mp); status != 200 || !strings.Contains(body, "<h1>bulletin.txt</h1>") {
		t.Fatalf("document file: %d\n%s", status, body)
	}
	ct, mp = multipartBody(t, map[string]string{"source": fmt.Sprint(src.ID), "text": "and 3 more"}, "more.txt", "Officials said 9 were wounded.")
	if status, body = b.postRaw("/documents", "/documents/new", ct, mp); status != http.StatusBadRequest || !strings.Contains(body, "not both") || !strings.Contains(body, "Choose the file again") {
		t.Errorf("file and text: %d\n%s", status, body)
	}
	// A bad date keeps the text typed.
	if status, body = b.post("/documents", "/documents/new", url.Values{"source": {fmt.Sprint(src.ID)}, "published": {"yesterday"}, "text": {"Some 12 were wounded."}}); status != http.StatusBadRequest || !strings.Contains(body, "Some 12 were wounded.") {
		t.Errorf("bad date: %d\n%s", status, body)
	}

	// A list in CP949 with semicolons: previewed as read, then imported
	// with a column mapped and another sensitive.
	csv := encodeCP949(t, "no;성명;부대;연락처\nr1;김철민;1 사단;010-1234\nr2;리영호;2 사단;010-5678\nr3;박정수;3 사단;010-9999\n")
	ct, mp = multipartBody(t, map[string]string{"source": fmt.Sprint(src.ID)}, "roll.csv", csv)
	status, body = b.postRaw("/lists/import/preview", "/lists/import", ct, mp)
	if status != 200 || !strings.Contains(body, "reads as <strong>cp949</strong> (detected), <strong>semicolon</strong>-separated (detected)") || !strings.Contains(body, "김철민") {
		t.Fatalf("preview: %d\n%s", status, body)
	}
	stage := regexp.MustCompile(`name="stage" value="([0-9a-f]+)"`).FindStringSubmatch(body)
	if stage == nil {
		t.Fatal("no stage in the preview")
	}
	imp := url.Values{"stage": {stage[1]}, "list": {"roll"}, "source": {fmt.Sprint(src.ID)}, "map.no": {"record_id"}, "map.성명": {"name"}, "map.부대": {"unit"}, "map.연락처": {""}, "sensitive": {"연락처"}}
	// Two columns mapped to one field: refused, the mapping shown again.
	bad := url.Values{}
	for k, v := range imp {
		bad[k] = v
	}
	bad.Set("map.부대", "name")
	if status, body = b.post("/lists/import", "/lists/import/preview", bad); status != http.StatusBadRequest || !strings.Contains(body, "both renamed to") || !strings.Contains(body, "김철민") {
		t.Fatalf("double mapping: %d\n%s", status, body)
	}
	if status, body = b.post("/lists/import", "/lists/import/preview", imp); status != 200 || !strings.Contains(body, "Imported <strong>3</strong> records into the list <strong>roll</strong>") || !strings.Contains(body, "Read as cp949, semicolon-separated") {
		t.Fatalf("import: %d\n%s", status, body)
	}
	recs, err := st.Records(ctx, reckon.RecordFilter{List: "roll"})
	if err != nil || len(recs) != 3 || recs[0].Name != "김철민" || recs[0].Unit != "1 사단" || len(recs[0].Sensitive) != 1 || recs[0].Sensitive[0] != "연락처" {
		t.Fatalf("records: %+v, %v", recs, err)
	}
	// The staged file is gone with the import.
	if status, body = b.post("/lists/import", "/lists/import/preview", imp); status != http.StatusBadRequest || !strings.Contains(body, "no longer kept") {
		t.Errorf("import again from the same stage: %d", status)
	}

	// A link run in the background, followed on its page.
	if status, body = b.post("/link", "/link", nil); status != 200 || !strings.Contains(body, "Link records into persons") {
		t.Fatalf("link: %d\n%s", status, body)
	}
	waitFor(t, b, "/link", "into <strong>")
	// An estimate run with the minimum and Chao's bound.
	if status, body = b.post("/estimates/run", "/estimates/run", url.Values{"measure": {"killed"}, "method": {"chao"}, "draws": {"0"}, "seed": {"1"}}); status != 200 {
		t.Fatalf("estimate: %d\n%s", status, body)
	}
	body = waitFor(t, b, "/estimates/run", `id="estimate-done"`)
	if !strings.Contains(body, "minimum") {
		t.Errorf("estimate run shows no minimum\n%s", body)
	}
	if es, err := st.Estimates(ctx, reckon.EstimateFilter{}); err != nil || len(es) == 0 {
		t.Errorf("estimates stored: %d, %v", len(es), err)
	}
	// A bad number keeps the choices.
	if status, body = b.post("/estimates/run", "/estimates/run", url.Values{"measure": {"killed"}, "method": {"dga"}, "draws": {"many"}, "seed": {"1"}}); status != http.StatusBadRequest || !strings.Contains(body, `value="dga" checked`) {
		t.Errorf("bad draws: %d\n%s", status, body)
	}

	// A user, whose password is made and shown once; a token for them,
	// then revoked.
	if status, body = b.post("/users", "/users", url.Values{"name": {"dana"}, "role": {"reviewer"}}); status != http.StatusCreated || !strings.Contains(body, `id="secret"`) {
		t.Fatalf("add user: %d\n%s", status, body)
	}
	if status, body = b.post("/users/dana/tokens", "/users", url.Values{"token_name": {"laptop"}}); status != http.StatusCreated || !strings.Contains(body, auth.TokenPrefix) {
		t.Fatalf("add token: %d\n%s", status, body)
	}
	dana, _ := st.UserByName(ctx, "dana")
	ts, _ := st.Tokens(ctx, dana.ID)
	if len(ts) != 1 {
		t.Fatalf("tokens: %+v", ts)
	}
	if status, _ = b.post(fmt.Sprintf("/users/dana/tokens/%d/revoke", ts[0].ID), "/users", nil); status != 200 {
		t.Errorf("revoke: %d", status)
	}
	if ts, _ = st.Tokens(ctx, dana.ID); ts[0].RevokedAt == nil {
		t.Errorf("token not revoked")
	}
	if status, body = b.post("/users/dana", "/users", url.Values{"role": {"analyst"}, "disabled": {"true"}}); status != 200 || !strings.Contains(body, "may not sign in") {
		t.Errorf("change user: %d\n%s", status, body)
	}
	// An analyst may not reach the users page.
	a := newBrowserless(t, s)
	a.signIn("analyst")
	if status, _ := a.get("/users"); status != http.StatusForbidden {
		t.Errorf("analyst on /users: %d", status)
	}
}

// waitFor reloads path until it shows want, for at most a minute.
func waitFor(t *testing.T, b *browserless, path, want string) string {
	t.Helper()
	var body string
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		var status int
		status, body = b.get(path)
		if status == 200 && strings.Contains(body, want) {
			return body
		}
	}
	t.Fatalf("%s never showed %q:\n%s", path, want, body)
	return ""
}

// postRaw sends a body of a content type, as a browser sends a form
// with a file.
func (b *browserless) postRaw(path, from, contentType, body string) (int, string) {
	b.t.Helper()
	req, _ := http.NewRequest("POST", b.base+path, strings.NewReader(body))
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("Referer", b.base+from)
	req.Header.Set("Origin", b.base)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	res, err := b.c.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	var sb strings.Builder
	if _, err := io.Copy(&sb, res.Body); err != nil {
		b.t.Fatal(err)
	}
	return res.StatusCode, sb.String()
}

// encodeCP949 encodes s in CP949 (EUC-KR), as Korean lists arrive.
func encodeCP949(tb testing.TB, s string) string {
	tb.Helper()
	e, err := korean.EUCKR.NewEncoder().String(s)
	if err != nil {
		tb.Fatal(err)
	}
	return e
}

// TestEstimateRunAfterClose: a server that is shutting down starts no
// estimate run, and says so (the run would outlive the store).
func TestEstimateRunAfterClose(t *testing.T) {
	f := newFixture(t)
	s, _ := newServer(t, f.st, server.Options{Engine: pipeline.NewEngine(f.st, pipeline.EngineOptions{})})
	if err := s.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	res, body := do(t, s, "POST", "/estimates/run", strings.NewReader("measure=killed&draws=0&seed=1"), "Content-Type", "application/x-www-form-urlencoded")
	if res.StatusCode != http.StatusServiceUnavailable || !strings.Contains(body, "shutting down") {
		t.Errorf("estimate after Close: %d\n%s", res.StatusCode, body)
	}
}

// TestClaimCorrectionKeepsWhatWasTyped: a correction that fails (a bound
// that is no number) shows the claim again with every field as typed,
// not only the bounds and the reason (issue 15).
func TestClaimCorrectionKeepsWhatWasTyped(t *testing.T) {
	f := newFixture(t)
	s, _ := newServer(t, f.st, server.Options{})
	form := url.Values{"action": {"edit"}, "low": {"many"}, "subject": {"conscripts of the 11th Corps"}, "note": {"from the second bulletin"},
		"place": {"Kursk oblast"}, "why": {"the bulletin corrects it"}}
	res, body := do(t, s, "POST", fmt.Sprintf("/claims/%d/review", f.killed300), strings.NewReader(form.Encode()), "Content-Type", "application/x-www-form-urlencoded")
	if res.StatusCode != http.StatusBadRequest {
		t.Fatalf("status %d", res.StatusCode)
	}
	for _, w := range []string{`value="conscripts of the 11th Corps"`, ">from the second bulletin</textarea>", `value="Kursk oblast"`, `value="the bulletin corrects it"`, `value="many"`} {
		if !strings.Contains(body, w) {
			t.Errorf("after the error, the form lacks %s", w)
		}
	}
}
