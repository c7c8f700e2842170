package server_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"encoding/xml"
	"net/http"
	"strings"
	"testing"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/release"
	"github.com/reckonhq/reckon/server"
)

// releaseWorkspace is the scanner's fixture with its two releases.
func releaseWorkspace(t *testing.T) (reckon.Store, *scanWorkspace) {
	st := openStore(t)
	return st, newScanWorkspace(t, st)
}

// TestReleaseDownloads: every file of a release is served at its stable
// URL byte for byte as stored, to anyone, with a type, an immutable
// cache and its digest; the files verify together.
func TestReleaseDownloads(t *testing.T) {
	st, w := releaseWorkspace(t)
	s, _ := newServer(t, st, server.Options{Auth: true})
	files := map[string][]byte{}
	for _, name := range w.files {
		res, body := do(t, s, "GET", "/releases/2026.1/"+name, nil)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("GET /releases/2026.1/%s: %d %s", name, res.StatusCode, body)
		}
		stored, err := st.ReleaseFile(context.Background(), "2026.1", name)
		if err != nil || !bytes.Equal(stored.Data, []byte(body)) {
			t.Errorf("%s served differs from the stored file (%v)", name, err)
		}
		if res.Header.Get("Cache-Control") != "public, max-age=31536000, immutable" || res.Header.Get("Digest") != "sha-256="+stored.SHA256 || res.Header.Get("Content-Type") == "" ||
			res.Header.Get("Content-Disposition") != `attachment; filename="`+name+`"` {
			t.Errorf("%s headers %v", name, res.Header)
		}
		files[name] = []byte(body)
	}
	if _, probs := release.Verify(files, ed25519.NewKeyFromSeed(make([]byte, ed25519.SeedSize)).Public().(ed25519.PublicKey)); len(probs) > 0 {
		t.Errorf("the downloaded release does not verify: %v", probs)
	}
	for path, want := range map[string]int{
		"/releases/2026.1/nope.csv":     http.StatusNotFound,
		"/releases/2099.9/persons.csv":  http.StatusNotFound,
		"/releases/a%20b/persons.csv":   http.StatusNotFound,
		"/releases/2026.1/persons.json": http.StatusOK,
	} {
		if res, body := do(t, s, "GET", path, nil); res.StatusCode != want {
			t.Errorf("GET %s: %d, want %d: %.200s", path, res.StatusCode, want, body)
		}
	}
	if res, _ := do(t, s, "GET", "/releases/2026.1/records.parquet", nil); res.Header.Get("Content-Type") != "application/vnd.apache.parquet" {
		t.Errorf("parquet served as %q", res.Header.Get("Content-Type"))
	}
}

// TestReleaseAPI lists the releases with their citation lines, and the
// page and the Atom feed name them.
func TestReleaseAPI(t *testing.T) {
	st, _ := releaseWorkspace(t)
	s, _ := newServer(t, st, server.Options{Auth: true})
	res, body := do(t, s, "GET", "/api/v1/releases", nil, "Host", "example.com")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("%d %s", res.StatusCode, body)
	}
	var list struct {
		Data []struct {
			Name, Citation, URL, Title string
			Counts                     map[string]int
		}
	}
	if err := json.Unmarshal([]byte(body), &list); err != nil || len(list.Data) != 2 {
		t.Fatalf("%v: %s", err, body)
	}
	r := list.Data[1]
	if r.Name != "2026.2" || r.Title != "Scan 2026.2" || r.URL != "http://example.com/releases/2026.2/" ||
		!strings.HasPrefix(r.Citation, "Scan 2026.2, release 2026.2 (") || !strings.Contains(r.Citation, "http://example.com/releases/2026.2/, manifest SHA-256 ") {
		t.Errorf("release %+v", r)
	}
	if _, body := do(t, s, "GET", "/api/v1/releases/2026.1", nil); !strings.Contains(body, `"notes":"# Scan 2026.1\n"`) {
		t.Errorf("one release: %s", body)
	}
	if res, _ := do(t, s, "GET", "/api/v1/releases/2099.9", nil); res.StatusCode != http.StatusNotFound {
		t.Errorf("an unknown release: %d", res.StatusCode)
	}
	res, body = do(t, s, "GET", "/releases.atom", nil, "Host", "example.com")
	var feed struct {
		Entries []struct {
			Title   string `xml:"title"`
			ID      string `xml:"id"`
			Summary string `xml:"summary"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal([]byte(body), &feed); err != nil || res.Header.Get("Content-Type") != "application/atom+xml; charset=utf-8" {
		t.Fatalf("atom: %v %s", err, body)
	}
	if len(feed.Entries) != 2 || feed.Entries[0].Title != "Release 2026.2: Scan 2026.2" || !strings.HasPrefix(feed.Entries[0].ID, "urn:sha256:") ||
		!strings.Contains(feed.Entries[1].Summary, "release 2026.1") {
		t.Errorf("atom entries %+v", feed.Entries)
	}
	if res, body := do(t, s, "GET", "/releases", nil); res.StatusCode != http.StatusOK || !strings.Contains(body, "Cite as:") || !strings.Contains(body, `href="/releases/2026.1/records.parquet"`) {
		t.Errorf("releases page: %d %.300s", res.StatusCode, body)
	}
}

// TestChangesFeed reads the feed over HTTP page by page: the record put
// under embargo between the releases appears as withheld, with its key
// and nothing else, and the pages join up.
func TestChangesFeed(t *testing.T) {
	st, _ := releaseWorkspace(t)
	s, _ := newServer(t, st, server.Options{Auth: true})
	var all []map[string]any
	since := "2026.1"
	for range 100 {
		res, body := do(t, s, "GET", "/api/v1/changes?limit=2&since="+since, nil)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%d %s", res.StatusCode, body)
		}
		var p struct {
			From, To, Next string
			Changes        []map[string]any
		}
		if err := json.Unmarshal([]byte(body), &p); err != nil || p.From != "2026.1" || p.To != "2026.2" || len(p.Changes) > 2 {
			t.Fatalf("page %v: %s", err, body)
		}
		all = append(all, p.Changes...)
		if p.Next == "" {
			break
		}
		since = p.Next
	}
	withheld := 0
	for _, c := range all {
		if c["kind"] == "withheld" && c["entity"] == "record" {
			withheld++
			if k, _ := json.Marshal(c["key"]); string(k) != `{"list":"docs","record_id":"d2"}` || c["value"] != nil {
				t.Errorf("withheld change %v", c)
			}
		}
	}
	if withheld != 1 {
		t.Errorf("%d records withheld, want d2: %v", withheld, all)
	}
	for target, want := range map[string]int{
		"/api/v1/changes":                      http.StatusBadRequest,
		"/api/v1/changes?since=2099.9":         http.StatusNotFound,
		"/api/v1/changes?since=x~y":            http.StatusBadRequest,
		"/api/v1/changes?since=2026.1&limit=0": http.StatusBadRequest,
		"/api/v1/changes?since=2026.2":         http.StatusOK,
	} {
		if res, body := do(t, s, "GET", target, nil); res.StatusCode != want {
			t.Errorf("GET %s: %d, want %d: %s", target, res.StatusCode, want, body)
		}
	}
}

// TestReleaseWithdrawsWithheld: a record put under embargo after a
// release was made (a family asks for it to be withheld) takes that
// release's files that hold it out of download (410 Gone), while its
// other files, and the releases that never held the record, are still
// served; lifting the embargo serves them again.
func TestReleaseWithdrawsWithheld(t *testing.T) {
	st, _ := releaseWorkspace(t)
	s, _ := newServer(t, st, server.Options{Auth: true})
	ctx := context.Background()
	d2 := reckon.RecordKey{List: "docs", RecordID: "d2"}
	status := func(path string) int {
		res, _ := do(t, s, "GET", path, nil)
		return res.StatusCode
	}
	if got := status("/releases/2026.1/records.csv"); got != http.StatusOK {
		t.Fatalf("before the embargo: %d", got)
	}
	if err := st.ProtectRecord(ctx, d2, nil, true); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]int{
		"/releases/2026.1/records.csv":     http.StatusGone,
		"/releases/2026.1/records.parquet": http.StatusGone,
		"/releases/2026.1/persons.json":    http.StatusGone,
		"/releases/2026.1/estimates.csv":   http.StatusGone,
		"/releases/2026.1/claims.csv":      http.StatusOK,
		"/releases/2026.1/manifest.json":   http.StatusOK,
		"/releases/2026.2/records.csv":     http.StatusOK, // made while d2 was withheld
	} {
		if got := status(path); got != want {
			t.Errorf("GET %s: %d, want %d", path, got, want)
		}
	}
	res, body := do(t, s, "GET", "/releases/2026.1/records.json", nil)
	if res.StatusCode != http.StatusGone || !strings.Contains(body, "no longer served") || strings.Contains(body, "d2") {
		t.Errorf("withdrawn file: %d %s", res.StatusCode, body)
	}
	if err := st.ProtectRecord(ctx, d2, nil, false); err != nil {
		t.Fatal(err)
	}
	if got := status("/releases/2026.1/records.csv"); got != http.StatusOK {
		t.Errorf("after the embargo is lifted: %d", got)
	}
	// A field of a record of the release made sensitive since: the
	// release showed it, so its files go too; one it withheld already
	// (k1's home town) changes nothing.
	k1 := reckon.RecordKey{List: "kcna", RecordID: "k1"}
	if err := st.ProtectRecord(ctx, k1, []string{"home_town", "relative_phone"}, false); err != nil {
		t.Fatal(err)
	}
	if got := status("/releases/2026.2/records.csv"); got != http.StatusOK {
		t.Errorf("protection unchanged in what it hides: %d", got)
	}
	if err := st.ProtectRecord(ctx, reckon.RecordKey{List: "docs", RecordID: "d1"}, []string{"birth_date"}, false); err != nil {
		t.Fatal(err)
	}
	for _, rel := range []string{"2026.1", "2026.2"} {
		if got := status("/releases/" + rel + "/records.json"); got != http.StatusGone {
			t.Errorf("release %s after d1's birth date was made sensitive: %d, want 410", rel, got)
		}
	}
	// The feed, whose values are 2026.2's, goes with them.
	if got := status("/api/v1/changes?since=2026.1"); got != http.StatusGone {
		t.Errorf("the feed up to 2026.2 after d1's birth date was made sensitive: %d, want 410", got)
	}
}
