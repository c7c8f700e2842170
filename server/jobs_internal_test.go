package server

import (
	"testing"
	"time"
)

// TestJobsKept: the server remembers the last jobsKept ended jobs, and
// every running or queued one however old; a job is found by its ID
// after the oldest are dropped (issue 15).
func TestJobsKept(t *testing.T) {
	var j jobs
	now := time.Now()
	running := j.add(JobLink, "ana", JobRunning, now, nil)
	queued := j.add(JobLink, "ana", JobQueued, now, nil)
	var ended []int64
	for range jobsKept + 50 {
		id := j.add(JobEstimate, "bo", JobRunning, now, nil)
		j.end(id, now.Add(time.Second), "", nil)
		ended = append(ended, id)
	}
	if len(j.list) > jobsKept+2 {
		t.Errorf("%d jobs kept, want at most %d", len(j.list), jobsKept+2)
	}
	for _, id := range []int64{running, queued, ended[len(ended)-1], ended[len(ended)-jobsKept+5]} {
		if _, ok := j.get(id, now); !ok {
			t.Errorf("job %d was dropped", id)
		}
	}
	if _, ok := j.get(ended[0], now); ok {
		t.Errorf("the oldest ended job is still kept")
	}
	j.start(queued, now.Add(time.Minute))
	j.end(queued, now.Add(2*time.Minute), "stopped", nil)
	got, _ := j.get(queued, now)
	if got.State != JobFailed || got.Error != "stopped" || got.Seconds != 60 || got.Progress != nil {
		t.Errorf("the queued job after it ran and failed: %+v", got)
	}
	all := j.all(now)
	if len(all) != len(j.list) || all[0].ID < all[len(all)-1].ID {
		t.Errorf("all: %d jobs, the latest first: %d … %d", len(all), all[0].ID, all[len(all)-1].ID)
	}
}
