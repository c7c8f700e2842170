package reckon

import (
	"math"
	"slices"
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

// KeepPersonIDs decides which person ids survive a new link run, the rule
// every PersonStore follows. personOf maps each record id to the id of
// the person it belonged to; clusters are the new persons' record ids.
// It returns, for each cluster, the id of the old person it continues, or
// 0 for a new person: an old person continues the cluster with which it is
// each other's largest overlap (ties go to the smaller index and id), so a
// person whose records did not change keeps its id. gone lists, in
// increasing order, the old persons that continue no cluster.
func KeepPersonIDs(personOf map[int64]int64, clusters [][]int64) (ids, gone []int64) {
	ids = make([]int64, len(clusters))
	overlap := make([]map[int64]int, len(clusters))
	bestCluster := map[int64]int{} // old person -> cluster index with the largest overlap
	bestN := map[int64]int{}
	for i, c := range clusters {
		overlap[i] = map[int64]int{}
		for _, r := range c {
			if p, ok := personOf[r]; ok {
				overlap[i][p]++
			}
		}
		for p, n := range overlap[i] {
			if n > bestN[p] {
				bestN[p], bestCluster[p] = n, i
			}
		}
	}
	for i := range clusters {
		var best int64
		bn := 0
		for p, n := range overlap[i] {
			if n > bn || (n == bn && p < best) {
				best, bn = p, n
			}
		}
		if bn > 0 && bestCluster[best] == i {
			ids[i] = best
		}
	}
	kept := make(map[int64]bool, len(ids))
	for _, id := range ids {
		kept[id] = true
	}
	for _, p := range personOf {
		if !kept[p] {
			kept[p] = true // once
			gone = append(gone, p)
		}
	}
	slices.Sort(gone)
	return ids, gone
}

// CheckPartition checks that clusters put each of a workspace's records
// (records of them) in exactly one non-empty cluster, as SaveLinkage
// requires.
func CheckPartition(clusters [][]int64, records int) error {
	seen := make(map[int64]bool, records)
	for _, c := range clusters {
		if len(c) == 0 {
			return Errorf(EINVALID, "save linkage: an empty cluster")
		}
		for _, r := range c {
			if seen[r] {
				return Errorf(EINVALID, "save linkage: record %d is in two clusters", r)
			}
			seen[r] = true
		}
	}
	if len(seen) != records {
		return Errorf(EINVALID, "save linkage: clusters hold %d records, the workspace has %d", len(seen), records)
	}
	return nil
}
