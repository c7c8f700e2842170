package server

import (
	"context"
	"encoding/json"
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/reckonhq/reckon"
)

// Claims pages show at most maxPlotted claims at once (the plot draws
// one row per claim); the table pages on with a cursor.
const (
	defaultPlotted = 200
	maxPlotted     = 1000
	contextBytes   = 600 // of document text on each side of a claim's span
)

// claimRow is a claim with its document and source, for tables and plots.
type claimRow struct {
	*reckon.Claim
	Doc    *reckon.Document
	Source *reckon.Source
}

// claimRows joins claims to their documents and sources through the
// catalogue: no query per row.
func (s *Server) claimRows(ctx context.Context, c *catalog, claims []*reckon.Claim) ([]claimRow, error) {
	rows := make([]claimRow, len(claims))
	for i, cl := range claims {
		d, src, err := s.lookup(ctx, c, cl.DocumentID)
		if err != nil {
			return nil, err
		}
		rows[i] = claimRow{Claim: cl, Doc: d, Source: src}
	}
	return rows, nil
}

// claimTable writes the table of rows. Like the plot it is written here
// rather than by the template, which would cost a dozen reflective calls
// per row; every text that came from a user goes through esc.
func claimTable(rows []claimRow) template.HTML {
	var b strings.Builder
	b.Grow(512 * (len(rows) + 2))
	b.WriteString(`<div class="scroll" role="region" aria-label="Claims table" tabindex="0">
<table class="claims">
<thead><tr><th scope="col">Published</th><th scope="col">Source</th><th scope="col">Measure</th><th scope="col" class="n">Figure</th><th scope="col">Qualifier</th><th scope="col">Text</th><th scope="col">Attributed to</th><th scope="col">Status</th></tr></thead>
<tbody>
`)
	for _, r := range rows {
		id := strconv.FormatInt(r.ID, 10)
		if r.Status == reckon.StatusRejected {
			b.WriteString(`<tr class="rejected">`)
		} else {
			b.WriteString("<tr>")
		}
		b.WriteString("\n<td>")
		if r.Doc.Published.IsZero() {
			b.WriteString(`<span class="muted">undated</span>`)
		} else {
			b.WriteString(r.Doc.Published.String())
		}
		b.WriteString("</td>\n<td>" + gradeBadge(r.Source.Grade) + ` <a href="/sources/` + strconv.FormatInt(r.Source.ID, 10) + `">` + esc(r.Source.Name) + "</a></td>\n")
		b.WriteString("<td>" + esc(words(string(r.Measure))) + "</td>\n")
		b.WriteString(`<td class="n"><a href="/claims/` + id + `">` + esc(formatInterval(r.Interval)) + "</a></td>\n")
		b.WriteString("<td>" + esc(words(string(r.Qualifier))) + "</td>\n")
		b.WriteString(`<td><a href="/claims/` + id + `">“` + esc(r.Span) + "”</a></td>\n")
		b.WriteString("<td>" + esc(r.Attribution) + "</td>\n")
		b.WriteString(`<td><span class="status st-` + esc(string(r.Status)) + `">` + esc(string(r.Status)) + "</span>")
		// What an analyst did and what part of the whole it counts.
		if r.Origin == reckon.FromAnalyst {
			b.WriteString(` <span class="muted">added by an analyst</span>`)
		}
		if fs := r.Corrected(); len(fs) > 0 {
			b.WriteString(` <span class="muted" title="corrected by an analyst">corrected: ` + esc(strings.Join(fs, ", ")) + `</span>`)
		}
		if !r.Scope.Whole() {
			b.WriteString(` <span class="muted">sub-count: ` + esc(r.Scope.String()) + `</span>`)
		}
		if r.MergedInto != 0 {
			b.WriteString(` <span class="muted">restates <a href="/claims/` + strconv.FormatInt(r.MergedInto, 10) + `">claim ` + strconv.FormatInt(r.MergedInto, 10) + `</a></span>`)
		}
		b.WriteString("</td>\n</tr>\n")
	}
	b.WriteString("</tbody>\n</table>\n</div>")
	return template.HTML(b.String())
}

// gradeBadge is the HTML of the "grade" template.
func gradeBadge(g reckon.Grade) string {
	if g.Reliability == 0 {
		return `<span class="grade g-none" title="ungraded">–</span>`
	}
	return `<span class="grade ` + gradeClass(g) + `" title="` + esc(gradeName(g)) + `">` + esc(g.String()) + `</span>`
}

// sortByPublication orders rows by their document's publication date,
// undated last, then by claim ID.
func sortByPublication(rows []claimRow) {
	slices.SortStableFunc(rows, func(a, b claimRow) int {
		if ka, kb := dateKey(a.Doc.Published), dateKey(b.Doc.Published); ka != kb {
			return ka - kb
		}
		return int(a.ID - b.ID)
	})
}

// claimFilter reads measure, status, source and document from q.
func claimFilter(q url.Values) (reckon.ClaimFilter, error) {
	var f reckon.ClaimFilter
	var err error
	if v := q.Get("measure"); v != "" {
		if f.Measure, err = reckon.ParseMeasure(v); err != nil {
			return f, err
		}
	}
	if v := q.Get("status"); v != "" {
		if f.Status, err = reckon.ParseClaimStatus(v); err != nil {
			return f, err
		}
	}
	if f.SourceID, err = idParam(q, "source"); err != nil {
		return f, err
	}
	if f.DocumentID, err = idParam(q, "document"); err != nil {
		return f, err
	}
	return f, nil
}

// claimsView is the claims page: filters, plot and table.
type claimsView struct {
	Filter     reckon.ClaimFilter
	Limit      int
	Sources    []*reckon.Source
	Measures   []reckon.Measure
	Statuses   []reckon.ClaimStatus
	Rows       []claimRow
	Plots      []measurePlot // one per measure: counts of different things never share an axis
	NextCursor string
	Paged      bool // this is not the first page
	CSV        string
}

func (s *Server) claimsPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	q, err := pageQuery(r, "measure", "status", "source", "document", "cursor", "limit")
	if err != nil {
		return err
	}
	f, err := claimFilter(q)
	if err != nil {
		return err
	}
	limit, err := limitParam(q, defaultPlotted, maxPlotted)
	if err != nil {
		return err
	}
	if f.AfterID, err = cursorParam(q); err != nil {
		return err
	}
	c, err := s.catalogue(ctx)
	if err != nil {
		return err
	}
	f.Limit = limit + 1
	claims, err := s.store.Claims(ctx, f)
	if err != nil {
		return err
	}
	claims, next := nextPage(claims, limit, func(c *reckon.Claim) int64 { return c.ID })
	rows, err := s.claimRows(ctx, c, claims)
	if err != nil {
		return err
	}
	sortByPublication(rows)
	csvq := url.Values{}
	for k, v := range q {
		if k != "cursor" && k != "limit" {
			csvq[k] = v
		}
	}
	csvURL := "/api/v1/claims.csv"
	if len(csvq) > 0 {
		csvURL += "?" + csvq.Encode()
	}
	v := claimsView{
		Filter: f, Limit: limit, Sources: c.sources, Measures: reckon.Measures,
		Statuses: reckon.ClaimStatuses,
		Rows:     rows, Plots: measurePlots(rows), NextCursor: next, Paged: f.AfterID != 0, CSV: csvURL,
	}
	return s.render(w, r, "claims", page{Title: "Claims", Nav: "claims", Body: v})
}

// claimView is the page of one claim.
type claimView struct {
	claimRow
	Before, Span, After string  // the span inside its document context
	Clipped             [2]bool // the context starts after the text's start / ends before its end
	DocStart            int64   // the start of the document page that shows the span
	Reviews             []*reckon.Review
	Error               string // the last review attempt failed with this
	Form                reviewInput
	// For the edit and merge forms: the measures, qualifiers and extents
	// to choose from, the sources of the ledger an attribution can name,
	// and the other claims of the document this one may restate.
	Measures   []reckon.Measure
	Qualifiers []reckon.Qualifier
	Extents    []reckon.Extent
	Sources    []*reckon.Source
	Siblings   []*reckon.Claim
}

// reviewInput is what the review form holds.
type reviewInput struct {
	Action string
	Why    string
	Low    string
	High   string
	// Sent is the correction form as sent, shown again after an error.
	Sent url.Values
}

// Field is the value of the correction form's field name as sent, after
// a correction that failed; was (the claim's) otherwise.
func (in reviewInput) Field(name, was string) string {
	if in.Action == string(reckon.ActionEdit) && in.Sent.Has(name) {
		return in.Sent.Get(name)
	}
	return was
}

func (s *Server) claimView(ctx context.Context, id int64) (*claimView, error) {
	cl, err := s.store.Claim(ctx, id)
	if err != nil {
		return nil, err
	}
	c, err := s.catalogue(ctx)
	if err != nil {
		return nil, err
	}
	d, src, err := s.lookup(ctx, c, cl.DocumentID)
	if err != nil {
		return nil, err
	}
	v := &claimView{claimRow: claimRow{Claim: cl, Doc: d, Source: src}}
	lo, hi := max(int64(cl.Start)-contextBytes, 0), min(int64(cl.End)+contextBytes, d.Size)
	text, err := s.store.DocumentText(ctx, d.ID, lo, hi)
	if err != nil {
		return nil, err
	}
	a, b := int64(cl.Start)-lo, int64(cl.End)-lo
	if a < 0 || b > int64(len(text)) || a > b {
		// The span does not lie in the text (a store bug): show the
		// claim's own copy of the span rather than fail the page.
		v.Span = cl.Span
	} else {
		v.Before, v.Span, v.After = trimStartRune(text[:a]), text[a:b], trimEndRune(text[b:])
		v.Before, v.Span, v.After = strings.ToValidUTF8(v.Before, "�"), strings.ToValidUTF8(v.Span, "�"), strings.ToValidUTF8(v.After, "�")
		v.Clipped = [2]bool{lo > 0, hi < d.Size}
	}
	v.DocStart = int64(cl.Start) / textWindow * textWindow
	if v.Reviews, err = s.store.Reviews(ctx, id); err != nil {
		return nil, err
	}
	v.Form = reviewInput{Low: optInt(cl.Low), High: optInt(cl.High)}
	v.Measures, v.Qualifiers, v.Sources = reckon.Measures, reckon.Qualifiers, c.sources
	v.Extents = []reckon.Extent{reckon.ExtentUnknown, reckon.Cumulative, reckon.ForPeriod}
	sib, err := s.store.Claims(ctx, reckon.ClaimFilter{DocumentID: d.ID, Limit: maxDocClaims})
	if err != nil {
		return nil, err
	}
	for _, o := range sib {
		if o.ID != cl.ID && o.Status != reckon.StatusMerged && o.Status != reckon.StatusRejected {
			v.Siblings = append(v.Siblings, o)
		}
	}
	return v, nil
}

// trimStartRune drops the continuation bytes of a rune cut by a window's
// start; trimEndRune drops a rune cut by its end.
func trimStartRune(s string) string {
	for i := 0; i < len(s) && i < utf8.UTFMax; i++ {
		if utf8.RuneStart(s[i]) {
			return s[i:]
		}
	}
	return s
}

func trimEndRune(s string) string {
	for i := len(s) - 1; i >= 0 && i >= len(s)-utf8.UTFMax; i-- {
		if utf8.RuneStart(s[i]) {
			if utf8.FullRuneInString(s[i:]) {
				return s
			}
			return s[:i]
		}
	}
	return s
}

func (s *Server) claimPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if _, err := pageQuery(r); err != nil {
		return err
	}
	v, err := s.claimView(r.Context(), id)
	if err != nil {
		return err
	}
	return s.render(w, r, "claim", page{Title: "Claim " + strconv.FormatInt(id, 10), Nav: "claims", Body: v})
}

// reviewForm takes the review form of the claim page and redirects back
// to the claim (post/redirect/get). An invalid decision shows the page
// again with the error and what was typed.
func (s *Server) reviewForm(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return formError(err)
	}
	in := reviewInput{Action: r.PostForm.Get("action"), Why: strings.TrimSpace(r.PostForm.Get("why")),
		Low: strings.TrimSpace(r.PostForm.Get("low")), High: strings.TrimSpace(r.PostForm.Get("high"))}
	if in.Action == string(reckon.ActionEdit) {
		in.Sent = r.PostForm
	}
	rev := &reckon.Review{Action: reckon.ReviewAction(in.Action), By: s.user(r), Why: in.Why}
	if v := r.PostForm.Get("version"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return reckon.Errorf(reckon.EINVALID, "malformed form: version %s", reckon.Quote(v))
		}
		rev.IfVersion = &n // another analyst's review since the page was loaded is a conflict
	}
	var edit *reckon.ClaimEdit
	switch rev.Action {
	case reckon.ActionEdit:
		var c *reckon.Claim
		if c, err = s.store.Claim(ctx, id); err != nil {
			return err
		}
		if edit, err = formEdit(r.PostForm, c); err == nil && edit == nil {
			err = reckon.Errorf(reckon.EINVALID, "the correction changes nothing: change a field of the claim first")
		}
	case reckon.ActionMerge:
		var into int64
		if into, err = formID(r, "into"); err == nil {
			edit = &reckon.ClaimEdit{MergeInto: into}
		}
	}
	if err == nil {
		_, err = s.review(ctx, id, rev, edit)
	}
	if err != nil {
		status := http.StatusBadRequest
		switch reckon.ErrorCode(err) {
		case reckon.EINVALID:
		case reckon.ECONFLICT:
			status = http.StatusConflict // shown on the claim as it now is
		default:
			return err
		}
		v, verr := s.claimView(ctx, id)
		if verr != nil {
			return verr
		}
		v.Error, v.Form = reckon.ErrorMessage(err), in
		return s.renderStatus(w, r, status, "claim", page{Title: "Claim " + strconv.FormatInt(id, 10), Nav: "claims", Body: v})
	}
	http.Redirect(w, r, "/claims/"+strconv.FormatInt(id, 10)+"#history", http.StatusSeeOther)
	return nil
}

func formError(err error) error {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) || errors.As(err, new(*reckon.Error)) {
		return err // too large, or too slow to arrive
	}
	return reckon.Errorf(reckon.EINVALID, "malformed form")
}

// formCount parses a count typed in a form: digits, with optional
// thousands separators; empty means unbounded.
func formCount(name, v string) (*int64, error) {
	if v == "" {
		return nil, nil
	}
	clean := strings.NewReplacer(",", "", " ", "", "_", "").Replace(v)
	n, err := strconv.ParseInt(clean, 10, 64)
	if err != nil || n < 0 {
		return nil, reckon.Errorf(reckon.EINVALID, "%s %s: want a whole number of at least 0, or nothing for no bound", name, reckon.Quote(v))
	}
	return &n, nil
}

// review applies a decision and drops the cached views it changes.
func (s *Server) review(ctx context.Context, id int64, r *reckon.Review, e *reckon.ClaimEdit) (*reckon.Claim, error) {
	if r.Action == "" {
		return nil, reckon.Errorf(reckon.EINVALID, "action is required: confirm, reject, edit or merge")
	}
	if err := checkText("why", r.Why, maxNoteBytes, true); err != nil {
		return nil, err
	}
	if err := checkEdit(e); err != nil {
		return nil, err
	}
	c, err := s.store.ReviewClaim(ctx, id, r, e)
	if err != nil {
		return nil, err
	}
	s.invalidate()
	s.log.Info("claim reviewed", "claim", id, "action", r.Action, "by", r.By)
	return c, nil
}

// claimDetail is the API answer about one claim: the claim and its
// review history, oldest first.
type claimDetail struct {
	*reckon.Claim
	Reviews []*reckon.Review `json:"reviews"`
}

func (s *Server) apiClaims(w http.ResponseWriter, r *http.Request) error {
	q, err := query(r, "measure", "status", "source", "document", "cursor", "limit", "format")
	if err != nil {
		return err
	}
	f, err := claimFilter(q)
	if err != nil {
		return err
	}
	format, err := formatParam(q)
	if err != nil {
		return err
	}
	if format == "csv" {
		if q.Has("cursor") || q.Has("limit") {
			return reckon.Errorf(reckon.EINVALID, "a CSV download holds every claim that the filters select: drop cursor and limit")
		}
		return download(s, w, r, s.claimTable(f), format)
	}
	limit, err := limitParam(q, defaultLimit, maxLimit)
	if err != nil {
		return err
	}
	if f.AfterID, err = cursorParam(q); err != nil {
		return err
	}
	f.Limit = limit + 1
	claims, err := s.store.Claims(r.Context(), f)
	if err != nil {
		return err
	}
	return writePage(s, w, r, claims, limit, func(c *reckon.Claim) int64 { return c.ID })
}

func (s *Server) apiClaim(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if _, err := query(r); err != nil {
		return err
	}
	d, err := s.claimDetail(r.Context(), id)
	if err != nil {
		return err
	}
	return s.writeJSON(w, r, http.StatusOK, d)
}

func (s *Server) claimDetail(ctx context.Context, id int64) (*claimDetail, error) {
	c, err := s.store.Claim(ctx, id)
	if err != nil {
		return nil, err
	}
	revs, err := s.store.Reviews(ctx, id)
	if err != nil {
		return nil, err
	}
	if revs == nil {
		revs = []*reckon.Review{}
	}
	return &claimDetail{Claim: c, Reviews: revs}, nil
}

// reviewRequest is the body of POST /api/v1/claims/{id}/review. For an
// edit, a bound that is present is set (null: unbounded) and one that is
// absent stays as it is.
type reviewRequest struct {
	Action    reckon.ReviewAction `json:"action"`
	Why       string              `json:"why"`
	Low       optional[*int64]    `json:"low"`
	High      optional[*int64]    `json:"high"`
	Measure   *reckon.Measure     `json:"measure"`
	Qualifier *reckon.Qualifier   `json:"qualifier"`
	Subject   *string             `json:"subject"`
	// Attribution (free text) or AttributionSource (a source of the
	// ledger), Date, Scope and Note, for an edit.
	Attribution       *string       `json:"attribution"`
	AttributionSource *string       `json:"attribution_source"`
	Date              *string       `json:"date"`
	Scope             *reckon.Scope `json:"scope"`
	Note              *string       `json:"note"`
	// Into, for a merge, is the claim of the same document this one
	// restates.
	Into int64 `json:"into"`
	// Version, when given, is the claim version the client saw: a review
	// made since is a 409 conflict and nothing changes.
	Version *int64 `json:"version"`
}

// optional is a JSON field that knows whether it was present, so that
// null (unbounded) and absent (unchanged) differ.
type optional[T any] struct {
	Set   bool
	Value T
}

func (o *optional[T]) UnmarshalJSON(b []byte) error {
	o.Set = true
	return json.Unmarshal(b, &o.Value)
}

func (s *Server) apiReview(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if _, err := query(r); err != nil {
		return err
	}
	var req reviewRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	var edit *reckon.ClaimEdit
	fields := claimFields{Low: req.Low, High: req.High, Measure: req.Measure, Qualifier: req.Qualifier, Subject: req.Subject,
		Attribution: req.Attribution, AttributionSource: req.AttributionSource, Date: req.Date, Scope: req.Scope, Note: req.Note}
	switch req.Action {
	case reckon.ActionEdit:
		edit = fields.edit()
		if edit.IsZero() {
			return reckon.Errorf(reckon.EINVALID, "edit of claim %d changes nothing: give low, high, measure, qualifier, subject, attribution, attribution_source, date, scope or note", id)
		}
	case reckon.ActionMerge:
		if req.Into == 0 {
			return reckon.Errorf(reckon.EINVALID, "merging claim %d needs into: the claim of the same document it restates", id)
		}
		edit = &reckon.ClaimEdit{MergeInto: req.Into}
	}
	if req.Action != reckon.ActionEdit && !fields.edit().IsZero() {
		return reckon.Errorf(reckon.EINVALID, "only an edit takes low, high, measure, qualifier, subject, attribution, attribution_source, date, scope or note")
	}
	if req.Action != reckon.ActionMerge && req.Into != 0 {
		return reckon.Errorf(reckon.EINVALID, "only a merge takes into")
	}
	rev := &reckon.Review{Action: req.Action, Why: strings.TrimSpace(req.Why), By: s.user(r), IfVersion: req.Version}
	if _, err := s.review(r.Context(), id, rev, edit); err != nil {
		return err
	}
	d, err := s.claimDetail(r.Context(), id)
	if err != nil {
		return err
	}
	return s.writeJSON(w, r, http.StatusOK, d)
}

func (s *Server) claimTable(f reckon.ClaimFilter) table[*reckon.Claim] {
	return table[*reckon.Claim]{
		name: "claims",
		header: []string{"claim_id", "document_id", "measure", "subject", "qualifier", "low", "high", "span", "start", "end",
			"attribution", "date", "projected", "status", "reviewed_by", "review_note", "extractor_version", "sentence",
			"on", "scope_place", "scope_period", "scope_extent", "scope_part", "note", "origin", "corrected", "merged_into"},
		row: func(c *reckon.Claim) []string {
			origin, merged := string(c.Origin), ""
			if origin == "" {
				origin = string(reckon.FromExtractor)
			}
			if c.MergedInto != 0 {
				merged = itoa(c.MergedInto)
			}
			return []string{itoa(c.ID), itoa(c.DocumentID), string(c.Measure), c.Subject, string(c.Qualifier), optInt(c.Low), optInt(c.High),
				c.Span, strconv.Itoa(c.Start), strconv.Itoa(c.End), c.Attribution, c.Date, strconv.FormatBool(c.Projected),
				string(c.Status), c.ReviewedBy, c.ReviewNote, c.ExtractorVersion, c.Sentence,
				c.On.String(), c.Scope.Place, c.Scope.Period, string(c.Scope.Extent), c.Scope.Part, c.Note, origin, strings.Join(c.Corrected(), " "), merged}
		},
		id: func(c *reckon.Claim) int64 { return c.ID },
		fetch: func(ctx context.Context, after int64, limit int) ([]*reckon.Claim, error) {
			g := f
			g.AfterID, g.Limit = after, limit
			return s.store.Claims(ctx, g)
		},
	}
}

func (s *Server) downloadClaims(format string) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		q, err := query(r, "measure", "status", "source", "document")
		if err != nil {
			return err
		}
		f, err := claimFilter(q)
		if err != nil {
			return err
		}
		return download(s, w, r, s.claimTable(f), format)
	}
}
