package main

import (
	"net/netip"
	"slices"
	"testing"
)

// TestParseTrustedProxies: --trusted-proxy takes addresses and networks
// (issue 11, item 9).
func TestParseTrustedProxies(t *testing.T) {
	for _, tc := range []struct {
		in   []string
		want []string // "" for an error
	}{
		{nil, nil},
		{[]string{"10.0.0.1"}, []string{"10.0.0.1/32"}},
		{[]string{"10.0.0.7/8", "::1"}, []string{"10.0.0.0/8", "::1/128"}},
		{[]string{"2001:db8::/32"}, []string{"2001:db8::/32"}},
		{[]string{"::ffff:10.0.0.1"}, []string{"10.0.0.1/32"}},
		{[]string{"::ffff:10.0.0.0/104"}, []string{"10.0.0.0/8"}},
		{[]string{"proxy.example"}, []string{""}},
		{[]string{"10.0.0.1/33"}, []string{""}},
		{[]string{"10.0.0.1:80"}, []string{""}},
		{[]string{""}, []string{""}},
	} {
		got, err := parseTrustedProxies(tc.in)
		if len(tc.want) == 1 && tc.want[0] == "" {
			if err == nil {
				t.Errorf("parseTrustedProxies(%q) = %v, want an error", tc.in, got)
			}
			continue
		}
		if err != nil {
			t.Errorf("parseTrustedProxies(%q): %v", tc.in, err)
			continue
		}
		var s []string
		for _, p := range got {
			s = append(s, p.String())
		}
		if !slices.Equal(s, tc.want) {
			t.Errorf("parseTrustedProxies(%q) = %q, want %q", tc.in, s, tc.want)
		}
		for _, p := range got {
			if p != p.Masked() || !p.IsValid() {
				t.Errorf("prefix %v not masked", p)
			}
		}
	}
}

// FuzzParseTrustedProxies: a value is refused or gives one valid, masked
// network that holds the address written.
func FuzzParseTrustedProxies(f *testing.F) {
	for _, s := range []string{"10.0.0.1", "10.0.0.7/8", "::1", "::ffff:10.0.0.0/104", "2001:db8::/32", "x", "1.2.3.4/99"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		got, err := parseTrustedProxies([]string{v})
		if err != nil {
			return
		}
		if len(got) != 1 || !got[0].IsValid() || got[0] != got[0].Masked() {
			t.Fatalf("parseTrustedProxies(%q) = %v", v, got)
		}
		a, aerr := netip.ParseAddr(v)
		if p, perr := netip.ParsePrefix(v); perr == nil {
			a, aerr = p.Addr(), nil
		}
		if aerr == nil && !got[0].Contains(a.Unmap().WithZone("")) {
			t.Fatalf("parseTrustedProxies(%q) = %v: does not hold %v", v, got, a)
		}
	})
}

// TestCheckPublicURL: --public-url takes an absolute http or https
// address (issue 16); anything else is bad usage.
func TestCheckPublicURL(t *testing.T) {
	for _, tc := range []struct {
		in string
		ok bool
	}{
		{"", true},
		{"https://roll.example.org", true},
		{"http://127.0.0.1:8080/reckon", true},
		{"roll.example.org", false},
		{"ftp://roll.example.org", false},
		{"https://", false},
		{"https://roll.example.org/?x=1", false},
		{"javascript:alert(1)", false},
	} {
		err := checkPublicURL(tc.in)
		if (err == nil) != tc.ok {
			t.Errorf("checkPublicURL(%q) = %v, want ok %v", tc.in, err, tc.ok)
		}
		if _, usage := err.(usageError); err != nil && !usage {
			t.Errorf("checkPublicURL(%q): %T, want a usage error (exit 2)", tc.in, err)
		}
	}
}
