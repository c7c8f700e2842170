package server_test

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/reckonhq/reckon/server"
)

// TestCheckpointSchedule: the server runs Options.Checkpoint at start and
// on its schedule, logs its errors, and StopCheckpoints ends it and waits
// for a checkpoint being written (issue 11, item 12).
func TestCheckpointSchedule(t *testing.T) {
	var calls, running atomic.Int32
	var logs logBuffer
	s := server.New(openStore(t), server.Options{
		Logger:          slog.New(slog.NewTextHandler(&logs, nil)),
		CheckpointEvery: 5 * time.Millisecond,
		Checkpoint: func(ctx context.Context) error {
			running.Add(1)
			defer running.Add(-1)
			if calls.Add(1) == 2 {
				return errors.New("audit log has 3 events, fewer than the 5 of the checkpoint")
			}
			select { // a slow write that ends with the server
			case <-ctx.Done():
			case <-time.After(time.Millisecond):
			}
			return nil
		},
	})
	deadline := time.Now().Add(5 * time.Second)
	for calls.Load() < 3 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	s.StopCheckpoints()
	if running.Load() != 0 {
		t.Fatal("StopCheckpoints returned while a checkpoint was being written")
	}
	n := calls.Load()
	if n < 3 {
		t.Fatalf("%d checkpoints in 5 s at one per 5 ms", n)
	}
	time.Sleep(20 * time.Millisecond)
	if calls.Load() != n {
		t.Fatal("checkpoints went on after StopCheckpoints")
	}
	if !strings.Contains(logs.String(), "fewer than the 5") {
		t.Errorf("a failed checkpoint was not logged:\n%s", logs.String())
	}
	s.StopCheckpoints() // again: no effect

	server.New(openStore(t), server.Options{}).StopCheckpoints() // none scheduled
}
