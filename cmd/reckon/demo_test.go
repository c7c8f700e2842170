package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"
)

// Issue 15: Ctrl-C on the demo leaves no reckon-demo-* folder behind.
func TestDemoRemovesItsTemporaryWorkspace(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a demo workspace")
	}
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out := &lockedBuffer{}
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"demo", "--n", "300", "--addr", "127.0.0.1:0"}, nil, out, io.Discard)
	}()
	for start := time.Now(); !regexp.MustCompile(`http://127\.0\.0\.1:\d+/`).MatchString(out.String()); time.Sleep(50 * time.Millisecond) {
		if time.Since(start) > 60*time.Second {
			t.Fatalf("the demo did not start serving: %q", out.String())
		}
	}
	if m, _ := filepath.Glob(filepath.Join(tmp, "reckon-demo-*")); len(m) != 1 {
		t.Fatalf("temporary workspaces while serving: %v", m)
	}
	cancel() // Ctrl-C
	select {
	case code := <-done:
		if code != exitOK {
			t.Errorf("demo exited %d: %s", code, out.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the demo did not stop")
	}
	if m, _ := filepath.Glob(filepath.Join(tmp, "reckon-demo-*")); len(m) != 0 {
		t.Errorf("left behind: %v", m)
	}
	if _, err := os.Stat(tmp); err != nil {
		t.Fatal(err)
	}
}
