package server

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/pipeline"
)

// Reports of corrections (issue 16). Anyone may report, from a person's
// page on the roll or by the API; a report enters an internal queue and
// changes nothing until an analyst resolves it: accepts it with a note
// (and makes the change through the ordinary means: a corrected list, a
// review decision), rejects it with a reason, or withholds the person
// (a family's request), which embargoes every record of the person with
// ProtectRecord and its audit events, so that the person's page, search
// results and citation answer as for an unknown person.
//
// Abuse resistance: cross-origin posts are refused (CSRF, see New); each
// client may send reportsPerClient reports per reportWindow and all
// clients together reportsInAll, so that a flood cannot bury the queue;
// bodies are capped at maxReportBody and each field by
// reckon.Correction.Validate; a form with the hidden field a person
// never fills (a bot's) is thanked and dropped.

// Limits of the reports.
const (
	reportsPerClient = 5
	reportsInAll     = 300
	reportWindow     = time.Hour
	noReportLimit    = 1 << 30
	maxReportBody    = 16 << 10
	// honeypot names the form's field that people never see.
	honeypot = "website"
)

// reportLimits counts reports per client and in all, and remembers the
// reports of the last window by a hash of the client and every field, so that
// one sent twice (a double click, a reload) is queued once.
type reportLimits struct {
	client limiter
	all    limiter
	seen   limiter
}

// newReportLimits returns the limits of Options.ReportsPerHour.
func newReportLimits(perClient int) reportLimits {
	switch {
	case perClient == 0:
		perClient = reportsPerClient
	case perClient < 0:
		perClient = noReportLimit
	}
	all := max(reportsInAll, min(60*perClient, noReportLimit))
	return reportLimits{client: limiter{max: perClient, every: reportWindow}, all: limiter{max: all, every: reportWindow},
		seen: limiter{max: 1, every: reportWindow}}
}

// errTooManyReports answers a client over its limit.
var errTooManyReports = &reckon.Error{Code: codeTooMany, Message: "too many reports from this address in the last hour: please try again later, or write to the keepers of this roll"}

// errSentAlready answers a report sent again.
var errSentAlready = reckon.Errorf(reckon.ECONFLICT, "you sent this report already: it is in the queue, and the keepers of the roll will read it")

// allowReport counts a report of r's client and says whether it may be
// taken: not sent already (c nil: not checked), and within the limits.
func (s *Server) allowReport(r *http.Request, c *reckon.Correction) error {
	now := s.now()
	if c != nil {
		sum := sha256.Sum256([]byte(strings.Join([]string{s.clientAddr(r), c.Record.List, c.Record.RecordID, string(c.Kind), c.Field, c.Text, c.Reporter, c.Contact}, "\x00")))
		if !s.reports.seen.take(hex.EncodeToString(sum[:]), now) {
			return errSentAlready
		}
	}
	if !s.reports.client.take(s.clientAddr(r), now) {
		return errTooManyReports
	}
	if !s.reports.all.take("all", now) {
		return &reckon.Error{Code: codeTooMany, Message: "the queue of reports is taking no more for now: please try again in an hour"}
	}
	return nil
}

// report takes a report on the person of key k, as the public sees it.
func (s *Server) report(r *http.Request, k reckon.RecordKey, f reportForm) (*reckon.Correction, error) {
	ctx, err := s.publicContext(r)
	if err != nil {
		return nil, err
	}
	p, err := s.rollPerson(ctx, k)
	if err != nil {
		return nil, err
	}
	// The text policy of every free-text field (no markup, no control
	// characters), before the store's own checks.
	for _, t := range []struct {
		name, v string
		max     int
		lines   bool
	}{{"text", f.Text, reckon.MaxCorrectionText, true}, {"reporter", f.Reporter, reckon.MaxCorrectionContact, false},
		{"contact", f.Contact, reckon.MaxCorrectionContact, false}} {
		if err := checkText(t.name, t.v, t.max, t.lines); err != nil {
			return nil, err
		}
	}
	kind, err := reckon.ParseCorrectionKind(f.Kind)
	if err != nil {
		return nil, err
	}
	c := &reckon.Correction{Record: k, PersonID: p.ID, Kind: kind, Field: f.Field, Text: strings.TrimSpace(f.Text),
		Reporter: strings.TrimSpace(f.Reporter), Contact: strings.TrimSpace(f.Contact)}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	if err := s.allowReport(r, c); err != nil {
		return nil, err
	}
	if err := s.store.AddCorrection(r.Context(), c); err != nil {
		return nil, err
	}
	s.log.Info("correction reported", "report", c.ID, "record", k.String(), "kind", c.Kind)
	return c, nil
}

// reportFormPost takes a report from the form of a person's page.
func (s *Server) reportFormPost(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxReportBody)
	if err := r.ParseForm(); err != nil {
		return formError(err)
	}
	k, err := pathKey(r)
	if err != nil {
		return err
	}
	pf := r.PostForm
	f := reportForm{Kind: pf.Get("kind"), Field: pf.Get("field"), Text: pf.Get("text"), Reporter: pf.Get("reporter"), Contact: pf.Get("contact")}
	back := rollKeyPath(k) + "?reported=1#report"
	if pf.Get(honeypot) != "" { // a bot: thanked, counted, dropped
		s.allowReport(r, nil)
		http.Redirect(w, r, back, http.StatusSeeOther)
		return nil
	}
	if _, err := s.report(r, k, f); err != nil {
		ctx, cerr := s.publicContext(r)
		if cerr != nil {
			return cerr
		}
		v, moved, verr := s.rollPersonView(ctx, r, k)
		if verr != nil || moved != "" {
			return err
		}
		v.Form = f
		return s.formFailed(w, r, err, "rollperson", page{Title: v.Title, Nav: "roll", Body: v}, func(m string) { v.Form.Error = m })
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}

// reportRequest is the body of POST /api/v1/roll/{list}/{record}/reports.
type reportRequest struct {
	Kind     string `json:"kind"`
	Field    string `json:"field"`
	Text     string `json:"text"`
	Reporter string `json:"reporter"`
	Contact  string `json:"contact"`
}

func (s *Server) apiReport(w http.ResponseWriter, r *http.Request) error {
	if _, err := query(r); err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxReportBody)
	var req reportRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	k, err := pathKey(r)
	if err != nil {
		return err
	}
	c, err := s.report(r, k, reportForm{Kind: req.Kind, Field: req.Field, Text: req.Text, Reporter: req.Reporter, Contact: req.Contact})
	if err != nil {
		return err
	}
	// Only what the reporter needs: the contact is not echoed.
	return s.writeJSON(w, r, http.StatusCreated, map[string]any{"id": c.ID, "status": c.Status, "record": c.Record})
}

// queueView is the analysts' queue of reports.
type queueView struct {
	Status     string
	Statuses   []reckon.CorrectionStatus
	Rows       []*reckon.Correction
	NextCursor string
	Limit      int
}

func (s *Server) corrections(ctx context.Context, status string, after int64, limit int) ([]*reckon.Correction, string, error) {
	f := reckon.CorrectionFilter{AfterID: after, Limit: limit + 1}
	if status != "" && status != "all" {
		st, err := reckon.ParseCorrectionStatus(status)
		if err != nil {
			return nil, "", err
		}
		f.Status = st
	}
	cs, err := s.store.Corrections(ctx, f)
	if err != nil {
		return nil, "", err
	}
	cs, next := nextPage(cs, limit, func(c *reckon.Correction) int64 { return c.ID })
	return cs, next, nil
}

func (s *Server) correctionsPage(w http.ResponseWriter, r *http.Request) error {
	q, err := pageQuery(r, "status", "cursor", "limit")
	if err != nil {
		return err
	}
	status := q.Get("status")
	if status == "" {
		status = string(reckon.CorrectionOpen)
	}
	after, err := cursorParam(q)
	if err != nil {
		return err
	}
	limit, err := limitParam(q, defaultLimit, maxLimit)
	if err != nil {
		return err
	}
	v := &queueView{Status: status, Limit: limit, Statuses: []reckon.CorrectionStatus{reckon.CorrectionOpen, reckon.CorrectionAccepted, reckon.CorrectionRejected, reckon.CorrectionWithheld}}
	if v.Rows, v.NextCursor, err = s.corrections(r.Context(), status, after, limit); err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	return s.render(w, r, "corrections", page{Title: "Reports of corrections", Nav: "corrections", Body: v})
}

func (s *Server) apiCorrections(w http.ResponseWriter, r *http.Request) error {
	q, err := query(r, "status", "cursor", "limit")
	if err != nil {
		return err
	}
	after, err := cursorParam(q)
	if err != nil {
		return err
	}
	limit, err := limitParam(q, defaultLimit, maxLimit)
	if err != nil {
		return err
	}
	cs, next, err := s.corrections(r.Context(), q.Get("status"), after, limit)
	if err != nil {
		return err
	}
	out := list[*reckon.Correction]{Data: cs, NextCursor: next}
	if out.Data == nil {
		out.Data = []*reckon.Correction{}
	}
	w.Header().Set("Cache-Control", "no-store")
	return s.writeJSON(w, r, http.StatusOK, out)
}

// resolveRequest is the body of POST /api/v1/corrections/{id}.
type resolveRequest struct {
	Action string `json:"action"` // accept, reject or withhold
	Note   string `json:"note"`
}

// resolve applies an analyst's decision on report id
// (pipeline.ResolveCorrection: withholding embargoes the person's
// records first).
func (s *Server) resolve(ctx context.Context, r *http.Request, id int64, req resolveRequest) (*reckon.Correction, error) {
	res := reckon.Resolution{By: s.user(r), Note: req.Note}
	switch req.Action {
	case "accept":
		res.Status = reckon.CorrectionAccepted
	case "reject":
		res.Status = reckon.CorrectionRejected
	case "withhold":
		res.Status = reckon.CorrectionWithheld
	default:
		return nil, reckon.Errorf(reckon.EINVALID, "action %s: want accept, reject or withhold", reckon.Quote(req.Action))
	}
	out, withheld, err := pipeline.ResolveCorrection(ctx, s.store, id, res)
	if err != nil {
		return nil, err
	}
	if len(withheld) > 0 {
		s.log.Info("person withheld from the roll", "records", len(withheld), "by", reckon.ActorFrom(ctx))
	}
	s.invalidate()
	return out, nil
}

func (s *Server) resolveForm(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return formError(err)
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if _, err := s.resolve(r.Context(), r, id, resolveRequest{Action: r.PostForm.Get("action"), Note: r.PostForm.Get("note")}); err != nil {
		return err
	}
	http.Redirect(w, r, "/corrections?status=open#report-"+strconv.FormatInt(id, 10), http.StatusSeeOther)
	return nil
}

func (s *Server) apiResolve(w http.ResponseWriter, r *http.Request) error {
	if _, err := query(r); err != nil {
		return err
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var req resolveRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	c, err := s.resolve(r.Context(), r, id, req)
	if err != nil {
		return err
	}
	return s.writeJSON(w, r, http.StatusOK, c)
}

// rollRoutes are the routes of the public roll and of its queue of
// reports.
func (s *Server) rollRoutes() []route {
	pub := func(method, path string, api bool, h func(http.ResponseWriter, *http.Request) error) route {
		// Not kept in the response cache: the citation names the day
		// and, without Options.PublicURL, the request's host.
		return route{method: method, path: path, api: api, write: method == http.MethodPost, h: h}
	}
	queue := func(rt route) route { rt.role, rt.personal = reckon.RoleAnalyst, true; return rt }
	return []route{
		pub("GET", "/roll", false, s.rollPage),
		pub("GET", "/roll/{list}/{record}", false, s.rollPersonPage),
		pub("POST", "/roll/{list}/{record}/report", false, s.reportFormPost),
		queue(pub("GET", "/corrections", false, s.correctionsPage)),
		queue(pub("POST", "/corrections/{id}", false, s.checkFields(s.resolveForm, freeText("note")))),
		pub("GET", "/api/v1/roll", true, s.apiRoll),
		pub("GET", "/api/v1/roll/{list}/{record}", true, s.apiRollPerson),
		pub("POST", "/api/v1/roll/{list}/{record}/reports", true, s.apiReport),
		queue(pub("GET", "/api/v1/corrections", true, s.apiCorrections)),
		queue(pub("POST", "/api/v1/corrections/{id}", true, s.checkFields(s.apiResolve, freeText("note")))),
	}
}
