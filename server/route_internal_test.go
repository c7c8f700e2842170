package server

import (
	"encoding/json"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
)

// TestOpenAPIRoutes checks the OpenAPI description against the routing
// table: every documented path and method is routed to exactly that
// pattern, and every API route is documented.
func TestOpenAPIRoutes(t *testing.T) {
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(openAPIDoc, &doc); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Fatalf("openapi version %q", doc.OpenAPI)
	}
	s := New(nil, Options{}) // routing needs no store
	documented := map[string]bool{}
	for path, ops := range doc.Paths {
		for method := range ops {
			if method == "parameters" || method == "summary" || method == "description" {
				continue
			}
			m := strings.ToUpper(method)
			documented[m+" "+path] = true
			req := httptest.NewRequest(m, strings.ReplaceAll(path, "{id}", "1"), nil)
			if _, pat := s.mux.Handler(req); pat != m+" "+path {
				t.Errorf("documented %s %s is routed to %q", m, path, pat)
			}
		}
	}
	for _, rt := range s.routes {
		if !rt.api {
			if strings.HasPrefix(rt.path, "/api/") {
				t.Errorf("route %s %s is under /api/ but answers errors as pages", rt.method, rt.path)
			}
			continue
		}
		if !documented[rt.method+" "+rt.path] {
			t.Errorf("API route %s %s is not in openapi.json", rt.method, rt.path)
		}
	}
	var paths []string
	for _, rt := range s.routes {
		paths = append(paths, rt.method+" "+rt.path)
	}
	if len(slices.Compact(slices.Sorted(slices.Values(paths)))) != len(paths) {
		t.Error("the routing table has a duplicate")
	}
}
