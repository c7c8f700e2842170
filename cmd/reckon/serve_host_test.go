package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/reckonhq/reckon/pipeline"
	"github.com/reckonhq/reckon/sqlite"
)

// TestServeHost: reckon serve answers only loopback hosts and those of
// --host, so that DNS rebinding cannot reach the workspace (issue 11,
// item 1); bad --host values and an every-address listen without --host
// are refused at start.
func TestServeHost(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	store, err := sqlite.Open(ctx, filepath.Join(dir, "reckon.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	out := &lockedBuffer{}
	e := &env{stdout: out, stderr: io.Discard, getenv: func(string) string { return "" }}
	done := make(chan error, 1)
	go func() {
		done <- serve(ctx, e, store, serveFlags{addr: "127.0.0.1:0", hosts: []string{"reckon.test"}}, "test", pipeline.EngineOptions{})
	}()
	var url string
	for start := time.Now(); url == "" && time.Since(start) < 10*time.Second; time.Sleep(20 * time.Millisecond) {
		url = regexp.MustCompile(`http://127\.0\.0\.1:\d+/`).FindString(out.String())
	}
	if url == "" {
		t.Fatalf("no address in %q", out.String())
	}
	get := func(host, path string) int {
		t.Helper()
		req, _ := http.NewRequest("GET", url+path, nil)
		if host != "" {
			req.Host = host
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		return res.StatusCode
	}
	for _, tc := range []struct {
		host string
		want int
	}{
		{"", 200}, // the listener's own address
		{"localhost:1234", 200},
		{"reckon.test", 200},
		{"RECKON.test.:443", 200},
		{"rebind.attacker.example", 421},
		{"rebind.attacker.example:8080", 421},
	} {
		for _, path := range []string{"api/v1/records.csv", "records", "assets/style.css"} {
			if got := get(tc.host, path); got != tc.want {
				t.Errorf("GET /%s Host %q: %d, want %d", path, tc.host, got, tc.want)
			}
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("serve: %v", err)
	}

	for _, tc := range []struct {
		name string
		f    serveFlags
		want string
	}{
		{"a port in --host", serveFlags{addr: "127.0.0.1:0", hosts: []string{"reckon.test:8080"}}, `--host "reckon.test:8080": want a host name`},
		{"a URL in --host", serveFlags{addr: "127.0.0.1:0", hosts: []string{"http://reckon.test"}}, `--host "http://reckon.test"`},
		{"every address without --host", serveFlags{addr: "0.0.0.0:0", readOnly: true}, "listens on every address: name the host names"},
	} {
		err := serve(context.Background(), e, store, tc.f, "test", pipeline.EngineOptions{})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
	}
}

func TestServeHosts(t *testing.T) {
	tcp := func(s string) net.Addr { a, _ := net.ResolveTCPAddr("tcp", s); return a }
	tests := []struct {
		addr  string
		flags []string
		want  string // hosts, or the error's start
	}{
		{"127.0.0.1:8080", nil, "[]"},
		{"127.0.0.1:8080", []string{"reckon.test"}, "[reckon.test]"},
		{"[::1]:8080", nil, "[]"},
		{"10.1.2.3:8080", nil, "[10.1.2.3]"},
		{"10.1.2.3:8080", []string{"reckon.test"}, "[reckon.test 10.1.2.3]"},
		{"[2001:db8::7]:8080", nil, "[2001:db8::7]"},
		{"0.0.0.0:8080", []string{"reckon.test"}, "[reckon.test]"},
		{"[::]:8080", []string{"10.1.2.3"}, "[10.1.2.3]"},
		{"0.0.0.0:8080", nil, "0.0.0.0:8080 listens on every address"},
		{"[::]:8080", nil, "[::]:8080 listens on every address"},
		{"127.0.0.1:8080", []string{"a b"}, `--host "a b"`},
	}
	for _, tc := range tests {
		hosts, err := serveHosts(tcp(tc.addr), tc.flags)
		got := fmt.Sprint(hosts)
		if err != nil {
			got = err.Error()
		}
		if !strings.HasPrefix(got, tc.want) {
			t.Errorf("serveHosts(%s, %q) = %s, want %s", tc.addr, tc.flags, got, tc.want)
		}
	}
}
