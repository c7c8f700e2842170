package server_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/pipeline"
	"github.com/reckonhq/reckon/server"
)

// TestPersonsAPI calls the API of persons, lists, estimates, reconcile
// and review on the fixture, with and without the engine.
func TestPersonsAPI(t *testing.T) {
	f := newFixture(t)
	s, _ := newServer(t, f.st, server.Options{Engine: pipeline.NewEngine(f.st, pipeline.EngineOptions{})})
	bare, _ := newServer(t, f.st, server.Options{})
	chol := f.personOf(t, 0) // 리철수 (kcna) and Ли Чхоль (mediazona)
	q := func(s string) string { return url.QueryEscape(s) }
	tests := []struct {
		name   string
		h      http.Handler
		path   string
		status int
		want   []string
	}{
		{"persons", s, "/api/v1/persons", 200, []string{`"name":"리철수"`, `"name":"Ли Чхоль"`, `\u003cscript\u003e`}},
		{"persons of list", s, "/api/v1/persons?list=mediazona", 200, []string{`"Ли Чхоль"`, `"=1+1"`}},
		{"persons paged", s, "/api/v1/persons?limit=1", 200, []string{`"next_cursor":`}},
		{"search romanised", s, "/api/v1/persons?q=" + q("Ri Chol Su"), 200, []string{fmt.Sprintf(`{"data":[{"id":%d,`, chol)}},
		{"search cyrillic", s, "/api/v1/persons?q=" + q("Ли Чхоль"), 200, []string{fmt.Sprintf(`{"data":[{"id":%d,`, chol)}},
		{"search southern spelling", s, "/api/v1/persons?q=" + q("Lee Cheol"), 200, []string{fmt.Sprintf(`{"data":[{"id":%d,`, chol)}},
		{"search nobody", s, "/api/v1/persons?q=Zzyzx", 200, []string{`{"data":[]}`}},
		{"search too long", s, "/api/v1/persons?q=" + strings.Repeat("x", 201), 400, []string{`"invalid"`}},
		{"search without engine", bare, "/api/v1/persons?q=Kim", 404, []string{"without the linkage engine"}},
		{"persons csv", s, "/api/v1/persons?format=csv", 200, []string{"person_id,record_id,list", "'=1+1"}},
		{"persons csv with q", s, "/api/v1/persons?format=csv&q=Kim", 400, nil},
		{"person", s, fmt.Sprintf("/api/v1/persons/%d", chol), 200, []string{`"lists":["kcna","mediazona"]`, `"links":[{"a":`, `"fields":[{"column":`, `"level":`}},
		{"person without engine", bare, fmt.Sprintf("/api/v1/persons/%d", chol), 200, []string{`"links":[]`}},
		{"person with decision", s, fmt.Sprintf("/api/v1/persons/%d", f.personOf(t, 1)), 200, []string{`"decisions":[{`, `"why":"\u003cimg src=x`}},
		{"person unknown", s, "/api/v1/persons/987654", 404, []string{"not_found"}},
		{"person bad id", s, "/api/v1/persons/x", 400, nil},
		{"lists", s, "/api/v1/lists", 200, []string{`"persons":4`, `"records":5`, `{"lists":["kcna","mediazona"],"persons":1}`, `{"list":"kcna","records":3,"persons":3,"only":2,"imports":1}`}},
		{"estimates", s, "/api/v1/estimates", 200, []string{`"method":"lcmcr"`, `"method":"minimum"`}},
		{"estimates by method", s, "/api/v1/estimates?method=minimum", 200, []string{`"method":"minimum"`}},
		{"estimates bad method", s, "/api/v1/estimates?method=guess", 400, nil},
		{"estimates bad measure", s, "/api/v1/estimates?measure=dead", 400, nil},
		{"estimate", s, fmt.Sprintf("/api/v1/estimates/%d", f.lcmcr.ID), 200, []string{`"n_hat":9`, `"upper":30`, `"quantiles`}},
		{"estimate input", s, fmt.Sprintf("/api/v1/estimates/%d/input.csv", f.minimum.ID), 200, []string{"kcna,mediazona,count\n1,0,2\n"}},
		{"estimate unknown", s, "/api/v1/estimates/987654", 404, nil},
		{"reconcile", s, "/api/v1/reconcile?measure=killed", 200, []string{`"measure":"killed"`, `"kind":"incompatible"`, `"latest":[`}},
		{"reconcile default killed", s, "/api/v1/reconcile", 200, []string{`"measure":"killed"`}},
		{"reconcile bad measure", s, "/api/v1/reconcile?measure=%3Cb%3E", 400, []string{`\u003cb\u003e`}},
		{"reconcile without engine", bare, "/api/v1/reconcile", 404, []string{"without the linkage engine"}},
		{"review queue", s, "/api/v1/review", 200, []string{`"probability":0.7`, `"probability":0.3`, `"relink":{"running":false,"available":true}`}},
		{"review queue without engine", bare, "/api/v1/review?limit=1", 200, []string{`"available":false`}},
		{"review bad limit", s, "/api/v1/review?limit=0", 400, nil},
		{"decisions", s, "/api/v1/decisions", 200, []string{`"by":"ana"`, `"same":false`, `"why":"\u003cimg`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, body := do(t, tt.h, "GET", tt.path, nil)
			if res.StatusCode != tt.status {
				t.Fatalf("GET %s: %d, want %d\n%s", tt.path, res.StatusCode, tt.status, body)
			}
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("GET %s: missing %s in\n%s", tt.path, w, body)
				}
			}
			if !strings.Contains(tt.path, "csv") && (strings.Contains(body, "<script>") || strings.Contains(body, "<img")) {
				t.Errorf("GET %s: unescaped markup", tt.path)
			}
		})
	}
	// The review queue leaves out the pair the fixture decided.
	if _, body := do(t, s, "GET", "/api/v1/review", nil); strings.Contains(body, `"probability":0.2`) {
		t.Error("the review queue holds a decided pair")
	}
}

// TestReviewDecisions decides pairs through the API and the forms and
// sees the persons change at once; undo brings the decision back.
func TestReviewDecisions(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	s, _ := newServer(t, f.st, server.Options{Engine: pipeline.NewEngine(f.st, pipeline.EngineOptions{})})
	k3, m1 := f.records[2], f.records[3]
	post := func(path, body string) (*http.Response, string) {
		return do(t, s, "POST", path, strings.NewReader(body), "Content-Type", "application/json")
	}
	for _, tt := range []struct {
		name, body string
		status     int
	}{
		{"same record", fmt.Sprintf(`{"a":%d,"b":%d,"same":true}`, k3.ID, k3.ID), 400},
		{"no same", fmt.Sprintf(`{"a":%d,"b":%d}`, k3.ID, m1.ID), 400},
		{"unknown record", fmt.Sprintf(`{"a":%d,"b":987654,"same":true}`, k3.ID), 404},
		{"unknown field", `{"a":1,"b":2,"same":true,"who":"me"}`, 400},
		{"not json", `a=1`, 400},
	} {
		if res, body := post("/api/v1/decisions", tt.body); res.StatusCode != tt.status {
			t.Errorf("%s: %d, want %d: %s", tt.name, res.StatusCode, tt.status, body)
		}
	}
	res, body := post("/api/v1/decisions", fmt.Sprintf(`{"a":%d,"b":%d,"same":true,"why":"same unit, same day"}`, k3.ID, m1.ID))
	if res.StatusCode != http.StatusCreated || !strings.Contains(body, `"relinked":true`) || !strings.Contains(body, `"by":"tester"`) {
		t.Fatalf("decide: %d %s", res.StatusCode, body)
	}
	pa, _ := f.st.PersonOfRecord(ctx, k3.ID)
	pb, _ := f.st.PersonOfRecord(ctx, m1.ID)
	if pa.ID != pb.ID {
		t.Fatalf("after deciding same, %s is person %d and %s person %d", k3.Key(), pa.ID, m1.Key(), pb.ID)
	}
	if _, body := do(t, s, "GET", fmt.Sprintf("/api/v1/persons/%d", pa.ID), nil); !strings.Contains(body, `"record_id":"k3"`) || !strings.Contains(body, `"record_id":"m1"`) {
		t.Errorf("the person after the decision: %s", body)
	}
	ds, _ := f.st.Decisions(ctx)
	last := ds[len(ds)-1]
	if res, body := post(fmt.Sprintf("/api/v1/decisions/%d/undo", last.ID), ""); res.StatusCode != http.StatusOK {
		t.Fatalf("undo: %d %s", res.StatusCode, body)
	}
	if res, _ := post(fmt.Sprintf("/api/v1/decisions/%d/undo", last.ID), ""); res.StatusCode != http.StatusNotFound {
		t.Errorf("undo twice: %d, want 404", res.StatusCode)
	}

	// The forms: different, then undo.
	form := func(path string, v url.Values) *http.Response {
		res, _ := do(t, s, "POST", path, strings.NewReader(v.Encode()), "Content-Type", "application/x-www-form-urlencoded")
		return res
	}
	res = form("/review", url.Values{"a": {fmt.Sprint(f.records[0].ID)}, "b": {fmt.Sprint(m1.ID)}, "same": {"n"}, "i": {"0"}})
	loc := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/review?i=0&done=") {
		t.Fatalf("review form: %d to %q", res.StatusCode, loc)
	}
	pa, _ = f.st.PersonOfRecord(ctx, f.records[0].ID)
	pb, _ = f.st.PersonOfRecord(ctx, m1.ID)
	if pa.ID == pb.ID {
		t.Error("after deciding different, the records are still one person")
	}
	loc, _, _ = strings.Cut(loc, "#")
	_, body = do(t, s, "GET", loc, nil)
	for _, w := range []string{`id="decided"`, "kcna/k1 and mediazona/m1 are different persons", "They are now", `<script src="/assets/review.js"></script>`} {
		if !strings.Contains(body, w) {
			t.Errorf("review page after the decision: missing %q", w)
		}
	}
	if res := form("/review", url.Values{"a": {"1"}, "b": {"2"}, "same": {"maybe"}}); res.StatusCode != http.StatusBadRequest {
		t.Errorf("same=maybe: %d", res.StatusCode)
	}
	res = form("/review/undo", url.Values{})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("undo form: %d", res.StatusCode)
	}
	_, body = do(t, s, "GET", res.Header.Get("Location"), nil)
	if !strings.Contains(body, "Undid the decision on kcna/k1 and mediazona/m1") {
		t.Errorf("after undo: %s", body)
	}
	// tester has nothing left to undo; ana's decision stays.
	if res := form("/review/undo", url.Values{}); res.StatusCode != http.StatusNotFound {
		t.Errorf("undo with nothing to undo: %d", res.StatusCode)
	}
	if res, _ := do(t, s, "POST", "/review", strings.NewReader("a=1&b=2&same=y"), "Content-Type", "application/x-www-form-urlencoded", "Sec-Fetch-Site", "cross-site"); res.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site review: %d", res.StatusCode)
	}
	ro, _ := newServer(t, f.st, server.Options{ReadOnly: true})
	if res, _ := do(t, ro, "POST", "/api/v1/decisions", strings.NewReader(`{"a":1,"b":2,"same":true}`), "Content-Type", "application/json"); res.StatusCode != http.StatusForbidden {
		t.Errorf("read-only decision: %d", res.StatusCode)
	}
	if _, body := do(t, ro, "GET", "/review", nil); strings.Contains(body, `action="/review"`) {
		t.Error("read-only review page shows the decision form")
	}

	// Without the engine, a decision is kept and waits for reckon link.
	bare, _ := newServer(t, f.st, server.Options{})
	res, body = do(t, bare, "POST", "/api/v1/decisions", strings.NewReader(fmt.Sprintf(`{"a":%d,"b":%d,"same":true}`, k3.ID, m1.ID)), "Content-Type", "application/json")
	if res.StatusCode != http.StatusCreated || !strings.Contains(body, `"relinked":false`) || !strings.Contains(body, `"available":false`) {
		t.Errorf("decision without engine: %d %s", res.StatusCode, body)
	}
	if _, body := do(t, bare, "GET", "/review", nil); !strings.Contains(body, "apply at the next <code>reckon link</code>") {
		t.Error("review page without engine does not say when decisions apply")
	}
}

// TestPersonPages checks the new pages by assertion, escaping included.
func TestPersonPages(t *testing.T) {
	f := newFixture(t)
	s, _ := newServer(t, f.st, server.Options{Engine: pipeline.NewEngine(f.st, pipeline.EngineOptions{})})
	for _, tt := range []struct {
		name, path string
		want       []string
	}{
		{"search", "/persons?q=" + url.QueryEscape("Ли Чхоль"), []string{`value="Ли Чхоль"`, fmt.Sprintf(`<a href="/persons/%d">`, f.personOf(t, 0)), "리철수"}},
		{"search nobody", "/persons?q=%3Cb%3EZzyzx", []string{"Nobody found named “&lt;b&gt;Zzyzx”"}},
		{"person", fmt.Sprintf("/persons/%d", f.personOf(t, 0)), []string{"The records side by side", "kcna / k1", "mediazona / m1", "Why they were linked", `<table class="explain">`, `<svg class="bar"`}},
		{"person with markup", fmt.Sprintf("/persons/%d", f.personOf(t, 1)), []string{"&lt;script&gt;alert(&#34;record&#34;)&lt;/script&gt;", "&lt;b&gt;11th&lt;/b&gt; Corps", "One record: nothing to link", "&lt;img src=x", "&lt;i&gt;spring&lt;/i&gt; 1951"}},
		{"person bad evidence link", fmt.Sprintf("/persons/%d", f.personOf(t, 2)), []string{`href="#ZgotmplZ"`}},
		{"lists", "/lists", []string{`<svg class="upset"`, "kcna + mediazona"}},
		{"estimate", fmt.Sprintf("/estimates/%d", f.lcmcr.ID), []string{`<svg class="curve"`, "R-hat 1.2 &gt; 1.01: &lt;b&gt;run longer&lt;/b&gt;", "reckon mse input.csv --method lcmcr --seed 1 --burnin 100 --samples 50 --thin 2 --chains 2 --format json"}},
		{"reconcile", "/reconcile?measure=killed", []string{"Documented minimum", "Estimates and claims on one axis", "cannot both be true", "a cumulative toll does not fall", `class="band minimum"`, `class="band estimate"`, "&lt;script&gt;alert(1)&lt;/script&gt;"}},
		{"review", "/review", []string{"Pair 1: match probability", `accesskey="y"`, `data-key="n"`, "autofocus", `<table class="explain">`}},
		{"overview", "/", []string{"contradiction", "/reconcile?measure=killed"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res, body := do(t, s, "GET", tt.path, nil)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("GET %s: %d\n%s", tt.path, res.StatusCode, body)
			}
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("GET %s: missing %q", tt.path, w)
				}
			}
			for _, bad := range []string{"<script>alert", "<img src", "<b>", "<i>spring"} {
				if strings.Contains(body, bad) {
					t.Errorf("GET %s: unescaped %q", tt.path, bad)
				}
			}
		})
	}
	// The CSP lets the review page's own script run and nothing else.
	res, _ := do(t, s, "GET", "/assets/review.js", nil)
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/javascript") ||
		!strings.Contains(res.Header.Get("Content-Security-Policy"), "script-src 'self'") {
		t.Errorf("review.js: %d %s %s", res.StatusCode, res.Header.Get("Content-Type"), res.Header.Get("Content-Security-Policy"))
	}
	if _, err := f.st.Person(context.Background(), 987654); reckon.ErrorCode(err) != reckon.ENOTFOUND {
		t.Fatal(err)
	}
}
