package release_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/release"
)

// randomTables makes the tables of a release: records of 0..n-1 that are
// public (not hidden), each with a value, clustered into persons by
// cluster (record -> person id).
func randomTables(name string, n int, hidden map[int]bool, cluster map[int]int64, value map[int]string, withheld map[int]bool) *release.Tables {
	t := &release.Tables{Name: name, Rows: map[string]map[string]json.RawMessage{}, Withheld: map[string]bool{}}
	persons := map[int64][]reckon.RecordKey{}
	recs := map[string]json.RawMessage{}
	for i := range n {
		if hidden[i] {
			continue
		}
		k := reckon.RecordKey{List: "l", RecordID: strconv.Itoa(i)}
		persons[cluster[i]] = append(persons[cluster[i]], k)
		row, _ := json.Marshal(release.RecordRow{List: k.List, RecordID: k.RecordID, PersonID: cluster[i], Name: value[i]})
		key, _ := json.Marshal(k)
		recs[string(key)] = row
	}
	t.Rows[release.EntityRecord] = recs
	ps := map[string]json.RawMessage{}
	for id, ks := range persons {
		row, _ := json.Marshal(release.PersonRow{PersonID: id, Records: ks, Names: []string{}, Lists: []string{"l"}})
		ps[strconv.FormatInt(id, 10)] = row
	}
	t.Rows[release.EntityPerson] = ps
	t.Rows[release.EntityClaim] = map[string]json.RawMessage{}
	t.Rows[release.EntityEstimate] = map[string]json.RawMessage{}
	for i := range withheld {
		key, _ := json.Marshal(reckon.RecordKey{List: "l", RecordID: strconv.Itoa(i)})
		t.Withheld[string(key)] = true
	}
	return t
}

// TestFeedCompleteRandom: over many random relinkings, values changed,
// records added, withheld and removed, the feed from A applied to A gives
// B, and Explain accounts for every person gained and lost.
func TestFeedCompleteRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(16, 2026))
	eq := func(x, y json.RawMessage) bool { return bytes.Equal(x, y) }
	for run := range 300 {
		n := 1 + rng.IntN(30)
		clusterOf := func(k int) map[int]int64 {
			c := map[int]int64{}
			for i := range n {
				c[i] = int64(1 + rng.IntN(k))
			}
			return c
		}
		ca, cb := clusterOf(1+rng.IntN(n)), clusterOf(1+rng.IntN(n))
		va, vb := map[int]string{}, map[int]string{}
		hiddenA, hiddenB, withheld := map[int]bool{}, map[int]bool{}, map[int]bool{}
		for i := range n {
			va[i], vb[i] = "v", "v"
			switch rng.IntN(8) {
			case 0:
				vb[i] = "w" // changed
			case 1:
				hiddenA[i] = true // added in B
			case 2:
				hiddenB[i] = true // withheld
				withheld[i] = true
			case 3:
				hiddenB[i] = true // withdrawn
			}
		}
		a := randomTables("a", n, hiddenA, ca, va, nil)
		b := randomTables("b", n, hiddenB, cb, vb, withheld)
		cs, err := release.Changes(a, b)
		if err != nil {
			t.Fatal(err)
		}
		got := release.Apply(a, cs)
		for _, e := range []string{release.EntityPerson, release.EntityRecord} {
			if !maps.EqualFunc(got.Rows[e], b.Rows[e], eq) {
				t.Fatalf("run %d: %s: the feed applied to A is not B\nA %v\nB %v\nfeed %s", run, e, keysOf(a.Rows[e]), keysOf(b.Rows[e]), dump(cs))
			}
		}
		d, err := release.Explain(a, b)
		if err != nil {
			t.Fatal(err)
		}
		sum := func(m map[string]int) (s int) {
			for _, v := range m {
				s += v
			}
			return s
		}
		if d.Persons[0]+sum(d.New)-sum(d.Gone) != d.Persons[1] {
			t.Fatalf("run %d: %d + %v - %v != %d\n%s", run, d.Persons[0], d.New, d.Gone, d.Persons[1], fmt.Sprint(dump(cs)))
		}
		for _, c := range cs {
			if (c.Kind == release.Withheld || c.Kind == release.Withdrawn) && c.Value != nil {
				t.Fatalf("run %d: %s %s carries a value", run, c.Kind, c.Key)
			}
		}
	}
}
