// Package storerule holds the rules that both stores (sqlite and
// postgres) apply alike and that nothing else needs: which person ids
// survive a link run, when a review meets a stale claim version, what a
// store sets on a claim an analyst adds, how the audit log's hashes are
// made and checked, how times and an estimate's linkage interval are
// written into columns, the opening of a snapshot's export and import,
// and how a failure of the database names its operation. Each rule
// lives here once, without being part of the root package's API; what
// every caller must know of a value (such as [reckon.Estimate.Validate])
// stays in the root.
package storerule
