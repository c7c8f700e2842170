package pipeline

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/linkage"
)

// RunStats decodes the diagnostics that [Link] stored with a link run. A
// run without stats (stored by an older version) gives zero Stats; stats
// that do not decode are an error of code internal naming the run.
func RunStats(run *reckon.LinkRun) (*linkage.Stats, error) {
	st := &linkage.Stats{}
	if run == nil || strings.TrimSpace(run.Stats) == "" {
		return st, nil
	}
	if err := json.Unmarshal([]byte(run.Stats), st); err != nil {
		return nil, reckon.Errorf(reckon.EINTERNAL, "link run %d: reading its stats: %v", run.ID, err)
	}
	return st, nil
}

// PublicWarnings returns the warnings of st that those who may not see
// personal data may read: a warning that names a record of a conflict
// (its key can name a record under embargo) is left out, and the
// conflicts are told as a count instead.
func PublicWarnings(st *linkage.Stats) []string {
	var keys []string
	for _, c := range st.Conflicts {
		keys = append(keys, c.A, c.B)
		for _, d := range c.Apart {
			keys = append(keys, d.A, d.B)
		}
	}
	var out []string
	for _, w := range st.Warnings {
		named := false
		for _, k := range keys {
			if k != "" && strings.Contains(w, k) {
				named = true
				break
			}
		}
		if !named {
			out = append(out, w)
		}
	}
	if n := len(st.Conflicts); n > 0 {
		out = append(out, fmt.Sprintf("%d pairs that the model links are kept apart by decisions on other pairs; reviewers see them on the review page", n))
	}
	return out
}

// RedactRun returns a copy of run whose stats keep nothing that names a
// record: conflicts are left out and warnings are [PublicWarnings]. Stats
// that do not decode are left out whole.
func RedactRun(run *reckon.LinkRun) *reckon.LinkRun {
	if run == nil {
		return nil
	}
	c := *run
	st, err := RunStats(run)
	if err != nil {
		c.Stats = ""
		return &c
	}
	st.Warnings = PublicWarnings(st)
	st.Conflicts = nil
	b, err := json.Marshal(st)
	if err != nil {
		c.Stats = ""
		return &c
	}
	c.Stats = string(b)
	return &c
}

// ConflictStrings says each conflict and how to resolve it.
func ConflictStrings(cs []linkage.Conflict) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.String()
	}
	return out
}
