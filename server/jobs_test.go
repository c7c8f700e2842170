package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/auth"
	"github.com/reckonhq/reckon/demo"
	"github.com/reckonhq/reckon/pipeline"
	"github.com/reckonhq/reckon/server"
)

// jobAnswer is what GET /api/v1/jobs/{id} answers, as a client reads it.
type jobAnswer struct {
	ID        int64  `json:"id"`
	Kind      string `json:"kind"`
	State     string `json:"state"`
	By        string `json:"by"`
	LinkRun   int64  `json:"link_run"`
	Estimates []int64
	Error     string `json:"error"`
	Estimate  *struct {
		Measure string   `json:"measure"`
		Methods []string `json:"methods"`
		Strata  string   `json:"strata"`
		Draws   *int     `json:"draws"`
		Seed    *uint64  `json:"seed"`
	} `json:"estimate"`
}

// demoStore returns a store holding a small demo workspace: enough
// persons to estimate from, by stratum too.
func demoStore(tb testing.TB) reckon.Store {
	tb.Helper()
	st := openStore(tb)
	if _, err := demo.Build(context.Background(), st, demo.Options{N: 400, Seed: 1}); err != nil {
		tb.Fatal(err)
	}
	return st
}

// waitJob polls the job at loc until it has ended, and returns it.
func waitJob(tb testing.TB, h http.Handler, loc string, header ...string) jobAnswer {
	tb.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for {
		res, body := do(tb, h, "GET", loc, nil, header...)
		if res.StatusCode != http.StatusOK {
			tb.Fatalf("GET %s: %d %s", loc, res.StatusCode, body)
		}
		var j jobAnswer
		if err := json.Unmarshal([]byte(body), &j); err != nil {
			tb.Fatal(err)
		}
		if j.State == "done" || j.State == "failed" {
			return j
		}
		if time.Now().After(deadline) {
			tb.Fatalf("job %s still %s", loc, j.State)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// runJob starts an estimate run with body, waits for it and returns its
// job's ID.
func runJob(tb testing.TB, h http.Handler, body string) int64 {
	tb.Helper()
	res, answer := do(tb, h, "POST", "/api/v1/estimates/run", strings.NewReader(body), "Content-Type", "application/json")
	if res.StatusCode != http.StatusAccepted {
		tb.Fatalf("POST /api/v1/estimates/run: %d %s", res.StatusCode, answer)
	}
	j := waitJob(tb, h, res.Header.Get("Location"))
	if j.State != "done" {
		tb.Fatalf("estimate job: %+v", j)
	}
	return j.ID
}

// TestEstimateRunAPI (issue 15): POST /api/v1/estimates/run starts a run
// of the methods and strata asked for and answers its job; the job says
// what it stored; a second run while one is going is a conflict; bad
// requests are refused before anything runs.
func TestEstimateRunAPI(t *testing.T) {
	st := demoStore(t)
	s, _ := newServer(t, st, server.Options{Engine: pipeline.NewEngine(st, pipeline.EngineOptions{})})
	res, body := do(t, s, "POST", "/api/v1/estimates/run", strings.NewReader(`{"measure":"killed","methods":["chao","loglinear"],"strata":"sex","draws":0,"seed":7}`), "Content-Type", "application/json")
	if res.StatusCode != http.StatusAccepted || !strings.HasPrefix(res.Header.Get("Location"), "/api/v1/jobs/") {
		t.Fatalf("start: %d %s %q", res.StatusCode, body, res.Header.Get("Location"))
	}
	var started jobAnswer
	if err := json.Unmarshal([]byte(body), &started); err != nil {
		t.Fatal(err)
	}
	if started.Kind != "estimate" || started.State != "running" || started.Estimate == nil || started.Estimate.Strata != "sex" ||
		*started.Estimate.Seed != 7 || *started.Estimate.Draws != 0 || strings.Join(started.Estimate.Methods, ",") != "chao,loglinear" {
		t.Errorf("started job: %s", body)
	}
	j := waitJob(t, s, res.Header.Get("Location"))
	if j.State != "done" || len(j.Estimates) == 0 || j.Error != "" {
		t.Fatalf("ended job: %+v", j)
	}
	methods := map[reckon.Method]bool{}
	for _, id := range j.Estimates {
		e, err := st.Estimate(t.Context(), id)
		if err != nil {
			t.Fatal(err)
		}
		if e.Seed != 0 && e.Seed != 7 {
			t.Errorf("estimate %d: seed %d, want 7", id, e.Seed)
		}
		methods[e.Method] = true
	}
	for _, m := range []reckon.Method{reckon.MethodMinimum, reckon.MethodChao, reckon.MethodLogLinear} {
		if !methods[m] {
			t.Errorf("the run stored no %s estimate: %v", m, methods)
		}
	}
	_, list := do(t, s, "GET", "/api/v1/jobs", nil)
	if !strings.Contains(list, fmt.Sprintf(`"id":%d`, j.ID)) {
		t.Errorf("GET /api/v1/jobs: %s", list)
	}

	bad := []struct{ name, body, want string }{
		{"unknown method", `{"measure":"killed","methods":["guess"]}`, "unknown method"},
		{"unknown measure", `{"measure":"dead"}`, "dead"},
		{"too many draws", `{"measure":"killed","draws":5000}`, "linkage draws"},
		{"seed 0", `{"measure":"killed","seed":0}`, "seed"},
		{"unknown field", `{"measure":"killed","method":"chao"}`, "method"},
		{"bad strata", `{"measure":"killed","strata":"<b>"}`, "strata"},
	}
	for _, tt := range bad {
		res, body := do(t, s, "POST", "/api/v1/estimates/run", strings.NewReader(tt.body), "Content-Type", "application/json")
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, tt.want) {
			t.Errorf("%s: %d %s", tt.name, res.StatusCode, body)
		}
	}
	// One run at a time: a run of LCMCR takes long enough to ask again.
	res, body = do(t, s, "POST", "/api/v1/estimates/run", strings.NewReader(`{"measure":"killed","methods":["lcmcr"],"draws":0}`), "Content-Type", "application/json")
	if res.StatusCode != http.StatusAccepted {
		t.Fatalf("start lcmcr: %d %s", res.StatusCode, body)
	}
	if res2, body2 := do(t, s, "POST", "/api/v1/estimates/run", strings.NewReader(`{"measure":"killed","methods":["chao"]}`), "Content-Type", "application/json"); res2.StatusCode != http.StatusConflict {
		t.Errorf("a second run while one is going: %d %s", res2.StatusCode, body2)
	}
	waitJob(t, s, res.Header.Get("Location"))
	if res, body := do(t, s, "GET", "/api/v1/jobs/999", nil); res.StatusCode != http.StatusNotFound {
		t.Errorf("unknown job: %d %s", res.StatusCode, body)
	}
}

// TestSourceChangeAPI (issue 15): POST /api/v1/sources/{id} changes the
// fields given and keeps the others; bad values are refused and change
// nothing.
func TestSourceChangeAPI(t *testing.T) {
	f := newFixture(t)
	s, _ := newServer(t, f.st, server.Options{})
	path := fmt.Sprintf("/api/v1/sources/%d", f.yonhap.ID)
	res, body := do(t, s, "POST", path, strings.NewReader(`{"grade":"c3","note":"regraded after the 2024 corrections"}`), "Content-Type", "application/json")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("change: %d %s", res.StatusCode, body)
	}
	src, err := f.st.Source(t.Context(), f.yonhap.ID)
	if err != nil {
		t.Fatal(err)
	}
	if src.Grade.String() != "C3" || src.Note != "regraded after the 2024 corrections" || src.Kind != f.yonhap.Kind || src.URL != f.yonhap.URL || src.Name != "Yonhap" {
		t.Errorf("after the change: %+v", src)
	}
	if !strings.Contains(body, `"grade":"C3"`) {
		t.Errorf("answer: %s", body)
	}
	bad := []struct{ name, body, want string }{
		{"bad grade", `{"grade":"Z9"}`, "Z9"},
		{"bad kind", `{"kind":"rumour"}`, "rumour"},
		{"bad url", `{"url":"javascript:alert(1)"}`, "url"},
		{"name", `{"name":"Renamed"}`, "name"},
		{"not JSON", `grade=A1`, ""},
	}
	for _, tt := range bad {
		res, body := do(t, s, "POST", path, strings.NewReader(tt.body), "Content-Type", "application/json")
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, tt.want) {
			t.Errorf("%s: %d %s", tt.name, res.StatusCode, body)
		}
	}
	if after, _ := f.st.Source(t.Context(), f.yonhap.ID); after.Grade.String() != "C3" || after.Name != "Yonhap" {
		t.Errorf("a refused change changed the source: %+v", after)
	}
	if res, body := do(t, s, "POST", "/api/v1/sources/98765", strings.NewReader(`{"grade":"A1"}`), "Content-Type", "application/json"); res.StatusCode != http.StatusNotFound {
		t.Errorf("unknown source: %d %s", res.StatusCode, body)
	}
}

// TestEditRoutesAuthorization (issue 15): with --auth, changing a source
// and starting an estimate run need an analyst or an admin (as the pages
// do); jobs are read by anyone, as the link and estimate run pages are;
// refused requests change nothing.
func TestEditRoutesAuthorization(t *testing.T) {
	f := newFixture(t)
	ctx := t.Context()
	tokens := map[reckon.Role]string{}
	for _, role := range reckon.Roles {
		u := &reckon.User{Name: string(role) + "-user", Role: role}
		if err := f.st.CreateUser(ctx, u, "$argon2id$unused"); err != nil {
			t.Fatal(err)
		}
		secret, hash, _ := auth.NewToken()
		if err := f.st.CreateToken(ctx, &reckon.Token{UserID: u.ID, Name: "test"}, hash); err != nil {
			t.Fatal(err)
		}
		tokens[role] = secret
	}
	s, _ := newServer(t, f.st, server.Options{Auth: true, Engine: pipeline.NewEngine(f.st, pipeline.EngineOptions{})})
	call := func(role reckon.Role, method, path, body string) (*http.Response, string) {
		h := []string{"Content-Type", "application/json"}
		if role != "" {
			h = append(h, "Authorization", "Bearer "+tokens[role])
		}
		return do(t, s, method, path, strings.NewReader(body), h...)
	}
	src := fmt.Sprintf("/api/v1/sources/%d", f.kcna.ID)
	est := `{"measure":"killed","methods":["chao"],"draws":0}`
	tests := []struct {
		role         reckon.Role
		method, path string
		body         string
		want         int
	}{
		{"", "POST", src, `{"grade":"A1"}`, http.StatusUnauthorized},
		{reckon.RoleViewer, "POST", src, `{"grade":"A1"}`, http.StatusForbidden},
		{"", "POST", "/api/v1/estimates/run", est, http.StatusUnauthorized},
		{reckon.RoleViewer, "POST", "/api/v1/estimates/run", est, http.StatusForbidden},
		{reckon.RoleReviewer, "POST", src, `{"grade":"A1"}`, http.StatusForbidden},
		{reckon.RoleReviewer, "POST", "/api/v1/estimates/run", est, http.StatusForbidden},
		{"", "GET", "/api/v1/jobs", "", http.StatusOK},
		{"", "GET", "/api/v1/jobs/1", "", http.StatusNotFound},
		{reckon.RoleAnalyst, "POST", src, `{"grade":"D4"}`, http.StatusOK},
		{reckon.RoleAdmin, "POST", src, `{"grade":"E5"}`, http.StatusOK},
	}
	for _, tt := range tests {
		if res, body := call(tt.role, tt.method, tt.path, tt.body); res.StatusCode != tt.want {
			t.Errorf("%s %s as %q: %d %s, want %d", tt.method, tt.path, tt.role, res.StatusCode, body, tt.want)
		}
	}
	if got, _ := f.st.Source(ctx, f.kcna.ID); got.Grade.String() != "E5" {
		t.Errorf("KCNA's grade %s, want E5 (the admin's change, the refused ones not applied)", got.Grade)
	}
	res, body := call(reckon.RoleAnalyst, "POST", "/api/v1/estimates/run", est)
	if res.StatusCode != http.StatusAccepted {
		t.Fatalf("estimate run as analyst: %d %s", res.StatusCode, body)
	}
	j := waitJob(t, s, res.Header.Get("Location"))
	if j.By != "analyst-user" || j.State != "done" {
		t.Errorf("job: %+v", j)
	}
}

// gatedEngine is the pipeline's engine with its runs held at a stage
// until the test lets them go: the first method of an estimate run, the
// first scoring report of a link run.
type gatedEngine struct {
	*pipeline.Engine
	estimateGate, linkGate chan struct{}
	estimateOnce           sync.Once
}

func (g *gatedEngine) Estimate(ctx context.Context, opt pipeline.EstimateOptions) ([]*reckon.Estimate, error) {
	opt.Progress = func(p pipeline.Progress) {
		if p.Method != "" {
			g.estimateOnce.Do(func() { <-g.estimateGate })
		}
	}
	return g.Engine.Estimate(ctx, opt)
}

// pollJSON GETs path until its JSON answer satisfies ok, and returns it.
func pollJSON[T any](tb testing.TB, h http.Handler, path string, ok func(T) bool) T {
	tb.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		res, body := do(tb, h, "GET", path, nil)
		var v T
		if res.StatusCode != http.StatusOK || json.Unmarshal([]byte(body), &v) != nil {
			tb.Fatalf("GET %s: %d %s", path, res.StatusCode, body)
		}
		if ok(v) {
			return v
		}
		if time.Now().After(deadline) {
			tb.Fatalf("GET %s: still %s", path, body)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestRunProgress (issue 15): a running estimate or link run says the
// stage it is in, not only how long it has run, in its job, in GET
// /api/v1/link and on its page; once it ends, the stage is gone.
func TestRunProgress(t *testing.T) {
	st := demoStore(t)
	var linkOnce sync.Once
	g := &gatedEngine{estimateGate: make(chan struct{}), linkGate: make(chan struct{})}
	g.Engine = pipeline.NewEngine(st, pipeline.EngineOptions{Progress: func(stage string, done, total int) {
		if stage == "score" {
			linkOnce.Do(func() { <-g.linkGate })
		}
	}})
	s, _ := newServer(t, st, server.Options{Engine: g})
	type progressed struct {
		State    string `json:"state"`
		Running  bool   `json:"running"`
		Doing    string `json:"doing"`
		Progress *struct {
			Stage  string `json:"stage"`
			Method string `json:"method"`
			Done   int    `json:"done"`
			Total  int    `json:"total"`
		} `json:"progress"`
	}

	res, body := do(t, s, "POST", "/api/v1/estimates/run", strings.NewReader(`{"measure":"killed","methods":["chao","loglinear"],"draws":0}`), "Content-Type", "application/json")
	if res.StatusCode != http.StatusAccepted {
		t.Fatalf("estimate run: %d %s", res.StatusCode, body)
	}
	job := res.Header.Get("Location")
	j := pollJSON(t, s, job, func(j progressed) bool { return j.Progress != nil && j.Progress.Method != "" })
	if j.Doing != "method 1 of 2: chao" || j.Progress.Stage != "estimating" || j.Progress.Done != 1 || j.Progress.Total != 2 || j.State != "running" {
		t.Errorf("estimate job while running: %+v %+v", j, j.Progress)
	}
	if _, page := do(t, s, "GET", "/estimates/run", nil); !strings.Contains(page, `<span id="estimate-doing">method 1 of 2: chao</span>`) {
		t.Errorf("the estimate run page does not say the stage:\n%s", page)
	}
	close(g.estimateGate)
	if j := waitJob(t, s, job); j.State != "done" {
		t.Fatalf("estimate job: %+v", j)
	}
	if _, body := do(t, s, "GET", job, nil); strings.Contains(body, `"progress"`) || strings.Contains(body, `"doing"`) {
		t.Errorf("an ended job still says a stage: %s", body)
	}

	res, body = do(t, s, "POST", "/api/v1/link", nil)
	if res.StatusCode != http.StatusAccepted {
		t.Fatalf("link: %d %s", res.StatusCode, body)
	}
	job = res.Header.Get("Location")
	l := pollJSON(t, s, "/api/v1/link", func(l progressed) bool { return l.Progress != nil && l.Progress.Stage == "score" })
	if !l.Running || !strings.HasPrefix(l.Doing, "score ") || l.Progress.Total == 0 {
		t.Errorf("GET /api/v1/link while scoring: %+v %+v", l, l.Progress)
	}
	if j := pollJSON(t, s, job, func(j progressed) bool { return j.Progress != nil }); j.Doing != l.Doing {
		t.Errorf("the link job says %q, GET /api/v1/link %q", j.Doing, l.Doing)
	}
	if _, page := do(t, s, "GET", "/link", nil); !strings.Contains(page, `<span id="link-doing">`+l.Doing+`</span>`) {
		t.Errorf("the link page does not say the stage %q:\n%s", l.Doing, page)
	}
	close(g.linkGate)
	if j := waitJob(t, s, job); j.State != "done" || j.LinkRun == 0 {
		t.Fatalf("link job: %+v", j)
	}
	if _, body := do(t, s, "GET", "/api/v1/link", nil); strings.Contains(body, `"progress"`) {
		t.Errorf("GET /api/v1/link after the run still says a stage: %s", body)
	}
}
