package server_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/server"
)

// apiError is the error object of every failed API call.
type apiError struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

func TestAPI(t *testing.T) {
	f := newFixture(t)
	s, _ := newServer(t, f.st, server.Options{MaxBodyBytes: 4 << 10})
	json := "application/json"
	tests := []struct {
		name   string
		method string
		path   string
		ctype  string
		body   string
		status int
		code   string   // the error code, for failures
		want   []string // substrings of the body
	}{
		{"sources", "GET", "/api/v1/sources", "", "", 200, "", []string{`"name":"Airwars"`, `"grade":"B2"`, `"kind":"state_media"`}},
		{"source", "GET", fmt.Sprintf("/api/v1/sources/%d", f.kcna.ID), "", "", 200, "", []string{`"name":"KCNA"`, `"grade":"E5"`}},
		{"source escaped", "GET", fmt.Sprintf("/api/v1/sources/%d", f.evil.ID), "", "", 200, "", []string{`"name":"\u003cscript\u003ealert(1)\u003c/script\u003e"`}},
		{"source unknown", "GET", "/api/v1/sources/99", "", "", 404, "not_found", []string{"source 99 not found"}},
		{"source bad id", "GET", "/api/v1/sources/x1", "", "", 400, "invalid", nil},
		{"source huge id", "GET", "/api/v1/sources/99999999999999999999999", "", "", 400, "invalid", nil},
		{"sources unknown param", "GET", "/api/v1/sources?sort=name", "", "", 400, "invalid", []string{`unknown query parameter \"sort\"`}},
		{"documents", "GET", "/api/v1/documents", "", "", 200, "", []string{`"title":"Yonhap report"`, `"published":"2025-09-02"`, `"claims":3`}},
		{"documents of source", "GET", fmt.Sprintf("/api/v1/documents?source=%d", f.kcna.ID), "", "", 200, "", []string{`"title":"KCNA statement"`}},
		{"documents bad source", "GET", "/api/v1/documents?source=-3", "", "", 400, "invalid", nil},
		{"document", "GET", fmt.Sprintf("/api/v1/documents/%d", f.docKorean.ID), "", "", 200, "", []string{`"size":` + fmt.Sprint(len(textKorean))}},
		{"document unknown", "GET", "/api/v1/documents/77", "", "", 404, "not_found", nil},
		{"document text", "GET", fmt.Sprintf("/api/v1/documents/%d/text?start=15&end=27", f.docYonhap.ID), "", "", 200, "", []string{`"text":"at least 300"`, `"start":15`, `"end":27`}},
		{"document text whole", "GET", fmt.Sprintf("/api/v1/documents/%d/text", f.docEvil.ID), "", "", 200, "", []string{`\u003cscript\u003ealert(2)`}},
		{"document text end clipped", "GET", fmt.Sprintf("/api/v1/documents/%d/text?start=100&end=100000", f.docYonhap.ID), "", "", 200, "", []string{`"end":` + fmt.Sprint(len(textYonhap))}},
		{"document text mid-character", "GET", fmt.Sprintf("/api/v1/documents/%d/text?start=%d&end=%d", f.docKorean.ID, strings.Index(textKorean, "강")+1, strings.Index(textKorean, "도")+2), "", "", 200, "", []string{`"text":"원"`}},
		{"document text start past end", "GET", fmt.Sprintf("/api/v1/documents/%d/text?start=9999", f.docYonhap.ID), "", "", 400, "invalid", nil},
		{"document text end before start", "GET", fmt.Sprintf("/api/v1/documents/%d/text?start=10&end=5", f.docYonhap.ID), "", "", 400, "invalid", nil},
		{"document text negative", "GET", fmt.Sprintf("/api/v1/documents/%d/text?start=-1", f.docYonhap.ID), "", "", 400, "invalid", nil},
		{"document text traversal", "GET", "/api/v1/documents/..%2f..%2fetc%2fpasswd/text", "", "", 400, "invalid", nil},
		{"claims", "GET", "/api/v1/claims", "", "", 200, "", []string{`"claim_id":1`, `"low":300,"high":null`, `"status":"confirmed"`, `"claim_id":7`}},
		{"claims killed", "GET", "/api/v1/claims?measure=killed&status=extracted", "", "", 200, "", []string{`"up to 1,200"`}},
		{"claims of document", "GET", fmt.Sprintf("/api/v1/claims?document=%d", f.docKCNA.ID), "", "", 200, "", []string{`"between 600 and 700"`}},
		{"claims bad measure", "GET", "/api/v1/claims?measure=%3Cscript%3E", "", "", 400, "invalid", []string{`unknown measure \"\u003cscript\u003e\"`}},
		{"claims bad status", "GET", "/api/v1/claims?status=maybe", "", "", 400, "invalid", nil},
		{"claims bad limit", "GET", "/api/v1/claims?limit=0", "", "", 400, "invalid", nil},
		{"claims limit not a number", "GET", "/api/v1/claims?limit=ten", "", "", 400, "invalid", nil},
		{"claims bad cursor", "GET", "/api/v1/claims?cursor=MTIz", "", "", 400, "invalid", []string{"cursor"}},
		{"claims repeated param", "GET", "/api/v1/claims?measure=killed&measure=wounded", "", "", 400, "invalid", nil},
		{"claims bad format", "GET", "/api/v1/claims?format=xml", "", "", 400, "invalid", nil},
		{"claims csv with limit", "GET", "/api/v1/claims?format=csv&limit=5", "", "", 400, "invalid", nil},
		{"claims malformed query", "GET", "/api/v1/claims?measure=%zz", "", "", 400, "invalid", nil},
		{"claim", "GET", fmt.Sprintf("/api/v1/claims/%d", f.wounded), "", "", 200, "", []string{`"low":1900,"high":2100`, `"reviews":[{`, `"by":"ben"`, `"action":"edit"`}},
		{"claim without reviews", "GET", fmt.Sprintf("/api/v1/claims/%d", f.evilClaim), "", "", 200, "", []string{`"reviews":[]`, `"attribution":"\u003cb\u003ecommittee\u003c/b\u003e"`}},
		{"claim unknown", "GET", "/api/v1/claims/12345", "", "", 404, "not_found", []string{"claim 12345 not found"}},
		{"claim zero", "GET", "/api/v1/claims/0", "", "", 400, "invalid", nil},
		{"records", "GET", "/api/v1/records", "", "", 200, "", []string{`"name":"리철수"`, `"birth_date":"1999-03"`, `"name":"\u003cscript\u003ealert(\"record\")\u003c/script\u003e"`}},
		{"records of list", "GET", "/api/v1/records?list=mediazona", "", "", 200, "", []string{`"Ли Чхоль"`}},
		{"records unknown list", "GET", "/api/v1/records?list=nobody", "", "", 200, "", []string{`{"data":[]}`}},
		{"records long list", "GET", "/api/v1/records?list=" + strings.Repeat("x", 300), "", "", 400, "invalid", nil},
		{"imports", "GET", "/api/v1/imports", "", "", 200, "", []string{`"list":"kcna"`, `"records":3`}},
		{"openapi", "GET", "/api/v1/openapi.json", "", "", 200, "", []string{`"openapi": "3.1.0"`}},
		{"unknown endpoint", "GET", "/api/v1/people", "", "", 404, "not_found", nil},
		{"unknown version", "GET", "/api/v2/claims", "", "", 404, "not_found", nil},
		{"wrong method", "DELETE", "/api/v1/claims/1", "", "", 405, "method_not_allowed", nil},
		{"post to a list", "POST", "/api/v1/records", json, `{}`, 405, "method_not_allowed", nil},
		{"get a review", "GET", "/api/v1/claims/1/review", "", "", 405, "method_not_allowed", nil},
		{"traversal", "GET", "/api/v1/../../etc/passwd", "", "", 400, "invalid", nil},
		{"encoded traversal", "GET", "/api/v1/claims/%2e%2e/%2e%2e/etc/passwd", "", "", 400, "invalid", nil},
		{"encoded slash in id", "GET", "/api/v1/claims/1%2F..%2F2", "", "", 400, "invalid", nil},

		// Reviews: every bad one is a clear 4xx and stores nothing
		// (checked after the table).
		{"review malformed JSON", "POST", "/api/v1/claims/3/review", json, `{"action":`, 400, "invalid", []string{"malformed JSON"}},
		{"review not JSON", "POST", "/api/v1/claims/3/review", json, `action=confirm`, 400, "invalid", []string{"malformed JSON"}},
		{"review empty body", "POST", "/api/v1/claims/3/review", json, ``, 400, "invalid", []string{"empty body"}},
		{"review two values", "POST", "/api/v1/claims/3/review", json, `{"action":"confirm"}{"action":"confirm"}`, 400, "invalid", nil},
		{"review trailing garbage", "POST", "/api/v1/claims/3/review", json, `{"action":"confirm"} x`, 400, "invalid", nil},
		{"review unknown field", "POST", "/api/v1/claims/3/review", json, `{"action":"confirm","by":"mallory"}`, 400, "invalid", []string{`unknown field \"by\"`}},
		{"review wrong type", "POST", "/api/v1/claims/3/review", json, `{"action":"edit","low":"300"}`, 400, "invalid", nil},
		{"review array", "POST", "/api/v1/claims/3/review", json, `[]`, 400, "invalid", nil},
		{"review no action", "POST", "/api/v1/claims/3/review", json, `{}`, 400, "invalid", []string{"action is required"}},
		// Claim 1 was reviewed once: a client that saw version 0 is late.
		{"review of a stale version", "POST", "/api/v1/claims/1/review", json, `{"action":"reject","why":"x","version":0}`, 409, "conflict", []string{"was reviewed since you loaded it"}},
		{"review unknown action", "POST", "/api/v1/claims/3/review", json, `{"action":"delete"}`, 400, "invalid", nil},
		{"review reject without why", "POST", "/api/v1/claims/3/review", json, `{"action":"reject"}`, 400, "invalid", []string{"needs a reason"}},
		{"review reject blank why", "POST", "/api/v1/claims/3/review", json, `{"action":"reject","why":"   "}`, 400, "invalid", nil},
		{"review edit nothing", "POST", "/api/v1/claims/3/review", json, `{"action":"edit"}`, 400, "invalid", []string{"changes nothing"}},
		{"review edit low above high", "POST", "/api/v1/claims/3/review", json, `{"action":"edit","low":900,"high":100}`, 400, "invalid", nil},
		{"review edit negative", "POST", "/api/v1/claims/3/review", json, `{"action":"edit","low":-1}`, 400, "invalid", nil},
		{"review edit bad measure", "POST", "/api/v1/claims/3/review", json, `{"action":"edit","measure":"eaten"}`, 400, "invalid", nil},
		{"review confirm with bounds", "POST", "/api/v1/claims/3/review", json, `{"action":"confirm","low":5}`, 400, "invalid", nil},
		{"review unknown claim", "POST", "/api/v1/claims/999/review", json, `{"action":"confirm"}`, 404, "not_found", nil},
		{"review bad id", "POST", "/api/v1/claims/abc/review", json, `{"action":"confirm"}`, 400, "invalid", nil},
		{"review oversized", "POST", "/api/v1/claims/3/review", json, `{"action":"reject","why":"` + strings.Repeat("x", 8<<10) + `"}`, 413, "too_large", nil},
		{"review no content type", "POST", "/api/v1/claims/3/review", "", `{"action":"confirm"}`, 415, "unsupported_media_type", nil},
		{"review form content type", "POST", "/api/v1/claims/3/review", "application/x-www-form-urlencoded", `action=confirm`, 415, "unsupported_media_type", nil},
		{"review query", "POST", "/api/v1/claims/3/review?force=1", json, `{"action":"confirm"}`, 400, "invalid", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var hdr []string
			if tt.ctype != "" {
				hdr = []string{"Content-Type", tt.ctype}
			}
			res, body := do(t, s, tt.method, tt.path, strings.NewReader(tt.body), hdr...)
			if res.StatusCode != tt.status {
				t.Fatalf("%s %s: status %d, want %d\n%s", tt.method, tt.path, res.StatusCode, tt.status, body)
			}
			if ct := res.Header.Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type %q", ct)
			}
			if tt.code != "" {
				var e apiError
				if err := decodeStrict(body, &e); err != nil || e.Error.Code != tt.code || e.Error.Message == "" {
					t.Fatalf("error body %s (%v): want code %q and a message", body, err, tt.code)
				}
			}
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("body lacks %s:\n%s", w, body)
				}
			}
			if strings.Contains(body, "<") && tt.path != "/api/v1/openapi.json" {
				t.Errorf("an API answer holds a raw '<': %s", body)
			}
		})
	}
	if revs, _ := f.st.Reviews(context.Background(), 3); len(revs) != 0 {
		t.Fatalf("refused reviews stored %d reviews of claim 3", len(revs))
	}
}

func decodeStrict(body string, v any) error {
	dec := json.NewDecoder(strings.NewReader(body))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}

func TestAPIReview(t *testing.T) {
	f := newFixture(t)
	s, _ := newServer(t, f.st, server.Options{})
	post := func(id int64, body string) (*http.Response, string) {
		return do(t, s, "POST", fmt.Sprintf("/api/v1/claims/%d/review", id), strings.NewReader(body), "Content-Type", "application/json; charset=utf-8")
	}
	id := f.claims[2].ID // Thousands, [2000, 9999]
	res, body := post(id, `{"action":"edit","low":2500}`)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("edit: %d %s", res.StatusCode, body)
	}
	var got struct {
		reckon.Claim
		Reviews []reckon.Review `json:"reviews"`
	}
	if err := json.Unmarshal([]byte(body), &got); err != nil {
		t.Fatal(err)
	}
	// low was given, high was absent: high stays.
	if !got.Interval.Equal(reckon.Closed(2500, 9999)) || got.Status != reckon.StatusConfirmed || len(got.Reviews) != 1 || got.Reviews[0].By != "tester" {
		t.Fatalf("after edit: %+v", got)
	}
	// null makes a side unbounded.
	res, body = post(id, `{"action":"edit","high":null,"why":"open-ended"}`)
	if res.StatusCode != http.StatusOK || !strings.Contains(body, `"low":2500,"high":null`) {
		t.Fatalf("edit high to null: %d %s", res.StatusCode, body)
	}
	res, body = post(id, `{"action":"reject","why":"  a duplicate of claim 1 "}`)
	if res.StatusCode != http.StatusOK || !strings.Contains(body, `"status":"rejected"`) || !strings.Contains(body, `"why":"a duplicate of claim 1"`) {
		t.Fatalf("reject: %d %s", res.StatusCode, body)
	}
	res, body = post(id, `{"action":"confirm"}`)
	if res.StatusCode != http.StatusOK || strings.Count(body, `"action"`) != 4 {
		t.Fatalf("confirm: %d %s", res.StatusCode, body)
	}
	res, _ = do(t, s, "POST", fmt.Sprintf("/api/v1/claims/%d/review", id), strings.NewReader(`{"action":"confirm"}`),
		"Content-Type", "application/json", "Sec-Fetch-Site", "cross-site")
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site API post: %d, want 403", res.StatusCode)
	}
}

func TestETag(t *testing.T) {
	f := newFixture(t)
	s, _ := newServer(t, f.st, server.Options{})
	for _, p := range []string{"/", "/claims", "/claims/1", "/api/v1/claims", "/api/v1/claims/1", "/api/v1/sources", "/api/v1/records?limit=2", "/assets/style.css", "/api/v1/openapi.json"} {
		res, body := do(t, s, "GET", p, nil)
		etag := res.Header.Get("ETag")
		if res.StatusCode != 200 || !strings.HasPrefix(etag, `"`) || strings.HasPrefix(etag, "W/") {
			t.Fatalf("GET %s: %d, ETag %q; want a strong ETag", p, res.StatusCode, etag)
		}
		res2, body2 := do(t, s, "GET", p, nil)
		if res2.Header.Get("ETag") != etag || body2 != body {
			t.Errorf("GET %s twice: ETag or body changed", p)
		}
		for _, inm := range []string{etag, `"other", ` + etag, "W/" + etag, "*"} {
			res, body = do(t, s, "GET", p, nil, "If-None-Match", inm)
			if res.StatusCode != http.StatusNotModified || body != "" || res.Header.Get("ETag") != etag {
				t.Errorf("GET %s If-None-Match %s: %d, %d bytes; want 304 and no body", p, inm, res.StatusCode, len(body))
			}
		}
		res, _ = do(t, s, "GET", p, nil, "If-None-Match", `"stale"`)
		if res.StatusCode != http.StatusOK {
			t.Errorf("GET %s with a stale ETag: %d", p, res.StatusCode)
		}
	}
	// A change makes new ETags, the cached overview included.
	before := map[string]string{}
	for _, p := range []string{"/", "/api/v1/claims/3"} {
		res, _ := do(t, s, "GET", p, nil)
		before[p] = res.Header.Get("ETag")
	}
	if res, body := do(t, s, "POST", "/api/v1/claims/3/review", strings.NewReader(`{"action":"confirm"}`), "Content-Type", "application/json"); res.StatusCode != 200 {
		t.Fatalf("review: %d %s", res.StatusCode, body)
	}
	for p, old := range before {
		res, _ := do(t, s, "GET", p, nil, "If-None-Match", old)
		if res.StatusCode != http.StatusOK || res.Header.Get("ETag") == old {
			t.Errorf("GET %s after a review: %d, ETag unchanged", p, res.StatusCode)
		}
	}
	// Errors carry no ETag.
	res, _ := do(t, s, "GET", "/api/v1/claims/999", nil)
	if res.Header.Get("ETag") != "" {
		t.Error("a 404 has an ETag")
	}
}

// TestPagination walks every list endpoint by cursor, with pages of every
// size, and checks that the pages tile the whole list.
func TestPagination(t *testing.T) {
	f := newFixture(t)
	s, _ := newServer(t, f.st, server.Options{})
	for _, tt := range []struct {
		path string
		id   string
		want int
	}{
		{"/api/v1/claims", "claim_id", 7},
		{"/api/v1/claims?measure=killed", "claim_id", 4},
		{"/api/v1/documents", "id", 4},
		{"/api/v1/records", "id", 5},
		{"/api/v1/records?list=kcna", "id", 3},
	} {
		for limit := 1; limit <= 8; limit++ {
			var ids []float64
			next := ""
			for pages := 0; ; pages++ {
				sep := "?"
				if strings.Contains(tt.path, "?") {
					sep = "&"
				}
				url := fmt.Sprintf("%s%slimit=%d", tt.path, sep, limit)
				if next != "" {
					url += "&cursor=" + next
				}
				res, body := do(t, s, "GET", url, nil)
				if res.StatusCode != 200 {
					t.Fatalf("GET %s: %d %s", url, res.StatusCode, body)
				}
				var page struct {
					Data       []map[string]any `json:"data"`
					NextCursor string           `json:"next_cursor"`
				}
				if err := json.Unmarshal([]byte(body), &page); err != nil {
					t.Fatal(err)
				}
				if len(page.Data) > limit {
					t.Fatalf("GET %s: %d items", url, len(page.Data))
				}
				for _, d := range page.Data {
					ids = append(ids, d[tt.id].(float64))
				}
				next = page.NextCursor
				if next == "" {
					break
				}
				if pages > 10 {
					t.Fatalf("%s: endless pages", tt.path)
				}
			}
			if len(ids) != tt.want {
				t.Fatalf("%s limit %d: %d items, want %d", tt.path, limit, len(ids), tt.want)
			}
			for i := 1; i < len(ids); i++ {
				if ids[i] <= ids[i-1] {
					t.Fatalf("%s limit %d: ids not increasing: %v", tt.path, limit, ids)
				}
			}
		}
	}
	// A limit over the cap is cut to it rather than refused.
	if res, _ := do(t, s, "GET", "/api/v1/claims?limit=1000000", nil); res.StatusCode != 200 {
		t.Errorf("limit over the cap: %d", res.StatusCode)
	}
}

func TestDownloads(t *testing.T) {
	f := newFixture(t)
	s, _ := newServer(t, f.st, server.Options{})
	for _, tt := range []struct {
		path   string
		header string
		rows   int
	}{
		{"/api/v1/claims.csv", "claim_id,document_id,measure", 7},
		{"/api/v1/claims?format=csv", "claim_id,document_id,measure", 7},
		{"/api/v1/claims.csv?measure=killed&status=rejected", "claim_id", 1},
		{"/api/v1/records.csv", "record_id,list,family_name,given_name,name", 5},
		{"/api/v1/records.csv?list=mediazona", "record_id", 2},
		{"/api/v1/records?format=csv", "record_id", 5},
		{"/api/v1/sources.csv", "id,name,kind,grade", 4},
		{"/api/v1/sources?format=csv", "id,name", 4},
		{"/api/v1/documents.csv", "id,source_id,title", 4},
		{"/api/v1/documents?format=csv&source=1", "id,source_id,title", 1},
		{"/api/v1/imports.csv", "id,source_id,list", 2},
	} {
		res, body := do(t, s, "GET", tt.path, nil)
		if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") ||
			!strings.HasPrefix(res.Header.Get("Content-Disposition"), "attachment") {
			t.Fatalf("GET %s: %d %v\n%s", tt.path, res.StatusCode, res.Header, body)
		}
		recs, err := csv.NewReader(strings.NewReader(body)).ReadAll()
		if err != nil || !strings.HasPrefix(body, tt.header) || len(recs) != tt.rows+1 {
			t.Errorf("GET %s: %d rows, %v; want header %q and %d rows\n%s", tt.path, len(recs)-1, err, tt.header, tt.rows, body)
		}
	}
	// Values that a spreadsheet would run as formulas are defused.
	_, body := do(t, s, "GET", "/api/v1/records.csv", nil)
	if !strings.Contains(body, `'=1+1`) || !strings.Contains(body, `"'note=`) && !strings.Contains(body, `note==HYPERLINK`) ||
		!strings.Contains(body, `,'=1945-04-93,`) {
		t.Errorf("formula cells:\n%s", body)
	}
	for _, tt := range []struct {
		path string
		want int
	}{
		{"/api/v1/claims.json", 7}, {"/api/v1/claims.json?measure=missing", 2}, {"/api/v1/records.json", 5},
		{"/api/v1/sources.json", 4}, {"/api/v1/documents.json", 4}, {"/api/v1/imports.json", 2},
	} {
		res, body := do(t, s, "GET", tt.path, nil)
		var all []map[string]any
		if err := json.Unmarshal([]byte(body), &all); err != nil || res.StatusCode != 200 || len(all) != tt.want {
			t.Errorf("GET %s: %d, %d items, %v; want %d\n%s", tt.path, res.StatusCode, len(all), err, tt.want, body)
		}
	}
	res, _ := do(t, s, "GET", "/api/v1/claims.csv?measure=eaten", nil)
	if res.StatusCode != 400 {
		t.Errorf("download with a bad filter: %d", res.StatusCode)
	}
}

// failing is a store whose claim queries fail with an error that must
// not reach users.
type failing struct {
	reckon.Store
}

var errSecret = errors.New("open /var/secret/reckon.db: disk on fire")

func (failing) Claims(context.Context, reckon.ClaimFilter) ([]*reckon.Claim, error) {
	return nil, errSecret
}

func TestInternalErrorHidden(t *testing.T) {
	f := newFixture(t)
	s, logs := newServer(t, failing{f.st}, server.Options{})
	for _, p := range []string{"/api/v1/claims", "/claims", "/", "/api/v1/claims.csv"} {
		res, body := do(t, s, "GET", p, nil)
		if res.StatusCode != http.StatusInternalServerError || strings.Contains(body, "secret") || !strings.Contains(body, "internal error") {
			t.Errorf("GET %s: %d\n%s", p, res.StatusCode, body)
		}
	}
	_, body := do(t, s, "GET", "/api/v1/claims", nil)
	if strings.TrimSpace(body) != `{"error":{"code":"internal","message":"internal error"}}` {
		t.Errorf("internal error object: %s", body)
	}
	if !strings.Contains(logs.String(), "disk on fire") {
		t.Errorf("the detail was not logged:\n%s", logs)
	}
}
