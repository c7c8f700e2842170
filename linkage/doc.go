// Package linkage finds which records of many lists describe the same
// person, says how sure it is and why, and lets a person overrule it.
//
// [Link] takes plain records ([reckon.Record]) in any script, the human
// [Decision]s made so far and a [Config], and returns persons, a
// posterior match probability per record, the uncertain pairs worth a
// human look, the fitted [Model] and diagnostics. It is a pure function:
// the same input and the same seeded Rand in [Options] give the same
// result, however many goroutines run it.
//
// # Comparing
//
// Each pair of records is compared field by field, and each field lands
// on a level of agreement (see [Kind]):
//
//	name   exact, key, close, initial, near (keys one letter apart),
//	       sounds (given names whose syllables start alike), different
//	       Kim = Gim = Ким = 김 at key
//	date   day, close (±3 days, day/month swapped), month, "month, days
//	       differ", year, "year, months differ", near (±1 year), different
//	place  exact, key, close, partial, different   Плехово = Pliekhove at key
//	unit   exact, same, close, related, different   제94려단 = 94th Brigade;
//	       a brigade and its corps are related (package military)
//	rank   exact, same, close, one grade apart, different (NATO grades)
//	text   as place; numbers decide: 93 бр. 2 б-н = 93 Bde / 2 Bn
//	exact  exact, different
//
// A value missing on either side is the level "missing", which weighs
// nothing; so is a unit or rank read on one side only, two units that say
// nothing about each other (a battalion and a corps nothing connects) and
// a village against a district that may hold it. Dates are compared as
// far as both are known: "2025-01" against "2025-01-05" agrees at the
// month level, never below it; a date kept as written because it does not
// parse ("1945-04-93") is compared as far as it reads (1945-04). Names
// are compared through the names package: parsed into family and given
// names, keyed across Hangul, the romanisations and Cyrillic, compared
// crosswise when one list writes the given name first, and, for a full
// name of three words or more, in both the parsed and the
// first-word-is-family readings.
//
// # The model
//
// Link fits a Fellegi–Sunter model. U, the probability of each level
// among non-matches, comes from random pairs of records drawn with the
// seeded Rand. M, its probability among matches, comes from EM run once
// per blocking rule on a sample of that rule's pairs, with the fields the
// rule blocks on left out (as Splink does). Within a session U is
// estimated too, starting from the random pairs' U: records that share a
// block key but are different persons share more than random pairs do
// (soldiers of one brigade die in the same battles), and with U held EM
// would absorb them into M. A field's M is the mean of its sessions
// weighted by pairs·λ(1−λ); a session that put nearly all of a large
// rule's pairs among the matches has collapsed and is left out. Priors
// keep EM from collapsing where it has little data: M starts from and is
// shrunk towards a prior of its kind (for dates, given the precisions of
// the data: two dates known only to the year can agree only to the
// year), and λ, the probability that two records drawn at random match,
// has a Beta prior centred on one match per two records, worth 50 pairs
// a record. A fit that is degenerate (a field's agreement no likelier
// among matches than among non-matches) or implausible (more than ten
// matches a record, or none although pairs score for a match) falls back
// to the priors and says so in Model.Warnings and Stats.Warnings.
//
// The match weight of a pair is Σ log2(M/U) over its fields, within
// constraints that hold whatever EM estimates: agreement never counts
// against a match, a better level of agreement never weighs less than a
// worse one, and disagreement never counts for one. Agreement on a value
// at the key or exact level (a name, a place, a unit, a rank) weighs
// log2(M/f), with M the probability that matches agree on the field at
// either level (in one script or across scripts: the same evidence) and
// f the frequency among the records of what the value means (the name's
// key; the brigade, not how it is spelled), so that agreeing on Kim (a
// fifth of Koreans) weighs about 2 bits, on a rare name ten or more, and
// on the place nearly everyone died in nearly nothing. The posterior
// match probability is 1/(1+2^−(w+log2(λ/(1−λ)))). [Model.Explain] and
// [Result.Explain] account for both, field by field; [Result.Reliability]
// measures against a truth how well the probabilities are calibrated.
//
// A list names a person once, so a record can be the same person as at
// most one record of each other list. The pairwise model cannot see that:
// it scores a press record "Kim Chol-min, 94th Brigade" against one
// namesake as it scores it against each of three. So the log-odds of a
// pair of records from two lists are then adjusted for the other
// candidates each record has in the other's list (one-to-one matching, as
// in Sadinle's bipartite model): a pair whose records have no other
// plausible candidate gains, one that competes with a namesake loses, and
// the expected number of true pairs stays as the pairwise model put it.
// On the scenario catalogue, before the adjustment a pair scored 0.55 was
// true 89% of the time with no competitor and 27% with strong ones.
// Explain shows the adjustment as "other candidates".
//
// # Blocking
//
// Only pairs that share the key of at least one blocking [Rule] are
// compared. The default rules ([DefaultRules]) combine name keys (which
// meet across scripts), initials, birth and death dates and unit numbers,
// so that a typo in one field, a missing date or a swapped name order
// still leaves some rule that brings the pair together. A unit blocks on
// each formation it names from battalion to brigade (so "5th Bn, 95th
// Brigade" meets "95려단"), a place on its keys across scripts. A block larger
// than Config.MaxBlock (the name block of Kim Chol-su among a million
// soldiers holds hundreds of records) is split by second-level keys from
// fields its rule does not use (birth year, death month, unit, the other
// name part, …), two splits side by side and each part split again while
// it is too large; parts that stay too large, and the whole block, are
// also compared by an adaptive sorted window of about Config.Window
// neighbours. The pairs that share a key but none of this compares are
// counted, exactly or by a Karp–Luby estimate, in BlockStats.LeftOut,
// with the expected number of true matches among them in
// BlockStats.LeftOutMatches: a cap never drops pairs silently.
//
// # Clustering
//
// Pairs at or above Config.LinkThreshold, and must-link decisions, join
// records into components. Each component (cut at rising thresholds if it
// is larger than Config.MaxComponent) is clustered greedily on the
// posterior log-odds of all its pairs, including pairs blocking did not
// propose: two clusters merge while their merge score is positive: the
// prior log-odds once, plus the weight (evidence) of their most
// informative pair, less the shortfall of every pair whose weight is below
// half of what a link needs (a weakly alike pair among records found for
// being alike is evidence of two persons). Averaging the log-odds of all
// pairs, the correlation-clustering objective, counts the prior once per
// pair and kept apart records that match one record of a person well and
// another, sparser one only weakly. A cannot-link decision makes the
// score −∞. So A~B and B~C strong with A and C unlike gives two persons, not a chain,
// and human decisions hold on every run. Decisions can part records the
// model links through other pairs (A = B and B ≠ C keep C from A):
// Stats.Conflicts lists such pairs with the decisions that part them, and
// [Result.Apart] names them for any pair. Each person's Key is its least
// [RecordKey], from which a store can keep person ids stable.
//
// # Review
//
// Result.Review lists the undecided candidate pairs whose probability lies
// between Config.ReviewLow and Config.ReviewHigh, ordered by the expected
// number of record pairs whose linked state a decision would change.
//
// # Evaluation
//
// [Evaluate] scores a prediction against the truth: pairwise precision,
// recall and F1; cluster F1 by exact match of persons (the measure of the
// linkage bars); and B-cubed.
//
// # Configuration
//
// The zero [Config] serves the record CSV of reckon. A TOML file may set
// any field, for example:
//
//	attributes = "none"
//	max_block = 50
//
//	[[fields]]
//	column = "family_name"
//	[[fields]]
//	column = "given_name"
//	[[fields]]
//	column = "birth_date"
//	[[fields]]
//	column = "postcode"
//	kind = "exact"
//
//	[[blocking]]
//	on = ["name"]
//	[[blocking]]
//	on = ["family_name", "birth_date:month"]
//
// References: I. P. Fellegi and A. B. Sunter, "A theory for record
// linkage", JASA 64 (1969); W. E. Winkler, "Using the EM algorithm for
// weight computation in the Fellegi–Sunter model of record linkage"
// (1988); R. Linacre et al., Splink (UK Ministry of Justice), for the
// per-rule EM sessions and the term-frequency adjustment; A. Bagga and
// B. Baldwin, "Entity-based cross-document coreferencing using the vector
// space model" (1998), for B-cubed; N. Bansal, A. Blum and S. Chawla,
// "Correlation clustering", Machine Learning 56 (2004).
package linkage
