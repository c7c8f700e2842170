package server_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/reckonhq/reckon/server"
)

// TestErrorEchoes: an answer to bad input quotes at most a short prefix
// of it, whatever its size: a CSV header of 1 MB and more, JSON keys and
// values, query values, form values, paths (issue 11, item 15).
func TestErrorEchoes(t *testing.T) {
	f := newFixture(t)
	s, _ := newServer(t, f.st, server.Options{MaxBodyBytes: 8 << 20})
	long := strings.Repeat("Z", 1<<20) // 1 MiB
	tests := []struct {
		name, method, target, ctype, body string
		status                            int
	}{
		{"1 MB header without record_id", "POST", "/api/v1/imports?list=big", "text/csv", "name," + long[:1_000_000] + "\nKim,x\n", 400},
		{"2 MiB header", "POST", "/api/v1/imports?list=big", "text/csv", "record_id," + long + long + "\n1,x\n", 400},
		{"long column read twice", "POST", "/api/v1/imports?list=big", "text/csv", "record_id," + long[:400_000] + "," + long[:400_000] + "\n", 400},
		{"long strict date", "POST", "/api/v1/imports?list=big&strict=true", "text/csv", "record_id,birth_date\n1," + long[:60_000] + "\n", 400},
		{"long repeated id", "POST", "/api/v1/imports?list=big", "text/csv", "record_id\n" + long[:60_000] + "\n" + long[:60_000] + "\n", 400},
		{"long strict parameter", "POST", "/api/v1/imports?list=big&strict=" + long[:100_000], "text/csv", "record_id\n1\n", 400},
		{"long columns parameter", "POST", "/api/v1/imports?list=big&columns=" + long[:100_000], "text/csv", "record_id\n1\n", 400},
		{"long unknown query parameter", "GET", "/api/v1/records?" + long[:100_000] + "=1", "", "", 400},
		{"long limit", "GET", "/api/v1/records?limit=" + long[:100_000], "", "", 400},
		{"long cursor", "GET", "/api/v1/records?cursor=" + long[:100_000], "", "", 400},
		{"long format", "GET", "/api/v1/claims?format=" + long[:100_000], "", "", 400},
		{"long method", "GET", "/api/v1/estimates?method=" + long[:100_000], "", "", 400},
		{"long id", "GET", "/api/v1/claims/" + long[:100_000], "", "", 400},
		{"long unknown JSON field", "POST", "/api/v1/sources", "application/json", `{"` + long + `":1}`, 400},
		{"long JSON kind", "POST", "/api/v1/sources", "application/json", `{"name":"A","kind":"` + long + `"}`, 400},
		{"long JSON grade", "POST", "/api/v1/sources", "application/json", `{"name":"A","kind":"media","grade":"` + long + `"}`, 400},
		{"long JSON number", "POST", "/api/v1/sources", "application/json", `{"name":1` + strings.Repeat("0", 100_000) + `}`, 400},
		{"long source name", "POST", "/api/v1/documents?source=" + url.QueryEscape(strings.Repeat("ж", 50_000)), "text/plain", "text", 400},
		{"long review action", "POST", "/api/v1/claims/1/review", "application/json", `{"action":"` + long + `"}`, 400},
		{"long role", "POST", "/api/v1/users", "application/json", `{"name":"u","role":"` + long + `"}`, 400},
		{"long content type", "POST", "/api/v1/sources", "application/" + long[:50_000], "{}", 415},
		{"long path", "GET", "/" + long[:100_000], "", "", 404},
		{"long path with dots", "GET", "/" + long[:100_000] + "/../x", "", "", 400},
		{"long decision side", "POST", "/review", "application/x-www-form-urlencoded", "a=" + long[:100_000] + "&b=1&same=y", 400},
		{"long same", "POST", "/review", "application/x-www-form-urlencoded", "a=1&b=2&same=" + long[:100_000], 400},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var hdr []string
			if tc.ctype != "" {
				hdr = []string{"Content-Type", tc.ctype}
			}
			res, body := do(t, s, tc.method, tc.target, strings.NewReader(tc.body), hdr...)
			if res.StatusCode != tc.status {
				t.Errorf("status %d, want %d: %.300s", res.StatusCode, tc.status, body)
			}
			limit := 1000
			if !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
				limit = 12_000 // an HTML error page
			}
			if len(body) > limit || strings.Contains(body, strings.Repeat("Z", 200)) || strings.Contains(body, strings.Repeat("ж", 200)) {
				t.Errorf("answer of %d bytes: %.400s…", len(body), body)
			}
		})
	}
}
