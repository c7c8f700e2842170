package linkage

import (
	"fmt"
	"testing"

	"github.com/reckonhq/reckon/names"
)

func TestDiag(t *testing.T) {
	recs, truth := genLists(300, 1)
	byP := map[string][]int{}
	for i, r := range recs {
		byP[truth[RecordKey(r)]] = append(byP[truth[RecordKey(r)]], i)
	}
	n := 0
	for _, is := range byP {
		if len(is) < 3 {
			continue
		}
		for _, i := range is {
			r := recs[i]
			nm := nameOf(&r)
			p := names.Prepare(nm)
			fmt.Printf("%s | %q %q %q | fam %v giv %v | %v %v %q %q\n", r.List, r.FamilyName, r.GivenName, r.Name, partKeys(&p.Family), partKeys(&p.Given), r.BirthDate, r.DeathDate, r.Unit, r.DeathPlace)
		}
		fmt.Println()
		n++
		if n > 6 {
			break
		}
	}
}
