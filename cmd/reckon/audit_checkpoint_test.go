package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/internal/storerule"
	"github.com/reckonhq/reckon/postgres/pgtest"
	"github.com/reckonhq/reckon/sqlite"
)

// reckonFails runs the command line in-process, wants exit status 1, and
// returns its stderr.
func reckonFails(t *testing.T, args ...string) string {
	t.Helper()
	var out, errb bytes.Buffer
	if code := run(context.Background(), args, bytes.NewReader(nil), &out, &errb); code != 1 {
		t.Fatalf("reckon %v: exit %d, want 1: %s%s", args, code, out.String(), errb.String())
	}
	return errb.String()
}

// TestAuditCheckpointCommands: reckon audit verify --checkpoint fails
// once the newest events are deleted, the log is emptied or an event is
// edited and the chain recomputed, on both stores (issue 11, item 12).
func TestAuditCheckpointCommands(t *testing.T) {
	type backend struct {
		store []string                     // the flags that select it
		exec  func(t *testing.T, q string) // SQL behind its back, triggers dropped
	}
	backends := map[string]func(t *testing.T) backend{
		"sqlite": func(t *testing.T) backend {
			ws := filepath.Join(t.TempDir(), "ws")
			reckonRun(t, "init", ws)
			s, err := sqlite.Open(context.Background(), filepath.Join(ws, dbName))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			db := s.DB()
			exec := func(t *testing.T, q string) {
				t.Helper()
				if _, err := db.Exec(q); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			exec(t, `DROP TRIGGER audit_events_no_update`)
			exec(t, `DROP TRIGGER audit_events_no_delete`)
			return backend{[]string{"-w", ws}, exec}
		},
		"postgres": func(t *testing.T) backend {
			url := pgtest.SchemaURL(t)
			ctx := context.Background()
			reckonRun(t, "--db", url, "source", "list") // migrates
			conn, err := pgx.Connect(ctx, url)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { conn.Close(ctx) })
			exec := func(t *testing.T, q string) {
				t.Helper()
				if _, err := conn.Exec(ctx, q); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			exec(t, `DROP TRIGGER audit_events_no_change ON audit_events`)
			exec(t, `DROP TRIGGER audit_events_no_truncate ON audit_events`)
			return backend{[]string{"--db", url}, exec}
		},
	}
	tampers := []struct {
		name string
		sql  string
		want string
	}{
		{"newest deleted", `DELETE FROM audit_events WHERE id > 2`, "audit log has 2 events, fewer than the 4 of the checkpoint"},
		{"emptied", `DELETE FROM audit_events`, "audit log has 0 events, fewer than the 4"},
		// Event 4 edited with its hash recomputed: the chain checks.
		{"edited and re-chained", "", "audit event 4 has hash"},
	}
	keys := t.TempDir()
	key := filepath.Join(keys, "audit.key")
	reckonRun(t, "audit", "keygen", "--out", key)
	for name, open := range backends {
		for _, tt := range tampers {
			t.Run(name+"/"+tt.name, func(t *testing.T) {
				b := open(t)
				r := func(args ...string) string { t.Helper(); return reckonRun(t, append(b.store, args...)...) }
				for _, n := range []string{"A", "B", "C", "D"} {
					r("source", "add", "--name", n, "--kind", "media")
				}
				cp := filepath.Join(t.TempDir(), "cp")
				r("audit", "checkpoint", "--key", key, "--out", cp)
				if got := r("audit", "verify", "--checkpoint", cp, "--pubkey", key+".pub"); !strings.Contains(got, "extends the checkpoint") {
					t.Fatalf("untouched: %s", got)
				}
				r("source", "add", "--name", "E", "--kind", "media")
				if got := r("audit", "verify", "--checkpoint", cp); !strings.Contains(got, "audit log intact: 5 events") {
					t.Fatalf("appended: %s", got)
				}
				if tt.sql != "" {
					b.exec(t, tt.sql)
				} else {
					rechainCLI(t, r, b.exec, 4)
				}
				if got := r("audit", "verify"); !strings.Contains(got, "intact") {
					t.Fatalf("the chain alone should still verify (that is the hole): %s", got)
				}
				if got := reckonFails(t, append(b.store, "audit", "verify", "--checkpoint", cp)...); !strings.Contains(got, tt.want) {
					t.Fatalf("verify --checkpoint: %s, want %q", got, tt.want)
				}
			})
		}
	}
}

// rechainCLI edits event id and recomputes its hash and every later one,
// reading the log as reckon audit log prints it.
func rechainCLI(t *testing.T, r func(...string) string, exec func(*testing.T, string), id int64) {
	t.Helper()
	var evs []*reckon.Event
	if err := json.Unmarshal([]byte(r("audit", "log", "--format", "json")), &evs); err != nil {
		t.Fatal(err)
	}
	prev := ""
	for _, e := range evs {
		if e.ID == id {
			e.Actor = "mallory"
		}
		if e.ID >= id {
			e.Prev = prev
			e.Hash = storerule.EventHash(prev, e)
			exec(t, "UPDATE audit_events SET actor = '"+e.Actor+"', prev = '"+e.Prev+"', hash = '"+e.Hash+"' WHERE id = "+strconv.FormatInt(e.ID, 10))
		}
		prev = e.Hash
	}
}

// TestAuditKeyFiles: keygen never overwrites a key, a key others can read
// is refused, and a checkpoint signed by another key than --pubkey fails.
func TestAuditKeyFiles(t *testing.T) {
	dir := t.TempDir()
	ws := filepath.Join(dir, "ws")
	reckonRun(t, "init", ws)
	key := filepath.Join(dir, "k")
	out := reckonRun(t, "audit", "keygen", "--out", key)
	if !strings.Contains(out, "BEGIN PUBLIC KEY") {
		t.Errorf("keygen printed no public key:\n%s", out)
	}
	if st, err := os.Stat(key); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("private key mode: %v, %v", st.Mode(), err)
	}
	if got := reckonFails(t, "audit", "keygen", "--out", key); !strings.Contains(got, "never overwritten") {
		t.Errorf("keygen over a key: %s", got)
	}
	other := filepath.Join(dir, "other")
	reckonRun(t, "audit", "keygen", "--out", other)
	cp := filepath.Join(dir, "cp")
	reckonRun(t, "-w", ws, "audit", "checkpoint", "--key", key, "--out", cp)
	if got := reckonFails(t, "-w", ws, "audit", "verify", "--checkpoint", cp, "--pubkey", other+".pub"); !strings.Contains(got, "not the server's checkpoint") {
		t.Errorf("checkpoint of another key: %s", got)
	}
	if got := reckonFails(t, "-w", ws, "audit", "verify", "--checkpoint", cp, "--pubkey", other); !strings.Contains(got, "is a private key") {
		t.Errorf("private key as --pubkey: %s", got)
	}
	os.Chmod(key, 0o644)
	if got := reckonFails(t, "-w", ws, "audit", "checkpoint", "--key", key); !strings.Contains(got, "chmod 600") {
		t.Errorf("key readable by others: %s", got)
	}
	if got := reckonFails(t, "-w", ws, "audit", "checkpoint"); !strings.Contains(got, "pass --key") {
		t.Errorf("no key: %s", got)
	}
	b, _ := os.ReadFile(cp)
	os.WriteFile(cp, bytes.Replace(b, []byte("time 20"), []byte("time 19"), 1), 0o644)
	if got := reckonFails(t, "-w", ws, "audit", "verify", "--checkpoint", cp); !strings.Contains(got, "signature does not match") {
		t.Errorf("an edited checkpoint: %s", got)
	}
}

// TestCheckpointDir: the server's scheduled checkpoints are written when
// the log grew, and refused, with nothing written, once the log no longer
// extends the newest one.
func TestCheckpointDir(t *testing.T) {
	ctx := context.Background()
	s, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "r.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	keyFile := filepath.Join(t.TempDir(), "k")
	reckonRun(t, "audit", "keygen", "--out", keyFile)
	key, err := loadSigningKey(keyFile)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	now := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	d := &checkpointDir{dir: dir, key: key, now: func() time.Time { now = now.Add(time.Hour); return now }}
	files := func() int { m, _ := filepath.Glob(filepath.Join(dir, checkpointGlob)); return len(m) }
	add := func(n string) {
		if err := s.CreateSource(ctx, &reckon.Source{Name: n, Kind: reckon.KindMedia}); err != nil {
			t.Fatal(err)
		}
	}
	for _, step := range []struct {
		change func()
		files  int
		events int64
	}{
		{func() {}, 1, 0}, // the empty log is anchored too
		{func() { add("A"); add("B"); add("C") }, 2, 3},
		{func() {}, 2, 3}, // nothing new: no new file
		{func() { add("D") }, 3, 4},
	} {
		step.change()
		c, err := d.write(ctx, s)
		if err != nil || c.Events != step.events || files() != step.files {
			t.Fatalf("after %d events: %+v, %v, %d files, want %d", step.events, c, err, files(), step.files)
		}
	}
	db := s.DB()
	db.Exec(`DROP TRIGGER audit_events_no_delete`)
	if _, err := db.Exec(`DELETE FROM audit_events WHERE id > 2`); err != nil {
		t.Fatal(err)
	}
	add("E")
	if _, err := d.write(ctx, s); err == nil || !strings.Contains(err.Error(), "fewer than the 4") {
		t.Fatalf("write after a truncation: %v", err)
	}
	if files() != 3 {
		t.Fatalf("%d files: a checkpoint of the cut log was written", files())
	}
}

// TestServeCheckpoints: reckon serve --checkpoint-dir writes a signed
// checkpoint at start, which verify then accepts.
func TestServeCheckpoints(t *testing.T) {
	dir := t.TempDir()
	ws, cps, key := filepath.Join(dir, "ws"), filepath.Join(dir, "cps"), filepath.Join(dir, "k")
	reckonRun(t, "init", ws)
	reckonRun(t, "-w", ws, "source", "add", "--name", "A", "--kind", "media")
	reckonRun(t, "audit", "keygen", "--out", key)
	os.Mkdir(cps, 0o755)
	// Flags that do not go together are bad usage: exit 2 (issue 15).
	var usageOut, usageErr bytes.Buffer
	if code := run(context.Background(), []string{"-w", ws, "serve", "--addr", "127.0.0.1:0", "--checkpoint-key", key}, bytes.NewReader(nil), &usageOut, &usageErr); code != exitUsage || !strings.Contains(usageErr.String(), "needs --checkpoint-dir") {
		t.Errorf("key without a folder: exit %d, %s; want 2", code, usageErr.String())
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int)
	var errb bytes.Buffer
	go func() {
		done <- run(ctx, []string{"-w", ws, "serve", "--addr", "127.0.0.1:0", "--checkpoint-dir", cps, "--checkpoint-key", key},
			bytes.NewReader(nil), io.Discard, &errb)
	}()
	var files []string
	for deadline := time.Now().Add(10 * time.Second); len(files) == 0 && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
		files, _ = filepath.Glob(filepath.Join(cps, checkpointGlob))
	}
	cancel()
	if code := <-done; code != 0 {
		t.Fatalf("serve: exit %d: %s", code, errb.String())
	}
	if len(files) != 1 {
		t.Fatalf("checkpoints written: %v", files)
	}
	if got := reckonRun(t, "-w", ws, "audit", "verify", "--checkpoint", files[0], "--pubkey", key+".pub"); !strings.Contains(got, "(1 events)") {
		t.Errorf("verify: %s", got)
	}
}
