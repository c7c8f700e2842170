package main

import (
	"net"
	"strings"
	"testing"
)

// TestClearTextWarning: serve --auth beyond loopback over plain HTTP
// warns that passwords travel in clear (issue 15); loopback, TLS, a TLS
// proxy and servers without sign-in do not.
func TestClearTextWarning(t *testing.T) {
	lan := &net.TCPAddr{IP: net.IPv4(192, 0, 2, 7), Port: 8080}
	all := &net.TCPAddr{IP: net.IPv4zero, Port: 8080}
	loop := &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 8080}
	loop6 := &net.TCPAddr{IP: net.IPv6loopback, Port: 8080}
	for _, tc := range []struct {
		name string
		addr net.Addr
		f    serveFlags
		tls  bool
		warn bool
	}{
		{"auth on a LAN address", lan, serveFlags{auth: true}, false, true},
		{"auth on every interface", all, serveFlags{auth: true}, false, true},
		{"auth on loopback", loop, serveFlags{auth: true}, false, false},
		{"auth on IPv6 loopback", loop6, serveFlags{auth: true}, false, false},
		{"auth with TLS", lan, serveFlags{auth: true}, true, false},
		{"auth behind a TLS proxy", lan, serveFlags{auth: true, behindTLS: true}, false, false},
		{"read-only without sign-in", lan, serveFlags{readOnly: true}, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := clearTextWarning(tc.addr, tc.f, tc.tls)
			if (w != "") != tc.warn {
				t.Fatalf("warning %q, want one: %v", w, tc.warn)
			}
			if tc.warn && (!strings.Contains(w, "in clear") || !strings.Contains(w, "--tls-cert") || !strings.HasPrefix(w, "reckon: warning:")) {
				t.Errorf("warning %q does not say what and what to do", w)
			}
		})
	}
}
