package release

import (
	"bytes"
	"cmp"
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/reckonhq/reckon"
)

// Format is the manifest's format: it changes when a file's layout does.
const Format = "reckon-release/1"

// Manifest describes a release: what it counts, the hash of every other
// file, what it was built from, and the key that signs it.
type Manifest struct {
	Format        string         `json:"format"`
	Name          string         `json:"name"`
	Title         string         `json:"title"`
	CreatedAt     time.Time      `json:"created_at"`
	ReckonVersion string         `json:"reckon_version"`
	PublicKey     string         `json:"public_key"`
	Counts        map[string]int `json:"counts"`
	Files         []FileEntry    `json:"files"`
	Inputs        Inputs         `json:"inputs"`
}

// FileEntry is a file of a release as its manifest names it.
type FileEntry struct {
	Name   string `json:"name"`
	SHA256 string `json:"sha256"`
	Size   int64  `json:"size"`
}

// Inputs are what a release was built from.
type Inputs struct {
	Documents []DocumentInput `json:"documents"`
	Imports   []ImportInput   `json:"imports"`
	// ImportHashes says why imports carry no hash.
	ImportHashes string `json:"import_hashes"`
}

// DocumentInput is a document claims were read from: its hex SHA-256
// names its text exactly.
type DocumentInput struct {
	ID    int64  `json:"id"`
	Hash  string `json:"hash"`
	Title string `json:"title,omitempty"`
	URL   string `json:"url,omitempty"`
}

// ImportInput is an import of records as the public sees it.
type ImportInput struct {
	ID      int64  `json:"id"`
	File    string `json:"file"`
	List    string `json:"list"`
	Records int    `json:"records"`
}

// importHashes is [Inputs.ImportHashes].
const importHashes = "withheld: the SHA-256 of a list of records confirms a guess of its values"

// Options configure [Build].
type Options struct {
	Name  string             // the release's name (see reckon.CheckReleaseName)
	Notes []byte             // the release notes, kept as notes.md; their first line is the title
	Key   ed25519.PrivateKey // signs the manifest; required
	// Now returns the time the release is frozen at. Nil means time.Now.
	Now func() time.Time
}

// Build freezes the public view of s into a release's files, sorted and
// signed: s is read through [reckon.Redact] with a context that may not
// see personal data, whatever ctx allows. The release is not stored;
// pass what Build returns to [reckon.ReleaseStore.CreateRelease].
func Build(ctx context.Context, s reckon.Store, opt Options) (*reckon.Release, []reckon.ReleaseFile, error) {
	if err := reckon.CheckReleaseName(opt.Name); err != nil {
		return nil, nil, err
	}
	if len(opt.Key) != ed25519.PrivateKeySize {
		return nil, nil, reckon.Errorf(reckon.EINVALID, "release %s: no signing key", opt.Name)
	}
	now := time.Now
	if opt.Now != nil {
		now = opt.Now
	}
	created := now().UTC().Truncate(time.Second)
	pub := reckon.Redact(s)
	pctx := reckon.PublicView(ctx)

	persons, recordPerson, err := personRows(pctx, pub)
	if err != nil {
		return nil, nil, fmt.Errorf("release %s: persons: %w", opt.Name, err)
	}
	records, err := recordRows(pctx, pub, recordPerson)
	if err != nil {
		return nil, nil, fmt.Errorf("release %s: records: %w", opt.Name, err)
	}
	claims, err := claimRows(pctx, pub)
	if err != nil {
		return nil, nil, fmt.Errorf("release %s: claims: %w", opt.Name, err)
	}
	estimates, err := estimateRows(pctx, pub)
	if err != nil {
		return nil, nil, fmt.Errorf("release %s: estimates: %w", opt.Name, err)
	}
	withheld, err := withheldKeys(ctx, s, records)
	if err != nil {
		return nil, nil, fmt.Errorf("release %s: withheld records: %w", opt.Name, err)
	}
	inputs, err := inputsOf(pctx, pub)
	if err != nil {
		return nil, nil, fmt.Errorf("release %s: inputs: %w", opt.Name, err)
	}

	var files []reckon.ReleaseFile
	add := func(name string, b []byte, err error) error {
		if err != nil {
			return fmt.Errorf("release %s: %s: %w", opt.Name, name, err)
		}
		files = append(files, reckon.ReleaseFile{Name: name, Data: b})
		return nil
	}
	pc, rc, cc, ec := cellsOf(persons, PersonRow.cells), cellsOf(records, RecordRow.cells), cellsOf(claims, ClaimRow.cells), cellsOf(estimates, EstimateRow.cells)
	for _, f := range []struct {
		name string
		make func() ([]byte, error)
	}{
		{"persons.csv", func() ([]byte, error) { return writeCSV(personHeader, pc) }},
		{"persons.json", func() ([]byte, error) { return writeJSON(persons) }},
		{"persons.parquet", func() ([]byte, error) { return writeParquet(personHeader, pc) }},
		{"records.csv", func() ([]byte, error) { return writeCSV(recordHeader, rc) }},
		{"records.json", func() ([]byte, error) { return writeJSON(records) }},
		{"records.parquet", func() ([]byte, error) { return writeParquet(recordHeader, rc) }},
		{"claims.csv", func() ([]byte, error) { return writeCSV(claimHeader, cc) }},
		{"claims.json", func() ([]byte, error) { return writeJSON(claims) }},
		{"estimates.csv", func() ([]byte, error) { return writeCSV(estimateHeader, ec) }},
		{"estimates.json", func() ([]byte, error) { return writeJSON(estimates) }},
		{"withheld.json", func() ([]byte, error) { return writeJSON(withheld) }},
		{"notes.md", func() ([]byte, error) { return bytes.Clone(opt.Notes), nil }},
	} {
		b, err := f.make()
		if err := add(f.name, b, err); err != nil {
			return nil, nil, err
		}
	}
	m := Manifest{
		Format: Format, Name: opt.Name, Title: title(opt.Notes), CreatedAt: created,
		ReckonVersion: reckon.Version, PublicKey: PublicKeyString(opt.Key.Public().(ed25519.PublicKey)),
		Counts: map[string]int{"persons": len(persons), "records": len(records), "claims": len(claims),
			"estimates": len(estimates), "withheld": len(withheld)},
		Inputs: inputs,
	}
	for _, f := range files {
		m.Files = append(m.Files, FileEntry{Name: f.Name, SHA256: reckon.FileHash(f.Data), Size: int64(len(f.Data))})
	}
	slices.SortFunc(m.Files, func(a, b FileEntry) int { return strings.Compare(a.Name, b.Name) })
	mb, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, nil, fmt.Errorf("release %s: manifest: %w", opt.Name, err)
	}
	mb = append(mb, '\n')
	sig := base64.StdEncoding.EncodeToString(ed25519.Sign(opt.Key, mb)) + "\n"
	files = append(files, reckon.ReleaseFile{Name: reckon.ManifestFile, Data: mb}, reckon.ReleaseFile{Name: reckon.SignatureFile, Data: []byte(sig)})
	slices.SortFunc(files, func(a, b reckon.ReleaseFile) int { return strings.Compare(a.Name, b.Name) })
	r := &reckon.Release{Name: opt.Name, CreatedAt: created, PublicKey: m.PublicKey, ManifestHash: reckon.FileHash(mb)}
	for _, f := range files {
		r.Files = append(r.Files, reckon.ReleaseFile{Name: f.Name, SHA256: reckon.FileHash(f.Data), Size: int64(len(f.Data))})
	}
	return r, files, nil
}

// title is the first non-empty line of the notes without a Markdown
// heading's marks, or "" .
func title(notes []byte) string {
	for line := range strings.SplitSeq(string(notes), "\n") {
		if t := strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(line), "#")); t != "" {
			return t
		}
	}
	return ""
}

func cellsOf[T any](rows []T, cells func(T) []string) [][]string {
	out := make([][]string, len(rows))
	for i, r := range rows {
		out[i] = cells(r)
	}
	return out
}

// batch is how many rows Build reads from the store at a time.
const batch = 1000

// personRows reads every person of the public view, by ID, and the
// person of each record key.
func personRows(ctx context.Context, s reckon.Store) ([]PersonRow, map[reckon.RecordKey]int64, error) {
	var out []PersonRow
	of := map[reckon.RecordKey]int64{}
	var after int64
	for {
		ps, err := s.Persons(ctx, reckon.PersonFilter{Limit: batch, AfterID: after})
		if err != nil {
			return nil, nil, err
		}
		for _, p := range ps {
			recs := slices.Clone(p.Records)
			slices.SortFunc(recs, func(a, b *reckon.Record) int { return cmpKey(a.Key(), b.Key()) })
			row := PersonRow{PersonID: p.ID, Names: []string{}, Lists: []string{}, Records: []reckon.RecordKey{}}
			for _, r := range recs {
				of[r.Key()] = p.ID
				row.Records = append(row.Records, r.Key())
				if n := r.DisplayName(); n != "" && !slices.Contains(row.Names, n) {
					row.Names = append(row.Names, n)
				}
				if !slices.Contains(row.Lists, r.List) {
					row.Lists = append(row.Lists, r.List)
				}
			}
			slices.Sort(row.Lists)
			if len(row.Names) > 0 {
				row.Name = row.Names[0]
			}
			out = append(out, row)
			after = p.ID
		}
		if len(ps) < batch {
			return out, of, nil
		}
	}
}

func cmpKey(a, b reckon.RecordKey) int {
	return cmp.Or(strings.Compare(a.List, b.List), strings.Compare(a.RecordID, b.RecordID))
}

// recordRows reads every record of the public view, sorted by key.
func recordRows(ctx context.Context, s reckon.Store, person map[reckon.RecordKey]int64) ([]RecordRow, error) {
	var out []RecordRow
	var after int64
	for {
		rs, err := s.Records(ctx, reckon.RecordFilter{Limit: batch, AfterID: after})
		if err != nil {
			return nil, err
		}
		for _, r := range rs {
			out = append(out, RecordRow{
				List: r.List, RecordID: r.RecordID, PersonID: person[r.Key()],
				FamilyName: r.FamilyName, GivenName: r.GivenName, Name: r.Name, Sex: r.Sex,
				BirthDate: r.BirthDate.String(), DeathDate: r.DeathDate.String(), DeathPlace: r.DeathPlace,
				Unit: r.Unit, Rank: r.Rank, HomeTown: r.HomeTown, SourceURL: r.SourceURL,
				Attributes: r.Attributes, WithheldFields: slices.Sorted(slices.Values(r.Sensitive)),
			})
			after = r.ID
		}
		if len(rs) < batch {
			break
		}
	}
	slices.SortFunc(out, func(a, b RecordRow) int {
		return cmpKey(reckon.RecordKey{List: a.List, RecordID: a.RecordID}, reckon.RecordKey{List: b.List, RecordID: b.RecordID})
	})
	return out, nil
}

// claimRows reads the claims a release publishes: those neither rejected
// nor merged into the claim they restate.
func claimRows(ctx context.Context, s reckon.Store) ([]ClaimRow, error) {
	var out []ClaimRow
	var after int64
	for {
		cs, err := s.Claims(ctx, reckon.ClaimFilter{Limit: batch, AfterID: after})
		if err != nil {
			return nil, err
		}
		for _, c := range cs {
			after = c.ID
			if c.Status == reckon.StatusRejected || c.Status == reckon.StatusMerged || c.MergedInto != 0 {
				continue
			}
			out = append(out, ClaimRow{
				ClaimID: c.ID, DocumentID: c.DocumentID, Measure: string(c.Measure), Subject: c.Subject,
				Qualifier: string(c.Qualifier), Low: c.Low, High: c.High, Span: c.Span, Attribution: c.Attribution,
				Date: c.Date, On: c.On.String(), Place: c.Scope.Place, Period: c.Scope.Period, Status: string(c.Status),
			})
		}
		if len(cs) < batch {
			return out, nil
		}
	}
}

// estimateRows reads every estimate of the public view, by ID.
func estimateRows(ctx context.Context, s reckon.Store) ([]EstimateRow, error) {
	es, err := s.Estimates(ctx, reckon.EstimateFilter{})
	if err != nil {
		return nil, err
	}
	out := make([]EstimateRow, 0, len(es))
	for _, e := range es {
		row := EstimateRow{
			EstimateID: e.ID, Measure: string(e.Measure), Population: e.Population, Stratum: e.Stratum,
			Method: string(e.Method), Model: e.Model, Observed: e.Observed, NHat: e.NHat, Lower: e.Lower,
			Upper: finite(e.Upper), Lists: slices.Clone(e.Lists), InputHash: e.InputHash, LinkRunID: e.LinkRunID,
			Version: e.Version, Warnings: e.Warnings,
		}
		if row.Lists == nil {
			row.Lists = []string{}
		}
		if l := e.Linkage; l != nil {
			row.LinkageDraws, row.LinkageNHat, row.LinkageLower, row.LinkageUpper = l.Draws, finite(l.NHat), finite(l.Lower), finite(l.Upper)
		}
		out = append(out, row)
	}
	slices.SortFunc(out, func(a, b EstimateRow) int { return cmp.Compare(a.EstimateID, b.EstimateID) })
	return out, nil
}

// withheldKeys returns, sorted, the keys of the records that an earlier
// release of s published and that are now under embargo: the feed shows
// them as withheld, without their values. It reads the embargoed records'
// keys from the full view (only their keys leave this function) and keeps
// only those an earlier release made public already.
func withheldKeys(ctx context.Context, s reckon.Store, public []RecordRow) ([]reckon.RecordKey, error) {
	rels, err := s.Releases(ctx)
	if err != nil || len(rels) == 0 {
		return nil, err
	}
	emb, err := s.Records(reckon.WithPersonalData(ctx), reckon.RecordFilter{Embargoed: true})
	if err != nil {
		return nil, err
	}
	embargoed := map[reckon.RecordKey]bool{}
	for _, r := range emb {
		embargoed[r.Key()] = true
	}
	for _, r := range public {
		delete(embargoed, reckon.RecordKey{List: r.List, RecordID: r.RecordID})
	}
	seen := map[reckon.RecordKey]bool{}
	for _, rel := range rels {
		f, err := s.ReleaseFile(ctx, rel.Name, "records.json")
		if err != nil {
			return nil, err
		}
		var rows []struct {
			List     string `json:"list"`
			RecordID string `json:"record_id"`
		}
		if err := json.Unmarshal(f.Data, &rows); err != nil {
			return nil, fmt.Errorf("release %s records.json: %w", rel.Name, err)
		}
		for _, r := range rows {
			if k := (reckon.RecordKey{List: r.List, RecordID: r.RecordID}); embargoed[k] {
				seen[k] = true
			}
		}
	}
	out := make([]reckon.RecordKey, 0, len(seen))
	for k := range seen {
		out = append(out, k)
	}
	slices.SortFunc(out, cmpKey)
	return out, nil
}

// inputsOf lists the documents and imports of the public view.
func inputsOf(ctx context.Context, s reckon.Store) (Inputs, error) {
	in := Inputs{Documents: []DocumentInput{}, Imports: []ImportInput{}, ImportHashes: importHashes}
	var after int64
	for {
		ds, err := s.Documents(ctx, reckon.DocumentFilter{Limit: batch, AfterID: after})
		if err != nil {
			return in, err
		}
		for _, d := range ds {
			in.Documents = append(in.Documents, DocumentInput{ID: d.ID, Hash: d.Hash, Title: d.Title, URL: d.URL})
			after = d.ID
		}
		if len(ds) < batch {
			break
		}
	}
	imps, err := s.Imports(ctx)
	if err != nil {
		return in, err
	}
	for _, imp := range imps {
		in.Imports = append(in.Imports, ImportInput{ID: imp.ID, File: imp.File, List: imp.List, Records: imp.Records})
	}
	slices.SortFunc(in.Documents, func(a, b DocumentInput) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortFunc(in.Imports, func(a, b ImportInput) int { return cmp.Compare(a.ID, b.ID) })
	return in, nil
}
