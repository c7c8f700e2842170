package server_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/reckonhq/reckon/server"
)

// FuzzRequest sends arbitrary paths, queries and bodies: the server never
// fails with a 5xx, never panics, and answers API paths with JSON.
func FuzzRequest(f *testing.F) {
	for _, seed := range []struct{ method, path, query, body string }{
		{"GET", "/api/v1/claims", "limit=2&cursor=aTE", ""},
		{"GET", "/api/v1/claims", "measure=killed&status=confirmed&source=1&document=1", ""},
		{"GET", "/api/v1/documents/1/text", "start=3&end=9", ""},
		{"GET", "/api/v1/records", "list=kcna&format=csv", ""},
		{"GET", "/claims", "measure=wounded&limit=1", ""},
		{"GET", "/documents/4", "start=40", ""},
		{"GET", "/api/v1/claims/1%2F..", "", ""},
		{"POST", "/api/v1/claims/3/review", "", `{"action":"edit","low":1,"high":null}`},
		{"POST", "/claims/3/review", "", "action=edit&low=5&high=1"},
		{"GET", "/api/v1/claims", "cursor=%ff%fe", ""},
	} {
		f.Add(seed.method, seed.path, seed.query, seed.body)
	}
	fx := newFixture(f)
	s, _ := newServer(f, fx.st, server.Options{ReadOnly: true}) // fuzzing must not change the fixture
	f.Fuzz(func(t *testing.T, method, path, query, body string) {
		if method != "GET" && method != "POST" && method != "HEAD" {
			method = "GET"
		}
		u := &url.URL{Path: "/" + strings.TrimLeft(path, "/"), RawQuery: query}
		target := u.String()
		req := httptest.NewRequest(method, "/", strings.NewReader(body))
		req.URL, req.RequestURI = u, u.RequestURI()
		if strings.HasPrefix(body, "{") {
			req.Header.Set("Content-Type", "application/json")
		} else {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("%s %s: %d\n%s", method, target, rec.Code, rec.Body)
		}
		if strings.HasPrefix(req.URL.Path, "/api/") && rec.Code >= 400 && rec.Header().Get("Content-Type") != "application/json" {
			t.Fatalf("%s %s: %d with Content-Type %q", method, target, rec.Code, rec.Header().Get("Content-Type"))
		}
		if rec.Code == http.StatusOK && method == "POST" {
			t.Fatalf("%s %s: a read-only server accepted a write", method, target)
		}
	})
}
