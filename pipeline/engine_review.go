package pipeline

import (
	"context"

	"github.com/reckonhq/reckon"
)

// QueuedPair is a pair of the review queue of [Engine.Review], its records
// named by ID, RecordA < RecordB (A and B of the item index the queue's
// records, in another order).
type QueuedPair struct {
	RecordA, RecordB int64
	ReviewItem
}

// ReviewQueue is the head of the review queue of the latest link run with
// the decisions made since applied in memory ([Review]).
type ReviewQueue struct {
	Run       int64 // the link run the queue's model comes from
	Pairs     []QueuedPair
	Total     int             // undecided pairs in the queue
	Estimator ReviewEstimator // what orders it
	Minimum   int64           // the documented minimum with every decision in force
	Estimate  float64         // the estimate with them; NaN when none exists
	// Pending counts the decisions in force that the run did not apply
	// and the queue applied in memory: a relink will apply them fully.
	Pending int
}

// engineReview is the review queue kept for one link run.
type engineReview struct {
	run     int64
	rv      *Review
	ids     []int64
	applied map[int64]bool // decision IDs applied to rv
	base    map[int64]bool // decision IDs in force when the run was read
}

// The bounds of the match probabilities of the pairs that [Engine.Review]
// queues.
const (
	ReviewLow  = 0.1
	ReviewHigh = 0.9
)

// Review returns at most limit pairs (limit <= 0: all) from the head of
// the review queue of the latest link run ([StoredReview] of the pairs
// with a probability in [ReviewLow, ReviewHigh]), ordered by the expected
// change of the total with the independence model. The queue is built
// once per link run from the stored persons and matches; a decision made
// since is applied to it in memory ([Review.Decide]), so that the order
// follows each decision before the relink that applies it ends; a
// decision undone since rebuilds it from the run. The queue counts every
// record, also those under embargo, as estimates do: serve it only to
// those who may see personal data. A workspace never linked is EINVALID.
func (e *Engine) Review(ctx context.Context, limit int) (*ReviewQueue, error) {
	ctx = reckon.WithPersonalData(ctx)
	run, err := e.latestRun(ctx)
	if err != nil {
		return nil, err
	}
	if run == 0 {
		return nil, reckon.Errorf(reckon.EINVALID, "no link run yet: run reckon link first")
	}
	ds, err := e.store.Decisions(ctx)
	if err != nil {
		return nil, err
	}
	e.revMu.Lock()
	defer e.revMu.Unlock()
	r := e.review
	inForce := make(map[int64]bool, len(ds))
	for _, d := range ds {
		inForce[d.ID] = true
	}
	rebuild := r == nil || r.run != run
	if !rebuild {
		for id := range r.applied {
			if !inForce[id] {
				rebuild = true // undone
				break
			}
		}
	}
	if rebuild {
		rv, ids, err := StoredReview(ctx, e.store, ReviewLow, ReviewHigh, ReviewOptions{})
		if err != nil {
			return nil, err
		}
		nr := &engineReview{run: run, rv: rv, ids: ids, applied: map[int64]bool{}, base: map[int64]bool{}}
		if r != nil && r.run == run {
			nr.base = r.base
		} else {
			// The decisions in force now are those the run applied,
			// unless one came in between: applying one again is
			// harmless.
			for _, d := range ds {
				nr.base[d.ID] = true
			}
		}
		r, e.review = nr, nr
	}
	fresh := false
	for _, d := range ds {
		if r.applied[d.ID] {
			continue
		}
		r.applied[d.ID] = true
		a, okA := r.rv.Index(d.A.String())
		b, okB := r.rv.Index(d.B.String())
		if !okA || !okB || a == b {
			continue
		}
		if _, err := r.rv.decide(a, b, d.Same); err != nil {
			return nil, err
		}
		fresh = true
	}
	if fresh {
		r.rv.reorder()
	}
	q := r.rv.Queue()
	out := &ReviewQueue{Run: r.run, Total: len(q), Estimator: r.rv.Estimator(), Minimum: r.rv.Minimum(), Estimate: r.rv.Estimate()}
	for id := range r.applied {
		if !r.base[id] {
			out.Pending++
		}
	}
	if limit > 0 && len(q) > limit {
		q = q[:limit]
	}
	out.Pairs = make([]QueuedPair, len(q))
	for k, it := range q {
		a, b := r.ids[it.A], r.ids[it.B]
		out.Pairs[k] = QueuedPair{RecordA: min(a, b), RecordB: max(a, b), ReviewItem: it}
	}
	return out, nil
}
