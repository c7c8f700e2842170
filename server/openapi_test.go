package server_test

import (
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/pipeline"
	"github.com/reckonhq/reckon/release"
	"github.com/reckonhq/reckon/server"
)

// schemaChecker validates JSON values against the subset of JSON Schema
// that openapi.json uses: $ref, allOf, type (one or a list), required,
// properties, additionalProperties, items, enum and pattern.
type schemaChecker struct {
	schemas map[string]map[string]any
}

func (c *schemaChecker) check(path string, schema map[string]any, v any) []string {
	return c.checkPart(path, schema, v, false)
}

// checkPart checks v against schema; a part of an allOf does not know
// every property, so it does not flag undocumented ones.
func (c *schemaChecker) checkPart(path string, schema map[string]any, v any, part bool) []string {
	if ref, ok := schema["$ref"].(string); ok {
		name := strings.TrimPrefix(ref, "#/components/schemas/")
		s, ok := c.schemas[name]
		if !ok {
			return []string{path + ": unknown $ref " + ref}
		}
		return c.checkPart(path, s, v, part)
	}
	var errs []string
	if all, ok := schema["allOf"].([]any); ok {
		for _, s := range all {
			errs = append(errs, c.checkPart(path, s.(map[string]any), v, true)...)
		}
	}
	if t, ok := schema["type"]; ok {
		var types []string
		switch t := t.(type) {
		case string:
			types = []string{t}
		case []any:
			for _, x := range t {
				types = append(types, x.(string))
			}
		}
		if !slices.Contains(types, jsonType(v)) && !(jsonType(v) == "integer" && slices.Contains(types, "number")) {
			return append(errs, fmt.Sprintf("%s: %s, want %v", path, jsonType(v), types))
		}
	}
	if enum, ok := schema["enum"].([]any); ok && !slices.Contains(enum, v) {
		errs = append(errs, fmt.Sprintf("%s: %v not in %v", path, v, enum))
	}
	if p, ok := schema["pattern"].(string); ok {
		if s, ok := v.(string); ok && !regexp.MustCompile(p).MatchString(s) {
			errs = append(errs, fmt.Sprintf("%s: %q does not match %s", path, s, p))
		}
	}
	switch v := v.(type) {
	case map[string]any:
		for _, r := range asList(schema["required"]) {
			if _, ok := v[r.(string)]; !ok {
				errs = append(errs, fmt.Sprintf("%s: required property %q missing", path, r))
			}
		}
		props, _ := schema["properties"].(map[string]any)
		for k, val := range v {
			if ps, ok := props[k].(map[string]any); ok {
				errs = append(errs, c.check(path+"."+k, ps, val)...)
			} else if ap, ok := schema["additionalProperties"].(map[string]any); ok {
				errs = append(errs, c.check(path+"."+k, ap, val)...)
			} else if props != nil && !part && schema["allOf"] == nil && schema["additionalProperties"] == nil {
				errs = append(errs, fmt.Sprintf("%s: undocumented property %q", path, k))
			}
		}
	case []any:
		if items, ok := schema["items"].(map[string]any); ok {
			for i, x := range v {
				errs = append(errs, c.check(fmt.Sprintf("%s[%d]", path, i), items, x)...)
			}
		}
	}
	return errs
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}

func jsonType(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case float64:
		if v == float64(int64(v)) {
			return "integer"
		}
		return "number"
	case string:
		return "string"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return "unknown"
}

// TestOpenAPIResponses calls every documented operation on the fixture
// and validates each JSON answer, success or error, against the schema
// the description gives for its status.
func TestOpenAPIResponses(t *testing.T) {
	f := newFixture(t)
	s, _ := newServer(t, f.st, server.Options{Engine: pipeline.NewEngine(f.st, pipeline.EngineOptions{})})
	_, raw := do(t, s, "GET", "/api/v1/openapi.json", nil)
	var doc struct {
		Paths      map[string]map[string]map[string]any `json:"paths"`
		Components struct {
			Schemas   map[string]map[string]any `json:"schemas"`
			Responses map[string]map[string]any `json:"responses"`
		} `json:"components"`
	}
	if err := json.Unmarshal([]byte(raw), &doc); err != nil {
		t.Fatal(err)
	}
	c := &schemaChecker{schemas: doc.Components.Schemas}

	// schemaFor returns the JSON schema documented for an operation's
	// status, following response $refs; nil when none is documented.
	schemaFor := func(op map[string]any, status int) map[string]any {
		resps := op["responses"].(map[string]any)
		r, ok := resps[fmt.Sprint(status)].(map[string]any)
		if !ok {
			t.Fatalf("status %d is not documented", status)
		}
		if ref, ok := r["$ref"].(string); ok {
			r = doc.Components.Responses[strings.TrimPrefix(ref, "#/components/responses/")]
		}
		content, _ := r["content"].(map[string]any)
		js, _ := content["application/json"].(map[string]any)
		if js == nil {
			return nil
		}
		return js["schema"].(map[string]any)
	}
	validate := func(name string, op map[string]any, res *http.Response, body string) {
		t.Helper()
		schema := schemaFor(op, res.StatusCode)
		if schema == nil {
			return
		}
		var v any
		if err := json.Unmarshal([]byte(body), &v); err != nil {
			t.Errorf("%s: %d answer is not JSON: %v", name, res.StatusCode, err)
			return
		}
		for _, e := range c.check("$", schema, v) {
			t.Errorf("%s (%d): %s", name, res.StatusCode, e)
		}
	}

	ids := map[string]int64{
		"/api/v1/sources/{id}": f.yonhap.ID, "/api/v1/documents/{id}": f.docYonhap.ID, "/api/v1/documents/{id}/text": f.docKorean.ID,
		"/api/v1/claims/{id}": f.wounded, "/api/v1/claims/{id}/review": f.claims[2].ID,
		"/api/v1/persons/{id}": f.run.ID, "/api/v1/estimates/{id}": f.lcmcr.ID, "/api/v1/estimates/{id}/input.csv": f.minimum.ID,
		"/api/v1/decisions/{id}/undo": f.decision.ID,
		"/api/v1/jobs/{id}":           runJob(t, s, `{"measure":"killed","methods":["chao"],"draws":0}`),
	}
	bodies := map[string]string{"/api/v1/claims/{id}/review": `{"action":"edit","low":10,"high":null}`,
		"/api/v1/claims":                       fmt.Sprintf(`{"document_id":%d,"span":"soldiers","measure":"deployed","qualifier":"exact","low":300,"high":300,"scope":{"part":"one brigade"}}`, f.docYonhap.ID),
		"/api/v1/decisions":                    fmt.Sprintf(`{"a":%d,"b":%d,"same":false,"why":"different units"}`, f.records[2].ID, f.records[3].ID),
		"/api/v1/sources":                      `{"name":"Reuters","kind":"media","grade":"B2","url":"https://example.org","note":"wire"}`,
		"/api/v1/documents":                    "Officials said 17 soldiers were killed on Monday.",
		"/api/v1/imports":                      "record_id,name\nx1,Kim Chol\n",
		"/api/v1/users":                        `{"name":"dan","role":"viewer","password":"a long enough passphrase"}`,
		"/api/v1/users/{name}":                 `{"role":"reviewer"}`,
		"/api/v1/sources/{id}":                 `{"grade":"C3","note":"regraded"}`,
		"/api/v1/estimates/run":                `{"measure":"killed","methods":["loglinear"],"strata":"unit","draws":0,"seed":3}`,
		"/api/v1/roll/{list}/{record}/reports": `{"kind":"correction","field":"unit","text":"wrong unit","contact":"a@example.org"}`,
		"/api/v1/corrections/{id}":             `{"action":"reject","note":"both lists agree"}`,
	}
	// Uploads are raw bodies of their own type, with parameters in the
	// query.
	uploads := map[string]struct{ query, contentType string }{
		"/api/v1/documents": {"?source=Yonhap&title=Wire&filename=wire.txt", "text/plain"},
		"/api/v1/imports":   {"?list=extra&filename=extra.csv", "text/csv"},
	}
	if err := f.st.CreateUser(t.Context(), &reckon.User{Name: "ana", Role: reckon.RoleAnalyst}, "$argon2id$unused"); err != nil {
		t.Fatal(err)
	}
	// A release named as {name} is filled, so that its routes answer
	// (issue 16); the feed needs since.
	rel, files, err := release.Build(t.Context(), f.st, release.Options{Name: "ana", Key: ed25519.NewKeyFromSeed(make([]byte, ed25519.SeedSize))})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.st.CreateRelease(t.Context(), rel, files); err != nil {
		t.Fatal(err)
	}
	queries := map[string]string{"/api/v1/changes": "?since=ana"}
	// Tracing requests, one for each operation that changes one, so that
	// they succeed in any order.
	trace := map[string]int64{}
	for _, path := range []string{"/api/v1/trace/{id}", "/api/v1/trace/{id}/status", "/api/v1/trace/{id}/withdraw", "/api/v1/trace/{id}/match"} {
		r := &reckon.TraceRequest{Sought: reckon.Sought{Names: []string{"김철"}}, Contact: reckon.Contact{Email: "m@example.org"}, Consent: true}
		if err := f.st.CreateTraceRequest(t.Context(), r); err != nil {
			t.Fatal(err)
		}
		ids[path], trace[path] = r.ID, r.ID
	}
	if _, err := f.st.AddTraceCandidates(t.Context(), trace["/api/v1/trace/{id}"], []*reckon.TraceCandidate{{RecordID: f.records[0].ID, Probability: 0.9, Explanation: "waterfall"}}); err != nil {
		t.Fatal(err)
	}
	ids["/api/v1/trace/{id}/decide"] = trace["/api/v1/trace/{id}"]
	bodies["/api/v1/trace"] = `{"sought":{"names":["리철"],"birth_date":"2001"},"contact":{"email":"mother@example.org"},"consent":true}`
	bodies["/api/v1/trace/{id}/decide"] = fmt.Sprintf(`{"record_id":%d,"confirm":true,"reason":"same name and birth year"}`, f.records[0].ID)
	bodies["/api/v1/trace/{id}/status"] = `{"status":"closed","reason":"answered"}`
	bodies["/api/v1/trace/{id}/withdraw"] = `{"reason":"asked by phone"}`
	// A requester's own withdrawal: with the code of a request made
	// through the API.
	_, sub := do(t, s, "POST", "/api/v1/trace", strings.NewReader(`{"sought":{"names":["박국"]},"contact":{"phone":"+82 10"},"consent":true}`), "Content-Type", "application/json")
	var submitted struct {
		ID   int64  `json:"id"`
		Code string `json:"withdraw_code"`
	}
	if err := json.Unmarshal([]byte(sub), &submitted); err != nil || submitted.Code == "" {
		t.Fatalf("submitted %s: %v", sub, err)
	}
	bodies["/api/v1/trace/withdraw"] = fmt.Sprintf(`{"id":%d,"code":%q}`, submitted.ID, strings.ToLower(submitted.Code))
	// The person of the first record: person IDs are the store's.
	if p, err := f.st.PersonOfRecord(t.Context(), f.records[0].ID); err == nil {
		ids["/api/v1/persons/{id}"] = p.ID
	}
	// The public roll's key of that person, and an open report.
	var key reckon.RecordKey
	if p, err := f.st.PersonOfRecord(t.Context(), f.records[0].ID); err == nil {
		key = p.Records[0].Key()
		for _, r := range p.Records {
			if !r.Embargoed && r.Key().Less(key) {
				key = r.Key()
			}
		}
	}
	report := &reckon.Correction{Record: key, Kind: reckon.CorrectionFix, Text: "wrong date"}
	if err := f.st.AddCorrection(t.Context(), report); err != nil {
		t.Fatal(err)
	}
	ids["/api/v1/corrections/{id}"] = report.ID
	ops := 0
	for path, methods := range doc.Paths {
		for method, op := range methods {
			m := strings.ToUpper(method)
			concrete := strings.NewReplacer("{id}", fmt.Sprint(ids[path]), "{name}", "ana", "{list}", key.List, "{record}", key.RecordID).Replace(path)
			name := m + " " + concrete
			target, contentType := concrete+queries[path], "application/json"
			if up, ok := uploads[path]; ok && m == "POST" {
				target, contentType = concrete+up.query, up.contentType
			}
			res, body := do(t, s, m, target, strings.NewReader(bodies[path]), "Content-Type", contentType)
			created := res.StatusCode == http.StatusCreated || res.StatusCode == http.StatusAccepted
			if res.StatusCode != http.StatusOK && !(m == "POST" && created) {
				t.Errorf("%s: %d %s", name, res.StatusCode, body)
				continue
			}
			ops++
			if strings.HasSuffix(path, ".csv") {
				continue
			}
			validate(name, op, res, body)
			// The error answers of the operation validate too.
			if strings.Contains(path, "{id}") {
				res, body = do(t, s, m, strings.ReplaceAll(path, "{id}", "987654"), strings.NewReader(bodies[path]), "Content-Type", "application/json")
				validate(name+" unknown id", op, res, body)
				res, body = do(t, s, m, strings.ReplaceAll(path, "{id}", "x"), strings.NewReader(bodies[path]), "Content-Type", "application/json")
				validate(name+" bad id", op, res, body)
			}
			if m == "GET" && !strings.HasSuffix(path, "openapi.json") {
				res, body = do(t, s, m, concrete+"?bogus=1", nil)

				validate(name+" bogus parameter", op, res, body)
			}
		}
	}
	if ops < 20 {
		t.Errorf("only %d operations called", ops)
	}
	// The checker itself catches a missing required property.
	if errs := c.check("$", map[string]any{"$ref": "#/components/schemas/Source"}, map[string]any{"id": 1.0}); len(errs) == 0 {
		t.Error("the schema checker accepts a source without a name")
	}
}
