package server

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base32"
	"encoding/hex"
	"errors"
	"html/template"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/pipeline"
)

// Tracing requests on the web. Anyone may submit a request through the
// public form (or POST /api/v1/trace): the form is protected against
// cross-site posts like every form (see New), each client may submit a
// few requests an hour, a field that people do not see but robots fill
// in (a honeypot) turns a submission into nothing, and bodies are
// capped. Everything else, the queue of candidates with their
// explanations, the requests with the requesters' contacts, decisions,
// closing and withdrawal, is for tracers and admins (role tracer): the
// store is read with reckon.WithTraceContacts only for them.

// tracePageNames are the templates of the tracing pages.
var tracePageNames = []string{"tracenew", "tracedone", "traces", "trace", "tracewithdraw"}

// traceSubmitMax caps the body of a submitted request: far more than the
// fields' limits allow, far less than a document.
const traceSubmitMax = 64 << 10

// traceHoneypot is the form field people do not see.
const traceHoneypot = "website"

// traceState is the server's tracing state: the limit of submissions
// per client.
type traceState struct {
	submits limiter
}

func newTraceState(max int) traceState {
	switch {
	case max == 0:
		max = 5
	case max < 0:
		max = math.MaxInt
	}
	return traceState{submits: limiter{max: max, every: time.Hour}}
}

// tracer is what the engine offers for tracing: package pipeline's
// Engine implements it.
type tracer interface {
	TraceMatch(ctx context.Context, id int64, opt pipeline.TraceOptions) ([]*reckon.TraceCandidate, error)
	TraceModel(ctx context.Context) (*pipeline.LinkModel, *pipeline.TraceIndex, error)
}

// seesTrace says whether r may read tracing requests with their
// contacts: a tracer or an admin; without sign-in, anyone unless the
// server is read-only.
func (s *Server) seesTrace(r *http.Request) bool {
	if !s.opt.Auth {
		return !s.opt.ReadOnly
	}
	u := authUser(r)
	return u != nil && (u.Role == reckon.RoleTracer || u.Role == reckon.RoleAdmin)
}

// traceRoutes are the routes of tracing requests, in the form of
// routeTable's. None is cached: they hold contacts, or take writes.
func (s *Server) traceRoutes() []route {
	page := func(method, path string, need reckon.Role, h func(http.ResponseWriter, *http.Request) error) route {
		return route{method: method, path: path, role: need, h: h, write: method == http.MethodPost}
	}
	api := func(method, path string, need reckon.Role, h func(http.ResponseWriter, *http.Request) error) route {
		return route{method: method, path: path, role: need, h: h, api: true, write: method == http.MethodPost}
	}
	const t = reckon.RoleTracer
	return []route{
		page("GET", "/trace/new", "", s.traceNewPage),
		page("POST", "/trace", "", s.traceSubmitForm),
		page("GET", "/trace/withdraw", "", s.traceWithdrawPage),
		page("POST", "/trace/withdraw", "", s.traceSelfWithdrawForm),
		page("GET", "/trace", t, s.traceQueuePage),
		page("GET", "/trace/{id}", t, s.tracePage),
		page("POST", "/trace/{id}/decide", t, s.traceDecideForm),
		page("POST", "/trace/{id}/status", t, s.traceStatusForm),
		page("POST", "/trace/{id}/withdraw", t, s.traceWithdrawForm),
		page("POST", "/trace/{id}/match", t, s.traceMatchForm),
		api("POST", "/api/v1/trace", "", s.apiTraceSubmit),
		api("POST", "/api/v1/trace/withdraw", "", s.apiTraceSelfWithdraw),
		api("GET", "/api/v1/trace", t, s.apiTraces),
		api("GET", "/api/v1/trace/{id}", t, s.apiTrace),
		api("POST", "/api/v1/trace/{id}/decide", t, s.apiTraceDecide),
		api("POST", "/api/v1/trace/{id}/status", t, s.apiTraceStatus),
		api("POST", "/api/v1/trace/{id}/withdraw", t, s.apiTraceWithdraw),
		api("POST", "/api/v1/trace/{id}/match", t, s.apiTraceMatch),
		api("GET", "/api/v1/outbox", t, s.apiOutbox),
	}
}

// traceRequest is a submitted request: the API's body, the form's
// fields.
type traceRequest struct {
	Sought  reckon.Sought  `json:"sought"`
	Contact reckon.Contact `json:"contact"`
	Consent bool           `json:"consent"`
}

// checkTraceText applies the server's text policy (no markup, no
// control characters) to every text of a submitted request.
func checkTraceText(t *reckon.TraceRequest) error {
	so, c := &t.Sought, &t.Contact
	fields := map[string]string{"family name": so.FamilyName, "given name": so.GivenName, "sex": so.Sex,
		"home town": so.HomeTown, "unit": so.Unit, "rank": so.Rank, "last contact": so.LastContact,
		"contact name": c.Name, "relation": c.Relation, "email": c.Email, "phone": c.Phone, "address": c.Address,
		"language": c.Language, "birth date": so.BirthDate.Raw}
	for f, v := range fields {
		if err := checkText(f, v, reckon.TraceMaxField, false); err != nil {
			return err
		}
	}
	if err := checkText("note", so.Note, reckon.TraceMaxNote, true); err != nil {
		return err
	}
	for _, l := range [][]string{so.Names, so.Photos} {
		for _, v := range l {
			if err := checkText("name or photo reference", v, reckon.TraceMaxField, false); err != nil {
				return err
			}
		}
	}
	return nil
}

// submitTrace stores a request from the public and matches it in the
// background, and returns the code with which the requester may
// withdraw it. Every try counts against the client's limit.
func (s *Server) submitTrace(r *http.Request, t *reckon.TraceRequest) (withdrawCode string, err error) {
	if !s.traces.submits.take(s.clientAddr(r), s.now()) {
		return "", &reckon.Error{Code: codeTooMany, Message: "too many requests from here: try again in an hour, or write to the tracing service"}
	}
	if err := checkTraceText(t); err != nil {
		return "", err
	}
	code, hash, err := newWithdrawCode()
	if err != nil {
		return "", err
	}
	t.WithdrawHash = hash
	if err := s.store.CreateTraceRequest(r.Context(), t); err != nil {
		return "", err
	}
	s.log.Info("trace request submitted", "request", t.ID)
	s.matchLater(t.ID)
	return code, nil
}

// newWithdrawCode returns a code with which a requester withdraws a
// request (100 random bits in base32, in groups of four) and its hash.
func newWithdrawCode() (code, hash string, err error) {
	b := make([]byte, 13)
	if _, err := rand.Read(b); err != nil {
		return "", "", err
	}
	raw := base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b)[:20]
	var groups []string
	for i := 0; i < len(raw); i += 4 {
		groups = append(groups, raw[i:i+4])
	}
	code = strings.Join(groups, "-")
	return code, withdrawHash(code), nil
}

// withdrawHash is the hash a store keeps of a withdrawal code, read
// leniently: case, spaces and dashes do not count.
func withdrawHash(code string) string {
	c := strings.ToUpper(strings.NewReplacer("-", "", " ", "").Replace(code))
	sum := sha256.Sum256([]byte(c))
	return hex.EncodeToString(sum[:])
}

// selfWithdraw withdraws request id for a requester who gives its
// code. A wrong number or code says the same, and counts against the
// client's limit like a submission.
func (s *Server) selfWithdraw(r *http.Request, id int64, code string) error {
	if !s.traces.submits.take(s.clientAddr(r), s.now()) {
		return &reckon.Error{Code: codeTooMany, Message: "too many tries from here: try again in an hour, or write to the tracing service"}
	}
	wrong := reckon.Errorf(reckon.EINVALID, "that request number and code do not go together: check them, or write to the tracing service")
	if id <= 0 || code == "" || len(code) > 100 {
		return wrong
	}
	ctx := reckon.WithTraceContacts(r.Context())
	t, err := s.store.TraceRequest(ctx, id)
	if reckon.ErrorCode(err) == reckon.ENOTFOUND {
		return wrong
	}
	if err != nil {
		return err
	}
	if t.WithdrawHash == "" || subtle.ConstantTimeCompare([]byte(t.WithdrawHash), []byte(withdrawHash(code))) != 1 {
		return wrong
	}
	if err := s.store.WithdrawTraceRequest(reckon.WithActor(ctx, "requester"), id, "withdrawn by the requester with their code"); err != nil {
		return err
	}
	s.invalidate()
	return nil
}

// traceWithdrawView is the public form of a withdrawal.
type traceWithdrawView struct {
	ID    string
	Error string
	Done  bool
}

func (s *Server) traceWithdrawPage(w http.ResponseWriter, r *http.Request) error {
	if _, err := pageQuery(r); err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	return s.render(w, r, "tracewithdraw", page{Title: "Withdraw a request", Body: &traceWithdrawView{}})
}

func (s *Server) traceSelfWithdrawForm(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, 4<<10)
	if err := r.ParseForm(); err != nil {
		return formError(err)
	}
	v := &traceWithdrawView{ID: strings.TrimSpace(r.PostForm.Get("id"))}
	id, _ := strconv.ParseInt(v.ID, 10, 64)
	w.Header().Set("Cache-Control", "no-store")
	if err := s.selfWithdraw(r, id, r.PostForm.Get("code")); err != nil {
		if reckon.ErrorCode(err) != reckon.EINVALID {
			return err
		}
		return s.formFailed(w, r, err, "tracewithdraw", page{Title: "Withdraw a request", Body: v}, func(m string) { v.Error = m })
	}
	v.Done = true
	return s.render(w, r, "tracewithdraw", page{Title: "Request withdrawn", Body: v})
}

func (s *Server) apiTraceSelfWithdraw(w http.ResponseWriter, r *http.Request) error {
	if _, err := query(r); err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, 4<<10)
	var req struct {
		ID   int64  `json:"id"`
		Code string `json:"code"`
	}
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	if err := s.selfWithdraw(r, req.ID, req.Code); err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	return s.writeJSON(w, r, http.StatusOK, map[string]any{"id": req.ID, "status": reckon.TraceWithdrawn})
}

// matchLater matches request id in the background, with the server's
// lifetime: the first match of a workspace may fit the linkage model.
func (s *Server) matchLater(id int64) {
	tr, ok := s.engine.(tracer)
	if !ok {
		return
	}
	s.background.Add(1)
	go func() {
		defer s.background.Done()
		ctx, cancel := context.WithTimeout(reckon.WithActor(reckon.WithTraceContacts(s.life), "matching"), relinkTimeout)
		defer cancel()
		if _, err := tr.TraceMatch(ctx, id, s.opt.Trace); err != nil && ctx.Err() == nil {
			s.log.Error("match trace request", "request", id, "err", err)
		}
	}()
}

// importTrace is the matching of open requests after an import through
// the server (see importList): with the engine's model when there is
// one.
func (s *Server) importTrace() (*pipeline.TraceOptions, func(context.Context) (*pipeline.LinkModel, *pipeline.TraceIndex, error)) {
	opt := s.opt.Trace
	if tr, ok := s.engine.(tracer); ok {
		return &opt, tr.TraceModel
	}
	return &opt, nil
}

// traceForm is the public form as typed.
type traceForm struct {
	Names                                                        [3]string
	Family, Given, Born, HomeTown, Unit, Rank, LastContact, Note string
	Photos                                                       string
	ContactName, Relation, Email, Phone, Address, Language       string
	Consent                                                      bool
	Error                                                        string
	ID                                                           int64  // the stored request's number
	Code                                                         string // its withdrawal code, shown once
}

func (s *Server) traceNewPage(w http.ResponseWriter, r *http.Request) error {
	if _, err := pageQuery(r); err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	return s.render(w, r, "tracenew", page{Title: "Ask after someone", Nav: "tracenew", Body: &traceForm{}})
}

func (s *Server) traceSubmitForm(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, traceSubmitMax)
	if err := r.ParseForm(); err != nil {
		return formError(err)
	}
	f := r.PostForm
	v := &traceForm{Family: f.Get("family"), Given: f.Get("given"), Born: strings.TrimSpace(f.Get("born")),
		HomeTown: f.Get("home_town"), Unit: f.Get("unit"), Rank: f.Get("rank"), LastContact: f.Get("last_contact"),
		Note: f.Get("note"), Photos: f.Get("photos"), ContactName: f.Get("contact_name"), Relation: f.Get("relation"),
		Email: f.Get("email"), Phone: f.Get("phone"), Address: f.Get("address"), Language: f.Get("language"),
		Consent: f.Get("consent") == "yes"}
	names := f["name"]
	for i := range min(len(names), len(v.Names)) {
		v.Names[i] = names[i]
	}
	w.Header().Set("Cache-Control", "no-store")
	if f.Get(traceHoneypot) != "" {
		// A robot filled in the field people do not see: it is told
		// what a person is told, and nothing is kept.
		s.log.Info("trace request refused: honeypot filled", "client", s.clientAddr(r))
		return s.renderStatus(w, r, http.StatusCreated, "tracedone", page{Title: "Request received", Body: v})
	}
	t := &reckon.TraceRequest{Sought: reckon.Sought{Names: names, FamilyName: v.Family, GivenName: v.Given,
		HomeTown: v.HomeTown, Unit: v.Unit, Rank: v.Rank, LastContact: v.LastContact, Note: v.Note,
		Photos: strings.Split(strings.ReplaceAll(v.Photos, "\r", ""), "\n")},
		Contact: reckon.Contact{Name: v.ContactName, Relation: v.Relation, Email: v.Email, Phone: v.Phone, Address: v.Address, Language: v.Language},
		Consent: v.Consent}
	fail := func(err error) error {
		return s.formFailed(w, r, err, "tracenew", page{Title: "Ask after someone", Body: v}, func(m string) { v.Error = m })
	}
	if v.Born != "" {
		d, err := reckon.ParseDate(v.Born)
		if err != nil {
			return fail(reckon.Errorf(reckon.EINVALID, "birth date %s: write a year (2003), a month (2003-05) or a day (2003-05-17)", reckon.Quote(v.Born)))
		}
		t.Sought.BirthDate = d
	}
	code, err := s.submitTrace(r, t)
	if err != nil {
		var e *reckon.Error
		if errors.As(err, &e) && e.Code == codeTooMany {
			return err
		}
		return fail(err)
	}
	v.ID, v.Code = t.ID, code
	return s.renderStatus(w, r, http.StatusCreated, "tracedone", page{Title: "Request received", Body: v})
}

func (s *Server) apiTraceSubmit(w http.ResponseWriter, r *http.Request) error {
	if _, err := query(r); err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, traceSubmitMax)
	var req traceRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	t := &reckon.TraceRequest{Sought: req.Sought, Contact: req.Contact, Consent: req.Consent}
	code, err := s.submitTrace(r, t)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	return s.writeJSON(w, r, http.StatusCreated, map[string]any{"id": t.ID, "status": t.Status, "withdraw_code": code})
}

// traceCandidateView is a candidate with its record, for the pages.
type traceCandidateView struct {
	*reckon.TraceCandidate
	Record *reckon.Record
}

// traceView is a request with its candidates.
type traceView struct {
	*reckon.TraceRequest
	Candidates []traceCandidateView
	Pending    int
}

// traceViews returns the requests with their candidates (only pending
// ones with pendingOnly).
func (s *Server) traceViews(ctx context.Context, ts []*reckon.TraceRequest, pendingOnly bool) ([]*traceView, error) {
	f := reckon.CandidateFilter{}
	if pendingOnly {
		f.Status = reckon.CandidatePending
	}
	if len(ts) == 1 {
		f.RequestID = ts[0].ID
	}
	cs, err := s.store.TraceCandidates(ctx, f)
	if err != nil {
		return nil, err
	}
	ids := make([]int64, len(cs))
	for i, c := range cs {
		ids[i] = c.RecordID
	}
	recs, _, err := s.store.RecordsWithPersons(ctx, ids)
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]*reckon.Record, len(recs))
	for _, r := range recs {
		byID[r.ID] = r
	}
	views := make([]*traceView, len(ts))
	byReq := map[int64]*traceView{}
	for i, t := range ts {
		views[i] = &traceView{TraceRequest: t}
		byReq[t.ID] = views[i]
	}
	for _, c := range cs {
		if v := byReq[c.RequestID]; v != nil {
			v.Candidates = append(v.Candidates, traceCandidateView{TraceCandidate: c, Record: byID[c.RecordID]})
			if c.Status == reckon.CandidatePending {
				v.Pending++
			}
		}
	}
	return views, nil
}

// traceQueue is the tracers' page: the requests with candidates to
// decide, then every request.
type traceQueue struct {
	Queue []*traceView
	All   []*reckon.TraceRequest
}

func (s *Server) traceQueuePage(w http.ResponseWriter, r *http.Request) error {
	if _, err := pageQuery(r); err != nil {
		return err
	}
	ctx := r.Context()
	all, err := s.store.TraceRequests(ctx, reckon.TraceFilter{})
	if err != nil {
		return err
	}
	views, err := s.traceViews(ctx, all, true)
	if err != nil {
		return err
	}
	v := &traceQueue{All: all}
	for _, tv := range views {
		if tv.Pending > 0 && tv.Status.Active() {
			v.Queue = append(v.Queue, tv)
		}
	}
	w.Header().Set("Cache-Control", "no-store")
	return s.render(w, r, "traces", page{Title: "Tracing requests", Nav: "traces", Body: v})
}

// tracePageView is the page of one request.
type tracePageView struct {
	*traceView
	Error string
}

func (s *Server) traceOne(ctx context.Context, r *http.Request) (*traceView, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	t, err := s.store.TraceRequest(ctx, id)
	if err != nil {
		return nil, err
	}
	views, err := s.traceViews(ctx, []*reckon.TraceRequest{t}, false)
	if err != nil {
		return nil, err
	}
	return views[0], nil
}

func (s *Server) tracePage(w http.ResponseWriter, r *http.Request) error {
	if _, err := pageQuery(r); err != nil {
		return err
	}
	tv, err := s.traceOne(r.Context(), r)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	return s.render(w, r, "trace", page{Title: "Tracing request " + strconv.FormatInt(tv.ID, 10), Body: &tracePageView{traceView: tv}})
}

// traceFormDone answers a tracer's form: back to the request's page, or
// the page again with the error.
func (s *Server) traceFormDone(w http.ResponseWriter, r *http.Request, id int64, err error) error {
	if err == nil {
		s.invalidate()
		http.Redirect(w, r, "/trace/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
		return nil
	}
	tv, terr := s.traceOne(r.Context(), r)
	if terr != nil {
		return err
	}
	v := &tracePageView{traceView: tv}
	return s.formFailed(w, r, err, "trace", page{Title: "Tracing request " + strconv.FormatInt(id, 10), Body: v}, func(m string) { v.Error = m })
}

// traceFormID parses the form and the request's id.
func traceFormID(r *http.Request) (int64, error) {
	if err := r.ParseForm(); err != nil {
		return 0, formError(err)
	}
	return pathID(r)
}

func (s *Server) traceDecideForm(w http.ResponseWriter, r *http.Request) error {
	id, err := traceFormID(r)
	if err != nil {
		return err
	}
	rec, _ := strconv.ParseInt(r.PostForm.Get("record"), 10, 64)
	verdict := r.PostForm.Get("verdict")
	reason := strings.TrimSpace(r.PostForm.Get("reason"))
	if err := checkText("reason", reason, reckon.TraceMaxNote, true); err != nil {
		return s.traceFormDone(w, r, id, err)
	}
	if verdict != "confirm" && verdict != "reject" {
		return s.traceFormDone(w, r, id, reckon.Errorf(reckon.EINVALID, "choose confirm or reject"))
	}
	_, err = s.store.DecideTraceCandidate(r.Context(), id, rec, verdict == "confirm", reason)
	return s.traceFormDone(w, r, id, err)
}

func (s *Server) traceStatusForm(w http.ResponseWriter, r *http.Request) error {
	id, err := traceFormID(r)
	if err != nil {
		return err
	}
	reason := strings.TrimSpace(r.PostForm.Get("reason"))
	if err := checkText("reason", reason, reckon.TraceMaxNote, true); err != nil {
		return s.traceFormDone(w, r, id, err)
	}
	err = s.store.SetTraceStatus(r.Context(), id, reckon.TraceStatus(r.PostForm.Get("status")), reason)
	return s.traceFormDone(w, r, id, err)
}

func (s *Server) traceWithdrawForm(w http.ResponseWriter, r *http.Request) error {
	id, err := traceFormID(r)
	if err != nil {
		return err
	}
	reason := strings.TrimSpace(r.PostForm.Get("reason"))
	if err := checkText("reason", reason, reckon.TraceMaxNote, true); err != nil {
		return s.traceFormDone(w, r, id, err)
	}
	return s.traceFormDone(w, r, id, s.store.WithdrawTraceRequest(r.Context(), id, reason))
}

func (s *Server) traceMatchForm(w http.ResponseWriter, r *http.Request) error {
	id, err := traceFormID(r)
	if err != nil {
		return err
	}
	_, err = s.traceMatch(r.Context(), id)
	return s.traceFormDone(w, r, id, err)
}

// traceMatch matches request id now with the engine.
func (s *Server) traceMatch(ctx context.Context, id int64) ([]*reckon.TraceCandidate, error) {
	tr, ok := s.engine.(tracer)
	if !ok {
		return nil, errNoEngine("matching tracing requests")
	}
	return tr.TraceMatch(ctx, id, s.opt.Trace)
}

func (s *Server) apiTraces(w http.ResponseWriter, r *http.Request) error {
	q, err := query(r, "status", "active")
	if err != nil {
		return err
	}
	f := reckon.TraceFilter{Active: q.Get("active") == "true"}
	if st := q.Get("status"); st != "" {
		if f.Status, err = reckon.ParseTraceStatus(st); err != nil {
			return err
		}
	}
	ts, err := s.store.TraceRequests(r.Context(), f)
	if err != nil {
		return err
	}
	if ts == nil {
		ts = []*reckon.TraceRequest{}
	}
	w.Header().Set("Cache-Control", "no-store")
	return s.writeJSON(w, r, http.StatusOK, map[string]any{"requests": ts})
}

func (s *Server) apiTrace(w http.ResponseWriter, r *http.Request) error {
	if _, err := query(r); err != nil {
		return err
	}
	tv, err := s.traceOne(r.Context(), r)
	if err != nil {
		return err
	}
	cs := make([]*reckon.TraceCandidate, len(tv.Candidates))
	for i, c := range tv.Candidates {
		cs[i] = c.TraceCandidate
	}
	w.Header().Set("Cache-Control", "no-store")
	return s.writeJSON(w, r, http.StatusOK, map[string]any{"request": tv.TraceRequest, "candidates": cs})
}

func (s *Server) apiTraceDecide(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var req struct {
		RecordID int64  `json:"record_id"`
		Confirm  *bool  `json:"confirm"`
		Reason   string `json:"reason"`
	}
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	if req.RecordID <= 0 || req.Confirm == nil {
		return reckon.Errorf(reckon.EINVALID, "a decision needs record_id and confirm (true or false)")
	}
	if err := checkText("reason", req.Reason, reckon.TraceMaxNote, true); err != nil {
		return err
	}
	c, err := s.store.DecideTraceCandidate(r.Context(), id, req.RecordID, *req.Confirm, strings.TrimSpace(req.Reason))
	if err != nil {
		return err
	}
	s.invalidate()
	return s.writeJSON(w, r, http.StatusOK, c)
}

func (s *Server) apiTraceStatus(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var req struct {
		Status string `json:"status"`
		Reason string `json:"reason"`
	}
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	if err := checkText("reason", req.Reason, reckon.TraceMaxNote, true); err != nil {
		return err
	}
	if err := s.store.SetTraceStatus(r.Context(), id, reckon.TraceStatus(req.Status), strings.TrimSpace(req.Reason)); err != nil {
		return err
	}
	s.invalidate()
	return s.writeJSON(w, r, http.StatusOK, map[string]any{"id": id, "status": req.Status})
}

func (s *Server) apiTraceWithdraw(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var req struct {
		Reason string `json:"reason"`
	}
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	if err := checkText("reason", req.Reason, reckon.TraceMaxNote, true); err != nil {
		return err
	}
	if err := s.store.WithdrawTraceRequest(r.Context(), id, strings.TrimSpace(req.Reason)); err != nil {
		return err
	}
	s.invalidate()
	return s.writeJSON(w, r, http.StatusOK, map[string]any{"id": id, "status": reckon.TraceWithdrawn})
}

func (s *Server) apiTraceMatch(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := emptyJSON(r); err != nil {
		return err
	}
	added, err := s.traceMatch(r.Context(), id)
	if err != nil {
		return err
	}
	if added == nil {
		added = []*reckon.TraceCandidate{}
	}
	s.invalidate()
	return s.writeJSON(w, r, http.StatusOK, map[string]any{"added": added})
}

func (s *Server) apiOutbox(w http.ResponseWriter, r *http.Request) error {
	q, err := query(r, "pending")
	if err != nil {
		return err
	}
	ns, err := s.store.Notices(r.Context(), q.Get("pending") == "true", s.now())
	if err != nil {
		return err
	}
	if ns == nil {
		ns = []*reckon.Notice{}
	}
	w.Header().Set("Cache-Control", "no-store")
	return s.writeJSON(w, r, http.StatusOK, map[string]any{"notices": ns})
}

// startOutbox delivers the outbox's notices every Options.OutboxEvery
// in the background, until Close.
func (s *Server) startOutbox() {
	if s.opt.Outbox == nil {
		return
	}
	every := s.opt.OutboxEvery
	if every <= 0 {
		every = time.Minute
	}
	opt := *s.opt.Outbox
	if opt.Now == nil {
		opt.Now = s.now
	}
	s.background.Add(1)
	go func() {
		defer s.background.Done()
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			res, err := pipeline.DeliverOutbox(s.life, s.store, opt)
			if err != nil && s.life.Err() == nil {
				s.log.Error("outbox", "err", err)
			} else if res.Sent+res.Failed > 0 {
				s.log.Info("outbox", "sent", res.Sent, "failed", res.Failed)
			}
			select {
			case <-s.life.Done():
				return
			case <-t.C:
			}
		}
	}()
}

// candidateArg is what the template of a candidate needs.
type candidateArg struct {
	Req any
	C   traceCandidateView
}

func init() {
	templateFuncs["candidateArgs"] = func(req any, c traceCandidateView) candidateArg { return candidateArg{req, c} }
}

// parseTracePages adds the tracing pages to p: each with the layout and
// the partial of a candidate.
func parseTracePages(p *pages) {
	for _, name := range tracePageNames {
		t := template.New("layout.html").Funcs(templateFuncs)
		p.sets[name] = template.Must(t.ParseFS(templateFS, "templates/layout.html", "templates/partials.html", "templates/who.html",
			"templates/tracepartials.html", "templates/"+name+".html"))
	}
}
