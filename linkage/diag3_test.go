package linkage

import (
	"fmt"
	"os"
	"testing"

	"github.com/reckonhq/reckon/synth"
)

func TestDiagRules(t *testing.T) {
	if os.Getenv("DIAG_RULES") == "" {
		return
	}
	base := DefaultRules()[:7]
	r := func(on ...string) Rule { return Rule{On: on} }
	sets := map[string][]Rule{
		"A": DefaultRules(),
		"B": append(append([]Rule{}, base...), r("family_name", "birth_date:month")),
		"C": append(append([]Rule{}, base...), r("family_name", "birth_date:month"), r("family_name", "given_name:initial", "birth_date")),
		"D": append(append([]Rule{}, base...), r("family_name", "birth_date:month"), r("family_name", "given_name:initial", "birth_date"), r("family_name", "unit")),
		"E": append(append([]Rule{}, base...), r("family_name", "given_name:initial", "birth_date")),
		"F": append(append([]Rule{}, base...), r("family_name", "birth_date:month"), r("family_name", "unit", "death_date:month")),
		"G": append(append([]Rule{}, base...), r("family_name", "given_name:initial", "birth_date"), r("family_name", "given_name:initial", "unit")),
		"H": append(append([]Rule{}, base...), r("family_name", "given_name:initial", "birth_date"), r("family_name", "unit")),
		"P": {r("name"), r("given_name", "birth_date"), r("family_name", "given_name:initial", "birth_date"), r("given_name", "unit"), r("family_name", "given_name:initial", "unit"), r("given_name", "death_date:month"), r("family_name", "given_name:initial", "death_date:day")},
		"Q": {r("name"), r("given_name", "birth_date"), r("family_name", "given_name:initial", "birth_date"), r("given_name", "unit"), r("family_name", "given_name:initial", "unit"), r("family_name", "given_name:initial", "death_date:day")},
	}
	for _, name := range []string{"A"} {
		for _, seed := range []uint64{1, 2} {
			recs, truth := synthLists(t, synth.Options{N: 3000}, seed)
			for _, mb := range [][2]int{{30, 8}, {20, 6}, {16, 5}} {
				res, _ := Link(recs, nil, Config{Blocking: sets[name], MaxBlock: mb[0], Window: mb[1]}, Options{})
				ev := Evaluate(truth, res.Prediction())
				fmt.Printf("%s %v seed %d cand %6d brecall %.4f pF1 %.4f cF1 %.4f\n", name, mb, seed, res.Stats.Blocking.CandidatePairs, blockingRecall(res, truth), ev.Pairwise.F1, ev.Cluster.F1)
			}
		}
	}
}
