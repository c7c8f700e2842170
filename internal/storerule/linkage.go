package storerule

import (
	"slices"

	"github.com/reckonhq/reckon"
)

// CheckMatches checks each match with [reckon.Match.Validate], as
// SaveLinkage does before it writes anything.
func CheckMatches(matches []reckon.Match) error {
	for i := range matches {
		if err := matches[i].Validate(); err != nil {
			return err
		}
	}
	return nil
}

// CheckPartition checks that clusters put each of a workspace's records
// (records of them) in exactly one non-empty cluster, as SaveLinkage
// requires.
func CheckPartition(clusters [][]int64, records int) error {
	seen := make(map[int64]bool, records)
	for _, c := range clusters {
		if len(c) == 0 {
			return reckon.Errorf(reckon.EINVALID, "save linkage: an empty cluster")
		}
		for _, r := range c {
			if seen[r] {
				return reckon.Errorf(reckon.EINVALID, "save linkage: record %d is in two clusters", r)
			}
			seen[r] = true
		}
	}
	if len(seen) != records {
		return reckon.Errorf(reckon.EINVALID, "save linkage: clusters hold %d records, the workspace has %d", len(seen), records)
	}
	return nil
}

// KeepPersonIDs decides which person ids survive a new link run, the rule
// both stores follow. personOf maps each record id to the id of the
// person it belonged to; clusters are the new persons' record ids. It
// returns, for each cluster, the id of the old person it continues, or 0
// for a new person: an old person continues the cluster with which it is
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
