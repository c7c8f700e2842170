package server

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/pipeline"
)

// Link runs and estimates take minutes: a page starts them in the
// background and answers at once with a progress page, which reloads
// itself until the work is done and then shows its result. Link runs go
// through the relinker that review decisions and POST /api/v1/link use;
// estimates through estimating, one run at a time.

// progressRefresh is how often a progress page reloads, in seconds.
const progressRefresh = 2

// linkRunView is the link page.
type linkRunView struct {
	Status RelinkStatus
	// Elapsed is how long the running link has taken so far.
	Elapsed time.Duration
	Runs    []*reckon.LinkRun // the latest first, at most linkRunsShown
	// Warnings and Conflicts are those of the latest link run.
	Warnings, Conflicts []string
	Started             bool // this page was asked for by starting a run
}

// linkRunsShown caps the link runs the link page lists.
const linkRunsShown = 10

func (s *Server) linkPage(w http.ResponseWriter, r *http.Request) error {
	q, err := pageQuery(r, "started")
	if err != nil {
		return err
	}
	v := &linkRunView{Status: s.publicStatus(r.Context()), Started: q.Get("started") != ""}
	if v.Status.Since != nil {
		v.Elapsed = s.now().Sub(*v.Status.Since).Round(time.Second)
	}
	runs, err := s.store.LinkRuns(r.Context())
	if err != nil {
		return err
	}
	slices.Reverse(runs)
	if len(runs) > linkRunsShown {
		runs = runs[:linkRunsShown]
	}
	v.Runs = runs
	if v.Warnings, v.Conflicts, err = s.linkWarnings(r.Context(), true); err != nil {
		return err
	}
	p := page{Title: "Link records", Nav: "lists", Body: v}
	if v.Status.Running {
		p.Refresh = progressRefresh
	}
	w.Header().Set("Cache-Control", "no-store")
	return s.render(w, r, "link", p)
}

// linkForm starts a link run, as POST /api/v1/link does, and shows its
// progress.
func (s *Server) linkForm(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return formError(err)
	}
	for k := range r.PostForm { // as POST /api/v1/link, which takes no fields
		return reckon.Errorf(reckon.EINVALID, "unknown form field %s: the link form takes none", reckon.Quote(k))
	}
	if s.engine == nil {
		return errNoEngine("linking")
	}
	if s.startRelinkBy(s.user(r)) == nil && s.relinkClosed() {
		return errClosed
	}
	s.log.Info("link run started", "by", s.user(r))
	http.Redirect(w, r, "/link?started=1", http.StatusSeeOther)
	return nil
}

// Estimator is what an [Engine] implements to estimate from a page
// (pipeline.Engine does): [pipeline.Estimate] on the engine's store,
// relinking for the linkage draws as the engine links.
type Estimator interface {
	Estimate(ctx context.Context, opt pipeline.EstimateOptions) ([]*reckon.Estimate, error)
}

// estimateTimeout bounds one estimate run in the background.
const estimateTimeout = time.Hour

// estimating is the estimate run of the server: at most one at a time.
type estimating struct {
	mu       sync.Mutex
	running  bool
	job      int64 // the run's job
	by       string
	what     estimateRequest
	started  time.Time
	finished time.Time
	ids      []int64 // of the estimates the last run stored
	err      string
	// progress is the stage of the run going on; nil between runs.
	progress *pipeline.Progress
}

// estimateRequest is what an estimate run was asked to do.
type estimateRequest struct {
	Measure    reckon.Measure
	Methods    []string
	Strata     string
	Population string
	Draws      int
	Seed       uint64
}

// estimateMethods are the methods the form offers, besides the
// documented minimum, which every run computes; the first four are run
// when none is chosen.
var estimateMethods = []struct{ Name, Label string }{
	{string(reckon.MethodLogLinear), "log-linear (best model by AIC)"},
	{string(reckon.MethodStepwise), "stepwise log-linear (with bootstrap)"},
	{string(reckon.MethodLCMCR), "LCMCR (Bayesian latent classes; minutes)"},
	{string(reckon.MethodDGA), "dga (Bayesian model averaging)"},
	{string(reckon.MethodClosedp), "closedp (Rcapture's models)"},
	{string(reckon.MethodChao), "Chao's lower bound"},
}

// estimateStrata are the person attributes the form offers to stratify
// by; any attribute column of the lists may be typed instead.
var estimateStrata = []string{"unit", "rank", "death_place", "home_town", "sex", "birth_year", "death_year", "death_month"}

// estimateRunView is the page that runs estimates.
type estimateRunView struct {
	Form     estimateRequest
	Measures []reckon.Measure
	Methods  []struct{ Name, Label string }
	Strata   []string
	Error    string
	Running  bool
	By       string
	Started  time.Time
	Elapsed  time.Duration
	// Doing is the stage of the run going on, for people ("stratum 2 of
	// 7 (unit=3): method 1 of 2: loglinear"); "" before its first report.
	Doing    string
	Finished time.Time
	Done     []*reckon.Estimate // what the last run stored
	Failed   string             // why the last run failed
	Engine   bool               // estimates can run here
}

// Chosen says whether method m is ticked.
func (v *estimateRunView) Chosen(m string) bool { return slices.Contains(v.Form.Methods, m) }

func (s *Server) estimateRunView(r *http.Request, v *estimateRunView) error {
	v.Measures, v.Methods, v.Strata = reckon.Measures, estimateMethods, estimateStrata
	_, v.Engine = s.engine.(Estimator)
	e := &s.estimating
	e.mu.Lock()
	v.Running, v.By, v.Started, v.Finished, v.Failed = e.running, e.by, e.started, e.finished, e.err
	ids := slices.Clone(e.ids)
	if v.Running {
		v.Form = e.what
		v.Elapsed = s.now().Sub(e.started).Round(time.Second)
		if e.progress != nil {
			v.Doing = e.progress.String()
		}
	}
	e.mu.Unlock()
	for _, id := range ids {
		est, err := s.store.Estimate(r.Context(), id)
		if reckon.ErrorCode(err) == reckon.ENOTFOUND {
			continue
		}
		if err != nil {
			return err
		}
		v.Done = append(v.Done, est)
	}
	return nil
}

func (s *Server) estimateRunPage(w http.ResponseWriter, r *http.Request) error {
	if _, err := pageQuery(r); err != nil {
		return err
	}
	v := &estimateRunView{Form: estimateRequest{Measure: reckon.Killed, Methods: []string{string(reckon.MethodLogLinear), string(reckon.MethodStepwise), string(reckon.MethodLCMCR), string(reckon.MethodDGA)}, Draws: pipeline.DefaultLinkageDraws, Seed: 1}}
	if err := s.estimateRunView(r, v); err != nil {
		return err
	}
	p := page{Title: "Run estimates", Nav: "estimates", Body: v}
	if v.Running {
		p.Refresh = progressRefresh
	}
	w.Header().Set("Cache-Control", "no-store")
	return s.render(w, r, "estimaterun", p)
}

// estimateRunForm checks the form and starts the run in the background.
func (s *Server) estimateRunForm(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return formError(err)
	}
	f := r.PostForm
	v := &estimateRunView{Form: estimateRequest{Methods: f["method"], Strata: strings.TrimSpace(f.Get("strata")), Population: strings.TrimSpace(f.Get("population"))}}
	err := v.Form.read(f.Get("measure"), f.Get("draws"), f.Get("seed"))
	if err == nil {
		_, err = s.startEstimate(s.user(r), v.Form)
	}
	if err != nil {
		if verr := s.estimateRunView(r, v); verr != nil {
			return verr
		}
		v.Running = false // the form as sent, not the run going on
		return s.formFailed(w, r, err, "estimaterun", page{Title: "Run estimates", Nav: "estimates", Body: v}, func(m string) { v.Error = m })
	}
	http.Redirect(w, r, "/estimates/run", http.StatusSeeOther)
	return nil
}

// read checks the fields of an estimate request and reads its numbers.
func (q *estimateRequest) read(measure, draws, seed string) error {
	var err error
	if q.Measure, err = reckon.ParseMeasure(measure); err != nil {
		return err
	}
	for _, m := range q.Methods {
		if !slices.ContainsFunc(estimateMethods, func(x struct{ Name, Label string }) bool { return x.Name == m }) {
			return reckon.Errorf(reckon.EINVALID, "unknown method %s", reckon.Quote(m))
		}
	}
	if q.Strata != "" {
		if err := checkName("strata", q.Strata, maxNameBytes); err != nil {
			return err
		}
	}
	if err := checkText("population", q.Population, maxNameBytes, false); err != nil {
		return err
	}
	if q.Draws, err = strconv.Atoi(strings.TrimSpace(draws)); err != nil || q.Draws < 0 || q.Draws > 1000 {
		return reckon.Errorf(reckon.EINVALID, "linkage draws %s: want a whole number from 0 (none) to 1000", reckon.Quote(draws))
	}
	if q.Seed, err = strconv.ParseUint(strings.TrimSpace(seed), 10, 64); err != nil || q.Seed == 0 {
		return reckon.Errorf(reckon.EINVALID, "seed %s: want a whole number from 1", reckon.Quote(seed))
	}
	return nil
}

// options are the pipeline's options for q.
func (q estimateRequest) options() pipeline.EstimateOptions {
	opt := pipeline.EstimateOptions{Measure: q.Measure, Population: q.Population, Strata: q.Strata, Seed: q.Seed, LinkageDraws: q.Draws}
	for _, m := range q.Methods { // checked by read
		opt.Methods = append(opt.Methods, reckon.Method(m))
	}
	if q.Draws == 0 {
		opt.LinkageDraws = -1 // none
	}
	return opt
}

// startEstimate starts an estimate run on behalf of by, on the server's
// lifetime (Close stops it and waits for it), and returns its job.
func (s *Server) startEstimate(by string, q estimateRequest) (int64, error) {
	est, ok := s.engine.(Estimator)
	if !ok {
		return 0, errNoEngine("estimating")
	}
	e := &s.estimating
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.running {
		return 0, reckon.Errorf(reckon.ECONFLICT, "an estimate run, started by %s, is going on (job %d): wait for it to end", e.by, e.job)
	}
	// Close marks the server closed under the relinker's lock before it
	// waits for the background work: counting the run under that lock
	// lets no run start after Close has begun to wait.
	rl := &s.relink
	rl.mu.Lock()
	if rl.closed {
		rl.mu.Unlock()
		return 0, errClosed
	}
	s.background.Add(1)
	rl.mu.Unlock()
	e.running, e.by, e.what, e.started, e.ids, e.err, e.progress = true, by, q, s.now(), nil, "", nil
	job := s.jobs.add(JobEstimate, by, JobRunning, e.started, q.run())
	e.job = job
	go func() {
		defer s.background.Done()
		ctx, cancel := context.WithTimeout(reckon.WithActor(reckon.WithPersonalData(s.life), by), estimateTimeout)
		defer cancel()
		ctx = pipeline.WithProgress(ctx, func(p pipeline.Progress) {
			e.mu.Lock()
			e.progress = &p
			e.mu.Unlock()
			s.jobs.progress(job, p)
		})
		es, err := est.Estimate(ctx, q.options())
		s.invalidate()
		e.mu.Lock()
		defer e.mu.Unlock()
		e.running, e.finished, e.progress = false, s.now(), nil
		switch {
		case err != nil && s.life.Err() != nil:
			e.err = "the estimate run was stopped: the server shut down"
		case err != nil:
			e.err = reckon.ErrorMessage(err)
			if reckon.ErrorCode(err) == reckon.EINTERNAL {
				e.err = "estimating failed; the server log has the detail"
				s.log.Error("estimate", "err", err)
			}
		}
		for _, x := range es {
			e.ids = append(e.ids, x.ID)
		}
		s.jobs.end(job, e.finished, e.err, func(j *Job) { j.Estimates = slices.Clone(e.ids) })
		s.log.Info("estimate run ended", "job", job, "by", by, "estimates", len(es), "err", e.err)
	}()
	return job, nil
}
