package main

import (
	"context"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/pipeline"
	"github.com/reckonhq/reckon/sqlite"
)

// slowSaveStore is a store whose SaveLinkage takes until its context
// ends (or a minute), then a moment more, as rolling back a large one
// does; it notes whether it was closed while a save was in progress.
type slowSaveStore struct {
	reckon.Store
	mu     sync.Mutex
	saving bool
	under  bool // closed while saving
	saved  chan struct{}
}

func (s *slowSaveStore) SaveLinkage(ctx context.Context, run *reckon.LinkRun, clusters [][]int64, matches []reckon.Match) error {
	s.mu.Lock()
	s.saving = true
	s.mu.Unlock()
	s.saved <- struct{}{}
	select {
	case <-ctx.Done():
	case <-time.After(time.Minute):
	}
	time.Sleep(100 * time.Millisecond)
	err := s.Store.SaveLinkage(ctx, run, clusters, matches)
	s.mu.Lock()
	s.saving = false
	s.mu.Unlock()
	return err
}

func (s *slowSaveStore) Close() error {
	s.mu.Lock()
	s.under = s.under || s.saving
	s.mu.Unlock()
	return s.Store.Close()
}

// TestServeStopsRelink: stopping reckon serve during a relink cancels it
// and waits for it before returning, so that the store, closed next, is
// never closed under SaveLinkage (issue 11, item 17).
func TestServeStopsRelink(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "reckon.db"))
	if err != nil {
		t.Fatal(err)
	}
	recs := []*reckon.Record{
		{RecordID: "1", List: "a", FamilyName: "Kim", GivenName: "Chol"},
		{RecordID: "2", List: "b", FamilyName: "Kim", GivenName: "Chol"},
		{RecordID: "3", List: "b", FamilyName: "Ri", GivenName: "Su"},
	}
	seq := func(yield func(*reckon.Record, error) bool) {
		for _, r := range recs {
			if !yield(r, nil) {
				return
			}
		}
	}
	if _, err := db.ImportRecords(ctx, &reckon.Import{List: "a", Hash: "h"}, seq); err != nil {
		t.Fatal(err)
	}
	store := &slowSaveStore{Store: db, saved: make(chan struct{}, 4)}
	out := &lockedBuffer{}
	e := &env{stdout: out, stderr: io.Discard, getenv: func(string) string { return "" }}
	done := make(chan error, 1)
	go func() {
		done <- serve(ctx, e, store, serveFlags{addr: "127.0.0.1:0"}, "test", pipeline.EngineOptions{})
	}()
	var url string
	for start := time.Now(); url == "" && time.Since(start) < 10*time.Second; time.Sleep(20 * time.Millisecond) {
		url = regexp.MustCompile(`http://127\.0\.0\.1:\d+/`).FindString(out.String())
	}
	if url == "" {
		t.Fatalf("no address in %q", out.String())
	}
	res, err := http.Post(url+"api/v1/link", "application/json", nil)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusAccepted {
		t.Fatalf("POST /api/v1/link: %d", res.StatusCode)
	}
	select {
	case <-store.saved:
	case <-time.After(20 * time.Second):
		t.Fatal("the relink never reached SaveLinkage")
	}
	cancel() // Ctrl-C
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve: %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not stop")
	}
	store.Close() // as reckon serve does when serve returns
	store.mu.Lock()
	defer store.mu.Unlock()
	if store.under {
		t.Error("the store was closed while SaveLinkage was in progress")
	}
}
