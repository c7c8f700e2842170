package server_test

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/reckonhq/reckon/server"
)

// TestSlowBody: a request body trickled at a byte at a time is cut off
// when the request's time is up, on ordinary routes (Timeout) and
// uploads (UploadTimeout), and answered 408; a body sent in time is read
// (issue 11, item 14). The server runs on a real listener without
// http.Server timeouts, so that only the server's own deadlines act.
func TestSlowBody(t *testing.T) {
	f := newFixture(t)
	const limit = 300 * time.Millisecond
	s, _ := newServer(t, f.st, server.Options{Timeout: limit, UploadTimeout: limit})
	ts := httptest.NewServer(s)
	defer ts.Close()
	addr := strings.TrimPrefix(ts.URL, "http://")

	tests := []struct {
		name, path, ctype, body string
	}{
		{"JSON write", "/api/v1/sources", "application/json", `{"name":"Trickle","kind":"media","note":"` + strings.Repeat("x", 200) + `"}`},
		{"form", "/login", "application/x-www-form-urlencoded", "name=ana&password=" + strings.Repeat("x", 200)},
		{"CSV upload", "/api/v1/imports?list=slow", "text/csv", "record_id,family_name\n" + strings.Repeat("r1,Kim\n", 30)},
		{"text upload", "/api/v1/documents?source=1", "text/plain", strings.Repeat("Forty-two soldiers died. ", 10)},
		// Answered at once without reading the body, which the server
		// then reads to keep the connection: that read is bounded too.
		{"no such route", "/api/v1/nope", "application/json", strings.Repeat(" ", 200)},
		{"no such page", "/nope", "application/x-www-form-urlencoded", strings.Repeat("a", 200)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			conn, err := net.Dial("tcp", addr)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			fmt.Fprintf(conn, "POST %s HTTP/1.1\r\nHost: %s\r\nContent-Type: %s\r\nContent-Length: %d\r\nOrigin: %s\r\n\r\n", tc.path, addr, tc.ctype, len(tc.body), ts.URL)
			start := time.Now()
			answered := make(chan *http.Response, 1)
			closed := make(chan struct{})
			go func() {
				defer close(closed)
				br := bufio.NewReader(conn)
				res, err := http.ReadResponse(br, nil)
				if err != nil {
					answered <- nil
					return
				}
				io.Copy(io.Discard, res.Body)
				answered <- res
				io.Copy(io.Discard, br) // until the server closes
			}()
			// One byte every 20 ms: the whole body would take 4 s or more.
			tick := time.NewTicker(20 * time.Millisecond)
			defer tick.Stop()
			sent := 0
			for {
				select {
				case res := <-answered:
					took := time.Since(start)
					switch {
					case res == nil:
						t.Logf("connection closed after %s, %d bytes sent", took, sent)
					case res.StatusCode == http.StatusNotFound && strings.Contains(tc.name, "no such"):
						answered = nil // the answer came first; now the close
						continue
					case res.StatusCode != http.StatusRequestTimeout:
						t.Errorf("status %d after %s, want 408", res.StatusCode, took)
					}
					if took > 10*limit {
						t.Errorf("cut off after %s, want about %s", took, limit)
					}
					if sent == len(tc.body) {
						t.Errorf("the whole body arrived before the answer")
					}
					return
				case <-closed:
					took := time.Since(start)
					if took > 10*limit {
						t.Errorf("cut off after %s, want about %s", took, limit)
					}
					if sent == len(tc.body) {
						t.Errorf("the whole body arrived before the answer")
					}
					return
				case <-tick.C:
					if sent < len(tc.body) {
						conn.Write([]byte{tc.body[sent]})
						sent++
					}
					if time.Since(start) > 20*limit {
						t.Fatalf("still reading a trickled body after %s (%d bytes)", time.Since(start), sent)
					}
				}
			}
		})
	}

	// A body sent at once is read as before, on a connection that stays
	// usable for the next request.
	res, err := http.Post(ts.URL+"/api/v1/sources", "application/json", strings.NewReader(`{"name":"Prompt","kind":"media"}`))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusCreated {
		t.Errorf("prompt body: status %d, want 201", res.StatusCode)
	}
}
