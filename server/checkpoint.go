package server

import (
	"context"
	"sync"
	"time"
)

// checkpoints runs Options.Checkpoint on a schedule, in a goroutine of
// its own that StopCheckpoints ends.
type checkpoints struct {
	stop func()
	done chan struct{}
	once sync.Once
}

// startCheckpoints starts the schedule when Options.Checkpoint is set:
// one checkpoint at once, then one every Options.CheckpointEvery.
func (s *Server) startCheckpoints() {
	if s.opt.Checkpoint == nil {
		return
	}
	every := s.opt.CheckpointEvery
	if every <= 0 {
		every = time.Hour
	}
	ctx, cancel := context.WithCancel(context.Background())
	c := &checkpoints{stop: cancel, done: make(chan struct{})}
	s.checkpoints = c
	go func() {
		defer close(c.done)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			if err := s.opt.Checkpoint(ctx); err != nil && ctx.Err() == nil {
				s.log.Error("audit checkpoint", "err", err)
			}
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()
}

// StopCheckpoints stops the scheduled audit checkpoints (see
// Options.Checkpoint) and waits for one being written. Call it before
// closing the store. It is safe to call more than once, and when no
// checkpoints are scheduled.
func (s *Server) StopCheckpoints() {
	c := s.checkpoints
	if c == nil {
		return
	}
	c.once.Do(c.stop)
	<-c.done
}
