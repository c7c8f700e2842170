package pipeline

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/linkage"
	"github.com/reckonhq/reckon/names"
)

// TraceOptions configure the matching of tracing requests. The zero
// value proposes up to 20 candidates of probability 0.01 or more per
// request and announces new ones nowhere but in the tracers' queue.
type TraceOptions struct {
	// MinProbability is the least match probability of a candidate. 0
	// means 0.01: a family would rather a tracer looked at an unlikely
	// candidate than never saw it.
	MinProbability float64
	// Limit caps the candidates of one request, best first. 0 means 20.
	Limit int
	// Notify are where new candidates are announced (the outbox): the
	// tracers' webhook or mailbox, never a family. Nil: only the queue.
	Notify []NoticeTarget
	// BaseURL is the server's address, for the link to the request in a
	// notice; "" leaves the link out.
	BaseURL string
}

func (o TraceOptions) defaults() TraceOptions {
	if o.MinProbability <= 0 {
		o.MinProbability = 0.01
	}
	if o.Limit <= 0 {
		o.Limit = 20
	}
	return o
}

// NoticeTarget is where the outbox sends a notice: Channel "webhook"
// with a URL, or "smtp" with an email address.
type NoticeTarget struct {
	Channel string
	To      string
}

// TraceIndex finds the records that may describe a sought person without
// reading every record: each record is filed under the name keys of its
// names ([names.Keys], the keys the person search and linkage's blocking
// use, so that 김철수, Ким Чхоль Су and Kim Chol Su meet), and a request
// is compared, by the linkage model, only with the records filed under a
// key of one of its names.
type TraceIndex struct {
	recs []reckon.Record
	keys map[string][]int32
}

// NewTraceIndex indexes recs. The records are kept, not copied.
func NewTraceIndex(recs []reckon.Record) *TraceIndex {
	ix := &TraceIndex{recs: recs, keys: make(map[string][]int32, len(recs))}
	for i := range recs {
		for _, k := range recordKeys(&recs[i]) {
			ix.keys[k] = append(ix.keys[k], int32(i))
		}
	}
	return ix
}

// Len returns the number of records indexed.
func (ix *TraceIndex) Len() int { return len(ix.recs) }

// soughtRecords returns the sought person as records to compare, one for
// each way of writing the name the family gave, with the family and
// given names split as [names.Parse] reads them when the family did not
// split them.
func soughtRecords(t *reckon.TraceRequest) []reckon.Record {
	base := t.Record()
	var out []reckon.Record
	if base.FamilyName != "" || base.GivenName != "" {
		r := base
		r.Name = strings.TrimSpace(r.FamilyName + " " + r.GivenName)
		out = append(out, r)
	}
	for _, n := range t.Sought.Names {
		r := base
		r.Name = n
		p := names.Parse(n)
		r.FamilyName, r.GivenName = p.Family, strings.TrimSpace(p.Given+" "+p.Patronymic)
		out = append(out, r)
	}
	return out
}

// Block returns the indices of the records filed under a key of one of
// the request's names, ascending.
func (ix *TraceIndex) Block(t *reckon.TraceRequest) []int32 {
	var keys []string
	for _, r := range soughtRecords(t) {
		keys = append(keys, queryKeys(r.Name)...)
		keys = append(keys, recordKeys(&r)...)
	}
	slices.Sort(keys)
	keys = slices.Compact(keys)
	var out []int32
	for _, k := range keys {
		out = append(out, ix.keys[k]...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// Match scores the request against the records of its block with the
// linkage model m ([linkage.Model.Explain]: each way of writing the
// sought name against the record, the best kept) and returns the
// candidates of probability opt.MinProbability or more, best first, at
// most opt.Limit, each with the waterfall that explains its score. The
// candidates' RequestID and PersonID are not set.
func (ix *TraceIndex) Match(m *linkage.Model, t *reckon.TraceRequest, opt TraceOptions) []*reckon.TraceCandidate {
	opt = opt.defaults()
	sought := soughtRecords(t)
	var out []*reckon.TraceCandidate
	for _, i := range ix.Block(t) {
		rec := ix.recs[i]
		var best linkage.Explanation
		for k, s := range sought {
			if x := m.Explain(s, rec); k == 0 || x.Probability > best.Probability {
				best = x
			}
		}
		if best.Probability < opt.MinProbability {
			continue
		}
		out = append(out, &reckon.TraceCandidate{RecordID: rec.ID, Probability: best.Probability, Weight: best.Weight,
			Explanation: best.String()})
	}
	slices.SortFunc(out, func(a, b *reckon.TraceCandidate) int {
		if c := cmp.Compare(b.Probability, a.Probability); c != 0 {
			return c
		}
		return cmp.Compare(a.RecordID, b.RecordID)
	})
	if len(out) > opt.Limit {
		out = out[:opt.Limit]
	}
	return out
}

// MatchTrace matches request t against the records of ix with model m,
// keeps the best candidate of each person (a person several records
// describe is proposed once), stores the candidates not proposed before
// in the tracers' queue and announces them in the outbox (opt.Notify).
// It never confirms: that is a tracer's decision. It returns the
// candidates added.
func MatchTrace(ctx context.Context, s reckon.Store, m *linkage.Model, ix *TraceIndex, t *reckon.TraceRequest, opt TraceOptions) ([]*reckon.TraceCandidate, error) {
	cs := ix.Match(m, t, opt)
	if len(cs) == 0 {
		return nil, nil
	}
	// The persons proposed before, as the records are linked now, are
	// not proposed again through another of their records.
	have, err := s.TraceCandidates(reckon.WithTraceContacts(ctx), reckon.CandidateFilter{RequestID: t.ID})
	if err != nil {
		return nil, fmt.Errorf("match trace request %d: %w", t.ID, err)
	}
	ids := make([]int64, 0, len(cs)+len(have))
	for _, c := range cs {
		ids = append(ids, c.RecordID)
	}
	for _, c := range have {
		ids = append(ids, c.RecordID)
	}
	recs, persons, err := s.RecordsWithPersons(reckon.WithPersonalData(ctx), ids)
	if err != nil {
		return nil, fmt.Errorf("match trace request %d: %w", t.ID, err)
	}
	personOf := make(map[int64]int64, len(recs))
	for i, r := range recs {
		personOf[r.ID] = persons[i]
	}
	seen := map[int64]bool{}
	for _, c := range have {
		if p := personOf[c.RecordID]; p != 0 {
			seen[p] = true
		}
	}
	kept := cs[:0]
	for _, c := range cs { // best first: the first record of a person stays
		c.PersonID = personOf[c.RecordID]
		if c.PersonID != 0 {
			if seen[c.PersonID] {
				continue
			}
			seen[c.PersonID] = true
		}
		kept = append(kept, c)
	}
	added, err := s.AddTraceCandidates(ctx, t.ID, kept)
	if err != nil {
		return nil, fmt.Errorf("match trace request %d: %w", t.ID, err)
	}
	if len(added) == 0 {
		return nil, nil
	}
	for _, to := range opt.Notify {
		n := traceNotice(t, added, to, opt.BaseURL)
		if err := s.AddNotice(ctx, n); err != nil {
			return added, fmt.Errorf("match trace request %d: %w", t.ID, err)
		}
	}
	return added, nil
}

// traceNotice writes the notice of new candidates for tracers: the
// request's number, the sought name and the candidates' scores, never
// the requester's contact.
func traceNotice(t *reckon.TraceRequest, added []*reckon.TraceCandidate, to NoticeTarget, base string) *reckon.Notice {
	var b strings.Builder
	name := strings.Join(t.Sought.Names, " / ")
	if name == "" {
		name = strings.TrimSpace(t.Sought.FamilyName + " " + t.Sought.GivenName)
	}
	fmt.Fprintf(&b, "Tracing request %d (%s) has %d new candidate(s) to decide:\n", t.ID, name, len(added))
	for _, c := range added {
		fmt.Fprintf(&b, "  record %d", c.RecordID)
		if c.PersonID != 0 {
			fmt.Fprintf(&b, " (person %d)", c.PersonID)
		}
		fmt.Fprintf(&b, ": probability %.4f\n", c.Probability)
	}
	if base != "" {
		fmt.Fprintf(&b, "\n%s/trace/%d\n", strings.TrimSuffix(base, "/"), t.ID)
	}
	b.WriteString("\nOnly a tracer confirms a candidate; do not forward this to the family before.\n")
	return &reckon.Notice{RequestID: t.ID, Channel: to.Channel, To: to.To,
		Subject: fmt.Sprintf("reckon: %d new candidate(s) for tracing request %d", len(added), t.ID), Body: b.String()}
}

// Rematch matches every active request (open or with candidates) again,
// as after an import or a relink, and returns how many candidates were
// added in all. model is called only when there is an active request.
func Rematch(ctx context.Context, s reckon.Store, model func(ctx context.Context) (*linkage.Model, *TraceIndex, error), opt TraceOptions) (int, error) {
	reqs, err := s.TraceRequests(reckon.WithTraceContacts(ctx), reckon.TraceFilter{Active: true})
	if err != nil {
		return 0, fmt.Errorf("rematch: %w", err)
	}
	if len(reqs) == 0 {
		return 0, nil
	}
	m, ix, err := model(ctx)
	if err != nil {
		return 0, fmt.Errorf("rematch: %w", err)
	}
	n := 0
	for _, t := range reqs {
		added, err := MatchTrace(ctx, s, m, ix, t, opt)
		n += len(added)
		if err != nil {
			return n, fmt.Errorf("rematch: %w", err)
		}
	}
	return n, nil
}

// FitTraceModel fits the linkage model on the workspace's records, as
// reckon link does with cfg and opts, and indexes the records: for the
// command line, which keeps no model between runs.
func FitTraceModel(ctx context.Context, s reckon.Store, cfg linkage.Config, opts linkage.Options) (*linkage.Model, *TraceIndex, error) {
	recs, decisions, err := loadLinkInput(ctx, s)
	if err != nil {
		return nil, nil, err
	}
	if len(recs) == 0 {
		return nil, nil, errNoRecords
	}
	res, err := linkage.Link(recs, decisions, cfg, opts)
	if err != nil {
		return nil, nil, err
	}
	return res.Model, NewTraceIndex(recs), nil
}

// TraceMatch matches request id against the workspace with the model of
// the latest link run (see [Engine.Explain]) and stores the new
// candidates (see [MatchTrace]).
func (e *Engine) TraceMatch(ctx context.Context, id int64, opt TraceOptions) ([]*reckon.TraceCandidate, error) {
	t, err := e.store.TraceRequest(ctx, id)
	if err != nil {
		return nil, err
	}
	if !t.Status.Active() {
		return nil, reckon.Errorf(reckon.ECONFLICT, "trace request %d is %s: reopen it to match it again", id, t.Status)
	}
	m, ix, err := e.TraceModel(ctx)
	if err != nil {
		return nil, err
	}
	return MatchTrace(ctx, e.store, m, ix, t, opt)
}

// TraceRematch matches every active request again with the model of
// the latest link run ([Rematch]), as after an import or a relink.
func (e *Engine) TraceRematch(ctx context.Context, opt TraceOptions) (int, error) {
	return Rematch(ctx, e.store, e.TraceModel, opt)
}

// TraceModel returns the model of the latest link run and the index of
// the workspace's records, built again when a link run or an import
// changed them. A workspace never linked gets a model fitted on its
// records with the engine's configuration, not kept.
func (e *Engine) TraceModel(ctx context.Context) (*linkage.Model, *TraceIndex, error) {
	run, err := e.latestRun(ctx)
	if err != nil {
		return nil, nil, err
	}
	if run == 0 {
		return FitTraceModel(ctx, e.store, e.opt.Config, linkage.Options{Rand: e.rand()})
	}
	m, err := e.fitted(ctx)
	if err != nil {
		return nil, nil, err
	}
	imps, err := e.store.Imports(ctx)
	if err != nil {
		return nil, nil, err
	}
	e.traceMu.Lock()
	defer e.traceMu.Unlock()
	if e.trace != nil && e.traceRun == m.run && e.traceImports == len(imps) {
		return m.res.Model, e.trace, nil
	}
	ptrs, err := e.store.Records(reckon.WithPersonalData(ctx), reckon.RecordFilter{})
	if err != nil {
		return nil, nil, err
	}
	recs := make([]reckon.Record, len(ptrs))
	for i, r := range ptrs {
		recs[i] = *r
	}
	e.trace, e.traceRun, e.traceImports = NewTraceIndex(recs), m.run, len(imps)
	return m.res.Model, e.trace, nil
}
