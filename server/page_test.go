package server_test

import (
	"context"
	"flag"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/pipeline"
	"github.com/reckonhq/reckon/server"
)

var update = flag.Bool("update", false, "rewrite the .golden files of testdata/")

// golden compares got with testdata/name.golden, rewriting it with
// -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	file := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
		for i := range max(len(gl), len(wl)) {
			var g, w string
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				t.Fatalf("%s differs at line %d:\n got: %s\nwant: %s\n(run go test -update if the change is intended)", file, i+1, g, w)
			}
		}
	}
}

func TestGoldenPages(t *testing.T) {
	f := newFixture(t)
	s, _ := newServer(t, f.st, server.Options{})
	withEngine, _ := newServer(t, f.st, server.Options{Engine: pipeline.NewEngine(f.st, pipeline.EngineOptions{})})
	for _, tt := range []struct {
		name, path string
		engine     bool
	}{
		{"overview", "/", false},
		{"claim", fmt.Sprintf("/claims/%d", f.wounded), false},
		{"claims", "/claims", false},
		{"document", fmt.Sprintf("/documents/%d", f.docKorean.ID), false},
		{"source", fmt.Sprintf("/sources/%d", f.yonhap.ID), false},
		{"records", "/records", false},
		{"persons", "/persons", false},
		{"person", fmt.Sprintf("/persons/%d", f.personOf(t, 0)), false},
		{"lists", "/lists", false},
		{"estimates", "/estimates", false},
		{"estimate", fmt.Sprintf("/estimates/%d", f.lcmcr.ID), false},
		{"review", "/review", false},
		// With the engine the queue is ordered by the expected change.
		{"review-ranked", "/review", true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h := s
			if tt.engine {
				h = withEngine
			}
			res, body := do(t, h, "GET", tt.path, nil)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("GET %s: %d\n%s", tt.path, res.StatusCode, body)
			}
			// The stylesheet's fingerprint changes with every edit of it.
			body = regexp.MustCompile(`style\.css\?v=[0-9a-f]+`).ReplaceAllString(body, "style.css?v=FINGERPRINT")
			golden(t, tt.name+".html", body)
		})
	}
}

// TestPages checks what each page must show, by assertion rather than
// golden file.
func TestPages(t *testing.T) {
	f := newFixture(t)
	s, _ := newServer(t, f.st, server.Options{})
	claim := func(id int64) string { return fmt.Sprintf("/claims/%d", id) }
	tests := []struct {
		name   string
		path   string
		status int
		want   []string // substrings, in this order
		absent []string
	}{
		{"overview", "/", 200, []string{
			"<h1>Overview</h1>", "7 claims from 4 documents of 4 sources; 5 records in 2 lists",
			`<h3 id="m-killed">`, "Claims, lowest to highest, as stated", // 600–700 was rejected; open ends stay open (issue 15)
			"≤ 1,200 (up to 1,200) to ≥ 300 (at least 300)", `<svg class="timeline"`,
			"Documented minimum", fmt.Sprintf(`<a class="big" href="/estimates/%d">4</a>`, f.minimum.ID),
			fmt.Sprintf(`href="/estimates/%d"><span class="est">9</span> <span class="muted">5–30</span></a> lcmcr`, f.lcmcr.ID),
			`<h3 id="m-wounded">`, "1,900–2,100 (about 2,000)",
			`<h3 id="m-missing">`, "12 to 2,000–9,999 (Thousands)", // the words of a vague figure, not a cap of 9,999
			"Lists of records", `<a href="/records?list=kcna">kcna</a>`, ">3<",
		}, []string{"contradiction", "<script>", "<b>", "40 – 1,200", "12 – 9,999"}},
		{"claims table and plot", "/claims", 200, []string{
			`<h2 class="measure">killed</h2>`, `<svg viewBox="0 0 800`, `class="row g-b"`, `class="row rejected"`, "<polygon", // an open end
			`<h2 class="measure">wounded</h2>`, `aria-labelledby="plot-wounded-caption"`, // a plot per measure (issue 15)
			"<table", `href="/claims/1"`, "at least 300", "undated",
		}, nil},
		{"claims filtered", "/claims?measure=missing&status=extracted", 200, []string{"Thousands", "12"}, []string{"at least 300", "about 2,000"}},
		{"claims by source", fmt.Sprintf("/claims?source=%d", f.kcna.ID), 200, []string{"between 600 and 700", "rejected"}, []string{"at least 300"}},
		{"claims bad measure", "/claims?measure=eaten", 400, []string{"unknown measure"}, nil},
		{"claims unknown parameter ignored", "/claims?utm_source=feed&measure=wounded&measure=killed", 200, []string{"about 2,000"}, []string{"at least 300"}},
		{"overview with a decorated link", "/?utm_source=feed", 200, []string{"<h1>Overview</h1>"}, nil},
		{"claim", claim(f.killed300), 200, []string{
			"<h1>killed: ≥ 300 (at least 300)</h1>", "Officials said <mark>at least 300</mark> soldiers were killed",
			"B2", "Yonhap", "Officials", "number at least 300", // the Why list
			"Review history", "<strong>ana</strong> confirmed",
			`action="/claims/1/review"`, `<label for="reject-why">`, `<label for="edit-low">`,
		}, nil},
		{"claim rejected shows reason as text", claim(f.range6), 200, []string{"rejected", "&lt;img src=x onerror=alert(3)&gt; double count"}, []string{"<img src=x"}},
		{"claim context is whole characters", fmt.Sprintf("/claims/%d", f.claims[6].ID), 200, []string{"강원도", "was among <mark>12</mark> missing"}, nil},
		{"claim unknown", "/claims/999", 404, []string{"claim 999 not found"}, nil},
		{"claim bad id", "/claims/abc", 400, []string{"want a positive integer"}, nil},
		{"claim negative id", "/claims/-1", 400, nil, nil},
		{"document", fmt.Sprintf("/documents/%d", f.docYonhap.ID), 200, []string{
			"Officials said ", `<mark id="c1" class="st-confirmed"><a href="/claims/1"`, "at least 300</a></mark>",
			`<mark id="c2"`, "about 2,000", `<mark id="c3" class="st-extracted">`,
		}, nil},
		{"document with markup", fmt.Sprintf("/documents/%d", f.docEvil.ID), 200, []string{
			"&lt;i&gt;Committee&lt;/i&gt; report", "The &lt;b&gt;committee&lt;/b&gt; counted <mark", "&lt;script&gt;alert(2)&lt;/script&gt;",
		}, []string{"<script>alert(2)", "<b>committee</b>"}},
		{"document start past end", fmt.Sprintf("/documents/%d?start=99999", f.docYonhap.ID), 400, nil, nil},
		{"documents", "/documents", 200, []string{"Yonhap report", "KCNA statement", "Airwars log"}, nil},
		{"documents of a source", fmt.Sprintf("/documents?source=%d", f.kcna.ID), 200, []string{"Documents of KCNA", "KCNA statement"}, []string{"Yonhap report"}},
		{"sources", "/sources", 200, []string{"&lt;script&gt;alert(1)&lt;/script&gt;", "Airwars", "KCNA", "Yonhap", "usually reliable"}, nil},
		{"source", fmt.Sprintf("/sources/%d", f.kcna.ID), 200, []string{"<h1>KCNA</h1>", "E5", "What it has claimed over time", "<svg", "between 600 and 700"}, nil},
		{"source with markup", fmt.Sprintf("/sources/%d", f.evil.ID), 200, []string{"<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>", "up to 1,200"}, nil},
		{"source unknown", "/sources/42", 404, nil, nil},
		{"records", "/records", 200, []string{"리철수", "&lt;script&gt;alert(&#34;record&#34;)&lt;/script&gt;", "&lt;b&gt;11th&lt;/b&gt; Corps", `href="#ZgotmplZ"`, "Ли Чхоль"},
			[]string{"javascript:"}}, // an imported link that would run script is defused
		{"records of a list", "/records?list=mediazona", 200, []string{"Ли Чхоль"}, []string{"리철수"}},
		{"records paged", "/records?limit=2", 200, []string{"리철수", `rel="next"`}, []string{"Kim"}},
		{"records bad cursor", "/records?cursor=zzz", 400, []string{"cursor"}, nil},
		{"unknown page", "/nowhere", 404, []string{"no page at /nowhere"}, nil},
		{"dot segments", "/sources/../../etc/passwd", 400, nil, nil},
		{"encoded dot segments", "/documents/%2e%2e/%2e%2e/etc/passwd", 400, nil, nil},
		{"stylesheet", "/assets/style.css", 200, []string{":root", "--g-a: #08519c", // figure's palette (issue 15)
			`"Noto Sans CJK KR"`, `"Apple SD Gothic Neo"`, `"Malgun Gothic"`, "font: 16px/1.5 var(--font)"}, nil}, // Hangul on every system
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, body := do(t, s, "GET", tt.path, nil)
			if res.StatusCode != tt.status {
				t.Fatalf("GET %s: status %d, want %d\n%s", tt.path, res.StatusCode, tt.status, body)
			}
			rest := body
			for _, w := range tt.want {
				i := strings.Index(rest, w)
				if i < 0 {
					t.Fatalf("GET %s: missing %q (in this order) in\n%s", tt.path, w, body)
				}
				rest = rest[i+len(w):]
			}
			for _, a := range tt.absent {
				if strings.Contains(body, a) {
					t.Errorf("GET %s: should not contain %q", tt.path, a)
				}
			}
			assertNoMarkupLeak(t, body)
			if ct := res.Header.Get("Content-Type"); strings.HasPrefix(tt.path, "/assets/") == strings.HasPrefix(ct, "text/html") {
				t.Errorf("GET %s: Content-Type %q", tt.path, ct)
			}
			if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") {
				t.Errorf("GET %s: Content-Security-Policy %q", tt.path, csp)
			}
		})
	}
}

// assertNoMarkupLeak fails when the fixture's user-typed markup appears
// unescaped.
func assertNoMarkupLeak(t *testing.T, body string) {
	t.Helper()
	// The server's own scripts, from its assets, are no leak.
	body = strings.ReplaceAll(body, `<script src="/assets/`, "")
	for _, bad := range []string{"<script", "<img", "<b>", "<i>"} {
		if strings.Contains(body, bad) {
			t.Errorf("unescaped %q in\n%s", bad, body)
		}
	}
}

// TestPagesAccessible checks the basics that every page shares: a
// language, a title, landmarks, a skip link, labelled form fields and
// no resource loaded from elsewhere.
func TestPagesAccessible(t *testing.T) {
	f := newFixture(t)
	s, _ := newServer(t, f.st, server.Options{})
	external := regexp.MustCompile(`(?i)(src|href)="(https?:)?//`)
	inputs := regexp.MustCompile(`<(input|select|textarea)\b[^>]*>`)
	for _, p := range []string{"/", "/claims", "/claims/1", "/documents", "/documents/1", "/sources", "/sources/1", "/records", "/nowhere"} {
		_, body := do(t, s, "GET", p, nil)
		for _, w := range []string{`<html lang="en">`, "<title>", `<meta name="viewport"`, `<a class="skip" href="#main">`, "<header", `<nav aria-label="Main">`, `<main id="main"`, "<footer>", "<h1"} {
			if !strings.Contains(body, w) {
				t.Errorf("%s: missing %q", p, w)
			}
		}
		for _, m := range external.FindAllString(body, -1) {
			// Links out to a document's original are fine; nothing may be loaded.
			if !strings.HasPrefix(m, "href") {
				t.Errorf("%s: loads an external resource: %s", p, m)
			}
		}
		if strings.Contains(body, "<link") && strings.Count(body, "<link") != 1 {
			t.Errorf("%s: more than the stylesheet is linked", p)
		}
		for _, in := range inputs.FindAllString(body, -1) {
			if strings.Contains(in, `type="hidden"`) {
				continue
			}
			// Every visible field has an id that a label names, or sits
			// inside a <label>.
			id := regexp.MustCompile(`id="([^"]+)"`).FindStringSubmatch(in)
			if id != nil && strings.Contains(body, `<label for="`+id[1]+`">`) {
				continue
			}
			i := strings.Index(body, in)
			open, shut := strings.LastIndex(body[:i], "<label"), strings.LastIndex(body[:i], "</label>")
			if open < 0 || shut > open {
				t.Errorf("%s: field without a label: %s", p, in)
			}
		}
	}
}

func TestReviewForm(t *testing.T) {
	f := newFixture(t)
	s, _ := newServer(t, f.st, server.Options{})
	ctx := context.Background()
	post := func(id int64, form url.Values) (*http.Response, string) {
		return do(t, s, "POST", fmt.Sprintf("/claims/%d/review", id), strings.NewReader(form.Encode()),
			"Content-Type", "application/x-www-form-urlencoded")
	}
	history := func(id int64) int {
		revs, err := f.st.Reviews(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return len(revs)
	}
	id := f.claims[2].ID // Thousands missing, not reviewed yet

	// Warm the overview cache: a review must show at once all the same.
	if _, body := do(t, s, "GET", "/", nil); !strings.Contains(body, "12 to 2,000–9,999 (Thousands)") {
		t.Fatalf("overview before review:\n%s", body)
	}

	for _, tt := range []struct {
		name string
		form url.Values
		want string
	}{
		{"reject without reason", url.Values{"action": {"reject"}}, "needs a reason"},
		{"unknown action", url.Values{"action": {"burn"}}, "unknown review action"},
		{"no action", url.Values{}, "action is required"},
		{"low not a number", url.Values{"action": {"edit"}, "low": {"lots"}, "high": {"5"}}, "low &#34;lots&#34;"},
		{"negative", url.Values{"action": {"edit"}, "low": {"-5"}}, "whole number"},
		{"low above high", url.Values{"action": {"edit"}, "low": {"900"}, "high": {"100"}}, "low 900 &gt; high 100"},
		{"markup in the reason", url.Values{"action": {"reject"}, "why": {"<b>later</b> report"}}, "may not contain markup"},
		{"control character in the reason", url.Values{"action": {"reject"}, "why": {"dup\x00licate"}}, "control characters"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res, body := post(id, tt.form)
			if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, tt.want) || !strings.Contains(body, `role="alert"`) {
				t.Fatalf("status %d, want 400 with %q in\n%s", res.StatusCode, tt.want, body)
			}
			if n := history(id); n != 0 {
				t.Fatalf("a refused review left %d reviews", n)
			}
		})
	}
	// What was typed comes back in the form.
	_, body := post(id, url.Values{"action": {"edit"}, "low": {"900"}, "high": {"100"}, "why": {"typo"}})
	if !strings.Contains(body, `value="900"`) || !strings.Contains(body, `value="typo"`) {
		t.Errorf("the form lost what was typed:\n%s", body)
	}

	res, _ := post(id, url.Values{"action": {"edit"}, "low": {"2,500"}, "high": {""}, "why": {"later report, 3 < 5"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != fmt.Sprintf("/claims/%d#history", id) {
		t.Fatalf("edit: status %d, Location %q; want 303 to the claim", res.StatusCode, res.Header.Get("Location"))
	}
	c, err := f.st.Claim(ctx, id)
	if err != nil || !c.Interval.Equal(reckon.From(2500)) || c.Status != reckon.StatusConfirmed || c.ReviewedBy != "tester" {
		t.Fatalf("after edit: %+v, %v", c, err)
	}
	_, body = do(t, s, "GET", fmt.Sprintf("/claims/%d", id), nil)
	for _, w := range []string{"<strong>tester</strong> edited: “later report, 3 &lt; 5”", "≥ 2,500"} {
		if !strings.Contains(body, w) {
			t.Errorf("claim page after edit lacks %q", w)
		}
	}
	if _, body := do(t, s, "GET", "/", nil); !strings.Contains(body, "12 to ≥ 2,500 (Thousands)") { // open, not capped at 2,500 (issue 15)
		t.Errorf("overview does not show the edit at once:\n%s", body)
	}
	res, _ = post(id, url.Values{"action": {"reject"}, "why": {"duplicate"}})
	if res.StatusCode != http.StatusSeeOther || history(id) != 2 {
		t.Fatalf("reject: %d, %d reviews", res.StatusCode, history(id))
	}

	// Unknown claims and other origins are refused.
	if res, _ := post(999, url.Values{"action": {"confirm"}}); res.StatusCode != http.StatusNotFound {
		t.Errorf("review of an unknown claim: %d", res.StatusCode)
	}
	res, _ = do(t, s, "POST", fmt.Sprintf("/claims/%d/review", id), strings.NewReader("action=confirm"),
		"Content-Type", "application/x-www-form-urlencoded", "Sec-Fetch-Site", "cross-site")
	if res.StatusCode != http.StatusForbidden || history(id) != 2 {
		t.Errorf("a cross-site form post: %d, %d reviews; want 403 and nothing stored", res.StatusCode, history(id))
	}
	big := "action=reject&why=" + strings.Repeat("x", 2<<20)
	res, _ = do(t, s, "POST", fmt.Sprintf("/claims/%d/review", id), strings.NewReader(big), "Content-Type", "application/x-www-form-urlencoded")
	if res.StatusCode != http.StatusRequestEntityTooLarge || history(id) != 2 {
		t.Errorf("an oversized form: %d, %d reviews; want 413 and nothing stored", res.StatusCode, history(id))
	}
}

func TestReadOnly(t *testing.T) {
	f := newFixture(t)
	s, _ := newServer(t, f.st, server.Options{ReadOnly: true})
	_, body := do(t, s, "GET", "/claims/1", nil)
	if strings.Contains(body, "<form method=\"post\"") {
		t.Error("a read-only server shows the review forms")
	}
	res, _ := do(t, s, "POST", "/claims/1/review", strings.NewReader("action=confirm"), "Content-Type", "application/x-www-form-urlencoded")
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("form post to a read-only server: %d, want 403", res.StatusCode)
	}
	res, body = do(t, s, "POST", "/api/v1/claims/3/review", strings.NewReader(`{"action":"confirm"}`), "Content-Type", "application/json")
	if res.StatusCode != http.StatusForbidden || !strings.Contains(body, `"code":"read_only"`) {
		t.Errorf("API review on a read-only server: %d %s", res.StatusCode, body)
	}
	if revs, _ := f.st.Reviews(context.Background(), 3); len(revs) != 0 {
		t.Errorf("a read-only server stored %d reviews", len(revs))
	}
}

func TestEmptyWorkspace(t *testing.T) {
	s, _ := newServer(t, openStore(t), server.Options{})
	for _, p := range []string{"/", "/claims", "/sources", "/documents", "/records"} {
		res, body := do(t, s, "GET", p, nil)
		if res.StatusCode != http.StatusOK {
			t.Errorf("%s on an empty workspace: %d\n%s", p, res.StatusCode, body)
		}
	}
	_, body := do(t, s, "GET", "/", nil)
	if !strings.Contains(body, "No claims yet") {
		t.Errorf("empty overview:\n%s", body)
	}
	_, body = do(t, s, "GET", "/api/v1/claims", nil)
	if strings.TrimSpace(body) != `{"data":[]}` {
		t.Errorf("empty claims list: %s", body)
	}
}

func TestMethods(t *testing.T) {
	f := newFixture(t)
	s, _ := newServer(t, f.st, server.Options{})
	for _, tt := range []struct {
		method, path string
		status       int
		allow        string
	}{
		{"DELETE", "/claims/1", 405, "GET, HEAD"},
		{"POST", "/claims", 405, "GET, HEAD"},
		{"GET", "/claims/1/review", 405, "POST"},
		{"PUT", "/api/v1/claims/1/review", 405, "POST"},
		{"HEAD", "/claims/1", 200, ""},
		{"HEAD", "/api/v1/claims", 200, ""},
		{"HEAD", "/api/v1/records.csv", 200, ""},
	} {
		res, body := do(t, s, tt.method, tt.path, nil)
		if res.StatusCode != tt.status || strings.Join(res.Header.Values("Allow"), ", ") != tt.allow {
			t.Errorf("%s %s: %d, Allow %q; want %d, %q", tt.method, tt.path, res.StatusCode, res.Header.Values("Allow"), tt.status, tt.allow)
		}
		if tt.method == "HEAD" && body != "" {
			t.Errorf("HEAD %s has a body", tt.path)
		}
	}
}
