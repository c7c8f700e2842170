package release_test

import (
	"bytes"
	"context"
	"encoding/json"
	"maps"
	"slices"
	"testing"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/release"
)

// evolve changes the fixture after its first release the ways a feed
// must tell: a new list (persons added, one merged with a person of the
// first release), a person split, a record put under embargo (withheld),
// a field made sensitive (changed, without its value), a claim rejected
// (withdrawn) and a new estimate.
func evolve(tb testing.TB, s reckon.Store) {
	tb.Helper()
	ctx := context.Background()
	c := []*reckon.Record{
		{RecordID: "c1", List: "c", Name: "Пак Мин Хо", Unit: "11th"},
		{RecordID: "c2", List: "c", Name: "최동현"},
		{RecordID: "c3", List: "c", Name: "Ли Чхоль Мин"},
	}
	if _, err := s.ImportRecords(ctx, &reckon.Import{SourceID: 1, List: "c", File: "c.csv", Hash: "cc"}, recs(c...)); err != nil {
		tb.Fatal(err)
	}
	k := func(l, id string) reckon.RecordKey { return reckon.RecordKey{List: l, RecordID: id} }
	// Person 1 (a/1, b/x1) splits, b/x1 going with c/3; a/2 and b/x2
	// (persons 2 and 4) merge, with c/1; c/2 is a new person; b/x3 (person
	// 5, alone) is put under embargo.
	relink(tb, s, [][]reckon.RecordKey{{k("a", "1")}, {k("b", "x1"), k("c", "c3")}, {k("a", "2"), k("b", "x2"), k("c", "c1")}, {k("a", "3")}, {k("c", "c2")}, {k("b", "x3")}})
	if err := s.ProtectRecord(ctx, k("b", "x3"), nil, true); err != nil {
		tb.Fatal(err)
	}
	if err := s.ProtectRecord(ctx, k("a", "1"), []string{"unit"}, false); err != nil {
		tb.Fatal(err)
	}
	if _, err := s.ReviewClaim(ctx, 1, &reckon.Review{Action: reckon.ActionReject, By: "ana", Why: "a forecast, not a count"}, nil); err != nil {
		tb.Fatal(err)
	}
	saveEstimate(tb, s, 6, 14, 9, 30)
}

func TestFeedIsComplete(t *testing.T) {
	ctx := context.Background()
	s := fixture(t)
	ra, fa := build(t, s, "2026.1")
	if err := s.CreateRelease(ctx, ra, fa); err != nil {
		t.Fatal(err)
	}
	evolve(t, s)
	rb, fb := build(t, s, "2026.2")
	if err := s.CreateRelease(ctx, rb, fb); err != nil {
		t.Fatal(err)
	}
	a, err := release.ReadTables(ctx, s, "2026.1")
	if err != nil {
		t.Fatal(err)
	}
	b, err := release.ReadTables(ctx, s, "2026.2")
	if err != nil {
		t.Fatal(err)
	}
	changes, err := release.Changes(a, b)
	if err != nil {
		t.Fatal(err)
	}
	got := release.Apply(a, changes)
	for e, rows := range b.Rows {
		if !maps.EqualFunc(got.Rows[e], rows, func(x, y json.RawMessage) bool { return bytes.Equal(x, y) }) {
			t.Errorf("%s: the feed applied to 2026.1 gives\n%v\nwant 2026.2's\n%v", e, keysOf(got.Rows[e]), keysOf(rows))
		}
	}
	// Applied in any order, it gives the same.
	rev := slices.Clone(changes)
	slices.Reverse(rev)
	if g := release.Apply(a, rev); !maps.EqualFunc(g.Rows[release.EntityPerson], b.Rows[release.EntityPerson], func(x, y json.RawMessage) bool { return bytes.Equal(x, y) }) {
		t.Error("the feed applied in reverse order gives other persons")
	}
	kinds := map[string]int{}
	for _, c := range changes {
		kinds[c.Entity+" "+c.Kind]++
		if (c.Kind == release.Withheld || c.Kind == release.Withdrawn) && c.Value != nil {
			t.Errorf("%s %s %s carries values: %s", c.Entity, c.Kind, c.Key, c.Value)
		}
		raw, _ := json.Marshal(c)
		for _, m := range []string{sensitiveMarker, embargoMarker, contactMarker} {
			if bytes.Contains(raw, []byte(m)) {
				t.Errorf("change %s holds %q", raw, m)
			}
		}
		// a/1's unit became sensitive: its change names the field, not the value.
		if string(c.Key) == `{"list":"a","record_id":"1"}` && (bytes.Contains(c.Value, []byte("94th")) || !bytes.Contains(c.Value, []byte(`"withheld_fields":["unit"]`))) {
			t.Errorf("change %s shows a sensitive unit or does not name it", raw)
		}
	}
	want := map[string]int{
		"person split": 1, "person merged": 1, "person added": 2, "person changed": 1, "person withheld": 1,
		"record added": 3, "record changed": 3, "record withheld": 1,
		"claim withdrawn": 1, "estimate added": 1,
	}
	if !maps.Equal(kinds, want) {
		t.Errorf("changes by kind %v, want %v\n%s", kinds, want, dump(changes))
	}
	for _, c := range changes {
		if c.Entity == release.EntityRecord && c.Kind == release.Withheld && string(c.Key) != `{"list":"b","record_id":"x3"}` {
			t.Errorf("withheld %s, want b/x3", c.Key)
		}
	}
}

func keysOf(m map[string]json.RawMessage) []string { return slices.Sorted(maps.Keys(m)) }

func dump(cs []release.Change) string {
	var b bytes.Buffer
	for _, c := range cs {
		j, _ := json.Marshal(c)
		b.Write(j)
		b.WriteByte('\n')
	}
	return b.String()
}

func TestExplain(t *testing.T) {
	ctx := context.Background()
	s := fixture(t)
	ra, fa := build(t, s, "2026.1")
	if err := s.CreateRelease(ctx, ra, fa); err != nil {
		t.Fatal(err)
	}
	evolve(t, s)
	rb, fb := build(t, s, "2026.2")
	if err := s.CreateRelease(ctx, rb, fb); err != nil {
		t.Fatal(err)
	}
	a, _ := release.ReadTables(ctx, s, "2026.1")
	b, _ := release.ReadTables(ctx, s, "2026.2")
	d, err := release.Explain(a, b)
	if err != nil {
		t.Fatal(err)
	}
	sum := func(m map[string]int) int {
		n := 0
		for _, v := range m {
			n += v
		}
		return n
	}
	// The move of the total is explained whole.
	if d.Persons[0]+sum(d.New)-sum(d.Gone) != d.Persons[1] {
		t.Errorf("persons %d + new %v - gone %v != %d", d.Persons[0], d.New, d.Gone, d.Persons[1])
	}
	if want := map[string]int{"added": 1, "split": 1}; !maps.Equal(d.New, want) {
		t.Errorf("new persons %v, want %v", d.New, want)
	}
	if want := map[string]int{"merged": 1, "withheld": 1}; !maps.Equal(d.Gone, want) {
		t.Errorf("gone persons %v, want %v", d.Gone, want)
	}
	var out bytes.Buffer
	d.WriteText(&out)
	for _, want := range []string{"persons: 4 -> 4 (+0)", "merged by relinking: persons 2, 4 into person 2", "split by relinking: person 1 into persons 1, 6",
		"killed of soldiers, loglinear: 10 [6, 20] (#1, 4 observed) -> 14 [9, 30] (#2, 6 observed) (+4)"} {
		if !bytes.Contains(out.Bytes(), []byte(want)) {
			t.Errorf("diff text lacks %q:\n%s", want, out.String())
		}
	}
}
