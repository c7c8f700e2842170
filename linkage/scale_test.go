package linkage

import (
	"fmt"
	"os"
	"strconv"
	"testing"

	"github.com/reckonhq/reckon/synth"
)

// TestScale checks blocking and accuracy on another draw of the synthetic
// data, 2,000 persons, and reports them; LINKAGE_SCALE_N (persons),
// LINKAGE_MAXBLOCK and LINKAGE_WINDOW run it at other sizes and settings.
// TestScaleDiagnose says where the true pairs of a large run are lost.
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
	recall := blockingRecall(res, truth)
	t.Log(fmt.Sprintf("%d records: %d candidate pairs, blocking recall %.4f, pairwise F1 %.4f, cluster F1 %.4f",
		len(recs), res.Stats.Blocking.CandidatePairs, recall, ev.Pairwise.F1, ev.Cluster.F1))
	if os.Getenv("LINKAGE_SCALE_N") == "" && (recall < 0.97 || ev.Pairwise.F1 < 0.95) {
		t.Errorf("blocking recall %.4f, pairwise F1 %.4f: want at least 0.97 and 0.95", recall, ev.Pairwise.F1)
	}
}
