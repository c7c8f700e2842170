package reckon

import (
	"context"
	"fmt"
	"io"
	"iter"
	"maps"
	"slices"
	"strings"
	"sync"
)

// Personal data. Records name the dead and often their relatives, home
// addresses and contacts. The importer marks such fields sensitive
// (Record.Sensitive) or a whole record embargoed (Record.Embargoed); those
// who may not see personal data (viewers, the public API, public exports)
// get the redacted view: sensitive values removed, embargoed records left
// out. The full view is given only to a context made by WithPersonalData.

// RecordFields are the fields of a record that can be sensitive, by
// their column names; any attribute key can be sensitive too. The list
// and record_id, which identify a record, cannot.
var RecordFields = []string{"family_name", "given_name", "name", "sex", "birth_date", "death_date",
	"death_place", "unit", "rank", "home_town", "source_url"}

// CheckSensitiveName says whether name can be marked sensitive.
func CheckSensitiveName(name string) error {
	switch {
	case name == "":
		return Errorf(EINVALID, "empty sensitive field name")
	case name == "record_id" || name == "list":
		return Errorf(EINVALID, "%s identifies the record and cannot be sensitive (embargo the record instead)", name)
	case strings.ContainsAny(name, ",;"):
		return Errorf(EINVALID, "sensitive field name %s contains a separator", Quote(name))
	}
	return nil
}

// Validate returns an error of code invalid for a record a store must
// refuse: one without its record id or its list, or one whose sensitive
// fields are not names [CheckSensitiveName] accepts.
func (r *Record) Validate() error {
	if r.RecordID == "" || r.List == "" {
		return Errorf(EINVALID, "record without record_id or list")
	}
	return r.CheckSensitive()
}

// CheckSensitive checks the names of r's sensitive fields.
func (r *Record) CheckSensitive() error {
	for _, f := range r.Sensitive {
		if err := CheckSensitiveName(f); err != nil {
			return Errorf(EINVALID, "record %s of list %s: %s", Quote(r.RecordID), Quote(r.List), err.(*Error).Message)
		}
	}
	return nil
}

// Redacted returns r as those who may not see personal data see it: a
// copy without the values of its sensitive fields (Sensitive still names
// them, so that a reader knows something is withheld), or nil when r is
// embargoed. A record with nothing sensitive is returned as it is.
func (r *Record) Redacted() *Record {
	if r.Embargoed {
		return nil
	}
	if len(r.Sensitive) == 0 {
		return r
	}
	c := *r
	c.Sensitive = slices.Clone(r.Sensitive)
	if len(r.Attributes) > 0 {
		c.Attributes = make(map[string]string, len(r.Attributes))
		for k, v := range r.Attributes {
			c.Attributes[k] = v
		}
	}
	for _, f := range r.Sensitive {
		switch f {
		case "family_name":
			c.FamilyName = ""
		case "given_name":
			c.GivenName = ""
		case "name":
			c.Name = ""
		case "sex":
			c.Sex = ""
		case "birth_date":
			c.BirthDate = Date{}
		case "death_date":
			c.DeathDate = Date{}
		case "death_place":
			c.DeathPlace = ""
		case "unit":
			c.Unit = ""
		case "rank":
			c.Rank = ""
		case "home_town":
			c.HomeTown = ""
		case "source_url":
			c.SourceURL = ""
		default:
			delete(c.Attributes, f)
		}
	}
	if len(c.Attributes) == 0 {
		c.Attributes = nil
	}
	return &c
}

// Redacted returns p with its records redacted and its embargoed records
// left out, or nil when none is left.
func (p *Person) Redacted() *Person {
	var recs []*Record
	changed := false
	for _, r := range p.Records {
		v := r.Redacted()
		if v != r {
			changed = true
		}
		if v != nil {
			recs = append(recs, v)
		}
	}
	if !changed {
		return p
	}
	if len(recs) == 0 {
		return nil
	}
	return &Person{ID: p.ID, Records: recs}
}

type personalKey struct{}

// WithPersonalData returns a context whose reads through a Redact store
// see records whole. Give it only to those who may see personal data.
func WithPersonalData(ctx context.Context) context.Context {
	return context.WithValue(ctx, personalKey{}, true)
}

// PublicView returns a context whose reads through a Redact store see
// what the public sees, whatever ctx could see: for the public roll,
// which shows every reader, signed in or not, the same page, and for
// building a release.
func PublicView(ctx context.Context) context.Context {
	return context.WithValue(ctx, personalKey{}, false)
}

// SeesPersonalData says whether ctx was made by WithPersonalData.
func SeesPersonalData(ctx context.Context) bool {
	ok, _ := ctx.Value(personalKey{}).(bool)
	return ok
}

// Redact returns a view of s whose reads are redacted unless the context
// sees personal data (WithPersonalData): sensitive values are removed and
// embargoed records, the persons with no other record and the pairs that
// involve them are left out; a link run's diagnostics are withheld; see
// [RedactWith] for what each method shows. Writes pass through.
func Redact(s Store) Store { return RedactWith(s, RedactOptions{}) }

// RedactOptions configure the view of [RedactWith]. The zero value
// withholds what this package cannot read itself.
type RedactOptions struct {
	// Run returns a link run as those who may not see personal data may
	// see it: its Stats are the diagnostics of the linkage model, whose
	// format this package does not know, and can name records (package
	// pipeline's RedactRun). Nil: the Stats are withheld whole.
	Run func(*LinkRun) *LinkRun
}

// RedactWith is [Redact] with options. The view decides, method by
// method, what a context that may not see personal data gets:
//
//   - records, persons, records with their persons: redacted
//     ([Record.Redacted], [Person.Redacted]); a filter on records (the
//     list of persons) applies to what is left after redaction, so that
//     it does not tell where an embargoed record is;
//   - matches and decisions: those involving an embargoed record are left
//     out, and so are reviewers' reasons;
//   - imports: without the hash of the file, which a guess of the file's
//     values can be checked against;
//   - link runs: redacted by [RedactOptions.Run];
//   - estimates: whole, except the input's counts by pattern of lists
//     when records under embargo count in it: those are suppressed
//     ([SuppressInput]) and the input's hash is withheld;
//   - the audit log's events, whose before and after hold changed records,
//     decisions and reasons, and a copy of the whole workspace: refused
//     (EFORBIDDEN); the log's check (count and head) is shown;
//   - sources, documents, claims and reviews of claims: whole, they hold
//     published text and the figures in it, not personal data;
//   - releases and their files: whole; they are frozen copies of this
//     view (package release) and public by construction;
//   - reports of corrections: refused (EFORBIDDEN), reading and
//     resolving; adding one passes through;
//   - users and tokens: whole, since signing in reads them before anyone
//     is known; the server shows them only to administrators.
//
// Every method of [Store] is written out, so that a new one does not
// compile here until someone decides what the public sees of it.
func RedactWith(s Store, opt RedactOptions) Store { return redacted{s: s, opt: opt} }

// redacted forwards every method explicitly: no embedding, so that a
// method added to Store is a compile error here, not a leak.
type redacted struct {
	s   Store
	opt RedactOptions
}

var _ Store = redacted{}

// Writes and reads that hold no personal data pass through.

func (s redacted) CreateSource(ctx context.Context, src *Source) error {
	return s.s.CreateSource(ctx, src)
}
func (s redacted) UpdateSource(ctx context.Context, src *Source) error {
	return s.s.UpdateSource(ctx, src)
}
func (s redacted) Source(ctx context.Context, id int64) (*Source, error) { return s.s.Source(ctx, id) }
func (s redacted) SourceByName(ctx context.Context, name string) (*Source, error) {
	return s.s.SourceByName(ctx, name)
}
func (s redacted) Sources(ctx context.Context) ([]*Source, error) { return s.s.Sources(ctx) }

func (s redacted) AddDocument(ctx context.Context, d *Document, chunks iter.Seq2[Chunk, error]) (bool, error) {
	return s.s.AddDocument(ctx, d, chunks)
}
func (s redacted) Document(ctx context.Context, id int64) (*Document, error) {
	return s.s.Document(ctx, id)
}
func (s redacted) Documents(ctx context.Context, f DocumentFilter) ([]*Document, error) {
	return s.s.Documents(ctx, f)
}
func (s redacted) DocumentText(ctx context.Context, id int64, start, end int64) (string, error) {
	return s.s.DocumentText(ctx, id, start, end)
}

func (s redacted) Claim(ctx context.Context, id int64) (*Claim, error) { return s.s.Claim(ctx, id) }
func (s redacted) Claims(ctx context.Context, f ClaimFilter) ([]*Claim, error) {
	return s.s.Claims(ctx, f)
}
func (s redacted) ReviewClaim(ctx context.Context, id int64, r *Review, e *ClaimEdit) (*Claim, error) {
	return s.s.ReviewClaim(ctx, id, r, e)
}
func (s redacted) Reviews(ctx context.Context, claimID int64) ([]*Review, error) {
	return s.s.Reviews(ctx, claimID)
}
func (s redacted) AddClaim(ctx context.Context, c *Claim, r *Review) error {
	return s.s.AddClaim(ctx, c, r)
}

func (s redacted) ImportRecords(ctx context.Context, imp *Import, recs iter.Seq2[*Record, error]) (bool, error) {
	return s.s.ImportRecords(ctx, imp, recs)
}
func (s redacted) ProtectRecord(ctx context.Context, key RecordKey, sensitive []string, embargoed bool) error {
	return s.s.ProtectRecord(ctx, key, sensitive, embargoed)
}
func (s redacted) SaveLinkage(ctx context.Context, run *LinkRun, clusters [][]int64, matches []Match) error {
	return s.s.SaveLinkage(ctx, run, clusters, matches)
}
func (s redacted) AddDecision(ctx context.Context, d *Decision) error { return s.s.AddDecision(ctx, d) }
func (s redacted) UndoDecision(ctx context.Context, id int64) error   { return s.s.UndoDecision(ctx, id) }
func (s redacted) SaveEstimate(ctx context.Context, e *Estimate) error {
	return s.s.SaveEstimate(ctx, e)
}

func (s redacted) CreateUser(ctx context.Context, u *User, passwordHash string) error {
	return s.s.CreateUser(ctx, u, passwordHash)
}
func (s redacted) UserByName(ctx context.Context, name string) (*User, error) {
	return s.s.UserByName(ctx, name)
}
func (s redacted) Users(ctx context.Context) ([]*User, error) { return s.s.Users(ctx) }
func (s redacted) PasswordHash(ctx context.Context, userID int64) (string, error) {
	return s.s.PasswordHash(ctx, userID)
}
func (s redacted) UpdateUser(ctx context.Context, u *User, passwordHash string) error {
	return s.s.UpdateUser(ctx, u, passwordHash)
}
func (s redacted) EndSessions(ctx context.Context, userID int64) error {
	return s.s.EndSessions(ctx, userID)
}
func (s redacted) CreateToken(ctx context.Context, t *Token, secretHash string) error {
	return s.s.CreateToken(ctx, t, secretHash)
}
func (s redacted) TokenUser(ctx context.Context, secretHash string) (*Token, *User, error) {
	return s.s.TokenUser(ctx, secretHash)
}
func (s redacted) Tokens(ctx context.Context, userID int64) ([]*Token, error) {
	return s.s.Tokens(ctx, userID)
}
func (s redacted) RevokeToken(ctx context.Context, id int64) error { return s.s.RevokeToken(ctx, id) }

// Releases pass through: a release's files are built from this view
// (see package release) and are public by construction.
func (s redacted) CreateRelease(ctx context.Context, r *Release, files []ReleaseFile) error {
	return s.s.CreateRelease(ctx, r, files)
}
func (s redacted) Release(ctx context.Context, name string) (*Release, error) {
	return s.s.Release(ctx, name)
}
func (s redacted) Releases(ctx context.Context) ([]*Release, error) { return s.s.Releases(ctx) }
func (s redacted) ReleaseFile(ctx context.Context, release, file string) (*ReleaseFile, error) {
	return s.s.ReleaseFile(ctx, release, file)
}

// AddCorrection and ResolveCorrection pass through: anyone may report,
// and the server lets only analysts resolve.
func (s redacted) AddCorrection(ctx context.Context, c *Correction) error {
	return s.s.AddCorrection(ctx, c)
}
func (s redacted) ResolveCorrection(ctx context.Context, id int64, r *Resolution) (*Correction, error) {
	if !SeesPersonalData(ctx) {
		return nil, errCorrectionsPrivate
	}
	return s.s.ResolveCorrection(ctx, id, r)
}

// errCorrectionsPrivate refuses the queue of reports to a context that may
// not see personal data.
var errCorrectionsPrivate = Errorf(EFORBIDDEN, "reports of corrections hold their reporters' contacts and what families ask; they are not public")

// Correction and Corrections refuse the queue of reports to a context
// that may not see personal data: reports name their reporters, how to
// reach them, and which persons a family asked to withhold.
func (s redacted) Correction(ctx context.Context, id int64) (*Correction, error) {
	if !SeesPersonalData(ctx) {
		return nil, errCorrectionsPrivate
	}
	return s.s.Correction(ctx, id)
}
func (s redacted) Corrections(ctx context.Context, f CorrectionFilter) ([]*Correction, error) {
	if !SeesPersonalData(ctx) {
		return nil, errCorrectionsPrivate
	}
	return s.s.Corrections(ctx, f)
}

func (s redacted) VerifyAudit(ctx context.Context) (*AuditCheck, error) { return s.s.VerifyAudit(ctx) }
func (s redacted) Import(ctx context.Context, r io.Reader) error        { return s.s.Import(ctx, r) }
func (s redacted) Close() error                                         { return s.s.Close() }

// Events refuses the audit log to a context that may not see personal
// data: the before and after of its events hold records' protection,
// decisions on embargoed records and reviewers' reasons.
func (s redacted) Events(ctx context.Context, f EventFilter) ([]*Event, error) {
	if !SeesPersonalData(ctx) {
		return nil, Errorf(EFORBIDDEN, "the audit log holds personal data (changed records, decisions and their reasons); it is not public")
	}
	return s.s.Events(ctx, f)
}

// Imports withholds the hash of each file from a context that may not
// see personal data: the hash of a small file of known layout confirms a
// guess of its values. A list whose every record is under embargo is not
// named either: its count goes from an import of several lists, and an
// import of it alone is left out.
func (s redacted) Imports(ctx context.Context) ([]*Import, error) {
	imps, err := s.s.Imports(ctx)
	if err != nil || SeesPersonalData(ctx) {
		return imps, err
	}
	// A list whose every record is under embargo is not named: its
	// per-list count goes, and an import of it alone is left out.
	emb, err := s.s.Records(WithPersonalData(ctx), RecordFilter{Embargoed: true})
	if err != nil {
		return nil, err
	}
	hidden := map[string]int{}
	for _, r := range emb {
		hidden[r.List]++
	}
	if len(hidden) > 0 {
		total := map[string]int{}
		for _, imp := range imps {
			for l, n := range imp.ListRecords() {
				total[l] += n
			}
		}
		for l, n := range hidden {
			if n < total[l] {
				delete(hidden, l) // some of the list is public
			}
		}
	}
	out := make([]*Import, 0, len(imps))
	for _, imp := range imps {
		c := *imp
		c.Hash = ""
		if len(c.Lists) > 0 && len(hidden) > 0 {
			c.Lists = maps.Clone(c.Lists)
			for l, n := range c.Lists {
				if _, ok := hidden[l]; ok {
					delete(c.Lists, l)
					c.Records -= n
				}
			}
		}
		if _, ok := hidden[c.List]; ok && len(c.Lists) == 0 {
			continue
		}
		out = append(out, &c)
	}
	return out, nil
}

// LinkRuns gives each run as [RedactOptions.Run] makes it.
func (s redacted) LinkRuns(ctx context.Context) ([]*LinkRun, error) {
	runs, err := s.s.LinkRuns(ctx)
	if err != nil || SeesPersonalData(ctx) {
		return runs, err
	}
	out := make([]*LinkRun, len(runs))
	for i, r := range runs {
		if s.opt.Run != nil {
			out[i] = s.opt.Run(r)
		} else {
			c := *r
			c.Stats = ""
			out[i] = &c
		}
	}
	return out, nil
}

// pageFill reads pages of items until limit visible ones are found or the
// source is exhausted, so that dropping hidden items never ends paging
// early. get reads up to n items after a cursor; keep redacts one,
// returning false to drop it; id is the cursor of an item. Each page read
// after the first is twice as large, up to maxFill, so that a stretch of
// hidden items (a list mostly under embargo) costs few reads.
func pageFill[T any](limit int, after int64, get func(after int64, n int) ([]T, error), keep func(T) (T, bool), id func(T) int64) ([]T, error) {
	var out []T
	n := limit
	for {
		items, err := get(after, n)
		if err != nil {
			return nil, err
		}
		for _, it := range items {
			if v, ok := keep(it); ok {
				out = append(out, v)
			}
		}
		if limit <= 0 || len(items) < n || len(out) >= limit {
			if limit > 0 && len(out) > limit {
				out = out[:limit] // the caller's cursor resumes after the last kept
			}
			return out, nil
		}
		after = id(items[len(items)-1])
		n = max(n, min(2*n, maxFill))
	}
}

// maxFill caps the pages that pageFill reads.
const maxFill = 5000

func (s redacted) Records(ctx context.Context, f RecordFilter) ([]*Record, error) {
	if SeesPersonalData(ctx) {
		return s.s.Records(ctx, f)
	}
	return pageFill(f.Limit, f.AfterID,
		func(after int64, limit int) ([]*Record, error) {
			g := f
			g.AfterID, g.Limit = after, limit
			return s.s.Records(ctx, g)
		},
		func(r *Record) (*Record, bool) { v := r.Redacted(); return v, v != nil },
		func(r *Record) int64 { return r.ID })
}

func (s redacted) Person(ctx context.Context, id int64) (*Person, error) {
	p, err := s.s.Person(ctx, id)
	if err != nil || SeesPersonalData(ctx) {
		return p, err
	}
	if v := p.Redacted(); v != nil {
		return v, nil
	}
	return nil, Errorf(ENOTFOUND, "person %d not found", id)
}

func (s redacted) PersonOfRecord(ctx context.Context, recordID int64) (*Person, error) {
	p, err := s.s.PersonOfRecord(ctx, recordID)
	if err != nil || SeesPersonalData(ctx) {
		return p, err
	}
	for _, r := range p.Records {
		if r.ID == recordID && r.Embargoed {
			return nil, Errorf(ENOTFOUND, "record %d not found", recordID)
		}
	}
	return p.Redacted(), nil
}

func (s redacted) RecordsWithPersons(ctx context.Context, ids []int64) ([]*Record, []int64, error) {
	recs, persons, err := s.s.RecordsWithPersons(ctx, ids)
	if err != nil || SeesPersonalData(ctx) {
		return recs, persons, err
	}
	var outR []*Record
	var outP []int64
	for i, r := range recs {
		if v := r.Redacted(); v != nil {
			outR = append(outR, v)
			outP = append(outP, persons[i])
		}
	}
	return outR, outP, nil
}

func (s redacted) Persons(ctx context.Context, f PersonFilter) ([]*Person, error) {
	if SeesPersonalData(ctx) {
		return s.s.Persons(ctx, f)
	}
	return pageFill(f.Limit, f.AfterID,
		func(after int64, limit int) ([]*Person, error) {
			g := f
			g.AfterID, g.Limit = after, limit
			return s.s.Persons(ctx, g)
		},
		func(p *Person) (*Person, bool) {
			v := p.Redacted()
			// The list filter applies to what is left: a person whose
			// only record of the list is embargoed is not of it.
			ok := v != nil && (f.List == "" || slices.ContainsFunc(v.Records, func(r *Record) bool { return r.List == f.List }))
			return v, ok
		},
		func(p *Person) int64 { return p.ID })
}

// Export refuses a copy of the whole workspace, personal data and all,
// to a context that may not see personal data.
func (s redacted) Export(ctx context.Context, w io.Writer) error {
	if !SeesPersonalData(ctx) {
		return Errorf(EFORBIDDEN, "a copy of the whole workspace holds personal data; it is not public")
	}
	return s.s.Export(ctx, w)
}

// embargoed returns the ids and keys of the embargoed records.
func (s redacted) embargoed(ctx context.Context) (map[int64]bool, map[RecordKey]bool, error) {
	recs, err := s.s.Records(ctx, RecordFilter{Embargoed: true})
	if err != nil {
		return nil, nil, err
	}
	ids, keys := make(map[int64]bool, len(recs)), make(map[RecordKey]bool, len(recs))
	for _, r := range recs {
		ids[r.ID], keys[r.Key()] = true, true
	}
	return ids, keys, nil
}

func (s redacted) Matches(ctx context.Context, lo, hi float64, limit int) ([]Match, error) {
	if SeesPersonalData(ctx) {
		return s.s.Matches(ctx, lo, hi, limit)
	}
	hidden, _, err := s.embargoed(ctx)
	if err != nil {
		return nil, err
	}
	// Enough more to make up for the pairs left out.
	n := limit
	if n > 0 {
		n += 2 * len(hidden)
	}
	ms, err := s.s.Matches(ctx, lo, hi, n)
	if err != nil {
		return nil, err
	}
	out := ms[:0:0]
	for _, m := range ms {
		if !hidden[m.A] && !hidden[m.B] && (limit <= 0 || len(out) < limit) {
			out = append(out, m)
		}
	}
	return out, nil
}

// Decisions leaves out the decisions on embargoed records and, since a
// reviewer's reason may quote what it saw, every reason.
func (s redacted) Decisions(ctx context.Context) ([]*Decision, error) {
	ds, err := s.s.Decisions(ctx)
	if err != nil || SeesPersonalData(ctx) || len(ds) == 0 {
		return ds, err
	}
	_, hidden, err := s.embargoed(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]*Decision, 0, len(ds))
	for _, d := range ds {
		if !hidden[d.A] && !hidden[d.B] {
			c := *d
			c.Why = ""
			out = append(out, &c)
		}
	}
	return out, nil
}

// InputWithheld is the warning an estimate carries when the redacted view
// withholds its input from those who may not see personal data.
const InputWithheld = "the input of this estimate (persons by the lists that saw them) counts records under embargo: " +
	"it is shown only to those who may see personal data, since a count beside the public roll could single out a person; the figures stay public"

// embargoedLists returns the lists that hold an embargoed record.
func (s redacted) embargoedLists(ctx context.Context) (map[string]bool, error) {
	recs, err := s.s.Records(ctx, RecordFilter{Embargoed: true})
	if err != nil {
		return nil, err
	}
	lists := map[string]bool{}
	for _, r := range recs {
		lists[r.List] = true
	}
	return lists, nil
}

// publicEstimate returns e as those who may not see personal data see
// it: whole, unless a list of it holds an embargoed record, when its
// input and the input's hash (which would confirm a guess of the input)
// are withheld and a warning says so. The estimate itself keeps using
// every record.
func publicEstimate(e *Estimate, embargoed map[string]bool) *Estimate {
	if !slices.ContainsFunc(e.Lists, func(l string) bool { return embargoed[l] }) {
		return e
	}
	c := *e
	c.Input, c.InputHash = "", ""
	c.Warnings = append(slices.Clone(e.Warnings), InputWithheld)
	return &c
}

// Estimate withholds the input of an estimate that counts an embargoed
// record (see publicEstimate).
func (s redacted) Estimate(ctx context.Context, id int64) (*Estimate, error) {
	e, err := s.s.Estimate(ctx, id)
	if err != nil || SeesPersonalData(ctx) {
		return e, err
	}
	emb, err := s.embargoedLists(ctx)
	if err != nil {
		return nil, err
	}
	return publicEstimate(e, emb), nil
}

// Estimates withholds the inputs that count an embargoed record (see
// publicEstimate).
func (s redacted) Estimates(ctx context.Context, f EstimateFilter) ([]*Estimate, error) {
	es, err := s.s.Estimates(ctx, f)
	if err != nil || SeesPersonalData(ctx) || len(es) == 0 {
		return es, err
	}
	emb, err := s.embargoedLists(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]*Estimate, len(es))
	for i, e := range es {
		out[i] = publicEstimate(e, emb)
	}
	return out, nil
}

// ProtectionWatch notices changes of records' protection made through
// any handle of a store, by this process or another (reckon records
// protect beside a running server), so that whoever keeps what it built
// from records (a name index, cached answers) can drop it before it
// answers again. [RecordStore.ProtectRecord] appends an audit event of
// entity "record" in the same transaction as the change; the watch reads
// only the events after the last one it saw. The zero ProtectionWatch is
// ready to use and safe for concurrent use.
type ProtectionWatch struct {
	mu   sync.Mutex
	seen int64 // the latest protection event read
}

// Mark returns the ID of the latest protection event of s, 0 when there
// is none: a change of it means that some record's protection changed.
// It reads the audit log whole (the view of WithPersonalData), but
// returns only a number.
func (w *ProtectionWatch) Mark(ctx context.Context, s AuditStore) (int64, error) {
	w.mu.Lock()
	after := w.seen
	w.mu.Unlock()
	ctx = WithPersonalData(ctx)
	const batch = 1000
	for {
		evs, err := s.Events(ctx, EventFilter{Entity: "record", AfterID: after, Limit: batch})
		if err != nil {
			return 0, fmt.Errorf("read protection changes: %w", err)
		}
		if len(evs) > 0 {
			after = evs[len(evs)-1].ID
		}
		if len(evs) < batch {
			break
		}
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.seen = max(w.seen, after)
	return w.seen, nil
}

// Protection describes a record's protection for tables: "embargoed", the
// sensitive fields, or "".
func (r *Record) Protection() string {
	if r.Embargoed {
		return "embargoed"
	}
	if len(r.Sensitive) > 0 {
		return fmt.Sprintf("sensitive: %s", strings.Join(r.Sensitive, ", "))
	}
	return ""
}
