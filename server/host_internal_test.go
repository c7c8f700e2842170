package server

import (
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
)

func TestSplitHostHeader(t *testing.T) {
	tests := []struct {
		in   string
		name string
		addr string
		ok   bool
	}{
		{"localhost", "localhost", "", true},
		{"LocalHost.:80", "localhost", "", true},
		{"reckon.example.org:", "reckon.example.org", "", true},
		{"127.0.0.1:8080", "", "127.0.0.1", true},
		{"[::1]", "", "::1", true},
		{"[::ffff:127.0.0.1]:1", "", "127.0.0.1", true},
		{"[::1]x", "", "", false},
		{"[::1", "", "", false},
		{"[127.0.0.1]", "", "", false},
		{"[fe80::1%25eth0]", "", "", false},
		{"::1", "", "", false},
		{"127.1", "", "", false},
		{"0x7f.0.0.1", "", "", false},
		{"2130706433", "", "", false},
		{"localhost:http", "", "", false},
		{"a..b", "", "", false},
		{".", "", "", false},
		{"", "", "", false},
		{"-a.example", "", "", false},
		{"a_b.example", "", "", false},
		{"ünï.example", "", "", false},
		{"xn--n-dha.example", "xn--n-dha.example", "", true},
		{strings.Repeat("a", 64) + ".example", "", "", false},
	}
	for _, tc := range tests {
		name, addr, ok := splitHostHeader(tc.in)
		got := ""
		if addr.IsValid() {
			got = addr.String()
		}
		if ok != tc.ok || name != tc.name || got != tc.addr {
			t.Errorf("splitHostHeader(%q) = %q, %q, %v; want %q, %q, %v", tc.in, name, got, ok, tc.name, tc.addr, tc.ok)
		}
	}
}

func TestCheckHosts(t *testing.T) {
	for _, good := range []string{"reckon.example.org", "Reckon.Example.org.", "10.1.2.3", "2001:db8::7", "[2001:db8::7]", "localhost"} {
		if err := CheckHosts([]string{good}); err != nil {
			t.Errorf("CheckHosts(%q): %v", good, err)
		}
	}
	for _, bad := range []string{"", "reckon.example.org:8443", "http://reckon.example.org", "[10.1.2.3]", "fe80::1%eth0", "127.1", "a b", strings.Repeat("x", 1000)} {
		err := CheckHosts([]string{bad})
		if err == nil {
			t.Errorf("CheckHosts(%q) = nil, want an error", bad)
		} else if len(err.Error()) > 300 {
			t.Errorf("CheckHosts(%.20q…): error of %d bytes", bad, len(err.Error()))
		}
	}
}

// FuzzHostHeader: reading a Host never panics, is deterministic, and what
// it accepts is canonical: a name of lower-case letters, digits, hyphens
// and dots, or a valid address without a zone.
func FuzzHostHeader(f *testing.F) {
	for _, s := range []string{"localhost", "LOCALHOST.:8080", "127.0.0.1", "[::1]:80", "[::ffff:127.0.0.1]", "rebind.attacker.example:8080", "127.1", "[fe80::1%25lo]", "a..b", ""} {
		f.Add(s)
	}
	p := newHostPolicy(true, []string{"reckon.example.org", "10.1.2.3"})
	f.Fuzz(func(t *testing.T, h string) {
		name, addr, ok := splitHostHeader(h)
		name2, addr2, ok2 := splitHostHeader(h)
		if name != name2 || addr != addr2 || ok != ok2 {
			t.Fatalf("not deterministic on %q", h)
		}
		if !ok {
			if p.allows(h) {
				t.Fatalf("%q refused as a Host but allowed", h)
			}
			return
		}
		if addr.IsValid() {
			if name != "" || addr.Zone() != "" || addr.Is4In6() {
				t.Fatalf("%q: name %q, address %v", h, name, addr)
			}
			if p.allows(h) != (addr.IsLoopback() || addr == netip.MustParseAddr("10.1.2.3")) {
				t.Fatalf("%q: allows %v", h, p.allows(h))
			}
			return
		}
		if name == "" || strings.Trim(name, "abcdefghijklmnopqrstuvwxyz0123456789-.") != "" || strings.HasSuffix(name, ".") {
			t.Fatalf("%q: name %q is not canonical", h, name)
		}
		if p.allows(h) != (name == "localhost" || name == "reckon.example.org") {
			t.Fatalf("%q: allows %v", h, p.allows(h))
		}
	})
}

// TestHostCheckEveryRoute: every route of the table, and paths and
// methods no route has, answer a forged Host with 421 before any handler
// runs (the server here has no store: a handler would panic).
func TestHostCheckEveryRoute(t *testing.T) {
	s := New(nil, Options{CheckHost: true})
	var reqs [][2]string
	for _, rt := range s.routes {
		path := strings.NewReplacer("{id}", "1", "{name}", "ana", "{$}", "").Replace(rt.path)
		reqs = append(reqs, [2]string{rt.method, path})
		if rt.method == "GET" {
			reqs = append(reqs, [2]string{"HEAD", path})
		}
	}
	reqs = append(reqs, [2]string{"OPTIONS", "/api/v1/records"}, [2]string{"DELETE", "/api/v1/sources/1"},
		[2]string{"GET", "/nope"}, [2]string{"GET", "/api/v1/nope"}, [2]string{"GET", "/a/../b"})
	for _, host := range []string{"rebind.attacker.example", "rebind.attacker.example:8080", "127.0.0.1.nip.example", ""} {
		for _, mp := range reqs {
			req := httptest.NewRequest(mp[0], "/", strings.NewReader("{}"))
			req.URL.Path, req.Host = mp[1], host
			req.Header.Set("Content-Type", "application/json")
			rec := httptest.NewRecorder()
			s.ServeHTTP(rec, req)
			if rec.Code != 421 {
				t.Errorf("%s %s Host %q: %d, want 421", mp[0], mp[1], host, rec.Code)
			}
		}
	}
}
