package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/server"
)

// Payloads of the edge test: SQL and script injection, and control
// characters. Identifier fields refuse every one; free-text fields refuse
// markup and control characters and store the rest verbatim.
var payloads = []string{
	`'; DROP TABLE claims; --`,
	`' OR '1'='1`,
	`<script>alert(1)</script>`,
	`<img src=x onerror=alert(1)>`,
	`javascript:alert(1)`,
	"bell\x07and\x00nul",
}

// markup reports whether a payload is refused as free text.
func markup(p string) bool { return strings.ContainsAny(p, "<\x00\x07") }

// census counts every kind of row a write can add; two equal censuses
// mean nothing was stored in between.
type census struct {
	sources, documents, claims, reviews, imports, records, decisions, users, runs, events int
}

func takeCensus(t *testing.T, st reckon.Store) census {
	t.Helper()
	ctx := reckon.WithPersonalData(context.Background())
	var c census
	must := func(n int, err error) int {
		t.Helper()
		if err != nil {
			t.Fatalf("census: %v", err)
		}
		return n
	}
	srcs, err := st.Sources(ctx)
	c.sources = must(len(srcs), err)
	docs, err := st.Documents(ctx, reckon.DocumentFilter{})
	c.documents = must(len(docs), err)
	claims, err := st.Claims(ctx, reckon.ClaimFilter{})
	c.claims = must(len(claims), err)
	for _, cl := range claims {
		revs, err := st.Reviews(ctx, cl.ID)
		c.reviews += must(len(revs), err)
	}
	imps, err := st.Imports(ctx)
	c.imports = must(len(imps), err)
	recs, err := st.Records(ctx, reckon.RecordFilter{})
	c.records = must(len(recs), err)
	ds, err := st.Decisions(ctx)
	c.decisions = must(len(ds), err)
	us, err := st.Users(ctx)
	c.users = must(len(us), err)
	runs, err := st.LinkRuns(ctx)
	c.runs = must(len(runs), err)
	evs, err := st.Events(ctx, reckon.EventFilter{})
	c.events = must(len(evs), err)
	return c
}

// edgeRequest is one request of the edge test.
type edgeRequest struct {
	role        reckon.Role
	method      string
	target      string
	contentType string
	body        string
}

// A field of a write route and how the edge test puts a value in it.
type edgeField struct {
	route string // "POST /api/v1/sources"
	name  string
	kind  string // ident, free, url, enum, password, login, ignored
	make  func(v string) edgeRequest
}

// TestEdge sends bad input to every write route at the HTTP edge, on
// each store: oversized bodies (413), malformed JSON (400), wrong
// content types (415), unknown fields (400), paths in file names (400)
// and injection payloads in every field of every write route. A refused
// request stores nothing (the row counts and the audit log are
// unchanged); accepted free text is stored verbatim and escaped on every
// page; the tables are intact afterwards (issue 6).
func TestEdge(t *testing.T) {
	eachStore(t, testEdge)
}

func testEdge(t *testing.T, st reckon.Store) {
	ctx := context.Background()
	w := newWriter(t, st, server.Options{MaxBodyBytes: 4 << 10, MaxUploadBytes: 64 << 10, ReportsPerHour: -1, TraceLimit: -1})
	const analyst, reviewer, admin = reckon.RoleAnalyst, reckon.RoleReviewer, reckon.RoleAdmin
	ok := func(res *http.Response, body string) {
		t.Helper()
		if res.StatusCode >= 300 {
			t.Fatalf("seeding: %d %s", res.StatusCode, body)
		}
	}

	// A workspace made through the API: a source, a document with
	// claims, two lists that link, a user to change.
	ok(w.call(t, analyst, "POST", "/api/v1/sources", "application/json", `{"name":"Yonhap","kind":"media"}`))
	// The punctuation of real names is not an injection.
	ok(w.call(t, analyst, "POST", "/api/v1/sources", "application/json", `{"name":"People's Daily, Beijing & Co.","kind":"media"}`))
	ok(w.call(t, analyst, "POST", "/api/v1/documents?source=Yonhap&title=Report", "text/plain",
		"Officials said at least 300 soldiers were killed. The <img src=x onerror=alert(1)> ministry said 40 were missing."))
	ok(w.call(t, analyst, "POST", "/api/v1/imports?list=kcna", "text/csv",
		"record_id,name,birth_date,unit,source_url\nk1,Kim Chol,1999-03,<script>alert(1)</script>,javascript:alert(1)\nk2,Pak Su,1990,,\n"))
	ok(w.call(t, analyst, "POST", "/api/v1/imports?list=mediazona", "text/csv", "record_id,name,birth_date\nm1,Kim Chol,1999-03\n"))
	ok(w.call(t, admin, "POST", "/api/v1/users", "application/json", `{"name":"target","role":"viewer","password":"a long enough passphrase"}`))
	ok(w.call(t, reviewer, "POST", "/api/v1/link", "", ""))
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if _, body := w.call(t, "", "GET", "/api/v1/link", "", ""); strings.Contains(body, `"running":false`) {
			break
		}
	}
	claims, err := st.Claims(ctx, reckon.ClaimFilter{})
	if err != nil || len(claims) < 2 {
		t.Fatalf("claims %d, %v", len(claims), err)
	}
	recs, err := st.Records(reckon.WithPersonalData(ctx), reckon.RecordFilter{})
	if err != nil || len(recs) != 3 {
		t.Fatalf("records %d, %v", len(recs), err)
	}
	claim, a, b, docID := claims[0].ID, recs[0].ID, recs[2].ID, claims[0].DocumentID
	ds0 := fmt.Sprintf(`{"a":%d,"b":%d,"same":false,"why":"seed"}`, a, b)
	ok(w.call(t, reviewer, "POST", "/api/v1/decisions", "application/json", ds0))
	decisions, _ := st.Decisions(ctx)
	decision := decisions[0].ID

	// Builders of requests with a value in one field.
	n := 0
	unique := func() int { n++; return n }
	js := func(v string) string { b, _ := json.Marshal(v); return string(b) }
	api := func(role reckon.Role, path, body string) edgeRequest {
		return edgeRequest{role, "POST", path, "application/json", body}
	}
	form := func(role reckon.Role, path string, f url.Values) edgeRequest {
		return edgeRequest{role, "POST", path, "application/x-www-form-urlencoded", f.Encode()}
	}
	doc := func(q url.Values) edgeRequest {
		return edgeRequest{analyst, "POST", "/api/v1/documents?" + q.Encode(), "text/plain", fmt.Sprintf("Text %d: 12 were killed.", unique())}
	}
	docQ := func(k, v string) url.Values {
		q := url.Values{"source": {"Yonhap"}}
		q.Set(k, v)
		return q
	}
	imp := func(q url.Values) edgeRequest {
		id := unique()
		return edgeRequest{analyst, "POST", "/api/v1/imports?" + q.Encode(), "text/csv", fmt.Sprintf("record_id,name,relative\nx%d,Kim %d,Pak\n", id, id)}
	}
	impQ := func(k, v string) url.Values {
		q := url.Values{"list": {fmt.Sprintf("list%d", unique())}}
		q.Set(k, v)
		return q
	}
	multipartDoc := func(fields map[string]string, filename string) edgeRequest {
		ct, body := multipartBody(t, fields, filename, fmt.Sprintf("Text %d: 7 were wounded.", unique()))
		return edgeRequest{analyst, "POST", "/api/v1/documents", ct, body}
	}
	claimPath := fmt.Sprintf("/api/v1/claims/%d/review", claim)
	// A list staged by the import page, for the fields of its import.
	sct, sbody := multipartBody(t, nil, "staged.csv", "record_id,name\ns1,Kim\n")
	res, body := w.call(t, analyst, "POST", "/lists/import/preview", sct, sbody)
	m := regexp.MustCompile(`name="stage" value="([0-9a-f]+)"`).FindStringSubmatch(body)
	if res.StatusCode != http.StatusOK || m == nil {
		t.Fatalf("staging a list: %d %s", res.StatusCode, body)
	}
	stage := m[1]
	yonhap, err := st.SourceByName(ctx, "Yonhap")
	if err != nil {
		t.Fatal(err)
	}
	// openReport adds an open report on the roll, for a field of the
	// queue's forms to resolve.
	openReport := func() int64 {
		c := &reckon.Correction{Record: reckon.RecordKey{List: "kcna", RecordID: "k2"}, Kind: reckon.CorrectionFix, Text: "seed"}
		if err := st.AddCorrection(ctx, c); err != nil {
			t.Fatal(err)
		}
		return c.ID
	}
	fields := []edgeField{
		{"POST /api/v1/sources", "name", "ident", func(v string) edgeRequest {
			return api(analyst, "/api/v1/sources", `{"name":`+js(v)+`,"kind":"media"}`)
		}},
		{"POST /api/v1/sources", "kind", "enum", func(v string) edgeRequest {
			return api(analyst, "/api/v1/sources", fmt.Sprintf(`{"name":"S%d","kind":%s}`, unique(), js(v)))
		}},
		{"POST /api/v1/sources", "grade", "enum", func(v string) edgeRequest {
			return api(analyst, "/api/v1/sources", fmt.Sprintf(`{"name":"S%d","kind":"media","grade":%s}`, unique(), js(v)))
		}},
		{"POST /api/v1/sources", "url", "url", func(v string) edgeRequest {
			return api(analyst, "/api/v1/sources", fmt.Sprintf(`{"name":"S%d","kind":"media","url":%s}`, unique(), js(v)))
		}},
		{"POST /api/v1/sources", "note", "free", func(v string) edgeRequest {
			return api(analyst, "/api/v1/sources", fmt.Sprintf(`{"name":"S%d","kind":"media","note":%s}`, unique(), js(v)))
		}},
		{"POST /api/v1/sources/{id}", "kind", "enum", func(v string) edgeRequest {
			return api(analyst, fmt.Sprintf("/api/v1/sources/%d", yonhap.ID), `{"kind":`+js(v)+`}`)
		}},
		{"POST /api/v1/sources/{id}", "grade", "enum", func(v string) edgeRequest {
			return api(analyst, fmt.Sprintf("/api/v1/sources/%d", yonhap.ID), `{"grade":`+js(v)+`}`)
		}},
		{"POST /api/v1/sources/{id}", "url", "url", func(v string) edgeRequest {
			return api(analyst, fmt.Sprintf("/api/v1/sources/%d", yonhap.ID), `{"url":`+js(v)+`}`)
		}},
		{"POST /api/v1/sources/{id}", "note", "free", func(v string) edgeRequest {
			return api(analyst, fmt.Sprintf("/api/v1/sources/%d", yonhap.ID), `{"note":`+js(v)+`}`)
		}},
		{"POST /api/v1/estimates/run", "measure", "enum", func(v string) edgeRequest {
			return api(analyst, "/api/v1/estimates/run", `{"draws":0,"measure":`+js(v)+`}`)
		}},
		{"POST /api/v1/estimates/run", "strata", "ident", func(v string) edgeRequest {
			return api(analyst, "/api/v1/estimates/run", `{"measure":"killed","draws":0,"strata":`+js(v)+`}`)
		}},
		{"POST /api/v1/documents", "source", "ident", func(v string) edgeRequest { return doc(url.Values{"source": {v}}) }},
		{"POST /api/v1/documents", "title", "free", func(v string) edgeRequest { return doc(docQ("title", v)) }},
		{"POST /api/v1/documents", "filename", "ident", func(v string) edgeRequest { return doc(docQ("filename", v)) }},
		{"POST /api/v1/documents", "published", "enum", func(v string) edgeRequest { return doc(docQ("published", v)) }},
		{"POST /api/v1/documents", "url", "url", func(v string) edgeRequest { return doc(docQ("url", v)) }},
		{"POST /api/v1/documents", "title", "free", func(v string) edgeRequest {
			return multipartDoc(map[string]string{"source": "Yonhap", "title": v}, "a.txt")
		}},
		{"POST /api/v1/documents", "filename", "ident", func(v string) edgeRequest {
			return multipartDoc(map[string]string{"source": "Yonhap"}, v)
		}},
		{"POST /api/v1/imports", "list", "ident", func(v string) edgeRequest { return imp(url.Values{"list": {v}}) }},
		{"POST /api/v1/imports", "source", "ident", func(v string) edgeRequest { return imp(impQ("source", v)) }},
		{"POST /api/v1/imports", "filename", "ident", func(v string) edgeRequest { return imp(impQ("filename", v)) }},
		{"POST /api/v1/imports", "sensitive", "ident", func(v string) edgeRequest { return imp(impQ("sensitive", v)) }},
		{"POST /api/v1/users", "name", "ident", func(v string) edgeRequest {
			return api(admin, "/api/v1/users", `{"name":`+js(v)+`,"role":"viewer","password":"a long enough passphrase"}`)
		}},
		{"POST /api/v1/users", "role", "enum", func(v string) edgeRequest {
			return api(admin, "/api/v1/users", fmt.Sprintf(`{"name":"u%d","role":%s,"password":"a long enough passphrase"}`, unique(), js(v)))
		}},
		{"POST /api/v1/users", "password", "password", func(v string) edgeRequest {
			return api(admin, "/api/v1/users", fmt.Sprintf(`{"name":"u%d","role":"viewer","password":%s}`, unique(), js(v)))
		}},
		{"POST /api/v1/users/{name}", "{name}", "ident", func(v string) edgeRequest {
			return api(admin, "/api/v1/users/"+url.PathEscape(v), `{"role":"analyst"}`)
		}},
		{"POST /api/v1/users/{name}", "role", "enum", func(v string) edgeRequest {
			return api(admin, "/api/v1/users/target", `{"role":`+js(v)+`}`)
		}},
		{"POST /api/v1/users/{name}", "disabled", "enum", func(v string) edgeRequest {
			return api(admin, "/api/v1/users/target", `{"disabled":`+js(v)+`}`)
		}},
		{"POST /api/v1/users/{name}", "password", "password", func(v string) edgeRequest {
			return api(admin, "/api/v1/users/target", `{"password":`+js(v)+`}`)
		}},
		{"POST /api/v1/claims/{id}/review", "{id}", "enum", func(v string) edgeRequest {
			return api(analyst, "/api/v1/claims/"+url.PathEscape(v)+"/review", `{"action":"confirm"}`)
		}},
		{"POST /api/v1/claims/{id}/review", "action", "enum", func(v string) edgeRequest {
			return api(analyst, claimPath, `{"action":`+js(v)+`}`)
		}},
		{"POST /api/v1/claims/{id}/review", "why", "free", func(v string) edgeRequest {
			return api(analyst, claimPath, `{"action":"reject","why":`+js(v)+`}`)
		}},
		{"POST /api/v1/claims/{id}/review", "subject", "free", func(v string) edgeRequest {
			return api(analyst, claimPath, `{"action":"edit","subject":`+js(v)+`}`)
		}},
		{"POST /api/v1/claims/{id}/review", "measure", "enum", func(v string) edgeRequest {
			return api(analyst, claimPath, `{"action":"edit","measure":`+js(v)+`}`)
		}},
		{"POST /api/v1/claims/{id}/review", "qualifier", "enum", func(v string) edgeRequest {
			return api(analyst, claimPath, `{"action":"edit","qualifier":`+js(v)+`}`)
		}},
		{"POST /api/v1/claims/{id}/review", "attribution", "free", func(v string) edgeRequest {
			return api(analyst, claimPath, `{"action":"edit","attribution":`+js(v)+`}`)
		}},
		{"POST /api/v1/claims/{id}/review", "note", "free", func(v string) edgeRequest {
			return api(analyst, claimPath, `{"action":"edit","note":`+js(v)+`}`)
		}},
		{"POST /api/v1/claims/{id}/review", "scope place", "free", func(v string) edgeRequest {
			return api(analyst, claimPath, `{"action":"edit","scope":{"place":`+js(v)+`}}`)
		}},
		{"POST /api/v1/claims/{id}/review", "into", "enum", func(v string) edgeRequest {
			return api(analyst, claimPath, `{"action":"merge","into":`+js(v)+`}`)
		}},
		{"POST /api/v1/claims", "attribution", "free", func(v string) edgeRequest {
			return api(analyst, "/api/v1/claims", fmt.Sprintf(`{"document_id":%d,"span":"soldiers","measure":"killed","qualifier":"exact","low":1,"high":1,"attribution":%s}`, docID, js(v)))
		}},
		{"POST /api/v1/claims", "note", "free", func(v string) edgeRequest {
			return api(analyst, "/api/v1/claims", fmt.Sprintf(`{"document_id":%d,"span":"soldiers","measure":"killed","qualifier":"exact","low":1,"high":1,"note":%s}`, docID, js(v)))
		}},
		{"POST /api/v1/claims", "measure", "enum", func(v string) edgeRequest {
			return api(analyst, "/api/v1/claims", fmt.Sprintf(`{"document_id":%d,"span":"soldiers","measure":%s,"qualifier":"exact","low":1,"high":1}`, docID, js(v)))
		}},
		{"POST /documents/{id}/claims", "subject", "free", func(v string) edgeRequest {
			return form(analyst, fmt.Sprintf("/documents/%d/claims", docID), url.Values{"span": {"soldiers"}, "measure": {"killed"}, "qualifier": {"exact"}, "low": {"1"}, "high": {"1"}, "subject": {v}})
		}},
		{"POST /documents/{id}/claims", "qualifier", "enum", func(v string) edgeRequest {
			return form(analyst, fmt.Sprintf("/documents/%d/claims", docID), url.Values{"span": {"soldiers"}, "measure": {"killed"}, "qualifier": {v}, "low": {"1"}, "high": {"1"}})
		}},
		{"POST /claims/{id}/review", "note", "free", func(v string) edgeRequest {
			return form(analyst, fmt.Sprintf("/claims/%d/review", claim), url.Values{"action": {"edit"}, "note": {v}})
		}},
		{"POST /api/v1/claims/{id}/review", "version", "enum", func(v string) edgeRequest {
			return api(analyst, claimPath, `{"action":"confirm","version":`+js(v)+`}`)
		}},
		{"POST /api/v1/decisions", "why", "free", func(v string) edgeRequest {
			return api(reviewer, "/api/v1/decisions", fmt.Sprintf(`{"a":%d,"b":%d,"same":false,"why":%s}`, a, b, js(v)))
		}},
		{"POST /api/v1/decisions", "a", "enum", func(v string) edgeRequest {
			return api(reviewer, "/api/v1/decisions", fmt.Sprintf(`{"a":%s,"b":%d,"same":false}`, js(v), b))
		}},
		{"POST /api/v1/decisions", "same", "enum", func(v string) edgeRequest {
			return api(reviewer, "/api/v1/decisions", fmt.Sprintf(`{"a":%d,"b":%d,"same":%s}`, a, b, js(v)))
		}},
		{"POST /api/v1/decisions/{id}/undo", "{id}", "enum", func(v string) edgeRequest {
			return api(reviewer, "/api/v1/decisions/"+url.PathEscape(v)+"/undo", "")
		}},
		{"POST /api/v1/link", "body", "enum", func(v string) edgeRequest {
			return api(reviewer, "/api/v1/link", `{"why":`+js(v)+`}`)
		}},
		{"POST /claims/{id}/review", "why", "free", func(v string) edgeRequest {
			return form(analyst, fmt.Sprintf("/claims/%d/review", claim), url.Values{"action": {"reject"}, "why": {v}})
		}},
		{"POST /claims/{id}/review", "action", "enum", func(v string) edgeRequest {
			return form(analyst, fmt.Sprintf("/claims/%d/review", claim), url.Values{"action": {v}})
		}},
		{"POST /claims/{id}/review", "low", "enum", func(v string) edgeRequest {
			return form(analyst, fmt.Sprintf("/claims/%d/review", claim), url.Values{"action": {"edit"}, "low": {v}})
		}},
		{"POST /claims/{id}/review", "version", "enum", func(v string) edgeRequest {
			return form(analyst, fmt.Sprintf("/claims/%d/review", claim), url.Values{"action": {"confirm"}, "version": {v}})
		}},
		{"POST /review", "why", "free", func(v string) edgeRequest {
			return form(reviewer, "/review", url.Values{"a": {fmt.Sprint(a)}, "b": {fmt.Sprint(b)}, "same": {"n"}, "why": {v}})
		}},
		{"POST /review", "a", "enum", func(v string) edgeRequest {
			return form(reviewer, "/review", url.Values{"a": {v}, "b": {fmt.Sprint(b)}, "same": {"n"}})
		}},
		{"POST /review", "same", "enum", func(v string) edgeRequest {
			return form(reviewer, "/review", url.Values{"a": {fmt.Sprint(a)}, "b": {fmt.Sprint(b)}, "same": {v}})
		}},
		{"POST /review", "i", "ignored", func(v string) edgeRequest {
			return form(reviewer, "/review", url.Values{"a": {fmt.Sprint(a)}, "b": {fmt.Sprint(b)}, "same": {"n"}, "i": {v}})
		}},
		{"POST /review/undo", "id", "enum", func(v string) edgeRequest {
			return form(reviewer, "/review/undo", url.Values{"id": {v}})
		}},
		{"POST /login", "name", "login", func(v string) edgeRequest {
			return form("", "/login", url.Values{"name": {v}, "password": {"a long enough passphrase"}})
		}},
		{"POST /login", "password", "login", func(v string) edgeRequest {
			return form("", "/login", url.Values{"name": {"target"}, "password": {v}})
		}},
		{"POST /login", "next", "login", func(v string) edgeRequest {
			return form("", "/login", url.Values{"name": {"nobody"}, "password": {"wrong"}, "next": {v}})
		}},
		// The work pages (issue 15): forms beside the API.
		{"POST /sources", "name", "ident", func(v string) edgeRequest {
			return form(analyst, "/sources", url.Values{"name": {v}, "kind": {"media"}})
		}},
		{"POST /sources", "kind", "enum", func(v string) edgeRequest {
			return form(analyst, "/sources", url.Values{"name": {fmt.Sprintf("P%d", unique())}, "kind": {v}})
		}},
		{"POST /sources", "note", "free", func(v string) edgeRequest {
			return form(analyst, "/sources", url.Values{"name": {fmt.Sprintf("P%d", unique())}, "kind": {"media"}, "note": {v}})
		}},
		{"POST /sources", "url", "url", func(v string) edgeRequest {
			return form(analyst, "/sources", url.Values{"name": {fmt.Sprintf("P%d", unique())}, "kind": {"media"}, "url": {v}})
		}},
		{"POST /sources/{id}", "grade", "enum", func(v string) edgeRequest {
			return form(analyst, fmt.Sprintf("/sources/%d", yonhap.ID), url.Values{"kind": {"media"}, "grade": {v}})
		}},
		{"POST /sources/{id}", "note", "free", func(v string) edgeRequest {
			return form(analyst, fmt.Sprintf("/sources/%d", yonhap.ID), url.Values{"kind": {"media"}, "note": {v}})
		}},
		{"POST /sources/{id}", "url", "url", func(v string) edgeRequest {
			return form(analyst, fmt.Sprintf("/sources/%d", yonhap.ID), url.Values{"kind": {"media"}, "url": {v}})
		}},
		{"POST /documents", "title", "free", func(v string) edgeRequest {
			return form(analyst, "/documents", url.Values{"source": {"Yonhap"}, "title": {v}, "text": {fmt.Sprintf("Page text %d: 9 were killed.", unique())}})
		}},
		{"POST /documents", "published", "enum", func(v string) edgeRequest {
			return form(analyst, "/documents", url.Values{"source": {"Yonhap"}, "published": {v}, "text": {fmt.Sprintf("Page text %d: 9 were killed.", unique())}})
		}},
		{"POST /lists/import/preview", "encoding", "enum", func(v string) edgeRequest {
			ct, body := multipartBody(t, map[string]string{"encoding": v}, "l.csv", "record_id,name\nq1,Kim\n")
			return edgeRequest{analyst, "POST", "/lists/import/preview", ct, body}
		}},
		{"POST /lists/import", "list", "ident", func(v string) edgeRequest {
			return form(analyst, "/lists/import", url.Values{"stage": {stage}, "list": {v}})
		}},
		{"POST /lists/import", "map.name", "enum", func(v string) edgeRequest {
			return form(analyst, "/lists/import", url.Values{"stage": {stage}, "list": {"staged"}, "map.name": {v}})
		}},
		{"POST /lists/import", "sensitive", "ident", func(v string) edgeRequest {
			return form(analyst, "/lists/import", url.Values{"stage": {stage}, "list": {"staged"}, "sensitive": {v}})
		}},
		{"POST /link", "why", "enum", func(v string) edgeRequest {
			return form(reviewer, "/link", url.Values{"why": {v}})
		}},
		{"POST /estimates/run", "measure", "enum", func(v string) edgeRequest {
			return form(analyst, "/estimates/run", url.Values{"measure": {v}, "draws": {"0"}, "seed": {"1"}})
		}},
		{"POST /estimates/run", "strata", "ident", func(v string) edgeRequest {
			return form(analyst, "/estimates/run", url.Values{"measure": {"killed"}, "strata": {v}, "draws": {"0"}, "seed": {"1"}})
		}},
		{"POST /users", "name", "ident", func(v string) edgeRequest {
			return form(admin, "/users", url.Values{"name": {v}, "role": {"viewer"}, "password": {"a long enough passphrase"}})
		}},
		{"POST /users", "role", "enum", func(v string) edgeRequest {
			return form(admin, "/users", url.Values{"name": {fmt.Sprintf("u%d", unique())}, "role": {v}, "password": {"a long enough passphrase"}})
		}},
		{"POST /users", "password", "password", func(v string) edgeRequest {
			return form(admin, "/users", url.Values{"name": {fmt.Sprintf("u%d", unique())}, "role": {"viewer"}, "password": {v}})
		}},
		{"POST /users/{name}", "role", "enum", func(v string) edgeRequest {
			return form(admin, "/users/target", url.Values{"role": {v}})
		}},
		{"POST /users/{name}", "password", "password", func(v string) edgeRequest {
			return form(admin, "/users/target", url.Values{"role": {"viewer"}, "password": {v}})
		}},
		{"POST /users/{name}/tokens", "token_name", "ident", func(v string) edgeRequest {
			return form(admin, "/users/target/tokens", url.Values{"token_name": {v}})
		}},
		{"POST /users/{name}/tokens/{id}/revoke", "{id}", "enum", func(v string) edgeRequest {
			return form(admin, "/users/target/tokens/"+url.PathEscape(v)+"/revoke", url.Values{})
		}},
		// The public roll's reports and their queue (issue 16).
		{"POST /roll/{list}/{record}/report", "text", "free", func(v string) edgeRequest {
			return form("", "/roll/kcna/k2/report", url.Values{"text": {v}})
		}},
		{"POST /roll/{list}/{record}/report", "contact", "free", func(v string) edgeRequest {
			return form("", "/roll/kcna/k2/report", url.Values{"text": {"wrong unit"}, "contact": {v}})
		}},
		{"POST /roll/{list}/{record}/report", "reporter", "free", func(v string) edgeRequest {
			return form("", "/roll/kcna/k2/report", url.Values{"text": {"wrong unit"}, "reporter": {v}})
		}},
		{"POST /roll/{list}/{record}/report", "kind", "enum", func(v string) edgeRequest {
			return form("", "/roll/kcna/k2/report", url.Values{"text": {"wrong unit"}, "kind": {v}})
		}},
		{"POST /roll/{list}/{record}/report", "field", "enum", func(v string) edgeRequest {
			return form("", "/roll/kcna/k2/report", url.Values{"text": {"wrong unit"}, "field": {v}})
		}},
		{"POST /api/v1/roll/{list}/{record}/reports", "text", "free", func(v string) edgeRequest {
			return api("", "/api/v1/roll/kcna/k1/reports", `{"text":`+js(v)+`}`)
		}},
		{"POST /api/v1/roll/{list}/{record}/reports", "contact", "free", func(v string) edgeRequest {
			return api("", "/api/v1/roll/kcna/k1/reports", `{"text":"wrong unit","contact":`+js(v)+`}`)
		}},
		{"POST /api/v1/roll/{list}/{record}/reports", "kind", "enum", func(v string) edgeRequest {
			return api("", "/api/v1/roll/kcna/k1/reports", `{"text":"wrong unit","kind":`+js(v)+`}`)
		}},
		{"POST /corrections/{id}", "note", "free", func(v string) edgeRequest {
			return form(analyst, fmt.Sprintf("/corrections/%d", openReport()), url.Values{"action": {"accept"}, "note": {v}})
		}},
		{"POST /corrections/{id}", "action", "enum", func(v string) edgeRequest {
			return form(analyst, fmt.Sprintf("/corrections/%d", openReport()), url.Values{"action": {v}})
		}},
		{"POST /api/v1/corrections/{id}", "note", "free", func(v string) edgeRequest {
			return api(analyst, fmt.Sprintf("/api/v1/corrections/%d", openReport()), `{"action":"reject","note":`+js(v)+`}`)
		}},
		{"POST /api/v1/corrections/{id}", "action", "enum", func(v string) edgeRequest {
			return api(analyst, fmt.Sprintf("/api/v1/corrections/%d", openReport()), `{"action":`+js(v)+`}`)
		}},
		{"POST /api/v1/corrections/{id}", "{id}", "enum", func(v string) edgeRequest {
			return api(analyst, "/api/v1/corrections/"+url.PathEscape(v), `{"action":"accept"}`)
		}},
		{"POST /logout", "next", "ignored", func(v string) edgeRequest {
			return form("", "/logout", url.Values{"next": {v}})
		}},
	}
	// Tracing requests (issue 16): the public form and API, and the
	// tracers' writes, each on a request of its own where the first
	// accepted write would change what the next may do.
	const tracer = reckon.RoleTracer
	traceReq := func() int64 {
		r := &reckon.TraceRequest{Sought: reckon.Sought{Names: []string{"김철"}}, Contact: reckon.Contact{Email: "m@example.org"}, Consent: true}
		if err := st.CreateTraceRequest(ctx, r); err != nil {
			t.Fatal(err)
		}
		return r.ID
	}
	traceCand := func() int64 {
		id := traceReq()
		if _, err := st.AddTraceCandidates(ctx, id, []*reckon.TraceCandidate{{RecordID: a, Probability: 0.5, Explanation: "waterfall"}}); err != nil {
			t.Fatal(err)
		}
		return id
	}
	traceForm := func(field, v string) edgeRequest {
		f := url.Values{"name": {"김철수"}, "email": {"m@example.org"}, "born": {"2003"}, "consent": {"yes"}}
		f.Set(field, v)
		return form("", "/trace", f)
	}
	tracePath := func(v, end string) string { return "/trace/" + url.PathEscape(v) + end }
	traceAPI := func(v, end string) string { return "/api/v1/trace/" + url.PathEscape(v) + end }
	fields = append(fields,
		edgeField{"POST /trace", "name", "free", func(v string) edgeRequest { return traceForm("name", v) }},
		edgeField{"POST /trace", "note", "free", func(v string) edgeRequest { return traceForm("note", v) }},
		edgeField{"POST /trace", "email", "ident", func(v string) edgeRequest { return traceForm("email", v) }},
		edgeField{"POST /trace", "born", "enum", func(v string) edgeRequest { return traceForm("born", v) }},
		edgeField{"POST /trace/withdraw", "code", "enum", func(v string) edgeRequest {
			return form("", "/trace/withdraw", url.Values{"id": {fmt.Sprint(traceReq())}, "code": {v}})
		}},
		edgeField{"POST /trace/{id}/decide", "reason", "free", func(v string) edgeRequest {
			return form(tracer, fmt.Sprintf("/trace/%d/decide", traceCand()), url.Values{"record": {fmt.Sprint(a)}, "verdict": {"reject"}, "reason": {v}})
		}},
		edgeField{"POST /trace/{id}/decide", "verdict", "enum", func(v string) edgeRequest {
			return form(tracer, fmt.Sprintf("/trace/%d/decide", traceCand()), url.Values{"record": {fmt.Sprint(a)}, "verdict": {v}, "reason": {"no"}})
		}},
		edgeField{"POST /trace/{id}/status", "reason", "free", func(v string) edgeRequest {
			return form(tracer, fmt.Sprintf("/trace/%d/status", traceReq()), url.Values{"status": {"closed"}, "reason": {v}})
		}},
		edgeField{"POST /trace/{id}/status", "status", "enum", func(v string) edgeRequest {
			return form(tracer, fmt.Sprintf("/trace/%d/status", traceReq()), url.Values{"status": {v}, "reason": {"done"}})
		}},
		edgeField{"POST /trace/{id}/withdraw", "reason", "free", func(v string) edgeRequest {
			return form(tracer, fmt.Sprintf("/trace/%d/withdraw", traceReq()), url.Values{"reason": {v}})
		}},
		edgeField{"POST /trace/{id}/match", "{id}", "enum", func(v string) edgeRequest {
			return form(tracer, tracePath(v, "/match"), url.Values{})
		}},
		edgeField{"POST /api/v1/trace", "name", "free", func(v string) edgeRequest {
			b, _ := json.Marshal(map[string]any{"sought": map[string]any{"names": []string{v}}, "contact": map[string]string{"phone": "+82 10"}, "consent": true})
			return api("", "/api/v1/trace", string(b))
		}},
		edgeField{"POST /api/v1/trace/withdraw", "code", "enum", func(v string) edgeRequest {
			b, _ := json.Marshal(map[string]any{"id": traceReq(), "code": v})
			return api("", "/api/v1/trace/withdraw", string(b))
		}},
		edgeField{"POST /api/v1/trace/{id}/decide", "reason", "free", func(v string) edgeRequest {
			b, _ := json.Marshal(map[string]any{"record_id": a, "confirm": false, "reason": v})
			return api(tracer, fmt.Sprintf("/api/v1/trace/%d/decide", traceCand()), string(b))
		}},
		edgeField{"POST /api/v1/trace/{id}/status", "status", "enum", func(v string) edgeRequest {
			b, _ := json.Marshal(map[string]any{"status": v, "reason": "done"})
			return api(tracer, fmt.Sprintf("/api/v1/trace/%d/status", traceReq()), string(b))
		}},
		edgeField{"POST /api/v1/trace/{id}/withdraw", "reason", "free", func(v string) edgeRequest {
			b, _ := json.Marshal(map[string]any{"reason": v})
			return api(tracer, fmt.Sprintf("/api/v1/trace/%d/withdraw", traceReq()), string(b))
		}},
		edgeField{"POST /api/v1/trace/{id}/match", "{id}", "enum", func(v string) edgeRequest {
			return api(tracer, traceAPI(v, "/match"), "")
		}},
	)

	// Every write route is in the table.
	s, _ := newServer(t, st, server.Options{})
	for _, rt := range server.WriteRoutes(s) {
		if !slices.ContainsFunc(fields, func(f edgeField) bool { return f.route == rt }) {
			t.Errorf("write route %s has no fields in the edge test", rt)
		}
	}

	// send sends a request; a refused one (4xx) must change nothing.
	send := func(name string, rq edgeRequest) (int, string) {
		t.Helper()
		before := takeCensus(t, st)
		res, body := w.call(t, rq.role, rq.method, rq.target, rq.contentType, rq.body)
		if res.StatusCode >= 500 {
			t.Errorf("%s: %d %s", name, res.StatusCode, body)
		}
		if res.StatusCode >= 400 {
			if after := takeCensus(t, st); after != before {
				t.Errorf("%s: refused with %d but stored something: %+v, then %+v", name, res.StatusCode, before, after)
			}
		}
		return res.StatusCode, body
	}

	for _, f := range fields {
		for _, p := range payloads {
			name := fmt.Sprintf("%s %s=%q", f.route, f.name, p)
			status, body := send(name, f.make(p))
			var want []int
			switch f.kind {
			case "ident", "url", "enum":
				want = []int{http.StatusBadRequest}
			case "free":
				want = []int{http.StatusOK, http.StatusCreated, http.StatusSeeOther}
				if markup(p) {
					want = []int{http.StatusBadRequest}
				}
			case "password":
				want = []int{http.StatusOK, http.StatusCreated}
				if len([]rune(p)) < 12 {
					want = []int{http.StatusBadRequest}
				}
			case "login":
				want = []int{http.StatusUnauthorized, http.StatusTooManyRequests}
			case "ignored":
				continue
			}
			if !slices.Contains(want, status) {
				t.Errorf("%s: status %d, want one of %v: %s", name, status, want, body)
				continue
			}
			// The error names the field, but for a path that no route
			// may hold (a NUL) and for a multipart header that does not
			// parse (a control character in a part's file name).
			named := strings.Contains(body, strings.Trim(f.name, "{}")) || strings.HasPrefix(f.name, "{") ||
				strings.Contains(body, "malformed multipart body") && strings.HasPrefix(f.make("").contentType, "multipart/")
			if status == http.StatusBadRequest && (f.kind == "ident" || f.kind == "url" || f.kind == "free") && !named {
				t.Errorf("%s: the error does not name the field: %s", name, body)
			}
		}
	}

	// Paths and dot names in file names, by query and by multipart.
	for _, v := range []string{"../../etc/passwd", `..\..\win.ini`, "/etc/passwd", "sub/a.csv", ".hidden.csv", "..", "a..csv", "a\x00.csv", "%2e%2e%2fa.csv"} {
		for _, rq := range []edgeRequest{imp(impQ("filename", v)), doc(docQ("filename", v)), multipartDoc(map[string]string{"source": "Yonhap"}, v)} {
			name := fmt.Sprintf("file name %q to %s", v, rq.target)
			if status, body := send(name, rq); status != http.StatusBadRequest {
				t.Errorf("%s: %d %s, want 400", name, status, body)
			}
		}
	}

	// Bodies that are too large, malformed, of the wrong type or with
	// unknown fields.
	big := strings.Repeat("x", 5<<10)
	huge := "record_id,name\n" + strings.Repeat("r,Kim Chol\n", 7<<10)
	ct, mpHuge := multipartBody(t, map[string]string{"source": "Yonhap"}, "huge.txt", strings.Repeat("12 were killed. ", 5<<10))
	for _, c := range []struct {
		name string
		rq   edgeRequest
		want int
	}{
		{"oversized source", api(analyst, "/api/v1/sources", `{"name":"Big","kind":"media","note":"`+big+`"}`), http.StatusRequestEntityTooLarge},
		{"oversized user", api(admin, "/api/v1/users", `{"name":"big","role":"viewer","password":"`+big+`"}`), http.StatusRequestEntityTooLarge},
		{"oversized user change", api(admin, "/api/v1/users/target", `{"password":"`+big+`"}`), http.StatusRequestEntityTooLarge},
		{"oversized decision", api(reviewer, "/api/v1/decisions", fmt.Sprintf(`{"a":%d,"b":%d,"same":false,"why":"%s"}`, a, b, big)), http.StatusRequestEntityTooLarge},
		{"oversized review", api(analyst, claimPath, `{"action":"reject","why":"`+big+`"}`), http.StatusRequestEntityTooLarge},
		{"oversized link", api(reviewer, "/api/v1/link", `{"x":"`+big+`"}`), http.StatusRequestEntityTooLarge},
		{"oversized review form", form(analyst, fmt.Sprintf("/claims/%d/review", claim), url.Values{"action": {"reject"}, "why": {big}}), http.StatusRequestEntityTooLarge},
		{"oversized decision form", form(reviewer, "/review", url.Values{"a": {"1"}, "b": {"2"}, "same": {"n"}, "why": {big}}), http.StatusRequestEntityTooLarge},
		{"oversized import", edgeRequest{analyst, "POST", "/api/v1/imports?list=huge", "text/csv", huge}, http.StatusRequestEntityTooLarge},
		{"oversized document", edgeRequest{analyst, "POST", "/api/v1/documents?source=Yonhap", "text/plain", strings.Repeat("12 were killed. ", 5<<10)}, http.StatusRequestEntityTooLarge},
		{"oversized multipart document", edgeRequest{analyst, "POST", "/api/v1/documents", ct, mpHuge}, http.StatusRequestEntityTooLarge},
		{"malformed source", api(analyst, "/api/v1/sources", `{"name":`), http.StatusBadRequest},
		{"malformed source, two values", api(analyst, "/api/v1/sources", `{"name":"A","kind":"media"}{}`), http.StatusBadRequest},
		{"malformed user", api(admin, "/api/v1/users", `{"name":"x",}`), http.StatusBadRequest},
		{"malformed user change", api(admin, "/api/v1/users/target", `[1,2]`), http.StatusBadRequest},
		{"malformed decision", api(reviewer, "/api/v1/decisions", `{"a":1,"b":`), http.StatusBadRequest},
		{"malformed link", api(reviewer, "/api/v1/link", `{`), http.StatusBadRequest},
		{"malformed multipart", edgeRequest{analyst, "POST", "/api/v1/documents", "multipart/form-data; boundary=xyz", "--xyz\r\nbroken"}, http.StatusBadRequest},
		{"bad CSV", edgeRequest{analyst, "POST", "/api/v1/imports?list=bad", "text/csv", "name\nKim\n"}, http.StatusBadRequest},
		{"invalid UTF-8 CSV", edgeRequest{analyst, "POST", "/api/v1/imports?list=bad", "text/csv", "record_id,name\nb1,\xff\xfe\n"}, http.StatusBadRequest},
		{"text source", edgeRequest{analyst, "POST", "/api/v1/sources", "text/plain", `{"name":"A","kind":"media"}`}, http.StatusUnsupportedMediaType},
		{"untyped source", edgeRequest{analyst, "POST", "/api/v1/sources", "", `{"name":"A","kind":"media"}`}, http.StatusUnsupportedMediaType},
		{"form user", edgeRequest{admin, "POST", "/api/v1/users", "application/x-www-form-urlencoded", "name=a&role=viewer"}, http.StatusUnsupportedMediaType},
		{"JSON document", edgeRequest{analyst, "POST", "/api/v1/documents?source=Yonhap", "application/json", `{"text":"12 killed"}`}, http.StatusUnsupportedMediaType},
		{"untyped document", edgeRequest{analyst, "POST", "/api/v1/documents?source=Yonhap", "", "12 killed"}, http.StatusUnsupportedMediaType},
		{"JSON import", edgeRequest{analyst, "POST", "/api/v1/imports?list=j", "application/json", `{"csv":"record_id\n1"}`}, http.StatusUnsupportedMediaType},
		{"text/plain import", edgeRequest{analyst, "POST", "/api/v1/imports?list=j", "text/plain", "record_id\n1\n"}, http.StatusUnsupportedMediaType},
		{"unknown source field", api(analyst, "/api/v1/sources", `{"name":"A","kind":"media","owner":"x"}`), http.StatusBadRequest},
		{"unknown user field", api(admin, "/api/v1/users", `{"name":"a","role":"admin","password":"a long enough passphrase","superuser":true}`), http.StatusBadRequest},
		{"unknown user change field", api(admin, "/api/v1/users/target", `{"email":"a@example.org"}`), http.StatusBadRequest},
		{"unknown query parameter", api(analyst, "/api/v1/sources?dry_run=1", `{"name":"A","kind":"media"}`), http.StatusBadRequest},
		{"unknown document parameter", edgeRequest{analyst, "POST", "/api/v1/documents?source=Yonhap&author=x", "text/plain", "12 killed"}, http.StatusBadRequest},
		{"unknown import parameter", edgeRequest{analyst, "POST", "/api/v1/imports?list=j&mode=replace", "text/csv", "record_id\n1\n"}, http.StatusBadRequest},
		{"unknown multipart field", multipartDoc(map[string]string{"source": "Yonhap", "author": "x"}, "a.txt"), http.StatusBadRequest},
		{"repeated parameter", edgeRequest{analyst, "POST", "/api/v1/imports?list=j&list=k", "text/csv", "record_id\n1\n"}, http.StatusBadRequest},
		{"document without a source", edgeRequest{analyst, "POST", "/api/v1/documents", "text/plain", "12 killed"}, http.StatusBadRequest},
		{"import without a list", edgeRequest{analyst, "POST", "/api/v1/imports", "text/csv", "record_id\n1\n"}, http.StatusBadRequest},
		{"source without a kind", api(analyst, "/api/v1/sources", `{"name":"A"}`), http.StatusBadRequest},
		{"name with a space at the end", api(analyst, "/api/v1/sources", `{"name":"A ","kind":"media"}`), http.StatusBadRequest},
		{"user change of nothing", api(admin, "/api/v1/users/target", `{}`), http.StatusBadRequest},
		{"undo of no decision", api(reviewer, fmt.Sprintf("/api/v1/decisions/%d/undo", decision+1000), ""), http.StatusNotFound},
	} {
		status, body := send(c.name, c.rq)
		if status != c.want {
			t.Errorf("%s: %d %s, want %d", c.name, status, body, c.want)
		}
	}

	// Markup stored by other means (the command line) and data that
	// holds it: every page escapes it.
	if err := st.CreateSource(ctx, &reckon.Source{Name: `<script>alert(1)</script>`, Kind: reckon.KindOther}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.ReviewClaim(ctx, claims[1].ID, &reckon.Review{Action: reckon.ActionReject, By: "cli", Why: `<img src=x onerror=alert(1)>`}, nil); err != nil {
		t.Fatal(err)
	}
	docs, _ := st.Documents(ctx, reckon.DocumentFilter{})
	srcs, _ := st.Sources(ctx)
	pages := []string{"/", "/sources", "/documents", "/claims", "/records", "/persons", "/review", "/lists",
		fmt.Sprintf("/claims/%d", claim), fmt.Sprintf("/claims/%d", claims[1].ID), fmt.Sprintf("/documents/%d", docs[0].ID)}
	for _, s := range srcs {
		pages = append(pages, fmt.Sprintf("/sources/%d", s.ID))
	}
	if p, err := st.PersonOfRecord(reckon.WithPersonalData(ctx), a); err == nil {
		pages = append(pages, fmt.Sprintf("/persons/%d", p.ID))
	}
	escaped := map[string]bool{}
	for _, path := range pages {
		res, body := w.call(t, admin, "GET", path, "", "")
		if res.StatusCode != http.StatusOK {
			t.Errorf("GET %s after the attempts: %d", path, res.StatusCode)
			continue
		}
		for _, p := range payloads {
			if markup(p) && strings.Contains(body, p) {
				t.Errorf("GET %s shows %q unescaped", path, p)
			}
		}
		if strings.Contains(body, `href="javascript:`) {
			t.Errorf("GET %s links to javascript:", path)
		}
		for _, e := range []string{"&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;img src=x onerror=alert(1)&gt;", "&#39;; DROP TABLE claims; --"} {
			if strings.Contains(body, e) {
				escaped[e] = true
			}
		}
	}
	for _, e := range []string{"&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;img src=x onerror=alert(1)&gt;", "&#39;; DROP TABLE claims; --"} {
		if !escaped[e] {
			t.Errorf("no page shows %q: the stored text went missing", e)
		}
	}

	// The tables are intact: every claim is there, the accepted SQL is
	// stored as text, and the audit chain holds.
	for _, c := range claims {
		if _, err := st.Claim(ctx, c.ID); err != nil {
			t.Errorf("claim %d after the attempts: %v", c.ID, err)
		}
	}
	if cs, err := st.Claims(ctx, reckon.ClaimFilter{}); err != nil || len(cs) != takeCensus(t, st).claims {
		t.Errorf("claims after the attempts: %d, %v", len(cs), err)
	}
	revs, _ := st.Reviews(ctx, claim)
	if !slices.ContainsFunc(revs, func(r *reckon.Review) bool { return r.Why == `'; DROP TABLE claims; --` }) {
		t.Error("the SQL in a review note is not kept verbatim")
	}
	if c, err := st.VerifyAudit(ctx); err != nil || c.BadID != 0 {
		t.Errorf("audit after the attempts: %+v, %v", c, err)
	}
}
