package server

import (
	"net/http"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/pipeline"
)

// Link runs and estimate runs take minutes. POST /api/v1/link and POST
// /api/v1/estimates/run answer at once, 202 with the run as a Job and
// its address in Location; GET /api/v1/jobs/{id} says how it is going
// and, when it has ended, what it stored or why it failed.

// Job is a run in the background as the API shows it. A job names what
// it stored by ID only (the link run, the estimates): what they show is
// read through their own routes, with their own rules.
type Job struct {
	ID    int64    `json:"id"`
	Kind  JobKind  `json:"kind"`
	State JobState `json:"state"`
	// By is who asked for the run; "" for a relink that review decisions
	// started.
	By       string     `json:"by"`
	Asked    time.Time  `json:"asked"`             // when it was asked for
	Started  *time.Time `json:"started,omitempty"` // nil while queued
	Finished *time.Time `json:"finished,omitempty"`
	// Seconds is how long it has run, or ran.
	Seconds float64 `json:"seconds"`
	// Progress is the stage a running job is in, and Doing says it for
	// people ("block pairs 3/7", "method 2 of 5: lcmcr"); absent once
	// the job has ended.
	Progress *pipeline.Progress `json:"progress,omitempty"`
	Doing    string             `json:"doing,omitempty"`
	// Estimate is what an estimate run was asked to do.
	Estimate *EstimateRun `json:"estimate,omitempty"`
	// LinkRun is the link run a link job stored; Estimates the estimates
	// an estimate job stored.
	LinkRun   int64   `json:"link_run,omitempty"`
	Estimates []int64 `json:"estimates,omitempty"`
	Error     string  `json:"error,omitempty"`
}

// JobKind is what a job runs.
type JobKind string

// The kinds of job.
const (
	JobLink     JobKind = "link"
	JobEstimate JobKind = "estimate"
)

// JobState is where a job is.
type JobState string

// The states of a job: queued (a link run asked for while one is going
// follows it), running, and how it ended.
const (
	JobQueued  JobState = "queued"
	JobRunning JobState = "running"
	JobDone    JobState = "done"
	JobFailed  JobState = "failed"
)

// EstimateRun is the body of POST /api/v1/estimates/run, and what an
// estimate job was asked to do.
type EstimateRun struct {
	Measure    reckon.Measure `json:"measure"`
	Methods    []string       `json:"methods"`
	Strata     string         `json:"strata,omitempty"`
	Population string         `json:"population,omitempty"`
	// Draws is the number of linkage draws; nil means
	// pipeline.DefaultLinkageDraws, 0 none.
	Draws *int    `json:"draws,omitempty"`
	Seed  *uint64 `json:"seed,omitempty"` // nil means 1
}

// jobsKept caps the ended jobs the server remembers; the oldest go
// first. Jobs live in memory: a restart forgets them, not what they
// stored.
const jobsKept = 100

// jobs are the server's jobs, the latest last.
type jobs struct {
	mu   sync.Mutex
	last int64
	list []*Job
}

// add registers a job of kind asked for by by at t, in state st, and
// returns its ID.
func (j *jobs) add(kind JobKind, by string, st JobState, t time.Time, est *EstimateRun) int64 {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.last++
	job := &Job{ID: j.last, Kind: kind, State: st, By: by, Asked: t, Estimate: est}
	if st == JobRunning {
		job.Started = &t
	}
	j.list = append(j.list, job)
	if n := len(j.list) - jobsKept; n > 0 {
		// Drop the oldest ended jobs; running and queued ones stay.
		kept := j.list[:0]
		for _, x := range j.list {
			if n > 0 && (x.State == JobDone || x.State == JobFailed) {
				n--
				continue
			}
			kept = append(kept, x)
		}
		clear(j.list[len(kept):])
		j.list = kept
	}
	return job.ID
}

// update changes job id under the lock; a job no longer kept is left.
func (j *jobs) update(id int64, f func(*Job)) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if i := j.find(id); i >= 0 {
		f(j.list[i])
	}
}

// start marks job id running from t.
func (j *jobs) start(id int64, t time.Time) {
	j.update(id, func(x *Job) { x.State, x.Started = JobRunning, &t })
}

// progress sets the stage job id is in.
func (j *jobs) progress(id int64, p pipeline.Progress) {
	j.update(id, func(x *Job) { x.Progress, x.Doing = &p, p.String() })
}

// end marks job id ended at t: failed with msg, or done when msg is "".
func (j *jobs) end(id int64, t time.Time, msg string, f func(*Job)) {
	j.update(id, func(x *Job) {
		x.State, x.Finished, x.Error = JobDone, &t, msg
		x.Progress, x.Doing = nil, ""
		if msg != "" {
			x.State = JobFailed
		}
		if x.Started != nil {
			x.Seconds = t.Sub(*x.Started).Seconds()
		}
		if f != nil {
			f(x)
		}
	})
}

func (j *jobs) find(id int64) int {
	i, ok := slices.BinarySearchFunc(j.list, id, func(x *Job, id int64) int {
		switch {
		case x.ID < id:
			return -1
		case x.ID > id:
			return 1
		}
		return 0
	})
	if !ok {
		return -1
	}
	return i
}

// get returns a copy of job id as at now.
func (j *jobs) get(id int64, now time.Time) (*Job, bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	i := j.find(id)
	if i < 0 {
		return nil, false
	}
	return j.snapshot(j.list[i], now), true
}

// all returns copies of the jobs kept, the latest first.
func (j *jobs) all(now time.Time) []*Job {
	j.mu.Lock()
	defer j.mu.Unlock()
	out := make([]*Job, 0, len(j.list))
	for i := len(j.list) - 1; i >= 0; i-- {
		out = append(out, j.snapshot(j.list[i], now))
	}
	return out
}

func (j *jobs) snapshot(x *Job, now time.Time) *Job {
	c := *x
	c.Estimates = slices.Clone(x.Estimates)
	if x.Progress != nil {
		p := *x.Progress
		c.Progress = &p
	}
	if c.State == JobRunning && c.Started != nil {
		c.Seconds = now.Sub(*c.Started).Seconds()
	}
	return &c
}

func (s *Server) apiJob(w http.ResponseWriter, r *http.Request) error {
	if _, err := query(r); err != nil {
		return err
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	job, ok := s.jobs.get(id, s.now())
	if !ok {
		return reckon.Errorf(reckon.ENOTFOUND, "job %d not found: jobs are kept in memory, the last %d, until the server restarts", id, jobsKept)
	}
	w.Header().Set("Cache-Control", "no-store")
	return s.writeJSON(w, r, http.StatusOK, job)
}

func (s *Server) apiJobs(w http.ResponseWriter, r *http.Request) error {
	if _, err := query(r); err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	return s.writeJSON(w, r, http.StatusOK, map[string][]*Job{"jobs": s.jobs.all(s.now())})
}

// accepted answers 202 with job id, its address in Location.
func (s *Server) accepted(w http.ResponseWriter, r *http.Request, id int64) error {
	job, ok := s.jobs.get(id, s.now())
	if !ok {
		return reckon.Errorf(reckon.EINTERNAL, "job %d was dropped as it started", id)
	}
	w.Header().Set("Location", "/api/v1/jobs/"+strconv.FormatInt(id, 10))
	return s.writeJSON(w, r, http.StatusAccepted, job)
}

// apiEstimateRun starts an estimate run, as the page does.
func (s *Server) apiEstimateRun(w http.ResponseWriter, r *http.Request) error {
	if _, err := query(r); err != nil {
		return err
	}
	var req EstimateRun
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	draws, seed := strconv.Itoa(pipeline.DefaultLinkageDraws), "1"
	if req.Draws != nil {
		draws = strconv.Itoa(*req.Draws)
	}
	if req.Seed != nil {
		seed = strconv.FormatUint(*req.Seed, 10)
	}
	q := estimateRequest{Methods: req.Methods, Strata: req.Strata, Population: req.Population}
	if err := q.read(string(req.Measure), draws, seed); err != nil {
		return err
	}
	id, err := s.startEstimate(s.user(r), q)
	if err != nil {
		return err
	}
	s.log.Info("estimate run started", "job", id, "by", s.user(r))
	return s.accepted(w, r, id)
}

// run is q as a job shows it, with its defaults filled in.
func (q estimateRequest) run() *EstimateRun {
	draws, seed := q.Draws, q.Seed
	return &EstimateRun{Measure: q.Measure, Methods: slices.Clone(q.Methods), Strata: q.Strata, Population: q.Population, Draws: &draws, Seed: &seed}
}
