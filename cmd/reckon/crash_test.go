package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/sqlite"
)

// buildReckon builds the command once per test run.
func buildReckon(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "reckon")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// killDuring starts reckon with args, kills it with SIGKILL after wait,
// and reports whether it was still running then.
func killDuring(t *testing.T, bin string, wait time.Duration, args ...string) bool {
	t.Helper()
	cmd := exec.Command(bin, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("reckon %v ended before the kill: %v: %s", args, err, stderr.String())
		}
		return false
	case <-time.After(wait):
	}
	cmd.Process.Signal(syscall.SIGKILL)
	<-done
	return true
}

// TestCrashSafety kills reckon with SIGKILL in the middle of a large
// import and of a link run, and checks that the workspace opens cleanly
// with every committed change and nothing half-done.
func TestCrashSafety(t *testing.T) {
	if testing.Short() {
		t.Skip("long (builds the binary, writes 300,000 rows): run without -short")
	}
	bin := buildReckon(t)
	dir := t.TempDir()
	ws := filepath.Join(dir, "ws")
	run := func(args ...string) string {
		t.Helper()
		out, err := exec.Command(bin, append([]string{"-w", ws}, args...)...).CombinedOutput()
		if err != nil {
			t.Fatalf("reckon %v: %v\n%s", args, err, out)
		}
		return string(out)
	}
	if out, err := exec.Command(bin, "init", ws).CombinedOutput(); err != nil {
		t.Fatalf("init: %v %s", err, out)
	}
	run("source", "add", "--name", "KCNA", "--kind", "state_media")
	// A committed import before the crashes.
	small := filepath.Join(dir, "small.csv")
	os.WriteFile(small, []byte("record_id,list,name,birth_date\ns1,small,리철수,1999\ns2,small,Ли Чхоль Су,1999\n"), 0o644)
	run("import", "records", small)

	// A large import, killed in the middle.
	big := filepath.Join(dir, "big.csv")
	var b strings.Builder
	b.WriteString("record_id,list,family_name,given_name,birth_date,unit\n")
	for i := range 300_000 {
		fmt.Fprintf(&b, "r%d,big,Kim,Chol %d,%d,%dth Corps\n", i, i%997, 1970+i%30, i%40)
	}
	os.WriteFile(big, []byte(b.String()), 0o644)
	if !killDuring(t, bin, 400*time.Millisecond, "-w", ws, "import", "records", big) {
		t.Log("the import finished before the kill; the check below still holds")
	}
	check := func(wantBig int) {
		t.Helper()
		s, err := sqlite.Open(context.Background(), filepath.Join(ws, dbName))
		if err != nil {
			t.Fatalf("the workspace does not open after the kill: %v", err)
		}
		defer s.Close()
		var ok string
		if err := s.DB().QueryRow(`PRAGMA integrity_check`).Scan(&ok); err != nil || ok != "ok" {
			t.Fatalf("integrity_check: %q, %v", ok, err)
		}
		smallRecs, _ := s.Records(context.Background(), reckon.RecordFilter{List: "small"})
		bigRecs, _ := s.Records(context.Background(), reckon.RecordFilter{List: "big"})
		if len(smallRecs) != 2 {
			t.Fatalf("the committed import lost records: %d of 2", len(smallRecs))
		}
		if len(bigRecs) != 0 && len(bigRecs) != wantBig {
			t.Fatalf("a half-done import: %d of %d records", len(bigRecs), wantBig)
		}
		c, err := s.VerifyAudit(context.Background())
		if err != nil || c.BadID != 0 {
			t.Fatalf("audit after the kill: %+v, %v", c, err)
		}
	}
	check(300_000)
	// The same file imports whole afterwards (or was whole already).
	out := run("import", "records", big)
	if !strings.Contains(out, "imported 300000 records") && !strings.Contains(out, "already imported") {
		t.Fatalf("re-import: %s", out)
	}
	check(300_000)

	// A link run, killed in the middle: the persons are those of no run
	// or of a whole one.
	if !killDuring(t, bin, 1500*time.Millisecond, "-w", ws, "link") {
		t.Log("the link run finished before the kill")
	}
	check(300_000)
	s, err := sqlite.Open(context.Background(), filepath.Join(ws, dbName))
	if err != nil {
		t.Fatal(err)
	}
	runs, _ := s.LinkRuns(context.Background())
	persons, _ := s.Persons(context.Background(), reckon.PersonFilter{Limit: 1})
	s.Close()
	if len(runs) == 0 && len(persons) != 0 {
		t.Fatal("persons without a committed link run")
	}
	if out := run("link"); !strings.Contains(out, "linked 300002 records") {
		t.Fatalf("link after the kill: %s", out)
	}
}
