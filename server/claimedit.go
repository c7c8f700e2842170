package server

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/reckonhq/reckon"
)

// claimFields are the fields of a claim an analyst sets, in an API body:
// a field that is absent stays as it is; for low and high, null is an
// open end.
type claimFields struct {
	Low               optional[*int64]  `json:"low"`
	High              optional[*int64]  `json:"high"`
	Measure           *reckon.Measure   `json:"measure"`
	Qualifier         *reckon.Qualifier `json:"qualifier"`
	Subject           *string           `json:"subject"`
	Attribution       *string           `json:"attribution"`        // free text
	AttributionSource *string           `json:"attribution_source"` // the name of a source of the ledger
	Date              *string           `json:"date"`
	Scope             *reckon.Scope     `json:"scope"`
	Note              *string           `json:"note"`
}

// edit returns the edit the fields make.
func (f *claimFields) edit() *reckon.ClaimEdit {
	return &reckon.ClaimEdit{Measure: f.Measure, Qualifier: f.Qualifier, Subject: f.Subject,
		SetLow: f.Low.Set, Low: f.Low.Value, SetHigh: f.High.Set, High: f.High.Value,
		Attribution: f.Attribution, AttributionSource: f.AttributionSource, Date: f.Date, Scope: f.Scope, Note: f.Note}
}

// checkEdit applies the server's text policy to what an edit sets.
func checkEdit(e *reckon.ClaimEdit) error {
	if e == nil {
		return nil
	}
	if e.Attribution != nil && e.AttributionSource != nil {
		return reckon.Errorf(reckon.EINVALID, "give attribution (free text) or attribution_source (a source of the ledger), not both")
	}
	for _, b := range []*int64{e.Low, e.High} {
		if b != nil && *b < 0 {
			return reckon.Errorf(reckon.EINVALID, "a count cannot be negative")
		}
	}
	type field struct {
		name string
		v    *string
		max  int
	}
	texts := []field{{"subject", e.Subject, maxTitleBytes}, {"attribution", e.Attribution, maxTitleBytes},
		{"attribution_source", e.AttributionSource, maxTitleBytes}, {"date", e.Date, maxTitleBytes}, {"note", e.Note, maxNoteBytes}}
	if e.Scope != nil {
		texts = append(texts, field{"scope place", &e.Scope.Place, maxTitleBytes}, field{"scope period", &e.Scope.Period, maxTitleBytes},
			field{"scope part", &e.Scope.Part, maxTitleBytes})
		if _, err := reckon.ParseExtent(string(e.Scope.Extent)); err != nil {
			return err
		}
	}
	for _, t := range texts {
		if t.v != nil {
			if err := checkText(t.name, *t.v, t.max, t.name == "note"); err != nil {
				return err
			}
		}
	}
	return nil
}

// formEdit reads the edit form of a claim page: every field is sent, and
// only those that differ from the claim c make the edit, so that an
// unchanged field is not recorded as corrected. It returns nil when
// nothing differs.
func formEdit(form url.Values, c *reckon.Claim) (*reckon.ClaimEdit, error) {
	e := &reckon.ClaimEdit{}
	get := func(name string) (string, bool) {
		if _, ok := form[name]; !ok {
			return "", false
		}
		return strings.TrimSpace(form.Get(name)), true
	}
	if v, ok := get("low"); ok {
		lo, err := formCount("low", v)
		if err != nil {
			return nil, err
		}
		if !sameBound(lo, c.Low) {
			e.SetLow, e.Low = true, lo
		}
	}
	if v, ok := get("high"); ok {
		hi, err := formCount("high", v)
		if err != nil {
			return nil, err
		}
		if !sameBound(hi, c.High) {
			e.SetHigh, e.High = true, hi
		}
	}
	if v, ok := get("measure"); ok && v != string(c.Measure) {
		m, err := reckon.ParseMeasure(v)
		if err != nil {
			return nil, err
		}
		e.Measure = &m
	}
	if v, ok := get("qualifier"); ok && v != string(c.Qualifier) {
		q, err := reckon.ParseQualifier(v)
		if err != nil {
			return nil, err
		}
		e.Qualifier = &q
	}
	text := func(name, was string) *string {
		if v, ok := get(name); ok && v != was {
			return &v
		}
		return nil
	}
	e.Subject, e.Date, e.Note = text("subject", c.Subject), text("date", c.Date), text("note", c.Note)
	if v, ok := get("attribution_source"); ok && v != "" {
		if c.AttributionSourceID == 0 || v != c.Attribution {
			e.AttributionSource = &v
		}
	} else {
		e.Attribution = text("attribution", c.Attribution)
	}
	sc := c.Scope
	for _, f := range []struct {
		name string
		to   *string
	}{{"place", &sc.Place}, {"period", &sc.Period}, {"part", &sc.Part}} {
		if v, ok := get(f.name); ok {
			*f.to = v
		}
	}
	if v, ok := get("extent"); ok {
		x, err := reckon.ParseExtent(v)
		if err != nil {
			return nil, err
		}
		sc.Extent = x
	}
	if sc != c.Scope {
		e.Scope = &sc
	}
	if e.IsZero() {
		return nil, nil
	}
	return e, nil
}

func sameBound(a, b *int64) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return *a == *b
}

// addClaimRequest is the body of POST /api/v1/claims: a claim an analyst
// adds to a document, its span given by byte offsets (start, end) or by
// its words (span, found from byte after on).
type addClaimRequest struct {
	DocumentID int64  `json:"document_id"`
	Start      *int   `json:"start"`
	End        *int   `json:"end"`
	Span       string `json:"span"`
	After      int64  `json:"after"`
	Why        string `json:"why"`
	claimFields
}

// addClaim records a claim an analyst adds and drops the cached views it
// changes.
func (s *Server) addClaim(ctx context.Context, by string, req *addClaimRequest) (*reckon.Claim, error) {
	d, err := s.store.Document(ctx, req.DocumentID)
	if err != nil {
		return nil, err
	}
	var start, end int
	switch {
	case req.Span != "" && req.Start == nil && req.End == nil:
		if req.After < 0 || req.After > d.Size {
			return nil, reckon.Errorf(reckon.EINVALID, "after %d: outside document %d (%d bytes)", req.After, d.ID, d.Size)
		}
		text, err := s.store.DocumentText(ctx, d.ID, req.After, d.Size)
		if err != nil {
			return nil, err
		}
		i := strings.Index(text, req.Span)
		if i < 0 {
			return nil, reckon.Errorf(reckon.EINVALID, "document %d has no %s after byte %d: give the figure's words exactly as the text has them", d.ID, reckon.Quote(req.Span), req.After)
		}
		start, end = int(req.After)+i, int(req.After)+i+len(req.Span)
	case req.Span == "" && req.Start != nil && req.End != nil:
		start, end = *req.Start, *req.End
	default:
		return nil, reckon.Errorf(reckon.EINVALID, "give the figure's span as span (its words) or as start and end (byte offsets), not both")
	}
	if req.Measure == nil || req.Qualifier == nil {
		return nil, reckon.Errorf(reckon.EINVALID, "a new claim needs a measure and a qualifier")
	}
	if !req.Low.Set && !req.High.Set {
		return nil, reckon.Errorf(reckon.EINVALID, "a new claim needs its interval: low and/or high (null for an open end)")
	}
	e := req.edit()
	if err := checkEdit(e); err != nil {
		return nil, err
	}
	if err := checkText("why", req.Why, maxNoteBytes, true); err != nil {
		return nil, err
	}
	c := &reckon.Claim{DocumentID: d.ID, Start: start, End: end, Origin: reckon.FromAnalyst}
	var srcID int64
	if e.AttributionSource != nil {
		src, err := s.store.SourceByName(ctx, *e.AttributionSource)
		if err != nil {
			return nil, err
		}
		srcID = src.ID
	}
	if err := reckon.ApplyReview(c, reckon.ActionEdit, "", e, srcID); err != nil {
		return nil, err
	}
	r := &reckon.Review{By: by, Why: strings.TrimSpace(req.Why)}
	if err := s.store.AddClaim(ctx, c, r); err != nil {
		return nil, err
	}
	s.invalidate()
	s.log.Info("claim added", "claim", c.ID, "document", d.ID, "by", by)
	return c, nil
}

func (s *Server) apiAddClaim(w http.ResponseWriter, r *http.Request) error {
	if _, err := query(r); err != nil {
		return err
	}
	var req addClaimRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	c, err := s.addClaim(r.Context(), s.user(r), &req)
	if err != nil {
		return err
	}
	d, err := s.claimDetail(r.Context(), c.ID)
	if err != nil {
		return err
	}
	return s.writeJSON(w, r, http.StatusCreated, d)
}

// addClaimForm takes the form of a document page that adds a claim the
// extractor missed, and shows the new claim.
func (s *Server) addClaimForm(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return formError(err)
	}
	f := r.PostForm
	req := addClaimRequest{DocumentID: id, Span: f.Get("span"), Why: f.Get("why")}
	if v := strings.TrimSpace(f.Get("after")); v != "" {
		if req.After, err = strconv.ParseInt(v, 10, 64); err != nil {
			return s.addClaimFailed(w, r, id, reckon.Errorf(reckon.EINVALID, "after %s: want a byte offset", reckon.Quote(v)))
		}
	}
	if v := f.Get("measure"); v != "" {
		m := reckon.Measure(v)
		req.Measure = &m
	}
	if v := f.Get("qualifier"); v != "" {
		q := reckon.Qualifier(v)
		req.Qualifier = &q
	}
	if req.Low.Value, err = formCount("low", strings.TrimSpace(f.Get("low"))); err != nil {
		return s.addClaimFailed(w, r, id, err)
	}
	if req.High.Value, err = formCount("high", strings.TrimSpace(f.Get("high"))); err != nil {
		return s.addClaimFailed(w, r, id, err)
	}
	req.Low.Set, req.High.Set = true, true
	for _, t := range []struct {
		name string
		to   **string
	}{{"subject", &req.Subject}, {"attribution", &req.Attribution}, {"attribution_source", &req.AttributionSource}, {"date", &req.Date}, {"note", &req.Note}} {
		if v := strings.TrimSpace(f.Get(t.name)); v != "" {
			*t.to = &v
		}
	}
	sc := reckon.Scope{Place: strings.TrimSpace(f.Get("place")), Period: strings.TrimSpace(f.Get("period")),
		Extent: reckon.Extent(f.Get("extent")), Part: strings.TrimSpace(f.Get("part"))}
	if !sc.IsZero() {
		req.Scope = &sc
	}
	c, err := s.addClaim(r.Context(), s.user(r), &req)
	if err != nil {
		return s.addClaimFailed(w, r, id, err)
	}
	http.Redirect(w, r, "/claims/"+strconv.FormatInt(c.ID, 10)+"#history", http.StatusSeeOther)
	return nil
}

// addClaimFailed shows the document again with the form that adds a
// claim as it was sent and why it failed; an error that is not the
// form's goes to the error page.
func (s *Server) addClaimFailed(w http.ResponseWriter, r *http.Request, id int64, err error) error {
	_, status, msg := s.classify(r, err)
	if status >= 500 {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	return s.showDocument(w, r, status, id, url.Values{}, r.PostForm, msg)
}
