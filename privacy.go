package reckon

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
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

// SeesPersonalData says whether ctx was made by WithPersonalData.
func SeesPersonalData(ctx context.Context) bool {
	ok, _ := ctx.Value(personalKey{}).(bool)
	return ok
}

// Redact returns a view of s whose reads of records, persons, matches
// and decisions are redacted unless the context sees personal data
// (WithPersonalData): sensitive values are removed and embargoed records,
// the persons with no other record and the pairs that involve them are
// left out; a whole copy (Export) is refused. Everything else, writes
// included, passes through.
func Redact(s Store) Store { return redacted{s} }

type redacted struct{ Store }

// pageFill reads pages of items until limit visible ones are found or the
// source is exhausted, so that dropping hidden items never ends paging
// early. get reads up to limit items after a cursor; keep redacts one,
// returning false to drop it; id is the cursor of an item.
func pageFill[T any](limit int, after int64, get func(after int64, limit int) ([]T, error), keep func(T) (T, bool), id func(T) int64) ([]T, error) {
	var out []T
	for {
		items, err := get(after, limit)
		if err != nil {
			return nil, err
		}
		for _, it := range items {
			if v, ok := keep(it); ok {
				out = append(out, v)
			}
		}
		if limit <= 0 || len(items) < limit || len(out) >= limit {
			if limit > 0 && len(out) > limit {
				out = out[:limit]
			}
			return out, nil
		}
		after = id(items[len(items)-1])
	}
}

func (s redacted) Records(ctx context.Context, f RecordFilter) ([]*Record, error) {
	if SeesPersonalData(ctx) {
		return s.Store.Records(ctx, f)
	}
	return pageFill(f.Limit, f.AfterID,
		func(after int64, limit int) ([]*Record, error) {
			g := f
			g.AfterID, g.Limit = after, limit
			return s.Store.Records(ctx, g)
		},
		func(r *Record) (*Record, bool) { v := r.Redacted(); return v, v != nil },
		func(r *Record) int64 { return r.ID })
}

func (s redacted) Person(ctx context.Context, id int64) (*Person, error) {
	p, err := s.Store.Person(ctx, id)
	if err != nil || SeesPersonalData(ctx) {
		return p, err
	}
	if v := p.Redacted(); v != nil {
		return v, nil
	}
	return nil, Errorf(ENOTFOUND, "person %d not found", id)
}

func (s redacted) PersonOfRecord(ctx context.Context, recordID int64) (*Person, error) {
	p, err := s.Store.PersonOfRecord(ctx, recordID)
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
	recs, persons, err := s.Store.RecordsWithPersons(ctx, ids)
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
		return s.Store.Persons(ctx, f)
	}
	return pageFill(f.Limit, f.AfterID,
		func(after int64, limit int) ([]*Person, error) {
			g := f
			g.AfterID, g.Limit = after, limit
			return s.Store.Persons(ctx, g)
		},
		func(p *Person) (*Person, bool) { v := p.Redacted(); return v, v != nil },
		func(p *Person) int64 { return p.ID })
}

// Export refuses a copy of the whole workspace, personal data and all,
// to a context that may not see personal data.
func (s redacted) Export(ctx context.Context, w io.Writer) error {
	if !SeesPersonalData(ctx) {
		return Errorf(EFORBIDDEN, "a copy of the whole workspace holds personal data; it is not public")
	}
	return s.Store.Export(ctx, w)
}

// embargoed returns the ids and keys of the embargoed records.
func (s redacted) embargoed(ctx context.Context) (map[int64]bool, map[RecordKey]bool, error) {
	recs, err := s.Store.Records(ctx, RecordFilter{Embargoed: true})
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
		return s.Store.Matches(ctx, lo, hi, limit)
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
	ms, err := s.Store.Matches(ctx, lo, hi, n)
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
	ds, err := s.Store.Decisions(ctx)
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
