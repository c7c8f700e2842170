package storetest

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/reckonhq/reckon"
)

// releaseFiles returns the files of a small release: binary data (a
// Parquet file is not text) included.
func releaseFiles() []reckon.ReleaseFile {
	return []reckon.ReleaseFile{
		{Name: "persons.csv", Data: []byte("person_id,name\n1,Ли Чхоль Мин\n")},
		{Name: reckon.ManifestFile, Data: []byte(`{"name":"2026.1"}`)},
		{Name: reckon.SignatureFile, Data: []byte("c2lnbmF0dXJl\n")},
		{Name: "persons.parquet", Data: []byte{'P', 'A', 'R', '1', 0, 0xff, 0xfe, 0x80, 'P', 'A', 'R', '1'}},
		{Name: "empty.csv", Data: []byte{}},
		{Name: "notes.md"}, // no notes: nil data is an empty file
	}
}

func testReleases(t *testing.T, s reckon.Store) {
	ctx := context.Background()
	at := time.Date(2026, 12, 7, 21, 0, 0, 0, time.UTC)
	if rs, err := s.Releases(ctx); err != nil || len(rs) != 0 {
		t.Fatalf("Releases of an empty store = %v, %v", rs, err)
	}
	r := &reckon.Release{Name: "2026.1", CreatedAt: at, PublicKey: "ed25519:AAAA"}
	files := releaseFiles()
	if err := s.CreateRelease(ctx, r, files); err != nil {
		t.Fatal(err)
	}
	if r.ID == 0 || r.ManifestHash != reckon.FileHash(files[1].Data) || len(r.Files) != len(files) {
		t.Fatalf("after CreateRelease: %+v", r)
	}
	for i := 1; i < len(r.Files); i++ {
		if r.Files[i-1].Name >= r.Files[i].Name {
			t.Fatalf("files not sorted by name: %+v", r.Files)
		}
	}
	got, err := s.Release(ctx, "2026.1")
	if err != nil {
		t.Fatal(err)
	}
	if !got.CreatedAt.Equal(at) || got.PublicKey != r.PublicKey || got.ManifestHash != r.ManifestHash || len(got.Files) != len(files) {
		t.Fatalf("Release = %+v, want %+v", got, r)
	}
	for i, f := range got.Files {
		if f.Name != r.Files[i].Name || f.SHA256 != r.Files[i].SHA256 || f.Size != r.Files[i].Size || f.Data != nil {
			t.Errorf("file %d = %+v, want %+v without data", i, f, r.Files[i])
		}
	}
	// Files come back byte for byte, binary and empty ones included.
	for _, want := range files {
		f, err := s.ReleaseFile(ctx, "2026.1", want.Name)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(f.Data, want.Data) || f.Data == nil || f.SHA256 != reckon.FileHash(want.Data) || f.Size != int64(len(want.Data)) {
			t.Errorf("ReleaseFile %s = %q (%s, %d), want %q", want.Name, f.Data, f.SHA256, f.Size, want.Data)
		}
	}
	// A name is taken for good; nothing of a refused release is kept.
	err = s.CreateRelease(ctx, &reckon.Release{Name: "2026.1", CreatedAt: at}, releaseFiles())
	wantCode(t, err, reckon.ECONFLICT)
	for name, fs := range map[string][]reckon.ReleaseFile{
		"no manifest":    releaseFiles()[2:],
		"a bad name":     append(releaseFiles(), reckon.ReleaseFile{Name: "../x"}),
		"a name twice":   append(releaseFiles(), reckon.ReleaseFile{Name: "empty.csv"}),
		"an upper case":  append(releaseFiles(), reckon.ReleaseFile{Name: "Persons.csv"}),
		"no signature":   releaseFiles()[:2],
		"an empty name ": append(releaseFiles(), reckon.ReleaseFile{Name: ""}),
	} {
		err := s.CreateRelease(ctx, &reckon.Release{Name: "2026.2", CreatedAt: at}, fs)
		if reckon.ErrorCode(err) != reckon.EINVALID {
			t.Errorf("%s: error %v, want invalid", name, err)
		}
	}
	for _, name := range []string{"", ".hidden", "a/b", "2026.1?x", "x y"} {
		err := s.CreateRelease(ctx, &reckon.Release{Name: name, CreatedAt: at}, releaseFiles())
		if reckon.ErrorCode(err) != reckon.EINVALID {
			t.Errorf("release name %q: error %v, want invalid", name, err)
		}
	}
	if _, err := s.Release(ctx, "2026.2"); reckon.ErrorCode(err) != reckon.ENOTFOUND {
		t.Fatalf("a refused release: %v, want not found", err)
	}
	r2 := &reckon.Release{Name: "2026.2", CreatedAt: at.Add(time.Hour), PublicKey: "ed25519:AAAA"}
	if err := s.CreateRelease(ctx, r2, releaseFiles()[:3]); err != nil {
		t.Fatal(err)
	}
	rs, err := s.Releases(ctx)
	if err != nil || len(rs) != 2 || rs[0].Name != "2026.1" || rs[1].Name != "2026.2" || len(rs[0].Files) != 6 || len(rs[1].Files) != 3 {
		t.Fatalf("Releases = %+v, %v; want 2026.1 (6 files), 2026.2 (3 files)", rs, err)
	}
	_, err = s.ReleaseFile(ctx, "2026.2", "persons.parquet")
	wantCode(t, err, reckon.ENOTFOUND)
	_, err = s.ReleaseFile(ctx, "2027.1", "persons.csv")
	wantCode(t, err, reckon.ENOTFOUND)
	// The creation is audited.
	evs, err := s.Events(reckon.WithPersonalData(ctx), reckon.EventFilter{Entity: "release"})
	if err != nil || len(evs) != 2 || evs[0].Action != "release.create" {
		t.Fatalf("release events = %+v, %v", evs, err)
	}
	// The redacted view shows releases whole: they are public.
	pub := reckon.Redact(s)
	if rs, err := pub.Releases(ctx); err != nil || len(rs) != 2 {
		t.Fatalf("redacted Releases = %v, %v", rs, err)
	}
	if f, err := pub.ReleaseFile(ctx, "2026.1", "persons.csv"); err != nil || !bytes.Equal(f.Data, files[0].Data) {
		t.Fatalf("redacted ReleaseFile = %v, %v", f, err)
	}
}
