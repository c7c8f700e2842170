package server

import (
	"fmt"
	"net/http"
	"net/netip"
	"strings"

	"github.com/reckonhq/reckon"
)

// The Host check defeats DNS rebinding: a page of another domain whose
// name is made to resolve to the server's address is, to the browser,
// of the same origin as the server, so that it could read the records
// and, with a matching Origin, write. Its requests carry its own name in
// Host, so the server answers only the names it was started with (and
// loopback ones, which no outside party can make a browser send).
//
// The port in Host is not compared with the listener's: a rebinding page
// must name the server's real port to reach it at all, so the port adds
// no protection, while a proxy or a forwarded port (ssh -L 9000:…:8080)
// legitimately shows another one.

// hostPolicy is which Host header values a server answers.
type hostPolicy struct {
	on    bool
	names map[string]bool     // canonical names: lower case, no trailing dot
	addrs map[netip.Addr]bool // IP addresses, unmapped
}

func newHostPolicy(check bool, hosts []string) hostPolicy {
	p := hostPolicy{on: check || len(hosts) > 0, names: map[string]bool{}, addrs: map[netip.Addr]bool{}}
	for _, h := range hosts {
		name, addr, err := parseHostName(h)
		switch {
		case err != nil: // refused by CheckHosts before; it matches nothing
		case addr.IsValid():
			p.addrs[addr] = true
		default:
			p.names[name] = true
		}
	}
	return p
}

// allows reports whether a request with Host header value host may be
// answered.
func (p hostPolicy) allows(host string) bool {
	if !p.on {
		return true
	}
	name, addr, ok := splitHostHeader(host)
	if !ok {
		return false
	}
	if addr.IsValid() {
		return addr.IsLoopback() || p.addrs[addr]
	}
	return name == "localhost" || p.names[name]
}

// misdirected answers a request whose Host the server does not answer:
// 421 and a short plain message that names nothing of the request.
func misdirected(w http.ResponseWriter) {
	w.Header().Set("Cache-Control", "no-store")
	http.Error(w, "misdirected request: this server does not answer to that host name; use the name it was started with (reckon serve --host NAME)", http.StatusMisdirectedRequest)
}

// splitHostHeader reads a Host header value, "name", "name:port",
// "a.b.c.d[:port]" or "[v6][:port]", into a canonical name (lower case,
// one trailing dot dropped) or an IP address (IPv4-mapped ones unmapped).
// Anything else, zones and short IPv4 forms included, is not ok.
func splitHostHeader(h string) (name string, addr netip.Addr, ok bool) {
	host, port := h, ""
	if strings.HasPrefix(h, "[") {
		end := strings.IndexByte(h, ']')
		if end < 0 {
			return "", netip.Addr{}, false
		}
		host, port = h[1:end], h[end+1:]
		if port != "" {
			if port[0] != ':' {
				return "", netip.Addr{}, false
			}
			port = port[1:]
		}
		a, err := netip.ParseAddr(host)
		if err != nil || !a.Is6() || a.Zone() != "" || !digits(port) {
			return "", netip.Addr{}, false
		}
		return "", a.Unmap(), true
	}
	if i := strings.LastIndexByte(h, ':'); i >= 0 {
		host, port = h[:i], h[i+1:]
	}
	if !digits(port) {
		return "", netip.Addr{}, false
	}
	name, addr, err := parseHostName(host)
	return name, addr, err == nil
}

func digits(s string) bool {
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// parseHostName reads a host name without a port: a DNS name (letters,
// digits, hyphens and dots; one trailing dot allowed), a dotted-quad IPv4
// address or an IPv6 address, bracketed or not.
func parseHostName(h string) (name string, addr netip.Addr, err error) {
	if strings.HasPrefix(h, "[") && strings.HasSuffix(h, "]") {
		h = h[1 : len(h)-1]
		if a, err := netip.ParseAddr(h); err != nil || !a.Is6() {
			return "", netip.Addr{}, fmt.Errorf("%s: want an IPv6 address between brackets", reckon.Quote(h))
		}
	}
	if strings.ContainsRune(h, ':') {
		a, err := netip.ParseAddr(h)
		if err != nil || a.Zone() != "" {
			return "", netip.Addr{}, fmt.Errorf("%s: want a host name or an IP address, without a port", reckon.Quote(h))
		}
		return "", a.Unmap(), nil
	}
	if a, err := netip.ParseAddr(h); err == nil {
		return "", a, nil
	}
	name = strings.ToLower(strings.TrimSuffix(h, "."))
	if name == "" || len(name) > 253 {
		return "", netip.Addr{}, fmt.Errorf("%s: want a host name", reckon.Quote(h))
	}
	for label := range strings.SplitSeq(name, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return "", netip.Addr{}, fmt.Errorf("%s: not a host name (letters, digits and hyphens between dots)", reckon.Quote(h))
		}
		for _, c := range []byte(label) {
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
				return "", netip.Addr{}, fmt.Errorf("%s: not a host name (letters, digits and hyphens between dots; names in other scripts in their xn-- form)", reckon.Quote(h))
			}
		}
	}
	// A name whose last label is a number is IPv4 in a form that
	// browsers rewrite (127.1, 0x7f.1, 2130706433), never a name.
	last := name[strings.LastIndexByte(name, '.')+1:]
	if digits(last) || strings.HasPrefix(last, "0x") {
		return "", netip.Addr{}, fmt.Errorf("%s: write an IPv4 address as four decimal numbers", reckon.Quote(h))
	}
	return name, netip.Addr{}, nil
}

// CheckHosts checks the names given for [Options.Hosts]: host names or IP
// addresses, without ports. The error names the first bad one.
func CheckHosts(hosts []string) error {
	for _, h := range hosts {
		if _, _, err := parseHostName(h); err != nil {
			return fmt.Errorf("host %w", err)
		}
	}
	return nil
}
