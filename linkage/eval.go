package linkage

import "math"

// Scores are precision, recall and their harmonic mean F1. A measure with
// nothing to measure (no predicted or no true items) is 1.
type Scores struct {
	Precision, Recall, F1 float64
}

func scores(correct, predicted, actual float64) Scores {
	s := Scores{Precision: 1, Recall: 1}
	if predicted > 0 {
		s.Precision = correct / predicted
	}
	if actual > 0 {
		s.Recall = correct / actual
	}
	if s.Precision+s.Recall > 0 {
		s.F1 = 2 * s.Precision * s.Recall / (s.Precision + s.Recall)
	}
	return s
}

// Evaluation compares a predicted clustering of records into persons with
// the true one.
type Evaluation struct {
	// Pairwise counts pairs of records: a predicted pair (two records put
	// in one person) is correct when the two records are truly one person.
	Pairwise Scores
	// Cluster counts persons by exact match: a predicted person is correct
	// when its records are exactly the records of one true person.
	// Precision is the share of predicted persons that are correct, recall
	// the share of true persons found exactly. This is the cluster F1 of
	// the linkage bars.
	Cluster Scores
	// BCubed averages over records the precision |P ∩ T|/|P| and recall
	// |P ∩ T|/|T| of the predicted person P and true person T of each
	// record (Bagga and Baldwin, 1998).
	BCubed Scores

	Records                              int
	TruePersons, PredictedPersons        int
	TruePairs, PredictedPairs, GoodPairs int
}

// Evaluate scores a prediction (record key to predicted person) against
// the truth (record key to true person). Only the records of the truth are
// scored; a record the prediction lacks counts as a person of its own.
func Evaluate(truth, pred map[string]string) Evaluation {
	type cell struct{ t, p string }
	tSize := map[string]int{}
	pSize := map[string]int{}
	both := map[cell]int{}
	predOf := func(k string) string {
		if p, ok := pred[k]; ok {
			return "p\x00" + p
		}
		return "r\x00" + k
	}
	for k, t := range truth {
		p := predOf(k)
		tSize[t]++
		pSize[p]++
		both[cell{t, p}]++
	}
	pairs := func(n int) float64 { return float64(n) * float64(n-1) / 2 }
	var ev Evaluation
	ev.Records = len(truth)
	ev.TruePersons, ev.PredictedPersons = len(tSize), len(pSize)
	var tp, tt, pp float64
	exact := 0
	var bp, br float64
	for c, n := range both {
		tp += pairs(n)
		if n == tSize[c.t] && n == pSize[c.p] {
			exact++
		}
		// Each of the n records of the cell has |P ∩ T| = n.
		bp += float64(n) * float64(n) / float64(pSize[c.p])
		br += float64(n) * float64(n) / float64(tSize[c.t])
	}
	for _, n := range tSize {
		tt += pairs(n)
	}
	for _, n := range pSize {
		pp += pairs(n)
	}
	ev.TruePairs, ev.PredictedPairs, ev.GoodPairs = int(tt), int(pp), int(tp)
	ev.Pairwise = scores(tp, pp, tt)
	ev.Cluster = scores(float64(exact), float64(len(pSize)), float64(len(tSize)))
	if n := float64(len(truth)); n > 0 {
		ev.BCubed = scores(1, 1, 1)
		ev.BCubed.Precision, ev.BCubed.Recall = bp/n, br/n
		p, r := ev.BCubed.Precision, ev.BCubed.Recall
		ev.BCubed.F1 = 2 * p * r / (p + r)
	}
	return ev
}

// Prediction returns the prediction of a Result in the form Evaluate
// takes: record key to person key.
func (r *Result) Prediction() map[string]string {
	out := make(map[string]string, len(r.PersonOf))
	for i, p := range r.PersonOf {
		out[r.data.keys[i]] = r.Persons[p].Key
	}
	return out
}

// Reliability is how well the match probabilities of a linkage are
// calibrated against the truth: among the pairs scored about p, the share
// that are the same person should be about p.
type Reliability struct {
	Bins []ReliabilityBin
	// ECE is the expected calibration error: the mean over pairs of
	// |observed share − mean probability| of their bin.
	ECE   float64
	Pairs int // pairs scored
}

// ReliabilityBin is one bin of a reliability curve.
type ReliabilityBin struct {
	Lo, Hi      float64 // the bin's range of probabilities, [Lo, Hi)
	Pairs       int
	Probability float64 // mean probability of the bin's pairs
	Same        float64 // share of the bin's pairs that are the same person
}

// Reliability bins the candidate pairs of r by their match probability
// into bins equal bins (10 if bins < 1) and compares each bin's mean
// probability with the share of its pairs that truth, record key to
// person, says are the same person. Records missing from truth are left
// out.
//
// Reference: M. P. Naeini, G. Cooper and M. Hauskrecht, "Obtaining well
// calibrated probabilities using Bayesian binning", AAAI (2015), for the
// expected calibration error.
func (r *Result) Reliability(truth map[string]string, bins int) Reliability {
	if bins < 1 {
		bins = 10
	}
	out := Reliability{Bins: make([]ReliabilityBin, bins)}
	for b := range out.Bins {
		out.Bins[b].Lo, out.Bins[b].Hi = float64(b)/float64(bins), float64(b+1)/float64(bins)
	}
	for _, p := range r.Pairs() {
		ta, okA := truth[r.data.keys[p.A]]
		tb, okB := truth[r.data.keys[p.B]]
		if !okA || !okB {
			continue
		}
		b := min(int(p.Probability*float64(bins)), bins-1)
		out.Bins[b].Pairs++
		out.Bins[b].Probability += p.Probability
		if ta == tb {
			out.Bins[b].Same++
		}
		out.Pairs++
	}
	for b := range out.Bins {
		bin := &out.Bins[b]
		if bin.Pairs == 0 {
			continue
		}
		bin.Probability /= float64(bin.Pairs)
		bin.Same /= float64(bin.Pairs)
		out.ECE += float64(bin.Pairs) * math.Abs(bin.Same-bin.Probability)
	}
	if out.Pairs > 0 {
		out.ECE /= float64(out.Pairs)
	}
	return out
}
