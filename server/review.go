package server

import (
	"context"
	_ "embed"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/pipeline"
)

//go:embed assets/review.js
var reviewJS []byte

// The review queue holds the saved matches whose probability is in
// [reviewLow, reviewHigh] and that nobody has decided.
const (
	reviewLow  = 0.1
	reviewHigh = 0.9
	// reviewShown is how many further pairs the review page lists.
	reviewShown = 10
)

// reviewPair is one uncertain pair of the queue.
type reviewPair struct {
	A       *reckon.Record `json:"a"`
	B       *reckon.Record `json:"b"`
	PersonA int64          `json:"person_a"`
	PersonB int64          `json:"person_b"`
	Linked  bool           `json:"linked"` // the two records are one person now
	reckon.Match
	// Change is what a decision on the pair is expected to change; nil
	// without the linkage engine, when the queue is in order of
	// uncertainty.
	Change *expectedChange `json:"expected_change,omitempty"`
}

// expectedChange is what deciding a pair is expected to do to the total
// (pipeline.ReviewItem).
type expectedChange struct {
	// Flip is the probability that the decision changes whether the
	// two records are one person.
	Flip float64 `json:"flip"`
	// Minimum is the expected change of the documented minimum.
	Minimum float64 `json:"minimum"`
	// Estimate is the expected change of the estimate named by
	// Estimator; null when the estimate does not exist.
	Estimate  *float64 `json:"estimate"`
	Estimator string   `json:"estimator"`
	// LinkedNow says the records are one person with the decisions made
	// since the link run applied in memory.
	LinkedNow bool `json:"linked_now"`
}

// reviewTotals are the documented minimum and the fast estimate with
// every decision in force, and how the queue is ordered.
type reviewTotals struct {
	Order     string   `json:"order"` // "expected change" or "uncertainty"
	Estimator string   `json:"estimator,omitempty"`
	Minimum   int64    `json:"minimum,omitempty"`
	Estimate  *float64 `json:"estimate,omitempty"`
	Pending   int      `json:"pending,omitempty"` // decisions applied in memory only, until the relink ends
	Total     int      `json:"total"`             // pairs in the queue
}

// EstimateText writes the expected change of the estimate for a page,
// "" when the estimate does not exist.
func (c *expectedChange) EstimateText() string {
	if c.Estimate == nil {
		return ""
	}
	return fmt.Sprintf("%+.1f", *c.Estimate)
}

func finitePtr(v float64) *float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return &v
}

// pairKey names an unordered pair of records.
func pairKey(a, b reckon.RecordKey) [2]reckon.RecordKey {
	if b.Less(a) {
		a, b = b, a
	}
	return [2]reckon.RecordKey{a, b}
}

// recordOf returns a record by ID with the person it belongs to.
func (s *Server) recordOf(ctx context.Context, id int64) (*reckon.Record, *reckon.Person, error) {
	p, err := s.store.PersonOfRecord(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	for _, r := range p.Records {
		if r.ID == id {
			return r, p, nil
		}
	}
	return nil, nil, reckon.Errorf(reckon.ENOTFOUND, "record %d not found", id)
}

// reviewQueue returns the first n undecided uncertain pairs: with the
// engine, by the expected change of the total; without it, or before the
// workspace is linked, the saved matches by uncertainty.
func (s *Server) reviewQueue(ctx context.Context, n int) ([]reviewPair, *reviewTotals, error) {
	if s.engine != nil {
		q, err := s.engine.Review(ctx, n)
		switch {
		case err == nil:
			return s.rankedQueue(ctx, q)
		case reckon.ErrorCode(err) != reckon.EINVALID && reckon.ErrorCode(err) != reckon.ECONFLICT:
			return nil, nil, err
		}
		// Not linked yet, or the records changed since: the saved
		// matches, if any.
	}
	out, err := s.uncertainQueue(ctx, n)
	return out, &reviewTotals{Order: "uncertainty", Total: len(out)}, err
}

// rankedQueue reads the records and persons of the engine's queue.
func (s *Server) rankedQueue(ctx context.Context, q *pipeline.ReviewQueue) ([]reviewPair, *reviewTotals, error) {
	totals := &reviewTotals{Order: "expected change", Estimator: string(q.Estimator), Minimum: q.Minimum, Estimate: finitePtr(q.Estimate), Pending: q.Pending, Total: q.Total}
	ids := make([]int64, 0, 2*len(q.Pairs))
	for _, p := range q.Pairs {
		ids = append(ids, p.RecordA, p.RecordB)
	}
	byID, err := s.recordsByID(ctx, ids)
	if err != nil {
		return nil, nil, err
	}
	var out []reviewPair
	for _, p := range q.Pairs {
		a, okA := byID[p.RecordA]
		b, okB := byID[p.RecordB]
		if !okA || !okB || a.person == 0 || b.person == 0 {
			continue
		}
		out = append(out, reviewPair{A: a.r, B: b.r, PersonA: a.person, PersonB: b.person, Linked: a.person == b.person,
			Match:  reckon.Match{A: p.RecordA, B: p.RecordB, Weight: p.Weight, Probability: p.Probability},
			Change: &expectedChange{Flip: p.Flip, Minimum: p.Minimum, Estimate: finitePtr(p.Estimate), Estimator: string(q.Estimator), LinkedNow: p.Linked}})
	}
	return out, totals, nil
}

// withPerson is a record with the id of its person (0: none).
type withPerson struct {
	r      *reckon.Record
	person int64
}

// recordsByID reads the records of ids with their persons, in one query.
func (s *Server) recordsByID(ctx context.Context, ids []int64) (map[int64]withPerson, error) {
	recs, persons, err := s.store.RecordsWithPersons(ctx, ids)
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]withPerson, len(recs))
	for i, r := range recs {
		byID[r.ID] = withPerson{r, persons[i]}
	}
	return byID, nil
}

// uncertainQueue returns the first n undecided saved matches whose
// probability is in [reviewLow, reviewHigh], most uncertain first.
func (s *Server) uncertainQueue(ctx context.Context, n int) ([]reviewPair, error) {
	ds, err := s.store.Decisions(ctx)
	if err != nil {
		return nil, err
	}
	decided := make(map[[2]reckon.RecordKey]bool, len(ds))
	for _, d := range ds {
		decided[pairKey(d.A, d.B)] = true
	}
	ms, err := s.uncertainMatches(ctx, n+len(ds))
	if err != nil {
		return nil, err
	}
	// The records of every pair and their persons, in one query.
	ids := make([]int64, 0, 2*len(ms))
	for _, m := range ms {
		ids = append(ids, m.A, m.B)
	}
	byID, err := s.recordsByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	var out []reviewPair
	for _, m := range ms {
		a, okA := byID[m.A]
		b, okB := byID[m.B]
		if !okA || !okB || a.person == 0 || b.person == 0 {
			continue
		}
		if decided[pairKey(a.r.Key(), b.r.Key())] {
			continue
		}
		out = append(out, reviewPair{A: a.r, B: b.r, PersonA: a.person, PersonB: b.person, Linked: a.person == b.person, Match: m})
		if len(out) == n {
			break
		}
	}
	return out, nil
}

// matchesKept is how many uncertain matches are kept per link run: the
// store sorts them by uncertainty, which costs more than a page of the
// queue is worth.
const matchesKept = 2000

type matchQueue struct {
	ms    []reckon.Match
	limit int
}

// uncertainMatches returns the n most uncertain saved matches, from those
// kept for the latest link run when they are enough.
func (s *Server) uncertainMatches(ctx context.Context, n int) ([]reckon.Match, error) {
	run, err := s.latestRun(ctx)
	if err != nil {
		return nil, err
	}
	if run == nil {
		return nil, nil
	}
	q, err := s.queue.get(ctx, run.ID, func(ctx context.Context) (*matchQueue, error) {
		ms, err := s.store.Matches(ctx, reviewLow, reviewHigh, matchesKept)
		return &matchQueue{ms: ms, limit: matchesKept}, err
	})
	if err != nil {
		return nil, err
	}
	if n <= q.limit || len(q.ms) < q.limit {
		return q.ms[:min(n, len(q.ms))], nil
	}
	return s.store.Matches(ctx, reviewLow, reviewHigh, n)
}

// reviewView is the review page.
type reviewView struct {
	I        int // the index of the current pair in the queue
	Current  *reviewPair
	Fields   []recordField
	Link     *linkView
	Next     []reviewPair
	Recent   []*decisionRow
	Done     *decisionRow // the decision just made
	Undone   string       // what was just undone
	Status   RelinkStatus
	Engine   bool
	Low      float64
	High     float64
	ReadOnly bool
	Totals   *reviewTotals
	// Warnings and Conflicts are those of the latest link run.
	Warnings  []string
	Conflicts []string
}

// decisionRow is a decision with the persons its records now belong to.
type decisionRow struct {
	*reckon.Decision
	A, B             *reckon.Record
	PersonA, PersonB int64
}

func (s *Server) decisionRow(ctx context.Context, d *reckon.Decision, recs map[reckon.RecordKey]int64) *decisionRow {
	row := &decisionRow{Decision: d}
	if id, ok := recs[d.A]; ok {
		if r, p, err := s.recordOf(ctx, id); err == nil {
			row.A, row.PersonA = r, p.ID
		}
	}
	if id, ok := recs[d.B]; ok {
		if r, p, err := s.recordOf(ctx, id); err == nil {
			row.B, row.PersonB = r, p.ID
		}
	}
	return row
}

// recordIDs maps the keys of the records of the given lists to their
// IDs, reading those lists only.
func (s *Server) recordIDs(ctx context.Context, keys ...reckon.RecordKey) (map[reckon.RecordKey]int64, error) {
	out := map[reckon.RecordKey]int64{}
	var lists []string
	for _, k := range keys {
		if !slices.Contains(lists, k.List) {
			lists = append(lists, k.List)
		}
	}
	want := map[reckon.RecordKey]bool{}
	for _, k := range keys {
		want[k] = true
	}
	for _, l := range lists {
		var after int64
		for {
			rs, err := s.store.Records(ctx, reckon.RecordFilter{List: l, AfterID: after, Limit: 5000})
			if err != nil {
				return nil, err
			}
			for _, r := range rs {
				if want[r.Key()] {
					out[r.Key()] = r.ID
				}
			}
			if len(rs) < 5000 || len(out) == len(want) {
				break
			}
			after = rs[len(rs)-1].ID
		}
	}
	return out, nil
}

// recentDecisions is how many decisions the review page lists.
const recentDecisions = 8

func (s *Server) reviewPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	q, err := pageQuery(r, "i", "done", "undone")
	if err != nil {
		return err
	}
	i, err := intParam(q, "i", 0, 0, 100000)
	if err != nil {
		return err
	}
	done, err := idParam(q, "done")
	if err != nil {
		return err
	}
	v := reviewView{I: int(i), Status: s.relinkStatus(), Engine: s.engine != nil, Low: reviewLow, High: reviewHigh, ReadOnly: !s.can(r, reckon.RoleReviewer)}
	if u := q.Get("undone"); u != "" {
		v.Undone = u
	}
	queue, totals, err := s.reviewQueue(ctx, int(i)+1+reviewShown)
	if err != nil {
		return err
	}
	v.Totals = totals
	if v.Warnings, v.Conflicts, err = s.linkWarnings(ctx, true); err != nil {
		return err
	}
	if v.I >= len(queue) && len(queue) > 0 {
		v.I = len(queue) - 1
	}
	if v.I < len(queue) {
		cur := queue[v.I]
		v.Current = &cur
		v.Next = queue[v.I+1:]
		v.Fields = sideBySide([]*reckon.Record{cur.A, cur.B})
		if s.engine != nil {
			if v.Link, err = s.explain(ctx, cur.A, cur.B); err != nil {
				return err
			}
		}
	}
	ds, err := s.store.Decisions(ctx)
	if err != nil {
		return err
	}
	recent := ds[max(0, len(ds)-recentDecisions):]
	var keys []reckon.RecordKey
	for _, d := range recent {
		keys = append(keys, d.A, d.B)
	}
	ids, err := s.recordIDs(ctx, keys...)
	if err != nil {
		return err
	}
	for k := len(recent) - 1; k >= 0; k-- {
		row := s.decisionRow(ctx, recent[k], ids)
		v.Recent = append(v.Recent, row)
		if recent[k].ID == done {
			v.Done = row
		}
	}
	return s.render(w, r, "review", page{Title: "Review", Nav: "review", Body: v})
}

// sideBySide lays records out field by field, leaving out fields that
// none of them has.
func sideBySide(recs []*reckon.Record) []recordField {
	var out []recordField
	// A value withheld from this reader (reckon.Record.Redacted) says so.
	add := func(name, field string, f func(r *reckon.Record) string) {
		rf := recordField{Name: name}
		any := false
		for _, r := range recs {
			val := f(r)
			if val == "" && slices.Contains(r.Sensitive, field) && !r.Embargoed {
				val = withheld
			}
			any = any || val != ""
			rf.Values = append(rf.Values, val)
		}
		if any {
			out = append(out, rf)
		}
	}
	add("Name", "name", func(r *reckon.Record) string { return r.Name })
	add("Family name", "family_name", func(r *reckon.Record) string { return r.FamilyName })
	add("Given name", "given_name", func(r *reckon.Record) string { return r.GivenName })
	add("Sex", "sex", func(r *reckon.Record) string { return r.Sex })
	add("Born", "birth_date", func(r *reckon.Record) string { return r.BirthDate.String() })
	add("Died", "death_date", func(r *reckon.Record) string { return r.DeathDate.String() })
	add("Place of death", "death_place", func(r *reckon.Record) string { return r.DeathPlace })
	add("Unit", "unit", func(r *reckon.Record) string { return r.Unit })
	add("Rank", "rank", func(r *reckon.Record) string { return r.Rank })
	add("Home town", "home_town", func(r *reckon.Record) string { return r.HomeTown })
	var attrs []string
	for _, r := range recs {
		for k := range r.Attributes {
			if !slices.Contains(attrs, k) {
				attrs = append(attrs, k)
			}
		}
		for _, k := range r.Sensitive { // withheld attributes are gone from Attributes
			if !slices.Contains(reckon.RecordFields, k) && !slices.Contains(attrs, k) {
				attrs = append(attrs, k)
			}
		}
	}
	slices.Sort(attrs)
	for _, k := range attrs {
		add(k, k, func(r *reckon.Record) string { return r.Attributes[k] })
	}
	return out
}

// withheld stands for a value withheld as personal data.
const withheld = "(withheld)"

// decide records a reviewer's decision on two records (by ID) and
// starts a relink; it reports whether the relink finished in time.
func (s *Server) decide(ctx context.Context, r *http.Request, a, b int64, same bool, why string) (*reckon.Decision, bool, error) {
	if a == b {
		return nil, false, reckon.Errorf(reckon.EINVALID, "a decision needs two different records")
	}
	if len(why) > 2000 {
		return nil, false, reckon.Errorf(reckon.EINVALID, "why is longer than 2000 bytes")
	}
	ra, _, err := s.recordOf(ctx, a)
	if err != nil {
		return nil, false, err
	}
	rb, _, err := s.recordOf(ctx, b)
	if err != nil {
		return nil, false, err
	}
	d := &reckon.Decision{A: ra.Key(), B: rb.Key(), Same: same, By: s.user(r), Why: why}
	if err := s.store.AddDecision(ctx, d); err != nil {
		return nil, false, err
	}
	s.invalidate()
	s.log.Info("pair decided", "a", d.A.String(), "b", d.B.String(), "same", same, "by", d.By)
	return d, s.waitRelink(ctx, s.startRelink()), nil
}

// undo removes decision id, or without one the latest decision in force
// that this user made.
func (s *Server) undo(ctx context.Context, r *http.Request, id int64) (*reckon.Decision, error) {
	ds, err := s.store.Decisions(ctx)
	if err != nil {
		return nil, err
	}
	var d *reckon.Decision
	for k := len(ds) - 1; k >= 0; k-- {
		if (id == 0 && ds[k].By == s.user(r)) || (id != 0 && ds[k].ID == id) {
			d = ds[k]
			break
		}
	}
	if d == nil {
		if id == 0 {
			return nil, reckon.Errorf(reckon.ENOTFOUND, "you have no decision to undo")
		}
		return nil, reckon.Errorf(reckon.ENOTFOUND, "decision %d not found (or no longer in force)", id)
	}
	if err := s.store.UndoDecision(ctx, d.ID); err != nil {
		return nil, err
	}
	s.invalidate()
	s.log.Info("decision undone", "id", d.ID, "by", s.user(r))
	s.waitRelink(ctx, s.startRelink())
	return d, nil
}

func formID(r *http.Request, name string) (int64, error) {
	v := r.PostForm.Get(name)
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n <= 0 {
		return 0, reckon.Errorf(reckon.EINVALID, "%s %s: want a positive integer", name, reckon.Quote(v))
	}
	return n, nil
}

func (s *Server) reviewDecide(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return formError(err)
	}
	a, err := formID(r, "a")
	if err != nil {
		return err
	}
	b, err := formID(r, "b")
	if err != nil {
		return err
	}
	i, _ := strconv.Atoi(r.PostForm.Get("i"))
	var same bool
	switch r.PostForm.Get("same") {
	case "y":
		same = true
	case "n":
	default:
		return reckon.Errorf(reckon.EINVALID, "same %s: want y or n", reckon.Quote(r.PostForm.Get("same")))
	}
	d, _, err := s.decide(r.Context(), r, a, b, same, strings.TrimSpace(r.PostForm.Get("why")))
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/review?i="+strconv.Itoa(max(i, 0))+"&done="+strconv.FormatInt(d.ID, 10)+"#decided", http.StatusSeeOther)
	return nil
}

func (s *Server) reviewUndo(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return formError(err)
	}
	var id int64
	if r.PostForm.Get("id") != "" {
		var err error
		if id, err = formID(r, "id"); err != nil {
			return err
		}
	}
	d, err := s.undo(r.Context(), r, id)
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/review?undone="+url.QueryEscape(d.A.String()+" and "+d.B.String()), http.StatusSeeOther)
	return nil
}

// reviewScript serves the review page's keyboard script.
func (s *Server) reviewScript(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Cache-Control", "public, max-age=300")
	s.send(w, r, http.StatusOK, "text/javascript; charset=utf-8", reviewJS)
	return nil
}

// reviewAnswer is the API's review queue.
type reviewAnswer struct {
	Data   []reviewPair  `json:"data"`
	Queue  *reviewTotals `json:"queue"`
	Relink RelinkStatus  `json:"relink"`
	// Warnings and Conflicts are those of the latest link run.
	Warnings  []string `json:"warnings"`
	Conflicts []string `json:"conflicts"`
}

func (s *Server) apiReviewQueue(w http.ResponseWriter, r *http.Request) error {
	q, err := query(r, "limit")
	if err != nil {
		return err
	}
	limit, err := limitParam(q, defaultLimit, 200)
	if err != nil {
		return err
	}
	queue, totals, err := s.reviewQueue(r.Context(), limit)
	if err != nil {
		return err
	}
	if queue == nil {
		queue = []reviewPair{}
	}
	warnings, conflicts, err := s.linkWarnings(r.Context(), true)
	if err != nil {
		return err
	}
	if warnings == nil {
		warnings = []string{}
	}
	if conflicts == nil {
		conflicts = []string{}
	}
	return s.writeJSON(w, r, http.StatusOK, reviewAnswer{Data: queue, Queue: totals, Relink: s.relinkStatus(), Warnings: warnings, Conflicts: conflicts})
}

func (s *Server) apiDecisions(w http.ResponseWriter, r *http.Request) error {
	if _, err := query(r); err != nil {
		return err
	}
	ds, err := s.store.Decisions(r.Context())
	if err != nil {
		return err
	}
	if ds == nil {
		ds = []*reckon.Decision{}
	}
	return s.writeJSON(w, r, http.StatusOK, list[*reckon.Decision]{Data: ds})
}

// decisionAnswer answers a decision or an undo made through the API.
type decisionAnswer struct {
	Decision *reckon.Decision `json:"decision"`
	Relinked bool             `json:"relinked"` // the relink it started has finished
	Relink   RelinkStatus     `json:"relink"`
}

func (s *Server) apiDecide(w http.ResponseWriter, r *http.Request) error {
	if _, err := query(r); err != nil {
		return err
	}
	var req struct {
		A    int64  `json:"a"`
		B    int64  `json:"b"`
		Same *bool  `json:"same"`
		Why  string `json:"why"`
	}
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	if req.A <= 0 || req.B <= 0 || req.Same == nil {
		return reckon.Errorf(reckon.EINVALID, "a decision needs a and b (record ids) and same (true or false)")
	}
	d, done, err := s.decide(r.Context(), r, req.A, req.B, *req.Same, strings.TrimSpace(req.Why))
	if err != nil {
		return err
	}
	return s.writeJSON(w, r, http.StatusCreated, decisionAnswer{Decision: d, Relinked: done, Relink: s.relinkStatus()})
}

func (s *Server) apiUndo(w http.ResponseWriter, r *http.Request) error {
	if _, err := query(r); err != nil {
		return err
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	d, err := s.undo(r.Context(), r, id)
	if err != nil {
		return err
	}
	return s.writeJSON(w, r, http.StatusOK, decisionAnswer{Decision: d, Relinked: !s.relinkStatus().Running, Relink: s.relinkStatus()})
}
