package linkage

import (
	"fmt"
	"os"
	"strconv"
	"testing"

	"github.com/reckonhq/reckon/synth"
)

// TestScale reports accuracy and blocking at a size given by
// LINKAGE_SCALE_N (persons); without it, it checks 2,000 persons.
func TestScale(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("LINKAGE_SCALE_N"))
	if n == 0 {
		n = 2000
	}
	mb, _ := strconv.Atoi(os.Getenv("LINKAGE_MAXBLOCK"))
	w, _ := strconv.Atoi(os.Getenv("LINKAGE_WINDOW"))
	recs, truth := synthLists(t, synth.Options{N: n}, 7)
	res, err := Link(recs, nil, Config{MaxBlock: mb, Window: w}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	ev := Evaluate(truth, res.Prediction())
	t.Log(fmt.Sprintf("%d records: %d candidate pairs, blocking recall %.4f, pairwise F1 %.4f, cluster F1 %.4f",
		len(recs), res.Stats.Blocking.CandidatePairs, blockingRecall(res, truth), ev.Pairwise.F1, ev.Cluster.F1))
}
