package reckon

import (
	"math"
	"time"
)

// RecordKey names a record the way its list does: unique in a workspace.
type RecordKey struct {
	List     string `json:"list"`
	RecordID string `json:"record_id"`
}

// Key returns the record's RecordKey.
func (r *Record) Key() RecordKey { return RecordKey{r.List, r.RecordID} }

func (k RecordKey) String() string { return k.List + "/" + k.RecordID }

// Less orders keys by list, then record id.
func (k RecordKey) Less(o RecordKey) bool {
	if k.List != o.List {
		return k.List < o.List
	}
	return k.RecordID < o.RecordID
}

// Person is one human being as reckon believes: a cluster of records that
// linkage, and the reviewers' decisions, say describe the same person.
// Its ID stays the same across link runs while its records do.
type Person struct {
	ID      int64     `json:"id"`
	Records []*Record `json:"records"`
}

// Lists returns the distinct lists p's records come from, in order of
// first appearance.
func (p *Person) Lists() []string {
	var out []string
	seen := map[string]bool{}
	for _, r := range p.Records {
		if !seen[r.List] {
			seen[r.List] = true
			out = append(out, r.List)
		}
	}
	return out
}

// Match is a scored pair of records: the linkage model's belief that they
// describe the same person. A and B are record IDs with A < B.
type Match struct {
	A           int64   `json:"a"`
	B           int64   `json:"b"`
	Weight      float64 `json:"weight"`      // log2 likelihood ratio of the comparison
	Probability float64 `json:"probability"` // posterior match probability
}

// Validate returns an error of code invalid for a match a store must
// refuse: a record paired with itself or a record id that is not
// positive, a probability outside [0, 1] (NaN included), or a weight that
// is NaN. A and B may come in either order.
func (m *Match) Validate() error {
	switch {
	case m.A == m.B || m.A <= 0 || m.B <= 0:
		return Errorf(EINVALID, "bad match %d-%d: two records are needed", m.A, m.B)
	case !(m.Probability >= 0 && m.Probability <= 1):
		return Errorf(EINVALID, "bad match %d-%d: probability %v is not in [0, 1]", m.A, m.B, m.Probability)
	case math.IsNaN(m.Weight):
		return Errorf(EINVALID, "bad match %d-%d: its weight is NaN", m.A, m.B)
	}
	return nil
}

// Decision is a reviewer's verdict that two records do or do not describe
// the same person. Decisions are kept and respected on every link run.
type Decision struct {
	ID   int64     `json:"id"`
	A    RecordKey `json:"a"`
	B    RecordKey `json:"b"`
	Same bool      `json:"same"`
	By   string    `json:"by"`
	At   time.Time `json:"at"`
	Why  string    `json:"why,omitempty"`
}

// Validate returns an error of code invalid for a decision a store must
// refuse: one without who made it, or about a record and itself.
func (d *Decision) Validate() error {
	if d.By == "" {
		return Errorf(EINVALID, "decision: who decides is required")
	}
	if d.A == d.B {
		return Errorf(EINVALID, "decision: a record is always the same as itself")
	}
	return nil
}

// LinkRun describes one run of record linkage over a workspace.
type LinkRun struct {
	ID             int64     `json:"id"`
	At             time.Time `json:"at"`
	Records        int       `json:"records"`
	CandidatePairs int       `json:"candidate_pairs"`
	Persons        int       `json:"persons"`
	ConfigHash     string    `json:"config_hash"`
	Version        string    `json:"version"`
	Stats          string    `json:"stats,omitempty"` // JSON diagnostics of the model
}

// PersonFilter selects persons. The zero filter selects all.
type PersonFilter struct {
	IDs     []int64 // nil: any; else only these persons (missing ones are left out)
	List    string  // "": any; else persons with a record in this list
	Limit   int     // 0: no limit
	AfterID int64   // cursor
}
