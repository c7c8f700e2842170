package pipeline

import (
	"context"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/linkage"
	"github.com/reckonhq/reckon/names"
	"github.com/reckonhq/reckon/reconcile"
)

// EngineOptions configure an [Engine]. The zero value links with the
// default configuration and seed 1, as reckon link does.
type EngineOptions struct {
	// Config is the linkage configuration of Relink and Explain; the zero
	// Config is linkage's default.
	Config linkage.Config
	// ConfigText is the configuration as the user wrote it, hashed into
	// each link run; "" for the default.
	ConfigText string
	// Seed seeds the random pairs of the linkage model, as reckon link
	// --seed does. 0 means 1.
	Seed uint64
	// Rand, if not nil, returns the random source of each link instead:
	// for a workspace linked with another stream than reckon link's (the
	// demo's).
	Rand func() *rand.Rand
	// Progress, if not nil, hears the stages of a relink (see
	// [linkage.Options]).
	Progress func(stage string, done, total int)
	// Trace configures the matching of open tracing requests after each
	// Relink (see [LinkTraced]): where new candidates are announced.
	Trace TraceOptions
}

// Engine runs the stages that a server offers besides reading the store:
// relinking after a review, reconciling claims, explaining a pair of
// records and finding persons by name in any script. It is safe for
// concurrent use; what it keeps (the fitted linkage model, the name index)
// is rebuilt when the store's latest link run changes.
type Engine struct {
	store reckon.Store
	opt   EngineOptions

	relink sync.Mutex // one relink at a time

	mu    sync.Mutex
	model *engineModel // fitted for model.run
	index *nameIndex   // built for index.run and index.mark
	// protect notices protection changes made by any process: the name
	// index is rebuilt before the next search after one.
	protect reckon.ProtectionWatch
	fitMu   sync.Mutex // one model fit at a time
	idxMu   sync.Mutex // one index build at a time

	revMu  sync.Mutex    // guards review
	review *engineReview // the review queue of one link run

	// traceMu guards the index of records that tracing requests are
	// matched against, built for traceRun and traceImports imports.
	traceMu      sync.Mutex
	trace        *TraceIndex
	traceRun     int64
	traceImports int
}

// NewEngine returns an engine over s.
func NewEngine(s reckon.Store, opt EngineOptions) *Engine {
	if opt.Seed == 0 {
		opt.Seed = 1
	}
	return &Engine{store: s, opt: opt}
}

func (e *Engine) rand() *rand.Rand {
	if e.opt.Rand != nil {
		return e.opt.Rand()
	}
	return rand.New(rand.NewPCG(e.opt.Seed, e.opt.Seed^0x5bd1e995))
}

// Relink links the workspace's records again with the decisions in force
// ([Link] with the engine's configuration) and returns the stored run.
// Concurrent calls run one after the other.
func (e *Engine) Relink(ctx context.Context) (*reckon.LinkRun, error) {
	e.relink.Lock()
	defer e.relink.Unlock()
	run, res, err := LinkTraced(ctx, e.store, e.opt.Config, e.opt.ConfigText, linkage.Options{Rand: e.rand(), Progress: e.opt.Progress}, e.opt.Trace)
	if err != nil {
		return nil, err
	}
	// The model just fitted explains this run's pairs.
	recs, err := e.store.Records(ctx, reckon.RecordFilter{})
	if err == nil && len(recs) == len(res.PersonOf) {
		m := &engineModel{run: run.ID, res: res, index: make(map[int64]int, len(recs))}
		for i, r := range recs {
			m.index[r.ID] = i
		}
		e.mu.Lock()
		e.model = m
		e.mu.Unlock()
	}
	return run, nil
}

// Reconcile puts the claims of measure m beside the latest documented
// minimum and estimates of the whole population ([Reconcile]).
func (e *Engine) Reconcile(ctx context.Context, m reckon.Measure) (*reconcile.View, error) {
	return Reconcile(ctx, e.store, m, "")
}

// latestRun returns the ID of the store's latest link run, 0 when there
// is none.
func (e *Engine) latestRun(ctx context.Context) (int64, error) {
	runs, err := e.store.LinkRuns(ctx)
	if err != nil {
		return 0, err
	}
	if len(runs) == 0 {
		return 0, nil
	}
	return runs[len(runs)-1].ID, nil
}

// engineModel is the linkage model fitted for one link run, with the
// index of each record (by ID) in its input.
type engineModel struct {
	run   int64
	res   *linkage.Result
	index map[int64]int
}

// Explain accounts, field by field, for the match weight of records a
// and b (by ID) under the linkage model of the latest link run. The model
// is refitted once per link run and kept. A record that does not exist
// is ENOTFOUND; a workspace never linked is EINVALID.
func (e *Engine) Explain(ctx context.Context, a, b int64) (*linkage.Explanation, error) {
	m, err := e.fitted(ctx)
	if err != nil {
		return nil, err
	}
	i, ok := m.index[a]
	if !ok {
		return nil, reckon.Errorf(reckon.ENOTFOUND, "record %d not found", a)
	}
	j, ok := m.index[b]
	if !ok {
		return nil, reckon.Errorf(reckon.ENOTFOUND, "record %d not found", b)
	}
	x := m.res.Explain(i, j)
	return &x, nil
}

// fitted returns the model of the latest link run, fitting it when the
// run changed.
func (e *Engine) fitted(ctx context.Context) (*engineModel, error) {
	run, err := e.latestRun(ctx)
	if err != nil {
		return nil, err
	}
	if run == 0 {
		return nil, reckon.Errorf(reckon.EINVALID, "no link run yet: run reckon link first")
	}
	e.mu.Lock()
	m := e.model
	e.mu.Unlock()
	if m != nil && m.run >= run {
		return m, nil
	}
	e.fitMu.Lock()
	defer e.fitMu.Unlock()
	e.mu.Lock()
	m = e.model
	e.mu.Unlock()
	if m != nil && m.run >= run {
		return m, nil
	}
	recs, decisions, err := loadLinkInput(ctx, e.store)
	if err != nil {
		return nil, err
	}
	res, err := linkage.Link(recs, decisions, e.opt.Config, linkage.Options{Rand: e.rand()})
	if err != nil {
		return nil, err
	}
	m = &engineModel{run: run, res: res, index: make(map[int64]int, len(recs))}
	for i, r := range recs {
		m.index[r.ID] = i
	}
	e.mu.Lock()
	if e.model == nil || e.model.run < run {
		e.model = m
	}
	e.mu.Unlock()
	return m, nil
}

// nameIndex maps the name keys of every record to the persons of one
// link run.
type nameIndex struct {
	run  int64
	mark int64 // the store's protection mark (reckon.ProtectionWatch) when built
	nameKeys
	// public is the index of what those who may not see personal data
	// see (reckon.Record.Redacted); nil when no record is protected, so
	// that the common case keeps one index.
	public *nameKeys
}

// nameKeys finds persons by name.
type nameKeys struct {
	keys map[string][]int64 // key -> person IDs, ascending, distinct
	// text holds each person's names, normalised, for a plain substring
	// search when no key matches.
	text []personText
}

type personText struct {
	id   int64
	text string
}

// Search finds persons by name in any script or romanisation: the query
// and every record's name, family name and given name (and the two in
// either order) are turned into name keys ([names.Keys]), and a person
// is found when a key of the query meets a key of one of its records, so
// that "Ri Chol" finds 리철, Ли Чхоль and Lee Cheol. When no key meets,
// the normalised query is looked for inside the names. It returns, in
// ascending order, at most limit IDs (limit <= 0: all) of the persons
// found whose ID is greater than after, so that results page by cursor.
// The index is built from the records once per link run. Unless ctx sees
// personal data (reckon.WithPersonalData), only the names the public may
// see are searched: an embargoed record or a withheld name is not found.
func (e *Engine) Search(ctx context.Context, q string, after int64, limit int) ([]int64, error) {
	full, err := e.nameIndex(ctx)
	if err != nil {
		return nil, err
	}
	ix := &full.nameKeys
	if full.public != nil && !reckon.SeesPersonalData(ctx) {
		ix = full.public
	}
	var lists [][]int64
	for _, k := range queryKeys(q) {
		if l := ix.keys[k]; len(l) > 0 {
			i, _ := slices.BinarySearch(l, after+1)
			lists = append(lists, l[i:])
		}
	}
	found := mergeIDs(lists, limit)
	if len(found) == 0 && len(lists) == 0 {
		if n := names.Normalize(q); n != "" {
			for _, p := range ix.text {
				if p.id > after && strings.Contains(p.text, n) {
					found = append(found, p.id)
					if limit > 0 && len(found) == limit {
						break
					}
				}
			}
		}
	}
	return found, nil
}

// mergeIDs merges ascending lists of IDs into one without repeats, at
// most limit long (limit <= 0: all).
func mergeIDs(lists [][]int64, limit int) []int64 {
	var out []int64
	for limit <= 0 || len(out) < limit {
		best := int64(-1)
		for _, l := range lists {
			if len(l) > 0 && (best < 0 || l[0] < best) {
				best = l[0]
			}
		}
		if best < 0 {
			break
		}
		out = append(out, best)
		for i, l := range lists {
			if len(l) > 0 && l[0] == best {
				lists[i] = l[1:]
			}
		}
	}
	return out
}

// queryKeys returns the keys a query is looked up by: those of the whole
// query and, for a query of several words, of its parts read as family
// and given names in either order.
func queryKeys(q string) []string {
	q = strings.TrimSpace(q)
	if q == "" || len(q) > 200 {
		return nil
	}
	keys := names.Keys(q)
	if f := strings.Fields(names.Normalize(q)); len(f) > 1 {
		swapped := strings.Join(append(f[1:], f[0]), " ")
		keys = append(keys, names.Keys(swapped)...)
	}
	slices.Sort(keys)
	return slices.Compact(keys)
}

// recordKeys returns the keys of a record's names: the full name, the
// family and given names joined in both orders. The parts alone are not
// keyed, so that a query must name the person, not only a common family
// name.
func recordKeys(r *reckon.Record) []string {
	var keys []string
	if r.Name != "" {
		keys = append(keys, names.Keys(r.Name)...)
	}
	fam, giv := strings.TrimSpace(r.FamilyName), strings.TrimSpace(r.GivenName)
	switch {
	case fam != "" && giv != "":
		keys = append(keys, names.Keys(fam+" "+giv)...)
		keys = append(keys, names.Keys(giv+" "+fam)...)
	case fam != "":
		keys = append(keys, names.Keys(fam)...)
	case giv != "":
		keys = append(keys, names.Keys(giv)...)
	}
	slices.Sort(keys)
	return slices.Compact(keys)
}

// indexNames indexes the names of every person, or with redact only what
// the public may see of them, and says whether any record is protected.
func (e *Engine) indexNames(ctx context.Context, ix *nameKeys, redact bool) (protected bool, err error) {
	ix.keys = map[string][]int64{}
	const batch = 5000
	var after int64
	for {
		ps, err := e.store.Persons(ctx, reckon.PersonFilter{AfterID: after, Limit: batch})
		if err != nil {
			return false, err
		}
		for _, p := range ps {
			if redact {
				if p = p.Redacted(); p == nil {
					continue
				}
			}
			var text []string
			for _, r := range p.Records {
				protected = protected || r.Embargoed || len(r.Sensitive) > 0
				for _, k := range recordKeys(r) {
					l := ix.keys[k]
					if len(l) == 0 || l[len(l)-1] != p.ID {
						ix.keys[k] = append(l, p.ID)
					}
				}
				for _, s := range []string{r.Name, r.FamilyName + " " + r.GivenName, r.GivenName + " " + r.FamilyName} {
					if n := names.Normalize(s); n != "" {
						text = append(text, n)
					}
				}
			}
			ix.text = append(ix.text, personText{id: p.ID, text: strings.Join(text, " | ")})
		}
		if len(ps) < batch {
			return protected, nil
		}
		after = ps[len(ps)-1].ID
	}
}

// nameIndex returns the index of the latest link run as the records are
// protected now: a change of protection (reckon records protect, from
// this process or another) rebuilds it before the next search, so that a
// withheld name is not found once the change has returned.
func (e *Engine) nameIndex(ctx context.Context) (*nameIndex, error) {
	run, err := e.latestRun(ctx)
	if err != nil {
		return nil, err
	}
	mark, err := e.protect.Mark(ctx, e.store)
	if err != nil {
		return nil, err
	}
	e.mu.Lock()
	ix := e.index
	e.mu.Unlock()
	if ix != nil && ix.run == run && ix.mark == mark {
		return ix, nil
	}
	e.idxMu.Lock()
	defer e.idxMu.Unlock()
	e.mu.Lock()
	ix = e.index
	e.mu.Unlock()
	if ix != nil && ix.run == run && ix.mark == mark {
		return ix, nil
	}
	ix = &nameIndex{run: run, mark: mark}
	protected, err := e.indexNames(ctx, &ix.nameKeys, false)
	if err != nil {
		return nil, err
	}
	if protected {
		ix.public = &nameKeys{}
		if _, err := e.indexNames(ctx, ix.public, true); err != nil {
			return nil, err
		}
	}
	e.mu.Lock()
	e.index = ix
	e.mu.Unlock()
	return ix, nil
}
