package release

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"

	"github.com/reckonhq/reckon"
)

// The entities of a release's tables, in the order a feed lists them.
const (
	EntityPerson   = "person"
	EntityRecord   = "record"
	EntityClaim    = "claim"
	EntityEstimate = "estimate"
)

var entities = []string{EntityPerson, EntityRecord, EntityClaim, EntityEstimate}

// The kinds of change a feed lists.
const (
	Added     = "added"     // new in the later release; Value holds it
	Changed   = "changed"   // in both, different; Value holds it as it now is
	Merged    = "merged"    // a person whose records were of several persons (From); Value holds it
	Split     = "split"     // a person whose records went to several persons (Into)
	Withheld  = "withheld"  // a record that was public and is now under embargo, or a person of only such records: no values
	Withdrawn = "withdrawn" // gone from the public view for another reason (a claim rejected, a record removed)
)

// Tables are the public tables of a release: each row's JSON as the
// release's file holds it, by its key's JSON (a number for persons,
// claims and estimates; {"list":…,"record_id":…} for records).
type Tables struct {
	Name     string
	Rows     map[string]map[string]json.RawMessage // by entity, then key
	Withheld map[string]bool                       // record keys listed in withheld.json
}

// tableFiles are the files Tables read, by entity, with the key of a row.
var tableFiles = map[string]string{EntityPerson: "persons.json", EntityRecord: "records.json", EntityClaim: "claims.json", EntityEstimate: "estimates.json"}

// rowKey returns the key of a row of entity, as JSON.
func rowKey(entity string, row json.RawMessage) (string, error) {
	var k struct {
		PersonID   *int64  `json:"person_id"`
		List       *string `json:"list"`
		RecordID   *string `json:"record_id"`
		ClaimID    *int64  `json:"claim_id"`
		EstimateID *int64  `json:"estimate_id"`
	}
	if err := json.Unmarshal(row, &k); err != nil {
		return "", err
	}
	var id *int64
	switch entity {
	case EntityRecord:
		if k.List == nil || k.RecordID == nil {
			return "", fmt.Errorf("a record without its list and record_id")
		}
		return recordKey(*k.List, *k.RecordID), nil
	case EntityPerson:
		id = k.PersonID
	case EntityClaim:
		id = k.ClaimID
	case EntityEstimate:
		id = k.EstimateID
	}
	if id == nil {
		return "", fmt.Errorf("a %s without its id", entity)
	}
	return strconv.FormatInt(*id, 10), nil
}

func recordKey(list, id string) string {
	b, _ := json.Marshal(reckon.RecordKey{List: list, RecordID: id})
	return string(b)
}

// LoadTables reads the tables of a release from its files, by name.
func LoadTables(name string, files map[string][]byte) (*Tables, error) {
	t := &Tables{Name: name, Rows: map[string]map[string]json.RawMessage{}, Withheld: map[string]bool{}}
	for _, e := range entities {
		var rows []json.RawMessage
		if err := json.Unmarshal(files[tableFiles[e]], &rows); err != nil {
			return nil, fmt.Errorf("release %s %s: %w", name, tableFiles[e], err)
		}
		m := make(map[string]json.RawMessage, len(rows))
		for i, r := range rows {
			k, err := rowKey(e, r)
			if err != nil {
				return nil, fmt.Errorf("release %s %s row %d: %w", name, tableFiles[e], i+1, err)
			}
			m[k] = r
		}
		t.Rows[e] = m
	}
	var withheld []reckon.RecordKey
	if err := json.Unmarshal(files["withheld.json"], &withheld); err != nil {
		return nil, fmt.Errorf("release %s withheld.json: %w", name, err)
	}
	for _, k := range withheld {
		t.Withheld[recordKey(k.List, k.RecordID)] = true
	}
	return t, nil
}

// ReadTables reads the tables of the release of that name from s.
func ReadTables(ctx context.Context, s reckon.ReleaseStore, name string) (*Tables, error) {
	files := map[string][]byte{}
	for _, f := range append(slices.Collect(maps.Values(tableFiles)), "withheld.json") {
		rf, err := s.ReleaseFile(ctx, name, f)
		if err != nil {
			return nil, err
		}
		files[f] = rf.Data
	}
	return LoadTables(name, files)
}

// Change is one entry of the change feed.
type Change struct {
	Entity string          `json:"entity"`
	Kind   string          `json:"kind"`
	Key    json.RawMessage `json:"key"`
	From   []int64         `json:"from,omitempty"`  // merged: the persons whose records it joins
	Into   []int64         `json:"into,omitempty"`  // split: the persons its records went to
	Value  json.RawMessage `json:"value,omitempty"` // added, changed, merged: the row as it now is
}

// membership maps each record key of a release to its person.
func membership(t *Tables) (map[string]int64, error) {
	of := map[string]int64{}
	for _, row := range t.Rows[EntityPerson] {
		var p struct {
			PersonID int64              `json:"person_id"`
			Records  []reckon.RecordKey `json:"records"`
		}
		if err := json.Unmarshal(row, &p); err != nil {
			return nil, err
		}
		for _, k := range p.Records {
			of[recordKey(k.List, k.RecordID)] = p.PersonID
		}
	}
	return of, nil
}

// relinking says, for the persons of b, which persons of a their records
// were of, and for those of a, which persons of b theirs went to.
func relinking(a, b *Tables) (from, into map[int64][]int64, err error) {
	ma, err := membership(a)
	if err != nil {
		return nil, nil, err
	}
	mb, err := membership(b)
	if err != nil {
		return nil, nil, err
	}
	from, into = map[int64][]int64{}, map[int64][]int64{}
	for k, pb := range mb {
		if pa, ok := ma[k]; ok {
			if !slices.Contains(from[pb], pa) {
				from[pb] = append(from[pb], pa)
			}
			if !slices.Contains(into[pa], pb) {
				into[pa] = append(into[pa], pb)
			}
		}
	}
	for _, m := range []map[int64][]int64{from, into} {
		for _, v := range m {
			slices.Sort(v)
		}
	}
	return from, into, nil
}

// Changes lists what changed from release a to release b: every row
// added, changed or gone, and the persons merged or split by relinking.
// It reads only the releases' tables, which hold only the public view.
// The list is sorted by entity, then key, then kind; [Apply] of it to a
// gives b.
func Changes(a, b *Tables) ([]Change, error) {
	var out []Change
	from, into, err := relinking(a, b)
	if err != nil {
		return nil, err
	}
	idKey := func(id int64) json.RawMessage { return json.RawMessage(strconv.FormatInt(id, 10)) }
	// Persons first: merges and splits explain most of a total's move.
	pa, pb := a.Rows[EntityPerson], b.Rows[EntityPerson]
	goneInto := map[int64]bool{} // persons of a whose records are in some person of b
	for id, ps := range into {
		goneInto[id] = len(ps) > 0
	}
	for k, row := range pb {
		id, _ := strconv.ParseInt(k, 10, 64)
		srcs := from[id]
		others := slices.DeleteFunc(slices.Clone(srcs), func(x int64) bool { return x == id })
		_, existed := pa[k]
		switch {
		// Merged: its records were of several persons, or of one that is
		// gone (which nothing else would then remove).
		case len(srcs) >= 2 || len(others) == 1 && pb[strconv.FormatInt(others[0], 10)] == nil:
			out = append(out, Change{Entity: EntityPerson, Kind: Merged, Key: idKey(id), From: srcs, Value: row})
		case !existed:
			out = append(out, Change{Entity: EntityPerson, Kind: Added, Key: idKey(id), Value: row})
		case !bytes.Equal(pa[k], row):
			out = append(out, Change{Entity: EntityPerson, Kind: Changed, Key: idKey(id), Value: row})
		}
	}
	for k, row := range pa {
		id, _ := strconv.ParseInt(k, 10, 64)
		if len(into[id]) >= 2 {
			out = append(out, Change{Entity: EntityPerson, Kind: Split, Key: idKey(id), Into: into[id]})
			continue
		}
		if _, ok := pb[k]; ok || goneInto[id] {
			continue // still there, or its records are in a merged person
		}
		out = append(out, Change{Entity: EntityPerson, Kind: gone(a, b, row), Key: idKey(id)})
	}
	for _, e := range entities[1:] {
		ra, rb := a.Rows[e], b.Rows[e]
		for k, row := range rb {
			switch old, ok := ra[k]; {
			case !ok:
				out = append(out, Change{Entity: e, Kind: Added, Key: json.RawMessage(k), Value: row})
			case !bytes.Equal(old, row):
				out = append(out, Change{Entity: e, Kind: Changed, Key: json.RawMessage(k), Value: row})
			}
		}
		for k := range ra {
			if _, ok := rb[k]; ok {
				continue
			}
			kind := Withdrawn
			if e == EntityRecord && b.Withheld[k] {
				kind = Withheld
			}
			out = append(out, Change{Entity: e, Kind: kind, Key: json.RawMessage(k)})
		}
	}
	rank := map[string]int{}
	for i, e := range entities {
		rank[e] = i
	}
	slices.SortFunc(out, func(x, y Change) int {
		return cmp.Or(cmp.Compare(rank[x.Entity], rank[y.Entity]), compareKeys(x.Key, y.Key), cmp.Compare(x.Kind, y.Kind))
	})
	return out, nil
}

// gone says why a person of a is in no person of b: withheld when every
// record of it is withheld in b, else withdrawn.
func gone(a, b *Tables, row json.RawMessage) string {
	var p struct {
		Records []reckon.RecordKey `json:"records"`
	}
	if json.Unmarshal(row, &p) != nil || len(p.Records) == 0 {
		return Withdrawn
	}
	for _, k := range p.Records {
		if !b.Withheld[recordKey(k.List, k.RecordID)] {
			return Withdrawn
		}
	}
	return Withheld
}

// compareKeys orders numeric keys as numbers, others as bytes.
func compareKeys(a, b json.RawMessage) int {
	x, errx := strconv.ParseInt(string(a), 10, 64)
	y, erry := strconv.ParseInt(string(b), 10, 64)
	if errx == nil && erry == nil {
		return cmp.Compare(x, y)
	}
	return bytes.Compare(a, b)
}

// Apply applies changes to a copy of t's tables and returns it: first
// every removal (withheld, withdrawn, the persons a merge joins or a
// split divides), then every row set (added, changed, merged), so that
// the order of the changes does not matter.
func Apply(t *Tables, changes []Change) *Tables {
	out := &Tables{Name: t.Name, Rows: map[string]map[string]json.RawMessage{}, Withheld: maps.Clone(t.Withheld)}
	for e, rows := range t.Rows {
		out.Rows[e] = maps.Clone(rows)
	}
	for _, c := range changes {
		rows := out.Rows[c.Entity]
		if rows == nil {
			rows = map[string]json.RawMessage{}
			out.Rows[c.Entity] = rows
		}
		switch c.Kind {
		case Withheld, Withdrawn, Split:
			delete(rows, string(c.Key))
		case Merged:
			for _, id := range c.From {
				delete(rows, strconv.FormatInt(id, 10))
			}
		}
		if c.Kind == Withheld && c.Entity == EntityRecord {
			out.Withheld[string(c.Key)] = true
		}
	}
	for _, c := range changes {
		switch c.Kind {
		case Added, Changed, Merged:
			out.Rows[c.Entity][string(c.Key)] = c.Value
		}
	}
	return out
}
