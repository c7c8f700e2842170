package linkage

import (
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/synth"
)

// synthLists returns the records of a synth data set and the truth,
// record key to person.
func synthLists(tb testing.TB, opt synth.Options, seed uint64) ([]reckon.Record, map[string]string) {
	tb.Helper()
	d, err := synth.Generate(rand.New(rand.NewPCG(seed, 0)), opt)
	if err != nil {
		tb.Fatal(err)
	}
	var recs []reckon.Record
	truth := map[string]string{}
	for _, l := range d.Lists {
		for _, r := range l {
			recs = append(recs, r)
			truth[RecordKey(r)] = strconv.Itoa(d.Truth[r.RecordID])
		}
	}
	return recs, truth
}

// synthOptions returns the default synthetic data set of n persons.
func synthOptions(n int) synth.Options { return synth.Options{N: n} }
