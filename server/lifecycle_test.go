package server_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/linkage"
	"github.com/reckonhq/reckon/pipeline"
	"github.com/reckonhq/reckon/reconcile"
	"github.com/reckonhq/reckon/server"
)

// slowEngine relinks slowly: Relink saves into the store in a step that
// takes until its context ends (or long), as a SaveLinkage of a large
// workspace does. It notes whether the store was closed while it saved.
type slowEngine struct {
	started chan struct{} // receives when a relink enters its save
	mu      sync.Mutex
	saving  bool
	closed  bool // the store was closed
	under   bool // ... while a save was in progress
	ended   int  // relinks that returned
	err     error
}

func newSlowEngine() *slowEngine { return &slowEngine{started: make(chan struct{}, 8)} }

func (e *slowEngine) Relink(ctx context.Context) (*reckon.LinkRun, error) {
	e.mu.Lock()
	e.saving = true
	e.mu.Unlock()
	e.started <- struct{}{}
	select {
	case <-ctx.Done():
	case <-time.After(time.Minute):
	}
	time.Sleep(50 * time.Millisecond) // rolling back takes a moment
	e.mu.Lock()
	defer e.mu.Unlock()
	e.saving = false
	e.ended++
	e.err = ctx.Err()
	if e.err != nil {
		return nil, e.err
	}
	return &reckon.LinkRun{ID: 1}, nil
}

// closeStore is what reckon serve does after the server stops.
func (e *slowEngine) closeStore() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.closed = true
	e.under = e.under || e.saving
}

func (e *slowEngine) Reconcile(context.Context, reckon.Measure) (*reconcile.View, error) {
	return nil, errors.New("slowEngine does not reconcile")
}
func (e *slowEngine) Explain(context.Context, int64, int64) (*linkage.Explanation, error) {
	return nil, errors.New("slowEngine does not explain")
}
func (e *slowEngine) Search(context.Context, string, int64, int) ([]int64, error) {
	return nil, errors.New("slowEngine does not search")
}
func (e *slowEngine) Review(context.Context, int) (*pipeline.ReviewQueue, error) {
	return nil, errors.New("slowEngine has no review queue")
}

// TestCloseDuringRelink: Close cancels a relink in progress and returns
// only when it has ended, so that the store is never closed under it;
// after Close, no relink starts (issue 11, item 17).
func TestCloseDuringRelink(t *testing.T) {
	f := newFixture(t)
	eng := newSlowEngine()
	s, logs := newServer(t, f.st, server.Options{Engine: eng, RelinkWait: time.Millisecond})
	if res, body := do(t, s, "POST", "/api/v1/link", nil); res.StatusCode != http.StatusAccepted {
		t.Fatalf("POST /api/v1/link: %d %s", res.StatusCode, body)
	}
	select {
	case <-eng.started:
	case <-time.After(10 * time.Second):
		t.Fatal("the relink did not start")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	start := time.Now()
	if err := s.Close(ctx); err != nil {
		t.Fatalf("Close: %v", err)
	}
	eng.closeStore()
	eng.mu.Lock()
	under, ended, rerr := eng.under, eng.ended, eng.err
	eng.mu.Unlock()
	if under || ended != 1 {
		t.Errorf("Close returned with the relink still saving (%d ended)", ended)
	}
	if !errors.Is(rerr, context.Canceled) {
		t.Errorf("the relink ended with %v, want it cancelled", rerr)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("Close took %s: the relink was not cancelled", d)
	}
	if strings.Contains(logs.String(), "level=ERROR") {
		t.Errorf("a relink stopped by Close is logged as an error:\n%s", logs)
	}
	if _, body := do(t, s, "GET", "/api/v1/link", nil); !strings.Contains(body, "the server shut down") {
		t.Errorf("status after Close: %s", body)
	}
	// Closed: a new run is refused, a decision's relink does not start,
	// and Close again is harmless.
	if res, body := do(t, s, "POST", "/api/v1/link", nil); res.StatusCode != http.StatusServiceUnavailable || !strings.Contains(body, "shutting down") {
		t.Errorf("POST /api/v1/link after Close: %d %s", res.StatusCode, body)
	}
	select {
	case <-eng.started:
		t.Error("a relink started after Close")
	case <-time.After(100 * time.Millisecond):
	}
	if err := s.Close(ctx); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

// TestCloseTimeout: Close gives up when its context ends first.
func TestCloseTimeout(t *testing.T) {
	f := newFixture(t)
	eng := &stubbornEngine{slowEngine: newSlowEngine(), release: make(chan struct{})}
	defer close(eng.release)
	s, _ := newServer(t, f.st, server.Options{Engine: eng, RelinkWait: time.Millisecond})
	do(t, s, "POST", "/api/v1/link", nil)
	<-eng.started
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if err := s.Close(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Close with a relink that ignores cancelling: %v, want the deadline", err)
	}
}

// stubbornEngine relinks without heeding its context.
type stubbornEngine struct {
	*slowEngine
	release chan struct{}
}

func (e *stubbornEngine) Relink(ctx context.Context) (*reckon.LinkRun, error) {
	e.started <- struct{}{}
	<-e.release
	return nil, errors.New("released")
}

// TestLinkSince: the answer to POST /api/v1/link says when the run it
// started began, never the zero time (issue 11, item 16).
func TestLinkSince(t *testing.T) {
	f := newFixture(t)
	eng := newSlowEngine()
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	s, _ := newServer(t, f.st, server.Options{Engine: eng, Now: func() time.Time { return now }})
	defer s.Close(context.Background())
	res, body := do(t, s, "POST", "/api/v1/link", nil)
	if res.StatusCode != http.StatusAccepted {
		t.Fatalf("POST /api/v1/link: %d %s", res.StatusCode, body)
	}
	var st struct {
		Running bool       `json:"running"`
		Since   *time.Time `json:"since"`
	}
	if err := json.Unmarshal([]byte(body), &st); err != nil {
		t.Fatal(err)
	}
	if !st.Running || st.Since == nil || !st.Since.Equal(now) {
		t.Errorf("answer %s: want running since %s", body, now.Format(time.RFC3339))
	}
	<-eng.started
	if _, body := do(t, s, "GET", "/api/v1/link", nil); !strings.Contains(body, `"since":"2026-03-01T12:00:00Z"`) {
		t.Errorf("GET /api/v1/link: %s", body)
	}
}
