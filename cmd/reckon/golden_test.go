package main

import (
	"context"
	"flag"
	"io"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/reckonhq/reckon/demo"
	"github.com/reckonhq/reckon/server"
	"github.com/reckonhq/reckon/sqlite"
)

var update = flag.Bool("update", false, "rewrite the .golden files of testdata/golden")

// demoWorkspace builds the demo workspace (demo.Build with its defaults)
// once per test binary and returns its folder.
var demoWorkspace = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "reckon-golden-")
	if err != nil {
		return "", err
	}
	ctx := context.Background()
	s, err := sqlite.Open(ctx, filepath.Join(dir, dbName))
	if err != nil {
		return "", err
	}
	defer s.Close()
	if _, err := demo.Build(ctx, s, demo.Options{}); err != nil {
		return "", err
	}
	return dir, nil
})

// removingDemo runs the tests and then removes the demo workspace, if
// one was built.
type removingDemo struct{ m *testing.M }

func (r removingDemo) Run() int {
	code := r.m.Run()
	if demoBuilt.Load() {
		if dir, err := demoWorkspace(); err == nil {
			os.RemoveAll(dir)
		}
	}
	return code
}

// demoBuilt says whether a test asked for the demo workspace.
var demoBuilt atomic.Bool

func mustDemo(t testing.TB) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the demo workspace (seconds)")
	}
	demoBuilt.Store(true)
	dir, err := demoWorkspace()
	if err != nil {
		t.Fatalf("building the demo workspace: %v", err)
	}
	return dir
}

// The fields of an output that change from run to run, each replaced by
// a fixed marker before comparing with the golden file.
var goldenVolatile = []struct {
	re  *regexp.Regexp
	out string
}{
	{regexp.MustCompile(`\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)`), "TIME"}, // JSON times
	{regexp.MustCompile(`\d{4}-\d\d-\d\d \d\d:\d\d(:\d\d)?`), "TIME"},                       // table and text times
	{regexp.MustCompile(`reckon-golden-\d+`), "WORKSPACE"},                                  // the temporary folder
}

// normalise replaces the volatile fields of out (see goldenVolatile).
func normalise(out string) string {
	for _, v := range goldenVolatile {
		out = v.re.ReplaceAllString(out, v.out)
	}
	return out
}

// checkGolden compares got with testdata/golden/name.golden, or rewrites
// the file under -update.
func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	file := filepath.Join("testdata", "golden", name+".golden")
	if *update {
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run go test -run TestGolden -update to write it)", err)
	}
	if got != string(want) {
		gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
		for i := range max(len(gl), len(wl)) {
			var g, w string
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				t.Fatalf("%s differs from %s at line %d:\n got: %s\nwant: %s", name, file, i+1, g, w)
			}
		}
	}
}

// TestGoldenCLI holds the CLI's output on the demo workspace byte for
// byte (issue 12: the outputs stay the same while the stages move).
// Times and the temporary folder are normalised; run with -update to
// rewrite testdata/golden after a change meant to alter them.
func TestGoldenCLI(t *testing.T) {
	dir := mustDemo(t)
	tests := []struct {
		name string
		args []string
	}{
		{"estimate_list", []string{"estimate", "list"}},
		{"estimate_list_json", []string{"estimate", "list", "--format", "json"}},
		{"estimate_show_1", []string{"estimate", "show", "1"}},
		{"estimate_show_2", []string{"estimate", "show", "2"}},
		{"estimate_show_3", []string{"estimate", "show", "3"}},
		{"estimate_show_4", []string{"estimate", "show", "4"}},
		{"estimate_show_5", []string{"estimate", "show", "5"}},
		{"estimate_show_3_json", []string{"estimate", "show", "3", "--format", "json"}},
		{"reconcile", []string{"reconcile"}},
		{"reconcile_json", []string{"reconcile", "--format", "json"}},
		{"claims_list", []string{"claims", "list"}},
		{"report_md", []string{"report", "--format", "md"}},
		{"report_json", []string{"report", "--format", "json"}},
		{"mse_stepwise", []string{"mse", "INPUT", "--method", "stepwise", "--seed", "1", "--bootstrap", "200"}},
		{"mse_error", []string{"mse", "INPUT", "--method", "magic"}},
		{"estimate_list_bad_method", []string{"estimate", "list", "--method", "magic"}},
	}
	input := filepath.Join(t.TempDir(), "input.csv")
	if err := os.WriteFile(input, []byte(demoInput(t, dir)), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"--workspace", dir}, tt.args...)
			for i, a := range args {
				if a == "INPUT" {
					args[i] = input
				}
			}
			var out, errb strings.Builder
			code := run(context.Background(), args, strings.NewReader(""), &out, &errb)
			got := normalise(out.String())
			if errb.Len() > 0 || code != exitOK {
				got += "--- stderr\n" + strings.ReplaceAll(normalise(errb.String()), input, "INPUT")
				got += "--- exit " + string(rune('0'+code)) + "\n"
			}
			checkGolden(t, "cli_"+tt.name, got)
		})
	}
}

// demoInput is the capture histories the demo's estimates were computed
// from.
func demoInput(t *testing.T, dir string) string {
	t.Helper()
	ctx := context.Background()
	s, err := sqlite.Open(ctx, filepath.Join(dir, dbName))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	e, err := s.Estimate(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	return e.Input
}

// TestGoldenAPI holds the server's answers on the demo workspace byte
// for byte, as TestGoldenCLI the CLI's.
func TestGoldenAPI(t *testing.T) {
	dir := mustDemo(t)
	ctx := context.Background()
	s, err := sqlite.Open(ctx, filepath.Join(dir, dbName))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	h := server.New(s, server.Options{Now: func() time.Time { return now }})
	defer h.Close(ctx)
	for _, path := range []string{
		"/api/v1/estimates",
		"/api/v1/estimates/2",
		"/api/v1/estimates/3",
		"/api/v1/estimates/4",
		"/api/v1/estimates/5",
		"/api/v1/estimates/3/input.csv",
		"/api/v1/estimates?method=magic",
		"/api/v1/reconcile",
		"/api/v1/claims",
		"/api/v1/lists",
		"/",
		"/estimates",
		"/estimates/1",
		"/estimates/2",
		"/estimates/3",
		"/estimates/4",
		"/estimates/5",
		"/reconcile",
	} {
		name := strings.NewReplacer("/api/v1/", "api_", "/", "_", "?", "_", "=", "_", ".", "_").Replace(path)
		if path == "/" {
			name = "page_overview"
		} else if !strings.HasPrefix(path, "/api/") {
			name = "page" + name
		}
		t.Run(name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
			res := rec.Result()
			body, err := io.ReadAll(res.Body)
			if err != nil {
				t.Fatal(err)
			}
			got := res.Status + "\n" + res.Header.Get("Content-Type") + "\n\n" + normalise(string(body))
			checkGolden(t, name, got)
		})
	}
}
