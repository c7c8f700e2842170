package sqlite

import (
	"context"
	"database/sql"
	"slices"
	"strings"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/internal/storerule"
)

// CreateRelease implements [reckon.ReleaseStore].
func (s *Store) CreateRelease(ctx context.Context, r *reckon.Release, files []reckon.ReleaseFile) (err error) {
	defer wrap(&err, "create release %s", reckon.Quote(r.Name))
	if err := storerule.ReleaseFiles(r, files); err != nil {
		return err
	}
	infos := make([]reckon.ReleaseFile, len(files))
	for i, f := range files {
		infos[i] = reckon.ReleaseFile{Name: f.Name, SHA256: reckon.FileHash(f.Data), Size: int64(len(f.Data))}
	}
	slices.SortFunc(infos, func(a, b reckon.ReleaseFile) int { return strings.Compare(a.Name, b.Name) })
	var manifest string
	for _, f := range infos {
		if f.Name == reckon.ManifestFile {
			manifest = f.SHA256
		}
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO releases (name, created_at, manifest_hash, public_key) VALUES (?, ?, ?, ?)`,
			r.Name, storerule.FormatTime(r.CreatedAt), manifest, r.PublicKey)
		if isUnique(err) {
			return reckon.Errorf(reckon.ECONFLICT, "release %s exists already: releases never change; choose another name", reckon.Quote(r.Name))
		}
		if err != nil {
			return err
		}
		id, _ := res.LastInsertId()
		for _, f := range files {
			data := f.Data
			if data == nil {
				data = []byte{} // an empty file, not a missing one
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO release_files (release_id, name, sha256, size, data) VALUES (?, ?, ?, ?, ?)`,
				id, f.Name, reckon.FileHash(data), len(data), data); err != nil {
				return err
			}
		}
		r.ID, r.ManifestHash, r.Files = id, manifest, infos
		return s.record(ctx, tx, "release.create", "release", id, nil, r)
	})
}

// Release implements [reckon.ReleaseStore].
func (s *Store) Release(ctx context.Context, name string) (_ *reckon.Release, err error) {
	defer wrap(&err, "release %s", reckon.Quote(name))
	rs, err := s.releases(ctx, `WHERE name = ?`, name)
	if err != nil {
		return nil, err
	}
	if len(rs) == 0 {
		return nil, reckon.Errorf(reckon.ENOTFOUND, "release %s not found (list them with: reckon release list)", reckon.Quote(name))
	}
	return rs[0], nil
}

// Releases implements [reckon.ReleaseStore].
func (s *Store) Releases(ctx context.Context) (_ []*reckon.Release, err error) {
	defer wrap(&err, "releases")
	return s.releases(ctx, ``)
}

func (s *Store) releases(ctx context.Context, where string, args ...any) ([]*reckon.Release, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, name, created_at, manifest_hash, public_key FROM releases `+where+` ORDER BY id`, args...)
	if err != nil {
		return nil, err
	}
	var out []*reckon.Release
	byID := map[int64]*reckon.Release{}
	for rows.Next() {
		var r reckon.Release
		var created string
		if err := rows.Scan(&r.ID, &r.Name, &created, &r.ManifestHash, &r.PublicKey); err != nil {
			rows.Close()
			return nil, err
		}
		r.CreatedAt = storerule.ParseTime(created)
		out = append(out, &r)
		byID[r.ID] = &r
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, nil
	}
	q := `SELECT release_id, name, sha256, size FROM release_files ORDER BY release_id, name`
	var fargs []any
	if len(out) == 1 {
		q = `SELECT release_id, name, sha256, size FROM release_files WHERE release_id = ? ORDER BY name`
		fargs = []any{out[0].ID}
	}
	frows, err := s.db.QueryContext(ctx, q, fargs...)
	if err != nil {
		return nil, err
	}
	defer frows.Close()
	for frows.Next() {
		var id int64
		var f reckon.ReleaseFile
		if err := frows.Scan(&id, &f.Name, &f.SHA256, &f.Size); err != nil {
			return nil, err
		}
		if r := byID[id]; r != nil {
			r.Files = append(r.Files, f)
		}
	}
	return out, frows.Err()
}

// ReleaseFile implements [reckon.ReleaseStore].
func (s *Store) ReleaseFile(ctx context.Context, release, file string) (_ *reckon.ReleaseFile, err error) {
	defer wrap(&err, "release %s file %s", reckon.Quote(release), reckon.Quote(file))
	var f reckon.ReleaseFile
	err = s.db.QueryRowContext(ctx, `SELECT f.name, f.sha256, f.size, f.data FROM release_files f JOIN releases r ON r.id = f.release_id
		WHERE r.name = ? AND f.name = ?`, release, file).Scan(&f.Name, &f.SHA256, &f.Size, &f.Data)
	if err == sql.ErrNoRows {
		return nil, reckon.Errorf(reckon.ENOTFOUND, "release %s has no file %s", reckon.Quote(release), reckon.Quote(file))
	}
	if err != nil {
		return nil, err
	}
	if f.Data == nil {
		f.Data = []byte{}
	}
	return &f, nil
}
