package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/postgres"
	"github.com/reckonhq/reckon/postgres/pgtest"
	"github.com/reckonhq/reckon/sqlite"
)

// crashRows is the size of the import that is killed: large enough that
// importing it takes about a second.
const crashRows = 200_000

// crashWorkspace is a workspace for the server crash test: how the
// command line selects it and how the test opens it itself.
type crashWorkspace struct {
	bin   string
	where []string // -w DIR or --db URL
	open  func(t *testing.T) reckon.Store
}

func (ws *crashWorkspace) run(t *testing.T, stdin string, args ...string) string {
	t.Helper()
	cmd := exec.Command(ws.bin, append(append([]string{}, ws.where...), args...)...)
	cmd.Stdin = strings.NewReader(stdin)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("reckon %v: %v\n%s", args, err, out)
	}
	return string(out)
}

// served is a running reckon serve.
type served struct {
	cmd  *exec.Cmd
	url  string
	done chan error
	logs *bytes.Buffer
	once sync.Once
}

var servingLine = regexp.MustCompile(`at (http://127\.0\.0\.1:[0-9]+)/`)

// serve starts reckon serve --auth on a free port and waits until it
// says where.
func (ws *crashWorkspace) serve(t *testing.T) *served {
	t.Helper()
	cmd := exec.Command(ws.bin, append(append([]string{}, ws.where...), "serve", "--auth", "--addr", "127.0.0.1:0")...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	s := &served{cmd: cmd, done: make(chan error, 1), logs: &bytes.Buffer{}}
	cmd.Stderr = s.logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	urls := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if m := servingLine.FindStringSubmatch(sc.Text()); m != nil {
				urls <- m[1]
			}
		}
		io.Copy(io.Discard, stdout)
	}()
	go func() { s.done <- cmd.Wait() }()
	select {
	case s.url = <-urls:
	case err := <-s.done:
		t.Fatalf("reckon serve ended at start: %v\n%s", err, s.logs)
	case <-time.After(30 * time.Second):
		cmd.Process.Kill()
		t.Fatal("reckon serve did not say where it serves")
	}
	t.Cleanup(s.kill)
	return s
}

// kill sends SIGKILL, once, and waits for the process to end.
func (s *served) kill() {
	s.once.Do(func() {
		s.cmd.Process.Signal(syscall.SIGKILL)
		<-s.done
	})
}

// call sends a request with the token and returns the status and body.
func call(t *testing.T, method, url, token, contentType string, body io.Reader) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// sentReader reports, once its content has been read to the end, that
// the client has sent the whole body.
type sentReader struct {
	r    io.Reader
	sent chan struct{}
	once atomic.Bool
}

func (s *sentReader) Read(p []byte) (int, error) {
	n, err := s.r.Read(p)
	if err == io.EOF && s.once.CompareAndSwap(false, true) {
		close(s.sent)
	}
	return n, err
}

// TestServeCrash kills reckon serve with SIGKILL in the middle of a large
// import sent to the API and in the middle of a link run started through
// it, restarts it, and checks that the workspace opens cleanly with every
// committed change, nothing half-done, and an audit chain that verifies;
// the same import then succeeds, and so does a link run (issue 6). It
// runs on a workspace folder and, with RECKON_TEST_POSTGRES, on
// PostgreSQL.
func TestServeCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("builds reckon and imports and links 200,000 records: not with -short")
	}
	bin := buildReckon(t)
	t.Run("sqlite", func(t *testing.T) {
		dir := t.TempDir()
		ws := filepath.Join(dir, "ws")
		if out, err := exec.Command(bin, "init", ws).CombinedOutput(); err != nil {
			t.Fatalf("init: %v %s", err, out)
		}
		serveCrash(t, &crashWorkspace{bin: bin, where: []string{"-w", ws}, open: func(t *testing.T) reckon.Store {
			s, err := sqlite.Open(context.Background(), filepath.Join(ws, dbName))
			if err != nil {
				t.Fatalf("the workspace does not open after the kill: %v", err)
			}
			var ok string
			if err := s.DB().QueryRow(`PRAGMA integrity_check`).Scan(&ok); err != nil || ok != "ok" {
				t.Fatalf("integrity_check: %q, %v", ok, err)
			}
			return s
		}})
	})
	t.Run("postgres", func(t *testing.T) {
		url := pgtest.SchemaURL(t)
		serveCrash(t, &crashWorkspace{bin: bin, where: []string{"--db", url}, open: func(t *testing.T) reckon.Store {
			s, err := postgres.Open(context.Background(), url)
			if err != nil {
				t.Fatalf("the database does not open after the kill: %v", err)
			}
			return s
		}})
	})
}

func serveCrash(t *testing.T, ws *crashWorkspace) {
	ctx := reckon.WithPersonalData(context.Background())
	ws.run(t, "a long enough passphrase\n", "user", "add", "root", "--role", "admin", "--password-stdin")
	m := regexp.MustCompile(`(rk_[A-Za-z0-9_-]+)`).FindStringSubmatch(ws.run(t, "", "token", "create", "root", "--name", "crash test"))
	if m == nil {
		t.Fatal("token create printed no token")
	}
	token := m[1]

	// Committed changes through the API before any crash.
	srv := ws.serve(t)
	if status, body := call(t, "POST", srv.url+"/api/v1/sources", token, "application/json", strings.NewReader(`{"name":"KCNA","kind":"state_media"}`)); status != http.StatusCreated {
		t.Fatalf("add source: %d %s", status, body)
	}
	small := "record_id,name,birth_date\ns1,리철수,1999\ns2,Ли Чхоль Су,1999\n"
	if status, body := call(t, "POST", srv.url+"/api/v1/imports?list=small&source=KCNA", token, "text/csv", strings.NewReader(small)); status != http.StatusCreated {
		t.Fatalf("small import: %d %s", status, body)
	}

	var b strings.Builder
	b.WriteString("record_id,list,family_name,given_name,birth_date,unit\n")
	for i := range crashRows {
		fmt.Fprintf(&b, "r%d,big,Kim,Chol %d,%d,%dth Corps\n", i, i%997, 1970+i%30, i%40)
	}
	big := b.String()

	// check opens the store as the server left it.
	check := func(what string) (bigRecords, runs int) {
		t.Helper()
		s := ws.open(t)
		defer s.Close()
		srcs, err := s.Sources(ctx)
		if err != nil || len(srcs) != 1 || srcs[0].Name != "KCNA" {
			t.Fatalf("%s: the committed source: %v, %v", what, srcs, err)
		}
		smallRecs, err := s.Records(ctx, reckon.RecordFilter{List: "small"})
		if err != nil || len(smallRecs) != 2 {
			t.Fatalf("%s: the committed import lost records: %d of 2, %v", what, len(smallRecs), err)
		}
		bigRecs, err := s.Records(ctx, reckon.RecordFilter{List: "big"})
		if err != nil {
			t.Fatal(err)
		}
		imps, _ := s.Imports(ctx)
		bigImports := 0
		for _, imp := range imps {
			if imp.List == "big" {
				bigImports++
				if imp.Records != crashRows {
					t.Fatalf("%s: an import of %d records is recorded, want %d", what, imp.Records, crashRows)
				}
			}
		}
		if len(bigRecs) != 0 && len(bigRecs) != crashRows || (len(bigRecs) == crashRows) != (bigImports == 1) {
			t.Fatalf("%s: a half-done import: %d of %d records, %d imports", what, len(bigRecs), crashRows, bigImports)
		}
		lr, err := s.LinkRuns(ctx)
		if err != nil {
			t.Fatal(err)
		}
		persons, err := s.Persons(ctx, reckon.PersonFilter{Limit: 1})
		if err != nil {
			t.Fatal(err)
		}
		if len(lr) == 0 && len(persons) != 0 {
			t.Fatalf("%s: persons without a committed link run", what)
		}
		c, err := s.VerifyAudit(ctx)
		if err != nil || c.BadID != 0 {
			t.Fatalf("%s: audit: %+v, %v", what, c, err)
		}
		// The API's changes are the signed-in user's.
		evs, _ := s.Events(ctx, reckon.EventFilter{Entity: "source"})
		if len(evs) != 1 || evs[0].Actor != "root" {
			t.Fatalf("%s: the source's audit event: %+v", what, evs)
		}
		evs, _ = s.Events(ctx, reckon.EventFilter{Entity: "import"})
		for _, e := range evs {
			if e.Actor != "root" {
				t.Fatalf("%s: an import by %q, want root", what, e.Actor)
			}
		}
		if len(evs) != len(imps) {
			t.Fatalf("%s: %d import events for %d imports", what, len(evs), len(imps))
		}
		return len(bigRecs), len(lr)
	}

	// A large import, killed once its body has been sent and the
	// server is at work on it.
	sent := &sentReader{r: strings.NewReader(big), sent: make(chan struct{})}
	answered := make(chan int, 1)
	go func() {
		req, _ := http.NewRequest("POST", srv.url+"/api/v1/imports?list=big&filename=big.csv", sent)
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "text/csv")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			answered <- 0 // the connection died with the server
			return
		}
		res.Body.Close()
		answered <- res.StatusCode
	}()
	<-sent.sent
	time.Sleep(300 * time.Millisecond)
	killedMidway := false
	select {
	case status := <-answered:
		t.Logf("the import answered %d before the kill; the checks below still hold", status)
	default:
		srv.kill()
		killedMidway = <-answered == 0
	}
	srv.kill()
	n, _ := check("after killing the import")
	t.Logf("import killed midway: %v; %d of its records committed", killedMidway, n)
	ws.run(t, "", "audit", "verify")

	// Restarted, the server serves the committed state, and the same
	// file imports whole.
	srv = ws.serve(t)
	if status, body := call(t, "GET", srv.url+"/api/v1/sources", token, "", nil); status != http.StatusOK || !strings.Contains(body, `"KCNA"`) {
		t.Fatalf("sources after restart: %d %s", status, body)
	}
	start := time.Now()
	status, body := call(t, "POST", srv.url+"/api/v1/imports?list=big&filename=big.csv", token, "text/csv", strings.NewReader(big))
	t.Logf("the import took %v", time.Since(start))
	if !(status == http.StatusCreated && n == 0 || status == http.StatusOK && n == crashRows) || !strings.Contains(body, fmt.Sprintf(`"records":%d`, crashRows)) {
		t.Fatalf("import again after the kill (%d committed): %d %s", n, status, body)
	}

	// A link run started through the API, killed while it runs.
	if status, body := call(t, "POST", srv.url+"/api/v1/link", token, "", nil); status != http.StatusAccepted {
		t.Fatalf("link: %d %s", status, body)
	}
	time.Sleep(500 * time.Millisecond)
	_, body = call(t, "GET", srv.url+"/api/v1/link", token, "", nil)
	srv.kill()
	var st struct {
		Running bool `json:"running"`
	}
	json.Unmarshal([]byte(body), &st)
	t.Logf("link run killed midway: %v", st.Running)
	if _, runs := check("after killing the link run"); st.Running && runs != 0 {
		t.Log("the link run committed between the status and the kill")
	}
	ws.run(t, "", "audit", "verify")

	// Restarted, a link run goes through.
	srv = ws.serve(t)
	start = time.Now()
	if status, body := call(t, "POST", srv.url+"/api/v1/link", token, "application/json", strings.NewReader("{}")); status != http.StatusAccepted {
		t.Fatalf("link after restart: %d %s", status, body)
	}
	var run struct {
		Running bool   `json:"running"`
		Error   string `json:"error"`
		Run     *struct {
			Records int `json:"records"`
		} `json:"run"`
	}
	for deadline := time.Now().Add(2 * time.Minute); ; time.Sleep(100 * time.Millisecond) {
		_, body := call(t, "GET", srv.url+"/api/v1/link", token, "", nil)
		json.Unmarshal([]byte(body), &run)
		if !run.Running || time.Now().After(deadline) {
			break
		}
	}
	t.Logf("the link run took %v", time.Since(start))
	if run.Running || run.Error != "" || run.Run == nil || run.Run.Records != crashRows+2 {
		t.Fatalf("link after restart: %+v", run)
	}
	srv.kill()
	check("at the end")
	ws.run(t, "", "audit", "verify")
}
