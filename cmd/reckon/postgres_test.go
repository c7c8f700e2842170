package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/reckonhq/reckon/postgres/pgtest"
)

// reckonRun runs the command line in-process and returns its stdout.
func reckonRun(t *testing.T, args ...string) string {
	t.Helper()
	var out, errb bytes.Buffer
	if code := run(context.Background(), args, bytes.NewReader(nil), &out, &errb); code != 0 {
		t.Fatalf("reckon %v: exit %d: %s", args, code, errb.String())
	}
	return out.String()
}

// TestPostgres runs the same commands on a PostgreSQL database as on a
// workspace folder, and migrates between the two both ways.
func TestPostgres(t *testing.T) {
	url := pgtest.SchemaURL(t) // skips, with the reason, without a server
	dir := t.TempDir()
	ws := filepath.Join(dir, "ws")
	article := filepath.Join(dir, "a.txt")
	os.WriteFile(article, []byte("Officials said on Monday that at least 300 soldiers were killed and about 2,000 wounded.\n"), 0o644)
	reckonRun(t, "init", ws)
	reckonRun(t, "-w", ws, "source", "add", "--name", "Yonhap", "--kind", "media", "--grade", "B2")
	reckonRun(t, "-w", ws, "add", article, "--source", "Yonhap", "--published", "2025-09-02")
	reckonRun(t, "-w", ws, "--user", "ana", "claims", "confirm", "1")
	before := reckonRun(t, "-w", ws, "claims", "list", "--format", "csv")

	reckonRun(t, "migrate", ws, url)
	if got := reckonRun(t, "--db", url, "claims", "list", "--format", "csv"); got != before {
		t.Fatalf("claims on PostgreSQL after migrate:\n%s\nwant:\n%s", got, before)
	}
	// Work goes on there, then back to a folder.
	reckonRun(t, "--db", url, "--user", "ben", "claims", "reject", "2", "--why", "double count")
	after := reckonRun(t, "--db", url, "claims", "list", "--format", "csv")
	back := filepath.Join(dir, "back")
	reckonRun(t, "migrate", url, back)
	if got := reckonRun(t, "-w", back, "claims", "list", "--format", "csv"); got != after {
		t.Fatalf("claims after migrating back:\n%s\nwant:\n%s", got, after)
	}
}
