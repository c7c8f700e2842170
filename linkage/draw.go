package linkage

import (
	"math"
	"math/rand/v2"
)

// Draw draws one linkage of the records from the pairwise match
// probabilities of r: it returns, for every input record, the number of
// its person in the draw, persons numbered 0, 1, … in the order of their
// least record. Decisions always hold: records decided the same share a
// person in every draw, records decided apart never do. The same Result
// and Rand state give the same draw; Draw takes one value from rng.
//
// # How a draw is made
//
// Each pair's posterior log-odds l (bits) gets independent logistic noise,
// l' = l + log2(u/(1−u)) with u uniform on (0, 1), so that l' > 0 with
// probability exactly p = 1/(1+2^−l): taken alone, every candidate pair is
// linked with its posterior probability. The perturbed log-odds are then
// clustered by the same code as [Link] with the threshold at 0:
// components of the pairs with l' > 0 (and of the must-link decisions,
// never across a cannot-link decision), each cut and clustered greedily
// by the merge score of Link on the perturbed log-odds of all its pairs.
//
// Why not simply the connected components of the drawn links: a draw
// links independently, and transitive closure turns independent links
// into chains. In a block of common names with many pairs at p = 0.3, a
// record has several drawn links to records of other persons, and their
// closure snowballs into one giant "person", so a draw's number of
// persons would fall far below what the probabilities imply (for m
// records whose pairs all have p well below 1/2, the components of
// independent links tend to one person as m grows, although the expected
// number of co-referent pairs is only p·m(m−1)/2). Average linkage on
// the perturbed log-odds instead asks every pair between two groups:
// a lone drawn link between two groups whose other pairs are drawn
// against does not join them, and the strength of a pair (its log-odds,
// not only its sign) still counts. This is perturb-and-MAP sampling
// (Papandreou and Yuille 2011): perturb the energies with logistic (the
// difference of two Gumbels) noise, then take the same optimiser's
// answer. For isolated pairs, the usual case, the draw is exact: the two
// records are one person with probability p, so the expected number of
// persons is n − Σp. For larger groups it is a plausible partition —
// transitive, consistent with decisions — whose co-clustering rates
// follow the pair probabilities (see the tests), not an exact sample from
// a posterior over partitions; the full Bayesian treatment samples the
// partition jointly with the model (Sadinle 2017, 2018; Steorts, Hall
// and Fienberg 2016).
//
// The noise of a pair is a hash of the draw's seed and the pair, so it
// does not depend on the order in which the clustering visits the pairs,
// and a pair inside a component that blocking did not compare is scored
// and perturbed like the others.
//
// References: G. Papandreou and A. Yuille, "Perturb-and-MAP random fields:
// using discrete optimization to learn and sample from energy models",
// ICCV 2011. M. Sadinle, "Bayesian propagation of record linkage
// uncertainty into population size estimation of human rights
// violations", Annals of Applied Statistics 12(2), 2018.
func (r *Result) Draw(rng *rand.Rand) []int {
	in := r.clus
	if in.n == 0 {
		return []int{}
	}
	seed := rng.Uint64()
	noisy := make([]float32, len(in.pairs))
	for k, p := range in.pairs {
		noisy[k] = in.logit[k] + float32(logisticBits(seed, p))
	}
	score := in.score
	in.logit = noisy
	in.threshold = 0
	in.score = func(i, j int) float64 {
		if i > j {
			i, j = j, i
		}
		return score(i, j) + logisticBits(seed, uint64(i)<<32|uint64(j))
	}
	label, _, _ := cluster(in, newRunner(Options{}))
	// Number persons by their least record: a label is the least record
	// of its cluster.
	num := make([]int, in.n)
	for i := range num {
		num[i] = -1
	}
	next := 0
	out := make([]int, in.n)
	for i, l := range label {
		if num[l] < 0 {
			num[l] = next
			next++
		}
		out[i] = num[l]
	}
	return out
}

// logisticBits is standard logistic noise in bits, log2(u/(1−u)), with u
// uniform on (0, 1) given by a hash of seed and the pair key.
func logisticBits(seed, key uint64) float64 {
	h := splitmix(seed ^ splitmix(key))
	u := (float64(h>>11) + 0.5) / (1 << 53)
	return math.Log2(u / (1 - u))
}

// splitmix is the finaliser of SplitMix64 (Steele, Lea and Flood,
// "Fast splittable pseudorandom number generators", OOPSLA 2014).
func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}
