package server

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/pipeline"
)

// Engine runs the stages that the server offers besides reading the
// store. Package pipeline implements it over a store; the server only
// calls it. With no Engine in [Options], person search, the explanations
// of links, reconciliation and relinking after a review are absent, and
// the pages say so.
type Engine interface {
	// Relink links the workspace's records again, respecting every
	// decision in force, and stores the new persons.
	Relink(ctx context.Context) (*reckon.LinkRun, error)
	// Reconcile puts the claims of measure m beside the documented
	// minimum and the estimates, and flags contradictions.
	Reconcile(ctx context.Context, m reckon.Measure) (*pipeline.ReconcileView, error)
	// Explain accounts, field by field, for the match weight of two
	// records (by ID) under the latest linkage model.
	Explain(ctx context.Context, a, b int64) (*pipeline.Explanation, error)
	// Search returns, ascending, the IDs greater than after of at most
	// limit persons (limit <= 0: all) whose names meet q in any script
	// or spelling.
	Search(ctx context.Context, q string, after int64, limit int) ([]int64, error)
	// Review returns the head, at most limit pairs, of the review queue
	// of the latest link run, ordered by the expected change of the
	// total, with the decisions made since applied in memory.
	Review(ctx context.Context, limit int) (*pipeline.ReviewQueue, error)
}

// errNoEngine answers a request for a feature that needs the engine.
func errNoEngine(what string) error {
	return reckon.Errorf(reckon.ENOTFOUND, "%s is not available: this server runs without the linkage engine (reckon serve provides it)", what)
}

// relinkTimeout bounds one relink in the background.
const relinkTimeout = 30 * time.Minute

// codeUnavailable answers what a server that is shutting down no longer
// starts.
const codeUnavailable = "unavailable"

func init() { statusOf[codeUnavailable] = http.StatusServiceUnavailable }

// errClosed answers a request for a relink after Close.
var errClosed = &reckon.Error{Code: codeUnavailable, Message: "the server is shutting down: run reckon link, or ask again when it is back"}

// Close stops the server's background work: the scheduled audit
// checkpoints (StopCheckpoints) and a relink in progress, whose store
// transaction is then rolled back; it waits until the relink has ended,
// or until ctx ends (returning ctx's error). Call it after
// the http.Server's Shutdown and before closing the store, so that the
// store is never closed under a relink. After Close, decisions are still
// kept but start no relink, and POST /api/v1/link answers 503. Close may
// be called more than once.
func (s *Server) Close(ctx context.Context) error {
	rl := &s.relink
	rl.mu.Lock()
	rl.closed = true
	rl.mu.Unlock()
	s.StopCheckpoints()
	s.stop()
	done := make(chan struct{})
	go func() {
		s.background.Wait()
		s.stage.Close()
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("close: waiting for the relink in progress: %w", ctx.Err())
	}
}

// relinker runs the engine's Relink in the background after decisions,
// one run at a time; a decision made while a run is going asks for one
// more run after it, so that the last decision is always applied.
type relinker struct {
	mu       sync.Mutex
	running  bool
	pending  bool
	done     chan struct{} // closed when the runs in progress end
	started  time.Time
	finished time.Time
	last     *reckon.LinkRun
	err      string
	dur      time.Duration
	// actor is who asked for the next run, for the audit log; "" is
	// the system, as for the relinks that decisions start.
	actor string
	// closed: the server is shutting down and starts no more runs.
	closed bool
	// job is the job of the run going on or last run; queued that of the
	// run asked for while one is going (0: none).
	job, queued int64
	// progress is the stage of the run going on; nil between runs.
	progress *pipeline.Progress
}

// RelinkStatus says what relinking is doing, for the review page and the
// API.
type RelinkStatus struct {
	Running    bool            `json:"running"`
	Since      *time.Time      `json:"since,omitempty"`       // when the running relink started
	FinishedAt *time.Time      `json:"finished_at,omitempty"` // when the last one ended
	Seconds    float64         `json:"seconds,omitempty"`     // how long the last one took
	Run        *reckon.LinkRun `json:"run,omitempty"`         // the run the last one stored
	Error      string          `json:"error,omitempty"`
	Available  bool            `json:"available"` // false without an engine: decisions apply at the next reckon link
	// Progress is the stage of the running relink, and Doing says it for
	// people; absent between runs.
	Progress *pipeline.Progress `json:"progress,omitempty"`
	Doing    string             `json:"doing,omitempty"`
}

func (s *Server) relinkStatus() RelinkStatus {
	rl := &s.relink
	rl.mu.Lock()
	defer rl.mu.Unlock()
	st := RelinkStatus{Running: rl.running, Run: rl.last, Error: rl.err, Available: s.engine != nil}
	if rl.running {
		t := rl.started
		st.Since = &t
		if rl.progress != nil {
			p := *rl.progress
			st.Progress, st.Doing = &p, p.String()
		}
	}
	if !rl.finished.IsZero() {
		t := rl.finished
		st.FinishedAt = &t
		st.Seconds = rl.dur.Seconds()
	}
	return st
}

// startRelink asks for a relink and returns a channel closed when the
// runs in progress (this one included) end; nil without an engine.
func (s *Server) startRelink() <-chan struct{} { return s.startRelinkBy("") }

// startRelinkBy is startRelink on behalf of actor, whom the audit log
// names as the maker of the run.
func (s *Server) startRelinkBy(actor string) <-chan struct{} {
	done, _ := s.startRelinkJob(actor)
	return done
}

// startRelinkJob is startRelinkBy that also returns the job of the run
// that will apply what actor asked: the run starting now, or the one
// queued after the run going on; 0 when no run starts.
func (s *Server) startRelinkJob(actor string) (<-chan struct{}, int64) {
	if s.engine == nil {
		return nil, 0
	}
	rl := &s.relink
	rl.mu.Lock()
	defer rl.mu.Unlock()
	if rl.closed {
		return nil, 0
	}
	rl.actor = actor
	if rl.running {
		rl.pending = true
		if rl.queued == 0 {
			rl.queued = s.jobs.add(JobLink, actor, JobQueued, s.now(), nil)
		} else {
			s.jobs.update(rl.queued, func(j *Job) { j.By = actor })
		}
		return rl.done, rl.queued
	}
	// The run starts now, as its status says from this answer on.
	rl.running, rl.done, rl.started = true, make(chan struct{}), s.now()
	rl.job = s.jobs.add(JobLink, actor, JobRunning, rl.started, nil)
	s.background.Add(1)
	go s.relinkLoop()
	return rl.done, rl.job
}

// relinkClosed reports whether the server has been closed.
func (s *Server) relinkClosed() bool {
	s.relink.mu.Lock()
	defer s.relink.mu.Unlock()
	return s.relink.closed
}

// relinkLoop runs relinks until none is pending, on the server's
// lifetime context, which Close cancels.
func (s *Server) relinkLoop() {
	defer s.background.Done()
	rl := &s.relink
	first := true
	for {
		rl.mu.Lock()
		if !first { // the first run's start was set when it was asked for
			rl.started = s.now()
			rl.job, rl.queued = rl.queued, 0
			s.jobs.start(rl.job, rl.started)
		}
		first, rl.pending = false, false
		ctx := s.life
		if rl.actor != "" {
			ctx = reckon.WithActor(ctx, rl.actor)
		}
		job := rl.job
		rl.progress = nil
		ctx = pipeline.WithProgress(ctx, func(p pipeline.Progress) {
			rl.mu.Lock()
			rl.progress = &p
			rl.mu.Unlock()
			s.jobs.progress(job, p)
		})
		rl.mu.Unlock()
		ctx, cancel := context.WithTimeout(ctx, relinkTimeout)
		start := time.Now()
		run, err := s.engine.Relink(ctx)
		cancel()
		s.invalidate()
		rl.mu.Lock()
		rl.finished, rl.dur, rl.progress = s.now(), time.Since(start), nil
		switch {
		case err != nil && s.life.Err() != nil: // Close stopped it
			rl.err = "relinking was stopped: the server shut down; decisions apply at the next reckon link"
			s.log.Info("relink stopped by shutdown", "err", err)
		case err != nil:
			rl.err = reckon.ErrorMessage(err)
			if reckon.ErrorCode(err) == reckon.EINTERNAL {
				rl.err = "relinking failed; the server log has the detail"
				s.log.Error("relink", "err", err)
			}
		default:
			rl.err, rl.last = "", run
		}
		s.jobs.end(rl.job, rl.finished, rl.err, func(j *Job) {
			if err == nil && run != nil {
				j.LinkRun = run.ID
			}
		})
		if rl.pending && !rl.closed {
			rl.mu.Unlock()
			continue
		}
		if rl.queued != 0 { // asked for, but the server shut down first
			s.jobs.end(rl.queued, rl.finished, "the server shut down before this run started; decisions apply at the next reckon link", nil)
			rl.queued = 0
		}
		rl.running = false
		close(rl.done)
		rl.mu.Unlock()
		return
	}
}

// waitRelink waits for done up to the server's relink wait, or until ctx
// ends; it reports whether the relink finished.
func (s *Server) waitRelink(ctx context.Context, done <-chan struct{}) bool {
	if done == nil {
		return false
	}
	t := time.NewTimer(s.relinkWait)
	defer t.Stop()
	select {
	case <-done:
		return true
	case <-t.C:
	case <-ctx.Done():
	}
	return false
}
