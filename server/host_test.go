package server_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/reckonhq/reckon/server"
)

// TestHostCheck refuses requests whose Host is neither a loopback one nor
// a configured name, so that a page of another domain that re-resolves to
// the server's address (DNS rebinding) cannot read or write through the
// browser (issue 11, item 1).
func TestHostCheck(t *testing.T) {
	f := newFixture(t)
	local, _ := newServer(t, f.st, server.Options{CheckHost: true})
	named, _ := newServer(t, f.st, server.Options{Hosts: []string{"Reckon.Example.org", "10.1.2.3", "[2001:db8::7]"}})
	const sourceJSON = `{"name":"Rebound","kind":"media","grade":"C3"}`
	tests := []struct {
		name   string
		srv    *server.Server
		method string
		path   string
		host   string
		origin string
		want   int // 0: anything but 421
	}{
		{"forged host reads records.csv", local, "GET", "/api/v1/records.csv", "rebind.attacker.example:8080", "", 421},
		{"forged host reads records.json", local, "GET", "/api/v1/records.json", "rebind.attacker.example", "", 421},
		{"forged host posts a source", local, "POST", "/api/v1/sources", "rebind.attacker.example:8080", "http://rebind.attacker.example:8080", 421},
		{"forged host reads a page", local, "GET", "/records", "rebind.attacker.example:8080", "", 421},
		{"forged host reads an asset", local, "GET", "/assets/style.css", "rebind.attacker.example:8080", "", 421},
		{"forged host reads the openapi", local, "GET", "/api/v1/openapi.json", "rebind.attacker.example", "", 421},
		{"forged host on an unknown path", local, "GET", "/nope/../x", "rebind.attacker.example", "", 421},
		{"forged host with a loopback prefix", local, "GET", "/api/v1/records", "localhost.attacker.example", "", 421},
		{"forged host 127 as a name label", local, "GET", "/api/v1/records", "127.0.0.1.attacker.example", "", 421},
		{"a subdomain of localhost", local, "GET", "/api/v1/records", "evil.localhost", "", 421},
		{"a public address", local, "GET", "/api/v1/records", "93.184.216.34:8080", "", 421},
		{"IPv4 in a short form", local, "GET", "/api/v1/records", "127.1", "", 421},
		{"no host", local, "GET", "/api/v1/records", "", "", 421},
		{"two trailing dots", local, "GET", "/api/v1/records", "localhost..", "", 421},
		{"a host with a user", local, "GET", "/api/v1/records", "a@localhost", "", 421},
		{"an IPv6 zone", local, "GET", "/api/v1/records", "[::1%25lo]:80", "", 421},
		{"an IPv6 literal without brackets", local, "GET", "/api/v1/records", "::1", "", 421},
		{"a configured name on the local server", local, "GET", "/api/v1/records", "reckon.example.org", "", 421},

		{"localhost", local, "GET", "/api/v1/records.csv", "localhost", "", 200},
		{"localhost with a port", local, "GET", "/api/v1/records.csv", "localhost:8080", "", 200},
		{"localhost in capitals", local, "GET", "/api/v1/records.csv", "LOCALHOST:8080", "", 200},
		{"localhost with a trailing dot", local, "GET", "/api/v1/records.csv", "localhost.:8080", "", 200},
		{"127.0.0.1", local, "GET", "/api/v1/records.csv", "127.0.0.1:8080", "", 200},
		{"elsewhere in 127/8", local, "GET", "/api/v1/records.csv", "127.4.5.6", "", 200},
		{"IPv6 loopback", local, "GET", "/api/v1/records.csv", "[::1]:8080", "", 200},
		{"IPv6 loopback without a port", local, "GET", "/api/v1/records.csv", "[::1]", "", 200},
		{"IPv6 loopback written long", local, "GET", "/api/v1/records.csv", "[0:0:0:0:0:0:0:1]", "", 200},
		{"IPv4-mapped loopback", local, "GET", "/api/v1/records.csv", "[::ffff:127.0.0.1]:8080", "", 200},
		{"loopback posts a source", local, "POST", "/api/v1/sources", "127.0.0.1:8080", "http://127.0.0.1:8080", 201},

		{"configured name", named, "GET", "/api/v1/records.csv", "reckon.example.org", "", 200},
		{"configured name, other case and a port", named, "GET", "/api/v1/records.csv", "RECKON.example.ORG:443", "", 200},
		{"configured name with a trailing dot", named, "GET", "/api/v1/records.csv", "reckon.example.org.", "", 200},
		{"configured address", named, "GET", "/api/v1/records.csv", "10.1.2.3:8080", "", 200},
		{"configured IPv6 address", named, "GET", "/api/v1/records.csv", "[2001:db8:0::7]:8080", "", 200},
		{"loopback beside configured names", named, "GET", "/api/v1/records.csv", "localhost:8080", "", 200},
		{"a subdomain of a configured name", named, "GET", "/api/v1/records.csv", "evil.reckon.example.org", "", 421},
		{"forged host beside configured names", named, "POST", "/api/v1/sources", "rebind.attacker.example", "http://rebind.attacker.example", 421},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var body io.Reader
			if tc.method == "POST" {
				body = strings.NewReader(sourceJSON)
			}
			req := httptest.NewRequest(tc.method, "/", body)
			req.URL.Path = tc.path
			req.RequestURI = tc.path
			req.Host = tc.host
			if tc.method == "POST" {
				req.Header.Set("Content-Type", "application/json")
			}
			if tc.origin != "" {
				req.Header.Set("Origin", tc.origin)
				req.Header.Set("Sec-Fetch-Site", "same-origin")
			}
			rec := httptest.NewRecorder()
			tc.srv.ServeHTTP(rec, req)
			got := rec.Result()
			b, _ := io.ReadAll(got.Body)
			if tc.want == 421 {
				if got.StatusCode != http.StatusMisdirectedRequest {
					t.Fatalf("%s %s Host %q: status %d, want 421\n%.300s", tc.method, tc.path, tc.host, got.StatusCode, b)
				}
				if ct := got.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
					t.Errorf("content type %q, want text/plain", ct)
				}
				if len(b) > 300 || strings.Contains(string(b), "Kim") || strings.Contains(string(b), "attacker") {
					t.Errorf("refusal says too much: %q", b)
				}
				return
			}
			if got.StatusCode != tc.want {
				t.Errorf("%s %s Host %q: status %d, want %d\n%.300s", tc.method, tc.path, tc.host, got.StatusCode, tc.want, b)
			}
		})
	}
	// Nothing was created through a refused Host.
	if _, err := f.st.SourceByName(t.Context(), "Rebound"); err != nil {
		t.Fatalf("the source posted through loopback is missing: %v", err)
	}
	srcs, err := f.st.Sources(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, s := range srcs {
		if s.Name == "Rebound" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d sources named Rebound, want 1 (only the loopback POST)", n)
	}
}

// TestHostCheckOff answers any Host when the check is off, as for a
// server embedded behind a front end that checks Host itself.
func TestHostCheckOff(t *testing.T) {
	f := newFixture(t)
	s, _ := newServer(t, f.st, server.Options{})
	req := httptest.NewRequest("GET", "/api/v1/sources", nil)
	req.Host = "anything.example"
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		t.Errorf("status %d, want 200", rec.Code)
	}
}
