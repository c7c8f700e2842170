package release_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"iter"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/postgres/pgtest"
	"github.com/reckonhq/reckon/release"
	"github.com/reckonhq/reckon/snapshot"
	"github.com/reckonhq/reckon/sqlite"
)

// Markers of what redaction hides: no release file may hold them.
const (
	sensitiveMarker = "SECRET-HOMETOWN-4417"
	embargoMarker   = "EMBARGOED-NAME-9932"
	contactMarker   = "+7-900-555-0199"
)

var frozen = time.Date(2026, 12, 7, 21, 30, 0, 0, time.UTC)

func clock() time.Time { return frozen }

func testKey(tb testing.TB) ed25519.PrivateKey {
	tb.Helper()
	return ed25519.NewKeyFromSeed(bytes.Repeat([]byte{7}, ed25519.SeedSize))
}

func open(tb testing.TB) *sqlite.Store {
	tb.Helper()
	s, err := sqlite.Open(context.Background(), filepath.Join(tb.TempDir(), "reckon.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

func recs(rs ...*reckon.Record) iter.Seq2[*reckon.Record, error] {
	return func(yield func(*reckon.Record, error) bool) {
		for _, r := range rs {
			if !yield(r, nil) {
				return
			}
		}
	}
}

// fixture is a workspace of two lists: a person named in Hangul and in
// Cyrillic, one record with a sensitive home town and a contact, one
// record under embargo; a document with a claim; an estimate.
func fixture(tb testing.TB) *sqlite.Store {
	tb.Helper()
	ctx := context.Background()
	s := open(tb)
	g, _ := reckon.ParseGrade("B2")
	src := &reckon.Source{Name: "Ministry", Kind: reckon.KindMedia, Grade: g}
	if err := s.CreateSource(ctx, src); err != nil {
		tb.Fatal(err)
	}
	a := []*reckon.Record{
		{RecordID: "1", List: "a", Name: "리철민", Unit: "94th", BirthDate: reckon.Date{Year: 2001}},
		{RecordID: "2", List: "a", Name: "김영수", HomeTown: sensitiveMarker, Sensitive: []string{"home_town", "relative_phone"},
			Attributes: map[string]string{"relative_phone": contactMarker, "note": "= formula"}},
		{RecordID: "3", List: "a", Name: embargoMarker, Embargoed: true},
	}
	b := []*reckon.Record{
		{RecordID: "x1", List: "b", Name: "Ли Чхоль Мин", Unit: "94th"},
		{RecordID: "x2", List: "b", Name: "Пак Мин Хо"},
		{RecordID: "x3", List: "b", Name: "Ким Ён Су"},
	}
	for i, set := range [][]*reckon.Record{a, b} {
		imp := &reckon.Import{SourceID: src.ID, List: set[0].List, File: set[0].List + ".csv", Hash: strings.Repeat(string(rune('a'+i)), 64)}
		if _, err := s.ImportRecords(ctx, imp, recs(set...)); err != nil {
			tb.Fatal(err)
		}
	}
	relink(tb, s, [][]reckon.RecordKey{{{List: "a", RecordID: "1"}, {List: "b", RecordID: "x1"}}, {{List: "a", RecordID: "2"}}, {{List: "a", RecordID: "3"}}, {{List: "b", RecordID: "x2"}}, {{List: "b", RecordID: "x3"}}})
	text := "Officials said at least 300 soldiers were killed."
	i := strings.Index(text, "at least 300")
	low := int64(300)
	cl := reckon.Claim{Measure: reckon.Killed, Qualifier: reckon.AtLeast, Interval: reckon.Interval{Low: &low}, Span: "at least 300",
		Start: i, End: i + len("at least 300"), Attribution: "officials", ExtractorVersion: "test", Stated: []float64{300}, Why: []string{"test"}}
	d := &reckon.Document{SourceID: src.ID, Title: "report", URL: "https://example.org/a"}
	if _, err := s.AddDocument(ctx, d, func(yield func(reckon.Chunk, error) bool) {
		yield(reckon.Chunk{Offset: 0, Text: text, Claims: []reckon.Claim{cl}}, nil)
	}); err != nil {
		tb.Fatal(err)
	}
	saveEstimate(tb, s, 4, 10, 6, 20)
	return s
}

func saveEstimate(tb testing.TB, s reckon.Store, observed int64, nhat, lo, hi float64) {
	tb.Helper()
	e := &reckon.Estimate{Measure: reckon.Killed, Population: "soldiers", Method: "loglinear", Observed: observed,
		NHat: nhat, Lower: lo, Upper: hi, Lists: []string{"a", "b"}, Input: "a,b,count\n1,0,1\n0,1,1\n1,1,1\n", Version: "test"}
	if err := s.SaveEstimate(context.Background(), e); err != nil {
		tb.Fatal(err)
	}
}

// relink saves a link run whose persons are clusters of record keys.
func relink(tb testing.TB, s reckon.Store, clusters [][]reckon.RecordKey) {
	tb.Helper()
	ctx := reckon.WithPersonalData(context.Background())
	all, err := s.Records(ctx, reckon.RecordFilter{})
	if err != nil {
		tb.Fatal(err)
	}
	id := map[reckon.RecordKey]int64{}
	for _, r := range all {
		id[r.Key()] = r.ID
	}
	var cs [][]int64
	for _, c := range clusters {
		var ids []int64
		for _, k := range c {
			if id[k] == 0 {
				tb.Fatalf("no record %v", k)
			}
			ids = append(ids, id[k])
		}
		cs = append(cs, ids)
	}
	if err := s.SaveLinkage(ctx, &reckon.LinkRun{Records: len(all), Persons: len(cs), Version: "test"}, cs, nil); err != nil {
		tb.Fatal(err)
	}
}

func build(tb testing.TB, s reckon.Store, name string) (*reckon.Release, []reckon.ReleaseFile) {
	tb.Helper()
	r, files, err := release.Build(context.Background(), s, release.Options{Name: name, Notes: []byte("# Kursk dead\n\nFirst release.\n"), Key: testKey(tb), Now: clock})
	if err != nil {
		tb.Fatal(err)
	}
	return r, files
}

func byName(files []reckon.ReleaseFile) map[string][]byte {
	m := map[string][]byte{}
	for _, f := range files {
		m[f.Name] = f.Data
	}
	return m
}

func TestBuildIsPublicAndComplete(t *testing.T) {
	s := fixture(t)
	_, files := build(t, s, "2026.1")
	m := byName(files)
	want := []string{"claims.csv", "claims.json", "estimates.csv", "estimates.json", "manifest.json", "manifest.sig", "notes.md",
		"persons.csv", "persons.json", "persons.parquet", "records.csv", "records.json", "records.parquet", "withheld.json"}
	if got := slices.Sorted(maps.Keys(m)); !slices.Equal(got, want) {
		t.Fatalf("files %v, want %v", got, want)
	}
	for name, b := range m {
		for _, marker := range []string{sensitiveMarker, embargoMarker, contactMarker, "relative_phone\":\"+"} {
			if bytes.Contains(b, []byte(marker)) {
				t.Errorf("%s holds %q, which redaction hides", name, marker)
			}
		}
	}
	var man release.Manifest
	if err := json.Unmarshal(m["manifest.json"], &man); err != nil {
		t.Fatal(err)
	}
	wantCounts := map[string]int{"persons": 4, "records": 5, "claims": 1, "estimates": 1, "withheld": 0}
	if !maps.Equal(man.Counts, wantCounts) {
		t.Errorf("counts %v, want %v", man.Counts, wantCounts)
	}
	if man.ReckonVersion != reckon.Version || man.Title != "Kursk dead" || !man.CreatedAt.Equal(frozen) || len(man.Inputs.Documents) != 1 || len(man.Inputs.Imports) != 2 {
		t.Errorf("manifest %+v", man)
	}
	if bytes.Contains(m["manifest.json"], []byte(strings.Repeat("a", 64))) {
		t.Error("the manifest names an import's hash, which the public view withholds")
	}
	if bytes.Contains(m["manifest.json"], []byte("PRIVATE")) || bytes.Contains(m["manifest.json"], testKey(t).Seed()) {
		t.Error("the manifest holds the private key")
	}
	// The person named in two scripts is one row with both names.
	if !bytes.Contains(m["persons.json"], []byte(`"names":["리철민","Ли Чхоль Мин"]`)) {
		t.Errorf("persons.json:\n%s", m["persons.json"])
	}
	// The sensitive fields are named, without values.
	if !bytes.Contains(m["records.csv"], []byte(`"home_town,relative_phone"`)) {
		t.Errorf("records.csv:\n%s", m["records.csv"])
	}
}

func TestBuildByteIdentical(t *testing.T) {
	s := fixture(t)
	_, a := build(t, s, "2026.1")
	_, b := build(t, s, "2026.1")
	if len(a) != len(b) {
		t.Fatalf("%d files, then %d", len(a), len(b))
	}
	for i := range a {
		if a[i].Name != b[i].Name || !bytes.Equal(a[i].Data, b[i].Data) {
			t.Errorf("%s differs between two builds of the same workspace", a[i].Name)
		}
	}
	// Stored and read back, every file is the same bytes.
	r, files := build(t, s, "2026.1")
	if err := s.CreateRelease(context.Background(), r, files); err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		got, err := s.ReleaseFile(context.Background(), "2026.1", f.Name)
		if err != nil || !bytes.Equal(got.Data, f.Data) {
			t.Errorf("%s read back differs (%v)", f.Name, err)
		}
	}
}

func TestParquetReadsBack(t *testing.T) {
	s := fixture(t)
	_, files := build(t, s, "2026.1")
	b := byName(files)["records.parquet"]
	f, err := parquet.OpenFile(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	if f.NumRows() != 5 {
		t.Fatalf("%d rows, want 5", f.NumRows())
	}
	leaf, ok := f.Schema().Lookup("name")
	if !ok {
		t.Fatalf("no column name in %v", f.Schema())
	}
	rows := make([]parquet.Row, 10)
	n, _ := parquet.NewReader(f).ReadRows(rows)
	var names []string
	for _, row := range rows[:n] {
		for _, v := range row {
			if v.Column() == leaf.ColumnIndex {
				names = append(names, v.String())
			}
		}
	}
	if want := []string{"리철민", "김영수", "Ли Чхоль Мин", "Пак Мин Хо", "Ким Ён Су"}; !slices.Equal(names, want) {
		t.Errorf("names %v, want %v", names, want)
	}
	// person_id is an integer column.
	pid, ok := f.Schema().Lookup("person_id")
	if !ok || pid.Node.Type().Kind() != parquet.Int64 {
		t.Errorf("person_id column %+v", pid)
	}
	var ids []int64
	for _, row := range rows[:n] {
		for _, v := range row {
			if v.Column() == pid.ColumnIndex {
				ids = append(ids, v.Int64())
			}
		}
	}
	if want := []int64{1, 2, 1, 4, 5}; !slices.Equal(ids, want) {
		t.Errorf("person ids %v, want %v", ids, want)
	}
}

func TestVerify(t *testing.T) {
	s := fixture(t)
	_, files := build(t, s, "2026.1")
	pub := testKey(t).Public().(ed25519.PublicKey)
	other := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{9}, 32))
	tests := []struct {
		name    string
		change  func(m map[string][]byte)
		trusted ed25519.PublicKey
		want    []string // file: what
	}{
		{"intact", func(map[string][]byte) {}, pub, nil},
		{"intact, no trusted key", func(map[string][]byte) {}, nil, nil},
		{"a record edited", func(m map[string][]byte) {
			m["records.csv"] = bytes.Replace(m["records.csv"], []byte("94th"), []byte("95th"), 1)
		}, pub, []string{"records.csv: edited"}},
		{"one byte appended", func(m map[string][]byte) { m["persons.parquet"] = append(m["persons.parquet"], 0) }, pub, []string{"persons.parquet: edited"}},
		{"a file added", func(m map[string][]byte) { m["extra.csv"] = []byte("x\n") }, pub, []string{"extra.csv: added"}},
		{"a file removed", func(m map[string][]byte) { delete(m, "claims.json") }, pub, []string{"claims.json: removed"}},
		{"the signature removed", func(m map[string][]byte) { delete(m, "manifest.sig") }, pub, []string{"manifest.sig: removed"}},
		{"the manifest edited", func(m map[string][]byte) {
			m["manifest.json"] = bytes.Replace(m["manifest.json"], []byte(`"claims": 1`), []byte(`"claims": 2`), 1)
		}, pub, []string{"manifest.sig: signature"}},
		{"a file and its hash edited", func(m map[string][]byte) {
			old := reckon.FileHash(m["notes.md"])
			oldSize := fmt.Sprintf(`"size": %d`, len(m["notes.md"]))
			m["notes.md"] = []byte("other notes\n")
			m["manifest.json"] = bytes.Replace(m["manifest.json"], []byte(old+`",
      "size": `), []byte(reckon.FileHash(m["notes.md"])+`",
      "size": `), 1)
			m["manifest.json"] = bytes.Replace(m["manifest.json"], []byte(old), []byte(reckon.FileHash(m["notes.md"])), 1)
			m["manifest.json"] = bytes.Replace(m["manifest.json"], []byte(oldSize), []byte(`"size": 12`), 1)
		}, pub, []string{"manifest.sig: signature"}},
		{"signed by another key", func(m map[string][]byte) {}, other.Public().(ed25519.PublicKey), []string{"manifest.json: key"}},
		{"the manifest removed", func(m map[string][]byte) { delete(m, "manifest.json") }, pub, []string{"manifest.json: removed"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := byName(files)
			tt.change(m)
			_, probs := release.Verify(m, tt.trusted)
			var got []string
			for _, p := range probs {
				got = append(got, p.File+": "+p.What)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("problems %v, want %v", probs, tt.want)
			}
		})
	}
}

// TestBuildSameOnEveryStore: the same workspace, copied to another store
// (SQLite, and PostgreSQL when RECKON_TEST_POSTGRES is set), gives a
// release of the same bytes, and the stored releases travel with the
// copy byte for byte.
func TestBuildSameOnEveryStore(t *testing.T) {
	ctx := context.Background()
	src := fixture(t)
	r, files := build(t, src, "2026.1")
	if err := src.CreateRelease(ctx, r, files); err != nil {
		t.Fatal(err)
	}
	for name, open := range map[string]func(testing.TB) reckon.Store{
		"sqlite":   func(tb testing.TB) reckon.Store { return open(tb) },
		"postgres": func(tb testing.TB) reckon.Store { return pgtest.Open(tb) },
	} {
		t.Run(name, func(t *testing.T) {
			dst := open(t)
			if err := snapshot.Copy(ctx, dst, src); err != nil {
				t.Fatal(err)
			}
			_, again := build(t, dst, "2026.1")
			for i := range files {
				if again[i].Name != files[i].Name || !bytes.Equal(again[i].Data, files[i].Data) {
					t.Errorf("%s: %s differs from the release built on sqlite", name, files[i].Name)
				}
				got, err := dst.ReleaseFile(ctx, "2026.1", files[i].Name)
				if err != nil || !bytes.Equal(got.Data, files[i].Data) {
					t.Errorf("%s: the copied release's %s differs (%v)", name, files[i].Name, err)
				}
			}
		})
	}
}
