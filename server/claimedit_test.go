package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/pipeline"
	"github.com/reckonhq/reckon/server"
)

// TestAPIEditEveryField: the API corrects every field of a claim, keeps
// the extractor's values and says which fields were corrected (issue 13).
func TestAPIEditEveryField(t *testing.T) {
	f := newFixture(t)
	s, _ := newServer(t, f.st, server.Options{})
	id := f.claims[2].ID // "Thousands" missing, not reviewed
	post := func(body string) (*http.Response, string) {
		return do(t, s, "POST", fmt.Sprintf("/api/v1/claims/%d/review", id), strings.NewReader(body), "Content-Type", "application/json")
	}
	for _, tt := range []struct{ name, body, want string }{
		{"both attributions", `{"action":"edit","attribution":"a","attribution_source":"Yonhap"}`, "not both"},
		{"unknown source", `{"action":"edit","attribution_source":"Nobody"}`, `source \"Nobody\" not found`},
		{"bad extent", `{"action":"edit","scope":{"extent":"forever"}}`, "unknown extent"},
		{"markup in the note", `{"action":"edit","note":"<script>x</script>"}`, "may not contain markup"},
		{"confirm with fields", `{"action":"confirm","note":"x"}`, "only an edit takes"},
		{"merge without into", `{"action":"merge"}`, "needs into"},
		{"into without merge", `{"action":"confirm","into":1}`, "only a merge takes into"},
	} {
		if res, body := post(tt.body); res.StatusCode != http.StatusBadRequest && res.StatusCode != http.StatusNotFound || !strings.Contains(body, tt.want) {
			t.Errorf("%s: %d %s, want 400 or 404 with %q", tt.name, res.StatusCode, body, tt.want)
		}
	}
	res, body := post(`{"action":"edit","why":"the ministry named the NIS","measure":"captured","subject":"North Korean soldiers","qualifier":"exact",
		"low":120,"high":120,"attribution_source":"Yonhap","date":"2025-09-01","scope":{"place":"in Kursk","extent":"cumulative"},"note":"two reports"}`)
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
	c := got.Claim
	if c.Measure != reckon.Captured || c.Attribution != "Yonhap" || c.AttributionSourceID != f.yonhap.ID || c.On != (reckon.Date{Year: 2025, Month: 9, Day: 1}) ||
		c.Scope != (reckon.Scope{Place: "in Kursk", Extent: reckon.Cumulative}) || c.Note != "two reports" || !c.Interval.Equal(reckon.Closed(120, 120)) {
		t.Errorf("edited claim: %+v", c)
	}
	if c.Original["measure"] != "missing" || c.Original["attribution"] != "the ministry" || c.Original["low"] != "2000" || len(c.Original) != 9 {
		t.Errorf("original: %v", c.Original)
	}
	if len(got.Reviews) != 1 || got.Reviews[0].By != "tester" || got.Reviews[0].Why != "the ministry named the NIS" {
		t.Errorf("history: %+v", got.Reviews)
	}
	// The claim page shows what was corrected and what the extractor read.
	_, page := do(t, s, "GET", fmt.Sprintf("/claims/%d", id), nil)
	for _, want := range []string{"Corrected by an analyst", "(the extractor read “the ministry”)", "a sub-count: place: in Kursk; cumulative", "2025-09-01"} {
		if !strings.Contains(page, want) {
			t.Errorf("claim page lacks %q", want)
		}
	}
}

// TestEditForm: the web form takes every field; only the fields that
// differ from the claim are recorded as corrected (issue 13).
func TestEditForm(t *testing.T) {
	f := newFixture(t)
	s, _ := newServer(t, f.st, server.Options{})
	id := f.claims[2].ID
	_, page := do(t, s, "GET", fmt.Sprintf("/claims/%d", id), nil)
	for _, name := range []string{"measure", "qualifier", "low", "high", "subject", "attribution", "attribution_source", "date", "place", "period", "extent", "part", "note"} {
		if !strings.Contains(page, `name="`+name+`"`) {
			t.Errorf("the edit form has no field %s", name)
		}
	}
	c, _ := f.st.Claim(context.Background(), id)
	form := url.Values{"action": {"edit"}, "measure": {string(c.Measure)}, "qualifier": {string(c.Qualifier)}, "low": {"2,000"}, "high": {"9999"},
		"subject": {c.Subject}, "attribution": {"Seoul's spy agency"}, "attribution_source": {""}, "date": {c.Date}, "place": {""}, "period": {""},
		"extent": {""}, "part": {"one brigade"}, "note": {""}, "why": {"named"}}
	post := func(form url.Values) (*http.Response, string) {
		return do(t, s, "POST", fmt.Sprintf("/claims/%d/review", id), strings.NewReader(form.Encode()), "Content-Type", "application/x-www-form-urlencoded")
	}
	if res, body := post(form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit form: %d %s", res.StatusCode, body)
	}
	got, _ := f.st.Claim(context.Background(), id)
	if got.Attribution != "Seoul's spy agency" || got.Scope.Part != "one brigade" || len(got.Original) != 2 || got.Original["attribution"] != "the ministry" {
		t.Errorf("after the form: attribution %q scope %+v original %v", got.Attribution, got.Scope, got.Original)
	}
	// The same form again changes nothing.
	if res, body := post(form); res.StatusCode != http.StatusBadRequest || !strings.Contains(body, "changes nothing") {
		t.Errorf("unchanged form: %d", res.StatusCode)
	}
	form.Set("attribution_source", "KCNA")
	if res, _ := post(form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("attribution to a source: %d", res.StatusCode)
	}
	if got, _ := f.st.Claim(context.Background(), id); got.AttributionSourceID != f.kcna.ID {
		t.Errorf("attribution source %d, want %d", got.AttributionSourceID, f.kcna.ID)
	}
}

// TestAddAndMergeClaims: an analyst adds a figure the extractor missed
// and merges a restatement, by the API and by the web forms (issue 13).
func TestAddAndMergeClaims(t *testing.T) {
	f := newFixture(t)
	s, _ := newServer(t, f.st, server.Options{})
	ctx := context.Background()
	json := func(method, target, body string) (*http.Response, string) {
		return do(t, s, method, target, strings.NewReader(body), "Content-Type", "application/json")
	}
	doc := f.docYonhap.ID
	for _, tt := range []struct{ name, body, want string }{
		{"no span", fmt.Sprintf(`{"document_id":%d,"measure":"killed","qualifier":"exact","low":1,"high":1}`, doc), "give the figure's span"},
		{"span not in the text", fmt.Sprintf(`{"document_id":%d,"span":"ninety","measure":"killed","qualifier":"exact","low":1,"high":1}`, doc), `no \"ninety\"`},
		{"no measure", fmt.Sprintf(`{"document_id":%d,"span":"Officials","qualifier":"exact","low":1,"high":1}`, doc), "needs a measure"},
		{"no interval", fmt.Sprintf(`{"document_id":%d,"span":"Officials","measure":"killed","qualifier":"exact"}`, doc), "needs its interval"},
		{"past the end", fmt.Sprintf(`{"document_id":%d,"start":1,"end":9999,"measure":"killed","qualifier":"exact","low":1,"high":1}`, doc), "not a range of bytes"},
		{"no document", `{"document_id":999,"span":"x","measure":"killed","qualifier":"exact","low":1,"high":1}`, "not found"},
	} {
		if res, body := json("POST", "/api/v1/claims", tt.body); res.StatusCode < 400 || !strings.Contains(body, tt.want) {
			t.Errorf("%s: %d %s, want %q", tt.name, res.StatusCode, body, tt.want)
		}
	}
	res, body := json("POST", "/api/v1/claims", fmt.Sprintf(`{"document_id":%d,"span":"Thousands","measure":"killed","qualifier":"vague","low":2000,"high":9999,"why":"the extractor read missing"}`, doc))
	if res.StatusCode != http.StatusCreated || !strings.Contains(body, `"origin":"analyst"`) || !strings.Contains(body, `"action":"add"`) {
		t.Fatalf("add: %d %s", res.StatusCode, body)
	}
	// The web form adds one too, found after the byte given.
	form := url.Values{"span": {"soldiers"}, "after": {"0"}, "measure": {"deployed"}, "qualifier": {"exact"}, "low": {"300"}, "high": {"300"}, "part": {"one brigade"}}
	res, body = do(t, s, "POST", fmt.Sprintf("/documents/%d/claims", doc), strings.NewReader(form.Encode()), "Content-Type", "application/x-www-form-urlencoded")
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("add form: %d %s", res.StatusCode, body)
	}
	cs, _ := f.st.Claims(ctx, reckon.ClaimFilter{DocumentID: doc})
	added := cs[len(cs)-1]
	if added.Span != "soldiers" || added.Origin != reckon.FromAnalyst || added.Scope.Part != "one brigade" || res.Header.Get("Location") != fmt.Sprintf("/claims/%d#history", added.ID) {
		t.Errorf("added by the form: %+v, Location %q", added, res.Header.Get("Location"))
	}
	if _, page := do(t, s, "GET", fmt.Sprintf("/documents/%d", doc), nil); !strings.Contains(page, `action="/documents/`) {
		t.Errorf("the document page has no form to add a claim")
	}
	// Merge by the API, then by the form.
	first, second := cs[0].ID, cs[len(cs)-2].ID // "at least 300" and the added "Thousands"
	if res, body := json("POST", fmt.Sprintf("/api/v1/claims/%d/review", second), fmt.Sprintf(`{"action":"merge","into":%d}`, f.range6)); res.StatusCode != http.StatusBadRequest || !strings.Contains(body, "only restatements in one document") {
		t.Errorf("merge across documents: %d %s", res.StatusCode, body)
	}
	if res, body := json("POST", fmt.Sprintf("/api/v1/claims/%d/review", second), fmt.Sprintf(`{"action":"merge","into":%d,"why":"restated"}`, first)); res.StatusCode != http.StatusOK || !strings.Contains(body, `"status":"merged"`) {
		t.Errorf("merge: %d %s", res.StatusCode, body)
	}
	_, page := do(t, s, "GET", fmt.Sprintf("/claims/%d", added.ID), nil)
	if !strings.Contains(page, `name="into"`) || !strings.Contains(page, "added by an analyst") {
		t.Errorf("claim page lacks the merge form or the origin")
	}
	res, _ = do(t, s, "POST", fmt.Sprintf("/claims/%d/review", added.ID), strings.NewReader(url.Values{"action": {"merge"}, "into": {fmt.Sprint(first)}}.Encode()),
		"Content-Type", "application/x-www-form-urlencoded")
	if got, _ := f.st.Claim(ctx, added.ID); res.StatusCode != http.StatusSeeOther || got.MergedInto != first {
		t.Errorf("merge form: %d, merged into %d", res.StatusCode, got.MergedInto)
	}
}

// TestReconcileSubCounts: a claim whose scope narrows the whole is shown
// below the whole on the reconcile page and in the API, and is not
// flagged against the documented minimum (issue 13).
func TestReconcileSubCounts(t *testing.T) {
	f := newFixture(t)
	s, _ := newServer(t, f.st, server.Options{Engine: pipeline.NewEngine(f.st, pipeline.EngineOptions{})})
	// Claim "40" killed, corrected to at most 3, is below the documented
	// minimum of 4 persons; as a count of one place it is a sub-count.
	id := f.claims[5].ID
	three := int64(3)
	if _, err := f.st.ReviewClaim(context.Background(), id, &reckon.Review{Action: reckon.ActionEdit, By: "ana"}, &reckon.ClaimEdit{SetLow: true, SetHigh: true, High: &three}); err != nil {
		t.Fatal(err)
	}
	if _, body := do(t, s, "GET", "/api/v1/reconcile?measure=killed", nil); !strings.Contains(body, fmt.Sprintf(`"kind":"below_minimum","claim_a":%d`, id)) {
		t.Fatalf("before: the claim is not flagged below the minimum: %s", body)
	}
	res, body := do(t, s, "POST", fmt.Sprintf("/api/v1/claims/%d/review", id), strings.NewReader(`{"action":"edit","scope":{"place":"in 강원도"}}`), "Content-Type", "application/json")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("edit scope: %d %s", res.StatusCode, body)
	}
	_, body = do(t, s, "GET", "/api/v1/reconcile?measure=killed", nil)
	var v struct {
		Claims []struct {
			ID int64 `json:"claim_id"`
		} `json:"claims"`
		Parts []struct {
			ID int64 `json:"claim_id"`
		} `json:"parts"`
		Contradictions []struct{ A, B int64 } `json:"contradictions"`
	}
	if err := json.Unmarshal([]byte(body), &v); err != nil {
		t.Fatal(err)
	}
	if len(v.Parts) != 1 || v.Parts[0].ID != id {
		t.Fatalf("parts %+v, want claim %d: %s", v.Parts, id, body)
	}
	for _, c := range v.Claims {
		if c.ID == id {
			t.Errorf("the sub-count is among the whole claims")
		}
	}
	for _, x := range v.Contradictions {
		if x.A == id || x.B == id {
			t.Errorf("the sub-count is flagged: %+v", x)
		}
	}
	_, page := do(t, s, "GET", "/reconcile?measure=killed", nil)
	if !strings.Contains(page, `<h2 id="parts-h">Sub-counts</h2>`) || !strings.Contains(page, "place: in 강원도") {
		t.Errorf("reconcile page lacks the sub-counts")
	}
}
