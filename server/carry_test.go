package server_test

import (
	"bytes"
	"html"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/server"
)

// postFile sends a multipart page form with one file, as a browser
// would from the page from.
func (b *browserless) postFile(path, from string, fields map[string]string, filename string, content []byte) (int, string) {
	b.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	fw, err := mw.CreateFormFile("file", filename)
	if err != nil {
		b.t.Fatal(err)
	}
	fw.Write(content)
	mw.Close()
	return b.send(path, from, mw.FormDataContentType(), &buf)
}

var hiddenInput = regexp.MustCompile(`<input type="hidden" name="([^"]+)" value="([^"]*)">`)

// hiddenFields returns the hidden fields of the form with the given
// action in page.
func hiddenFields(t *testing.T, page, action string) url.Values {
	t.Helper()
	i := strings.Index(page, `action="`+action+`"`)
	if i < 0 {
		t.Fatalf("no form to %s in\n%s", action, page)
	}
	form := page[i:]
	form = form[:strings.Index(form, "</form>")]
	v := url.Values{}
	for _, m := range hiddenInput.FindAllStringSubmatch(form, -1) {
		v.Add(html.UnescapeString(m[1]), html.UnescapeString(m[2]))
	}
	return v
}

// TestCarryFileThroughSignIn (issue 15): a record list or a document
// sent from a page by a browser without a session is kept through the
// sign-in, for the browser that sent it and then for the user who signs
// in with it, and sent with the form after; not for another browser
// that signs in with the same form, not past a quarter of an hour, not
// over the size cap. Before, the file was dropped and the form lost.
func TestCarryFileThroughSignIn(t *testing.T) {
	f := newFixture(t)
	addUsers(t, f.st)
	var mu sync.Mutex
	now := time.Now()
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	advance := func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }
	s, _ := newServer(t, f.st, server.Options{Auth: true, Now: clock})
	list := []byte("record_id,name\nc1,Kim Chol\nc2,Ri Su\n")

	// upload sends the list from a browser without a session and
	// returns the sign-in form's fields.
	upload := func(b *browserless) url.Values {
		t.Helper()
		status, body := b.postFile("/lists/import/preview", "/lists/import", map[string]string{"list": "carried"}, "carried.csv", list)
		if status != http.StatusUnauthorized || !strings.Contains(body, `id="draft-file"`) || !strings.Contains(body, "carried.csv") {
			t.Fatalf("upload without a session: %d\n%s", status, body)
		}
		form := hiddenFields(t, body, "/login")
		if form.Get("draft.stage") == "" {
			t.Fatalf("the sign-in form carries no staged file: %v", form)
		}
		return form
	}
	signIn := func(b *browserless, form url.Values) string {
		t.Helper()
		form.Set("name", "analyst")
		form.Set("password", testPassword)
		status, body := b.post("/login", "/login", form)
		if status != http.StatusOK {
			t.Fatalf("sign in: %d\n%s", status, body)
		}
		return body
	}

	// The browser that sent it signs in and sends the form again.
	b := newBrowserless(t, s)
	page := signIn(b, upload(b))
	if !strings.Contains(page, `id="resume-file"`) || !strings.Contains(page, "carried.csv") {
		t.Fatalf("the page after signing in does not offer the file:\n%s", page)
	}
	status, body := b.post("/lists/import/preview", "/login", hiddenFields(t, page, "/lists/import/preview"))
	if status != http.StatusOK || !strings.Contains(body, "Kim Chol") || !strings.Contains(body, "Ri Su") {
		t.Fatalf("the carried list's preview: %d\n%s", status, body)
	}

	// Another browser signing in with the same form (a forged or shared
	// sign-in form) gets no file.
	sender, other := newBrowserless(t, s), newBrowserless(t, s)
	form := upload(sender)
	page = signIn(other, form)
	if strings.Contains(page, `id="resume-file"`) {
		t.Errorf("another browser's sign-in took the file:\n%s", page)
	}
	if status, body := other.post("/lists/import/preview", "/login", hiddenFields(t, page, "/lists/import/preview")); status != http.StatusBadRequest || !strings.Contains(body, "no longer kept") {
		t.Errorf("another browser sends the carried file: %d\n%s", status, body)
	}
	// Nor does the sender once another has tried: the file is its
	// cookie's, and signing in binds it to the user who signed in.
	page = signIn(sender, form)
	if !strings.Contains(page, `id="resume-file"`) {
		t.Errorf("the sender lost its file to another's attempt:\n%s", page)
	}

	// Past a quarter of an hour the file is gone.
	late := newBrowserless(t, s)
	form = upload(late)
	advance(16 * time.Minute)
	if page := signIn(late, form); strings.Contains(page, `id="resume-file"`) {
		t.Errorf("a file kept past its time:\n%s", page)
	}

	// Over the size cap it is not kept, and the sign-in form says so.
	big := newBrowserless(t, s)
	status, body = big.postFile("/lists/import/preview", "/lists/import", map[string]string{"list": "big"}, "big.csv", bytes.Repeat([]byte("x"), 33<<20))
	if status != http.StatusUnauthorized || !strings.Contains(body, `id="draft-file-lost"`) || strings.Contains(body, `name="draft.stage"`) {
		t.Errorf("a file over the cap: %d\n%.2000s", status, body)
	}

	// A document: sent, signed in, sent again, stored.
	d := newBrowserless(t, s)
	text := "Officials said 17 soldiers were killed on Monday near the border."
	status, body = d.postFile("/documents", "/documents/new", map[string]string{"source": "Yonhap", "title": "Carried wire"}, "wire.txt", []byte(text))
	if status != http.StatusUnauthorized || !strings.Contains(body, "wire.txt") {
		t.Fatalf("document without a session: %d\n%s", status, body)
	}
	page = signIn(d, hiddenFields(t, body, "/login"))
	resend := hiddenFields(t, page, "/documents")
	// A mistake in the form keeps the file for the next try.
	wrong := url.Values{"source": {"No such source"}, "stage": {resend.Get("stage")}, "title": {"Carried wire"}}
	status, body = d.post("/documents", "/login", wrong)
	if status != http.StatusBadRequest && status != http.StatusNotFound || !strings.Contains(body, "wire.txt is still kept") {
		t.Fatalf("the document form with a mistake: %d\n%.3000s", status, body)
	}
	if got := hiddenFields(t, body, "/documents").Get("stage"); got != resend.Get("stage") {
		t.Errorf("the form shown again keeps stage %q, want %q", got, resend.Get("stage"))
	}
	if status, body := d.post("/documents", "/login", resend); status != http.StatusOK || !strings.Contains(body, "Carried wire") {
		t.Fatalf("the carried document: %d\n%.3000s", status, body)
	}
	docs, err := f.st.Documents(t.Context(), reckon.DocumentFilter{})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, doc := range docs {
		found = found || doc.Title == "Carried wire"
	}
	if !found {
		t.Error("the carried document was not stored")
	}
}
